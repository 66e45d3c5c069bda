//! An event hit flattened to one row, and the table of columns that CSV and Parquet share.

use brink_proto::v1::{ActorRef, EventHit, Evidence, Place};
use chrono::NaiveDate;

/// The fields of an event hit that the flat formats export, with absent messages made explicit.
#[derive(Debug, Clone, Default)]
pub struct EventRow {
    pub event_id: String,
    /// The day the event is filed under: its own date, else its article's publication day.
    pub day: Option<NaiveDate>,
    /// The date the text itself implies; `None` when it implies none.
    pub event_date: Option<NaiveDate>,
    pub source: Party,
    pub target: Party,
    pub claimed_by: Party,
    pub cameo_code: String,
    pub cameo_root: String,
    pub label: String,
    pub quad_class: i32,
    pub goldstein: f64,
    pub plover: String,
    pub negated: bool,
    pub hypothetical: bool,
    pub place: Option<Location>,
    pub tone: f64,
    pub article_id: String,
    pub article_title: String,
    pub article_url: String,
    pub article_source: String,
    pub evidence: Option<Span>,
    pub trigger: String,
}

/// An actor as an event refers to it; all empty when the event has no such actor.
#[derive(Debug, Clone, Default)]
pub struct Party {
    pub code: String,
    pub name: String,
    pub country: String,
}

#[derive(Debug, Clone, Default)]
pub struct Location {
    pub name: String,
    pub country: String,
    pub kind: String,
    pub latitude: f64,
    pub longitude: f64,
}

#[derive(Debug, Clone, Default)]
pub struct Span {
    pub sentence: u32,
    pub start: u32,
    pub end: u32,
    pub text: String,
}

impl From<&EventHit> for EventRow {
    fn from(hit: &EventHit) -> Self {
        let event = hit.event.clone().unwrap_or_default();
        EventRow {
            // Servers from before `EventHit.date` existed only send the event's own date.
            day: parse_date(&hit.date).or_else(|| parse_date(&event.date)),
            event_date: parse_date(&event.date),
            source: event.source.map(Party::from).unwrap_or_default(),
            target: event.target.map(Party::from).unwrap_or_default(),
            claimed_by: event.claimed_by.map(Party::from).unwrap_or_default(),
            quad_class: event.quad_class,
            goldstein: event.goldstein,
            negated: event.negated,
            hypothetical: event.hypothetical,
            place: event.place.map(Location::from),
            tone: event.tone,
            evidence: event.evidence.map(Span::from),
            trigger: event.trigger.map(|t| t.text).unwrap_or_default(),
            article_id: hit.article_id.clone(),
            article_title: hit.article_title.clone(),
            article_url: hit.article_url.clone(),
            article_source: hit.article_source.clone(),
            event_id: event.id,
            cameo_code: event.cameo_code,
            cameo_root: event.cameo_root,
            label: event.label,
            plover: event.plover,
        }
    }
}

/// `None` for an empty or malformed date: contracts promise `YYYY-MM-DD` or nothing.
fn parse_date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()
}

impl From<ActorRef> for Party {
    fn from(actor: ActorRef) -> Self {
        Party {
            code: actor.code,
            name: actor.name,
            country: actor.country,
        }
    }
}

impl From<Place> for Location {
    fn from(place: Place) -> Self {
        Location {
            name: place.name,
            country: place.country,
            kind: place.kind,
            latitude: place.latitude,
            longitude: place.longitude,
        }
    }
}

impl From<Evidence> for Span {
    fn from(evidence: Evidence) -> Self {
        Span {
            sentence: evidence.sentence,
            start: evidence.start,
            end: evidence.end,
            text: evidence.text,
        }
    }
}

/// How a column reads its value from a row; the variant also fixes the Parquet type, so the
/// schema and the values cannot disagree. `Opt*` columns are null (empty in CSV) when absent.
#[derive(Clone, Copy)]
pub enum Field {
    Text(fn(&EventRow) -> &str),
    Bool(fn(&EventRow) -> bool),
    Int(fn(&EventRow) -> i32),
    Float(fn(&EventRow) -> f64),
    OptFloat(fn(&EventRow) -> Option<f64>),
    OptUInt(fn(&EventRow) -> Option<u32>),
    OptDate(fn(&EventRow) -> Option<NaiveDate>),
}

pub struct Column {
    pub name: &'static str,
    pub field: Field,
}

const fn column(name: &'static str, field: Field) -> Column {
    Column { name, field }
}

/// The flat columns in file order (documented in docs/export-formats.md).
pub const COLUMNS: &[Column] = &[
    column("event_id", Field::Text(|r| &r.event_id)),
    column("day", Field::OptDate(|r| r.day)),
    column("event_date", Field::OptDate(|r| r.event_date)),
    column("source_code", Field::Text(|r| &r.source.code)),
    column("source_name", Field::Text(|r| &r.source.name)),
    column("source_country", Field::Text(|r| &r.source.country)),
    column("target_code", Field::Text(|r| &r.target.code)),
    column("target_name", Field::Text(|r| &r.target.name)),
    column("target_country", Field::Text(|r| &r.target.country)),
    column("claimed_by_code", Field::Text(|r| &r.claimed_by.code)),
    column("claimed_by_name", Field::Text(|r| &r.claimed_by.name)),
    column("claimed_by_country", Field::Text(|r| &r.claimed_by.country)),
    column("cameo_code", Field::Text(|r| &r.cameo_code)),
    column("cameo_root", Field::Text(|r| &r.cameo_root)),
    column("label", Field::Text(|r| &r.label)),
    column("quad_class", Field::Int(|r| r.quad_class)),
    column("goldstein", Field::Float(|r| r.goldstein)),
    column("plover", Field::Text(|r| &r.plover)),
    column("negated", Field::Bool(|r| r.negated)),
    column("hypothetical", Field::Bool(|r| r.hypothetical)),
    column("place_name", Field::Text(|r| place(r, |p| &p.name))),
    column("place_country", Field::Text(|r| place(r, |p| &p.country))),
    column("place_kind", Field::Text(|r| place(r, |p| &p.kind))),
    column(
        "place_lat",
        Field::OptFloat(|r| r.place.as_ref().map(|p| p.latitude)),
    ),
    column(
        "place_lon",
        Field::OptFloat(|r| r.place.as_ref().map(|p| p.longitude)),
    ),
    column("tone", Field::Float(|r| r.tone)),
    column("article_id", Field::Text(|r| &r.article_id)),
    column("article_title", Field::Text(|r| &r.article_title)),
    column("article_url", Field::Text(|r| &r.article_url)),
    column("article_source", Field::Text(|r| &r.article_source)),
    column(
        "evidence_sentence",
        Field::OptUInt(|r| r.evidence.as_ref().map(|e| e.sentence)),
    ),
    column(
        "evidence_start",
        Field::OptUInt(|r| r.evidence.as_ref().map(|e| e.start)),
    ),
    column(
        "evidence_end",
        Field::OptUInt(|r| r.evidence.as_ref().map(|e| e.end)),
    ),
    column(
        "evidence_text",
        Field::Text(|r| r.evidence.as_ref().map_or("", |e| &e.text)),
    ),
    column("trigger_text", Field::Text(|r| &r.trigger)),
];

fn place(row: &EventRow, text: fn(&Location) -> &str) -> &str {
    row.place.as_ref().map_or("", text)
}
