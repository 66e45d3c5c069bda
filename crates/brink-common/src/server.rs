//! Serves a service's gRPC routes together with gRPC health checking and server reflection,
//! with trace propagation and per-RPC metrics on every call.

use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tokio_util::sync::CancellationToken;
use tonic::service::Routes;
use tonic::transport::Server;

use crate::metrics::{self, RpcMetricsLayer};
use crate::telemetry::TraceLayer;

/// Default of `BRINK_MAX_MESSAGE_BYTES`, the largest gRPC message any Brink server, client or
/// follower sends or receives. One setting for all, so that what one service may send the next
/// may read; room for the largest article the default body limit admits, with its analysis.
pub const DEFAULT_MAX_MESSAGE_BYTES: usize = 16 << 20;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("reflection: {0}")]
    Reflection(#[from] tonic_reflection::server::Error),
    #[error("transport: {0}")]
    Transport(#[from] tonic::transport::Error),
    #[error("listener: {0}")]
    Listener(#[from] std::io::Error),
}

/// Serves `routes` on `listener` until `shutdown`; `services` are the fully qualified names
/// (e.g. "brink.v1.IngestService") reported as SERVING by the health service and whose
/// `GetStatus` feeds the metrics endpoint. In-flight calls finish before this returns.
pub async fn serve(
    listener: TcpListener,
    routes: Routes,
    services: &[&str],
    shutdown: CancellationToken,
) -> Result<(), ServeError> {
    let addr = listener.local_addr()?;
    let (reporter, health) = tonic_health::server::health_reporter();
    for name in services {
        metrics::watch_status(name, addr);
        reporter
            .set_service_status(*name, tonic_health::ServingStatus::Serving)
            .await;
    }
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(brink_proto::FILE_DESCRIPTOR_SET)
        .build_v1()?;
    let routes = routes.add_service(health).add_service(reflection);
    Server::builder()
        .layer(TraceLayer)
        .layer(RpcMetricsLayer)
        .add_routes(routes)
        .serve_with_incoming_shutdown(no_delay(listener), shutdown.cancelled())
        .await?;
    Ok(())
}

/// Accepted connections with Nagle's algorithm off: otherwise a response written as headers
/// then data waits on the client's delayed acknowledgement (about 40 ms) before its second half
/// leaves.
fn no_delay(
    listener: TcpListener,
) -> impl futures::Stream<Item = std::io::Result<tokio::net::TcpStream>> {
    use futures::TryStreamExt;
    TcpListenerStream::new(listener).map_ok(|stream| {
        if let Err(error) = stream.set_nodelay(true) {
            tracing::warn!(%error, "cannot disable nagle on an accepted connection");
        }
        stream
    })
}
