//! Logs and traces. Spans carry OpenTelemetry contexts so that a W3C `traceparent` sent in gRPC
//! metadata makes the server's request span a child of the caller's span: one article keeps
//! one trace id from the CLI through ingest, analysis and query. Spans leave the process only
//! when built with the `otlp` feature and `OTEL_EXPORTER_OTLP_ENDPOINT` is set.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use opentelemetry::propagation::{Extractor, Injector, TextMapPropagator};
use opentelemetry::trace::{TraceContextExt, TracerProvider};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::SdkTracerProvider;
use tracing::Instrument;
use tracing_opentelemetry::OpenTelemetrySpanExt;
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

#[derive(Debug, thiserror::Error)]
pub enum TelemetryError {
    #[error("invalid log filter in RUST_LOG: {0}")]
    Filter(#[from] tracing_subscriber::filter::FromEnvError),
    #[error("a global subscriber is already installed: {0}")]
    AlreadyInstalled(#[from] tracing_subscriber::util::TryInitError),
    #[cfg(feature = "otlp")]
    #[error("otlp exporter: {0}")]
    Exporter(#[from] opentelemetry_otlp::ExporterBuildError),
}

/// How log lines are written to stderr.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Readable lines for a terminal.
    #[default]
    Human,
    /// One JSON object per line, for log collectors.
    Json,
}

/// Keeps the tracer provider alive; dropping it flushes spans still waiting for export.
#[derive(Debug)]
pub struct Telemetry {
    provider: SdkTracerProvider,
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        if let Err(error) = self.provider.shutdown() {
            eprintln!("cannot flush traces: {error}");
        }
    }
}

/// Installs the global subscriber: a `RUST_LOG` filter (default `info`), human or JSON lines
/// on stderr, and span contexts for propagation (exported over OTLP when configured). Call it
/// inside the Tokio runtime: the OTLP exporter needs one.
pub fn init(service: &'static str, format: LogFormat) -> Result<Telemetry, TelemetryError> {
    let filter = EnvFilter::builder()
        .with_default_directive(LevelFilter::INFO.into())
        .from_env()?;
    let provider = tracer_provider(service)?;
    let otel = tracing_opentelemetry::layer().with_tracer(provider.tracer(service));
    let fmt = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let fmt = match format {
        LogFormat::Human => fmt.boxed(),
        LogFormat::Json => fmt.json().with_current_span(true).boxed(),
    };
    tracing_subscriber::registry()
        .with(filter)
        .with(fmt)
        .with(otel)
        .try_init()?;
    Ok(Telemetry { provider })
}

fn tracer_provider(service: &'static str) -> Result<SdkTracerProvider, TelemetryError> {
    let resource = opentelemetry_sdk::Resource::builder()
        .with_service_name(service)
        .build();
    let builder = SdkTracerProvider::builder().with_resource(resource);
    #[cfg(feature = "otlp")]
    let builder = if std::env::var_os("OTEL_EXPORTER_OTLP_ENDPOINT").is_some_and(|v| !v.is_empty())
    {
        let exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_tonic()
            .build()?;
        builder.with_batch_exporter(exporter)
    } else {
        builder
    };
    Ok(builder.build())
}

struct MetadataInjector<'a>(&'a mut tonic::metadata::MetadataMap);

impl Injector for MetadataInjector<'_> {
    fn set(&mut self, key: &str, value: String) {
        let key = tonic::metadata::MetadataKey::from_bytes(key.as_bytes());
        if let (Ok(key), Ok(value)) = (key, value.parse()) {
            self.0.insert(key, value);
        }
    }
}

struct HeaderExtractor<'a>(&'a http::HeaderMap);

impl Extractor for HeaderExtractor<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|value| value.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(http::HeaderName::as_str).collect()
    }
}

/// Client interceptor: sends the current span's context as `traceparent`. Brink's clients call
/// it through [`crate::auth::Bearer`], which sends their token too.
pub fn propagate(mut request: tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status> {
    let context = tracing::Span::current().context();
    TraceContextPropagator::new()
        .inject_context(&context, &mut MetadataInjector(request.metadata_mut()));
    Ok(request)
}

/// Tower layer for tonic servers: runs every call inside a `grpc` span whose parent is the
/// caller's `traceparent`, when one was sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct TraceLayer;

impl<S> tower::Layer<S> for TraceLayer {
    type Service = Traced<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Traced { inner }
    }
}

#[derive(Debug, Clone)]
pub struct Traced<S> {
    inner: S,
}

impl<S, ReqBody> tower::Service<http::Request<ReqBody>> for Traced<S>
where
    S: tower::Service<http::Request<ReqBody>>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<ReqBody>) -> Self::Future {
        let span = tracing::info_span!(
            "grpc",
            otel.name = request.uri().path(),
            otel.kind = "server",
        );
        let parent = TraceContextPropagator::new().extract(&HeaderExtractor(request.headers()));
        if parent.span().span_context().is_valid()
            && let Err(error) = span.set_parent(parent)
        {
            tracing::debug!(%error, "cannot adopt caller's trace context");
        }
        let call = self.inner.call(request);
        Box::pin(call.instrument(span))
    }
}

/// The current span as a W3C `traceparent` value, to store with data that crosses services
/// outside a call: an article's change-log entry is consumed long after `SubmitArticle` ends.
pub fn traceparent() -> Option<String> {
    let mut fields = std::collections::HashMap::new();
    TraceContextPropagator::new().inject_context(&tracing::Span::current().context(), &mut fields);
    fields.remove("traceparent")
}

