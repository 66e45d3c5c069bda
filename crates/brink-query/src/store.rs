//! The query service's sled store. Every tree is derived from the analysis log, and each
//! record's derivations land in one transaction with the next offset to consume.
//!
//! Records are kept in their protobuf encoding: the stored evidence is exactly what clients get.

use std::path::Path;
use std::sync::Arc;

use brink_common::log::ChangeLog;
use brink_proto::v1::ArticleView;
use prost::Message;
use tokio::sync::Notify;

use crate::error::Error;

const NEXT_OFFSET: &[u8] = b"next_offset";
const RECORDS: &[u8] = b"records";
const LAYOUT: &[u8] = b"layout";
/// Version of the key and value layout; a store of another layout is refused, not misread.
const CURRENT_LAYOUT: u64 = 2;

#[derive(Clone)]
pub struct Store {
    pub db: sled::Db,
    /// Consumer offset, record count, layout version and alert markers.
    pub meta: sled::Tree,
    /// Article id → `ArticleView`.
    pub articles: sled::Tree,
    /// Sequence number of each newly stored article (the `records` count it brought) → its
    /// id: what the search index catches up from.
    pub search_feed: sled::Tree,
    /// Woken after each applied record, so the search indexer need not poll.
    pub applied: Arc<Notify>,
    /// Newest-first day + event id → event summary + `EventHit`.
    pub events: sled::Tree,
    /// Three-letter actor code + events key → event summary: events by source or target.
    pub by_actor: sled::Tree,
    /// Day + merge key → `DistinctEvent`, GDELT mentions-style.
    pub distinct: sled::Tree,
    /// Day + (source, target, root) → `DistinctEvent`, one a day.
    pub daily: sled::Tree,
    /// Source code + target code + day → directed tension counters.
    pub tension: sled::Tree,
    /// Day + article id + ordinal → `QuoteHit`.
    pub quotes: sled::Tree,
    /// Day + actor code → actor counters.
    pub actor_days: sled::Tree,
    /// Day + code pair → number of articles naming both.
    pub pairs: sled::Tree,
    pub alerts: ChangeLog,
}

impl Store {
    pub fn open(dir: &Path, cache_mb: u64) -> Result<Store, Error> {
        let db = brink_common::db::open(
            &sled::Config::new()
                .path(dir)
                .cache_capacity(cache_mb.saturating_mul(1024 * 1024)),
        )?;
        let meta = db.open_tree("meta")?;
        check_layout(&meta)?;
        Ok(Store {
            meta,
            articles: db.open_tree("articles")?,
            search_feed: db.open_tree("search_feed")?,
            applied: Arc::default(),
            events: db.open_tree("events")?,
            by_actor: db.open_tree("by_actor")?,
            distinct: db.open_tree("distinct")?,
            daily: db.open_tree("daily")?,
            tension: db.open_tree("tension")?,
            quotes: db.open_tree("quotes")?,
            actor_days: db.open_tree("actor_days")?,
            pairs: db.open_tree("pairs")?,
            alerts: ChangeLog::open(db.open_tree("alerts")?)?,
            db,
        })
    }

    /// Next analysis offset to consume, as durably recorded.
    pub fn next_offset(&self) -> Result<u64, Error> {
        Ok(self.meta.get(NEXT_OFFSET)?.map_or(0, |v| decode_u64(&v)))
    }

    pub fn next_offset_key() -> &'static [u8] {
        NEXT_OFFSET
    }

    pub fn article(&self, id: &str) -> Result<ArticleView, Error> {
        let bytes = self
            .articles
            .get(id.as_bytes())?
            .ok_or_else(|| Error::NotFound(format!("article {id}")))?;
        Ok(ArticleView::decode(bytes.as_ref())?)
    }

    pub fn records_key() -> &'static [u8] {
        RECORDS
    }

    /// Articles stored, counted as they are applied: `len()` would walk the whole tree.
    pub fn records(&self) -> Result<u64, Error> {
        Ok(self.meta.get(RECORDS)?.map_or(0, |v| decode_u64(&v)))
    }

    pub fn size_on_disk(&self) -> u64 {
        self.db.size_on_disk().unwrap_or(0)
    }

    pub async fn flush(&self) -> Result<(), Error> {
        self.db.flush_async().await?;
        Ok(())
    }
}

/// Stamps an empty store with the current layout; refuses a store of another one.
fn check_layout(meta: &sled::Tree) -> Result<(), Error> {
    let found = match meta.get(LAYOUT)? {
        Some(version) => decode_u64(&version),
        None if meta.get(NEXT_OFFSET)?.is_none() => {
            meta.insert(LAYOUT, &CURRENT_LAYOUT.to_be_bytes())?;
            CURRENT_LAYOUT
        }
        // Stores written before the layout was versioned.
        None => 1,
    };
    if found != CURRENT_LAYOUT {
        return Err(Error::Layout {
            found,
            expected: CURRENT_LAYOUT,
        });
    }
    Ok(())
}

pub fn decode_u64(bytes: &[u8]) -> u64 {
    let mut buf = [0; 8];
    let len = bytes.len().min(8);
    buf[..len].copy_from_slice(&bytes[..len]);
    u64::from_be_bytes(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_of_another_layout_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        {
            let db = sled::open(dir.path()).expect("open");
            let meta = db.open_tree("meta").expect("tree");
            meta.insert(NEXT_OFFSET, &7u64.to_be_bytes())
                .expect("insert");
            db.flush().expect("flush");
        }
        match Store::open(dir.path(), 8) {
            Err(Error::Layout { found, expected }) => assert_eq!((found, expected), (1, 2)),
            other => panic!("opened an unversioned store: {:?}", other.err()),
        }
    }

    #[test]
    fn new_stores_are_stamped_and_reopen() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path(), 8).expect("open");
        assert_eq!(store.records().expect("records"), 0);
        drop(store);
        assert!(Store::open(dir.path(), 8).is_ok());
    }
}
