//! Converts the Phoenix dictionaries of the PETRARCH2 project (`CAMEO.*` verbs and the
//! `Phoenix.*` actors, agents and discards) into Brink's bundled PETRARCH-format files, with
//! the filtering that makes them safe to match case-insensitively: no two-letter actor phrases
//! ("US", "IT"), no city standing for a whole country ("Kabul" for Afghanistan), no duplicates.

use std::collections::HashSet;
use std::path::Path;

use super::text::notice;
use super::{
    Actor, Agent, Discard, Kind, Notice, Placement, Set, write_actors_with_notices,
    write_agents_with_notices, write_discards_with_notices, write_verbs_with_notices,
};

/// Brink's built-in gazetteer (`name aliases country kind latitude longitude`), whose capitals
/// and cities [`convert`] drops from country actors.
pub const GAZETTEER_TSV: &str = include_str!("../../data/gazetteer.tsv");

/// One-word phrases that are common English words in lowercase use: case traps for a
/// case-insensitive matcher, dropped from actors.
const CASE_TRAPS: [&str; 16] = [
    "us", "it", "in", "at", "on", "no", "or", "as", "an", "to", "be", "by", "of", "am", "he", "we",
];

/// What [`convert`] made of a directory of PETRARCH dictionaries.
#[derive(Debug, Clone, Default)]
pub struct Converted {
    /// The files to write, in a fixed order; a kind with no source file has none.
    pub files: Vec<ConvertedFile>,
    /// Files of the directory not converted, each with the reason.
    pub skipped: Vec<String>,
    /// Entries the readers could not read or the writers could not write, each naming the
    /// source file and line.
    pub notices: Vec<Notice>,
    /// Actor phrases, actors and agent lines the filters dropped, each naming its source.
    pub filtered: Vec<Notice>,
    pub stats: Stats,
}

/// One converted file.
#[derive(Debug, Clone)]
pub struct ConvertedFile {
    /// `cameo.verbs.txt`, `phoenix.actors.txt`, `phoenix.agents.txt`, `phoenix.discards.txt`.
    pub name: &'static str,
    /// The source files it was converted from, in the order read.
    pub sources: Vec<String>,
    pub text: String,
}

/// Counts of what was converted (read back from the converted files) and dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub blocks: usize,
    pub verbs: usize,
    pub patterns: usize,
    /// Synsets written for pattern words with several alternatives.
    pub synsets: usize,
    pub actors: usize,
    pub actor_phrases: usize,
    pub actor_codes: usize,
    pub agents: usize,
    pub agent_phrases: usize,
    pub discards: usize,
    /// Filter (a): one-word actor phrases of at most two characters or in the case-trap list.
    pub short_phrases: usize,
    /// Filter (b): capitals and cities dropped from actors coded with 3-letter country codes.
    pub city_phrases: usize,
    /// Filter (c): phrases repeated within one actor.
    pub duplicate_phrases: usize,
    /// Actors left without any phrase by the filters.
    pub empty_actors: usize,
    /// Filter (c): agent phrases given before with the same code and placement (an agent
    /// left with none is dropped).
    pub duplicate_agents: usize,
    /// Discards (phrase and marks) seen before.
    pub duplicate_discards: usize,
    /// Entries the readers skipped in the source files.
    pub read_notices: usize,
    /// Entries the writers could not write.
    pub write_notices: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ConvertError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("gazetteer: {0}")]
    Gazetteer(String),
}

