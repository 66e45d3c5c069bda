//! The query service's configuration, from flags or `BRINK_QUERY_*` environment variables.

use std::net::SocketAddr;
use std::path::PathBuf;

use brink_common::auth::AuthConfig;
use brink_common::tls::TlsConfig;

use crate::error::Error;

#[derive(Debug, Clone, clap::Parser)]
#[command(name = "brink-query", version, about = "Brink query service")]
pub struct Config {
    /// Address the gRPC server listens on.
    #[arg(long, env = "BRINK_QUERY_LISTEN", default_value = "127.0.0.1:50053")]
    pub listen: SocketAddr,
    /// Directory of the service's sled store.
    #[arg(
        long,
        env = "BRINK_QUERY_DATA_DIR",
        default_value = "./brink-data/query"
    )]
    pub data_dir: PathBuf,
    /// Analysis services whose change logs are consumed, comma-separated: every worker when the
    /// analysis stage is split into partitions. Each has its own durable offset, keyed by URL.
    #[arg(
        long = "analysis-url",
        env = "BRINK_QUERY_ANALYSIS_URL",
        value_delimiter = ',',
        default_value = "http://127.0.0.1:50052"
    )]
    pub analysis_urls: Vec<String>,
    /// Page cache of the sled store, in MiB; bounds the service's resident memory.
    #[arg(long, env = "BRINK_QUERY_CACHE_MB", default_value_t = 16)]
    pub cache_mb: u64,
    /// Largest gRPC message sent or received, on the server and on the upstream stream. One
    /// setting for every service (`max_message_bytes` at the top of a config file), so that
    /// what one service sends the next can read.
    #[arg(
        long,
        env = "BRINK_MAX_MESSAGE_BYTES",
        default_value_t = brink_common::server::DEFAULT_MAX_MESSAGE_BYTES
    )]
    pub max_message_bytes: usize,
    #[command(flatten)]
    pub alerts: AlertConfig,
    #[command(flatten)]
    pub auth: AuthConfig,
    #[command(flatten)]
    pub tls: TlsConfig,
}

impl brink_common::launch::ServiceConfig for Config {
    fn listen(&self) -> SocketAddr {
        self.listen
    }

    fn auth(&self) -> &AuthConfig {
        &self.auth
    }

    fn tls(&self) -> &TlsConfig {
        &self.tls
    }
}

/// When a dyad's daily conflict count is far enough from its own baseline to raise an alert.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct AlertConfig {
    /// Trailing days that make up a dyad's baseline.
    #[arg(
        long = "alert-window",
        env = "BRINK_QUERY_ALERT_WINDOW",
        default_value_t = 14
    )]
    pub window_days: u32,
    /// z-score of the day's conflict count above which an alert is raised.
    #[arg(long = "alert-z", env = "BRINK_QUERY_ALERT_Z", default_value_t = 3.0)]
    pub z_threshold: f64,
    /// Fewest conflict events in a day that can raise an alert, so one stray event cannot.
    #[arg(
        long = "alert-min-events",
        env = "BRINK_QUERY_ALERT_MIN_EVENTS",
        default_value_t = 3
    )]
    pub min_events: u64,
}

impl Default for AlertConfig {
    fn default() -> Self {
        AlertConfig {
            window_days: 14,
            z_threshold: 3.0,
            min_events: 3,
        }
    }
}

impl Config {
    /// The analysis URLs to follow, trimmed; none empty and none twice, since each keys an
    /// offset.
    pub fn upstreams(&self) -> Result<Vec<String>, Error> {
        let mut upstreams: Vec<String> = Vec::new();
        for url in self.analysis_urls.iter().map(|u| u.trim()) {
            if url.is_empty() {
                return Err(Error::invalid("analysis_url", "an empty URL in the list"));
            }
            if upstreams.iter().any(|u| u == url) {
                return Err(Error::invalid(
                    "analysis_url",
                    format!("{url} is listed twice"),
                ));
            }
            upstreams.push(url.to_owned());
        }
        if upstreams.is_empty() {
            return Err(Error::invalid(
                "analysis_url",
                "no analysis service to follow",
            ));
        }
        Ok(upstreams)
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 50053)),
            data_dir: PathBuf::from("./brink-data/query"),
            analysis_urls: vec!["http://127.0.0.1:50052".to_owned()],
            cache_mb: 16,
            max_message_bytes: brink_common::server::DEFAULT_MAX_MESSAGE_BYTES,
            alerts: AlertConfig::default(),
            auth: AuthConfig::default(),
            tls: TlsConfig::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn upstreams(args: &[&str]) -> Result<Vec<String>, Error> {
        let args = ["brink-query"].iter().chain(args);
        Config::try_parse_from(args).expect("parses").upstreams()
    }

    #[test]
    fn several_analysis_services_are_listed_with_commas() {
        let urls = upstreams(&["--analysis-url", "http://a0:50052, http://a1:50052"]);
        assert_eq!(urls.expect("valid"), ["http://a0:50052", "http://a1:50052"]);
        assert_eq!(upstreams(&[]).expect("default"), ["http://127.0.0.1:50052"]);
    }

    #[test]
    fn empty_and_repeated_urls_are_refused() {
        for args in [
            ["--analysis-url", "http://a0:50052,http://a0:50052"],
            ["--analysis-url", "http://a0:50052,,http://a1:50052"],
        ] {
            match upstreams(&args) {
                Err(Error::InvalidArgument { field, .. }) => assert_eq!(field, "analysis_url"),
                other => panic!("{args:?} accepted: {other:?}"),
            }
        }
    }
}
