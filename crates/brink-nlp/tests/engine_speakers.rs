//! Quote speakers on original test texts: attribution before or after, pronouns, quotes that
//! continue, speakers named in the next sentence and people known only by description.

mod engine_common;

use brink_nlp::model::ActorKind;
use engine_common::analyze;

const DAY: &str = "1999-03-04";

#[test]
fn honorific_and_surname_speak() {
    let body = "The council met on the harbour plan. \"The money is simply not there,\" \
                Mr. Quimby said. \"We will vote against it,\" said Mrs. Orlov.";
    let doc = analyze("", body, DAY);
    assert_eq!(doc.speaker("money is simply not there"), "Mr. Quimby");
    assert_eq!(doc.speaker("vote against it"), "Mrs. Orlov");
    // A capitalised word before the quote is no speaker by itself.
    let plain = analyze("", "The Harbour Board met. \"Closed\" read the sign.", DAY);
    assert_eq!(plain.quote("Closed").speaker, None);
}

#[test]
fn pronoun_after_a_long_quote_finds_the_person() {
    let body = "Dr. Ilse Varga runs the clinic at the edge of town. It opened in 1990. \
                Patients come from three counties. The waiting room is always full. \
                Funding ran short last year. \"We turn nobody away,\" she added.";
    let doc = analyze("", body, DAY);
    let q = doc.quote("We turn nobody away");
    assert_eq!(doc.name(q.speaker), "Ilse Varga");
    assert_eq!(q.verb, "add");
}

#[test]
fn described_speakers_become_actors() {
    let body = "\"The bridge will be finished by May,\" said the engineer from the county \
                office. \"We have no comment,\" the committee said.";
    let doc = analyze("", body, DAY);
    let engineer = doc
        .quote("bridge will be finished")
        .speaker
        .expect("speaker");
    let actor = &doc.analysis.actors[engineer];
    assert_eq!(actor.kind, ActorKind::Person);
    assert_eq!(actor.role, "engineer");
    let committee = doc.quote("We have no comment").speaker.expect("speaker");
    assert_eq!(doc.analysis.actors[committee].kind, ActorKind::Organization);
}

#[test]
fn description_refers_to_the_person_named_before() {
    let body = "Sen. Hollis Brandt, a senator from Ohio, opposed the bill. \"It is a giveaway,\" \
                the senator said.";
    let doc = analyze("", body, DAY);
    assert_eq!(doc.speaker("It is a giveaway"), "Hollis Brandt");
}

#[test]
fn subject_before_a_quote_later_in_the_sentence() {
    let body = "The review board further said it believes \"the rules are outdated\" and asked \
                for changes.";
    let doc = analyze("", body, DAY);
    assert_eq!(doc.speaker("the rules are outdated"), "review board");
}

#[test]
fn continued_quote_keeps_its_speaker() {
    let body = "\"The season was hard,\" said Tamsin Greer, the coach. \"We lost four players in \
                October.\" The team plays again on Saturday. \"Tickets are sold out.\"";
    let doc = analyze("", body, DAY);
    assert_eq!(doc.speaker("The season was hard"), "Tamsin Greer");
    assert_eq!(doc.speaker("We lost four players"), "Tamsin Greer");
    // Two sentences later, with nobody named around it, the quote stays unattributed.
    assert_eq!(doc.quote("Tickets are sold out").speaker, None);
}

#[test]
fn speaker_named_at_the_start_of_the_next_sentence() {
    let body = "The ferry was late again. \"Nobody told us anything.\" Mrs. Pell said she \
                had waited two hours.";
    let doc = analyze("", body, DAY);
    assert_eq!(doc.speaker("Nobody told us anything"), "Mrs. Pell");
    // A title in quotation marks with no speech around it names nobody.
    let title = analyze(
        "",
        "The choir sang \"Evening Bells\" at the fair. Crowds stayed late.",
        DAY,
    );
    assert_eq!(title.quote("Evening Bells").speaker, None);
}

#[test]
fn spaced_straight_quotes_with_description_and_colon() {
    let body = "The harbour master said : \" The channel is clear . \" Later , \" we expect \
                ships by noon , \" the harbour master added .";
    let doc = analyze("", body, DAY);
    let first = doc.quote("The channel is clear").speaker.expect("speaker");
    assert_eq!(doc.analysis.actors[first].name, "harbour master");
    assert_eq!(doc.quote("we expect ships").speaker, Some(first));
}

#[test]
fn a_capitalised_title_before_the_speakers_name() {
    let body = "The harbour reopened on Monday. \"The worst is behind us,\" Transport Minister \
                Odile Varenne told reporters in the port.";
    let doc = analyze("", body, DAY);
    assert_eq!(doc.speaker("The worst is behind us"), "Odile Varenne");
    // Lowercase words are no title: the name after them is not the speaker.
    let body = "\"The worst is behind us,\" read a banner outside the office of Odile Varenne.";
    let doc = analyze("", body, DAY);
    assert_ne!(doc.speaker("The worst is behind us"), "Odile Varenne");
}

#[test]
fn a_long_run_of_titles_still_names_the_person() {
    let body = "Chilean Deputy Foreign Minister Ramiro Esteban Calvo defended the accord. \
                \"It protects our fishermen,\" he said.";
    let doc = analyze("", body, DAY);
    let calvo = doc.actor("Ramiro Esteban Calvo").expect("person found");
    assert_eq!(doc.analysis.actors[calvo].country.as_deref(), Some("CHL"));
    assert_eq!(
        doc.speaker("It protects our fishermen"),
        "Ramiro Esteban Calvo"
    );
}

