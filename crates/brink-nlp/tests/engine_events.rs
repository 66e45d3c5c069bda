//! Event coding on original test texts: each construction, and the texts where nothing happens.

mod engine_common;

use engine_common::analyze;

const DAY: &str = "2023-03-15";

#[test]
fn subject_verb_object_with_codebook_fields() {
    let doc = analyze(
        "",
        "China condemned Japan on Tuesday over the release of treated water.",
        DAY,
    );
    let events = doc.events("CHN", "JPN");
    assert_eq!(events.len(), 1, "{}", doc.describe_events());
    let e = events[0];
    assert_eq!((e.code.as_str(), e.root.as_str()), ("111", "11"));
    assert_eq!(e.label, "criticize or denounce");
    assert_eq!(e.plover, "ACCUSE");
    assert_eq!(e.goldstein, -2.0);
    assert!(!e.negated && !e.hypothetical);
    assert_eq!(doc.slice(e.trigger), "condemned");
    assert_eq!(e.date.map(|d| d.to_string()).as_deref(), Some("2023-03-14"));
}

#[test]
fn coordinated_subjects_give_one_event_each() {
    let doc = analyze(
        "",
        "Russia and China criticized the United States at the meeting.",
        DAY,
    );
    assert_eq!(
        doc.events("RUS", "USA").len(),
        1,
        "{}",
        doc.describe_events()
    );
    assert_eq!(
        doc.events("CHN", "USA").len(),
        1,
        "{}",
        doc.describe_events()
    );
    let doc = analyze(
        "",
        "Germany, France and Italy condemned Iran after the vote.",
        DAY,
    );
    for source in ["DEU", "FRA", "ITA"] {
        assert_eq!(
            doc.events(source, "IRN").len(),
            1,
            "{source}: {}",
            doc.describe_events()
        );
    }
}

#[test]
fn passive_voice_takes_the_agent_as_source() {
    let doc = analyze(
        "",
        "Israel was attacked by Iran overnight, officials in Jerusalem said.",
        DAY,
    );
    let events = doc.events("IRN", "ISR");
    assert_eq!(events.len(), 1, "{}", doc.describe_events());
    assert_eq!(events[0].root, "19");
    assert!(doc.events("ISR", "IRN").is_empty());
}

#[test]
fn passive_without_agent_is_not_coded() {
    let doc = analyze(
        "",
        "Ukraine was attacked again on Monday. The sanctions on Iran were lifted in 2016.",
        DAY,
    );
    assert!(doc.analysis.events.is_empty(), "{}", doc.describe_events());
}

#[test]
fn negation_is_flagged_never_reported_as_happening() {
    let doc = analyze(
        "",
        "India did not attack Pakistan, the ministry insisted. Greece never threatened Turkey.",
        DAY,
    );
    let attack = doc.events("IND", "PAK");
    assert_eq!(attack.len(), 1, "{}", doc.describe_events());
    assert!(attack[0].negated);
    let threat = doc.events("GRC", "TUR");
    assert_eq!(threat.len(), 1, "{}", doc.describe_events());
    assert!(threat[0].negated);
    assert!(doc.analysis.events.iter().all(|e| e.negated));
    // A reported clause under a denial is denied too.
    let denial = analyze("", "Syria denied that it had shelled Lebanon.", DAY);
    let shelling = denial.events("SYR", "LBN");
    assert_eq!(shelling.len(), 1, "{}", denial.describe_events());
    assert!(shelling[0].negated);
}

#[test]
fn hedged_conditional_and_future_statements_are_hypothetical() {
    let cases = [
        "Russia could attack Ukraine within weeks.",
        "Turkey plans to impose sanctions on Sweden.",
        "If Iran attacks Israel, the region will burn.",
        "Venezuela will invade Guyana, analysts fear.",
    ];
    for body in cases {
        let doc = analyze("", body, DAY);
        assert!(!doc.analysis.events.is_empty(), "no event in {body:?}");
        assert!(
            doc.analysis.events.iter().all(|e| e.hypothetical),
            "{body:?}: {}",
            doc.describe_events()
        );
    }
    let doc = analyze("", "North Korea threatened to strike Japan on Sunday.", DAY);
    let threat = doc.events("PRK", "JPN");
    assert_eq!(threat.len(), 1, "{}", doc.describe_events());
    assert_eq!(threat[0].code, "138");
    assert!(!threat[0].hypothetical, "a threat is itself the event");
}

#[test]
fn claims_are_linked_to_the_claimant() {
    let doc = analyze("", "Poland said Belarus attacked Lithuania last week.", DAY);
    let events = doc.events("BLR", "LTU");
    assert_eq!(events.len(), 1, "{}", doc.describe_events());
    assert_eq!(doc.code(events[0].claimed_by), "POL");
    assert!(doc.events("POL", "LTU").is_empty());
}

#[test]
fn relative_clauses_and_object_control() {
    let doc = analyze(
        "",
        "Iran, which has long opposed Israel, urged Iraq to attack Syria.",
        DAY,
    );
    assert_eq!(
        doc.events("IRN", "IRQ").len(),
        1,
        "{}",
        doc.describe_events()
    );
    // The subject of "attack" is Iraq, which only was urged to: no attack is coded.
    assert!(
        doc.analysis.events.iter().all(|e| e.root != "19"),
        "{}",
        doc.describe_events()
    );
    let doc = analyze(
        "",
        "The talks included Japan, which later accused South Korea of dumping steel.",
        DAY,
    );
    assert_eq!(
        doc.events("JPN", "KOR").len(),
        1,
        "{}",
        doc.describe_events()
    );
}

