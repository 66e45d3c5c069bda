//! Prometheus metrics: per-RPC counters and latency histograms recorded by a tower layer, and
//! service gauges read from each service's own `GetStatus` at scrape time, so the numbers on
//! the dashboard are exactly the ones the status RPC reports and services need no extra code.
//! With tokens configured, a scrape needs one with scope `metrics`.

use std::collections::HashSet;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use brink_proto::v1::{GetStatusRequest, ServiceStatus};
use http_body::{Body, Frame, SizeHint};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tonic::service::interceptor::InterceptedService;

use crate::auth::{Bearer, Scope, Tokens};
use crate::tls::Connector;

#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    #[error("metrics endpoint: {0}")]
    Io(#[from] std::io::Error),
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RpcLabels {
    service: String,
    method: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CallLabels {
    service: String,
    method: String,
    code: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ServiceLabels {
    service: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ConsumerLabels {
    service: String,
    upstream: String,
    /// Tells apart the analysis workers a query service follows.
    endpoint: String,
    partition: String,
}

/// A served gRPC service whose status the scrape reads.
#[derive(Debug, Clone)]
struct StatusSource {
    /// Fully qualified gRPC service name, e.g. "brink.v1.IngestService".
    grpc_service: String,
    addr: SocketAddr,
    /// The service's own token, for its `GetStatus`.
    bearer: Bearer,
    /// How the service reaches itself.
    connector: Connector,
}

struct Metrics {
    registry: Registry,
    requests: Family<CallLabels, Counter>,
    latency: Family<RpcLabels, Histogram>,
    log_head: Family<ServiceLabels, Gauge>,
    records: Family<ServiceLabels, Gauge>,
    store_bytes: Family<ServiceLabels, Gauge>,
    consumer_lag: Family<ConsumerLabels, Gauge>,
    consumer_connected: Family<ConsumerLabels, Gauge>,
    dead_letters: Family<ServiceLabels, Gauge>,
    up: Family<ServiceLabels, Gauge>,
    sources: Mutex<Vec<StatusSource>>,
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| {
        let mut registry = Registry::with_prefix("brink");
        let requests = Family::<CallLabels, Counter>::default();
        registry.register(
            "grpc_requests",
            "gRPC calls handled, by method and status code",
            requests.clone(),
        );
        // 0.5 ms .. ~16 s: covers a cached lookup as well as a large batch submit.
        let latency = Family::<RpcLabels, Histogram>::new_with_constructor(
            (|| Histogram::new(exponential_buckets(0.0005, 2.0, 16))) as fn() -> Histogram,
        );
        registry.register(
            "grpc_request_duration_seconds",
            "Time until the response headers of a gRPC call, by method",
            latency.clone(),
        );
        let log_head = Family::<ServiceLabels, Gauge>::default();
        registry.register(
            "log_head",
            "Next offset the service's change log will assign",
            log_head.clone(),
        );
        let records = Family::<ServiceLabels, Gauge>::default();
        registry.register(
            "records",
            "Records stored: articles ingested, analysed or indexed",
            records.clone(),
        );
        let store_bytes = Family::<ServiceLabels, Gauge>::default();
        registry.register(
            "store_bytes",
            "Size of the service's sled store on disk",
            store_bytes.clone(),
        );
        let consumer_lag = Family::<ConsumerLabels, Gauge>::default();
        registry.register(
            "consumer_lag",
            "Upstream entries not yet applied (upstream head minus next offset)",
            consumer_lag.clone(),
        );
        let consumer_connected = Family::<ConsumerLabels, Gauge>::default();
        registry.register(
            "consumer_connected",
            "1 while the follower holds a stream from its upstream",
            consumer_connected.clone(),
        );
        let dead_letters = Family::<ServiceLabels, Gauge>::default();
        registry.register(
            "dead_letters",
            "Upstream entries the service could not process and set aside",
            dead_letters.clone(),
        );
        let up = Family::<ServiceLabels, Gauge>::default();
        registry.register(
            "status_up",
            "1 when the last scrape could read the service's status",
            up.clone(),
        );
        Metrics {
            registry,
            requests,
            latency,
            log_head,
            records,
            store_bytes,
            consumer_lag,
            consumer_connected,
            dead_letters,
            up,
            sources: Mutex::new(Vec::new()),
        }
    })
}

/// Registers a served gRPC service so scrapes report its `GetStatus` figures.
pub(crate) fn watch_status(
    grpc_service: &str,
    addr: SocketAddr,
    bearer: Bearer,
    connector: Connector,
) {
    let ip = match addr.ip() {
        ip if ip.is_unspecified() && addr.is_ipv4() => [127, 0, 0, 1].into(),
        ip if ip.is_unspecified() => std::net::Ipv6Addr::LOCALHOST.into(),
        ip => ip,
    };
    let source = StatusSource {
        grpc_service: grpc_service.to_owned(),
        addr: SocketAddr::new(ip, addr.port()),
        bearer,
        connector,
    };
    let mut sources = metrics().sources.lock().unwrap_or_else(|e| e.into_inner());
    sources.retain(|s| s.grpc_service != source.grpc_service);
    sources.push(source);
}

/// Label of every path no route matches: labels come only from the routes served, so calls to
/// made-up methods cannot grow the metrics without bound.
const UNKNOWN: &str = "unknown";

/// Splits "/brink.v1.IngestService/SubmitArticle" into service and method, when `routes` has
/// it.
fn rpc_labels(path: &str, routes: &HashSet<String>) -> RpcLabels {
    let known = routes
        .contains(path)
        .then(|| path[1..].split_once('/'))
        .flatten();
    let (service, method) = known.unwrap_or((UNKNOWN, UNKNOWN));
    RpcLabels {
        service: service.to_owned(),
        method: method.to_owned(),
    }
}

fn code_name(code: tonic::Code) -> String {
    format!("{code:?}")
}

/// Refreshes the status gauges, then renders everything in the Prometheus text format.
pub async fn render() -> String {
    let m = metrics();
    let sources = m.sources.lock().unwrap_or_else(|e| e.into_inner()).clone();
    for source in sources {
        let labels = ServiceLabels {
            service: source.grpc_service.clone(),
        };
        match fetch_status(&source).await {
            Ok(status) => {
                m.up.get_or_create(&labels).set(1);
                record_status(&labels, &status);
            }
            Err(status) => {
                tracing::debug!(service = %source.grpc_service, %status, "status scrape failed");
                m.up.get_or_create(&labels).set(0);
            }
        }
    }
    let mut text = String::new();
    if let Err(error) = prometheus_client::encoding::text::encode(&mut text, &m.registry) {
        tracing::warn!(%error, "cannot encode metrics");
    }
    text
}

fn gauge_value(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn record_status(labels: &ServiceLabels, status: &ServiceStatus) {
    let m = metrics();
    m.log_head
        .get_or_create(labels)
        .set(gauge_value(status.log_head));
    m.records
        .get_or_create(labels)
        .set(gauge_value(status.records));
    m.store_bytes
        .get_or_create(labels)
        .set(gauge_value(status.store_bytes));
    m.dead_letters
        .get_or_create(labels)
        .set(gauge_value(status.dead_letters));
    for consumer in &status.consumers {
        let consumer_labels = ConsumerLabels {
            service: labels.service.clone(),
            upstream: consumer.upstream.clone(),
            endpoint: consumer.endpoint.clone(),
            partition: consumer.partition.to_string(),
        };
        let lag = consumer.upstream_head.saturating_sub(consumer.next_offset);
        m.consumer_lag
            .get_or_create(&consumer_labels)
            .set(gauge_value(lag));
        m.consumer_connected
            .get_or_create(&consumer_labels)
            .set(i64::from(consumer.connected));
    }
}

/// Calls `<service>/GetStatus` over loopback, as a client would; every Brink service has that
/// method.
async fn fetch_status(source: &StatusSource) -> Result<ServiceStatus, tonic::Status> {
    let channel = source
        .connector
        .endpoint(&format!("http://{}", source.addr))
        .map_err(|e| tonic::Status::internal(e.to_string()))?
        .connect_timeout(Duration::from_secs(1))
        .timeout(Duration::from_secs(2))
        .connect()
        .await
        .map_err(|e| tonic::Status::unavailable(e.to_string()))?;
    let mut grpc =
        tonic::client::Grpc::new(InterceptedService::new(channel, source.bearer.clone()));
    grpc.ready()
        .await
        .map_err(|e| tonic::Status::unavailable(e.to_string()))?;
    let path = format!("/{}/GetStatus", source.grpc_service)
        .parse()
        .map_err(|_| tonic::Status::internal("bad status path"))?;
    let codec = tonic_prost::ProstCodec::<GetStatusRequest, ServiceStatus>::default();
    let response = grpc
        .unary(tonic::Request::new(GetStatusRequest {}), path, codec)
        .await?;
    Ok(response.into_inner())
}

/// Serves `GET /metrics` (with a token of scope `metrics` when `tokens` are configured) and
/// `GET /healthz` (open, and answering as long as the process runs) on `listener` until
/// `shutdown`.
pub async fn serve_http(
    listener: TcpListener,
    tokens: Arc<Tokens>,
    shutdown: CancellationToken,
) -> Result<(), MetricsError> {
    let app = axum::Router::new()
        .route("/metrics", axum::routing::get(scrape))
        .route("/healthz", axum::routing::get(|| async { "ok\n" }))
        .with_state(tokens);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown.cancelled_owned())
        .await?;
    Ok(())
}

async fn scrape(
    axum::extract::State(tokens): axum::extract::State<Arc<Tokens>>,
    headers: http::HeaderMap,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match tokens.check(&headers, Scope::Metrics, "GET /metrics") {
        Ok(()) => (
            [(
                http::header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )],
            render().await,
        )
            .into_response(),
        Err(denied) => (
            denied.http_status(),
            [(http::header::WWW_AUTHENTICATE, "Bearer")],
            format!("{denied}\n"),
        )
            .into_response(),
    }
}

/// Tower layer for tonic servers: counts calls by method and final status code, and times
/// them until the response headers.
#[derive(Debug, Clone, Default)]
pub struct RpcMetricsLayer {
    /// Request paths served ("/brink.v1.IngestService/GetStatus"); others share one label.
    routes: Arc<HashSet<String>>,
}

impl RpcMetricsLayer {
    pub fn new(routes: impl IntoIterator<Item = String>) -> Self {
        RpcMetricsLayer {
            routes: Arc::new(routes.into_iter().collect()),
        }
    }
}

impl<S> tower::Layer<S> for RpcMetricsLayer {
    type Service = RpcMetrics<S>;

    fn layer(&self, inner: S) -> Self::Service {
        RpcMetrics {
            inner,
            routes: self.routes.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct RpcMetrics<S> {
    inner: S,
    routes: Arc<HashSet<String>>,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, ReqBody> tower::Service<http::Request<ReqBody>> for RpcMetrics<S>
where
    S: tower::Service<http::Request<ReqBody>, Response = http::Response<tonic::body::Body>>
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    type Response = http::Response<tonic::body::Body>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<ReqBody>) -> Self::Future {
        let labels = rpc_labels(request.uri().path(), &self.routes);
        let started = Instant::now();
        let call = self.inner.call(request);
        Box::pin(async move {
            let response = call.await?;
            metrics()
                .latency
                .get_or_create(&labels)
                .observe(started.elapsed().as_secs_f64());
            let code = grpc_status(response.headers());
            let (parts, body) = response.into_parts();
            let body = CodedBody {
                inner: body,
                labels,
                code,
                recorded: false,
            };
            Ok(http::Response::from_parts(
                parts,
                tonic::body::Body::new(body),
            ))
        })
    }
}

fn grpc_status(headers: &http::HeaderMap) -> Option<tonic::Code> {
    headers
        .get("grpc-status")
        .map(|value| tonic::Code::from_bytes(value.as_bytes()))
}

/// A response body that counts its call once the status code is known: from the headers of
/// a trailers-only reply, from the trailers, or CANCELLED when dropped before either.
struct CodedBody {
    inner: tonic::body::Body,
    labels: RpcLabels,
    code: Option<tonic::Code>,
    recorded: bool,
}

impl CodedBody {
    fn record(&mut self, code: tonic::Code) {
        if !self.recorded {
            self.recorded = true;
            let labels = CallLabels {
                service: self.labels.service.clone(),
                method: self.labels.method.clone(),
                code: code_name(code),
            };
            metrics().requests.get_or_create(&labels).inc();
        }
    }
}

impl Body for CodedBody {
    type Data = <tonic::body::Body as Body>::Data;
    type Error = <tonic::body::Body as Body>::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(code) = frame.trailers_ref().and_then(grpc_status) {
                    self.record(code);
                }
            }
            Poll::Ready(Some(Err(_))) => self.record(tonic::Code::Internal),
            Poll::Ready(None) => {
                let code = self.code.unwrap_or(tonic::Code::Ok);
                self.record(code);
            }
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for CodedBody {
    fn drop(&mut self) {
        let code = self.code.unwrap_or(tonic::Code::Cancelled);
        self.record(code);
    }
}

/// Tests that count health calls take this, so their deltas are their own.
#[cfg(test)]
pub(crate) static HEALTH_CALLS: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_come_from_served_routes_only() {
        let routes = HashSet::from(["/brink.v1.IngestService/SubmitArticle".to_owned()]);
        let labels = rpc_labels("/brink.v1.IngestService/SubmitArticle", &routes);
        assert_eq!(labels.service, "brink.v1.IngestService");
        assert_eq!(labels.method, "SubmitArticle");
        for path in ["/nomethod", "/brink.v1.IngestService/Made-up", "/x/y/z", ""] {
            let odd = rpc_labels(path, &routes);
            assert_eq!(
                (odd.service.as_str(), odd.method.as_str()),
                (UNKNOWN, UNKNOWN)
            );
        }
    }

    /// A metrics endpoint on loopback accepting the token entries given, and how to stop it.
    async fn endpoint(entries: &[&str]) -> (SocketAddr, CancellationToken) {
        let mut tokens = Tokens::default();
        tokens
            .add(entries.iter().copied(), |n| format!("entry {n}"))
            .unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shutdown = CancellationToken::new();
        tokio::spawn(serve_http(listener, Arc::new(tokens), shutdown.clone()));
        (addr, shutdown)
    }

    /// The status code of `GET path`, sent with `token` when there is one.
    async fn get(addr: SocketAddr, path: &str, token: Option<&str>) -> u16 {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let authorization = token
            .map(|t| format!("authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        let request = format!(
            "GET {path} HTTP/1.1\r\nhost: brink\r\n{authorization}connection: close\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).await.unwrap();
        reply
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0)
    }

    #[tokio::test]
    async fn scraping_needs_a_token_with_scope_metrics_once_tokens_are_configured() {
        let prom = "prom-0123456789abcdef";
        let reader = "read-0123456789abcdef";
        let (addr, shutdown) =
            endpoint(&[&format!("metrics {prom}"), &format!("read {reader}")]).await;
        assert_eq!(get(addr, "/metrics", None).await, 401);
        assert_eq!(
            get(addr, "/metrics", Some("nope-0123456789abcdef")).await,
            401
        );
        assert_eq!(get(addr, "/metrics", Some(reader)).await, 403);
        assert_eq!(get(addr, "/metrics", Some(prom)).await, 200);
        assert_eq!(get(addr, "/healthz", None).await, 200);
        shutdown.cancel();

        let (open, shutdown) = endpoint(&[]).await;
        assert_eq!(get(open, "/metrics", None).await, 200);
        shutdown.cancel();
    }

    #[tokio::test]
    async fn renders_status_gauges_and_lag() {
        let labels = ServiceLabels {
            service: "brink.v1.TestRenderService".into(),
        };
        let status = ServiceStatus {
            service: "analysis".into(),
            log_head: 42,
            records: 40,
            store_bytes: 1 << 20,
            consumers: vec![brink_proto::v1::ConsumerStatus {
                upstream: "ingest".into(),
                endpoint: "http://ingest:50051".into(),
                next_offset: 35,
                upstream_head: 50,
                connected: true,
                partition: 1,
                partitions: 2,
            }],
            ..Default::default()
        };
        record_status(&labels, &status);
        let text = render().await;
        let service = r#"service="brink.v1.TestRenderService""#;
        assert!(
            text.contains(&format!("brink_log_head{{{service}}} 42")),
            "{text}"
        );
        assert!(
            text.contains(&format!("brink_records{{{service}}} 40")),
            "{text}"
        );
        assert!(text.contains(&format!("brink_store_bytes{{{service}}} 1048576")));
        assert!(text.contains(&format!(
            r#"brink_consumer_lag{{{service},upstream="ingest",endpoint="http://ingest:50051",partition="1"}} 15"#
        )));
        assert!(text.ends_with("# EOF\n"));
    }

    fn sample(text: &str, series: &str) -> f64 {
        text.lines()
            .find_map(|line| line.strip_prefix(series)?.trim().parse().ok())
            .unwrap_or(0.0)
    }

    #[tokio::test]
    async fn counts_calls_by_code_and_scrapes_status() {
        use tonic_health::pb::HealthCheckRequest;
        use tonic_health::pb::health_client::HealthClient;

        let _serial = HEALTH_CALLS.lock().await;
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let shutdown = CancellationToken::new();
        // Registered for status scrapes but not implemented here: the scrape reports it down.
        let server = tokio::spawn(crate::server::serve(
            listener,
            tonic::service::Routes::default(),
            &["brink.v1.MetricsTestService"],
            crate::auth::Auth::default(),
            crate::tls::Tls::default(),
            shutdown.clone(),
        ));
        let ok = r#"brink_grpc_requests_total{service="grpc.health.v1.Health",method="Check",code="Ok"}"#;
        let missing = r#"brink_grpc_requests_total{service="grpc.health.v1.Health",method="Check",code="NotFound"}"#;
        let before = render().await;
        let channel = tonic::transport::Endpoint::from_shared(url)
            .unwrap()
            .connect()
            .await
            .unwrap();
        let mut client = HealthClient::new(channel);
        for service in [
            "brink.v1.MetricsTestService",
            "brink.v1.MetricsTestService",
            "nope",
        ] {
            let _ = client
                .check(HealthCheckRequest {
                    service: service.into(),
                })
                .await;
        }
        let after = render().await;
        assert_eq!(sample(&after, ok) - sample(&before, ok), 2.0, "{after}");
        assert_eq!(
            sample(&after, missing) - sample(&before, missing),
            1.0,
            "{after}"
        );
        let latency = r#"brink_grpc_request_duration_seconds_count{service="grpc.health.v1.Health",method="Check"}"#;
        assert!(sample(&after, latency) >= 3.0, "{after}");
        let up = r#"brink_status_up{service="brink.v1.MetricsTestService"}"#;
        assert_eq!(sample(&after, up), 0.0);
        assert!(after.contains(up), "{after}");
        shutdown.cancel();
        server.await.unwrap().unwrap();
    }
}
