//! `brink up`: the whole pipeline in one process, each service with its own port and store.
//! Open on loopback when no token is configured; otherwise its services accept the configured
//! tokens and call one another with the command's own (`--token`). With `--tls-cert` they serve
//! TLS and call one another as the command's client settings say (`--tls-ca`, ...).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use brink_common::auth::{Access, Auth, AuthConfig, Scope};
use brink_common::telemetry::LogFormat;
use brink_common::tls::{Connector, ServerTls, TlsConfig};
use brink_proto::v1::ingest_service_client::IngestServiceClient;
use brink_proto::v1::{GetStatusRequest, SubmitArticleRequest};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory holding one sled store per service (ingest/, analysis/, query/).
    #[arg(long, env = "BRINK_DATA_DIR", default_value = "./brink-data")]
    pub data_dir: PathBuf,
    /// Address the three services listen on.
    #[arg(long, env = "BRINK_HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,
    #[arg(long, env = "BRINK_INGEST_PORT", default_value_t = 50051)]
    pub ingest_port: u16,
    #[arg(long, env = "BRINK_ANALYSIS_PORT", default_value_t = 50052)]
    pub analysis_port: u16,
    #[arg(long, env = "BRINK_QUERY_PORT", default_value_t = 50053)]
    pub query_port: u16,
    /// Extra analyser dictionary directory (see the analysis service's --dictionaries).
    #[arg(long, env = "BRINK_ANALYSIS_DICTIONARIES")]
    pub dictionaries: Option<PathBuf>,
    /// Don't load the bundled sample articles into an empty store.
    #[arg(long)]
    pub no_samples: bool,
    /// Log lines for people or as JSON; the filter comes from RUST_LOG.
    #[arg(long, env = "BRINK_LOG_FORMAT", value_enum, default_value = "human")]
    pub log_format: LogFormat,
    #[command(flatten)]
    pub access: Access,
    #[command(flatten)]
    pub tls: ServerTls,
}

/// Articles written for the demo, loaded on first start.
const SAMPLES: &[&str] = &[
    include_str!("../../samples/baltic-drills.json"),
    include_str!("../../samples/grain-corridor.json"),
    include_str!("../../samples/strait-patrols.json"),
    include_str!("../../samples/sahel-mission.json"),
];

pub async fn run(args: Args, context: &Context) -> anyhow::Result<ExitCode> {
    let _telemetry = brink_common::telemetry::init("brink", args.log_format)?;
    let auth_config = AuthConfig {
        access: args.access.clone(),
        credential: context.credential.clone(),
    };
    let auth = auth_config.load()?;
    let tls_config = TlsConfig {
        server: args.tls.clone(),
        client: context.tls.clone(),
    };
    let tls = tls_config.load()?;
    let scheme = if tls.server.is_some() {
        "https"
    } else {
        "http"
    };
    auth.check_listen(SocketAddr::new(args.host, args.ingest_port))?;
    if !auth.tokens.is_empty() {
        auth.check_own(Scope::Read, "a service following another")
            .context("--token (BRINK_TOKEN) is also what the services send one another")?;
    }
    let shutdown = brink_common::shutdown::on_signal();
    let bind = |port: u16| TcpListener::bind(SocketAddr::new(args.host, port));
    let ingest_listener = bind(args.ingest_port)
        .await
        .context("binding the ingest port")?;
    let analysis_listener = bind(args.analysis_port)
        .await
        .context("binding the analysis port")?;
    let query_listener = bind(args.query_port)
        .await
        .context("binding the query port")?;
    let ingest_url = format!("{scheme}://{}", ingest_listener.local_addr()?);
    let analysis_url = format!("{scheme}://{}", analysis_listener.local_addr()?);
    let query_url = format!("{scheme}://{}", query_listener.local_addr()?);

    let ingest = brink_ingest::Config {
        listen: ingest_listener.local_addr()?,
        data_dir: args.data_dir.join("ingest"),
        max_message_bytes: context.max_message_bytes,
        auth: auth_config.clone(),
        tls: tls_config.clone(),
        ..Default::default()
    };
    let analysis = brink_analysis::Config {
        listen: analysis_listener.local_addr()?,
        data_dir: args.data_dir.join("analysis"),
        ingest_url: ingest_url.clone(),
        dictionaries: args.dictionaries.clone(),
        max_message_bytes: context.max_message_bytes,
        auth: auth_config.clone(),
        tls: tls_config.clone(),
        ..Default::default()
    };
    let query = brink_query::Config {
        listen: query_listener.local_addr()?,
        data_dir: args.data_dir.join("query"),
        analysis_urls: vec![analysis_url.clone()],
        max_message_bytes: context.max_message_bytes,
        auth: auth_config,
        tls: tls_config,
        ..Default::default()
    };
    let services = tokio::spawn(run_all(
        ingest,
        ingest_listener,
        analysis,
        analysis_listener,
        query,
        query_listener,
        shutdown.clone(),
    ));
    println!("brink is up: ingest {ingest_url}, analysis {analysis_url}, query {query_url}");
    println!("{}", access_notice(&auth, args.host));
    println!("data in {}; press Ctrl-C to stop", args.data_dir.display());

    if !args.no_samples
        && let Err(error) = load_samples(&tls.local(), &ingest_url, &auth).await
    {
        eprintln!("warning: could not load the sample articles: {error:#}");
    }
    let result = services.await?;
    println!("brink stopped");
    result.map(|()| ExitCode::SUCCESS)
}

