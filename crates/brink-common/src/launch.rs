//! The whole life of a service process in one call: layered configuration, tokens, TLS,
//! `--health-check`, logs and traces, the metrics endpoint, binding, serving until
//! SIGINT/SIGTERM.

use std::ffi::OsString;
use std::fmt::Display;
use std::future::Future;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command, Parser};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::auth::{Auth, AuthConfig};
use crate::config::{ConfigError, matches_layered};
use crate::telemetry::LogFormat;
use crate::tls::{Connector, TlsConfig};

/// What differs between the three services at launch.
#[derive(Debug, Clone, Copy)]
pub struct Service {
    /// Short name: log field, trace service name and env prefix (`BRINK_INGEST_...`).
    pub name: &'static str,
    /// The gRPC service whose health `--health-check` asks for.
    pub grpc: &'static str,
    pub metrics_port: u16,
}

pub const INGEST: Service = Service {
    name: "ingest",
    grpc: "brink.v1.IngestService",
    metrics_port: 9151,
};

pub const ANALYSIS: Service = Service {
    name: "analysis",
    grpc: "brink.v1.AnalysisService",
    metrics_port: 9152,
};

pub const QUERY: Service = Service {
    name: "query",
    grpc: "brink.v1.QueryService",
    metrics_port: 9153,
};

/// What the launcher reads from a service's own configuration.
pub trait ServiceConfig: Parser {
    /// The gRPC listen address.
    fn listen(&self) -> SocketAddr;
    fn auth(&self) -> &AuthConfig;
    fn tls(&self) -> &TlsConfig;
}

/// Process options every service shares, added next to the service's own flags.
#[derive(Debug, Clone, PartialEq)]
pub struct Ops {
    /// Where Prometheus scrapes `/metrics`; `None` turns the endpoint off.
    pub metrics_listen: Option<SocketAddr>,
    pub log_format: LogFormat,
    pub health_check: bool,
}

impl Service {
    fn env_prefix(&self) -> String {
        format!("BRINK_{}_", self.name.to_uppercase())
    }

    fn ops_args(&self, command: Command) -> Command {
        command
            .arg(
                Arg::new("metrics_listen")
                    .long("metrics-listen")
                    .env(format!("{}METRICS_LISTEN", self.env_prefix()))
                    .value_name("ADDR")
                    .default_value(format!("127.0.0.1:{}", self.metrics_port))
                    .help("Address of the Prometheus /metrics endpoint, or \"off\""),
            )
            .arg(
                Arg::new("log_format")
                    .long("log-format")
                    .env("BRINK_LOG_FORMAT")
                    .value_name("FORMAT")
                    .value_parser(clap::builder::EnumValueParser::<LogFormat>::new())
                    .default_value("human")
                    .help("Log lines for people or as JSON; the filter comes from RUST_LOG"),
            )
            .arg(
                Arg::new("health_check")
                    .long("health-check")
                    .action(ArgAction::SetTrue)
                    .help("Ask the service listening at the configured address whether it serves, then exit"),
            )
    }

    /// Parses the service's config and the shared options from `args` (program name first).
    pub fn parse<C: Parser>(&self, args: Vec<OsString>) -> Result<(C, Ops), ConfigError> {
        let matches = matches_layered(self.ops_args(C::command()), args)?;
        let config = C::from_arg_matches(&matches)?;
        Ok((config, ops(&matches)?))
    }
}

fn ops(matches: &ArgMatches) -> Result<Ops, clap::Error> {
    let metrics_listen = match matches
        .get_one::<String>("metrics_listen")
        .map(String::as_str)
    {
        None | Some("off") | Some("") => None,
        Some(addr) => Some(addr.parse().map_err(|_| {
            clap::Error::raw(
                clap::error::ErrorKind::InvalidValue,
                format!("--metrics-listen: `{addr}` is not an address like 0.0.0.0:9151\n"),
            )
        })?),
    };
    Ok(Ops {
        metrics_listen,
        log_format: matches
            .get_one::<LogFormat>("log_format")
            .copied()
            .unwrap_or_default(),
        health_check: matches.get_flag("health_check"),
    })
}

