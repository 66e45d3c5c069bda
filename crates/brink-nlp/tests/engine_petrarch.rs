//! Dictionaries in the PETRARCH/TABARI formats, read natively: a researcher's own verbs,
//! actors, agents and discards code alone, every event names the entry that fired, and bad
//! files are reported by name and line.

use brink_nlp::model::Analysis;
use brink_nlp::{Analyzer, DictionaryError, Sources};
use chrono::NaiveDate;

const VERBS: &str = "\
# test verbs
&PACT_
+TREATY
+ACCORD

--- SIGN [---] ---
SIGN
- * &PACT (WITH +) [057]
- * {TRADE DEAL} [0311]

--- ESCORT [042:043] ---
ESCORT

--- SHELL [195] ---
SHELL
- NOT * [0195]
";

const ACTORS: &str = "\
VALDORIA_ [VAL]
+VALDORIAN_
OSTRAVIA_ [OST]
+OSTRAVIAN_
MIRA_KELLAN_
+KELLAN_
\t[VALGOV 20100101-20191231]
\t[VALELI >20200101]
";

const AGENTS: &str = "\
COAST_GUARD {} [~NAV]
RELIEF_AGENCY [NGO~]
";

const DISCARDS: &str = "\
+CHESS OLYMPIAD
";

fn load(files: &[(&str, &str)]) -> Result<Analyzer, DictionaryError> {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write dictionary");
    }
    Analyzer::from_sources(&Sources {
        dir: Some(dir.path()),
        no_builtin: true,
    })
}

fn suite() -> Analyzer {
    load(&[
        ("test.verbs.txt", VERBS),
        ("test.actors.txt", ACTORS),
        ("test.agents.txt", AGENTS),
        ("test.discards.txt", DISCARDS),
    ])
    .expect("test dictionaries load")
}