async fn run_all(
    ingest: brink_ingest::Config,
    ingest_listener: TcpListener,
    analysis: brink_analysis::Config,
    analysis_listener: TcpListener,
    query: brink_query::Config,
    query_listener: TcpListener,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    // Any service failing stops the others, so the process never runs half a pipeline.
    let guard = |result: anyhow::Result<()>, shutdown: &CancellationToken| {
        if result.is_err() {
            shutdown.cancel();
        }
        result
    };
    let (i, a, q) = tokio::join!(
        async {
            guard(
                brink_ingest::serve(ingest, ingest_listener, shutdown.clone())
                    .await
                    .context("ingest service"),
                &shutdown,
            )
        },
        async {
            guard(
                brink_analysis::serve(analysis, analysis_listener, shutdown.clone())
                    .await
                    .context("analysis service"),
                &shutdown,
            )
        },
        async {
            guard(
                brink_query::serve(query, query_listener, shutdown.clone())
                    .await
                    .context("query service"),
                &shutdown,
            )
        },
    );
    i.and(a).and(q)
}

/// Who can call the services, said at start so nobody runs an open pipeline unawares.
fn access_notice(auth: &Auth, host: IpAddr) -> String {
    match auth.tokens.len() {
        0 if host.is_loopback() => {
            "no tokens configured: open to every local user; see README, \"Authentication\"".into()
        }
        0 => format!("no tokens configured and --insecure: open to anyone who can reach {host}"),
        n => format!("calls need a bearer token: {n} configured"),
    }
}

/// Submits the bundled samples when the ingest log is empty.
async fn load_samples(connector: &Connector, ingest_url: &str, auth: &Auth) -> anyhow::Result<()> {
    let channel = connect_with_retry(connector, ingest_url).await?;
    let mut client = IngestServiceClient::with_interceptor(channel, auth.bearer.clone());
    if client
        .get_status(GetStatusRequest {})
        .await?
        .into_inner()
        .log_head
        > 0
    {
        return Ok(());
    }
    for sample in SAMPLES {
        let article: crate::input::JsonArticle = serde_json::from_str(sample)?;
        let request = SubmitArticleRequest::from(article);
        let title = request.title.clone();
        let response = client.submit_article(request).await?.into_inner();
        println!("loaded sample {}: {title}", response.id);
    }
    Ok(())
}

async fn connect_with_retry(
    connector: &Connector,
    url: &str,
) -> anyhow::Result<tonic::transport::Channel> {
    let mut last = None;
    for _ in 0..50 {
        match crate::context::connect(connector, url).await {
            Ok(channel) => return Ok(channel),
            Err(error) => last = Some(error),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(last.unwrap_or_else(|| anyhow::anyhow!("cannot reach {url}")))
}
