//! Sentences, headlines, captions, credits and offsets on original test texts.

mod engine_common;

use brink_nlp::model::SentenceKind;
use engine_common::analyze;

fn body_sentences(title: &str, body: &str) -> Vec<String> {
    let doc = analyze(title, body, "2020-02-02");
    doc.analysis
        .sentences
        .iter()
        .filter(|s| s.kind == SentenceKind::Body)
        .map(|s| doc.slice(s.span).to_owned())
        .collect()
}

#[test]
fn abbreviations_and_initials_do_not_end_sentences() {
    let body = "The U.S. envoy met Mr. Smith on Jan. 5 in Washington. Dr. Ana Ruiz and John F. Kennedy \
                Jr. were cited by the U.N. in Sept. 2019. It ended at 3 p.m. sharp.";
    let sentences = body_sentences("", body);
    assert_eq!(sentences.len(), 3, "{sentences:#?}");
    assert!(sentences[0].ends_with("in Washington."));
    assert!(sentences[1].starts_with("Dr. Ana Ruiz"));
}

#[test]
fn dotted_abbreviation_at_sentence_end() {
    let sentences = body_sentences(
        "",
        "Troops returned to the U.S. They were tired. Talks went on.",
    );
    assert_eq!(sentences.len(), 3, "{sentences:#?}");
}

#[test]
fn quotes_spanning_sentences_keep_their_closing_mark() {
    let body = "\"We are ready. We will not wait,\" she said. Another sentence follows!";
    let sentences = body_sentences("", body);
    assert_eq!(
        sentences,
        vec![
            "\"We are ready.",
            "We will not wait,\" she said.",
            "Another sentence follows!"
        ]
    );
}

#[test]
fn headline_caption_and_credit_kinds() {
    let body = "Leaders Summit\nLeaders pose for a photo in Rome on Friday. Jane Doe/AFP/Getty Images\n\n\
                Photo: Carlo Rossi/Reuters\n\nThe summit opened on Saturday.";
    let doc = analyze("Summit Opens In Rome. Leaders Gather", body, "2020-02-02");
    let kinds: Vec<(SentenceKind, &str)> = doc
        .analysis
        .sentences
        .iter()
        .map(|s| (s.kind, doc.slice(s.span)))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (
                SentenceKind::Headline,
                "Summit Opens In Rome. Leaders Gather"
            ),
            (SentenceKind::Caption, "Leaders Summit"),
            (
                SentenceKind::Caption,
                "Leaders pose for a photo in Rome on Friday."
            ),
            (SentenceKind::Credit, "Jane Doe/AFP/Getty Images"),
            (SentenceKind::Credit, "Photo: Carlo Rossi/Reuters"),
            (SentenceKind::Body, "The summit opened on Saturday."),
        ]
    );
}

#[test]
fn offsets_are_utf8_byte_offsets_into_the_composed_document() {
    let doc = analyze(
        "Élysée Talks",
        "Président Macron met Olaf Scholz in Zürich – “a fine day,” he said.",
        "2023-01-10",
    );
    assert!(doc.text.starts_with("Élysée Talks\n\n"));
    for s in &doc.analysis.sentences {
        assert!(doc.text.is_char_boundary(s.span.start) && doc.text.is_char_boundary(s.span.end));
    }
    let actor = &doc.analysis.actors[doc.actor("Olaf Scholz").unwrap()];
    assert_eq!(doc.slice(actor.mentions[0].span), "Olaf Scholz");
    assert_eq!(doc.quote("a fine day").text, "a fine day");
}

#[test]
fn empty_and_whitespace_input() {
    for (title, body) in [("", ""), ("  ", "\n\n \t"), ("Only A Title", "")] {
        let doc = analyze(title, body, "2020-02-02");
        assert!(doc.analysis.events.is_empty() && doc.analysis.quotes.is_empty());
        assert_eq!(
            doc.analysis.sentences.len(),
            usize::from(!title.trim().is_empty())
        );
    }
}
