//! A scripted analysis upstream, hand-built records and a query service running against them.

use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use brink_proto::v1::analysis_service_server::{AnalysisService, AnalysisServiceServer};
use brink_proto::v1::query_service_client::QueryServiceClient;
use brink_proto::v1::{
    Actor, ActorRef, Analysis, AnalysisRecord, AnalyzeRequest, Article, Event, Evidence,
    GetAnalysisRequest, GetStatusRequest, Mention, Place, Quote, ReanalyzeRequest,
    ReanalyzeResponse, ServiceStatus, SubscribeRequest,
};
use brink_query::{AlertConfig, Config};
use futures::Stream;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use tonic::transport::Channel;
use tonic::{Request, Response, Status};

/// An analysis log held in memory; `Subscribe` replays it from the asked offset, then follows.
#[derive(Clone)]
pub struct Upstream {
    records: Arc<Mutex<Vec<AnalysisRecord>>>,
    subscriptions: Arc<Mutex<Vec<u64>>>,
    head: Arc<watch::Sender<usize>>,
}

impl Upstream {
    /// Serves the log on a loopback port; returns it with its URL.
    pub async fn start() -> (Upstream, String) {
        let upstream = Upstream {
            records: Arc::default(),
            subscriptions: Arc::default(),
            head: Arc::new(watch::channel(0).0),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let service = AnalysisServiceServer::new(upstream.clone());
        tokio::spawn(async move {
            tonic::transport::Server::builder()
                .add_service(service)
                .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener))
                .await
                .expect("upstream serves");
        });
        (upstream, url)
    }

    /// Appends a record at the next offset and returns that offset.
    pub fn push(&self, mut record: AnalysisRecord) -> u64 {
        let mut records = self.records.lock().expect("lock");
        record.offset = records.len() as u64;
        records.push(record);
        let len = records.len();
        drop(records);
        self.head.send_replace(len);
        len as u64 - 1
    }

    pub fn len(&self) -> u64 {
        self.records.lock().expect("lock").len() as u64
    }

    /// The `from_offset` of every subscription received, in order.
    pub fn subscriptions(&self) -> Vec<u64> {
        self.subscriptions.lock().expect("lock").clone()
    }
}

type RecordStream = Pin<Box<dyn Stream<Item = Result<AnalysisRecord, Status>> + Send>>;

#[tonic::async_trait]
impl AnalysisService for Upstream {
    async fn analyze(&self, _: Request<AnalyzeRequest>) -> Result<Response<Analysis>, Status> {
        Err(Status::unimplemented("scripted upstream"))
    }

    async fn get_analysis(
        &self,
        _: Request<GetAnalysisRequest>,
    ) -> Result<Response<AnalysisRecord>, Status> {
        Err(Status::unimplemented("scripted upstream"))
    }

    type SubscribeStream = RecordStream;

    async fn subscribe(
        &self,
        request: Request<SubscribeRequest>,
    ) -> Result<Response<RecordStream>, Status> {
        let from = request.into_inner().from_offset;
        self.subscriptions.lock().expect("lock").push(from);
        let records = self.records.clone();
        let mut head = self.head.subscribe();
        let stream = async_stream::stream! {
            let mut next = from as usize;
            loop {
                let batch: Vec<AnalysisRecord> = {
                    let records = records.lock().expect("lock");
                    records.get(next..).map(<[AnalysisRecord]>::to_vec).unwrap_or_default()
                };
                let len = next + batch.len();
                for mut record in batch {
                    record.head = len as u64;
                    next = record.offset as usize + 1;
                    yield Ok(record);
                }
                if head.changed().await.is_err() {
                    break;
                }
            }
        };
        Ok(Response::new(Box::pin(stream)))
    }

    async fn get_status(
        &self,
        _: Request<GetStatusRequest>,
    ) -> Result<Response<ServiceStatus>, Status> {
        Err(Status::unimplemented("scripted upstream"))
    }

    async fn reanalyze(
        &self,
        _: Request<ReanalyzeRequest>,
    ) -> Result<Response<ReanalyzeResponse>, Status> {
        Err(Status::unimplemented("scripted upstream"))
    }
}

/// A query service on a loopback port.
pub struct Running {
    pub client: QueryServiceClient<Channel>,
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<Result<(), brink_query::Error>>,
}

