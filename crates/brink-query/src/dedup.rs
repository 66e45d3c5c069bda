//! Events reported by many articles, merged: GDELT-style by (day, source, target, CAMEO code,
//! place country), and one-a-day by (day, source, target, CAMEO root).
//!
//! A merged event is stored as its first report's summary and events key, then its counts: the
//! report itself is kept once, in the events tree, and fetched only for the hits a page keeps.

use std::collections::BTreeMap;

use brink_proto::v1::{Analysis, Article, DistinctEvent, EventHit};
use prost::Message;

use crate::day::Day;
use crate::error::Error;
use crate::events::{self, EventFilter, admitted_hit, event_key, summary_value};
use crate::packed::{Packed, Writes};
use crate::page::{self, Page};
use crate::store::Store;
use crate::summary::Fields;

/// Article ids kept per merged event; counts go on beyond it.
const MAX_ARTICLE_IDS: usize = 100;
/// Outlets kept per merged event, so one event cannot grow without bound.
const MAX_SOURCES: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Mentions,
    Daily,
}

/// Merge key of a hit under `view`.
pub fn key(view: View, day: Day, hit: &EventHit) -> Vec<u8> {
    let event = hit.event.clone().unwrap_or_default();
    let code = |a: Option<&brink_proto::v1::ActorRef>| a.map_or(String::new(), |a| a.code.clone());
    let parts = match view {
        View::Mentions => [
            code(event.source.as_ref()),
            code(event.target.as_ref()),
            event.cameo_code.clone(),
            event
                .place
                .as_ref()
                .map_or(String::new(), |p| p.country.clone()),
        ],
        View::Daily => [
            code(event.source.as_ref()),
            code(event.target.as_ref()),
            event.cameo_root.clone(),
            String::new(),
        ],
    };
    let mut key = day.newest_first_key().to_vec();
    key.extend_from_slice(parts.join("\u{0}").as_bytes());
    key
}

/// The first report of an event in one article: what a new merged record starts from.
#[derive(Debug, Clone)]
pub struct Report {
    /// Key of the report in the events tree.
    pub primary: Vec<u8>,
    pub summary: Vec<u8>,
    pub article_id: String,
}

impl Report {
    /// The report `hit`, filed under `day`, makes.
    pub fn new(day: Day, hit: &EventHit) -> Report {
        let event = hit.event.clone().unwrap_or_default();
        Report {
            primary: event_key(day, &event.id),
            summary: summary_value(&Fields::of(&event)),
            article_id: hit.article_id.clone(),
        }
    }
}

/// Merge key → an article's first report of that event and its number of reports.
pub type Reports = BTreeMap<Vec<u8>, (Report, u64)>;

/// The merged records an analysis feeds under `view`.
pub fn reports(view: View, article: &Article, analysis: &Analysis) -> Reports {
    let mut reports = Reports::new();
    for event in &analysis.events {
        let (day, hit) = events::hit(article, analysis, event);
        reports
            .entry(key(view, day, &hit))
            .or_insert_with(|| (Report::new(day, &hit), 0))
            .1 += 1;
    }
    reports
}

/// A stored merged record: the first report's summary and events key, and the counts.
struct Stored<'a> {
    summary: &'a [u8],
    fields: Fields<'a>,
    primary: &'a [u8],
    merged: DistinctEvent,
}

fn decode(bytes: &[u8]) -> Result<Stored<'_>, Error> {
    let corrupt = || Error::CorruptIndex("merged event");
    let (fields, rest) = Fields::decode(bytes)?;
    let summary = &bytes[..bytes.len() - rest.len()];
    let (len, rest) = rest.split_first_chunk::<2>().ok_or_else(corrupt)?;
    let len = usize::from(u16::from_be_bytes(*len));
    let primary = rest.get(..len).ok_or_else(corrupt)?;
    let merged = DistinctEvent::decode(&rest[len..])?;
    Ok(Stored {
        summary,
        fields,
        primary,
        merged,
    })
}

/// Encodes a merged record; `merged.first` is left out, the events tree holds it.
pub fn encode(summary: &[u8], primary: &[u8], merged: &DistinctEvent) -> Vec<u8> {
    let len = u16::try_from(primary.len()).unwrap_or(u16::MAX);
    let primary = &primary[..usize::from(len)];
    let mut value = Vec::with_capacity(summary.len() + 2 + primary.len() + merged.encoded_len());
    value.extend_from_slice(summary);
    value.extend_from_slice(&len.to_be_bytes());
    value.extend_from_slice(primary);
    merged.encode_raw(&mut value);
    value
}

/// Adds one article's `mentions` reports of an event to its merged record.
fn merge(
    existing: Option<&[u8]>,
    report: &Report,
    mentions: u64,
    outlet: &str,
) -> Result<Vec<u8>, Error> {
    let stored = existing.map(decode).transpose()?;
    let (summary, primary, mut merged) = match &stored {
        Some(stored) => (stored.summary, stored.primary, stored.merged.clone()),
        None => (
            report.summary.as_slice(),
            report.primary.as_slice(),
            DistinctEvent::default(),
        ),
    };
    merged.first = None;
    merged.mentions += mentions;
    merged.article_count += 1;
    if merged.article_ids.len() < MAX_ARTICLE_IDS {
        merged.article_ids.push(report.article_id.clone());
    }
    if !outlet.is_empty() && !merged.sources.iter().any(|s| s == outlet) {
        merged.source_count += 1;
        if merged.sources.len() < MAX_SOURCES {
            merged.sources.push(outlet.to_owned());
        }
    }
    Ok(encode(summary, primary, &merged))
}

