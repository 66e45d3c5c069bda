//! Calendar days as compact big-endian keys, so sled's byte order is date order.

use brink_proto::v1::Article;
use chrono::{Datelike, NaiveDate};

use crate::error::Error;

/// Days since 0001-01-01 (day 1); 0 stands for "date unknown" and sorts oldest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Day(pub u32);

impl Day {
    pub const LEN: usize = 4;

    pub fn from_date(date: NaiveDate) -> Day {
        Day(u32::try_from(date.num_days_from_ce()).unwrap_or(0))
    }

    /// The day an article is filed under: its publication day, else the day it was ingested.
    pub fn of_article(article: &Article) -> Day {
        brink_proto::time::from_timestamp(article.published_at.as_ref())
            .or_else(|| brink_proto::time::from_timestamp(article.ingested_at.as_ref()))
            .map_or_else(Day::default, |t| Day::from_date(t.date_naive()))
    }

    /// Parses "YYYY-MM-DD"; `None` when malformed.
    pub fn parse(value: &str) -> Option<Day> {
        NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .ok()
            .map(Day::from_date)
    }

    /// Parses a request field; empty means unset.
    pub fn parse_field(field: &'static str, value: &str) -> Result<Option<Day>, Error> {
        if value.is_empty() {
            return Ok(None);
        }
        Day::parse(value)
            .map(Some)
            .ok_or_else(|| Error::invalid(field, format!("{value:?} is not a YYYY-MM-DD date")))
    }

    pub fn date(self) -> Option<NaiveDate> {
        NaiveDate::from_num_days_from_ce_opt(i32::try_from(self.0).ok()?)
    }

    /// "YYYY-MM-DD", or empty for the unknown day.
    pub fn format(self) -> String {
        match self.date() {
            Some(date) if self.0 > 0 => date.format("%Y-%m-%d").to_string(),
            _ => String::new(),
        }
    }

    pub fn key(self) -> [u8; 4] {
        self.0.to_be_bytes()
    }

    /// Key bytes that sort the newest day first.
    pub fn newest_first_key(self) -> [u8; 4] {
        (u32::MAX - self.0).to_be_bytes()
    }

    pub fn from_newest_first_key(bytes: &[u8]) -> Day {
        Day(u32::MAX - Day::from_key(bytes).0)
    }

    pub fn from_key(bytes: &[u8]) -> Day {
        let mut key = [0; 4];
        let len = bytes.len().min(4);
        key[..len].copy_from_slice(&bytes[..len]);
        Day(u32::from_be_bytes(key))
    }

    pub fn add(self, days: u32) -> Day {
        Day(self.0.saturating_add(days))
    }

    pub fn sub(self, days: u32) -> Day {
        Day(self.0.saturating_sub(days))
    }
}

/// Checks an optional `from..=to` day range.
pub fn range(
    from_field: &'static str,
    from: &str,
    to_field: &'static str,
    to: &str,
) -> Result<(Option<Day>, Option<Day>), Error> {
    let from_day = Day::parse_field(from_field, from)?;
    let to_day = Day::parse_field(to_field, to)?;
    if let (Some(a), Some(b)) = (from_day, to_day)
        && a > b
    {
        return Err(Error::invalid(
            to_field,
            format!("{to} is before {from_field} {from}"),
        ));
    }
    Ok((from_day, to_day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_order_like_dates_and_round_trip() {
        let a = Day::parse("2017-08-08").expect("valid");
        let b = Day::parse("2017-08-09").expect("valid");
        assert!(a.key() < b.key());
        assert_eq!(b.0 - a.0, 1);
        assert_eq!(a.format(), "2017-08-08");
        assert_eq!(Day::from_key(&a.key()), a);
        assert!(a.newest_first_key() > b.newest_first_key());
        assert_eq!(Day::from_newest_first_key(&b.newest_first_key()), b);
        assert_eq!(Day(0).format(), "");
        assert!(Day::parse("2017-13-01").is_none());
        assert!(range("from", "2017-02-01", "to", "2017-01-01").is_err());
    }
}
