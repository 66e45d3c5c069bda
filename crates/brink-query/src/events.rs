//! Event search: a filter checked against stored hits, walked newest first over the primary
//! day-ordered tree or, when the filter names an actor, over the by-actor index.

use brink_proto::v1::{self as pb, Article, Event, EventHit};
use prost::Message;

use crate::day::Day;
use crate::error::Error;
use crate::page::{self, Page};
use crate::store::Store;

const MAX_TERMS: usize = 32;
const MAX_TERM_LEN: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Role {
    #[default]
    Either,
    Source,
    Target,
}

/// Conditions on events, validated; see `brink.v1.EventFilter`.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub actors: Vec<String>,
    pub role: Role,
    pub source: Option<String>,
    pub target: Option<String>,
    pub undirected: bool,
    pub cameo: Vec<String>,
    pub quads: Vec<i32>,
    pub goldstein_min: f64,
    pub goldstein_max: f64,
    pub from: Option<Day>,
    pub to: Option<Day>,
    pub place_country: Option<String>,
    pub place: Option<String>,
    pub negated: Option<bool>,
    pub hypothetical: Option<bool>,
    pub article_id: Option<String>,
}

impl EventFilter {
    pub fn from_proto(filter: &pb::EventFilter) -> Result<EventFilter, Error> {
        let actors = codes("filter.actors", &filter.actors)?;
        let cameo = codes("filter.cameo", &filter.cameo)?;
        if let Some(bad) = cameo
            .iter()
            .find(|c| !c.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(Error::invalid(
                "filter.cameo",
                format!("{bad:?} is not a CAMEO code"),
            ));
        }
        if let Some(bad) = filter.quad_classes.iter().find(|q| !(1..=4).contains(*q)) {
            return Err(Error::invalid(
                "filter.quad_classes",
                format!("{bad} is not within 1..4"),
            ));
        }
        let goldstein_min = filter.goldstein_min.unwrap_or(-10.0);
        let goldstein_max = filter.goldstein_max.unwrap_or(10.0);
        for (field, value) in [
            ("filter.goldstein_min", goldstein_min),
            ("filter.goldstein_max", goldstein_max),
        ] {
            if !(-10.0..=10.0).contains(&value) {
                return Err(Error::invalid(
                    field,
                    format!("{value} is not within -10..10"),
                ));
            }
        }
        if goldstein_min > goldstein_max {
            return Err(Error::invalid(
                "filter.goldstein_max",
                "is below filter.goldstein_min",
            ));
        }
        let (from, to) = crate::day::range(
            "filter.date_from",
            &filter.date_from,
            "filter.date_to",
            &filter.date_to,
        )?;
        let role = match filter.actor_role() {
            pb::ActorRole::Unspecified => Role::Either,
            pb::ActorRole::Source => Role::Source,
            pb::ActorRole::Target => Role::Target,
        };
        Ok(EventFilter {
            actors,
            role,
            source: term("filter.source", &filter.source)?,
            target: term("filter.target", &filter.target)?,
            undirected: filter.undirected,
            cameo,
            quads: filter.quad_classes.clone(),
            goldstein_min,
            goldstein_max,
            from,
            to,
            place_country: term("filter.place_country", &filter.place_country)?,
            place: term("filter.place", &filter.place)?.map(|p| p.to_lowercase()),
            negated: filter.negated,
            hypothetical: filter.hypothetical,
            article_id: Some(filter.article_id.clone()).filter(|a| !a.is_empty()),
        })
    }

    pub fn matches(&self, hit: &EventHit) -> bool {
        let Some(event) = &hit.event else {
            return false;
        };
        let source = event.source.as_ref().map_or("", |a| a.code.as_str());
        let target = event.target.as_ref().map_or("", |a| a.code.as_str());
        let prefixed = |code: &str| self.actors.iter().any(|p| code.starts_with(p.as_str()));
        let actors_ok = self.actors.is_empty()
            || match self.role {
                Role::Either => prefixed(source) || prefixed(target),
                Role::Source => prefixed(source),
                Role::Target => prefixed(target),
            };
        let directed = |s: &str, t: &str| {
            self.source
                .as_ref()
                .is_none_or(|p| s.starts_with(p.as_str()))
                && self
                    .target
                    .as_ref()
                    .is_none_or(|p| t.starts_with(p.as_str()))
        };
        let dyad_ok = directed(source, target) || (self.undirected && directed(target, source));
        let day = Day::parse(&hit.date).unwrap_or_default();
        let place = event.place.as_ref();
        actors_ok
            && dyad_ok
            && (self.cameo.is_empty()
                || self
                    .cameo
                    .iter()
                    .any(|c| event.cameo_code.starts_with(c.as_str())))
            && (self.quads.is_empty() || self.quads.contains(&event.quad_class))
            && (self.goldstein_min..=self.goldstein_max).contains(&event.goldstein)
            && self.from.is_none_or(|from| day >= from)
            && self.to.is_none_or(|to| day <= to)
            && self
                .place_country
                .as_ref()
                .is_none_or(|c| place.is_some_and(|p| p.country.eq_ignore_ascii_case(c)))
            && self
                .place
                .as_ref()
                .is_none_or(|n| place.is_some_and(|p| p.name.to_lowercase().contains(n.as_str())))
            && self.negated.is_none_or(|n| n == event.negated)
            && self.hypothetical.is_none_or(|h| h == event.hypothetical)
            && self
                .article_id
                .as_ref()
                .is_none_or(|a| *a == hit.article_id)
    }