#[test]
fn multiword_patterns_with_gaps() {
    let doc = analyze(
        "",
        "The United States imposed sweeping new sanctions on Iran. Russia flew two strategic bombers \
         near Japan on Thursday. China held large military drills near Taiwan.",
        DAY,
    );
    assert_eq!(
        doc.events("USA", "IRN")[0].code,
        "163",
        "{}",
        doc.describe_events()
    );
    assert_eq!(
        doc.events("RUS", "JPN")[0].root,
        "15",
        "{}",
        doc.describe_events()
    );
    assert_eq!(
        doc.events("CHN", "TWN")[0].code,
        "150",
        "{}",
        doc.describe_events()
    );
}

#[test]
fn leaders_and_metonyms_as_actors() {
    let doc = analyze(
        "",
        "Xi Jinping met with Vladimir Putin in Moscow on Monday. Beijing later praised the Kremlin.",
        DAY,
    );
    let meeting = doc
        .analysis
        .events
        .iter()
        .find(|e| e.root == "04")
        .unwrap_or_else(|| panic!("{}", doc.describe_events()));
    assert_eq!(doc.name(meeting.source), "Xi Jinping");
    assert_eq!(doc.name(meeting.target), "Vladimir Putin");
    assert_eq!(
        meeting.place.map(|p| doc.analysis.places[p].name.as_str()),
        Some("Moscow")
    );
    assert_eq!(
        meeting.date.map(|d| d.to_string()).as_deref(),
        Some("2023-03-13")
    );
    let praise = doc
        .analysis
        .events
        .iter()
        .find(|e| e.code == "051")
        .unwrap_or_else(|| panic!("{}", doc.describe_events()));
    // The metonyms stand for the governments, not for the leaders.
    assert_eq!(
        (doc.name(praise.source), doc.code(praise.source)),
        ("China", "CHNGOV")
    );
    assert_eq!(
        (doc.name(praise.target), doc.code(praise.target)),
        ("Russia", "RUSGOV")
    );
}

#[test]
fn no_event_where_nothing_happened() {
    let bodies = [
        "The attack on the embassy shocked diplomats in Paris.",
        "Officials discussed the strike on the port at length.",
        "President Joe Biden's visit to Poland was postponed.",
        "France called for calm and restraint from all sides.",
        "Germany's economy grew by 0.3 percent in the last quarter.",
        "Analysts expect Egypt and Jordan to discuss water and trade.",
        "Its threats would be met with a firm response, Japan said.",
        "The warning from Brazil came as no surprise.",
        "Iran's foreign minister condemned the attack and said Tehran would respond.",
    ];
    for body in bodies {
        let doc = analyze("", body, DAY);
        assert!(
            doc.analysis.events.is_empty(),
            "{body:?} gave {}",
            doc.describe_events()
        );
    }
}

#[test]
fn captions_and_credits_yield_no_events() {
    let body = "Israeli troops attack positions in Gaza on Monday. Amir Cohen/Reuters\n\n\
                The fighting continued on Tuesday.";
    let doc = analyze("Fighting Continues", body, DAY);
    assert!(doc.analysis.events.is_empty(), "{}", doc.describe_events());
}

#[test]
fn capitalised_titles_are_not_speech_verbs() {
    // "State" in "Secretary of State" must not cut the clause before its subject.
    let doc = analyze(
        "",
        "Secretary of State Antony Blinken urged Iran not to escalate the conflict.",
        "2024-04-03",
    );
    let urge = doc.events("USAGOV", "IRN");
    assert_eq!(urge.len(), 1, "{}", doc.describe_events());
    assert_eq!(doc.name(urge[0].source), "Antony Blinken");
    assert_eq!(urge[0].root, "02");
}

#[test]
fn time_adverbial_between_verb_and_object() {
    let doc = analyze(
        "",
        "India warned Pakistan on Tuesday against any incursion across the border. \
         Vietnam cautioned on Monday that the talks were fragile.",
        DAY,
    );
    let warn = doc.events("IND", "PAK");
    assert_eq!(warn.len(), 1, "{}", doc.describe_events());
    assert_eq!(warn[0].root, "13");
    // A warning with nobody warned is no event.
    assert_eq!(doc.analysis.events.len(), 1, "{}", doc.describe_events());
}

#[test]
fn pledged_troops_are_intent_to_protect() {
    let doc = analyze(
        "",
        "Canada and Norway promised on Wednesday to deploy more soldiers to Latvia.",
        DAY,
    );
    for source in ["CAN", "NOR"] {
        let pledge = doc.events(source, "LVA");
        assert_eq!(pledge.len(), 1, "{}", doc.describe_events());
        assert_eq!(pledge[0].code, "0334");
    }
    // A promise with nobody to receive it is still an intention; with a condition, only
    // hypothetical.
    let vague = analyze("", "Canada promised to send more soldiers if asked.", DAY);
    assert_eq!(vague.roots(), ["03"], "{}", vague.describe_events());
    assert!(vague.analysis.events[0].hypothetical);
}

#[test]
fn ordering_an_ambassador_out_breaks_relations() {
    let doc = analyze(
        "",
        "Chad's military government ordered the Egyptian ambassador to leave within a week.",
        DAY,
    );
    let expel = doc.events("TCDGOV", "EGYGOV");
    assert_eq!(expel.len(), 1, "{}", doc.describe_events());
    assert_eq!(expel[0].code, "161");
    let told = analyze(
        "",
        "Chad's government ordered new tanks and told soldiers to leave the barracks.",
        DAY,
    );
    assert!(
        told.analysis.events.is_empty(),
        "{}",
        told.describe_events()
    );
}

