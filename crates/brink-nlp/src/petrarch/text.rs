//! Line reading, word splitting and plurals, shared by the verb, actor, agent and discard
//! readers.
use std::borrow::Cow;
use std::sync::Arc;

use super::{Notice, Origin};

/// Reports a problem with the entry on `line`.
pub(crate) fn notice(
    notices: &mut Vec<Notice>,
    file: &Arc<str>,
    line: usize,
    problem: impl Into<String>,
) {
    notices.push(Notice {
        origin: Origin {
            file: file.clone(),
            line,
        },
        problem: problem.into(),
    });
}

/// A line with content: comments removed, never blank.
pub(crate) struct Line<'a> {
    /// 1-based.
    pub number: usize,
    /// The line without its comments; not trimmed.
    pub text: Cow<'a, str>,
}

/// The content lines of a dictionary file. Comments are `#` or `;` to the end of the line
/// (`;` is TABARI's), `<!-- … -->` anywhere (possibly over several lines), and whole lines
/// starting with `<!` (`<! -- … -->`, `<!DOCTYPE …>`). Blank lines are skipped.
pub(crate) struct Lines<'a> {
    raw: std::str::Lines<'a>,
    number: usize,
    /// The line where a `<!--` still open began.
    open_comment: Option<usize>,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Lines<'a> {
        Lines {
            raw: text.strip_prefix('\u{feff}').unwrap_or(text).lines(),
            number: 0,
            open_comment: None,
        }
    }

    /// After the last line: reports a `<!--` that was never closed.
    pub(crate) fn finish(&self, file: &Arc<str>, notices: &mut Vec<Notice>) {
        if let Some(line) = self.open_comment {
            notice(
                notices,
                file,
                line,
                "'<!--' comment never closed with '-->'; the rest of the file was skipped",
            );
        }
    }

    fn strip(&mut self, raw: &'a str) -> Cow<'a, str> {
        let mut pos = 0;
        if self.open_comment.is_some() {
            match raw.find("-->") {
                Some(end) => {
                    pos = end + 3;
                    self.open_comment = None;
                }
                None => return Cow::Borrowed(""),
            }
        } else if raw.trim_start().starts_with("<!") && !raw.contains("<!--") {
            return Cow::Borrowed("");
        }
        let mut kept: Cow<'a, str> = Cow::Borrowed("");
        let mut keep = |part: &'a str| {
            if kept.is_empty() {
                kept = Cow::Borrowed(part);
            } else {
                kept.to_mut().push_str(part);
            }
        };
        // Positions in `raw`; each part of the line is searched once.
        let find_hash = |from: usize| raw[from..].find(['#', ';']).map(|i| i + from);
        let mut hash = find_hash(pos);
        loop {
            let end = hash.unwrap_or(raw.len());
            let Some(open) = raw[pos..end].find("<!--").map(|i| i + pos) else {
                keep(&raw[pos..end]);
                break;
            };
            keep(&raw[pos..open]);
            let Some(close) = raw[open + 4..].find("-->") else {
                self.open_comment = Some(self.number);
                break;
            };
            pos = open + 4 + close + 3;
            if hash.is_some_and(|h| h < pos) {
                hash = find_hash(pos);
            }
        }
        kept
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        loop {
            let raw = self.raw.next()?;
            self.number += 1;
            let text = self.strip(raw);
            if !text.trim().is_empty() {
                return Some(Line {
                    number: self.number,
                    text,
                });
            }
        }
    }
}

/// The lowercase words of a phrase written with blanks or underscores; a trailing `_`
/// (the "exact end" marker) leaves no empty word.
pub(crate) fn words(phrase: &str) -> Vec<String> {
    phrase
        .split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

pub(crate) fn is_consonant(c: char) -> bool {
    c.is_ascii_alphabetic() && !is_vowel(c)
}

/// `w` ends in a consonant and `y` ("rally", not "day").
pub(crate) fn ends_consonant_y(w: &str) -> bool {
    let mut rev = w.chars().rev();
    rev.next() == Some('y') && rev.next().is_some_and(is_consonant)
}

/// The regular plural of a lowercase word: `+s`, consonant `y` → `ies`, and `+es` after
/// `ss` (the format's rules) and after `us`, `x`, `z`, `ch` and `sh`. A word ending in any
/// other single `s` ("troops", "sanctions") is taken to be plural already: `None`.
pub(crate) fn plural(word: &str) -> Option<String> {
    if ["ss", "us", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| word.ends_with(e))
    {
        Some(format!("{word}es"))
    } else if word.ends_with('s') || word.is_empty() {
        None
    } else if ends_consonant_y(word) {
        Some(format!("{}ies", &word[..word.len() - 1]))
    } else {
        Some(format!("{word}s"))
    }
}

/// The phrase with its last word made plural.
pub(crate) fn plural_phrase(phrase: &[String]) -> Option<Vec<String>> {
    let (last, rest) = phrase.split_last()?;
    let mut out = rest.to_vec();
    out.push(plural(last)?);
    Some(out)
}
