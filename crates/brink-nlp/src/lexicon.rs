//! PETRARCH verb blocks compiled for matching: every form of every verb indexed by its head
//! word, and each block's patterns tried around a verb found in a sentence.

use std::collections::HashMap;

use crate::actors::Cast;
use crate::petrarch::{Codes, Item, Origin, VerbDictionary, VerbPattern, british_forms};
use crate::text::{Segment, Text, TokenKind};

/// Most words a loose join in a pattern may skip ("ties" … "with": "full diplomatic ties").
const GAP: usize = 6;
/// Most words a `^` may skip as one noun phrase.
const SKIP: usize = 4;

pub struct Lexicon {
    dict: VerbDictionary,
    /// Head word form → indexes into `dict.verbs`.
    forms: HashMap<String, Vec<usize>>,
    /// Block → indexes into `dict.patterns`.
    patterns: Vec<Vec<usize>>,
    /// Pattern → for each of its word items, the first words of its alternatives (as ids in
    /// `vocabulary`): a pattern none of whose alternatives starts with a word of the sentence
    /// is not tried.
    anchors: Vec<Vec<Vec<u32>>>,
    /// Every anchor word, numbered.
    vocabulary: HashMap<String, u32>,
}

/// Which anchor words one sentence holds, plurals also as their singular ("talks" → "talk"),
/// so that patterns whose words are absent are skipped before any matching.
pub struct SentenceWords {
    bits: Vec<u64>,
    /// Pattern steps the sentence has left: a run-on "sentence" of a megabyte gets no more
    /// matching work than [`SENTENCE_STEPS`], after which its verbs take their own codes.
    budget: std::cell::Cell<usize>,
}

/// Most pattern steps one sentence may take, over all its verbs.
const SENTENCE_STEPS: usize = 200_000;

impl SentenceWords {
    pub fn of(lexicon: &Lexicon, text: &Text, seg: &Segment) -> SentenceWords {
        let mut bits = vec![0u64; lexicon.vocabulary.len().div_ceil(64)];
        for k in seg.first..seg.end {
            let word = text.low(k);
            let stems = ["es", "s"].map(|plural| word.strip_suffix(plural));
            for form in std::iter::once(Some(word)).chain(stems).flatten() {
                if let Some(&id) = lexicon.vocabulary.get(form) {
                    bits[id as usize / 64] |= 1 << (id % 64);
                }
            }
        }
        SentenceWords {
            bits,
            budget: std::cell::Cell::new(SENTENCE_STEPS),
        }
    }

    fn any_of(&self, anchors: &[u32]) -> bool {
        anchors
            .iter()
            .any(|&id| self.bits[id as usize / 64] & (1 << (id % 64)) != 0)
    }
}

/// A verb found in a sentence with the pattern (or the bare verb) that codes it.
pub struct VerbMatch<'a> {
    /// The verb's own tokens `[first, past)`.
    pub first: usize,
    pub past: usize,
    /// The first token and the token after the last one the pattern matched.
    pub start: usize,
    pub end: usize,
    /// Pattern words matched besides the verb: 0 for the bare verb.
    pub words: usize,
    pub codes: &'a Codes,
    pub origin: &'a Origin,
    /// The verb's lemma, to tell a participle ("attacked") from the base form.
    pub lemma: &'a str,
    /// First token of the actor mention at the pattern's `$`, `+`, `%`.
    pub source: Option<usize>,
    pub target: Option<usize>,
    pub compound: Option<usize>,
}

/// A pattern that matched: its index, the tokens it spans and what it bound.
type Fit = (usize, usize, usize, Bound);

/// Where matching stands: the next token to read and what the pattern has bound so far.
#[derive(Clone, Copy, Default)]
struct Bound {
    source: Option<usize>,
    target: Option<usize>,
    compound: Option<usize>,
    words: usize,
}

/// Nouns that cancel what follows them: "announced a suspension of attacks" is no attack.
const CESSATIONS: &[&str] = &[
    "suspension",
    "cessation",
    "halt",
    "end",
    "moratorium",
    "ban",
    "prevention",
    "renunciation",
];