/// Reads every `CAMEO*` and `Phoenix.*` dictionary in `from_dir` (in name order) and converts
/// each kind into one Brink file, filtering actors and agents on the way. `gazetteer_tsv` is
/// the text of a gazetteer in Brink's format (see [`GAZETTEER_TSV`]).
pub fn convert(from_dir: &Path, gazetteer_tsv: &str) -> Result<Converted, ConvertError> {
    let cities = cities(gazetteer_tsv)?;
    let read_error = |path: &Path, source| ConvertError::Read {
        path: path.display().to_string(),
        source,
    };
    let mut names = Vec::new();
    for entry in std::fs::read_dir(from_dir).map_err(|e| read_error(from_dir, e))? {
        let entry = entry.map_err(|e| read_error(from_dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        names.push((name, entry.path().is_file()));
    }
    names.sort();

    let mut out = Converted::default();
    let mut set = Set::default();
    // The source files read, by kind.
    let mut read: Vec<(Kind, String)> = Vec::new();
    for (name, is_file) in names {
        if !is_file {
            out.skipped.push(format!("{name}: not a file"));
            continue;
        }
        if !(name.starts_with("CAMEO") || name.starts_with("Phoenix.")) {
            out.skipped
                .push(format!("{name}: not a CAMEO or Phoenix dictionary"));
            continue;
        }
        match Kind::of(&name) {
            Some(Kind::Issues) => {
                out.skipped
                    .push(format!("{name}: issue coding is not converted"));
                continue;
            }
            None => {
                out.skipped
                    .push(format!("{name}: not a verb, actor, agent or discard file"));
                continue;
            }
            Some(_) => {}
        }
        let path = from_dir.join(&name);
        let bytes = std::fs::read(&path).map_err(|e| read_error(&path, e))?;
        if let Some(kind) = set.add(&name, &String::from_utf8_lossy(&bytes)) {
            read.push((kind, name));
        }
    }
    out.notices.append(&mut set.notices);
    let sources = |kind: Kind| -> Vec<String> {
        read.iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, name)| name.clone())
            .collect()
    };
    let verbs = (set.verbs, sources(Kind::Verbs));
    let actors = (set.actors, sources(Kind::Actors));
    let agents = (set.agents, sources(Kind::Agents));
    let discards = (set.discards, sources(Kind::Discards));
    out.stats.read_notices = out.notices.len();

    let actor_list = filter_actors(actors.0, &cities, &mut out);
    let agent_list = filter_agents(agents.0, &mut out);
    let discard_list = dedup_discards(discards.0, &mut out);

    let before = out.notices.len();
    let notices = &mut out.notices;
    let mut files = Vec::new();
    if !verbs.1.is_empty() {
        let text = write_verbs_with_notices(&verbs.0, notices);
        files.push(file(VERBS, verbs.1, text));
    }
    if !actors.1.is_empty() {
        let text = write_actors_with_notices(&actor_list, notices);
        files.push(file(ACTORS, actors.1, text));
    }
    if !agents.1.is_empty() {
        let text = write_agents_with_notices(&agent_list, notices);
        files.push(file(AGENTS, agents.1, text));
    }
    if !discards.1.is_empty() {
        let text = write_discards_with_notices(&discard_list, notices);
        files.push(file(DISCARDS, discards.1, text));
    }
    out.stats.write_notices = out.notices.len() - before;
    out.files = files;
    count(&mut out);
    Ok(out)
}

/// A converted file's name and what its header says it holds.
struct Spec {
    name: &'static str,
    what: &'static str,
}

const VERBS: Spec = Spec {
    name: "cameo.verbs.txt",
    what: "Brink's CAMEO verb dictionary, in PETRARCH format: verb synonym blocks\n\
           # (`--- NAME [code] ---`), their verbs with every form listed, and the patterns that\n\
           # refine them (`- $ * + [code]`); `&NAME_` synsets hold the alternatives of a pattern\n\
           # word, every form listed, and are named after their first member.",
};

const ACTORS: Spec = Spec {
    name: "phoenix.actors.txt",
    what: "Brink's actor dictionary, in PETRARCH format: records of a primary phrase,\n\
           # `+synonyms` and tab-indented `[CODE from-to]` codes (the undated default last).\n\
           # Two-letter phrases, capitals and cities standing for a country, and repeated\n\
           # phrases were left out.",
};

const AGENTS: Spec = Spec {
    name: "phoenix.agents.txt",
    what: "Brink's agent dictionary, in PETRARCH format: generic agents (\"police\",\n\
           # \"foreign minister\"), one a line with every form listed, so no plural is added:\n\
           # `POLICE {} [~COP]`, `THIEF {THIEVES} [~CRM]`, or with three forms or more a\n\
           # substitution set on the line above (`!FORMS! = MINISTER, MINISTRY, MINISTRIES` and\n\
           # `FOREIGN_!FORMS! {} [~GOVFRM]`); the first form names the agent's role. `[~GOV]`\n\
           # joins the code after the actor's, `[NGO~]` before it.",
};

