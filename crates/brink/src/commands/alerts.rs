//! `brink alerts [--follow]`: dyads whose conflict spiked above their own baseline.

use std::process::ExitCode;

use brink_proto::v1::{Alert, ListAlertsRequest, WatchAlertsRequest};

use crate::commands::events::describe;
use crate::context::Context;
use crate::render::printable;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only alerts involving this three-letter actor code.
    #[arg(long)]
    pub actor: Option<String>,
    /// Most alerts to list.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Replay alerts from --from-offset, then print new ones as they are raised.
    #[arg(long)]
    pub follow: bool,
    /// With --follow: first alert offset to replay.
    #[arg(long, default_value_t = 0, requires = "follow")]
    pub from_offset: u64,
}

pub async fn run(args: Args, context: &Context) -> anyhow::Result<ExitCode> {
    let mut client = context.query().await?;
    if args.follow {
        let request = WatchAlertsRequest {
            from_offset: args.from_offset,
        };
        let mut stream = client.watch_alerts(request).await?.into_inner();
        let actor = args.actor.map(|a| a.to_uppercase());
        while let Some(alert) = stream.message().await? {
            if actor
                .as_ref()
                .is_none_or(|a| *a == alert.actor_a || *a == alert.actor_b)
            {
                print(context, &alert)?;
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let request = ListAlertsRequest {
        actor: args.actor.unwrap_or_default(),
        page_size: args.limit.min(1000),
        page_token: String::new(),
    };
    for alert in &client.list_alerts(request).await?.into_inner().alerts {
        print(context, alert)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print(context: &Context, alert: &Alert) -> anyhow::Result<()> {
    if context.json {
        return context.print_json("brink.v1.Alert", alert);
    }
    let heading = format!(
        "#{} {}  {} <-> {}  {} conflict events (baseline {:.1} ± {:.1}, z {:.1})",
        alert.offset,
        alert.day,
        alert.actor_a,
        alert.actor_b,
        alert.conflict_events,
        alert.baseline_mean,
        alert.baseline_stddev,
        alert.z_score
    );
    println!("{}", printable(&heading));
    for hit in &alert.events {
        println!("    {}", describe(hit));
    }
    Ok(())
}