/// A token a loose join may not skip: clause punctuation, clause openers, the words that
/// open an adverbial of time or cause ("detained students after the protest") and nouns that
/// cancel what follows.
fn stops_gap(text: &Text, k: usize) -> bool {
    (text.tokens[k].kind == TokenKind::Punct && text.raw(k) != "-")
        || CESSATIONS.contains(&text.low(k))
        || matches!(
            text.low(k),
            "that"
                | "which"
                | "who"
                | "whom"
                | "whose"
                | "after"
                | "before"
                | "during"
                | "following"
                | "since"
                | "until"
                | "while"
                | "because"
        )
}

/// Modals and the words that open a condition: what follows them has not happened.
const MODALS: &[&str] = &[
    "could", "would", "may", "might", "will", "shall", "should", "can", "'ll", "if", "unless",
    "must", "wo",
];

/// Whether token `k` is a modal: capitalised, "May" is a month and "Will" a name.
pub(crate) fn modal(text: &Text, k: usize) -> bool {
    let word = text.low(k);
    MODALS.contains(&word) && !(text.capitalized(k) && matches!(word, "may" | "will"))
}

/// After the verb, a modal starts a verb of its own: "said Gondor must arrest" is no
/// "said … arrest" (before it, "Gondor will be hosting" is the verb's own).
fn stops_gap_after_verb(text: &Text, k: usize) -> bool {
    stops_gap(text, k) || modal(text, k)
}

/// The word at `k` is `word`, or its regular plural ("asset" in "assets").
fn word_is(text: &Text, k: usize, word: &str) -> bool {
    let low = text.low(k);
    low == word
        || low
            .strip_prefix(word)
            .is_some_and(|rest| rest == "s" || rest == "es")
}

impl Lexicon {
    /// Whether `word` is a form of a dictionary verb.
    pub fn is_verb_form(&self, word: &str) -> bool {
        self.forms.contains_key(word)
    }

