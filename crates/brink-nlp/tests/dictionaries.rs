//! Checks the reference dictionaries in `data/` against their contract with a reader of its own,
//! so a broken row is caught even when the analyser's loader would quietly accept it.

use std::collections::{HashMap, HashSet};
use std::path::Path;

/// One parsed dictionary: its header and rows, each row tagged with its line number.
struct Table {
    file: &'static str,
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    fn read(file: &'static str) -> Table {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data")
            .join(file);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
        let mut lines = text
            .lines()
            .enumerate()
            .map(|(i, line)| (i + 1, line))
            .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'));
        let (_, header) = lines.next().unwrap_or_else(|| panic!("{file}: no header"));
        let header: Vec<String> = header.split('\t').map(str::to_owned).collect();
        let rows: Vec<(usize, Vec<String>)> = lines
            .map(|(n, line)| {
                let cols: Vec<String> = line.split('\t').map(str::to_owned).collect();
                assert_eq!(
                    cols.len(),
                    header.len(),
                    "{file}:{n}: {} columns, header has {}",
                    cols.len(),
                    header.len()
                );
                (n, cols)
            })
            .collect();
        assert!(!rows.is_empty(), "{file}: no rows");
        Table { file, header, rows }
    }

    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{}: no column {name}", self.file))
    }

    /// The values of one column, with their line numbers.
    fn values<'a>(&'a self, name: &str) -> impl Iterator<Item = (usize, &'a str)> + 'a {
        let i = self.col(name);
        self.rows
            .iter()
            .map(move |(n, cols)| (*n, cols[i].as_str()))
    }

    /// The row whose `key` column equals `value`.
    fn row(&self, key: &str, value: &str) -> HashMap<&str, &str> {
        let i = self.col(key);
        let (_, cols) = self
            .rows
            .iter()
            .find(|(_, cols)| cols[i] == value)
            .unwrap_or_else(|| panic!("{}: no row with {key} {value:?}", self.file));
        self.header
            .iter()
            .map(String::as_str)
            .zip(cols.iter().map(String::as_str))
            .collect()
    }
}

fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split('|').filter(|v| !v.is_empty())
}

fn is_upper(value: &str, len: std::ops::RangeInclusive<usize>) -> bool {
    len.contains(&value.len()) && value.bytes().all(|b| b.is_ascii_uppercase())
}

fn iso3_codes() -> HashSet<String> {
    Table::read("countries.tsv")
        .values("iso3")
        .map(|(_, v)| v.to_owned())
        .collect()
}

const FILES: [(&str, &[&str]); 6] = [
    (
        "countries.tsv",
        &["iso3", "iso2", "name", "aliases", "demonyms", "capital"],
    ),
    ("metonyms.tsv", &["phrase", "code", "kind"]),
    ("igos.tsv", &["code", "name", "aliases"]),
    (
        "cameo.tsv",
        &["code", "label", "goldstein", "quad_class", "plover"],
    ),
    (
        "gazetteer.tsv",
        &[
            "name",
            "aliases",
            "country",
            "kind",
            "latitude",
            "longitude",
        ],
    ),
    (
        "places.tsv",
        &[
            "name",
            "aliases",
            "country",
            "region",
            "kind",
            "population",
            "latitude",
            "longitude",
        ],
    ),
];

#[test]
fn headers_are_exact_and_cells_are_clean() {
    for (file, header) in FILES {
        let table = Table::read(file);
        assert_eq!(table.header, header, "{file}: header");
        assert!(
            std::fs::read_to_string(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("data")
                    .join(file)
            )
            .unwrap()
            .starts_with('#'),
            "{file}: must open with a comment saying what it holds"
        );
        for (n, cols) in &table.rows {
            assert!(!cols[0].is_empty(), "{file}:{n}: first column is empty");
            for cell in cols {
                assert_eq!(
                    cell.trim(),
                    cell,
                    "{file}:{n}: stray whitespace in {cell:?}"
                );
                assert!(
                    !cell.starts_with('|') && !cell.ends_with('|') && !cell.contains("||"),
                    "{file}:{n}: empty value in list {cell:?}"
                );
            }
        }
    }
}

#[test]
fn countries_cover_iso_3166_with_unique_codes_and_names() {
    let table = Table::read("countries.tsv");
    assert_eq!(table.rows.len(), 249, "ISO 3166-1 has 249 entries");
    for column in ["iso3", "iso2", "name"] {
        let mut seen = HashSet::new();
        for (n, value) in table.values(column) {
            assert!(
                seen.insert(value),
                "countries.tsv:{n}: duplicate {column} {value:?}"
            );
        }
    }
    for (n, value) in table.values("iso3") {
        assert!(is_upper(value, 3..=3), "countries.tsv:{n}: iso3 {value:?}");
    }
    for (n, value) in table.values("iso2") {
        assert!(is_upper(value, 2..=2), "countries.tsv:{n}: iso2 {value:?}");
    }
    // A name, alias or demonym that led to two countries would make actor coding a coin toss.
    let mut owner: HashMap<&str, &str> = HashMap::new();
    let (iso3, name, aliases, demonyms) = (
        table.col("iso3"),
        table.col("name"),
        table.col("aliases"),
        table.col("demonyms"),
    );
    for (n, cols) in &table.rows {
        let terms = std::iter::once(cols[name].as_str())
            .chain(list(&cols[aliases]))
            .chain(list(&cols[demonyms]))
            .collect::<HashSet<_>>();
        for term in terms {
            if let Some(other) = owner.insert(term, &cols[iso3]) {
                panic!("countries.tsv:{n}: {term:?} also names {other}");
            }
        }
    }
}

