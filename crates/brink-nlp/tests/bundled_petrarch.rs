//! The PETRARCH-format dictionaries bundled in `data/petrarch/`: they read back cleanly, and,
//! when the Phoenix dictionaries they were converted from are at hand, converting them again
//! gives the committed files byte for byte, so a change to the converter that was not re-run
//! fails here.

use std::path::{Path, PathBuf};

use brink_nlp::petrarch::{
    self, Item, Kind, Notice, read_actors, read_agents, read_discards, read_verbs,
};

const FILES: [&str; 4] = [
    "cameo.verbs.txt",
    "phoenix.actors.txt",
    "phoenix.agents.txt",
    "phoenix.discards.txt",
];

fn bundled_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/petrarch")
}

fn bundled(name: &str) -> String {
    let path = bundled_dir().join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()))
}

#[test]
fn conversion_is_up_to_date() {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/petrarch/dictionaries");
    if !from.is_dir() {
        eprintln!("skipping: {} not found", from.display());
        return;
    }
    let gazetteer = include_str!("../data/gazetteer.tsv");
    let converted = petrarch::convert(&from, gazetteer).expect("convert");
    let names: Vec<&str> = converted.files.iter().map(|f| f.name).collect();
    assert_eq!(names, FILES);
    for file in &converted.files {
        let committed = bundled(file.name);
        if committed == file.text {
            continue;
        }
        let line = committed
            .lines()
            .zip(file.text.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(file.text.lines().count()));
        panic!(
            "data/petrarch/{} is not what the converter makes now (first difference at line \
             {}: committed {:?}, converted {:?}); regenerate it with `cargo run -p brink -- dict \
             convert --from <PETRARCH dictionaries> --out crates/brink-nlp/data/petrarch`",
            file.name,
            line + 1,
            committed.lines().nth(line),
            file.text.lines().nth(line)
        );
    }
    // The converted files hold every entry that was read: nothing fails to be written.
    assert_eq!(converted.stats.write_notices, 0, "{:#?}", converted.notices);
    assert!(converted.stats.city_phrases > 0 && converted.stats.short_phrases > 0);
}

fn check(name: &str, notices: &[Notice]) {
    for n in notices {
        eprintln!("  {n}");
    }
    assert!(notices.is_empty(), "{name}: {} notices", notices.len());
}

#[test]
fn bundled_files_read_back() {
    let mut notices = Vec::new();

    let name = FILES[0];
    assert_eq!(Kind::of(name), Some(Kind::Verbs));
    let verbs = read_verbs(name, &bundled(name), &mut notices);
    check(name, &notices);
    assert!(verbs.blocks.len() > 300, "{} blocks", verbs.blocks.len());
    assert!(verbs.verbs.len() > 1_500, "{} verbs", verbs.verbs.len());
    assert!(
        verbs.patterns.len() > 4_000,
        "{} patterns",
        verbs.patterns.len()
    );
    for p in &verbs.patterns {
        assert_eq!(p.items.iter().filter(|i| **i == Item::Verb).count(), 1);
        assert!(p.block < verbs.blocks.len());
    }
    // MEET is a verb of the MEET_PEOPLE [040] block, with its irregular forms.
    let meet = verbs
        .verbs
        .iter()
        .find(|v| v.forms.first().is_some_and(|f| f == "meet") && v.after.is_empty())
        .expect("the verb MEET");
    assert!(meet.forms.contains(&"met".to_string()));
    assert_eq!(verbs.blocks[meet.block].name, "MEET_PEOPLE");
    assert_eq!(verbs.blocks[meet.block].codes.code.as_deref(), Some("040"));

    let name = FILES[1];
    assert_eq!(Kind::of(name), Some(Kind::Actors));
    let actors = read_actors(name, &bundled(name), &mut notices);
    check(name, &notices);
    assert!(actors.len() > 20_000, "{} actors", actors.len());
    let phrase = |text: &str| -> Vec<String> { text.split(' ').map(str::to_string).collect() };
    let with = |text: &str| {
        let p = phrase(text);
        actors
            .iter()
            .filter(move |a| a.phrases.contains(&p))
            .collect::<Vec<_>>()
    };
    let afghanistan = with("afghanistan");
    assert!(
        afghanistan
            .iter()
            .any(|a| a.codes.iter().any(|c| c.code.as_deref() == Some("AFG")))
    );
    // The filters: no case traps, no capital standing for its country.
    for trap in ["us", "it", "in", "un"] {
        assert!(with(trap).is_empty(), "{trap:?} is still an actor phrase");
    }
    let only_afg = |a: &&petrarch::Actor| a.codes.iter().all(|c| c.code.as_deref() == Some("AFG"));
    assert!(!with("kabul").iter().any(only_afg));
    for a in &actors {
        assert!(!a.phrases.is_empty() && !a.codes.is_empty());
        let mut seen = std::collections::HashSet::new();
        assert!(a.phrases.iter().all(|p| seen.insert(p)), "{:?}", a.phrases);
    }

    let name = FILES[2];
    assert_eq!(Kind::of(name), Some(Kind::Agents));
    let agents = read_agents(name, &bundled(name), &mut notices);
    check(name, &notices);
    assert!(agents.len() > 2_000, "{} agents", agents.len());
    let phrases: usize = agents.iter().map(|a| a.phrases.len()).sum();
    assert!(phrases > 5_000, "{phrases} agent phrases");
    let police: Vec<_> = agents
        .iter()
        .filter(|a| a.phrases[0] == ["police"])
        .collect();
    assert!(!police.is_empty());

    let name = FILES[3];
    assert_eq!(Kind::of(name), Some(Kind::Discards));
    let discards = read_discards(name, &bundled(name), &mut notices);
    check(name, &notices);
    assert!(discards.len() > 400, "{} discards", discards.len());
    assert!(discards.iter().any(|d| d.whole_story));

    // Each file says what it is and where it came from.
    for name in FILES {
        let text = bundled(name);
        assert!(text.starts_with("# Brink's "), "{name}");
        assert!(
            text.contains("Converted by `brink dict convert` from the Phoenix dictionaries"),
            "{name}"
        );
        assert!(text.contains("see NOTICE"), "{name}");
    }
    let notice = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../NOTICE");
    let notice = std::fs::read_to_string(&notice).expect("the NOTICE file");
    assert!(notice.contains("Open Event Data Alliance"));
    assert!(notice.contains("Permission is hereby granted, free of charge"));
}
