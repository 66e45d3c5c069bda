//! The query service's sled store. Every tree is derived from the analysis log, and each
//! record's derivations land in one transaction with the next offset to consume.
//!
//! Records are kept in their protobuf encoding: the stored evidence is exactly what clients get.

use std::path::Path;
use std::sync::Arc;

use brink_common::log::ChangeLog;
use brink_proto::v1::{ArticleView, DeadLetter, DistinctEvent};
use prost::Message;
use sled::Transactional;
use tokio::sync::Notify;

use crate::day::Day;
use crate::dedup;
use crate::error::Error;
use crate::events::{event_key, pair_key, summary_value};
use crate::packed::Packed;
use crate::summary::Fields;

/// Where stores of layout 2 kept the offset of their one analysis upstream.
const LEGACY_OFFSET: &[u8] = b"next_offset";
/// Followed by an upstream's URL: the next offset to consume from it.
const OFFSET_PREFIX: &[u8] = b"offset/";
const RECORDS: &[u8] = b"records";
const LAYOUT: &[u8] = b"layout";
/// Version of the key and value layout; older stores are migrated on open, others refused.
const CURRENT_LAYOUT: u64 = 4;
/// Entries planned and written at a time when an index is packed on migration.
const PACK_BATCH: usize = 4096;

#[derive(Clone)]
pub struct Store {
    pub db: sled::Db,
    /// Consumer offset, record count, layout version and alert markers.
    pub meta: sled::Tree,
    /// Article id → `ArticleView`.
    pub articles: sled::Tree,
    /// Sequence number → id of an article newly stored or whose analysis was replaced: what
    /// the search index catches up from.
    pub search_feed: sled::Tree,
    /// Woken after each applied record, so the search indexer need not poll.
    pub applied: Arc<Notify>,
    /// Newest-first day + event id → event summary + `EventHit`.
    pub events: sled::Tree,
    /// Three-letter actor code + events key → event summary: events by source or target.
    pub by_actor: Packed,
    /// The two three-letter codes of a dyad in byte order + events key → event summary.
    pub by_pair: Packed,
    /// Newest-first day + merge key → `DistinctEvent`, GDELT mentions-style.
    pub distinct: Packed,
    /// Newest-first day + (source, target, root) → `DistinctEvent`, one a day.
    pub daily: Packed,
    /// Source code + target code + day → directed tension counters.
    pub tension: sled::Tree,
    /// Day + article id + ordinal → `QuoteHit`.
    pub quotes: sled::Tree,
    /// Day + actor code → actor counters.
    pub actor_days: sled::Tree,
    /// Day + code pair → number of articles naming both.
    pub pairs: sled::Tree,
    pub alerts: ChangeLog,
    /// Upstream URL + offset → `DeadLetter`: analysis records set aside.
    dead_letters: sled::Tree,
    /// Held while a record is applied: followers of several analysis services take turns, so
    /// alert offsets and publication stay in order.
    pub applying: Arc<tokio::sync::Mutex<()>>,
}

impl Store {
    pub fn open(dir: &Path, cache_mb: u64) -> Result<Store, Error> {
        let db = brink_common::db::open(
            &sled::Config::new()
                .path(dir)
                .cache_capacity(cache_mb.saturating_mul(1024 * 1024)),
        )?;
        let meta = db.open_tree("meta")?;
        let layout = check_layout(&meta)?;
        let store = Store {
            meta,
            articles: db.open_tree("articles")?,
            search_feed: db.open_tree("search_feed")?,
            applied: Arc::default(),
            events: db.open_tree("events")?,
            by_actor: Packed::new(db.open_tree("actor_runs")?),
            by_pair: Packed::new(db.open_tree("pair_runs")?),
            distinct: Packed::new(db.open_tree("distinct_runs")?),
            daily: Packed::new(db.open_tree("daily_runs")?),
            tension: db.open_tree("tension")?,
            quotes: db.open_tree("quotes")?,
            actor_days: db.open_tree("actor_days")?,
            pairs: db.open_tree("pairs")?,
            alerts: ChangeLog::open(db.open_tree("alerts")?)?,
            dead_letters: db.open_tree("dead_letters")?,
            applying: Arc::new(tokio::sync::Mutex::new(())),
            db,
        };
        if layout == 2 {
            store.migrate_from_2()?;
        }
        if layout <= 3 {
            store.migrate_from_3()?;
            store.meta.insert(LAYOUT, &CURRENT_LAYOUT.to_be_bytes())?;
            store.db.flush()?;
        }
        Ok(store)
    }

