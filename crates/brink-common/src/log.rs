//! The ordered change log every service publishes: entries keyed by a big-endian `u64` offset
//! in one sled tree. The owning service writes entries inside its own transactions (so an entry
//! and the state it describes land atomically), flushes, then [`ChangeLog::publish`]es the new
//! head; subscribers only ever see flushed entries.

use std::sync::Arc;

use futures::Stream;
use sled::IVec;
use tokio::sync::watch;

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("change log storage: {0}")]
    Storage(#[from] sled::Error),
    #[error("change log is corrupt: key of {0} bytes is not an offset")]
    BadKey(usize),
    /// A subscription from past the head, which would wait silently for entries that may never
    /// come at that offset (a consumer whose upstream store was replaced by an older one).
    #[error("from_offset {from} is past the log head {head}: subscribe from {head} or below")]
    PastHead { from: u64, head: u64 },
}

/// A cheaply cloneable handle on one change log.
#[derive(Clone)]
pub struct ChangeLog {
    tree: sled::Tree,
    head: Arc<watch::Sender<u64>>,
}

impl ChangeLog {
    pub fn open(tree: sled::Tree) -> Result<ChangeLog, LogError> {
        let head = match tree.last()? {
            Some((key, _)) => decode_key(&key)? + 1,
            None => 0,
        };
        Ok(ChangeLog {
            tree,
            head: Arc::new(watch::channel(head).0),
        })
    }

    /// Key of the entry at `offset`.
    pub fn key(offset: u64) -> [u8; 8] {
        offset.to_be_bytes()
    }

    pub fn tree(&self) -> &sled::Tree {
        &self.tree
    }

    /// Next offset to be published: everything below it is durable and visible.
    pub fn head(&self) -> u64 {
        *self.head.borrow()
    }

    /// Makes entries below `head` visible; call only once they are flushed.
    pub fn publish(&self, head: u64) {
        self.head.send_if_modified(|current| {
            let advanced = head > *current;
            if advanced {
                *current = head;
            }
            advanced
        });
    }

    pub fn get(&self, offset: u64) -> Result<Option<IVec>, LogError> {
        Ok(self.tree.get(Self::key(offset))?)
    }

    /// Replays entries from `from`, then follows new ones as they are published. Ends only when
    /// the log is dropped or storage fails. From the head it waits for the next entry; from
    /// past the head it is [`LogError::PastHead`].
    pub fn subscribe(
        &self,
        from: u64,
    ) -> Result<impl Stream<Item = Result<(u64, IVec), LogError>> + Send + use<>, LogError> {
        let mut head = self.head.subscribe();
        let current = *head.borrow_and_update();
        if from > current {
            return Err(LogError::PastHead {
                from,
                head: current,
            });
        }
        let tree = self.tree.clone();
        Ok(async_stream::try_stream! {
            let mut next = from;
            loop {
                let visible = *head.borrow_and_update();
                if next < visible {
                    let batch = read_range(&tree, next, visible)?;
                    let complete = batch.len() < READ_BATCH;
                    for (offset, value) in batch {
                        next = offset + 1;
                        yield (offset, value);
                    }
                    if complete {
                        // The whole range was read: a gap (none is ever written) is not waited on.
                        next = next.max(visible);
                    }
                    continue;
                }
                if head.changed().await.is_err() {
                    break;
                }
            }
        })
    }
}

/// Entries read from storage at a time, so a long replay does not hold a huge batch.
const READ_BATCH: usize = 512;

fn read_range(tree: &sled::Tree, from: u64, to: u64) -> Result<Vec<(u64, IVec)>, LogError> {
    let mut out = Vec::new();
    for item in tree
        .range(ChangeLog::key(from)..ChangeLog::key(to))
        .take(READ_BATCH)
    {
        let (key, value) = item?;
        out.push((decode_key(&key)?, value));
    }
    Ok(out)
}

fn decode_key(key: &[u8]) -> Result<u64, LogError> {
    let bytes: [u8; 8] = key.try_into().map_err(|_| LogError::BadKey(key.len()))?;
    Ok(u64::from_be_bytes(bytes))
}

