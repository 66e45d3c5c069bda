//! One module per subcommand.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::context::Context;

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
}

impl Cli {
    pub async fn run(self) -> anyhow::Result<ExitCode> {
        let Cli { context, command } = self;
        match command {
        }
    }
}
