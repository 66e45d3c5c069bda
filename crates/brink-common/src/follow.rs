//! Follows an upstream change log with a durable offset. The consumer's `apply` stores each
//! result together with the next offset in one atomic write, so after a crash the follower
//! resumes exactly where the store says: nothing skipped, nothing applied twice.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use brink_proto::v1::{AnalysisRecord, ArticleRecord};
use tokio_util::sync::CancellationToken;

/// An entry of an upstream log.
pub trait Record: Send + 'static {
    fn offset(&self) -> u64;
    /// Upstream head when the entry was sent.
    fn head(&self) -> u64;
}

impl Record for ArticleRecord {
    fn offset(&self) -> u64 {
        self.offset
    }
    fn head(&self) -> u64 {
        self.head
    }
}

impl Record for AnalysisRecord {
    fn offset(&self) -> u64 {
        self.offset
    }
    fn head(&self) -> u64 {
        self.head
    }
}

/// Connects to an upstream service; a failure is UNAVAILABLE so the follower retries.
pub async fn connect(url: &str) -> Result<tonic::transport::Channel, tonic::Status> {
    tonic::transport::Endpoint::from_shared(url.to_owned())
        .map_err(|e| tonic::Status::invalid_argument(format!("upstream url {url}: {e}")))?
        .connect()
        .await
        .map_err(|e| tonic::Status::unavailable(format!("upstream {url}: {e}")))
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
/// failure (upstream down, stream broken, apply failed) waits with backoff and resubscribes
/// from the last applied offset. An entry being applied when shutdown comes is finished first.
pub async fn follow<R, S, SFut, A, AFut, E>(
    upstream: &'static str,
    mut subscribe: S,
    mut apply: A,
    state: Arc<FollowState>,
    backoff: Backoff,
    shutdown: CancellationToken,
) where
    R: Record,
    S: FnMut(u64) -> SFut,
    SFut: Future<Output = Result<tonic::Streaming<R>, tonic::Status>>,
    A: FnMut(R) -> AFut,
    AFut: Future<Output = Result<(), E>>,
    E: std::fmt::Display,
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
                    if let Err(error) = apply(record).await {
                        tracing::error!(upstream, offset, %error, "cannot apply upstream entry");
                        break;
                    }
                    state.next_offset.store(offset + 1, Ordering::Release);
                    delay = backoff.min;
                }
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
