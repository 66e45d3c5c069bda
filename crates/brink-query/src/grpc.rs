//! The `brink.v1.QueryService` gRPC surface: validates requests, converts to and from
//! protobuf, and maps errors to status codes through `Error`'s one conversion.

use std::pin::Pin;
use std::sync::Arc;

use brink_common::follow::FollowState;
use brink_proto::v1::query_service_server::QueryService;
use brink_proto::v1::{self as pb};
use futures::{Stream, StreamExt};
use tokio_util::sync::CancellationToken;
use tonic::{Request, Response, Status};

use crate::actors;
use crate::alerts;
use crate::cursor;
use crate::day;
use crate::dedup;
use crate::error::Error;
use crate::events::{self, EventFilter};
use crate::quotes::QuoteFilter;
use crate::search::{self, Search};
use crate::store::Store;
use crate::tension::{self, BucketSize, Counters};

const MAX_PAGE: u32 = 1000;
const DEFAULT_PAGE: u32 = 50;
/// Events read per store pass while exporting, bounding the memory one export holds.
const EXPORT_CHUNK: usize = 256;

pub struct QueryGrpc {
    pub store: Store,
    pub search: Arc<Search>,
    /// Each analysis service followed, with its follower's progress.
    pub followed: Vec<(String, Arc<FollowState>)>,
    /// Ends alert watches, so a graceful shutdown does not wait on endless streams.
    pub shutdown: CancellationToken,
}

type BoxStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send + 'static>>;

fn actor_code(field: &'static str, value: &str) -> Result<String, Error> {
    let code = value.trim().to_uppercase();
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::invalid(
            field,
            format!("{value:?} is not a three-letter actor code"),
        ));
    }
    Ok(code)
}

fn next_token(next: Option<Vec<u8>>) -> String {
    next.map(|key| cursor::encode(&key)).unwrap_or_default()
}

fn stats(counters: &Counters) -> pb::TensionStats {
    pb::TensionStats {
        quad_counts: counters.quads.to_vec(),
        events: counters.events(),
        goldstein_sum: counters.goldstein_sum,
        goldstein_mean: counters.goldstein_mean(),
        conflict_share: counters.conflict_share(),
        tone_mean: counters.tone_mean(),
        escalation: counters.escalation(),
    }
}

fn limit(field: &'static str, requested: u32, default: u32, max: u32) -> Result<usize, Error> {
    cursor::page_size(field, requested, default, max)
}

#[tonic::async_trait]
impl QueryService for QueryGrpc {
    async fn get_article(
        &self,
        request: Request<pb::QueryGetArticleRequest>,
    ) -> Result<Response<pb::ArticleView>, Status> {
        let id = request.into_inner().id;
        if id.is_empty() {
            return Err(Error::invalid("id", "empty").into());
        }
        Ok(Response::new(self.store.article(&id)?))
    }

    async fn search_events(
        &self,
        request: Request<pb::SearchEventsRequest>,
    ) -> Result<Response<pb::SearchEventsResponse>, Status> {
        let request = request.into_inner();
        let mut proto_filter = request.filter.unwrap_or_default();
        proto_filter.actors.extend(request.actors);
        if !request.article_id.is_empty() {
            proto_filter.article_id = request.article_id;
        }
        let filter = EventFilter::from_proto(&proto_filter)?;
        let size = limit("page_size", request.page_size, DEFAULT_PAGE, MAX_PAGE)?;
        let position = cursor::decode(&request.page_token)?;
        let page = events::search(&self.store, &filter, position.as_deref(), size)?;
        Ok(Response::new(pb::SearchEventsResponse {
            events: page.items,
            next_page_token: next_token(page.next),
        }))
    }

