//! The sled store: the change log holds the articles themselves, keyed by offset, and three
//! index trees point into it. Each accepted article lands in one transaction across all four.

use std::convert::Infallible;
use std::path::Path;

use brink_common::log::ChangeLog;
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError};

use crate::article::{Article, Receipt};
use crate::dedup::{self, BANDS, NEAR_DUPLICATE_DISTANCE};
use crate::error::Error;

/// Candidates read per band. A large cluster of near-identical articles all point to the same
/// original, so a bounded look at it finds that original without scanning the whole cluster.
const MAX_BAND_CANDIDATES: usize = 256;

#[derive(Clone)]
pub struct Store {
    db: sled::Db,
    log: ChangeLog,
    /// Article id → offset. The id is the hash of the normalised text, so this tree is also the
    /// exact-duplicate index.
    ids: sled::Tree,
    /// Canonical URL → article id.
    urls: sled::Tree,
    /// Band prefix (band, 16 bits) + SimHash + id → id of the original the article belongs to.
    bands: sled::Tree,
}

/// What writing one article did.
pub enum Written {
    /// Stored at the offset of the receipt.
    New(Receipt),
    /// Already stored; nothing was written.
    Duplicate(Receipt),
}

impl Store {
    pub fn open(path: &Path) -> Result<Store, Error> {
        std::fs::create_dir_all(path).map_err(|source| Error::DataDir {
            path: path.display().to_string(),
            source,
        })?;
        let db = brink_common::db::open(&sled::Config::new().path(path))?;
        Ok(Store {
            log: ChangeLog::open(db.open_tree("log")?)?,
            ids: db.open_tree("ids")?,
            urls: db.open_tree("urls")?,
            bands: db.open_tree("bands")?,
            db,
        })
    }

    pub fn log(&self) -> &ChangeLog {
        &self.log
    }

    pub fn records(&self) -> u64 {
        self.ids.len() as u64
    }

    pub fn size_on_disk(&self) -> Result<u64, Error> {
        Ok(self.db.size_on_disk()?)
    }

    pub async fn flush(&self) -> Result<(), Error> {
        self.db.flush_async().await?;
        Ok(())
    }

    /// A published article; unpublished ones (written but not yet flushed) are not found.
    pub fn article(&self, id: &str) -> Result<Article, Error> {
        let offset = self
            .offset_of(id)?
            .filter(|offset| *offset < self.log.head())
            .ok_or_else(|| Error::NotFound(id.to_owned()))?;
        let value = self
            .log
            .get(offset)?
            .ok_or_else(|| Error::NotFound(id.to_owned()))?;
        decode(offset, &value)
    }

    /// Stores `article` at `offset` unless it duplicates a stored one. Sees everything written
    /// before, flushed or not, so items of one group deduplicate against each other.
    pub fn write(&self, mut article: Article, offset: u64) -> Result<Written, Error> {
        if let Some(existing) = self.existing(&article)? {
            return Ok(Written::Duplicate(existing));
        }
        article.offset = offset;
        article.near_duplicate_of = self.nearest_original(article.simhash)?;
        let root = article
            .near_duplicate_of
            .clone()
            .unwrap_or_else(|| article.id.clone());
        let value = serde_json::to_vec(&article).map_err(|e| Error::Corrupt {
            offset,
            reason: e.to_string(),
        })?;
        let band_keys: Vec<Vec<u8>> = (0..BANDS)
            .map(|band| band_key(article.simhash, band, &article.id))
            .collect();
        (self.log.tree(), &self.ids, &self.urls, &self.bands)
            .transaction(|(log, ids, urls, bands)| {
                log.insert(&ChangeLog::key(offset), value.as_slice())?;
                ids.insert(article.id.as_bytes(), &offset.to_be_bytes())?;
                if !article.canonical_url.is_empty() {
                    urls.insert(article.canonical_url.as_bytes(), article.id.as_bytes())?;
                }
                for key in &band_keys {
                    bands.insert(key.as_slice(), root.as_bytes())?;
                }
                Ok::<_, ConflictableTransactionError<Infallible>>(())
            })
            .map_err(|error| match error {
                TransactionError::Storage(error) => Error::Storage(error),
                TransactionError::Abort(never) => match never {},
            })?;
        Ok(Written::New(Receipt {
            id: article.id,
            offset,
            duplicate: false,
            near_duplicate_of: article.near_duplicate_of,
        }))
    }

