//! `brink status`: each service's health, offsets and lag; fails when one is unreachable or
//! refuses the command's token.

use std::process::ExitCode;

use brink_proto::v1::{GetStatusRequest, ServiceStatus};

use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub async fn run(_args: Args, context: &Context) -> anyhow::Result<ExitCode> {
    let ingest = async {
        Ok::<_, anyhow::Error>(
            context
                .ingest()
                .await?
                .get_status(GetStatusRequest {})
                .await?
                .into_inner(),
        )
    };
    let analysis = async {
        Ok::<_, anyhow::Error>(
            context
                .analysis()
                .await?
                .get_status(GetStatusRequest {})
                .await?
                .into_inner(),
        )
    };
    let query = async {
        Ok::<_, anyhow::Error>(
            context
                .query()
                .await?
                .get_status(GetStatusRequest {})
                .await?
                .into_inner(),
        )
    };
    let (ingest, analysis, query) = tokio::join!(ingest, analysis, query);
    // The endpoints as dialled: https:// under TLS, whatever scheme was configured.
    let connector = context.tls.load()?;
    let rows = [
        ("ingest", connector.url(&context.ingest_url), ingest),
        ("analysis", connector.url(&context.analysis_url), analysis),
        ("query", connector.url(&context.query_url), query),
    ];
    let mut healthy = true;
    for (name, url, result) in rows {
        match result {
            Ok(status) if context.json => context.print_json("brink.v1.ServiceStatus", &status)?,
            Ok(status) => print!("{}", describe(&url, &status)),
            Err(error) => {
                healthy = false;
                if context.json {
                    println!(
                        "{}",
                        serde_json::json!({"service": name, "endpoint": url, "error": format!("{error:#}")})
                    );
                } else {
                    println!("{name:<9} {url}  {}  {error:#}", failure(&error));
                }
            }
        }
    }
    Ok(if healthy {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// A service that answered but refused the token is reachable: say so, not UNREACHABLE.
fn failure(error: &anyhow::Error) -> &'static str {
    match error
        .downcast_ref::<tonic::Status>()
        .map(tonic::Status::code)
    {
        Some(tonic::Code::Unauthenticated | tonic::Code::PermissionDenied) => "REFUSED",
        _ => "UNREACHABLE",
    }
}

fn describe(url: &str, status: &ServiceStatus) -> String {
    let mut out = format!(
        "{:<9} {}  up  v{}  records {}  log head {}  store {:.1} MiB\n",
        status.service,
        url,
        status.version,
        status.records,
        status.log_head,
        status.store_bytes as f64 / (1024.0 * 1024.0)
    );
    if status.dead_letters > 0 {
        out.push_str(&format!(
            "          {} upstream entries set aside as dead letters (see the service's log)\n",
            status.dead_letters
        ));
    }
    for consumer in &status.consumers {
        let lag = consumer.upstream_head.saturating_sub(consumer.next_offset);
        out.push_str(&format!(
            "          follows {} at {}: next offset {}, upstream head {}, lag {}{}{}\n",
            consumer.upstream,
            consumer.endpoint,
            consumer.next_offset,
            consumer.upstream_head,
            lag,
            if consumer.connected {
                ""
            } else {
                ", DISCONNECTED"
            },
            if consumer.partitions > 1 {
                format!(", partition {}/{}", consumer.partition, consumer.partitions)
            } else {
                String::new()
            }
        ));
    }
    out
}
