//! Sandbox that starts real Brink services on ephemeral loopback ports for cross-service tests.
//! Each service can be stopped and started again on the same port and store, as an operator
//! would restart one process of a running pipeline; [`process`] runs them as their own
//! binaries, to be killed outright.

pub mod certs;
pub mod process;

use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use brink_common::auth::{AuthConfig, Bearer, Secret};
use brink_common::tls::{Connector, TlsConfig};
use brink_proto::v1::analysis_service_client::AnalysisServiceClient;
use brink_proto::v1::ingest_service_client::IngestServiceClient;
use brink_proto::v1::query_service_client::QueryServiceClient;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

/// A connection that sends a bearer token, or none, with every call.
pub type Client = InterceptedService<Channel, Bearer>;

/// Connects to `url`, sending `token` with every call.
pub async fn connect(url: &str, token: Option<&str>) -> anyhow::Result<Client> {
    connect_with(&Connector::default(), url, token).await
}

/// Connects to `url` as `connector` says (over TLS or not), sending `token` with every call.
pub async fn connect_with(
    connector: &Connector,
    url: &str,
    token: Option<&str>,
) -> anyhow::Result<Client> {
    let channel = connector.endpoint(url)?.connect().await?;
    let bearer = Bearer::new(token.map(Secret::from).as_ref())?;
    Ok(InterceptedService::new(channel, bearer))
}

/// One running service: its address, and how to stop it.
pub struct Running {
    pub addr: SocketAddr,
    shutdown: CancellationToken,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Graceful stop: stop accepting, finish in-flight work, flush. Stopping twice is a no-op.
    pub async fn stop(&mut self) -> anyhow::Result<()> {
        self.shutdown.cancel();
        match self.task.take() {
            Some(task) => task.await?,
            None => Ok(()),
        }
    }
}

async fn start<F, Fut, E>(addr: SocketAddr, serve: F) -> anyhow::Result<Running>
where
    F: FnOnce(TcpListener, CancellationToken) -> Fut,
    Fut: Future<Output = Result<(), E>> + Send + 'static,
    E: Into<anyhow::Error>,
{
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let shutdown = CancellationToken::new();
    let served = serve(listener, shutdown.clone());
    let task = tokio::spawn(async move { served.await.map_err(Into::into) });
    Ok(Running {
        addr,
        shutdown,
        task: Some(task),
    })
}

fn any_port() -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], 0))
}

/// The three services of one pipeline, each with its own store under a temporary directory.
pub struct Pipeline {
    pub dir: tempfile::TempDir,
    pub ingest: Running,
    pub analysis: Running,
    pub query: Running,
    /// Extra dictionary directory of the analysis service, if any.
    dictionaries: Option<PathBuf>,
    max_message_bytes: usize,
    /// Tokens every service accepts, and the one they and the pipeline's clients send.
    auth: AuthConfig,
    /// TLS of every service, whose client side the pipeline's clients use too.
    tls: TlsConfig,
}

impl Pipeline {
    pub async fn start() -> anyhow::Result<Pipeline> {
        Pipeline::start_with(
            None,
            brink_common::server::DEFAULT_MAX_MESSAGE_BYTES,
            AuthConfig::default(),
            TlsConfig::default(),
        )
        .await
    }

    /// A pipeline whose services accept the tokens of `auth` and send its own token, as the
    /// pipeline's clients do.
    pub async fn start_with_auth(auth: AuthConfig) -> anyhow::Result<Pipeline> {
        Pipeline::start_with(
            None,
            brink_common::server::DEFAULT_MAX_MESSAGE_BYTES,
            auth,
            TlsConfig::default(),
        )
        .await
    }

    /// A pipeline whose services serve and call one another with `tls`, as its clients call
    /// them.
    pub async fn start_with_tls(tls: TlsConfig) -> anyhow::Result<Pipeline> {
        Pipeline::start_with(
            None,
            brink_common::server::DEFAULT_MAX_MESSAGE_BYTES,
            AuthConfig::default(),
            tls,
        )
        .await
    }

    /// A pipeline whose services all send and receive messages of at most `max_message_bytes`,
    /// ingest taking bodies of up to half that.
    pub async fn start_with_message_limit(max_message_bytes: usize) -> anyhow::Result<Pipeline> {
        Pipeline::start_with(
            None,
            max_message_bytes,
            AuthConfig::default(),
            TlsConfig::default(),
        )
        .await
    }

