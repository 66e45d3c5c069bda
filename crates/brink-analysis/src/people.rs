//! People and organisations missing from the dictionaries, found from capitalised names with a
//! title or an apposition, plus in-article coreference: surnames and he/she.

use crate::actors::{Cast, MentionAt, sentence_of};
use crate::dictionary::Dictionaries;
use crate::model::{Actor, ActorKind, MentionKind, SentenceKind};
use crate::phrases::{Entry, Hit};
use crate::quotes::is_speech_verb;
use crate::text::{Segment, Text, TokenKind};

/// Words that make a capitalised run an organisation.
const ORG_WORDS: &[&str] = &[
    "university",
    "institute",
    "academy",
    "ministry",
    "council",
    "agency",
    "committee",
    "party",
    "corporation",
    "company",
    "bank",
    "foundation",
    "center",
    "centre",
    "organization",
    "organisation",
    "association",
    "commission",
    "court",
    "parliament",
    "congress",
    "senate",
    "department",
    "office",
    "school",
    "college",
    "group",
    "forum",
    "society",
    "fund",
    "service",
    "navy",
    "command",
    "guard",
    "front",
    "movement",
    "alliance",
    "union",
    "project",
];

/// Titles announcing that a capitalised name is a person ("X, director of ...").
const TITLES: &[&str] = &[
    "director",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "professor",
    "analyst",
    "researcher",
    "fellow",
    "ambassador",
    "envoy",
    "minister",
    "secretary",
    "adviser",
    "advisor",
    "head",
    "chief",
    "chairman",
    "chairwoman",
    "chair",
    "president",
    "ceo",
    "founder",
    "editor",
    "correspondent",
    "commander",
    "general",
    "official",
    "deputy",
    "senior",
    "former",
    "expert",
    "lawyer",
    "scholar",
    "lecturer",
    "economist",
    "senator",
    "governor",
    "mayor",
    "leader",
    "member",
    "lawmaker",
    "diplomat",
    "spokesmen",
    "vice",
    "assistant",
    "author",
    "columnist",
    "negotiator",
    "representative",
    "associate",
    "dean",
    "coordinator",
    "manager",
    "premier",
];

/// Honorifics that precede a person's name.
const HONORIFICS: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "sen",
    "rep",
    "adm",
    "col",
    "lt",
    "sgt",
    "capt",
    "ambassador",
    "minister",
    "spokesman",
    "spokeswoman",
    "general",
    "senator",
    "professor",
    "analyst",
    "envoy",
    "commander",
    "governor",
    "mayor",
];

/// Capitalised words that do not start a name (sentence openers, calendar words).
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "but",
    "and",
    "if",
    "when",
    "while",
    "after",
    "before",
    "this",
    "that",
    "these",
    "those",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "his",
    "her",
    "their",
    "its",
    "our",
    "as",
    "for",
    "with",
    "by",
    "from",
    "to",
    "of",
    "so",
    "yet",
    "there",
    "however",
    "meanwhile",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "nonetheless",
    "still",
    "although",
    "since",
    "last",
    "next",
    "earlier",
    "later",
    "both",
    "all",
    "some",
    "many",
    "most",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "president",
    "north",
    "south",
    "east",
    "west",
    "western",
    "eastern",
];

const CONNECTORS: &[&str] = &["of", "for", "and", "the", "on"];
const PARTICLES: &[&str] = &[
    "al", "bin", "de", "van", "von", "der", "da", "la", "le", "ibn", "el",
];

fn cap_word(text: &Text, i: usize) -> bool {
    text.tokens[i].kind == TokenKind::Word && text.capitalized(i) && !text.raw(i).ends_with('.')
}

pub struct Finder<'a> {
    pub dict: &'a Dictionaries,
    pub text: &'a Text<'a>,
    pub segments: &'a [Segment],
    pub hits: &'a [Hit],
}

