//! CAMEO events from the verb-pattern dictionary: who did what to whom, with negation,
//! hedging, passive voice, coordinated actors and claims attributed to their claimant.

use std::collections::{HashMap, HashSet};

use crate::actors::Cast;
use crate::bombings::{Bombing, Devices};
use crate::clauses::{Reader, Subject, floor};
use crate::dictionary::{Dictionaries, DictionaryError, VerbRow};
use crate::lexicon::{Lexicon, SentenceWords, VerbMatch, modal};
use crate::model::{ActorId, ActorKind, MentionKind, Place, SentenceKind, Span};
use crate::petrarch::{british_forms, regular_forms};
use crate::places::Scene;
use crate::quotes;
use crate::text::{Segment, Text, TokenKind};

/// Longest stretch a `*` in a pattern may skip ("fly * bombers": "Tupolev Tu-95").
const GAP: usize = 5;

#[derive(Debug, Clone)]
enum Element {
    Word(Vec<String>),
    Optional(Vec<String>),
    Gap,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An actor must follow the phrase, or there is no event.
    Required,
    /// The target is taken when an actor follows.
    Optional,
}

struct Pattern {
    /// The head is written as a participle ("opposed to"): an adjective, never a passive.
    adjectival: bool,
    rest: Vec<Element>,
    code: String,
    target: Target,
    /// `file:line` of the row.
    rule: String,
}

/// The compiled verb dictionary: inflected head word → patterns starting with it.
pub struct Verbs {
    heads: HashMap<String, Vec<usize>>,
    patterns: Vec<Pattern>,
}

fn alternatives(word: &str) -> Vec<String> {
    word.split('|').map(str::to_owned).collect()
}

impl Verbs {
    pub fn compile(dict: &Dictionaries) -> Result<Verbs, DictionaryError> {
        // Irregular forms given on any row apply to every row with that head lemma.
        let mut irregular: HashMap<&str, &[String]> = HashMap::new();
        for row in &dict.verbs {
            if !row.forms.is_empty() {
                let head = row.pattern.split_whitespace().next().unwrap_or("");
                irregular.insert(head, &row.forms);
            }
        }
        let mut heads: HashMap<String, Vec<usize>> = HashMap::new();
        let mut patterns = Vec::new();
        for row in &dict.verbs {
            let pattern = Self::parse(row)?;
            let head = row.pattern.split_whitespace().next().unwrap_or("");
            for lemma in head.split('|') {
                let mut forms = regular_forms(lemma);
                if let Some(extra) = irregular.get(lemma) {
                    forms.extend(extra.iter().cloned());
                }
                let british = british_forms(lemma, &forms);
                forms.extend(british);
                for form in forms {
                    let list = heads.entry(form).or_default();
                    if !list.contains(&patterns.len()) {
                        list.push(patterns.len());
                    }
                }
            }
            patterns.push(pattern);
        }
        Ok(Verbs { heads, patterns })
    }

