//! Follows an upstream change log with a durable offset. The consumer's `apply` stores each
//! result together with the next offset in one atomic write, so after a crash the follower
//! resumes exactly where the store says: nothing skipped, nothing applied twice.
//!
//! No entry can stop the follower: one the upstream withheld, one whose processing panics and
//! one whose error is [`Poison`] is handed to the consumer's `dead_letter`, which stores it
//! with its reason and the next offset in one write, and the follower goes on.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use brink_proto::v1::{AnalysisRecord, ArticleRecord, DeadLetter};
use futures::FutureExt;
use tokio_util::sync::CancellationToken;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

use crate::auth::Bearer;
use crate::keepalive::Keepalive;
use crate::tls::Connector;

/// An entry of an upstream log.
pub trait Record: Send + 'static {
    fn offset(&self) -> u64;
    /// Upstream head when the entry was sent.
    fn head(&self) -> u64;
    /// The article the entry is about; empty when it does not say.
    fn article_id(&self) -> &str;
    /// Why the upstream sent the entry without its content, when it did.
    fn withheld(&self) -> Option<&str>;
}

impl Record for ArticleRecord {
    fn offset(&self) -> u64 {
        self.offset
    }
    fn head(&self) -> u64 {
        self.head
    }
    fn article_id(&self) -> &str {
        self.article.as_ref().map_or("", |a| a.id.as_str())
    }
    /// Ingest bounds every article at submission, so its entries always fit.
    fn withheld(&self) -> Option<&str> {
        None
    }
}

impl Record for AnalysisRecord {
    fn offset(&self) -> u64 {
        self.offset
    }
    fn head(&self) -> u64 {
        self.head
    }
    fn article_id(&self) -> &str {
        self.article.as_ref().map_or("", |a| a.id.as_str())
    }
    fn withheld(&self) -> Option<&str> {
        Some(self.withheld.as_str()).filter(|w| !w.is_empty())
    }
}

/// Whether a consumer's error is the entry's own fault, which retrying cannot mend: the entry
/// is then set aside as a dead letter rather than retried forever.
pub trait Poison {
    fn is_poison(&self) -> bool;
}

/// How a follower reaches its upstream: over TLS as the service's client settings say, sending
/// the service's token.
#[derive(Debug, Clone, Default)]
pub struct Upstream {
    pub connector: Connector,
    pub bearer: Bearer,
}

impl Upstream {
    /// Connects to the service at `url`, with keepalive so a half-open link ends the stream;
    /// a failure is UNAVAILABLE so the follower retries.
    pub async fn connect(
        &self,
        url: &str,
    ) -> Result<InterceptedService<Channel, Bearer>, tonic::Status> {
        let endpoint = self
            .connector
            .endpoint(url)
            .map_err(|e| tonic::Status::invalid_argument(format!("upstream: {e}")))?;
        let channel = Keepalive::DEFAULT
            .endpoint(endpoint)
            .connect()
            .await
            .map_err(|e| tonic::Status::unavailable(format!("upstream {url}: {e}")))?;
        Ok(InterceptedService::new(channel, self.bearer.clone()))
    }
}

/// What a follower has reached, shared with the status RPC.
#[derive(Debug, Default)]
pub struct FollowState {
    next_offset: AtomicU64,
    upstream_head: AtomicU64,
    connected: AtomicBool,
}

impl FollowState {
    /// Starts at the durable offset read from the consumer's store.
    pub fn starting_at(next_offset: u64) -> Arc<FollowState> {
        Arc::new(FollowState {
            next_offset: AtomicU64::new(next_offset),
            ..FollowState::default()
        })
    }

    pub fn next_offset(&self) -> u64 {
        self.next_offset.load(Ordering::Acquire)
    }

    pub fn upstream_head(&self) -> u64 {
        self.upstream_head.load(Ordering::Acquire)
    }

    pub fn connected(&self) -> bool {
        self.connected.load(Ordering::Acquire)
    }
}

/// Applies `record`: `Ok(None)` once applied, `Ok(Some(reason))` when it is to be set aside,
/// `Err` for a failure worth retrying.
async fn attempt<R, A, AFut, E>(record: R, apply: &mut A) -> Result<Option<String>, E>
where
    R: Record,
    A: FnMut(R) -> AFut,
    AFut: Future<Output = Result<(), E>>,
    E: std::fmt::Display + Poison,
{
    if let Some(reason) = record.withheld() {
        return Ok(Some(format!("withheld upstream: {reason}")));
    }
    match AssertUnwindSafe(apply(record)).catch_unwind().await {
        Ok(Ok(())) => Ok(None),
        Ok(Err(error)) if error.is_poison() => Ok(Some(error.to_string())),
        Ok(Err(error)) => Err(error),
        Err(panic) => Ok(Some(format!(
            "processing panicked: {}",
            panic_message(&*panic)
        ))),
    }
}

/// The message a panic was raised with, when it is text.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message")
}

/// Reconnection delays: doubling from `min` up to `max`.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub min: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            min: Duration::from_millis(100),
            max: Duration::from_secs(5),
        }
    }
}

