//! Quotes and their speakers on original test texts.

mod engine_common;

use brink_nlp::model::QuoteKind;
use engine_common::analyze;

const DAY: &str = "2021-06-10";

#[test]
fn direct_quote_with_attribution_after() {
    let body = "\u{201c}We will defend every inch of our territory,\u{201d} said Ukrainian President \
                Volodymyr Zelensky. \"Nobody is going to surrender,\" the president added.";
    let doc = analyze("", body, DAY);
    let first = doc.quote("defend every inch");
    assert_eq!(first.kind, QuoteKind::Direct);
    assert_eq!(doc.name(first.speaker), "Volodymyr Zelensky");
    assert_eq!(first.verb, "say");
    assert!(
        doc.slice(first.attribution.expect("attribution"))
            .starts_with("said")
    );
    assert_eq!(
        doc.speaker("Nobody is going to surrender"),
        "Volodymyr Zelensky"
    );
    assert_eq!(doc.quote("Nobody").verb, "add");
}

#[test]
fn attribution_before_with_colon_and_partial_quotes() {
    let body = "Sergei Lavrov said: \"Moscow is open to dialogue.\" The Russian foreign minister \
                called the proposal \"a dead end\" and left the room.";
    let doc = analyze("", body, DAY);
    let direct = doc.quote("open to dialogue");
    assert_eq!(direct.kind, QuoteKind::Direct);
    assert_eq!(doc.name(direct.speaker), "Sergei Lavrov");
    let partial = doc.quote("a dead end");
    assert_eq!(partial.kind, QuoteKind::Partial);
    // No speech verb before it: the title resolves to Lavrov through the article's date.
    assert_eq!(doc.name(partial.speaker), "Sergei Lavrov");
}

#[test]
fn multi_sentence_quote_and_pronoun_speaker() {
    let body = "Angela Merkel spoke after the summit in Brussels. \"Europe must stand together. \
                We cannot afford division. The alternative is weakness,\" she told reporters.";
    let doc = analyze("", body, DAY);
    let q = doc.quote("Europe must stand together");
    assert!(q.text.contains("The alternative is weakness"));
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(doc.name(q.speaker), "Angela Merkel");
    assert_eq!(q.verb, "tell");
    assert_eq!(doc.slice(q.attribution.unwrap()), "she told");
}

#[test]
fn unknown_expert_with_apposition_speaks() {
    let body = "\"The sanctions are biting harder than expected,\" Elena Marchetti, a senior fellow \
                at the Italian Institute for International Studies, wrote in a report. Marchetti \
                added that Rome was watching closely.";
    let doc = analyze("", body, DAY);
    assert_eq!(doc.speaker("biting harder"), "Elena Marchetti");
    let expert = &doc.analysis.actors[doc.actor("Elena Marchetti").unwrap()];
    assert_eq!(expert.country.as_deref(), Some("ITA"));
    assert!(
        expert
            .affiliation
            .as_deref()
            .unwrap()
            .contains("Italian Institute for International Studies")
    );
    let reported = doc.quote("Rome was watching closely");
    assert_eq!(reported.kind, QuoteKind::Reported);
    assert_eq!(doc.name(reported.speaker), "Elena Marchetti");
}

#[test]
fn according_to_and_reported_speech() {
    let body = "The drills will last a week, according to the Japanese defence ministry. Japan said \
                it would send observers. Joe Biden warned that the deal could collapse.";
    let doc = analyze("", body, DAY);
    let said = doc.quote("would send observers");
    assert_eq!(
        (said.kind, said.verb.as_str()),
        (QuoteKind::Reported, "say")
    );
    assert_eq!(doc.name(said.speaker), "Japan");
    let doc2 = analyze(
        "",
        "Iran's foreign minister condemned the strike and said Tehran would respond in time.",
        DAY,
    );
    let clause = doc2.quote("Tehran would respond in time");
    assert_eq!(
        (clause.kind, clause.verb.as_str()),
        (QuoteKind::Reported, "say")
    );
    let warned = doc.quote("the deal could collapse");
    assert_eq!(
        (warned.kind, warned.verb.as_str()),
        (QuoteKind::Reported, "warn")
    );
    assert_eq!(doc.name(warned.speaker), "Joe Biden");
}

#[test]
fn headline_single_quotes() {
    let doc = analyze(
        "Macron Says Europe Faces 'Moment of Truth'",
        "The French president spoke in Paris.",
        DAY,
    );
    let q = doc.quote("Moment of Truth");
    assert_eq!(doc.name(q.speaker), "Emmanuel Macron");
    assert_eq!(q.sentence, 0);
}

