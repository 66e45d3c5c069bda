//! Loads synthetic events into a query service through its real consumer and measures query
//! latency and the service's resident memory. The service runs as its own process (the
//! `brink-query` binary beside this example, or `BRINK_QUERY_BIN`), so the memory read from
//! `/proc` is the service's alone, not the generator's or the client's.
//!
//! `cargo build --release -p brink-query --bins --examples &&
//!  target/release/examples/load [EVENTS] [DATA_DIR]`
//! (default 1,000,000 events; the data dir is kept, so a second run only measures).

use std::error::Error;
use std::pin::Pin;
use std::time::{Duration, Instant};

use brink_proto::v1::analysis_service_server::{AnalysisService, AnalysisServiceServer};
use brink_proto::v1::query_service_client::QueryServiceClient;
use brink_proto::v1::{
    ActorRef, Analysis, AnalysisRecord, AnalyzeRequest, Article, BucketSize, Event, EventFilter,
    GetAnalysisRequest, GetStatusRequest, GetTensionRequest, Place, ReanalyzeRequest,
    ReanalyzeResponse, SearchDistinctEventsRequest, SearchEventsRequest, SearchRequest,
    ServiceStatus, SubscribeRequest,
};
use futures::{Stream, StreamExt};
use tonic::{Request, Response, Status};

const EVENTS_PER_ARTICLE: u64 = 50;
const DAYS: u64 = 730;
const COUNTRIES: [&str; 40] = [
    "USA", "RUS", "CHN", "PRK", "KOR", "JPN", "IND", "PAK", "IRN", "IRQ", "SYR", "ISR", "PSE",
    "SAU", "TUR", "UKR", "POL", "DEU", "FRA", "GBR", "ITA", "ESP", "EGY", "LBY", "NGA", "ETH",
    "SDN", "ZAF", "BRA", "ARG", "VEN", "COL", "MEX", "CAN", "AUS", "IDN", "PHL", "VNM", "AFG",
    "YEM",
];
/// (CAMEO code, QuadClass, Goldstein).
const CODES: [(&str, i32, f64); 8] = [
    ("036", 1, 4.0),
    ("042", 1, 1.9),
    ("061", 2, 6.4),
    ("071", 2, 7.4),
    ("111", 3, -2.0),
    ("138", 3, -7.0),
    ("173", 4, -5.0),
    ("190", 4, -10.0),
];

/// Builds a random filter of one kind.
type MakeFilter = fn(&mut Rng) -> EventFilter;

/// Deterministic xorshift, so every run loads the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

fn code(rng: &mut Rng) -> String {
    let country = COUNTRIES[rng.next(COUNTRIES.len() as u64) as usize];
    let role = ["GOV", "MIL", "BUS"][rng.next(3) as usize];
    format!("{country}{role}")
}

fn day(n: u64) -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).expect("valid");
    (start + chrono::Days::new(n))
        .format("%Y-%m-%d")
        .to_string()
}

