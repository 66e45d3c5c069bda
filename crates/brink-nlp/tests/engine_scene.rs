//! Coding that depends on the scene around the verb, on original test texts: mutual actions of
//! coordinated subjects, generic agents placed by their context, unnamed office holders, and
//! the words that only look like verbs. Each construction has a text where it must not apply.

mod engine_common;

use brink_nlp::model::CountryReason;
use engine_common::analyze;

const DAY: &str = "2019-05-20";

#[test]
fn coordinated_subjects_of_a_mutual_action_act_on_each_other() {
    let doc = analyze("", "Chile and Peru signed a border treaty on Monday.", DAY);
    for (source, target) in [("CHL", "PER"), ("PER", "CHL")] {
        let events = doc.events(source, target);
        assert_eq!(events.len(), 1, "{}", doc.describe_events());
        assert_eq!(events[0].root, "05");
    }
    // Praise is not mutual: the two only praise something else.
    let doc = analyze(
        "",
        "Chile and Peru praised the court's ruling on Monday.",
        DAY,
    );
    assert!(
        doc.events("CHL", "PER").is_empty() && doc.events("PER", "CHL").is_empty(),
        "{}",
        doc.describe_events()
    );
}

#[test]
fn a_generic_agent_takes_the_country_of_its_scene() {
    let doc = analyze("", "Police in Lagos arrested four students on Sunday.", DAY);
    let police = doc.actor_by_code("NGACOP").expect("Nigerian police");
    assert_eq!(
        doc.analysis.actors[police].country_reason,
        Some(CountryReason::Nearby)
    );
    assert_eq!(
        doc.events("NGACOP", "NGAEDU").len(),
        1,
        "{}",
        doc.describe_events()
    );

    let doc = analyze(
        "",
        "Angry villagers stormed a police station in northern Ghana on Friday.",
        DAY,
    );
    let villagers = doc.actor_by_code("GHACVL").expect("Ghanaian villagers");
    assert_eq!(
        doc.analysis.actors[villagers].country_reason,
        Some(CountryReason::Sentence)
    );
    assert_eq!(
        doc.events("GHACVL", "GHACOP").len(),
        1,
        "{}",
        doc.describe_events()
    );
}

#[test]
fn a_country_acting_in_the_sentence_does_not_place_the_agents() {
    let doc = analyze(
        "",
        "Norway offered to host talks between the government and the rebels.",
        DAY,
    );
    doc.assert_codes(&[], &["NORGOV", "NORREB"]);
    let government = doc.actor_by_code("GOV").expect("the generic government");
    assert_eq!(doc.analysis.actors[government].country, None);
}

#[test]
fn an_office_with_no_known_holder_is_its_country_s_office() {
    let doc = analyze(
        "",
        "The Malagasy prime minister urged Mauritius to reopen the port.",
        DAY,
    );
    let minister = doc
        .actor_by_code("MDGGOV")
        .expect("the Malagasy prime minister");
    assert_eq!(
        doc.analysis.actors[minister].country.as_deref(),
        Some("MDG")
    );
    assert_eq!(
        doc.events("MDGGOV", "MUS").len(),
        1,
        "{}",
        doc.describe_events()
    );
}

#[test]
fn nouns_that_look_like_verbs_code_nothing() {
    let doc = analyze(
        "",
        "Japan condemned the rocket launch carried out by Iran on Sunday.",
        DAY,
    );
    let roots = doc.roots();
    assert_eq!(roots, ["11"], "{}", doc.describe_events());
    // "three detained protesters": a participle between a count and its noun; the freeing
    // is the event.
    let doc = analyze("", "Kenya freed three detained Ugandan activists.", DAY);
    let roots = doc.roots();
    assert_eq!(roots, ["08"], "{}", doc.describe_events());
}

#[test]
fn the_subject_of_a_demanded_clause_is_the_target() {
    let doc = analyze("", "Poland demanded that Belarus close the camps.", DAY);
    let events = doc.events("POL", "BLR");
    assert_eq!(events.len(), 1, "{}", doc.describe_events());
    assert_eq!(events[0].root, "10");
}

#[test]
fn a_time_adverbial_is_no_pattern_word() {
    let doc = analyze(
        "",
        "Macron telephoned Trudeau on Thursday to discuss the summit.",
        DAY,
    );
    assert!(
        doc.analysis.events.iter().all(|e| e.root == "04"),
        "{}",
        doc.describe_events()
    );
    assert!(!doc.analysis.events.is_empty(), "{}", doc.describe_events());
}

#[test]
fn what_a_rejected_accusation_alleges_is_negated() {
    let doc = analyze(
        "",
        "Minsk rejected accusations that Belarusian troops had attacked Lithuania.",
        DAY,
    );
    let attacks: Vec<_> = doc
        .analysis
        .events
        .iter()
        .filter(|e| e.root == "19" || e.root == "18")
        .collect();
    assert!(!attacks.is_empty(), "{}", doc.describe_events());
    assert!(
        attacks.iter().all(|e| e.negated),
        "{}",
        doc.describe_events()
    );
    // An accusation reported, not rejected, stands.
    let doc = analyze(
        "",
        "Vilnius repeated accusations that Belarusian troops had attacked Lithuania.",
        DAY,
    );
    assert!(
        doc.analysis
            .events
            .iter()
            .any(|e| e.root == "19" && !e.negated),
        "{}",
        doc.describe_events()
    );
}

