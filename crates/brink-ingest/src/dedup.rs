//! Fingerprints for deduplication: canonical URLs, a hash of the normalised text (exact
//! duplicates) and a 64-bit SimHash (near-duplicates such as a lightly edited wire story).

use twox_hash::XxHash3_64;

/// Largest SimHash distance at which two articles count as near-duplicates.
pub const NEAR_DUPLICATE_DISTANCE: u32 = 3;
/// The SimHash is split into this many 16-bit bands; two hashes within distance 3 agree on at
/// least one band, so looking up each band finds every candidate.
pub const BANDS: u8 = 4;
/// Words per shingle.
const SHINGLE_WORDS: usize = 3;

/// Query parameters that only track where a reader came from.
const TRACKING_PARAMS: &[&str] = &[
    "fbclid", "gclid", "dclid", "msclkid", "igshid", "mc_cid", "mc_eid", "_ga", "yclid", "ocid",
    "cmpid", "ito", "smid",
];

/// The URL with a lowercase host, no fragment, no default port, no tracking parameters and the
/// remaining parameters sorted, so that links to the same page compare equal.
pub fn canonical_url(url: &url::Url) -> String {
    let mut url = url.clone();
    url.set_fragment(None);
    let mut params: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(key, _)| {
            let key = key.to_ascii_lowercase();
            !key.starts_with("utm_") && !TRACKING_PARAMS.contains(&key.as_str())
        })
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    params.sort();
    if params.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(params);
    }
    url.into()
}

/// Lowercase words of the text, punctuation and whitespace folded away.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// The text reduced to lowercase words separated by single spaces.
pub fn normalise(text: &str) -> String {
    words(text).collect::<Vec<_>>().join(" ")
}

/// Id of an article: stable across releases and platforms because XXH3 is a fixed algorithm.
pub fn article_id(normalised: &str) -> String {
    format!("art-{:016x}", XxHash3_64::oneshot(normalised.as_bytes()))
}

/// 64-bit SimHash over shingles of consecutive words of the normalised text.
pub fn simhash(normalised: &str) -> u64 {
    let words: Vec<&str> = normalised.split(' ').filter(|w| !w.is_empty()).collect();
    let mut weights = [0i32; 64];
    let mut add = |shingle: &[&str]| {
        let hash = XxHash3_64::oneshot(shingle.join(" ").as_bytes());
        for (bit, weight) in weights.iter_mut().enumerate() {
            *weight += if (hash >> bit) & 1 == 1 { 1 } else { -1 };
        }
    };
    if words.len() < SHINGLE_WORDS {
        add(&words);
    } else {
        words.windows(SHINGLE_WORDS).for_each(&mut add);
    }
    weights
        .iter()
        .enumerate()
        .filter(|(_, weight)| **weight > 0)
        .fold(0, |hash, (bit, _)| hash | 1 << bit)
}

pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// Index key prefix of one band of a SimHash: the band number then its 16 bits.
pub fn band_prefix(simhash: u64, band: u8) -> [u8; 3] {
    let bits = (simhash >> (16 * u32::from(band))) as u16;
    let [high, low] = bits.to_be_bytes();
    [band, high, low]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canonical(url: &str) -> String {
        canonical_url(&url::Url::parse(url).expect("valid url"))
    }

    #[test]
    fn canonical_urls_fold_cosmetic_differences() {
        assert_eq!(
            canonical("HTTPS://News.Example.COM:443/world/a?utm_source=x&b=2&a=1#top"),
            "https://news.example.com/world/a?a=1&b=2"
        );
        assert_eq!(
            canonical("http://example.com/a?fbclid=abc"),
            "http://example.com/a"
        );
        assert_ne!(
            canonical("http://example.com/a?id=1"),
            canonical("http://example.com/a?id=2")
        );
    }

    #[test]
    fn normalisation_folds_case_whitespace_and_punctuation() {
        let a = normalise("The  Minister said: \"No.\"\n\nTalks resume Monday!");
        let b = normalise("the minister said no talks resume monday");
        assert_eq!(a, b);
        assert_eq!(article_id(&a), article_id(&b));
        assert_ne!(article_id(&a), article_id("the minister said yes"));
        let id = article_id(&a);
        assert!(id.starts_with("art-") && id.len() == 20, "{id}");
    }

    #[test]
    fn simhash_is_close_for_small_edits_and_far_for_other_texts() {
        let base: Vec<String> = (0..400).map(|i| format!("word{}", i * 7 % 101)).collect();
        let mut edited = base.clone();
        edited[200] = "changed".into();
        let unrelated: Vec<String> = (0..400).map(|i| format!("other{i}")).collect();
        let h = |words: &[String]| simhash(&words.join(" "));
        assert!(distance(h(&base), h(&edited)) <= NEAR_DUPLICATE_DISTANCE);
        assert!(distance(h(&base), h(&unrelated)) > 10);
    }

    #[test]
    fn bands_cover_the_whole_hash() {
        let hash = 0x1122_3344_5566_7788;
        let prefixes: Vec<[u8; 3]> = (0..BANDS).map(|b| band_prefix(hash, b)).collect();
        assert_eq!(
            prefixes,
            vec![
                [0, 0x77, 0x88],
                [1, 0x55, 0x66],
                [2, 0x33, 0x44],
                [3, 0x11, 0x22]
            ]
        );
    }
}
