//! Keeps the current analyser and swaps in a new one when the user's dictionary directory
//! changes, so dictionaries are reloadable without a restart.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use tokio_util::sync::CancellationToken;

use crate::error::Result;
use brink_nlp::model::Limits;
use brink_nlp::{Analyzer, Sources};

pub struct Dictionaries {
    extra: Option<PathBuf>,
    /// Code with the extra directory alone.
    no_builtin: bool,
    limits: Limits,
    /// State of the extra directory when the current analyser was loaded.
    loaded_from: Change,
    current: RwLock<Arc<Analyzer>>,
}

type Change = (Option<SystemTime>, usize);

/// Most skipped dictionary entries logged one by one; the rest are counted.
const NOTICES_LOGGED: usize = 20;

fn load(
    dir: Option<&Path>,
    no_builtin: bool,
    limits: Limits,
) -> std::result::Result<Analyzer, brink_nlp::DictionaryError> {
    let analyzer = Analyzer::from_sources(&Sources { dir, no_builtin })?.with_limits(limits);
    let notices = analyzer.notices();
    for notice in notices.iter().take(NOTICES_LOGGED) {
        tracing::warn!(%notice, "dictionary entry skipped");
    }
    if notices.len() > NOTICES_LOGGED {
        tracing::warn!(count = notices.len(), "dictionary entries skipped in all");
    }
    Ok(analyzer)
}

impl Dictionaries {
    pub fn load(extra: Option<PathBuf>, no_builtin: bool, limits: Limits) -> Result<Dictionaries> {
        let loaded_from = extra.as_deref().map(latest_change).unwrap_or_default();
        let analyzer = load(extra.as_deref(), no_builtin, limits)?;
        Ok(Dictionaries {
            extra,
            no_builtin,
            limits,
            loaded_from,
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
        let mut seen = self.loaded_from;
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
            let (no_builtin, limits) = (self.no_builtin, self.limits);
            match tokio::task::spawn_blocking(move || load(Some(&dir_for_load), no_builtin, limits))
                .await
            {
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
fn latest_change(dir: &Path) -> Change {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(dictionaries: &Dictionaries, text: &str) -> Vec<String> {
        let analysis = dictionaries.analyzer().analyze("", text, None);
        analysis.actors.into_iter().map(|a| a.code).collect()
    }

    #[tokio::test]
    async fn a_dictionary_added_while_running_is_picked_up() {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = "The Northern Fisheries Compact condemned Russia on Monday.";
        let dictionaries = Arc::new(
            Dictionaries::load(Some(dir.path().to_owned()), false, Limits::DEFAULT).expect("load"),
        );
        assert!(!codes(&dictionaries, text).contains(&"IGONFC".to_owned()));

        let shutdown = CancellationToken::new();
        let watcher = tokio::spawn(
            dictionaries
                .clone()
                .watch(Duration::from_millis(20), shutdown.clone()),
        );
        std::fs::write(
            dir.path().join("igos.tsv"),
            "code\tname\taliases\nIGONFC\tNorthern Fisheries Compact\tNFC\n",
        )
        .expect("write");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !codes(&dictionaries, text).contains(&"IGONFC".to_owned()) {
            assert!(
                std::time::Instant::now() < deadline,
                "dictionary change never loaded"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }

        // A broken edit keeps the working dictionaries.
        std::fs::write(dir.path().join("igos.tsv"), "not\ta header\n").expect("write");
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(codes(&dictionaries, text).contains(&"IGONFC".to_owned()));
        shutdown.cancel();
        watcher.await.expect("watcher");
    }
}
