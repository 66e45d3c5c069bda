//! Tokens with byte offsets, sentence boundaries that survive abbreviations and quotes, and the
//! headline / caption / credit distinction that keeps photo furniture out of the analysis.

use crate::model::{SentenceKind, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// A line break precedes the token: lines are hard sentence boundaries in plain-text bodies.
    pub line_break: bool,
}

/// The document with its ASCII-lowercased twin (same byte offsets) and its tokens.
pub struct Text<'a> {
    pub doc: &'a str,
    pub lower: String,
    pub tokens: Vec<Token>,
}

impl<'a> Text<'a> {
    pub fn new(doc: &'a str) -> Self {
        let mut tokens = Vec::with_capacity(doc.len() / 5);
        tokenize(doc, &mut tokens);
        Text {
            doc,
            lower: doc.to_ascii_lowercase(),
            tokens,
        }
    }

    /// The token as written; empty past the end, so look-ahead needs no bounds checks.
    pub fn raw(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| &self.doc[t.start..t.end])
    }

    /// The token ASCII-lowercased; empty past the end.
    pub fn low(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .map_or("", |t| &self.lower[t.start..t.end])
    }

    pub fn is(&self, i: usize, word: &str) -> bool {
        self.low(i) == word
    }

    /// A lowercase word that reads as an adjective: a common one, or one with an adjective's
    /// ending ("formal", "massive", "besieged"). A guess without a tagger, used only to step
    /// over modifiers between a determiner and its noun.
    pub fn adjective_like(&self, i: usize) -> bool {
        const COMMON: &[&str] = &[
            "brief",
            "full",
            "new",
            "old",
            "first",
            "second",
            "third",
            "last",
            "major",
            "minor",
            "joint",
            "further",
            "recent",
            "early",
            "late",
            "high",
            "low",
            "big",
            "small",
            "great",
            "good",
            "bad",
            "evil",
            "awful",
            "cool",
            "real",
            "senior",
            "junior",
            "former",
            "top",
            "chief",
            "main",
            "key",
            "fresh",
            "long",
            "short",
            "large",
            "strong",
            "private",
            "deadly",
            "heavy",
            "rare",
            "fierce",
            "tough",
            "warm",
            "close",
            "rival",
            "besieged",
            "embattled",
        ];
        const ENDINGS: &[&str] = &[
            "al", "ive", "ous", "ic", "ful", "less", "ary", "ible", "able", "ese", "ern",
        ];
        /// Verbs with those endings ("appeal", "receive").
        const VERBS: &[&str] = &["eal", "rive", "ceive", "vive", "prive", "give", "live"];
        let Some(token) = self.tokens.get(i) else {
            return false;
        };
        let word = self.low(i);
        token.kind == TokenKind::Word
            && !self.capitalized(i)
            && word.len() > 2
            && (COMMON.contains(&word)
                || (ENDINGS.iter().any(|e| word.ends_with(e))
                    && !VERBS.iter().any(|v| word.ends_with(v))))
    }

    pub fn capitalized(&self, i: usize) -> bool {
        self.raw(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// The token whose span contains or starts at byte `offset` (the first at or after it).
    pub fn token_at(&self, offset: usize) -> usize {
        self.tokens.partition_point(|t| t.end <= offset)
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Length of the clitic letters after an apostrophe at `start` that follows a word.
fn clitic(doc: &str, start: usize, c: char) -> Option<usize> {
    if !is_apostrophe(c)
        || !doc[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let rest = &doc[start + c.len_utf8()..];
    let len = rest
        .find(|l: char| !l.is_alphabetic())
        .unwrap_or(rest.len());
    matches!(&rest[..len], "s" | "S" | "re" | "ve" | "ll" | "d" | "m").then_some(len)
}

/// Whether `rest` opens with a word that ties a hyphenated name to what follows it: "led",
/// "based" ("the Saudi-led coalition", "Pakistan-based militants").
pub fn affix_at(rest: &str) -> bool {
    ["led", "based"].iter().any(|a| {
        rest.get(..a.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(a))
            && !rest[a.len()..].starts_with(|c: char| c.is_alphanumeric())
    })
}

fn tokenize(doc: &str, out: &mut Vec<Token>) {
    let bytes = doc.as_bytes();
    let char_at = |i: usize| doc[i..].chars().next();
    let mut i = 0;
    let mut line_break = false;
    while i < doc.len() {
        let c = char_at(i).unwrap_or(' ');
        if c.is_whitespace() {
            line_break |= c == '\n';
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let kind;
        if c.is_alphanumeric() {
            kind = if c.is_ascii_digit() {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            // Dotted abbreviations such as "U.S." or "D.P.R.K." stay one token.
            if c.is_alphabetic()
                && bytes.get(i + c.len_utf8()) == Some(&b'.')
                && char_at(i + c.len_utf8() + 1).is_some_and(char::is_alphabetic)
                && bytes.get(i + c.len_utf8() + 2) == Some(&b'.')
            {
                let mut j = i;
                while let Some(l) = char_at(j).filter(|l| l.is_alphabetic())
                    && bytes.get(j + l.len_utf8()) == Some(&b'.')
                {
                    j += l.len_utf8() + 1;
                }
                out.push(Token {
                    start,
                    end: j,
                    kind,
                    line_break,
                });
                line_break = false;
                i = j;
                continue;
            }
            let mut j = i;
            loop {
                match char_at(j) {
                    Some(l) if l.is_alphanumeric() => j += l.len_utf8(),
                    // "Saudi-led", "Pakistan-based": the name stands apart, for the agent after.
                    Some('-') if c.is_uppercase() && affix_at(&doc[j + 1..]) => break,
                    // Joins "large-scale", "Tu-95", "2017-09-01", "1,000" and "3.5".
                    Some(s @ ('-' | ',' | '.'))
                        if j > start
                            && char_at(j + 1).is_some_and(|n| {
                                if s == '-' {
                                    n.is_alphanumeric()
                                } else {
                                    n.is_ascii_digit()
                                        && doc[start..j].chars().all(|d| d.is_ascii_digit())
                                }
                            }) =>
                    {
                        j += 1
                    }
                    _ => break,
                }
            }
            // "didn't" splits as "did" + "n't" so negation is one token.
            if let Some(a) = char_at(j).filter(|a| is_apostrophe(*a))
                && doc[start..j].ends_with('n')
                && doc[j + a.len_utf8()..].starts_with('t')
                && !char_at(j + a.len_utf8() + 1).is_some_and(char::is_alphanumeric)
                && j - 1 > start
            {
                out.push(Token {
                    start,
                    end: j - 1,
                    kind,
                    line_break,
                });
                out.push(Token {
                    start: j - 1,
                    end: j + a.len_utf8() + 1,
                    kind: TokenKind::Word,
                    line_break: false,
                });
                line_break = false;
                i = j + a.len_utf8() + 1;
                continue;
            }
            i = j;
        } else if let Some(len) = clitic(doc, start, c) {
            // "'s", "'re", "'ve" ... after a word are tokens of their own.
            kind = TokenKind::Word;
            i = start + c.len_utf8() + len;
        } else {
            kind = TokenKind::Punct;
            i += c.len_utf8();
        }
        out.push(Token {
            start,
            end: i,
            kind,
            line_break,
        });
        line_break = false;
    }
}

/// Words whose trailing period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "sgt", "capt", "cpt", "gov", "sen", "rep",
    "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "inc", "corp", "co", "ltd", "jr", "sr", "adm", "maj", "no", "vs", "mt", "ft", "rev", "amb",
    "pres", "gens", "cmdr", "brig", "est", "approx", "dept", "univ",
];

/// Words that start a new sentence even after a dotted abbreviation ("... the U.S. He said").
const SENTENCE_STARTERS: &[&str] = &[
    "the",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "but",
    "this",
    "that",
    "these",
    "those",
    "in",
    "on",
    "a",
    "an",
    "his",
    "her",
    "their",
    "its",
    "there",
    "however",
    "meanwhile",
    "yet",
    "and",
];

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "\u{201d}" | "\u{2019}" | "'" | ")" | "]")
}

fn is_opener(s: &str) -> bool {
    matches!(s, "\"" | "\u{201c}" | "\u{2018}" | "'" | "(" | "[")
}

/// A sentence as a token range plus its kind.
#[derive(Debug, Clone)]
pub struct Segment {
    pub first: usize,
    pub end: usize,
    pub kind: SentenceKind,
}

impl Segment {
    pub fn span(&self, text: &Text) -> Span {
        Span::new(text.tokens[self.first].start, text.tokens[self.end - 1].end)
    }
}

/// Splits into sentences; the first `title_len` bytes form the headline.
pub fn segment(text: &Text, title_len: usize) -> Vec<Segment> {
    let tokens = &text.tokens;
    let mut out = Vec::new();
    let mut first = 0;
    let mut i = 0;
    while i < tokens.len() {
        let in_title = tokens[i].start < title_len;
        let next_in_title = i + 1 < tokens.len() && tokens[i + 1].start < title_len;
        let mut cut =
            i + 1 >= tokens.len() || tokens[i + 1].line_break || (in_title && !next_in_title);
        if !cut && !in_title && matches!(text.raw(i), "." | "!" | "?") && !abbreviation_dot(text, i)
        {
            let mut j = i + 1;
            while j < tokens.len() && tokens[j].start == tokens[j - 1].end && is_closer(text.raw(j))
            {
                j += 1;
            }
            if j >= tokens.len() || tokens[j].line_break || starts_sentence(text, j) {
                i = j - 1;
                cut = true;
            }
        } else if !cut
            && !in_title
            && text.raw(i).ends_with('.')
            && text.raw(i).len() > 2
            && text.tokens[i].kind == TokenKind::Word
        {
            // "U.S." ends a sentence only before an obvious sentence opener.
            cut = SENTENCE_STARTERS.contains(&text.low(i + 1)) && text.capitalized(i + 1);
        }
        if cut {
            out.push(Segment {
                first,
                end: i + 1,
                kind: if in_title {
                    SentenceKind::Headline
                } else {
                    SentenceKind::Body
                },
            });
            first = i + 1;
        }
        i += 1;
    }
    classify_furniture(text, &mut out);
    out
}

fn abbreviation_dot(text: &Text, dot: usize) -> bool {
    if dot == 0 || text.raw(dot) != "." || text.tokens[dot - 1].end != text.tokens[dot].start {
        return false;
    }
    let prev = text.raw(dot - 1);
    let single_initial = prev.chars().count() == 1 && prev.chars().all(char::is_uppercase);
    single_initial || ABBREVIATIONS.contains(&text.low(dot - 1))
}

fn starts_sentence(text: &Text, i: usize) -> bool {
    let raw = text.raw(i);
    let c = raw.chars().next().unwrap_or(' ');
    c.is_uppercase() || c.is_ascii_digit() || (is_opener(raw) && raw != "(")
}

const AGENCIES: &[&str] = &[
    "afp",
    "reuters",
    "ap",
    "epa",
    "getty",
    "images",
    "xinhua",
    "tass",
    "sputnik",
    "yonhap",
    "bloomberg",
    "shutterstock",
    "anadolu",
    "kcna",
    "ria",
    "novosti",
    "efe",
    "ansa",
    "dpa",
    "pool",
    "handout",
];

const CREDIT_OPENERS: &[&str] = &[
    "photo",
    "photos",
    "photograph",
    "image",
    "picture",
    "credit",
    "credits",
    "illustration",
    "video",
];

fn is_credit(text: &Text, seg: &Segment) -> bool {
    let words = (seg.first..seg.end)
        .filter(|&i| text.tokens[i].kind != TokenKind::Punct)
        .count();
    let mut first = seg.first;
    if text.raw(first) == "(" {
        first += 1;
    }
    if first + 1 < seg.end
        && CREDIT_OPENERS.contains(&text.low(first))
        && matches!(text.raw(first + 1), ":" | "/")
    {
        return true;
    }
    let has_slash = (seg.first..seg.end).any(|i| text.raw(i) == "/");
    let last_word = (seg.first..seg.end)
        .rev()
        .find(|&i| text.tokens[i].kind != TokenKind::Punct);
    let ends_with_agency = last_word.is_some_and(|i| AGENCIES.contains(&text.low(i)));
    let terminal = matches!(text.raw(seg.end - 1), "." | "!" | "?");
    words <= 12 && !terminal && (has_slash || ends_with_agency)
}

/// Credits become `Credit`; other sentences on a credit's line, and a short unpunctuated line
/// just above it, are the photo's caption.
fn classify_furniture(text: &Text, segments: &mut [Segment]) {
    for s in 0..segments.len() {
        if segments[s].kind != SentenceKind::Body || !is_credit(text, &segments[s]) {
            continue;
        }
        segments[s].kind = SentenceKind::Credit;
        let mut k = s;
        while !text.tokens[segments[k].first].line_break && k > 0 {
            k -= 1;
            if segments[k].kind == SentenceKind::Body {
                segments[k].kind = SentenceKind::Caption;
            }
        }
        if k > 0 {
            let above = &segments[k - 1];
            let words = above.end - above.first;
            let terminal = matches!(text.raw(above.end - 1), "." | "!" | "?" | "\"" | "\u{201d}");
            if above.kind == SentenceKind::Body && words <= 8 && !terminal {
                segments[k - 1].kind = SentenceKind::Caption;
            }
        }
    }
}

/// Most tokens a dateline takes before its dash: "Ankara, Turkey, Oct. 24 (AP) --".
const DATELINE_TOKENS: usize = 16;

/// The dateline opening the body, as tokens `[first, past)` up to and with its dash:
/// "JERUSALEM (Reuters) -", "Ankara, Turkey, Oct. 24 (AP) --". It says where the story was
/// filed, and names no one acting.
pub fn dateline(text: &Text, segments: &[Segment]) -> Option<(usize, usize)> {
    let body = segments.iter().find(|s| s.kind != SentenceKind::Headline)?;
    let first = body.first;
    if !text.capitalized(first) || text.tokens[first].kind != TokenKind::Word {
        return None;
    }
    // A place in capitals, or a capitalised one followed by its comma or agency.
    let shouted = text
        .raw(first)
        .chars()
        .filter(|c| c.is_alphabetic())
        .count()
        > 1
        && !text.raw(first).chars().any(char::is_lowercase);
    let mut in_parens = false;
    let last = (first + DATELINE_TOKENS).min(body.end);
    for k in first + 1..last {
        let raw = text.raw(k);
        match raw {
            "-" | "--" | "\u{2013}" | "\u{2014}" => {
                let qualified = matches!(text.raw(first + 1), "," | "(");
                return (shouted || qualified).then_some((first, k + 1));
            }
            "(" => in_parens = true,
            ")" => in_parens = false,
            "," | "." | "/" => {}
            _ if text.tokens[k].kind == TokenKind::Number => {}
            _ if in_parens || text.capitalized(k) => {}
            _ => return None,
        }
    }
    None
}