    fn parse(row: &VerbRow) -> Result<Pattern, DictionaryError> {
        let error = |problem: String| DictionaryError::Invalid {
            file: row.file.to_owned(),
            line: row.line,
            problem,
        };
        let mut words = row.pattern.split_whitespace();
        let head = words
            .next()
            .ok_or_else(|| error("empty pattern".to_owned()))?;
        if head.starts_with('(') || head == "*" {
            return Err(error(format!(
                "pattern must start with a word, found {head:?}"
            )));
        }
        let rest = words
            .map(|w| {
                if w == "*" {
                    Ok(Element::Gap)
                } else if let Some(inner) = w.strip_prefix('(').and_then(|w| w.strip_suffix(')')) {
                    Ok(Element::Optional(alternatives(inner)))
                } else if w.contains(['(', ')', '*']) {
                    Err(error(format!("malformed pattern word {w:?}")))
                } else {
                    Ok(Element::Word(alternatives(w)))
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        let target = match row.target.as_str() {
            "object" => Target::Required,
            "optional" => Target::Optional,
            other => {
                return Err(error(format!(
                    "target must be object or optional, found {other:?}"
                )));
            }
        };
        Ok(Pattern {
            adjectival: head.ends_with("ed"),
            rest,
            code: row.code.clone(),
            target,
            rule: format!("{}:{}", row.file, row.line),
        })
    }

    /// Longest pattern whose head is token `i`: (pattern, end token exclusive).
    fn longest(&self, text: &Text, seg: &Segment, i: usize) -> Option<(usize, usize)> {
        let ids = self.heads.get(text.low(i))?;
        ids.iter()
            .filter_map(|&p| {
                matches(text, &self.patterns[p].rest, i + 1, seg.end).map(|end| (p, end))
            })
            .max_by_key(|&(p, end)| (end, std::cmp::Reverse(p)))
    }
}

fn matches(text: &Text, rest: &[Element], at: usize, end: usize) -> Option<usize> {
    let Some((first, tail)) = rest.split_first() else {
        return Some(at);
    };
    // A time adverbial is no pattern word: "launched a strike on Monday" is no "strike on".
    let word_at = |k: usize, alts: &[String]| {
        k < end
            && alts.iter().any(|a| a == text.low(k))
            && crate::clauses::time_adverbial(text, k).is_none()
    };
    match first {
        Element::Word(alts) => word_at(at, alts)
            .then(|| matches(text, tail, at + 1, end))
            .flatten(),
        Element::Optional(alts) => {
            if word_at(at, alts)
                && let Some(e) = matches(text, tail, at + 1, end)
            {
                return Some(e);
            }
            matches(text, tail, at, end)
        }
        Element::Gap => {
            for skip in 0..=GAP {
                let k = at + skip;
                if k > end {
                    break;
                }
                if skip > 0 {
                    let t = k - 1;
                    let skippable = text.tokens[t].kind != TokenKind::Punct || text.raw(t) == "-";
                    if !skippable {
                        break;
                    }
                }
                if let Some(e) = matches(text, tail, k, end) {
                    return Some(e);
                }
            }
            None
        }
    }
}

/// A determiner or a count before a noun phrase.
fn quantifier(text: &Text, k: usize) -> bool {
    text.tokens[k].kind == TokenKind::Number
        || matches!(
            text.low(k),
            "the"
                | "a"
                | "an"
                | "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "several"
                | "some"
                | "all"
                | "more"
                | "dozens"
                | "of"
        )
}

/// Verbs whose infinitive complement has the verb's own subject ("plans to strike").
fn subject_control(word: &str) -> Option<bool> {
    // The flag says whether the complement is only intended (hypothetical).
    Some(match word {
        "vote" | "votes" | "voted" | "voting" | "agree" | "agreed" | "agrees" | "decide"
        | "decided" | "decides" | "move" | "moved" | "moves" | "continue" | "continued"
        | "continues" | "began" | "begin" | "begins" | "start" | "started" | "starts" | "went"
        | "managed" | "seen" | "known" => false,
        "plan" | "plans" | "planned" | "planning" | "want" | "wants" | "wanted" | "vow"
        | "vows" | "vowed" | "promise" | "promises" | "promised" | "intend" | "intends"
        | "intended" | "prepare" | "prepared" | "prepares" | "seek" | "seeks" | "sought"
        | "try" | "tries" | "tried" | "hope" | "hopes" | "hoped" | "aim" | "aims" | "aimed"
        | "expect" | "expects" | "expected" | "attempt" | "attempted" | "attempts" | "threaten"
        | "threatens" | "threatened" | "pledge" | "pledged" | "pledges" | "ready" | "willing" | "able"
        | "likely" | "going" | "set" | "due" | "poised" | "offer" | "offered" | "offers"
        | "about" | "refuse" | "refused" | "refuses" | "declined" | "decline" | "declines"
        | "failed"
        // Raising: "is said to have attacked", "appears to back".
        | "said" | "reported" | "believed" | "thought" | "alleged" | "appears" | "appeared"
        | "seems" | "seemed" => true,
        _ => return None,
    })
}

/// A stated intention that CAMEO codes in its own right: agreeing, pledging or offering to
/// act is an intent (03), vowing or threatening to use force is a threat (13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Intent {
    Promise,
    Threat,
    Refusal,
}

fn intent(word: &str) -> Option<Intent> {
    Some(match word {
        "agree" | "agreed" | "agrees" | "promise" | "promises" | "promised" | "pledge"
        | "pledged" | "pledges" | "offer" | "offered" | "offers" | "willing" | "ready"
        | "prepared" | "intend" | "intends" | "intended" | "want" | "wants" | "wanted" | "hope"
        | "hopes" | "hoped" | "seek" | "seeks" | "sought" => Intent::Promise,
        "threaten" | "threatens" | "threatened" | "vow" | "vows" | "vowed" => Intent::Threat,
        "refuse" | "refuses" | "refused" | "decline" | "declines" | "declined" => Intent::Refusal,
        _ => return None,
    })
}

/// The CAMEO code of the stated intention to do what `code` codes: "agreed to resume talks"
/// is an intent to negotiate (036), "threatened to attack" a threat of force (138), "refused
/// to negotiate" a rejection (125). A promise of hostility or a threat of cooperation keeps
/// the action's own code, and a refused hostility stays a negated one.
fn intended(code: &str, intent: Intent) -> Option<&'static str> {
    let root = code.get(..2)?;
    Some(match (intent, root) {
        (Intent::Promise, "04") => "036",
        (Intent::Promise, "05") => "032",
        (Intent::Promise, "06") => "031",
        (Intent::Promise, "07") => "033",
        (Intent::Promise, "08") => "035",
        (Intent::Threat, "14") => "133",
        (Intent::Threat, "16") => "131",
        (Intent::Threat, "17") => "137",
        (Intent::Threat, "15" | "18" | "19" | "20") => "138",
        (Intent::Refusal, "04") => "125",
        (Intent::Refusal, "06") => "121",
        (Intent::Refusal, "08") => "124",
        (Intent::Refusal, "03" | "05" | "07") => "120",
        _ => return None,
    })
}

/// Verbs whose "that" clause is what is asked for, not what happened: "demanded that Russia
/// withdraw" codes the demand, not a withdrawal.
const DEMANDS: &[&str] = &[
    "demand",
    "demands",
    "demanded",
    "insist",
    "insists",
    "insisted",
    "urge",
    "urges",
    "urged",
    "ask",
    "asks",
    "asked",
    "request",
    "requests",
    "requested",
    "propose",
    "proposes",
    "proposed",
    "suggest",
    "suggests",
    "suggested",
    "recommend",
    "recommends",
    "recommended",
];

const NEGATIONS: &[&str] = &["not", "n't", "never", "no", "neither", "nor", "without"];
const DENIALS: &[&str] = &[
    "deny", "denies", "denied", "refuse", "refuses", "refused", "declined", "decline", "failed",
];
/// Verbs that state an allegation: "accused", "blamed", "charged".
const ACCUSATIONS: &[&str] = &["accus", "blam", "charg", "suspect", "convict", "condemn"];

/// Nouns for what is alleged, and verbs that reject it: "rejected accusations that".
const ALLEGATIONS: &[&str] = &[
    "accusation",
    "accusations",
    "allegation",
    "allegations",
    "claim",
    "claims",
    "charge",
    "charges",
    "report",
    "reports",
    "suggestion",
    "suggestions",
    "rumours",
    "rumors",
];
const REJECTIONS: &[&str] = &[
    "reject", "dismiss", "deny", "denied", "denies", "refut", "rebuff",
];
const BE: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "get", "got", "gets",
];

/// An event before codebook lookup.
pub struct Found {
    /// `None` for a bombing by no one the text names.
    pub source: Option<ActorId>,
    pub target: Option<ActorId>,
    pub code: String,
    pub negated: bool,
    pub hypothetical: bool,
    pub claimed_by: Option<ActorId>,
    pub sentence: usize,
    pub trigger: Span,
    /// The dictionary entry that fired, `file:line`.
    pub rule: String,
    /// A violent act on no named actor ("killed 12 people in Baghdad"): whose people it was
    /// done to, to be its target.
    pub victims: Option<Victims>,
}

/// The people of a country as the target of violence on people no actor names: known from
/// the place where it happened or, for a state's repression, the state's own.
#[derive(Debug, Clone)]
pub struct Victims {
    /// ISO 3166 alpha-3, a country the dictionaries know.
    pub country: String,
    /// The place (index into the article's places) that says so, when one does.
    pub place: Option<usize>,
}

/// Roles of armed or unarmed actors that are no state's forces: their violence is assault
/// (18) in the codebook, not the use of conventional military force (19).
const IRREGULAR_ROLES: &[&str] = &["REB", "UAF", "INS", "CRM", "CVL", "OPP", "PPL"];
/// Roles of a state's own forces and government: with any of them the actor is the state's.
const STATE_ROLES: &[&str] = &["MIL", "COP", "GOV", "SPY", "JUD", "LEG"];

/// Whether an actor code is a state's armed force: its military, police or intelligence.
fn armed(actor: &str) -> bool {
    roles(actor).any(|r| matches!(r, "MIL" | "COP" | "SPY"))
}

/// Whether an actor may protest (14): crowds, parties and governments do; a state's armed
/// forces and police do not ("troops marched through the town" is no demonstration).
fn may_protest(code: &str, source: &str) -> bool {
    !code.starts_with("14") || !armed(source)
}

/// The three-letter parts of an actor code ("PSEUAFHMS": PSE, UAF, HMS).
fn roles(code: &str) -> impl Iterator<Item = &str> {
    (0..code.len())
        .step_by(3)
        .filter_map(move |i| code.get(i..i + 3))
}

