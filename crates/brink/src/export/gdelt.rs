//! Tab-separated rows in the column order of GDELT 2.0's event table, so tools built for GDELT
//! exports can load Brink's events. Columns Brink has no data for stay empty.

use std::borrow::Cow;
use std::io::{BufWriter, Write};

use brink_proto::v1::EventHit;
use chrono::Datelike;

use super::RowWriter;
use super::row::{EventRow, Party};

type Value = for<'a> fn(&'a EventRow) -> Cow<'a, str>;

/// GDELT 2.0 event-table columns in file order (documented in docs/export-formats.md).
pub const COLUMNS: [(&str, Value); 61] = [
    ("GlobalEventID", |r| text(&r.event_id)),
    ("Day", |r| date(r, "%Y%m%d")),
    ("MonthYear", |r| date(r, "%Y%m")),
    ("Year", |r| date(r, "%Y")),
    ("FractionDate", fraction_date),
    ("Actor1Code", |r| text(&r.source.code)),
    ("Actor1Name", |r| text(&r.source.name)),
    ("Actor1CountryCode", |r| text(&r.source.country)),
    ("Actor1KnownGroupCode", |r| {
        text(actor_codes(&r.source).known_group)
    }),
    ("Actor1EthnicCode", none),
    ("Actor1Religion1Code", none),
    ("Actor1Religion2Code", none),
    ("Actor1Type1Code", |r| text(actor_codes(&r.source).types[0])),
    ("Actor1Type2Code", |r| text(actor_codes(&r.source).types[1])),
    ("Actor1Type3Code", |r| text(actor_codes(&r.source).types[2])),
    ("Actor2Code", |r| text(&r.target.code)),
    ("Actor2Name", |r| text(&r.target.name)),
    ("Actor2CountryCode", |r| text(&r.target.country)),
    ("Actor2KnownGroupCode", |r| {
        text(actor_codes(&r.target).known_group)
    }),
    ("Actor2EthnicCode", none),
    ("Actor2Religion1Code", none),
    ("Actor2Religion2Code", none),
    ("Actor2Type1Code", |r| text(actor_codes(&r.target).types[0])),
    ("Actor2Type2Code", |r| text(actor_codes(&r.target).types[1])),
    ("Actor2Type3Code", |r| text(actor_codes(&r.target).types[2])),
    ("IsRootEvent", is_root_event),
    ("EventCode", |r| text(&r.cameo_code)),
    ("EventBaseCode", base_code),
    ("EventRootCode", |r| text(&r.cameo_root)),
    ("QuadClass", quad_class),
    ("GoldsteinScale", |r| r.goldstein.to_string().into()),
    ("NumMentions", one),
    ("NumSources", one),
    ("NumArticles", one),
    ("AvgTone", |r| r.tone.to_string().into()),
    ("Actor1Geo_Type", none),
    ("Actor1Geo_FullName", none),
    ("Actor1Geo_CountryCode", none),
    ("Actor1Geo_ADM1Code", none),
    ("Actor1Geo_ADM2Code", none),
    ("Actor1Geo_Lat", none),
    ("Actor1Geo_Long", none),
    ("Actor1Geo_FeatureID", none),
    ("Actor2Geo_Type", none),
    ("Actor2Geo_FullName", none),
    ("Actor2Geo_CountryCode", none),
    ("Actor2Geo_ADM1Code", none),
    ("Actor2Geo_ADM2Code", none),
    ("Actor2Geo_Lat", none),
    ("Actor2Geo_Long", none),
    ("Actor2Geo_FeatureID", none),
    ("ActionGeo_Type", geo_type),
    ("ActionGeo_FullName", |r| {
        text(r.place.as_ref().map_or("", |p| &p.name))
    }),
    ("ActionGeo_CountryCode", |r| {
        text(r.place.as_ref().map_or("", |p| &p.country))
    }),
    ("ActionGeo_ADM1Code", none),
    ("ActionGeo_ADM2Code", none),
    ("ActionGeo_Lat", |r| {
        number(r.place.as_ref().map(|p| p.latitude))
    }),
    ("ActionGeo_Long", |r| {
        number(r.place.as_ref().map(|p| p.longitude))
    }),
    ("ActionGeo_FeatureID", none),
    ("DATEADDED", none),
    ("SOURCEURL", |r| text(&r.article_url)),
];

/// Events in the headline or the sentence after it count as lead events, GDELT's notion of a
/// root event.
const LEAD_SENTENCES: u32 = 2;

pub struct GdeltWriter<W: Write> {
    out: BufWriter<W>,
}

impl<W: Write> GdeltWriter<W> {
    pub fn new(out: W) -> Self {
        GdeltWriter {
            out: BufWriter::new(out),
        }
    }
}