/// Loopback URL for a listen address: 0.0.0.0 and [::] are reached through loopback.
fn local_url(listen: &str) -> String {
    match listen.parse::<SocketAddr>() {
        Ok(addr) if addr.ip().is_unspecified() && addr.is_ipv4() => {
            format!("http://127.0.0.1:{}", addr.port())
        }
        Ok(addr) if addr.ip().is_unspecified() => format!("http://[::1]:{}", addr.port()),
        _ => format!("http://{listen}"),
    }
}

/// Runs a service binary; `serve` is the service's `serve(config, listener, shutdown)`.
///
/// ```text
/// fn main() -> std::process::ExitCode {
///     brink_common::launch::run(brink_common::launch::INGEST, serve)
/// }
/// ```
pub fn run<C, F, Fut, E>(service: Service, serve: F) -> ExitCode
where
    C: ServiceConfig,
    F: FnOnce(C, TcpListener, CancellationToken) -> Fut,
    Fut: Future<Output = Result<(), E>>,
    E: Display,
{
    let (config, ops) = match service.parse::<C>(std::env::args_os().collect()) {
        Ok(parsed) => parsed,
        Err(ConfigError::Args(error)) => error.exit(),
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let listen = config.listen().to_string();
    // Checked before anything starts, so a bad token file stops the process with its line;
    // a probe serves nothing, so only a service is held to where it may listen open.
    let auth = config.auth().load().and_then(|auth| {
        if ops.health_check {
            Ok(auth)
        } else {
            auth.check_listen(config.listen()).map(|()| auth)
        }
    });
    let auth = match auth {
        Ok(auth) => auth,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    // Likewise a certificate that cannot be read, or half a TLS configuration.
    let tls = match config.tls().load() {
        Ok(tls) => tls,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        if ops.health_check {
            return health_check(service, &listen, &auth, &tls.local()).await;
        }
        let _telemetry = match crate::telemetry::init(service.name, ops.log_format) {
            Ok(telemetry) => telemetry,
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::FAILURE;
            }
        };
        match run_service(service, config, &listen, ops, &auth, serve).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                tracing::error!(service = service.name, %error, "service failed");
                ExitCode::FAILURE
            }
        }
    })
}