/// Generic force ("attacked", "killed") by militants, rebels, criminals or crowds on anyone
/// but armed forces is an assault; by states and their forces, or on armed forces, fighting.
fn force_code<'c>(code: &'c str, source: &str, target: Option<&str>) -> &'c str {
    if code != "190" {
        return code;
    }
    let irregular =
        source.starts_with("IMG") || roles(source).any(|r| IRREGULAR_ROLES.contains(&r));
    let state = roles(source).any(|r| STATE_ROLES.contains(&r));
    let on_forces = target.is_some_and(|t| roles(t).any(|r| matches!(r, "MIL" | "COP")));
    if irregular && !state && !on_forces {
        "180"
    } else {
        code
    }
}

/// Repression, assault, fighting and mass violence: acts whose victims, when the text does
/// not name them as actors, are the people of the place where they happened. Coercion in
/// general (170) and seizure (171) are not: "forced", "took" name no victims.
fn violent(code: &str) -> bool {
    matches!(code.get(..2), Some("18" | "19" | "20")) || repression(code)
}

/// Restrictions, arrests and repression: what a state does to its own people (an expulsion,
/// 174, is mostly of foreigners).
fn repression(code: &str) -> bool {
    matches!(code.get(..3), Some("172" | "173" | "175"))
}

/// Words that make the next word a noun: "an attack", "the talks", "its visit".
pub(crate) const DETERMINERS: &[&str] = &[
    "a",
    "an",
    "the",
    "its",
    "his",
    "her",
    "their",
    "our",
    "my",
    "your",
    "this",
    "these",
    "those",
    "'s",
    "\u{2019}s",
    "of",
    "any",
    "no",
    "every",
    "each",
    "such",
    "another",
    "further",
    "new",
];

/// Tokens that end the stretch after a verb in which its target is looked for.
fn ends_target_search(text: &Text, k: usize) -> bool {
    (text.tokens[k].kind == TokenKind::Punct && text.raw(k) != "-")
        || matches!(
            text.low(k),
            "that"
                | "which"
                | "who"
                | "and"
                | "but"
                | "while"
                | "because"
                | "when"
                | "if"
                | "although"
                | "as"
                | "after"
                | "before"
                | "since"
                | "until"
        )
}

/// Nouns of an action that someone leads or backs: "the U.S.-led invasion".
const ACTIONS: &[&str] = &[
    "attack",
    "attacks",
    "war",
    "invasion",
    "offensive",
    "strikes",
    "airstrikes",
    "campaign",
    "operation",
    "raid",
    "raids",
    "bombing",
    "assault",
    "intervention",
    "blockade",
];

/// How far after a verb its target may be named.
const TARGET_REACH: usize = 12;

/// Words a verb is read as a noun after: "in charge", "for talks".
const NOUN_PREPOSITIONS: &[&str] = &[
    "in", "of", "for", "with", "at", "on", "by", "from", "into", "under", "without",
];

/// Speech verbs whose object is a clause, not a target: "said he", "added that".
fn reports_only(form: &str) -> bool {
    quotes::is_speech_verb(form).is_some_and(|lemma| {
        !matches!(
            lemma,
            "tell" | "warn" | "ask" | "deny" | "vow" | "promise" | "caution" | "complain"
        )
    })
}

/// What the verb an infinitive hangs from lends it.
#[derive(Default)]
struct Control {
    /// The infinitive is only intended ("plans to strike").
    hedged: bool,
    /// What the controlling verb itself states of the action: a promise, a threat or a
    /// refusal, and where that verb is.
    intent: Option<(Intent, usize)>,
    /// The owner of a controlling noun ("Japan's plan to increase").
    possessor: Option<Vec<ActorId>>,
}

/// One coded clause before it is split into events per source and target.
struct Clause<'a> {
    s: usize,
    seg: &'a Segment,
    head: usize,
    /// Where the matched pattern begins: words it names before the verb ("did not *") are
    /// part of the code, not negation or hedging.
    start: usize,
    end: usize,
    subject: &'a Subject,
    sources: Vec<ActorId>,
    targets: Vec<ActorId>,
    hypothetical: bool,
    code: &'a str,
    /// The code of the reverse event (target on source), for paired codes.
    paired: Option<&'a str>,
    rule: &'a str,
    /// A violent act with no actor after it: its victims are the people of the place where
    /// it happened, and without such a place in its sentence it is no event.
    at_scene: bool,
    /// A bombing with no source named: one event per target, with none.
    unattributed: bool,
}

pub struct Coder<'a> {
    pub dict: &'a Dictionaries,
    pub verbs: &'a Verbs,
    pub lexicon: &'a Lexicon,
    pub text: &'a Text<'a>,
    pub segments: &'a [Segment],
    pub cast: &'a Cast,
    /// Quoted stretches (byte spans) with their speakers: events inside are the speaker's claims.
    pub quoted: &'a [(Span, Option<ActorId>)],
    /// The article's places, where violence on unnamed people happened.
    pub places: &'a [Place],
    /// The dateline's tokens, which open no clause.
    pub dateline: Option<(usize, usize)>,
}

impl<'a> Coder<'a> {
    pub fn events(&self) -> Vec<Found> {
        let mut out = Vec::new();
        for (s, seg) in self.segments.iter().enumerate() {
            if !matches!(seg.kind, SentenceKind::Body | SentenceKind::Headline) {
                continue;
            }
            // Built when the sentence's first dictionary verb is met.
            let mut words = None;
            let mut i = seg.first;
            // Where the last coded phrase ended: a plural right there is its object ("struck
            // targets", "shelled positions"), not a verb.
            let mut coded_past = None;
            while i < seg.end {
                let form = self.text.low(i);
                // "the Saudi-led coalition": "led" there describes, it is no verb.
                let affix =
                    i > seg.first && self.text.raw(i - 1) == "-" && matches!(form, "led" | "based");
                if affix || (coded_past == Some(i) && form.ends_with('s') && !form.ends_with("ss"))
                {
                    i += 1;
                    continue;
                }
                // Brink's own patterns first; where they code nothing, the verb blocks.
                if let Some((p, end)) = self.verbs.longest(self.text, seg, i) {
                    let before = out.len();
                    self.code(s, seg, i, end, &self.verbs.patterns[p], &mut out);
                    if out.len() > before {
                        i = end.max(i + 1);
                        coded_past = Some(i);
                        continue;
                    }
                }
                let found = self
                    .lexicon
                    .is_verb_form(self.text.low(i))
                    .then(|| {
                        let words = words
                            .get_or_insert_with(|| SentenceWords::of(self.lexicon, self.text, seg));
                        self.lexicon.at(self.text, seg, words, self.cast, i)
                    })
                    .flatten();
                match found {
                    Some(m) => {
                        let before = out.len();
                        self.code_match(s, seg, &m, &mut out);
                        // Words a coded pattern matched ("held talks") head no event of their own.
                        let coded = out.len() > before;
                        let past = if coded { m.end } else { m.first };
                        i = past.max(m.past).max(i + 1);
                        coded_past = coded.then_some(i);
                    }
                    None => i += 1,
                }
            }
        }
        // A fact a sentence states twice ("a bomb exploded …, killing …") is one event.
        let mut seen = HashSet::new();
        out.retain(|f| {
            let victims = f.victims.as_ref().map(|v| v.country.clone());
            seen.insert((
                f.sentence,
                f.source,
                f.target,
                victims,
                f.code.clone(),
                f.negated,
            ))
        });
        out
    }

