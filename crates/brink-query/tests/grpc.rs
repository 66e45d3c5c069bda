//! The query service over real gRPC, fed by a scripted analysis upstream.

mod support;

use brink_proto::v1::query_service_client::QueryServiceClient;
use brink_proto::v1::{
    self as pb, ActorNetworkRequest, AnalysisRecord, EventFilter, EventHit, GetTensionRequest,
    ListAlertsRequest, ListQuotesRequest, QueryGetArticleRequest, SearchDistinctEventsRequest,
    SearchEventsRequest, TopActorsRequest, WatchAlertsRequest,
};
use brink_query::AlertConfig;
use support::{Ev, Running, Upstream, actor, quote, record, record_with};
use tonic::Code;
use tonic::transport::Channel;

fn threat<'a>(source: &'a str, target: &'a str, date: &'a str) -> Ev<'a> {
    Ev {
        source,
        target,
        cameo: "138",
        quad: 3,
        goldstein: -7.0,
        tone: -5.0,
        date,
        place: ("Pyongyang", "PRK"),
        ..Ev::default()
    }
}

fn meet<'a>(source: &'a str, target: &'a str, date: &'a str, tone: f64) -> Ev<'a> {
    Ev {
        source,
        target,
        cameo: "036",
        quad: 1,
        goldstein: 4.0,
        tone,
        date,
        ..Ev::default()
    }
}

/// Four articles, eight events; every expected number below is counted from this by hand.
fn crisis() -> Vec<AnalysisRecord> {
    let a1 = record_with(
        "art-1",
        "Reuters",
        "2017-08-08",
        &[
            Ev {
                hypothetical: true,
                ..threat("USAGOV", "PRKGOV", "2017-08-08")
            },
            Ev {
                place: ("Guam", "GUM"),
                ..threat("PRKGOV", "USAMIL", "2017-08-09")
            },
        ],
        vec![
            actor("USAGOV", "Donald Trump", &[0, 60]),
            actor("PRKGOV", "North Korea", &[20]),
        ],
        vec![quote(
            "USAGOV",
            "Donald Trump",
            "North Korea should stop the threats",
            20,
        )],
    );
    let a2 = record(
        "art-2",
        "AP",
        "2017-08-09",
        &[
            meet("CHNGOV", "PRKGOV", "", 1.0),
            Ev {
                source: "RUSGOV",
                target: "USAGOV",
                cameo: "111",
                quad: 3,
                goldstein: -2.0,
                tone: -2.0,
                negated: true,
                ..Ev::default()
            },
        ],
    );
    let a3 = record(
        "art-3",
        "Reuters",
        "2017-08-10",
        &[
            threat("USAGOV", "PRKGOV", "2017-08-08"),
            meet("PRKGOV", "USAGOV", "2017-08-10", 2.0),
        ],
    );
    let a4 = record_with(
        "art-4",
        "BBC",
        "2017-08-11",
        &[
            threat("USAGOV", "PRKGOV", "2017-08-08"),
            Ev {
                source: "USAMIL",
                target: "PRKMIL",
                cameo: "190",
                quad: 4,
                goldstein: -10.0,
                tone: -8.0,
                date: "2017-08-11",
                place: ("Seoul", "KOR"),
                ..Ev::default()
            },
        ],
        vec![
            actor("USAMIL", "US forces", &[5]),
            actor("PRKGOV", "Pyongyang", &[50]),
        ],
        vec![quote(
            "PRKGOV",
            "Kim Jong Un",
            "we are ready to respond",
            100,
        )],
    );
    vec![a1, a2, a3, a4]
}

async fn loaded() -> (tempfile::TempDir, Upstream, Running) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (upstream, url) = Upstream::start().await;
    for r in crisis() {
        upstream.push(r);
    }
    let mut service = Running::start(dir.path(), &url, AlertConfig::default()).await;
    service.caught_up(upstream.len()).await;
    (dir, upstream, service)
}

/// Every event matching `filter`, walking pages of two.
async fn all(client: &mut QueryServiceClient<Channel>, filter: EventFilter) -> Vec<EventHit> {
    let mut hits = Vec::new();
    let mut token = String::new();
    loop {
        let page = client
            .search_events(SearchEventsRequest {
                filter: Some(filter.clone()),
                page_size: 2,
                page_token: token,
                ..SearchEventsRequest::default()
            })
            .await
            .expect("search")
            .into_inner();
        assert!(page.events.len() <= 2);
        hits.extend(page.events);
        if page.next_page_token.is_empty() {
            return hits;
        }
        token = page.next_page_token;
    }
}

