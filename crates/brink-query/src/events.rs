//! Event search: walked newest first over the primary tree or, when the filter names an
//! actor, over that actor's slice of the by-actor index; each entry's summary is tested before
//! the hit is fetched or decoded, so a page costs a short range scan.

use brink_proto::v1::{self as pb, Analysis, Article, Event, EventHit};
use prost::Message;

use crate::day::Day;
use crate::error::Error;
use crate::page::{self, Page};
use crate::store::Store;
use crate::summary::Fields;
use crate::tension::dyad_code;

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
        for &quad in &filter.quad_classes {
            let class: pb::QuadClass = brink_proto::known("filter.quad_classes", quad)?;
            if class == pb::QuadClass::Unspecified {
                return Err(Error::invalid(
                    "filter.quad_classes",
                    "QUAD_CLASS_UNSPECIFIED is no class to keep",
                ));
            }
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
        let role = match brink_proto::known("filter.actor_role", filter.actor_role)? {
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

    /// Whether an event with these fields can match: every condition but the place name and
    /// the article, which only the whole hit holds.
    pub fn admits(&self, day: Day, fields: &Fields) -> bool {
        let prefixed = |code: &str| self.actors.iter().any(|p| code.starts_with(p.as_str()));
        let actors_ok = self.actors.is_empty()
            || match self.role {
                Role::Either => prefixed(fields.source) || prefixed(fields.target),
                Role::Source => prefixed(fields.source),
                Role::Target => prefixed(fields.target),
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
        let dyad_ok = directed(fields.source, fields.target)
            || (self.undirected && directed(fields.target, fields.source));
        actors_ok
            && dyad_ok
            && (self.cameo.is_empty()
                || self
                    .cameo
                    .iter()
                    .any(|c| fields.cameo.starts_with(c.as_str())))
            && (self.quads.is_empty() || self.quads.contains(&fields.quad))
            && (self.goldstein_min..=self.goldstein_max).contains(&fields.goldstein)
            && self.from.is_none_or(|from| day >= from)
            && self.to.is_none_or(|to| day <= to)
            && self
                .place_country
                .as_ref()
                .is_none_or(|c| fields.place_country.eq_ignore_ascii_case(c))
            && self.negated.is_none_or(|n| n == fields.negated)
            && self.hypothetical.is_none_or(|h| h == fields.hypothetical)
    }

    pub fn matches(&self, hit: &EventHit) -> bool {
        let Some(event) = &hit.event else {
            return false;
        };
        let day = Day::parse(&hit.date).unwrap_or_default();
        self.admits(day, &Fields::of(event))
            && self.place.as_ref().is_none_or(|n| {
                event
                    .place
                    .as_ref()
                    .is_some_and(|p| p.name.to_lowercase().contains(n.as_str()))
            })
            && self
                .article_id
                .as_ref()
                .is_none_or(|a| *a == hit.article_id)
    }

    /// The narrowest index holding every match: a dyad's when the filter pins both sides, an
    /// actor's when it pins one.
    fn index(&self) -> Index<'_> {
        let source = self.source.as_deref().and_then(dyad_code);
        let target = self.target.as_deref().and_then(dyad_code);
        match (source, target, self.actors.as_slice()) {
            (Some(source), Some(target), _) => Index::Pair(source, target),
            (Some(code), None, _) | (None, Some(code), _) => Index::Actor(code),
            (None, None, [only]) => dyad_code(only).map_or(Index::Events, Index::Actor),
            _ => Index::Events,
        }
    }
}

enum Index<'a> {
    Events,
    Actor(&'a str),
    Pair(&'a str, &'a str),
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
    Day::parse(&event.date).unwrap_or_else(|| Day::of_article(article))
}

/// An event of `analysis` as hits carry it, with the day it is filed under. A hit stands
/// alone, so its evidence carries the sentence's text, which the analysis holds once.
pub fn hit(article: &Article, analysis: &Analysis, event: &Event) -> (Day, EventHit) {
    let day = event_day(event, article);
    let mut event = event.clone();
    if let Some(evidence) = event.evidence.as_mut().filter(|e| e.text.is_empty()) {
        let sentence = usize::try_from(evidence.sentence)
            .ok()
            .and_then(|i| analysis.sentences.get(i));
        if let Some(sentence) = sentence {
            evidence.text.clone_from(&sentence.text);
        }
    }
    let hit = EventHit {
        event: Some(event),
        article_id: article.id.clone(),
        article_title: article.title.clone(),
        article_url: article.url.clone(),
        article_source: article.source.clone(),
        date: day.format(),
    };
    (day, hit)
}

/// Primary key: day, then the event id as the stable tie-break, both descending so that
/// reading forwards (sled's fast direction) gives the newest first. The id's bytes are
/// inverted and closed by 0xff, which keeps "art-10" ahead of its prefix "art-1".
pub fn event_key(day: Day, event_id: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(Day::LEN + event_id.len() + 1);
    key.extend_from_slice(&day.newest_first_key());
    key.extend(event_id.bytes().map(|b| !b));
    key.push(0xff);
    key
}

/// Index key: three-letter actor code, then the primary key.
pub fn actor_key(code: &str, primary: &[u8]) -> Vec<u8> {
    let mut key = Vec::with_capacity(3 + primary.len());
    key.extend_from_slice(code.as_bytes());
    key.extend_from_slice(primary);
    key
}

/// Stored value of an event: its summary, then the encoded hit.
pub fn event_value(hit: &EventHit) -> Vec<u8> {
    let mut value = Vec::with_capacity(64 + hit.encoded_len());
    let empty = Event::default();
    Fields::of(hit.event.as_ref().unwrap_or(&empty)).encode(&mut value);
    hit.encode_raw(&mut value);
    value
}

/// Dyad index key: the two three-letter codes in byte order, so both directions share one
/// slice, then the primary key. None unless both sides have a code.
pub fn pair_key(source: &str, target: &str, primary: &[u8]) -> Option<Vec<u8>> {
    let (a, b) = (dyad_code(source)?, dyad_code(target)?);
    let (a, b) = if a <= b { (a, b) } else { (b, a) };
    Some([a.as_bytes(), b.as_bytes(), primary].concat())
}

/// Value of an index entry: the summary alone.
pub fn summary_value(fields: &Fields) -> Vec<u8> {
    let mut value = Vec::with_capacity(64);
    fields.encode(&mut value);
    value
}

/// The hit a filter keeps from a stored event value, if any; the summary is tested first so
/// most rejected events are never decoded.
pub fn admitted_hit(
    filter: &EventFilter,
    key: &[u8],
    value: &[u8],
) -> Result<Option<EventHit>, Error> {
    let (fields, rest) = Fields::decode(value)?;
    if !filter.admits(Day::from_newest_first_key(key), &fields) {
        return Ok(None);
    }
    let hit = EventHit::decode(rest)?;
    Ok(filter.matches(&hit).then_some(hit))
}

/// One page of matching events, newest first, after `cursor` (a primary key).
pub fn search(
    store: &Store,
    filter: &EventFilter,
    cursor: Option<&[u8]>,
    limit: usize,
) -> Result<Page<EventHit>, Error> {
    if let Some(article_id) = &filter.article_id {
        return by_article(store, filter, article_id, cursor, limit);
    }
    let (low, high) = page::newest_first_bounds(filter.from, filter.to, cursor);
    let (index, prefix) = match filter.index() {
        Index::Events => {
            return page::collect(store.events.range(low..high), limit, |key, value| {
                Ok(admitted_hit(filter, key, value)?.map(|hit| (key.to_vec(), hit)))
            });
        }
        Index::Actor(code) => (&store.by_actor, code.as_bytes().to_vec()),
        Index::Pair(a, b) => {
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            (&store.by_pair, [a.as_bytes(), b.as_bytes()].concat())
        }
    };
    let bound = |primary: &[u8]| [prefix.as_slice(), primary].concat();
    page::collect(
        index.range(&bound(&low), &bound(&high))?,
        limit,
        |key, summary| {
            let primary = &key[prefix.len()..];
            let (fields, _) = Fields::decode(summary)?;
            if !filter.admits(Day::from_newest_first_key(primary), &fields) {
                return Ok(None);
            }
            let Some(value) = store.events.get(primary)? else {
                return Ok(None);
            };
            Ok(admitted_hit(filter, primary, &value)?.map(|hit| (primary.to_vec(), hit)))
        },
    )
}

fn by_article(
    store: &Store,
    filter: &EventFilter,
    article_id: &str,
    cursor: Option<&[u8]>,
    limit: usize,
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
        .filter(|k| cursor.is_none_or(|c| k.as_slice() > c))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    page::collect(
        keys.into_iter()
            .map(|k| Ok::<_, sled::Error>((k.into(), sled::IVec::default()))),
        limit,
        |key, _| match store.events.get(key)? {
            Some(value) => Ok(admitted_hit(filter, key, &value)?.map(|hit| (key.to_vec(), hit))),
            None => Ok(None),
        },
    )
}