    /// "warn * against", "expel * diplomats": an actor opening the gap is the target when none
    /// follows the phrase; an optional target must be a possessive ("Russia's troops") or the
    /// agent the phrase ends with ("French diplomats") to be sure.
    fn object_in_gap(
        &self,
        reader: &Reader,
        seg: &Segment,
        head: usize,
        end: usize,
        pattern: &Pattern,
    ) -> Vec<ActorId> {
        if !matches!(pattern.rest.first(), Some(Element::Gap)) {
            return Vec::new();
        }
        let text = self.text;
        // Past determiners and counts: "the French ambassador", "two Belarusian diplomats".
        let mut k = head + 1;
        while k < end && self.cast.starting_at(k).is_none() && k < head + 3 && quantifier(text, k) {
            k += 1;
        }
        match self.cast.starting_at(k) {
            Some(m)
                if m.past <= end
                    && (pattern.target == Target::Required
                        || matches!(text.low(m.past), "'s" | "\u{2019}s")
                        || (m.past == end
                            && self.cast.actors[m.actor].kind == ActorKind::Agent)
                        // "freed 26 Palestinian prisoners": whose prisoners.
                        || (m.past + 1 == end
                            && m.kind == MentionKind::Demonym
                            && self.cast.actors[m.actor].kind == ActorKind::Country)) =>
            {
                reader.coordinated(m, seg)
            }
            _ => Vec::new(),
        }
    }

    fn code(
        &self,
        s: usize,
        seg: &Segment,
        head: usize,
        end: usize,
        pattern: &Pattern,
        out: &mut Vec<Found>,
    ) {
        let text = self.text;
        let reader = Reader {
            text,
            cast: self.cast,
        };
        // "condemned the attack": a bare head after a determiner names an event, it reports
        // none; a pattern's own words ("held talks with") say it happened.
        // An article makes any head a noun ("a rally in the square"), but one that a plan or
        // intention opens ("a plan to strike") still codes.
        let named = head > seg.first
            && (DETERMINERS.contains(&text.low(head - 1)) && pattern.rest.is_empty()
                || matches!(text.low(head - 1), "a" | "an" | "the") && !text.is(head + 1, "to"));
        // "an embargo on trade with Cuba": a base form after a preposition is a noun that
        // names no event; a plural one may ("came for talks with").
        let form = text.low(head);
        let after_preposition = head > seg.first
            && !form.ends_with("ing")
            && !form.ends_with("ed")
            && !form.ends_with('s')
            && NOUN_PREPOSITIONS.contains(&text.low(head - 1));
        if self.cast.starting_at(head).is_some()
            || self.cast.covers(head)
            || after_preposition
            || self.alleged(seg, head)
            || self.in_name(seg, head)
            || named
            || self.devices().names_at(seg, head)
        {
            return;
        }
        let Some(control) = self.infinitive(seg, head) else {
            return;
        };
        let stated = control
            .intent
            .and_then(|(i, at)| Some((intended(&pattern.code, i)?, at)));
        let hypothetical = control.hedged && stated.is_none();
        let passive = !pattern.adjectival
            && !text.low(head).ends_with("ing")
            && (head.saturating_sub(3).max(seg.first)..head).any(|k| BE.contains(&text.low(k)));
        let mut subject = reader.subject(seg, head);
        if let Some(possessor) = control.possessor {
            subject.actors = possessor;
        }
        let (sources, targets) = if passive {
            let by = self.passive_by(seg, end);
            let agents = by.map(|b| reader.object(seg, b + 1, 3)).unwrap_or_default();
            (agents, subject.actors.clone())
        } else {
            // "warned Gondor against …", "accused Arnor of …": in a verb-gap-preposition
            // pattern the actor right after the verb is its object; what follows the
            // preposition says what about.
            let in_gap = self.object_in_gap(&reader, seg, head, end, pattern);
            let gap_first = matches!(pattern.rest.as_slice(), [Element::Gap, Element::Word(_)]);
            let objects = if gap_first && !in_gap.is_empty() {
                in_gap
            } else {
                let after = reader.object(seg, end, 5);
                if after.is_empty() { in_gap } else { after }
            };
            (subject.actors.clone(), objects)
        };
        let sources: Vec<ActorId> = sources
            .into_iter()
            .filter(|&a| self.codable(a) && may_protest(&pattern.code, &self.cast.actors[a].code))
            .collect();
        let targets: Vec<ActorId> = targets.into_iter().filter(|&a| self.codable(a)).collect();
        let bombing = self.bombing(seg, head, end, passive, &sources, &pattern.code);
        let (sources, code) = match &bombing {
            Some(b) => (b.by.clone(), b.code),
            None => (sources, pattern.code.as_str()),
        };
        let targets = self.mutual(code, &sources, targets);
        let at_scene = pattern.target == Target::Required && targets.is_empty() && violent(code);
        // "offered to host talks": a stated intention stands without the one it concerns.
        if (sources.is_empty() && bombing.is_none())
            || (pattern.target == Target::Required
                && targets.is_empty()
                && !at_scene
                && stated.is_none())
        {
            return;
        }
        self.emit(
            Clause {
                s,
                seg,
                head,
                start: stated.map_or(head, |(_, at)| at),
                end,
                subject: &subject,
                sources,
                targets,
                hypothetical,
                code: stated.map_or(code, |(code, _)| code),
                paired: None,
                rule: &pattern.rule,
                at_scene,
                unattributed: bombing.is_some_and(|b| b.by.is_empty()),
            },
            out,
        );
    }

