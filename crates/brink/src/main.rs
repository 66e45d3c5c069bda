//! `brink`: runs the whole pipeline on one machine and talks to its services.

use clap::Parser;

mod commands;
mod context;
mod export;
mod input;
mod render;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = commands::Cli::parse();
    match cli.run().await {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
