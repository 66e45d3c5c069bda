//! Actor dictionaries (records of phrases with dated codes) and agent dictionaries (generic
//! roles such as "police" whose code joins the actor's).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;

use super::text::{Lines, notice, plural_phrase, words};
use super::{Actor, Agent, DatedCode, Notice, Origin, Placement, parse_date};

/// Reads an actor dictionary: records of a primary phrase line, `+synonym` lines and indented
/// `[CODE restriction]` lines; any of those lines may also carry `[…]` code groups.
pub fn read_actors(file: &str, text: &str, notices: &mut Vec<Notice>) -> Vec<Actor> {
    let file: Arc<str> = Arc::from(file);
    let mut actors = Vec::new();
    let mut record: Option<Record> = None;
    let mut lines = Lines::new(text);
    for line in lines.by_ref() {
        let n = line.number;
        let t = line.text.trim();
        if t.starts_with('[') {
            match record.as_mut() {
                Some(r) => r.add_codes(t, &file, n, notices),
                None => notice(notices, &file, n, "code line before any actor phrase"),
            }
            continue;
        }
        let synonym = t.starts_with('+');
        let body = if synonym { &t[1..] } else { t };
        let (phrase, codes) = body.split_at(body.find('[').unwrap_or(body.len()));
        // Phrase lines that carry no code, one after another and followed by code lines, are
        // one record whose `+` were left out (`LEONID_BREZHNEV_` / `SECRETARY_BREZHNEV` /
        // `\t[RUSGOV 641014-821110]` in Phoenix.Countries).
        let continues = codes.is_empty() && record.as_ref().is_some_and(|r| !r.coded);
        if !synonym && !continues {
            if let Some(done) = record.take() {
                done.finish(&file, &mut actors, notices);
            }
            record = Some(Record::new(n));
        }
        let Some(r) = record.as_mut() else {
            notice(notices, &file, n, "synonym line before any actor phrase");
            continue;
        };
        if phrase.contains([']', '{', '}']) {
            notice(
                notices,
                &file,
                n,
                format!(
                    "stray bracket in actor phrase {:?}; phrase skipped",
                    phrase.trim()
                ),
            );
        } else {
            let words = words(phrase);
            if words.is_empty() {
                notice(notices, &file, n, "actor line without a phrase");
            } else {
                r.phrases.push(words);
            }
        }
        r.add_codes(codes, &file, n, notices);
    }
    if let Some(done) = record.take() {
        done.finish(&file, &mut actors, notices);
    }
    lines.finish(&file, notices);
    actors
}

/// An actor record while its lines are read.
struct Record {
    line: usize,
    /// Some `[…]` group was seen, valid or not.
    coded: bool,
    phrases: Vec<Vec<String>>,
    dated: Vec<DatedCode>,
    default: Option<DatedCode>,
}

impl Record {
    fn new(line: usize) -> Record {
        Record {
            line,
            coded: false,
            phrases: Vec::new(),
            dated: Vec::new(),
            default: None,
        }
    }

    /// Adds the `[…]` groups of `text` (which holds nothing else).
    fn add_codes(&mut self, text: &str, file: &Arc<str>, n: usize, notices: &mut Vec<Notice>) {
        let mut rest = text.trim();
        self.coded |= !rest.is_empty();
        while !rest.is_empty() {
            if !rest.starts_with('[') {
                notice(
                    notices,
                    file,
                    n,
                    format!("text {rest:?} after the codes ignored"),
                );
                return;
            }
            let Some(end) = rest.find(']') else {
                notice(
                    notices,
                    file,
                    n,
                    format!("'[' without ']' in {rest:?}; code skipped"),
                );
                return;
            };
            let group = &rest[1..end];
            rest = rest[end + 1..].trim_start();
            let code = match dated_code(group) {
                Ok(code) => code,
                Err(problem) => {
                    notice(
                        notices,
                        file,
                        n,
                        format!("{problem} in [{group}]; code skipped"),
                    );
                    continue;
                }
            };
            if code.from.is_some() || code.to.is_some() {
                self.dated.push(code);
            } else if let Some(kept) = &self.default {
                notice(
                    notices,
                    file,
                    n,
                    format!(
                        "second undated code [{group}] ignored; the default stays {}",
                        kept.code.as_deref().unwrap_or("---")
                    ),
                );
            } else {
                self.default = Some(code);
            }
        }
    }

