//! Parsing of the tab-separated dictionaries in `data/` (see `data/README.md`): the built-in
//! copies are compiled into the binary, and a user directory may add or override rows.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chrono::NaiveDate;

use crate::model::QuadClass;
use crate::petrarch::{self, Kind, Notice, Placement, VerbDictionary};
use twox_hash::XxHash3_64;

#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    #[error("{file}:{line}: {problem}")]
    Invalid {
        file: String,
        line: usize,
        problem: String,
    },
    #[error("cannot read {file}: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{file}: not a dictionary file Brink reads (expected one of {known} or a PETRARCH \
         *.verbs.txt, *.actors.txt, *.agents.txt, *.discards.txt or CAMEO*.txt)"
    )]
    Unrecognised { file: String, known: String },
    #[error("coding without the built-in dictionaries needs a dictionaries directory")]
    NoDictionaries,
}

/// Which dictionaries the analyser codes with.
#[derive(Debug, Clone, Default)]
pub struct Sources<'a> {
    /// A directory of dictionary files: Brink's `.tsv` files add to or override the built-in
    /// rows, PETRARCH-format files add their entries.
    pub dir: Option<&'a Path>,
    /// Code with the directory's files alone: no built-in countries, leaders, organisations,
    /// agents or verb patterns. The CAMEO codebook, tone lexicon and gazetteer stay.
    pub no_builtin: bool,
}

/// A running hash of every dictionary text read, each chained onto the last.
#[derive(Default)]
struct Version(u64);

impl Version {
    fn add(&mut self, bytes: &[u8]) {
        self.0 = XxHash3_64::oneshot_with_seed(self.0, bytes);
    }
}

/// One dictionary file: its name, the exact header it must carry, and the built-in text.
struct Spec {
    file: &'static str,
    header: &'static [&'static str],
    /// Columns whose values together identify a row, for overrides from the user directory.
    key: &'static [usize],
    builtin: &'static str,
    /// A coding dictionary, left out with [`Sources::no_builtin`]; the codebook and lexicons
    /// are reference data and always stay.
    coding: bool,
}

const COUNTRIES: Spec = Spec {
    file: "countries.tsv",
    header: &["iso3", "iso2", "name", "aliases", "demonyms", "capital"],
    key: &[0],
    builtin: include_str!("../data/countries.tsv"),
    coding: true,
};
const METONYMS: Spec = Spec {
    file: "metonyms.tsv",
    header: &["phrase", "code", "kind"],
    key: &[0],
    builtin: include_str!("../data/metonyms.tsv"),
    coding: true,
};
const IGOS: Spec = Spec {
    file: "igos.tsv",
    header: &["code", "name", "aliases"],
    key: &[0],
    builtin: include_str!("../data/igos.tsv"),
    coding: true,
};
const GROUPS: Spec = Spec {
    file: "groups.tsv",
    header: &["code", "name", "aliases", "country", "role"],
    key: &[0],
    builtin: include_str!("../data/groups.tsv"),
    coding: true,
};
const LEADERS: Spec = Spec {
    file: "leaders.tsv",
    header: &["name", "aliases", "country", "role", "code", "from", "to"],
    key: &[0, 3, 5],
    builtin: include_str!("../data/leaders.tsv"),
    coding: true,
};
const AGENTS: Spec = Spec {
    file: "agents.tsv",
    header: &["phrases", "code", "role"],
    key: &[1],
    builtin: include_str!("../data/agents.tsv"),
    coding: true,
};
const CAMEO: Spec = Spec {
    file: "cameo.tsv",
    header: &["code", "label", "goldstein", "quad_class", "plover"],
    key: &[0],
    builtin: include_str!("../data/cameo.tsv"),
    coding: false,
};
const VERBS: Spec = Spec {
    file: "verbs.tsv",
    header: &["pattern", "code", "target", "forms"],
    key: &[0],
    builtin: include_str!("../data/verbs.tsv"),
    coding: true,
};
const DEVICES: Spec = Spec {
    file: "devices.tsv",
    header: &["phrases", "code"],
    key: &[1],
    builtin: include_str!("../data/devices.tsv"),
    coding: true,
};
const TONE: Spec = Spec {
    file: "tone.tsv",
    header: &["word", "score"],
    key: &[0],
    builtin: include_str!("../data/tone.tsv"),
    coding: false,
};
const RECIPROCAL: Spec = Spec {
    file: "reciprocal.tsv",
    header: &["code", "mutual", "note"],
    key: &[0],
    builtin: include_str!("../data/reciprocal.tsv"),
    coding: true,
};
const GAZETTEER: Spec = Spec {
    file: "gazetteer.tsv",
    header: &[
        "name",
        "aliases",
        "country",
        "kind",
        "latitude",
        "longitude",
    ],
    key: &[0, 2],
    builtin: include_str!("../data/gazetteer.tsv"),
    coding: false,
};
const PLACES: Spec = Spec {
    file: "places.tsv",
    header: &[
        "name",
        "aliases",
        "country",
        "region",
        "kind",
        "population",
        "latitude",
        "longitude",
    ],
    key: &[0, 2, 3],
    builtin: include_str!("../data/places.tsv"),
    coding: false,
};