/// Swaps an article's reports of an event for those of its new analysis: the article keeps its
/// place, and the first report stays first when it was the article's.
fn replace(
    existing: Option<&[u8]>,
    old: &(Report, u64),
    new: &(Report, u64),
    outlet: &str,
) -> Result<Vec<u8>, Error> {
    let Some(existing) = existing else {
        return merge(None, &new.0, new.1, outlet);
    };
    let stored = decode(existing)?;
    let mut merged = stored.merged;
    merged.first = None;
    merged.mentions = merged.mentions.saturating_sub(old.1) + new.1;
    let (summary, primary) = if stored.primary == old.0.primary.as_slice() {
        (new.0.summary.as_slice(), new.0.primary.as_slice())
    } else {
        (stored.summary, stored.primary)
    };
    Ok(encode(summary, primary, &merged))
}

/// Takes an article's reports of an event out of its merged record, leaving what the other
/// articles listed reported: the next of them provides the first report when it was this
/// article's, and its outlet goes when no other article has it. `None` when no article is left.
fn unmerge(
    store: &Store,
    view: View,
    key: &[u8],
    existing: Option<&[u8]>,
    old: &(Report, u64),
    outlet: &str,
) -> Result<Option<Vec<u8>>, Error> {
    let Some(existing) = existing else {
        return Ok(None);
    };
    let stored = decode(existing)?;
    let mut merged = stored.merged;
    merged.first = None;
    merged.mentions = merged.mentions.saturating_sub(old.1);
    merged.article_count = merged.article_count.saturating_sub(1);
    merged.article_ids.retain(|id| *id != old.0.article_id);
    if merged.article_count == 0 {
        return Ok(None);
    }
    let others = || {
        merged
            .article_ids
            .iter()
            .filter_map(|id| match store.article(id) {
                Ok(view) => Some(Ok(view)),
                Err(Error::NotFound(_)) => None,
                Err(error) => Some(Err(error)),
            })
    };
    if !outlet.is_empty() && merged.sources.iter().any(|s| s == outlet) {
        let mut shared = false;
        for other in others() {
            if other?.article.is_some_and(|a| a.source == outlet) {
                shared = true;
                break;
            }
        }
        if !shared {
            merged.sources.retain(|s| s != outlet);
            merged.source_count = merged.source_count.saturating_sub(1);
        }
    }
    let mut first = None;
    if stored.primary == old.0.primary.as_slice() {
        for other in others() {
            let other = other?;
            let article = other.article.unwrap_or_default();
            let analysis = other.analysis.unwrap_or_default();
            if let Some((report, _)) = reports(view, &article, &analysis).remove(key) {
                first = Some(report);
                break;
            }
        }
    }
    let (summary, primary) = match &first {
        Some(report) => (report.summary.as_slice(), report.primary.as_slice()),
        None => (stored.summary, stored.primary),
    };
    Ok(Some(encode(summary, primary, &merged)))
}

/// The writes that take an article's reports under its previous analysis (`old`, if any) out of
/// the merged records and put those of its current one (`new`) in.
pub fn plan(
    store: &Store,
    index: &Packed,
    view: View,
    old: Option<&Reports>,
    new: &Reports,
    outlet: &str,
) -> Result<Writes, Error> {
    let mut plan = index.plan();
    if let Some(old) = old {
        for (key, gone) in old.iter().filter(|(key, _)| !new.contains_key(*key)) {
            plan.update(key, |existing| {
                unmerge(store, view, key, existing, gone, outlet)
            })?;
        }
    }
    for (key, report) in new {
        match old.and_then(|old| old.get(key)) {
            Some(previous) => plan.update(key, |existing| {
                replace(existing, previous, report, outlet).map(Some)
            })?,
            None => plan.update(key, |existing| {
                merge(existing, &report.0, report.1, outlet).map(Some)
            })?,
        }
    }
    Ok(plan.finish())
}

/// One page of merged events whose first report matches `filter`, newest first.
pub fn search(
    store: &Store,
    index: &Packed,
    filter: &EventFilter,
    cursor: Option<&[u8]>,
    limit: usize,
) -> Result<Page<DistinctEvent>, Error> {
    let (low, high) = page::newest_first_bounds(filter.from, filter.to, cursor);
    page::collect(index.range(&low, &high)?, limit, |key, value| {
        let stored = decode(value)?;
        if !filter.admits(Day::from_newest_first_key(stored.primary), &stored.fields) {
            return Ok(None);
        }
        let Some(event) = store.events.get(stored.primary)? else {
            return Ok(None);
        };
        let Some(hit) = admitted_hit(filter, stored.primary, &event)? else {
            return Ok(None);
        };
        let mut merged = stored.merged;
        merged.first = Some(hit);
        Ok(Some((key.to_vec(), merged)))
    })
}
