//! Ordered maps packed into runs of entries. sled splits a leaf at sixteen entries whatever
//! their size and keeps bookkeeping in memory for every page it has ever written, so an index
//! of millions of small entries costs resident memory in proportion to its entry count. A
//! packed map stores up to [`RUN`] entries as one sled value, under the key of the run's first
//! entry, which divides that page count by about as much.
//!
//! Changes are planned outside a transaction (a transaction cannot look up the run before a
//! key) and the plan's writes applied inside one. The store has one writer at a time
//! (`Store::applying`), so a plan made under that turn is still valid when it is applied.

use std::collections::BTreeMap;

use sled::IVec;
use sled::transaction::{TransactionalTree, UnabortableTransactionError};

use crate::error::Error;

/// Most entries in one run; a fuller run is split into even parts.
const RUN: usize = 8;

type Entry = (Vec<u8>, Vec<u8>);

#[derive(Clone)]
pub struct Packed {
    tree: sled::Tree,
}

impl Packed {
    pub fn new(tree: sled::Tree) -> Packed {
        Packed { tree }
    }

    /// The sled tree of runs, for a transaction over several trees.
    pub fn tree(&self) -> &sled::Tree {
        &self.tree
    }

    /// The run that holds `key`, or would, as its stored key and value: the last run starting
    /// at or before it, else the first run; `None` when there are no runs.
    fn run_for(&self, key: &[u8]) -> Result<Option<(IVec, IVec)>, Error> {
        let found = match self.tree.range(..=key).next_back() {
            Some(entry) => Some(entry?),
            None => self.tree.first()?,
        };
        Ok(found)
    }

    /// Entries with keys in `[low, high)`, in key order.
    pub fn range(&self, low: &[u8], high: &[u8]) -> Result<Entries, Error> {
        let start = self
            .tree
            .range(..=low)
            .next_back()
            .transpose()?
            .map_or_else(|| low.to_vec(), |(k, _)| k.to_vec());
        let runs = (start.as_slice() < high).then(|| self.tree.range(start.as_slice()..high));
        Ok(Entries {
            runs,
            current: Vec::new().into_iter(),
            low: low.to_vec(),
            high: high.to_vec(),
        })
    }

    pub fn plan(&self) -> Plan<'_> {
        Plan {
            map: self,
            runs: BTreeMap::new(),
            fresh: Vec::new(),
        }
    }
}

/// Changes to a packed map, gathered run by run.
pub struct Plan<'a> {
    map: &'a Packed,
    /// Stored key of a run → its entries with the changes so far.
    runs: BTreeMap<IVec, Vec<Entry>>,
    /// Entries of a map that had no run yet.
    fresh: Vec<Entry>,
}

impl Plan<'_> {
    /// Sets `key` to what `update` makes of its current value; `None` removes it.
    pub fn update<F>(&mut self, key: &[u8], update: F) -> Result<(), Error>
    where
        F: FnOnce(Option<&[u8]>) -> Result<Option<Vec<u8>>, Error>,
    {
        let run = match self.map.run_for(key)? {
            None => &mut self.fresh,
            Some((stored, run)) => match self.runs.entry(stored) {
                std::collections::btree_map::Entry::Occupied(planned) => planned.into_mut(),
                std::collections::btree_map::Entry::Vacant(slot) => slot.insert(decode(&run)?),
            },
        };
        match run.binary_search_by(|(k, _)| k.as_slice().cmp(key)) {
            Ok(at) => match update(Some(&run[at].1))? {
                Some(value) => run[at].1 = value,
                None => {
                    run.remove(at);
                }
            },
            Err(at) => {
                if let Some(value) = update(None)? {
                    run.insert(at, (key.to_vec(), value));
                }
            }
        }
        Ok(())
    }

    pub fn insert(&mut self, key: &[u8], value: &[u8]) -> Result<(), Error> {
        self.update(key, |_| Ok(Some(value.to_vec())))
    }

    pub fn remove(&mut self, key: &[u8]) -> Result<(), Error> {
        self.update(key, |_| Ok(None))
    }

    /// The sled writes that carry the plan out.
    pub fn finish(self) -> Writes {
        let mut writes = Writes::default();
        for (stored, entries) in self.runs {
            writes.removed.push(stored.to_vec());
            writes.split(&entries);
        }
        writes.split(&self.fresh);
        writes
    }
}

