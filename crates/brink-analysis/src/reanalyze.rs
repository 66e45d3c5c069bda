//! Re-analysis after the dictionaries changed: codes stored articles again with the analyser
//! loaded now and appends each analysis that changed to the log as the article's next revision,
//! which query, following the log, puts in place of the old one. A call covers one page of
//! articles in id order and holds one article at a time; the ingest consumer takes turns with
//! it at the store's writer lock, so new articles keep flowing.

use chrono::NaiveDate;

use brink_proto::v1::{Analysis, AnalysisRecord, Article};

use crate::consume::analyse;
use crate::error::Result;
use crate::reload::Dictionaries;
use crate::store::Store;

/// Most stored articles one call looks at, so a narrow date range over a large store still
/// answers in bounded time.
pub const MAX_SCANNED: u64 = 10_000;

/// Days of publication to re-analyse, both ends inclusive.
#[derive(Debug, Clone, Copy, Default)]
pub struct Range {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Range {
    /// Whether `article` was published in the range; an undated one counts under the day it was
    /// ingested, as query files it, and one without either only when the range is open.
    fn contains(&self, article: &Article) -> bool {
        let day = brink_proto::time::from_timestamp(article.published_at.as_ref())
            .or_else(|| brink_proto::time::from_timestamp(article.ingested_at.as_ref()))
            .map(|t| t.date_naive());
        match day {
            Some(day) => self.from.is_none_or(|f| day >= f) && self.to.is_none_or(|t| day <= t),
            None => self.from.is_none() && self.to.is_none(),
        }
    }
}

/// What one call did.
#[derive(Debug, Default)]
pub struct Page {
    pub reanalyzed: u64,
    pub unchanged: u64,
    pub scanned: u64,
    /// Id of the last article looked at, when there may be more.
    pub next: Option<String>,
    pub analyzer_version: String,
}

/// Re-analyses the articles in `range` among those after `after` (an article id), until
/// `limit` have been coded or [`MAX_SCANNED`] looked at.
pub async fn page(
    store: &Store,
    dictionaries: &Dictionaries,
    range: Range,
    after: &str,
    limit: u64,
) -> Result<Page> {
    // One analyser for the whole page, even if the dictionaries reload meanwhile.
    let analyzer = dictionaries.analyzer();
    let mut page = Page {
        analyzer_version: analyzer.version(),
        ..Page::default()
    };
    let mut cursor = after.to_owned();
    while let Some((id, stored)) = store.next_after(&cursor)? {
        cursor = id;
        page.scanned += 1;
        let article = stored.article.unwrap_or_default();
        if range.contains(&article) {
            let (article, analysis) = analyse(analyzer.clone(), article).await?;
            if same_coding(&analysis, &stored.analysis.unwrap_or_default()) {
                page.unchanged += 1;
            } else {
                store
                    .revise(AnalysisRecord {
                        article: Some(article),
                        analysis: Some(analysis),
                        ..AnalysisRecord::default()
                    })
                    .await?;
                page.reanalyzed += 1;
            }
        }
        if page.reanalyzed + page.unchanged >= limit || page.scanned >= MAX_SCANNED {
            page.next = Some(cursor);
            break;
        }
    }
    Ok(page)
}

/// Whether two analyses found the same, whenever and by whichever version they were made: an
/// article the new dictionaries code as before keeps its analysis, so re-running a
/// re-analysis, or one after a change that concerns few articles, appends only what changed.
fn same_coding(new: &Analysis, stored: &Analysis) -> bool {
    let bare = |a: &Analysis| Analysis {
        analyzer_version: String::new(),
        analyzed_at: None,
        ..a.clone()
    };
    bare(new) == bare(stored)
}

#[cfg(test)]
mod tests {
    use brink_nlp::model::Limits;

    use super::*;

    const COMPACT: &str = "The Northern Fisheries Compact condemned Russia on Monday.";

    async fn stored(store: &Store, offset: u64, id: &str, day: &str, body: &str) {
        let published =
            brink_proto::time::parse_rfc3339(&format!("{day}T08:00:00Z")).expect("timestamp");
        let article = Article {
            id: id.to_owned(),
            body: body.to_owned(),
            published_at: Some(brink_proto::time::to_timestamp(published)),
            ..Article::default()
        };
        let dictionaries = Dictionaries::load(None, false, Limits::DEFAULT).expect("dictionaries");
        let (article, analysis) = analyse(dictionaries.analyzer(), article)
            .await
            .expect("analyse");
        let record = AnalysisRecord {
            article: Some(article),
            analysis: Some(analysis),
            ..AnalysisRecord::default()
        };
        store.apply(offset, record).await.expect("store");
    }

    #[tokio::test]
    async fn changed_analyses_become_new_revisions_page_by_page() {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("store")).expect("store");
        stored(&store, 0, "art-a", "2024-03-01", COMPACT).await;
        stored(&store, 1, "art-b", "2024-03-02", COMPACT).await;
        stored(&store, 2, "art-c", "2024-03-03", "Russia praised Ukraine.").await;
        let extra = dir.path().join("dictionaries");
        std::fs::create_dir(&extra).expect("dir");
        std::fs::write(
            extra.join("igos.tsv"),
            "code\tname\taliases\nIGONFC\tNorthern Fisheries Compact\tNFC\n",
        )
        .expect("write");
        let dictionaries =
            Dictionaries::load(Some(extra), false, Limits::DEFAULT).expect("dictionaries");

        let march = Range {
            from: NaiveDate::from_ymd_opt(2024, 3, 2),
            to: None,
        };
        let first = page(&store, &dictionaries, march, "", 1)
            .await
            .expect("page");
        assert_eq!(
            (first.scanned, first.reanalyzed, first.unchanged),
            (2, 1, 0)
        );
        assert_eq!(first.next.as_deref(), Some("art-b"));
        // Until the new revision is published, the article's published analysis is the one before.
        store.log().publish(3);
        assert_eq!(store.get("art-b").expect("published").revision, 0);
        store.log().publish(4);
        assert_eq!(store.get("art-b").expect("published").revision, 1);
        let rest = page(&store, &dictionaries, march, "art-b", 1)
            .await
            .expect("page");
        assert_eq!((rest.scanned, rest.reanalyzed, rest.unchanged), (1, 0, 1));
        assert_eq!(rest.next.as_deref(), Some("art-c"));
        let end = page(&store, &dictionaries, march, "art-c", 1)
            .await
            .expect("page");
        assert_eq!((end.scanned, end.next), (0, None));

        let revision = |after: &str| {
            let (_, record) = store.next_after(after).expect("read").expect("article");
            (
                record.revision,
                record.analysis.expect("analysis").analyzer_version,
            )
        };
        assert_eq!(revision("art-a").0, 1, "art-b is re-analysed");
        assert_eq!(revision("art-a").1, first.analyzer_version);
        assert_eq!(revision("").0, 0, "art-a is out of range");

        let again = page(&store, &dictionaries, Range::default(), "", 10)
            .await
            .expect("page");
        assert_eq!(
            (again.reanalyzed, again.unchanged, again.next),
            (1, 2, None)
        );
        assert_eq!(revision("art-a").0, 1, "coded as before: no new revision");
        assert_eq!(revision("").0, 1);
    }
}
