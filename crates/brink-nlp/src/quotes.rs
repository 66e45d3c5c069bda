//! Direct, partial and reported quotes with their speakers and attribution spans.

use crate::actors::{Cast, MentionAt, sentence_of};
use crate::clauses::{Reader, floor, time_adverbial};
use crate::events::DETERMINERS;
use crate::model::{ActorKind, Quote, QuoteKind, SentenceKind, Span};
use crate::text::{Segment, Text, TokenKind};

/// Verbs that frame a partial quote as the subject's words ("called the plan \"a dead end\"").
fn naming_verb(word: &str) -> Option<&'static str> {
    Some(match word {
        "call" | "calls" | "called" => "call",
        "describe" | "describes" | "described" => "describe",
        "term" | "terms" | "termed" => "term",
        "dub" | "dubs" | "dubbed" => "dub",
        "label" | "labels" | "labeled" | "labelled" => "label",
        "brand" | "brands" | "branded" => "brand",
        _ => return None,
    })
}

/// The lemma of the speech verb at token `i`. Capitalised words inside a body sentence are
/// names ("Secretary of State"), not verbs.
pub fn speech_verb(text: &Text, seg: &Segment, i: usize) -> Option<&'static str> {
    if text.capitalized(i) && i != seg.first && seg.kind != SentenceKind::Headline {
        return None;
    }
    if noun_after_determiner(text, seg, i) {
        return None;
    }
    is_speech_verb(text.low(i))
}

/// Verbs that attribute a quote right after it ("'…,' she recalled") but say too little
/// elsewhere to mark reported speech or a statement.
fn quoting_only(word: &str) -> Option<&'static str> {
    Some(match word {
        "recalled" | "recalls" => "recall",
        "shouted" | "shouts" => "shout",
        "yelled" | "yells" => "yell",
        "whispered" | "whispers" => "whisper",
        "recounted" | "recounts" => "recount",
        "joked" | "jokes" => "joke",
        "wondered" | "wonders" => "wonder",
        "mused" | "muses" => "muse",
        "sighed" | "sighs" => "sigh",
        _ => return None,
    })
}

/// The lemma of a verb attributing the quote it follows: a speech verb, or one that only
/// quotes ("recalled", "shouted").
fn quoting_verb(text: &Text, seg: &Segment, i: usize) -> Option<&'static str> {
    speech_verb(text, seg, i).or_else(|| {
        (!text.capitalized(i) || seg.kind == SentenceKind::Headline)
            .then(|| quoting_only(text.low(i)))
            .flatten()
    })
}

/// "a peppery annual report", "the warning": a speech verb's form that is also a noun, after a
/// determiner (perhaps past an adjective), is the noun.
fn noun_after_determiner(text: &Text, seg: &Segment, i: usize) -> bool {
    const NOUN_FORMS: &[&str] = &[
        "report",
        "reports",
        "claim",
        "claims",
        "note",
        "notes",
        "comment",
        "promise",
        "promises",
        "warning",
        "vow",
        "vows",
        "reply",
        "statement",
        "tweet",
        "tweets",
        "writing",
        "saying",
    ];
    if !NOUN_FORMS.contains(&text.low(i)) || i == seg.first {
        return false;
    }
    let adjective = |k: usize| {
        let w = text.low(k);
        ["al", "ent", "est", "ic", "ive", "ous", "ed"]
            .iter()
            .any(|end| w.len() > 4 && w.ends_with(end))
    };
    DETERMINERS.contains(&text.low(i - 1))
        || (i >= seg.first + 2 && DETERMINERS.contains(&text.low(i - 2)) && adjective(i - 1))
        || (i >= seg.first + 3
            && DETERMINERS.contains(&text.low(i - 3))
            && !text.capitalized(i - 2)
            && adjective(i - 1))
}