/// A data row with the file and line it came from, so later checks can point at it.
pub struct Row {
    pub file: &'static str,
    pub line: usize,
    pub cols: Vec<String>,
}

impl Row {
    pub fn col(&self, i: usize) -> &str {
        &self.cols[i]
    }

    /// A `|`-separated column as its non-empty values.
    pub fn list(&self, i: usize) -> impl Iterator<Item = &str> {
        self.cols[i]
            .split('|')
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    pub fn error(&self, problem: impl Into<String>) -> DictionaryError {
        DictionaryError::Invalid {
            file: self.file.to_owned(),
            line: self.line,
            problem: problem.into(),
        }
    }

    pub fn required(&self, i: usize, name: &str) -> Result<&str, DictionaryError> {
        let value = self.col(i);
        if value.is_empty() {
            Err(self.error(format!("column {name} is empty")))
        } else {
            Ok(value)
        }
    }

    pub fn number(&self, i: usize, name: &str) -> Result<f64, DictionaryError> {
        let value = self.required(i, name)?;
        value
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| self.error(format!("column {name} is not a number: {value:?}")))
    }

    pub fn date(&self, i: usize, name: &str) -> Result<Option<NaiveDate>, DictionaryError> {
        let value = self.col(i);
        if value.is_empty() {
            return Ok(None);
        }
        NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| self.error(format!("column {name} is not a YYYY-MM-DD date: {value:?}")))
    }
}

fn parse(file: &'static str, header: &[&str], text: &str) -> Result<Vec<Row>, DictionaryError> {
    let mut rows = Vec::new();
    let mut seen_header = false;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let raw = raw.trim_end_matches('\r');
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let cols: Vec<String> = raw.split('\t').map(|c| c.trim().to_owned()).collect();
        let invalid = |problem: String| DictionaryError::Invalid {
            file: file.to_owned(),
            line,
            problem,
        };
        if !seen_header {
            if cols != header {
                return Err(invalid(format!(
                    "header must be {:?}, found {:?}",
                    header.join("\t"),
                    raw
                )));
            }
            seen_header = true;
            continue;
        }
        if cols.len() > header.len() {
            return Err(invalid(format!(
                "{} columns, at most {} expected",
                cols.len(),
                header.len()
            )));
        }
        let mut cols = cols;
        cols.resize(header.len(), String::new());
        if cols[0].is_empty() {
            return Err(invalid(format!("column {} is empty", header[0])));
        }
        rows.push(Row { file, line, cols });
    }
    if !seen_header {
        return Err(DictionaryError::Invalid {
            file: file.to_owned(),
            line: 0,
            problem: "no header line".to_owned(),
        });
    }
    Ok(rows)
}

const GIVEN_NAMES: Spec = Spec {
    file: "given_names.tsv",
    header: &["name", "gender"],
    key: &[0],
    builtin: include_str!("../data/given_names.tsv"),
    coding: false,
};

