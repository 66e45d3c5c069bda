//! Brink's ingest service: validates submitted articles, reduces HTML to its main text,
//! deduplicates (exact and near), and appends each new article durably to an ordered change log
//! that downstream services subscribe to.

mod article;
mod config;
mod dedup;
mod error;
mod grpc;
mod language;
mod pipeline;
mod store;
mod validate;
mod writer;

use std::sync::Arc;

use brink_proto::v1::ingest_service_server::IngestServiceServer;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tonic::service::Routes;

pub use config::Config;
pub use error::Error;

/// Serves the ingest service on `listener` until `shutdown`, then writes what is queued and
/// flushes the store.
pub async fn serve(
    config: Config,
    listener: TcpListener,
    shutdown: CancellationToken,
) -> Result<(), Error> {
    // A request with a body at its limit must still arrive whole, to be stored and passed on.
    if config.max_body_bytes >= config.max_message_bytes {
        return Err(Error::invalid(
            "max_body_bytes",
            format!(
                "is {}, must be below max_message_bytes ({})",
                config.max_body_bytes, config.max_message_bytes
            ),
        ));
    }
    let auth = config.auth.load()?;
    let tls = config.tls.load()?;
    let store = store::Store::open(&config.data_dir)?;
    let stop_writer = CancellationToken::new();
    let (writer, writer_task) = writer::Writer::spawn(store.clone(), stop_writer.clone());
    let ingestor = Arc::new(pipeline::Ingestor::new(
        store.clone(),
        writer,
        shutdown.clone(),
    ));
    let api = grpc::IngestApi::new(ingestor, (&config).into(), config.max_batch_items);
    let service = IngestServiceServer::new(api)
        .max_decoding_message_size(config.max_message_bytes)
        .max_encoding_message_size(config.max_message_bytes);
    tracing::info!(
        address = ?listener.local_addr().ok(),
        data_dir = %config.data_dir.display(),
        head = store.log().head(),
        "ingest service listening"
    );
    let served = brink_common::server::serve(
        listener,
        Routes::new(service),
        &["brink.v1.IngestService"],
        auth,
        tls,
        shutdown,
    )
    .await;
    stop_writer.cancel();
    if let Err(error) = writer_task.await {
        tracing::error!(%error, "writer task failed");
    }
    store.flush().await?;
    tracing::info!(head = store.log().head(), "ingest service stopped");
    Ok(served?)
}
