//! Loading the dictionaries: user rows add to and override the built-in ones, and broken files
//! are reported with their name, line and problem.

use brink_nlp::{Analyzer, DictionaryError};

fn write(dir: &std::path::Path, file: &str, text: &str) {
    std::fs::write(dir.join(file), text).expect("write dictionary");
}

#[test]
fn extra_rows_add_and_override() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "leaders.tsv",
        "name\taliases\tcountry\trole\tcode\tfrom\tto\nAda Quill\tQuill\tNOR\tprime minister\tNORGOV\t2030-01-01\t\n",
    );
    write(
        dir.path(),
        "verbs.tsv",
        "pattern\tcode\ttarget\tforms\nsnub\t120\tobject\t\n",
    );
    let analyzer = Analyzer::load(Some(dir.path())).expect("extra dictionaries load");
    let date = chrono::NaiveDate::from_ymd_opt(2031, 5, 5);
    let analysis = analyzer.analyze("", "Quill snubbed Sweden on Monday.", date);
    let quill = analysis
        .actors
        .iter()
        .position(|a| a.name == "Ada Quill")
        .expect("user leader");
    let event = analysis
        .events
        .iter()
        .find(|e| e.source == Some(quill))
        .expect("user verb");
    assert_eq!(event.code, "120");
    assert_eq!(analysis.actors[event.target.unwrap()].code, "SWE");
    // Built-in rows are still there.
    assert!(
        analyzer
            .analyze("", "Sweden condemned Norway.", date)
            .events
            .len()
            == 1
    );
}

#[test]
fn errors_name_file_line_and_problem() {
    let cases = [
        (
            "verbs.tsv",
            "pattern\tcode\ttarget\tforms\nsnub\t999\tobject\t\n",
            "verbs.tsv:2",
            "999",
        ),
        (
            "verbs.tsv",
            "pattern\tcode\ttarget\tforms\n# note\n\nsnub\t120\tsideways\t\n",
            "verbs.tsv:4",
            "target",
        ),
        (
            "leaders.tsv",
            "name\taliases\tcountry\trole\tcode\tfrom\tto\nA B\t\tNOR\tking\tNORGOV\t2020-13-01\t\n",
            "leaders.tsv:2",
            "from",
        ),
        ("tone.tsv", "word\tscore\ngood\t3\n", "tone.tsv:2", "score"),
        (
            "metonyms.tsv",
            "phrase\tcode\tkind\nthe Hill\tUSALEG\tnickname\n",
            "metonyms.tsv:2",
            "kind",
        ),
        (
            "agents.tsv",
            "phrase\tcode\trole\n",
            "agents.tsv:1",
            "header",
        ),
        (
            "cameo.tsv",
            "code\tlabel\tgoldstein\tquad_class\tplover\n999\tx\t1\t7\tX\n",
            "cameo.tsv:2",
            "quad_class",
        ),
    ];
    for (file, text, place, word) in cases {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), file, text);
        let error = match Analyzer::load(Some(dir.path())) {
            Err(error @ DictionaryError::Invalid { .. }) => error.to_string(),
            Err(other) => panic!("{file}: unexpected error {other}"),
            Ok(_) => panic!("{file}: broken file accepted"),
        };
        assert!(
            error.starts_with(place) && error.contains(word),
            "{file}: {error}"
        );
    }
}

#[test]
fn analyzer_is_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Analyzer>();
}
