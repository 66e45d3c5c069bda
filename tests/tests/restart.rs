//! The analysis service stopped in the middle of a stream and started again: every article is
//! analysed exactly once and reaches query.

use std::collections::HashSet;
use std::time::Duration;

use brink_integration_tests::{Pipeline, eventually, generated_article};
use brink_proto::v1::{
    GetStatusRequest, QueryGetArticleRequest, SubscribeRequest, submit_result::Outcome,
};
use futures::StreamExt;

const ARTICLES: usize = 300;
const BATCH: usize = 25;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn analysis_restart_mid_stream_loses_and_repeats_nothing() -> anyhow::Result<()> {
    let mut pipeline = Pipeline::start().await?;
    let mut ingest = pipeline.ingest_client().await?;
    let mut ids = Vec::with_capacity(ARTICLES);

    for (batch_number, start) in (0..ARTICLES).step_by(BATCH).enumerate() {
        let batch: Vec<_> = (start..start + BATCH).map(generated_article).collect();
        let results = ingest
            .submit_articles(futures::stream::iter(batch))
            .await?
            .into_inner()
            .results;
        for result in results {
            match result.outcome {
                Some(Outcome::Accepted(accepted)) if !accepted.duplicate => ids.push(accepted.id),
                other => anyhow::bail!("generated article not accepted as new: {other:?}"),
            }
        }
        if batch_number == 4 {
            // Stop analysis while the stream is flowing, keep submitting, then restart it.
            pipeline.analysis.stop().await?;
        }
        if batch_number == 7 {
            pipeline.restart_analysis().await?;
        }
    }
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ARTICLES);

    let mut analysis = pipeline.analysis_client().await?;
    let status = eventually(Duration::from_secs(60), || {
        let mut analysis = analysis.clone();
        async move {
            let status = analysis.get_status(GetStatusRequest {}).await?.into_inner();
            // The log head moves when a group of analyses is flushed, just after the offset.
            let done = status.consumers[0].next_offset == ARTICLES as u64
                && status.log_head >= ARTICLES as u64;
            Ok(done.then_some(status))
        }
    })
    .await?;
    // Exactly one analysis per article: the analysis log holds one entry each.
    assert_eq!(status.records, ARTICLES as u64);
    assert_eq!(status.log_head, ARTICLES as u64);
    let mut seen = HashSet::new();
    let mut stream = analysis
        .subscribe(SubscribeRequest {
            from_offset: 0,
            ..Default::default()
        })
        .await?
        .into_inner();
    while seen.len() < ARTICLES {
        let record = stream.next().await.expect("stream open")?;
        let id = record.article.expect("article").id;
        assert!(seen.insert(id.clone()), "article {id} analysed twice");
    }

    // Every article reaches query.
    let mut query = pipeline.query_client().await?;
    eventually(Duration::from_secs(60), || {
        let mut query = query.clone();
        async move {
            let status = query.get_status(GetStatusRequest {}).await?.into_inner();
            Ok((status.records == ARTICLES as u64).then_some(()))
        }
    })
    .await?;
    for id in &ids {
        let view = query
            .get_article(QueryGetArticleRequest { id: id.clone() })
            .await?
            .into_inner();
        assert!(
            view.analysis.is_some(),
            "article {id} without analysis in query"
        );
    }
    pipeline.stop().await
}
