//! Full-text search over real gRPC, fed by a scripted analysis upstream.

/// Shared by every test file; each uses part of it.
#[allow(dead_code)]
mod support;

use std::time::Duration;

use brink_proto::v1::query_service_client::QueryServiceClient;
use brink_proto::v1::{
    AnalysisRecord, GetStatusRequest, SearchHit, SearchHitKind, SearchRequest, SearchResponse,
    SearchScope,
};
use brink_query::AlertConfig;
use support::{Running, Upstream, quote, record_with};
use tonic::Code;
use tonic::transport::Channel;

/// An article of `outlet` on `day` with its own title and body, and quotes.
fn article(
    id: &str,
    outlet: &str,
    day: &str,
    title: &str,
    body: &str,
    quotes: Vec<brink_proto::v1::Quote>,
) -> AnalysisRecord {
    let mut record = record_with(id, outlet, day, &[], Vec::new(), quotes);
    let article = record.article.as_mut().expect("article");
    article.title = title.to_owned();
    article.body = body.to_owned();
    record
}

/// Five articles: one with "fire and fury" as a phrase, two with the words apart, one quoting
/// Kim Jong Un, one about something else.
fn news() -> Vec<AnalysisRecord> {
    vec![
        article(
            "art-phrase",
            "Reuters",
            "2017-08-08",
            "Trump warns North Korea",
            "President Trump said threats from North Korea would be met with fire and fury like \
             the world has never seen, and officials in Guam prepared.",
            vec![quote(
                "USAGOV",
                "Donald Trump",
                "They will be met with fire and fury like the world has never seen",
                40,
            )],
        ),
        article(
            "art-apart",
            "AP",
            "2017-08-09",
            "Harbour blaze contained",
            "A fire at the harbour was contained by evening. Residents voiced fury over the slow \
             response, and officials promised an inquiry into the warehouse.",
            Vec::new(),
        ),
        article(
            "art-far",
            "BBC",
            "2017-08-10",
            "Diplomats react",
            "Analysts and diplomats reacted with fury to the remarks and warned that careless \
             rhetoric could easily set the whole region on fire before long.",
            Vec::new(),
        ),
        article(
            "art-kim",
            "KCNA",
            "2017-08-11",
            "Pyongyang answers",
            "Pyongyang said it would answer with merciless retaliation. Pyongyang's statement \
             followed days of threats.",
            vec![quote(
                "PRKGOV",
                "Kim Jong Un",
                "we will answer with merciless retaliation",
                0,
            )],
        ),
        article(
            "art-trade",
            "Reuters",
            "2017-08-12",
            "Trade talks resume in Geneva",
            "Negotiators met in Geneva on Monday to resume trade talks.",
            Vec::new(),
        ),
    ]
}