#[test]
fn condemning_attacks_needs_the_attacker() {
    let named = analyze(
        "",
        "Egypt condemned the latest strikes by Israel on the border town.",
        DAY,
    );
    let condemn = named.events("EGY", "ISR");
    assert_eq!(condemn.len(), 1, "{}", named.describe_events());
    assert_eq!(condemn[0].code, "111");
    let possessive = analyze("", "Egypt condemned Israel's strikes on the town.", DAY);
    assert_eq!(
        possessive.events("EGY", "ISR").len(),
        1,
        "{}",
        possessive.describe_events()
    );
    let unnamed = analyze("", "Egypt condemned the strikes on the border town.", DAY);
    assert!(
        unnamed.analysis.events.is_empty(),
        "{}",
        unnamed.describe_events()
    );
}

#[test]
fn reported_clause_pronoun_takes_the_speaker() {
    let doc = analyze(
        "",
        "Spain said it had accused Morocco of ignoring the fishing accord. \
         The Portuguese military said it tracked a vessel and accused Morocco of spying.",
        DAY,
    );
    assert_eq!(
        doc.events("ESP", "MAR").len(),
        1,
        "{}",
        doc.describe_events()
    );
    assert_eq!(
        doc.events("PRTMIL", "MAR").len(),
        1,
        "{}",
        doc.describe_events()
    );
    // "it" is no person, and "they" no single state.
    for body in [
        "Sergei Lavrov said it accused Morocco of spying.",
        "Spain said they accused Morocco of spying.",
    ] {
        let doc = analyze("", body, "2021-06-10");
        assert!(
            doc.analysis.events.is_empty(),
            "{body:?}: {}",
            doc.describe_events()
        );
    }
}

#[test]
fn expelled_diplomats_are_coded_by_their_country() {
    let doc = analyze(
        "",
        "Estonia expelled two Belarusian diplomats on Monday.",
        DAY,
    );
    let expel = doc.events("EST", "BLRGOV");
    assert_eq!(expel.len(), 1, "{}", doc.describe_events());
    assert_eq!(expel[0].code, "161");
    // Own troops sent somewhere are not a target.
    let own = analyze("", "Moscow deployed Russian troops to the border.", DAY);
    assert!(
        own.analysis.events.iter().all(|e| e.target.is_none()),
        "{}",
        own.describe_events()
    );
}

#[test]
fn reported_claims_after_circumstances_keep_their_claimant() {
    let doc = analyze(
        "",
        "Polish officials said on Tuesday Belarus had supplied drones to Russia.",
        DAY,
    );
    let supply = doc.events("BLR", "RUS");
    assert_eq!(supply.len(), 1, "{}", doc.describe_events());
    assert_eq!(supply[0].code, "072");
    assert_eq!(doc.code(supply[0].claimed_by), "POLGOV");
    // Buying from Russia is no supply to it.
    let bought = analyze("", "Belarus bought drones from Russia.", DAY);
    assert!(
        bought.analysis.events.iter().all(|e| e.root != "07"),
        "{}",
        bought.describe_events()
    );
}

#[test]
fn rockets_fired_at_a_country_are_aerial_attacks() {
    let doc = analyze("", "Hamas fired rockets toward Israel on Saturday.", DAY);
    let strike = doc.events("PSEUAFHMS", "ISR");
    assert_eq!(strike.len(), 1, "{}", doc.describe_events());
    assert_eq!(strike[0].code, "195");
    let drill = analyze(
        "",
        "The Greek navy fired missiles into the sea during a drill.",
        DAY,
    );
    assert!(
        drill.analysis.events.is_empty(),
        "{}",
        drill.describe_events()
    );
}

#[test]
fn prominent_people_are_known_by_surname_alone() {
    // The bundled dictionaries list these leaders under several names ending in the surname.
    let doc = analyze(
        "",
        "Sharon broke off all contact with Arafat on Thursday.",
        "2001-12-14",
    );
    assert!(
        doc.analysis
            .events
            .iter()
            .any(|e| doc.code(e.source) == "ISRGOV" && doc.code(e.target) == "PSEGOV"),
        "{}",
        doc.describe_events()
    );
    // Out of office, or an ordinary name in a story about something else, is nobody coded.
    let later = analyze("", "Arafat is a common name in the region.", "2015-01-01");
    assert!(
        later.actor_by_code("PSEGOV").is_none(),
        "{:?}",
        later.analysis.actors
    );
}

#[test]
fn the_owner_of_a_plan_carries_it_out() {
    let doc = analyze(
        "",
        "Seoul is wary of Tokyo's plan to expand its naval patrols near Dokdo with American help.",
        DAY,
    );
    assert!(
        doc.analysis
            .events
            .iter()
            .all(|e| !doc.code(e.source).starts_with("KOR")),
        "the plan is Japan's, not South Korea's: {}",
        doc.describe_events()
    );
    assert!(
        doc.analysis
            .events
            .iter()
            .any(|e| doc.code(e.source).starts_with("JPN")),
        "{}",
        doc.describe_events()
    );
}

#[test]
fn an_actor_before_a_noun_modifies_it() {
    let doc = analyze(
        "",
        "Kabul rejected a Pakistani demand to close the border crossings.",
        DAY,
    );
    assert!(
        doc.analysis
            .events
            .iter()
            .all(|e| doc.code(e.source) != "PAK"),
        "\"a Pakistani demand\" is no act of Pakistan's here: {}",
        doc.describe_events()
    );
    // The rejection itself is coded.
    assert!(
        doc.analysis
            .events
            .iter()
            .any(|e| e.root == "12" && doc.code(e.target) == "PAK"),
        "{}",
        doc.describe_events()
    );
}