    fn finish(self, file: &Arc<str>, actors: &mut Vec<Actor>, notices: &mut Vec<Notice>) {
        if self.phrases.is_empty() {
            // The phrase's own notice has been given.
            return;
        }
        if self.dated.is_empty() && self.default.is_none() {
            let phrase = self.phrases[0].join(" ");
            notice(
                notices,
                file,
                self.line,
                format!("actor {phrase:?} has no code; record skipped"),
            );
            return;
        }
        let mut codes = self.dated;
        codes.extend(self.default);
        actors.push(Actor {
            phrases: self.phrases,
            codes,
            origin: Origin {
                file: file.clone(),
                line: self.line,
            },
        });
    }
}

/// `CODE`, `CODE <date`, `CODE >date`, `CODE date-date`; blanks inside are allowed
/// (`[HOB < 950601]`, `[HOBGOV 19950601 - 19990815]`).
fn dated_code(group: &str) -> Result<DatedCode, String> {
    let mut parts = group.split_whitespace();
    let Some(code) = parts.next() else {
        return Err("empty code".to_string());
    };
    if code.chars().any(|c| c.is_ascii_digit())
        && code
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | '<' | '>'))
    {
        return Err("date restriction without a code".to_string());
    }
    if code.contains(['[', '{', '}']) {
        return Err(format!("invalid code {code:?}"));
    }
    let restriction: String = parts.collect();
    let (from, to) = if restriction.is_empty() {
        (None, None)
    } else if let Some(date) = restriction.strip_prefix('<') {
        (None, Some(day(date)?))
    } else if let Some(date) = restriction.strip_prefix('>') {
        (Some(day(date)?), None)
    } else if let Some((from, to)) = restriction.split_once('-') {
        let (from, to) = (day(from)?, day(to)?);
        if from > to {
            return Err(format!("dates out of order {restriction:?}"));
        }
        (Some(from), Some(to))
    } else {
        return Err(format!(
            "date restriction {restriction:?} is none of <date, >date, date-date"
        ));
    };
    Ok(DatedCode {
        code: (code != "---").then(|| code.to_string()),
        from,
        to,
    })
}

fn day(value: &str) -> Result<NaiveDate, String> {
    // `parse_date` slices by byte position, so only hand it ASCII digits.
    value
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| parse_date(value))
        .flatten()
        .ok_or_else(|| format!("invalid date {value:?} (YYMMDD or YYYYMMDD)"))
}

/// The most phrases, and bytes of text, one agent line may expand to through its markers.
const MAX_EXPANSION: usize = 10_000;
const MAX_EXPANSION_BYTES: usize = 1 << 22;

/// Reads an agent dictionary: `PHRASE {PLURAL} [~CODE]` or `[CODE~]` lines and
/// `!MARKER! = A, B, C` substitution sets used in later phrases.
pub fn read_agents(file: &str, text: &str, notices: &mut Vec<Notice>) -> Vec<Agent> {
    let file: Arc<str> = Arc::from(file);
    let mut markers: HashMap<String, Vec<String>> = HashMap::new();
    let mut agents = Vec::new();
    let mut lines = Lines::new(text);
    for line in lines.by_ref() {
        let n = line.number;
        let t = line.text.trim();
        let is_definition = t.starts_with('!')
            && t.find('=')
                .is_some_and(|eq| t.find('[').is_none_or(|open| eq < open));
        let result = if is_definition {
            define_marker(t, &mut markers)
        } else {
            agent(t, &markers).map(|(phrases, code, placement)| {
                agents.push(Agent {
                    phrases,
                    code,
                    placement,
                    origin: Origin {
                        file: file.clone(),
                        line: n,
                    },
                })
            })
        };
        if let Err(problem) = result {
            notice(notices, &file, n, problem);
        }
    }
    lines.finish(&file, notices);
    agents
}

