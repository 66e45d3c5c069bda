//! The discard list: phrases that mark a sentence, or with a leading `+` a whole story, as
//! not to code. Also home of the line reader and word helpers the other readers share.

use std::sync::Arc;

use super::{Discard, Notice, Origin};

use super::text::{Lines, notice, words};

/// Reads a discard list: one phrase a line, `+PHRASE` for the whole story, `PHRASE_` when the
/// last word must end there (otherwise it is a stem).
pub fn read_discards(file: &str, text: &str, notices: &mut Vec<Notice>) -> Vec<Discard> {
    let file: Arc<str> = Arc::from(file);
    let mut lines = Lines::new(text);
    let mut discards = Vec::new();
    for line in lines.by_ref() {
        let mut phrase = line.text.trim();
        let whole_story = phrase.starts_with('+');
        if whole_story {
            phrase = phrase[1..].trim_start();
        }
        if phrase.contains(['[', ']', '{', '}']) {
            notice(
                notices,
                &file,
                line.number,
                format!("brackets in discard phrase {phrase:?}"),
            );
            continue;
        }
        let exact = phrase.ends_with('_');
        let words = words(phrase);
        if words.is_empty() {
            notice(notices, &file, line.number, "discard line without a phrase");
            continue;
        }
        discards.push(Discard {
            words,
            whole_story,
            exact,
            origin: Origin {
                file: file.clone(),
                line: line.number,
            },
        });
    }
    lines.finish(&file, notices);
    discards
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::petrarch::text::{Lines, plural, words};

    fn read(text: &str) -> (Vec<Discard>, Vec<Notice>) {
        let mut notices = Vec::new();
        let discards = read_discards("test.discards.txt", text, &mut notices);
        (discards, notices)
    }

    #[test]
    fn sentence_story_exact_and_stem() {
        let (d, n) = read(
            "# sports\nPOLO MATCH   # a comment\n+Grand Prix ; tabari comment\nRUGBY_\n\
             + CHESS OPEN\nTABLE_TENNIS\n",
        );
        assert!(n.is_empty(), "{n:?}");
        assert_eq!(d.len(), 5);
        assert_eq!(d[0].words, ["polo", "match"]);
        assert!(!d[0].whole_story && !d[0].exact);
        assert_eq!(d[0].origin.line, 2);
        assert_eq!(&*d[0].origin.file, "test.discards.txt");
        assert_eq!(d[1].words, ["grand", "prix"]);
        assert!(d[1].whole_story);
        assert_eq!(d[2].words, ["rugby"]);
        assert!(d[2].exact && !d[2].whole_story);
        assert_eq!(d[3].words, ["chess", "open"]);
        assert!(d[3].whole_story);
        assert_eq!(d[4].words, ["table", "tennis"]);
        assert!(!d[4].exact);
    }

    #[test]
    fn bad_lines_are_noticed() {
        let (d, n) = read("+\nDARTS [###\nBOWLS\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].words, ["bowls"]);
        assert_eq!(n.len(), 2);
        assert_eq!(n[0].origin.line, 1);
        assert_eq!(n[1].origin.line, 2);
    }

    #[test]
    fn comments_of_every_kind() {
        let text = "\u{feff}<!-- one line -->\nA <!-- inline --> B\n<!-- open\n# inside\n\
                    still -->  C\n<! -- odd -->\n<!DOCTYPE x>\n   \t\nD # E <!-- F\nG\n";
        let lines: Vec<(usize, String)> = Lines::new(text)
            .map(|l| (l.number, l.text.trim().to_string()))
            .collect();
        assert_eq!(
            lines,
            [
                (2, "A  B".to_string()),
                (5, "C".to_string()),
                (9, "D".to_string()),
                (10, "G".to_string())
            ]
        );
    }

    #[test]
    fn hash_inside_an_inline_comment() {
        let text = "X <!-- # ; --> Y # Z <!-- W -->\n";
        let lines: Vec<String> = Lines::new(text).map(|l| l.text.into_owned()).collect();
        assert_eq!(lines, ["X  Y "]);
        let long = "A <!-- # -->".repeat(50_000) + " B # C";
        let lines: Vec<String> = Lines::new(&long).map(|l| l.text.into_owned()).collect();
        assert_eq!(lines.len(), 1);
        assert!(lines[0].ends_with("A  B "));
    }

    #[test]
    fn unterminated_comment_is_noticed() {
        let (d, n) = read("CRICKET\n<!-- never closed\nTENNIS\n");
        assert_eq!(d.len(), 1);
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].origin.line, 2);
    }

    #[test]
    fn words_and_plurals() {
        assert_eq!(words(" Prime_MINISTER  of_"), ["prime", "minister", "of"]);
        assert_eq!(words("_ __ "), Vec::<String>::new());
        let plural = |w: &str| plural(w).unwrap_or_default();
        assert_eq!(plural("army"), "armies");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("witness"), "witnesses");
        assert_eq!(plural("caucus"), "caucuses");
        assert_eq!(plural("troops"), "");
        assert_eq!(plural(""), "");
        assert_eq!(plural("tax"), "taxes");
        assert_eq!(plural("church"), "churches");
        assert_eq!(plural("truce"), "truces");
        assert_eq!(plural("y"), "ys");
        assert_eq!(plural("ñy"), "ñys");
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "+",
            "_",
            "\n\n",
            "+_",
            "<!--",
            "-->",
            "[",
            "é_",
            "+\u{feff}",
        ] {
            let _ = read(text);
        }
    }

    #[test]
    fn real_files() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/petrarch/dictionaries"
        );
        for (name, min, max_notices) in [
            ("Phoenix.discards.txt", 400, 0),
            ("PETR.Validate.discards.txt", 8, 0),
        ] {
            let path = format!("{dir}/{name}");
            let Ok(bytes) = std::fs::read(&path) else {
                eprintln!("skipping {path}: not found");
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            let mut notices = Vec::new();
            let discards = read_discards(name, &text, &mut notices);
            let stories = discards.iter().filter(|d| d.whole_story).count();
            let exact = discards.iter().filter(|d| d.exact).count();
            eprintln!(
                "{name}: {} discards ({stories} whole-story, {exact} exact), {} notices",
                discards.len(),
                notices.len()
            );
            for n in &notices {
                eprintln!("  {n}");
            }
            assert!(discards.len() >= min, "{name}: {}", discards.len());
            assert!(notices.len() <= max_notices, "{name}: {notices:?}");
        }
    }
}
