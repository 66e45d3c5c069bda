//! Conversions between protobuf timestamps and chrono, used at every service edge.

use chrono::{DateTime, Utc};
use prost_types::Timestamp;

pub fn to_timestamp(time: DateTime<Utc>) -> Timestamp {
    Timestamp {
        seconds: time.timestamp(),
        nanos: time.timestamp_subsec_nanos() as i32,
    }
}

/// `None` for an absent or out-of-range timestamp.
pub fn from_timestamp(ts: Option<&Timestamp>) -> Option<DateTime<Utc>> {
    let ts = ts?;
    DateTime::from_timestamp(ts.seconds, u32::try_from(ts.nanos).ok()?)
}

/// Parses an RFC 3339 string as sent in requests.
pub fn parse_rfc3339(value: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    DateTime::parse_from_rfc3339(value).map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip() {
        let time = parse_rfc3339("2017-09-01T10:30:00.250+02:00").expect("valid");
        let ts = to_timestamp(time);
        assert_eq!(ts.seconds, 1_504_254_600);
        assert_eq!(from_timestamp(Some(&ts)), Some(time));
        assert_eq!(from_timestamp(None), None);
        assert!(parse_rfc3339("yesterday").is_err());
    }
}
