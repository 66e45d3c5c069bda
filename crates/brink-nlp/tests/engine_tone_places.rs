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

fn place_of<'a>(doc: &'a engine_common::Doc, name: &str) -> Vec<&'a brink_nlp::model::Place> {
    doc.analysis
        .places
        .iter()
        .filter(|p| p.name == name)
        .collect()
}

#[test]
fn a_shared_name_goes_to_the_country_or_region_the_article_names() {
    let texas = analyze(
        "",
        "Ranchers across Texas met on Monday. The county fair opened in Paris on Tuesday.",
        "2020-05-05",
    );
    let paris = place_of(&texas, "Paris");
    assert_eq!(paris.len(), 1, "{:?}", texas.analysis.places);
    assert_eq!(paris[0].country, "USA");
    assert!(paris[0].latitude > 30.0 && paris[0].longitude < -90.0);

    let france = analyze("", "Farmers protested in Paris on Tuesday.", "2020-05-05");
    assert_eq!(place_of(&france, "Paris")[0].country, "FRA");

    let qualified = analyze(
        "",
        "The plant in Springfield, Illinois, closed.",
        "2020-05-05",
    );
    let springfield = place_of(&qualified, "Springfield");
    assert!(
        springfield[0].latitude > 39.0 && springfield[0].latitude < 40.5,
        "{springfield:?}"
    );
}

#[test]
fn small_towns_need_a_cue_and_common_words_are_not_places() {
    let doc = analyze(
        "",
        "Jackson said the mobile clinic would split its time. Reading the report, the nurses \
         drove to Jackson. Mayor Beaumont met the council.",
        "2020-05-05",
    );
    let names: Vec<&str> = doc
        .analysis
        .places
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["Jackson"], "{names:?}");
    assert_eq!(doc.analysis.places[0].sentence, 1);
}

#[test]
fn a_capital_is_an_actor_where_it_acts_and_a_place_where_it_lies() {
    let doc = analyze(
        "",
        "Two bombers blew themselves up in Jerusalem on Sunday. Moscow condemned the attack.",
        "2020-05-05",
    );
    doc.assert_codes(&[], &["ISRGOV"]);
    doc.assert_codes(&["RUSGOV"], &[]);
    assert_eq!(place_of(&doc, "Jerusalem").len(), 1);
}

#[test]
fn the_dateline_places_deeds_on_its_country_and_words_of_its_people() {
    let doc = analyze(
        "",
        "NAIROBI (Wire) - Kenyan police arrested Ugandan rebels on Monday. \
         Sweden criticised Kenya. Sweden sent troops to Kenya's army on Friday.",
        "2020-05-05",
    );
    let place = |source: &str, target: &str| {
        let events = doc.events(source, target);
        assert_eq!(events.len(), 1, "{}", doc.describe_events());
        events[0]
            .place
            .map(|p| doc.analysis.places[p].name.as_str())
    };
    // Kenyan police act where the story was filed.
    assert_eq!(place("KENCOP", "UGAREB"), Some("Nairobi"));
    // Sweden speaks from Sweden, not from the dateline; its deed is done in Kenya.
    assert_eq!(place("SWE", "KEN"), None);
    assert_eq!(place("SWE", "KENMIL"), Some("Nairobi"));
    // "in southern Kenya" is the scene, past the direction word.
    let doc = analyze(
        "",
        "Ugandan rebels attacked Kenyan troops in northern Kenya.",
        "2020-05-05",
    );
    let attack = doc.events("UGAREB", "KENMIL");
    assert_eq!(attack.len(), 1, "{}", doc.describe_events());
    assert!(attack[0].place.is_some());
}

#[test]
fn a_place_named_after_a_settlement_noun_is_the_scene() {
    let doc = analyze(
        "",
        "Gunmen killed six people on a bus in the northern city of Haifa on Monday.",
        "2002-03-05",
    );
    let killing = doc
        .analysis
        .events
        .iter()
        .find(|e| doc.code(e.target) == "ISR")
        .unwrap_or_else(|| panic!("{}", doc.describe_events()));
    let place = killing.place.map(|p| doc.analysis.places[p].name.as_str());
    assert_eq!(place, Some("Haifa"));
}
