//! The analysis store: the analysis change log (each entry an encoded `AnalysisRecord`), an
//! index from article id to log offset, and the offset reached in the ingest log. A record, its
//! index entry and the new ingest offset are written in one transaction, so a restart resumes
//! exactly where the last durable write stopped. Writes are flushed in groups by
//! [`Store::flush_continuously`]: a crash loses at most the unflushed tail, results and offset
//! together, and those articles are analysed again; only flushed entries are published.
//!
//! A re-analysis appends the article's new analysis as its next revision and points the index
//! at it, keeping the offset it replaces behind the new one until the flusher publishes it; the
//! earlier entries stay in the log, which is append-only.
//!
//! An ingest entry that cannot be analysed is kept as a dead letter, keyed by its ingest
//! offset, written with the offset past it like any other result.

use std::path::Path;

use brink_common::log::ChangeLog;
use brink_proto::v1::{AnalysisRecord, DeadLetter};
use prost::Message;
use sled::Transactional;
use tokio::sync::{Mutex, Notify};
use tokio_util::sync::CancellationToken;

use crate::error::{Error, Result};

const INGEST_OFFSET: &[u8] = b"ingest_offset";

pub struct Store {
    db: sled::Db,
    by_article: sled::Tree,
    meta: sled::Tree,
    /// Ingest offset → `DeadLetter`.
    dead_letters: sled::Tree,
    log: ChangeLog,
    /// Next log offset to write; entries below it are written, those below the log's head are
    /// also flushed and published. Held as the writer lock so offsets are assigned in order.
    written: Mutex<u64>,
    /// Wakes the flusher after a write.
    unflushed: Notify,
}

/// What happened to an upstream article.
#[derive(Debug, PartialEq, Eq)]
pub enum Applied {
    Stored { offset: u64 },
    AlreadyAnalysed,
}