impl Finder<'_> {
    /// The first country named (also as a demonym) in a token range.
    fn country_in(&self, first: usize, past: usize) -> Option<String> {
        let from = self.hits.partition_point(|h| h.first < first);
        self.hits[from..]
            .iter()
            .take_while(|h| h.first < past)
            .filter(|h| h.past <= past)
            .find_map(|h| {
                h.entries.iter().find_map(|e| match *e {
                    Entry::Country { index, .. } => Some(self.dict.countries[index].iso3.clone()),
                    Entry::Metonym(m) => self.dict.metonyms[m].code.get(..3).map(str::to_owned),
                    _ => None,
                })
            })
    }

    /// Adds unknown people and organisations, then surname and pronoun mentions.
    pub fn find(&self, cast: &mut Cast) {
        let text = self.text;
        let n = text.tokens.len();
        let mut persons: Vec<(usize, String)> = Vec::new();
        for (s, seg) in self.segments.iter().enumerate() {
            if !matches!(seg.kind, SentenceKind::Body | SentenceKind::Caption) {
                continue;
            }
            let mut i = seg.first;
            while i < seg.end {
                if !cap_word(text, i) || cast.covers(i) || NOT_NAMES.contains(&text.low(i)) {
                    i += 1;
                    continue;
                }
                let mut past = i + 1;
                let mut org = false;
                loop {
                    while past < seg.end && cap_word(text, past) && !cast.covers(past) {
                        org |= ORG_WORDS.contains(&text.low(past));
                        past += 1;
                    }
                    let joins = past + 1 < seg.end
                        && (CONNECTORS.contains(&text.low(past))
                            || PARTICLES.contains(&text.low(past)))
                        && cap_word(text, past + 1)
                        && !cast.covers(past + 1);
                    if joins {
                        past += 1;
                    } else {
                        break;
                    }
                }
                org |= ORG_WORDS.contains(&text.low(i));
                let words = past - i;
                let start = text.tokens[i].start;
                let end = text.tokens[past - 1].end;
                let name = text.doc[start..end].to_owned();
                if org && words >= 2 {
                    let country = self.country_in(i, past);
                    let code = country.clone().unwrap_or_default();
                    let id = cast.actor((b'O', name.clone()), || Actor {
                        code,
                        name: name.clone(),
                        country,
                        role: String::new(),
                        kind: ActorKind::Organization,
                        affiliation: None,
                        mentions: Vec::new(),
                    });
                    cast.mention(
                        text,
                        MentionAt {
                            actor: id,
                            first: i,
                            past,
                            sentence: s,
                            kind: MentionKind::Name,
                        },
                    );
                } else if (2..=4).contains(&words) && self.person_evidence(seg, i, past) {
                    let (role, affiliation, country) = self.apposition(seg, past);
                    let code = country.clone().unwrap_or_default();
                    let id = cast.actor((b'P', name.clone()), || Actor {
                        code,
                        name: name.clone(),
                        country,
                        role,
                        kind: ActorKind::Person,
                        affiliation,
                        mentions: Vec::new(),
                    });
                    cast.mention(
                        text,
                        MentionAt {
                            actor: id,
                            first: i,
                            past,
                            sentence: s,
                            kind: MentionKind::Name,
                        },
                    );
                    if !persons.iter().any(|(known, _)| *known == id) {
                        persons.push((id, text.raw(past - 1).to_owned()));
                    }
                }
                i = past;
            }
        }
        // Later surname-only mentions of the people just found.
        for (s, seg) in self.segments.iter().enumerate() {
            if seg.kind == SentenceKind::Credit {
                continue;
            }
            for i in seg.first..seg.end {
                if let Some((id, _)) = persons.iter().find(|(_, surname)| text.raw(i) == surname)
                    && !cast.covers(i)
                {
                    cast.mention(
                        text,
                        MentionAt {
                            actor: *id,
                            first: i,
                            past: i + 1,
                            sentence: s,
                            kind: MentionKind::Surname,
                        },
                    );
                }
            }
        }
        cast.sort();
        self.pronouns(cast, n);
    }

    fn person_evidence(&self, seg: &Segment, first: usize, past: usize) -> bool {
        let text = self.text;
        let low = |i: usize| if i < seg.end { text.low(i) } else { "" };
        let titled_after = low(past) == ","
            && (TITLES.contains(&low(past + 1))
                || (matches!(low(past + 1), "a" | "an" | "the")
                    && TITLES.contains(&low(past + 2))));
        let titled_before = first > seg.first
            && (HONORIFICS.contains(&low(first - 1))
                || (low(first - 1) == "."
                    && first >= seg.first + 2
                    && HONORIFICS.contains(&low(first - 2))));
        let speaks = is_speech_verb(low(past)).is_some()
            || (first > seg.first && is_speech_verb(low(first - 1)).is_some())
            || (first >= seg.first + 2 && low(first - 2) == "according" && low(first - 1) == "to");
        titled_after || titled_before || speaks
    }

    /// Role, affiliation and country from ", Director of X at the Y Institute, ...".
    fn apposition(&self, seg: &Segment, past: usize) -> (String, Option<String>, Option<String>) {
        let text = self.text;
        if past >= seg.end || text.raw(past) != "," {
            return (String::new(), None, None);
        }
        let first = past + 1;
        let mut end = first;
        while end < seg.end
            && !matches!(
                text.raw(end),
                "," | ";" | ":" | "\"" | "\u{201c}" | "\u{201d}" | "(" | ")"
            )
            && is_speech_verb(text.low(end)).is_none()
        {
            end += 1;
        }
        if end == first {
            return (String::new(), None, None);
        }
        // "director of Korean Programs at the Institute": the organisation follows "at", or else
        // a capitalised "of" phrase ("director of the Centre for Eastern Studies").
        let cut = (first..end).find(|&i| text.is(i, "at")).or_else(|| {
            (first..end).find(|&i| {
                let next = if text.is(i + 1, "the") { i + 2 } else { i + 1 };
                text.is(i, "of") && next < end && text.capitalized(next)
            })
        });
        let slice =
            |a: usize, b: usize| text.doc[text.tokens[a].start..text.tokens[b - 1].end].to_owned();
        let role_first = if matches!(text.low(first), "a" | "an" | "the") {
            first + 1
        } else {
            first
        };
        let role = slice(
            role_first.min(end - 1),
            cut.unwrap_or(end).max(role_first + 1).min(end),
        );
        let affiliation = cut.filter(|&c| c + 1 < end).map(|c| {
            let from = if text.is(c + 1, "the") { c + 2 } else { c + 1 };
            slice(from.min(end - 1), end)
        });
        (role, affiliation, self.country_in(first, end))
    }

    /// he/she: the most recent person mentioned in this or the four previous sentences (a
    /// multi-sentence quote often sits between a name and "she said").
    fn pronouns(&self, cast: &mut Cast, n: usize) {
        let text = self.text;
        let mut added = Vec::new();
        for i in 0..n {
            if !matches!(text.low(i), "he" | "she") {
                continue;
            }
            let sentence = sentence_of(self.segments, i);
            if self.segments[sentence].kind == SentenceKind::Credit {
                continue;
            }
            let found = cast
                .before(i)
                .take(64)
                .take_while(|m| m.sentence + 4 >= sentence)
                .find(|m| cast.actors[m.actor].kind == ActorKind::Person)
                .map(|m| m.actor);
            if let Some(actor) = found {
                added.push(MentionAt {
                    actor,
                    first: i,
                    past: i + 1,
                    sentence,
                    kind: MentionKind::Pronoun,
                });
            }
        }
        for m in added {
            cast.mention(text, m);
        }
        cast.sort();
    }
}
