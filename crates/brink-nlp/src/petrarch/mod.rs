//! Readers for the PETRARCH/TABARI dictionary formats (verbs, actors, agents, discards), so
//! researchers' own dictionary files code directly. Each reader turns one file's text into
//! plain data; a malformed entry is skipped and reported as a [`Notice`] naming file and line.

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;

mod actors;
mod convert;
mod discards;
mod text;
mod verbs;
mod write;

pub use actors::{read_actors, read_agents};
pub use convert::{ConvertError, Converted, ConvertedFile, GAZETTEER_TSV, Stats, convert};
pub use discards::read_discards;
pub use verbs::read_verbs;
pub(crate) use verbs::{british_forms, regular_forms};
pub use write::{
    write_actors, write_actors_with_notices, write_agents, write_agents_with_notices,
    write_discards, write_discards_with_notices, write_verbs, write_verbs_with_notices,
};

/// Where an entry was written, so an event can say which dictionary line produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub file: Arc<str>,
    pub line: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// A problem with one entry: the entry is skipped, the rest of the file still loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub origin: Origin,
    pub problem: String,
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.problem)
    }
}

/// Which PETRARCH dictionary a file holds, told by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Verbs,
    Actors,
    Agents,
    Discards,
    Issues,
}

impl Kind {
    /// `CAMEO.2.0.txt` and `*.verbs.txt` are verbs, `*.actors.txt` actors, and so on; `None`
    /// for a name that says none of these.
    pub fn of(file_name: &str) -> Option<Kind> {
        let name = file_name.to_ascii_lowercase();
        if !name.ends_with(".txt") {
            return None;
        }
        if name.contains("verbs") || name.starts_with("cameo") {
            Some(Kind::Verbs)
        } else if name.contains("actors") {
            Some(Kind::Actors)
        } else if name.contains("agents") {
            Some(Kind::Agents)
        } else if name.contains("discards") {
            Some(Kind::Discards)
        } else if name.contains("issue") {
            Some(Kind::Issues)
        } else {
            None
        }
    }
}

/// What a set of PETRARCH files holds, each file read by the reader its name calls for.
#[derive(Debug, Default)]
pub struct Set {
    pub verbs: VerbDictionary,
    pub actors: Vec<Actor>,
    pub agents: Vec<Agent>,
    pub discards: Vec<Discard>,
    /// Entries skipped, and files not read, each naming its file and line.
    pub notices: Vec<Notice>,
}

impl Set {
    /// Reads one file into the set by the kind its name says; the kind read, if any.
    pub fn add(&mut self, name: &str, text: &str) -> Option<Kind> {
        let notices = &mut self.notices;
        let kind = Kind::of(name);
        match kind {
            Some(Kind::Verbs) => self.verbs.append(read_verbs(name, text, notices)),
            Some(Kind::Actors) => self.actors.extend(read_actors(name, text, notices)),
            Some(Kind::Agents) => self.agents.extend(read_agents(name, text, notices)),
            Some(Kind::Discards) => self.discards.extend(read_discards(name, text, notices)),
            Some(Kind::Issues) | None => {
                let problem = if kind.is_some() {
                    "issue coding is not used: the file is not read"
                } else {
                    "not a PETRARCH dictionary name: the file is not read"
                };
                notices.push(Notice {
                    origin: Origin {
                        file: name.into(),
                        line: 0,
                    },
                    problem: problem.to_owned(),
                });
                return None;
            }
        }
        kind
    }
}

/// An event code and, for paired codes such as `[032:033]`, the code of the reverse event
/// (target acting on source). `None` is the null code `---`: no event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Codes {
    pub code: Option<String>,
    pub paired: Option<String>,
}

/// A verb dictionary: synonym blocks with their verbs and the patterns that refine them.
#[derive(Debug, Clone, Default)]
pub struct VerbDictionary {
    pub blocks: Vec<VerbBlock>,
    pub verbs: Vec<Verb>,
    pub patterns: Vec<VerbPattern>,
}

impl VerbDictionary {
    /// Adds another file's blocks, verbs and patterns after these.
    pub fn append(&mut self, other: VerbDictionary) {
        let offset = self.blocks.len();
        self.blocks.extend(other.blocks);
        self.verbs.extend(other.verbs.into_iter().map(|mut v| {
            v.block += offset;
            v
        }));
        self.patterns
            .extend(other.patterns.into_iter().map(|mut p| {
                p.block += offset;
                p
            }));
    }
}

