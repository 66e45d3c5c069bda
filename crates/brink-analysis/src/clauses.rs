//! Shallow clause reading shared by quotes and events: who is the subject of a verb, who
//! follows it as object, and which actors are coordinated ("Russia and China").

use crate::actors::{Cast, MentionAt};
use crate::model::ActorId;
use crate::quotes::{self, is_speech_verb};
use crate::text::{Segment, Text};

pub const PREPOSITIONS: &[&str] = &[
    "of",
    "with",
    "in",
    "on",
    "at",
    "by",
    "for",
    "to",
    "from",
    "against",
    "near",
    "over",
    "about",
    "between",
    "among",
    "into",
    "through",
    "under",
    "after",
    "before",
    "during",
    "since",
    "like",
    "including",
    "along",
    "toward",
    "towards",
    "across",
    "than",
    "without",
    "upon",
    "via",
    "despite",
    "amid",
    "behind",
    "beyond",
    "within",
    "around",
    "as",
];

/// Tokens an object may not be separated from its verb by.
fn blocks_object(word: &str) -> bool {
    const BLOCKS: &[&str] = &[
        ",", ";", ":", ".", "that", "which", "who", "\"", "\u{201c}", "\u{201d}", "(", ")", "but",
        "while", "because", "although", "if", "and", "or", "as", "when",
    ];
    BLOCKS.contains(&word) || is_speech_verb(word).is_some()
}

/// How far back a clause is read: real clauses are far shorter, and the bound keeps run-on
/// text (a megabyte without a full stop) linear.
const REACH: usize = 80;

/// The earliest token a backward look from `token` may reach within its sentence.
pub fn floor(seg: &Segment, token: usize) -> usize {
    seg.first.max(token.saturating_sub(REACH))
}

pub struct Subject {
    pub actors: Vec<ActorId>,
    /// First token of the clause the subject was looked for in.
    pub clause_start: usize,
    /// The speech verb that introduces the clause ("X said Y attacked Z"), if any.
    pub speech_verb: Option<usize>,
}

pub struct Reader<'a> {
    pub text: &'a Text<'a>,
    pub cast: &'a Cast,
}

impl Reader<'_> {
    fn mention_ending_before(&self, token: usize, seg: &Segment) -> Option<&MentionAt> {
        let mut p = token;
        if p > seg.first && self.text.raw(p - 1) == "," {
            p -= 1;
        }
        if p > seg.first && matches!(self.text.low(p - 1), "'s" | "\u{2019}s") {
            p -= 1;
        }
        self.cast.ending_at(p).filter(|m| m.first >= seg.first)
    }

    /// The actor(s) doing what the verb at `verb` says.
    pub fn subject(&self, seg: &Segment, verb: usize) -> Subject {
        let text = self.text;
        // "the U.S. carrying out drills": a gerund right after an actor is that actor's doing.
        if text.low(verb).ends_with("ing")
            && let Some(m) = self
                .mention_ending_before(verb, seg)
                .filter(|m| m.past + 2 >= verb)
            && text.raw(verb - 1) != ","
        {
            let actors = self.coordinated(m, seg);
            return Subject {
                actors,
                clause_start: m.first,
                speech_verb: None,
            };
        }
        let mut clause_start = floor(seg, verb);
        let mut speech_verb = None;
        let mut j = verb;
        while j > clause_start {
            j -= 1;
            let w = text.low(j);
            if matches!(w, "who" | "which") {
                let actors = self
                    .mention_ending_before(j, seg)
                    .map(|m| self.coordinated(m, seg))
                    .unwrap_or_default();
                return Subject {
                    actors,
                    clause_start: j + 1,
                    speech_verb: None,
                };
            }
            // "claims to have a plan" is no reported clause: the infinitive keeps the subject.
            let speech = j + 1 < verb
                && quotes::speech_verb(text, seg, j).is_some()
                && !text.is(j + 1, "to");
            if matches!(w, "that" | "whether" | ";" | ":") || speech {
                clause_start = j + 1;
                if speech {
                    speech_verb = Some(j);
                } else if w == "that" {
                    speech_verb = (j.saturating_sub(3).max(seg.first)..j)
                        .rev()
                        .find(|&k| quotes::speech_verb(text, seg, k).is_some());
                }
                break;
            }
        }
        let actors = self
            .cast
            .within(clause_start, verb)
            .find(|m| {
                let prev = m.first.checked_sub(1).filter(|&p| p >= clause_start);
                let inside_parens = (clause_start..m.first)
                    .filter(|&k| text.raw(k) == "(")
                    .count()
                    > (clause_start..m.first)
                        .filter(|&k| text.raw(k) == ")")
                        .count();
                prev.is_none_or(|p| !PREPOSITIONS.contains(&text.low(p))) && !inside_parens
            })
            .map(|m| self.coordinated(m, seg))
            .unwrap_or_default();
        Subject {
            actors,
            clause_start,
            speech_verb,
        }
    }

    /// The actor(s) right after a verb phrase, within `reach` tokens and the same clause.
    pub fn object(&self, seg: &Segment, from: usize, reach: usize) -> Vec<ActorId> {
        let text = self.text;
        let mut k = from;
        while k < seg.end && k < from + reach {
            if let Some(m) = self.cast.starting_at(k) {
                return self.coordinated(m, seg);
            }
            // Past a preposition the actor is no longer the verb's object ("a shell company in X").
            if blocks_object(text.low(k)) || PREPOSITIONS.contains(&text.low(k)) {
                break;
            }
            k += 1;
        }
        Vec::new()
    }

    /// A mention together with the actors joined to it by "and" or commas.
    pub fn coordinated(&self, m: &MentionAt, seg: &Segment) -> Vec<ActorId> {
        let text = self.text;
        let mut out = vec![m.actor];
        let joins = |k: usize| matches!(text.low(k), "and" | "," | "or");
        let mut first = m.first;
        while first >= seg.first + 2 && joins(first - 1) {
            match self
                .cast
                .ending_at(first - 1)
                .filter(|p| p.first >= seg.first)
            {
                Some(p) => {
                    out.insert(0, p.actor);
                    first = p.first;
                }
                None => break,
            }
        }
        let mut past = m.past;
        while past + 1 < seg.end && joins(past) {
            let mut k = past + 1;
            if text.is(k, "and") {
                k += 1;
            }
            match self.cast.starting_at(k) {
                Some(n) => {
                    out.push(n.actor);
                    past = n.past;
                }
                None => break,
            }
        }
        out.dedup();
        out
    }
}
