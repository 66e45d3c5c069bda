//! Follows the ingest log: analyses each new article and stores the result with the offset.

use std::sync::Arc;

use brink_common::follow::{Backoff, FollowState, Upstream, follow};
use brink_common::telemetry::adopt;
use brink_nlp::Analyzer;
use brink_proto::v1::ingest_service_client::IngestServiceClient;
use brink_proto::v1::{
    Analysis, AnalysisRecord, Article, ArticleRecord, DeadLetter, SubscribeRequest,
};
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::error::{Error, Result};
use crate::reload::Dictionaries;
use crate::store::{Applied, Store};

pub struct Consumer {
    pub store: Arc<Store>,
    pub dictionaries: Arc<Dictionaries>,
    pub state: Arc<FollowState>,
    pub ingest_url: String,
    pub partition: u32,
    pub partitions: u32,
    pub max_message_bytes: usize,
    /// How the subscription reaches ingest.
    pub upstream: Upstream,
}

impl Consumer {
    pub async fn run(self, shutdown: CancellationToken) {
        let Consumer {
            store,
            dictionaries,
            state,
            ingest_url,
            partition,
            partitions,
            max_message_bytes,
            upstream,
        } = self;
        let subscribe = |from: u64| {
            let url = ingest_url.clone();
            let upstream = upstream.clone();
            async move {
                let mut client = IngestServiceClient::new(upstream.connect(&url).await?)
                    .max_decoding_message_size(max_message_bytes)
                    .max_encoding_message_size(max_message_bytes);
                let request = SubscribeRequest {
                    from_offset: from,
                    partition,
                    partitions,
                };
                Ok(client.subscribe(request).await?.into_inner())
            }
        };
        let apply = |record: ArticleRecord| {
            let store = store.clone();
            let dictionaries = dictionaries.clone();
            let span = tracing::info_span!(
                "analyse",
                offset = record.offset,
                article = %record.article.as_ref().map(|a| a.id.as_str()).unwrap_or_default(),
            );
            if let Some(article) = &record.article {
                adopt(&span, &article.traceparent);
            }
            analyse_and_store(store, dictionaries, record).instrument(span)
        };
        let dead_letter = |letter: DeadLetter| {
            let store = store.clone();
            let endpoint = ingest_url.clone();
            async move { store.dead_letter(&DeadLetter { endpoint, ..letter }).await }
        };
        follow(
            "ingest",
            subscribe,
            apply,
            dead_letter,
            state,
            Backoff::default(),
            shutdown,
        )
        .await;
    }
}

async fn analyse_and_store(
    store: Arc<Store>,
    dictionaries: Arc<Dictionaries>,
    record: ArticleRecord,
) -> Result<()> {
    let ArticleRecord {
        offset, article, ..
    } = record;
    let article =
        article.ok_or_else(|| Error::NotFound(format!("article at ingest offset {offset}")))?;
    if store.is_analysed(&article.id)? {
        return store.skip(offset).await;
    }
    let (article, analysis) = analyse(dictionaries.analyzer(), article).await?;
    let record = AnalysisRecord {
        offset: 0,
        article: Some(article),
        analysis: Some(analysis),
        ..AnalysisRecord::default()
    };
    if let Applied::Stored { offset: stored } = store.apply(offset, record).await? {
        tracing::debug!(stored, "article analysed");
    }
    Ok(())
}

/// Codes `article` with `analyzer` on the blocking pool; hands the article back with it.
pub async fn analyse(analyzer: Arc<Analyzer>, article: Article) -> Result<(Article, Analysis)> {
    let article = Arc::new(article);
    let input = article.clone();
    let analysis = tokio::task::spawn_blocking(move || {
        let published =
            brink_proto::time::from_timestamp(input.published_at.as_ref()).map(|t| t.date_naive());
        crate::convert::analyze(&analyzer, &input.id, &input.title, &input.body, published)
    })
    .await?;
    Ok((Arc::unwrap_or_clone(article), analysis))
}