    async fn search_distinct_events(
        &self,
        request: Request<pb::SearchDistinctEventsRequest>,
    ) -> Result<Response<pb::SearchDistinctEventsResponse>, Status> {
        let request = request.into_inner();
        let filter = EventFilter::from_proto(&request.filter.clone().unwrap_or_default())?;
        let size = limit("page_size", request.page_size, DEFAULT_PAGE, MAX_PAGE)?;
        let position = cursor::decode(&request.page_token)?;
        let tree = match brink_proto::known("view", request.view).map_err(Error::from)? {
            pb::DistinctView::Unspecified => &self.store.distinct,
            pb::DistinctView::Daily => &self.store.daily,
        };
        let page = dedup::search(&self.store, tree, &filter, position.as_deref(), size)?;
        Ok(Response::new(pb::SearchDistinctEventsResponse {
            events: page.items,
            next_page_token: next_token(page.next),
        }))
    }

    async fn get_tension(
        &self,
        request: Request<pb::GetTensionRequest>,
    ) -> Result<Response<pb::GetTensionResponse>, Status> {
        let request = request.into_inner();
        let a = actor_code("actor_a", &request.actor_a)?;
        let b = actor_code("actor_b", &request.actor_b)?;
        if a == b {
            return Err(Error::invalid("actor_b", "is the same as actor_a").into());
        }
        let (from, to) = day::range("from", &request.from, "to", &request.to)?;
        let size = match brink_proto::known("bucket", request.bucket).map_err(Error::from)? {
            pb::BucketSize::Unspecified | pb::BucketSize::Day => BucketSize::Day,
            pb::BucketSize::Week => BucketSize::Week,
            pb::BucketSize::Month => BucketSize::Month,
        };
        let buckets = tension::series(&self.store.tension, &a, &b, from, to, size)?
            .into_iter()
            .map(|bucket| pb::TensionBucket {
                start: bucket.start.format(),
                a_to_b: Some(stats(&bucket.a_to_b)),
                b_to_a: Some(stats(&bucket.b_to_a)),
                combined: Some(stats(&bucket.combined())),
            })
            .collect();
        Ok(Response::new(pb::GetTensionResponse { buckets }))
    }

    async fn list_alerts(
        &self,
        request: Request<pb::ListAlertsRequest>,
    ) -> Result<Response<pb::ListAlertsResponse>, Status> {
        let request = request.into_inner();
        let actor = match request.actor.as_str() {
            "" => None,
            code => Some(actor_code("actor", code)?),
        };
        let size = limit("page_size", request.page_size, DEFAULT_PAGE, MAX_PAGE)?;
        let position = cursor::decode(&request.page_token)?;
        let page = alerts::list(
            &self.store.alerts,
            actor.as_deref(),
            position.as_deref(),
            size,
        )?;
        Ok(Response::new(pb::ListAlertsResponse {
            alerts: page.items,
            next_page_token: next_token(page.next),
        }))
    }

    type WatchAlertsStream = BoxStream<pb::Alert>;

    async fn watch_alerts(
        &self,
        request: Request<pb::WatchAlertsRequest>,
    ) -> Result<Response<Self::WatchAlertsStream>, Status> {
        let from = request.into_inner().from_offset;
        // The response (and with it the headers) goes out now, before any alert exists, so a
        // client's call returns at once rather than with the first alert.
        let stream = alerts::watch(&self.store.alerts, from)?
            .map(|item| item.map_err(Status::from))
            .take_until(self.shutdown.clone().cancelled_owned());
        Ok(Response::new(Box::pin(stream)))
    }

    async fn list_quotes(
        &self,
        request: Request<pb::ListQuotesRequest>,
    ) -> Result<Response<pb::ListQuotesResponse>, Status> {
        let request = request.into_inner();
        let filter = QuoteFilter::from_request(&request)?;
        let size = limit("page_size", request.page_size, DEFAULT_PAGE, MAX_PAGE)?;
        let position = cursor::decode(&request.page_token)?;
        let page = filter.search(&self.store.quotes, position.as_deref(), size)?;
        Ok(Response::new(pb::ListQuotesResponse {
            quotes: page.items,
            next_page_token: next_token(page.next),
        }))
    }