#[test]
fn a_run_of_agents_names_one_actor() {
    let doc = analyze(
        "",
        "Israeli F-16 warplanes fired missiles at a Hamas training camp.",
        DAY,
    );
    let fired = doc
        .analysis
        .events
        .iter()
        .find(|e| e.root == "19")
        .unwrap_or_else(|| panic!("no attack coded: {}", doc.describe_events()));
    assert_eq!(
        doc.code(fired.source),
        "ISRMIL",
        "{}",
        doc.describe_events()
    );
}

#[test]
fn a_participle_after_the_object_opens_another_clause() {
    let doc = analyze(
        "",
        "Peru banned two militant groups blamed for the attack on the Chilean embassy.",
        DAY,
    );
    assert!(
        doc.analysis
            .events
            .iter()
            .all(|e| !doc.code(e.target).starts_with("CHL")),
        "{}",
        doc.describe_events()
    );
    // The agent of the participle is still the owner: "the launch carried out by Gondor".
    let doc = analyze(
        "",
        "Chile condemned the missile test carried out by Peru on Sunday.",
        DAY,
    );
    assert_eq!(
        doc.events("CHL", "PER").len(),
        1,
        "{}",
        doc.describe_events()
    );
}

#[test]
fn an_owned_gerund_with_an_of_object_reports_an_earlier_event() {
    let doc = analyze(
        "",
        "Chile criticised the Peruvian shelling of the border post.",
        DAY,
    );
    assert!(
        doc.analysis
            .events
            .iter()
            .all(|e| !doc.code(e.source).starts_with("PER")),
        "{}",
        doc.describe_events()
    );
    // Without an owner the gerund is the clause's own verb.
    let doc = analyze("", "Peruvian troops were shelling Chilean positions.", DAY);
    assert!(
        doc.analysis
            .events
            .iter()
            .any(|e| doc.code(e.source).starts_with("PER")),
        "{}",
        doc.describe_events()
    );
}

#[test]
fn british_spellings_code_as_the_american_ones() {
    for text in [
        "Chad mobilized troops against Sudan.",
        "Chad mobilised troops against Sudan.",
    ] {
        let doc = analyze("", text, DAY);
        let roots = doc.roots();
        assert_eq!(roots, ["15"], "{text}: {}", doc.describe_events());
    }
}

#[test]
fn a_stated_intention_is_coded_as_the_intention() {
    // Agreeing or offering to act is an intent (03); the agreement is not coded twice.
    let doc = analyze("", "Chile agreed to resume talks with Peru on Monday.", DAY);
    let codes = doc.codes();
    assert_eq!(codes, ["036"], "{}", doc.describe_events());
    assert!(!doc.analysis.events[0].hypothetical);
    let doc = analyze("", "Chile offered to help Peru after the floods.", DAY);
    assert_eq!(
        doc.events("CHL", "PER")[0].root,
        "03",
        "{}",
        doc.describe_events()
    );
    // Threatening to use force is a threat (13), not the force.
    let doc = analyze("", "Peru threatened to attack Chile.", DAY);
    let codes = doc.codes();
    assert_eq!(codes, ["138"], "{}", doc.describe_events());
    // A plan reported of someone stays the hedged action itself.
    let doc = analyze("", "Peru hopes to invade Chile.", DAY);
    let attack = &doc.events("PER", "CHL")[0];
    assert_eq!(attack.root, "19", "{}", doc.describe_events());
    assert!(attack.hypothetical);
}

#[test]
fn a_refusal_to_cooperate_is_a_rejection_and_a_refused_attack_no_event() {
    let doc = analyze(
        "",
        "Bolivia declined to release the Chilean prisoners.",
        DAY,
    );
    let events = doc.events("BOL", "CHL");
    assert_eq!(events.len(), 1, "{}", doc.describe_events());
    assert_eq!(events[0].root, "12");
    assert!(!events[0].negated);
    let doc = analyze("", "Bolivia refused to attack Chile.", DAY);
    assert!(
        doc.analysis.events.iter().all(|e| e.negated),
        "{}",
        doc.describe_events()
    );
}

#[test]
fn a_plural_an_actor_modifies_after_a_preposition_is_a_noun() {
    let doc = analyze(
        "",
        "Chilean and Peruvian jets launched air strikes on Bolivian targets.",
        DAY,
    );
    assert!(!doc.analysis.events.is_empty(), "{}", doc.describe_events());
    assert!(
        doc.analysis
            .events
            .iter()
            .all(|e| doc.code(e.target).starts_with("BOL")),
        "{}",
        doc.describe_events()
    );
    // A plural-looking verb right after its subject stays a verb.
    let doc = analyze("", "Bolivia targets Chilean smugglers.", DAY);
    assert!(!doc.analysis.events.is_empty(), "{}", doc.describe_events());
}

#[test]
fn the_verb_attributing_a_quote_is_no_statement_event() {
    let body = "\"The border stays open,\" Chilean President Gabriel Boric told Peruvian \
                reporters.";
    let doc = analyze("", body, DAY);
    assert!(doc.analysis.events.is_empty(), "{}", doc.describe_events());
    // Telling someone something without quoting it stays a statement.
    let doc = analyze("", "Chile told Peru that the border stays open.", DAY);
    let events = doc.events("CHL", "PER");
    assert_eq!(events.len(), 1, "{}", doc.describe_events());
    assert_eq!(events[0].root, "01");
}

#[test]
fn freezing_contacts_reduces_relations_and_its_attacks_is_a_noun() {
    let doc = analyze("", "Chile froze all contacts with Peru on Monday.", DAY);
    let events = doc.events("CHL", "PER");
    assert_eq!(events.len(), 1, "{}", doc.describe_events());
    assert_eq!(events[0].root, "16");
    let doc = analyze("", "Peru halted its attacks on Chile.", DAY);
    let roots = doc.roots();
    assert_eq!(roots, ["08"], "{}", doc.describe_events());
}