impl<W: Write + Send> RowWriter for GdeltWriter<W> {
    fn write(&mut self, hit: &EventHit) -> anyhow::Result<()> {
        let row = EventRow::from(hit);
        for (index, (_, value)) in COLUMNS.iter().enumerate() {
            if index > 0 {
                self.out.write_all(b"\t")?;
            }
            self.out.write_all(one_line(value(&row)).as_bytes())?;
        }
        self.out.write_all(b"\n")?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        self.out.flush()?;
        Ok(())
    }
}

/// Tabs and line breaks would shift columns or split rows, so they become spaces.
fn one_line(value: Cow<'_, str>) -> Cow<'_, str> {
    let breaks = |c: char| matches!(c, '\t' | '\n' | '\r');
    if value.contains(breaks) {
        value.replace(breaks, " ").into()
    } else {
        value
    }
}

fn text(value: &str) -> Cow<'_, str> {
    Cow::Borrowed(value)
}

fn none(_: &EventRow) -> Cow<'_, str> {
    Cow::Borrowed("")
}

/// Each row is one event as one article reports it.
fn one(_: &EventRow) -> Cow<'_, str> {
    Cow::Borrowed("1")
}

fn number(value: Option<f64>) -> Cow<'static, str> {
    value.map_or(Cow::Borrowed(""), |v| v.to_string().into())
}

fn date<'a>(row: &'a EventRow, pattern: &str) -> Cow<'a, str> {
    row.day
        .map_or(Cow::Borrowed(""), |d| d.format(pattern).to_string().into())
}

/// The year plus the part of it that had passed by the start of the day, to four decimals.
fn fraction_date(row: &EventRow) -> Cow<'_, str> {
    let Some(date) = row.day else {
        return Cow::Borrowed("");
    };
    let days = if date.leap_year() { 366.0 } else { 365.0 };
    let value = f64::from(date.year()) + f64::from(date.ordinal0()) / days;
    format!("{value:.4}").into()
}

fn is_root_event(row: &EventRow) -> Cow<'_, str> {
    match &row.evidence {
        Some(evidence) if evidence.sentence < LEAD_SENTENCES => Cow::Borrowed("1"),
        Some(_) => Cow::Borrowed("0"),
        None => Cow::Borrowed(""),
    }
}

/// The three-digit level of the CAMEO code; a two-digit root stands for its "not otherwise
/// specified" code ("04" becomes "040"), as GDELT writes it.
fn base_code(row: &EventRow) -> Cow<'_, str> {
    let code = row.cameo_code.as_str();
    match code.len() {
        2 => format!("{code}0").into(),
        _ => Cow::Borrowed(code.get(..3).unwrap_or(code)),
    }
}

fn quad_class(row: &EventRow) -> Cow<'_, str> {
    match row.quad_class {
        class @ 1..=4 => class.to_string().into(),
        _ => Cow::Borrowed(""),
    }
}

/// GDELT's geographic resolution: 1 country, 2 US state, 3 US city, 4 other city, 5 other
/// first-order division.
fn geo_type(row: &EventRow) -> Cow<'_, str> {
    let Some(place) = &row.place else {
        return Cow::Borrowed("");
    };
    let us = place.country == "USA";
    Cow::Borrowed(match place.kind.as_str() {
        "country" => "1",
        "region" if us => "2",
        "city" | "capital" if us => "3",
        "city" | "capital" => "4",
        "region" => "5",
        _ => "",
    })
}

/// The parts GDELT splits an actor code into.
struct ActorCodes<'a> {
    known_group: &'a str,
    types: [&'a str; 3],
}

/// CAMEO actor codes are three-letter groups: the country (or the sector IGO/NGO followed by
/// the body, which GDELT calls the known group), then up to three role types.
fn actor_codes(party: &Party) -> ActorCodes<'_> {
    let code = party.code.as_str();
    let mut codes = ActorCodes {
        known_group: "",
        types: [""; 3],
    };
    if !code.len().is_multiple_of(3) || !code.is_ascii() {
        return codes;
    }
    let mut groups = (0..code.len())
        .step_by(3)
        .filter_map(|i| code.get(i..i + 3))
        .peekable();
    match groups.peek() {
        Some(&sector @ ("IGO" | "NGO")) => {
            codes.types[0] = sector;
            groups.next();
            codes.known_group = groups.next().unwrap_or("");
            return codes;
        }
        Some(&country) if country == party.country => {
            groups.next();
        }
        _ => {}
    }
    for (slot, group) in codes.types.iter_mut().zip(groups) {
        *slot = group;
    }
    codes
}