fn ids(hits: &[EventHit]) -> Vec<String> {
    hits.iter()
        .map(|h| h.event.clone().unwrap_or_default().id)
        .collect()
}

async fn ids_of(client: &mut QueryServiceClient<Channel>, filter: EventFilter) -> Vec<String> {
    ids(&all(client, filter).await)
}

#[tokio::test]
async fn every_filter_selects_the_right_events_newest_first() {
    let (_dir, _upstream, mut service) = loaded().await;
    let c = &mut service.client;
    let f = EventFilter::default;
    let usa = || vec!["USA".to_owned()];

    assert_eq!(
        ids_of(c, f()).await,
        [
            "art-4/1", "art-3/1", "art-2/1", "art-2/0", "art-1/1", "art-4/0", "art-3/0", "art-1/0"
        ]
    );
    assert_eq!(
        ids_of(
            c,
            EventFilter {
                actors: usa(),
                ..f()
            }
        )
        .await,
        [
            "art-4/1", "art-3/1", "art-2/1", "art-1/1", "art-4/0", "art-3/0", "art-1/0"
        ]
    );
    let role = |r: pb::ActorRole| EventFilter {
        actors: usa(),
        actor_role: r as i32,
        ..f()
    };
    assert_eq!(
        ids_of(c, role(pb::ActorRole::Source)).await,
        ["art-4/1", "art-4/0", "art-3/0", "art-1/0"]
    );
    assert_eq!(
        ids_of(c, role(pb::ActorRole::Target)).await,
        ["art-3/1", "art-2/1", "art-1/1"]
    );
    let actors = |a: &[&str]| EventFilter {
        actors: a.iter().map(|s| s.to_string()).collect(),
        ..f()
    };
    assert_eq!(ids_of(c, actors(&["usamil"])).await, ["art-4/1", "art-1/1"]);
    assert_eq!(
        ids_of(c, actors(&["CHN", "RUS"])).await,
        ["art-2/1", "art-2/0"]
    );

    let dyad = |undirected| EventFilter {
        source: "PRK".into(),
        target: "USA".into(),
        undirected,
        ..f()
    };
    assert_eq!(ids_of(c, dyad(false)).await, ["art-3/1", "art-1/1"]);
    assert_eq!(
        ids_of(c, dyad(true)).await,
        [
            "art-4/1", "art-3/1", "art-1/1", "art-4/0", "art-3/0", "art-1/0"
        ]
    );

    let cameo = |p: &str| EventFilter {
        cameo: vec![p.into()],
        ..f()
    };
    assert_eq!(
        ids_of(c, cameo("13")).await,
        ["art-1/1", "art-4/0", "art-3/0", "art-1/0"]
    );
    assert_eq!(ids_of(c, cameo("190")).await, ["art-4/1"]);
    assert_eq!(ids_of(c, cameo("03")).await, ["art-3/1", "art-2/0"]);

    let quads = |q: i32| EventFilter {
        quad_classes: vec![q],
        ..f()
    };
    assert_eq!(ids_of(c, quads(4)).await, ["art-4/1"]);
    assert_eq!(ids_of(c, quads(1)).await, ["art-3/1", "art-2/0"]);

    let goldstein = EventFilter {
        goldstein_min: Some(-8.0),
        goldstein_max: Some(-5.0),
        ..f()
    };
    assert_eq!(
        ids_of(c, goldstein).await,
        ["art-1/1", "art-4/0", "art-3/0", "art-1/0"]
    );

    let day = EventFilter {
        date_from: "2017-08-09".into(),
        date_to: "2017-08-09".into(),
        ..f()
    };
    assert_eq!(ids_of(c, day).await, ["art-2/1", "art-2/0", "art-1/1"]);

    let place = EventFilter {
        place_country: "kor".into(),
        ..f()
    };
    assert_eq!(ids_of(c, place).await, ["art-4/1"]);
    let place = EventFilter {
        place: "guam".into(),
        ..f()
    };
    assert_eq!(ids_of(c, place).await, ["art-1/1"]);

    let negated = |n| EventFilter {
        negated: Some(n),
        ..f()
    };
    assert_eq!(ids_of(c, negated(true)).await, ["art-2/1"]);
    assert_eq!(ids_of(c, negated(false)).await.len(), 7);
    let hypothetical = EventFilter {
        hypothetical: Some(true),
        ..f()
    };
    assert_eq!(ids_of(c, hypothetical).await, ["art-1/0"]);

    let article = EventFilter {
        article_id: "art-2".into(),
        ..f()
    };
    assert_eq!(ids_of(c, article).await, ["art-2/1", "art-2/0"]);

    let combined = EventFilter {
        actors: usa(),
        quad_classes: vec![3],
        date_from: "2017-08-09".into(),
        ..f()
    };
    assert_eq!(ids_of(c, combined).await, ["art-2/1", "art-1/1"]);

    // The legacy top-level fields still work.
    let legacy = c
        .search_events(SearchEventsRequest {
            actors: vec!["CHN".into()],
            ..SearchEventsRequest::default()
        })
        .await
        .expect("search")
        .into_inner();
    assert_eq!(ids(&legacy.events), ["art-2/0"]);
    let hit = &legacy.events[0];
    assert_eq!(
        (hit.article_source.as_str(), hit.date.as_str()),
        ("AP", "2017-08-09")
    );
    assert_eq!(hit.article_url, "https://news.example/art-2");
    service.stop().await;
}