    /// The three-letter actor code whose index holds every match, if the filter pins one.
    fn index_code(&self) -> Option<&str> {
        let pinned = match (&self.source, &self.target, self.actors.as_slice()) {
            (Some(source), _, _) => Some(source.as_str()),
            (None, Some(target), _) => Some(target.as_str()),
            (None, None, [only]) => Some(only.as_str()),
            _ => None,
        };
        pinned.and_then(|code| code.get(..3))
    }
}

/// Validates and upper-cases a list of code prefixes.
fn codes(field: &'static str, values: &[String]) -> Result<Vec<String>, Error> {
    if values.len() > MAX_TERMS {
        return Err(Error::invalid(
            field,
            format!("more than {MAX_TERMS} values"),
        ));
    }
    values
        .iter()
        .map(|v| term(field, v)?.ok_or_else(|| Error::invalid(field, "empty value")))
        .collect()
}

fn term(field: &'static str, value: &str) -> Result<Option<String>, Error> {
    let value = value.trim();
    if value.chars().count() > MAX_TERM_LEN {
        return Err(Error::invalid(
            field,
            format!("longer than {MAX_TERM_LEN} characters"),
        ));
    }
    Ok(Some(value.to_uppercase()).filter(|v| !v.is_empty()))
}

/// The day an event is filed under: its own date, else its article's publication day.
pub fn event_day(event: &Event, article: &Article) -> Day {
    Day::parse(&event.date)
        .or_else(|| {
            brink_proto::time::from_timestamp(article.published_at.as_ref())
                .or_else(|| brink_proto::time::from_timestamp(article.ingested_at.as_ref()))
                .map(|t| Day::from_date(t.date_naive()))
        })
        .unwrap_or_default()
}

/// Primary key: day, then the event id as the stable tie-break.
pub fn event_key(day: Day, event_id: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(Day::LEN + event_id.len());
    key.extend_from_slice(&day.key());
    key.extend_from_slice(event_id.as_bytes());
    key
}

/// Index key: three-letter actor code, then the primary key.
pub fn actor_key(code: &str, primary: &[u8]) -> Vec<u8> {
    let mut key = Vec::with_capacity(3 + primary.len());
    key.extend_from_slice(code.as_bytes());
    key.extend_from_slice(primary);
    key
}

/// One page of matching events, newest first, after `cursor` (a primary key).
pub fn search(
    store: &Store,
    filter: &EventFilter,
    cursor: Option<&[u8]>,
    limit: usize,
) -> Result<Page<EventHit>, Error> {
    let decode = |bytes: &[u8]| Ok(EventHit::decode(bytes)?);
    let keep = |hit: &EventHit| filter.matches(hit);
    if let Some(article_id) = &filter.article_id {
        return by_article(store, article_id, cursor, limit, &keep);
    }
    let (low, high) = page::day_bounds(filter.from, filter.to, cursor);
    match filter.index_code() {
        Some(code) => page::collect(
            store
                .by_actor
                .range(actor_key(code, &low)..actor_key(code, &high))
                .rev(),
            limit,
            |key| {
                let primary = &key[3..];
                match store.events.get(primary)? {
                    Some(bytes) => Ok(Some((primary.to_vec(), decode(&bytes)?))),
                    None => Ok(None),
                }
            },
            keep,
        ),
        None => page::scan(store.events.range(low..high).rev(), limit, decode, keep),
    }
}

fn by_article(
    store: &Store,
    article_id: &str,
    cursor: Option<&[u8]>,
    limit: usize,
    keep: &dyn Fn(&EventHit) -> bool,
) -> Result<Page<EventHit>, Error> {
    let view = match store.article(article_id) {
        Ok(view) => view,
        Err(Error::NotFound(_)) => return Ok(Page::default()),
        Err(error) => return Err(error),
    };
    let article = view.article.unwrap_or_default();
    let mut keys: Vec<Vec<u8>> = view
        .analysis
        .unwrap_or_default()
        .events
        .iter()
        .map(|e| event_key(event_day(e, &article), &e.id))
        .filter(|k| cursor.is_none_or(|c| k.as_slice() < c))
        .collect();
    keys.sort_unstable_by(|a, b| b.cmp(a));
    page::collect(
        keys.into_iter()
            .map(|k| Ok::<_, sled::Error>((k.into(), sled::IVec::default()))),
        limit,
        |key| match store.events.get(key)? {
            Some(bytes) => Ok(Some((key.to_vec(), EventHit::decode(bytes.as_ref())?))),
            None => Ok(None),
        },
        keep,
    )
}
