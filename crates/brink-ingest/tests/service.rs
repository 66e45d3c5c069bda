//! The ingest service over real gRPC on a loopback port.

use std::path::Path;
use std::time::Duration;

use brink_ingest::{Config, serve};
use brink_proto::v1::ingest_service_client::IngestServiceClient;
use brink_proto::v1::{
    ArticleRecord, ContentType, GetArticleRequest, GetStatusRequest, SubmitArticleRequest,
    SubmitArticleResponse, SubscribeRequest, submit_result,
};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tonic::Code;
use tonic::transport::Channel;

struct Server {
    client: IngestServiceClient<Channel>,
    shutdown: CancellationToken,
    task: JoinHandle<Result<(), brink_ingest::Error>>,
}

impl Server {
    async fn start(data_dir: &Path) -> Server {
        Server::start_with(Config {
            data_dir: data_dir.to_owned(),
            ..Config::default()
        })
        .await
    }

    async fn start_with(config: Config) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        let shutdown = CancellationToken::new();
        let task = tokio::spawn(serve(config, listener, shutdown.clone()));
        let client = IngestServiceClient::connect(format!("http://{address}"))
            .await
            .expect("connect");
        Server {
            client,
            shutdown,
            task,
        }
    }

    async fn stop(self) {
        drop(self.client);
        self.shutdown.cancel();
        tokio::time::timeout(Duration::from_secs(10), self.task)
            .await
            .expect("server stops in time")
            .expect("server task")
            .expect("server ends cleanly");
    }

    async fn submit(&mut self, request: SubmitArticleRequest) -> SubmitArticleResponse {
        self.client
            .submit_article(request)
            .await
            .expect("submit")
            .into_inner()
    }
}

/// A plain-text article with a distinct body per `topic`.
fn article(topic: &str) -> SubmitArticleRequest {
    SubmitArticleRequest {
        title: format!("Report on {topic}"),
        body: story(topic),
        ..Default::default()
    }
}

/// About three hundred words that differ entirely between topics.
fn story(topic: &str) -> String {
    let sentences = [
        "Delegations from both capitals met behind closed doors to discuss",
        "A spokesperson told reporters that negotiators had made progress on",
        "Observers noted that the previous round of talks had stalled over",
        "Regional analysts warned that any agreement would depend on",
        "The finance ministry published figures describing the cost of",
        "Opposition lawmakers demanded a full parliamentary inquiry into",
    ];
    (0..18)
        .map(|i| format!("{} {topic} clause {i}.", sentences[i % sentences.len()]))
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test]
async fn submits_and_reads_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut server = Server::start(dir.path()).await;
    let request = SubmitArticleRequest {
        url: "https://news.example.org/world/story?utm_source=feed#comments".into(),
        source: "Example News".into(),
        published_at: "2026-03-01T08:30:00+01:00".into(),
        metadata: [("section".to_owned(), "world".to_owned())].into(),
        ..article("fisheries")
    };
    let first = server.submit(request.clone()).await;
    assert!(first.id.starts_with("art-") && first.id.len() == 20);
    assert_eq!(first.offset, 0);
    assert!(!first.duplicate && first.near_duplicate_of.is_empty());

    let stored = server
        .client
        .get_article(GetArticleRequest {
            id: first.id.clone(),
        })
        .await
        .expect("get")
        .into_inner();
    assert_eq!(stored.id, first.id);
    assert_eq!(stored.title, request.title);
    assert_eq!(stored.body, request.body);
    assert_eq!(stored.canonical_url, "https://news.example.org/world/story");
    assert_eq!(stored.language, "en");
    assert_eq!(stored.source, "Example News");
    assert_eq!(
        stored.published_at.expect("published").seconds,
        1_772_350_200
    );
    assert_eq!(
        stored.metadata.get("section").map(String::as_str),
        Some("world")
    );
    assert!(stored.ingested_at.is_some() && stored.simhash != 0);

    let second = server.submit(article("railways")).await;
    assert_eq!(second.offset, 1);
    let status = server
        .client
        .get_status(GetStatusRequest {})
        .await
        .expect("status")
        .into_inner();
    assert_eq!(
        (status.service.as_str(), status.log_head, status.records),
        ("ingest", 2, 2)
    );
    assert!(status.store_bytes > 0);

    let missing = server
        .client
        .get_article(GetArticleRequest {
            id: "art-0000000000000000".into(),
        })
        .await
        .expect_err("unknown id");
    assert_eq!(missing.code(), Code::NotFound);
    server.stop().await;
}

