//! Short political stories of 2001–2003 written for Brink, each with the events a careful
//! CAMEO coder finds and every direct quote with its speaker. The figures are the ones an
//! analyst judges first: how many stories get an event, how many coded events a coder would
//! also code (root level, as in `wire.rs`), and how many quotes name the right speaker.
//!
//! `cargo test -p brink-nlp --test stories -- --nocapture` prints them;
//! `BRINK_STORY_MISSES=1` also lists the quotes whose speaker differs.

use brink_nlp::Analyzer;
use chrono::NaiveDate;
use serde_json::Value;

/// Share of stories with at least one event that must hold.
const COVERAGE_FLOOR: f64 = 0.90;
/// Share of quotes with a named speaker that must get that speaker.
const SPEAKER_FLOOR: f64 = 0.90;
/// Share of coded events a coder also finds in the story (root level).
const PRECISION_FLOOR: f64 = 0.63;

/// Folds the accents of Latin letters and hyphens within names, so "Chávez" names "Chavez"
/// and "Kim Jong-il" names "Kim Jong Il".
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            '-' => ' ',
            other => other.to_ascii_lowercase(),
        })
        .collect()
}

/// Whether a found speaker's name is the expected person: the same surname at least.
fn same_person(expected: &str, found: &str) -> bool {
    let (expected, found) = (fold(expected), fold(found));
    let surname = expected.split_whitespace().last().unwrap_or("");
    !found.is_empty() && (found.contains(surname) || expected.contains(&found))
}

fn prefix(code: &str) -> &str {
    &code[..code.len().min(3)]
}

#[test]
fn stories_coverage_precision_and_speakers() {
    let analyzer = Analyzer::load(None).expect("built-in dictionaries load");
    let data = include_str!("data/stories-2001.jsonl");
    let (mut stories, mut covered) = (0, 0);
    let (mut coded, mut right) = (0, 0);
    let (mut quotes, mut speakers) = (0, 0);
    let mut misses = Vec::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).expect("a JSON story");
        let date =
            NaiveDate::parse_from_str(&v["published_at"].as_str().expect("date")[..10], "%Y-%m-%d")
                .expect("a date");
        let body = v["body"].as_str().expect("body");
        let title = v["title"].as_str().expect("title");
        let analysis = analyzer.analyze(title, body, Some(date));
        stories += 1;
        let code = |actor: Option<usize>| actor.map_or("", |a| analysis.actors[a].code.as_str());
        let gold: Vec<(&str, &str, &str)> = v["events"]
            .as_array()
            .expect("events")
            .iter()
            .map(|e| {
                let f = |i: usize| e[i].as_str().expect("a string");
                (f(0), f(1), f(2))
            })
            .collect();
        let mut found: Vec<(&str, &str, &str)> = analysis
            .events
            .iter()
            .filter(|e| !e.negated)
            .map(|e| (prefix(code(e.source)), prefix(code(e.target)), &e.code[..2]))
            .collect();
        found.sort_unstable();
        found.dedup();
        covered += usize::from(!found.is_empty());
        coded += found.len();
        right += found
            .iter()
            .filter(|(s, t, root)| {
                gold.iter().any(|(gs, gt, gc)| {
                    gc.get(..2) == Some(*root)
                        && (gs.is_empty() || prefix(gs) == *s)
                        && (gt.is_empty() || prefix(gt) == *t)
                })
            })
            .count();
        for q in v["quotes"].as_array().expect("quotes") {
            let (fragment, speaker) = (q[0].as_str().expect("text"), q[1].as_str().expect("name"));
            if speaker.is_empty() {
                continue;
            }
            quotes += 1;
            let name = analysis
                .quotes
                .iter()
                .find(|q| q.text.contains(fragment))
                .and_then(|q| q.speaker)
                .map_or("", |a| analysis.actors[a].name.as_str());
            if same_person(speaker, name) {
                speakers += 1;
            } else {
                misses.push(format!("{fragment:?}: expected {speaker}, found {name:?}"));
            }
        }
    }
    let coverage = covered as f64 / stories as f64;
    let precision = right as f64 / coded.max(1) as f64;
    let speaker_share = speakers as f64 / quotes.max(1) as f64;
    println!(
        "stories {stories}, with an event {covered} ({coverage:.2}); coded {coded}, also \
         coded by a coder {right} ({precision:.2}); quotes {quotes}, right speaker {speakers} \
         ({speaker_share:.2})"
    );
    if std::env::var_os("BRINK_STORY_MISSES").is_some() {
        println!("{}", misses.join("\n"));
    }
    assert!(
        coverage >= COVERAGE_FLOOR,
        "coverage {coverage:.2} below {COVERAGE_FLOOR}"
    );
    assert!(
        precision >= PRECISION_FLOOR,
        "precision {precision:.2} below {PRECISION_FLOOR}"
    );
    assert!(
        speaker_share >= SPEAKER_FLOOR,
        "speakers {speaker_share:.2} below {SPEAKER_FLOOR}"
    );
}
