//! Inputs that once stopped a stage: each must be set aside or bounded, and the pipeline must go
//! on with the articles after it.

use std::time::Duration;

use brink_integration_tests::{Pipeline, generated_article, indexed_article};
use brink_proto::v1::{GetStatusRequest, QueryGetArticleRequest, SubmitArticleRequest};

/// Sentences of two events each: an article of them makes an analysis record several times its
/// own size.
fn poison_article(bytes: usize) -> SubmitArticleRequest {
    let sentence = "Russia condemned Ukraine and France criticized Germany. ";
    SubmitArticleRequest {
        title: "Poison".to_owned(),
        body: sentence.repeat(bytes / sentence.len()),
        url: "https://news.example.org/poison".to_owned(),
        published_at: "2024-03-01T08:00:00Z".to_owned(),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analysis_over_the_message_limit_is_set_aside_and_query_goes_on() -> anyhow::Result<()> {
    const LIMIT: usize = 64 << 10;
    let pipeline = Pipeline::start_with_message_limit(LIMIT).await?;
    let mut ingest = pipeline.ingest_client().await?;
    let poison = ingest
        .submit_article(poison_article(LIMIT / 3))
        .await?
        .into_inner();
    let after = ingest
        .submit_article(generated_article(1))
        .await?
        .into_inner();

    let mut query = pipeline.query_client().await?;
    indexed_article(&query, &after.id, Duration::from_secs(120)).await?;
    let status = query.get_status(GetStatusRequest {}).await?.into_inner();
    assert_eq!(status.dead_letters, 1);
    let missing = query
        .get_article(QueryGetArticleRequest { id: poison.id })
        .await
        .expect_err("the poison article is set aside");
    assert_eq!(missing.code(), tonic::Code::NotFound);
    let analysis = pipeline
        .analysis_client()
        .await?
        .get_status(GetStatusRequest {})
        .await?
        .into_inner();
    assert_eq!(analysis.records, 2, "analysis stored both");
    assert_eq!(analysis.dead_letters, 0);
    pipeline.stop().await
}
