//! The filterable fields of an event in a few bytes, stored in front of each indexed event so
//! a page walk rejects most candidates without fetching or decoding the whole hit.

use brink_proto::v1::Event;

use crate::error::Error;

const NEGATED: u8 = 1;
const HYPOTHETICAL: u8 = 2;

/// The fields of an event an `EventFilter` can test, borrowed from a summary or a hit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fields<'a> {
    pub source: &'a str,
    pub target: &'a str,
    pub cameo: &'a str,
    pub place_country: &'a str,
    pub quad: i32,
    pub goldstein: f64,
    pub negated: bool,
    pub hypothetical: bool,
}

impl<'a> Fields<'a> {
    pub fn of(event: &'a Event) -> Fields<'a> {
        let code = |a: Option<&'a brink_proto::v1::ActorRef>| a.map_or("", |a| a.code.as_str());
        Fields {
            source: code(event.source.as_ref()),
            target: code(event.target.as_ref()),
            cameo: &event.cameo_code,
            place_country: event.place.as_ref().map_or("", |p| p.country.as_str()),
            quad: event.quad_class,
            goldstein: event.goldstein,
            negated: event.negated,
            hypothetical: event.hypothetical,
        }
    }

    /// Appends the summary to `out`.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.push(u8::try_from(self.quad).unwrap_or(0));
        out.push(
            if self.negated { NEGATED } else { 0 }
                | if self.hypothetical { HYPOTHETICAL } else { 0 },
        );
        out.extend_from_slice(&self.goldstein.to_be_bytes());
        for text in [self.source, self.target, self.cameo, self.place_country] {
            let len = u16::try_from(text.len()).unwrap_or(u16::MAX);
            out.extend_from_slice(&len.to_be_bytes());
            out.extend_from_slice(&text.as_bytes()[..usize::from(len)]);
        }
    }

    /// Reads a summary from the front of `bytes`; returns it and the bytes after it.
    pub fn decode(bytes: &'a [u8]) -> Result<(Fields<'a>, &'a [u8]), Error> {
        let corrupt = || Error::CorruptIndex("event summary");
        let (&[quad, flags], rest) = bytes.split_first_chunk::<2>().ok_or_else(corrupt)?;
        let (goldstein, mut rest) = rest.split_first_chunk::<8>().ok_or_else(corrupt)?;
        let mut texts = [""; 4];
        for text in &mut texts {
            let (len, tail) = rest.split_first_chunk::<2>().ok_or_else(corrupt)?;
            let len = usize::from(u16::from_be_bytes(*len));
            let (bytes, tail) = tail.split_at_checked(len).ok_or_else(corrupt)?;
            *text = std::str::from_utf8(bytes).map_err(|_| corrupt())?;
            rest = tail;
        }
        let [source, target, cameo, place_country] = texts;
        let fields = Fields {
            source,
            target,
            cameo,
            place_country,
            quad: i32::from(quad),
            goldstein: f64::from_be_bytes(*goldstein),
            negated: flags & NEGATED != 0,
            hypothetical: flags & HYPOTHETICAL != 0,
        };
        Ok((fields, rest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_round_trip_and_keep_what_follows() {
        let fields = Fields {
            source: "USAGOV",
            target: "RUSMIL",
            cameo: "138",
            place_country: "UKR",
            quad: 4,
            goldstein: -7.2,
            negated: false,
            hypothetical: true,
        };
        let mut bytes = Vec::new();
        fields.encode(&mut bytes);
        bytes.extend_from_slice(b"tail");
        let (decoded, rest) = Fields::decode(&bytes).expect("valid");
        assert_eq!(decoded, fields);
        assert_eq!(rest, b"tail");
        assert!(Fields::decode(&bytes[..5]).is_err());
    }
}