async fn health_check(
    service: Service,
    listen: &str,
    auth: &Auth,
    connector: &Connector,
) -> ExitCode {
    let url = local_url(listen);
    let bearer = auth.bearer.clone();
    let timeout = Duration::from_secs(3);
    match crate::health::probe(connector, &url, service.grpc, bearer, timeout).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("unhealthy: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run_service<C, F, Fut, E>(
    service: Service,
    config: C,
    listen: &str,
    ops: Ops,
    auth: &Auth,
    serve: F,
) -> Result<(), String>
where
    F: FnOnce(C, TcpListener, CancellationToken) -> Fut,
    Fut: Future<Output = Result<(), E>>,
    E: Display,
{
    let shutdown = crate::shutdown::on_signal();
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let metrics = match ops.metrics_listen {
        Some(addr) => {
            let metrics_listener = TcpListener::bind(addr)
                .await
                .map_err(|e| format!("cannot listen on {addr} for metrics: {e}"))?;
            tracing::info!(service = service.name, %addr, "metrics endpoint listening");
            let token = shutdown.clone();
            let tokens = auth.tokens.clone();
            Some(tokio::spawn(async move {
                let served = crate::metrics::serve_http(metrics_listener, tokens, token).await;
                if let Err(error) = served {
                    tracing::error!(%error, "metrics endpoint stopped");
                }
            }))
        }
        None => None,
    };
    tracing::info!(service = service.name, listen, "serving");
    let served = serve(config, listener, shutdown.clone()).await;
    shutdown.cancel();
    if let Some(metrics) = metrics {
        let _ = metrics.await;
    }
    served.map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Parser)]
    struct Demo {
        #[arg(long, env = "BRINK_INGEST_LISTEN", default_value = "127.0.0.1:50051")]
        listen: String,
        #[command(flatten)]
        auth: AuthConfig,
        #[command(flatten)]
        tls: TlsConfig,
    }

    fn args(list: &[&str]) -> Vec<OsString> {
        std::iter::once("brink-ingest")
            .chain(list.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn shared_options_have_per_service_defaults() {
        let (demo, ops) = INGEST.parse::<Demo>(args(&[])).unwrap();
        assert_eq!(demo.listen, "127.0.0.1:50051");
        assert_eq!(ops.metrics_listen, Some("127.0.0.1:9151".parse().unwrap()));
        assert_eq!(ops.log_format, LogFormat::Human);
        assert!(!ops.health_check);
        let (_, query) = QUERY.parse::<Demo>(args(&[])).unwrap();
        assert_eq!(
            query.metrics_listen,
            Some("127.0.0.1:9153".parse().unwrap())
        );
    }

    #[test]
    fn shared_options_parse_from_flags() {
        let flags = [
            "--metrics-listen",
            "off",
            "--log-format",
            "json",
            "--health-check",
            "--listen",
            "0.0.0.0:1",
        ];
        let (demo, ops) = INGEST.parse::<Demo>(args(&flags)).unwrap();
        assert_eq!(demo.listen, "0.0.0.0:1");
        assert_eq!(
            ops,
            Ops {
                metrics_listen: None,
                log_format: LogFormat::Json,
                health_check: true
            }
        );
        let bad = INGEST.parse::<Demo>(args(&["--metrics-listen", "nine"]));
        assert!(bad.unwrap_err().to_string().contains("--metrics-listen"));
    }

    /// Token settings are top-level keys of a config file, shared by every service.
    #[test]
    fn token_settings_come_from_the_top_of_a_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("brink.toml");
        let file = "tokens_file = \"/etc/brink/tokens\"\ntoken = \"0123456789abcdef\"\n\
                    insecure = true\n[ingest]\nlisten = \"0.0.0.0:1\"\n";
        std::fs::write(&config, file).unwrap();
        let path = config.to_str().unwrap();
        let (demo, _) = INGEST.parse::<Demo>(args(&["--config", path])).unwrap();
        assert_eq!(demo.listen, "0.0.0.0:1");
        let access = &demo.auth.access;
        assert_eq!(access.tokens_file, Some("/etc/brink/tokens".into()));
        assert!(access.insecure && access.tokens.is_none());
        let token = demo.auth.credential.token.as_ref().map(|t| t.expose());
        assert_eq!(token, Some("0123456789abcdef"));
        assert!(!format!("{demo:?}").contains("0123456789abcdef"));
    }

    /// So are TLS settings; flags still win over the file.
    #[test]
    fn tls_settings_come_from_the_top_of_a_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("brink.toml");
        let file = "tls_cert = \"/etc/brink/tls/ingest.pem\"\n\
                    tls_key = \"/etc/brink/tls/ingest-key.pem\"\n\
                    tls_client_ca = \"/etc/brink/tls/ca.pem\"\ntls_ca = \"/etc/brink/tls/ca.pem\"\n";
        std::fs::write(&config, file).unwrap();
        let path = config.to_str().unwrap();
        let flags = ["--config", path, "--tls-ca", "/other/ca.pem"];
        let (demo, _) = INGEST.parse::<Demo>(args(&flags)).unwrap();
        let server = &demo.tls.server;
        assert_eq!(server.tls_cert, Some("/etc/brink/tls/ingest.pem".into()));
        assert_eq!(server.tls_key, Some("/etc/brink/tls/ingest-key.pem".into()));
        assert_eq!(server.tls_client_ca, Some("/etc/brink/tls/ca.pem".into()));
        assert_eq!(demo.tls.client.tls_ca, Some("/other/ca.pem".into()));
        assert_eq!(demo.tls.client.tls_client_cert, None);
        std::fs::write(&config, "tls_cret = \"/x\"\n").unwrap();
        let typo = INGEST.parse::<Demo>(args(&["--config", path])).unwrap_err();
        assert!(typo.to_string().contains("BRINK_TLS_CRET"), "{typo}");
    }

    #[test]
    fn unspecified_addresses_are_probed_over_loopback() {
        assert_eq!(local_url("0.0.0.0:50051"), "http://127.0.0.1:50051");
        assert_eq!(local_url("[::]:50052"), "http://[::1]:50052");
        assert_eq!(local_url("10.0.0.5:50053"), "http://10.0.0.5:50053");
        assert_eq!(local_url("ingest:50051"), "http://ingest:50051");
    }
}
