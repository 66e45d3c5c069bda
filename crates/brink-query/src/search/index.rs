//! Keeps the index caught up with the store. Each article stored, or whose analysis is
//! replaced, is numbered in the store's search feed in the same transaction that writes it; the
//! indexer (re)places the articles after the last one it committed, with their quotes, and
//! commits in batches with that feed position as the commit's payload. A crash loses at most
//! the uncommitted batch, which is indexed again on the next start.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use brink_proto::v1::{ArticleView, SearchHitKind};
use tantivy::indexer::IndexWriterOptions;
use tantivy::schema::Schema;
use tantivy::{Index, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError, Term};
use tokio_util::sync::CancellationToken;

use super::schema::{self, Fields};
use super::{Search, query};
use crate::day::Day;
use crate::error::Error;
use crate::store::{Store, decode_u64};

/// First word of every commit payload; another one means another layout of the index.
const PAYLOAD_VERSION: &str = "brink-search-1";
/// Indexing arena of the writer's one thread: small, as the service must stay lean.
const WRITER_BYTES: usize = 20 * 1024 * 1024;
/// Documents added between two commits while catching up.
const BATCH_DOCS: usize = 4096;
/// Least time between two rounds of indexing: each commit makes a segment, so a busy feed is
/// committed in batches. Searches trail the store by about this much.
const COMMIT_INTERVAL: Duration = Duration::from_millis(500);

/// Owns the index writer; `run` keeps the index caught up with the store.
pub struct Indexer {
    search: Arc<Search>,
    writer: IndexWriter,
    store: Store,
    /// Feed sequence of the last article committed.
    committed: u64,
    /// When a rebuild from the store started, until it has caught up.
    rebuilding: Option<Instant>,
}

/// What was found in the index directory.
enum Found {
    Usable { index: Index, committed: u64 },
    Unusable(String),
}

/// Opens the index in `dir`, wiping it first when it cannot be used with `store`.
pub fn open(dir: &Path, store: &Store) -> Result<(Arc<Search>, Indexer), Error> {
    let (schema, fields) = schema::build();
    let (index, committed, rebuilding) = match existing(dir, store, &schema)? {
        Found::Usable { index, committed } => (index, committed, None),
        Found::Unusable(reason) => {
            tracing::info!(
                dir = %dir.display(),
                %reason,
                "rebuilding the search index from the store"
            );
            (create(dir, schema)?, 0, Some(Instant::now()))
        }
    };
    schema::register(&index);
    let writer = index.writer_with_options(
        IndexWriterOptions::builder()
            .memory_budget_per_thread(WRITER_BYTES)
            .num_worker_threads(1)
            .num_merge_threads(1)
            .build(),
    )?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?;
    let search = Arc::new(Search {
        reader,
        parser: query::parser(&index, &fields),
        fields,
        dir: dir.to_path_buf(),
        indexed: AtomicU64::new(committed),
    });
    let indexer = Indexer {
        search: search.clone(),
        writer,
        store: store.clone(),
        committed,
        rebuilding,
    };
    Ok((search, indexer))
}

fn existing(dir: &Path, store: &Store, schema: &Schema) -> Result<Found, Error> {
    if !dir.join("meta.json").is_file() {
        return Ok(Found::Unusable("there is no index".to_owned()));
    }
    let unreadable = |error: TantivyError| Found::Unusable(format!("it is unreadable: {error}"));
    let index = match Index::open_in_dir(dir) {
        Ok(index) => index,
        Err(error) => return Ok(unreadable(error)),
    };
    if index.schema() != *schema {
        return Ok(Found::Unusable("its schema is another one".to_owned()));
    }
    let payload = match index.load_metas() {
        Ok(metas) => metas.payload,
        Err(error) => return Ok(unreadable(error)),
    };
    let Some(payload) = payload else {
        return Ok(Found::Usable {
            index,
            committed: 0,
        });
    };
    let mut words = payload.splitn(3, ' ');
    let (Some(PAYLOAD_VERSION), Some(Ok(committed)), Some(id)) = (
        words.next(),
        words.next().map(str::parse::<u64>),
        words.next(),
    ) else {
        return Ok(Found::Unusable(format!(
            "its commit {payload:?} is another version's"
        )));
    };
    let head = store.feed_head()?;
    if committed > head {
        return Ok(Found::Unusable(format!(
            "it is at article {committed}, the store only at {head}"
        )));
    }
    if store.search_feed.get(committed.to_be_bytes())?.as_deref() != Some(id.as_bytes()) {
        return Ok(Found::Unusable(format!(
            "article {committed} of the store is not its {id}"
        )));
    }
    Ok(Found::Usable { index, committed })
}

