//! Ranked full-text search over articles and quotes. The sled store stays the source of truth:
//! the tantivy index in `<data_dir>/search/` holds what ranking needs and the ids a hit is
//! rebuilt from, follows the store's search feed in the background, and is rebuilt from the
//! store whenever it is missing or is not the store's.

mod index;
mod query;
mod schema;
mod snippet;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use tantivy::IndexReader;
use tantivy::query::QueryParser;

pub use index::open;
pub use query::Params;

use schema::Fields;

/// The index as searches see it.
pub struct Search {
    /// Reloaded by the indexer after each commit.
    reader: IndexReader,
    parser: QueryParser,
    fields: Fields,
    dir: PathBuf,
    /// Feed sequence of the last article committed.
    indexed: AtomicU64,
}

impl Search {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn indexed(&self) -> u64 {
        self.indexed.load(Ordering::Acquire)
    }
}
