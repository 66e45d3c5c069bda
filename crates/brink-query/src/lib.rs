//! Brink's query service: consumes the analysis log into a sled store of events, quotes,
//! actor counters and pre-aggregated tension, and answers queries over gRPC.

mod actors;
mod alerts;
mod apply;
mod config;
mod consume;
mod cursor;
mod day;
mod dedup;
mod error;
mod events;
mod grpc;
mod page;
mod quotes;
mod store;
mod summary;
mod tension;

use brink_common::follow::FollowState;
use brink_proto::v1::query_service_server::QueryServiceServer;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

pub use config::{AlertConfig, Config};
pub use error::Error;

/// Health name the service reports as serving.
pub const SERVICE_NAME: &str = "brink.v1.QueryService";

/// Opens the store, follows the analysis log and serves queries on `listener` until
/// `shutdown`; then finishes the record in flight and flushes.
pub async fn serve(
    config: Config,
    listener: TcpListener,
    shutdown: CancellationToken,
) -> Result<(), Error> {
    let upstreams = config.upstreams()?;
    let store = store::Store::open(&config.data_dir, config.cache_mb)?;
    store.adopt_legacy_offset(&upstreams[0])?;
    let mut followed = Vec::new();
    let mut followers = Vec::new();
    for url in upstreams {
        let state = FollowState::starting_at(store.next_offset(&url)?);
        tracing::info!(analysis = %url, next_offset = state.next_offset(), "following analysis");
        followers.push(tokio::spawn(consume::run(
            store.clone(),
            url.clone(),
            config.alerts,
            state.clone(),
            shutdown.clone(),
        )));
        followed.push((url, state));
    }
    tracing::info!(
        data_dir = %config.data_dir.display(),
        records = store.records()?,
        "query store opened"
    );
    let service = grpc::QueryGrpc {
        store: store.clone(),
        followed,
        shutdown: shutdown.clone(),
    };
    let routes = tonic::service::Routes::new(QueryServiceServer::new(service));
    let served =
        brink_common::server::serve(listener, routes, &[SERVICE_NAME], shutdown.clone()).await;
    shutdown.cancel();
    for follower in followers {
        if let Err(error) = follower.await {
            tracing::error!(%error, "analysis follower panicked");
        }
    }
    store.flush().await?;
    served?;
    Ok(())
}
