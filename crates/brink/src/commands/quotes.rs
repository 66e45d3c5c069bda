//! `brink quotes`: who said what, newest first.

use std::process::ExitCode;

use brink_proto::v1::ListQuotesRequest;

use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Speaker name substring or code prefix, e.g. Putin or RUSGOV.
    #[arg(long)]
    pub speaker: Option<String>,
    /// Code prefix of an actor named inside the quote.
    #[arg(long)]
    pub mentions: Option<String>,
    /// Substring of the quoted text.
    #[arg(long)]
    pub text: Option<String>,
    #[arg(long)]
    pub from: Option<String>,
    #[arg(long)]
    pub to: Option<String>,
    /// Most quotes to print.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
}

pub async fn run(args: Args, context: &Context) -> anyhow::Result<ExitCode> {
    let mut client = context.query().await?;
    let mut left = args.limit as usize;
    let mut token = String::new();
    while left > 0 {
        let request = ListQuotesRequest {
            speaker: args.speaker.clone().unwrap_or_default(),
            mentions: args.mentions.clone().unwrap_or_default(),
            text: args.text.clone().unwrap_or_default(),
            date_from: args.from.clone().unwrap_or_default(),
            date_to: args.to.clone().unwrap_or_default(),
            page_size: left.min(1000) as u32,
            page_token: token,
        };
        let page = client.list_quotes(request).await?.into_inner();
        left -= page.quotes.len();
        for hit in &page.quotes {
            if context.json {
                context.print_json("brink.v1.QuoteHit", hit)?;
                continue;
            }
            let quote = hit.quote.clone().unwrap_or_default();
            let speaker = quote.speaker.unwrap_or_default();
            let line = format!(
                "{}  {} ({}) {}: \"{}\"  [{}]",
                hit.date, speaker.name, speaker.code, quote.verb, quote.text, hit.article_id
            );
            println!("{}", crate::render::printable(&line));
        }
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    Ok(ExitCode::SUCCESS)
}