    /// Brings a layout-2 store to the current layout: builds the dyad index from its events,
    /// rewrites its merged events by reference to their first report and feeds its articles to
    /// the search index.
    fn migrate_from_2(&self) -> Result<(), Error> {
        let by_pair = self.db.open_tree("by_pair")?;
        let mut indexed = 0u64;
        for entry in self.events.iter() {
            let (key, value) = entry?;
            let (fields, _) = Fields::decode(&value)?;
            if let Some(pair) = pair_key(fields.source, fields.target, &key) {
                by_pair.insert(pair, summary_value(&fields))?;
                indexed += 1;
            }
        }
        for name in ["distinct", "daily"] {
            let tree = self.db.open_tree(name)?;
            for entry in tree.iter() {
                let (key, value) = entry?;
                let mut merged = DistinctEvent::decode(value.as_ref())?;
                let hit = merged.first.take().unwrap_or_default();
                let event = hit.event.unwrap_or_default();
                let primary = event_key(Day::parse(&hit.date).unwrap_or_default(), &event.id);
                let summary = summary_value(&Fields::of(&event));
                tree.insert(key, dedup::encode(&summary, &primary, &merged))?;
            }
        }
        // Number the stored articles for the search feed, in id order.
        let mut batch = sled::Batch::default();
        let mut numbered = 0u64;
        for id in self.articles.iter().keys() {
            numbered += 1;
            batch.insert(&numbered.to_be_bytes(), id?);
        }
        self.search_feed.apply_batch(batch)?;
        tracing::info!(indexed, numbered, "store of layout 2 migrated");
        Ok(())
    }

    /// Brings a layout-3 store to the current layout: packs the indexes and merged events
    /// into runs, the merged events keyed newest day first. Interrupted, it starts again from
    /// the unpacked trees, each dropped only once packed.
    fn migrate_from_3(&self) -> Result<(), Error> {
        let indexes: [(&str, &Packed, Rekey); 4] = [
            ("by_actor", &self.by_actor, <[u8]>::to_vec),
            ("by_pair", &self.by_pair, <[u8]>::to_vec),
            ("distinct", &self.distinct, newest_day_first),
            ("daily", &self.daily, newest_day_first),
        ];
        for (name, packed, rekey) in indexes {
            let legacy = self.db.open_tree(name)?;
            if !legacy.is_empty() {
                packed.tree().clear()?;
                let mut entries = legacy.iter().peekable();
                while entries.peek().is_some() {
                    let mut plan = packed.plan();
                    for entry in entries.by_ref().take(PACK_BATCH) {
                        let (key, value) = entry?;
                        plan.insert(&rekey(&key), &value)?;
                    }
                    plan.finish().apply_now(packed.tree())?;
                }
                self.db.flush()?;
                tracing::info!(index = name, runs = packed.tree().len(), "index packed");
            }
            self.db.drop_tree(name)?;
        }
        Ok(())
    }

    /// Next offset to consume from the analysis log at `upstream`, as durably recorded.
    pub fn next_offset(&self, upstream: &str) -> Result<u64, Error> {
        Ok(self
            .meta
            .get(Store::offset_key(upstream))?
            .map_or(0, |v| decode_u64(&v)))
    }