/// Waits until the search index holds `articles` articles.
async fn indexed(client: &mut QueryServiceClient<Channel>, articles: u64) {
    for _ in 0..400 {
        let status = client
            .get_status(GetStatusRequest {})
            .await
            .expect("status")
            .into_inner();
        let search = status
            .consumers
            .iter()
            .find(|c| c.upstream == "store")
            .expect("the search index reports its position");
        if search.next_offset >= articles {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the search index did not reach {articles} articles");
}

async fn loaded(dir: &std::path::Path) -> (Upstream, String, Running) {
    let (upstream, url) = Upstream::start().await;
    for record in news() {
        upstream.push(record);
    }
    let mut service = Running::start(dir, &url, AlertConfig::default()).await;
    service.caught_up(upstream.len()).await;
    indexed(&mut service.client, upstream.len()).await;
    (upstream, url, service)
}

fn request(query: &str) -> SearchRequest {
    SearchRequest {
        query: query.to_owned(),
        ..SearchRequest::default()
    }
}

async fn search(
    client: &mut QueryServiceClient<Channel>,
    request: SearchRequest,
) -> SearchResponse {
    client.search(request).await.expect("search").into_inner()
}

/// Each hit as "article id" or "article id/quote text".
fn keys(hits: &[SearchHit]) -> Vec<String> {
    hits.iter()
        .map(|hit| match &hit.quote {
            Some(quote) => format!("{}/{}", hit.article_id, quote.text),
            None => hit.article_id.clone(),
        })
        .collect()
}

/// The highlighted words of a hit's snippet.
fn highlighted(hit: &SearchHit) -> Vec<String> {
    let snippet = hit.snippet.clone().expect("snippet");
    snippet
        .highlights
        .iter()
        .map(|r| {
            snippet
                .text
                .chars()
                .skip(r.start as usize)
                .take((r.end - r.start) as usize)
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn the_phrase_ranks_above_scattered_words_and_quoted_phrases_match_exactly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_upstream, _url, mut service) = loaded(dir.path()).await;
    let c = &mut service.client;

    let articles = search(
        c,
        SearchRequest {
            scope: SearchScope::Articles.into(),
            ..request("fire and fury")
        },
    )
    .await;
    assert_eq!(articles.total_hits, 3);
    assert_eq!(keys(&articles.hits)[0], "art-phrase");
    let mut rest = keys(&articles.hits[1..]);
    rest.sort();
    assert_eq!(rest, ["art-apart", "art-far"]);
    assert!(articles.hits[0].score > articles.hits[1].score);
    let top = &articles.hits[0];
    assert_eq!(top.kind(), SearchHitKind::Article);
    assert_eq!(
        (
            top.article_title.as_str(),
            top.article_url.as_str(),
            top.article_source.as_str(),
            top.date.as_str()
        ),
        (
            "Trump warns North Korea",
            "https://news.example/art-phrase",
            "Reuters",
            "2017-08-08"
        )
    );
    let words = highlighted(top);
    assert!(words.iter().any(|w| w == "fury"), "{words:?}");
    assert!(
        words
            .iter()
            .all(|w| ["fire", "and", "fury"].contains(&w.as_str())),
        "{words:?}"
    );
    assert!(top.quote.is_none());

    let phrase = search(c, request("\"fire and fury\"")).await;
    assert_eq!(
        keys(&phrase.hits)
            .iter()
            .filter(|k| k.starts_with("art-phrase"))
            .count(),
        2,
        "the article and its quote"
    );
    assert_eq!(phrase.total_hits, 2);

    // Stems match: "threat" finds "threats"; excluded words drop hits.
    let stems = search(c, request("Threat")).await;
    let mut found = keys(&stems.hits);
    found.sort();
    assert_eq!(found, ["art-kim", "art-phrase"]);
    let without = search(c, request("threat -guam")).await;
    assert_eq!(keys(&without.hits), ["art-kim"]);
    let either = search(c, request("geneva OR retaliation")).await;
    assert_eq!(either.total_hits, 3, "two articles and a quote");
    let title = search(c, request("title:korea")).await;
    assert_eq!(keys(&title.hits), ["art-phrase"]);
    let possessive = search(c, request("Pyongyang's retaliation")).await;
    assert_eq!(keys(&possessive.hits), ["art-kim"]);
    service.stop().await;
}

#[tokio::test]
async fn quotes_are_found_by_their_words_and_speaker_and_scope_and_dates_filter() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_upstream, _url, mut service) = loaded(dir.path()).await;
    let c = &mut service.client;

    let quotes = |query: &str| SearchRequest {
        scope: SearchScope::Quotes.into(),
        ..request(query)
    };
    let found = search(c, quotes("merciless retaliating")).await;
    assert_eq!(found.total_hits, 1);
    let hit = &found.hits[0];
    assert_eq!(hit.kind(), SearchHitKind::Quote);
    let quote = hit.quote.clone().expect("quote");
    let speaker = quote.speaker.expect("speaker");
    assert_eq!(
        (speaker.name.as_str(), speaker.code.as_str()),
        ("Kim Jong Un", "PRKGOV")
    );
    assert_eq!(quote.text, "we will answer with merciless retaliation");
    assert_eq!(
        (
            hit.article_id.as_str(),
            hit.date.as_str(),
            hit.article_source.as_str()
        ),
        ("art-kim", "2017-08-11", "KCNA")
    );
    assert_eq!(highlighted(hit), ["merciless", "retaliation"]);

    let by_speaker = search(c, quotes("kim answer")).await;
    assert_eq!(
        keys(&by_speaker.hits),
        ["art-kim/we will answer with merciless retaliation"]
    );
    let by_code = search(c, quotes("speaker:usagov")).await;
    assert_eq!(by_code.total_hits, 1);
    assert_eq!(by_code.hits[0].article_id, "art-phrase");

    // Scope: the same words in an article and in a quote.
    let all = search(c, request("merciless retaliation")).await;
    let mut kinds: Vec<SearchHitKind> = all.hits.iter().map(SearchHit::kind).collect();
    kinds.sort();
    assert_eq!(kinds, [SearchHitKind::Article, SearchHitKind::Quote]);
    let articles = search(
        c,
        SearchRequest {
            scope: SearchScope::Articles.into(),
            ..request("merciless retaliation")
        },
    )
    .await;
    assert_eq!(keys(&articles.hits), ["art-kim"]);

    // Dates are the articles' days, inclusive.
    let dated = |from: &str, to: &str| SearchRequest {
        date_from: from.to_owned(),
        date_to: to.to_owned(),
        ..request("fury")
    };
    let mut late = keys(&search(c, dated("2017-08-09", "")).await.hits);
    late.sort();
    assert_eq!(late, ["art-apart", "art-far"]);
    let mut early = keys(&search(c, dated("", "2017-08-09")).await.hits);
    early.sort();
    assert_eq!(
        early,
        [
            "art-apart",
            "art-phrase",
            "art-phrase/They will be met with fire and fury like the world has never seen"
        ]
    );
    let one_day = search(c, dated("2017-08-10", "2017-08-10")).await;
    assert_eq!(keys(&one_day.hits), ["art-far"]);
    service.stop().await;
}

#[tokio::test]
async fn pages_return_every_hit_once_in_rank_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_upstream, _url, mut service) = loaded(dir.path()).await;
    let c = &mut service.client;
    let query = "fire OR fury OR retaliation OR geneva OR threats";

    let whole = search(c, request(query)).await;
    assert_eq!(whole.total_hits, 7);
    assert_eq!(whole.hits.len(), 7);
    assert!(whole.next_page_token.is_empty());
    assert!(whole.hits.windows(2).all(|w| w[0].score >= w[1].score));

    let mut paged = Vec::new();
    let mut token = String::new();
    loop {
        let page = search(
            c,
            SearchRequest {
                page_size: 3,
                page_token: token,
                ..request(query)
            },
        )
        .await;
        assert_eq!(page.total_hits, 7);
        assert!(page.hits.len() <= 3);
        paged.extend(page.hits);
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(keys(&paged), keys(&whole.hits));
    let mut unique = keys(&paged);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 7);
    service.stop().await;
}