#[test]
fn apostrophes_and_credits_are_not_quotes() {
    let body = "Iran's envoy didn't comment on Israel's remarks. Photo: \"Sunset\" Maria Lopez/AP";
    let doc = analyze("", body, DAY);
    assert!(
        doc.analysis
            .quotes
            .iter()
            .all(|q| q.kind == QuoteKind::Reported),
        "{:#?}",
        doc.analysis.quotes
    );
}

#[test]
fn spokesperson_for_a_body_speaks_for_it() {
    let body = "\"The border stays closed,\" said a spokesman for the Eastern Border Command. \
                A spokeswoman for the Kenyan police said: \"Nobody was hurt.\"";
    let doc = analyze("", body, DAY);
    assert_eq!(doc.speaker("border stays closed"), "Eastern Border Command");
    assert_eq!(doc.speaker("Nobody was hurt"), "Kenyan police");
    // A spokesman of nobody we know is the speaker as described, not a guessed body.
    let anonymous = analyze("", "\"We are ready,\" said a spokesman.", DAY);
    assert_eq!(anonymous.speaker("We are ready"), "spokesman");
}

#[test]
fn officer_of_a_body_is_the_speaker_with_its_affiliation() {
    let body = "Ghanaian Foreign Ministry spokeswoman Ama Mensah said the talks \"went well.\" \
                \"We expect more,\" said Kremlin spokesman Dmitry Peskov.";
    let doc = analyze("", body, "2023-05-02");
    assert_eq!(doc.speaker("went well"), "Ama Mensah");
    let mensah = &doc.analysis.actors[doc.actor("Ama Mensah").expect("person found")];
    assert_eq!(
        mensah.affiliation.as_deref(),
        Some("Ghanaian Foreign Ministry")
    );
    assert_eq!(mensah.country.as_deref(), Some("GHA"));
    assert_eq!(doc.speaker("We expect more"), "Dmitry Peskov");
    let peskov = &doc.analysis.actors[doc.actor("Dmitry Peskov").expect("person found")];
    assert_eq!(
        (peskov.code.as_str(), peskov.country.as_deref()),
        ("RUSGOV", Some("RUS"))
    );
}

#[test]
fn statement_and_according_to_attributions() {
    let body = "\"Patrols will continue,\" the Philippine navy said in a statement. \
                The convoy was turned back, according to the Peruvian military.";
    let doc = analyze("", body, DAY);
    let patrols = doc.quote("Patrols will continue");
    assert_eq!(doc.code(patrols.speaker), "PHLMIL");
    assert_eq!(patrols.verb, "say");
    let convoy = doc.quote("The convoy was turned back");
    assert_eq!(convoy.kind, QuoteKind::Reported);
    assert_eq!(convoy.text, "The convoy was turned back");
    assert_eq!(
        (convoy.verb.as_str(), doc.code(convoy.speaker)),
        ("according to", "PERMIL")
    );
    let fronted = analyze(
        "",
        "According to Chile, the talks collapsed overnight.",
        DAY,
    );
    assert_eq!(fronted.speaker("the talks collapsed overnight"), "Chile");
    // "according to plan" names nobody.
    let plan = analyze("", "The drills went ahead according to plan.", DAY);
    assert!(
        plan.analysis.quotes.is_empty(),
        "{:?}",
        plan.analysis.quotes
    );
}

#[test]
fn circumstances_after_the_speech_verb_keep_the_report() {
    let body = "The Kenyan army said in a statement that it had arrested smugglers near Somalia. \
                Egypt said on Sunday Libya would reopen the crossing.";
    let doc = analyze("", body, DAY);
    let army = doc.quote("it had arrested smugglers");
    assert_eq!(army.kind, QuoteKind::Reported);
    assert_eq!(doc.code(army.speaker), "KENMIL");
    assert_eq!(doc.speaker("Libya would reopen the crossing"), "Egypt");
    // Without a reported clause there is nothing to attribute.
    let plain = analyze("", "Egypt said in a statement on Sunday.", DAY);
    assert!(
        plain.analysis.quotes.is_empty(),
        "{:?}",
        plain.analysis.quotes
    );
}

#[test]
fn quotes_spaced_on_both_sides_pair_up_in_order() {
    // Text rebuilt from tokens spaces every quote mark: order tells opening from closing.
    let body = "\" The harbour will stay open , \" said Mayor Tomas Ferrell . \
                Dock workers disagreed . \" We have not been paid , \" one of them said .";
    let doc = analyze("", body, DAY);
    let first = doc.quote("harbour will stay open");
    assert_eq!(doc.name(first.speaker), "Tomas Ferrell");
    let texts: Vec<&str> = doc
        .analysis
        .quotes
        .iter()
        .map(|q| q.text.as_str())
        .collect();
    assert!(
        texts.iter().all(|t| !t.contains("Dock workers")),
        "the stretch between two quotes was read as a quote: {texts:?}"
    );
    assert!(
        texts.iter().any(|t| t.contains("We have not been paid")),
        "{texts:?}"
    );
}