#[test]
fn a_warning_against_an_action_targets_the_one_warned() {
    let doc = analyze("", "Brazil warned Chile against attacking Peru.", DAY);
    let events = doc.events("BRA", "CHL");
    assert_eq!(events.len(), 1, "{}", doc.describe_events());
    assert_eq!(events[0].root, "13");
    // What Chile is warned against has not happened.
    assert!(
        doc.events("CHL", "PER").is_empty(),
        "{}",
        doc.describe_events()
    );
}

#[test]
fn disappointment_with_an_actor_is_disapproval_of_it() {
    let doc = analyze("", "Peru was deeply disappointed by Chile's decision.", DAY);
    let events = doc.events("PER", "CHL");
    assert_eq!(events.len(), 1, "{}", doc.describe_events());
    assert_eq!(events[0].root, "11");
    assert!(
        doc.events("CHL", "PER").is_empty(),
        "{}",
        doc.describe_events()
    );
}

#[test]
fn protests_and_strikes_stand_without_a_target() {
    for (text, root) in [
        ("Thousands of Bolivians staged a protest in La Paz.", "14"),
        ("Bolivian miners launched a general strike on Monday.", "14"),
        ("Bolivian students took to the streets.", "14"),
    ] {
        let doc = analyze("", text, DAY);
        let events: Vec<_> = doc
            .analysis
            .events
            .iter()
            .filter(|e| doc.code(e.source).starts_with("BOL"))
            .collect();
        assert_eq!(events.len(), 1, "{text}: {}", doc.describe_events());
        assert_eq!(events[0].root, root, "{text}");
    }
    // A military strike is no labour strike.
    let doc = analyze("", "Bolivia launched strikes on Peru on Monday.", DAY);
    let roots = doc.roots();
    assert_eq!(roots, ["19"], "{}", doc.describe_events());
    // The leader of a country is the subject, not the country.
    let doc = analyze("", "The leader of Bolivia staged a protest.", DAY);
    assert!(doc.analysis.events.is_empty(), "{}", doc.describe_events());
}

#[test]
fn calls_for_calm_or_talks_are_appeals_with_or_without_a_target() {
    let doc = analyze("", "Brazil called for calm on Monday.", DAY);
    let codes = doc.codes();
    assert_eq!(codes, ["0256"], "{}", doc.describe_events());
    let doc = analyze(
        "",
        "Brazil called for a ceasefire between Chile and Peru.",
        DAY,
    );
    assert_eq!(
        doc.events("BRA", "CHL").len(),
        1,
        "{}",
        doc.describe_events()
    );
    assert_eq!(
        doc.events("BRA", "PER").len(),
        1,
        "{}",
        doc.describe_events()
    );
    // A call for something else is no appeal of these kinds.
    let doc = analyze("", "Brazil called for a recount of the votes.", DAY);
    assert!(
        doc.analysis
            .events
            .iter()
            .all(|e| e.code != "0256" && e.code != "026"),
        "{}",
        doc.describe_events()
    );
}

#[test]
fn violence_on_unnamed_people_targets_the_country_where_it_happened() {
    // The victims are no actor: the people of the place are the target.
    let doc = analyze(
        "",
        "Masked gunmen killed nine people at a market in Peshawar on Friday.",
        DAY,
    );
    let events = doc.events("PAKUAF", "PAK");
    assert_eq!(events.len(), 1, "{}", doc.describe_events());
    assert!(matches!(events[0].root.as_str(), "18" | "19" | "20"));
    let target = &doc.analysis.actors[events[0].target.unwrap()];
    assert_eq!(doc.slice(target.mentions[0].span), "Peshawar");
    let doc = analyze(
        "",
        "Syrian aircraft struck positions in Lebanon overnight.",
        DAY,
    );
    assert_eq!(doc.roots(), ["19"], "{}", doc.describe_events());
    assert_eq!(doc.events("SYRMIL", "LBN").len(), 1);
    // The plural right after the verb is its object, not a second event.
    assert_eq!(doc.analysis.events.len(), 1, "{}", doc.describe_events());
    // A named victim stays the target.
    let doc = analyze("", "Turkish troops attacked Kurdish rebels in Iraq.", DAY);
    assert!(
        doc.events("TURMIL", "IRQ").is_empty(),
        "{}",
        doc.describe_events()
    );
    // Without a place, or with a place of the source's own code, there is no target to take.
    let doc = analyze("", "Gunmen killed nine people on Friday.", DAY);
    assert!(doc.analysis.events.is_empty(), "{}", doc.describe_events());
    let doc = analyze("", "Chile arrested 40 people in Santiago.", DAY);
    assert!(doc.analysis.events.is_empty(), "{}", doc.describe_events());
    // Words that name no victims are not coded so.
    let doc = analyze(
        "",
        "The president took office in Lima and forced a vote in Cusco.",
        DAY,
    );
    assert!(doc.analysis.events.is_empty(), "{}", doc.describe_events());
}

#[test]
fn participles_and_gerunds_before_nouns_are_no_verbs() {
    let doc = analyze(
        "",
        "Belgian jets kept up raids on suspected Taliban camps. \
         An international peacekeeping force arrived in Kabul.",
        DAY,
    );
    assert!(
        doc.analysis
            .events
            .iter()
            .all(|e| e.code != "110" && e.code != "170"),
        "{}",
        doc.describe_events()
    );
}