/// Makes `span` a child of a stored `traceparent`, so work on a consumed record joins the trace
/// of the call that produced it. Malformed values are ignored.
pub fn adopt(span: &tracing::Span, traceparent: &str) {
    let fields =
        std::collections::HashMap::from([("traceparent".to_owned(), traceparent.to_owned())]);
    let parent = TraceContextPropagator::new().extract(&fields);
    if parent.span().span_context().is_valid()
        && let Err(error) = span.set_parent(parent)
    {
        tracing::debug!(%error, "cannot adopt stored trace context");
    }
}

/// Trace id of the current span as 32 hex digits, for log lines.
pub fn current_trace_id() -> Option<String> {
    let context = tracing::Span::current().context();
    let span_context = context.span().span_context().clone();
    span_context
        .is_valid()
        .then(|| span_context.trace_id().to_string())
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use tokio::net::TcpListener;
    use tokio_stream::wrappers::TcpListenerStream;
    use tonic::service::interceptor::InterceptedService;
    use tonic::transport::{Channel, Server};
    use tonic_health::pb::health_client::HealthClient;
    use tonic_health::pb::health_server::{Health, HealthServer};
    use tonic_health::pb::{HealthCheckRequest, HealthCheckResponse};

    use super::*;

    type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;
    type Interceptor = fn(tonic::Request<()>) -> Result<tonic::Request<()>, tonic::Status>;
    type Client = HealthClient<InterceptedService<Channel, Interceptor>>;

    /// A health service that records the trace id its handler runs under and, when it has a
    /// downstream, calls it first (like analysis calling ingest).
    struct Hop {
        name: &'static str,
        seen: Seen,
        downstream: Option<Client>,
    }

    #[tonic::async_trait]
    impl Health for Hop {
        async fn check(
            &self,
            _request: tonic::Request<HealthCheckRequest>,
        ) -> Result<tonic::Response<HealthCheckResponse>, tonic::Status> {
            self.seen
                .lock()
                .unwrap()
                .push((self.name.to_owned(), current_trace_id()));
            if let Some(mut downstream) = self.downstream.clone() {
                downstream.check(HealthCheckRequest::default()).await?;
            }
            Ok(tonic::Response::new(HealthCheckResponse { status: 1 }))
        }

        type WatchStream = futures::stream::Empty<Result<HealthCheckResponse, tonic::Status>>;

        async fn watch(
            &self,
            _request: tonic::Request<HealthCheckRequest>,
        ) -> Result<tonic::Response<Self::WatchStream>, tonic::Status> {
            Err(tonic::Status::unimplemented("watch"))
        }
    }

    async fn start(hop: Hop) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(
            Server::builder()
                .layer(TraceLayer)
                .add_service(HealthServer::new(hop))
                .serve_with_incoming(TcpListenerStream::new(listener)),
        );
        url
    }

    fn client(url: String) -> Client {
        let channel = Channel::from_shared(url).unwrap().connect_lazy();
        HealthClient::with_interceptor(channel, propagate as Interceptor)
    }

    fn subscriber() -> impl tracing::Subscriber + Send + Sync {
        let provider = SdkTracerProvider::builder().build();
        tracing_subscriber::registry()
            .with(tracing_opentelemetry::layer().with_tracer(provider.tracer("test")))
    }

    // One thread, so the thread-local subscriber also covers the servers' tasks.
    #[tokio::test(flavor = "current_thread")]
    async fn one_trace_across_two_servers() {
        let _guard = tracing::subscriber::set_default(subscriber());
        let seen = Seen::default();
        let far = start(Hop {
            name: "far",
            seen: seen.clone(),
            downstream: None,
        })
        .await;
        let near = start(Hop {
            name: "near",
            seen: seen.clone(),
            downstream: Some(client(far)),
        })
        .await;

        let root = tracing::info_span!("submit");
        let root_trace = root
            .in_scope(current_trace_id)
            .expect("root has a trace id");
        async {
            client(near.clone())
                .check(HealthCheckRequest::default())
                .await
                .unwrap();
        }
        .instrument(root)
        .await;
        // A call outside any span starts a trace of its own.
        client(near)
            .check(HealthCheckRequest::default())
            .await
            .unwrap();

        let seen = seen.lock().unwrap().clone();
        let traces: Vec<_> = seen.iter().map(|(_, t)| t.clone().unwrap()).collect();
        let names: Vec<_> = seen.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["near", "far", "near", "far"]);
        assert_eq!(traces[0], root_trace);
        assert_eq!(traces[1], root_trace);
        assert_ne!(traces[2], root_trace);
        assert_eq!(traces[2], traces[3]);
    }

    #[test]
    fn stored_traceparent_carries_the_trace_to_a_consumer() {
        let _guard = tracing::subscriber::set_default(subscriber());
        let producer = tracing::info_span!("submit");
        let (stored, trace) = producer.in_scope(|| (traceparent(), current_trace_id()));
        let stored = stored.expect("a traceparent inside a span");
        let trace = trace.unwrap();
        assert!(stored.starts_with(&format!("00-{trace}-")), "{stored}");

        let consumer = tracing::info_span!("apply");
        adopt(&consumer, &stored);
        assert_eq!(consumer.in_scope(current_trace_id).as_ref(), Some(&trace));

        let stray = tracing::info_span!("apply");
        adopt(&stray, "not a traceparent");
        assert_ne!(stray.in_scope(current_trace_id).as_ref(), Some(&trace));
        assert_eq!(tracing::Span::none().in_scope(traceparent), None);
    }

    #[test]
    fn ignores_malformed_traceparent() {
        let mut headers = http::HeaderMap::new();
        headers.insert("traceparent", "00-zz-yy-01".parse().unwrap());
        let context = TraceContextPropagator::new().extract(&HeaderExtractor(&headers));
        assert!(!context.span().span_context().is_valid());
    }
}
