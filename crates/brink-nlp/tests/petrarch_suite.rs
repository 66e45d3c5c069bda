//! PETRARCH2's own unit-test suite, coded by Brink from the sentence text alone (no parse)
//! with the suite's fictional dictionaries and nothing built in. The records are read from
//! `../shared/petrarch` at test time; the test is skipped when that folder is absent.
//!
//! `cargo test -p brink-nlp --test petrarch_suite -- --nocapture` prints the table by category.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use brink_nlp::{Analyzer, Sources};
use chrono::NaiveDate;

/// Share of records that must be coded exactly; raised as the coder improves.
const FLOOR: f64 = 0.775;

const DICTIONARIES: &[&str] = &[
    "PETR.Validate.verbs.txt",
    "PETR.Validate.actors.txt",
    "PETR.Validate.agents.txt",
    "PETR.Validate.discards.txt",
];

struct Record {
    id: String,
    category: String,
    date: Option<NaiveDate>,
    text: String,
    /// (source, target, code), sorted.
    expected: Vec<(String, String, String)>,
}

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/petrarch")
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let len = tag[at..].find('"')?;
    Some(tag[at..at + len].to_owned())
}

/// Between `open` and `close` after `from`: (content, index past `close`).
fn between<'a>(text: &'a str, from: usize, open: &str, close: &str) -> Option<(&'a str, usize)> {
    let start = text[from..].find(open)? + from + open.len();
    let end = text[start..].find(close)? + start;
    Some((&text[start..end], end + close.len()))
}

/// The records of the suite; the file is not well-formed XML everywhere, so it is read by
/// its tags rather than parsed.
fn records(xml: &str) -> Vec<Record> {
    let mut text = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(open) = rest.find("<!--") {
        text.push_str(&rest[..open]);
        rest = rest[open..]
            .find("-->")
            .map_or("", |close| &rest[open + close + 3..]);
    }
    text.push_str(rest);
    let mut out = Vec::new();
    let mut at = 0;
    while let Some((head, past_head)) = between(&text, at, "<Sentence ", ">") {
        let Some((body, past)) = between(&text, past_head, "", "</Sentence>") else {
            break;
        };
        at = past;
        let Some((sentence, _)) = between(body, 0, "<Text>", "</Text>") else {
            continue;
        };
        let mut expected = Vec::new();
        let mut k = 0;
        while let Some((coding, next)) = between(body, k, "<EventCoding", ">") {
            k = next;
            if let Some(code) = attribute(coding, "eventcode") {
                expected.push((
                    attribute(coding, "sourcecode").unwrap_or_default(),
                    attribute(coding, "targetcode").unwrap_or_default(),
                    code,
                ));
            }
        }
        expected.sort();
        out.push(Record {
            id: attribute(head, "id").unwrap_or_default(),
            category: attribute(head, "category").unwrap_or_default(),
            date: attribute(head, "date")
                .and_then(|d| NaiveDate::parse_from_str(&d, "%Y%m%d").ok()),
            text: sentence.split_whitespace().collect::<Vec<_>>().join(" "),
            expected,
        });
    }
    out
}

#[test]
fn petrarch_unit_suite() {
    let dir = shared();
    let suite = dir.join("tests/PETR.UnitTest.records.xml");
    let Ok(xml) = std::fs::read_to_string(&suite) else {
        eprintln!("skipped: {} is absent", suite.display());
        return;
    };
    let dictionaries = tempfile::tempdir().expect("tempdir");
    for name in DICTIONARIES {
        std::fs::copy(
            dir.join("dictionaries").join(name),
            dictionaries.path().join(name),
        )
        .unwrap_or_else(|e| panic!("copy {name}: {e}"));
    }
    let analyzer = Analyzer::from_sources(&Sources {
        dir: Some(dictionaries.path()),
        no_builtin: true,
    })
    .expect("the suite's dictionaries load");

    let records = records(&xml);
    assert!(records.len() > 250, "only {} records read", records.len());
    let mut by_category: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut exact = 0;
    let mut misses = Vec::new();
    for record in &records {
        let analysis = analyzer.analyze("", &record.text, record.date);
        let code = |actor: Option<usize>| {
            actor.map_or_else(String::new, |a| analysis.actors[a].code.clone())
        };
        let mut got: Vec<(String, String, String)> = analysis
            .events
            .iter()
            .filter(|e| !e.negated)
            .map(|e| (code(e.source), code(e.target), e.code.clone()))
            .collect();
        got.sort();
        got.dedup();
        let ok = got == record.expected;
        let entry = by_category.entry(&record.category).or_default();
        entry.0 += 1;
        if ok {
            entry.1 += 1;
            exact += 1;
        } else {
            misses.push(format!(
                "{:<14} expected {:?}\n               got      {:?}\n               {}",
                record.id, record.expected, got, record.text
            ));
        }
    }
    println!(
        "{:<10} {:>7} {:>7} {:>6}",
        "category", "records", "exact", "%"
    );
    for (category, (n, ok)) in &by_category {
        println!(
            "{category:<10} {n:>7} {ok:>7} {:>5.0}%",
            100.0 * *ok as f64 / *n as f64
        );
    }
    let share = exact as f64 / records.len() as f64;
    println!(
        "{:<10} {:>7} {exact:>7} {:>5.1}%",
        "all",
        records.len(),
        100.0 * share
    );
    if std::env::var_os("BRINK_SUITE_MISSES").is_some() {
        println!("{}", misses.join("\n"));
    }
    assert!(
        share >= FLOOR,
        "{exact} of {} records coded exactly ({:.1}%), below the floor of {:.1}%",
        records.len(),
        100.0 * share,
        100.0 * FLOOR
    );
}