    /// The stored article with the same canonical URL or the same normalised text.
    fn existing(&self, article: &Article) -> Result<Option<Receipt>, Error> {
        let by_url = match article.canonical_url.as_str() {
            "" => None,
            url => self.urls.get(url)?,
        };
        let id = match by_url {
            Some(id) => String::from_utf8_lossy(&id).into_owned(),
            None => article.id.clone(),
        };
        let Some(offset) = self.offset_of(&id)? else {
            return Ok(None);
        };
        let stored = decode(offset, &self.log.get(offset)?.unwrap_or_default())?;
        Ok(Some(Receipt {
            id,
            offset,
            duplicate: true,
            near_duplicate_of: stored.near_duplicate_of,
        }))
    }

    /// Id of the original of the closest stored article within the near-duplicate distance.
    fn nearest_original(&self, simhash: u64) -> Result<Option<String>, Error> {
        let mut best: Option<(u32, Vec<u8>)> = None;
        for band in 0..BANDS {
            let candidates = self.bands.scan_prefix(dedup::band_prefix(simhash, band));
            for entry in candidates.take(MAX_BAND_CANDIDATES) {
                let (key, root) = entry?;
                let Some(candidate) = key.get(3..11) else {
                    continue;
                };
                let candidate = u64::from_be_bytes(candidate.try_into().unwrap_or_default());
                let distance = dedup::distance(simhash, candidate);
                if distance <= NEAR_DUPLICATE_DISTANCE
                    && best.as_ref().is_none_or(|(d, _)| distance < *d)
                {
                    best = Some((distance, root.to_vec()));
                }
            }
        }
        Ok(best.map(|(_, root)| String::from_utf8_lossy(&root).into_owned()))
    }

    fn offset_of(&self, id: &str) -> Result<Option<u64>, Error> {
        Ok(self.ids.get(id)?.and_then(|value| {
            let bytes: [u8; 8] = value.as_ref().try_into().ok()?;
            Some(u64::from_be_bytes(bytes))
        }))
    }
}

fn band_key(simhash: u64, band: u8, id: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(11 + id.len());
    key.extend_from_slice(&dedup::band_prefix(simhash, band));
    key.extend_from_slice(&simhash.to_be_bytes());
    key.extend_from_slice(id.as_bytes());
    key
}

pub fn decode(offset: u64, value: &[u8]) -> Result<Article, Error> {
    serde_json::from_slice(value).map_err(|e| Error::Corrupt {
        offset,
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;

    fn article(id: &str, simhash: u64) -> Article {
        Article {
            id: id.to_owned(),
            offset: 0,
            title: String::new(),
            body: format!("body of {id}"),
            url: String::new(),
            canonical_url: String::new(),
            source: String::new(),
            published_at: Utc::now(),
            language: "en".to_owned(),
            metadata: Default::default(),
            ingested_at: Utc::now(),
            near_duplicate_of: None,
            simhash,
            traceparent: None,
        }
    }

    #[test]
    fn banded_index_finds_exactly_the_hashes_within_distance_three() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        let original: u64 = 0xdead_beef_0123_4567;
        assert!(matches!(
            store.write(article("art-a", original), 0),
            Ok(Written::New(_))
        ));
        // Flips spread over three bands, within one band, and one flip too many.
        let near = [
            original ^ (1 | 1 << 20 | 1 << 40),
            original ^ 0b111,
            original ^ (1 << 63),
        ];
        for simhash in near {
            assert_eq!(
                store.nearest_original(simhash).expect("lookup").as_deref(),
                Some("art-a"),
                "{simhash:x}"
            );
        }
        let far = [
            original ^ 0b1111,
            original ^ (1 | 1 << 20 | 1 << 40 | 1 << 60),
            !original,
        ];
        for simhash in far {
            assert_eq!(store.nearest_original(simhash).expect("lookup"), None);
        }
    }

    #[test]
    fn near_duplicates_point_at_the_first_original() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(dir.path()).expect("open");
        let hash: u64 = 0x0f0f_0f0f_0f0f_0f0f;
        store.write(article("art-a", hash), 0).expect("write");
        let Written::New(copy) = store
            .write(article("art-b", hash ^ 0b11), 1)
            .expect("write")
        else {
            panic!("copy was taken for a duplicate");
        };
        assert_eq!(copy.near_duplicate_of.as_deref(), Some("art-a"));
        // Within distance of the copy but not of the original.
        let Written::New(second) = store
            .write(article("art-c", hash ^ 0b11 ^ 0b1100), 2)
            .expect("write")
        else {
            panic!("second copy was taken for a duplicate");
        };
        assert_eq!(second.near_duplicate_of.as_deref(), Some("art-a"));
        assert!(matches!(
            store.write(article("art-a", 0), 3).expect("write"),
            Written::Duplicate(Receipt { offset: 0, .. })
        ));
    }
}