#[test]
fn force_by_militants_is_assault_and_by_states_is_fighting() {
    let doc = analyze("", "Sudanese rebels attacked villages in Chad.", DAY);
    assert_eq!(doc.roots(), ["18"], "{}", doc.describe_events());
    let doc = analyze(
        "",
        "Chad's army attacked Sudanese rebels near the border.",
        DAY,
    );
    assert_eq!(doc.roots(), ["19"], "{}", doc.describe_events());
    // Rebels fighting an army fight.
    let doc = analyze("", "Rebels attacked Chad's army near the border.", DAY);
    let on_forces = doc.events("REB", "TCDMIL");
    assert!(on_forces.is_empty() || on_forces[0].root == "19");
}

#[test]
fn appeals_rejections_denials_and_intentions_stand_without_a_target() {
    for (text, code) in [
        ("Peru appealed to the world for food aid.", "02"),
        ("Peru called for an inquiry into the shooting.", "02"),
        ("Peru rejected the findings of the commission.", "12"),
        ("Peru denied any involvement in the shooting.", "01"),
        ("Peru offered to host peace talks.", "03"),
    ] {
        let doc = analyze("", text, DAY);
        assert_eq!(doc.roots(), [code], "{text}: {}", doc.describe_events());
    }
    // With the actor named, it is the target.
    let doc = analyze("", "Peru called on Chile to free the prisoners.", DAY);
    assert_eq!(
        doc.events("PER", "CHL").len(),
        1,
        "{}",
        doc.describe_events()
    );
    // A plan that calls for something is no actor appealing.
    let doc = analyze("", "The budget calls for deep cuts in spending.", DAY);
    assert!(doc.analysis.events.is_empty(), "{}", doc.describe_events());
}

#[test]
fn a_state_represses_its_own_people_where_no_victim_is_named() {
    let doc = analyze(
        "",
        "Ecuador's military government banned public meetings on Friday.",
        DAY,
    );
    let events = doc.events("ECUGOV", "ECU");
    assert_eq!(events.len(), 1, "{}", doc.describe_events());
    assert_eq!(events[0].root, "17");
    // A country is no state force, and a noun is no ban.
    let doc = analyze("", "Ecuador banned public meetings on Friday.", DAY);
    assert!(doc.analysis.events.is_empty(), "{}", doc.describe_events());
    let doc = analyze(
        "",
        "Ecuador's government said the sales tax would rise.",
        DAY,
    );
    assert!(doc.analysis.events.is_empty(), "{}", doc.describe_events());
}

#[test]
fn calling_someone_something_is_no_call() {
    let doc = analyze("", "Chile called Peru an obstacle to peace.", DAY);
    assert!(doc.analysis.events.is_empty(), "{}", doc.describe_events());
    let doc = analyze(
        "",
        "Chile called Peru on Tuesday to discuss the border.",
        DAY,
    );
    assert_eq!(
        doc.events("CHL", "PER").len(),
        1,
        "{}",
        doc.describe_events()
    );
    assert_eq!(doc.events("CHL", "PER")[0].root, "04");
}

#[test]
fn an_apposition_is_one_actor_and_a_named_attack_no_new_one() {
    let doc = analyze(
        "",
        "Egypt's foreign minister, Amr Moussa, telephoned Israel to condemn the attack.",
        "2000-03-15",
    );
    // One caller, not the minister and the man each calling.
    let callers: std::collections::HashSet<&str> = doc
        .analysis
        .events
        .iter()
        .filter(|e| e.root == "04" && doc.code(e.target) == "ISR")
        .map(|e| doc.code(e.source))
        .collect();
    assert_eq!(callers.len(), 1, "{}", doc.describe_events());
    // "the attack" is the one condemned, not an attack between the callers.
    assert!(
        doc.analysis
            .events
            .iter()
            .all(|e| e.root != "19" && e.root != "18"),
        "{}",
        doc.describe_events()
    );
    // In a headline a comma is "and".
    let doc = analyze("Chile, Peru sign trade pact", "", DAY);
    assert!(doc.analysis.events.len() >= 2, "{}", doc.describe_events());
}

#[test]
fn what_is_demanded_has_not_happened_and_hopes_are_intentions() {
    let doc = analyze(
        "",
        "The rebels demanded that Chile withdraw its troops from Peru.",
        DAY,
    );
    assert!(
        doc.analysis.events.iter().all(|e| e.root != "08"),
        "{}",
        doc.describe_events()
    );
    let doc = analyze("", "Chile hoped to resume talks with Peru.", DAY);
    assert_eq!(doc.codes(), ["036"], "{}", doc.describe_events());
    assert_eq!(doc.events("CHL", "PER").len(), 1);
}

#[test]
fn a_subordinate_clause_has_its_own_subject() {
    let doc = analyze(
        "",
        "Chile's president escaped unhurt when a gunman opened fire on his car in Santiago.",
        DAY,
    );
    assert!(
        doc.analysis
            .events
            .iter()
            .all(|e| doc.code(e.source) != "CHLGOV"),
        "{}",
        doc.describe_events()
    );
    // A comma closes the subordinate phrase: "who spoke before Peru, urged".
    let doc = analyze(
        "",
        "The Chilean envoy, who spoke before Peru, urged Bolivia to negotiate.",
        DAY,
    );
    assert!(
        doc.events("PER", "BOL").is_empty(),
        "{}",
        doc.describe_events()
    );
}

#[test]
fn telling_the_press_is_no_statement_to_it_and_flying_somewhere_is_a_visit() {
    let doc = analyze(
        "",
        "Chile's president told reporters in Santiago that talks would resume.",
        DAY,
    );
    assert!(
        doc.analysis
            .events
            .iter()
            .all(|e| !e.code.starts_with("01")),
        "{}",
        doc.describe_events()
    );
    let doc = analyze("", "Chile's foreign minister flew to Peru on Monday.", DAY);
    assert_eq!(doc.codes(), ["042"], "{}", doc.describe_events());
}

