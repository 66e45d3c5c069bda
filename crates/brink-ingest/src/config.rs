use std::net::SocketAddr;
use std::path::PathBuf;

use brink_common::auth::AuthConfig;
use brink_common::tls::TlsConfig;

/// Settings of the ingest service; every flag can also come from a `BRINK_INGEST_*` variable.
#[derive(Debug, Clone, clap::Parser)]
#[command(name = "brink-ingest", version, about = "Brink ingest service")]
pub struct Config {
    /// Address the gRPC server listens on.
    #[arg(long, env = "BRINK_INGEST_LISTEN", default_value = "127.0.0.1:50051")]
    pub listen: SocketAddr,
    /// Directory of the sled store.
    #[arg(
        long,
        env = "BRINK_INGEST_DATA_DIR",
        default_value = "./brink-data/ingest"
    )]
    pub data_dir: PathBuf,
    /// Largest accepted body, in bytes, as submitted (before HTML extraction).
    #[arg(long, env = "BRINK_INGEST_MAX_BODY_BYTES", default_value_t = 1 << 20)]
    pub max_body_bytes: usize,
    /// Largest accepted title, in bytes.
    #[arg(long, env = "BRINK_INGEST_MAX_TITLE_BYTES", default_value_t = 1024)]
    pub max_title_bytes: usize,
    /// Most items one `SubmitArticles` stream may carry; later items get an error each.
    #[arg(long, env = "BRINK_INGEST_MAX_BATCH_ITEMS", default_value_t = 1000)]
    pub max_batch_items: usize,
    /// Largest gRPC message sent or received. One
    /// setting for every service (`max_message_bytes` at the top of a config file), so that
    /// what one service sends the next can read.
    #[arg(
        long,
        env = "BRINK_MAX_MESSAGE_BYTES",
        default_value_t = brink_common::server::DEFAULT_MAX_MESSAGE_BYTES
    )]
    pub max_message_bytes: usize,
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

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 50051)),
            data_dir: PathBuf::from("./brink-data/ingest"),
            max_body_bytes: 1 << 20,
            max_title_bytes: 1024,
            max_batch_items: 1000,
            max_message_bytes: brink_common::server::DEFAULT_MAX_MESSAGE_BYTES,
            auth: AuthConfig::default(),
            tls: TlsConfig::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[test]
    fn flag_defaults_match_default() {
        let parsed = Config::parse_from(["brink-ingest"]);
        let default = Config::default();
        assert_eq!(parsed.listen, default.listen);
        assert_eq!(parsed.data_dir, default.data_dir);
        assert_eq!(parsed.max_body_bytes, default.max_body_bytes);
        assert_eq!(parsed.max_title_bytes, default.max_title_bytes);
        assert_eq!(parsed.max_batch_items, default.max_batch_items);
        assert_eq!(parsed.max_message_bytes, default.max_message_bytes);
    }
}