/// Stable partition of an article id, so that N consumers can split one log between them.
/// FNV-1a, because it must never change between releases or platforms.
pub fn partition_of(article_id: &str, partitions: u32) -> u32 {
    if partitions <= 1 {
        return 0;
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in article_id.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (hash % u64::from(partitions)) as u32
}

/// Whether a consumer of `partition` out of `partitions` should see `article_id`.
pub fn in_partition(article_id: &str, partition: u32, partitions: u32) -> bool {
    partitions <= 1 || partition_of(article_id, partitions) == partition
}

#[cfg(test)]
mod tests {
    use futures::StreamExt;

    use super::*;

    fn open() -> (tempfile::TempDir, sled::Db, ChangeLog) {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = sled::open(dir.path()).expect("open sled");
        let log = ChangeLog::open(db.open_tree("log").expect("tree")).expect("log");
        (dir, db, log)
    }

    fn append(log: &ChangeLog, values: &[&str]) {
        let mut next = log.head();
        for value in values {
            log.tree()
                .insert(ChangeLog::key(next), value.as_bytes())
                .expect("insert");
            next += 1;
        }
        log.tree().flush().expect("flush");
        log.publish(next);
    }

    #[tokio::test]
    async fn replays_then_follows_only_published_entries() {
        let (_dir, _db, log) = open();
        append(&log, &["a", "b", "c"]);
        // Written but not published: must stay invisible.
        log.tree().insert(ChangeLog::key(3), "d").expect("insert");

        let mut stream = Box::pin(log.subscribe(1).expect("within the log"));
        let first = stream.next().await.expect("item").expect("ok");
        assert_eq!((first.0, first.1.as_ref()), (1, b"b".as_ref()));
        let second = stream.next().await.expect("item").expect("ok");
        assert_eq!(second.0, 2);
        let pending =
            tokio::time::timeout(std::time::Duration::from_millis(50), stream.next()).await;
        assert!(pending.is_err(), "unpublished entry leaked");

        log.publish(4);
        let third = stream.next().await.expect("item").expect("ok");
        assert_eq!((third.0, third.1.as_ref()), (3, b"d".as_ref()));
    }

    #[tokio::test]
    async fn replays_logs_longer_than_one_read_batch() {
        let (_dir, _db, log) = open();
        let values: Vec<String> = (0..READ_BATCH * 2 + 10).map(|i| i.to_string()).collect();
        append(&log, &values.iter().map(String::as_str).collect::<Vec<_>>());
        let offsets: Vec<u64> = log
            .subscribe(7)
            .expect("within the log")
            .take(values.len() - 7)
            .map(|item| item.expect("ok").0)
            .collect()
            .await;
        assert_eq!(offsets, (7..values.len() as u64).collect::<Vec<_>>());
    }

    /// From the head a subscription waits for the next entry; from past it, it says so at once
    /// with the head, rather than waiting for entries that may never come at that offset.
    #[tokio::test]
    async fn subscribing_past_the_head_is_refused_with_the_head() {
        let (_dir, _db, log) = open();
        append(&log, &["a", "b"]);
        let mut at_head = Box::pin(log.subscribe(2).expect("the head is allowed"));
        append(&log, &["c"]);
        assert_eq!(at_head.next().await.expect("item").expect("ok").0, 2);
        match log.subscribe(5) {
            Err(LogError::PastHead { from: 5, head: 3 }) => {}
            Err(other) => panic!("expected past head, got {other}"),
            Ok(_) => panic!("expected past head, got a stream"),
        }
    }

    #[tokio::test]
    async fn head_survives_reopen() {
        let dir = tempfile::tempdir().expect("tempdir");
        {
            let db = crate::db::open(&sled::Config::new().path(dir.path())).expect("open");
            let log = ChangeLog::open(db.open_tree("log").expect("tree")).expect("log");
            append(&log, &["x", "y"]);
        }
        let db = crate::db::open(&sled::Config::new().path(dir.path())).expect("reopen");
        let log = ChangeLog::open(db.open_tree("log").expect("tree")).expect("log");
        assert_eq!(log.head(), 2);
        assert_eq!(log.get(1).expect("get").as_deref(), Some(b"y".as_ref()));
    }

    #[test]
    fn partitions_are_stable_and_cover_all() {
        assert_eq!(partition_of("art-1", 1), 0);
        assert_eq!(partition_of("art-1", 4), partition_of("art-1", 4));
        let mut seen = [false; 4];
        for i in 0..100 {
            seen[partition_of(&format!("art-{i}"), 4) as usize] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }
}
