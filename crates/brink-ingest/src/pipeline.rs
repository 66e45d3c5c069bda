//! The ingest core: turns a validated submission into an article, hands it to the writer and
//! serves reads. Knows nothing about gRPC.

use std::sync::Arc;

use brink_common::log::in_partition;
use chrono::Utc;
use futures::{Stream, StreamExt, TryStreamExt, future};
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;

use crate::article::{Article, BodyFormat, Receipt, Submission};
use crate::dedup;
use crate::error::Error;
use crate::language;
use crate::store::{self, Store};
use crate::writer::{Ticket, Writer};
use brink_extract as extract;

pub struct Ingestor {
    store: Store,
    writer: Writer,
    /// Ends live subscriptions so that shutdown does not wait on them.
    shutdown: CancellationToken,
    /// One permit per core for preparing articles (HTML extraction, language, hashes): that
    /// CPU work runs on the blocking pool, never on the threads serving calls, and no more of
    /// it at once than there are cores.
    preparing: Arc<Semaphore>,
}

/// Counters for the status RPC.
pub struct Status {
    pub log_head: u64,
    pub records: u64,
    pub store_bytes: u64,
}

impl Ingestor {
    pub fn new(store: Store, writer: Writer, shutdown: CancellationToken) -> Ingestor {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Ingestor {
            store,
            writer,
            shutdown,
            preparing: Arc::new(Semaphore::new(cores)),
        }
    }

    pub async fn submit(&self, submission: Submission) -> Result<Receipt, Error> {
        self.enqueue(submission).await?.receipt().await
    }

    /// Prepares and queues a submission without waiting for the write, so a batch can fill a
    /// whole commit group.
    pub async fn enqueue(&self, submission: Submission) -> Result<Ticket, Error> {
        let permit = self
            .preparing
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Error::WriterStopped)?;
        let article = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            prepare(submission)
        })
        .await??;
        self.writer.enqueue(article).await
    }

    pub fn article(&self, id: &str) -> Result<Article, Error> {
        self.store.article(id)
    }

    pub fn status(&self) -> Result<Status, Error> {
        Ok(Status {
            log_head: self.store.log().head(),
            records: self.store.records(),
            store_bytes: self.store.size_on_disk()?,
        })
    }

    /// Articles from `from` on, each with the log head at the time it is read; with
    /// `partitions > 1` only those of `partition`.
    pub fn subscribe(
        &self,
        from: u64,
        partition: u32,
        partitions: u32,
    ) -> Result<impl Stream<Item = Result<(Article, u64), Error>> + Send + 'static, Error> {
        if partitions > 1 && partition >= partitions {
            return Err(Error::invalid(
                "partition",
                format!("{partition} must be below partitions ({partitions})"),
            ));
        }
        let head = self.store.log().clone();
        Ok(self
            .store
            .log()
            .subscribe(from)?
            .map_err(Error::from)
            .and_then(move |(offset, value)| {
                future::ready(store::decode(offset, &value).map(|a| (a, head.head())))
            })
            .try_filter(move |(article, _)| {
                future::ready(in_partition(&article.id, partition, partitions))
            })
            .take_until(self.shutdown.clone().cancelled_owned()))
    }
}

/// Extracts the text and computes everything dedup needs. The offset is assigned by the writer.
fn prepare(submission: Submission) -> Result<Article, Error> {
    let html = match submission.format {
        BodyFormat::Html => true,
        BodyFormat::Text => false,
        BodyFormat::Detect => extract::looks_like_html(&submission.body),
    };
    let (title, body) = if html {
        let extracted = extract::main_text(&submission.body);
        let title = if submission.title.is_empty() {
            extracted.title
        } else {
            submission.title
        };
        (title, extracted.text)
    } else {
        let body = submission.body.replace("\r\n", "\n").trim().to_owned();
        (submission.title, body)
    };
    let normalised = dedup::normalise(&body);
    if normalised.is_empty() {
        return Err(Error::invalid(
            "body",
            if html {
                "has no text left after html extraction"
            } else {
                "has no words"
            },
        ));
    }
    let language = match submission.language {
        Some(language) => language,
        None => language::detect(&body).unwrap_or_default().to_owned(),
    };
    let now = Utc::now();
    Ok(Article {
        id: dedup::article_id(&normalised),
        offset: 0,
        canonical_url: submission
            .url
            .as_ref()
            .map(dedup::canonical_url)
            .unwrap_or_default(),
        url: submission.url.map(String::from).unwrap_or_default(),
        simhash: dedup::simhash(&normalised),
        title,
        body,
        source: submission.source,
        published_at: submission.published_at.unwrap_or(now),
        language,
        metadata: submission.metadata,
        ingested_at: now,
        near_duplicate_of: None,
        traceparent: brink_common::telemetry::traceparent(),
    })
}
