//! Every dictionary name (countries, metonyms, IGOs, leaders, roles, agents, places) compiled
//! into one Aho-Corasick automaton over the lowercased text, so a document is scanned once.

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::dictionary::Dictionaries;
use crate::model::MentionKind;
use crate::text::Text;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Country {
        index: usize,
        kind: MentionKind,
    },
    Metonym(usize),
    Igo {
        index: usize,
        kind: MentionKind,
    },
    Group {
        index: usize,
        kind: MentionKind,
    },
    Leader {
        index: usize,
        kind: MentionKind,
    },
    /// A role title shared by leaders ("president", "foreign minister"): index into `roles`.
    Role(usize),
    Agent(usize),
    Place(usize),
    /// An actor record of a PETRARCH actors file: index into `Dictionaries::actors`.
    Actor(usize),
    /// The surname of a person among those records ("Arafat" for Yasir Arafat).
    ActorSurname(usize),
}

/// How the text's capitalisation must agree with the dictionary spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Case {
    Any,
    /// Byte offsets (within the phrase) of letters that must be capitals: "the Kremlin".
    Initials(Vec<usize>),
    /// Acronyms ("US", "UN") match only as written, never as the word "us".
    Exact(String),
}

impl Case {
    /// Names from PETRARCH files are written in capitals: in text they start with one, and
    /// a short one-word name is an acronym that must be written as such ("US", not "us").
    fn proper(phrase: &str) -> Case {
        let letters = phrase.chars().filter(|c| c.is_alphabetic()).count();
        if letters <= 3 && !phrase.contains(' ') {
            Case::Exact(phrase.to_uppercase())
        } else {
            Case::Initials(vec![0])
        }
    }

    fn of(phrase: &str) -> Case {
        let letters = phrase.chars().filter(|c| c.is_alphabetic());
        if !phrase.chars().any(char::is_uppercase) {
            Case::Any
        } else if letters.clone().all(char::is_uppercase) && letters.count() <= 6 {
            Case::Exact(phrase.to_owned())
        } else {
            let initials = phrase
                .char_indices()
                .filter(|&(i, c)| {
                    c.is_uppercase()
                        && (i == 0
                            || !phrase[..i]
                                .chars()
                                .next_back()
                                .is_some_and(char::is_alphabetic))
                })
                .map(|(i, _)| i)
                .collect();
            Case::Initials(initials)
        }
    }

    fn accepts(&self, original: &str) -> bool {
        match self {
            Case::Any => true,
            Case::Exact(spelling) => original == spelling,
            Case::Initials(offsets) => {
                // A short name written in capitals is an acronym: "UN" is not the "Un" of a name.
                let letters = original.chars().filter(|c| c.is_alphabetic()).count();
                let acronym = letters <= 3 && original.chars().all(char::is_uppercase);
                !acronym
                    && offsets
                        .iter()
                        .all(|&i| original[i..].chars().next().is_some_and(char::is_uppercase))
            }
        }
    }
}

/// A dictionary phrase found in the text, on token boundaries.
#[derive(Debug, Clone)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    /// Token range `[first, past)`.
    pub first: usize,
    pub past: usize,
    pub entries: Vec<Entry>,
}

impl Hit {
    pub fn find(&self, want: impl Fn(&Entry) -> bool) -> Option<Entry> {
        self.entries.iter().copied().find(|e| want(e))
    }
}

pub struct Phrases {
    automaton: AhoCorasick,
    entries: Vec<Vec<(Entry, Case)>>,
    pub roles: Vec<String>,
    /// Discard phrases, indexed like `Dictionaries::discards`.
    discards: AhoCorasick,
}

/// A discard phrase found in the text: its sentence is not coded, or with `whole_story` none.
pub struct DiscardHit {
    pub token: usize,
    pub whole_story: bool,
}

/// The surname of an actor record that names a person: a primary phrase of two to four
/// words of letters, with codes for dated terms ("YASIR_ARAFAT" with `[PSEGOV 1994…]`).
fn person_surname(actor: &crate::petrarch::Actor) -> Option<&str> {
    let name = actor.phrases.first()?;
    let dated = actor
        .codes
        .iter()
        .any(|c| c.from.is_some() || c.to.is_some());
    let letters = |w: &String| w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.');
    let surname = name.last()?;
    ((2..=4).contains(&name.len())
        && dated
        && name.iter().all(letters)
        && surname.chars().filter(|c| c.is_alphabetic()).count() >= 4)
        .then_some(surname.as_str())
}