#[test]
fn an_adverb_between_subject_and_verb_keeps_the_subject() {
    let doc = analyze(
        "",
        "Hours after a parade of Russian tanks, Cuba abruptly expelled the Dutch ambassador.",
        DAY,
    );
    assert!(
        doc.analysis
            .events
            .iter()
            .all(|e| doc.code(e.source).starts_with("CUB")),
        "{}",
        doc.describe_events()
    );
    assert_eq!(
        doc.events("CUB", "NLDGOV").len(),
        1,
        "{}",
        doc.describe_events()
    );
}

#[test]
fn back_as_an_adverb_and_a_journey_from_a_capital_code_nothing() {
    for body in [
        "Canada wants the allied convoys back on the road before winter.",
        "The envoy brought the letter back to Moscow in February.",
        "Ruth Galen, who had just returned from Paris, spoke at the dinner.",
    ] {
        let doc = analyze("", body, DAY);
        assert!(
            doc.analysis.events.is_empty(),
            "{body}: {}",
            doc.describe_events()
        );
    }
    // The verb itself still codes.
    let doc = analyze("", "Canada will back the Norwegian proposal.", DAY);
    assert_eq!(doc.roots(), ["05"], "{}", doc.describe_events());
}

#[test]
fn a_country_after_a_locative_word_is_the_scene_not_the_target() {
    let doc = analyze(
        "",
        "Regional leaders meeting in Togo agreed to send observers.",
        DAY,
    );
    assert!(
        doc.analysis
            .events
            .iter()
            .all(|e| doc.code(e.target) != "TGO"),
        "{}",
        doc.describe_events()
    );
    // A country modifying a noun there is still the one the act is for.
    let doc = analyze(
        "",
        "Canada offered help in the Peru investigation on Monday.",
        DAY,
    );
    assert_eq!(
        doc.events("CAN", "PER").len(),
        1,
        "{}",
        doc.describe_events()
    );
}

#[test]
fn a_plural_after_an_infinitive_or_a_modal_is_its_object() {
    for body in [
        "Bolivia told its border guards to prevent raids on Chilean farms.",
        "Bolivia will halt raids on Chile.",
    ] {
        let doc = analyze("", body, DAY);
        assert!(
            doc.events("BOL", "CHL").iter().all(|e| e.root != "19"),
            "{body}: {}",
            doc.describe_events()
        );
    }
    // The same plural after a subject is the verb.
    let doc = analyze("", "Bolivia attacks Chile.", DAY);
    assert_eq!(doc.roots(), ["19"], "{}", doc.describe_events());
}

#[test]
fn an_object_pronoun_is_the_target_no_later_actor_is() {
    let doc = analyze(
        "",
        "Chile expelled a diplomat on Monday, accusing him of spying for Bolivia.",
        DAY,
    );
    assert!(
        doc.events("CHL", "BOL").is_empty(),
        "{}",
        doc.describe_events()
    );
    let doc = analyze("", "Chile accused Bolivia of spying for Peru.", DAY);
    assert_eq!(
        doc.events("CHL", "BOL").len(),
        1,
        "{}",
        doc.describe_events()
    );
}

#[test]
fn the_source_of_a_report_after_a_comma_is_no_victim() {
    let doc = analyze(
        "",
        "Chilean troops shelled Peru on Monday, killing 12 civilians, Bolivian officials said.",
        DAY,
    );
    assert!(
        doc.analysis
            .events
            .iter()
            .all(|e| !doc.code(e.target).starts_with("BOL")),
        "{}",
        doc.describe_events()
    );
    assert!(
        !doc.events("CHLMIL", "PER").is_empty(),
        "{}",
        doc.describe_events()
    );
}

#[test]
fn a_pattern_reaches_no_word_a_cessation_cancels() {
    let doc = analyze("", "Chile announced a suspension of attacks on Peru.", DAY);
    assert!(
        doc.analysis
            .events
            .iter()
            .all(|e| !matches!(e.root.as_str(), "18" | "19")),
        "{}",
        doc.describe_events()
    );
}

#[test]
fn a_statement_pattern_does_not_reach_past_a_modal() {
    let doc = analyze("", "Chile said Peru must arrest the smugglers.", DAY);
    assert!(
        doc.events("CHL", "PER").iter().all(|e| e.root != "17"),
        "{}",
        doc.describe_events()
    );
}

#[test]
fn crowds_marching_through_a_city_demonstrate() {
    let doc = analyze(
        "",
        "Thousands of protesters marched through the streets of Nairobi on Tuesday.",
        "2019-05-20",
    );
    let marches: Vec<_> = doc
        .analysis
        .events
        .iter()
        .filter(|e| e.code == "141")
        .collect();
    assert_eq!(marches.len(), 1, "{}", doc.describe_events());
    assert_eq!(doc.code(marches[0].source), "KENOPP");
    assert_eq!(marches[0].target, None);
    // The city is where they marched, not the government it stands for elsewhere.
    assert!(
        doc.actor_by_code("KENGOV").is_none(),
        "{:?}",
        doc.analysis.actors
    );

    // Armed forces on the move, or demonstrating their strength, are no protest.
    for body in [
        "Kenyan troops marched through the streets of Nairobi on Tuesday.",
        "Kenya demonstrated its new drones to buyers in Nairobi.",
        "Kenyan students printed banners for a rally in Nairobi.",
    ] {
        let doc = analyze("", body, "2019-05-20");
        assert!(
            !doc.roots().contains(&"14"),
            "{body}: {}",
            doc.describe_events()
        );
    }
}

