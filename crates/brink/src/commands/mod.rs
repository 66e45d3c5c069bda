//! One module per subcommand.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::context::Context;

pub mod actors;
pub mod alerts;
pub mod analyze;
pub mod dict;
pub mod events;
pub mod export;
pub mod get;
pub mod ingest;
pub mod load;
pub mod quotes;
pub mod reanalyze;
pub mod search;
pub mod status;
pub mod tension;
pub mod up;

#[derive(Debug, Parser)]
#[command(
    name = "brink",
    version,
    about = "Self-hosted geopolitical news intelligence"
)]
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
    /// Code stored articles again with the analysis service's current dictionaries.
    Reanalyze(reanalyze::Args),
    /// Show each service's health, offsets and lag; fails when one is unreachable.
    Status(status::Args),
    /// List events matching a filter, newest first.
    Events(events::Args),
    /// Conflict and cooperation between two actors per day, week or month.
    Tension(tension::Args),
    /// List quotes by speaker, named actor or text.
    Quotes(quotes::Args),
    /// Search articles and quotes by words and phrases, best match first.
    Search(search::Args),
    /// Rank actors by mentions and conflict, or show who is named together.
    Actors(actors::Args),
    /// List tension alerts, or follow them as they are raised.
    Alerts(alerts::Args),
    /// Stream every event matching a filter into a file.
    Export(export::Args),
    /// Submit generated articles to a running pipeline and measure throughput and latency.
    Load(load::Args),
    /// Convert PETRARCH dictionaries into Brink's bundled dictionary files.
    Dict(dict::Args),
}

impl Cli {
    pub async fn run(self) -> anyhow::Result<ExitCode> {
        let Cli { context, command } = self;
        match command {
            Command::Up(args) => up::run(args, &context).await,
            Command::Analyze(args) => analyze::run(args, &context).await,
            Command::Ingest(args) => ingest::run(args, &context).await,
            Command::Get(args) => get::run(args, &context).await,
            Command::Reanalyze(args) => reanalyze::run(args, &context).await,
            Command::Status(args) => status::run(args, &context).await,
            Command::Events(args) => events::run(args, &context).await,
            Command::Tension(args) => tension::run(args, &context).await,
            Command::Quotes(args) => quotes::run(args, &context).await,
            Command::Search(args) => search::run(args, &context).await,
            Command::Actors(args) => actors::run(args, &context).await,
            Command::Alerts(args) => alerts::run(args, &context).await,
            Command::Export(args) => export::run(args, &context).await,
            Command::Load(args) => load::run(args, &context).await,
            Command::Dict(args) => dict::run(args, &context).await,
        }
    }
}