/// `!NAME! = A, B, C`
fn define_marker(line: &str, markers: &mut HashMap<String, Vec<String>>) -> Result<(), String> {
    let bad = || format!("substitution set {line:?} is not !NAME! = A, B, …; skipped");
    let rest = &line[1..];
    let end = rest.find('!').ok_or_else(bad)?;
    let name = rest[..end].trim();
    let list = rest[end + 1..]
        .trim_start()
        .strip_prefix('=')
        .ok_or_else(bad)?;
    let items: Vec<String> = list
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect();
    if name.is_empty() || name.contains(char::is_whitespace) || items.is_empty() {
        return Err(bad());
    }
    markers.insert(name.to_uppercase(), items);
    Ok(())
}

/// One agent line: its phrases, code and placement.
fn agent(
    line: &str,
    markers: &HashMap<String, Vec<String>>,
) -> Result<(Vec<Vec<String>>, String, Placement), String> {
    let Some(open) = line.find('[') else {
        return Err(format!("agent {line:?} has no [code]; skipped"));
    };
    let (head, group) = (&line[..open], &line[open + 1..]);
    // `[~LEG}` in the real files: a `}` closes the code as well.
    let Some(close) = group.find([']', '}']) else {
        return Err(format!("'[' without ']' in {line:?}; skipped"));
    };
    if !group[close + 1..].trim().is_empty() {
        return Err(format!("text after the code in {line:?}; skipped"));
    }
    let code = group[..close].trim();
    let (code, placement) = if let Some(code) = code.strip_prefix('~') {
        (code.trim(), Placement::Suffix)
    } else if let Some(code) = code.strip_suffix('~') {
        (code.trim(), Placement::Prefix)
    } else {
        return Err(format!(
            "agent code [{code}] needs '~' before or after it; skipped"
        ));
    };
    if code.is_empty() || code.contains(|c: char| c.is_whitespace() || "~[]{}".contains(c)) {
        return Err(format!("invalid agent code {code:?}; skipped"));
    }

    let (singular, plurals) = match head.find('{') {
        Some(brace) => {
            let Some(len) = head[brace..].find('}') else {
                return Err(format!("'{{' without '}}' in {line:?}; skipped"));
            };
            if !head[brace + len + 1..].trim().is_empty() {
                return Err(format!(
                    "text between the plural and the code in {line:?}; skipped"
                ));
            }
            (&head[..brace], Some(&head[brace + 1..brace + len]))
        }
        None if head.contains('}') => return Err(format!("stray '}}' in {line:?}; skipped")),
        None => (head, None),
    };

    let marked = singular.contains('!');
    let mut phrases: Vec<Vec<String>> = substitute(singular, markers)?
        .iter()
        .map(|text| words(text))
        .filter(|phrase| !phrase.is_empty())
        .collect();
    let Some(first) = phrases.first() else {
        return Err(format!("agent line {line:?} has no phrase; skipped"));
    };
    let more: Vec<Vec<String>> = match plurals {
        // `{}` (no plural) adds nothing.
        Some(plurals) => substitute(plurals, markers)?
            .iter()
            .map(|text| words(text))
            .collect(),
        None if !marked => plural_phrase(first).into_iter().collect(),
        None => Vec::new(),
    };
    phrases.extend(more);
    let mut seen = HashSet::new();
    phrases.retain(|phrase| !phrase.is_empty() && seen.insert(phrase.clone()));
    Ok((phrases, code.to_string(), placement))
}