#[tokio::test]
async fn get_article_returns_the_evidence() {
    let (_dir, _upstream, mut service) = loaded().await;
    let view = service
        .client
        .get_article(QueryGetArticleRequest { id: "art-3".into() })
        .await
        .expect("found")
        .into_inner();
    assert_eq!(view.article.expect("article").source, "Reuters");
    assert_eq!(view.analysis.expect("analysis").events.len(), 2);
    let missing = service
        .client
        .get_article(QueryGetArticleRequest {
            id: "art-404".into(),
        })
        .await
        .expect_err("absent");
    assert_eq!(missing.code(), Code::NotFound);
    service.stop().await;
}

#[tokio::test]
async fn pages_stay_stable_while_new_data_arrives() {
    let (_dir, upstream, mut service) = loaded().await;
    let first = service
        .client
        .search_events(SearchEventsRequest {
            page_size: 3,
            ..SearchEventsRequest::default()
        })
        .await
        .expect("page")
        .into_inner();
    assert_eq!(ids(&first.events), ["art-4/1", "art-3/1", "art-2/1"]);

    // Newer than the first page, newer than the cursor on its day, and older than everything.
    upstream.push(record(
        "art-5",
        "AP",
        "2017-09-01",
        &[meet("FRAGOV", "DEUGOV", "", 3.0)],
    ));
    upstream.push(record(
        "art-9",
        "AP",
        "2017-08-09",
        &[meet("FRAGOV", "DEUGOV", "", 3.0)],
    ));
    upstream.push(record(
        "art-0",
        "AP",
        "2017-01-01",
        &[meet("FRAGOV", "DEUGOV", "", 3.0)],
    ));
    service.caught_up(upstream.len()).await;

    let mut seen = ids(&first.events);
    let mut token = first.next_page_token;
    while !token.is_empty() {
        let page = service
            .client
            .search_events(SearchEventsRequest {
                page_size: 3,
                page_token: token,
                ..SearchEventsRequest::default()
            })
            .await
            .expect("page")
            .into_inner();
        seen.extend(ids(&page.events));
        token = page.next_page_token;
    }
    assert_eq!(
        seen,
        [
            "art-4/1", "art-3/1", "art-2/1", "art-2/0", "art-1/1", "art-4/0", "art-3/0", "art-1/0",
            "art-0/0"
        ]
    );
    service.stop().await;
}

#[tokio::test]
async fn distinct_events_merge_reports_across_articles() {
    let (_dir, _upstream, mut service) = loaded().await;
    let request = |view: pb::DistinctView, filter| SearchDistinctEventsRequest {
        filter: Some(filter),
        view: view as i32,
        ..SearchDistinctEventsRequest::default()
    };
    let threats = EventFilter {
        cameo: vec!["138".into()],
        date_from: "2017-08-08".into(),
        date_to: "2017-08-08".into(),
        ..EventFilter::default()
    };
    for view in [pb::DistinctView::Unspecified, pb::DistinctView::Daily] {
        let merged = service
            .client
            .search_distinct_events(request(view, threats.clone()))
            .await
            .expect("distinct")
            .into_inner()
            .events;
        assert_eq!(merged.len(), 1, "{view:?}");
        let event = &merged[0];
        assert_eq!(
            (event.mentions, event.article_count, event.source_count),
            (3, 3, 2)
        );
        assert_eq!(event.sources, ["Reuters", "BBC"]);
        assert_eq!(event.first.as_ref().expect("first").article_id, "art-1");
    }
    let everything = service
        .client
        .search_distinct_events(request(
            pb::DistinctView::Unspecified,
            EventFilter::default(),
        ))
        .await
        .expect("distinct")
        .into_inner()
        .events;
    // Eight reports, three of them the same event.
    assert_eq!(everything.len(), 6);
    service.stop().await;
}

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() < 1e-9
}

