//! `brink actors`: the most mentioned and most conflict-involved actors, or with `--network`
//! the pairs of actors most often named together.

use std::process::ExitCode;

use brink_proto::v1::{ActorCount, ActorNetworkRequest, TopActorsRequest};

use crate::context::Context;
use crate::render::printable;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(long)]
    pub from: Option<String>,
    #[arg(long)]
    pub to: Option<String>,
    /// Rows per list.
    #[arg(long, default_value_t = 20)]
    pub limit: u32,
    /// Show co-occurrence pairs instead of rankings.
    #[arg(long)]
    pub network: bool,
    /// With --network: only pairs involving this code prefix.
    #[arg(long, requires = "network")]
    pub actor: Option<String>,
}

pub async fn run(args: Args, context: &Context) -> anyhow::Result<ExitCode> {
    let mut client = context.query().await?;
    let date_from = args.from.unwrap_or_default();
    let date_to = args.to.unwrap_or_default();
    if args.network {
        let request = ActorNetworkRequest {
            date_from,
            date_to,
            actor: args.actor.unwrap_or_default(),
            limit: args.limit,
        };
        let response = client.actor_network(request).await?.into_inner();
        if context.json {
            return context
                .print_json("brink.v1.ActorNetworkResponse", &response)
                .map(|()| ExitCode::SUCCESS);
        }
        for pair in &response.pairs {
            let line = format!("{:>6}  {} -- {}", pair.weight, pair.actor_a, pair.actor_b);
            println!("{}", printable(&line));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let request = TopActorsRequest {
        date_from,
        date_to,
        limit: args.limit,
    };
    let response = client.top_actors(request).await?.into_inner();
    if context.json {
        return context
            .print_json("brink.v1.TopActorsResponse", &response)
            .map(|()| ExitCode::SUCCESS);
    }
    let row = |a: &ActorCount| {
        let line = format!(
            "  {:<10} {:<28} mentions {:>6}  events {:>6}  conflict {:>6}",
            a.code, a.name, a.mentions, a.events, a.conflict_events
        );
        println!("{}", printable(&line));
    };
    println!("most mentioned");
    response.by_mentions.iter().for_each(row);
    println!("most involved in conflict");
    response.by_conflict.iter().for_each(row);
    Ok(ExitCode::SUCCESS)
}