/// The lemma of a speech verb form, if the word is one.
pub fn is_speech_verb(word: &str) -> Option<&'static str> {
    Some(match word {
        "say" | "says" | "said" | "saying" => "say",
        "tell" | "tells" | "told" | "telling" => "tell",
        "write" | "writes" | "wrote" | "writing" => "write",
        "add" | "adds" | "added" => "add",
        "warn" | "warns" | "warned" | "warning" => "warn",
        "note" | "notes" | "noted" => "note",
        "insist" | "insists" | "insisted" => "insist",
        "argue" | "argues" | "argued" => "argue",
        "claim" | "claims" | "claimed" => "claim",
        "state" | "states" | "stated" => "state",
        "declare" | "declares" | "declared" => "declare",
        "explain" | "explains" | "explained" => "explain",
        "stress" | "stresses" | "stressed" => "stress",
        "emphasize" | "emphasizes" | "emphasized" | "emphasise" | "emphasises" | "emphasised" => {
            "emphasize"
        }
        "announce" | "announces" | "announced" => "announce",
        "reply" | "replies" | "replied" => "reply",
        "respond" | "responds" | "responded" => "respond",
        "conclude" | "concludes" | "concluded" => "conclude",
        "ask" | "asks" | "asked" => "ask",
        "tweet" | "tweets" | "tweeted" => "tweet",
        "acknowledge" | "acknowledges" | "acknowledged" => "acknowledge",
        "admit" | "admits" | "admitted" => "admit",
        "predict" | "predicts" | "predicted" => "predict",
        "suggest" | "suggests" | "suggested" => "suggest",
        "complain" | "complains" | "complained" => "complain",
        "allege" | "alleges" | "alleged" => "allege",
        "assert" | "asserts" | "asserted" => "assert",
        "comment" | "commented" => "comment",
        "deny" | "denies" | "denied" => "deny",
        "vow" | "vows" | "vowed" => "vow",
        "promise" | "promises" | "promised" => "promise",
        "caution" | "cautions" | "cautioned" => "caution",
        "contend" | "contends" | "contended" => "contend",
        "report" | "reports" | "reported" => "report",
        // Past forms only: "remarks", "quips" and "boasts" are nouns as often.
        "remarked" => "remark",
        "observed" => "observe",
        "conceded" => "concede",
        "exclaimed" => "exclaim",
        "quipped" => "quip",
        "boasted" => "boast",
        _ => return None,
    })
}

/// What a straight double quote's neighbours say of it: `Some(true)` opens (` "word`,
/// `said: "`), `Some(false)` closes (`word"`, `" ,`, `" .`), `None` leaves it to the count.
fn straight_opens(text: &Text, i: usize) -> Option<bool> {
    let tokens = &text.tokens;
    let spaced_before = i == 0 || tokens[i - 1].end < tokens[i].start;
    let next = tokens.get(i + 1).filter(|t| !t.line_break);
    if !spaced_before {
        return Some(false);
    }
    if next.is_some_and(|_| matches!(text.raw(i + 1), "," | "." | ";" | "?" | "!" | ")")) {
        return Some(false);
    }
    if next.is_some_and(|t| t.start == tokens[i].end) {
        return Some(true);
    }
    (i > 0 && text.raw(i - 1) == ":").then_some(true)
}

/// `opening`: the straight double quote opens, by its neighbours or else by the count of those
/// before it in its paragraph, so a quote spaced on both sides (`he said " we will "`) pairs.
fn opens(text: &Text, i: usize, headline: bool, opening: bool) -> bool {
    let raw = text.raw(i);
    let spaced_before = i == 0 || text.tokens[i - 1].end < text.tokens[i].start;
    let tight_after = i + 1 < text.tokens.len() && text.tokens[i + 1].start == text.tokens[i].end;
    match raw {
        "\u{201c}" => true,
        "\"" => opening,
        "'" | "\u{2018}" => headline && spaced_before && tight_after,
        _ => false,
    }
}

fn closes(text: &Text, i: usize, open: &str) -> bool {
    let raw = text.raw(i);
    let tight_before = i > 0 && text.tokens[i - 1].end == text.tokens[i].start;
    match open {
        "\u{201c}" => raw == "\u{201d}" || (raw == "\"" && tight_before),
        "\"" => raw == "\"" || raw == "\u{201d}",
        _ => matches!(raw, "'" | "\u{2019}") && tight_before,
    }
}

