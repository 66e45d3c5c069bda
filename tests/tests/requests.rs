//! Requests the protos admit but the services cannot honour: each is refused at once with a
//! status that says why, rather than read as something else or left waiting.

use std::time::Duration;

use brink_integration_tests::{Pipeline, generated_article, indexed_article};
use brink_proto::v1::{
    EventFilter, GetTensionRequest, SearchDistinctEventsRequest, SearchEventsRequest,
    SearchRequest, SubmitArticleRequest, SubscribeRequest, WatchAlertsRequest,
};
use tonic::Code;

const UNKNOWN: i32 = 42;

/// The refusal of a call with an enum number its enum does not define.
fn assert_unknown<T: std::fmt::Debug>(result: Result<T, tonic::Status>, field: &str) {
    let status = result.expect_err(field);
    assert_eq!(status.code(), Code::InvalidArgument, "{field}: {status:?}");
    let expected = format!("invalid {field}: unknown value {UNKNOWN}");
    assert_eq!(status.message(), expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_enum_value_is_an_invalid_argument_naming_field_and_value() -> anyhow::Result<()>
{
    let pipeline = Pipeline::start().await?;
    let mut ingest = pipeline.ingest_client().await?;
    let submitted = ingest
        .submit_article(SubmitArticleRequest {
            content_type: UNKNOWN,
            ..generated_article(1)
        })
        .await;
    assert_unknown(submitted, "content_type");

    let mut query = pipeline.query_client().await?;
    let filter = |filter: EventFilter| SearchEventsRequest {
        filter: Some(filter),
        ..SearchEventsRequest::default()
    };
    let role = query
        .search_events(filter(EventFilter {
            actor_role: UNKNOWN,
            ..EventFilter::default()
        }))
        .await;
    assert_unknown(role, "filter.actor_role");
    let quad = query
        .search_events(filter(EventFilter {
            quad_classes: vec![1, UNKNOWN],
            ..EventFilter::default()
        }))
        .await;
    assert_unknown(quad, "filter.quad_classes");
    let view = query
        .search_distinct_events(SearchDistinctEventsRequest {
            view: UNKNOWN,
            ..SearchDistinctEventsRequest::default()
        })
        .await;
    assert_unknown(view, "view");
    let bucket = query
        .get_tension(GetTensionRequest {
            actor_a: "USA".to_owned(),
            actor_b: "RUS".to_owned(),
            bucket: UNKNOWN,
            ..GetTensionRequest::default()
        })
        .await;
    assert_unknown(bucket, "bucket");
    let scope = query
        .search(SearchRequest {
            query: "talks".to_owned(),
            scope: UNKNOWN,
            ..SearchRequest::default()
        })
        .await;
    assert_unknown(scope, "scope");
    pipeline.stop().await
}

/// A subscription from past the head is OUT_OF_RANGE naming the head; one from the head waits.
fn assert_past_head<T>(result: Result<T, tonic::Status>, service: &str, head: u64) {
    let Err(status) = result else {
        panic!("{service}: a subscription past the head was accepted");
    };
    assert_eq!(status.code(), Code::OutOfRange, "{service}: {status:?}");
    assert!(
        status.message().contains(&format!("log head {head}")),
        "{service}: {}",
        status.message()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subscribing_past_the_head_is_out_of_range_and_at_the_head_waits() -> anyhow::Result<()> {
    let pipeline = Pipeline::start().await?;
    let mut ingest = pipeline.ingest_client().await?;
    let article = ingest
        .submit_article(generated_article(1))
        .await?
        .into_inner();
    let mut query = pipeline.query_client().await?;
    indexed_article(&query, &article.id, Duration::from_secs(60)).await?;
    let mut analysis = pipeline.analysis_client().await?;
    let from = |from_offset| SubscribeRequest {
        from_offset,
        ..SubscribeRequest::default()
    };

    assert_past_head(ingest.subscribe(from(2)).await, "ingest", 1);
    assert_past_head(analysis.subscribe(from(2)).await, "analysis", 1);
    let alerts = query
        .watch_alerts(WatchAlertsRequest { from_offset: 1 })
        .await;
    assert_past_head(alerts, "query alerts", 0);

    let mut at_head = ingest.subscribe(from(1)).await?.into_inner();
    let waited = tokio::time::timeout(Duration::from_millis(200), at_head.message()).await;
    assert!(waited.is_err(), "ingest at the head: {waited:?}");
    let mut at_head = analysis.subscribe(from(1)).await?.into_inner();
    let waited = tokio::time::timeout(Duration::from_millis(200), at_head.message()).await;
    assert!(waited.is_err(), "analysis at the head: {waited:?}");
    drop(at_head);
    pipeline.stop().await
}