#[test]
fn cameo_codes_are_consistent() {
    let table = Table::read("cameo.tsv");
    let plover = [
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "DEMAND",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
        "OTHER",
    ];
    let codes: HashSet<&str> = table.values("code").map(|(_, c)| c).collect();
    assert_eq!(codes.len(), table.rows.len(), "cameo.tsv: duplicate codes");
    for root in 1..=20 {
        assert!(
            codes.contains(format!("{root:02}").as_str()),
            "root {root:02} missing"
        );
    }
    let (code, goldstein, quad, category) = (
        table.col("code"),
        table.col("goldstein"),
        table.col("quad_class"),
        table.col("plover"),
    );
    for (n, cols) in &table.rows {
        let c = cols[code].as_str();
        assert!(
            (2..=4).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit()),
            "cameo.tsv:{n}: code {c:?}"
        );
        let root: u8 = c[..2].parse().unwrap();
        assert!((1..=20).contains(&root), "cameo.tsv:{n}: root of {c}");
        if c.len() > 2 {
            let parent = &c[..c.len() - 1];
            assert!(
                codes.contains(parent),
                "cameo.tsv:{n}: {c} has no parent {parent}"
            );
        }
        let weight: f64 = cols[goldstein]
            .parse()
            .unwrap_or_else(|_| panic!("cameo.tsv:{n}: goldstein {:?}", cols[goldstein]));
        assert!(
            (-10.0..=10.0).contains(&weight),
            "cameo.tsv:{n}: goldstein {weight}"
        );
        let expected = match root {
            1..=5 => "1",
            6..=8 => "2",
            9..=13 => "3",
            _ => "4",
        };
        assert_eq!(cols[quad], expected, "cameo.tsv:{n}: quad class of {c}");
        assert!(
            plover.contains(&cols[category].as_str()),
            "cameo.tsv:{n}: plover {:?}",
            cols[category]
        );
    }
    // Cooperation roots must weigh positive and material conflict negative on the Goldstein scale.
    for (n, cols) in &table.rows {
        let weight: f64 = cols[goldstein].parse().unwrap();
        match cols[quad].as_str() {
            "2" => assert!(
                weight > 0.0,
                "cameo.tsv:{n}: material cooperation weighs {weight}"
            ),
            "4" => assert!(
                weight < 0.0,
                "cameo.tsv:{n}: material conflict weighs {weight}"
            ),
            _ => {}
        }
    }
}

#[test]
fn metonyms_point_at_known_countries() {
    let countries = iso3_codes();
    let table = Table::read("metonyms.tsv");
    let mut phrases = HashSet::new();
    for (n, cols) in &table.rows {
        let (phrase, code, kind) = (&cols[0], &cols[1], &cols[2]);
        assert!(
            code.len() >= 6 && countries.contains(&code[..3]) && is_upper(&code[3..], 3..=3),
            "metonyms.tsv:{n}: code {code:?} is not a known iso3 plus a role"
        );
        assert!(
            ["capital", "seat", "shorthand"].contains(&kind.as_str()),
            "metonyms.tsv:{n}: kind {kind:?}"
        );
        for variant in list(phrase) {
            assert!(
                phrases.insert(variant),
                "metonyms.tsv:{n}: duplicate phrase {variant:?}"
            );
        }
    }
}

#[test]
fn igo_codes_follow_the_scheme() {
    let table = Table::read("igos.tsv");
    let mut codes = HashSet::new();
    let mut names = HashMap::new();
    for (n, cols) in &table.rows {
        let code = cols[0].as_str();
        assert!(
            is_upper(code, 6..=9) && (code.starts_with("IGO") || code.starts_with("NGO")),
            "igos.tsv:{n}: code {code:?}"
        );
        assert!(codes.insert(code), "igos.tsv:{n}: duplicate code {code}");
        for name in std::iter::once(cols[1].as_str()).chain(list(&cols[2])) {
            if let Some(other) = names.insert(name, code) {
                panic!("igos.tsv:{n}: {name:?} also names {other}");
            }
        }
    }
    // A body nested under another extends an existing code.
    for code in &codes {
        if code.len() == 9 {
            assert!(
                codes.contains(&code[..6]),
                "igos.tsv: {code} has no parent {}",
                &code[..6]
            );
        }
    }
}

