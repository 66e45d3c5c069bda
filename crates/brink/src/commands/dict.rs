//! `brink dict convert --from DIR --out DIR`: converts the PETRARCH2 project's Phoenix
//! dictionaries (`CAMEO*` verbs, `Phoenix.*` actors, agents and discards) into Brink's bundled
//! PETRARCH-format files, so they can be regenerated and diffed.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use brink_nlp::petrarch;

use crate::context::Context;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: DictCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum DictCommand {
    /// Convert the Phoenix dictionaries into Brink's files (cameo.verbs.txt,
    /// phoenix.actors.txt, phoenix.agents.txt, phoenix.discards.txt).
    Convert(ConvertArgs),
}

#[derive(Debug, clap::Args)]
pub struct ConvertArgs {
    /// Directory of PETRARCH dictionaries; the files whose names start with `CAMEO` or
    /// `Phoenix.` are converted, the others are reported and skipped.
    #[arg(long)]
    pub from: PathBuf,
    /// Directory to write the converted files into (created when missing; files of the same
    /// names are replaced).
    #[arg(long)]
    pub out: PathBuf,
    /// Gazetteer (`name aliases country kind latitude longitude`) whose capitals and cities
    /// are dropped from country actors; Brink's built-in one when not given.
    #[arg(long)]
    pub gazetteer: Option<PathBuf>,
    /// Also list every phrase, actor, agent phrase and discard the filters dropped.
    #[arg(long)]
    pub verbose: bool,
}

pub async fn run(args: Args, _context: &Context) -> anyhow::Result<ExitCode> {
    match args.command {
        DictCommand::Convert(args) => convert(args),
    }
}

fn convert(args: ConvertArgs) -> anyhow::Result<ExitCode> {
    let gazetteer = match &args.gazetteer {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the gazetteer {}", path.display()))?,
        None => petrarch::GAZETTEER_TSV.to_string(),
    };
    let converted = petrarch::convert(&args.from, &gazetteer)?;
    for skipped in &converted.skipped {
        eprintln!("skipped {skipped}");
    }
    for notice in &converted.notices {
        eprintln!("warning: {notice}");
    }
    if args.verbose {
        for dropped in &converted.filtered {
            eprintln!("filtered {dropped}");
        }
    }
    if converted.files.is_empty() {
        anyhow::bail!("no CAMEO or Phoenix dictionary in {}", args.from.display());
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    for file in &converted.files {
        let path = args.out.join(file.name);
        std::fs::write(&path, &file.text)
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!(
            "wrote {} ({} bytes) from {}",
            path.display(),
            file.text.len(),
            file.sources.join(", ")
        );
    }
    let s = &converted.stats;
    println!(
        "verbs: {} blocks, {} verbs, {} patterns, {} synsets",
        s.blocks, s.verbs, s.patterns, s.synsets
    );
    println!(
        "actors: {} actors, {} phrases, {} codes",
        s.actors, s.actor_phrases, s.actor_codes
    );
    println!(
        "agents: {} agents, {} phrases; discards: {}",
        s.agents, s.agent_phrases, s.discards
    );
    println!(
        "filtered: {} short phrases, {} capitals and cities of country actors, {} repeated \
         phrases, {} actors left without phrases, {} repeated agent phrases, {} repeated discards",
        s.short_phrases,
        s.city_phrases,
        s.duplicate_phrases,
        s.empty_actors,
        s.duplicate_agents,
        s.duplicate_discards
    );
    println!(
        "skipped: {} entries the readers could not read, {} the writers could not write, {} files",
        s.read_notices,
        s.write_notices,
        converted.skipped.len()
    );
    Ok(ExitCode::SUCCESS)
}