/// Article `n` of the synthetic log.
fn synthetic(n: u64) -> AnalysisRecord {
    let mut rng = Rng(n.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let id = format!("art-{n:016x}");
    let published = day(n * DAYS / 20_000 % DAYS);
    let events = (0..EVENTS_PER_ARTICLE)
        .map(|i| {
            let (cameo, quad, goldstein) = CODES[rng.next(CODES.len() as u64) as usize];
            let actor = |code: String| ActorRef {
                actor_id: String::new(),
                country: code[..3].to_owned(),
                name: code.clone(),
                code,
            };
            Event {
                id: format!("{id}/{i}"),
                source: Some(actor(code(&mut rng))),
                target: Some(actor(code(&mut rng))),
                cameo_code: cameo.to_owned(),
                cameo_root: cameo[..2].to_owned(),
                quad_class: quad,
                goldstein,
                date: day(rng.next(DAYS)),
                place: Some(Place {
                    country: COUNTRIES[rng.next(COUNTRIES.len() as u64) as usize].to_owned(),
                    ..Place::default()
                }),
                tone: -(rng.next(10) as f64),
                negated: rng.next(50) == 0,
                ..Event::default()
            }
        })
        .collect();
    let published =
        brink_proto::time::parse_rfc3339(&format!("{published}T00:00:00Z")).expect("day");
    AnalysisRecord {
        offset: n,
        article: Some(Article {
            id: id.clone(),
            title: format!("Synthetic report {n}"),
            source: format!("outlet-{}", n % 17),
            published_at: Some(brink_proto::time::to_timestamp(published)),
            ..Article::default()
        }),
        analysis: Some(Analysis {
            article_id: id,
            events,
            ..Analysis::default()
        }),
        ..AnalysisRecord::default()
    }
}

/// An analysis log of `articles` synthetic records, generated as they are streamed.
struct Generator {
    articles: u64,
}

type RecordStream = Pin<Box<dyn Stream<Item = Result<AnalysisRecord, Status>> + Send>>;

#[tonic::async_trait]
impl AnalysisService for Generator {
    async fn analyze(&self, _: Request<AnalyzeRequest>) -> Result<Response<Analysis>, Status> {
        Err(Status::unimplemented("generator"))
    }

    async fn get_analysis(
        &self,
        _: Request<GetAnalysisRequest>,
    ) -> Result<Response<AnalysisRecord>, Status> {
        Err(Status::unimplemented("generator"))
    }

    type SubscribeStream = RecordStream;

    async fn subscribe(
        &self,
        request: Request<SubscribeRequest>,
    ) -> Result<Response<RecordStream>, Status> {
        let from = request.into_inner().from_offset;
        let head = self.articles;
        let records = futures::stream::iter(from..head).map(move |n| {
            let mut record = synthetic(n);
            record.head = head;
            Ok(record)
        });
        Ok(Response::new(Box::pin(
            records.chain(futures::stream::pending()),
        )))
    }

    async fn get_status(
        &self,
        _: Request<GetStatusRequest>,
    ) -> Result<Response<ServiceStatus>, Status> {
        Err(Status::unimplemented("generator"))
    }

    async fn reanalyze(
        &self,
        _: Request<ReanalyzeRequest>,
    ) -> Result<Response<ReanalyzeResponse>, Status> {
        Err(Status::unimplemented("generator"))
    }
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort_unstable();
    let index = ((samples.len() as f64 * p).ceil() as usize).clamp(1, samples.len()) - 1;
    samples[index]
}

/// Times `calls` calls (building the request included: microseconds against milliseconds)
/// and prints their percentiles.
async fn measure(
    name: &str,
    calls: usize,
    mut call: impl AsyncFnMut() -> Result<usize, Status>,
) -> Result<(), Status> {
    let mut samples = Vec::with_capacity(calls);
    let mut items = 0;
    for _ in 0..calls {
        let started = Instant::now();
        items += call().await?;
        samples.push(started.elapsed());
    }
    report(name, &mut samples, items as f64 / calls as f64);
    Ok(())
}

/// Prints the latency percentiles and the items a call returned on average, which shows that
/// the calls measured did real work.
fn report(name: &str, samples: &mut [Duration], items: f64) {
    println!(
        "{name:<40} n {:>5}  items {items:>5.1}  p50 {:>8.3} ms  p99 {:>8.3} ms  max {:>8.3} ms",
        samples.len(),
        percentile(samples, 0.50).as_secs_f64() * 1e3,
        percentile(samples, 0.99).as_secs_f64() * 1e3,
        percentile(samples, 1.0).as_secs_f64() * 1e3,
    );
}

/// Resident memory of process `pid`, now and at its peak; `RssFile` is the part that maps
/// files (the search index), which the kernel can drop and read again.
fn memory(pid: u32) -> String {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .filter(|l| {
            ["VmRSS", "VmHWM", "RssAnon", "RssFile"]
                .iter()
                .any(|k| l.starts_with(k))
        })
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let events: u64 = args.next().map_or(Ok(1_000_000), |a| a.parse())?;
    let dir = std::path::PathBuf::from(
        args.next()
            .unwrap_or_else(|| "./brink-data/query-load".into()),
    );
    let articles = events.div_ceil(EVENTS_PER_ARTICLE);

    let upstream = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let upstream_url = format!("http://{}", upstream.local_addr()?);
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(AnalysisServiceServer::new(Generator { articles }))
            .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(upstream)),
    );
    let mut service = Service::start(&dir, &upstream_url)?;
    let pid = service.pid();
    let mut client = service.client().await?;

    let started = Instant::now();
    loop {
        let status = client.get_status(GetStatusRequest {}).await?.into_inner();
        let next = status.consumers[0].next_offset;
        if next >= articles {
            println!(
                "loaded {} articles ({} events) in {:.1} s; store {:.0} MiB; {}",
                articles,
                articles * EVENTS_PER_ARTICLE,
                started.elapsed().as_secs_f64(),
                status.store_bytes as f64 / 1048576.0,
                memory(pid)
            );
            break;
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
        println!(
            "  {next}/{articles} articles after {:.0} s; {}",
            started.elapsed().as_secs_f64(),
            memory(pid)
        );
    }

    let mut rng = Rng(42);
    measure("tension, one year by week", 1000, async || {
        let (a, b) = loop {
            let a = COUNTRIES[rng.next(COUNTRIES.len() as u64) as usize];
            let b = COUNTRIES[rng.next(COUNTRIES.len() as u64) as usize];
            if a != b {
                break (a, b);
            }
        };
        let request = GetTensionRequest {
            actor_a: a.into(),
            actor_b: b.into(),
            from: "2016-06-01".into(),
            to: "2017-05-31".into(),
            bucket: BucketSize::Week as i32,
        };
        let buckets = client.get_tension(request).await?.into_inner().buckets;
        assert_eq!(buckets.len(), 53);
        Ok(buckets.len())
    })
    .await?;

    let filters: [(&str, MakeFilter); 3] = [
        ("page of 100, actor + quad filter", |rng| EventFilter {
            actors: vec![COUNTRIES[rng.next(COUNTRIES.len() as u64) as usize].into()],
            quad_classes: vec![3, 4],
            ..EventFilter::default()
        }),
        ("page of 100, dyad + date range", |rng| EventFilter {
            source: COUNTRIES[rng.next(COUNTRIES.len() as u64) as usize].into(),
            target: COUNTRIES[rng.next(COUNTRIES.len() as u64) as usize].into(),
            undirected: true,
            date_from: "2016-01-01".into(),
            date_to: "2016-12-31".into(),
            ..EventFilter::default()
        }),
        ("page of 100, CAMEO root + goldstein", |rng| EventFilter {
            cameo: vec![CODES[4 + rng.next(4) as usize].0[..2].into()],
            goldstein_max: Some(0.0),
            ..EventFilter::default()
        }),
    ];
    for (name, make) in filters {
        measure(name, 500, async || {
            let request = SearchEventsRequest {
                filter: Some(make(&mut rng)),
                page_size: 100,
                ..SearchEventsRequest::default()
            };
            let page = client.search_events(request).await?.into_inner();
            Ok(page.events.len())
        })
        .await?;
    }

    measure("merged events, page of 100, actor", 500, async || {
        let request = SearchDistinctEventsRequest {
            filter: Some(EventFilter {
                actors: vec![COUNTRIES[rng.next(COUNTRIES.len() as u64) as usize].into()],
                ..EventFilter::default()
            }),
            page_size: 100,
            ..SearchDistinctEventsRequest::default()
        };
        let page = client.search_distinct_events(request).await?;
        Ok(page.into_inner().events.len())
    })
    .await?;

    // Words that every title holds: each search ranks all 20,000 articles for its best 20.
    measure("full-text search, page of 20", 200, async || {
        let request = SearchRequest {
            query: "synthetic report".to_owned(),
            page_size: 20,
            ..SearchRequest::default()
        };
        Ok(client.search(request).await?.into_inner().hits.len())
    })
    .await?;
    println!("query service memory after queries: {}", memory(pid));
    service.stop()
}

