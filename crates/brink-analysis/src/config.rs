//! Configuration of the analysis service: flags, `BRINK_ANALYSIS_*` variables, laptop defaults.

use std::net::SocketAddr;
use std::path::PathBuf;

use brink_common::auth::AuthConfig;
use brink_common::tls::TlsConfig;
use brink_nlp::model::Limits;

#[derive(Debug, Clone, clap::Parser)]
#[command(name = "brink-analysis", version, about = "Brink analysis service")]
pub struct Config {
    /// Address the gRPC server listens on.
    #[arg(long, env = "BRINK_ANALYSIS_LISTEN", default_value = "127.0.0.1:50052")]
    pub listen: SocketAddr,
    /// Directory of this service's sled store.
    #[arg(
        long,
        env = "BRINK_ANALYSIS_DATA_DIR",
        default_value = "./brink-data/analysis"
    )]
    pub data_dir: PathBuf,
    /// Ingest service whose article log this service follows.
    #[arg(
        long,
        env = "BRINK_ANALYSIS_INGEST_URL",
        default_value = "http://127.0.0.1:50051"
    )]
    pub ingest_url: String,
    /// Extra dictionary directory: files named like the built-in ones add or override rows.
    /// Checked for changes every few seconds and reloaded without restart.
    #[arg(long, env = "BRINK_ANALYSIS_DICTIONARIES")]
    pub dictionaries: Option<PathBuf>,
    /// Code with the `--dictionaries` files alone (for example a researcher's own PETRARCH
    /// dictionaries), without the built-in actors, agents and verb patterns.
    #[arg(
        long,
        env = "BRINK_ANALYSIS_NO_BUILTIN_DICTIONARIES",
        requires = "dictionaries"
    )]
    pub no_builtin_dictionaries: bool,
    /// Largest body `Analyze` accepts, in bytes.
    #[arg(long, env = "BRINK_ANALYSIS_MAX_BODY_BYTES", default_value_t = 1 << 20)]
    pub max_body_bytes: usize,
    /// This worker's share of the ingest log, from 0 (with `--partitions` > 1).
    #[arg(long, env = "BRINK_ANALYSIS_PARTITION", default_value_t = 0)]
    pub partition: u32,
    /// Number of analysis workers splitting the ingest log between them.
    #[arg(long, env = "BRINK_ANALYSIS_PARTITIONS", default_value_t = 1)]
    pub partitions: u32,
    /// Largest gRPC message sent or received, on the server and on the upstream stream. One
    /// setting for every service (`max_message_bytes` at the top of a config file), so that
    /// what one service sends the next can read.
    #[arg(
        long,
        env = "BRINK_MAX_MESSAGE_BYTES",
        default_value_t = brink_common::server::DEFAULT_MAX_MESSAGE_BYTES
    )]
    pub max_message_bytes: usize,
    // Caps on what one analysis keeps, so no article makes an unbounded record; what passes
    // them is dropped and counted in the record's `dropped`.
    /// Most actors one analysis keeps.
    #[arg(
        long,
        env = "BRINK_ANALYSIS_MAX_ACTORS_PER_ARTICLE",
        default_value_t = Limits::DEFAULT.actors_per_article
    )]
    pub max_actors_per_article: usize,
    /// Most distinct actors one analysis keeps in a sentence.
    #[arg(
        long,
        env = "BRINK_ANALYSIS_MAX_ACTORS_PER_SENTENCE",
        default_value_t = Limits::DEFAULT.actors_per_sentence
    )]
    pub max_actors_per_sentence: usize,
    /// Most quotes one analysis keeps.
    #[arg(
        long,
        env = "BRINK_ANALYSIS_MAX_QUOTES_PER_ARTICLE",
        default_value_t = Limits::DEFAULT.quotes_per_article
    )]
    pub max_quotes_per_article: usize,
    /// Most quotes one analysis keeps in a sentence.
    #[arg(
        long,
        env = "BRINK_ANALYSIS_MAX_QUOTES_PER_SENTENCE",
        default_value_t = Limits::DEFAULT.quotes_per_sentence
    )]
    pub max_quotes_per_sentence: usize,
    /// Most events one analysis keeps.
    #[arg(
        long,
        env = "BRINK_ANALYSIS_MAX_EVENTS_PER_ARTICLE",
        default_value_t = Limits::DEFAULT.events_per_article
    )]
    pub max_events_per_article: usize,
    /// Most events one analysis keeps in a sentence.
    #[arg(
        long,
        env = "BRINK_ANALYSIS_MAX_EVENTS_PER_SENTENCE",
        default_value_t = Limits::DEFAULT.events_per_sentence
    )]
    pub max_events_per_sentence: usize,
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
            listen: SocketAddr::from(([127, 0, 0, 1], 50052)),
            data_dir: PathBuf::from("./brink-data/analysis"),
            ingest_url: "http://127.0.0.1:50051".to_owned(),
            dictionaries: None,
            no_builtin_dictionaries: false,
            max_body_bytes: 1 << 20,
            partition: 0,
            partitions: 1,
            max_message_bytes: brink_common::server::DEFAULT_MAX_MESSAGE_BYTES,
            max_actors_per_article: Limits::DEFAULT.actors_per_article,
            max_actors_per_sentence: Limits::DEFAULT.actors_per_sentence,
            max_quotes_per_article: Limits::DEFAULT.quotes_per_article,
            max_quotes_per_sentence: Limits::DEFAULT.quotes_per_sentence,
            max_events_per_article: Limits::DEFAULT.events_per_article,
            max_events_per_sentence: Limits::DEFAULT.events_per_sentence,
            auth: AuthConfig::default(),
            tls: TlsConfig::default(),
        }
    }
}

impl Config {
    pub fn limits(&self) -> Limits {
        Limits {
            actors_per_article: self.max_actors_per_article,
            actors_per_sentence: self.max_actors_per_sentence,
            quotes_per_article: self.max_quotes_per_article,
            quotes_per_sentence: self.max_quotes_per_sentence,
            events_per_article: self.max_events_per_article,
            events_per_sentence: self.max_events_per_sentence,
        }
    }
}
