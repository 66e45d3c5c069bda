//! The tonic adapter: validates requests, calls the core and store, converts the results.

use std::pin::Pin;
use std::sync::Arc;

use brink_common::follow::FollowState;
use brink_common::log::in_partition;
use brink_proto::v1::analysis_service_server::AnalysisService;
use brink_proto::v1::{
    Analysis, AnalysisRecord, AnalyzeRequest, Article, ConsumerStatus, GetAnalysisRequest,
    GetStatusRequest, ReanalyzeRequest, ReanalyzeResponse, ServiceStatus, SubscribeRequest,
};
use futures::{Stream, StreamExt};
use prost::Message;
use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status};

use crate::config::Config;
use crate::error::Error;
use crate::reanalyze::{self, Range};
use crate::reload::Dictionaries;
use crate::store::Store;

pub struct Service {
    pub store: Arc<Store>,
    pub dictionaries: Arc<Dictionaries>,
    pub follow: Arc<FollowState>,
    pub config: Config,
    /// Ends open subscriptions, so a graceful shutdown does not wait on endless streams.
    pub shutdown: CancellationToken,
}

type RecordStream = Pin<Box<dyn Stream<Item = Result<AnalysisRecord, Status>> + Send>>;

const TITLE_LIMIT: usize = 4096;
/// Articles a `Reanalyze` call codes when the request does not say.
const DEFAULT_PAGE: u32 = 100;
/// Most articles a `Reanalyze` call codes, so one call answers in bounded time.
const MAX_PAGE: u32 = 1000;

#[tonic::async_trait]
impl AnalysisService for Service {
    async fn analyze(
        &self,
        request: Request<AnalyzeRequest>,
    ) -> Result<Response<Analysis>, Status> {
        let request = request.into_inner();
        if request.body.trim().is_empty() {
            return Err(invalid("body", "must not be empty".to_owned()));
        }
        if request.body.len() > self.config.max_body_bytes {
            return Err(invalid(
                "body",
                format!(
                    "is {} bytes, over the limit of {} bytes",
                    request.body.len(),
                    self.config.max_body_bytes
                ),
            ));
        }
        if request.title.len() > TITLE_LIMIT {
            return Err(invalid(
                "title",
                format!("is over the limit of {TITLE_LIMIT} bytes"),
            ));
        }
        let published = if request.published_at.is_empty() {
            None
        } else {
            let time = brink_proto::time::parse_rfc3339(&request.published_at).map_err(|e| {
                invalid(
                    "published_at",
                    format!("is not an RFC 3339 timestamp ({e})"),
                )
            })?;
            Some(time.date_naive())
        };
        let analyzer = self.dictionaries.analyzer();
        let analysis = tokio::task::spawn_blocking(move || {
            let mut analysis =
                crate::convert::analyze(&analyzer, "", &request.title, &request.body, published);
            if !request.language.is_empty() {
                analysis.language = request.language;
            }
            analysis
        })
        .await
        .map_err(Error::from)?;
        Ok(Response::new(analysis))
    }

    async fn get_analysis(
        &self,
        request: Request<GetAnalysisRequest>,
    ) -> Result<Response<AnalysisRecord>, Status> {
        let id = request.into_inner().article_id;
        if id.is_empty() {
            return Err(invalid("article_id", "must not be empty".to_owned()));
        }
        let mut record = self.store.get(&id)?;
        record.head = self.store.log().head();
        Ok(Response::new(record))
    }

    type SubscribeStream = RecordStream;

    async fn subscribe(
        &self,
        request: Request<SubscribeRequest>,
    ) -> Result<Response<Self::SubscribeStream>, Status> {
        let SubscribeRequest {
            from_offset,
            partition,
            partitions,
        } = request.into_inner();
        if partitions > 1 && partition >= partitions {
            return Err(invalid(
                "partition",
                format!("is {partition}, must be below partitions ({partitions})"),
            ));
        }
        let log = self.store.log().clone();
        let limit = self.config.max_message_bytes;
        let stream = self
            .store
            .log()
            .subscribe(from_offset)
            .map_err(Error::from)?
            .filter_map(move |item| {
                let head = log.head();
                std::future::ready(match item {
                    Ok((offset, bytes)) => {
                        let record = sendable(offset, &bytes, limit);
                        let id = record
                            .article
                            .as_ref()
                            .map(|a| a.id.as_str())
                            .unwrap_or_default();
                        in_partition(id, partition, partitions)
                            .then(|| Ok(AnalysisRecord { head, ..record }))
                    }
                    Err(e) => Some(Err(Status::from(Error::from(e)))),
                })
            });
        Ok(Response::new(Box::pin(
            stream.take_until(self.shutdown.clone().cancelled_owned()),
        )))
    }

