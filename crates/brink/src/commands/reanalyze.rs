//! `brink reanalyze [--from DAY] [--to DAY]`: has the analysis service code its stored articles
//! again with the dictionaries it has loaded now, page by page; query follows.

use std::process::ExitCode;

use brink_proto::v1::{ReanalyzeRequest, ReanalyzeResponse};

use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// First day of publication, YYYY-MM-DD (inclusive); default the earliest.
    #[arg(long)]
    pub from: Option<String>,
    /// Last day of publication, YYYY-MM-DD (inclusive); default the latest.
    #[arg(long)]
    pub to: Option<String>,
    /// Articles coded per request (at most 1000).
    #[arg(long, default_value_t = 100)]
    pub page_size: u32,
}

pub async fn run(args: Args, context: &Context) -> anyhow::Result<ExitCode> {
    let mut analysis = context.analysis().await?;
    let mut request = ReanalyzeRequest {
        date_from: args.from.unwrap_or_default(),
        date_to: args.to.unwrap_or_default(),
        page_size: args.page_size,
        page_token: String::new(),
    };
    let mut total = ReanalyzeResponse::default();
    loop {
        let page = analysis.reanalyze(request.clone()).await?.into_inner();
        total.reanalyzed += page.reanalyzed;
        total.unchanged += page.unchanged;
        total.scanned += page.scanned;
        total.analyzer_version = page.analyzer_version;
        if !context.json {
            eprintln!(
                "{} articles looked at: {} re-analysed, {} unchanged",
                total.scanned, total.reanalyzed, total.unchanged
            );
        }
        if page.next_page_token.is_empty() {
            break;
        }
        request.page_token = page.next_page_token;
    }
    if context.json {
        context.print_json("brink.v1.ReanalyzeResponse", &total)?;
    } else {
        println!(
            "{} articles re-analysed, {} unchanged, with {}",
            total.reanalyzed, total.unchanged, total.analyzer_version
        );
    }
    Ok(ExitCode::SUCCESS)
}
