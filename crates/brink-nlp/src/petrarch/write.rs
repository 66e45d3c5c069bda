//! Writers for the PETRARCH formats: the inverse of the readers, so dictionaries can be
//! converted, regenerated and diffed. The output is canonical (one spelling for each piece of
//! data, words in uppercase, dates with 8 digits) and deterministic, and reading it back gives
//! the same data. An entry that cannot be written (a word holding a character the format gives
//! a meaning to, such as `#`, `[` or `_`) is left out and reported as a [`Notice`] naming the
//! entry's origin. Every entry carries a `# file:line` comment naming where it came from.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};

use super::text::notice;
use super::{
    Actor, Agent, Codes, DatedCode, Discard, Item, Notice, Origin, Placement, Verb, VerbDictionary,
    VerbPattern,
};

/// Writes a verb dictionary: for each block, the synsets its patterns use first (named after
/// their first member, `&FOOD_`, with every form listed so no plurals are generated), then
/// `--- NAME [code] ---`, its verbs with every form in `{…}`, and its patterns.
pub fn write_verbs(dict: &VerbDictionary) -> String {
    write_verbs_with_notices(dict, &mut Vec::new())
}

/// Writes actor records: the primary phrase, `+synonyms`, then tab-indented codes (dated ones
/// in order, the default last).
pub fn write_actors(actors: &[Actor]) -> String {
    write_actors_with_notices(actors, &mut Vec::new())
}

/// Writes agents one a line with every form listed, so the reader adds no plural: `POLICE {}
/// [~COP]`, `THIEF {THIEVES} [~CRM]`, `[NGO~]` for a code that goes before the actor's. An
/// agent of three or more forms lists what differs in a substitution set on the line above,
/// `!FORMS! = MINISTER, MINISTERS, MINISTRY` then `FOREIGN_!FORMS! {} [~GOVFRM]`. The first
/// form stays first: it names the agent's role.
pub fn write_agents(agents: &[Agent]) -> String {
    write_agents_with_notices(agents, &mut Vec::new())
}

/// Writes discards one a line: `+` before a whole-story phrase, `_` after an exact one.
pub fn write_discards(discards: &[Discard]) -> String {
    write_discards_with_notices(discards, &mut Vec::new())
}

// ---- words ----

/// `word` can stand in any of the formats: not empty, and none of the characters that
/// separate words (blanks, `_`), start comments (`#`, `;`, `<!`) or delimit codes and forms
/// (`[ ] { }`), no byte-order mark (dropped at the start of a file), nor any character of
/// `also`.
fn plain(word: &str, also: &[char]) -> bool {
    !word.is_empty()
        && !word.contains(|c: char| {
            c.is_whitespace()
                || matches!(c, '_' | '#' | ';' | '[' | ']' | '{' | '}' | '\u{feff}')
                || also.contains(&c)
        })
        && !word.contains("<!")
}

/// Characters a verb, one of its forms or the words around it may not hold: the verb marker
/// `+`, pattern tokens, and `,` (which separates forms).
const VERB_CHARS: &[char] = &['+', '*', '&', '$', '%', '^', ',', '(', ')'];
/// Characters of pattern words: brackets group, `*` is the verb.
const PATTERN_CHARS: &[char] = &['*', '(', ')'];
/// Characters a synset member may not hold (the reader rejects them).
const MEMBER_CHARS: &[char] = &['&', '*', '$', '%', '^', '+', '(', ')'];
/// Agent phrases may not hold `!`, which marks substitution sets.
const AGENT_CHARS: &[char] = &['!'];

/// The word in uppercase, the files' convention, when reading it back gives the word again.
fn upper(word: &str) -> String {
    let up = word.to_uppercase();
    if up.to_lowercase() == word {
        up
    } else {
        word.to_string()
    }
}

/// The phrase's words in uppercase joined with `_`, or the word that cannot be written.
fn phrase_text(phrase: &[String], also: &[char]) -> Result<String, String> {
    if phrase.is_empty() {
        return Err("empty phrase".to_string());
    }
    let mut out = String::new();
    for (i, word) in phrase.iter().enumerate() {
        if !plain(word, also) {
            return Err(format!("word {word:?} cannot be written"));
        }
        if i > 0 {
            out.push('_');
        }
        out.push_str(&upper(word));
    }
    Ok(out)
}

/// `  # file:line`
fn comment(out: &mut String, origin: &Origin) {
    let file: String = origin
        .file
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let _ = write!(out, "  # {file}:{}", origin.line);
}

// ---- verbs ----

/// Writes a verb dictionary, reporting entries left out.
pub fn write_verbs_with_notices(dict: &VerbDictionary, notices: &mut Vec<Notice>) -> String {
    let count = dict.blocks.len();
    let mut verbs: Vec<Vec<&Verb>> = vec![Vec::new(); count];
    for verb in &dict.verbs {
        match verbs.get_mut(verb.block) {
            Some(list) => list.push(verb),
            None => drop_entry(notices, &verb.origin, "verb of a block that does not exist"),
        }
    }
    let mut patterns: Vec<Vec<&VerbPattern>> = vec![Vec::new(); count];
    for pattern in &dict.patterns {
        match patterns.get_mut(pattern.block) {
            Some(list) => list.push(pattern),
            None => drop_entry(
                notices,
                &pattern.origin,
                "pattern of a block that does not exist",
            ),
        }
    }
    let mut synsets = Synsets::default();
    let mut out = String::new();
    for ((block, verbs), patterns) in dict.blocks.iter().zip(&verbs).zip(&patterns) {
        // Patterns first, so the synsets they use are defined above the block.
        let mut lines = String::new();
        for pattern in patterns {
            match pattern_line(pattern, &mut synsets) {
                Ok(line) => {
                    lines.push_str(&line);
                    comment(&mut lines, &pattern.origin);
                    lines.push('\n');
                }
                Err(problem) => {
                    drop_entry(notices, &pattern.origin, &format!("{problem}; pattern"))
                }
            }
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&synsets.pending);
        synsets.pending.clear();
        let name = block_name(&block.name);
        if name != block.name {
            notice(
                notices,
                &block.origin.file,
                block.origin.line,
                format!("block name {:?} written as {name:?}", block.name),
            );
        }
        let codes = codes_text(&block.codes).unwrap_or_else(|problem| {
            notice(
                notices,
                &block.origin.file,
                block.origin.line,
                format!("{problem}; the block is written with the null code"),
            );
            "[---]".to_string()
        });
        let _ = write!(out, "--- {name} {codes} ---");
        comment(&mut out, &block.origin);
        out.push('\n');
        for verb in verbs {
            match verb_line(verb) {
                Ok(line) => {
                    out.push_str(&line);
                    comment(&mut out, &verb.origin);
                    out.push('\n');
                }
                Err(problem) => drop_entry(notices, &verb.origin, &format!("{problem}; verb")),
            }
        }
        out.push_str(&lines);
    }
    out
}