/// A new, empty index in `dir`, which is wiped first.
fn create(dir: &Path, schema: Schema) -> Result<Index, Error> {
    match std::fs::remove_dir_all(dir) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            return Err(TantivyError::from(error).into());
        }
        _ => {}
    }
    std::fs::create_dir_all(dir).map_err(TantivyError::from)?;
    Ok(Index::create_in_dir(dir, schema)?)
}

fn payload(sequence: u64, article_id: &str) -> String {
    format!("{PAYLOAD_VERSION} {sequence} {article_id}")
}

impl Indexer {
    /// Indexes what the store holds, then what it stores next, until `shutdown`. Whatever is
    /// added is committed before this returns.
    pub async fn run(mut self, shutdown: CancellationToken) {
        let applied = self.store.applied.clone();
        loop {
            let cancelled = shutdown.clone();
            let round = tokio::task::spawn_blocking(move || {
                let result = self.catch_up(&cancelled);
                (self, result)
            })
            .await;
            let result;
            (self, result) = match round {
                Ok(round) => round,
                Err(error) => {
                    tracing::error!(%error, "search indexer panicked");
                    return;
                }
            };
            if let Err(error) = result {
                tracing::error!(%error, "search indexing failed; retrying after the next record");
                if let Err(error) = self.writer.rollback() {
                    tracing::error!(%error, "search index writer lost; indexing stops");
                    return;
                }
            }
            tokio::select! {
                () = tokio::time::sleep(COMMIT_INTERVAL) => {}
                () = shutdown.cancelled() => break,
            }
            tokio::select! {
                () = applied.notified() => {}
                () = shutdown.cancelled() => break,
            }
        }
        let finished =
            tokio::task::spawn_blocking(move || self.writer.wait_merging_threads()).await;
        match finished {
            Ok(Ok(())) => {}
            Ok(Err(error)) => tracing::error!(%error, "search index merges failed"),
            Err(error) => tracing::error!(%error, "search index merges panicked"),
        }
    }

    /// Adds every article after the last committed one, committing each batch; stops early,
    /// after committing, on `shutdown`.
    fn catch_up(&mut self, shutdown: &CancellationToken) -> Result<(), Error> {
        loop {
            let mut docs = 0;
            let mut last = None;
            for entry in self
                .store
                .search_feed
                .range((self.committed + 1).to_be_bytes()..)
            {
                if docs >= BATCH_DOCS || shutdown.is_cancelled() {
                    break;
                }
                let (sequence, id) = entry?;
                let id = String::from_utf8_lossy(&id).into_owned();
                docs += self.add(&id)?;
                last = Some((decode_u64(&sequence), id));
            }
            let Some((sequence, id)) = last else {
                if !shutdown.is_cancelled()
                    && let Some(started) = self.rebuilding.take()
                {
                    tracing::info!(
                        articles = self.committed,
                        seconds = started.elapsed().as_secs_f64(),
                        "search index rebuilt"
                    );
                }
                return Ok(());
            };
            let mut commit = self.writer.prepare_commit()?;
            commit.set_payload(&payload(sequence, &id));
            commit.commit()?;
            self.committed = sequence;
            self.search.reader.reload()?;
            self.search.indexed.store(sequence, Ordering::Release);
            if shutdown.is_cancelled() {
                return Ok(());
            }
        }
    }

    /// Replaces an article's documents, itself and one per quote; returns how many.
    fn add(&self, id: &str) -> Result<usize, Error> {
        // A re-analysed article was indexed before: its old quotes go.
        self.writer
            .delete_term(Term::from_field_text(self.search.fields.article_id, id));
        let view = match self.store.article(id) {
            Ok(view) => view,
            Err(error @ (Error::NotFound(_) | Error::Corrupt(_))) => {
                tracing::warn!(article = id, %error, "article left out of the search index");
                return Ok(0);
            }
            Err(error) => return Err(error),
        };
        let documents = documents(&self.search.fields, id, view);
        let count = documents.len();
        for document in documents {
            self.writer.add_document(document)?;
        }
        Ok(count)
    }
}

fn documents(fields: &Fields, id: &str, view: ArticleView) -> Vec<TantivyDocument> {
    let article = view.article.unwrap_or_default();
    let day = u64::from(Day::of_article(&article).0);
    let base = |kind: SearchHitKind| {
        let mut document = TantivyDocument::new();
        document.add_u64(fields.kind, kind as u64);
        document.add_text(fields.article_id, id);
        document.add_u64(fields.day, day);
        document
    };
    let mut article_document = base(SearchHitKind::Article);
    article_document.add_text(fields.title, &article.title);
    article_document.add_text(fields.body, &article.body);
    let quotes = view.analysis.map(|a| a.quotes).unwrap_or_default();
    let mut documents = vec![article_document];
    for (ordinal, quote) in quotes.iter().enumerate() {
        let mut document = base(SearchHitKind::Quote);
        document.add_u64(fields.ordinal, ordinal as u64);
        document.add_text(fields.quote, &quote.text);
        if let Some(speaker) = &quote.speaker {
            document.add_text(fields.speaker, &speaker.name);
            document.add_text(fields.speaker, &speaker.code);
        }
        documents.push(document);
    }
    documents
}

