//! `brink load`: drives a running pipeline with generated articles, measures how fast they are
//! stored, analysed and indexed, then reads a sample back to prove none was lost on the way.

mod corpus;
mod report;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crate::context::{Authed, Context};
use anyhow::Context as _;
use brink_proto::v1::analysis_service_client::AnalysisServiceClient;
use brink_proto::v1::ingest_service_client::IngestServiceClient;
use brink_proto::v1::query_service_client::QueryServiceClient;
use brink_proto::v1::{
    GetStatusRequest, QueryGetArticleRequest, ServiceStatus, SubmitArticleRequest,
    submit_result::Outcome,
};
use prost::Message as _;
use report::{CatchUpFigures, Latency, Report, SubmitFigures, Verification};
use tokio::task::JoinSet;
use tokio::time::MissedTickBehavior;

/// How often catch-up is checked, which is also the resolution of the catch-up times.
const POLL_INTERVAL: Duration = Duration::from_millis(20);
/// Articles read back from the query service at the end.
const VERIFY_SAMPLE: usize = 100;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Articles to generate and submit.
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub articles: u64,
    /// Articles per `SubmitArticles` call; at most the service's batch limit (1000 by default).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub batch: u64,
    /// Batches in flight at once, each on its own stream.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub concurrency: u64,
    /// Seed of the article generator: the same seed submits the same articles.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Seconds any one call may take, and analysis and query may take to catch up after the
    /// last submission.
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub timeout: u64,
}

/// The pipeline under load.
#[derive(Clone)]
pub struct Clients {
    pub ingest: IngestServiceClient<Authed>,
    pub analysis: AnalysisServiceClient<Authed>,
    pub query: QueryServiceClient<Authed>,
}

pub async fn run(args: Args, context: &Context) -> anyhow::Result<ExitCode> {
    let clients = Clients {
        ingest: context.ingest().await?,
        analysis: context.analysis().await?,
        query: context.query().await?,
    };
    let report = measure(&args, clients).await?;
    if context.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!("{report}");
    }
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

async fn measure(args: &Args, clients: Clients) -> anyhow::Result<Report> {
    let timeout = Duration::from_secs(args.timeout);
    eprintln!(
        "submitting {} articles in batches of {}, concurrency {}",
        args.articles, args.batch, args.concurrency
    );
    let started = Instant::now();
    let batches = submit(args, &clients.ingest).await?;
    let submit_elapsed = started.elapsed();
    let deadline = tokio::time::Instant::now() + timeout;
    let ingest_head = clients
        .ingest
        .clone()
        .get_status(GetStatusRequest {})
        .await
        .context("reading the ingest status")?
        .into_inner()
        .log_head;

    let mut problems = Vec::new();
    let tally = Tally::of(&batches);
    let mut submit = tally.figures;
    submit.rates(args.articles, submit_elapsed);
    if let Some(error) = &tally.first_error {
        problems.push(format!(
            "{} of {} articles were rejected, first: {error}",
            submit.failed, args.articles
        ));
    }

    eprintln!("waiting for analysis and query to reach ingest head {ingest_head}");
    let mut progress = CatchUp::default();
    let finished =
        tokio::time::timeout_at(deadline, progress.follow(&clients, ingest_head, started)).await;
    if let Ok(result) = finished {
        result?;
    }
    let analysed = progress
        .analysed
        .map(|(elapsed, _)| CatchUpFigures::new(elapsed, &submit));
    let indexed = progress
        .indexed
        .map(|elapsed| CatchUpFigures::new(elapsed, &submit));
    if indexed.is_none() {
        problems.push(format!(
            "the pipeline did not catch up within {} s of the last submission: {}",
            args.timeout, progress.behind
        ));
    }

    let verified = match indexed {
        Some(_) => {
            let sample = sample(&tally.ids, VERIFY_SAMPLE);
            eprintln!("reading back {} sampled articles", sample.len());
            let (verification, missing) = verify(clients.query, &sample, timeout).await;
            if let Some(first) = missing.first() {
                problems.push(format!(
                    "{} of {} sampled articles lack an analysis in the query service, first {first}",
                    missing.len(),
                    sample.len()
                ));
            }
            Some(verification)
        }
        None => None,
    };

    Ok(Report {
        articles: args.articles,
        batch: args.batch,
        concurrency: args.concurrency,
        seed: args.seed,
        submit,
        batch_latency_ms: Latency::of(batches.iter().map(|b| b.latency).collect()),
        ingest_head,
        analysed,
        indexed,
        verified,
        problems,
    })
}