    async fn top_actors(
        &self,
        request: Request<pb::TopActorsRequest>,
    ) -> Result<Response<pb::TopActorsResponse>, Status> {
        let request = request.into_inner();
        let (from, to) = day::range("date_from", &request.date_from, "date_to", &request.date_to)?;
        let size = limit("limit", request.limit, 20, MAX_PAGE)?;
        let mut totals = actors::totals(&self.store.actor_days, from, to)?;
        let to_proto = |(code, counts): &(String, actors::ActorCounts)| pb::ActorCount {
            code: code.clone(),
            name: counts.name.clone(),
            mentions: counts.mentions,
            events: counts.events,
            conflict_events: counts.conflict_events,
        };
        totals.sort_by(|x, y| y.1.mentions.cmp(&x.1.mentions).then_with(|| x.0.cmp(&y.0)));
        let by_mentions = totals.iter().take(size).map(to_proto).collect();
        totals.retain(|(_, c)| c.conflict_events > 0);
        totals.sort_by(|x, y| {
            y.1.conflict_events
                .cmp(&x.1.conflict_events)
                .then_with(|| x.0.cmp(&y.0))
        });
        let by_conflict = totals.iter().take(size).map(to_proto).collect();
        Ok(Response::new(pb::TopActorsResponse {
            by_mentions,
            by_conflict,
        }))
    }

    async fn actor_network(
        &self,
        request: Request<pb::ActorNetworkRequest>,
    ) -> Result<Response<pb::ActorNetworkResponse>, Status> {
        let request = request.into_inner();
        let (from, to) = day::range("date_from", &request.date_from, "date_to", &request.date_to)?;
        let size = limit("limit", request.limit, 100, 5000)?;
        let actor = Some(request.actor.trim().to_uppercase()).filter(|a| !a.is_empty());
        let pairs = actors::pairs(&self.store.pairs, from, to, actor.as_deref())?
            .into_iter()
            .take(size)
            .map(|(actor_a, actor_b, weight)| pb::ActorPair {
                actor_a,
                actor_b,
                weight,
            })
            .collect();
        Ok(Response::new(pb::ActorNetworkResponse { pairs }))
    }

    type ExportStream = BoxStream<pb::EventHit>;

    async fn export(
        &self,
        request: Request<pb::EventFilter>,
    ) -> Result<Response<Self::ExportStream>, Status> {
        let filter = EventFilter::from_proto(request.get_ref())?;
        let store = self.store.clone();
        let stream = async_stream::try_stream! {
            let mut position: Option<Vec<u8>> = None;
            loop {
                let page = events::search(&store, &filter, position.as_deref(), EXPORT_CHUNK)?;
                for hit in page.items {
                    yield hit;
                }
                match page.next {
                    Some(next) => position = Some(next),
                    None => break,
                }
            }
        };
        Ok(Response::new(Box::pin(stream.map(
            |item: Result<pb::EventHit, Error>| item.map_err(Status::from),
        ))))
    }

    async fn search(
        &self,
        request: Request<pb::SearchRequest>,
    ) -> Result<Response<pb::SearchResponse>, Status> {
        let params = search::Params::from_request(request.get_ref())?;
        let search = self.search.clone();
        let store = self.store.clone();
        let found = tokio::task::spawn_blocking(move || search.find(&store, &params))
            .await
            .map_err(Error::from)?;
        Ok(Response::new(found?))
    }

    async fn get_status(
        &self,
        _request: Request<pb::GetStatusRequest>,
    ) -> Result<Response<pb::ServiceStatus>, Status> {
        let records = self.store.records()?;
        Ok(Response::new(pb::ServiceStatus {
            service: "query".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            log_head: self.store.alerts.head(),
            records,
            store_bytes: self.store.size_on_disk(),
            dead_letters: self.store.dead_letters(),
            consumers: self
                .followed
                .iter()
                .map(|(url, follow)| pb::ConsumerStatus {
                    upstream: "analysis".to_owned(),
                    endpoint: url.clone(),
                    next_offset: follow.next_offset(),
                    upstream_head: follow.upstream_head(),
                    connected: follow.connected(),
                    partition: 0,
                    partitions: 1,
                })
                .chain([pb::ConsumerStatus {
                    upstream: "store".to_owned(),
                    endpoint: self.search.dir().display().to_string(),
                    next_offset: self.search.indexed(),
                    upstream_head: self.store.feed_head()?,
                    connected: true,
                    partition: 0,
                    partitions: 1,
                }])
                .collect(),
        }))
    }
}
