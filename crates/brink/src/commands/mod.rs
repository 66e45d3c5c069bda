//! One module per subcommand.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::context::Context;

pub mod analyze;
pub mod get;
pub mod ingest;
pub mod status;
pub mod up;

#[derive(Debug, Parser)]
#[command(name = "brink", version, about = "Self-hosted geopolitical news intelligence")]
pub struct Cli {
    #[command(flatten)]
    pub context: Context,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole pipeline (ingest, analysis, query) in this process.
    Up(up::Args),
    /// Analyse article files offline and print each analysis; no server needed.
    Analyze(analyze::Args),
    /// Submit article files (or stdin) to the ingest service.
    Ingest(ingest::Args),
    /// Show an article with its analysis, from the query service.
    Get(get::Args),
    /// Show each service's health, offsets and lag; fails when one is unreachable.
    Status(status::Args),
}

impl Cli {
    pub async fn run(self) -> anyhow::Result<ExitCode> {
        let Cli { context, command } = self;
        match command {
            Command::Up(args) => up::run(args, &context).await,
            Command::Analyze(args) => analyze::run(args, &context).await,
            Command::Ingest(args) => ingest::run(args, &context).await,
            Command::Get(args) => get::run(args, &context).await,
            Command::Status(args) => status::run(args, &context).await,
        }
    }
}
