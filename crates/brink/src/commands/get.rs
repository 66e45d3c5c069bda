//! `brink get ID`: an article with its analysis, from the query service.

use std::process::ExitCode;

use brink_proto::v1::QueryGetArticleRequest;

use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Article id, as returned by `brink ingest`.
    pub id: String,
}

pub async fn run(args: Args, context: &Context) -> anyhow::Result<ExitCode> {
    let mut query = context.query().await?;
    let view = query
        .get_article(QueryGetArticleRequest { id: args.id })
        .await?
        .into_inner();
    if context.json {
        context.print_json("brink.v1.ArticleView", &view)?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(article) = &view.article {
        print!("{}", crate::render::article_header(article));
    }
    if let Some(analysis) = &view.analysis {
        let by = format!(
            "  analysed by {} (revision {})",
            analysis.analyzer_version, view.revision
        );
        println!("{}", crate::render::printable(&by));
        print!("{}", crate::render::analysis(analysis));
    }
    Ok(ExitCode::SUCCESS)
}
