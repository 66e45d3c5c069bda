//! Dictionaries change under a running pipeline: `Reanalyze` codes the stored articles again,
//! and query replaces each changed analysis in place, its counts following.

use std::time::Duration;

use brink_integration_tests::{Pipeline, eventually, generated_article, indexed_article};
use brink_proto::v1::{
    AnalyzeRequest, GetStatusRequest, QueryGetArticleRequest, ReanalyzeRequest, ReanalyzeResponse,
    SearchEventsRequest, SubmitArticleRequest, TopActorsRequest,
};
use tonic::Code;

const WAIT: Duration = Duration::from_secs(60);
const COMPACT: &str = "The Northern Fisheries Compact condemned Russia on Monday over the \
    seizure of two trawlers. Officials in the region said the dispute could widen.";
const IGOS: &str = "code\tname\taliases\nIGONFC\tNorthern Fisheries Compact\tNFC\n";
const GENERATED: usize = 4;

/// Runs `Reanalyze` over `[from, to]` to the last page, a few articles a page.
async fn reanalyze(pipeline: &Pipeline, from: &str, to: &str) -> anyhow::Result<ReanalyzeResponse> {
    let mut analysis = pipeline.analysis_client().await?;
    let mut request = ReanalyzeRequest {
        date_from: from.to_owned(),
        date_to: to.to_owned(),
        page_size: 2,
        page_token: String::new(),
    };
    let mut total = ReanalyzeResponse::default();
    loop {
        let page = analysis.reanalyze(request.clone()).await?.into_inner();
        total.reanalyzed += page.reanalyzed;
        total.unchanged += page.unchanged;
        total.scanned += page.scanned;
        total.analyzer_version = page.analyzer_version;
        if page.next_page_token.is_empty() {
            return Ok(total);
        }
        request.page_token = page.next_page_token;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dictionary_change_reaches_query_after_reanalysis() -> anyhow::Result<()> {
    let dictionaries = tempfile::tempdir()?;
    let pipeline = Pipeline::start_with_dictionaries(dictionaries.path().to_owned()).await?;
    let mut ingest = pipeline.ingest_client().await?;
    let compact = ingest
        .submit_article(SubmitArticleRequest {
            title: "Fisheries dispute".to_owned(),
            body: COMPACT.to_owned(),
            url: "https://news.example.org/fisheries".to_owned(),
            source: "Coastal Times".to_owned(),
            published_at: "2024-03-04T08:00:00Z".to_owned(),
            ..Default::default()
        })
        .await?
        .into_inner()
        .id;
    // Published on other days than the compact's.
    for n in 10..10 + GENERATED {
        ingest.submit_article(generated_article(n)).await?;
    }
    let mut query = pipeline.query_client().await?;
    let before = indexed_article(&query, &compact, WAIT).await?;
    let old_version = before.analysis.clone().unwrap_or_default().analyzer_version;
    assert_eq!(before.revision, 0);
    let coded = |view: &brink_proto::v1::ArticleView| {
        let analysis = view.analysis.clone().unwrap_or_default();
        analysis
            .events
            .iter()
            .any(|e| e.source.as_ref().is_some_and(|s| s.code == "IGONFC"))
    };
    assert!(!coded(&before), "the compact is unknown before the change");
    eventually(WAIT, || {
        let mut query = query.clone();
        async move {
            let status = query.get_status(GetStatusRequest {}).await?.into_inner();
            Ok((status.records == GENERATED as u64 + 1).then_some(()))
        }
    })
    .await?;

    // The analysis service reloads its dictionaries when the directory changes.
    std::fs::write(dictionaries.path().join("igos.tsv"), IGOS)?;
    let analysis = pipeline.analysis_client().await?;
    eventually(WAIT, || {
        let mut analysis = analysis.clone();
        async move {
            let coded = analysis
                .analyze(AnalyzeRequest {
                    body: COMPACT.to_owned(),
                    ..Default::default()
                })
                .await?
                .into_inner();
            Ok(coded
                .actors
                .iter()
                .any(|a| a.code == "IGONFC")
                .then_some(()))
        }
    })
    .await?;

    let done = reanalyze(&pipeline, "", "").await?;
    assert_eq!(done.scanned, GENERATED as u64 + 1);
    assert_eq!(
        done.reanalyzed, 1,
        "only the compact's article codes differently"
    );
    assert_eq!(done.unchanged, GENERATED as u64);
    assert_ne!(done.analyzer_version, old_version);

    let after = eventually(WAIT, || {
        let mut query = query.clone();
        let id = compact.clone();
        async move {
            let view = query
                .get_article(QueryGetArticleRequest { id })
                .await?
                .into_inner();
            Ok((view.revision == 1).then_some(view))
        }
    })
    .await?;
    assert!(
        coded(&after),
        "the new analysis codes the compact: {after:?}"
    );
    let new_analysis = after.analysis.clone().unwrap_or_default();
    assert_eq!(new_analysis.analyzer_version, done.analyzer_version);

    // The article's events are the new analysis's, once each.
    let hits = query
        .search_events(SearchEventsRequest {
            article_id: compact.clone(),
            ..Default::default()
        })
        .await?
        .into_inner()
        .events;
    let mut ids: Vec<_> = hits
        .iter()
        .map(|h| h.event.clone().unwrap_or_default().id)
        .collect();
    ids.sort();
    let mut expected: Vec<_> = new_analysis.events.iter().map(|e| e.id.clone()).collect();
    expected.sort();
    assert_eq!(ids, expected);
    let by_compact = query
        .search_events(SearchEventsRequest {
            actors: vec!["IGO".to_owned()],
            ..Default::default()
        })
        .await?
        .into_inner()
        .events;
    assert!(!by_compact.is_empty(), "the actor index has the new events");
    assert!(by_compact.iter().all(|h| h.article_id == compact));

    // Counts follow: the compact is counted once, and the articles stay as many.
    let top = query
        .top_actors(TopActorsRequest {
            limit: 1000,
            ..Default::default()
        })
        .await?
        .into_inner();
    let counted = top
        .by_mentions
        .iter()
        .find(|a| a.code == "IGONFC")
        .expect("the compact among the actors");
    let mentions: usize = new_analysis
        .actors
        .iter()
        .filter(|a| a.code == "IGONFC")
        .map(|a| a.mentions.len().max(1))
        .sum();
    assert_eq!(counted.mentions, mentions as u64);
    assert_eq!(counted.events, by_compact.len() as u64);
    let status = query.get_status(GetStatusRequest {}).await?.into_inner();
    assert_eq!(status.records, GENERATED as u64 + 1);

    // Run again, nothing codes differently; a range holding only the compact's day sees one.
    let again = reanalyze(&pipeline, "", "").await?;
    assert_eq!(
        (again.reanalyzed, again.unchanged),
        (0, GENERATED as u64 + 1)
    );
    let day = reanalyze(&pipeline, "2024-03-04", "2024-03-04").await?;
    assert_eq!((day.reanalyzed, day.unchanged), (0, 1));
    pipeline.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_reanalyze_requests_name_the_field() -> anyhow::Result<()> {
    let pipeline = Pipeline::start().await?;
    let mut analysis = pipeline.analysis_client().await?;
    let cases = [
        ("March 4", "", 0, "date_from"),
        ("", "2024-02-30", 0, "date_to"),
        ("2024-03-05", "2024-03-04", 0, "date_to"),
        ("", "", 5000, "page_size"),
    ];
    for (from, to, page_size, field) in cases {
        let status = analysis
            .reanalyze(ReanalyzeRequest {
                date_from: from.to_owned(),
                date_to: to.to_owned(),
                page_size,
                page_token: String::new(),
            })
            .await
            .expect_err("invalid request");
        assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
        assert!(status.message().contains(field), "{status:?}");
    }
    pipeline.stop().await
}
