//! Brink's query service: consumes the analysis log into a sled store of events, quotes,
//! actor counters and pre-aggregated tension, keeps a full-text index of articles and quotes
//! beside it, and answers queries over gRPC.

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
mod packed;
mod page;
mod quotes;
mod search;
mod store;
mod summary;
mod tension;

use brink_common::follow::{FollowState, Upstream};
use brink_proto::v1::query_service_server::QueryServiceServer;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

pub use config::{AlertConfig, Config};
pub use error::Error;

/// Health name the service reports as serving.
pub const SERVICE_NAME: &str = "brink.v1.QueryService";

/// Directory of the search index inside the data directory; it can be deleted while the
/// service is stopped, and is rebuilt from the store.
pub const SEARCH_DIR: &str = "search";

/// Opens the store and its search index, follows the analysis log, keeps the index caught up
/// and serves queries on `listener` until `shutdown`; then finishes the record in flight,
/// commits what the index holds and flushes.
pub async fn serve(
    config: Config,
    listener: TcpListener,
    shutdown: CancellationToken,
) -> Result<(), Error> {
    let upstreams = config.upstreams()?;
    let auth = config.auth.load()?;
    let tls = config.tls.load()?;
    let upstream = Upstream {
        connector: tls.client.clone(),
        bearer: auth.bearer.clone(),
    };
    let store = store::Store::open(&config.data_dir, config.cache_mb)?;
    store.adopt_legacy_offset(&upstreams[0])?;
    let (search, indexer) = search::open(&config.data_dir.join(SEARCH_DIR), &store)?;
    let mut followed = Vec::new();
    let mut followers = Vec::new();
    for url in upstreams {
        let state = FollowState::starting_at(store.next_offset(&url)?);
        tracing::info!(analysis = %url, next_offset = state.next_offset(), "following analysis");
        followers.push(tokio::spawn(consume::run(
            store.clone(),
            url.clone(),
            config.alerts,
            config.max_message_bytes,
            upstream.clone(),
            state.clone(),
            shutdown.clone(),
        )));
        followed.push((url, state));
    }
    tracing::info!(
        data_dir = %config.data_dir.display(),
        records = store.records()?,
        searchable = search.indexed(),
        "query store opened"
    );
    let indexing = tokio::spawn(indexer.run(shutdown.clone()));
    let service = grpc::QueryGrpc {
        store: store.clone(),
        search,
        followed,
        shutdown: shutdown.clone(),
    };
    let service = QueryServiceServer::new(service)
        .max_decoding_message_size(config.max_message_bytes)
        .max_encoding_message_size(config.max_message_bytes);
    let routes = tonic::service::Routes::new(service);
    let served = brink_common::server::serve(
        listener,
        routes,
        &[SERVICE_NAME],
        auth,
        tls,
        shutdown.clone(),
    )
    .await;
    shutdown.cancel();
    for follower in followers {
        if let Err(error) = follower.await {
            tracing::error!(%error, "analysis follower panicked");
        }
    }
    if let Err(error) = indexing.await {
        tracing::error!(%error, "search indexer panicked");
    }
    store.flush().await?;
    served?;
    Ok(())
}