const DISCARDS: Spec = Spec {
    name: "phoenix.discards.txt",
    what: "Brink's discard list, in PETRARCH format: phrases that mark a sentence as not\n\
           # to code, `+` before a phrase for the whole story, `_` after one that must end there.",
};

fn file(spec: Spec, sources: Vec<String>, body: String) -> ConvertedFile {
    let mut text = format!(
        "# {}\n\
         # Converted by `brink dict convert` from the Phoenix dictionaries of the PETRARCH2\n\
         # project (Open Event Data Alliance, MIT licence); see NOTICE.\n\
         # Source files: {}.\n\
         # The comment after an entry names the source file and line it came from.\n\n",
        spec.what,
        sources.join(", ")
    );
    text.push_str(&body);
    ConvertedFile {
        name: spec.name,
        sources,
        text,
    }
}

/// Lowercase words, as the readers split them.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The names and aliases of the gazetteer's capitals and cities, as lowercase words, less
/// those that also name a country ("Singapore", "Kuwait", "Djibouti").
fn cities(tsv: &str) -> Result<HashSet<Vec<String>>, ConvertError> {
    let mut lines = tsv
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
    let header: Vec<&str> = lines
        .next()
        .ok_or_else(|| ConvertError::Gazetteer("no header line".to_string()))?
        .split('\t')
        .map(str::trim)
        .collect();
    let column = |name: &str| {
        header.iter().position(|h| *h == name).ok_or_else(|| {
            ConvertError::Gazetteer(format!("no {name:?} column in the header line"))
        })
    };
    let (name, aliases, kind) = (column("name")?, column("aliases")?, column("kind")?);
    let mut cities = HashSet::new();
    let mut countries = HashSet::new();
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        let field = |i: usize| fields.get(i).copied().unwrap_or("");
        let set = match field(kind).trim() {
            "capital" | "city" => &mut cities,
            "country" => &mut countries,
            _ => continue,
        };
        let names = std::iter::once(field(name)).chain(field(aliases).split('|'));
        for place in names {
            let place = words(place);
            if !place.is_empty() {
                set.insert(place);
            }
        }
    }
    cities.retain(|c| !countries.contains(c));
    Ok(cities)
}

/// Every code of the actor that is not null is a 3-letter country code, and there is one.
fn country_actor(actor: &Actor) -> bool {
    let mut codes = actor
        .codes
        .iter()
        .filter_map(|c| c.code.as_deref())
        .peekable();
    codes.peek().is_some()
        && codes.all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
}

/// Filters (a), (b) and (c) on actor phrases; drops actors left without any.
fn filter_actors(
    actors: Vec<Actor>,
    cities: &HashSet<Vec<String>>,
    out: &mut Converted,
) -> Vec<Actor> {
    let mut kept = Vec::with_capacity(actors.len());
    for mut actor in actors {
        let country = country_actor(&actor);
        let code = actor
            .codes
            .iter()
            .find_map(|c| c.code.clone())
            .unwrap_or_default();
        let mut seen = HashSet::new();
        let phrases = std::mem::take(&mut actor.phrases);
        for phrase in phrases {
            let text = phrase.join(" ");
            let problem = if let [word] = phrase.as_slice()
                && (word.chars().count() <= 2 || CASE_TRAPS.contains(&word.as_str()))
            {
                out.stats.short_phrases += 1;
                format!("phrase {text:?} is too short to match safely")
            } else if country && cities.contains(&phrase) {
                out.stats.city_phrases += 1;
                format!("phrase {text:?} is a capital or city, not the country {code}")
            } else if !seen.insert(phrase.clone()) {
                out.stats.duplicate_phrases += 1;
                format!("phrase {text:?} is repeated")
            } else {
                actor.phrases.push(phrase);
                continue;
            };
            filtered(out, &actor, problem);
        }
        if actor.phrases.is_empty() {
            out.stats.empty_actors += 1;
            filtered(out, &actor, format!("actor {code} has no phrase left"));
        } else {
            kept.push(actor);
        }
    }
    kept
}

fn filtered(out: &mut Converted, actor: &Actor, problem: String) {
    let origin = &actor.origin;
    notice(
        &mut out.filtered,
        &origin.file,
        origin.line,
        format!("{problem}; dropped"),
    );
}

