//! Domain types the analyser produces. Offsets are UTF-8 byte offsets into the analysed
//! document (see [`compose`]); the service edge converts them to character offsets.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

/// The analysed document: the title, a blank line, then the body (the body alone without title).
pub fn compose(title: &str, body: &str) -> String {
    let title = title.trim();
    if title.is_empty() {
        body.to_owned()
    } else {
        format!("{title}\n\n{body}")
    }
}

/// Half-open byte range `[start, end)` into the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SentenceKind {
    Headline,
    #[default]
    Body,
    Caption,
    Credit,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Tone {
    /// positive% - negative%, -100..+100.
    pub tone: f64,
    pub positive: f64,
    pub negative: f64,
    pub polarity: f64,
    pub word_count: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub span: Span,
    pub kind: SentenceKind,
    pub tone: Tone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    Country,
    Person,
    Igo,
    Organization,
    Agent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    Name,
    Alias,
    Demonym,
    Metonym,
    Title,
    Surname,
    Pronoun,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub kind: MentionKind,
    pub sentence: usize,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// CAMEO-style code ("RUSGOV", "IGOUNO"); empty when uncodable.
    pub code: String,
    pub name: String,
    /// ISO 3166 alpha-3.
    pub country: Option<String>,
    pub role: String,
    pub kind: ActorKind,
    pub affiliation: Option<String>,
    /// How the country was known, when there is one.
    pub country_reason: Option<CountryReason>,
    pub mentions: Vec<Mention>,
}

/// Where an actor's country comes from: its own words, or the context a reader would use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountryReason {
    /// The phrase or the dictionary says it ("Israeli warplanes", "Vladimir Putin").
    Named,
    /// A place or country right after it ("police in Cairo").
    Nearby,
    /// The only country its sentence names.
    Sentence,
    /// The country the article is about.
    Article,
    /// The country of the actor its possessive points to ("Arafat ordered his police").
    Owner,
}

/// Index into [`Analysis::actors`].
pub type ActorId = usize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    Direct,
    Partial,
    Reported,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub text: String,
    pub speaker: Option<ActorId>,
    /// Lemma of the attribution verb ("say", "warn", "according to").
    pub verb: String,
    pub kind: QuoteKind,
    pub sentence: usize,
    pub span: Span,
    pub attribution: Option<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuadClass {
    VerbalCooperation = 1,
    MaterialCooperation = 2,
    VerbalConflict = 3,
    MaterialConflict = 4,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub source: Option<ActorId>,
    pub target: Option<ActorId>,
    pub code: String,
    pub root: String,
    pub label: String,
    /// `None` for a code the CAMEO codebook does not list (from a custom dictionary).
    pub quad_class: Option<QuadClass>,
    pub goldstein: f64,
    pub plover: String,
    pub negated: bool,
    pub hypothetical: bool,
    pub claimed_by: Option<ActorId>,
    pub date: Option<NaiveDate>,
    /// Index into [`Analysis::places`].
    pub place: Option<usize>,
    pub sentence: usize,
    pub trigger: Span,
    pub tone: f64,
    /// The dictionary entry that produced the event, `file:line`.
    pub rule: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub name: String,
    pub country: String,
    pub kind: String,
    pub latitude: f64,
    pub longitude: f64,
    pub sentence: usize,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateGranularity {
    Day,
    Week,
    Month,
    Year,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    /// First day of the period meant.
    pub resolved: NaiveDate,
    pub granularity: DateGranularity,
    pub sentence: usize,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    /// ISO 639-1 code of the language analysed.
    pub language: String,
    pub sentences: Vec<Sentence>,
    pub actors: Vec<Actor>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
    pub tone: Tone,
    pub dates: Vec<DateMention>,
    pub places: Vec<Place>,
    /// What [`Limits`] left out.
    pub dropped: Dropped,
}

/// Most actors, quotes and events one analysis keeps, so that no text, however written, makes
/// an unbounded record: what passes a cap is dropped and counted in [`Dropped`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub actors_per_article: usize,
    /// Distinct actors named in one sentence.
    pub actors_per_sentence: usize,
    pub quotes_per_article: usize,
    pub quotes_per_sentence: usize,
    pub events_per_article: usize,
    pub events_per_sentence: usize,
}

impl Limits {
    /// Far above what news prose yields (a busy article has a few dozen actors and events),
    /// far below what makes a record too large to pass between services.
    pub const DEFAULT: Limits = Limits {
        actors_per_article: 1000,
        actors_per_sentence: 50,
        quotes_per_article: 500,
        quotes_per_sentence: 20,
        events_per_article: 2000,
        events_per_sentence: 50,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// Items an analysis left out because of its [`Limits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dropped {
    pub actors: usize,
    pub quotes: usize,
    pub events: usize,
}

impl Analysis {
    /// Applies `limits`, first come first kept, and counts what goes. An actor goes with all its
    /// mentions once none is left, and then so does every quote and event that names it, rather
    /// than keep them with a party silently missing.
    pub fn cap(&mut self, limits: &Limits) {
        // Per sentence, the actors in order of id, which is the order they were found in.
        let mut named: HashMap<usize, usize> = HashMap::new();
        let mut seen: HashSet<(usize, ActorId)> = HashSet::new();
        let mut kept: Vec<Option<ActorId>> = Vec::with_capacity(self.actors.len());
        let mut actors = Vec::with_capacity(self.actors.len());
        for (id, mut actor) in std::mem::take(&mut self.actors).into_iter().enumerate() {
            let had_mentions = !actor.mentions.is_empty();
            actor.mentions.retain(|m| {
                if seen.contains(&(m.sentence, id)) {
                    return true;
                }
                let count = named.entry(m.sentence).or_default();
                if *count >= limits.actors_per_sentence {
                    return false;
                }
                *count += 1;
                seen.insert((m.sentence, id));
                true
            });
            if (had_mentions && actor.mentions.is_empty())
                || actors.len() >= limits.actors_per_article
            {
                self.dropped.actors += 1;
                kept.push(None);
            } else {
                kept.push(Some(actors.len()));
                actors.push(actor);
            }
        }
        self.actors = actors;
        // `None` when the actor was dropped, `Some(None)` when there was no actor.
        let remap = |id: Option<ActorId>| match id {
            Some(id) => kept.get(id).copied().flatten().map(Some),
            None => Some(None),
        };

        let mut per_sentence: HashMap<usize, usize> = HashMap::new();
        let before = self.quotes.len();
        self.quotes.retain_mut(|q| {
            let Some(speaker) = remap(q.speaker) else {
                return false;
            };
            q.speaker = speaker;
            within(&mut per_sentence, q.sentence, limits.quotes_per_sentence)
        });
        self.quotes.truncate(limits.quotes_per_article);
        self.dropped.quotes += before - self.quotes.len();

        per_sentence.clear();
        let before = self.events.len();
        self.events.retain_mut(|e| {
            let (Some(source), Some(target), Some(claimed_by)) =
                (remap(e.source), remap(e.target), remap(e.claimed_by))
            else {
                return false;
            };
            (e.source, e.target, e.claimed_by) = (source, target, claimed_by);
            within(&mut per_sentence, e.sentence, limits.events_per_sentence)
        });
        self.events.truncate(limits.events_per_article);
        self.dropped.events += before - self.events.len();
    }
}

/// Counts one more item of `sentence`; false once it has `cap`.
fn within(counts: &mut HashMap<usize, usize>, sentence: usize, cap: usize) -> bool {
    let count = counts.entry(sentence).or_default();
    *count += 1;
    *count <= cap
}