/// Every text `!MARKER!`s in `text` expand to (just `text` when it has none).
fn substitute(text: &str, markers: &HashMap<String, Vec<String>>) -> Result<Vec<String>, String> {
    let parts: Vec<&str> = text.split('!').collect();
    if parts.len().is_multiple_of(2) {
        return Err(format!("unmatched '!' in {:?}; skipped", text.trim()));
    }
    let mut out = vec![String::new()];
    // The longest text in `out`.
    let mut longest = 0;
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            for o in &mut out {
                o.push_str(part);
            }
            longest += part.len();
            continue;
        }
        let Some(items) = markers.get(&part.trim().to_uppercase()) else {
            return Err(format!(
                "substitution marker !{part}! is not defined above; skipped"
            ));
        };
        let count = out.len().saturating_mul(items.len());
        longest += items.iter().map(String::len).max().unwrap_or(0);
        if count > MAX_EXPANSION || count.saturating_mul(longest) > MAX_EXPANSION_BYTES {
            return Err(format!(
                "{:?} expands to too many phrases; skipped",
                text.trim()
            ));
        }
        out = out
            .iter()
            .flat_map(|o| items.iter().map(move |item| format!("{o}{item}")))
            .collect();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::petrarch::shared_dictionary as real;

    fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn actors(text: &str) -> (Vec<Actor>, Vec<Notice>) {
        let mut notices = Vec::new();
        let actors = read_actors("test.actors.txt", text, &mut notices);
        (actors, notices)
    }

    fn agents(text: &str) -> (Vec<Agent>, Vec<Notice>) {
        let mut notices = Vec::new();
        let agents = read_agents("test.agents.txt", text, &mut notices);
        (agents, notices)
    }

    fn phrase(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn actor_with_synonyms_and_default_code() {
        let (a, n) = actors(
            "# countries\nFREEDONIA_  [FRD]\n+FREEDONIAN_\n+REPUBLIC_OF FREEDONIA\n\n\
             SYLVANIA [SYL] # neighbour\n",
        );
        assert!(n.is_empty(), "{n:?}");
        assert_eq!(a.len(), 2);
        assert_eq!(
            a[0].phrases,
            [
                phrase(&["freedonia"]),
                phrase(&["freedonian"]),
                phrase(&["republic", "of", "freedonia"])
            ]
        );
        assert_eq!(
            a[0].codes,
            [DatedCode {
                code: Some("FRD".into()),
                from: None,
                to: None
            }]
        );
        assert_eq!(a[0].origin.line, 2);
        assert_eq!(a[1].origin.line, 6);
    }

    #[test]
    fn dated_codes_come_first_and_default_last() {
        let (a, n) = actors(
            "RUFUS_T_FIREFLY_  [FRDELI]\n+FIREFLY_\n\t[FRDGOV 330101-331231]\n\
             \t[FRDMIL >20000101]\n    [--- < 320101]\n\t[FRDOPP 19400101 - 19450508]\n",
        );
        assert!(n.is_empty(), "{n:?}");
        assert_eq!(a.len(), 1);
        let codes = &a[0].codes;
        assert_eq!(codes.len(), 5);
        assert_eq!(codes[0].code.as_deref(), Some("FRDGOV"));
        assert_eq!(
            (codes[0].from, codes[0].to),
            (date(1933, 1, 1), date(1933, 12, 31))
        );
        assert_eq!((codes[1].from, codes[1].to), (date(2000, 1, 1), None));
        assert_eq!(codes[2].code, None);
        assert_eq!((codes[2].from, codes[2].to), (None, date(1932, 1, 1)));
        assert_eq!(
            (codes[3].from, codes[3].to),
            (date(1940, 1, 1), date(1945, 5, 8))
        );
        assert_eq!(codes[4].code.as_deref(), Some("FRDELI"));
        assert_eq!((codes[4].from, codes[4].to), (None, None));
    }

    #[test]
    fn several_groups_on_one_line() {
        let (a, n) = actors(
            "AMBASSADOR_TRENTINO_\t[SYLGOV 350101-381231] [SYLELI]\n\
             \tHOMER_CHASE_\t[FRDGOV 310101-320101][ELI]\n+CHASE_\n",
        );
        assert!(n.is_empty(), "{n:?}");
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].codes.len(), 2);
        assert_eq!(a[0].codes[1].code.as_deref(), Some("SYLELI"));
        // An indented phrase line still starts a record.
        assert_eq!(
            a[1].phrases,
            [phrase(&["homer", "chase"]), phrase(&["chase"])]
        );
        assert_eq!(a[1].codes[1].code.as_deref(), Some("ELI"));
    }

    #[test]
    fn dated_codes_only_and_null_default() {
        let (a, n) = actors("VERA_VALE_\n\t[SYLELI <330101]\n\t[---]\nMRS_TEASDALE [---]\n");
        assert!(n.is_empty(), "{n:?}");
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].codes.len(), 2);
        assert_eq!(a[0].codes[1].code, None);
        assert_eq!(
            a[1].codes,
            [DatedCode {
                code: None,
                from: None,
                to: None
            }]
        );
    }

    #[test]
    fn actor_problems_are_noticed() {
        let (a, n) = actors(
            "[ORPHAN]\n+ORPHAN_SYNONYM\nNO_CODE_\n+STILL_NO_CODE\nBAD_DATES\n\t[X 9912311-000101]\n\
             \t[Y 000101-991231]\n\t[Z 2000]\n\t[950601-990815]\n\t[OK]\n\t[OK2]\n\
             STRAY_]_ [S]\n+FINE [F 100101-101231]\nUNCLOSED [U\nTRAILING [T] junk\n\t[]\n\
             MORE [M 500101-500229] [M2]\n",
        );
        let lines: Vec<usize> = n.iter().map(|n| n.origin.line).collect();
        assert_eq!(
            lines,
            [1, 2, 6, 7, 8, 9, 11, 12, 14, 14, 15, 16, 17],
            "{n:#?}"
        );
        assert_eq!(a.len(), 4, "{a:#?}");
        // NO_CODE_ has no code of its own, so the next phrase line continues its record.
        assert_eq!(
            a[0].phrases,
            [
                phrase(&["no", "code"]),
                phrase(&["still", "no", "code"]),
                phrase(&["bad", "dates"])
            ]
        );
        assert_eq!(a[0].origin.line, 3);
        assert_eq!(a[0].codes.len(), 1);
        assert_eq!(a[0].codes[0].code.as_deref(), Some("OK"));
        // The stray bracket drops the primary phrase, the synonym keeps the record.
        assert_eq!(a[1].phrases, [phrase(&["fine"])]);
        assert_eq!(a[1].codes.len(), 2);
        assert_eq!(a[1].origin.line, 12);
        assert_eq!(a[2].phrases, [phrase(&["trailing"])]);
        assert_eq!(a[3].phrases, [phrase(&["more"])]);
    }

    #[test]
    fn codeless_phrase_lines_join_the_next_record() {
        let (a, n) = actors(
            "WOLF_J_FLYWHEEL_\nFLYWHEEL\nLAWYER_FLYWHEEL\n\t[FRDELI 350101-351231]\n\
             Source: a stray header\nCHICOLINI_ [FRDCRM]\n",
        );
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].phrases.len(), 3);
        assert_eq!(a[0].origin.line, 1);
        assert_eq!(a[0].codes[0].code.as_deref(), Some("FRDELI"));
        // A phrase line with a code of its own starts a record of its own.
        assert_eq!(a[1].phrases, [phrase(&["chicolini"])]);
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].origin.line, 5);
    }

    #[test]
    fn records_with_no_phrase_or_code_at_eof() {
        let (a, n) = actors("LAST_ONE\n");
        assert!(a.is_empty());
        assert_eq!(n.len(), 1);
        assert_eq!(n[0].origin.line, 1);
    }

    #[test]
    fn agents_with_plurals_and_placement() {
        let (a, n) = agents(
            "MINISTER [~GOV]\nPOLICE {} [~COP]\nTHIEF {THIEVES} [~CRM]\nARMY [~MIL]\n\
             WITNESS [~CVL]\nFOREIGN_MINISTER_ [~GOVFRM]\nAID_AGENCY  [NGO~]\n\
             BORDER_GUARD[ ~MIL ]\nATTORNEY_GENERAL {ATTORNEYS_GENERAL}[~JUD]\n",
        );
        assert!(n.is_empty(), "{n:?}");
        assert_eq!(a.len(), 9);
        assert_eq!(
            a[0].phrases,
            [phrase(&["minister"]), phrase(&["ministers"])]
        );
        assert_eq!(
            (a[0].code.as_str(), a[0].placement),
            ("GOV", Placement::Suffix)
        );
        assert_eq!(a[1].phrases, [phrase(&["police"])]);
        assert_eq!(a[2].phrases, [phrase(&["thief"]), phrase(&["thieves"])]);
        assert_eq!(a[3].phrases[1], phrase(&["armies"]));
        assert_eq!(a[4].phrases[1], phrase(&["witnesses"]));
        assert_eq!(
            a[5].phrases,
            [
                phrase(&["foreign", "minister"]),
                phrase(&["foreign", "ministers"])
            ]
        );
        assert_eq!(
            (a[6].code.as_str(), a[6].placement),
            ("NGO", Placement::Prefix)
        );
        assert_eq!(a[6].phrases[1], phrase(&["aid", "agencies"]));
        assert_eq!(a[7].code, "MIL");
        assert_eq!(a[8].phrases[1], phrase(&["attorneys", "general"]));
        assert_eq!(a[8].origin.line, 9);
    }

    #[test]
    fn substitution_markers() {
        let (a, n) = agents(
            "!HAND! = MAN, MEN , WOMAN\n!MIN! = MINISTER, MINISTRY\nFARM!HAND! [~AGR]\n\
             FIRE!HAND!{FIRE_BRIGADE}[~CVL]\n!MIN!_OF_FUN [~GOV]\n!HAND!_!MIN! [~X]\n\
             SEA!hand! [~NAV}\n",
        );
        assert!(n.is_empty(), "{n:?}");
        assert_eq!(a.len(), 5);
        assert_eq!(
            a[0].phrases,
            [
                phrase(&["farmman"]),
                phrase(&["farmmen"]),
                phrase(&["farmwoman"])
            ]
        );
        assert_eq!(a[1].phrases.len(), 4);
        assert_eq!(a[1].phrases[3], phrase(&["fire", "brigade"]));
        assert_eq!(
            a[2].phrases,
            [
                phrase(&["minister", "of", "fun"]),
                phrase(&["ministry", "of", "fun"])
            ]
        );
        assert_eq!(a[3].phrases.len(), 6);
        assert_eq!(a[3].phrases[5], phrase(&["woman", "ministry"]));
        // `[~NAV}`: a mismatched bracket whose meaning is clear.
        assert_eq!(a[4].code, "NAV");
        assert_eq!(a[4].phrases[0], phrase(&["seaman"]));
    }

    #[test]
    fn agent_problems_are_noticed() {
        let (a, n) = agents(
            "NO_CODE\nBAD_PLACEMENT [GOV]\n!ODD = A, B\nUNDEFINED!NOPE! [~X]\nHALF!MARK [~X]\n\
             OPEN {PLURALS [~X]\nCLOSE } [~X]\nEMPTY [~]\n[~GOV]\nLEFTOVER [~GOV] extra\n\
             !EMPTY! =\nUNCLOSED [~GOV\nGOOD [~GOV]\n",
        );
        let lines: Vec<usize> = n.iter().map(|n| n.origin.line).collect();
        assert_eq!(lines, (1..=12).collect::<Vec<_>>(), "{n:#?}");
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].origin.line, 13);
    }

    #[test]
    fn expansion_is_capped() {
        let mut text = String::from("!A! = 1,2,3,4,5,6,7,8,9,10\n");
        text.push_str(&"!A!".repeat(8));
        text.push_str(" [~X]\n");
        let (a, n) = agents(&text);
        assert!(a.is_empty());
        assert_eq!(n.len(), 1);
    }

    #[test]
    fn expansion_of_long_items_is_capped() {
        let mut text = format!("!A! = {}, B\n", "x".repeat(100_000));
        text.push_str(&"!A!".repeat(6));
        text.push_str(" [~X]\n");
        let (a, n) = agents(&text);
        assert!(a.is_empty());
        assert_eq!(n.len(), 1);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "[",
            "]",
            "+",
            "\t[",
            "[é 9é0101-1]",
            "X [A 12345é-1]",
            "X [A >€€]",
            "!",
            "!!",
            "!=",
            "!A!=",
            "[~",
            "x{",
            "x}[~a]",
            "{}[~a]",
            "é!é!é [~é]",
            "X [A <]",
            "X [A -]",
        ] {
            let _ = actors(text);
            let _ = agents(text);
        }
    }

    #[test]
    fn real_actor_files() {
        for (name, min, max_notices) in [
            ("Phoenix.Countries.actors.txt", 10_000, 20),
            ("Phoenix.International.actors.txt", 3_000, 20),
            ("Phoenix.MilNonState.actors.txt", 500, 10),
            ("PETR.Validate.actors.txt", 100, 10),
        ] {
            let Some(text) = real(name) else { continue };
            let mut notices = Vec::new();
            let actors = read_actors(name, &text, &mut notices);
            let phrases: usize = actors.iter().map(|a| a.phrases.len()).sum();
            let dated = actors
                .iter()
                .flat_map(|a| &a.codes)
                .filter(|c| c.from.is_some() || c.to.is_some())
                .count();
            eprintln!(
                "{name}: {} actors, {phrases} phrases, {dated} dated codes, {} notices",
                actors.len(),
                notices.len()
            );
            for n in &notices {
                eprintln!("  {n}");
            }
            assert!(actors.len() >= min, "{name}: {} actors", actors.len());
            assert!(
                notices.len() <= max_notices,
                "{name}: {} notices",
                notices.len()
            );
            for a in &actors {
                assert!(!a.phrases.is_empty() && !a.codes.is_empty());
                assert!(a.phrases.iter().all(|p| !p.is_empty()));
                let undated = a
                    .codes
                    .iter()
                    .filter(|c| c.from.is_none() && c.to.is_none());
                assert!(undated.count() <= 1);
            }
        }
    }

    #[test]
    fn real_agent_files() {
        for (name, min, max_notices) in [
            ("Phoenix.agents.txt", 2_000, 10),
            ("PETR.Validate.agents.txt", 80, 5),
        ] {
            let Some(text) = real(name) else { continue };
            let mut notices = Vec::new();
            let agents = read_agents(name, &text, &mut notices);
            let phrases: usize = agents.iter().map(|a| a.phrases.len()).sum();
            let prefix = agents
                .iter()
                .filter(|a| a.placement == Placement::Prefix)
                .count();
            eprintln!(
                "{name}: {} agents ({prefix} prefix), {phrases} phrases, {} notices",
                agents.len(),
                notices.len()
            );
            for n in &notices {
                eprintln!("  {n}");
            }
            assert!(agents.len() >= min, "{name}: {} agents", agents.len());
            assert!(
                notices.len() <= max_notices,
                "{name}: {} notices",
                notices.len()
            );
        }
    }
}
