//! The analysis service: follows ingest, serves gRPC, publishes its own log.

use std::sync::Arc;
use std::time::Duration;

use brink_common::follow::{FollowState, Upstream};
use brink_proto::v1::analysis_service_server::AnalysisServiceServer;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tonic::service::Routes;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::{consume, grpc, reload, store};

/// Runs the analysis service on `listener` until `shutdown`: follows ingest, serves gRPC, and
/// on shutdown finishes the article in flight and flushes.
pub async fn serve(
    config: Config,
    listener: TcpListener,
    shutdown: CancellationToken,
) -> Result<()> {
    if config.partitions > 1 && config.partition >= config.partitions {
        return Err(Error::InvalidArgument {
            field: "partition",
            reason: format!(
                "is {}, must be below partitions ({})",
                config.partition, config.partitions
            ),
        });
    }
    let auth = config.auth.load()?;
    let tls = config.tls.load()?;
    let store = Arc::new(store::Store::open(&config.data_dir)?);
    let dictionaries = Arc::new(reload::Dictionaries::load(
        config.dictionaries.clone(),
        config.no_builtin_dictionaries,
        config.limits(),
    )?);
    let follow = FollowState::starting_at(store.ingest_offset()?);
    let max_message_bytes = config.max_message_bytes;
    tracing::info!(
        addr = %listener.local_addr()?,
        data_dir = %config.data_dir.display(),
        ingest_offset = follow.next_offset(),
        "analysis service starting"
    );

    let consumer = consume::Consumer {
        store: store.clone(),
        dictionaries: dictionaries.clone(),
        state: follow.clone(),
        ingest_url: config.ingest_url.clone(),
        partition: config.partition,
        partitions: config.partitions,
        max_message_bytes,
        upstream: Upstream {
            connector: tls.client.clone(),
            bearer: auth.bearer.clone(),
        },
    };
    // The flusher outlives the consumer so the last articles it wrote are flushed too.
    let stop_flusher = CancellationToken::new();
    let flusher = tokio::spawn({
        let store = store.clone();
        let stop = stop_flusher.clone();
        async move { store.flush_continuously(stop).await }
    });
    let consumer = tokio::spawn(consumer.run(shutdown.clone()));
    let watcher = tokio::spawn(
        dictionaries
            .clone()
            .watch(Duration::from_secs(3), shutdown.clone()),
    );

    let service = grpc::Service {
        store: store.clone(),
        dictionaries,
        follow,
        config,
        shutdown: shutdown.clone(),
    };
    let service = AnalysisServiceServer::new(service)
        .max_decoding_message_size(max_message_bytes)
        .max_encoding_message_size(max_message_bytes);
    let routes = Routes::new(service);
    let served = brink_common::server::serve(
        listener,
        routes,
        &["brink.v1.AnalysisService"],
        auth,
        tls,
        shutdown.clone(),
    )
    .await;
    shutdown.cancel();
    consumer.await?;
    watcher.await?;
    stop_flusher.cancel();
    flusher.await??;
    tracing::info!("analysis service stopped");
    served.map_err(Error::from)
}
