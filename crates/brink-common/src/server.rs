//! Serves a service's gRPC routes together with gRPC health checking and server reflection,
//! over TLS when configured, with trace propagation, per-RPC metrics and the token check on every
//! call.

use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tokio_util::sync::CancellationToken;
use tonic::service::Routes;
use tonic::transport::Server;

use crate::auth::{Auth, AuthError, AuthLayer};
use crate::keepalive::Keepalive;
use crate::metrics::{self, RpcMetricsLayer};
use crate::telemetry::TraceLayer;
use crate::tls::Tls;

/// Default of `BRINK_MAX_MESSAGE_BYTES`, the largest gRPC message any Brink server, client or
/// follower sends or receives. One setting for all, so that what one service may send the next
/// may read; room for the largest article the default body limit admits, with its analysis.
pub const DEFAULT_MAX_MESSAGE_BYTES: usize = 16 << 20;

/// Methods of the health and reflection services served beside Brink's own.
pub(crate) const SUPPORT_PATHS: &[&str] = &[
    "/grpc.health.v1.Health/Check",
    "/grpc.health.v1.Health/Watch",
    "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
];

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("reflection: {0}")]
    Reflection(#[from] tonic_reflection::server::Error),
    #[error("transport: {0}")]
    Transport(#[from] tonic::transport::Error),
    #[error("listener: {0}")]
    Listener(#[from] std::io::Error),
    #[error(transparent)]
    Auth(#[from] AuthError),
}

/// Serves `routes` on `listener` until `shutdown`; `services` are the fully qualified names
/// (e.g. "brink.v1.IngestService") reported as SERVING by the health service and whose
/// `GetStatus` feeds the metrics endpoint. Calls need the tokens of `auth`, and an open
/// service listens only on loopback unless `--insecure`; connections need TLS as `tls` says.
/// In-flight calls finish before this returns.
pub async fn serve(
    listener: TcpListener,
    routes: Routes,
    services: &[&str],
    auth: Auth,
    tls: Tls,
    shutdown: CancellationToken,
) -> Result<(), ServeError> {
    let addr = listener.local_addr()?;
    auth.check_listen(addr)?;
    match auth.tokens.len() {
        0 => tracing::warn!(%addr, "no tokens configured: every call is allowed"),
        tokens => tracing::info!(%addr, tokens, "calls need a bearer token"),
    }
    let mut server = Keepalive::DEFAULT.server(Server::builder());
    if let Some(config) = tls.server.clone() {
        server = server.tls_config(config)?;
        tracing::info!(%addr, "connections need TLS");
    }
    let (reporter, health) = tonic_health::server::health_reporter();
    for name in services {
        metrics::watch_status(name, addr, auth.bearer.clone(), tls.local());
        reporter
            .set_service_status(*name, tonic_health::ServingStatus::Serving)
            .await;
    }
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(brink_proto::FILE_DESCRIPTOR_SET)
        .build_v1()?;
    let routes = routes.add_service(health).add_service(reflection);
    let paths = services
        .iter()
        .flat_map(|name| brink_proto::method_paths(name))
        .chain(SUPPORT_PATHS.iter().map(|path| (*path).to_owned()));
    server
        .layer(TraceLayer)
        .layer(RpcMetricsLayer::new(paths))
        .layer(AuthLayer::new(auth.tokens.clone()))
        .layer(tower::util::MapResponseLayer::new(undecodable_is_invalid))
        .add_routes(routes)
        .serve_with_incoming_shutdown(no_delay(listener), shutdown.cancelled())
        .await?;
    Ok(())
}

/// tonic's status for a request it cannot decode, its message percent-encoded as sent.
const UNDECODABLE: &[u8] = b"failed%20to%20decode%20Protobuf%20message";

/// A request that cannot be decoded (bytes that are not the message, a string field that is
/// not UTF-8) is the caller's fault: INVALID_ARGUMENT, with prost's message naming the field
/// ("SubmitArticleRequest.body: invalid string value"), where tonic answers INTERNAL.
fn undecodable_is_invalid<B>(mut response: http::Response<B>) -> http::Response<B> {
    let headers = response.headers_mut();
    let internal = headers
        .get("grpc-status")
        .is_some_and(|code| code.as_bytes() == b"13");
    let undecodable = headers
        .get("grpc-message")
        .is_some_and(|message| message.as_bytes().starts_with(UNDECODABLE));
    if internal && undecodable {
        headers.insert("grpc-status", http::HeaderValue::from_static("3"));
    }
    response
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