/// One acknowledged `SubmitArticles` call.
struct Batch {
    first: u64,
    latency: Duration,
    items: Vec<Item>,
}

struct Item {
    sentences: u32,
    bytes: u64,
    outcome: Option<Outcome>,
}

/// Sends every article, `concurrency` batches at a time; batches come back in article order.
async fn submit(args: &Args, client: &IngestServiceClient<Authed>) -> anyhow::Result<Vec<Batch>> {
    let next = Arc::new(AtomicU64::new(0));
    let mut workers = JoinSet::new();
    for _ in 0..args.concurrency {
        workers.spawn(submit_worker(args.clone(), client.clone(), next.clone()));
    }
    let mut batches = Vec::new();
    while let Some(done) = workers.join_next().await {
        batches.extend(done??);
    }
    batches.sort_unstable_by_key(|batch| batch.first);
    Ok(batches)
}

/// Takes the next unclaimed batch until none is left.
async fn submit_worker(
    args: Args,
    mut client: IngestServiceClient<Authed>,
    next: Arc<AtomicU64>,
) -> anyhow::Result<Vec<Batch>> {
    let mut batches = Vec::new();
    loop {
        let first = next.fetch_add(args.batch, Ordering::Relaxed);
        if first >= args.articles {
            return Ok(batches);
        }
        let end = (first + args.batch).min(args.articles);
        let mut items = Vec::with_capacity((end - first) as usize);
        let mut requests = Vec::with_capacity(items.capacity());
        for number in first..end {
            let article = corpus::article(args.seed, number);
            let sentences = article.sentences;
            let request = SubmitArticleRequest::from(article);
            items.push(Item {
                sentences,
                bytes: request.encoded_len() as u64,
                outcome: None,
            });
            requests.push(request);
        }
        let mut request = tonic::Request::new(tokio_stream::iter(requests));
        request.set_timeout(Duration::from_secs(args.timeout));
        let began = Instant::now();
        let results = client
            .submit_articles(request)
            .await
            .with_context(|| format!("submitting articles {first}..{end}"))?
            .into_inner()
            .results;
        let latency = began.elapsed();
        anyhow::ensure!(
            results.len() == items.len(),
            "the service answered {} of {} items of articles {first}..{end}",
            results.len(),
            items.len()
        );
        for (item, result) in items.iter_mut().zip(results) {
            item.outcome = result.outcome;
        }
        batches.push(Batch {
            first,
            latency,
            items,
        });
    }
}

impl From<corpus::Article> for SubmitArticleRequest {
    fn from(article: corpus::Article) -> SubmitArticleRequest {
        SubmitArticleRequest {
            title: article.title,
            body: article.body,
            url: article.url,
            source: article.source,
            published_at: article.published_at,
            ..Default::default()
        }
    }
}

/// What the acknowledgements add up to.
struct Tally {
    figures: SubmitFigures,
    /// Ids of the acknowledged articles, in article order.
    ids: Vec<String>,
    first_error: Option<String>,
}

impl Tally {
    fn of(batches: &[Batch]) -> Tally {
        let mut tally = Tally {
            figures: SubmitFigures::default(),
            ids: Vec::new(),
            first_error: None,
        };
        let figures = &mut tally.figures;
        for item in batches.iter().flat_map(|batch| &batch.items) {
            figures.payload_bytes += item.bytes;
            match &item.outcome {
                Some(Outcome::Accepted(accepted)) => {
                    tally.ids.push(accepted.id.clone());
                    if accepted.duplicate {
                        figures.duplicates += 1;
                        continue;
                    }
                    if !accepted.near_duplicate_of.is_empty() {
                        figures.near_duplicates += 1;
                    }
                    figures.stored += 1;
                    figures.sentences += u64::from(item.sentences);
                }
                Some(Outcome::Error(error)) => {
                    figures.failed += 1;
                    tally
                        .first_error
                        .get_or_insert_with(|| error.message.clone());
                }
                None => {
                    figures.failed += 1;
                    tally
                        .first_error
                        .get_or_insert_with(|| "no outcome from the service".to_owned());
                }
            }
        }
        tally
    }
}