/// `--- NAME [code] ---`: the block's code applies to its verbs that have none of their own.
#[derive(Debug, Clone)]
pub struct VerbBlock {
    pub name: String,
    pub codes: Codes,
    pub origin: Origin,
}

/// One verb of a block: the head word with every form it takes, and for multi-word verbs
/// ("cordon off", "wire tap") the words that must stand right before or after it.
#[derive(Debug, Clone)]
pub struct Verb {
    /// Index into `VerbDictionary::blocks`.
    pub block: usize,
    /// Lowercase forms of the head word: the lemma, then regular (-s, -ed, -ing) or the
    /// irregular forms given in `{…}`.
    pub forms: Vec<String>,
    /// Lowercase words that stand directly before the head ("wire" in `WIRE_+TAP`).
    pub before: Vec<String>,
    /// Lowercase words that stand directly after the head ("off" in `+CORDON_OFF`).
    pub after: Vec<String>,
    /// The verb's own `[code]`, when it has one; otherwise the block's.
    pub codes: Option<Codes>,
    pub origin: Origin,
}

/// One `- … * … [code]` line, in text order with the verb as [`Item::Verb`].
#[derive(Debug, Clone)]
pub struct VerbPattern {
    /// Index into `VerbDictionary::blocks`: the pattern refines every verb of its block.
    pub block: usize,
    pub items: Vec<Item>,
    /// `joined[i]`: `items[i]` and `items[i + 1]` must be consecutive in the sentence (`_`);
    /// otherwise other words may stand between them. `joined.len() == items.len() - 1`.
    pub joined: Vec<bool>,
    pub codes: Codes,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// `*`: the verb itself.
    Verb,
    /// A word, or a synset's members: each alternative is a run of consecutive lowercase
    /// words ("austrian florin"), plural forms already generated.
    Words(Vec<Vec<String>>),
    /// `$`: the source actor stands here.
    Source,
    /// `+`: the target actor stands here.
    Target,
    /// `%`: a compound actor ("A and B") stands here; each acts on the other.
    Compound,
    /// `^`: skip a noun phrase.
    Skip,
}

/// An actor code, for the dates it applies to (both ends inclusive; `None` is open).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    /// `None` for the null code `---`: the phrase names no actor in that period.
    pub code: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// An actor record: its phrases (primary and `+` synonyms) and its codes by date.
#[derive(Debug, Clone)]
pub struct Actor {
    /// Each phrase as lowercase words.
    pub phrases: Vec<Vec<String>>,
    /// Dated codes first in file order, then the default (undated) code last if any.
    pub codes: Vec<DatedCode>,
    pub origin: Origin,
}

/// Where an agent's code goes in the combined code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// `[~GOV]`: after the actor's code (`ARN` + `GOV` → `ARNGOV`).
    Suffix,
    /// `[NGO~]`: before it (`NGO` + `ARN` → `NGOARN`).
    Prefix,
}

/// A generic agent ("police", "foreign minister"), combined with the actor it belongs to.
#[derive(Debug, Clone)]
pub struct Agent {
    /// Singular and plural forms as lowercase words, substitution markers expanded.
    pub phrases: Vec<Vec<String>>,
    pub code: String,
    pub placement: Placement,
    pub origin: Origin,
}

/// A phrase that marks a sentence (or, with `whole_story`, the whole article) as not to code.
#[derive(Debug, Clone)]
pub struct Discard {
    pub words: Vec<String>,
    /// `+PHRASE`: the whole story is not coded.
    pub whole_story: bool,
    /// `PHRASE_`: the last word must end there; otherwise it is a stem ("basketball" in
    /// "basketballer").
    pub exact: bool,
    pub origin: Origin,
}

/// A published PETRARCH dictionary from `../shared` beside the checkout, for tests that read
/// the real files; `None` (and a note) when it is not there.
#[cfg(test)]
fn shared_dictionary(name: &str) -> Option<String> {
    let path = format!(
        "{}/../../../shared/petrarch/dictionaries/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    match std::fs::read(&path) {
        Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        Err(_) => {
            eprintln!("skipping {path}: not found");
            None
        }
    }
}

/// `YYYYMMDD` or `YYMMDD` (years 00–30 are 20xx, the rest 19xx).
pub fn parse_date(value: &str) -> Option<NaiveDate> {
    if !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, rest) = match value.len() {
        8 => (value[..4].parse::<i32>().ok()?, &value[4..]),
        6 => {
            let yy = value[..2].parse::<i32>().ok()?;
            (if yy <= 30 { 2000 + yy } else { 1900 + yy }, &value[2..])
        }
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year, rest[..2].parse().ok()?, rest[2..].parse().ok()?)
}