#[test]
fn a_name_with_an_initial_or_an_apposition_before_said() {
    let body = "Wilma T. Okafor, the union's treasurer, said, \"The fund is empty.\"";
    let doc = analyze("", body, DAY);
    assert_eq!(doc.speaker("The fund is empty"), "Wilma T. Okafor");
    let body = "The union treasurer, Wilma Okafor, said: \"The fund is empty.\"";
    let doc = analyze("", body, DAY);
    assert_eq!(doc.speaker("The fund is empty"), "Wilma Okafor");
    // Capitalised words with neither a title nor speech around them are no person.
    let doc = analyze("", "Wilma Okafor Street was closed on Monday.", DAY);
    assert!(
        doc.analysis.actors.iter().all(|a| a.name != "Wilma Okafor"),
        "{:?}",
        doc.analysis.actors
    );
}

#[test]
fn remarking_and_conceding_attribute_a_quote_but_remarks_do_not() {
    let doc = analyze(
        "",
        "\"The border stays open,\" remarked Mr. Ondaatje. \
         \"We lost the vote,\" Ms. Varga conceded.",
        DAY,
    );
    assert_eq!(doc.speaker("border stays open"), "Mr. Ondaatje");
    assert_eq!(doc.speaker("lost the vote"), "Ms. Varga");
}

#[test]
fn a_given_name_makes_a_person_and_a_description_before_it_a_role() {
    let body = "Fullback Dwight Carrow hurt his ankle in the Maple Grove game but insists he \
                will play on Saturday. \"The ankle is fine,\" said Carrow.";
    let doc = analyze("", body, DAY);
    let person = doc
        .analysis
        .actors
        .iter()
        .find(|a| a.name == "Dwight Carrow")
        .expect("Dwight Carrow is found by his given name");
    assert_eq!(person.kind, ActorKind::Person);
    assert_eq!(person.role, "fullback");
    assert_eq!(doc.speaker("will play on Saturday"), "Dwight Carrow");
    assert_eq!(doc.speaker("The ankle is fine"), "Dwight Carrow");
    // A given name opening a street or a university names no one.
    let places = analyze(
        "",
        "Crowds gathered on Warren Street and at Wayne State.",
        DAY,
    );
    assert!(
        places
            .analysis
            .actors
            .iter()
            .all(|a| a.kind != ActorKind::Person),
        "{:?}",
        places.analysis.actors
    );
}

#[test]
fn he_and_she_follow_the_gender_names_and_honorifics_show() {
    let body = "Margaret Ollendorf met Thomas Pryce at the depot on Monday. \"The line will \
                reopen in June,\" she said. Mr. Kovac and Mrs. Adair disagreed. \"It is too \
                soon,\" he said.";
    let doc = analyze("", body, DAY);
    assert_eq!(doc.speaker("line will"), "Margaret Ollendorf");
    assert_eq!(doc.speaker("too"), "Mr. Kovac");
}

#[test]
fn speakers_after_a_description_inverted_or_before_a_hometown() {
    let body = "\"The vote was fair,\" board secretary Alma R. Deane stated. Said Warden \
                Pettibone: \"Nobody left the building.\" Rep. Lyle W. Ashcombe of Dunmore said \
                the bill would amount \"to a tax on farmers.\"";
    let doc = analyze("", body, DAY);
    assert_eq!(doc.speaker("vote was fair"), "Alma R. Deane");
    assert_eq!(doc.speaker("Nobody left"), "Warden Pettibone");
    assert_eq!(doc.speaker("a tax on farmers"), "Lyle W. Ashcombe");
}

#[test]
fn a_report_after_a_determiner_is_no_speech_verb() {
    let body = "Admiral Sten Holloway delivered a gloomy annual report in the form of a \
                \"letter to the fleet\".";
    let doc = analyze("", body, DAY);
    assert_eq!(doc.quote("letter to the fleet").speaker, None);
    assert!(
        doc.analysis
            .actors
            .iter()
            .all(|a| !a.name.contains("annual"))
    );
}

#[test]
fn a_speech_verb_closing_the_sentence_owns_an_earlier_partial_quote() {
    let body = "Dredging by \"crews with no charts and no patience\" is ruining the estuary, \
                Martha K. Ellery, director of the Tidewater Trust, said on Monday.";
    let doc = analyze("", body, DAY);
    assert_eq!(doc.speaker("crews with no charts"), "Martha K. Ellery");
}

#[test]
fn an_opening_phrase_with_a_relative_word_leaves_the_subject_after_its_comma() {
    let body = "Recalling the years in which he had run the mill, Mr. Hollis said: \"We never \
                closed a single day.\"";
    let doc = analyze("", body, DAY);
    assert_eq!(doc.speaker("never"), "Mr. Hollis");
}

#[test]
fn verbs_that_only_quote_attribute_the_quote_before_them() {
    let doc = analyze(
        "",
        "Maria Lopez ran the clinic in 1994. \"We had no power for a week,\" Lopez recalled. \
         \"Get the children out,\" shouted Ana Ruiz, a nurse.",
        DAY,
    );
    assert_eq!(doc.speaker("We had no power"), "Maria Lopez");
    assert_eq!(doc.speaker("Get the children out"), "Ana Ruiz");
    // Elsewhere such a verb marks no speech: the recalled envoy quotes nothing.
    let doc = analyze(
        "",
        "Chile recalled its ambassador from Lima on Monday.",
        DAY,
    );
    assert!(doc.analysis.quotes.is_empty(), "{:?}", doc.analysis.quotes);
}
