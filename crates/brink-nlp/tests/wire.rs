//! Wire-style sentences written for Brink, each with the events a careful CAMEO coder finds
//! (or none), coded with the built-in dictionaries. Two sets: `wire.jsonl`, on the coder's
//! constructions one by one, and `wire-2001.jsonl`, international news of 2001–2003 written
//! and coded apart from the coder's development, with its own conventions (meetings one way,
//! reported speech coded by the embedded event, refusals as rejections). Events are compared at root level: the
//! two-digit CAMEO root and the first three letters (country or IGO) of source and target; an
//! empty gold actor accepts any. Negated events count as none.
//!
//! `cargo test -p brink-nlp --test wire -- --nocapture` prints the figures;
//! `BRINK_WIRE_MISSES=1` also lists each sentence whose events differ.

use brink_nlp::Analyzer;
use chrono::NaiveDate;
use serde_json::Value;

/// Each set with the root-level F1 that must hold on it; raised as the coder improves.
const SETS: [(&str, &str, f64); 2] = [
    ("wire.jsonl", include_str!("data/wire.jsonl"), 0.88),
    (
        "wire-2001.jsonl",
        include_str!("data/wire-2001.jsonl"),
        0.53,
    ),
];

/// (source, target, code) of one event.
type Coded = (String, String, String);

struct Record {
    date: NaiveDate,
    text: String,
    expected: Vec<Coded>,
}

fn records(data: &str) -> Vec<Record> {
    data.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).expect("a JSON record");
            let field = |e: &Value, i: usize| e[i].as_str().expect("a string").to_owned();
            Record {
                date: NaiveDate::parse_from_str(v["date"].as_str().expect("date"), "%Y-%m-%d")
                    .expect("a date"),
                text: v["text"].as_str().expect("text").to_owned(),
                expected: v["events"]
                    .as_array()
                    .expect("events")
                    .iter()
                    .map(|e| (field(e, 0), field(e, 1), field(e, 2)))
                    .collect(),
            }
        })
        .collect()
}

fn prefix(code: &str) -> &str {
    &code[..code.len().min(3)]
}

/// Whether a coded event matches a gold one at root level.
fn matches(gold: &Coded, got: &Coded) -> bool {
    let actor = |g: &str, c: &str| g.is_empty() || prefix(g) == prefix(c);
    gold.2.get(..2) == got.2.get(..2) && actor(&gold.0, &got.0) && actor(&gold.1, &got.1)
}

/// True positives of one sentence, each gold event matched at most once.
fn true_positives(expected: &[Coded], got: &[Coded]) -> usize {
    let mut used = vec![false; got.len()];
    expected
        .iter()
        .filter(|gold| {
            let hit = (0..got.len()).find(|&i| !used[i] && matches(gold, &got[i]));
            hit.map(|i| used[i] = true).is_some()
        })
        .count()
}

/// Root-level F1 of one set, with the sentences coded differently.
fn score(analyzer: &Analyzer, data: &str) -> (f64, String, Vec<String>) {
    let (mut tp, mut predicted, mut gold) = (0, 0, 0);
    let mut misses = Vec::new();
    for record in records(data) {
        let analysis = analyzer.analyze("", &record.text, Some(record.date));
        let code = |actor: Option<usize>| {
            actor.map_or_else(String::new, |a| analysis.actors[a].code.clone())
        };
        let mut got: Vec<Coded> = analysis
            .events
            .iter()
            .filter(|e| !e.negated)
            .map(|e| (code(e.source), code(e.target), e.code.clone()))
            .collect();
        got.dedup();
        let hits = true_positives(&record.expected, &got);
        tp += hits;
        predicted += got.len();
        gold += record.expected.len();
        if hits != record.expected.len() || hits != got.len() {
            misses.push(format!(
                "expected {:?}\n  got    {:?}\n  {}",
                record.expected, got, record.text
            ));
        }
    }
    let precision = tp as f64 / predicted.max(1) as f64;
    let recall = tp as f64 / gold.max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    let figures = format!(
        "events: gold {gold}, coded {predicted}, matched {tp}; precision {precision:.2}, \
         recall {recall:.2}, F1 {f1:.2}"
    );
    (f1, figures, misses)
}

#[test]
fn wire_sentences_root_level_f1() {
    let analyzer = Analyzer::load(None).expect("built-in dictionaries load");
    let mut below = Vec::new();
    for (name, data, floor) in SETS {
        let (f1, figures, misses) = score(&analyzer, data);
        println!("{name}: {figures}");
        if std::env::var_os("BRINK_WIRE_MISSES").is_some() {
            println!("{}", misses.join("\n"));
        }
        if f1 < floor {
            below.push(format!(
                "{name}: root-level F1 {f1:.2} is below the floor of {floor:.2}"
            ));
        }
    }
    assert!(below.is_empty(), "{}", below.join("; "));
}