/// Filter (c) on agents: each (phrase, code, placement) once.
fn filter_agents(agents: Vec<Agent>, out: &mut Converted) -> Vec<Agent> {
    let mut seen = HashSet::new();
    let mut kept = Vec::with_capacity(agents.len());
    for mut agent in agents {
        let phrases = std::mem::take(&mut agent.phrases);
        for phrase in phrases {
            let prefix = agent.placement == Placement::Prefix;
            let key = (phrase.clone(), agent.code.clone(), prefix);
            if seen.insert(key) {
                agent.phrases.push(phrase);
            } else {
                out.stats.duplicate_agents += 1;
                let origin = &agent.origin;
                let problem = format!(
                    "agent phrase {:?} [{}] repeated; dropped",
                    phrase.join(" "),
                    agent.code
                );
                notice(&mut out.filtered, &origin.file, origin.line, problem);
            }
        }
        if !agent.phrases.is_empty() {
            kept.push(agent);
        }
    }
    kept
}

/// Each discard (phrase and marks) once.
fn dedup_discards(discards: Vec<Discard>, out: &mut Converted) -> Vec<Discard> {
    let mut seen = HashSet::new();
    let mut kept = Vec::with_capacity(discards.len());
    for discard in discards {
        if seen.insert((discard.words.clone(), discard.whole_story, discard.exact)) {
            kept.push(discard);
        } else {
            out.stats.duplicate_discards += 1;
            let origin = &discard.origin;
            let problem = format!("discard {:?} repeated; dropped", discard.words.join(" "));
            notice(&mut out.filtered, &origin.file, origin.line, problem);
        }
    }
    kept
}

