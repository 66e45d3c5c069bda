//! Group commit: one task owns all writes. It takes whatever is queued (up to a group), writes
//! each item in its own transaction, flushes once for the whole group, publishes the new log
//! head and only then answers, so every acknowledgement is durable and one flush pays for many.

use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::article::{Article, Receipt};
use crate::error::Error;
use crate::store::{Store, Written};

/// Most items written between two flushes.
const GROUP: usize = 256;
/// Submissions waiting for the writer before senders wait.
const QUEUE: usize = 1024;

struct Pending {
    article: Article,
    reply: oneshot::Sender<Result<Receipt, Error>>,
}

/// Cheap handle for queueing articles to the writer.
#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<Pending>,
}

/// The answer to one queued article, available once its group is durable.
pub struct Ticket(oneshot::Receiver<Result<Receipt, Error>>);

impl Ticket {
    pub async fn receipt(self) -> Result<Receipt, Error> {
        self.0.await.map_err(|_| Error::WriterStopped)?
    }
}

impl Writer {
    /// Starts the writer. After `stop` it takes no new articles, writes those already queued and
    /// ends.
    pub fn spawn(store: Store, stop: CancellationToken) -> (Writer, JoinHandle<()>) {
        let (queue, receiver) = mpsc::channel(QUEUE);
        let task = tokio::spawn(run(store, receiver, stop));
        (Writer { queue }, task)
    }

    /// Queues an article; the order of calls is the order of writes.
    pub async fn enqueue(&self, article: Article) -> Result<Ticket, Error> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Pending { article, reply })
            .await
            .map_err(|_| Error::WriterStopped)?;
        Ok(Ticket(answer))
    }
}

async fn run(store: Store, mut queue: mpsc::Receiver<Pending>, stop: CancellationToken) {
    let mut next_offset = store.log().head();
    let mut group = Vec::with_capacity(GROUP);
    loop {
        let received = tokio::select! {
            biased;
            received = queue.recv_many(&mut group, GROUP) => received,
            _ = stop.cancelled() => {
                queue.close();
                queue.recv_many(&mut group, GROUP).await
            }
        };
        if received == 0 {
            break;
        }
        match commit(&store, next_offset, std::mem::take(&mut group)).await {
            Some(next) => next_offset = next,
            None => break,
        }
    }
    tracing::info!(head = next_offset, "writer stopped");
}

/// Writes one group and answers it; returns the next free offset, or `None` if the writer
/// cannot go on.
async fn commit(store: &Store, first_offset: u64, group: Vec<Pending>) -> Option<u64> {
    let size = group.len();
    let writing = store.clone();
    let written = tokio::task::spawn_blocking(move || {
        let mut next = first_offset;
        let results: Vec<_> = group
            .into_iter()
            .map(|pending| {
                let result = writing
                    .write(pending.article, next)
                    .map(|written| match written {
                        Written::New(receipt) => {
                            next += 1;
                            receipt
                        }
                        Written::Duplicate(receipt) => receipt,
                    });
                (pending.reply, result)
            })
            .collect();
        (results, next)
    })
    .await;
    let (results, next) = match written {
        Ok(written) => written,
        Err(error) => {
            tracing::error!(%error, "writer crashed; rejecting further writes");
            return None;
        }
    };
    if next > first_offset {
        if let Err(error) = store.flush().await {
            tracing::error!(%error, size, "cannot flush a group");
            let reason = error.to_string();
            for (reply, _) in results {
                let _ = reply.send(Err(Error::Durability(reason.clone())));
            }
            return Some(next);
        }
        store.log().publish(next);
    }
    tracing::debug!(
        size,
        written = next - first_offset,
        head = next,
        "group committed"
    );
    for (reply, result) in results {
        // The submitter may have gone away; the write stands either way.
        let _ = reply.send(result);
    }
    Some(next)
}