    /// A pipeline whose analysis service also codes with the dictionary files in `dir`, and
    /// reloads them when they change.
    pub async fn start_with_dictionaries(dir: PathBuf) -> anyhow::Result<Pipeline> {
        Pipeline::start_with(
            Some(dir),
            brink_common::server::DEFAULT_MAX_MESSAGE_BYTES,
            AuthConfig::default(),
            TlsConfig::default(),
        )
        .await
    }

    async fn start_with(
        dictionaries: Option<PathBuf>,
        max_message_bytes: usize,
        auth: AuthConfig,
        tls: TlsConfig,
    ) -> anyhow::Result<Pipeline> {
        let dir = tempfile::tempdir()?;
        let ingest = start_ingest_with(brink_ingest::Config {
            max_message_bytes,
            max_body_bytes: max_message_bytes / 2,
            auth: auth.clone(),
            tls: tls.clone(),
            ..ingest_config(dir.path(), any_port())
        })
        .await?;
        let analysis = start_analysis_with(brink_analysis::Config {
            max_message_bytes,
            auth: auth.clone(),
            tls: tls.clone(),
            ..analysis_config(dir.path(), any_port(), &ingest.url(), dictionaries.clone())
        })
        .await?;
        let query = start_query_with(brink_query::Config {
            max_message_bytes,
            auth: auth.clone(),
            tls: tls.clone(),
            ..query_config(dir.path(), any_port(), &[analysis.url()])
        })
        .await?;
        Ok(Pipeline {
            dir,
            ingest,
            analysis,
            query,
            dictionaries,
            max_message_bytes,
            auth,
            tls,
        })
    }

    /// Stops the analysis service and starts it again on the same port and store.
    pub async fn restart_analysis(&mut self) -> anyhow::Result<()> {
        self.analysis.stop().await?;
        self.analysis = start_analysis_with(brink_analysis::Config {
            max_message_bytes: self.max_message_bytes,
            auth: self.auth.clone(),
            tls: self.tls.clone(),
            ..analysis_config(
                self.dir.path(),
                self.analysis.addr,
                &self.ingest.url(),
                self.dictionaries.clone(),
            )
        })
        .await?;
        Ok(())
    }

    pub async fn ingest_client(&self) -> anyhow::Result<IngestServiceClient<Client>> {
        Ok(IngestServiceClient::new(self.connect(&self.ingest).await?))
    }

    pub async fn analysis_client(&self) -> anyhow::Result<AnalysisServiceClient<Client>> {
        Ok(AnalysisServiceClient::new(
            self.connect(&self.analysis).await?,
        ))
    }

    pub async fn query_client(&self) -> anyhow::Result<QueryServiceClient<Client>> {
        Ok(QueryServiceClient::new(self.connect(&self.query).await?))
    }

    /// Connects to `service` with the services' own token and TLS.
    async fn connect(&self, service: &Running) -> anyhow::Result<Client> {
        let token = self.auth.credential.token.as_ref().map(Secret::expose);
        connect_with(&self.tls.client.load()?, &service.url(), token).await
    }

    pub async fn stop(mut self) -> anyhow::Result<()> {
        self.query.stop().await?;
        self.analysis.stop().await?;
        self.ingest.stop().await
    }
}

pub async fn start_ingest(root: &Path, addr: SocketAddr) -> anyhow::Result<Running> {
    start_ingest_with(ingest_config(root, addr)).await
}

fn ingest_config(root: &Path, addr: SocketAddr) -> brink_ingest::Config {
    brink_ingest::Config {
        listen: addr,
        data_dir: root.join("ingest"),
        ..Default::default()
    }
}

pub async fn start_ingest_with(config: brink_ingest::Config) -> anyhow::Result<Running> {
    start(config.listen, move |listener, shutdown| {
        brink_ingest::serve(config, listener, shutdown)
    })
    .await
}

fn analysis_config(
    root: &Path,
    addr: SocketAddr,
    ingest_url: &str,
    dictionaries: Option<PathBuf>,
) -> brink_analysis::Config {
    brink_analysis::Config {
        listen: addr,
        data_dir: root.join("analysis"),
        ingest_url: ingest_url.to_owned(),
        dictionaries,
        ..Default::default()
    }
}

async fn start_analysis_with(config: brink_analysis::Config) -> anyhow::Result<Running> {
    start(config.listen, move |listener, shutdown| {
        brink_analysis::serve(config, listener, shutdown)
    })
    .await
}

/// An analysis worker owning `partition` of `partitions` of the ingest log.
pub async fn start_analysis_worker(
    data_dir: PathBuf,
    addr: SocketAddr,
    ingest_url: &str,
    partition: u32,
    partitions: u32,
) -> anyhow::Result<Running> {
    start_analysis_with(brink_analysis::Config {
        listen: addr,
        data_dir,
        ingest_url: ingest_url.to_owned(),
        partition,
        partitions,
        ..Default::default()
    })
    .await
}