/// The `brink-query` binary running as a child process on a free loopback port.
struct Service {
    child: std::process::Child,
    url: String,
}

impl Service {
    fn start(dir: &std::path::Path, upstream_url: &str) -> Result<Service, Box<dyn Error>> {
        let binary = match std::env::var_os("BRINK_QUERY_BIN") {
            Some(path) => std::path::PathBuf::from(path),
            // target/<profile>/examples/load → target/<profile>/brink-query
            None => std::env::current_exe()?
                .parent()
                .and_then(|examples| examples.parent())
                .ok_or("no directory above the example")?
                .join("brink-query"),
        };
        let addr = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?;
        let child = std::process::Command::new(&binary)
            .arg("--listen")
            .arg(addr.to_string())
            .arg("--data-dir")
            .arg(dir)
            .arg("--analysis-url")
            .arg(upstream_url)
            .env("RUST_LOG", "warn")
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        Ok(Service {
            child,
            url: format!("http://{addr}"),
        })
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    async fn client(
        &self,
    ) -> Result<QueryServiceClient<tonic::transport::Channel>, Box<dyn Error>> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            match QueryServiceClient::connect(self.url.clone()).await {
                Ok(client) => return Ok(client),
                Err(_) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(error) => return Err(format!("query service at {}: {error}", self.url).into()),
            }
        }
    }

    /// Stops the service gracefully (SIGTERM) so it flushes, and waits for it.
    fn stop(&mut self) -> Result<(), Box<dyn Error>> {
        std::process::Command::new("kill")
            .arg(self.child.id().to_string())
            .status()?;
        let status = self.child.wait()?;
        if !status.success() {
            return Err(format!("query service exited with {status}").into());
        }
        Ok(())
    }
}

/// A run that fails half-way does not leave the service behind.
impl Drop for Service {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
