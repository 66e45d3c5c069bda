//! Date expressions ("Friday", "next week", "in July", "3 Sept. 2017", "2017-09-01") resolved
//! against the publication date.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::model::{DateGranularity, DateMention, SentenceKind, Span};
use crate::text::{Segment, Text, TokenKind};

pub(crate) fn month(word: &str) -> Option<u32> {
    Some(match word {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sept" | "sep" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

pub(crate) fn weekday(word: &str) -> Option<Weekday> {
    Some(match word {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// Words after which a bare month name is a date, not a verb or a name ("in July").
const MONTH_CUES: &[&str] = &[
    "in", "since", "until", "till", "by", "of", "early", "late", "mid", "last", "next", "this",
    "during", "from", "through", "before", "after", "on", "for",
];

/// Words that put a sentence in the future, so "Friday" means the coming one.
const FUTURE: &[&str] = &[
    "will",
    "'ll",
    "shall",
    "scheduled",
    "upcoming",
    "due",
    "plans",
    "planned",
    "expected",
    "coming",
    "forthcoming",
];

/// The number at token `i` within `range`, when `i` is before `end`, the end of its sentence: a
/// number opening the next sentence is not the day of a month that closed this one.
fn number(text: &Text, end: usize, i: usize, range: std::ops::RangeInclusive<u32>) -> Option<u32> {
    if i >= end || text.tokens[i].kind != TokenKind::Number {
        return None;
    }
    text.raw(i)
        .parse::<u32>()
        .ok()
        .filter(|n| range.contains(n))
}

fn monday(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

fn first_of_month(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The year that puts a month (and day) nearest the publication date in the sentence's tense.
fn year_for(published: NaiveDate, month: u32, day: u32, future: bool) -> i32 {
    let year = published.year();
    let this = NaiveDate::from_ymd_opt(year, month, day.max(1));
    match this {
        Some(d) if !future && d > published + Days::new(31) => year - 1,
        Some(d) if future && d + Days::new(31) < published => year + 1,
        _ => year,
    }
}

pub fn find(text: &Text, segments: &[Segment], published: Option<NaiveDate>) -> Vec<DateMention> {
    let mut out = Vec::new();
    for (s, seg) in segments.iter().enumerate() {
        if seg.kind == SentenceKind::Credit {
            continue;
        }
        let future = (seg.first..seg.end).any(|k| {
            FUTURE.contains(&text.low(k)) || (text.is(k, "ahead") && text.is(k + 1, "of"))
        });
        let mut i = seg.first;
        while i < seg.end {
            match read(text, seg, i, published, future) {
                Some((resolved, granularity, past)) => {
                    out.push(DateMention {
                        resolved,
                        granularity,
                        sentence: s,
                        span: Span::new(text.tokens[i].start, text.tokens[past - 1].end),
                    });
                    i = past;
                }
                None => i += 1,
            }
        }
    }
    out
}

/// One date expression starting at token `i`: (first day, granularity, end token).
fn read(
    text: &Text,
    seg: &Segment,
    i: usize,
    published: Option<NaiveDate>,
    future: bool,
) -> Option<(NaiveDate, DateGranularity, usize)> {
    let low = text.low(i);
    let end = seg.end;
    let dot = |k: usize| usize::from(k < end && text.raw(k) == ".");
    if text.tokens[i].kind == TokenKind::Number {
        let raw = text.raw(i);
        if raw.len() == 10
            && let Ok(d) = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        {
            return Some((d, DateGranularity::Day, i + 1));
        }
        // "3 Sept. 2017", "3 September"
        let day = number(text, end, i, 1..=31)?;
        let m = (i + 1 < end && text.capitalized(i + 1))
            .then(|| month(text.low(i + 1)))
            .flatten()?;
        let k = i + 2 + dot(i + 2);
        let (year, past) = match number(text, end, k, 1900..=2100) {
            Some(y) => (y as i32, k + 1),
            None => (year_for(published?, m, day, future), i + 2),
        };
        return NaiveDate::from_ymd_opt(year, m, day).map(|d| (d, DateGranularity::Day, past));
    }
    if text.capitalized(i)
        && let Some(m) = month(low)
    {
        let k = i + 1 + dot(i + 1);
        if let Some(day) = number(text, end, k, 1..=31) {
            // "September 3", "Sept. 3, 2017"
            let y = k + 1 + usize::from(k + 1 < end && text.raw(k + 1) == ",");
            let (year, past) = match number(text, end, y, 1900..=2100) {
                Some(year) => (year as i32, y + 1),
                None => (year_for(published?, m, day, future), k + 1),
            };
            return NaiveDate::from_ymd_opt(year, m, day).map(|d| (d, DateGranularity::Day, past));
        }
        if let Some(year) = number(text, end, k, 1900..=2100) {
            return NaiveDate::from_ymd_opt(year as i32, m, 1)
                .map(|d| (d, DateGranularity::Month, k + 1));
        }
        let cued = i > seg.first && MONTH_CUES.contains(&text.low(i - 1));
        if !cued || (low == "may" && !text.is(i - 1, "in")) {
            return None;
        }
        let p = published?;
        let year = if text.is(i - 1, "last") {
            if m < p.month() {
                p.year()
            } else {
                p.year() - 1
            }
        } else if text.is(i - 1, "next") {
            if m > p.month() {
                p.year()
            } else {
                p.year() + 1
            }
        } else {
            year_for(p, m, 1, future)
        };
        // "Sept." keeps its dot; after "May" the dot ends the sentence.
        let short = low.len() <= 4 && !matches!(low, "may" | "june" | "july");
        let past = i + 1 + if short { dot(i + 1) } else { 0 };
        return NaiveDate::from_ymd_opt(year, m, 1).map(|d| (d, DateGranularity::Month, past));
    }
    let p = published?;
    if let Some(day) = weekday(low).filter(|_| text.capitalized(i)) {
        let back = (7 + p.weekday().num_days_from_monday() - day.num_days_from_monday()) % 7;
        let ahead = (7 + day.num_days_from_monday() - p.weekday().num_days_from_monday()) % 7;
        let prev = i
            .checked_sub(1)
            .filter(|&k| k >= seg.first)
            .map(|k| text.low(k));
        let date = match prev {
            Some("next") => p + Days::new(if ahead == 0 { 7 } else { ahead.into() }),
            Some("last") => p - Days::new(if back == 0 { 7 } else { back.into() }),
            _ if future => p + Days::new(ahead.into()),
            _ => p - Days::new(back.into()),
        };
        return Some((date, DateGranularity::Day, i + 1));
    }
    match low {
        "today" => return Some((p, DateGranularity::Day, i + 1)),
        "yesterday" => return Some((p - Days::new(1), DateGranularity::Day, i + 1)),
        "tomorrow" => return Some((p + Days::new(1), DateGranularity::Day, i + 1)),
        _ => {}
    }
    // "next week", "last month", "earlier this year", "later this month"
    let (shift, k) = match low {
        "next" | "coming" => (1i32, i + 1),
        "last" | "past" => (-1, i + 1),
        "this" => (0, i + 1),
        "earlier" | "later" if text.is(i + 1, "this") => (0, i + 2),
        _ => return None,
    };
    let unit = if k < end { text.low(k) } else { return None };
    let (date, granularity) = match unit {
        "week" => {
            let base = monday(p);
            let d = if shift >= 0 {
                base + Days::new(7 * shift as u64)
            } else {
                base - Days::new(7)
            };
            (d, DateGranularity::Week)
        }
        "month" => {
            let base = first_of_month(p);
            let d = match shift {
                1 => base + Months::new(1),
                -1 => base - Months::new(1),
                _ => base,
            };
            (d, DateGranularity::Month)
        }
        "year" => (
            NaiveDate::from_ymd_opt(p.year() + shift, 1, 1)?,
            DateGranularity::Year,
        ),
        _ => return None,
    };
    Some((date, granularity, k + 1))
}
