//! Alerts: a dyad whose conflict count on a day stands out from its own trailing baseline.
//! Evaluated inside the transaction that updates the day, only for dyads the record touched,
//! and appended to the service's alert log.

use brink_common::log::ChangeLog;
use brink_proto::v1::{Alert, EventHit};
use futures::{Stream, StreamExt};
use prost::Message;
use sled::transaction::{ConflictableTransactionResult, TransactionalTree};

use crate::config::AlertConfig;
use crate::day::Day;
use crate::error::Error;
use crate::page::{self, Page};
use crate::tension::{self, Counters};

/// A dyad-day a record added conflict events to, with those events.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The dyad, `a` < `b`.
    pub a: String,
    pub b: String,
    pub day: Day,
    pub events: Vec<EventHit>,
}

fn conflict_on(
    tension: &TransactionalTree,
    a: &str,
    b: &str,
    day: Day,
) -> ConflictableTransactionResult<u64, Error> {
    let mut total = 0;
    for key in [tension::key(a, b, day), tension::key(b, a, day)] {
        if let Some(bytes) = tension.get(key)? {
            total += Counters::decode(&bytes).conflict();
        }
    }
    Ok(total)
}

/// Raises alerts for the candidates that spike; `next_offset` is the alert log's head.
pub fn evaluate(
    tension: &TransactionalTree,
    meta: &TransactionalTree,
    log: &TransactionalTree,
    config: &AlertConfig,
    candidates: &[Candidate],
    mut next_offset: u64,
) -> ConflictableTransactionResult<Vec<Alert>, Error> {
    let mut raised = Vec::new();
    for candidate in candidates {
        let marker = marker(candidate);
        if meta.get(&marker)?.is_some() {
            continue;
        }
        let count = conflict_on(tension, &candidate.a, &candidate.b, candidate.day)?;
        if count < config.min_events || config.window_days == 0 {
            continue;
        }
        let mut baseline = Vec::with_capacity(config.window_days as usize);
        for back in 1..=config.window_days {
            let day = candidate.day.sub(back);
            baseline.push(conflict_on(tension, &candidate.a, &candidate.b, day)? as f64);
        }
        // A dyad with no conflict in its window has no baseline to depart from yet.
        if baseline.iter().all(|x| *x == 0.0) {
            continue;
        }
        let n = baseline.len() as f64;
        let mean = baseline.iter().sum::<f64>() / n;
        let stddev = (baseline.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
        let z = (count as f64 - mean) / stddev.max(1.0);
        if z < config.z_threshold {
            continue;
        }
        let alert = Alert {
            offset: next_offset,
            actor_a: candidate.a.clone(),
            actor_b: candidate.b.clone(),
            day: candidate.day.format(),
            conflict_events: count,
            baseline_mean: mean,
            baseline_stddev: stddev,
            z_score: z,
            events: candidate.events.clone(),
        };
        log.insert(&ChangeLog::key(next_offset), alert.encode_to_vec())?;
        meta.insert(marker, &ChangeLog::key(next_offset))?;
        next_offset += 1;
        raised.push(alert);
    }
    Ok(raised)
}

fn marker(candidate: &Candidate) -> Vec<u8> {
    let mut key = b"alerted/".to_vec();
    key.extend_from_slice(tension::key(&candidate.a, &candidate.b, candidate.day).as_slice());
    key
}

/// Alerts newest first, optionally only those involving `actor`.
pub fn list(
    log: &ChangeLog,
    actor: Option<&str>,
    cursor: Option<&[u8]>,
    limit: usize,
) -> Result<Page<Alert>, Error> {
    let high = cursor.map_or_else(|| ChangeLog::key(log.head()).to_vec(), <[u8]>::to_vec);
    page::scan(
        log.tree().range(..high).rev(),
        limit,
        |bytes| Ok(Alert::decode(bytes)?),
        |alert| actor.is_none_or(|a| alert.actor_a == a || alert.actor_b == a),
    )
}

/// Replays alerts from `from`, then follows new ones; `from` past the head is an error.
pub fn watch(
    log: &ChangeLog,
    from: u64,
) -> Result<impl Stream<Item = Result<Alert, Error>> + Send + 'static, Error> {
    Ok(log.subscribe(from)?.map(|entry| {
        let (_, bytes) = entry?;
        Ok(Alert::decode(bytes.as_ref())?)
    }))
}