    pub fn offset_key(upstream: &str) -> Vec<u8> {
        [OFFSET_PREFIX, upstream.as_bytes()].concat()
    }

    /// Hands a layout-2 store's single offset to `upstream`, the first configured one: such a
    /// store followed exactly one analysis service.
    pub fn adopt_legacy_offset(&self, upstream: &str) -> Result<(), Error> {
        let key = Store::offset_key(upstream);
        self.meta
            .transaction(|meta| {
                if let Some(offset) = meta.remove(LEGACY_OFFSET)?
                    && meta.get(&key)?.is_none()
                {
                    meta.insert(key.as_slice(), offset)?;
                }
                Ok::<_, sled::transaction::ConflictableTransactionError<Error>>(())
            })
            .map_err(Error::from)?;
        Ok(())
    }

    /// Sets aside the record `letter` names and moves its upstream's offset past it, in one
    /// transaction, in turn with the records being applied.
    pub async fn dead_letter(&self, letter: &DeadLetter) -> Result<(), Error> {
        let _turn = self.applying.lock().await;
        let key = [letter.endpoint.as_bytes(), &letter.offset.to_be_bytes()].concat();
        let bytes = letter.encode_to_vec();
        (&self.dead_letters, &self.meta)
            .transaction(|(dead_letters, meta)| {
                dead_letters.insert(key.as_slice(), bytes.as_slice())?;
                meta.insert(
                    Store::offset_key(&letter.endpoint),
                    &(letter.offset + 1).to_be_bytes(),
                )?;
                Ok::<_, sled::transaction::ConflictableTransactionError<Error>>(())
            })
            .map_err(Error::from)?;
        Ok(())
    }