#[tokio::test]
async fn tension_matches_hand_computed_buckets() {
    let (_dir, _upstream, mut service) = loaded().await;
    let tension = |bucket: pb::BucketSize, from: &str, to: &str| GetTensionRequest {
        actor_a: "usa".into(),
        actor_b: "PRK".into(),
        from: from.into(),
        to: to.into(),
        bucket: bucket as i32,
    };
    let week = service
        .client
        .get_tension(tension(pb::BucketSize::Week, "", ""))
        .await
        .expect("tension")
        .into_inner()
        .buckets;
    assert_eq!(week.len(), 1);
    assert_eq!(week[0].start, "2017-08-07");
    // USA→PRK: three threats (-7, tone -5) on 08-08 and one attack (-10, tone -8) on 08-11.
    let ab = week[0].a_to_b.clone().expect("a_to_b");
    assert_eq!(ab.quad_counts, [0, 0, 3, 1]);
    assert_eq!(ab.events, 4);
    assert!(close(ab.goldstein_sum, -31.0));
    assert!(close(ab.goldstein_mean, -7.75));
    assert!(close(ab.conflict_share, 1.0));
    assert!(close(ab.tone_mean, -5.75));
    assert!(close(ab.escalation, 0.775));
    // PRK→USA: one threat (-7, tone -5) and one meeting offer (+4, tone 2).
    let ba = week[0].b_to_a.clone().expect("b_to_a");
    assert_eq!(ba.quad_counts, [1, 0, 1, 0]);
    assert!(close(ba.goldstein_mean, -1.5));
    assert!(close(ba.conflict_share, 0.5));
    assert!(close(ba.escalation, 0.075));
    assert!(close(ba.tone_mean, -1.5));
    let both = week[0].combined.clone().expect("combined");
    assert_eq!(both.events, 6);
    assert!(close(both.goldstein_sum, -34.0));
    assert!(close(both.conflict_share, 5.0 / 6.0));
    assert!(close(both.escalation, 5.0 / 6.0 * (34.0 / 6.0) / 10.0));

    let days = service
        .client
        .get_tension(tension(pb::BucketSize::Day, "2017-08-07", "2017-08-12"))
        .await
        .expect("tension")
        .into_inner()
        .buckets;
    let starts: Vec<&str> = days.iter().map(|b| b.start.as_str()).collect();
    assert_eq!(
        starts,
        [
            "2017-08-07",
            "2017-08-08",
            "2017-08-09",
            "2017-08-10",
            "2017-08-11",
            "2017-08-12"
        ]
    );
    let events = |b: &pb::TensionBucket| {
        (
            b.a_to_b.as_ref().expect("ab").events,
            b.b_to_a.as_ref().expect("ba").events,
        )
    };
    let per_day: Vec<(u64, u64)> = days.iter().map(events).collect();
    assert_eq!(per_day, [(0, 0), (3, 0), (0, 1), (0, 1), (1, 0), (0, 0)]);

    let month = service
        .client
        .get_tension(tension(pb::BucketSize::Month, "2017-07-15", "2017-08-31"))
        .await
        .expect("tension")
        .into_inner()
        .buckets;
    assert_eq!(month.len(), 2);
    assert_eq!(
        (month[0].start.as_str(), month[1].start.as_str()),
        ("2017-07-01", "2017-08-01")
    );
    assert_eq!(month[1].combined.as_ref().expect("combined").events, 6);

    // The negated Russian criticism did not happen.
    let rus = service
        .client
        .get_tension(GetTensionRequest {
            actor_a: "RUS".into(),
            actor_b: "USA".into(),
            from: "2017-08-09".into(),
            to: "2017-08-09".into(),
            bucket: 0,
        })
        .await
        .expect("tension")
        .into_inner()
        .buckets;
    assert_eq!(rus[0].combined.as_ref().expect("combined").events, 0);
    service.stop().await;
}