    /// Whether a verb after "to" can be coded, and with whose subject: verbs like "plan" and
    /// "vote" lend it theirs ("Japan's plan to increase" lends Japan); with no such verb
    /// ("urged Bree to help": Bree's help is only asked for) it is `None`, not coded.
    fn infinitive(&self, seg: &Segment, head: usize) -> Option<Control> {
        let text = self.text;
        if head == seg.first || !text.is(head - 1, "to") {
            return Some(Control::default());
        }
        let (k, hedged) = (head.saturating_sub(12).max(seg.first)..head - 1)
            .rev()
            .find_map(|k| subject_control(text.low(k)).map(|hedged| (k, hedged)))?;
        let reader = Reader {
            text,
            cast: self.cast,
        };
        let possessor = (k > seg.first + 1 && matches!(text.low(k - 1), "'s" | "\u{2019}s"))
            .then(|| self.cast.ending_at(k - 1))
            .flatten()
            .map(|m| reader.coordinated(m, seg));
        // "any attempt to seize": a plan nobody is said to own has no subject to code.
        let unowned = k > seg.first && DETERMINERS.contains(&text.low(k - 1));
        if possessor.is_none() && unowned {
            return None;
        }
        Some(Control {
            hedged,
            intent: intent(text.low(k)).map(|i| (i, k)),
            possessor,
        })
    }

    /// The verb is used as a noun here: after a determiner and perhaps adjectives ("a brief
    /// private visit"), or capitalised inside a name.
    fn nominal(&self, seg: &Segment, head: usize) -> bool {
        let text = self.text;
        if self.in_name(seg, head) {
            return true;
        }
        let form = text.low(head);
        let before = head
            .checked_sub(1)
            .filter(|&b| b >= seg.first)
            .map(|b| text.low(b));
        // "three suspected militants", "raids on suspected Taliban hideouts": a participle
        // between a count, a determiner or a preposition and its noun.
        if form.ends_with("ed")
            && before.is_some_and(|b| {
                quantifier(text, head - 1)
                    || DETERMINERS.contains(&b)
                    || crate::clauses::PREPOSITIONS.contains(&b)
            })
            && self.cast.starting_at(head + 1).is_some()
        {
            return true;
        }
        if self.alleged(seg, head) {
            return true;
        }
        // "strikes on Taliban targets", "the Hamas leaders": a plural after an actor that
        // follows a preposition or a determiner is a noun the actor modifies.
        if form.ends_with('s')
            && !form.ends_with("ss")
            && let Some(m) = self.cast.ending_at(head).filter(|m| m.first > seg.first)
        {
            let opener = text.low(m.first - 1);
            if DETERMINERS.contains(&opener) || crate::clauses::PREPOSITIONS.contains(&opener) {
                return true;
            }
        }
        // "Peru banned two groups blamed for the attack": a participle after the object of
        // an earlier verb describes that object.
        if head > seg.first + 2 && self.reduced_relative(head) {
            let clause = floor(seg, head);
            // "closed after a bomber killed": a subordinate clause has verbs of its own.
            let earlier_verb = (clause..head - 1)
                .rev()
                .take_while(|&k| {
                    text.raw(k) != "," && !crate::clauses::SUBORDINATORS.contains(&text.low(k))
                })
                .any(|k| {
                    // "a bomb planted by rebels killed": a participle with its agent is no
                    // earlier verb.
                    let w = text.low(k);
                    w.ends_with("ed")
                        && self.lexicon.is_verb_form(w)
                        && !self.cast.covers(k)
                        && !text.is(k + 1, "by")
                });
            if earlier_verb {
                return true;
            }
        }
        // "the U.S. bombing of Afghanistan", "Israel's shelling of": a gerund with an owner
        // and an "of" object names an event reported before, not a new one.
        if form.ends_with("ing")
            && text.is(head + 1, "of")
            && before.is_some_and(|b| {
                DETERMINERS.contains(&b)
                    || matches!(b, "'s" | "\u{2019}s")
                    || self.cast.ending_at(head).is_some()
            })
        {
            return true;
        }
        // "cars back on the track", "brought it back to Moscow": "back" before a preposition
        // or at a clause's end is the adverb.
        if form == "back"
            && (head + 1 >= seg.end
                || matches!(
                    text.low(head + 1),
                    "on" | "to"
                        | "into"
                        | "from"
                        | "home"
                        | "in"
                        | "at"
                        | "up"
                        | "down"
                        | "off"
                        | ","
                        | "."
                        | ";"
                        | "and"
                ))
        {
            return true;
        }
        // "in charge", "head of", "summoned back": a base form there is no finite verb.
        let base = !form.ends_with("ing") && !form.ends_with("ed");
        if base
            && (before.is_some_and(|b| NOUN_PREPOSITIONS.contains(&b) || b.ends_with("ed"))
                || text.is(head + 1, "of"))
        {
            return true;
        }
        // "to prevent attacks", "will halt raids": a plural right after an infinitive or a
        // modal's verb is that verb's object, not a second verb.
        if form.ends_with('s')
            && !form.ends_with("ss")
            && head >= seg.first + 2
            && (text.is(head - 2, "to") || modal(text, head - 2))
            && before.is_some_and(|b| {
                self.lexicon.is_verb_form(b)
                    && !b.ends_with('s')
                    && !b.ends_with("ed")
                    && !b.ends_with("ing")
            })
        {
            return true;
        }
        let mut k = head;
        while k > seg.first && k + 3 > head && text.adjective_like(k - 1) {
            k -= 1;
        }
        // "the missile launch", "more air strikes": nouns between a determiner and the head
        // (a plural head only after a count: "the coalition strikes" is a verb).
        let mut n = k;
        while base
            && n > seg.first
            && n + 3 > head
            && (self.noun_modifier(n - 1)
                || (n < k && text.adjective_like(n - 1))
                || (text.low(n - 1).ends_with("ing") && !self.cast.covers(n - 1)))
        {
            n -= 1;
        }
        // "the sales tax", "the arms deal": a plural no actor covers can modify a singular.
        while base
            && !form.ends_with('s')
            && n > seg.first + 1
            && n + 3 > head
            && text.low(n - 1).ends_with('s')
            && text.tokens[n - 1].kind == TokenKind::Word
            && !text.capitalized(n - 1)
            && !self.cast.covers(n - 1)
            && DETERMINERS.contains(&text.low(n - 2))
        {
            n -= 1;
        }
        if n < k && n > seg.first {
            let opener = text.low(n - 1);
            let counted = quantifier(text, n - 1) && opener != "the" && opener != "of";
            if counted || (!form.ends_with('s') && DETERMINERS.contains(&opener)) {
                return true;
            }
        }
        // "its French allies": a country's adjective before a plural or bare form is no
        // subject ("the French" would be).
        if !form.ends_with("ed")
            && let Some(m) = self.cast.ending_at(k).filter(|m| m.first > seg.first)
            && m.kind == MentionKind::Demonym
            && m.past == m.first + 1
            && self.cast.actors[m.actor].kind == ActorKind::Country
            && !text.is(m.first - 1, "the")
        {
            return true;
        }
        // "a U.S. demand", "the Israeli attack": an actor modifying a noun (a past form
        // there is the actor's verb: "the coast guard shelled").
        if base && let Some(m) = self.cast.ending_at(k).filter(|m| m.first > seg.first) {
            k = m.first;
        }
        // "for similar reasons": after a preposition and modifiers, a plural is a noun.
        let mut j = head;
        while j > seg.first
            && j + 3 > head
            && (text.adjective_like(j - 1) || self.noun_modifier(j - 1))
        {
            j -= 1;
        }
        let plural_after_preposition = j > seg.first
            && form.ends_with('s')
            && !form.ends_with("ss")
            && NOUN_PREPOSITIONS.contains(&text.low(j - 1));
        k > seg.first && (DETERMINERS.contains(&text.low(k - 1)) || plural_after_preposition)
    }