/// Runs to remove, then runs to write (a run whose first key is unchanged is both).
#[derive(Default)]
pub struct Writes {
    removed: Vec<Vec<u8>>,
    written: Vec<Entry>,
}

impl Writes {
    fn split(&mut self, entries: &[Entry]) {
        if entries.is_empty() {
            return;
        }
        let parts = entries.len().div_ceil(RUN);
        let size = entries.len().div_ceil(parts);
        for part in entries.chunks(size) {
            self.written.push((part[0].0.clone(), encode(part)));
        }
    }

    pub fn apply(&self, tree: &TransactionalTree) -> Result<(), UnabortableTransactionError> {
        for key in &self.removed {
            tree.remove(key.as_slice())?;
        }
        for (key, run) in &self.written {
            tree.insert(key.as_slice(), run.as_slice())?;
        }
        Ok(())
    }

    /// Applies the writes outside a transaction, for rewrites that are redone from the start
    /// if interrupted.
    pub fn apply_now(&self, tree: &sled::Tree) -> Result<(), Error> {
        let mut batch = sled::Batch::default();
        for key in &self.removed {
            batch.remove(key.as_slice());
        }
        for (key, run) in &self.written {
            batch.insert(key.as_slice(), run.as_slice());
        }
        tree.apply_batch(batch)?;
        Ok(())
    }
}

/// Iterator over a packed map's entries in a key range.
pub struct Entries {
    runs: Option<sled::Iter>,
    current: std::vec::IntoIter<(IVec, IVec)>,
    low: Vec<u8>,
    high: Vec<u8>,
}

impl Iterator for Entries {
    type Item = Result<(IVec, IVec), Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((key, value)) = self.current.next() {
                if *key < *self.low {
                    continue;
                }
                if *key >= *self.high {
                    self.runs = None;
                    return None;
                }
                return Some(Ok((key, value)));
            }
            let run: Result<Vec<_>, Error> = match self.runs.as_mut()?.next()? {
                Ok((_, run)) => entries(&run)
                    .map(|entry| entry.map(|(k, v)| (IVec::from(k), IVec::from(v))))
                    .collect(),
                Err(error) => Err(error.into()),
            };
            match run {
                Ok(entries) => self.current = entries.into_iter(),
                Err(error) => {
                    self.runs = None;
                    return Some(Err(error));
                }
            }
        }
    }
}

/// Each entry as key length, key, value length, value; lengths are little-endian u32.
fn encode(entries: &[Entry]) -> Vec<u8> {
    let size = entries.iter().map(|(k, v)| 8 + k.len() + v.len()).sum();
    let mut out = Vec::with_capacity(size);
    for (key, value) in entries {
        for part in [key, value] {
            out.extend_from_slice(&(part.len() as u32).to_le_bytes());
            out.extend_from_slice(part);
        }
    }
    out
}

/// The entries of an encoded run, as slices of it; a damaged run ends with an error.
fn entries(mut bytes: &[u8]) -> impl Iterator<Item = Result<(&[u8], &[u8]), Error>> {
    fn part<'a>(bytes: &mut &'a [u8]) -> Option<&'a [u8]> {
        let (len, rest) = bytes.split_first_chunk::<4>()?;
        let (part, rest) = rest.split_at_checked(u32::from_le_bytes(*len) as usize)?;
        *bytes = rest;
        Some(part)
    }
    std::iter::from_fn(move || {
        if bytes.is_empty() {
            return None;
        }
        let entry = part(&mut bytes).and_then(|key| Some((key, part(&mut bytes)?)));
        if entry.is_none() {
            bytes = &[];
        }
        Some(entry.ok_or(Error::CorruptIndex("index run")))
    })
}

