//! Per-day actor counters and co-occurrence pairs, summed over a date range on demand.

use std::collections::HashMap;

use sled::transaction::{ConflictableTransactionError, TransactionalTree};

use crate::day::Day;
use crate::error::Error;
use crate::page;
use crate::store::decode_u64;

/// Actors of one article that form pairs; more would make pairs grow quadratically.
pub const MAX_PAIRED_ACTORS: usize = 64;

/// One actor's counts over a day (or a range once summed).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActorCounts {
    pub mentions: u64,
    pub events: u64,
    pub conflict_events: u64,
    /// A name the actor was seen with.
    pub name: String,
}

impl ActorCounts {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(24 + self.name.len());
        for n in [self.mentions, self.events, self.conflict_events] {
            out.extend_from_slice(&n.to_be_bytes());
        }
        out.extend_from_slice(self.name.as_bytes());
        out
    }

    pub fn decode(bytes: &[u8]) -> ActorCounts {
        let word = |i: usize| bytes.get(i * 8..i * 8 + 8).map_or(0, decode_u64);
        ActorCounts {
            mentions: word(0),
            events: word(1),
            conflict_events: word(2),
            name: bytes
                .get(24..)
                .map(String::from_utf8_lossy)
                .unwrap_or_default()
                .into_owned(),
        }
    }

    pub fn merge(&mut self, other: &ActorCounts) {
        self.mentions += other.mentions;
        self.events += other.events;
        self.conflict_events += other.conflict_events;
        if !other.name.is_empty() {
            self.name.clone_from(&other.name);
        }
    }
}

/// Adds a record's counts of an actor on a day.
pub fn add(
    tree: &TransactionalTree,
    key: &[u8],
    delta: &ActorCounts,
) -> Result<(), ConflictableTransactionError<Error>> {
    update(tree, key, |counts| counts.merge(delta))
}

/// Takes a record's counts of an actor on a day back out; a day left without any goes. The
/// name stays: it is one the actor was seen with.
pub fn remove(
    tree: &TransactionalTree,
    key: &[u8],
    delta: &ActorCounts,
) -> Result<(), ConflictableTransactionError<Error>> {
    update(tree, key, |counts| {
        counts.mentions = counts.mentions.saturating_sub(delta.mentions);
        counts.events = counts.events.saturating_sub(delta.events);
        counts.conflict_events = counts.conflict_events.saturating_sub(delta.conflict_events);
    })
}

/// Rewrites an actor's day with `change`; a day left with no mention or event is deleted.
fn update(
    tree: &TransactionalTree,
    key: &[u8],
    change: impl FnOnce(&mut ActorCounts),
) -> Result<(), ConflictableTransactionError<Error>> {
    let mut counts = tree
        .get(key)?
        .map(|v| ActorCounts::decode(&v))
        .unwrap_or_default();
    change(&mut counts);
    if counts.mentions + counts.events == 0 {
        tree.remove(key)?;
    } else {
        tree.insert(key, counts.encode())?;
    }
    Ok(())
}

/// Counts one more article naming both actors of a pair on a day.
pub fn add_pair(
    tree: &TransactionalTree,
    key: &[u8],
) -> Result<(), ConflictableTransactionError<Error>> {
    count_pair(tree, key, |weight| weight + 1)
}

/// Counts one article fewer naming both actors of a pair on a day; a pair no article names
/// goes.
pub fn remove_pair(
    tree: &TransactionalTree,
    key: &[u8],
) -> Result<(), ConflictableTransactionError<Error>> {
    count_pair(tree, key, |weight| weight.saturating_sub(1))
}

fn count_pair(
    tree: &TransactionalTree,
    key: &[u8],
    change: impl FnOnce(u64) -> u64,
) -> Result<(), ConflictableTransactionError<Error>> {
    let weight = change(tree.get(key)?.map_or(0, |v| decode_u64(&v)));
    if weight == 0 {
        tree.remove(key)?;
    } else {
        tree.insert(key, &weight.to_be_bytes())?;
    }
    Ok(())
}

/// Key of a code (or code pair) on a day.
pub fn key(day: Day, code: &str) -> Vec<u8> {
    let mut key = day.key().to_vec();
    key.extend_from_slice(code.as_bytes());
    key
}

/// Key of an unordered pair on a day.
pub fn pair_key(day: Day, a: &str, b: &str) -> Vec<u8> {
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    key(day, &format!("{a}\u{0}{b}"))
}

/// Sums actor counters over `from..=to`.
pub fn totals(
    tree: &sled::Tree,
    from: Option<Day>,
    to: Option<Day>,
) -> Result<Vec<(String, ActorCounts)>, Error> {
    let (low, high) = page::day_bounds(from, to, None);
    let mut sums: HashMap<String, ActorCounts> = HashMap::new();
    for entry in tree.range(low..high) {
        let (key, value) = entry?;
        let code = String::from_utf8_lossy(&key[Day::LEN..]).into_owned();
        sums.entry(code)
            .or_default()
            .merge(&ActorCounts::decode(&value));
    }
    Ok(sums.into_iter().collect())
}

/// Sums pair weights over `from..=to`, keeping pairs with a side starting with `actor`.
pub fn pairs(
    tree: &sled::Tree,
    from: Option<Day>,
    to: Option<Day>,
    actor: Option<&str>,
) -> Result<Vec<(String, String, u64)>, Error> {
    let (low, high) = page::day_bounds(from, to, None);
    let mut sums: HashMap<(String, String), u64> = HashMap::new();
    for entry in tree.range(low..high) {
        let (key, value) = entry?;
        let pair = String::from_utf8_lossy(&key[Day::LEN..]).into_owned();
        let Some((a, b)) = pair.split_once('\u{0}') else {
            continue;
        };
        if actor.is_some_and(|p| !a.starts_with(p) && !b.starts_with(p)) {
            continue;
        }
        *sums.entry((a.to_owned(), b.to_owned())).or_default() += decode_u64(&value);
    }
    let mut out: Vec<_> = sums.into_iter().map(|((a, b), w)| (a, b, w)).collect();
    out.sort_by(|x, y| y.2.cmp(&x.2).then_with(|| (&x.0, &x.1).cmp(&(&y.0, &y.1))));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_round_trip_and_pairs_are_unordered() {
        let counts = ActorCounts {
            mentions: 3,
            events: 2,
            conflict_events: 1,
            name: "Russia".into(),
        };
        assert_eq!(ActorCounts::decode(&counts.encode()), counts);
        let day = Day(5);
        assert_eq!(pair_key(day, "USA", "PRK"), pair_key(day, "PRK", "USA"));
    }
}