/// Reads the converted files back for the counts; anything the readers object to there is a
/// fault of the writers, reported with the rest.
fn count(out: &mut Converted) {
    let mut back = Set::default();
    for file in &out.files {
        back.add(file.name, &file.text);
        if file.name == VERBS.name {
            out.stats.synsets = file.text.lines().filter(|l| l.starts_with('&')).count();
        }
    }
    let stats = &mut out.stats;
    stats.blocks = back.verbs.blocks.len();
    stats.verbs = back.verbs.verbs.len();
    stats.patterns = back.verbs.patterns.len();
    stats.actors = back.actors.len();
    stats.actor_phrases = back.actors.iter().map(|a| a.phrases.len()).sum();
    stats.actor_codes = back.actors.iter().map(|a| a.codes.len()).sum();
    stats.agents = back.agents.len();
    stats.agent_phrases = back.agents.iter().map(|a| a.phrases.len()).sum();
    stats.discards = back.discards.len();
    for mut n in back.notices {
        n.problem = format!("converted file does not read back: {}", n.problem);
        stats.write_notices += 1;
        out.notices.push(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GAZETTEER: &str = "# places\n\nname\taliases\tcountry\tkind\tlatitude\tlongitude\n\
                             Freedonia\t\tFRD\tcountry\t0\t0\n\
                             Fredville\tFred City|Old_Town\tFRD\tcapital\t0\t0\n\
                             Sylvania\t\tSYL\tcountry\t0\t0\n\
                             Sylvania\t\tSYL\tcapital\t0\t0\n\
                             Marsh\t\t\tregion\t0\t0\n\
                             Port\t\tSYL\tcity\n";

    fn dir(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        std::fs::create_dir(dir.path().join("Phoenix.sub.actors.txt")).expect("mkdir");
        dir
    }

    #[test]
    fn gazetteer_cities_less_countries() {
        let c = cities(GAZETTEER).expect("gazetteer");
        let mut list: Vec<String> = c.iter().map(|p| p.join(" ")).collect();
        list.sort();
        assert_eq!(list, ["fred city", "fredville", "old town", "port"]);
        assert!(cities("").is_err());
        assert!(cities("# x\nname\tkind\n").is_err());
        assert!(cities(GAZETTEER_TSV).expect("built-in").len() > 500);
    }

    #[test]
    fn converts_and_filters() {
        let d = dir(&[
            (
                "Phoenix.A.actors.txt",
                "FREEDONIA_ [FRD]\n+FREEDONIAN\n+FREDVILLE\n+US\n+IT_\n+OLD TOWN\n+FREEDONIAN\n\
                 FREDVILLE [FRD]\n+FRED_CITY\n\
                 UN [IGOUNO]\n+UNITED NATIONS\n\
                 FRED_GOV [FRDGOV]\n+FREDVILLE\n\
                 SYLVANIA [SYL]\n+AB\n",
            ),
            ("Phoenix.B.actors.txt", "PORT [SYL]\n+PORTLAND\nNO_CODE\n"),
            (
                "Phoenix.agents.txt",
                "POLICE {} [~COP]\nPOLICE [~COP]\nPOLICE [COP~]\n",
            ),
            ("Phoenix.discards.txt", "RUGBY_\nRUGBY_\n+RUGBY_\n"),
            ("CAMEO.x.txt", "--- MEET [040] ---\nMEET\n- * PEACE [043]\n"),
            ("Phoenix.IssueCoding.txt", "x [Y]\n"),
            ("PETR.Validate.actors.txt", "X [Y]\n"),
            ("Phoenix.readme", "x\n"),
        ]);
        let c = convert(d.path(), GAZETTEER).expect("convert");
        let names: Vec<&str> = c.files.iter().map(|f| f.name).collect();
        assert_eq!(
            names,
            [
                "cameo.verbs.txt",
                "phoenix.actors.txt",
                "phoenix.agents.txt",
                "phoenix.discards.txt"
            ]
        );
        assert_eq!(c.skipped.len(), 4, "{:?}", c.skipped);
        assert!(c.skipped[0].starts_with("PETR.Validate.actors.txt"));
        // NO_CODE: the one read notice.
        assert_eq!(c.notices.len(), 1, "{:?}", c.notices);
        assert_eq!(c.stats.read_notices, 1);
        let s = &c.stats;
        assert_eq!(
            (s.short_phrases, s.city_phrases, s.duplicate_phrases),
            (4, 5, 1)
        );
        assert_eq!(
            (s.empty_actors, s.duplicate_agents, s.duplicate_discards),
            (1, 1, 1)
        );
        // police [~COP], polices [~COP] (police was given before), police {polices} [COP~].
        assert_eq!(
            (s.actors, s.actor_phrases, s.agents, s.discards),
            (5, 7, 3, 2)
        );
        assert_eq!((s.blocks, s.verbs, s.patterns), (1, 1, 1));
        assert_eq!(c.filtered.len(), 4 + 5 + 1 + 1 + 1 + 1);
        let actors = &c.files[1];
        assert_eq!(
            actors.sources,
            ["Phoenix.A.actors.txt", "Phoenix.B.actors.txt"]
        );
        let body: Vec<&str> = actors
            .text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| l.split("  #").next().unwrap_or(""))
            .collect();
        assert_eq!(
            body,
            [
                "FREEDONIA",
                "+FREEDONIAN",
                "\t[FRD]",
                "UNITED_NATIONS",
                "\t[IGOUNO]",
                // A government code is not a country's: its capital stays.
                "FRED_GOV",
                "+FREDVILLE",
                "\t[FRDGOV]",
                // Sylvania names a country too.
                "SYLVANIA",
                "\t[SYL]",
                // PORT is a city of the gazetteer.
                "PORTLAND",
                "\t[SYL]",
            ]
        );
        assert!(actors.text.starts_with("# Brink's actor dictionary"));
        assert!(
            actors
                .text
                .contains("# Source files: Phoenix.A.actors.txt, Phoenix.B.actors.txt.\n")
        );
        assert!(
            actors
                .text
                .contains("\nUNITED_NATIONS  # Phoenix.A.actors.txt:10\n")
        );
        // Deterministic.
        let again = convert(d.path(), GAZETTEER).expect("convert");
        for (a, b) in c.files.iter().zip(&again.files) {
            assert_eq!(a.text, b.text);
        }
        assert_eq!(c.stats, again.stats);
    }

    #[test]
    fn missing_directory_is_an_error() {
        let d = tempfile::tempdir().expect("temp dir");
        let missing = d.path().join("nope");
        assert!(matches!(
            convert(&missing, GAZETTEER),
            Err(ConvertError::Read { .. })
        ));
        let empty = convert(d.path(), GAZETTEER).expect("empty dir");
        assert!(empty.files.is_empty());
    }
}
