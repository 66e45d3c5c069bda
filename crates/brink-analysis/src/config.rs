//! Configuration of the analysis service: flags, `BRINK_ANALYSIS_*` variables, laptop defaults.

use std::net::SocketAddr;
use std::path::PathBuf;

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
        }
    }
}