/// How far analysis and query got; kept outside the polling future so a timeout keeps it.
#[derive(Default)]
struct CatchUp {
    /// Time from the first submission, and the analysis log head the query must then reach.
    analysed: Option<(Duration, u64)>,
    indexed: Option<Duration>,
    /// The last lagging position seen, for the timeout message.
    behind: String,
}

impl CatchUp {
    async fn follow(
        &mut self,
        clients: &Clients,
        ingest_head: u64,
        started: Instant,
    ) -> anyhow::Result<()> {
        let mut ticks = tokio::time::interval(POLL_INTERVAL);
        ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
        self.behind = "no status read yet".to_owned();
        loop {
            ticks.tick().await;
            let analysis_head = match self.analysed {
                Some((_, head)) => head,
                None => {
                    let status = clients
                        .analysis
                        .clone()
                        .get_status(GetStatusRequest {})
                        .await
                        .context("reading the analysis status")?
                        .into_inner();
                    let next = next_offset(&status, "ingest")?;
                    if next < ingest_head {
                        self.behind = format!("analysis at ingest offset {next} of {ingest_head}");
                        continue;
                    }
                    self.analysed = Some((started.elapsed(), status.log_head));
                    status.log_head
                }
            };
            let status = clients
                .query
                .clone()
                .get_status(GetStatusRequest {})
                .await
                .context("reading the query status")?
                .into_inner();
            let next = next_offset(&status, "analysis")?;
            if next >= analysis_head {
                self.indexed = Some(started.elapsed());
                return Ok(());
            }
            self.behind = format!("query at analysis offset {next} of {analysis_head}");
        }
    }
}

/// The next upstream offset a service will process.
fn next_offset(status: &ServiceStatus, upstream: &str) -> anyhow::Result<u64> {
    status
        .consumers
        .iter()
        .find(|consumer| consumer.upstream == upstream)
        .map(|consumer| consumer.next_offset)
        .with_context(|| format!("the {} service follows no {upstream} log", status.service))
}

/// Up to `count` ids spread evenly over the run, always including the last one submitted.
fn sample(ids: &[String], count: usize) -> Vec<String> {
    if ids.is_empty() {
        return Vec::new();
    }
    let step = ids.len().div_ceil(count.max(1));
    let picked: BTreeSet<usize> = (0..ids.len())
        .step_by(step)
        .chain([ids.len() - 1])
        .collect();
    picked.into_iter().map(|index| ids[index].clone()).collect()
}

/// Reads each id back from the query service; returns the figures and the ids without an
/// analysis.
async fn verify(
    mut query: QueryServiceClient<Authed>,
    ids: &[String],
    timeout: Duration,
) -> (Verification, Vec<String>) {
    let mut verification = Verification {
        sampled: ids.len(),
        ..Default::default()
    };
    let mut missing = Vec::new();
    let mut totals = [0usize; 4];
    for id in ids {
        let mut request = tonic::Request::new(QueryGetArticleRequest { id: id.clone() });
        request.set_timeout(timeout);
        let analysis = match query.get_article(request).await {
            Ok(view) => view.into_inner().analysis,
            Err(status) => {
                missing.push(format!("{id} ({})", status.message()));
                continue;
            }
        };
        match analysis {
            Some(analysis) if analysis.article_id == *id && !analysis.sentences.is_empty() => {
                verification.with_analysis += 1;
                let counts = [
                    analysis.sentences.len(),
                    analysis.actors.len(),
                    analysis.quotes.len(),
                    analysis.events.len(),
                ];
                for (total, count) in totals.iter_mut().zip(counts) {
                    *total += count;
                }
            }
            _ => missing.push(id.clone()),
        }
    }
    if verification.with_analysis > 0 {
        let mean = |total: usize| total as f64 / verification.with_analysis as f64;
        verification.mean_sentences = mean(totals[0]);
        verification.mean_actors = mean(totals[1]);
        verification.mean_quotes = mean(totals[2]);
        verification.mean_events = mean(totals[3]);
    }
    (verification, missing)
}
