//! `brink tension USA PRK --by week`: conflict and cooperation between two actors per bucket,
//! with a small bar chart.

use std::process::ExitCode;

use brink_proto::v1::{BucketSize, GetTensionRequest, TensionStats};

use crate::context::Context;

/// Widest bar, in characters.
const BAR: usize = 30;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum By {
    Day,
    Week,
    Month,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Three-letter actor code, e.g. USA.
    pub actor_a: String,
    /// Three-letter actor code, e.g. PRK.
    pub actor_b: String,
    #[arg(long, value_enum, default_value = "week")]
    pub by: By,
    /// First day, YYYY-MM-DD; default the first day with data.
    #[arg(long)]
    pub from: Option<String>,
    /// Last day, YYYY-MM-DD; default the last day with data.
    #[arg(long)]
    pub to: Option<String>,
}

pub async fn run(args: Args, context: &Context) -> anyhow::Result<ExitCode> {
    let mut request = GetTensionRequest {
        actor_a: args.actor_a.clone(),
        actor_b: args.actor_b.clone(),
        from: args.from.unwrap_or_default(),
        to: args.to.unwrap_or_default(),
        ..GetTensionRequest::default()
    };
    request.set_bucket(match args.by {
        By::Day => BucketSize::Day,
        By::Week => BucketSize::Week,
        By::Month => BucketSize::Month,
    });
    let response = context
        .query()
        .await?
        .get_tension(request)
        .await?
        .into_inner();
    if context.json {
        for bucket in &response.buckets {
            context.print_json("brink.v1.TensionBucket", bucket)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let combined: Vec<TensionStats> = response
        .buckets
        .iter()
        .map(|b| b.combined.clone().unwrap_or_default())
        .collect();
    let widest = combined.iter().map(|s| s.events).max().unwrap_or(0).max(1);
    println!(
        "{} <-> {}   # conflict   + cooperation   (goldstein mean, escalation 0..1)",
        args.actor_a.to_uppercase(),
        args.actor_b.to_uppercase()
    );
    for (bucket, stats) in response.buckets.iter().zip(&combined) {
        let conflict = stats
            .quad_counts
            .get(2..4)
            .map_or(0, |q| q.iter().sum::<u64>());
        let cooperation = stats.events - conflict;
        let width = |n: u64| (n as usize * BAR).div_ceil(widest as usize);
        println!(
            "{}  {:<w$}  {:>4} ev  {:+5.1}  esc {:.2}",
            bucket.start,
            format!(
                "{}{}",
                "#".repeat(width(conflict)),
                "+".repeat(width(cooperation))
            ),
            stats.events,
            stats.goldstein_mean,
            stats.escalation,
            w = BAR
        );
    }
    Ok(ExitCode::SUCCESS)
}