const SPECS: [&Spec; 14] = [
    &COUNTRIES,
    &METONYMS,
    &IGOS,
    &GROUPS,
    &LEADERS,
    &AGENTS,
    &CAMEO,
    &VERBS,
    &DEVICES,
    &TONE,
    &RECIPROCAL,
    &GAZETTEER,
    &PLACES,
    &GIVEN_NAMES,
];

/// The built-in rows of one file, plus the user's rows (which replace rows with the same key).
fn table(
    spec: &Spec,
    sources: &Sources,
    version: &mut Version,
) -> Result<Vec<Row>, DictionaryError> {
    let mut rows = if sources.no_builtin && spec.coding {
        Vec::new()
    } else {
        version.add(spec.builtin.as_bytes());
        parse(spec.file, spec.header, spec.builtin)?
    };
    let Some(dir) = sources.dir else {
        return Ok(rows);
    };
    let path = dir.join(spec.file);
    if !path.exists() {
        return Ok(rows);
    }
    let text = std::fs::read_to_string(&path).map_err(|source| DictionaryError::Read {
        file: path.display().to_string(),
        source,
    })?;
    version.add(spec.file.as_bytes());
    version.add(text.as_bytes());
    let added = parse(spec.file, spec.header, &text)?;
    let key = |row: &Row| -> Vec<String> {
        spec.key
            .iter()
            .map(|&i| row.cols[i].to_lowercase())
            .collect()
    };
    let mut position: HashMap<Vec<String>, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        position.insert(key(row), i);
    }
    for row in added {
        match position.get(&key(&row)) {
            Some(&i) => rows[i] = row,
            None => {
                position.insert(key(&row), rows.len());
                rows.push(row);
            }
        }
    }
    Ok(rows)
}

pub struct Country {
    pub iso3: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub demonyms: Vec<String>,
}

impl Country {
    /// The word for "of this country" in a name: "Iraqi police", else "Iraq police".
    pub fn adjective(&self) -> &str {
        self.demonyms.first().unwrap_or(&self.name)
    }
}

/// The gender a given name or a title usually indicates, for he/she.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
}

pub struct Metonym {
    pub phrase: String,
    pub code: String,
    /// Kind `shorthand`: it stands for the country only in an article that names that
    /// country in full ("the North" after "North Korea").
    pub shorthand: bool,
}

pub struct Igo {
    pub code: String,
    pub name: String,
    pub aliases: Vec<String>,
}

/// A non-state armed group: its own actor, tied to the country it fights in or from.
pub struct Group {
    pub code: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub country: String,
    pub role: String,
}

