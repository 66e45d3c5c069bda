//! Shallow clause reading shared by quotes and events: who is the subject of a verb, who
//! follows it as object, and which actors are coordinated ("Russia and China").

use crate::actors::{Cast, MentionAt};
use crate::dates::weekday;
use crate::model::{ActorId, ActorKind, SentenceKind};
use crate::quotes::{self, is_speech_verb};
use crate::text::{Segment, Text, TokenKind};

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

/// Lowercase titles between a body and the name of the person speaking for it.
const OFFICER_TITLES: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "minister",
    "official",
    "envoy",
    "ambassador",
    "chief",
    "head",
    "commander",
    "adviser",
    "advisor",
    "director",
    "secretary",
    "deputy",
    "press",
    "foreign",
    "defence",
    "defense",
];

/// People who speak for a body without being named ("a spokesman for the ministry").
const SPOKESPEOPLE: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officials",
    "representative",
    "source",
    "sources",
];

/// Tokens an object may not be separated from its verb by.
fn blocks_object(word: &str) -> bool {
    const BLOCKS: &[&str] = &[
        ",", ";", ":", ".", "that", "which", "who", "\"", "\u{201c}", "\u{201d}", "(", ")", "but",
        "while", "because", "although", "if", "and", "or", "as", "when",
    ];
    BLOCKS.contains(&word) || is_speech_verb(word).is_some()
}

/// The token after a time adverbial starting at `k` ("on Friday", "late Tuesday", "overnight").
pub fn time_adverbial(text: &Text, k: usize) -> Option<usize> {
    if matches!(text.low(k), "today" | "yesterday" | "overnight" | "tonight") {
        return Some(k + 1);
    }
    let day = if matches!(
        text.low(k),
        "on" | "late" | "early" | "last" | "this" | "next"
    ) {
        k + 1
    } else {
        k
    };
    (weekday(text.low(day)).is_some() && text.capitalized(day)).then_some(day + 1)
}

/// "suddenly", "sharply": a lowercase -ly word no actor covers, between a subject and its verb.
fn manner_adverb(text: &Text, k: usize) -> bool {
    let w = text.low(k);
    w.len() > 4 && w.ends_with("ly") && !text.capitalized(k) && !matches!(w, "italy" | "ally")
}

/// Words that may stand between a subject and its verb: auxiliaries, negation, adverbs of
/// time and manner ("Arnor has again appealed", "Gondor on Thursday signed").
const SUBJECT_GAP: &[&str] = &[
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "can",
    "did",
    "does",
    "do",
    "also",
    "not",
    "n't",
    "never",
    "then",
    "already",
    "now",
    "today",
    "yesterday",
    "reportedly",
    "again",
    "still",
    "just",
    "recently",
    "finally",
    "later",
    "once",
    "on",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "tonight",
    "overnight",
    "formally",
    "officially",
    "publicly",
    "quickly",
    "immediately",
    "repeatedly",
    "jointly",
];

/// How far back a clause is read: real clauses are far shorter, and the bound keeps run-on
/// text (a megabyte without a full stop) linear.
const REACH: usize = 80;

/// Nouns of quantity whose "of" phrase is the real subject ("thousands of Palestinians").
const QUANTITIES: &[&str] = &[
    "thousands",
    "hundreds",
    "dozens",
    "scores",
    "tens",
    "millions",
    "crowds",
    "crowd",
    "group",
    "groups",
    "number",
    "some",
    "many",
    "most",
    "all",
    "several",
    "few",
    "both",
];

/// Past forms of acts done in words, which a reporter does rather than reports.
const VERBAL_ACTS: &[&str] = &[
    "apologised",
    "apologized",
    "urged",
    "called",
    "appealed",
    "pledged",
    "promised",
    "thanked",
    "expressed",
    "demanded",
    "asked",
    "invited",
    "welcomed",
    "condemned",
    "criticised",
    "criticized",
    "offered",
    "proposed",
];

