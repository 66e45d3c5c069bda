//! `brink export`: every event matching a filter, streamed into a JSONL, CSV, TSV or Parquet
//! file.

use std::process::ExitCode;

use crate::commands::events::FilterArgs;
use crate::context::Context;
use crate::export::{self, Format};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long, value_enum)]
    pub format: Format,
    /// Output file.
    #[arg(long)]
    pub out: std::path::PathBuf,
    #[command(flatten)]
    pub filter: FilterArgs,
}

pub async fn run(args: Args, context: &Context) -> anyhow::Result<ExitCode> {
    let mut stream = context
        .query()
        .await?
        .export(args.filter.to_proto())
        .await?
        .into_inner();
    let file = std::fs::File::create(&args.out)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", args.out.display()))?;
    let mut writer = export::writer(args.format, file)?;
    let mut rows = 0u64;
    while let Some(hit) = stream.message().await? {
        writer.write(&hit)?;
        rows += 1;
    }
    writer.finish()?;
    eprintln!("exported {rows} events to {}", args.out.display());
    Ok(ExitCode::SUCCESS)
}