/// Runs until `shutdown`: subscribes from the durable offset, applies each entry, and on any
/// other failure (upstream down, stream broken, apply failed) waits with backoff and
/// resubscribes from the last applied offset. An entry being applied when shutdown comes is
/// finished first. An entry that cannot be applied goes to `dead_letter` (see the module
/// documentation), with `upstream` and everything but the endpoint filled in.
pub async fn follow<R, S, SFut, A, AFut, D, DFut, E>(
    upstream: &'static str,
    mut subscribe: S,
    mut apply: A,
    mut dead_letter: D,
    state: Arc<FollowState>,
    backoff: Backoff,
    shutdown: CancellationToken,
) where
    R: Record,
    S: FnMut(u64) -> SFut,
    SFut: Future<Output = Result<tonic::Streaming<R>, tonic::Status>>,
    A: FnMut(R) -> AFut,
    AFut: Future<Output = Result<(), E>>,
    D: FnMut(DeadLetter) -> DFut,
    DFut: Future<Output = Result<(), E>>,
    E: std::fmt::Display + Poison,
{
    let mut delay = backoff.min;
    while !shutdown.is_cancelled() {
        let from = state.next_offset();
        let subscribed = tokio::select! {
            _ = shutdown.cancelled() => break,
            subscribed = subscribe(from) => subscribed,
        };
        match subscribed {
            Ok(mut stream) => {
                state.connected.store(true, Ordering::Release);
                tracing::info!(upstream, from, "following upstream log");
                loop {
                    let message = tokio::select! {
                        _ = shutdown.cancelled() => break,
                        message = stream.message() => message,
                    };
                    let record = match message {
                        Ok(Some(record)) => record,
                        Ok(None) => {
                            tracing::warn!(upstream, "upstream closed the stream");
                            break;
                        }
                        Err(status) => {
                            tracing::warn!(upstream, %status, "upstream stream failed");
                            break;
                        }
                    };
                    state
                        .upstream_head
                        .fetch_max(record.head(), Ordering::AcqRel);
                    let offset = record.offset();
                    if offset < state.next_offset() {
                        continue;
                    }
                    let article_id = record.article_id().to_owned();
                    match attempt(record, &mut apply).await {
                        Ok(None) => {}
                        Ok(Some(reason)) => {
                            tracing::error!(
                                upstream,
                                offset,
                                article = %article_id,
                                %reason,
                                "upstream entry set aside as a dead letter"
                            );
                            let letter = DeadLetter {
                                upstream: upstream.to_owned(),
                                offset,
                                article_id,
                                reason,
                                at: Some(brink_proto::time::to_timestamp(chrono::Utc::now())),
                                ..DeadLetter::default()
                            };
                            if let Err(error) = dead_letter(letter).await {
                                tracing::error!(upstream, offset, %error, "cannot store dead letter");
                                break;
                            }
                        }
                        Err(error) => {
                            tracing::error!(upstream, offset, %error, "cannot apply upstream entry");
                            break;
                        }
                    }
                    state.next_offset.store(offset + 1, Ordering::Release);
                    delay = backoff.min;
                }
            }
            Err(status) if status.code() == tonic::Code::OutOfRange => {
                // Not passing: the upstream log is shorter than this consumer's offset.
                tracing::error!(upstream, %status, retry_in = ?delay, "upstream log is behind this consumer");
            }
            Err(status) => {
                tracing::warn!(upstream, %status, retry_in = ?delay, "cannot subscribe upstream");
            }
        }
        state.connected.store(false, Ordering::Release);
        tokio::select! {
            _ = shutdown.cancelled() => break,
            _ = tokio::time::sleep(delay) => {}
        }
        delay = (delay * 2).min(backoff.max);
    }
    state.connected.store(false, Ordering::Release);
}

#[cfg(test)]
mod tests {
    use brink_proto::v1::Article;

    use super::*;

    #[derive(Debug)]
    struct Failed {
        poison: bool,
    }

    impl std::fmt::Display for Failed {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(if self.poison {
                "bad entry"
            } else {
                "disk busy"
            })
        }
    }

    impl Poison for Failed {
        fn is_poison(&self) -> bool {
            self.poison
        }
    }

    fn record(withheld: &str) -> AnalysisRecord {
        AnalysisRecord {
            offset: 7,
            article: Some(Article {
                id: "art-1".to_owned(),
                ..Article::default()
            }),
            withheld: withheld.to_owned(),
            ..AnalysisRecord::default()
        }
    }

    async fn outcome(
        record: AnalysisRecord,
        result: fn() -> Result<(), Failed>,
    ) -> Result<Option<String>, Failed> {
        attempt(record, &mut |_| async move { result() }).await
    }

    /// What sets an entry aside and what is retried: the follower's whole promise that no
    /// entry stops it, and no passing failure loses one.
    #[tokio::test]
    async fn withheld_poison_and_panicking_entries_are_set_aside_others_retried() {
        assert_eq!(outcome(record(""), || Ok(())).await.ok(), Some(None));
        let withheld = outcome(record("too large"), || Ok(())).await;
        assert_eq!(
            withheld.ok().flatten().as_deref(),
            Some("withheld upstream: too large")
        );
        let poison = outcome(record(""), || Err(Failed { poison: true })).await;
        assert_eq!(poison.ok().flatten().as_deref(), Some("bad entry"));
        let panicked = outcome(record(""), || panic!("boom")).await;
        assert_eq!(
            panicked.ok().flatten().as_deref(),
            Some("processing panicked: boom")
        );
        let transient = outcome(record(""), || Err(Failed { poison: false })).await;
        assert_eq!(
            transient.err().map(|e| e.to_string()).as_deref(),
            Some("disk busy")
        );
    }
}