impl Running {
    pub async fn start(dir: &Path, upstream_url: &str, alerts: AlertConfig) -> Running {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let config = Config {
            data_dir: dir.to_path_buf(),
            analysis_urls: vec![upstream_url.to_owned()],
            alerts,
            ..Config::default()
        };
        let shutdown = CancellationToken::new();
        let task = tokio::spawn(brink_query::serve(config, listener, shutdown.clone()));
        let mut attempts = 0;
        let client = loop {
            match QueryServiceClient::connect(url.clone()).await {
                Ok(client) => break client,
                Err(error) => {
                    attempts += 1;
                    assert!(attempts < 100, "query service did not come up: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        };
        Running {
            client,
            shutdown,
            task,
        }
    }

    /// Waits until the service has applied every offset below `offset`.
    pub async fn status(&mut self) -> ServiceStatus {
        self.client
            .get_status(GetStatusRequest {})
            .await
            .expect("status")
            .into_inner()
    }

    pub async fn caught_up(&mut self, offset: u64) -> ServiceStatus {
        for _ in 0..400 {
            let status = self.status().await;
            if status.consumers[0].next_offset >= offset {
                return status;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("query service did not reach offset {offset}");
    }

    pub async fn stop(self) {
        self.shutdown.cancel();
        self.task.await.expect("joins").expect("serve ends cleanly");
    }
}

/// Parameters of a hand-built event.
#[derive(Clone, Copy)]
pub struct Ev<'a> {
    pub source: &'a str,
    pub target: &'a str,
    pub cameo: &'a str,
    pub quad: i32,
    pub goldstein: f64,
    pub tone: f64,
    /// "" means undated (filed under the article's day).
    pub date: &'a str,
    pub place: (&'a str, &'a str),
    pub negated: bool,
    pub hypothetical: bool,
}

impl Default for Ev<'_> {
    fn default() -> Self {
        Ev {
            source: "",
            target: "",
            cameo: "010",
            quad: 1,
            goldstein: 0.0,
            tone: 0.0,
            date: "",
            place: ("", ""),
            negated: false,
            hypothetical: false,
        }
    }
}

fn actor_ref(code: &str) -> Option<ActorRef> {
    Some(ActorRef {
        actor_id: format!("A-{code}"),
        code: code.to_owned(),
        name: code.to_owned(),
        country: code.get(..3).unwrap_or_default().to_owned(),
    })
}

pub fn evidence(start: u32, end: u32) -> Option<Evidence> {
    Some(Evidence {
        sentence: 0,
        start,
        end,
        text: String::new(),
    })
}

/// An actor with mentions at the given character offsets (each 3 characters long).
pub fn actor(code: &str, name: &str, at: &[u32]) -> Actor {
    Actor {
        id: format!("A-{code}"),
        code: code.to_owned(),
        name: name.to_owned(),
        country: code.get(..3).unwrap_or_default().to_owned(),
        mentions: at
            .iter()
            .map(|&start| Mention {
                kind: 1,
                evidence: evidence(start, start + 3),
            })
            .collect(),
        ..Actor::default()
    }
}

pub fn quote(speaker: &str, name: &str, text: &str, start: u32) -> Quote {
    Quote {
        text: text.to_owned(),
        speaker: Some(ActorRef {
            name: name.to_owned(),
            ..actor_ref(speaker).expect("ref")
        }),
        verb: "say".to_owned(),
        kind: 1,
        evidence: evidence(start, start + text.chars().count() as u32),
        attribution: None,
    }
}

/// An analysis record of article `id` from `outlet`, published on `day` ("YYYY-MM-DD").
pub fn record(id: &str, outlet: &str, day: &str, events: &[Ev<'_>]) -> AnalysisRecord {
    record_with(id, outlet, day, events, Vec::new(), Vec::new())
}

pub fn record_with(
    id: &str,
    outlet: &str,
    day: &str,
    events: &[Ev<'_>],
    actors: Vec<Actor>,
    quotes: Vec<Quote>,
) -> AnalysisRecord {
    let published = brink_proto::time::parse_rfc3339(&format!("{day}T12:00:00Z")).expect("day");
    let events = events
        .iter()
        .enumerate()
        .map(|(i, ev)| Event {
            id: format!("{id}/{i}"),
            source: actor_ref(ev.source),
            target: actor_ref(ev.target),
            cameo_code: ev.cameo.to_owned(),
            cameo_root: ev.cameo.get(..2).unwrap_or_default().to_owned(),
            quad_class: ev.quad,
            goldstein: ev.goldstein,
            negated: ev.negated,
            hypothetical: ev.hypothetical,
            date: ev.date.to_owned(),
            place: Some(Place {
                name: ev.place.0.to_owned(),
                country: ev.place.1.to_owned(),
                ..Place::default()
            }),
            tone: ev.tone,
            ..Event::default()
        })
        .collect();
    AnalysisRecord {
        offset: 0,
        article: Some(Article {
            id: id.to_owned(),
            title: format!("Report {id}"),
            body: format!("Body of {id}"),
            url: format!("https://news.example/{id}"),
            source: outlet.to_owned(),
            published_at: Some(brink_proto::time::to_timestamp(published)),
            ..Article::default()
        }),
        analysis: Some(Analysis {
            article_id: id.to_owned(),
            actors,
            quotes,
            events,
            ..Analysis::default()
        }),
        ..AnalysisRecord::default()
    }
}
