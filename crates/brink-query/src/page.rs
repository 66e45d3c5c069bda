//! Newest-first paging over day-prefixed keys: a page ends at a key, and the next one starts
//! strictly below it.

use sled::IVec;

use crate::day::Day;
use crate::error::Error;

#[derive(Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Position key of the last item, when more items follow.
    pub next: Option<Vec<u8>>,
}

impl<T> Default for Page<T> {
    fn default() -> Self {
        Page {
            items: Vec::new(),
            next: None,
        }
    }
}

/// `[low, high)` over keys starting with a day, for `from..=to` below `cursor`.
pub fn day_bounds(from: Option<Day>, to: Option<Day>, cursor: Option<&[u8]>) -> (Vec<u8>, Vec<u8>) {
    let low = from.unwrap_or_default().key().to_vec();
    let mut high = match to {
        Some(to) => to.add(1).key().to_vec(),
        // Above every day-prefixed key.
        None => vec![0xff; Day::LEN + 1],
    };
    if let Some(cursor) = cursor
        && cursor < high.as_slice()
    {
        high = cursor.to_vec();
    }
    if high < low {
        high.clone_from(&low);
    }
    (low, high)
}

/// `[low, high)` over keys starting with a newest-first day, for `from..=to` after `cursor`:
/// read forwards, these give the newest events first.
pub fn newest_first_bounds(
    from: Option<Day>,
    to: Option<Day>,
    cursor: Option<&[u8]>,
) -> (Vec<u8>, Vec<u8>) {
    let mut low = to.map_or_else(Vec::new, |to| to.newest_first_key().to_vec());
    let high = match from {
        // Just above every key of `from`: where the day before it starts.
        Some(from) if from.0 > 0 => from.sub(1).newest_first_key().to_vec(),
        _ => vec![0xff; Day::LEN + 1],
    };
    if let Some(cursor) = cursor {
        // The smallest key after the cursor.
        let after = [cursor, &[0]].concat();
        low = low.max(after);
    }
    let high = high.max(low.clone());
    (low, high)
}

/// Takes up to `limit` items in key order; `resolve` turns an entry into its position key and
/// item, or `None` to skip it. One more item is looked for, so the last page has no cursor.
pub fn collect<T, I, E, R>(entries: I, limit: usize, mut resolve: R) -> Result<Page<T>, Error>
where
    I: Iterator<Item = Result<(IVec, IVec), E>>,
    Error: From<E>,
    R: FnMut(&[u8], &[u8]) -> Result<Option<(Vec<u8>, T)>, Error>,
{
    let mut page = Page::default();
    let mut last = Vec::new();
    for entry in entries {
        let (key, value) = entry?;
        let Some((position, item)) = resolve(&key, &value)? else {
            continue;
        };
        if page.items.len() == limit {
            page.next = Some(last);
            break;
        }
        last = position;
        page.items.push(item);
    }
    Ok(page)
}

/// [`collect`] over entries whose value is the item itself.
pub fn scan<T, I, D, K>(entries: I, limit: usize, decode: D, keep: K) -> Result<Page<T>, Error>
where
    I: Iterator<Item = Result<(IVec, IVec), sled::Error>>,
    D: Fn(&[u8]) -> Result<T, Error>,
    K: Fn(&T) -> bool,
{
    collect(entries, limit, |key, value| {
        let item = decode(value)?;
        Ok(keep(&item).then(|| (key.to_vec(), item)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_bounds_cover_the_days_and_start_after_the_cursor() {
        let day = |s: &str| Day::parse(s).expect("valid");
        let key = |d: &str, rest: &[u8]| [&day(d).newest_first_key()[..], rest].concat();
        let (low, high) =
            newest_first_bounds(Some(day("2017-08-08")), Some(day("2017-08-10")), None);
        for inside in [
            key("2017-08-10", b""),
            key("2017-08-09", b"x"),
            key("2017-08-08", &[0xff; 8]),
        ] {
            assert!(low <= inside && inside < high);
        }
        for outside in [key("2017-08-11", &[0xff]), key("2017-08-07", b"")] {
            assert!(!(low <= outside && outside < high));
        }
        let cursor = key("2017-08-09", b"b");
        let (low, high) = newest_first_bounds(None, None, Some(&cursor));
        assert!(low > cursor && key("2017-08-09", b"c") >= low);
        assert!(key("0001-01-02", b"") < high);
        let (low, high) =
            newest_first_bounds(Some(day("2017-08-08")), None, Some(&key("2017-08-01", b"")));
        assert_eq!(low, high, "a cursor past the range leaves nothing");
    }
}