#[tokio::test]
async fn quotes_actors_and_network() {
    let (_dir, _upstream, mut service) = loaded().await;
    let c = &mut service.client;
    let quotes = |speaker: &str, mentions: &str, text: &str| ListQuotesRequest {
        speaker: speaker.into(),
        mentions: mentions.into(),
        text: text.into(),
        ..ListQuotesRequest::default()
    };
    let texts = |r: pb::ListQuotesResponse| -> Vec<String> {
        r.quotes
            .into_iter()
            .map(|q| q.quote.expect("quote").text)
            .collect()
    };
    let all = texts(
        c.list_quotes(quotes("", "", ""))
            .await
            .expect("quotes")
            .into_inner(),
    );
    assert_eq!(
        all,
        [
            "we are ready to respond",
            "North Korea should stop the threats"
        ]
    );
    let trump = texts(
        c.list_quotes(quotes("trump", "", ""))
            .await
            .expect("quotes")
            .into_inner(),
    );
    assert_eq!(trump, ["North Korea should stop the threats"]);
    let by_code = texts(
        c.list_quotes(quotes("PRK", "", ""))
            .await
            .expect("quotes")
            .into_inner(),
    );
    assert_eq!(by_code, ["we are ready to respond"]);
    let naming = texts(
        c.list_quotes(quotes("", "PRK", ""))
            .await
            .expect("quotes")
            .into_inner(),
    );
    assert_eq!(naming, ["North Korea should stop the threats"]);
    let text = texts(
        c.list_quotes(quotes("", "", "READY"))
            .await
            .expect("quotes")
            .into_inner(),
    );
    assert_eq!(text, ["we are ready to respond"]);

    let top = c
        .top_actors(TopActorsRequest::default())
        .await
        .expect("top")
        .into_inner();
    let mentions: Vec<(&str, u64)> = top
        .by_mentions
        .iter()
        .map(|a| (a.code.as_str(), a.mentions))
        .collect();
    assert_eq!(mentions[..3], [("PRKGOV", 2), ("USAGOV", 2), ("USAMIL", 1)]);
    let conflict: Vec<(&str, u64)> = top
        .by_conflict
        .iter()
        .map(|a| (a.code.as_str(), a.conflict_events))
        .collect();
    assert_eq!(
        conflict,
        [("PRKGOV", 4), ("USAGOV", 3), ("USAMIL", 2), ("PRKMIL", 1)]
    );
    assert_eq!(top.by_mentions[0].events, 6);

    let network = c
        .actor_network(ActorNetworkRequest::default())
        .await
        .expect("network")
        .into_inner()
        .pairs;
    let pairs: Vec<(&str, &str, u64)> = network
        .iter()
        .map(|p| (p.actor_a.as_str(), p.actor_b.as_str(), p.weight))
        .collect();
    assert_eq!(pairs, [("PRKGOV", "USAGOV", 1), ("PRKGOV", "USAMIL", 1)]);
    let only = c
        .actor_network(ActorNetworkRequest {
            actor: "usamil".into(),
            date_from: "2017-08-11".into(),
            ..ActorNetworkRequest::default()
        })
        .await
        .expect("network")
        .into_inner()
        .pairs;
    assert_eq!(only.len(), 1);
    service.stop().await;
}

#[tokio::test]
async fn export_streams_every_matching_row() {
    let (_dir, _upstream, mut service) = loaded().await;
    let filter = EventFilter {
        actors: vec!["USA".into()],
        ..EventFilter::default()
    };
    let mut stream = service
        .client
        .export(filter.clone())
        .await
        .expect("export")
        .into_inner();
    let mut rows = Vec::new();
    while let Some(row) = stream.message().await.expect("row") {
        rows.push(row);
    }
    assert_eq!(rows, all(&mut service.client, filter).await);
    assert_eq!(rows.len(), 7);
    service.stop().await;
}