fn day(date: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// (source, target, code, negated) of every event.
fn coded(analysis: &Analysis) -> Vec<(String, String, String, bool)> {
    let code = |a: Option<usize>| a.map_or(String::new(), |a| analysis.actors[a].code.clone());
    let mut out: Vec<_> = analysis
        .events
        .iter()
        .map(|e| (code(e.source), code(e.target), e.code.clone(), e.negated))
        .collect();
    out.sort();
    out
}

fn event(source: &str, target: &str, code: &str) -> (String, String, String, bool) {
    (source.into(), target.into(), code.into(), false)
}

#[test]
fn patterns_synsets_and_prepositional_targets() {
    let analyzer = suite();
    let doc = analyzer.analyze(
        "",
        "Valdoria signed a border treaty with Ostravia on Monday.",
        day("2024-03-01"),
    );
    assert_eq!(coded(&doc), [event("VAL", "OST", "057")]);
    let rule = &doc.events[0].rule;
    assert!(rule.starts_with("test.verbs.txt:"), "{rule}");

    // A pattern word that is not there leaves the verb's block code, here null: no event.
    let doc = analyzer.analyze("", "Valdoria signed Ostravia.", day("2024-03-01"));
    assert!(doc.events.is_empty(), "{:?}", coded(&doc));
}

#[test]
fn paired_codes_give_the_reverse_event() {
    let doc = suite().analyze(
        "",
        "Ostravian ships escorted Valdoria through the strait.",
        day("2024-03-01"),
    );
    let events = coded(&doc);
    assert!(events.contains(&event("OST", "VAL", "042")), "{events:?}");
    assert!(events.contains(&event("VAL", "OST", "043")), "{events:?}");
}

#[test]
fn dated_codes_follow_the_article_date() {
    let analyzer = suite();
    let sentence = "Kellan escorted Ostravia to the summit.";
    let in_office = analyzer.analyze("", sentence, day("2015-06-01"));
    assert!(
        coded(&in_office).contains(&event("VALGOV", "OST", "042")),
        "{:?}",
        coded(&in_office)
    );
    let retired = analyzer.analyze("", sentence, day("2023-06-01"));
    assert!(
        coded(&retired).contains(&event("VALELI", "OST", "042")),
        "{:?}",
        coded(&retired)
    );
}

#[test]
fn agents_take_their_country_before_or_after() {
    let analyzer = suite();
    let doc = analyzer.analyze(
        "",
        "The Valdorian coast guard shelled Ostravia.",
        day("2024-03-01"),
    );
    assert_eq!(coded(&doc), [event("VALNAV", "OST", "195")]);
    let doc = analyzer.analyze(
        "",
        "The relief agency of Ostravia escorted Valdoria.",
        day("2024-03-01"),
    );
    assert!(
        coded(&doc).contains(&event("NGOOST", "VAL", "042")),
        "{:?}",
        coded(&doc)
    );
    // A role with no country to belong to is not coded.
    let doc = analyzer.analyze("", "The coast guard shelled Ostravia.", day("2024-03-01"));
    assert!(doc.events.is_empty(), "{:?}", coded(&doc));
}

#[test]
fn negation_named_by_a_pattern_is_its_code_not_a_flag() {
    let analyzer = suite();
    let doc = analyzer.analyze("", "Valdoria did not shell Ostravia.", day("2024-03-01"));
    assert_eq!(coded(&doc), [event("VAL", "OST", "0195")]);
    let plain = analyzer.analyze("", "Valdoria never shelled Ostravia.", day("2024-03-01"));
    assert_eq!(
        coded(&plain),
        [("VAL".into(), "OST".into(), "195".into(), true)]
    );
}

#[test]
fn a_story_wide_discard_codes_nothing() {
    let analyzer = suite();
    let doc = analyzer.analyze(
        "",
        "Valdoria signed a border treaty with Ostravia. Both sent teams to the chess olympiad.",
        day("2024-03-01"),
    );
    assert!(doc.events.is_empty(), "{:?}", coded(&doc));
}

#[test]
fn bad_files_are_reported_by_name_and_line() {
    let error = match load(&[("notes.json", "{}")]) {
        Err(error) => error.to_string(),
        Ok(_) => panic!("an unrecognised file must be an error"),
    };
    assert!(error.contains("notes.json"), "{error}");
    // Documentation beside the dictionaries is noted, not read.
    let analyzer = load(&[("README.md", "# mine"), ("test.verbs.txt", VERBS)]).expect("load");
    assert!(
        analyzer
            .notices()
            .iter()
            .any(|n| n.to_string().starts_with("README.md")),
        "{:?}",
        analyzer.notices()
    );

    let analyzer = load(&[(
        "mine.verbs.txt",
        "--- WARN [130] ---\nWARN\n- * &UNDEFINED [131]\n",
    )])
    .expect("a bad pattern skips only that pattern");
    let notice = analyzer
        .notices()
        .iter()
        .map(ToString::to_string)
        .find(|n| n.starts_with("mine.verbs.txt:3"))
        .unwrap_or_else(|| panic!("no notice for line 3: {:?}", analyzer.notices()));
    assert!(notice.contains("UNDEFINED"), "{notice}");
}

#[test]
fn the_version_follows_the_dictionaries() {
    let one = suite().version();
    let two = load(&[("test.verbs.txt", VERBS), ("test.actors.txt", ACTORS)])
        .expect("load")
        .version();
    assert_ne!(one, two);
    assert_eq!(one, suite().version());
    assert!(one.starts_with(env!("CARGO_PKG_VERSION")), "{one}");
}

#[test]
fn text_that_repeats_a_pattern_word_stays_bounded() {
    // Every loose join of this pattern can land on any of the repeated words; the matcher
    // gives a pattern a bounded number of steps instead of trying every way.
    let verbs = "--- SIGN [---] ---\nSIGN\n- * PACT PACT PACT PACT PACT PACT PACT PACT X [057]\n";
    let analyzer = load(&[("test.verbs.txt", verbs), ("test.actors.txt", ACTORS)])
        .expect("test dictionaries load");
    // The last word is there, so the pattern is tried, but out of reach past the semicolon.
    let body = format!("Valdoria signed {}; x.", "pact ".repeat(2_000));
    let doc = analyzer.analyze("", &body, day("2024-03-01"));
    assert!(doc.events.is_empty(), "{:?}", coded(&doc));
    assert_eq!(doc.sentences.len(), 1);
}

#[test]
fn a_verb_in_two_blocks_reads_as_the_block_whose_pattern_fits() {
    let verbs = "\
--- LEAVE [040] ---
+PULL_OUT {PULLS PULLED PULLING}

--- RETREAT [080] ---
+PULL_OUT {PULLS PULLED PULLING}
- * FROM + [0874]
";
    let analyzer = load(&[("two.verbs.txt", verbs), ("test.actors.txt", ACTORS)]).expect("load");
    let doc = analyzer.analyze(
        "",
        "Valdoria pulled out from Ostravia on Monday.",
        day("2024-03-01"),
    );
    assert_eq!(coded(&doc), [event("VAL", "OST", "0874")]);
    // With no pattern fitting, the block listed first codes it.
    let doc = analyzer.analyze(
        "",
        "Valdoria pulled out of the talks with Ostravia.",
        day("2024-03-01"),
    );
    assert_eq!(coded(&doc), [event("VAL", "OST", "040")]);
}
