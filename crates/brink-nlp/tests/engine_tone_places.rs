//! Tone on the GDELT scale and places from the gazetteer, on original test texts.

mod engine_common;

use brink_nlp::model::SentenceKind;
use engine_common::analyze;

#[test]
fn tone_follows_the_words() {
    let doc = analyze(
        "",
        "The leaders welcomed the historic peace agreement and praised the constructive talks. \
         Bombs killed dozens and the brutal attack caused panic and fear. The meeting lasted two hours.",
        "2020-05-05",
    );
    let tones: Vec<f64> = doc.analysis.sentences.iter().map(|s| s.tone.tone).collect();
    assert!(tones[0] > 10.0, "{tones:?}");
    assert!(tones[1] < -10.0, "{tones:?}");
    assert_eq!(tones[2], 0.0);
    let first = &doc.analysis.sentences[0].tone;
    assert_eq!(first.word_count, 12);
    assert!((first.tone - (first.positive - first.negative)).abs() < 1e-9);
    assert!((first.polarity - (first.positive + first.negative)).abs() < 1e-9);
    let article = doc.analysis.tone;
    assert_eq!(
        article.word_count,
        doc.analysis
            .sentences
            .iter()
            .map(|s| s.tone.word_count)
            .sum::<u32>()
    );
    assert!(article.tone > tones[1] && article.tone < tones[0]);
}

#[test]
fn credits_do_not_count_towards_article_tone() {
    let doc = analyze(
        "",
        "Peace talks resumed. Jane Doe/AFP/Getty Images",
        "2020-05-05",
    );
    let credit = doc
        .analysis
        .sentences
        .iter()
        .find(|s| s.kind == SentenceKind::Credit)
        .unwrap();
    assert_eq!(
        doc.analysis.tone.word_count + credit.tone.word_count,
        doc.analysis
            .sentences
            .iter()
            .map(|s| s.tone.word_count)
            .sum::<u32>()
    );
}

#[test]
fn places_have_coordinates_and_events_take_the_scene() {
    let doc = analyze(
        "",
        "Turkey attacked Syria near Aleppo on Sunday. Diplomats met in Geneva.",
        "2020-05-05",
    );
    let aleppo = doc
        .analysis
        .places
        .iter()
        .find(|p| p.name == "Aleppo")
        .expect("Aleppo in gazetteer");
    assert_eq!(aleppo.country, "SYR");
    assert!((aleppo.latitude - 36.2).abs() < 0.5 && (aleppo.longitude - 37.15).abs() < 0.5);
    let attack = doc.events("TUR", "SYR");
    assert_eq!(attack.len(), 1, "{}", doc.describe_events());
    let place = attack[0]
        .place
        .map(|p| doc.analysis.places[p].name.as_str());
    assert_eq!(place, Some("Aleppo"));
    assert_eq!(
        attack[0].tone,
        doc.analysis.sentences[attack[0].sentence].tone.tone
    );
    assert!(
        doc.analysis
            .places
            .iter()
            .any(|p| p.name == "Geneva" && p.sentence == 1)
    );
}