    /// A capitalised word after another is part of a name ("Leukemia Stricken Children").
    fn in_name(&self, seg: &Segment, head: usize) -> bool {
        head > seg.first && self.text.capitalized(head) && self.text.capitalized(head - 1)
    }

    /// "accused Gondor of shelling": the gerund is what is alleged, coded by the accusation;
    /// "warned Gondor against attacking", "kept them from voting": what one is warned or kept
    /// from has not happened.
    fn alleged(&self, seg: &Segment, head: usize) -> bool {
        let text = self.text;
        if head == seg.first || !text.low(head).ends_with("ing") {
            return false;
        }
        let accused = matches!(text.low(head - 1), "of" | "for")
            && (head.saturating_sub(8).max(seg.first)..head)
                .any(|k| ACCUSATIONS.iter().any(|a| text.low(k).starts_with(a)));
        accused || matches!(text.low(head - 1), "against" | "from")
    }

    /// A lowercase word that can be a noun modifying the next: no inflected verb, function
    /// word or plural.
    fn noun_modifier(&self, k: usize) -> bool {
        let text = self.text;
        let word = text.low(k);
        text.tokens[k].kind == TokenKind::Word
            && !text.capitalized(k)
            && !word.ends_with('s')
            && !word.ends_with("ed")
            && !word.ends_with("ing")
            && !quantifier(text, k)
            && !DETERMINERS.contains(&word)
            && !BE.contains(&word)
            && !modal(text, k)
            && !NEGATIONS.contains(&word)
            && !crate::clauses::PREPOSITIONS.contains(&word)
            && !self.cast.covers(k)
    }

    /// The target in the verb phrase that starts at `from`: the first actor before the
    /// clause ends, an infinitive begins or a third preposition opens ("attacked Gondor",
    /// "left for Minas Tirith", "condemned an attack by Osgiliath soldiers").
    fn target_after(&self, reader: &Reader, seg: &Segment, from: usize) -> Vec<ActorId> {
        let text = self.text;
        let mut prepositions = 0;
        let mut k = from;
        while k < seg.end && k < from + TARGET_REACH {
            if let Some(m) = self.cast.starting_at(k) {
                // "leaders meeting in Ghana": a country after a locative word is the scene,
                // unless it modifies a noun ("help in the Bali investigation").
                let modifies = m.past < seg.end
                    && text.tokens[m.past].kind == TokenKind::Word
                    && !text.capitalized(m.past)
                    && !self.lexicon.is_verb_form(text.low(m.past));
                let scene = k > from
                    && crate::affiliation::SCENES.contains(&text.low(k - 1))
                    && self.cast.actors[m.actor].kind == ActorKind::Country
                    && !modifies;
                if !scene && !self.leads_an_action(m.past) {
                    return reader.coordinated(m, seg);
                }
                k = m.past;
                continue;
            }
            if let Some(past) = crate::clauses::time_adverbial(text, k) {
                k = past;
                continue;
            }
            let word = text.low(k);
            // "demanded that Gondor pay": the complement's subject is the one addressed.
            if k == from && word == "that" {
                k += 1;
                continue;
            }
            // "accusing him of attacks on Gondor": the pronoun is the one accused.
            if ends_target_search(text, k)
                || (k > from && self.reduced_relative(k))
                || (prepositions == 0 && matches!(word, "him" | "her" | "them" | "us" | "me"))
            {
                break;
            }
            if crate::clauses::PREPOSITIONS.contains(&word) {
                // "to" before a verb opens another clause: "plans to strike the U.S.".
                let infinitive = word == "to" && self.lexicon.is_verb_form(text.low(k + 1));
                prepositions += 1;
                if infinitive || prepositions > 2 {
                    break;
                }
            }
            k += 1;
        }
        Vec::new()
    }

    /// Whether the mention ending before `past` only says who leads or backs an action named
    /// next ("joined the U.S.-led attack on Iraq"): the action's object is the target.
    fn leads_an_action(&self, past: usize) -> bool {
        let text = self.text;
        past + 2 < text.tokens.len()
            && text.raw(past) == "-"
            && matches!(
                text.low(past + 1),
                "led" | "backed" | "sponsored" | "brokered"
            )
            && ACTIONS.contains(&text.low(past + 2))
    }

    /// The clause from `start` is an allegation its reporter rejects ("dismissed claims that
    /// Gondor had fired"): what it alleges is not the writer's fact.
    fn disputed(&self, seg: &Segment, start: usize) -> bool {
        let text = self.text;
        if start < seg.first + 3 || !text.is(start - 1, "that") {
            return false;
        }
        let noun = text.low(start - 2);
        ALLEGATIONS.contains(&noun)
            && (start.saturating_sub(6).max(seg.first)..start - 2).any(|k| {
                let w = text.low(k);
                DENIALS.contains(&w) || REJECTIONS.iter().any(|r| w.starts_with(r))
            })
    }

    /// A participle after a noun opens a clause of its own: "banned two groups blamed for
    /// the attack on parliament" names no target past it, unless its agent is the owner
    /// ("the launch carried out by Gondor").
    fn reduced_relative(&self, k: usize) -> bool {
        let text = self.text;
        let word = text.low(k);
        let mut next = k + 1;
        if matches!(text.low(next), "out" | "up" | "off") {
            next += 1;
        }
        k > 0
            && word.ends_with("ed")
            && text.tokens[k - 1].kind == TokenKind::Word
            && !text.capitalized(k)
            && !self.cast.covers(k)
            && !DETERMINERS.contains(&text.low(k - 1))
            && !quantifier(text, k - 1)
            && !text.low(k - 1).ends_with("ly")
            && !matches!(
                text.low(k - 1),
                "and"
                    | "or"
                    | "but"
                    | "then"
                    | "also"
                    | "not"
                    | "never"
                    | "who"
                    | "which"
                    | "that"
                    | "he"
                    | "she"
                    | "it"
                    | "we"
                    | "they"
                    | "i"
                    | "you"
            )
            && !BE.contains(&text.low(k - 1))
            && !matches!(text.low(k - 1), "has" | "have" | "had")
            && self.lexicon.is_verb_form(word)
            && !text.is(next, "by")
    }