fn drop_entry(notices: &mut Vec<Notice>, origin: &Origin, problem: &str) {
    notice(
        notices,
        &origin.file,
        origin.line,
        format!("{problem} not written"),
    );
}

/// A block name the header reads back as written: no `[`, no comment, no line break.
fn block_name(name: &str) -> String {
    let cleaned: String = name
        .replace("<!", "< !")
        .chars()
        .map(|c| {
            if matches!(c, '[' | '#' | ';') || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    cleaned.trim().to_string()
}

/// `[CODE]`, `[CODE:PAIRED]`, `[:PAIRED]` or `[---]`.
fn codes_text(codes: &Codes) -> Result<String, String> {
    let valid = |code: &str| -> Result<(), String> {
        if !code.is_empty() && code.chars().all(|c| c.is_ascii_alphanumeric()) {
            Ok(())
        } else {
            Err(format!("invalid event code {code:?}"))
        }
    };
    Ok(match (&codes.code, &codes.paired) {
        (None, None) => "[---]".to_string(),
        (Some(code), None) => {
            valid(code)?;
            format!("[{code}]")
        }
        (None, Some(paired)) => {
            valid(paired)?;
            format!("[:{paired}]")
        }
        (Some(code), Some(paired)) => {
            valid(code)?;
            valid(paired)?;
            format!("[{code}:{paired}]")
        }
    })
}

/// `VERB {FORMS…} [code]`, with the words around a multi-word verb joined by `_` and `+` on
/// the verb: `DOUBLE_+CROSS {CROSSES CROSSED CROSSING}`. Every form is listed (`{}` when the
/// verb has just one), so the reader generates none.
fn verb_line(verb: &Verb) -> Result<String, String> {
    let Some((lemma, forms)) = verb.forms.split_first() else {
        return Err("verb without forms".to_string());
    };
    let bad = verb
        .before
        .iter()
        .chain(&verb.forms)
        .chain(&verb.after)
        .find(|w| !plain(w, VERB_CHARS));
    if let Some(word) = bad {
        return Err(format!("verb word {word:?} cannot be written"));
    }
    let multi = !verb.before.is_empty() || !verb.after.is_empty();
    let mut line = String::new();
    for word in &verb.before {
        line.push_str(&upper(word));
        line.push('_');
    }
    if multi {
        line.push('+');
    }
    line.push_str(&upper(lemma));
    for word in &verb.after {
        line.push('_');
        line.push_str(&upper(word));
    }
    // A line starting with `-` is a pattern or block, with `~` a transformation.
    if line.starts_with(['-', '~']) {
        return Err(format!("verb {line:?} starts with a pattern mark"));
    }
    line.push_str(" {");
    for (i, form) in forms.iter().enumerate() {
        if i > 0 {
            line.push(' ');
        }
        line.push_str(&upper(form));
    }
    line.push('}');
    if let Some(codes) = &verb.codes {
        line.push(' ');
        line.push_str(&codes_text(codes)?);
    }
    Ok(line)
}

/// Synsets defined so far, by their members: the same alternatives share one label.
#[derive(Default)]
struct Synsets {
    labels: HashMap<Vec<Vec<String>>, String>,
    /// Labels taken, as the reader keys them (uppercase).
    taken: HashSet<String>,
    /// Definitions not yet written out.
    pending: String,
}

impl Synsets {
    /// The label of a synset with these members, defined on first use: the first word of
    /// its first member, numbered when that is taken (`FOOD`, `FOOD2`). A label is one word,
    /// so `&LABEL_WORD` in a pattern can only mean the synset followed by a word.
    fn label(&mut self, members: &[Vec<String>]) -> &str {
        if !self.labels.contains_key(members) {
            // Members are checked by the caller: never empty.
            let base = members
                .first()
                .and_then(|m| m.first())
                .map_or_else(|| "SET".to_string(), |w| upper(w));
            let mut label = base.clone();
            let mut n = 1;
            while !self.taken.insert(label.to_uppercase()) {
                n += 1;
                label = format!("{base}{n}");
            }
            // A trailing `_` on the label: the members are every form, no plurals are added.
            let _ = writeln!(self.pending, "&{label}_");
            for member in members {
                let text = phrase_text(member, MEMBER_CHARS).unwrap_or_default();
                let _ = writeln!(self.pending, "+{text}");
            }
            self.labels.insert(members.to_vec(), label);
        }
        self.labels.get(members).map_or("", String::as_str)
    }
}

/// How a pattern word item is written.
enum WordsAs<'a> {
    Word(&'a str),
    Synset(&'a [Vec<String>]),
}

/// `- ITEM ITEM_ITEM … [code]`: `_` joins items that must be consecutive.
fn pattern_line(pattern: &VerbPattern, synsets: &mut Synsets) -> Result<String, String> {
    let verbs = pattern.items.iter().filter(|i| **i == Item::Verb).count();
    if verbs != 1 {
        return Err(format!("{verbs} '*' for the verb"));
    }
    if pattern.joined.len() + 1 != pattern.items.len() {
        return Err("joins do not match the items".to_string());
    }
    let codes = codes_text(&pattern.codes)?;
    // Check every item before any synset is defined.
    let mut words = Vec::new();
    for item in &pattern.items {
        let Item::Words(alternatives) = item else {
            continue;
        };
        words.push(match alternatives.as_slice() {
            [one] if one.len() == 1 && pattern_word(&one[0]) => WordsAs::Word(&one[0]),
            [] => return Err("word item without words".to_string()),
            _ => {
                for member in alternatives {
                    phrase_text(member, MEMBER_CHARS)?;
                }
                WordsAs::Synset(alternatives)
            }
        });
    }
    let mut words = words.into_iter();
    let mut line = String::from("- ");
    for (i, item) in pattern.items.iter().enumerate() {
        if i > 0 {
            line.push(if pattern.joined[i - 1] { '_' } else { ' ' });
        }
        match item {
            Item::Verb => line.push('*'),
            Item::Source => line.push('$'),
            Item::Target => line.push('+'),
            Item::Compound => line.push('%'),
            Item::Skip => line.push('^'),
            Item::Words(_) => match words.next() {
                Some(WordsAs::Word(word)) => line.push_str(&upper(word)),
                Some(WordsAs::Synset(members)) => {
                    line.push('&');
                    line.push_str(synsets.label(members));
                }
                None => return Err("word item without words".to_string()),
            },
        }
    }
    line.push(' ');
    line.push_str(&codes);
    Ok(line)
}

/// A word that reads back as itself in a pattern: not a token (`$ + % ^`), not a synset
/// (`&`), no brackets or `*`.
fn pattern_word(word: &str) -> bool {
    plain(word, PATTERN_CHARS) && !word.starts_with('&') && !matches!(word, "$" | "+" | "%" | "^")
}

// ---- actors ----

/// Writes actor records, reporting records, phrases and codes left out.
pub fn write_actors_with_notices(actors: &[Actor], notices: &mut Vec<Notice>) -> String {
    let mut out = String::new();
    for actor in actors {
        let origin = &actor.origin;
        let mut phrases = Vec::new();
        for phrase in &actor.phrases {
            let text = phrase_text(phrase, &[]).and_then(|text| {
                if text.starts_with('+') {
                    Err(format!("phrase {text:?} starts with '+'"))
                } else {
                    Ok(text)
                }
            });
            match text {
                Ok(text) => phrases.push(text),
                Err(problem) => drop_entry(notices, origin, &format!("{problem}; actor phrase")),
            }
        }
        let dated = actor
            .codes
            .iter()
            .filter(|c| c.from.is_some() || c.to.is_some());
        let mut undated = actor
            .codes
            .iter()
            .filter(|c| c.from.is_none() && c.to.is_none());
        // The reader keeps the first undated code as the default.
        let default = undated.next();
        for extra in undated {
            let code = extra.code.as_deref().unwrap_or("---");
            drop_entry(notices, origin, &format!("second undated code [{code}]"));
        }
        let mut codes = Vec::new();
        for code in dated.chain(default) {
            match dated_code_text(code) {
                Ok(text) => codes.push(text),
                Err(problem) => drop_entry(notices, origin, &format!("{problem}; code")),
            }
        }
        let Some((primary, synonyms)) = phrases.split_first() else {
            drop_entry(
                notices,
                origin,
                "actor without a phrase that can be written; record",
            );
            continue;
        };
        if codes.is_empty() {
            drop_entry(
                notices,
                origin,
                &format!("actor {primary} without a code; record"),
            );
            continue;
        }
        out.push_str(primary);
        comment(&mut out, origin);
        out.push('\n');
        for synonym in synonyms {
            let _ = writeln!(out, "+{synonym}");
        }
        for code in codes {
            let _ = writeln!(out, "\t{code}");
        }
    }
    out
}

/// `[CODE]`, `[CODE from-to]`, `[CODE >from]`, `[CODE <to]`, `---` for the null code.
fn dated_code_text(code: &DatedCode) -> Result<String, String> {
    let name = match code.code.as_deref() {
        None => "---",
        Some(name) => {
            let date_like = name.chars().any(|c| c.is_ascii_digit())
                && name
                    .chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '-' | '<' | '>'));
            if !plain(name, &[]) || name == "---" || date_like {
                return Err(format!("invalid actor code {name:?}"));
            }
            name
        }
    };
    Ok(match (code.from, code.to) {
        (None, None) => format!("[{name}]"),
        (Some(from), None) => format!("[{name} >{}]", date_text(from)?),
        (None, Some(to)) => format!("[{name} <{}]", date_text(to)?),
        (Some(from), Some(to)) if from > to => {
            return Err(format!("dates out of order in [{name} {from}-{to}]"));
        }
        (Some(from), Some(to)) => format!("[{name} {}-{}]", date_text(from)?, date_text(to)?),
    })
}

/// `YYYYMMDD`.
fn date_text(date: NaiveDate) -> Result<String, String> {
    if (0..=9999).contains(&date.year()) {
        Ok(format!(
            "{:04}{:02}{:02}",
            date.year(),
            date.month(),
            date.day()
        ))
    } else {
        Err(format!("date {date} has no 8-digit form"))
    }
}

// ---- agents ----

/// Writes agents, reporting agents and phrases left out.
pub fn write_agents_with_notices(agents: &[Agent], notices: &mut Vec<Notice>) -> String {
    let mut out = String::new();
    for agent in agents {
        let origin = &agent.origin;
        let code = &agent.code;
        if !plain(code, &['~']) {
            drop_entry(
                notices,
                origin,
                &format!("agent code {code:?} cannot be written; agent"),
            );
            continue;
        }
        let code = match agent.placement {
            Placement::Suffix => format!("[~{code}]"),
            Placement::Prefix => format!("[{code}~]"),
        };
        let mut phrases: Vec<&[String]> = Vec::new();
        for phrase in &agent.phrases {
            match phrase_text(phrase, AGENT_CHARS) {
                Ok(_) => phrases.push(phrase),
                Err(problem) => drop_entry(notices, origin, &format!("{problem}; agent phrase")),
            }
        }
        let text = |phrase: &[String]| phrase_text(phrase, AGENT_CHARS).unwrap_or_default();
        match phrases.as_slice() {
            [] => {
                drop_entry(
                    notices,
                    origin,
                    "agent without a phrase that can be written; agent",
                );
                continue;
            }
            [one] => {
                let _ = write!(out, "{} {{}} {code}", text(one));
            }
            [singular, plural] => {
                let _ = write!(out, "{} {{{}}} {code}", text(singular), text(plural));
            }
            many => match substitution(many) {
                Some((set, line)) => {
                    let _ = write!(out, "{set}");
                    comment(&mut out, origin);
                    let _ = write!(out, "\n{line} {{}} {code}");
                }
                None => {
                    // A `,` in the part that varies: each form becomes an agent of its own.
                    notice(
                        notices,
                        &origin.file,
                        origin.line,
                        "agent forms differ in words with ',': written as one agent per form",
                    );
                    for (i, phrase) in many.iter().enumerate() {
                        if i > 0 {
                            comment(&mut out, origin);
                            out.push('\n');
                        }
                        let _ = write!(out, "{} {{}} {code}", text(phrase));
                    }
                }
            },
        }
        comment(&mut out, origin);
        out.push('\n');
    }
    out
}

/// Three or more forms as a substitution set and the line that uses it, the words all forms
/// share kept outside the set: `!FORMS! = MINISTER, MINISTRY` and `FOREIGN_!FORMS!`. `None`
/// when a part that varies holds a `,`, which would split it.
fn substitution(phrases: &[&[String]]) -> Option<(String, String)> {
    // Every form keeps at least one word in the set: the reader drops empty items.
    let shortest = phrases.iter().map(|p| p.len()).min()?;
    let first = phrases.first()?;
    let shared = |at: &dyn Fn(&[String], usize) -> Option<String>| {
        (0..shortest.saturating_sub(1))
            .take_while(|&i| {
                let word = at(first, i);
                phrases.iter().all(|p| at(p, i) == word)
            })
            .count()
    };
    let prefix = shared(&|p, i| p.get(i).cloned());
    let suffix = shared(&|p, i| p.len().checked_sub(i + 1).and_then(|k| p.get(k).cloned()))
        .min(shortest.saturating_sub(1 + prefix));
    let mut items = Vec::new();
    for phrase in phrases {
        let middle = phrase.get(prefix..phrase.len() - suffix)?;
        if middle.iter().any(|w| w.contains(',')) {
            return None;
        }
        items.push(phrase_text(middle, AGENT_CHARS).ok()?);
    }
    let mut line = String::new();
    if prefix > 0 {
        line.push_str(&phrase_text(&first[..prefix], AGENT_CHARS).ok()?);
        line.push('_');
    }
    line.push_str("!FORMS!");
    if suffix > 0 {
        line.push('_');
        line.push_str(&phrase_text(&first[first.len() - suffix..], AGENT_CHARS).ok()?);
    }
    Some((format!("!FORMS! = {}", items.join(", ")), line))
}

// ---- discards ----

/// Writes discards, reporting those left out.
pub fn write_discards_with_notices(discards: &[Discard], notices: &mut Vec<Notice>) -> String {
    let mut out = String::new();
    for discard in discards {
        let origin = &discard.origin;
        let text = phrase_text(&discard.words, &[]).map(|text| text.replace('_', " "));
        let text = match text {
            // `++WORD`: the reader takes one `+` as the whole-story mark.
            Ok(text) if text.starts_with('+') && !discard.whole_story => {
                Err(format!("phrase {text:?} starts with '+'"))
            }
            other => other,
        };
        match text {
            Ok(text) => {
                if discard.whole_story {
                    out.push('+');
                }
                out.push_str(&text);
                if discard.exact {
                    out.push('_');
                }
                comment(&mut out, origin);
                out.push('\n');
            }
            Err(problem) => drop_entry(notices, origin, &format!("{problem}; discard")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::petrarch::shared_dictionary as real;
    use std::sync::Arc;

    use super::*;
    use crate::petrarch::{read_actors, read_agents, read_discards, read_verbs};

    fn origin() -> Origin {
        Origin {
            file: Arc::from("hand.txt"),
            line: 1,
        }
    }

    fn words(text: &str) -> Vec<String> {
        text.split(' ').map(str::to_string).collect()
    }

    fn codes(code: Option<&str>, paired: Option<&str>) -> Codes {
        Codes {
            code: code.map(str::to_string),
            paired: paired.map(str::to_string),
        }
    }

    // ---- comparisons that ignore origins ----

    type VerbKey = (usize, Vec<String>, Vec<String>, Vec<String>, Option<Codes>);
    type PatternKey = (usize, Vec<Item>, Vec<bool>, Codes);

    fn verb_keys(d: &VerbDictionary) -> (Vec<(String, Codes)>, Vec<VerbKey>, Vec<PatternKey>) {
        (
            d.blocks
                .iter()
                .map(|b| (b.name.clone(), b.codes.clone()))
                .collect(),
            d.verbs
                .iter()
                .map(|v| {
                    (
                        v.block,
                        v.forms.clone(),
                        v.before.clone(),
                        v.after.clone(),
                        v.codes.clone(),
                    )
                })
                .collect(),
            d.patterns
                .iter()
                .map(|p| (p.block, p.items.clone(), p.joined.clone(), p.codes.clone()))
                .collect(),
        )
    }

    fn actor_keys(actors: &[Actor]) -> Vec<(Vec<Vec<String>>, Vec<DatedCode>)> {
        actors
            .iter()
            .map(|a| (a.phrases.clone(), a.codes.clone()))
            .collect()
    }

    fn agent_keys(agents: &[Agent]) -> Vec<(Vec<Vec<String>>, String, Placement)> {
        agents
            .iter()
            .map(|a| (a.phrases.clone(), a.code.clone(), a.placement))
            .collect()
    }

    fn discard_keys(discards: &[Discard]) -> Vec<(Vec<String>, bool, bool)> {
        discards
            .iter()
            .map(|d| (d.words.clone(), d.whole_story, d.exact))
            .collect()
    }

    fn reread_verbs(d: &VerbDictionary) -> (String, VerbDictionary) {
        let mut write_notices = Vec::new();
        let text = write_verbs_with_notices(d, &mut write_notices);
        assert!(write_notices.is_empty(), "{write_notices:#?}");
        let mut notices = Vec::new();
        let back = read_verbs("written.verbs.txt", &text, &mut notices);
        assert!(notices.is_empty(), "{notices:#?}\n{text}");
        (text, back)
    }

    #[test]
    fn verbs_round_trip() {
        let source = "&ARMY\n+BATTALION\n+ARMORED_DIVISION\n+CORPS_\n&TIE_\n+TRADE\n\
                      --- MEET [040] ---\nMEET {MET MEETING MEETS}\nCONFER\n\
                      +CORDON_OFF [172:173]\nDOUBLE_+CROSS {DOUBLE_+CROSSES} [---]\n\
                      +WIRE_TAP {+WIRE_TAPS +WIRE_TAPPED WIRE_+TAPPING}\nHAGGLE {}\n\
                      - $ * + (IN ^) [043]\n- % * {PEACE TALKS} (WITH &ARMY) [044:044]\n\
                      - FAILED_TO_* [---]\n- IN_AND_*_OUT_AGAIN NOW [:046]\n- SUGGESTED_+ * [045]\n\
                      - * &TIE_&ARMY_LINKS [047]\n- * $_&ARMY [048]\n\
                      --- NAMELESS ---\nMUTTER\n- * &TIE [049]\n--- EMPTY [010] ---\n";
        let mut notices = Vec::new();
        let d = read_verbs("hand.verbs.txt", source, &mut notices);
        assert!(notices.is_empty(), "{notices:#?}");
        // `+WIRE_TAP {…}` makes four verbs: its forms have other words around them.
        assert_eq!(
            (d.blocks.len(), d.verbs.len(), d.patterns.len()),
            (3, 10, 8)
        );
        let (text, back) = reread_verbs(&d);
        assert_eq!(verb_keys(&back), verb_keys(&d), "{text}");
        // Deterministic, and the same again from its own output.
        assert_eq!(write_verbs(&d), text);
        let (again, _) = reread_verbs(&back);
        let strip = |t: &str| -> String {
            t.lines()
                .map(|l| l.split("  #").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(strip(&again), strip(&text));
        // ARMY is defined once, with its plurals, and used three times.
        assert_eq!(text.matches("&BATTALION_\n").count(), 1);
        assert!(text.contains("+BATTALIONS\n"), "{text}");
        // TIE has a single member: a plain word.
        assert!(text.contains("- * TRADE_&BATTALION_LINKS [047]"), "{text}");
        assert!(
            text.contains("--- MEET [040] ---  # hand.verbs.txt:7\n"),
            "{text}"
        );
        assert!(text.contains("\nMEET {MET MEETING MEETS}  #"), "{text}");
        // The reader's regular forms, unsure of the stress, double and do not double.
        assert!(
            text.contains("\nCONFER {CONFERS CONFERED CONFERRED CONFERING CONFERRING}  #"),
            "{text}"
        );
        assert!(
            text.contains("\n+CORDON_OFF {CORDONS CORDONED CORDONING} [172:173]  #"),
            "{text}"
        );
        assert!(
            text.contains("\nDOUBLE_+CROSS {CROSSES} [---]  #"),
            "{text}"
        );
        assert!(text.contains("\nHAGGLE {}  #"), "{text}");
        assert!(
            text.contains("\n- IN_AND_*_OUT_AGAIN NOW [:046]  #"),
            "{text}"
        );
        assert!(text.contains("--- NAMELESS [---] ---"), "{text}");
    }

    #[test]
    fn multi_word_synset_members_and_single_alternatives() {
        // An item of one multi-word alternative stays one item: it is written as a synset.
        let d = VerbDictionary {
            blocks: vec![crate::petrarch::VerbBlock {
                name: "X".into(),
                codes: codes(Some("010"), None),
                origin: origin(),
            }],
            verbs: vec![Verb {
                block: 0,
                forms: words("go went gone"),
                before: vec![],
                after: words("off"),
                codes: Some(codes(Some("011"), None)),
                origin: origin(),
            }],
            patterns: vec![VerbPattern {
                block: 0,
                items: vec![
                    Item::Verb,
                    Item::Words(vec![words("air strike")]),
                    Item::Words(vec![words("$")]),
                    Item::Words(vec![words("ns"), words("n")]),
                    Item::Target,
                ],
                joined: vec![true, false, false, true],
                codes: codes(None, Some("012")),
                origin: origin(),
            }],
        };
        let mut notices = Vec::new();
        let text = write_verbs_with_notices(&d, &mut notices);
        // `$` as a word can be neither a pattern word nor a synset member.
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(text.contains("+GO_OFF {WENT GONE} [011]"), "{text}");
        let mut d = d;
        d.patterns[0].items.remove(2);
        d.patterns[0].joined.remove(2);
        let (text, back) = reread_verbs(&d);
        assert_eq!(verb_keys(&back), verb_keys(&d), "{text}");
        assert!(
            text.starts_with("&AIR_\n+AIR_STRIKE\n&NS_\n+NS\n+N\n--- X"),
            "{text}"
        );
        assert!(text.contains("- *_&AIR &NS_+ [:012]"), "{text}");
    }

    #[test]
    fn unwritable_verb_entries_are_noticed() {
        let block = |name: &str, code: Option<&str>| crate::petrarch::VerbBlock {
            name: name.into(),
            codes: codes(code, None),
            origin: origin(),
        };
        let verb = |forms: &str, before: &[&str]| Verb {
            block: 0,
            forms: words(forms),
            before: before.iter().map(|w| w.to_string()).collect(),
            after: vec![],
            codes: None,
            origin: origin(),
        };
        let pattern = |items: Vec<Item>, code: &str| VerbPattern {
            block: 0,
            joined: vec![false; items.len().saturating_sub(1)],
            items,
            codes: codes(Some(code), None),
            origin: origin(),
        };
        let w = |word: &str| Item::Words(vec![vec![word.to_string()]]);
        let d = VerbDictionary {
            blocks: vec![block("A [B] # C;", Some("0!0")), block("\nOK", None)],
            verbs: vec![
                verb("fine", &[]),
                verb("a#b", &[]),
                verb("x", &["-pre"]),
                verb("y", &["ok", "pl+us"]),
                verb("", &[]),
                verb("a,b", &[]),
                Verb {
                    forms: vec![],
                    ..verb("z", &[])
                },
                Verb {
                    block: 9,
                    ..verb("z", &[])
                },
            ],
            patterns: vec![
                pattern(vec![Item::Verb, w("ok")], "010"),
                pattern(vec![Item::Verb, w("&amp")], "010"),
                pattern(vec![Item::Verb, w("(x)")], "010"),
                pattern(vec![Item::Verb, Item::Verb], "010"),
                pattern(vec![w("x")], "010"),
                pattern(vec![Item::Verb, w("x")], "01-0"),
                pattern(vec![Item::Verb, Item::Words(vec![])], "010"),
                pattern(vec![Item::Verb, Item::Words(vec![vec![]])], "010"),
                pattern(
                    vec![Item::Verb, Item::Words(vec![words("a"), words("b;c")])],
                    "010",
                ),
                VerbPattern {
                    joined: vec![],
                    ..pattern(vec![Item::Verb, w("x")], "010")
                },
            ],
        };
        let mut notices = Vec::new();
        let text = write_verbs_with_notices(&d, &mut notices);
        // 2 block names and a block code, 7 verbs, 9 patterns.
        assert_eq!(notices.len(), 3 + 7 + 9, "{notices:#?}\n{text}");
        let mut read_notices = Vec::new();
        let back = read_verbs("w.txt", &text, &mut read_notices);
        assert!(read_notices.is_empty(), "{read_notices:#?}\n{text}");
        assert_eq!(back.blocks.len(), 2);
        assert_eq!(back.blocks[0].name, "A  B]   C");
        assert_eq!(back.blocks[0].codes, codes(None, None));
        assert_eq!(back.blocks[1].name, "OK");
        assert_eq!(back.verbs.len(), 1);
        assert_eq!(back.patterns.len(), 1);
        // A word starting with `&` would read as a synset, and no member may hold `&`.
        assert!(!text.contains("AMP"), "{text}");
    }

    #[test]
    fn actors_round_trip() {
        let source = "FREEDONIA_  [FRD]\n+FREEDONIAN_\n+REPUBLIC_OF FREEDONIA\n\
                      RUFUS_T_FIREFLY_  [FRDELI]\n+FIREFLY_\n\t[FRDGOV 330101-331231]\n\
                      \t[FRDMIL >20000101]\n    [--- < 320101]\n\
                      VERA_VALE_\n\t[SYLELI <330101]\n\t[---]\nMRS_TEASDALE [---]\n\
                      U.S.  [USA]\n+CÔTE_D'IVOIRE\n+СССР\n";
        let mut notices = Vec::new();
        let actors = read_actors("hand.actors.txt", source, &mut notices);
        assert!(notices.is_empty(), "{notices:#?}");
        assert_eq!(actors.len(), 5);
        let mut write_notices = Vec::new();
        let text = write_actors_with_notices(&actors, &mut write_notices);
        assert!(write_notices.is_empty(), "{write_notices:#?}");
        let back = read_actors("written.actors.txt", &text, &mut notices);
        assert!(notices.is_empty(), "{notices:#?}\n{text}");
        assert_eq!(actor_keys(&back), actor_keys(&actors), "{text}");
        // The origin is now the written file's line.
        assert_eq!(back[1].origin.line, 5);
        assert!(text.starts_with(
            "FREEDONIA  # hand.actors.txt:1\n+FREEDONIAN\n+REPUBLIC_OF_FREEDONIA\n\t[FRD]\n"
        ));
        assert!(text.contains(
            "\t[FRDGOV 19330101-19331231]\n\t[FRDMIL >20000101]\n\t[--- <19320101]\n\t[FRDELI]\n"
        ));
        assert!(text.contains("+CÔTE_D'IVOIRE\n+СССР\n"), "{text}");
        assert_eq!(write_actors(&actors), text);
    }

    #[test]
    fn unwritable_actor_entries_are_noticed() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let code = |c: Option<&str>, from, to| DatedCode {
            code: c.map(str::to_string),
            from,
            to,
        };
        let actor = |phrases: &[&str], codes: Vec<DatedCode>| Actor {
            phrases: phrases.iter().map(|p| words(p)).collect(),
            codes,
            origin: origin(),
        };
        let ok = || code(Some("OK"), None, None);
        let actors = vec![
            actor(&["a#b", "good one", "+plus", "bad_under", "[x"], vec![ok()]),
            actor(&["no codes"], vec![]),
            actor(&["tab\tbed"], vec![ok()]),
            actor(
                &["dates"],
                vec![
                    code(Some("A"), date(2001, 1, 1), date(2000, 1, 1)),
                    code(Some("B"), date(-5, 1, 1), None),
                    code(Some("C"), None, date(12000, 1, 1)),
                    code(Some("D E"), date(2000, 1, 1), None),
                    code(Some("---"), date(2000, 1, 1), None),
                    code(Some("1999-"), date(2000, 1, 1), None),
                    code(Some("FINE"), date(2000, 1, 1), None),
                    code(Some("X"), None, None),
                    code(Some("Y"), None, None),
                ],
            ),
        ];
        let mut notices = Vec::new();
        let text = write_actors_with_notices(&actors, &mut notices);
        // 4 phrases; 1 record; 1 phrase and its record; 6 codes and a second default.
        assert_eq!(notices.len(), 4 + 1 + 2 + 7, "{notices:#?}\n{text}");
        let mut read_notices = Vec::new();
        let back = read_actors("w.txt", &text, &mut read_notices);
        assert!(read_notices.is_empty(), "{read_notices:#?}\n{text}");
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].phrases, [words("good one")]);
        assert_eq!(back[1].codes.len(), 2);
        assert_eq!(back[1].codes[0].code.as_deref(), Some("FINE"));
        assert_eq!(back[1].codes[1].code.as_deref(), Some("X"));
    }

    #[test]
    fn agents_round_trip() {
        let source = "!HAND! = MAN, MEN\nMINISTER [~GOV]\nPOLICE {} [~COP]\n\
                      THIEF {THIEVES} [~CRM]\nAID_AGENCY  [NGO~]\nFARM!HAND! [~AGR]\n\
                      ATTORNEY_GENERAL {ATTORNEYS_GENERAL}[~JUD]\n\
                      !PERSON! = MAN, MEN, WOMAN\nCONGRESS!PERSON! {CONGRESS_MEMBERS} [~LEG]\n\
                      FIRE_!PERSON! {} [~CVL]\n";
        let mut notices = Vec::new();
        let agents = read_agents("hand.agents.txt", source, &mut notices);
        assert!(notices.is_empty(), "{notices:#?}");
        let mut write_notices = Vec::new();
        let text = write_agents_with_notices(&agents, &mut write_notices);
        assert!(write_notices.is_empty(), "{write_notices:#?}");
        let back = read_agents("written.agents.txt", &text, &mut notices);
        assert!(notices.is_empty(), "{notices:#?}\n{text}");
        assert_eq!(agent_keys(&back), agent_keys(&agents), "{text}");
        assert_eq!(back.len(), 8);
        assert_eq!(
            text,
            "MINISTER {MINISTERS} [~GOV]  # hand.agents.txt:2\n\
             POLICE {} [~COP]  # hand.agents.txt:3\n\
             THIEF {THIEVES} [~CRM]  # hand.agents.txt:4\n\
             AID_AGENCY {AID_AGENCIES} [NGO~]  # hand.agents.txt:5\n\
             FARMMAN {FARMMEN} [~AGR]  # hand.agents.txt:6\n\
             ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~JUD]  # hand.agents.txt:7\n\
             !FORMS! = CONGRESSMAN, CONGRESSMEN, CONGRESSWOMAN, CONGRESS_MEMBERS  \
             # hand.agents.txt:9\n\
             !FORMS! {} [~LEG]  # hand.agents.txt:9\n\
             !FORMS! = MAN, MEN, WOMAN  # hand.agents.txt:10\n\
             FIRE_!FORMS! {} [~CVL]  # hand.agents.txt:10\n"
        );
        // Words all forms share stay outside the set; each form keeps one word in it.
        let agent = |phrases: &[&str]| Agent {
            phrases: phrases.iter().map(|p| words(p)).collect(),
            code: "GOV".into(),
            placement: Placement::Suffix,
            origin: origin(),
        };
        let shared = [
            agent(&["minister of fun", "ministry of fun", "ministers of fun"]),
            agent(&["of fun", "of fun fair", "of fun fairs"]),
            agent(&["a", "a", "a"]),
        ];
        let mut notices = Vec::new();
        let text = write_agents_with_notices(&shared, &mut notices);
        assert!(notices.is_empty(), "{notices:#?}");
        assert_eq!(
            text,
            "!FORMS! = MINISTER, MINISTRY, MINISTERS  # hand.txt:1\n\
             !FORMS!_OF_FUN {} [~GOV]  # hand.txt:1\n\
             !FORMS! = FUN, FUN_FAIR, FUN_FAIRS  # hand.txt:1\n\
             OF_!FORMS! {} [~GOV]  # hand.txt:1\n\
             !FORMS! = A, A, A  # hand.txt:1\n\
             !FORMS! {} [~GOV]  # hand.txt:1\n"
        );
        let back = read_agents("w.txt", &text, &mut notices);
        assert!(notices.is_empty(), "{notices:#?}");
        // The reader keeps each form once.
        assert_eq!(agent_keys(&back[..2]), agent_keys(&shared[..2]));
        // A `,` where the forms differ: one agent per form.
        let commas = [agent(&["two, one", "three, one", "four one"])];
        let text = write_agents_with_notices(&commas, &mut notices);
        assert_eq!(notices.len(), 1, "{notices:#?}");
        assert_eq!(
            text,
            "TWO,_ONE {} [~GOV]  # hand.txt:1\nTHREE,_ONE {} [~GOV]  # hand.txt:1\n\
             FOUR_ONE {} [~GOV]  # hand.txt:1\n"
        );
        let back = read_agents("w.txt", &text, &mut notices);
        assert_eq!(notices.len(), 1, "{notices:#?}");
        assert_eq!(back.len(), 3);
        let bad = Agent {
            phrases: vec![words("a!b"), words("fine"), words("x;y")],
            code: "GOV".into(),
            placement: Placement::Suffix,
            origin: origin(),
        };
        let bad_code = Agent {
            code: "G]V".into(),
            ..bad.clone()
        };
        let mut notices = Vec::new();
        let text = write_agents_with_notices(&[bad, bad_code], &mut notices);
        assert_eq!(notices.len(), 3, "{notices:#?}");
        assert_eq!(text, "FINE {} [~GOV]  # hand.txt:1\n");
    }

    #[test]
    fn discards_round_trip() {
        let source = "POLO MATCH\n+Grand Prix\nRUGBY_\n+ CHESS OPEN_\nTABLE_TENNIS\nÉTÉ\n";
        let mut notices = Vec::new();
        let discards = read_discards("hand.discards.txt", source, &mut notices);
        let mut write_notices = Vec::new();
        let text = write_discards_with_notices(&discards, &mut write_notices);
        assert!(write_notices.is_empty(), "{write_notices:#?}");
        let back = read_discards("written.discards.txt", &text, &mut notices);
        assert!(notices.is_empty(), "{notices:#?}\n{text}");
        assert_eq!(discard_keys(&back), discard_keys(&discards), "{text}");
        assert_eq!(
            text,
            "POLO MATCH  # hand.discards.txt:1\n+GRAND PRIX  # hand.discards.txt:2\n\
             RUGBY_  # hand.discards.txt:3\n+CHESS OPEN_  # hand.discards.txt:4\n\
             TABLE TENNIS  # hand.discards.txt:5\nÉTÉ  # hand.discards.txt:6\n"
        );
        let discard = |w: &[&str], whole_story| Discard {
            words: w.iter().map(|w| w.to_string()).collect(),
            whole_story,
            exact: false,
            origin: origin(),
        };
        let odd = [
            discard(&["+x"], false),
            discard(&["+x"], true),
            discard(&[], false),
            discard(&["a<!--b"], false),
            discard(&["ß"], false),
        ];
        let mut notices = Vec::new();
        let text = write_discards_with_notices(&odd, &mut notices);
        assert_eq!(notices.len(), 3, "{notices:#?}");
        let back = read_discards("w.txt", &text, &mut notices);
        assert_eq!(notices.len(), 3, "{notices:#?}");
        assert_eq!(
            discard_keys(&back),
            discard_keys(
                &odd[1..2]
                    .iter()
                    .chain(&odd[4..])
                    .cloned()
                    .collect::<Vec<_>>()
            )
        );
        // `ß` has no uppercase that reads back as itself, so it stays as it is.
        assert!(text.contains("\nß  #"), "{text}");
    }

    #[test]
    fn odd_data_does_not_panic() {
        let nasty = [
            "", "_", "#", ";", "[", "]", "{", "}", "<!--", "-->", "+", "&", "*", "$", "%", "^",
            "~", "!", "-", "---", "\n", "\r", "\u{feff}", "é", "ß", "İ", "ﬁ", "(", ")",
        ];
        for w in nasty {
            let phrase = vec![w.to_string()];
            let o = origin();
            let dict = VerbDictionary {
                blocks: vec![crate::petrarch::VerbBlock {
                    name: w.into(),
                    codes: codes(Some(w), Some(w)),
                    origin: Origin {
                        file: Arc::from(w),
                        line: 0,
                    },
                }],
                verbs: vec![Verb {
                    block: 0,
                    forms: phrase.clone(),
                    before: phrase.clone(),
                    after: phrase.clone(),
                    codes: None,
                    origin: o.clone(),
                }],
                patterns: vec![VerbPattern {
                    block: 0,
                    items: vec![Item::Words(vec![phrase.clone()]), Item::Verb],
                    joined: vec![true],
                    codes: codes(None, None),
                    origin: o.clone(),
                }],
            };
            let mut notices = Vec::new();
            let text = write_verbs_with_notices(&dict, &mut notices);
            let mut read_notices = Vec::new();
            let _ = read_verbs("x", &text, &mut read_notices);
            assert!(read_notices.is_empty(), "{w:?}: {read_notices:?}\n{text}");
            let actors = [Actor {
                phrases: vec![phrase.clone()],
                codes: vec![DatedCode {
                    code: Some(w.into()),
                    from: None,
                    to: None,
                }],
                origin: o.clone(),
            }];
            let text = write_actors(&actors);
            let _ = read_actors("x", &text, &mut read_notices);
            assert!(read_notices.is_empty(), "{w:?}: {read_notices:?}\n{text}");
            let agents = [Agent {
                phrases: vec![phrase.clone()],
                code: w.into(),
                placement: Placement::Prefix,
                origin: o.clone(),
            }];
            let text = write_agents(&agents);
            let _ = read_agents("x", &text, &mut read_notices);
            assert!(read_notices.is_empty(), "{w:?}: {read_notices:?}\n{text}");
            let discards = [Discard {
                words: phrase,
                whole_story: false,
                exact: true,
                origin: o,
            }];
            let text = write_discards(&discards);
            let _ = read_discards("x", &text, &mut read_notices);
            assert!(read_notices.is_empty(), "{w:?}: {read_notices:?}\n{text}");
        }
    }

    // ---- the published dictionaries ----

    #[test]
    fn real_verbs_round_trip() {
        for name in ["CAMEO.2.0.txt", "PETR.Validate.verbs.txt"] {
            let Some(source) = real(name) else { continue };
            let mut notices = Vec::new();
            let d = read_verbs(name, &source, &mut notices);
            let (text, back) = reread_verbs(&d);
            let (blocks, verbs, patterns) = verb_keys(&d);
            let (b, v, p) = verb_keys(&back);
            assert_eq!(b, blocks, "{name}");
            assert_eq!(v.len(), verbs.len(), "{name}");
            for (written, read) in v.iter().zip(&verbs) {
                assert_eq!(written, read, "{name}");
            }
            assert_eq!(p.len(), patterns.len(), "{name}");
            for (written, read) in p.iter().zip(&patterns) {
                assert_eq!(written, read, "{name}");
            }
            eprintln!(
                "{name}: {} blocks, {} verbs, {} patterns, {} synsets; {} bytes read, {} written",
                blocks.len(),
                verbs.len(),
                patterns.len(),
                text.matches("\n&").count(),
                source.len(),
                text.len()
            );
        }
    }

    #[test]
    fn real_actors_round_trip() {
        for name in [
            "Phoenix.Countries.actors.txt",
            "Phoenix.International.actors.txt",
            "Phoenix.MilNonState.actors.txt",
            "PETR.Validate.actors.txt",
        ] {
            let Some(source) = real(name) else { continue };
            let mut notices = Vec::new();
            let actors = read_actors(name, &source, &mut notices);
            let mut write_notices = Vec::new();
            let text = write_actors_with_notices(&actors, &mut write_notices);
            for n in &write_notices {
                eprintln!("  {n}");
            }
            assert!(write_notices.is_empty(), "{name}");
            let mut notices = Vec::new();
            let back = read_actors("written.actors.txt", &text, &mut notices);
            assert!(notices.is_empty(), "{name}: {notices:#?}");
            let (a, b) = (actor_keys(&back), actor_keys(&actors));
            assert_eq!(a.len(), b.len(), "{name}");
            for (written, read) in a.iter().zip(&b) {
                assert_eq!(written, read, "{name}");
            }
            eprintln!(
                "{name}: {} actors; {} bytes read, {} written",
                actors.len(),
                source.len(),
                text.len()
            );
        }
    }

    #[test]
    fn real_agents_and_discards_round_trip() {
        for name in ["Phoenix.agents.txt", "PETR.Validate.agents.txt"] {
            let Some(source) = real(name) else { continue };
            let mut notices = Vec::new();
            let agents = read_agents(name, &source, &mut notices);
            let mut write_notices = Vec::new();
            let text = write_agents_with_notices(&agents, &mut write_notices);
            for n in &write_notices {
                eprintln!("  {n}");
            }
            assert!(write_notices.is_empty(), "{name}");
            let mut notices = Vec::new();
            let back = read_agents("written.agents.txt", &text, &mut notices);
            assert!(notices.is_empty(), "{name}: {notices:#?}");
            assert_eq!(agent_keys(&back), agent_keys(&agents), "{name}");
            eprintln!("{name}: {} agents", agents.len());
        }
        for name in ["Phoenix.discards.txt", "PETR.Validate.discards.txt"] {
            let Some(source) = real(name) else { continue };
            let mut notices = Vec::new();
            let discards = read_discards(name, &source, &mut notices);
            let mut write_notices = Vec::new();
            let text = write_discards_with_notices(&discards, &mut write_notices);
            assert!(write_notices.is_empty(), "{name}: {write_notices:#?}");
            let mut notices = Vec::new();
            let back = read_discards("written.discards.txt", &text, &mut notices);
            assert!(notices.is_empty(), "{name}: {notices:#?}");
            assert_eq!(discard_keys(&back), discard_keys(&discards), "{name}");
        }
    }
}
