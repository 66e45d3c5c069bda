//! Tension between two actors, pre-aggregated: each event updates its directed dyad's day
//! counters as it arrives, and weeks and months are summed from days at query time, so a
//! series reads one short key range per direction instead of scanning events.

use chrono::{Datelike, Months};
use sled::transaction::{ConflictableTransactionError, TransactionalTree};

use crate::day::Day;
use crate::error::Error;

/// Longest series one request may ask for, in days.
pub const MAX_RANGE_DAYS: u32 = 3660;

/// Three-letter actor level tension is measured at: "USAGOV" counts for "USA".
pub fn dyad_code(code: &str) -> Option<&str> {
    code.get(..3)
        .filter(|c| c.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Counters of one direction over one day (or a sum of days).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counters {
    /// Events per QuadClass 1..=4.
    pub quads: [u64; 4],
    pub goldstein_sum: f64,
    pub tone_sum: f64,
}

impl Counters {
    const LEN: usize = 48;

    pub fn events(&self) -> u64 {
        self.quads.iter().sum()
    }

    pub fn conflict(&self) -> u64 {
        self.quads[2] + self.quads[3]
    }

    /// Counts one event; quad classes outside 1..=4 are not counted.
    pub fn add_event(&mut self, quad: i32, goldstein: f64, tone: f64) {
        if let Some(slot) = usize::try_from(quad - 1)
            .ok()
            .and_then(|i| self.quads.get_mut(i))
        {
            *slot += 1;
            self.goldstein_sum += goldstein;
            self.tone_sum += tone;
        }
    }

    pub fn merge(&mut self, other: &Counters) {
        for (a, b) in self.quads.iter_mut().zip(other.quads) {
            *a += b;
        }
        self.goldstein_sum += other.goldstein_sum;
        self.tone_sum += other.tone_sum;
    }

    /// Takes back counts `merge` added.
    pub fn subtract(&mut self, other: &Counters) {
        for (a, b) in self.quads.iter_mut().zip(other.quads) {
            *a = a.saturating_sub(b);
        }
        self.goldstein_sum -= other.goldstein_sum;
        self.tone_sum -= other.tone_sum;
    }

    pub fn goldstein_mean(&self) -> f64 {
        mean(self.goldstein_sum, self.events())
    }

    pub fn tone_mean(&self) -> f64 {
        mean(self.tone_sum, self.events())
    }

    pub fn conflict_share(&self) -> f64 {
        mean(self.conflict() as f64, self.events())
    }

    /// Conflict share weighted by how negative the mean Goldstein score is, in 0..1.
    pub fn escalation(&self) -> f64 {
        self.conflict_share() * (-self.goldstein_mean()).max(0.0) / 10.0
    }

    pub fn encode(&self) -> [u8; Counters::LEN] {
        let mut out = [0; Counters::LEN];
        for (i, q) in self.quads.iter().enumerate() {
            out[i * 8..i * 8 + 8].copy_from_slice(&q.to_be_bytes());
        }
        out[32..40].copy_from_slice(&self.goldstein_sum.to_be_bytes());
        out[40..48].copy_from_slice(&self.tone_sum.to_be_bytes());
        out
    }

    pub fn decode(bytes: &[u8]) -> Counters {
        let word = |i: usize| -> [u8; 8] {
            bytes
                .get(i * 8..i * 8 + 8)
                .and_then(|s| s.try_into().ok())
                .unwrap_or_default()
        };
        Counters {
            quads: [0, 1, 2, 3].map(|i| u64::from_be_bytes(word(i))),
            goldstein_sum: f64::from_be_bytes(word(4)),
            tone_sum: f64::from_be_bytes(word(5)),
        }
    }
}

fn mean(sum: f64, n: u64) -> f64 {
    if n == 0 { 0.0 } else { sum / n as f64 }
}

/// Adds a record's counters to a directed dyad's day.
pub fn add(
    tree: &TransactionalTree,
    key: &[u8],
    delta: &Counters,
) -> Result<(), ConflictableTransactionError<Error>> {
    update(tree, key, |counters| counters.merge(delta))
}

/// Takes a record's counters back out of a directed dyad's day; a day left without events goes,
/// as it would never have been written without them.
pub fn remove(
    tree: &TransactionalTree,
    key: &[u8],
    delta: &Counters,
) -> Result<(), ConflictableTransactionError<Error>> {
    update(tree, key, |counters| counters.subtract(delta))
}

/// Rewrites a dyad's day with `change`; a day left without events is deleted.
fn update(
    tree: &TransactionalTree,
    key: &[u8],
    change: impl FnOnce(&mut Counters),
) -> Result<(), ConflictableTransactionError<Error>> {
    let mut counters = tree
        .get(key)?
        .map(|v| Counters::decode(&v))
        .unwrap_or_default();
    change(&mut counters);
    if counters.events() == 0 {
        tree.remove(key)?;
    } else {
        tree.insert(key, counters.encode().to_vec())?;
    }
    Ok(())
}

/// Key of a directed dyad's day.
pub fn key(source: &str, target: &str, day: Day) -> Vec<u8> {
    let mut key = Vec::with_capacity(6 + Day::LEN);
    key.extend_from_slice(source.as_bytes());
    key.extend_from_slice(target.as_bytes());
    key.extend_from_slice(&day.key());
    key
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BucketSize {
    Day,
    Week,
    Month,
}

impl BucketSize {
    /// First day of the bucket holding `day`.
    pub fn start(self, day: Day) -> Day {
        let Some(date) = day.date() else { return day };
        match self {
            BucketSize::Day => day,
            BucketSize::Week => day.sub(date.weekday().num_days_from_monday()),
            BucketSize::Month => Day::from_date(date.with_day(1).unwrap_or(date)),
        }
    }

    fn next(self, start: Day) -> Day {
        match self {
            BucketSize::Day => start.add(1),
            BucketSize::Week => start.add(7),
            BucketSize::Month => start
                .date()
                .and_then(|d| d.checked_add_months(Months::new(1)))
                .map_or(start.add(31), Day::from_date),
        }
    }
}

/// One bucket of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    pub start: Day,
    pub a_to_b: Counters,
    pub b_to_a: Counters,
}

impl Bucket {
    pub fn combined(&self) -> Counters {
        let mut all = self.a_to_b;
        all.merge(&self.b_to_a);
        all
    }
}

/// The a/b series over `from..=to` (defaulting to the dyad's first and last days with data).
pub fn series(
    tree: &sled::Tree,
    a: &str,
    b: &str,
    from: Option<Day>,
    to: Option<Day>,
    size: BucketSize,
) -> Result<Vec<Bucket>, Error> {
    let ab = read_days(tree, a, b, from, to)?;
    let ba = read_days(tree, b, a, from, to)?;
    // Each direction is already in day order.
    let (Some(from), Some(to)) = (
        from.or_else(|| {
            [ab.first(), ba.first()]
                .into_iter()
                .flatten()
                .map(|d| d.0)
                .min()
        }),
        to.or_else(|| {
            [ab.last(), ba.last()]
                .into_iter()
                .flatten()
                .map(|d| d.0)
                .max()
        }),
    ) else {
        return Ok(Vec::new());
    };
    if to.0.saturating_sub(from.0) > MAX_RANGE_DAYS {
        return Err(Error::invalid(
            "to",
            format!("range is longer than {MAX_RANGE_DAYS} days"),
        ));
    }
    let mut buckets = Vec::new();
    let mut start = size.start(from);
    while start <= to {
        buckets.push(Bucket {
            start,
            a_to_b: Counters::default(),
            b_to_a: Counters::default(),
        });
        start = size.next(start);
    }
    let first = size.start(from);
    for (days, outgoing) in [(&ab, true), (&ba, false)] {
        for (day, counters) in days.iter() {
            let start = size.start(*day);
            if start < first {
                continue;
            }
            if let Ok(i) = buckets.binary_search_by_key(&start, |b| b.start) {
                let bucket = &mut buckets[i];
                if outgoing {
                    &mut bucket.a_to_b
                } else {
                    &mut bucket.b_to_a
                }
                .merge(counters);
            }
        }
    }
    Ok(buckets)
}

/// The days of one direction with data over `from..=to`, in day order: one range scan.
fn read_days(
    tree: &sled::Tree,
    source: &str,
    target: &str,
    from: Option<Day>,
    to: Option<Day>,
) -> Result<Vec<(Day, Counters)>, Error> {
    let low = key(source, target, from.unwrap_or(Day(0)));
    let high = key(source, target, to.unwrap_or(Day(u32::MAX)));
    tree.range(low..=high)
        .map(|item| {
            let (k, v) = item?;
            Ok((Day::from_key(&k[6..]), Counters::decode(&v)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_round_trip_and_measure() {
        let mut c = Counters::default();
        c.add_event(4, -10.0, -5.0);
        c.add_event(1, 2.0, 1.0);
        c.add_event(0, 9.0, 9.0);
        assert_eq!(Counters::decode(&c.encode()), c);
        assert_eq!(c.events(), 2);
        assert_eq!(c.conflict_share(), 0.5);
        assert_eq!(c.goldstein_mean(), -4.0);
        assert!((c.escalation() - 0.2).abs() < 1e-12);
    }

    #[test]
    fn weeks_start_on_monday_and_months_on_the_first() {
        let thursday = Day::parse("2017-08-10").expect("valid");
        assert_eq!(BucketSize::Week.start(thursday).format(), "2017-08-07");
        assert_eq!(BucketSize::Month.start(thursday).format(), "2017-08-01");
        let month = BucketSize::Month.start(thursday);
        assert_eq!(BucketSize::Month.next(month).format(), "2017-09-01");
    }
}
