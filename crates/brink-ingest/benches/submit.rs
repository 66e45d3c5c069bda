//! What group commit buys: articles submitted one call at a time each wait for their own flush,
//! while a streamed batch (or many concurrent submitters) shares one flush per group.

use std::time::{Duration, Instant};

use brink_ingest::{Config, serve};
use brink_proto::v1::SubmitArticleRequest;
use brink_proto::v1::ingest_service_client::IngestServiceClient;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tokio_util::sync::CancellationToken;
use tonic::transport::Channel;

const ARTICLES: usize = 100;

/// Words for generated articles.
const VOCABULARY: &[&str] = &[
    "ministers",
    "border",
    "talks",
    "ceasefire",
    "grain",
    "tariffs",
    "navy",
    "election",
    "protest",
    "sanctions",
    "embassy",
    "drought",
    "pipeline",
    "troops",
    "summit",
    "treaty",
    "refugees",
    "inflation",
    "court",
    "parliament",
    "strike",
    "harbour",
    "satellite",
    "vaccine",
    "budget",
    "minority",
    "coalition",
    "referendum",
    "drones",
    "exports",
    "mediators",
    "hostages",
];

/// A distinct article of about 200 words per `n`, unrelated to the others (no near-duplicates).
fn article(n: u64) -> SubmitArticleRequest {
    let mut state = n.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let words: Vec<&str> = (0..200)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            VOCABULARY[(state % VOCABULARY.len() as u64) as usize]
        })
        .collect();
    SubmitArticleRequest {
        title: format!("Dispatch {n}"),
        body: words.join(" "),
        ..Default::default()
    }
}

struct Running {
    client: IngestServiceClient<Channel>,
    next: u64,
}

impl Running {
    fn batch(&mut self) -> Vec<SubmitArticleRequest> {
        let batch = (self.next..self.next + ARTICLES as u64)
            .map(article)
            .collect();
        self.next += ARTICLES as u64;
        batch
    }
}

fn submit(criterion: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let shutdown = CancellationToken::new();
    let mut running = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        let config = Config {
            data_dir: dir.path().to_owned(),
            ..Config::default()
        };
        tokio::spawn(serve(config, listener, shutdown.clone()));
        tokio::time::sleep(Duration::from_millis(200)).await;
        let client = IngestServiceClient::connect(format!("http://{address}"))
            .await
            .expect("connect");
        Running { client, next: 0 }
    });

    let mut group = criterion.benchmark_group("submit");
    group.throughput(Throughput::Elements(ARTICLES as u64));
    group.sample_size(10);
    group.bench_function("one_call_per_article", |b| {
        b.iter_custom(|iterations| {
            runtime.block_on(async {
                let mut elapsed = Duration::ZERO;
                for _ in 0..iterations {
                    let batch = running.batch();
                    let start = Instant::now();
                    for request in batch {
                        running
                            .client
                            .submit_article(request)
                            .await
                            .expect("submit");
                    }
                    elapsed += start.elapsed();
                }
                elapsed
            })
        })
    });
    group.bench_function("streamed_batch", |b| {
        b.iter_custom(|iterations| {
            runtime.block_on(async {
                let mut elapsed = Duration::ZERO;
                for _ in 0..iterations {
                    let batch = running.batch();
                    let start = Instant::now();
                    let results = running
                        .client
                        .submit_articles(tokio_stream::iter(batch))
                        .await
                        .expect("batch")
                        .into_inner()
                        .results;
                    assert_eq!(results.len(), ARTICLES);
                    elapsed += start.elapsed();
                }
                elapsed
            })
        })
    });
    group.finish();
    shutdown.cancel();
}

criterion_group!(benches, submit);
criterion_main!(benches);