pub struct Leader {
    pub name: String,
    pub aliases: Vec<String>,
    pub country: String,
    pub role: String,
    pub code: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl Leader {
    pub fn in_office(&self, date: NaiveDate) -> bool {
        self.from <= date && self.to.is_none_or(|to| date <= to)
    }
}

/// A generic agent ("police", "foreign minister") from `agents.tsv` or a PETRARCH agents file.
pub struct Agent {
    pub phrases: Vec<String>,
    pub code: String,
    pub role: String,
    pub placement: Placement,
    /// An actor on its own ("the police said"): Brink's own agents are; PETRARCH agents code
    /// only joined to the actor they belong to ("Gondor's minister").
    pub standalone: bool,
}

/// A bomb or blast named as the doer of an attack, with the kind of bombing it makes.
pub struct Device {
    /// Lowercase words of each phrase.
    pub phrases: Vec<Vec<String>>,
    pub code: String,
}

pub struct Cameo {
    pub label: String,
    pub goldstein: f64,
    pub quad_class: QuadClass,
    pub plover: String,
}

/// A verb-pattern row as written; `events` compiles it.
pub struct VerbRow {
    pub pattern: String,
    pub code: String,
    pub target: String,
    pub forms: Vec<String>,
    pub file: &'static str,
    pub line: usize,
}

pub struct GazetteerEntry {
    pub name: String,
    pub aliases: Vec<String>,
    pub country: String,
    /// The first-level region a city lies in ("Texas"), where known.
    pub region: String,
    pub kind: String,
    /// People living there, 0 where unknown: decides among places sharing a name.
    pub population: u64,
    pub latitude: f64,
    pub longitude: f64,
    /// From the hand-kept `gazetteer.tsv`: often-reported places, named without a cue.
    pub vetted: bool,
}

impl GazetteerEntry {
    /// A row of `gazetteer.tsv` (`vetted`) or `places.tsv`, whose columns differ from `kind` on.
    fn read(r: &Row, vetted: bool) -> Result<GazetteerEntry, DictionaryError> {
        let (region, kind, population, point) = if vetted {
            (String::new(), 3, 0, 4)
        } else {
            let people = r.number(5, "population")?;
            if people < 0.0 {
                return Err(r.error("population is negative"));
            }
            (r.col(3).to_owned(), 4, people as u64, 6)
        };
        let latitude = r.number(point, "latitude")?;
        let longitude = r.number(point + 1, "longitude")?;
        if !(-90.0..=90.0).contains(&latitude) || !(-180.0..=180.0).contains(&longitude) {
            return Err(r.error("coordinates out of range"));
        }
        Ok(GazetteerEntry {
            name: r.col(0).to_owned(),
            aliases: strings(r.list(1)),
            country: r.col(2).to_owned(),
            region,
            kind: r.required(kind, "kind")?.to_owned(),
            population,
            latitude,
            longitude,
            vetted,
        })
    }
}

/// Adds the generated places to the hand-kept gazetteer. A place in both keeps its hand-kept
/// row, which takes the generated population and region; a country without a figure counts
/// the people of its cities.
fn merge_places(gazetteer: &mut Vec<GazetteerEntry>, generated: Vec<GazetteerEntry>) {
    let mut known: HashMap<(String, String), usize> = HashMap::new();
    for (i, g) in gazetteer.iter().enumerate() {
        for name in std::iter::once(&g.name).chain(&g.aliases) {
            known
                .entry((name.to_lowercase(), g.country.clone()))
                .or_insert(i);
        }
    }
    let mut people: HashMap<String, u64> = HashMap::new();
    for p in generated {
        if p.kind == "city" {
            *people.entry(p.country.clone()).or_default() += p.population;
        }
        match known.get(&(p.name.to_lowercase(), p.country.clone())) {
            Some(&i) if p.population > gazetteer[i].population => {
                gazetteer[i].population = p.population;
                gazetteer[i].region = p.region;
            }
            Some(_) => {}
            None => gazetteer.push(p),
        }
    }
    for g in gazetteer.iter_mut() {
        if g.kind == "country" && g.population == 0 {
            g.population = people.get(&g.country).copied().unwrap_or(0);
        }
    }
}

/// Every dictionary, parsed and checked, before compilation into automata.
pub struct Dictionaries {
    pub countries: Vec<Country>,
    pub metonyms: Vec<Metonym>,
    pub igos: Vec<Igo>,
    pub groups: Vec<Group>,
    pub leaders: Vec<Leader>,
    pub agents: Vec<Agent>,
    pub cameo: HashMap<String, Cameo>,
    pub verbs: Vec<VerbRow>,
    pub devices: Vec<Device>,
    /// The last word of every device phrase: most tokens end none, and are passed at once.
    pub device_ends: HashSet<String>,
    pub tone: HashMap<String, f32>,
    /// Event codes that are mutual between coordinated subjects, by code prefix.
    pub reciprocal: HashMap<String, bool>,
    pub gazetteer: Vec<GazetteerEntry>,
    /// Given names by lowercase name, with the gender each usually indicates.
    pub given_names: HashMap<String, Option<Gender>>,
    /// Actors from PETRARCH actor files: phrases with codes by date.
    pub actors: Vec<petrarch::Actor>,
    /// Verb synonym blocks and patterns from PETRARCH verb files.
    pub lexicon: VerbDictionary,
    pub discards: Vec<petrarch::Discard>,
    /// Entries skipped while reading PETRARCH files, each naming its file and line.
    pub notices: Vec<Notice>,
    /// A hash of every dictionary text read: analyses record it, so that what a dictionary
    /// change would alter can be found and coded again.
    pub version: String,
}

/// The bundled PETRARCH-format dictionaries, converted from the Phoenix set (see
/// `data/petrarch/README.md`). A user file of the same name replaces one.
const BUNDLED: [(&str, &str); 4] = [
    (
        "cameo.verbs.txt",
        include_str!("../data/petrarch/cameo.verbs.txt"),
    ),
    (
        "phoenix.actors.txt",
        include_str!("../data/petrarch/phoenix.actors.txt"),
    ),
    (
        "phoenix.agents.txt",
        include_str!("../data/petrarch/phoenix.agents.txt"),
    ),
    (
        "phoenix.discards.txt",
        include_str!("../data/petrarch/phoenix.discards.txt"),
    ),
];

/// The bundled files (unless left out) and every PETRARCH file in the user's directory.
/// A file there that is neither one of Brink's tables nor a PETRARCH dictionary is an
/// error, so a misnamed file is never silently ignored; documentation is noted, not read.
fn load_petrarch(
    sources: &Sources,
    version: &mut Version,
) -> Result<petrarch::Set, DictionaryError> {
    let mut files: Vec<(String, std::borrow::Cow<'static, str>)> = Vec::new();
    if !sources.no_builtin {
        files.extend(
            BUNDLED
                .iter()
                .map(|&(name, text)| (name.to_owned(), text.into())),
        );
    }
    let mut out = petrarch::Set::default();
    if let Some(dir) = sources.dir {
        for (name, text) in read_petrarch_dir(dir, &mut out.notices)? {
            files.retain(|(bundled, _)| *bundled != name);
            files.push((name, text.into()));
        }
    }
    for (name, text) in &files {
        version.add(name.as_bytes());
        version.add(text.as_bytes());
        out.add(name, text);
    }
    Ok(out)
}

fn read_petrarch_dir(
    dir: &Path,
    notices: &mut Vec<Notice>,
) -> Result<Vec<(String, String)>, DictionaryError> {
    let read_error = |source| DictionaryError::Read {
        file: dir.display().to_string(),
        source,
    };
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(read_error)?
        .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()
        .map_err(read_error)?;
    names.sort();
    let mut files = Vec::new();
    for name in names {
        if SPECS.iter().any(|spec| spec.file == name) {
            continue;
        }
        if name.to_ascii_lowercase().ends_with(".md") {
            notices.push(Notice {
                origin: petrarch::Origin {
                    file: name.as_str().into(),
                    line: 0,
                },
                problem: "documentation: the file is not read".to_owned(),
            });
            continue;
        }
        if Kind::of(&name).is_none() {
            return Err(DictionaryError::Unrecognised {
                file: dir.join(&name).display().to_string(),
                known: SPECS.iter().map(|s| s.file).collect::<Vec<_>>().join(", "),
            });
        }
        let path = dir.join(&name);
        let bytes = std::fs::read(&path).map_err(|source| DictionaryError::Read {
            file: path.display().to_string(),
            source,
        })?;
        // The published dictionaries carry a few Latin-1 bytes in comments and names.
        files.push((name, String::from_utf8_lossy(&bytes).into_owned()));
    }
    Ok(files)
}

fn strings<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    values.map(str::to_owned).collect()
}

impl Dictionaries {
    pub fn load(sources: &Sources) -> Result<Dictionaries, DictionaryError> {
        if sources.no_builtin && sources.dir.is_none() {
            return Err(DictionaryError::NoDictionaries);
        }
        let mut version = Version::default();
        let petrarch = load_petrarch(sources, &mut version)?;
        let countries = table(&COUNTRIES, sources, &mut version)?
            .iter()
            .map(|r| {
                Ok(Country {
                    iso3: r.required(0, "iso3")?.to_owned(),
                    name: r.required(2, "name")?.to_owned(),
                    aliases: strings(r.list(3)),
                    demonyms: strings(r.list(4)),
                })
            })
            .collect::<Result<_, DictionaryError>>()?;
        let metonyms = table(&METONYMS, sources, &mut version)?
            .iter()
            .map(|r| {
                let shorthand = match r.col(2) {
                    "capital" | "seat" | "" => false,
                    "shorthand" => true,
                    other => {
                        return Err(r.error(format!(
                            "kind {other:?} is none of capital, seat, shorthand"
                        )));
                    }
                };
                Ok(Metonym {
                    phrase: r.col(0).to_owned(),
                    code: r.required(1, "code")?.to_owned(),
                    shorthand,
                })
            })
            .collect::<Result<_, DictionaryError>>()?;
        let igos = table(&IGOS, sources, &mut version)?
            .iter()
            .map(|r| {
                Ok(Igo {
                    code: r.col(0).to_owned(),
                    name: r.required(1, "name")?.to_owned(),
                    aliases: strings(r.list(2)),
                })
            })
            .collect::<Result<_, DictionaryError>>()?;
        let groups = table(&GROUPS, sources, &mut version)?
            .iter()
            .map(|r| {
                let code = r.required(0, "code")?;
                if !code.chars().all(|c| c.is_ascii_uppercase()) {
                    return Err(r.error(format!("code {code:?} must be uppercase letters")));
                }
                Ok(Group {
                    code: code.to_owned(),
                    name: r.required(1, "name")?.to_owned(),
                    aliases: strings(r.list(2)),
                    country: r.col(3).to_owned(),
                    role: r.required(4, "role")?.to_owned(),
                })
            })
            .collect::<Result<_, DictionaryError>>()?;
        let leaders = table(&LEADERS, sources, &mut version)?
            .iter()
            .map(|r| {
                let from = r
                    .date(5, "from")?
                    .ok_or_else(|| r.error("column from is empty"))?;
                let to = r.date(6, "to")?;
                if to.is_some_and(|to| to < from) {
                    return Err(r.error("column to is before column from"));
                }
                Ok(Leader {
                    name: r.col(0).to_owned(),
                    aliases: strings(r.list(1)),
                    country: r.col(2).to_owned(),
                    role: r.required(3, "role")?.to_lowercase(),
                    code: r.required(4, "code")?.to_owned(),
                    from,
                    to,
                })
            })
            .collect::<Result<_, DictionaryError>>()?;
        let mut agents = table(&AGENTS, sources, &mut version)?
            .iter()
            .map(|r| {
                Ok(Agent {
                    phrases: strings(r.list(0)),
                    code: r.required(1, "code")?.to_owned(),
                    role: r.required(2, "role")?.to_owned(),
                    placement: Placement::Suffix,
                    standalone: true,
                })
            })
            .collect::<Result<Vec<_>, DictionaryError>>()?;
        agents.extend(petrarch.agents.into_iter().map(|a| Agent {
            role: a.phrases.first().map(|p| p.join(" ")).unwrap_or_default(),
            phrases: a.phrases.iter().map(|p| p.join(" ")).collect(),
            code: a.code,
            placement: a.placement,
            standalone: false,
        }));
        let mut cameo = HashMap::new();
        for r in table(&CAMEO, sources, &mut version)? {
            let quad_class = match r.required(3, "quad_class")? {
                "1" => QuadClass::VerbalCooperation,
                "2" => QuadClass::MaterialCooperation,
                "3" => QuadClass::VerbalConflict,
                "4" => QuadClass::MaterialConflict,
                other => return Err(r.error(format!("quad_class must be 1-4, found {other:?}"))),
            };
            let goldstein = r.number(2, "goldstein")?;
            if !(-10.0..=10.0).contains(&goldstein) {
                return Err(r.error(format!("goldstein {goldstein} outside -10..10")));
            }
            cameo.insert(
                r.col(0).to_owned(),
                Cameo {
                    label: r.required(1, "label")?.to_owned(),
                    goldstein,
                    quad_class,
                    plover: r.col(4).to_owned(),
                },
            );
        }
        let verbs = table(&VERBS, sources, &mut version)?
            .iter()
            .map(|r| {
                let code = r.required(1, "code")?;
                if !cameo.contains_key(code) {
                    return Err(r.error(format!("cameo code {code:?} is not in cameo.tsv")));
                }
                Ok(VerbRow {
                    pattern: r.col(0).to_lowercase(),
                    code: code.to_owned(),
                    target: r.required(2, "target")?.to_owned(),
                    forms: strings(r.list(3))
                        .into_iter()
                        .map(|f| f.to_lowercase())
                        .collect(),
                    file: r.file,
                    line: r.line,
                })
            })
            .collect::<Result<_, DictionaryError>>()?;
        let devices = table(&DEVICES, sources, &mut version)?
            .iter()
            .map(|r| {
                let code = r.required(1, "code")?;
                if !cameo.contains_key(code) {
                    return Err(r.error(format!("cameo code {code:?} is not in cameo.tsv")));
                }
                let phrases = r
                    .list(0)
                    // Tokens as the text has them: "car-bomb" is "car", "-", "bomb".
                    .map(|p| {
                        p.replace('-', " - ")
                            .split_whitespace()
                            .map(str::to_lowercase)
                            .collect()
                    })
                    .collect();
                Ok(Device {
                    phrases,
                    code: code.to_owned(),
                })
            })
            .collect::<Result<Vec<_>, DictionaryError>>()?;
        let device_ends = devices
            .iter()
            .flat_map(|d| d.phrases.iter().filter_map(|p| p.last().cloned()))
            .collect();
        let mut tone = HashMap::new();
        for r in table(&TONE, sources, &mut version)? {
            let score = r.number(1, "score")?;
            if !(-1.0..=1.0).contains(&score) {
                return Err(r.error(format!("score {score} outside -1..1")));
            }
            tone.insert(r.col(0).to_lowercase(), score as f32);
        }
        let mut reciprocal = HashMap::new();
        for r in table(&RECIPROCAL, sources, &mut version)? {
            let mutual = match r.required(1, "mutual")? {
                "yes" => true,
                "no" => false,
                other => return Err(r.error(format!("mutual must be yes or no, found {other:?}"))),
            };
            reciprocal.insert(r.col(0).to_owned(), mutual);
        }
        let mut gazetteer = table(&GAZETTEER, sources, &mut version)?
            .iter()
            .map(|r| GazetteerEntry::read(r, true))
            .collect::<Result<Vec<_>, DictionaryError>>()?;
        let generated = table(&PLACES, sources, &mut version)?
            .iter()
            .map(|r| GazetteerEntry::read(r, false))
            .collect::<Result<Vec<_>, DictionaryError>>()?;
        merge_places(&mut gazetteer, generated);
        let mut given_names = HashMap::new();
        for r in table(&GIVEN_NAMES, sources, &mut version)? {
            let gender = match r.col(1) {
                "m" => Some(Gender::Male),
                "f" => Some(Gender::Female),
                "" => None,
                other => {
                    return Err(r.error(format!("gender must be m, f or empty, found {other:?}")));
                }
            };
            given_names.insert(r.required(0, "name")?.to_lowercase(), gender);
        }
        Ok(Dictionaries {
            countries,
            metonyms,
            igos,
            groups,
            leaders,
            agents,
            cameo,
            verbs,
            devices,
            device_ends,
            tone,
            reciprocal,
            gazetteer,
            given_names,
            actors: petrarch.actors,
            lexicon: petrarch.verbs,
            discards: petrarch.discards,
            notices: petrarch.notices,
            version: format!("{:016x}", version.0),
        })
    }

    /// Whether an event with this code is mutual between coordinated subjects: the entry of
    /// its longest listed prefix decides.
    pub fn mutual(&self, code: &str) -> bool {
        (2..=code.len())
            .rev()
            .filter_map(|n| code.get(..n))
            .find_map(|prefix| self.reciprocal.get(prefix))
            .copied()
            .unwrap_or(false)
    }

    /// The codebook entry for an event code: the code itself, else its nearest listed parent
    /// ("0431" under "043", a dictionary's "075A" under "075").
    pub fn cameo_for(&self, code: &str) -> Option<&Cameo> {
        (2..=code.len())
            .rev()
            .filter_map(|n| code.get(..n))
            .find_map(|prefix| self.cameo.get(prefix))
    }
}
