//! Events reported by many articles, merged: GDELT-style by (day, source, target, CAMEO code,
//! place country), and one-a-day by (day, source, target, CAMEO root).

use brink_proto::v1::{DistinctEvent, EventHit};
use prost::Message;

use crate::day::Day;
use crate::error::Error;
use crate::events::EventFilter;
use crate::page::{self, Page};

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
    let mut key = day.key().to_vec();
    key.extend_from_slice(parts.join("\u{0}").as_bytes());
    key
}

/// Adds one article's `mentions` reports of an event to its merged record.
pub fn merge(
    existing: Option<&[u8]>,
    hit: &EventHit,
    mentions: u64,
    outlet: &str,
) -> Result<DistinctEvent, Error> {
    let mut merged = match existing {
        Some(bytes) => DistinctEvent::decode(bytes)?,
        None => DistinctEvent {
            first: Some(hit.clone()),
            ..DistinctEvent::default()
        },
    };
    merged.mentions += mentions;
    merged.article_count += 1;
    if merged.article_ids.len() < MAX_ARTICLE_IDS {
        merged.article_ids.push(hit.article_id.clone());
    }
    if !outlet.is_empty() && !merged.sources.iter().any(|s| s == outlet) {
        merged.source_count += 1;
        if merged.sources.len() < MAX_SOURCES {
            merged.sources.push(outlet.to_owned());
        }
    }
    Ok(merged)
}

/// One page of merged events whose first report matches `filter`, newest first.
pub fn search(
    tree: &sled::Tree,
    filter: &EventFilter,
    cursor: Option<&[u8]>,
    limit: usize,
) -> Result<Page<DistinctEvent>, Error> {
    let (low, high) = page::day_bounds(filter.from, filter.to, cursor);
    page::scan(
        tree.range(low..high).rev(),
        limit,
        |bytes| Ok(DistinctEvent::decode(bytes)?),
        |merged| merged.first.as_ref().is_some_and(|hit| filter.matches(hit)),
    )
}