/// Words that open an adverbial clause.
pub(crate) const SUBORDINATORS: &[&str] = &[
    "when", "while", "after", "before", "because", "since", "until", "although", "though",
    "whereas", "if", "unless",
];

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
    /// The mention ending right before `token`, with nothing between.
    fn mention_ending_before_tight(&self, token: usize, seg: &Segment) -> Option<&MentionAt> {
        self.cast.ending_at(token).filter(|m| m.first >= seg.first)
    }

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
        if let Some(reporter) = self.reporter_of_conjunct(seg, verb) {
            return self.subject(seg, reporter);
        }
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
            // "Turning to his past, in which he …, Mr. Reama said": an actor right before the
            // verb, after a comma, is its subject whatever the phrase before the comma holds.
            if w == ","
                && self
                    .adjacent_subject(seg, verb)
                    .is_some_and(|m| m.first > j)
            {
                clause_start = j + 1;
                break;
            }
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
            // "escaped an attempt when a gunman opened fire": a subordinate clause has its own
            // subject (one a comma closed, "who spoke before Bush, urged", is not the verb's).
            if SUBORDINATORS.contains(&w)
                && j + 1 < verb
                && !(j + 1..verb).any(|k| text.raw(k) == ",")
            {
                clause_start = j + 1;
                break;
            }
            if matches!(w, "that" | "whether" | ";" | ":") || speech {
                clause_start = j + 1;
                if speech {
                    speech_verb = Some(j);
                } else if w == "that" {
                    // "said in a statement on Friday that": reach past the circumstances.
                    speech_verb = (j.saturating_sub(6).max(seg.first)..j)
                        .rev()
                        .find(|&k| {
                            quotes::speech_verb(text, seg, k).is_some()
                                && quotes::past_circumstances(text, k + 1) == j
                        })
                        .or_else(|| {
                            (j.saturating_sub(3).max(seg.first)..j)
                                .rev()
                                .find(|&k| quotes::speech_verb(text, seg, k).is_some())
                        });
                }
                break;
            }
        }
        // "To keep talking, Mr. Kennedy invited": an actor right before the verb (past
        // auxiliaries and time words) is its subject, whatever opens the clause.
        let mut k = verb;
        while k > clause_start
            && (SUBJECT_GAP.contains(&text.low(k - 1))
                || text.raw(k - 1) == "-"
                || manner_adverb(text, k - 1))
        {
            k -= 1;
        }
        // "Thousands of Palestinians marched": after a quantity, "of" opens no modifier.
        let governed = |p: usize| {
            PREPOSITIONS.contains(&text.low(p))
                && !(text.is(p, "of")
                    && p > seg.first
                    && (QUANTITIES.contains(&text.low(p - 1))
                        || text.tokens[p - 1].kind == TokenKind::Number))
        };
        let adjacent = self
            .mention_ending_before_tight(k, seg)
            .filter(|m| m.first >= clause_start)
            .filter(|m| {
                let prev = m.first.checked_sub(1).filter(|&p| p >= clause_start);
                prev.is_none_or(|p| !governed(p))
            });
        let actors = adjacent
            .or_else(|| {
                self.cast.within(clause_start, verb).find(|m| {
                    let prev = m.first.checked_sub(1).filter(|&p| p >= clause_start);
                    let inside_parens = (clause_start..m.first)
                        .filter(|&k| text.raw(k) == "(")
                        .count()
                        > (clause_start..m.first)
                            .filter(|&k| text.raw(k) == ")")
                            .count();
                    prev.is_none_or(|p| !governed(p)) && !inside_parens
                })
            })
            .map(|m| self.coordinated(self.head_of(m, seg, verb), seg))
            .unwrap_or_default();
        let actors = if !actors.is_empty() {
            actors
        } else if let Some(body) = self.spokesperson_of(seg, clause_start, verb) {
            self.coordinated(body, seg)
        } else if let Some(v) = speech_verb {
            self.speaker_pronoun(seg, v, clause_start)
        } else {
            actors
        };
        Subject {
            actors,
            clause_start,
            speech_verb,
        }
    }

    /// "admitted that his agents had kidnapped citizens and apologised": a verbal act in the
    /// simple past, joined by "and" to a past-perfect "that" clause, goes with the verb that
    /// reported the clause; that verb's token. A deed there ("had attacked a convoy and
    /// killed ten") stays the clause's.
    fn reporter_of_conjunct(&self, seg: &Segment, verb: usize) -> Option<usize> {
        let text = self.text;
        let simple_past = |k: usize| text.low(k).ends_with("ed") && !text.capitalized(k);
        let verbal =
            |k: usize| VERBAL_ACTS.contains(&text.low(k)) || is_speech_verb(text.low(k)).is_some();
        if verb < seg.first + 4 || !text.is(verb - 1, "and") || !simple_past(verb) || !verbal(verb)
        {
            return None;
        }
        let that = (seg.first + 1..verb - 1)
            .rev()
            .take_while(|&k| !matches!(text.raw(k), ";" | ":"))
            .find(|&k| text.is(k, "that"))?;
        if !(that + 1..verb - 1).any(|k| text.is(k, "had")) {
            return None;
        }
        // The reporting verb: within a few words before "that", past circumstances
        // ("admitted on Tuesday that").
        (that.saturating_sub(5).max(seg.first)..that)
            .rev()
            .find(|&k| {
                (simple_past(k) || quotes::speech_verb(text, seg, k).is_some())
                    && quotes::past_circumstances(text, k + 1) == that
            })
    }

    /// The mention right before the verb, past auxiliaries and adverbs.
    fn adjacent_subject(&self, seg: &Segment, verb: usize) -> Option<&MentionAt> {
        let text = self.text;
        let mut k = verb;
        while k > seg.first
            && (SUBJECT_GAP.contains(&text.low(k - 1)) || manner_adverb(text, k - 1))
        {
            k -= 1;
        }
        self.mention_ending_before_tight(k, seg)
    }

    /// "Russia said it would ...": a reported clause opening with "it" or "they" has the
    /// speaker as subject when the pronoun fits: "it" a state or body, "they" a group.
    fn speaker_pronoun(&self, seg: &Segment, speech: usize, clause_start: usize) -> Vec<ActorId> {
        let pronoun = self.text.low(clause_start);
        if !matches!(pronoun, "it" | "they") {
            return Vec::new();
        }
        let speakers = self.subject(seg, speech).actors;
        let fits = match speakers.as_slice() {
            [] => false,
            [one] => match self.cast.actors[*one].kind {
                ActorKind::Person => false,
                // "the military said it", "officials said they"
                ActorKind::Agent => {
                    let plural = self
                        .cast
                        .last_of(*one, seg.first, speech)
                        .and_then(|first| self.cast.starting_at(first))
                        .is_some_and(|m| self.text.low(m.past - 1).ends_with('s'));
                    plural == (pronoun == "they")
                }
                _ => pronoun == "it",
            },
            _ => pronoun == "they",
        };
        if fits { speakers } else { Vec::new() }
    }

    /// "Kremlin spokesman Dmitry Peskov", "UN Secretary-General António Guterres": the person
    /// closing such a phrase (ending before token `limit`) is the actor, not the body before.
    pub fn head_of<'m>(&'m self, m: &'m MentionAt, seg: &Segment, limit: usize) -> &'m MentionAt {
        let text = self.text;
        let mut k = m.past;
        while k < seg.end.min(m.past + 4) {
            if let Some(n) = self.cast.starting_at(k) {
                let person = self.cast.actors[n.actor].kind == ActorKind::Person;
                return if person && n.past <= limit { n } else { m };
            }
            let w = text.low(k);
            let title = text.tokens[k].kind == TokenKind::Word
                && (text.capitalized(k) || OFFICER_TITLES.contains(&w) || w == "'s")
                && is_speech_verb(w).is_none();
            if !title {
                break;
            }
            k += 1;
        }
        m
    }

    /// "a spokesman for the Eastern Theater Command" starting at token `at`: the body the
    /// spokesperson speaks for, named before token `limit`.
    pub fn spokesperson_of(&self, seg: &Segment, at: usize, limit: usize) -> Option<&MentionAt> {
        let text = self.text;
        let mut k = at;
        if matches!(text.low(k), "a" | "an" | "the") {
            k += 1;
        }
        if matches!(text.low(k), "senior" | "chief" | "deputy") {
            k += 1;
        }
        if !SPOKESPEOPLE.contains(&text.low(k)) || !matches!(text.low(k + 1), "for" | "of" | "at") {
            return None;
        }
        k += 2;
        if text.is(k, "the") && self.cast.starting_at(k).is_none() {
            k += 1;
        }
        self.cast
            .starting_at(k)
            .filter(|m| m.past <= limit.min(seg.end))
    }

    /// The actor(s) right after a verb phrase, within `reach` tokens and the same clause.
    pub fn object(&self, seg: &Segment, from: usize, reach: usize) -> Vec<ActorId> {
        let text = self.text;
        let mut k = from;
        while k < seg.end && k < from + reach {
            // "warned the US on Thursday against": a time adverbial does not end the object.
            if let Some(past) = time_adverbial(text, k) {
                k = past;
                continue;
            }
            if let Some(m) = self.cast.starting_at(k) {
                return self.coordinated(m, seg);
            }
            // Past a preposition the actor is no longer the verb's object ("a shell company in X"),
            // except the owner of a bare noun ("the independence of X", "its ties with X").
            let owner = text.is(k, "of")
                && k == from + 2
                && matches!(text.low(from), "the" | "its" | "their")
                && text.tokens[from + 1].kind == TokenKind::Word
                && !text.capitalized(from + 1);
            if blocks_object(text.low(k)) || (PREPOSITIONS.contains(&text.low(k)) && !owner) {
                break;
            }
            k += 1;
        }
        Vec::new()
    }

    /// A mention together with the actors joined to it by "and", "or", "nor" or commas, each
    /// perhaps behind "the" and adjectives ("Fornost and the embattled Gondor").
    pub fn coordinated(&self, m: &MentionAt, seg: &Segment) -> Vec<ActorId> {
        let text = self.text;
        let mut out = vec![m.actor];
        let joins = |k: usize| matches!(text.low(k), "and" | "," | "or" | "nor");
        let modifier = |k: usize| text.is(k, "the") || text.adjective_like(k);
        // Backwards: [earlier] and|,|or (the) (adjectives) [this]
        let mut first = m.first;
        // "After a parade of tanks, Cuba expelled": a comma alone makes a list only before a
        // later "and" (or in a headline, where a comma means "and").
        let mut listed = seg.kind == SentenceKind::Headline;
        loop {
            let mut k = first;
            while k > seg.first && k + 3 > first && modifier(k - 1) {
                k -= 1;
            }
            if k < seg.first + 2 || !joins(k - 1) || (text.raw(k - 1) == "," && !listed) {
                break;
            }
            k -= 1;
            listed = true;
            // "A, B, and C": the comma before "and", unless the earlier actor sits in a
            // prepositional phrase ("the territory of Guam, and President Trump").
            let serial = k > seg.first && text.is(k, "and") && text.raw(k - 1) == ",";
            let earlier = self.cast.ending_at(k).or_else(|| {
                serial
                    .then(|| self.cast.ending_at(k - 1))
                    .flatten()
                    .filter(|p| {
                        p.first == seg.first || !PREPOSITIONS.contains(&text.low(p.first - 1))
                    })
            });
            match earlier.filter(|p| p.first >= seg.first) {
                Some(p) => {
                    out.insert(0, p.actor);
                    first = p.first;
                }
                None => break,
            }
        }
        // Forwards: [this] (,) (and) (the) (adjectives) [later]
        let mut past = m.past;
        while past + 1 < seg.end && joins(past) {
            let mut k = past + 1;
            if matches!(text.low(k), "and" | "or" | "nor") {
                k += 1;
            }
            let mut skipped = 0;
            while k < seg.end && skipped < 3 && self.cast.starting_at(k).is_none() && modifier(k) {
                k += 1;
                skipped += 1;
            }
            // "killing four civilians, officials said": an actor the comma leaves to a speech
            // verb is the report's source, not one more of the list.
            let attribution = |n: &MentionAt| {
                text.raw(past) == ","
                    && n.past < seg.end
                    && is_speech_verb(text.low(n.past)).is_some()
            };
            match self.cast.starting_at(k).filter(|n| !attribution(n)) {
                Some(n) => {
                    out.push(n.actor);
                    past = n.past;
                }
                None => break,
            }
        }
        out.dedup();
        // "Pakistan's military ruler, Pervez Musharraf,": two mentions joined by a comma alone,
        // the second closed by punctuation, are one actor named twice; the person, else the later and more specific name. (A
        // headline's comma does mean "and".)
        let worded = (first..past).any(|k| matches!(text.low(k), "and" | "or" | "nor"));
        let closed = past >= seg.end || matches!(text.raw(past), "," | "." | ";");
        if out.len() == 2 && !worded && closed && seg.kind == SentenceKind::Body {
            let person = out
                .iter()
                .copied()
                .find(|&a| self.cast.actors[a].kind == ActorKind::Person);
            return vec![person.unwrap_or(out[1])];
        }
        out
    }
}