    /// With no target named, coordinated subjects of a mutual action ("Arnor and Gondor
    /// signed a treaty") are each other's targets.
    fn mutual(&self, code: &str, sources: &[ActorId], targets: Vec<ActorId>) -> Vec<ActorId> {
        if targets.is_empty() && sources.len() > 1 && self.dict.mutual(code) {
            sources.to_vec()
        } else {
            targets
        }
    }

    /// After "called": an object, then what it is called ("a …", "an …", a quotation); not
    /// "called up reservists for a …", "called on Gondor to …".
    fn naming(&self, seg: &Segment, past: usize) -> bool {
        let text = self.text;
        let particle = |k: usize| {
            crate::clauses::PREPOSITIONS.contains(&text.low(k))
                || matches!(text.low(k), "up" | "off" | "back" | "out")
        };
        past < seg.end
            && !particle(past)
            && (past + 1..(past + 6).min(seg.end))
                .take_while(|&k| !matches!(text.raw(k), "," | ";" | ":") && !particle(k))
                .any(|k| {
                    matches!(
                        text.low(k),
                        "a" | "an" | "\"" | "\u{201c}" | "'" | "\u{2018}"
                    )
                })
    }

    /// An actor an event can name: coded, and not a role with no country or body said.
    fn codable(&self, actor: ActorId) -> bool {
        let a = &self.cast.actors[actor];
        let generic = a.kind == ActorKind::Agent && a.affiliation.is_none();
        !a.code.is_empty() && !generic
    }

    /// A verb of a PETRARCH verb block, coded by the pattern that matched around it.
    fn code_match(&self, s: usize, seg: &Segment, m: &VerbMatch, out: &mut Vec<Found>) {
        // `[:173]`: only the reverse event, the target acting on the source.
        let (code, paired, reverse) = match (m.codes.code.as_deref(), m.codes.paired.as_deref()) {
            (Some(code), paired) => (code, paired, false),
            (None, Some(paired)) => (paired, None, true),
            (None, None) => return,
        };
        let text = self.text;
        let head = m.first;
        if (m.first..m.past).any(|k| self.cast.covers(k))
            || self.nominal(seg, head)
            || self.devices().names_at(seg, head)
        {
            return;
        }
        let form = text.low(head);
        if m.words == 0 && reports_only(form) {
            return;
        }
        // "called the plan a mistake", "called Gondor \"a threat\"": naming, not a call.
        if m.words == 0 && m.lemma == "call" && self.naming(seg, m.past) {
            return;
        }
        // "agreed to resume talks": the infinitive codes the intention; the verb alone would
        // code it twice.
        if m.words == 0
            && intent(form).is_some()
            && text.is(m.past, "to")
            && self.lexicon.is_verb_form(text.low(m.past + 1))
        {
            return;
        }
        let reader = Reader {
            text,
            cast: self.cast,
        };
        // A pattern that names the words before its verb has read the infinitive itself.
        let control = if m.start < m.first {
            Control::default()
        } else {
            let Some(control) = self.infinitive(seg, head) else {
                return;
            };
            control
        };
        // "agreed to resume talks": the agreement is the event, an intent to negotiate, and
        // it is not mutual even where the talks would be.
        let stated = control
            .intent
            .and_then(|(i, at)| Some((intended(code, i)?, at)));
        let (code, paired) = match stated {
            Some((stated, _)) => (stated, None),
            None => (code, paired),
        };
        let hypothetical = control.hedged && stated.is_none();
        let passive = form != m.lemma
            && !form.ends_with("ing")
            && !form.ends_with('s')
            && (head.saturating_sub(3).max(seg.first)..head).any(|k| BE.contains(&text.low(k)))
            && !(head.saturating_sub(3).max(seg.first)..head).any(|k| text.is(k, "to"));
        let mut subject = reader.subject(seg, head);
        if let Some(possessor) = control.possessor {
            subject.actors = possessor;
        }
        let mention = |first: usize| {
            self.cast
                .starting_at(first)
                .map(|m| reader.coordinated(m, seg))
        };
        let compound = m.compound.and_then(|at| Some((at, mention(at)?)));
        let (sources, targets) = if let Some((at, compound)) = compound {
            if at < m.first {
                // "% *": the compound's members act on each other.
                (compound.clone(), compound)
            } else {
                // "* with %": the subject acts on each member.
                (subject.actors.clone(), compound)
            }
        } else if passive && m.source.is_none() {
            let by = self.passive_by(seg, m.end);
            let agents = by.map(|b| reader.object(seg, b + 1, 3)).unwrap_or_default();
            (agents, subject.actors.clone())
        } else {
            let sources = m
                .source
                .and_then(mention)
                .unwrap_or_else(|| subject.actors.clone());
            let targets = m
                .target
                .and_then(mention)
                .unwrap_or_else(|| self.target_after(&reader, seg, m.past));
            (sources, targets)
        };
        let sources: Vec<ActorId> = sources.into_iter().filter(|&a| self.codable(a)).collect();
        let targets: Vec<ActorId> = targets.into_iter().filter(|&a| self.codable(a)).collect();
        let bombing = (!reverse && m.source.is_none())
            .then(|| self.bombing(seg, head, m.end, passive, &sources, code))
            .flatten();
        let (sources, code) = match &bombing {
            Some(b) => (b.by.clone(), b.code),
            None => (sources, code),
        };
        // "A bomb exploded near the ministry": where a bomb went off is its scene.
        let mut targets = targets;
        if bombing.is_some() {
            targets.retain(|&t| !self.placed(seg, m.past, t));
        }
        let one_way = !targets.is_empty();
        let targets = self.mutual(code, &sources, targets);
        let at_scene = targets.is_empty() && !reverse && violent(code);
        if (sources.is_empty() && bombing.is_none())
            || (targets.is_empty() && !at_scene && stated.is_none())
        {
            return;
        }
        // Each direction of a mutual action is coded already.
        let paired = paired.filter(|_| one_way);
        let (sources, targets) = if reverse {
            (targets, sources)
        } else {
            (sources, targets)
        };
        let rule = m.origin.to_string();
        self.emit(
            Clause {
                s,
                seg,
                head,
                start: stated.map_or(m.start, |(_, at)| at),
                end: m.end.max(m.past),
                subject: &subject,
                sources,
                targets,
                hypothetical,
                code,
                paired,
                rule: &rule,
                at_scene,
                unattributed: bombing.is_some_and(|b| b.by.is_empty()),
            },
            out,
        );
    }

    /// The "by" that names a passive verb's agent, within a few words of the phrase's end.
    fn passive_by(&self, seg: &Segment, end: usize) -> Option<usize> {
        (end..(end + 3).min(seg.end)).find(|&k| self.text.is(k, "by"))
    }

