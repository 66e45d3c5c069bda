//! Consumes analysis change logs: one durable transaction per record, resumed from the offset
//! the store holds for each analysis service followed.

use std::sync::Arc;

use brink_common::follow::{Backoff, FollowState, Upstream, follow};
use brink_common::telemetry::adopt;
use brink_proto::v1::analysis_service_client::AnalysisServiceClient;
use brink_proto::v1::{AnalysisRecord, DeadLetter, SubscribeRequest};
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::apply::apply;
use crate::config::AlertConfig;
use crate::store::Store;

/// Follows `analysis_url` until `shutdown`, finishing the record in flight.
pub async fn run(
    store: Store,
    analysis_url: String,
    alerts: AlertConfig,
    max_message_bytes: usize,
    upstream: Upstream,
    state: Arc<FollowState>,
    shutdown: CancellationToken,
) {
    let subscribe = |from_offset: u64| {
        let url = analysis_url.clone();
        let upstream = upstream.clone();
        async move {
            let mut client = AnalysisServiceClient::new(upstream.connect(&url).await?)
                .max_decoding_message_size(max_message_bytes)
                .max_encoding_message_size(max_message_bytes);
            let request = SubscribeRequest {
                from_offset,
                ..SubscribeRequest::default()
            };
            Ok(client.subscribe(request).await?.into_inner())
        }
    };
    let apply_one = |record: AnalysisRecord| {
        let store = store.clone();
        let analysis_url = analysis_url.clone();
        let span = tracing::info_span!(
            "index",
            offset = record.offset,
            article = %record.article.as_ref().map(|a| a.id.as_str()).unwrap_or_default(),
        );
        if let Some(article) = &record.article {
            adopt(&span, &article.traceparent);
        }
        async move {
            let raised = apply(&store, &alerts, &analysis_url, &record).await?;
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
        .instrument(span)
    };
    let dead_letter = |letter: DeadLetter| {
        let store = store.clone();
        let endpoint = analysis_url.clone();
        async move { store.dead_letter(&DeadLetter { endpoint, ..letter }).await }
    };
    follow(
        "analysis",
        subscribe,
        apply_one,
        dead_letter,
        state,
        Backoff::default(),
        shutdown,
    )
    .await;
}
