//! `brink ingest PATH…`: submits article files to the ingest service in streamed batches.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use brink_proto::v1::{
    ContentType, SubmitArticleRequest, SubmitArticleResponse, SubmitError, SubmitResult,
    submit_result::Outcome,
};
use indicatif::{ProgressBar, ProgressStyle};

use crate::context::Context;
use crate::input::{InputArticle, JsonArticle, read_paths};
use crate::render::printable;

/// Below this many items a progress bar is more noise than help.
const PROGRESS_MIN_ITEMS: usize = 50;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or directories (.txt with the title on the first line, .html, .htm, .json, .jsonl),
    /// or `-` for standard input (JSON lines, or one plain-text article).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Articles sent per `SubmitArticles` call; keep it within the service's batch limit.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..))]
    pub batch: u32,
}

impl From<InputArticle> for SubmitArticleRequest {
    fn from(input: InputArticle) -> SubmitArticleRequest {
        SubmitArticleRequest {
            title: input.title,
            body: input.body,
            content_type: if input.html {
                ContentType::Html
            } else {
                ContentType::Unspecified
            } as i32,
            url: input.url,
            source: input.source,
            published_at: input.published_at.unwrap_or_default(),
            language: input.language,
            metadata: input.metadata.into_iter().collect(),
        }
    }
}

impl From<JsonArticle> for SubmitArticleRequest {
    fn from(article: JsonArticle) -> SubmitArticleRequest {
        SubmitArticleRequest {
            metadata: article.metadata().into_iter().collect(),
            title: article.title,
            body: article.body,
            content_type: ContentType::Unspecified as i32,
            url: article.url,
            source: article.source,
            published_at: article.published_at.unwrap_or_default(),
            language: article.language,
        }
    }
}

/// Counts for the summary line.
#[derive(Default)]
struct Tally {
    new: usize,
    duplicate: usize,
    near_duplicate: usize,
    failed: usize,
}

pub async fn run(args: Args, context: &Context) -> anyhow::Result<ExitCode> {
    let items = read_paths(&args.paths);
    let mut client = context.ingest().await?;
    let progress = (std::io::stderr().is_terminal() && items.len() >= PROGRESS_MIN_ITEMS)
        .then(|| progress_bar(items.len()));
    let mut output = Output {
        context,
        progress,
        tally: Tally::default(),
    };
    let mut items = items.into_iter().enumerate().peekable();
    while items.peek().is_some() {
        let mut origins = Vec::new();
        let mut requests = Vec::new();
        for (index, item) in items.by_ref().take(args.batch as usize) {
            match item {
                Ok(article) => {
                    origins.push((index, article.origin.clone()));
                    requests.push(SubmitArticleRequest::from(article));
                }
                Err(error) => output.input_error(index, &error.to_string())?,
            }
        }
        if requests.is_empty() {
            continue;
        }
        let results = client
            .submit_articles(tokio_stream::iter(requests))
            .await?
            .into_inner()
            .results;
        anyhow::ensure!(
            results.len() == origins.len(),
            "the service answered {} of {} items",
            results.len(),
            origins.len()
        );
        for ((index, origin), mut result) in origins.into_iter().zip(results) {
            result.index = index as u32;
            output.result(&origin, &result)?;
        }
    }
    output.finish()
}

fn progress_bar(len: usize) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} articles {eta}") {
        bar.set_style(style);
    }
    bar
}

struct Output<'a> {
    context: &'a Context,
    progress: Option<ProgressBar>,
    tally: Tally,
}

impl Output<'_> {
    /// An item that could not be read; in JSON it becomes an error result like any other.
    fn input_error(&mut self, index: usize, message: &str) -> anyhow::Result<()> {
        let result = SubmitResult {
            index: index as u32,
            outcome: Some(Outcome::Error(SubmitError {
                code: tonic::Code::InvalidArgument as i32,
                message: message.to_owned(),
            })),
        };
        self.record(&result);
        if self.context.json {
            return self.print_json(&result);
        }
        self.line(|| eprintln!("{message}"));
        Ok(())
    }

    fn result(&mut self, origin: &str, result: &SubmitResult) -> anyhow::Result<()> {
        self.record(result);
        if self.context.json {
            return self.print_json(result);
        }
        match &result.outcome {
            Some(Outcome::Accepted(accepted)) => {
                let line = describe(origin, accepted);
                self.line(|| println!("{}", printable(&line)));
            }
            Some(Outcome::Error(error)) => {
                let line = format!("{origin}: {}", error.message);
                self.line(|| eprintln!("{}", printable(&line)));
            }
            None => self.line(|| eprintln!("{origin}: no outcome from the service")),
        }
        Ok(())
    }

    fn record(&mut self, result: &SubmitResult) {
        match &result.outcome {
            Some(Outcome::Accepted(accepted)) if accepted.duplicate => self.tally.duplicate += 1,
            Some(Outcome::Accepted(accepted)) if !accepted.near_duplicate_of.is_empty() => {
                self.tally.near_duplicate += 1
            }
            Some(Outcome::Accepted(_)) => self.tally.new += 1,
            Some(Outcome::Error(_)) | None => self.tally.failed += 1,
        }
        self.advance();
    }

    fn advance(&self) {
        if let Some(bar) = &self.progress {
            bar.inc(1);
        }
    }

    fn print_json(&self, result: &SubmitResult) -> anyhow::Result<()> {
        match &self.progress {
            Some(bar) => bar.suspend(|| self.context.print_json("brink.v1.SubmitResult", result)),
            None => self.context.print_json("brink.v1.SubmitResult", result),
        }
    }

    /// Prints without tearing the progress bar.
    fn line(&self, print: impl FnOnce()) {
        match &self.progress {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    fn finish(self) -> anyhow::Result<ExitCode> {
        if let Some(bar) = &self.progress {
            bar.finish_and_clear();
        }
        let Tally {
            new,
            duplicate,
            near_duplicate,
            failed,
        } = self.tally;
        let total = new + duplicate + near_duplicate + failed;
        let summary = format!(
            "{total} articles: {new} new, {near_duplicate} near-duplicates, {duplicate} duplicates, {failed} failed"
        );
        if self.context.json {
            eprintln!("{summary}");
        } else {
            println!("{summary}");
        }
        Ok(if failed > 0 {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        })
    }
}

fn describe(origin: &str, accepted: &SubmitArticleResponse) -> String {
    let mut line = format!("{origin} → {}", accepted.id);
    if accepted.duplicate {
        line.push_str(" (duplicate)");
    } else if !accepted.near_duplicate_of.is_empty() {
        line.push_str(&format!(
            " (near-duplicate of {})",
            accepted.near_duplicate_of
        ));
    }
    line
}