#[test]
fn whose_prisoners_were_freed_is_the_target() {
    let doc = analyze("", "Morocco freed 40 Algerian prisoners on Tuesday.", DAY);
    let events = doc.events("MAR", "DZA");
    assert_eq!(events.len(), 1, "{}", doc.describe_events());
    assert_eq!(events[0].root, "08");
    // A bare demonym elsewhere in the phrase says nothing of whose they are.
    let doc = analyze(
        "",
        "Morocco freed 40 prisoners after an Algerian appeal.",
        DAY,
    );
    assert!(
        doc.events("MAR", "DZA").is_empty(),
        "{}",
        doc.describe_events()
    );
}

#[test]
fn what_an_accusation_alleges_is_no_event_of_the_accuser() {
    let doc = analyze(
        "",
        "Rwanda accused Uganda of backing the rebels in Kivu.",
        DAY,
    );
    assert_eq!(
        doc.events("RWA", "UGA").len(),
        1,
        "{}",
        doc.describe_events()
    );
    assert!(
        doc.analysis
            .events
            .iter()
            .all(|e| doc.code(e.source) == "RWA" && doc.code(e.target) == "UGA"),
        "{}",
        doc.describe_events()
    );
}

#[test]
fn a_plan_nobody_owns_lends_no_subject() {
    let doc = analyze(
        "",
        "Spain warned Morocco against any attempt to occupy the islet.",
        DAY,
    );
    assert!(
        doc.analysis
            .events
            .iter()
            .all(|e| doc.code(e.source) == "ESP"),
        "{}",
        doc.describe_events()
    );
    assert!(!doc.analysis.events.is_empty(), "{}", doc.describe_events());
}

#[test]
fn joint_exercises_are_military_cooperation_both_ways() {
    let doc = analyze(
        "",
        "Japan and Australia held joint air exercises off Darwin.",
        DAY,
    );
    for (source, target) in [("JPN", "AUS"), ("AUS", "JPN")] {
        let events = doc.events(source, target);
        assert_eq!(events.len(), 1, "{}", doc.describe_events());
        assert_eq!(events[0].code, "062");
    }
}

#[test]
fn plurals_after_prepositions_and_names_are_nouns() {
    let doc = analyze(
        "",
        "Fiji and Tonga are chafing under tight quotas for similar reasons.",
        DAY,
    );
    assert!(doc.analysis.events.is_empty(), "{}", doc.describe_events());
    // A capitalised word inside a name is no verb: "Friends Aiding Stricken Families".
    let doc = analyze(
        "",
        "Ireland funded the Friends Aiding Stricken Families charity.",
        DAY,
    );
    assert!(
        doc.analysis
            .events
            .iter()
            .all(|e| !e.code.starts_with("19")),
        "{}",
        doc.describe_events()
    );
    // A verb after its plural subject still codes: "Fiji and Tonga criticized Samoa".
    let doc = analyze("", "Fiji and Tonga criticized Samoa over the quotas.", DAY);
    assert_eq!(
        doc.events("FJI", "WSM").len(),
        1,
        "{}",
        doc.describe_events()
    );
}

#[test]
fn a_named_office_holder_is_the_person_not_the_office() {
    let doc = analyze(
        "",
        "Malagasy President Hery Tsiaro met the envoy. Later the President praised Japan.",
        DAY,
    );
    assert!(
        doc.analysis
            .actors
            .iter()
            .all(|a| a.name != "Malagasy president"),
        "{:#?}",
        doc.analysis.actors
    );
    assert!(
        doc.analysis
            .actors
            .iter()
            .any(|a| a.name.contains("Tsiaro")),
        "{:#?}",
        doc.analysis.actors
    );
}

#[test]
fn a_possessive_gives_a_generic_agent_its_owners_country() {
    let doc = analyze(
        "",
        "LIMA (Wire) - Bolivian President Hugo Banzer ordered his police to guard the border.",
        DAY,
    );
    let police = doc.actor_by_code("BOLCOP").expect("Bolivian police");
    assert_eq!(
        doc.analysis.actors[police].country_reason,
        Some(CountryReason::Owner)
    );
    // Without the possessive, the dateline's country stands.
    let doc = analyze(
        "",
        "LIMA (Wire) - Bolivian President Hugo Banzer said the police guarded the border.",
        DAY,
    );
    doc.assert_codes(&[], &["BOLCOP"]);
}

#[test]
fn an_agent_placed_elsewhere_takes_no_country_from_the_article() {
    let doc = analyze(
        "",
        "LIMA (Wire) - Peru said it would act against militants in neighbouring countries.",
        DAY,
    );
    doc.assert_codes(&[], &["PERUAF"]);
    let doc = analyze(
        "",
        "LIMA (Wire) - Peru said it would act against militants in the hills.",
        DAY,
    );
    doc.assert_codes(&["PERUAF"], &[]);
}

#[test]
fn a_place_a_violent_verb_acts_on_is_its_peoples() {
    for body in [
        "Turkish jets bombed Qamishli overnight.",
        "Turkish troops shelled the northern town of Qamishli on Monday.",
    ] {
        let doc = analyze("", body, DAY);
        let events = doc.events("TURMIL", "SYR");
        assert_eq!(events.len(), 1, "{body}: {}", doc.describe_events());
    }
    // A place a peaceful verb acts on, or one past a clause break, is no victim.
    for body in [
        "Turkish troops reached Qamishli on Monday.",
        "Turkish jets bombed targets after a meeting in Qamishli.",
    ] {
        let doc = analyze("", body, DAY);
        assert!(
            doc.events("TURMIL", "SYR").is_empty(),
            "{body}: {}",
            doc.describe_events()
        );
    }
}