#[tokio::test]
async fn duplicates_by_url_and_by_text_write_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut server = Server::start(dir.path()).await;
    let original = server
        .submit(SubmitArticleRequest {
            url: "https://example.org/a?id=7".into(),
            ..article("grain exports")
        })
        .await;

    let same_url = server
        .submit(SubmitArticleRequest {
            url: "https://EXAMPLE.org/a?id=7&utm_campaign=x#top".into(),
            ..article("something else entirely")
        })
        .await;
    assert!(same_url.duplicate);
    assert_eq!(
        (same_url.id.as_str(), same_url.offset),
        (original.id.as_str(), 0)
    );

    let mut refolded = article("grain exports");
    refolded.body = format!(
        "  {}  ",
        refolded.body.to_uppercase().replace(". ", "...\n\n")
    );
    refolded.title = "Another title".into();
    let same_text = server.submit(refolded).await;
    assert!(same_text.duplicate);
    assert_eq!(same_text.id, original.id);

    let status = server
        .client
        .get_status(GetStatusRequest {})
        .await
        .expect("status");
    assert_eq!(status.into_inner().log_head, 1);
    server.stop().await;
}

#[tokio::test]
async fn near_duplicate_is_stored_and_linked_to_the_original() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut server = Server::start(dir.path()).await;
    let original = server.submit(article("border crossings")).await;
    let mut edited = article("border crossings");
    edited.body = edited.body.replacen("clause 9", "clause nine", 1);
    let near = server.submit(edited.clone()).await;
    assert!(!near.duplicate);
    assert_ne!(near.id, original.id);
    assert_eq!(near.offset, 1);
    assert_eq!(near.near_duplicate_of, original.id);

    // A second republication links to the first original, not to the copy.
    edited.body = edited.body.replacen("clause 3", "clause three", 1);
    let again = server.submit(edited).await;
    assert_eq!(again.near_duplicate_of, original.id);

    let unrelated = server.submit(article("vaccine procurement")).await;
    assert!(unrelated.near_duplicate_of.is_empty());
    let stored = server
        .client
        .get_article(GetArticleRequest { id: near.id })
        .await
        .expect("get")
        .into_inner();
    assert_eq!(stored.near_duplicate_of, original.id);
    server.stop().await;
}

#[tokio::test]
async fn validation_errors_name_the_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut server = Server::start_with(Config {
        data_dir: dir.path().to_owned(),
        max_body_bytes: 4096,
        max_title_bytes: 64,
        ..Config::default()
    })
    .await;
    let good = article("ports");
    let cases = [
        (
            "body",
            SubmitArticleRequest {
                body: String::new(),
                ..good.clone()
            },
        ),
        (
            "body",
            SubmitArticleRequest {
                body: "x ".repeat(3000),
                ..good.clone()
            },
        ),
        (
            "body",
            SubmitArticleRequest {
                body: "<html><script>x()</script><nav>Menu</nav></html>".into(),
                content_type: ContentType::Html as i32,
                ..good.clone()
            },
        ),
        (
            "title",
            SubmitArticleRequest {
                title: "t".repeat(65),
                ..good.clone()
            },
        ),
        (
            "published_at",
            SubmitArticleRequest {
                published_at: "01/03/2026".into(),
                ..good.clone()
            },
        ),
        (
            "url",
            SubmitArticleRequest {
                url: "example.org/a".into(),
                ..good.clone()
            },
        ),
        (
            "url",
            SubmitArticleRequest {
                url: "mailto:desk@example.org".into(),
                ..good.clone()
            },
        ),
        (
            "language",
            SubmitArticleRequest {
                language: "English".into(),
                ..good.clone()
            },
        ),
        (
            "metadata",
            SubmitArticleRequest {
                metadata: (0..65).map(|i| (format!("k{i}"), "v".to_owned())).collect(),
                ..good.clone()
            },
        ),
        (
            "metadata",
            SubmitArticleRequest {
                metadata: [("k".repeat(200), "v".to_owned())].into(),
                ..good.clone()
            },
        ),
        (
            "metadata",
            SubmitArticleRequest {
                metadata: [("k".to_owned(), "v".repeat(5000))].into(),
                ..good.clone()
            },
        ),
    ];
    for (field, request) in cases {
        let status = server
            .client
            .submit_article(request)
            .await
            .expect_err(field);
        assert_eq!(status.code(), Code::InvalidArgument, "{field}: {status:?}");
        assert!(
            status.message().contains(field),
            "{field}: {}",
            status.message()
        );
    }
    let over = server
        .client
        .submit_article(SubmitArticleRequest {
            body: "y ".repeat(3000),
            ..good.clone()
        })
        .await
        .expect_err("too long");
    assert!(over.message().contains("4096"), "{}", over.message());
    assert_eq!(
        server.submit(good).await.offset,
        0,
        "nothing was written before"
    );
    server.stop().await;
}

