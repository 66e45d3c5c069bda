//! Keeps the current analyser and swaps in a new one when the user's dictionary directory
//! changes, so dictionaries are reloadable without a restart.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use tokio_util::sync::CancellationToken;

use crate::Analyzer;
use crate::error::Result;

pub struct Dictionaries {
    extra: Option<PathBuf>,
    current: RwLock<Arc<Analyzer>>,
}

impl Dictionaries {
    pub fn load(extra: Option<PathBuf>) -> Result<Dictionaries> {
        let analyzer = Analyzer::load(extra.as_deref())?;
        Ok(Dictionaries {
            extra,
            current: RwLock::new(Arc::new(analyzer)),
        })
    }

    pub fn analyzer(&self) -> Arc<Analyzer> {
        match self.current.read() {
            Ok(current) => current.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Polls the extra directory and reloads when a file in it changes. A broken edit keeps
    /// the previous dictionaries and logs why.
    pub async fn watch(self: Arc<Self>, every: Duration, shutdown: CancellationToken) {
        let Some(dir) = self.extra.clone() else {
            return;
        };
        let mut seen = latest_change(&dir);
        loop {
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = tokio::time::sleep(every) => {}
            }
            let now = latest_change(&dir);
            if now == seen {
                continue;
            }
            seen = now;
            let dir_for_load = dir.clone();
            match tokio::task::spawn_blocking(move || Analyzer::load(Some(&dir_for_load))).await {
                Ok(Ok(analyzer)) => {
                    let mut current = match self.current.write() {
                        Ok(current) => current,
                        Err(poisoned) => poisoned.into_inner(),
                    };
                    *current = Arc::new(analyzer);
                    tracing::info!(dir = %dir.display(), "dictionaries reloaded");
                }
                Ok(Err(error)) => {
                    tracing::error!(%error, "dictionary change rejected, keeping the previous ones")
                }
                Err(error) => tracing::error!(%error, "dictionary reload failed"),
            }
        }
    }
}

/// Latest modification time and file count in `dir` (a removed file changes the count).
fn latest_change(dir: &Path) -> (Option<SystemTime>, usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (None, 0);
    };
    let mut latest = None;
    let mut count = 0;
    for entry in entries.flatten() {
        count += 1;
        if let Ok(modified) = entry.metadata().and_then(|m| m.modified()) {
            latest = latest.max(Some(modified));
        }
    }
    (latest, count)
}
