//! An article goes in at ingest and comes out of query with its analysis; a batch with bad and
//! duplicate items gets one result per item.

use std::time::Duration;

use brink_integration_tests::{Pipeline, bundled_sample, indexed_article};
use brink_proto::v1::{
    GetAnalysisRequest, SearchEventsRequest, SubmitArticleRequest, submit_result::Outcome,
};

const WAIT: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn article_flows_from_ingest_to_query_with_its_analysis() -> anyhow::Result<()> {
    let pipeline = Pipeline::start().await?;
    let mut ingest = pipeline.ingest_client().await?;

    let first = ingest
        .submit_article(bundled_sample("strait-patrols")?)
        .await?
        .into_inner();
    assert!(!first.duplicate);

    let good = bundled_sample("sahel-mission")?;
    let duplicate_by_url = SubmitArticleRequest {
        body: "A different body under the same address.".into(),
        ..bundled_sample("strait-patrols")?
    };
    let empty = SubmitArticleRequest {
        title: "Empty".into(),
        ..Default::default()
    };
    let bad_time = SubmitArticleRequest {
        published_at: "last Friday".into(),
        url: "https://news.example.org/bad-time".into(),
        ..bundled_sample("grain-corridor")?
    };
    let batch = vec![good, duplicate_by_url, empty, bad_time];
    let results = ingest
        .submit_articles(futures::stream::iter(batch))
        .await?
        .into_inner()
        .results;
    assert_eq!(results.len(), 4, "one result per item: {results:?}");
    for (index, result) in results.iter().enumerate() {
        assert_eq!(result.index as usize, index);
    }
    let accepted = |i: usize| match &results[i].outcome {
        Some(Outcome::Accepted(accepted)) => accepted.clone(),
        other => panic!("item {i} should be accepted: {other:?}"),
    };
    let rejected = |i: usize| match &results[i].outcome {
        Some(Outcome::Error(error)) => error.clone(),
        other => panic!("item {i} should be rejected: {other:?}"),
    };
    let second = accepted(0);
    assert!(!second.duplicate);
    let dup = accepted(1);
    assert!(dup.duplicate);
    assert_eq!(dup.id, first.id);
    let empty_error = rejected(2);
    assert_eq!(empty_error.code, tonic::Code::InvalidArgument as i32);
    assert!(
        empty_error.message.contains("body"),
        "{}",
        empty_error.message
    );
    let time_error = rejected(3);
    assert_eq!(time_error.code, tonic::Code::InvalidArgument as i32);
    assert!(
        time_error.message.contains("published_at"),
        "{}",
        time_error.message
    );

    // Both accepted articles come out of query with their analyses.
    let mut query = pipeline.query_client().await?;
    for id in [&first.id, &second.id] {
        let view = indexed_article(&query, id, WAIT).await?;
        let article = view.article.expect("article");
        let analysis = view.analysis.expect("analysis");
        assert_eq!(&article.id, id);
        assert_eq!(&analysis.article_id, id);
        assert!(
            analysis.sentences.len() > 5,
            "sentences: {}",
            analysis.sentences.len()
        );
        assert!(!analysis.actors.is_empty(), "no actors found");
        // Evidence offsets point into the composed document.
        let document = format!("{}\n\n{}", article.title, article.body);
        for actor in &analysis.actors {
            for mention in &actor.mentions {
                let evidence = mention.evidence.as_ref().expect("evidence");
                let covered: String = document
                    .chars()
                    .skip(evidence.start as usize)
                    .take((evidence.end - evidence.start) as usize)
                    .collect();
                assert_eq!(covered, evidence.text);
            }
        }
    }

    // The strait article is about China and the United States: its events involve them.
    let events = query
        .search_events(SearchEventsRequest {
            article_id: first.id.clone(),
            page_size: 100,
            ..Default::default()
        })
        .await?
        .into_inner()
        .events;
    assert!(
        events.iter().any(|hit| {
            let event = hit.event.as_ref().expect("event");
            let codes = [&event.source, &event.target]
                .iter()
                .filter_map(|a| a.as_ref().map(|a| a.code.clone()))
                .collect::<Vec<_>>();
            codes.iter().any(|c| c.starts_with("CHN")) && codes.iter().any(|c| c.starts_with("USA"))
        }),
        "expected a China–United States event, got {events:?}"
    );

    // The analysis service answers for the same article directly too.
    let mut analysis = pipeline.analysis_client().await?;
    let record = analysis
        .get_analysis(GetAnalysisRequest {
            article_id: first.id.clone(),
        })
        .await?
        .into_inner();
    assert_eq!(record.article.expect("article").id, first.id);

    pipeline.stop().await
}

/// The founding sample article, when the shared samples are present beside the checkout.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn founding_sample_comes_out_of_query_with_putins_quotes() -> anyhow::Result<()> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/samples/putin-korea-2017.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: sample article not found at {}", path.display());
        return Ok(());
    };
    let json: serde_json::Value = serde_json::from_str(&text)?;
    let field = |key: &str| {
        json.get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    let pipeline = Pipeline::start().await?;
    let mut ingest = pipeline.ingest_client().await?;
    let accepted = ingest
        .submit_article(SubmitArticleRequest {
            title: field("title"),
            body: field("body"),
            published_at: field("published_at"),
            language: field("language"),
            ..Default::default()
        })
        .await?
        .into_inner();
    let query = pipeline.query_client().await?;
    let view = indexed_article(&query, &accepted.id, WAIT).await?;
    let analysis = view.analysis.expect("analysis");
    let putin_said = |fragment: &str| {
        analysis.quotes.iter().any(|q| {
            q.text.contains(fragment)
                && q.speaker.as_ref().is_some_and(|s| s.name.contains("Putin"))
        })
    };
    assert!(
        putin_said("misguided and futile"),
        "quotes: {:#?}",
        analysis.quotes
    );
    assert!(
        analysis.events.iter().any(|e| {
            let code = |a: &Option<brink_proto::v1::ActorRef>| {
                a.as_ref().map(|a| a.code.clone()).unwrap_or_default()
            };
            e.cameo_root == "13" && {
                let pair = [code(&e.source), code(&e.target)];
                pair.iter().any(|c| c.starts_with("USA"))
                    && pair.iter().any(|c| c.starts_with("PRK"))
            }
        }),
        "expected a threat between the United States and North Korea"
    );
    pipeline.stop().await
}
