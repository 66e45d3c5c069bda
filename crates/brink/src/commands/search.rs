//! `brink search`: articles and quotes ranked by how well they match a full-text query.

use std::io::IsTerminal;
use std::process::ExitCode;

use brink_proto::v1::{SearchHit, SearchHitKind, SearchRequest, SearchScope, Snippet};

use crate::context::Context;
use crate::render::printable;

/// What to look through.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Scope {
    All,
    Articles,
    Quotes,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words (all must match), "quoted phrases", OR, -excluded, title:word, speaker:word.
    pub query: String,
    #[arg(long, value_enum, default_value_t = Scope::All)]
    pub scope: Scope,
    /// First day, YYYY-MM-DD.
    #[arg(long)]
    pub from: Option<String>,
    /// Last day, YYYY-MM-DD.
    #[arg(long)]
    pub to: Option<String>,
    /// Most hits to print.
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
}

/// Largest page the service hands out.
const MAX_PAGE: usize = 100;

pub async fn run(args: Args, context: &Context) -> anyhow::Result<ExitCode> {
    let mut client = context.query().await?;
    let scope = match args.scope {
        Scope::All => SearchScope::Unspecified,
        Scope::Articles => SearchScope::Articles,
        Scope::Quotes => SearchScope::Quotes,
    };
    let bold = std::io::stdout().is_terminal();
    let mut rank = 0;
    let mut total = 0;
    let mut token = String::new();
    while rank < args.limit as usize {
        let request = SearchRequest {
            query: args.query.clone(),
            scope: scope.into(),
            date_from: args.from.clone().unwrap_or_default(),
            date_to: args.to.clone().unwrap_or_default(),
            page_size: (args.limit as usize - rank).min(MAX_PAGE) as u32,
            page_token: token,
        };
        let page = client.search(request).await?.into_inner();
        total = page.total_hits;
        for hit in &page.hits {
            rank += 1;
            if context.json {
                context.print_json("brink.v1.SearchHit", hit)?;
            } else {
                print!("{}", describe(rank, hit, bold));
            }
        }
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    if !context.json {
        println!("{rank} of {total} hits");
    }
    Ok(ExitCode::SUCCESS)
}

/// Two printable lines: rank, score, kind, day, who or what, article; then the snippet. Stored
/// text is escaped before the highlights, the only escape sequences printed, go in.
fn describe(rank: usize, hit: &SearchHit, bold: bool) -> String {
    let (kind, what) = match (hit.kind(), &hit.quote) {
        (SearchHitKind::Quote, Some(quote)) => {
            let speaker = quote.speaker.clone().unwrap_or_default();
            ("quote", format!("{} ({})", speaker.name, speaker.code))
        }
        _ => (
            "article",
            format!("{} ({})", hit.article_title, hit.article_source),
        ),
    };
    let snippet = hit
        .snippet
        .as_ref()
        .map(|s| marked(s, bold))
        .unwrap_or_default();
    format!(
        "{rank:>3}  {:>6.2}  {kind:<7}  {:<10}  {}  [{}]\n       {}\n",
        hit.score,
        printable(&hit.date),
        printable(&what),
        printable(&hit.article_id),
        snippet.replace('\n', " "),
    )
}

/// The snippet with its highlights in bold on a terminal, else in [brackets].
fn marked(snippet: &Snippet, bold: bool) -> String {
    let (open, close) = if bold {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut out = String::with_capacity(snippet.text.len() + 8 * snippet.highlights.len());
    let mut highlights = snippet
        .highlights
        .iter()
        .filter(|h| h.end > h.start)
        .peekable();
    for (at, c) in snippet.text.chars().enumerate() {
        let at = at as u32;
        if highlights.peek().is_some_and(|h| h.start == at) {
            out.push_str(open);
        }
        out.push_str(&printable(c.encode_utf8(&mut [0; 4])));
        if let Some(h) = highlights.peek()
            && h.end == at + 1
        {
            out.push_str(close);
            highlights.next();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use brink_proto::v1::TextRange;

    use super::*;

    #[test]
    fn highlights_are_marked_by_character() {
        let snippet = Snippet {
            text: "Ким: «fire and fury»".into(),
            highlights: vec![
                TextRange { start: 6, end: 10 },
                TextRange { start: 15, end: 19 },
            ],
        };
        assert_eq!(marked(&snippet, false), "Ким: «[fire] and [fury]»");
        assert_eq!(
            marked(&snippet, true),
            "Ким: «\x1b[1mfire\x1b[0m and \x1b[1mfury\x1b[0m»"
        );
    }

    /// The bold markup is the only escape sequence a search prints: the ones a client put in
    /// a title or snippet are shown escaped.
    #[test]
    fn a_hostile_hit_prints_only_its_highlights_bold() {
        let hit = SearchHit {
            article_id: "art-1".into(),
            article_title: "\x1b[2JPeace".into(),
            snippet: Some(Snippet {
                text: "talks\x1b[8m resume".into(),
                highlights: vec![TextRange { start: 0, end: 5 }],
            }),
            ..SearchHit::default()
        };
        let lines = describe(1, &hit, true);
        assert_eq!(lines.matches('\x1b').count(), 2, "{lines:?}");
        assert!(
            lines.contains("\x1b[1mtalks\x1b[0m\\u{1b}[8m resume"),
            "{lines:?}"
        );
        assert!(lines.contains("\\u{1b}[2JPeace"), "{lines:?}");
    }
}