#[tokio::test]
async fn bad_requests_name_the_field_and_limit() {
    let (_dir, _upstream, mut service) = loaded().await;
    let c = &mut service.client;
    let search = |page_size, page_token: &str, filter| SearchEventsRequest {
        page_size,
        page_token: page_token.into(),
        filter: Some(filter),
        ..SearchEventsRequest::default()
    };
    let cases = [
        (
            search(1001, "", EventFilter::default()),
            "page_size: 1001 is above the limit of 1000",
        ),
        (search(0, "garbage", EventFilter::default()), "page_token"),
        (
            search(
                0,
                "",
                EventFilter {
                    goldstein_min: Some(11.0),
                    ..EventFilter::default()
                },
            ),
            "filter.goldstein_min",
        ),
        (
            search(
                0,
                "",
                EventFilter {
                    quad_classes: vec![7],
                    ..EventFilter::default()
                },
            ),
            "filter.quad_classes",
        ),
        (
            search(
                0,
                "",
                EventFilter {
                    date_from: "2017-02-30".into(),
                    ..EventFilter::default()
                },
            ),
            "filter.date_from",
        ),
        (
            search(
                0,
                "",
                EventFilter {
                    cameo: vec!["1a".into()],
                    ..EventFilter::default()
                },
            ),
            "filter.cameo",
        ),
        (
            search(
                0,
                "",
                EventFilter {
                    actors: vec!["X".repeat(40)],
                    ..EventFilter::default()
                },
            ),
            "32 characters",
        ),
    ];
    for (request, expected) in cases {
        let status = c.search_events(request).await.expect_err("refused");
        assert_eq!(status.code(), Code::InvalidArgument);
        assert!(
            status.message().contains(expected),
            "{} lacks {expected}",
            status.message()
        );
    }
    let tension = |a: &str, from: &str, to: &str| GetTensionRequest {
        actor_a: a.into(),
        actor_b: "PRK".into(),
        from: from.into(),
        to: to.into(),
        bucket: 0,
    };
    for (request, expected) in [
        (tension("U", "", ""), "actor_a"),
        (tension("PRK", "", ""), "actor_b"),
        (tension("USA", "2017-02-01", "2017-01-01"), "to"),
        (tension("USA", "2000-01-01", "2017-01-01"), "3660 days"),
    ] {
        let status = c.get_tension(request).await.expect_err("refused");
        assert_eq!(status.code(), Code::InvalidArgument);
        assert!(
            status.message().contains(expected),
            "{} lacks {expected}",
            status.message()
        );
    }
    let long = ListQuotesRequest {
        text: "x".repeat(201),
        ..ListQuotesRequest::default()
    };
    let status = c.list_quotes(long).await.expect_err("refused");
    assert!(status.message().contains("text") && status.message().contains("200"));
    service.stop().await;
}

/// `per_day` FRA→DEU conflict events on each of `days` consecutive days from 2017-03-01.
fn steady(upstream: &Upstream, first_day: u32, days: u32, per_day: usize, pair: (&str, &str)) {
    for day in first_day..first_day + days {
        let date = format!("2017-03-{day:02}");
        let events: Vec<Ev<'_>> = (0..per_day)
            .map(|_| Ev {
                source: pair.0,
                target: pair.1,
                cameo: "112",
                quad: 3,
                goldstein: -2.0,
                date: &date,
                ..Ev::default()
            })
            .collect();
        upstream.push(record(
            &format!("art-{}-{date}", pair.0),
            "AP",
            &date,
            &events,
        ));
    }
}

#[tokio::test]
async fn a_spike_raises_an_alert_and_steady_traffic_does_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (upstream, url) = Upstream::start().await;
    let alerts = AlertConfig {
        window_days: 7,
        z_threshold: 3.0,
        min_events: 3,
    };
    let mut service = Running::start(dir.path(), &url, alerts).await;
    steady(&upstream, 1, 10, 4, ("FRAGOV", "DEUGOV"));
    service.caught_up(upstream.len()).await;
    let listed = service
        .client
        .list_alerts(ListAlertsRequest::default())
        .await
        .expect("alerts")
        .into_inner();
    assert!(
        listed.alerts.is_empty(),
        "steady traffic alerted: {:?}",
        listed.alerts
    );

    // Headers of a server stream may wait for its first message: watch from another task.
    let mut watcher_client = service.client.clone();
    let watcher = tokio::spawn(async move {
        let mut watch = watcher_client
            .watch_alerts(WatchAlertsRequest { from_offset: 0 })
            .await
            .expect("watch")
            .into_inner();
        let first = watch.message().await.expect("stream").expect("alert");
        let second = watch.message().await.expect("stream").expect("alert");
        (first, second)
    });
    steady(&upstream, 11, 1, 12, ("FRAGOV", "DEUGOV"));
    service.caught_up(upstream.len()).await;
    let listed = service
        .client
        .list_alerts(ListAlertsRequest::default())
        .await
        .expect("alerts")
        .into_inner();
    assert_eq!(listed.alerts.len(), 1, "the spike raised no alert");
    let alert = &listed.alerts[0];
    assert_eq!(
        (alert.actor_a.as_str(), alert.actor_b.as_str()),
        ("DEU", "FRA")
    );
    assert_eq!(
        (alert.day.as_str(), alert.conflict_events, alert.offset),
        ("2017-03-11", 12, 0)
    );
    assert!(close(alert.baseline_mean, 4.0) && close(alert.z_score, 8.0));
    assert_eq!(alert.events.len(), 12);

    // A quiet dyad with a little history: one event a day, then five.
    steady(&upstream, 5, 6, 1, ("GBRGOV", "IRNGOV"));
    steady(&upstream, 11, 1, 5, ("GBRGOV", "IRNGOV"));
    let (first, second) = tokio::time::timeout(std::time::Duration::from_secs(10), watcher)
        .await
        .expect("both alerts streamed")
        .expect("watcher");
    assert_eq!(&first, alert);
    assert_eq!((second.actor_a.as_str(), second.offset), ("GBR", 1));
    service.caught_up(upstream.len()).await;

    let newest_first = service
        .client
        .list_alerts(ListAlertsRequest::default())
        .await
        .expect("alerts")
        .into_inner()
        .alerts;
    let offsets: Vec<u64> = newest_first.iter().map(|a| a.offset).collect();
    assert_eq!(offsets, [1, 0]);
    let iran = service
        .client
        .list_alerts(ListAlertsRequest {
            actor: "irn".into(),
            ..ListAlertsRequest::default()
        })
        .await
        .expect("alerts")
        .into_inner()
        .alerts;
    assert_eq!(iran.len(), 1);
    let replay = service
        .client
        .watch_alerts(WatchAlertsRequest { from_offset: 1 })
        .await
        .expect("watch")
        .into_inner()
        .message()
        .await
        .expect("stream")
        .expect("alert");
    assert_eq!(replay.actor_b, "IRN");
    service.stop().await;
}