#[tokio::test]
async fn batch_answers_each_item_in_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut server = Server::start_with(Config {
        data_dir: dir.path().to_owned(),
        max_batch_items: 5,
        ..Config::default()
    })
    .await;
    let items = vec![
        article("shipping"),
        SubmitArticleRequest {
            published_at: "never".into(),
            ..article("elections")
        },
        article("shipping"),
        article("drought"),
        SubmitArticleRequest {
            body: String::new(),
            ..article("x")
        },
        article("over the cap"),
    ];
    let results = server
        .client
        .submit_articles(tokio_stream::iter(items))
        .await
        .expect("batch")
        .into_inner()
        .results;
    assert_eq!(results.len(), 6);
    assert!(
        results
            .iter()
            .enumerate()
            .all(|(i, r)| r.index as usize == i)
    );
    let accepted = |i: usize| match &results[i].outcome {
        Some(submit_result::Outcome::Accepted(response)) => response.clone(),
        other => panic!("item {i}: {other:?}"),
    };
    let error = |i: usize| match &results[i].outcome {
        Some(submit_result::Outcome::Error(error)) => error.clone(),
        other => panic!("item {i}: {other:?}"),
    };
    let first = accepted(0);
    assert_eq!((first.offset, first.duplicate), (0, false));
    assert_eq!(error(1).code, Code::InvalidArgument as i32);
    assert!(error(1).message.contains("published_at"));
    let repeat = accepted(2);
    assert!(repeat.duplicate && repeat.id == first.id);
    assert_eq!(accepted(3).offset, 1);
    assert!(error(4).message.contains("body"));
    assert!(error(5).message.contains("batch") && error(5).message.contains('5'));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_submitters_get_one_article_per_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let server = Server::start(dir.path()).await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let mut client = server.client.clone();
        let topic = if i % 2 == 0 {
            "the same story".to_owned()
        } else {
            format!("story {i}")
        };
        tasks.push(tokio::spawn(async move {
            client
                .submit_article(article(&topic))
                .await
                .expect("submit")
                .into_inner()
        }));
    }
    let mut responses = Vec::new();
    for task in tasks {
        responses.push(task.await.expect("task"));
    }
    let shared: Vec<_> = responses.iter().step_by(2).collect();
    assert_eq!(shared.iter().filter(|r| !r.duplicate).count(), 1);
    assert!(
        shared
            .iter()
            .all(|r| r.id == shared[0].id && r.offset == shared[0].offset)
    );
    let mut offsets: Vec<u64> = responses
        .iter()
        .filter(|r| !r.duplicate)
        .map(|r| r.offset)
        .collect();
    offsets.sort_unstable();
    assert_eq!(offsets, (0..21).collect::<Vec<u64>>());
    server.stop().await;
}

async fn next_record(stream: &mut tonic::Streaming<ArticleRecord>) -> ArticleRecord {
    tokio::time::timeout(Duration::from_secs(5), stream.message())
        .await
        .expect("record in time")
        .expect("stream ok")
        .expect("stream open")
}