#[tokio::test]
async fn bad_searches_name_the_field_and_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_upstream, _url, mut service) = loaded(dir.path()).await;
    let c = &mut service.client;
    let cases = [
        (request(""), "query: empty"),
        (request("   "), "query: empty"),
        (
            request(&"x".repeat(1001)),
            "query: longer than 1000 characters",
        ),
        (request("\"fire and"), "query: Syntax Error"),
        (request("nosuchfield:fury"), "query"),
        (request("-fury"), "query"),
        (
            SearchRequest {
                page_size: 101,
                ..request("fury")
            },
            "page_size: 101 is above the limit of 100",
        ),
        (
            SearchRequest {
                page_token: "garbage".into(),
                ..request("fury")
            },
            "page_token",
        ),
        (
            SearchRequest {
                page_token: "c1ffff".into(),
                ..request("fury")
            },
            "page_token",
        ),
        (
            SearchRequest {
                date_from: "2017-02-30".into(),
                ..request("fury")
            },
            "date_from",
        ),
        (
            SearchRequest {
                date_from: "2017-08-10".into(),
                date_to: "2017-08-01".into(),
                ..request("fury")
            },
            "date_to",
        ),
        (
            SearchRequest {
                scope: 9,
                ..request("fury")
            },
            "scope",
        ),
    ];
    for (request, expected) in cases {
        let status = c.search(request).await.expect_err("refused");
        assert_eq!(status.code(), Code::InvalidArgument, "{}", status.message());
        assert!(
            status.message().contains(expected),
            "{} lacks {expected}",
            status.message()
        );
    }
    // A token may point as deep as the 10,000th hit, and no deeper.
    let at = |rank: u64| SearchRequest {
        page_token: format!("c1{rank:016x}"),
        ..request("fury")
    };
    let deepest = search(c, at(9_999)).await;
    assert_eq!((deepest.hits.len(), deepest.total_hits), (0, 4));
    let status = c.search(at(10_000)).await.expect_err("refused");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert!(status.message().contains("page_token"));
    service.stop().await;
}

#[tokio::test]
async fn a_deleted_index_is_rebuilt_and_a_restarted_one_catches_up() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (upstream, url, mut service) = loaded(dir.path()).await;
    let status = service.status().await;
    let search_status = &status.consumers[1];
    assert_eq!(
        (
            search_status.upstream.as_str(),
            search_status.next_offset,
            search_status.upstream_head
        ),
        ("store", 5, 5)
    );
    let query = || request("fire OR retaliation OR geneva");
    let before = search(&mut service.client, query()).await;
    assert_eq!(before.total_hits, 7);
    service.stop().await;

    let index_dir = dir.path().join(brink_query::SEARCH_DIR);
    assert!(index_dir.is_dir());
    std::fs::remove_dir_all(&index_dir).expect("delete the index");
    let mut service = Running::start(dir.path(), &url, AlertConfig::default()).await;
    indexed(&mut service.client, 5).await;
    let rebuilt = search(&mut service.client, query()).await;
    let sorted = |hits: &[SearchHit]| {
        let mut keys = keys(hits);
        keys.sort();
        keys
    };
    assert_eq!(sorted(&rebuilt.hits), sorted(&before.hits));
    assert_eq!(rebuilt.total_hits, before.total_hits);
    service.stop().await;

    // Stored while the service was down: consumed on restart, then indexed.
    upstream.push(article(
        "art-late",
        "AP",
        "2017-08-13",
        "Geneva again",
        "Talks in Geneva ended without a deal.",
        Vec::new(),
    ));
    let mut service = Running::start(dir.path(), &url, AlertConfig::default()).await;
    service.caught_up(upstream.len()).await;
    indexed(&mut service.client, 6).await;
    let after = search(&mut service.client, query()).await;
    assert_eq!(after.total_hits, before.total_hits + 1);
    assert!(keys(&after.hits).contains(&"art-late".to_owned()));
    service.stop().await;
}