#[test]
fn gazetteer_places_are_valid_and_cover_every_country_and_capital() {
    let countries = Table::read("countries.tsv");
    let known = iso3_codes();
    let table = Table::read("gazetteer.tsv");
    let mut keys = HashSet::new();
    let mut kinds: HashMap<(&str, &str), HashSet<&str>> = HashMap::new();
    for (n, cols) in &table.rows {
        let (name, country, kind) = (cols[0].as_str(), cols[2].as_str(), cols[3].as_str());
        assert!(
            country.is_empty() || known.contains(country),
            "gazetteer.tsv:{n}: unknown country {country:?}"
        );
        assert!(
            ["country", "capital", "city", "region"].contains(&kind),
            "gazetteer.tsv:{n}: kind {kind:?}"
        );
        for (i, range) in [(4, -90.0..=90.0), (5, -180.0..=180.0)] {
            let value: f64 = cols[i]
                .parse()
                .unwrap_or_else(|_| panic!("gazetteer.tsv:{n}: coordinate {:?}", cols[i]));
            assert!(
                range.contains(&value),
                "gazetteer.tsv:{n}: coordinate {value} out of range"
            );
            assert_eq!(
                cols[i].split('.').nth(1).map(str::len),
                Some(4),
                "gazetteer.tsv:{n}: coordinate {:?} needs 4 decimals",
                cols[i]
            );
        }
        assert!(
            keys.insert((name, country)),
            "gazetteer.tsv:{n}: duplicate {name} in {country:?}"
        );
        kinds.entry((name, country)).or_default().insert(kind);
    }
    let (iso3, name, capital) = (
        countries.col("iso3"),
        countries.col("name"),
        countries.col("capital"),
    );
    for (n, cols) in &countries.rows {
        let country = cols[iso3].as_str();
        assert!(
            kinds
                .get(&(cols[name].as_str(), country))
                .is_some_and(|k| k.contains("country")),
            "countries.tsv:{n}: {} has no country place",
            cols[name]
        );
        let cap = cols[capital].as_str();
        if !cap.is_empty() && cap != cols[name] {
            assert!(
                kinds
                    .get(&(cap, country))
                    .is_some_and(|k| k.contains("capital")),
                "countries.tsv:{n}: capital {cap} has no capital place in {country}"
            );
        }
    }
}

#[test]
fn well_known_facts_hold() {
    let countries = Table::read("countries.tsv");
    let russia = countries.row("iso3", "RUS");
    assert_eq!(russia["capital"], "Moscow");
    assert_eq!(russia["iso2"], "RU");
    assert!(list(russia["demonyms"]).any(|d| d == "Russians"));
    let north_korea = countries.row("iso3", "PRK");
    assert_eq!(north_korea["name"], "North Korea");
    assert!(list(north_korea["aliases"]).any(|a| a == "DPRK"));
    assert!(list(countries.row("iso3", "USA")["aliases"]).any(|a| a == "U.S."));
    assert_eq!(countries.row("iso3", "KOR")["name"], "South Korea");

    let cameo = Table::read("cameo.tsv");
    for (code, weight, quad) in [
        ("010", "0.0", "1"),
        ("036", "4.0", "1"),
        ("057", "8.0", "1"),
        ("138", "-7.0", "3"),
        ("163", "-8.0", "4"),
        ("190", "-10.0", "4"),
    ] {
        let row = cameo.row("code", code);
        assert_eq!(row["goldstein"], weight, "goldstein of {code}");
        assert_eq!(row["quad_class"], quad, "quad class of {code}");
    }
    assert_eq!(cameo.row("code", "112")["plover"], "ACCUSE");

    let metonyms = Table::read("metonyms.tsv");
    assert_eq!(metonyms.row("phrase", "Moscow")["code"], "RUSGOV");
    assert_eq!(metonyms.row("phrase", "the White House")["code"], "USAGOV");
    assert_eq!(metonyms.row("phrase", "the Pentagon")["code"], "USAMIL");

    let igos = Table::read("igos.tsv");
    assert_eq!(igos.row("code", "IGOUNO")["name"], "United Nations");
    assert!(list(igos.row("code", "IGONAT")["aliases"]).any(|a| a == "NATO"));

    let gazetteer = Table::read("gazetteer.tsv");
    for (place, lat, lon) in [
        ("Seoul", 37.57, 126.98),
        ("Moscow", 55.75, 37.62),
        ("Kyiv", 50.45, 30.52),
    ] {
        let row = gazetteer.row("name", place);
        let (la, lo): (f64, f64) = (
            row["latitude"].parse().unwrap(),
            row["longitude"].parse().unwrap(),
        );
        assert!(
            (la - lat).abs() < 0.05 && (lo - lon).abs() < 0.05,
            "{place} at {la},{lo}, expected near {lat},{lon}"
        );
        assert_eq!(row["kind"], "capital");
    }
}
