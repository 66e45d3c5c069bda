//! The founding article (shared/samples, outside the repository): runs when it is present.

mod engine_common;

use std::collections::HashMap;
use std::path::PathBuf;

use brink_nlp::model::{QuadClass, QuoteKind};
use engine_common::Doc;

fn sample() -> Option<PathBuf> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|dir| dir.join("shared/samples/putin-korea-2017.json"))
        .find(|path| path.exists())
}

fn load() -> Option<Doc> {
    let Some(path) = sample() else {
        eprintln!(
            "skipped: shared/samples/putin-korea-2017.json not found above {}",
            env!("CARGO_MANIFEST_DIR")
        );
        return None;
    };
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("sample readable"))
            .expect("sample is json");
    let field = |name: &str| json[name].as_str().unwrap_or_default().to_owned();
    let published = field("published_at");
    Some(engine_common::analyze(
        &field("title"),
        &field("body"),
        &published[..10],
    ))
}

#[test]
fn quotes_have_the_right_speakers() {
    let Some(doc) = load() else { return };
    assert_eq!(doc.speaker("misguided and futile"), "Vladimir Putin");
    assert_eq!(
        doc.speaker("The region's problems should only be settled"),
        "Vladimir Putin"
    );
    assert_eq!(doc.speaker("fire and fury"), "Donald Trump");
    assert_eq!(
        doc.speaker("Russian experts put most of the blame"),
        "Georgy Toloraya"
    );
    let russia = doc.quote("counterproductive and dangerous");
    assert_eq!(
        russia
            .speaker
            .and_then(|s| doc.analysis.actors[s].country.clone())
            .as_deref(),
        Some("RUS")
    );
    for quote in &doc.analysis.quotes {
        if quote.kind != QuoteKind::Reported {
            assert!(
                quote.attribution.is_some(),
                "quote without evidence of attribution: {quote:?}"
            );
        }
        assert!(
            doc.text[quote.span.start..quote.span.end].contains(quote.text.trim_end_matches('.'))
        );
    }
    let toloraya = &doc.analysis.actors[doc.actor("Georgy Toloraya").expect("Toloraya found")];
    assert_eq!(toloraya.country.as_deref(), Some("RUS"));
    assert!(
        toloraya
            .affiliation
            .as_deref()
            .is_some_and(|a| a.contains("Russian Academy of Science"))
    );
}

#[test]
fn events_of_the_acceptance_list() {
    let Some(doc) = load() else { return };
    let by_country = |e: &&brink_nlp::model::Event, source: &str, target: &str| {
        let country = |a: Option<usize>| {
            a.and_then(|a| doc.analysis.actors[a].country.clone())
                .unwrap_or_default()
        };
        country(e.source) == source && country(e.target) == target
    };
    let events = &doc.analysis.events;
    let detail = doc.describe_events();
    assert!(
        events
            .iter()
            .any(|e| e.root == "16" && by_country(&e, "RUS", "PRK") && !e.negated),
        "sanctions vote missing:\n{detail}"
    );
    assert!(
        events
            .iter()
            .any(|e| e.root == "13" && by_country(&e, "PRK", "USA")),
        "Guam plan missing:\n{detail}"
    );
    assert!(
        events.iter().any(|e| e.root == "13"
            && by_country(&e, "USA", "PRK")
            && doc.name(e.source) == "Donald Trump"),
        "Trump's warning missing:\n{detail}"
    );
    for opponent in ["RUS", "CHN"] {
        assert!(
            events
                .iter()
                .any(|e| e.code.starts_with("11") && by_country(&e, opponent, "USA")),
            "{opponent} opposition to the drills missing:\n{detail}"
        );
    }
    let flights = events
        .iter()
        .find(|e| doc.slice(e.trigger).contains("Tu-95"))
        .unwrap_or_else(|| panic!("Tu-95 flights missing:\n{detail}"));
    assert_eq!(flights.root, "15");
    assert_eq!(
        doc.analysis.actors[flights.source.unwrap()]
            .country
            .as_deref(),
        Some("RUS")
    );
    assert!(doc.analysis.places.iter().any(|p| p.name == "Seoul"));
    for e in events {
        let sentence = &doc.analysis.sentences[e.sentence];
        assert!(sentence.span.start <= e.trigger.start && e.trigger.end <= sentence.span.end);
        assert!(e.date.is_some());
    }
}

#[test]
fn usa_and_north_korea_are_the_most_conflictual_pair() {
    let Some(doc) = load() else { return };
    let mut pairs: HashMap<(String, String), f64> = HashMap::new();
    for e in doc.analysis.events.iter().filter(|e| !e.negated) {
        let country = |a: Option<usize>| a.and_then(|a| doc.analysis.actors[a].country.clone());
        let (Some(a), Some(b)) = (country(e.source), country(e.target)) else {
            continue;
        };
        if a == b
            || !matches!(
                e.quad_class,
                Some(QuadClass::VerbalConflict | QuadClass::MaterialConflict)
            )
        {
            continue;
        }
        let key = if a < b { (a, b) } else { (b, a) };
        *pairs.entry(key).or_default() += e.goldstein;
    }
    let worst = pairs
        .iter()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .map(|(k, _)| k.clone())
        .expect("conflict events found");
    assert_eq!(
        worst,
        ("PRK".to_owned(), "USA".to_owned()),
        "pairs: {pairs:?}"
    );
}

#[test]
fn furniture_and_dates() {
    let Some(doc) = load() else { return };
    use brink_nlp::model::SentenceKind;
    let kinds: Vec<SentenceKind> = doc.analysis.sentences.iter().map(|s| s.kind).collect();
    assert_eq!(kinds[0], SentenceKind::Headline);
    assert!(kinds.contains(&SentenceKind::Caption));
    let credit = doc
        .analysis
        .sentences
        .iter()
        .find(|s| s.kind == SentenceKind::Credit)
        .expect("credit line");
    assert!(doc.slice(credit.span).contains("Getty Images"));
    let friday = doc
        .analysis
        .dates
        .iter()
        .find(|d| doc.slice(d.span) == "Friday")
        .expect("Friday");
    assert_eq!(friday.resolved.to_string(), "2017-09-01");
    assert!(doc.analysis.tone.tone < 0.0);
}