/// A query service following every analysis service in `analysis_urls`.
pub async fn start_query(
    root: &Path,
    addr: SocketAddr,
    analysis_urls: &[String],
) -> anyhow::Result<Running> {
    start_query_with(query_config(root, addr, analysis_urls)).await
}

fn query_config(root: &Path, addr: SocketAddr, analysis_urls: &[String]) -> brink_query::Config {
    brink_query::Config {
        listen: addr,
        data_dir: root.join("query"),
        analysis_urls: analysis_urls.to_vec(),
        ..Default::default()
    }
}

async fn start_query_with(config: brink_query::Config) -> anyhow::Result<Running> {
    start(config.listen, move |listener, shutdown| {
        brink_query::serve(config, listener, shutdown)
    })
    .await
}

/// Polls `check` until it returns `Some`, failing after `timeout`.
pub async fn eventually<T, F, Fut>(timeout: Duration, mut check: F) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<Option<T>>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        let last = check().await;
        match last {
            Ok(Some(value)) => return Ok(value),
            Ok(None) | Err(_) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await
            }
            Ok(None) => anyhow::bail!("condition not met within {timeout:?}"),
            Err(error) => return Err(error.context(format!("still failing after {timeout:?}"))),
        }
    }
}

/// Distinct, plausible articles for load and restart tests: every one differs in wording, so
/// none is a duplicate or near-duplicate of another.
pub fn generated_article(n: usize) -> brink_proto::v1::SubmitArticleRequest {
    const PAIRS: &[(&str, &str)] = &[
        ("Russia", "Ukraine"),
        ("China", "Japan"),
        ("India", "Pakistan"),
        ("Iran", "Israel"),
        ("the United States", "North Korea"),
        ("Turkey", "Greece"),
        ("Ethiopia", "Egypt"),
        ("Serbia", "Kosovo"),
    ];
    const ACTIONS: &[&str] = &[
        "accused {b} of violating the ceasefire",
        "proposed new talks with {b}",
        "threatened {b} with sanctions",
        "signed a trade agreement with {b}",
        "condemned {b} over the border incident",
        "praised {b} for releasing prisoners",
    ];
    let (a, b) = PAIRS[n % PAIRS.len()];
    let action = ACTIONS[(n / PAIRS.len()) % ACTIONS.len()].replace("{b}", b);
    let day = 1 + n % 28;
    brink_proto::v1::SubmitArticleRequest {
        title: format!("Report {n}: {a} and {b}"),
        body: format!(
            "{first} on Tuesday {action}, officials said. The statement, numbered {n} in a \
             series of {word} bulletins, followed weeks of pressure from allies of {b}. \
             Diplomats in the region said talks could resume within {weeks} weeks.",
            first = capitalise(a),
            word = number_word(n),
            weeks = 2 + n % 5,
        ),
        url: format!("https://news.example.org/{n}"),
        source: format!("Outlet {}", n % 7),
        published_at: format!("2024-03-{day:02}T08:00:00Z"),
        ..Default::default()
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Spelled-out digits, so every generated text differs in several words, not one digit.
fn number_word(n: usize) -> String {
    const WORDS: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    n.to_string()
        .chars()
        .filter_map(|c| c.to_digit(10))
        .map(|d| WORDS[d as usize])
        .collect::<Vec<_>>()
        .join("-")
}

/// A sample article shipped with the `brink` command, by file stem.
pub fn bundled_sample(name: &str) -> anyhow::Result<brink_proto::v1::SubmitArticleRequest> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/brink/samples")
        .join(format!("{name}.json"));
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)?;
    let field = |key: &str| {
        json.get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    Ok(brink_proto::v1::SubmitArticleRequest {
        title: field("title"),
        body: field("body"),
        url: field("url"),
        source: field("source"),
        published_at: field("published_at"),
        language: field("language"),
        ..Default::default()
    })
}

/// Waits until the query service has `id` and returns its view.
pub async fn indexed_article(
    query: &QueryServiceClient<Client>,
    id: &str,
    timeout: Duration,
) -> anyhow::Result<brink_proto::v1::ArticleView> {
    eventually(timeout, || {
        let mut query = query.clone();
        let id = id.to_owned();
        async move {
            match query
                .get_article(brink_proto::v1::QueryGetArticleRequest { id })
                .await
            {
                Ok(view) => Ok(Some(view.into_inner())),
                Err(status) if status.code() == tonic::Code::NotFound => Ok(None),
                Err(status) => Err(status.into()),
            }
        }
    })
    .await
}