    fn devices(&self) -> Devices<'a> {
        Devices {
            dict: self.dict,
            lexicon: self.lexicon,
            text: self.text,
            cast: self.cast,
            dateline: self.dateline,
        }
    }

    /// A bombing whose device the clause names as the doer of a violent verb: opening the
    /// clause ("A car bomb exploded …, killing"), or after a passive's "by" where no actor
    /// stands ("were killed by a roadside bomb"). Where the text says a state's forces set it
    /// off, the verb's own code stands.
    fn bombing(
        &self,
        seg: &Segment,
        head: usize,
        end: usize,
        passive: bool,
        sources: &[ActorId],
        code: &str,
    ) -> Option<Bombing<'a>> {
        if !matches!(code.get(..2), Some("18" | "19" | "20")) {
            return None;
        }
        let devices = self.devices();
        let bombing = if passive {
            let by = self.passive_by(seg, end)?;
            devices.agent(seg, by).filter(|_| sources.is_empty())?
        } else {
            devices.subject(seg, head)?
        };
        let by: Vec<ActorId> = bombing
            .by
            .into_iter()
            .filter(|&a| self.codable(a))
            .collect();
        let by_state = by.iter().any(|&a| armed(&self.cast.actors[a].code));
        (!by_state).then_some(Bombing {
            code: bombing.code,
            by,
        })
    }

    /// Whether the first mention of `actor` from token `from` stands after a locative word
    /// ("near the ministry", "outside the Indian embassy").
    fn placed(&self, seg: &Segment, from: usize, actor: ActorId) -> bool {
        let text = self.text;
        self.cast
            .within(from, seg.end)
            .find(|m| m.actor == actor)
            .is_some_and(|m| {
                let mut k = m.first;
                let article =
                    |k: usize| matches!(text.low(k), "the" | "a" | "an" | "its" | "their");
                while k > from && (article(k - 1) || text.adjective_like(k - 1)) {
                    k -= 1;
                }
                k > from && crate::affiliation::SCENES.contains(&text.low(k - 1))
            })
    }

    /// Whose people a violent act on people no actor names was done to: those of the place
    /// its sentence names, or, for a state's repression ("the junta banned gatherings"), the
    /// state's own; never the source's own code ("Iraq killed people in Iraq" says nothing).
    fn victims(
        &self,
        seg: &Segment,
        head: usize,
        source: Option<ActorId>,
        code: &str,
    ) -> Option<Victims> {
        let actor = source.map(|a| &self.cast.actors[a]);
        let known = |country: &str| {
            self.dict.countries.iter().any(|c| c.iso3 == country)
                && actor.is_none_or(|a| a.code != country)
        };
        let scene = Scene {
            head,
            source,
            target: None,
        }
        .find(self.text, seg, self.cast, self.places);
        if let Some(place) = scene.filter(|&p| known(&self.places[p].country)) {
            return Some(Victims {
                country: self.places[place].country.clone(),
                place: Some(place),
            });
        }
        let actor = actor?;
        let state = roles(&actor.code).any(|r| STATE_ROLES.contains(&r));
        let country = actor.country.as_deref().filter(|&c| known(c))?;
        (repression(code) && state).then(|| Victims {
            country: country.to_owned(),
            place: None,
        })
    }

    /// Events for every source and target of a coded clause, with negation, hedging and the
    /// claimant read from the clause around the verb.
    fn emit(&self, clause: Clause, out: &mut Vec<Found>) {
        let text = self.text;
        let Clause {
            s,
            seg,
            head,
            start,
            end,
            subject,
            sources,
            targets,
            mut hypothetical,
            code,
            paired,
            rule,
            at_scene,
            unattributed,
        } = clause;
        let reader = Reader {
            text,
            cast: self.cast,
        };
        let before = start.min(head);
        let asked_for = subject.clause_start > seg.first + 1
            && text.is(subject.clause_start - 1, "that")
            && (subject.clause_start.saturating_sub(4).max(seg.first)..subject.clause_start - 1)
                .any(|k| DEMANDS.contains(&text.low(k)));
        if asked_for {
            return;
        }
        let window = subject.clause_start.max(head.saturating_sub(6)).min(before)..before;
        // "Iran denied that it had sent weapons": the report itself is a denial.
        let denied = subject
            .speech_verb
            .is_some_and(|v| DENIALS.contains(&text.low(v)));
        let negated = denied
            || self.disputed(seg, subject.clause_start)
            || window
                .clone()
                .any(|k| NEGATIONS.contains(&text.low(k)) || DENIALS.contains(&text.low(k)));
        hypothetical |= (subject.clause_start.min(before)..before).any(|k| modal(text, k))
            || (floor(seg, head)..subject.clause_start)
                .chain(end..seg.end)
                .any(|k| text.is(k, "if") || text.is(k, "unless"));
        let start = text.tokens[head].start;
        let claimed_by = subject
            .speech_verb
            .and_then(|v| reader.subject(seg, v).actors.first().copied())
            .or_else(|| {
                let next = self.quoted.partition_point(|(span, _)| span.start <= start);
                next.checked_sub(1)
                    .map(|q| self.quoted[q])
                    .filter(|(span, _)| start < span.end)
                    .and_then(|(_, speaker)| speaker)
            });
        let trigger = Span::new(start, text.tokens[end - 1].end);
        let targets: Vec<Option<ActorId>> = if targets.is_empty() {
            vec![None]
        } else {
            targets.into_iter().map(Some).collect()
        };
        let sources: Vec<Option<ActorId>> = if unattributed {
            vec![None]
        } else {
            sources.into_iter().map(Some).collect()
        };
        for &source in &sources {
            for &target in &targets {
                // An actor acting on itself, or a leader on their own government, is no event.
                let same_code = source.zip(target).is_some_and(|(s, t)| {
                    let (a, b) = (&self.cast.actors[s].code, &self.cast.actors[t].code);
                    !a.is_empty() && a == b
                });
                if (source.is_some() && source == target) || same_code {
                    continue;
                }
                let victims = if at_scene {
                    match self.victims(seg, head, source, code) {
                        Some(victims) => Some(victims),
                        None => continue,
                    }
                } else {
                    None
                };
                let event = |source, target, code: &str| Found {
                    source,
                    target,
                    code: code.to_owned(),
                    negated,
                    hypothetical,
                    claimed_by: claimed_by.filter(|&c| Some(c) != source),
                    sentence: s,
                    trigger,
                    rule: rule.to_owned(),
                    victims: victims.clone(),
                };
                let actor = |a: ActorId| self.cast.actors[a].code.as_str();
                // "told reporters": the press is how a statement is made, not whom it is to.
                let to_press = target.is_some_and(|t| roles(actor(t)).any(|r| r == "MED"));
                if code.starts_with("01") && to_press {
                    continue;
                }
                let code = force_code(code, source.map_or("", actor), target.map(actor));
                out.push(event(source, target, code));
                if let (Some(paired), Some(t)) = (paired, target) {
                    out.push(event(Some(t), source, paired));
                }
            }
        }
    }
}
