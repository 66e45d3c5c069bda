//! Opaque page cursors: the store key of the last item returned, so a page boundary is a
//! position in key order and data arriving elsewhere cannot shift it.

use crate::error::Error;

const PREFIX: &str = "c1";

pub fn encode(key: &[u8]) -> String {
    let mut out = String::with_capacity(PREFIX.len() + key.len() * 2);
    out.push_str(PREFIX);
    for byte in key {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// Decodes `page_token`; `None` for the first page.
pub fn decode(token: &str) -> Result<Option<Vec<u8>>, Error> {
    if token.is_empty() {
        return Ok(None);
    }
    let bad = || Error::invalid("page_token", "not a cursor returned by this service");
    let hex = token.strip_prefix(PREFIX).ok_or_else(bad)?;
    if hex.len() % 2 != 0 || hex.len() > 2048 {
        return Err(bad());
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2).ok_or_else(bad)?, 16).map_err(|_| bad()))
        .collect::<Result<Vec<u8>, Error>>()
        .map(Some)
}

/// Validates a page size: 0 means `default`, above `max` is refused.
pub fn page_size(
    field: &'static str,
    requested: u32,
    default: u32,
    max: u32,
) -> Result<usize, Error> {
    match requested {
        0 => Ok(default as usize),
        n if n > max => Err(Error::invalid(
            field,
            format!("{n} is above the limit of {max}"),
        )),
        n => Ok(n as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let key = [0u8, 1, 0xab, 0xff];
        assert_eq!(decode(&encode(&key)).expect("valid"), Some(key.to_vec()));
        assert_eq!(decode("").expect("empty"), None);
        assert!(decode("zz").is_err());
        assert!(decode("c1abc").is_err());
        assert!(decode("c1xx").is_err());
        assert!(page_size("page_size", 1001, 50, 1000).is_err());
        assert_eq!(page_size("page_size", 0, 50, 1000).expect("default"), 50);
    }
}