async fn counts(client: &mut QueryServiceClient<Channel>) -> (usize, u64, u64) {
    let events = all(client, EventFilter::default()).await.len();
    let merged = client
        .search_distinct_events(SearchDistinctEventsRequest {
            filter: Some(EventFilter {
                cameo: vec!["138".into()],
                date_to: "2017-08-08".into(),
                ..EventFilter::default()
            }),
            ..SearchDistinctEventsRequest::default()
        })
        .await
        .expect("distinct")
        .into_inner()
        .events;
    let tension = client
        .get_tension(GetTensionRequest {
            actor_a: "USA".into(),
            actor_b: "PRK".into(),
            bucket: pb::BucketSize::Month as i32,
            ..GetTensionRequest::default()
        })
        .await
        .expect("tension")
        .into_inner()
        .buckets;
    (
        events,
        merged[0].mentions,
        tension[0].combined.as_ref().expect("combined").events,
    )
}

#[tokio::test]
async fn restart_resumes_at_the_durable_offset_and_redelivery_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (upstream, url) = Upstream::start().await;
    let fixture = crisis();
    for r in &fixture[..3] {
        upstream.push(r.clone());
    }
    let mut service = Running::start(dir.path(), &url, AlertConfig::default()).await;
    service.caught_up(3).await;
    let before = counts(&mut service.client).await;
    assert_eq!(before, (6, 2, 4));

    // The same article delivered again at a later offset.
    upstream.push(fixture[0].clone());
    service.caught_up(4).await;
    assert_eq!(counts(&mut service.client).await, before);
    service.stop().await;

    let mut service = Running::start(dir.path(), &url, AlertConfig::default()).await;
    let status = service.status().await;
    assert_eq!(status.consumers[0].next_offset, 4);
    assert_eq!((status.service.as_str(), status.records), ("query", 3));
    upstream.push(fixture[3].clone());
    let status = service.caught_up(5).await;
    assert_eq!(status.consumers[0].upstream_head, 5);
    assert_eq!(upstream.subscriptions().last(), Some(&4));
    assert_eq!(counts(&mut service.client).await, (8, 3, 6));
    service.stop().await;
}

#[tokio::test]
async fn an_alert_watch_answers_at_once_and_ends_at_shutdown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_upstream, url) = Upstream::start().await;
    let service = Running::start(dir.path(), &url, AlertConfig::default()).await;
    let mut client = service.client.clone();
    let wait = std::time::Duration::from_secs(5);
    let mut watch = tokio::time::timeout(
        wait,
        client.watch_alerts(WatchAlertsRequest { from_offset: 0 }),
    )
    .await
    .expect("the response comes before any alert")
    .expect("watch")
    .into_inner();
    tokio::time::timeout(wait, service.stop())
        .await
        .expect("shutdown does not wait on the watch");
    let end = tokio::time::timeout(wait, watch.message())
        .await
        .expect("the watch ends");
    assert!(matches!(end, Ok(None)), "watch ended with {end:?}");
}