    async fn get_status(
        &self,
        _request: Request<GetStatusRequest>,
    ) -> Result<Response<ServiceStatus>, Status> {
        Ok(Response::new(ServiceStatus {
            service: "analysis".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            log_head: self.store.log().head(),
            records: self.store.records() as u64,
            consumers: vec![ConsumerStatus {
                upstream: "ingest".to_owned(),
                endpoint: self.config.ingest_url.clone(),
                next_offset: self.follow.next_offset(),
                upstream_head: self.follow.upstream_head(),
                connected: self.follow.connected(),
                partition: self.config.partition,
                partitions: self.config.partitions,
            }],
            store_bytes: self.store.size_on_disk(),
            dead_letters: self.store.dead_letters(),
        }))
    }

    async fn reanalyze(
        &self,
        request: Request<ReanalyzeRequest>,
    ) -> Result<Response<ReanalyzeResponse>, Status> {
        let request = request.into_inner();
        let range = Range {
            from: date("date_from", &request.date_from)?,
            to: date("date_to", &request.date_to)?,
        };
        if let (Some(from), Some(to)) = (range.from, range.to)
            && from > to
        {
            return Err(invalid(
                "date_to",
                format!("{to} is before date_from {from}"),
            ));
        }
        let limit = match request.page_size {
            0 => DEFAULT_PAGE,
            size if size <= MAX_PAGE => size,
            size => {
                return Err(invalid(
                    "page_size",
                    format!("is {size}, at most {MAX_PAGE}"),
                ));
            }
        };
        let page = reanalyze::page(
            &self.store,
            &self.dictionaries,
            range,
            &request.page_token,
            u64::from(limit),
        )
        .await?;
        tracing::info!(
            reanalyzed = page.reanalyzed,
            unchanged = page.unchanged,
            scanned = page.scanned,
            "articles re-analysed"
        );
        Ok(Response::new(ReanalyzeResponse {
            reanalyzed: page.reanalyzed,
            unchanged: page.unchanged,
            scanned: page.scanned,
            next_page_token: page.next.unwrap_or_default(),
            analyzer_version: page.analyzer_version,
        }))
    }
}

/// The log entry at `offset` as a subscriber receives it, or, when it would exceed the message
/// limit or cannot be read, a stand-in saying why: the subscriber sets that one entry aside
/// and goes on, where the entry itself would break its stream at the same offset every time.
fn sendable(offset: u64, bytes: &[u8], limit: usize) -> AnalysisRecord {
    // The head the stream adds takes at most 11 bytes.
    let reason = match AnalysisRecord::decode(bytes) {
        Ok(record) if record.encoded_len() + 11 <= limit => return record,
        Ok(record) => {
            let id = record.article.map(|a| a.id).unwrap_or_default();
            let reason = format!(
                "the entry is {} bytes, over the message limit of {limit} bytes",
                bytes.len()
            );
            return withheld(offset, id, record.revision, reason);
        }
        Err(error) => Error::from(error).to_string(),
    };
    withheld(offset, String::new(), 0, reason)
}

fn withheld(offset: u64, article_id: String, revision: u64, reason: String) -> AnalysisRecord {
    AnalysisRecord {
        offset,
        article: Some(Article {
            id: article_id,
            ..Article::default()
        }),
        revision,
        withheld: reason,
        ..AnalysisRecord::default()
    }
}

/// An optional "YYYY-MM-DD" request field.
fn date(field: &'static str, value: &str) -> Result<Option<chrono::NaiveDate>, Status> {
    if value.is_empty() {
        return Ok(None);
    }
    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| invalid(field, format!("{value:?} is not a YYYY-MM-DD date")))
}

fn invalid(field: &'static str, reason: String) -> Status {
    Status::from(Error::InvalidArgument { field, reason })
}