#[test]
fn the_owner_of_a_bare_noun_object_is_the_target() {
    let doc = analyze(
        "",
        "Argentina refused to recognise the sovereignty of Britain over the islands.",
        DAY,
    );
    let events = doc.events("ARG", "GBR");
    assert_eq!(events.len(), 1, "{}", doc.describe_events());
    assert_eq!(events[0].root, "12");
    // Past another preposition, or a longer phrase, the actor is no longer the object.
    for body in [
        "Argentina recognised the vote in Britain.",
        "Argentina recognised the result of the vote in Britain.",
    ] {
        let doc = analyze("", body, DAY);
        assert!(
            doc.events("ARG", "GBR").is_empty(),
            "{body}: {}",
            doc.describe_events()
        );
    }
}

#[test]
fn a_bomb_that_kills_is_a_bombing_by_whoever_set_it() {
    let bombing = |body: &str| {
        let doc = analyze("", body, "2009-06-10");
        let found: Vec<(String, String, String)> = doc
            .analysis
            .events
            .iter()
            .map(|e| {
                let code = |a: Option<usize>| doc.code(a).to_owned();
                (code(e.source), code(e.target), e.code.clone())
            })
            .collect();
        found
    };
    // No one named: the people of the place it went off in, one event for the one blast.
    assert_eq!(
        bombing("A car bomb exploded outside a police station in Mosul, killing nine people."),
        [(String::new(), "IRQ".to_owned(), "1832".to_owned())]
    );
    assert_eq!(
        bombing("Four Afghan soldiers were killed by a roadside bomb near Kandahar on Monday."),
        [(String::new(), "AFGMIL".to_owned(), "1833".to_owned())]
    );
    // The first clause opens after the dateline.
    assert_eq!(
        bombing(
            "MOSUL (Wire) - A bomb exploded outside a market on Sunday, wounding five policemen."
        ),
        [(String::new(), "IRQCOP".to_owned(), "183".to_owned())]
    );
    // A clause of its own, and an unnamed bomber whose country the scene does not tell.
    assert_eq!(
        bombing("Schools closed after a suicide bomber killed 15 people at a market in Mosul."),
        [(String::new(), "IRQ".to_owned(), "1831".to_owned())]
    );
    let by = bombing("A bomb planted by the Taliban killed three policemen in Kandahar.");
    assert!(
        by.iter()
            .any(|(s, _, c)| s.starts_with("AFG") && c == "183"),
        "{by:?}"
    );
    // A bomb as a noun's modifier, or a clause of its own, is no doer, and no verb either.
    assert!(bombing("Bomb disposal experts defused a device in Mosul.").is_empty());
    let maker = bombing("Afghan troops killed a Taliban bomb maker in Kandahar.");
    assert!(
        maker.iter().all(|(_, _, c)| !c.starts_with("195")),
        "{maker:?}"
    );
    let after = bombing("A bomb exploded in Mosul, and police arrested three men.");
    assert!(
        after
            .iter()
            .all(|(s, _, c)| !(s.is_empty() && c.starts_with("17"))),
        "{after:?}"
    );
    assert!(
        after
            .iter()
            .any(|(s, _, c)| s == "IRQCOP" && c.starts_with("17")),
        "{after:?}"
    );
}

#[test]
fn who_leads_an_action_is_not_its_target() {
    let doc = analyze(
        "",
        "Danish jets joined the French-led offensive against Mali on Monday.",
        DAY,
    );
    assert!(
        doc.events("DNKMIL", "FRA").is_empty(),
        "{}",
        doc.describe_events()
    );
    assert_eq!(
        doc.events("DNKMIL", "MLI").len(),
        1,
        "{}",
        doc.describe_events()
    );
    // A coalition someone leads is theirs.
    let doc = analyze("", "Russia criticised the Saudi-led coalition.", DAY);
    assert_eq!(
        doc.events("RUS", "SAU").len(),
        1,
        "{}",
        doc.describe_events()
    );
}

#[test]
fn a_base_form_after_a_preposition_is_a_noun() {
    let doc = analyze("", "Peru imposed an embargo on trade with Chile.", DAY);
    assert!(
        !doc.codes().iter().any(|c| c.starts_with("06")),
        "{}",
        doc.describe_events()
    );
    // A plural there may still name the event: talks held.
    let doc = analyze(
        "",
        "Peru's foreign minister flew to Lima for talks with Chilean officials.",
        DAY,
    );
    assert!(doc.roots().contains(&"04"), "{}", doc.describe_events());
}

#[test]
fn a_verbal_act_after_a_reported_deed_is_the_reporters() {
    let doc = analyze(
        "",
        "Chile admitted on Monday that its navy had seized a Peruvian trawler and apologised to \
         Peru.",
        DAY,
    );
    assert_eq!(
        doc.events("CHL", "PER").len(),
        1,
        "{}",
        doc.describe_events()
    );
    // A deed joined there stays the reported clause's: the elided "had" is its own.
    let doc = analyze(
        "",
        "Peru said that Chilean troops had crossed the border and attacked Peruvian police.",
        DAY,
    );
    assert!(
        doc.events("PER", "PERCOP").is_empty(),
        "{}",
        doc.describe_events()
    );
}

#[test]
fn a_month_is_no_modal() {
    let doc = analyze("", "Chile in May expelled Peruvian diplomats.", DAY);
    let events = doc.events("CHL", "PERGOV");
    assert_eq!(events.len(), 1, "{}", doc.describe_events());
    assert!(!events[0].hypothetical);
    let doc = analyze("", "Chile may expel Peruvian diplomats.", DAY);
    assert!(
        doc.analysis.events.iter().all(|e| e.hypothetical),
        "{}",
        doc.describe_events()
    );
}
