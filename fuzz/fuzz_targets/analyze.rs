//! Arbitrary text through `Analyzer::analyze`, then through tight `Limits`: besides not
//! panicking, every offset must lie on the document's characters, every index must name an item
//! the analysis holds, and the record must stay within the caps that keep it linear in the text.
//!
//! Input: an optional first line `YYYY-MM-DD` (the publication date), then the title line, then
//! the body; bytes that are not UTF-8 are replaced.

#![no_main]

use std::collections::HashMap;
use std::sync::LazyLock;

use brink_nlp::Analyzer;
use brink_nlp::model::{Analysis, Limits, Span, compose};
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

static ANALYZER: LazyLock<Analyzer> =
    LazyLock::new(|| Analyzer::load(None).expect("built-in dictionaries load"));

/// Small enough that a few clauses reach every cap, so dropping and renumbering are exercised.
const TIGHT: Limits = Limits {
    actors_per_article: 4,
    actors_per_sentence: 2,
    quotes_per_article: 3,
    quotes_per_sentence: 1,
    events_per_article: 3,
    events_per_sentence: 1,
};

/// Without a date in the input, a fixed one: `None` would read the clock and make a failure
/// depend on the day it is replayed.
fn default_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 14).expect("valid date")
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let (date, rest) = match input.split_once('\n') {
        Some((first, rest)) => match NaiveDate::parse_from_str(first.trim(), "%Y-%m-%d") {
            Ok(date) => (date, rest),
            Err(_) => (default_date(), &*input),
        },
        None => (default_date(), &*input),
    };
    let (title, body) = rest.split_once('\n').unwrap_or(("", rest));
    let doc = compose(title, body);

    let analysis = ANALYZER.analyze(title, body, Some(date));
    check(&doc, &analysis, &Limits::DEFAULT);

    let mut capped = analysis.clone();
    capped.cap(&TIGHT);
    check(&doc, &capped, &TIGHT);
    assert!(capped.actors.len() <= analysis.actors.len());
    assert_eq!(
        capped.events.len() + capped.dropped.events,
        analysis.events.len() + analysis.dropped.events,
        "every event is kept or counted as dropped"
    );
    assert_eq!(
        capped.quotes.len() + capped.dropped.quotes,
        analysis.quotes.len() + analysis.dropped.quotes,
        "every quote is kept or counted as dropped"
    );
});

fn check(doc: &str, a: &Analysis, limits: &Limits) {
    let span_ok = |what: &str, s: Span| {
        assert!(
            s.start <= s.end
                && s.end <= doc.len()
                && doc.is_char_boundary(s.start)
                && doc.is_char_boundary(s.end),
            "{what} span {s:?} is not a character range of the {}-byte document",
            doc.len()
        );
    };
    let sentence_ok = |what: &str, sentence: usize, s: Span| {
        span_ok(what, s);
        let Some(of) = a.sentences.get(sentence) else {
            panic!("{what} names sentence {sentence} of {}", a.sentences.len());
        };
        assert!(
            of.span.start <= s.start && s.end <= of.span.end,
            "{what} span {s:?} lies outside its sentence {:?}",
            of.span
        );
    };
    let actor_ok = |what: &str, id: Option<usize>| {
        if let Some(id) = id {
            assert!(
                id < a.actors.len(),
                "{what} names actor {id} of {}",
                a.actors.len()
            );
        }
    };

    // Sentences: non-empty, in order, apart, one per token at most.
    let mut previous_end = 0;
    for (i, s) in a.sentences.iter().enumerate() {
        span_ok("sentence", s.span);
        assert!(s.span.start < s.span.end, "sentence {i} is empty");
        assert!(
            i == 0 || previous_end <= s.span.start,
            "sentence {i} overlaps the one before"
        );
        previous_end = s.span.end;
        assert!(s.tone.tone.is_finite() && s.tone.tone.abs() <= 100.0);
    }
    assert!(a.tone.tone.is_finite() && a.tone.tone.abs() <= 100.0);

    assert!(a.actors.len() <= limits.actors_per_article);
    let mut named: HashMap<usize, Vec<usize>> = HashMap::new();
    for (id, actor) in a.actors.iter().enumerate() {
        // Distinct starts keep an actor's mentions within a sentence to the sentence's length.
        let mut starts: Vec<usize> = actor.mentions.iter().map(|m| m.span.start).collect();
        starts.sort_unstable();
        starts.dedup();
        assert_eq!(
            starts.len(),
            actor.mentions.len(),
            "actor {id} is mentioned twice at one offset"
        );
        for m in &actor.mentions {
            span_ok("mention", m.span);
            sentence_ok("mention", m.sentence, m.span);
            let ids = named.entry(m.sentence).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    assert!(
        named
            .values()
            .all(|ids| ids.len() <= limits.actors_per_sentence),
        "a sentence names more actors than its cap"
    );

    assert!(a.quotes.len() <= limits.quotes_per_article);
    let mut per_sentence: HashMap<usize, usize> = HashMap::new();
    for q in &a.quotes {
        // A quote may run on past its sentence's end (to its closing mark, within the
        // paragraph), so its span only has to meet the sentence it opens in.
        span_ok("quote", q.span);
        let Some(of) = a.sentences.get(q.sentence) else {
            panic!(
                "quote names sentence {} of {}",
                q.sentence,
                a.sentences.len()
            );
        };
        assert!(
            q.span.start <= of.span.end && of.span.start <= q.span.end,
            "quote span {:?} does not meet its sentence {:?}",
            q.span,
            of.span
        );
        if let Some(at) = q.attribution {
            span_ok("attribution", at);
        }
        actor_ok("quote speaker", q.speaker);
        assert!(
            doc[q.span.start..q.span.end].contains(q.text.as_str()),
            "quote text is not the text of its span"
        );
        *per_sentence.entry(q.sentence).or_default() += 1;
    }
    assert!(
        per_sentence
            .values()
            .all(|&n| n <= limits.quotes_per_sentence)
    );

    assert!(a.events.len() <= limits.events_per_article);
    per_sentence.clear();
    for e in &a.events {
        sentence_ok("event trigger", e.sentence, e.trigger);
        actor_ok("event source", e.source);
        actor_ok("event target", e.target);
        actor_ok("event claimant", e.claimed_by);
        if let Some(place) = e.place {
            assert!(place < a.places.len(), "event names place {place}");
        }
        assert!(e.code.starts_with(&e.root), "root {} of {}", e.root, e.code);
        assert_eq!(e.tone, a.sentences[e.sentence].tone.tone);
        assert!(e.goldstein.is_finite());
        *per_sentence.entry(e.sentence).or_default() += 1;
    }
    assert!(
        per_sentence
            .values()
            .all(|&n| n <= limits.events_per_sentence)
    );

    for d in &a.dates {
        sentence_ok("date", d.sentence, d.span);
    }
    for p in &a.places {
        sentence_ok("place", p.sentence, p.span);
    }
}