    /// Analysis records set aside.
    pub fn dead_letters(&self) -> u64 {
        self.dead_letters.len() as u64
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

    /// Sequence number of the last search feed entry, which the search index catches up to.
    pub fn feed_head(&self) -> Result<u64, Error> {
        Ok(self
            .search_feed
            .last()?
            .map_or(0, |(sequence, _)| decode_u64(&sequence)))
    }

    pub fn size_on_disk(&self) -> u64 {
        self.db.size_on_disk().unwrap_or(0)
    }

    pub async fn flush(&self) -> Result<(), Error> {
        self.db.flush_async().await?;
        Ok(())
    }
}

/// Stamps an empty store with the current layout and returns the store's layout: the current
/// one or an older one that `open` migrates (2 or 3); refuses any other.
fn check_layout(meta: &sled::Tree) -> Result<u64, Error> {
    let found = match meta.get(LAYOUT)? {
        Some(version) => decode_u64(&version),
        None if meta.get(LEGACY_OFFSET)?.is_none() => {
            meta.insert(LAYOUT, &CURRENT_LAYOUT.to_be_bytes())?;
            CURRENT_LAYOUT
        }
        // Stores written before the layout was versioned.
        None => 1,
    };
    if !(2..=CURRENT_LAYOUT).contains(&found) {
        return Err(Error::Layout {
            found,
            expected: CURRENT_LAYOUT,
        });
    }
    Ok(found)
}

/// How a layout-3 key becomes a packed one.
type Rekey = fn(&[u8]) -> Vec<u8>;

/// A merged-event key of layout 3 (oldest day first) in the current order.
fn newest_day_first(key: &[u8]) -> Vec<u8> {
    let day = Day::from_key(key).newest_first_key();
    [&day[..], key.get(Day::LEN..).unwrap_or_default()].concat()
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
            meta.insert(LEGACY_OFFSET, &7u64.to_be_bytes())
                .expect("insert");
            db.flush().expect("flush");
        }
        match Store::open(dir.path(), 8) {
            Err(Error::Layout { found, expected }) => {
                assert_eq!((found, expected), (1, CURRENT_LAYOUT))
            }
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

    #[test]
    fn layout_2_stores_are_migrated_and_hand_over_their_offset() {
        use sled::IVec;

        use brink_proto::v1::{ActorRef, Event, EventHit};

        use crate::events::{EventFilter, actor_key, event_value};

        let dir = tempfile::tempdir().expect("tempdir");
        let primary = event_key(Day::default(), "art-1-e0");
        {
            let store = Store::open(dir.path(), 8).expect("open");
            let actor = |code: &str| {
                Some(ActorRef {
                    code: code.to_owned(),
                    ..ActorRef::default()
                })
            };
            let hit = EventHit {
                event: Some(Event {
                    id: "art-1-e0".to_owned(),
                    source: actor("USAGOV"),
                    target: actor("PRK"),
                    ..Event::default()
                }),
                date: Day::default().format(),
                ..EventHit::default()
            };
            store
                .events
                .insert(&primary, event_value(&hit))
                .expect("insert");
            let merged = DistinctEvent {
                first: Some(hit.clone()),
                mentions: 3,
                ..DistinctEvent::default()
            };
            store
                .db
                .open_tree("distinct")
                .expect("tree")
                .insert(b"merge-key", merged.encode_to_vec())
                .expect("insert");
            store
                .articles
                .insert("art-1", b"stored view".as_slice())
                .expect("insert");
            let by_actor = store.db.open_tree("by_actor").expect("tree");
            for code in ["PRK", "USA"] {
                by_actor
                    .insert(actor_key(code, &primary), b"summary".as_slice())
                    .expect("insert");
            }
            store
                .meta
                .insert(LAYOUT, &2u64.to_be_bytes())
                .expect("insert");
            store
                .meta
                .insert(LEGACY_OFFSET, &5u64.to_be_bytes())
                .expect("insert");
            store.db.flush().expect("flush");
        }
        let store = Store::open(dir.path(), 8).expect("migrated");
        let entries = |index: &Packed| -> Vec<(IVec, IVec)> {
            let entries = index.range(b"", &[0xff]).expect("range");
            entries.map(|e| e.expect("entry")).collect()
        };
        let indexed = entries(&store.by_pair);
        assert_eq!(indexed.len(), 1);
        assert_eq!(
            indexed[0].0.as_ref(),
            [b"PRKUSA".as_slice(), &primary].concat()
        );
        let actors: Vec<_> = entries(&store.by_actor).into_iter().map(|e| e.0).collect();
        assert_eq!(
            actors,
            [actor_key("PRK", &primary), actor_key("USA", &primary)]
        );
        assert!(
            !store
                .db
                .tree_names()
                .iter()
                .any(|n| [&b"by_actor"[..], b"by_pair"].contains(&n.as_ref())),
            "the unpacked indexes are gone"
        );
        let feed: Vec<_> = store
            .search_feed
            .iter()
            .map(|e| e.expect("entry"))
            .collect();
        assert_eq!(feed.len(), 1);
        assert_eq!(
            (feed[0].0.as_ref(), feed[0].1.as_ref()),
            (1u64.to_be_bytes().as_slice(), b"art-1".as_slice())
        );
        let filter = EventFilter::from_proto(&Default::default()).expect("filter");
        let merged = dedup::search(&store, &store.distinct, &filter, None, 10)
            .expect("search")
            .items;
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].mentions, 3);
        let first = merged[0].first.as_ref().expect("first report");
        let source = first.event.as_ref().and_then(|e| e.source.as_ref());
        assert_eq!(source.map(|s| s.code.as_str()), Some("USAGOV"));
        assert_eq!(store.next_offset("http://a0").expect("offset"), 0);
        store.adopt_legacy_offset("http://a0").expect("adopt");
        store.adopt_legacy_offset("http://a1").expect("adopt");
        assert_eq!(store.next_offset("http://a0").expect("offset"), 5);
        assert_eq!(store.next_offset("http://a1").expect("offset"), 0);
    }
}
