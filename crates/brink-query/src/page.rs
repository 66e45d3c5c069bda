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

/// Takes up to `limit` kept items; `resolve` turns an entry into its position key and item
/// (`None` skips it). One more kept item is looked for, so the last page has no cursor.
pub fn collect<T, I, R, K>(
    entries: I,
    limit: usize,
    mut resolve: R,
    keep: K,
) -> Result<Page<T>, Error>
where
    I: Iterator<Item = Result<(IVec, IVec), sled::Error>>,
    R: FnMut(&[u8]) -> Result<Option<(Vec<u8>, T)>, Error>,
    K: Fn(&T) -> bool,
{
    let mut page = Page::default();
    let mut last = Vec::new();
    for entry in entries {
        let (key, _) = entry?;
        let Some((position, item)) = resolve(&key)? else {
            continue;
        };
        if !keep(&item) {
            continue;
        }
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
    let mut page = Page::default();
    let mut last = Vec::new();
    for entry in entries {
        let (key, value) = entry?;
        let item = decode(&value)?;
        if !keep(&item) {
            continue;
        }
        if page.items.len() == limit {
            page.next = Some(last);
            break;
        }
        last = key.to_vec();
        page.items.push(item);
    }
    Ok(page)
}
