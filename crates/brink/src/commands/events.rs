//! `brink events`: events matching a filter, newest first, with their article.

use std::process::ExitCode;

use brink_proto::v1::{
    ActorRole, DistinctEvent, DistinctView, EventFilter, EventHit, SearchDistinctEventsRequest,
    SearchEventsRequest,
};

use crate::context::Context;

/// Which side of an event `--actor` applies to.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Role {
    Source,
    Target,
}

/// Event conditions shared by `brink events` and `brink export`.
#[derive(Debug, Clone, clap::Args)]
pub struct FilterArgs {
    /// Actor code prefix on either side ("USA" matches "USAGOV"); repeatable.
    #[arg(long = "actor")]
    pub actors: Vec<String>,
    /// Apply --actor to the source or the target only.
    #[arg(long, value_enum)]
    pub role: Option<Role>,
    /// Dyad source code prefix.
    #[arg(long)]
    pub source: Option<String>,
    /// Dyad target code prefix.
    #[arg(long)]
    pub target: Option<String>,
    /// Match the dyad in both directions.
    #[arg(long)]
    pub undirected: bool,
    /// CAMEO code prefix or root, e.g. 13 or 138; repeatable.
    #[arg(long)]
    pub cameo: Vec<String>,
    /// QuadClass 1..4; repeatable.
    #[arg(long)]
    pub quad: Vec<i32>,
    #[arg(long, allow_hyphen_values = true)]
    pub goldstein_min: Option<f64>,
    #[arg(long, allow_hyphen_values = true)]
    pub goldstein_max: Option<f64>,
    /// First day, YYYY-MM-DD.
    #[arg(long)]
    pub from: Option<String>,
    /// Last day, YYYY-MM-DD.
    #[arg(long)]
    pub to: Option<String>,
    /// ISO 3166 alpha-3 country of the event's place.
    #[arg(long)]
    pub place_country: Option<String>,
    /// Substring of the place name.
    #[arg(long)]
    pub place: Option<String>,
    /// Only negated (true) or only affirmed (false) events.
    #[arg(long)]
    pub negated: Option<bool>,
    /// Only hypothetical (true) or only factual (false) events.
    #[arg(long)]
    pub hypothetical: Option<bool>,
    /// Only events of this article.
    #[arg(long)]
    pub article: Option<String>,
}

impl FilterArgs {
    pub fn to_proto(&self) -> EventFilter {
        let mut filter = EventFilter {
            actors: self.actors.clone(),
            source: self.source.clone().unwrap_or_default(),
            target: self.target.clone().unwrap_or_default(),
            undirected: self.undirected,
            cameo: self.cameo.clone(),
            quad_classes: self.quad.clone(),
            goldstein_min: self.goldstein_min,
            goldstein_max: self.goldstein_max,
            date_from: self.from.clone().unwrap_or_default(),
            date_to: self.to.clone().unwrap_or_default(),
            place_country: self.place_country.clone().unwrap_or_default(),
            place: self.place.clone().unwrap_or_default(),
            negated: self.negated,
            hypothetical: self.hypothetical,
            article_id: self.article.clone().unwrap_or_default(),
            ..EventFilter::default()
        };
        filter.set_actor_role(match self.role {
            None => ActorRole::Unspecified,
            Some(Role::Source) => ActorRole::Source,
            Some(Role::Target) => ActorRole::Target,
        });
        filter
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Most events to print.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Merge reports of the same event across articles (day, dyad, CAMEO code, place country).
    #[arg(long)]
    pub distinct: bool,
    /// With --distinct: one event per day, dyad and CAMEO root.
    #[arg(long, requires = "distinct")]
    pub daily: bool,
}

pub async fn run(args: Args, context: &Context) -> anyhow::Result<ExitCode> {
    let mut client = context.query().await?;
    let filter = args.filter.to_proto();
    let mut left = args.limit as usize;
    let mut token = String::new();
    while left > 0 {
        let page_size = left.min(1000) as u32;
        let next = if args.distinct {
            let mut request = SearchDistinctEventsRequest {
                filter: Some(filter.clone()),
                page_size,
                page_token: token,
                ..SearchDistinctEventsRequest::default()
            };
            if args.daily {
                request.set_view(DistinctView::Daily);
            }
            let page = client.search_distinct_events(request).await?.into_inner();
            left -= page.events.len();
            for event in &page.events {
                print_distinct(context, event)?;
            }
            page.next_page_token
        } else {
            let request = SearchEventsRequest {
                filter: Some(filter.clone()),
                page_size,
                page_token: token,
                ..SearchEventsRequest::default()
            };
            let page = client.search_events(request).await?.into_inner();
            left -= page.events.len();
            for hit in &page.events {
                print_hit(context, hit)?;
            }
            page.next_page_token
        };
        if next.is_empty() {
            break;
        }
        token = next;
    }
    Ok(ExitCode::SUCCESS)
}

/// One printable line: day, dyad, CAMEO code and label, Goldstein score, flags and article.
pub fn describe(hit: &EventHit) -> String {
    let event = hit.event.clone().unwrap_or_default();
    let code = |a: Option<&brink_proto::v1::ActorRef>| a.map_or("?".to_owned(), |a| a.code.clone());
    let mut flags = String::new();
    if event.negated {
        flags.push_str(" NOT");
    }
    if event.hypothetical {
        flags.push_str(" MAYBE");
    }
    let line = format!(
        "{:<10}  {:>7} -> {:<7}  {:<4} {:<32}  q{} {:+5.1}{}  [{}] {}",
        hit.date,
        code(event.source.as_ref()),
        code(event.target.as_ref()),
        event.cameo_code,
        event.label,
        event.quad_class,
        event.goldstein,
        flags,
        hit.article_id,
        hit.article_title,
    );
    crate::render::printable(&line).into_owned()
}

fn print_hit(context: &Context, hit: &EventHit) -> anyhow::Result<()> {
    if context.json {
        return context.print_json("brink.v1.EventHit", hit);
    }
    println!("{}", describe(hit));
    Ok(())
}

fn print_distinct(context: &Context, event: &DistinctEvent) -> anyhow::Result<()> {
    if context.json {
        return context.print_json("brink.v1.DistinctEvent", event);
    }
    let first = event.first.clone().unwrap_or_default();
    println!(
        "{}  mentions {} articles {} outlets {}",
        describe(&first),
        event.mentions,
        event.article_count,
        event.source_count
    );
    Ok(())
}
