use std::path::Path;

use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use super::*;
use crate::context::connect;

/// A connection that sends no token, as the test pipeline needs none.
async fn open(url: &str) -> anyhow::Result<Authed> {
    Ok(tonic::service::interceptor::InterceptedService::new(
        connect(&brink_common::tls::Connector::default(), url).await?,
        brink_common::auth::Bearer::default(),
    ))
}

/// A whole pipeline on ephemeral loopback ports, stopped by `shutdown`.
async fn pipeline(dir: &Path, shutdown: &CancellationToken) -> anyhow::Result<Clients> {
    let bind = || TcpListener::bind("127.0.0.1:0");
    let (ingest, analysis, query) = (bind().await?, bind().await?, bind().await?);
    let url = |listener: &TcpListener| -> anyhow::Result<String> {
        Ok(format!("http://{}", listener.local_addr()?))
    };
    let (ingest_url, analysis_url, query_url) = (url(&ingest)?, url(&analysis)?, url(&query)?);
    let ingest_config = brink_ingest::Config {
        listen: ingest.local_addr()?,
        data_dir: dir.join("ingest"),
        ..Default::default()
    };
    let analysis_config = brink_analysis::Config {
        listen: analysis.local_addr()?,
        data_dir: dir.join("analysis"),
        ingest_url: ingest_url.clone(),
        ..Default::default()
    };
    let query_config = brink_query::Config {
        listen: query.local_addr()?,
        data_dir: dir.join("query"),
        analysis_urls: vec![analysis_url.clone()],
        ..Default::default()
    };
    tokio::spawn(brink_ingest::serve(ingest_config, ingest, shutdown.clone()));
    tokio::spawn(brink_analysis::serve(
        analysis_config,
        analysis,
        shutdown.clone(),
    ));
    tokio::spawn(brink_query::serve(query_config, query, shutdown.clone()));
    Ok(Clients {
        ingest: IngestServiceClient::new(open(&ingest_url).await?),
        analysis: AnalysisServiceClient::new(open(&analysis_url).await?),
        query: QueryServiceClient::new(open(&query_url).await?),
    })
}

fn args(articles: u64) -> Args {
    Args {
        articles,
        batch: 7,
        concurrency: 3,
        seed: 42,
        timeout: 120,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_load_run_is_stored_analysed_indexed_and_read_back() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let shutdown = CancellationToken::new();
    let clients = pipeline(dir.path(), &shutdown).await?;

    let first = measure(&args(40), clients.clone()).await?;
    assert!(first.problems.is_empty(), "{:?}", first.problems);
    assert_eq!(first.submit.stored, 40);
    assert_eq!((first.submit.duplicates, first.submit.failed), (0, 0));
    assert_eq!(first.ingest_head, 40);
    assert!(first.submit.sentences >= 40 * 11);
    assert_eq!(first.batch_latency_ms.batches, 6);
    let latency = &first.batch_latency_ms;
    assert!(latency.p50 <= latency.p95 && latency.p95 <= latency.p99 && latency.p99 <= latency.max);
    let analysed = first.analysed.as_ref().expect("analysed");
    let indexed = first.indexed.as_ref().expect("indexed");
    assert!(analysed.seconds <= indexed.seconds);
    let verified = first.verified.as_ref().expect("verified");
    assert_eq!(verified.sampled, 40);
    assert_eq!(verified.with_analysis, 40);
    assert!(verified.mean_quotes > 0.0 && verified.mean_actors > 0.0);

    // The same seed again: every article is a duplicate, nothing new to wait for.
    let again = measure(&args(40), clients).await?;
    assert!(again.problems.is_empty(), "{:?}", again.problems);
    assert_eq!((again.submit.stored, again.submit.duplicates), (0, 40));
    assert_eq!(again.ingest_head, 40);

    shutdown.cancel();
    Ok(())
}

#[tokio::test]
async fn an_unreachable_downstream_fails_the_run_at_the_timeout() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let shutdown = CancellationToken::new();
    let mut clients = pipeline(dir.path(), &shutdown).await?;
    // A query "service" that accepts connections but never answers.
    let silent = TcpListener::bind("127.0.0.1:0").await?;
    let silent_url = format!("http://{}", silent.local_addr()?);
    clients.query = QueryServiceClient::new(tonic::service::interceptor::InterceptedService::new(
        tonic::transport::Endpoint::from_shared(silent_url)?.connect_lazy(),
        brink_common::auth::Bearer::default(),
    ));
    let report = measure(
        &Args {
            timeout: 2,
            ..args(5)
        },
        clients,
    )
    .await?;
    assert!(report.indexed.is_none());
    assert!(report.verified.is_none());
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert!(report.problems[0].contains("did not catch up"));
    shutdown.cancel();
    Ok(())
}

#[test]
fn samples_spread_over_the_run_and_include_the_last_id() {
    let ids: Vec<String> = (0..1_000).map(|n| format!("art-{n}")).collect();
    let picked = sample(&ids, 100);
    assert_eq!(picked.len(), 101);
    assert_eq!(picked.first().map(String::as_str), Some("art-0"));
    assert_eq!(picked.last().map(String::as_str), Some("art-999"));
    assert!(picked.contains(&"art-500".to_owned()));

    let few: Vec<String> = (0..3).map(|n| format!("art-{n}")).collect();
    assert_eq!(sample(&few, 100), few);
    assert!(sample(&[], 100).is_empty());
}