/// Pushes one article for each day of April 2017 in `days`, each reporting a meeting and a
/// threat between Italy and Spain: two events, and two merged events in either view.
fn april(upstream: &Upstream, prefix: &str, days: impl Iterator<Item = u32>) -> Vec<String> {
    let mut ids = Vec::new();
    for day in days {
        let date = format!("2017-04-{day:02}");
        let id = format!("{prefix}-{day:02}");
        let events = [
            meet("ITAGOV", "ESPGOV", &date, 1.0),
            threat("ESPGOV", "ITAGOV", &date),
        ];
        upstream.push(record(&id, "AP", &date, &events));
        ids.extend([format!("{id}/0"), format!("{id}/1")]);
    }
    ids
}

/// Every item once, newest day first, and each of `expected` among them.
fn served_once(items: &[(String, String)], expected: &[String]) {
    assert!(
        items.windows(2).all(|w| w[0].0 >= w[1].0),
        "newest day first"
    );
    let mut ids: Vec<&str> = items.iter().map(|(_, id)| id.as_str()).collect();
    ids.sort_unstable();
    let len = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), len, "no item repeated");
    for id in expected {
        assert!(ids.binary_search(&id.as_str()).is_ok(), "{id} served");
    }
}

/// One page of seven from the walk `kind` selects: events of an actor, events of a dyad, then
/// merged events in each view. Items are (date, id of the event or of the first report).
async fn page_of(
    client: &mut QueryServiceClient<Channel>,
    kind: usize,
    page_token: String,
) -> (Vec<(String, String)>, String) {
    let item = |hit: &EventHit| {
        let id = hit
            .event
            .as_ref()
            .map_or_else(String::new, |e| e.id.clone());
        (hit.date.clone(), id)
    };
    let filter = match kind {
        0 => EventFilter {
            actors: vec!["ITA".into()],
            ..EventFilter::default()
        },
        1 => EventFilter {
            source: "ITA".into(),
            target: "ESP".into(),
            undirected: true,
            ..EventFilter::default()
        },
        _ => {
            let view = [pb::DistinctView::Unspecified, pb::DistinctView::Daily][kind - 2];
            let request = SearchDistinctEventsRequest {
                view: view as i32,
                page_size: 7,
                page_token,
                ..SearchDistinctEventsRequest::default()
            };
            let page = client.search_distinct_events(request).await.expect("page");
            let page = page.into_inner();
            let items: Vec<_> = page
                .events
                .iter()
                .filter_map(|m| m.first.as_ref())
                .map(item)
                .collect();
            assert_eq!(items.len(), page.events.len(), "each with its first report");
            return (items, page.next_page_token);
        }
    };
    let request = SearchEventsRequest {
        filter: Some(filter),
        page_size: 7,
        page_token,
        ..SearchEventsRequest::default()
    };
    let page = client
        .search_events(request)
        .await
        .expect("page")
        .into_inner();
    (page.events.iter().map(item).collect(), page.next_page_token)
}

/// Enough events that the packed indexes hold many runs. In each walk, a new batch of articles
/// arrives after the first page, on days among those already stored.
#[tokio::test]
async fn pages_over_many_events_stay_whole_while_indexes_grow() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (upstream, url) = Upstream::start().await;
    let mut stored = april(&upstream, "odd", (1..=29).step_by(2));
    // A merged event is named by its first report; later batches repeat the first one's.
    let mut first_reports = stored.clone();
    let mut service = Running::start(dir.path(), &url, AlertConfig::default()).await;
    service.caught_up(upstream.len()).await;
    let mut client = service.client.clone();
    for kind in 0..4 {
        let before = if kind < 2 { &stored } else { &first_reports }.clone();
        let (mut items, mut token) = page_of(&mut client, kind, String::new()).await;
        let batch = april(&upstream, &format!("w{kind}"), (2..=28).step_by(2));
        if kind == 0 {
            first_reports.extend(batch.iter().cloned());
        }
        stored.extend(batch);
        service.caught_up(upstream.len()).await;
        while !token.is_empty() {
            let (page, next) = page_of(&mut client, kind, token).await;
            assert!(!page.is_empty() && page.len() <= 7, "kind {kind}");
            items.extend(page);
            token = next;
        }
        served_once(&items, &before);
    }
    service.stop().await;
}
