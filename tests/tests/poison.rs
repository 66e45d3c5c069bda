//! Inputs that once stopped a stage: each must be set aside or bounded, and the pipeline must go
//! on with the articles after it.

use std::time::Duration;

use brink_integration_tests::{Pipeline, generated_article, indexed_article, start_ingest};
use brink_proto::v1::{
    GetStatusRequest, QueryGetArticleRequest, SubmitArticleRequest, SubmitArticleResponse,
    SubmitArticlesResponse,
};

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

/// A title that is not UTF-8 is the caller's error, named as such, not the server's.
#[tokio::test]
async fn a_field_that_is_not_utf8_is_an_invalid_argument_naming_it() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let mut ingest = start_ingest(dir.path(), "127.0.0.1:0".parse()?).await?;
    let channel = tonic::transport::Endpoint::from_shared(ingest.url())?
        .connect()
        .await?;
    let mut grpc = tonic::client::Grpc::new(channel);
    grpc.ready().await?;
    // Bytes encode as field 1, length-delimited (google.protobuf.BytesValue), as the string
    // SubmitArticleRequest.title does.
    let title: Vec<u8> = vec![b'a', 0xff, 0xfe];
    let status = grpc
        .unary(
            tonic::Request::new(title.clone()),
            "/brink.v1.IngestService/SubmitArticle".parse()?,
            tonic_prost::ProstCodec::<Vec<u8>, SubmitArticleResponse>::default(),
        )
        .await
        .expect_err("not UTF-8");
    assert_eq!(status.code(), tonic::Code::InvalidArgument, "{status:?}");
    assert!(status.message().contains("title"), "{}", status.message());
    // The same item in a batch stream.
    grpc.ready().await?;
    let status = grpc
        .client_streaming(
            tonic::Request::new(futures::stream::iter([title])),
            "/brink.v1.IngestService/SubmitArticles".parse()?,
            tonic_prost::ProstCodec::<Vec<u8>, SubmitArticlesResponse>::default(),
        )
        .await
        .expect_err("not UTF-8");
    assert_eq!(status.code(), tonic::Code::InvalidArgument, "{status:?}");
    assert!(status.message().contains("title"), "{}", status.message());
    ingest.stop().await
}
