//! `brink analyze FILE…`: analyses articles offline with the built-in (and extra) dictionaries.

use std::path::PathBuf;
use std::process::ExitCode;

use brink_nlp::{Analyzer, Sources};

use crate::context::Context;
use crate::input::{InputArticle, read_paths};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories (.txt with the title on the first line, .html, .json, .jsonl), or
    /// `-` for standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Extra dictionary directory whose files add to or override the built-in ones.
    #[arg(long, env = "BRINK_ANALYSIS_DICTIONARIES")]
    pub dictionaries: Option<PathBuf>,
    /// Code with the `--dictionaries` files alone (for example your own PETRARCH
    /// dictionaries), without the built-in actors, agents and verb patterns.
    #[arg(long)]
    pub no_builtin_dictionaries: bool,
}

pub async fn run(args: Args, context: &Context) -> anyhow::Result<ExitCode> {
    let analyzer = Analyzer::from_sources(&Sources {
        dir: args.dictionaries.as_deref(),
        no_builtin: args.no_builtin_dictionaries,
    })?;
    for notice in analyzer.notices() {
        eprintln!("warning: {notice}: entry skipped");
    }
    let mut failed = false;
    for item in read_paths(&args.paths) {
        match item {
            Ok(article) => print_analysis(&analyzer, &article, context)?,
            Err(error) => {
                failed = true;
                eprintln!("error: {error}");
            }
        }
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn print_analysis(
    analyzer: &Analyzer,
    input: &InputArticle,
    context: &Context,
) -> anyhow::Result<()> {
    let body = if input.html {
        brink_extract::main_text(&input.body).text
    } else {
        input.body.clone()
    };
    let published = match &input.published_at {
        Some(value) => Some(
            brink_proto::time::parse_rfc3339(value)
                .map_err(|e| {
                    anyhow::anyhow!(
                        "{}: published_at {value:?} is not RFC 3339: {e}",
                        input.origin
                    )
                })?
                .date_naive(),
        ),
        None => None,
    };
    let analysis = brink_analysis::convert::analyze(analyzer, "", &input.title, &body, published);
    if context.json {
        return context.print_json("brink.v1.Analysis", &analysis);
    }
    let heading = format!("{}  {}", input.origin, input.title);
    println!("{}", crate::render::printable(&heading));
    if let Some(published) = published {
        println!("  published {published}");
    }
    println!("{}", crate::render::analysis(&analysis));
    Ok(())
}
