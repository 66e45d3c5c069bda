//! The gRPC edge: validates requests, calls the core and converts to and from protobuf.

use std::pin::Pin;
use std::sync::Arc;

use brink_proto::time::to_timestamp;
use brink_proto::v1::ingest_service_server::IngestService;
use brink_proto::v1::{
    self as pb, ArticleRecord, GetArticleRequest, GetStatusRequest, ServiceStatus,
    SubmitArticleRequest, SubmitArticleResponse, SubmitArticlesResponse, SubmitError, SubmitResult,
    SubscribeRequest, submit_result,
};
use futures::{Stream, StreamExt};
use tonic::{Request, Response, Status, Streaming};

use crate::article::{Article, Receipt};
use crate::error::Error;
use crate::pipeline::Ingestor;
use crate::validate::{self, Limits};
use crate::writer::Ticket;

pub struct IngestApi {
    ingestor: Arc<Ingestor>,
    limits: Limits,
    max_batch_items: usize,
}

impl IngestApi {
    pub fn new(ingestor: Arc<Ingestor>, limits: Limits, max_batch_items: usize) -> IngestApi {
        IngestApi {
            ingestor,
            limits,
            max_batch_items,
        }
    }
}

type RecordStream = Pin<Box<dyn Stream<Item = Result<ArticleRecord, Status>> + Send>>;

#[tonic::async_trait]
impl IngestService for IngestApi {
    async fn submit_article(
        &self,
        request: Request<SubmitArticleRequest>,
    ) -> Result<Response<SubmitArticleResponse>, Status> {
        let submission = validate::submission(request.into_inner(), self.limits)?;
        let receipt = self.ingestor.submit(submission).await?;
        Ok(Response::new(response(receipt)))
    }

    async fn submit_articles(
        &self,
        request: Request<Streaming<SubmitArticleRequest>>,
    ) -> Result<Response<SubmitArticlesResponse>, Status> {
        let mut items = request.into_inner();
        let mut queued: Vec<Result<Ticket, Error>> = Vec::new();
        while let Some(item) = items.message().await? {
            let ticket = if queued.len() >= self.max_batch_items {
                Err(Error::invalid(
                    "batch",
                    format!(
                        "item {} is over the limit of {} items per stream; send it in another call",
                        queued.len(),
                        self.max_batch_items
                    ),
                ))
            } else {
                match validate::submission(item, self.limits) {
                    Ok(submission) => self.ingestor.enqueue(submission).await,
                    Err(error) => Err(error),
                }
            };
            queued.push(ticket);
        }
        let mut results = Vec::with_capacity(queued.len());
        for (index, ticket) in queued.into_iter().enumerate() {
            let outcome = match ticket {
                Ok(ticket) => ticket.receipt().await,
                Err(error) => Err(error),
            };
            results.push(SubmitResult {
                index: index as u32,
                outcome: Some(match outcome {
                    Ok(receipt) => submit_result::Outcome::Accepted(response(receipt)),
                    Err(error) => {
                        let status = Status::from(error);
                        submit_result::Outcome::Error(SubmitError {
                            code: status.code() as i32,
                            message: status.message().to_owned(),
                        })
                    }
                }),
            });
        }
        Ok(Response::new(SubmitArticlesResponse { results }))
    }

    async fn get_article(
        &self,
        request: Request<GetArticleRequest>,
    ) -> Result<Response<pb::Article>, Status> {
        let id = request.into_inner().id;
        if id.is_empty() {
            return Err(Error::invalid("id", "must not be empty").into());
        }
        Ok(Response::new(article(self.ingestor.article(&id)?)))
    }

    type SubscribeStream = RecordStream;

    async fn subscribe(
        &self,
        request: Request<SubscribeRequest>,
    ) -> Result<Response<RecordStream>, Status> {
        let SubscribeRequest {
            from_offset,
            partition,
            partitions,
        } = request.into_inner();
        let records = self
            .ingestor
            .subscribe(from_offset, partition, partitions)?
            .map(|entry| {
                let (stored, head) = entry?;
                Ok(ArticleRecord {
                    offset: stored.offset,
                    article: Some(article(stored)),
                    head,
                })
            });
        Ok(Response::new(Box::pin(records)))
    }

    async fn get_status(
        &self,
        _request: Request<GetStatusRequest>,
    ) -> Result<Response<ServiceStatus>, Status> {
        let status = self.ingestor.status()?;
        Ok(Response::new(ServiceStatus {
            service: "ingest".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            log_head: status.log_head,
            records: status.records,
            consumers: Vec::new(),
            store_bytes: status.store_bytes,
            dead_letters: 0,
        }))
    }
}

fn response(receipt: Receipt) -> SubmitArticleResponse {
    SubmitArticleResponse {
        id: receipt.id,
        offset: receipt.offset,
        duplicate: receipt.duplicate,
        near_duplicate_of: receipt.near_duplicate_of.unwrap_or_default(),
    }
}

fn article(article: Article) -> pb::Article {
    pb::Article {
        id: article.id,
        offset: article.offset,
        title: article.title,
        body: article.body,
        url: article.url,
        canonical_url: article.canonical_url,
        source: article.source,
        published_at: Some(to_timestamp(article.published_at)),
        language: article.language,
        metadata: article.metadata.into_iter().collect(),
        ingested_at: Some(to_timestamp(article.ingested_at)),
        near_duplicate_of: article.near_duplicate_of.unwrap_or_default(),
        simhash: article.simhash,
        traceparent: article.traceparent.unwrap_or_default(),
    }
}