fn decode(bytes: &[u8]) -> Result<Vec<Entry>, Error> {
    entries(bytes)
        .map(|entry| entry.map(|(k, v)| (k.to_vec(), v.to_vec())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> Packed {
        let db = sled::Config::new().temporary(true).open().expect("db");
        Packed::new(db.open_tree("runs").expect("tree"))
    }

    fn apply(map: &Packed, writes: &Writes) {
        map.tree()
            .transaction(|tree| {
                Ok::<_, sled::transaction::ConflictableTransactionError>(writes.apply(tree)?)
            })
            .expect("transaction");
    }

    fn all(map: &Packed, low: &[u8], high: &[u8]) -> Vec<(Vec<u8>, Vec<u8>)> {
        map.range(low, high)
            .expect("range")
            .map(|e| e.map(|(k, v)| (k.to_vec(), v.to_vec())).expect("entry"))
            .collect()
    }

    #[test]
    fn matches_an_ordered_map_through_inserts_updates_removals_and_splits() {
        let map = map();
        let mut model = BTreeMap::new();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |below: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % below
        };
        for round in 0..60 {
            let mut plan = map.plan();
            for _ in 0..next(40) + 1 {
                let key = format!("k{:04}", next(2000)).into_bytes();
                // Counts how often each key was written, through the update's old value.
                if next(5) == 0 {
                    plan.remove(&key).expect("remove");
                    model.remove(&key);
                    continue;
                }
                plan.update(&key, |old| {
                    let n = old.map_or(0, |v| v[0]) + 1;
                    Ok(Some(vec![n]))
                })
                .expect("update");
                *model.entry(key).or_insert(0u8) += 1;
            }
            let writes = plan.finish();
            if round % 2 == 0 {
                apply(&map, &writes);
            } else {
                writes.apply_now(map.tree()).expect("batch");
            }
        }
        let expected: Vec<_> = model.iter().map(|(k, n)| (k.clone(), vec![*n])).collect();
        assert_eq!(all(&map, b"", b"\xff"), expected);
        let inner: Vec<_> = model
            .range(b"k0500".to_vec()..b"k1500".to_vec())
            .map(|(k, n)| (k.clone(), vec![*n]))
            .collect();
        assert_eq!(all(&map, b"k0500", b"k1500"), inner);
        assert!(all(&map, b"k1500", b"k0500").is_empty());
        for (_, run) in map.tree().iter().map(|e| e.expect("run")) {
            let len = decode(&run).expect("decode").len();
            assert!((1..=RUN).contains(&len), "run of {len} entries");
        }
        assert!(map.tree().len() < model.len() / 4, "entries are packed");
    }

    #[test]
    fn a_key_before_every_run_renames_the_first_run() {
        let map = map();
        let mut plan = map.plan();
        plan.insert(b"m", b"1").expect("insert");
        apply(&map, &plan.finish());
        let mut plan = map.plan();
        plan.insert(b"a", b"2").expect("insert");
        apply(&map, &plan.finish());
        let keys: Vec<_> = map.tree().iter().keys().map(|k| k.expect("key")).collect();
        assert_eq!(keys, vec![IVec::from(b"a")]);
        assert_eq!(
            all(&map, b"", b"z"),
            vec![
                (b"a".to_vec(), b"2".to_vec()),
                (b"m".to_vec(), b"1".to_vec())
            ]
        );
    }

    #[test]
    fn a_damaged_run_is_an_error_not_a_panic() {
        let map = map();
        map.tree()
            .insert(b"a", &[9, 0, 0, 0, 1][..])
            .expect("insert");
        let mut plan = map.plan();
        assert!(matches!(
            plan.insert(b"b", b""),
            Err(Error::CorruptIndex(_))
        ));
        let mut entries = map.range(b"", b"z").expect("range");
        assert!(matches!(entries.next(), Some(Err(Error::CorruptIndex(_)))));
        assert!(entries.next().is_none());
    }
}
