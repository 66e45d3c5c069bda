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
            eprintln!("error: {}", render::printable(&format!("{error:#}")));
            std::process::ExitCode::FAILURE
        }
    }
}

/// jemalloc returns freed memory to the system more readily than glibc's per-thread arenas,
/// which keeps the resident size of a long-running service close to what it uses.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;
