//! Two analysis workers splitting the ingest log by partition analyse every article exactly once
//! between them, and one query service following both indexes every article.

use std::collections::HashSet;
use std::time::Duration;

use brink_integration_tests::{
    eventually, generated_article, start_analysis_worker, start_ingest, start_query,
};
use brink_proto::v1::analysis_service_client::AnalysisServiceClient;
use brink_proto::v1::query_service_client::QueryServiceClient;
use brink_proto::v1::{
    GetStatusRequest, QueryGetArticleRequest, SubscribeRequest, submit_result::Outcome,
};
use futures::StreamExt;

const ARTICLES: usize = 120;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_share_the_log_without_overlap() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let any = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
    let mut ingest = start_ingest(dir.path(), any).await?;
    let mut workers = Vec::new();
    for partition in 0..2 {
        let data = dir.path().join(format!("analysis-{partition}"));
        workers.push(start_analysis_worker(data, any, &ingest.url(), partition, 2).await?);
    }

    let mut client =
        brink_proto::v1::ingest_service_client::IngestServiceClient::connect(ingest.url()).await?;
    let batch: Vec<_> = (0..ARTICLES).map(generated_article).collect();
    let results = client
        .submit_articles(futures::stream::iter(batch))
        .await?
        .into_inner()
        .results;
    let submitted: HashSet<String> = results
        .into_iter()
        .map(|r| match r.outcome {
            Some(Outcome::Accepted(a)) => a.id,
            other => panic!("not accepted: {other:?}"),
        })
        .collect();
    assert_eq!(submitted.len(), ARTICLES);

    let clients = [
        AnalysisServiceClient::connect(workers[0].url()).await?,
        AnalysisServiceClient::connect(workers[1].url()).await?,
    ];
    // Together the workers store one analysis per article ...
    eventually(Duration::from_secs(60), || {
        let clients = clients.clone();
        async move {
            let mut total = 0;
            for mut client in clients {
                total += client
                    .get_status(GetStatusRequest {})
                    .await?
                    .into_inner()
                    .records;
            }
            Ok((total == ARTICLES as u64).then_some(()))
        }
    })
    .await?;
    // ... each its own share, none twice.
    let mut analysed = Vec::new();
    for mut client in clients {
        let records = client
            .get_status(GetStatusRequest {})
            .await?
            .into_inner()
            .records;
        let mut stream = client
            .subscribe(SubscribeRequest {
                from_offset: 0,
                ..Default::default()
            })
            .await?
            .into_inner();
        let mut ids = HashSet::new();
        while (ids.len() as u64) < records {
            let record = stream.next().await.expect("stream open")?;
            assert!(ids.insert(record.article.expect("article").id));
        }
        assert!(!ids.is_empty(), "a worker got no share at all");
        analysed.push(ids);
    }
    assert!(
        analysed[0].is_disjoint(&analysed[1]),
        "an article was analysed by both workers"
    );
    let union: HashSet<String> = analysed.iter().flatten().cloned().collect();
    assert_eq!(union, submitted);

    // A query service following both workers indexes every article once, keeping an offset
    // per worker.
    let urls: Vec<String> = workers.iter().map(|w| w.url()).collect();
    let mut query = start_query(dir.path(), any, &urls).await?;
    let mut client = QueryServiceClient::connect(query.url()).await?;
    let mut expected: Vec<(String, u64)> = urls
        .iter()
        .cloned()
        .zip(analysed.iter().map(|ids| ids.len() as u64))
        .collect();
    expected.sort();
    // A consumer's offset is published just after the record it covers is counted: wait for
    // both rather than read one instant.
    let offsets = |status: &brink_proto::v1::ServiceStatus| {
        let mut offsets: Vec<(String, u64)> = status
            .consumers
            .iter()
            .filter(|c| c.upstream == "analysis")
            .map(|c| (c.endpoint.clone(), c.next_offset))
            .collect();
        offsets.sort();
        offsets
    };
    let status = eventually(Duration::from_secs(60), || {
        let mut client = client.clone();
        let expected = expected.clone();
        async move {
            let status = client.get_status(GetStatusRequest {}).await?.into_inner();
            Ok(
                (status.records == ARTICLES as u64 && offsets(&status) == expected)
                    .then_some(status),
            )
        }
    })
    .await;
    if let Err(error) = status {
        let status = client.get_status(GetStatusRequest {}).await?.into_inner();
        panic!(
            "offsets {:?} never matched {expected:?} with {} of {ARTICLES} records: {error}",
            offsets(&status),
            status.records
        );
    }
    for id in &submitted {
        let view = client
            .get_article(QueryGetArticleRequest { id: id.clone() })
            .await?
            .into_inner();
        assert_eq!(view.article.expect("article").id, *id);
    }

    query.stop().await?;
    for worker in &mut workers {
        worker.stop().await?;
    }
    ingest.stop().await
}
