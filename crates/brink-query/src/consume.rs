//! Consumes the analysis change log: one durable transaction per record, resumed from the
//! offset the store holds.

use std::sync::Arc;

use brink_common::follow::{Backoff, FollowState, follow};
use brink_proto::v1::SubscribeRequest;
use brink_proto::v1::analysis_service_client::AnalysisServiceClient;
use tokio_util::sync::CancellationToken;

use crate::apply::apply;
use crate::config::AlertConfig;
use crate::store::Store;

/// Follows `analysis_url` until `shutdown`, finishing the record in flight.
pub async fn run(
    store: Store,
    analysis_url: String,
    alerts: AlertConfig,
    state: Arc<FollowState>,
    shutdown: CancellationToken,
) {
    let subscribe = |from_offset: u64| {
        let url = analysis_url.clone();
        async move {
            let mut client = AnalysisServiceClient::connect(url)
                .await
                .map_err(|e| tonic::Status::unavailable(e.to_string()))?;
            let request = SubscribeRequest {
                from_offset,
                ..SubscribeRequest::default()
            };
            Ok(client.subscribe(request).await?.into_inner())
        }
    };
    let apply_one = |record| {
        let store = store.clone();
        async move {
            let raised = apply(&store, &alerts, &record).await?;
            for alert in &raised {
                tracing::info!(
                    actor_a = %alert.actor_a,
                    actor_b = %alert.actor_b,
                    day = %alert.day,
                    z_score = alert.z_score,
                    "tension alert raised"
                );
            }
            Ok::<(), crate::error::Error>(())
        }
    };
    follow(
        "analysis",
        subscribe,
        apply_one,
        state,
        Backoff::default(),
        shutdown,
    )
    .await;
}