#[tokio::test]
async fn subscribe_replays_then_follows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut server = Server::start(dir.path()).await;
    let mut ids = Vec::new();
    for topic in ["wheat", "oil", "gas"] {
        ids.push(server.submit(article(topic)).await.id);
    }
    let mut stream = server
        .client
        .subscribe(SubscribeRequest {
            from_offset: 1,
            ..Default::default()
        })
        .await
        .expect("subscribe")
        .into_inner();
    for offset in 1..3 {
        let record = next_record(&mut stream).await;
        assert_eq!(record.offset, offset);
        assert_eq!(record.article.expect("article").id, ids[offset as usize]);
        assert_eq!(record.head, 3);
    }
    let live = server.submit(article("copper")).await;
    let record = next_record(&mut stream).await;
    assert_eq!((record.offset, record.head), (3, 4));
    assert_eq!(record.article.expect("article").id, live.id);

    // A live subscription must not hold up shutdown, and ends with it.
    server.stop().await;
    let ended = tokio::time::timeout(Duration::from_secs(5), stream.message())
        .await
        .expect("stream ends after shutdown");
    assert!(!matches!(ended, Ok(Some(_))), "{ended:?}");
}

#[tokio::test]
async fn partitions_cover_every_article_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut server = Server::start(dir.path()).await;
    let topics: Vec<String> = (0..12).map(|i| format!("topic {i}")).collect();
    for topic in &topics {
        server.submit(article(topic)).await;
    }
    let mut seen = Vec::new();
    for partition in 0..2 {
        let mut stream = server
            .client
            .subscribe(SubscribeRequest {
                from_offset: 0,
                partition,
                partitions: 2,
            })
            .await
            .expect("subscribe")
            .into_inner();
        // Read until every article is accounted for or the partition goes quiet.
        let mut mine = Vec::new();
        while seen.len() + mine.len() < topics.len() {
            match tokio::time::timeout(Duration::from_millis(500), stream.message()).await {
                Ok(message) => mine.push(message.expect("ok").expect("open").offset),
                Err(_) => break,
            }
        }
        assert!(!mine.is_empty(), "partition {partition} got nothing");
        seen.extend(mine);
    }
    seen.sort_unstable();
    assert_eq!(seen, (0..12).collect::<Vec<u64>>());

    let bad = server
        .client
        .subscribe(SubscribeRequest {
            from_offset: 0,
            partition: 2,
            partitions: 2,
        })
        .await
        .expect_err("partition out of range");
    assert_eq!(bad.code(), Code::InvalidArgument);
    assert!(bad.message().contains("partition"));
    server.stop().await;
}

#[tokio::test]
async fn restart_keeps_articles_and_offsets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut server = Server::start(dir.path()).await;
    let first = server.submit(article("pipelines")).await;
    let second = server.submit(article("satellites")).await;
    server.stop().await;

    let mut server = Server::start(dir.path()).await;
    let stored = server
        .client
        .get_article(GetArticleRequest {
            id: second.id.clone(),
        })
        .await
        .expect("survives restart")
        .into_inner();
    assert_eq!(stored.offset, 1);
    let again = server.submit(article("pipelines")).await;
    assert!(again.duplicate && again.id == first.id && again.offset == 0);
    let third = server.submit(article("fertiliser")).await;
    assert_eq!(third.offset, 2);
    server.stop().await;
}

#[tokio::test]
async fn html_is_reduced_to_its_main_text() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut server = Server::start(dir.path()).await;
    let page = format!(
        "<!doctype html><html><head><title>Dam dispute escalates</title>\
         <script>track()</script></head><body><nav>Home | World</nav>\
         <main><p>{}</p><p>Engineers &amp; diplomats will meet again.</p></main>\
         <footer>Contact us</footer></body></html>",
        story("the dam")
    );
    let id = server
        .submit(SubmitArticleRequest {
            body: page,
            ..Default::default()
        })
        .await
        .id;
    let stored = server
        .client
        .get_article(GetArticleRequest { id })
        .await
        .expect("get")
        .into_inner();
    assert_eq!(stored.title, "Dam dispute escalates");
    assert_eq!(
        stored.body,
        format!(
            "{}\n\nEngineers & diplomats will meet again.",
            story("the dam")
        )
    );
    assert_eq!(stored.language, "en");
    server.stop().await;
}