impl Store {
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir)?;
        let db = brink_common::db::open(&sled::Config::new().path(dir))?;
        let log = ChangeLog::open(db.open_tree("log")?)?;
        Ok(Store {
            by_article: db.open_tree("by_article")?,
            meta: db.open_tree("meta")?,
            dead_letters: db.open_tree("dead_letters")?,
            written: Mutex::new(log.head()),
            log,
            db,
            unflushed: Notify::new(),
        })
    }

    pub fn log(&self) -> &ChangeLog {
        &self.log
    }

    /// Next ingest offset to process.
    pub fn ingest_offset(&self) -> Result<u64> {
        Ok(self
            .meta
            .get(INGEST_OFFSET)?
            .and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok())
            .map(u64::from_be_bytes)
            .unwrap_or(0))
    }

    pub fn is_analysed(&self, article_id: &str) -> Result<bool> {
        Ok(self.by_article.contains_key(article_id.as_bytes())?)
    }

    pub fn records(&self) -> usize {
        self.by_article.len()
    }

    pub fn size_on_disk(&self) -> u64 {
        self.db.size_on_disk().unwrap_or(0)
    }

    /// The first article whose id sorts after `after`, with its latest analysis, written or
    /// already published.
    pub fn next_after(&self, after: &str) -> Result<Option<(String, AnalysisRecord)>> {
        let range = (
            std::ops::Bound::Excluded(after.as_bytes()),
            std::ops::Bound::Unbounded,
        );
        let Some((id, stored)) = self
            .by_article
            .range::<&[u8], _>(range)
            .next()
            .transpose()?
        else {
            return Ok(None);
        };
        let id = String::from_utf8_lossy(&id).into_owned();
        let latest = offsets(&stored)
            .next()
            .ok_or_else(|| Error::NotFound(format!("analysis log offset of article {id}")))?;
        Ok(Some((id, self.entry(latest)?)))
    }

    /// The log entry at `offset`, published or not.
    fn entry(&self, offset: u64) -> Result<AnalysisRecord> {
        let bytes = self
            .log
            .get(offset)?
            .ok_or_else(|| Error::NotFound(format!("analysis log entry {offset}")))?;
        Ok(AnalysisRecord::decode(bytes.as_ref())?)
    }

    /// Appends a new analysis of an analysed article as its next revision and points the
    /// article at it. Durable and visible downstream once the flusher has run.
    pub async fn revise(&self, mut record: AnalysisRecord) -> Result<u64> {
        let mut written = self.written.lock().await;
        let article_id = record
            .article
            .as_ref()
            .map(|a| a.id.clone())
            .unwrap_or_default();
        let not_found = || Error::NotFound(format!("analysis of article {article_id}"));
        let stored = self
            .by_article
            .get(article_id.as_bytes())?
            .ok_or_else(not_found)?;
        let current = offsets(&stored).next().ok_or_else(not_found)?;
        // Read under the writer lock, so two re-analyses of one article get two revisions.
        record.revision = self.entry(current)?.revision + 1;
        let offset = *written;
        record.offset = offset;
        let bytes = record.encode_to_vec();
        // The replaced offset stays behind the new one: `get` serves it until the new entry is
        // published.
        let mut index = offset.to_be_bytes().to_vec();
        index.extend_from_slice(&current.to_be_bytes());
        (self.log.tree(), &self.by_article).transaction(|(log, by_article)| {
            log.insert(&ChangeLog::key(offset), bytes.as_slice())?;
            by_article.insert(article_id.as_bytes(), index.as_slice())?;
            Ok::<_, sled::transaction::ConflictableTransactionError<Error>>(())
        })?;
        *written = offset + 1;
        self.unflushed.notify_one();
        Ok(record.revision)
    }

    /// The article's latest published analysis.
    pub fn get(&self, article_id: &str) -> Result<AnalysisRecord> {
        let stored = self.by_article.get(article_id.as_bytes())?;
        let head = self.log.head();
        let published = stored
            .as_deref()
            .and_then(|stored| offsets(stored).find(|offset| *offset < head))
            .ok_or_else(|| Error::NotFound(format!("analysis of article {article_id}")))?;
        self.entry(published)
    }

    /// Stores the analysis of the article at `ingest_offset` and moves the ingest offset past
    /// it in one transaction, unless the article was analysed before (then only the offset
    /// moves). Durable and visible downstream once the flusher has run.
    pub async fn apply(&self, ingest_offset: u64, mut record: AnalysisRecord) -> Result<Applied> {
        let mut written = self.written.lock().await;
        let article_id = record
            .article
            .as_ref()
            .map(|a| a.id.clone())
            .unwrap_or_default();
        let next_ingest = (ingest_offset + 1).to_be_bytes();
        let outcome = if self.is_analysed(&article_id)? {
            self.meta.insert(INGEST_OFFSET, &next_ingest)?;
            Applied::AlreadyAnalysed
        } else {
            let offset = *written;
            record.offset = offset;
            let bytes = record.encode_to_vec();
            (self.log.tree(), &self.by_article, &self.meta).transaction(
                |(log, by_article, meta)| {
                    log.insert(&ChangeLog::key(offset), bytes.as_slice())?;
                    by_article.insert(article_id.as_bytes(), &offset.to_be_bytes())?;
                    meta.insert(INGEST_OFFSET, &next_ingest)?;
                    Ok::<_, sled::transaction::ConflictableTransactionError<Error>>(())
                },
            )?;
            *written = offset + 1;
            Applied::Stored { offset }
        };
        self.unflushed.notify_one();
        Ok(outcome)
    }

    /// Moves the ingest offset past an article that needs no work (already analysed).
    pub async fn skip(&self, ingest_offset: u64) -> Result<()> {
        let _written = self.written.lock().await;
        self.meta
            .insert(INGEST_OFFSET, &(ingest_offset + 1).to_be_bytes())?;
        self.unflushed.notify_one();
        Ok(())
    }

    /// Sets aside the ingest entry `letter` names and moves the ingest offset past it, in one
    /// transaction.
    pub async fn dead_letter(&self, letter: &DeadLetter) -> Result<()> {
        let _written = self.written.lock().await;
        let bytes = letter.encode_to_vec();
        (&self.dead_letters, &self.meta).transaction(|(dead_letters, meta)| {
            dead_letters.insert(&letter.offset.to_be_bytes(), bytes.as_slice())?;
            meta.insert(INGEST_OFFSET, &(letter.offset + 1).to_be_bytes())?;
            Ok::<_, sled::transaction::ConflictableTransactionError<Error>>(())
        })?;
        self.unflushed.notify_one();
        Ok(())
    }

    /// Ingest entries set aside.
    pub fn dead_letters(&self) -> u64 {
        self.dead_letters.len() as u64
    }

    /// Group commit for the consumer: flushes whatever was written since the last flush, then
    /// publishes it, until `shutdown`, and once more after it.
    pub async fn flush_continuously(&self, shutdown: CancellationToken) -> Result<()> {
        loop {
            let stopping = tokio::select! {
                _ = shutdown.cancelled() => true,
                _ = self.unflushed.notified() => false,
            };
            let upto = *self.written.lock().await;
            match self.db.flush_async().await {
                Ok(_) => self.log.publish(upto),
                Err(error) if !stopping => {
                    tracing::error!(%error, "flush failed, retrying");
                    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
                    self.unflushed.notify_one();
                }
                Err(error) => return Err(error.into()),
            }
            if stopping {
                return Ok(());
            }
        }
    }
}

/// The log offsets an article's index entry holds: its latest analysis, then, after a
/// re-analysis, the one that analysis replaced.
fn offsets(stored: &[u8]) -> impl Iterator<Item = u64> + '_ {
    stored
        .chunks_exact(8)
        .filter_map(|chunk| <[u8; 8]>::try_from(chunk).ok())
        .map(u64::from_be_bytes)
}
