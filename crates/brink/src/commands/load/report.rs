//! The figures of one load run, as a human report or one JSON object.

use std::fmt;
use std::time::Duration;

use serde::Serialize;

const MIB: f64 = 1024.0 * 1024.0;

/// Everything one run measured; serialised as is for `--json`.
#[derive(Debug, Serialize)]
pub struct Report {
    pub articles: u64,
    pub batch: u64,
    pub concurrency: u64,
    pub seed: u64,
    pub submit: SubmitFigures,
    pub batch_latency_ms: Latency,
    /// Ingest log head right after the last acknowledgement: what the others must reach.
    pub ingest_head: u64,
    pub analysed: Option<CatchUpFigures>,
    pub indexed: Option<CatchUpFigures>,
    pub verified: Option<Verification>,
    /// Why the run counts as failed; empty on success.
    pub problems: Vec<String>,
}

#[derive(Debug, Default, Serialize)]
pub struct SubmitFigures {
    /// Articles written to the log (new ones and near-duplicates).
    pub stored: u64,
    pub near_duplicates: u64,
    /// Articles the store already had, e.g. from an earlier run with the same seed.
    pub duplicates: u64,
    pub failed: u64,
    /// Sentences of the stored articles, as written by the generator (titles included).
    pub sentences: u64,
    /// Encoded size of every submission.
    pub payload_bytes: u64,
    pub seconds: f64,
    pub articles_per_second: f64,
    pub mib_per_second: f64,
}

/// Nearest-rank percentiles of per-batch `SubmitArticles` latency.
#[derive(Debug, Default, Serialize)]
pub struct Latency {
    pub batches: usize,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
}

impl Latency {
    pub fn of(mut samples: Vec<Duration>) -> Latency {
        samples.sort_unstable();
        let ms = |p: f64| percentile(&samples, p).as_secs_f64() * 1000.0;
        Latency {
            batches: samples.len(),
            p50: ms(50.0),
            p95: ms(95.0),
            p99: ms(99.0),
            max: ms(100.0),
        }
    }
}

/// Nearest-rank percentile of sorted samples; zero when there are none.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// When a downstream service had processed everything that was stored.
#[derive(Debug, Serialize)]
pub struct CatchUpFigures {
    /// From the first submission.
    pub seconds: f64,
    /// From the last acknowledgement: the backlog the service still had to work off.
    pub after_submit_seconds: f64,
    pub articles_per_second: f64,
    pub sentences_per_second: f64,
}

impl CatchUpFigures {
    pub fn new(since_start: Duration, submit: &SubmitFigures) -> CatchUpFigures {
        let seconds = since_start.as_secs_f64();
        let rate = |count: u64| {
            if seconds > 0.0 {
                count as f64 / seconds
            } else {
                0.0
            }
        };
        CatchUpFigures {
            seconds,
            after_submit_seconds: (seconds - submit.seconds).max(0.0),
            articles_per_second: rate(submit.stored),
            sentences_per_second: rate(submit.sentences),
        }
    }
}

/// Sampled articles read back from the query service.
#[derive(Debug, Default, Serialize)]
pub struct Verification {
    pub sampled: usize,
    pub with_analysis: usize,
    pub mean_sentences: f64,
    pub mean_actors: f64,
    pub mean_quotes: f64,
    pub mean_events: f64,
}

impl SubmitFigures {
    pub fn rates(&mut self, articles: u64, elapsed: Duration) {
        self.seconds = elapsed.as_secs_f64();
        if self.seconds > 0.0 {
            self.articles_per_second = articles as f64 / self.seconds;
            self.mib_per_second = self.payload_bytes as f64 / MIB / self.seconds;
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.submit;
        writeln!(
            f,
            "load        {} articles, batches of {}, concurrency {}, seed {}",
            self.articles, self.batch, self.concurrency, self.seed
        )?;
        writeln!(
            f,
            "submitted   in {:.2} s: {:.1} articles/s, {:.2} MiB/s ({:.1} MiB)",
            s.seconds,
            s.articles_per_second,
            s.mib_per_second,
            s.payload_bytes as f64 / MIB
        )?;
        writeln!(
            f,
            "            {} stored ({} near-duplicates), {} duplicates, {} failed; ingest head {}",
            s.stored, s.near_duplicates, s.duplicates, s.failed, self.ingest_head
        )?;
        let l = &self.batch_latency_ms;
        writeln!(
            f,
            "batch       p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms over {} batches",
            l.p50, l.p95, l.p99, l.max, l.batches
        )?;
        for (label, figures) in [("analysed", &self.analysed), ("indexed", &self.indexed)] {
            match figures {
                Some(c) => writeln!(
                    f,
                    "{label:<11} all after {:.2} s ({:.2} s after the last acknowledgement): \
                     {:.1} articles/s, {:.0} sentences/s",
                    c.seconds,
                    c.after_submit_seconds,
                    c.articles_per_second,
                    c.sentences_per_second
                )?,
                None => writeln!(f, "{label:<11} not caught up")?,
            }
        }
        writeln!(
            f,
            "sentences   {} generated ({:.1} per article)",
            s.sentences,
            if s.stored > 0 {
                s.sentences as f64 / s.stored as f64
            } else {
                0.0
            }
        )?;
        if let Some(v) = &self.verified {
            writeln!(
                f,
                "verified    {} of {} sampled articles have an analysis; per article {:.1} \
                 sentences, {:.1} actors, {:.1} quotes, {:.1} events",
                v.with_analysis,
                v.sampled,
                v.mean_sentences,
                v.mean_actors,
                v.mean_quotes,
                v.mean_events
            )?;
        }
        for problem in &self.problems {
            writeln!(f, "problem     {problem}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let samples: Vec<Duration> = (1..=100).rev().map(Duration::from_millis).collect();
        let latency = Latency::of(samples);
        assert_eq!(latency.batches, 100);
        assert_eq!(
            (latency.p50, latency.p95, latency.p99, latency.max),
            (50.0, 95.0, 99.0, 100.0)
        );
    }

    #[test]
    fn percentiles_of_few_samples_stay_in_range() {
        let one = Latency::of(vec![Duration::from_millis(8)]);
        assert_eq!((one.p50, one.max), (8.0, 8.0));
        let three = Latency::of(vec![
            Duration::from_millis(30),
            Duration::from_millis(10),
            Duration::from_millis(20),
        ]);
        assert_eq!((three.p50, three.p95, three.max), (20.0, 30.0, 30.0));
        assert_eq!(Latency::of(Vec::new()).max, 0.0);
    }

    #[test]
    fn catch_up_rates_count_stored_articles_only() {
        let submit = SubmitFigures {
            stored: 400,
            duplicates: 100,
            sentences: 8_000,
            seconds: 1.5,
            ..Default::default()
        };
        let figures = CatchUpFigures::new(Duration::from_secs(4), &submit);
        assert_eq!(figures.articles_per_second, 100.0);
        assert_eq!(figures.sentences_per_second, 2_000.0);
        assert_eq!(figures.after_submit_seconds, 2.5);
    }
}