    pub fn compile(dict: VerbDictionary) -> Lexicon {
        let mut forms: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, verb) in dict.verbs.iter().enumerate() {
            let lemma = verb.forms.first().map_or("", String::as_str);
            let british = british_forms(lemma, &verb.forms);
            for form in verb.forms.iter().cloned().chain(british) {
                let list = forms.entry(form).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
        let mut patterns = vec![Vec::new(); dict.blocks.len()];
        for (i, p) in dict.patterns.iter().enumerate() {
            if let Some(list) = patterns.get_mut(p.block) {
                list.push(i);
            }
        }
        let mut vocabulary: HashMap<String, u32> = HashMap::new();
        let anchors = dict
            .patterns
            .iter()
            .map(|p| {
                p.items
                    .iter()
                    .filter_map(|item| match item {
                        Item::Words(alternatives) => {
                            let mut ids: Vec<u32> = alternatives
                                .iter()
                                .filter_map(|words| words.first())
                                .map(|word| {
                                    let next = vocabulary.len() as u32;
                                    *vocabulary.entry(word.clone()).or_insert(next)
                                })
                                .collect();
                            ids.sort_unstable();
                            ids.dedup();
                            Some(ids)
                        }
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        Lexicon {
            dict,
            forms,
            patterns,
            anchors,
            vocabulary,
        }
    }

    /// The most specific pattern of `block` that matches around the verb at `[first, past)`.
    fn best_pattern(
        &self,
        text: &Text,
        seg: &Segment,
        words: &SentenceWords,
        cast: &Cast,
        block: usize,
        verb: (usize, usize),
    ) -> Option<Fit> {
        self.patterns[block]
            .iter()
            .filter(|&&p| self.anchors[p].iter().all(|anchors| words.any_of(anchors)))
            .filter_map(|&p| {
                let pattern = &self.dict.patterns[p];
                matches(text, seg, words, cast, pattern, verb)
                    .map(|(start, end, bound)| (p, start, end, bound))
            })
            .max_by_key(|&(p, start, end, bound)| (bound.words, end - start, std::cmp::Reverse(p)))
    }

    /// The verb whose head is token `i`, with the most specific of its block's patterns that
    /// matches the sentence, else the verb's own code.
    pub fn at(
        &self,
        text: &Text,
        seg: &Segment,
        words: &SentenceWords,
        cast: &Cast,
        i: usize,
    ) -> Option<VerbMatch<'_>> {
        let candidates = self.forms.get(text.low(i))?;
        // Multi-word verbs ("cordon off") beat their one-word heads.
        let fit = |v: usize| {
            let verb = &self.dict.verbs[v];
            let first = i.checked_sub(verb.before.len())?;
            let past = i + 1 + verb.after.len();
            let fits = first >= seg.first
                && past <= seg.end
                && verb
                    .before
                    .iter()
                    .enumerate()
                    .all(|(n, w)| text.is(first + n, w))
                && verb
                    .after
                    .iter()
                    .enumerate()
                    .all(|(n, w)| text.is(i + 1 + n, w));
            fits.then_some((v, first, past))
        };
        let fitting = || candidates.iter().filter_map(|&v| fit(v));
        let longest = fitting().map(|(_, first, past)| past - first).max()?;
        // A verb listed in several blocks ("pull out": going somewhere, retreating) reads as
        // the block whose pattern fits best; with none fitting, as the first listed.
        let rank = |&(_, start, end, bound): &Fit| (bound.words, end - start);
        let mut chosen: Option<((usize, usize, usize), Option<Fit>)> = None;
        for (v, first, past) in fitting().filter(|&(_, f, p)| p - f == longest) {
            let block = self.dict.verbs[v].block;
            let found = self.best_pattern(text, seg, words, cast, block, (first, past));
            if chosen
                .as_ref()
                .is_none_or(|(_, current)| found.as_ref().map(rank) > current.as_ref().map(rank))
            {
                chosen = Some(((v, first, past), found));
            }
        }
        let ((verb, first, past), best) = chosen?;
        let block = self.dict.verbs[verb].block;
        let v = &self.dict.verbs[verb];
        let lemma = v.forms.first().map_or("", String::as_str);
        Some(match best {
            Some((p, start, end, bound)) => VerbMatch {
                first,
                past,
                start,
                end,
                words: bound.words,
                codes: &self.dict.patterns[p].codes,
                origin: &self.dict.patterns[p].origin,
                lemma,
                source: bound.source,
                target: bound.target,
                compound: bound.compound,
            },
            None => VerbMatch {
                first,
                past,
                start: first,
                end: past,
                words: 0,
                codes: v.codes.as_ref().unwrap_or(&self.dict.blocks[block].codes),
                origin: &v.origin,
                lemma,
                source: None,
                target: None,
                compound: None,
            },
        })
    }
}

/// Matches a pattern around the verb at `[first, past)`: the tokens it spans and what it
/// bound, taking its steps from the sentence's budget.
fn matches(
    text: &Text,
    seg: &Segment,
    words: &SentenceWords,
    cast: &Cast,
    pattern: &VerbPattern,
    (first, past): (usize, usize),
) -> Option<(usize, usize, Bound)> {
    let verb = pattern.items.iter().position(|i| *i == Item::Verb)?;
    let allowed = STEPS.min(words.budget.get());
    let reader = Reader {
        text,
        seg,
        cast,
        pattern,
        steps: std::cell::Cell::new(allowed),
    };
    let matched = reader
        .forward(verb + 1, past, Bound::default())
        .and_then(|(end, bound)| {
            reader
                .backward(verb, first, bound)
                .map(|(start, bound)| (start, end, bound))
        });
    words
        .budget
        .set(words.budget.get() - (allowed - reader.steps.get()));
    matched
}

/// Most steps one pattern may take around one verb: loose joins can be matched many ways,
/// and text built to repeat a pattern's words must not make that exponential.
const STEPS: usize = 2_000;

struct Reader<'a> {
    text: &'a Text<'a>,
    seg: &'a Segment,
    cast: &'a Cast,
    pattern: &'a VerbPattern,
    /// Steps left before the pattern is given up as not matching.
    steps: std::cell::Cell<usize>,
}

impl Reader<'_> {
    /// Takes one step; `false` once the budget is spent.
    fn step(&self) -> bool {
        let left = self.steps.get();
        self.steps.set(left.saturating_sub(1));
        left > 0
    }
}

impl Reader<'_> {
    /// Items `item..` read left to right from token `at`; returns the end token.
    fn forward(&self, item: usize, at: usize, bound: Bound) -> Option<(usize, Bound)> {
        let Some(it) = self.pattern.items.get(item) else {
            return Some((at, bound));
        };
        if !self.step() {
            return None;
        }
        let loose = !self.pattern.joined[item - 1];
        let reach = if loose { GAP } else { 0 };
        for skip in 0..=reach {
            let k = at + skip;
            if k > self.seg.end || (skip > 0 && stops_gap_after_verb(self.text, k - 1)) {
                break;
            }
            for (past, next) in self.take_forward(it, k, bound) {
                if let Some(done) = self.forward(item + 1, past, next) {
                    return Some(done);
                }
            }
        }
        None
    }

    /// Items `..item` read right to left, ending just before token `at`; returns the start.
    fn backward(&self, item: usize, at: usize, bound: Bound) -> Option<(usize, Bound)> {
        if item == 0 {
            return Some((at, bound));
        }
        if !self.step() {
            return None;
        }
        let it = &self.pattern.items[item - 1];
        let loose = !self.pattern.joined[item - 1];
        let reach = if loose { GAP } else { 0 };
        for skip in 0..=reach {
            let Some(k) = at.checked_sub(skip).filter(|&k| k >= self.seg.first) else {
                break;
            };
            if skip > 0 && stops_gap(self.text, k) {
                break;
            }
            for (first, next) in self.take_backward(it, k, bound) {
                if let Some(done) = self.backward(item - 1, first, next) {
                    return Some(done);
                }
            }
        }
        None
    }

    /// Ways `item` can match starting at token `k`: (token after it, bindings).
    fn take_forward(&self, item: &Item, k: usize, mut bound: Bound) -> Vec<(usize, Bound)> {
        let text = self.text;
        let end = self.seg.end;
        match item {
            Item::Verb => Vec::new(),
            // "telephoned Gondor on Friday" is no "* ON": a time adverbial is not the pattern's.
            Item::Words(_) if crate::clauses::time_adverbial(text, k).is_some() => Vec::new(),
            Item::Words(alternatives) => alternatives
                .iter()
                .filter(|words| {
                    k + words.len() <= end
                        && words
                            .iter()
                            .enumerate()
                            .all(|(n, w)| word_is(text, k + n, w))
                })
                .map(|words| {
                    let mut b = bound;
                    b.words += words.len();
                    (k + words.len(), b)
                })
                .collect(),
            Item::Source | Item::Target | Item::Compound => {
                let Some(m) = self.cast.starting_at(k).filter(|m| m.past <= end) else {
                    return Vec::new();
                };
                *self.slot(item, &mut bound) = Some(m.first);
                vec![(m.past, bound)]
            }
            Item::Skip => (1..=SKIP)
                .take_while(|&n| k + n <= end && text.tokens[k + n - 1].kind != TokenKind::Punct)
                .map(|n| (k + n, bound))
                .collect(),
        }
    }

    /// Ways `item` can match ending just before token `k`: (its first token, bindings).
    fn take_backward(&self, item: &Item, k: usize, mut bound: Bound) -> Vec<(usize, Bound)> {
        let text = self.text;
        let first = self.seg.first;
        match item {
            Item::Verb => Vec::new(),
            Item::Words(alternatives) => alternatives
                .iter()
                .filter(|words| {
                    k >= first + words.len()
                        && words
                            .iter()
                            .enumerate()
                            .all(|(n, w)| word_is(text, k - words.len() + n, w))
                })
                .map(|words| {
                    let mut b = bound;
                    b.words += words.len();
                    (k - words.len(), b)
                })
                .collect(),
            Item::Source | Item::Target | Item::Compound => {
                let Some(m) = self.cast.ending_at(k).filter(|m| m.first >= first) else {
                    return Vec::new();
                };
                *self.slot(item, &mut bound) = Some(m.first);
                vec![(m.first, bound)]
            }
            Item::Skip => (1..=SKIP)
                .take_while(|&n| k >= first + n && text.tokens[k - n].kind != TokenKind::Punct)
                .map(|n| (k - n, bound))
                .collect(),
        }
    }

    fn slot<'b>(&self, item: &Item, bound: &'b mut Bound) -> &'b mut Option<usize> {
        match item {
            Item::Source => &mut bound.source,
            Item::Target => &mut bound.target,
            _ => &mut bound.compound,
        }
    }
}