/// Surname-like single words that are far more often something else in news text.
const NOT_SURNAMES: &[&str] = &[
    "may",
    "young",
    "rice",
    "brown",
    "long",
    "wade",
    "bush",
    "king",
    "little",
    "white",
    "black",
    "green",
    "hill",
    "gray",
    "grant",
    "hope",
    "major",
    "rich",
    "sharp",
    "rose",
    "price",
    "lord",
    "bishop",
    "chase",
    "love",
    "page",
    "ward",
    "bell",
    "church",
    "street",
    "west",
    "north",
    "south",
    "east",
    "nation",
    "state",
    "union",
    "party",
    "army",
    "court",
    "house",
    "minister",
    "president",
    "general",
    "prince",
    "said",
    "will",
    "mark",
    "john",
    "james",
    "william",
];

impl Phrases {
    pub fn compile(dict: &Dictionaries) -> Phrases {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut entries: Vec<Vec<(Entry, Case)>> = Vec::new();
        let mut add = |phrase: &str, entry: Entry| {
            let phrase = phrase.trim();
            if phrase.is_empty() {
                return;
            }
            let key = phrase.to_ascii_lowercase();
            let slot = *index.entry(key.clone()).or_insert_with(|| {
                patterns.push(key);
                entries.push(Vec::new());
                entries.len() - 1
            });
            let case = match entry {
                Entry::Actor(_) | Entry::ActorSurname(_) => Case::proper(phrase),
                _ => Case::of(phrase),
            };
            if !entries[slot].iter().any(|(e, c)| *e == entry && *c == case) {
                entries[slot].push((entry, case));
            }
        };
        for (index, c) in dict.countries.iter().enumerate() {
            add(
                &c.name,
                Entry::Country {
                    index,
                    kind: MentionKind::Name,
                },
            );
            for a in &c.aliases {
                add(
                    a,
                    Entry::Country {
                        index,
                        kind: MentionKind::Alias,
                    },
                );
            }
            for d in &c.demonyms {
                add(
                    d,
                    Entry::Country {
                        index,
                        kind: MentionKind::Demonym,
                    },
                );
            }
        }
        for (index, m) in dict.metonyms.iter().enumerate() {
            add(&m.phrase, Entry::Metonym(index));
        }
        for (index, igo) in dict.igos.iter().enumerate() {
            add(
                &igo.name,
                Entry::Igo {
                    index,
                    kind: MentionKind::Name,
                },
            );
            for a in &igo.aliases {
                add(
                    a,
                    Entry::Igo {
                        index,
                        kind: MentionKind::Alias,
                    },
                );
            }
        }
        for (index, g) in dict.groups.iter().enumerate() {
            add(
                &g.name,
                Entry::Group {
                    index,
                    kind: MentionKind::Name,
                },
            );
            for a in &g.aliases {
                add(
                    a,
                    Entry::Group {
                        index,
                        kind: MentionKind::Alias,
                    },
                );
            }
        }
        let mut roles: Vec<String> = Vec::new();
        for (index, l) in dict.leaders.iter().enumerate() {
            add(
                &l.name,
                Entry::Leader {
                    index,
                    kind: MentionKind::Name,
                },
            );
            for a in &l.aliases {
                let kind = if a.contains(' ') {
                    MentionKind::Alias
                } else {
                    MentionKind::Surname
                };
                add(a, Entry::Leader { index, kind });
            }
            if let Some((_, surname)) = l.name.rsplit_once(' ')
                && !NOT_SURNAMES.contains(&surname.to_ascii_lowercase().as_str())
            {
                add(
                    surname,
                    Entry::Leader {
                        index,
                        kind: MentionKind::Surname,
                    },
                );
            }
            if !roles.contains(&l.role) {
                roles.push(l.role.clone());
            }
        }
        for (index, role) in roles.iter().enumerate() {
            add(role, Entry::Role(index));
            // Both spellings of "defence minister" name the same office.
            for (a, b) in [("defense", "defence"), ("defence", "defense")] {
                if role.contains(a) {
                    add(&role.replace(a, b), Entry::Role(index));
                }
            }
        }
        for (index, a) in dict.agents.iter().enumerate() {
            for p in &a.phrases {
                add(p, Entry::Agent(index));
            }
        }
        for (index, g) in dict.gazetteer.iter().enumerate() {
            add(&g.name, Entry::Place(index));
            for a in &g.aliases {
                add(a, Entry::Place(index));
            }
        }
        // Surnames that are also ordinary words ("Young", "attack") would be read as people.
        let common: HashSet<&str> = dict
            .lexicon
            .verbs
            .iter()
            .flat_map(|v| v.forms.iter().map(String::as_str))
            .chain(dict.tone.keys().map(String::as_str))
            .chain(NOT_SURNAMES.iter().copied())
            .collect();
        for (index, actor) in dict.actors.iter().enumerate() {
            for words in &actor.phrases {
                add(&words.join(" "), Entry::Actor(index));
            }
            if let Some(surname) = person_surname(actor).filter(|s| !common.contains(s)) {
                add(surname, Entry::ActorSurname(index));
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .expect("dictionary phrases form a valid automaton");
        let discards = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(dict.discards.iter().map(|d| d.words.join(" ")))
            .expect("discard phrases form a valid automaton");
        Phrases {
            automaton,
            entries,
            roles,
            discards,
        }
    }

    /// Discard phrases in the text: each starts a word, and ends one unless it is a stem.
    pub fn discards(&self, text: &Text, dict: &Dictionaries) -> Vec<DiscardHit> {
        let mut out = Vec::new();
        for m in self.discards.find_overlapping_iter(&text.lower) {
            let discard = &dict.discards[m.pattern().as_usize()];
            let token = text.token_at(m.start());
            let starts_word = text.tokens.get(token).is_some_and(|t| t.start == m.start());
            let last = text.token_at(m.end().saturating_sub(1));
            let ends_word = text.tokens.get(last).is_some_and(|t| t.end == m.end());
            if starts_word && (!discard.exact || ends_word) {
                out.push(DiscardHit {
                    token,
                    whole_story: discard.whole_story,
                });
            }
        }
        out
    }

    /// Leftmost-longest dictionary phrases on token boundaries whose capitalisation agrees.
    pub fn scan(&self, text: &Text) -> Vec<Hit> {
        let mut found: Vec<Hit> = Vec::new();
        for m in self.automaton.find_overlapping_iter(&text.lower) {
            let (start, end) = (m.start(), m.end());
            let first = text.token_at(start);
            let Some(tok) = text.tokens.get(first) else {
                continue;
            };
            if tok.start != start {
                continue;
            }
            let past = text.token_at(end);
            // The phrase must end exactly at a token end.
            if past == 0 || text.tokens[past - 1].end != end || past <= first {
                continue;
            }
            // A line break ends a sentence: no phrase runs across one.
            if text.tokens[first + 1..past].iter().any(|t| t.line_break) {
                continue;
            }
            // "ambassador to" is a phrase only before the name it points to: "the Australian
            // ambassador to explain" holds just "ambassador".
            if matches!(text.low(past - 1), "to" | "of" | "for") && !names_next(text, past) {
                continue;
            }
            let original = &text.doc[start..end];
            let entries: Vec<Entry> = self.entries[m.pattern().as_usize()]
                .iter()
                .filter(|(_, case)| case.accepts(original))
                .map(|(e, _)| *e)
                .collect();
            if entries.is_empty() {
                continue;
            }
            found.push(Hit {
                start,
                end,
                first,
                past,
                entries,
            });
        }
        // Longest phrases first ("the U.N. Security Council" beats "the U.N."), then leftmost.
        found.sort_by(|a, b| {
            (b.end - b.start)
                .cmp(&(a.end - a.start))
                .then(a.start.cmp(&b.start))
        });
        let mut taken = vec![false; text.tokens.len()];
        let mut out: Vec<Hit> = Vec::with_capacity(found.len());
        for hit in found {
            if taken[hit.first..hit.past].iter().any(|&t| t) {
                continue;
            }
            taken[hit.first..hit.past]
                .iter_mut()
                .for_each(|t| *t = true);
            out.push(hit);
        }
        out.sort_by_key(|h| h.start);
        out
    }
}

/// A name starts at token `k`, perhaps after "the".
fn names_next(text: &Text, k: usize) -> bool {
    let k = if k < text.tokens.len() && text.is(k, "the") {
        k + 1
    } else {
        k
    };
    k < text.tokens.len() && text.capitalized(k)
}