const MAX_QUOTE_TOKENS: usize = 600;

/// Past "in a statement" and "on Thursday" after a speech verb, where the report begins.
pub fn past_circumstances(text: &Text, mut k: usize) -> usize {
    loop {
        if let Some(past) = time_adverbial(text, k) {
            k = past;
        } else if text.is(k, "in")
            && matches!(
                text.low(k + 1),
                "a" | "an" | "its" | "his" | "her" | "their"
            )
            && matches!(
                text.low(k + 2),
                "statement" | "interview" | "post" | "letter" | "briefing" | "speech" | "tweet"
            )
        {
            k += 3;
        } else {
            return k;
        }
    }
}

/// Auxiliaries that show an actor after a speech verb starts a clause ("said Tehran would").
const FINITE: &[&str] = &[
    "would", "will", "had", "has", "have", "was", "were", "is", "are", "could", "should", "might",
    "may", "must", "did", "can", "planned", "wanted", "intended",
];

/// A quoted stretch: the opening and closing mark tokens.
#[derive(Debug, Clone, Copy)]
pub struct Marks {
    pub open: usize,
    pub close: usize,
}

/// Pairs quotation marks within a paragraph (quotes may span several sentences).
pub fn marks(text: &Text, segments: &[Segment]) -> Vec<Marks> {
    let mut out = Vec::new();
    let mut i = 0;
    let n = text.tokens.len();
    // Per token: a straight double quote there opens. Outside a quote one opens unless its
    // neighbours say it closes, and a quote its neighbours place resets the count.
    let mut opening = Vec::with_capacity(n);
    let mut inside = false;
    for (k, token) in text.tokens.iter().enumerate() {
        if token.line_break {
            inside = false;
        }
        let open = text.raw(k) == "\"" && straight_opens(text, k).unwrap_or(!inside);
        opening.push(open);
        if text.raw(k) == "\"" {
            inside = open;
        }
    }
    while i < n {
        if text.tokens[i].kind != TokenKind::Punct {
            i += 1;
            continue;
        }
        let headline = segments[sentence_of(segments, i)].kind == SentenceKind::Headline;
        if !opens(text, i, headline, opening[i]) {
            i += 1;
            continue;
        }
        let open = text.raw(i);
        let mut j = i + 1;
        let mut found = None;
        // A quote is closed within its paragraph, and within a bounded reach.
        while j < n && j < i + MAX_QUOTE_TOKENS && !text.tokens[j].line_break {
            if closes(text, j, open) {
                found = Some(j);
                break;
            }
            j += 1;
        }
        match found {
            Some(close) if close > i + 1 => {
                out.push(Marks { open: i, close });
                i = close + 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// How far into a sentence a speech verb still opens it ("Mr. Carr, the chairman, said").
const OPENING_WORDS: usize = 8;

/// Most words a title before a speaker's name takes ("Deputy Prime Minister").
const TITLE_WORDS: usize = 5;

type Attribution = Option<(Option<usize>, &'static str, Span)>;

/// The first attribution that names a speaker, else the first found at all.
fn first_speaker(tries: &[&dyn Fn() -> Attribution]) -> Attribution {
    let mut fallback = None;
    for attempt in tries {
        match attempt() {
            Some(found) if found.0.is_some() => return Some(found),
            found => fallback = fallback.or(found),
        }
    }
    fallback
}

pub struct Quoter<'a> {
    pub text: &'a Text<'a>,
    pub segments: &'a [Segment],
    pub cast: &'a Cast,
}

impl Quoter<'_> {
    fn reader(&self) -> Reader<'_> {
        Reader {
            text: self.text,
            cast: self.cast,
        }
    }

    fn span(&self, first: usize, last: usize) -> Span {
        Span::new(self.text.tokens[first].start, self.text.tokens[last].end)
    }

    pub fn quotes(&self, marks: &[Marks]) -> Vec<Quote> {
        let text = self.text;
        let mut out = Vec::new();
        for m in marks {
            let s = sentence_of(self.segments, m.open + 1);
            let seg = &self.segments[s];
            if !matches!(seg.kind, SentenceKind::Body | SentenceKind::Headline) {
                continue;
            }
            let start = text.tokens[m.open].end;
            let end = text.tokens[m.close].start;
            let inner = text.doc[start..end].trim();
            let inner = inner.strip_suffix(',').unwrap_or(inner).trim_end();
            let leading = m.open == seg.first || matches!(text.raw(m.open - 1), ":" | ",");
            let kind = if leading && inner.chars().next().is_some_and(char::is_uppercase) {
                QuoteKind::Direct
            } else {
                QuoteKind::Partial
            };
            let attribution = if kind == QuoteKind::Direct && m.open == seg.first {
                first_speaker(&[&|| self.after(m), &|| self.before(m.open, seg)])
            } else {
                first_speaker(&[
                    &|| self.before(m.open, seg),
                    &|| self.after(m),
                    &|| self.naming(m.open, seg),
                    &|| self.closing(m, seg),
                ])
            };
            let (speaker, verb, attribution) = match attribution {
                Some((speaker, verb, span)) => (speaker, verb.to_owned(), Some(span)),
                None => (None, String::new(), None),
            };
            out.push(Quote {
                text: inner.to_owned(),
                speaker,
                verb,
                kind,
                sentence: s,
                span: Span::new(start, end),
                attribution,
            });
        }
        self.carry_over(&mut out);
        out
    }

    /// A quote with no attribution of its own continues the quote just before it, in its own
    /// or the previous sentence ("'…,' she said. '…'"); failing that, its speaker is named at
    /// the start of the next sentence ("'…' Carr said so at the hearing.").
    fn carry_over(&self, quotes: &mut [Quote]) {
        for i in 0..quotes.len() {
            let q = &quotes[i];
            if q.attribution.is_some() || self.segments[q.sentence].kind != SentenceKind::Body {
                continue;
            }
            let previous = i
                .checked_sub(1)
                .map(|p| &quotes[p])
                .filter(|p| p.speaker.is_some() && p.sentence + 1 >= q.sentence);
            let found = previous
                .map(|p| (p.speaker, p.verb.clone(), p.attribution))
                .or_else(|| {
                    let (speaker, verb, span) = self.opening_speaker(q.sentence + 1)?;
                    Some((speaker, verb.to_owned(), Some(span)))
                });
            if let Some((speaker, verb, attribution)) = found {
                let q = &mut quotes[i];
                (q.speaker, q.verb, q.attribution) = (speaker, verb, attribution);
            }
        }
    }

    /// The speaker of a speech verb among the first words of sentence `s`.
    fn opening_speaker(&self, s: usize) -> Attribution {
        let seg = self
            .segments
            .get(s)
            .filter(|g| g.kind == SentenceKind::Body)?;
        let verb = (seg.first..seg.end.min(seg.first + OPENING_WORDS))
            .find(|&v| speech_verb(self.text, seg, v).is_some())?;
        let lemma = speech_verb(self.text, seg, verb)?;
        let speaker = *self.reader().subject(seg, verb).actors.first()?;
        let from = self.cast.last_of(speaker, seg.first, verb)?;
        Some((Some(speaker), lemma, self.span(from, verb)))
    }

    /// The actor named from token `k`, past a determiner and a capitalised title no mention
    /// took ("the Prime Minister John Howard").
    fn named_from(&self, seg: &Segment, k: usize) -> Option<&MentionAt> {
        let text = self.text;
        for j in k..seg.end.min(k + TITLE_WORDS) {
            if let Some(m) = self.cast.starting_at(j) {
                return Some(m);
            }
            let title = text.tokens[j].kind == TokenKind::Word && text.capitalized(j);
            if !(title || (j == k && text.is(j, "the"))) {
                break;
            }
        }
        None
    }

    /// `"...," Name, title, wrote` / `"...," said Name` / `"...", according to Name`.
    fn after(&self, m: &Marks) -> Attribution {
        let text = self.text;
        let s = sentence_of(self.segments, m.close);
        let seg = &self.segments[s];
        let mut k = m.close + 1;
        if k < seg.end && text.raw(k) == "," {
            k += 1;
        }
        if k >= seg.end {
            return None;
        }
        if text.is(k, "according") && text.is(k + 1, "to") {
            let who = self
                .cast
                .starting_at(k + 2)
                .or_else(|| self.cast.starting_at(k + 3))?;
            return Some((Some(who.actor), "according to", self.span(k, who.past - 1)));
        }
        if let Some(lemma) = quoting_verb(text, seg, k) {
            let reader = self.reader();
            let who = self
                .named_from(seg, k + 1)
                .map(|m| reader.head_of(m, seg, seg.end))
                .or_else(|| reader.spokesperson_of(seg, k + 1, seg.end));
            let last = who.map_or(k, |w| w.past - 1);
            return Some((who.map(|w| w.actor), lemma, self.span(k, last)));
        }
        let reader = self.reader();
        let Some(who) = self
            .named_from(seg, k)
            .map(|m| reader.head_of(m, seg, seg.end))
        else {
            return self.described_person(seg, k);
        };
        let (verb, lemma) = (who.past..seg.end.min(who.past + 30))
            .take_while(|&v| !matches!(text.raw(v), "." | ";" | "\"" | "\u{201c}"))
            .find_map(|v| quoting_verb(text, seg, v).map(|lemma| (v, lemma)))?;
        Some((Some(who.actor), lemma, self.span(k, verb)))
    }

    /// `"...", board chairman Henry Bowden stated.`: a person named after a lowercase
    /// description, right before the speech verb.
    fn described_person(&self, seg: &Segment, k: usize) -> Attribution {
        let text = self.text;
        let who = (k..seg.end.min(k + TITLE_WORDS))
            .take_while(|&j| {
                self.cast.starting_at(j).is_some()
                    || (text.tokens[j].kind == TokenKind::Word && !text.capitalized(j))
            })
            .find_map(|j| self.cast.starting_at(j))
            .filter(|m| self.cast.actors[m.actor].kind == ActorKind::Person)?;
        let lemma = quoting_verb(text, seg, who.past)?;
        Some((Some(who.actor), lemma, self.span(k, who.past)))
    }

    /// `Name said: "..."` / `Name said the plan was "futile"` / `who warned X that ... "..."`.
    fn before(&self, open: usize, seg: &Segment) -> Attribution {
        let text = self.text;
        let verb = (floor(seg, open)..open).rev().find(|&v| {
            speech_verb(text, seg, v).is_some() || (text.is(v, "according") && text.is(v + 1, "to"))
        })?;
        if text.is(verb, "according") {
            let who = self
                .cast
                .starting_at(verb + 2)
                .or_else(|| self.cast.starting_at(verb + 3))?;
            return Some((
                Some(who.actor),
                "according to",
                self.span(verb, who.past - 1),
            ));
        }
        let lemma = speech_verb(text, seg, verb)?;
        let subject = self.reader().subject(seg, verb);
        let speaker = subject
            .actors
            .first()
            .copied()
            .or_else(|| self.cast.starting_at(verb + 1).map(|m| m.actor));
        let from = speaker
            .and_then(|s| self.cast.last_of(s, seg.first, verb))
            .unwrap_or(verb);
        Some((speaker, lemma, self.span(from, verb)))
    }

    /// `... conducted by "technicians with little wisdom" are endangering crops, Carl Hale,
    /// president of the society, said today.`: the speaker of a speech verb closing the
    /// sentence owns a quote earlier in it.
    fn closing(&self, m: &Marks, seg: &Segment) -> Attribution {
        let text = self.text;
        let mut end = seg.end;
        while end > m.close + 1 && text.tokens[end - 1].kind == TokenKind::Punct {
            end -= 1;
        }
        let (verb, lemma) = (m.close + 1..end)
            .rev()
            .take(4)
            .find_map(|v| speech_verb(text, seg, v).map(|lemma| (v, lemma)))?;
        if past_circumstances(text, verb + 1) < end {
            return None;
        }
        let speaker = *self.reader().subject(seg, verb).actors.first()?;
        let from = self.cast.last_of(speaker, m.close, verb)?;
        Some((Some(speaker), lemma, self.span(from, verb)))
    }

    /// `X called the plan "a dead end"`: the subject of a naming verb owns the words.
    fn naming(&self, open: usize, seg: &Segment) -> Attribution {
        let text = self.text;
        let verb = (floor(seg, open)..open)
            .rev()
            .find(|&v| naming_verb(text.low(v)).is_some())?;
        let lemma = naming_verb(text.low(verb))?;
        let subject = self.reader().subject(seg, verb);
        let speaker = *subject.actors.first()?;
        let from = self.cast.last_of(speaker, seg.first, verb)?;
        Some((Some(speaker), lemma, self.span(from, verb)))
    }

    /// "X happened, according to Y." / "According to Y, X happened.": Y's account of X.
    fn according_to(&self, s: usize, seg: &Segment) -> Option<Quote> {
        let text = self.text;
        let at = (seg.first..seg.end).find(|&k| text.is(k, "according") && text.is(k + 1, "to"))?;
        let who = self.cast.starting_at(at + 2).or_else(|| {
            self.cast
                .starting_at(at + 3)
                .filter(|_| text.is(at + 2, "the"))
        })?;
        let mut last = seg.end - 1;
        while last > seg.first && text.tokens[last].kind == TokenKind::Punct {
            last -= 1;
        }
        let (first, last) = if at == seg.first && text.raw(who.past) == "," {
            (who.past + 1, last)
        } else if at > seg.first + 1 && text.raw(at - 1) == "," && who.past > last {
            (seg.first, at - 2)
        } else {
            return None;
        };
        if last < first {
            return None;
        }
        let span = self.span(first, last);
        Some(Quote {
            text: text.doc[span.start..span.end].to_owned(),
            speaker: Some(who.actor),
            verb: "according to".to_owned(),
            kind: QuoteKind::Reported,
            sentence: s,
            span,
            attribution: Some(self.span(at, who.past - 1)),
        })
    }

    /// Reported speech without quotation marks: "Putin warned that ...", "Russia said it ...".
    pub fn reported(&self, marks: &[Marks]) -> Vec<Quote> {
        let text = self.text;
        let mut out = Vec::new();
        for (s, seg) in self.segments.iter().enumerate() {
            if seg.kind != SentenceKind::Body {
                continue;
            }
            let after = marks.partition_point(|m| m.close < seg.first);
            let quoted = marks.get(after).is_some_and(|m| m.open < seg.end);
            if quoted {
                continue;
            }
            if let Some(quote) = self.according_to(s, seg) {
                out.push(quote);
                continue;
            }
            let Some(verb) = (seg.first..seg.end).find(|&v| speech_verb(text, seg, v).is_some())
            else {
                continue;
            };
            let lemma = speech_verb(text, seg, verb).unwrap_or("say");
            let mut k = verb + 1;
            if let Some(obj) = self
                .cast
                .starting_at(k)
                .filter(|_| matches!(lemma, "tell" | "warn"))
            {
                k = obj.past;
            }
            k = past_circumstances(text, k);
            // "said that ...", "said it ...", "said Tehran would ..."
            let actor_clause = self
                .cast
                .starting_at(k)
                .is_some_and(|m| FINITE.contains(&text.low(m.past)));
            let complement = if text.is(k, "that") {
                k + 1
            } else if matches!(text.low(k), "it" | "he" | "she" | "they" | "we") || actor_clause {
                k
            } else {
                continue;
            };
            let subject = self.reader().subject(seg, verb);
            let Some(&speaker) = subject.actors.first() else {
                continue;
            };
            let mut last = seg.end - 1;
            while last > complement && text.tokens[last].kind == TokenKind::Punct {
                last -= 1;
            }
            if last < complement {
                continue;
            }
            let span = self.span(complement, last);
            let from = self.cast.last_of(speaker, seg.first, verb).unwrap_or(verb);
            out.push(Quote {
                text: text.doc[span.start..span.end].to_owned(),
                speaker: Some(speaker),
                verb: lemma.to_owned(),
                kind: QuoteKind::Reported,
                sentence: s,
                span,
                attribution: Some(self.span(from, verb)),
            });
        }
        out
    }
}