#[cfg(test)]
mod tests {
    use brink_proto::v1::{Analysis, AnalysisRecord, Article, Quote, SearchRequest};

    use super::*;
    use crate::apply::apply;
    use crate::config::AlertConfig;
    use crate::search::Params;

    fn record(offset: u64, id: &str, body: &str) -> AnalysisRecord {
        AnalysisRecord {
            offset,
            article: Some(Article {
                id: id.to_owned(),
                body: body.to_owned(),
                ..Article::default()
            }),
            analysis: Some(Analysis::default()),
            ..AnalysisRecord::default()
        }
    }

    async fn store_of(dir: &Path, bodies: &[(&str, &str)]) -> Store {
        let store = Store::open(dir, 8).expect("store");
        for (offset, (id, body)) in bodies.iter().enumerate() {
            apply(
                &store,
                &AlertConfig::default(),
                "http://analysis",
                &record(offset as u64, id, body),
            )
            .await
            .expect("apply");
        }
        store
    }

    /// Opens the index over `store`, catches up, and returns the ids matching `query`.
    fn indexed(dir: &Path, store: &Store, query: &str) -> (u64, u64, Vec<String>) {
        let (search, mut indexer) = open(dir, store).expect("open");
        let before = search.indexed();
        indexer
            .catch_up(&CancellationToken::new())
            .expect("catch up");
        let request = SearchRequest {
            query: query.to_owned(),
            ..SearchRequest::default()
        };
        let params = Params::from_request(&request).expect("valid");
        let ids = search
            .find(store, &params)
            .expect("search")
            .hits
            .into_iter()
            .map(|hit| hit.article_id)
            .collect();
        (before, search.indexed(), ids)
    }

    #[tokio::test]
    async fn a_reanalysed_article_has_its_quotes_replaced() {
        let dirs = tempfile::tempdir().expect("tempdir");
        let index = dirs.path().join("search");
        let store = store_of(&dirs.path().join("store"), &[("art-1", "harbour")]).await;
        let quoted = |offset: u64, revision: u64, quote: &str| AnalysisRecord {
            revision,
            analysis: Some(Analysis {
                quotes: vec![Quote {
                    text: quote.to_owned(),
                    ..Quote::default()
                }],
                ..Analysis::default()
            }),
            ..record(offset, "art-1", "harbour")
        };
        for (offset, revision, quote) in [(1, 1, "fury"), (2, 2, "calm")] {
            apply(
                &store,
                &AlertConfig::default(),
                "http://analysis",
                &quoted(offset, revision, quote),
            )
            .await
            .expect("apply");
        }
        assert_eq!(indexed(&index, &store, "fury"), (0, 3, vec![]));
        assert_eq!(
            indexed(&index, &store, "calm"),
            (3, 3, vec!["art-1".to_owned()])
        );
        assert_eq!(
            indexed(&index, &store, "harbour"),
            (3, 3, vec!["art-1".to_owned()]),
            "the article once"
        );
    }

    #[tokio::test]
    async fn an_index_that_is_not_the_stores_is_rebuilt() {
        let dirs = tempfile::tempdir().expect("tempdir");
        let index = dirs.path().join("search");
        let first = store_of(
            &dirs.path().join("a"),
            &[("art-1", "fury"), ("art-2", "fire")],
        )
        .await;
        assert_eq!(
            indexed(&index, &first, "fury"),
            (0, 2, vec!["art-1".to_owned()])
        );
        assert_eq!(
            indexed(&index, &first, "fire"),
            (2, 2, vec!["art-2".to_owned()]),
            "reopened as it was"
        );

        // A store with fewer articles, then one whose articles are others.
        let smaller = store_of(&dirs.path().join("b"), &[("art-9", "fury")]).await;
        assert_eq!(
            indexed(&index, &smaller, "fury"),
            (0, 1, vec!["art-9".to_owned()])
        );
        let other = store_of(
            &dirs.path().join("c"),
            &[("art-7", "calm"), ("art-8", "fury")],
        )
        .await;
        assert_eq!(
            indexed(&index, &other, "fury"),
            (0, 2, vec!["art-8".to_owned()])
        );

        std::fs::write(index.join("meta.json"), b"not json").expect("garble");
        assert_eq!(
            indexed(&index, &other, "calm"),
            (0, 2, vec!["art-7".to_owned()])
        );
    }
}
