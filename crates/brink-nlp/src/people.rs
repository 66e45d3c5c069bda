//! People and organisations missing from the dictionaries, found from capitalised names with a
//! title or an apposition, plus in-article coreference: surnames and he/she.

use crate::actors::{Cast, MentionAt, sentence_of};
use crate::clauses::floor;
use crate::dates::{month, weekday};
use crate::dictionary::{Dictionaries, Gender};
use crate::model::{Actor, ActorId, ActorKind, MentionKind, SentenceKind};
use crate::phrases::{Entry, Hit};
use crate::quotes::{Marks, is_speech_verb, speech_verb};
use crate::text::{Segment, Text, TokenKind};

/// Words that make a capitalised run an organisation.
/// Words that name a news outlet ("Sydney Morning Herald", "Channel Seven"): a source of
/// reports, coded as media, not an actor of its own.
const MEDIA_WORDS: &[&str] = &[
    "herald",
    "times",
    "post",
    "channel",
    "television",
    "tv",
    "radio",
    "news",
    "press",
    "journal",
    "gazette",
    "tribune",
    "telegraph",
    "guardian",
    "observer",
    "broadcasting",
    "newspaper",
    "daily",
    "presse",
    "reuters",
];

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

/// Words that make a capitalised run a place even when it opens with a given name.
const PLACE_WORDS: &[&str] = &[
    "street",
    "avenue",
    "road",
    "boulevard",
    "park",
    "square",
    "county",
    "city",
    "river",
    "lake",
    "island",
    "bridge",
    "hall",
    "building",
    "church",
    "hospital",
    "airport",
    "station",
    "stadium",
    "hotel",
    "beach",
    "mountain",
    "mountains",
    "valley",
    "bay",
    "heights",
    "harbor",
    "harbour",
    "field",
    "fields",
    "gardens",
    "memorial",
    "prize",
    "award",
    "cup",
    "trophy",
    "state",
    "blvd",
    "ave",
    "drive",
    "lane",
    "place",
    "terrace",
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

/// Title words that modify another rather than name an office ("former", "deputy").
const MODIFYING_TITLES: &[&str] = &[
    "senior",
    "former",
    "deputy",
    "vice",
    "general",
    "associate",
    "assistant",
];

/// Words of a title naming someone as the opposition ("opposition leader", "opposition party
/// chief"), read back from the name.
const OPPOSITION_TITLES: &[&str] = &[
    "opposition",
    "leader",
    "chief",
    "head",
    "figure",
    "politician",
    "lawmaker",
    "candidate",
    "spokesman",
    "spokeswoman",
    "party",
];

/// Titles that make a country's person its government's ("foreign minister").
const GOVERNMENT_TITLES: &[&str] = &[
    "minister",
    "president",
    "premier",
    "chancellor",
    "ambassador",
    "envoy",
    "diplomat",
];

/// Most words an apposition between a name and its speech verb takes.
const APPOSITION_WORDS: usize = 10;

/// Portfolios before a title ("Foreign Minister", "Cabinet Secretary") or a body ("Israel's
/// security cabinet", "the border police").
pub(crate) const PORTFOLIOS: &[&str] = &[
    "prime",
    "foreign",
    "defence",
    "defense",
    "interior",
    "home",
    "cabinet",
    "finance",
    "trade",
    "information",
    "justice",
    "health",
    "labour",
    "labor",
    "education",
    "agriculture",
    "energy",
    "oil",
    "economy",
    "security",
    "intelligence",
    "army",
    "military",
    "police",
    "party",
    "state",
    "transport",
    "environment",
    "commerce",
    "industry",
    "culture",
    "tourism",
    "fisheries",
    "immigration",
    "planning",
    "communications",
    "development",
    "treasury",
    "border",
    "riot",
    "coalition",
    "war",
    "inner",
];

/// Most capitalised words a name with its titles takes ("Palestinian Cabinet Secretary Ahmed
/// Abdel Rahman").
const MAX_TITLED_NAME: usize = 8;

/// Military ranks written before a name.
const RANKS: &[&str] = &[
    "colonel",
    "major",
    "captain",
    "lieutenant",
    "admiral",
    "sergeant",
    "brigadier",
    "marshal",
];

/// What the words before a name say about the person.
#[derive(Default)]
struct Described {
    /// A rank or head-of-state title precedes the name: evidence of a person by itself.
    titled: bool,
    role: String,
    country: Option<String>,
}

/// The body a person speaks or acts for.
struct Owner {
    name: String,
    country: Option<String>,
    code: String,
}

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
    "gov",
    "rev",
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

/// Words opening a description of a speaker ("the spokesman", "one official").
const DETERMINERS: &[&str] = &["the", "a", "an", "one", "another", "his", "her", "their"];

/// Adverbs between a speaker and the speech verb ("the jury further said").
const ADVERBS: &[&str] = &[
    "also", "further", "then", "later", "again", "once", "quickly",
];

/// How many sentences back "he said" may find its speaker.
const SPEAKER_REACH: usize = 12;

/// How many words a speaker's phrase may run to.
const SLOT_WORDS: usize = 6;

/// Compass words that cannot open a name alone but can open the name of a body.
const COMPASS: &[&str] = &["north", "south", "east", "west", "western", "eastern"];

const CONNECTORS: &[&str] = &["of", "for", "and", "the", "on"];
const PARTICLES: &[&str] = &[
    "al", "bin", "de", "van", "von", "der", "da", "la", "le", "ibn", "el",
];

fn cap_word(text: &Text, i: usize) -> bool {
    text.tokens[i].kind == TokenKind::Word && text.capitalized(i) && !text.raw(i).ends_with('.')
}

/// The dot of a middle initial inside a name ("Howard E. Simpson"): right after a single
/// capital letter and before another capitalised word.
fn initial(text: &Text, i: usize) -> bool {
    let single = |k: usize| {
        let mut chars = text.raw(k).chars();
        chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.next().is_none()
    };
    i > 0
        && i + 1 < text.tokens.len()
        && text.raw(i) == "."
        && text.tokens[i].start == text.tokens[i - 1].end
        && single(i - 1)
        && cap_word(text, i + 1)
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
    /// People and organisations named in the text, with their later surname mentions; then
    /// [`Finder::pronouns`] once every named mention is in.
    pub fn names(&self, cast: &mut Cast) {
        let text = self.text;
        let mut persons: Vec<(usize, String)> = Vec::new();
        for (s, seg) in self.segments.iter().enumerate() {
            if !matches!(seg.kind, SentenceKind::Body | SentenceKind::Caption) {
                continue;
            }
            let mut i = seg.first;
            while i < seg.end {
                if !cap_word(text, i)
                    || cast.covers(i)
                    || NOT_NAMES.contains(&text.low(i))
                    || weekday(text.low(i)).is_some()
                {
                    i += 1;
                    continue;
                }
                // "Said Leatherneck Shoup:": an inverted speech verb opens no name.
                let word = text.low(i);
                if is_speech_verb(word).is_some()
                    && (word.ends_with("ed") || matches!(word, "said" | "says" | "told"))
                {
                    i += 1;
                    continue;
                }
                let mut past = i + 1;
                let mut org = false;
                loop {
                    while past < seg.end
                        && (cap_word(text, past) || initial(text, past))
                        && !cast.covers(past)
                    {
                        org |= ORG_WORDS.contains(&text.low(past))
                            || MEDIA_WORDS.contains(&text.low(past));
                        past += 1;
                    }
                    // "West Bank on Wednesday": a date after "on" or "in" is no part of a name.
                    let dated = weekday(text.low(past + 1)).is_some()
                        || month(text.low(past + 1)).is_some();
                    let joins = past + 1 < seg.end
                        && (CONNECTORS.contains(&text.low(past))
                            || PARTICLES.contains(&text.low(past)))
                        && cap_word(text, past + 1)
                        && !dated
                        && !cast.covers(past + 1);
                    if joins {
                        past += 1;
                    } else {
                        break;
                    }
                }
                org |= ORG_WORDS.contains(&text.low(i)) || MEDIA_WORDS.contains(&text.low(i));
                // "Rep. Charles E. Hughes of Sherman": a person's name ends before "of".
                if !org
                    && let Some(cut) =
                        (i + 1..past).find(|&k| !cap_word(text, k) && !initial(text, k))
                    && (self.given_name(i) || self.honorific_before(seg, i).is_some())
                {
                    past = cut;
                }
                // "Eastern Theater Command": a compass word opens the name of a body.
                if org
                    && i > seg.first
                    && COMPASS.contains(&text.low(i - 1))
                    && cap_word(text, i - 1)
                    && !cast.covers(i - 1)
                {
                    i -= 1;
                }
                let words = past - i;
                // "the West Bank": a gazetteer place of several words is no body or person.
                // (Its gazetteer name may start with "the".)
                let from = self.hits.partition_point(|h| h.first + 1 < i);
                let place = words > 1
                    && self.hits[from..]
                        .iter()
                        .take_while(|h| h.first <= i)
                        .any(|h| {
                            h.first <= i
                                && h.past == past
                                && h.entries.iter().any(|e| matches!(e, Entry::Place(_)))
                        });
                if place {
                    i = past;
                    continue;
                }
                let start = text.tokens[i].start;
                let end = text.tokens[past - 1].end;
                let name = text.doc[start..end].to_owned();
                if org && words >= 2 {
                    let country = self.country_in(i, past);
                    let media = (i..past).any(|k| MEDIA_WORDS.contains(&text.low(k)));
                    let mut code = country.clone().unwrap_or_default();
                    if media {
                        code.push_str("MED");
                    }
                    let id = cast.actor((b'O', name.clone()), || Actor {
                        code,
                        name: name.clone(),
                        country,
                        role: String::new(),
                        kind: ActorKind::Organization,
                        affiliation: None,
                        country_reason: None,
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
                } else if words == 1
                    && let Some(title) = self.honorific_before(seg, i)
                {
                    // "Mr. Carr": the person already named with that surname, else a new one.
                    let known = persons.iter().find(|(_, surname)| surname == text.raw(i));
                    // Or a person the dictionaries named ("President Kennedy" … "Mr. Kennedy").
                    let named = cast.actors.iter().rposition(|a| {
                        a.kind == ActorKind::Person
                            && !a.code.is_empty()
                            && a.name.split_whitespace().last() == Some(text.raw(i))
                    });
                    let id = match known.map(|&(id, _)| id).or(named) {
                        Some(id) => id,
                        None => {
                            let name = text.doc[text.tokens[title].start..end].to_owned();
                            cast.actor((b'P', name.clone()), || Actor {
                                code: String::new(),
                                name,
                                country: None,
                                role: String::new(),
                                kind: ActorKind::Person,
                                affiliation: None,
                                country_reason: None,
                                mentions: Vec::new(),
                            })
                        }
                    };
                    cast.mention(
                        text,
                        MentionAt {
                            actor: id,
                            first: title,
                            past,
                            sentence: s,
                            kind: MentionKind::Name,
                        },
                    );
                    if known.is_none() {
                        persons.push((id, text.raw(i).to_owned()));
                    }
                } else if (2..=MAX_TITLED_NAME).contains(&words)
                    && let Some((first, described)) = self.person_name(seg, i, past)
                {
                    let name = text.doc[text.tokens[first].start..end].to_owned();
                    let owner = self.title_owner(cast, seg, i);
                    let (mut role, affiliation, country) = self.apposition(seg, past);
                    if role.is_empty() {
                        role = described.role.clone();
                    }
                    if role.is_empty()
                        && let Some(title) = self.title_noun_before(seg, i)
                    {
                        role = title.to_owned();
                    }
                    let country = country
                        .or(described.country)
                        .or_else(|| owner.as_ref().and_then(|o| o.country.clone()));
                    let mut code = owner
                        .as_ref()
                        .map(|o| o.code.clone())
                        .filter(|c| !c.is_empty())
                        .or_else(|| country.clone())
                        .unwrap_or_default();
                    // A country's minister or envoy is its government.
                    if code.len() == 3 && role.split(' ').any(|w| GOVERNMENT_TITLES.contains(&w)) {
                        code.push_str("GOV");
                    }
                    let affiliation = affiliation.or_else(|| owner.map(|o| o.name));
                    let id = cast.actor((b'P', name.clone()), || Actor {
                        code,
                        name: name.clone(),
                        country,
                        role,
                        kind: ActorKind::Person,
                        affiliation,
                        country_reason: None,
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
    }

    /// "Malian Colonel Abdoulaye Maiga": a leading demonym and titles describe the person
    /// rather than name them. Returns where the name starts, keeping at least two words.
    fn description(&self, first: usize, past: usize) -> (usize, Described) {
        let text = self.text;
        let mut described = Described::default();
        let mut titles: Vec<&str> = Vec::new();
        let mut k = first;
        while past - k > 2 {
            let low = text.low(k);
            let demonym = self.hit_at(k).and_then(|h| {
                h.entries.iter().find_map(|e| match *e {
                    Entry::Country {
                        index,
                        kind: MentionKind::Demonym,
                    } => Some(self.dict.countries[index].iso3.clone()),
                    _ => None,
                })
            });
            if let Some(iso3) = demonym {
                described.country.get_or_insert(iso3);
            } else if TITLES.contains(&low) || RANKS.contains(&low) {
                // A capitalised title right before a name makes it a person's ("Foreign
                // Minister Ahmed Rahman"); a lowercase one may be a description.
                described.titled |= RANKS.contains(&low) || HONORIFICS.contains(&low);
                described.titled |= text.capitalized(k) && !matches!(low, "former" | "senior");
                titles.push(low);
            } else if PORTFOLIOS.contains(&low) && k + 1 < past && TITLES.contains(&text.low(k + 1))
            {
                titles.push(low);
            } else {
                break;
            }
            k += 1;
        }
        described.role = titles.join(" ");
        (k, described)
    }

    /// The body whose officer a titled name is ("Kremlin spokesman Dmitry Peskov"): the
    /// mention ending right before the lowercase titles in front of the name at `first`.
    fn title_owner(&self, cast: &Cast, seg: &Segment, first: usize) -> Option<Owner> {
        let text = self.text;
        let mut k = first;
        while k > seg.first && first - k < 3 && TITLES.contains(&text.low(k - 1)) {
            k -= 1;
        }
        // "Norway's Foreign Minister Thorbjoern Jagland": the owner before a possessive.
        let possessive = k > seg.first && matches!(text.low(k - 1), "'s" | "\u{2019}s");
        if possessive {
            k -= 1;
        }
        if k == first {
            return None;
        }
        // Mentions found by this pass are not indexed yet: look at the latest few too.
        let m = cast
            .ending_at(k)
            .filter(|m| m.first >= seg.first)
            .or_else(|| {
                cast.mentions
                    .iter()
                    .rev()
                    .take(8)
                    .find(|m| m.past == k && m.first >= seg.first)
            });
        let Some(m) = m else {
            // A country whose title the name took is no mention of its own.
            let iso3 = self
                .country_in(k.saturating_sub(3).max(seg.first), k)
                .filter(|_| possessive)?;
            return Some(Owner {
                name: text.doc[text.tokens[k - 1].start..text.tokens[k - 1].end].to_owned(),
                country: Some(iso3.clone()),
                code: iso3,
            });
        };
        let actor = &cast.actors[m.actor];
        Some(Owner {
            name: text.doc[text.tokens[m.first].start..text.tokens[m.past - 1].end].to_owned(),
            country: actor.country.clone(),
            code: actor.code.clone(),
        })
    }

    /// The honorific ("Mr.", "Sen") right before the name at `first`, where it starts.
    fn honorific_before(&self, seg: &Segment, first: usize) -> Option<usize> {
        let text = self.text;
        let at = if first >= seg.first + 2 && text.raw(first - 1) == "." {
            first - 2
        } else {
            first.checked_sub(1).filter(|&k| k >= seg.first)?
        };
        HONORIFICS.contains(&text.low(at)).then_some(at)
    }

    /// Where a person's name in the capitalised run `[first, past)` starts, and what the
    /// words before it say: after titles and a demonym, or after one word of description
    /// before a given name ("Wingback Jack Collins").
    fn person_name(&self, seg: &Segment, first: usize, past: usize) -> Option<(usize, Described)> {
        let (start, mut described) = self.description(first, past);
        let person =
            described.titled || self.person_evidence(seg, first, past) || self.given_name(start);
        if person && (2..=4).contains(&(past - start)) {
            return Some((start, described));
        }
        let start = start + 1;
        if (2..=3).contains(&(past.saturating_sub(start))) && self.given_name(start) {
            if described.role.is_empty() {
                described.role = self.text.low(start - 1).to_owned();
            }
            return Some((start, described));
        }
        None
    }

    /// A given name opens the name at `first` ("Harold Stone"), and no word of it names a
    /// place ("Warren Street").
    fn given_name(&self, first: usize) -> bool {
        let text = self.text;
        self.dict.given_names.contains_key(text.low(first))
            && !(first + 1..text.tokens.len())
                .take_while(|&k| cap_word(text, k) || initial(text, k))
                .any(|k| PLACE_WORDS.contains(&text.low(k)))
    }

    fn person_evidence(&self, seg: &Segment, first: usize, past: usize) -> bool {
        let text = self.text;
        let low = |i: usize| if i < seg.end { text.low(i) } else { "" };
        let titled_after = low(past) == ","
            && (TITLES.contains(&low(past + 1))
                || (matches!(low(past + 1), "a" | "an" | "the")
                    && TITLES.contains(&low(past + 2))));
        let titled_before = self.honorific_before(seg, first).is_some();
        // "Howard Simpson, the railroad's president, said" / "…, Howard Simpson, said".
        let after_apposition = low(past) == ","
            && (past + 1..(past + APPOSITION_WORDS).min(seg.end))
                .find(|&k| matches!(low(k), "," | "." | ";"))
                .is_some_and(|k| low(k) == "," && is_speech_verb(low(k + 1)).is_some());
        let speaks = is_speech_verb(low(past)).is_some()
            || after_apposition
            || (low(past) == "," && is_speech_verb(low(past + 1)).is_some())
            || (first > seg.first && is_speech_verb(low(first - 1)).is_some())
            || (first >= seg.first + 2 && low(first - 2) == "according" && low(first - 1) == "to");
        // "Adlai Stevenson, who had returned": a relative "who" follows a person.
        let relative = low(past) == "," && low(past + 1) == "who";
        let title_noun = self.title_noun_before(seg, first).is_some();
        titled_after || titled_before || speaks || relative || title_noun
    }

    /// "Fatah leader Marwan Barghouti": the lowercase title noun right before the name at
    /// `first` (a title that modifies another, "former", names no office).
    fn title_noun_before(&self, seg: &Segment, first: usize) -> Option<&str> {
        let k = first.checked_sub(1).filter(|&k| k >= seg.first)?;
        let word = self.text.low(k);
        (!self.text.capitalized(k) && TITLES.contains(&word) && !MODIFYING_TITLES.contains(&word))
            .then_some(word)
    }

    /// People and parties titled as the opposition ("opposition leader Morgan Tsvangirai")
    /// are their country's opposition, whatever office a dictionary gives them at other times;
    /// not a "former opposition leader".
    pub fn opposition(&self, cast: &mut Cast) {
        let text = self.text;
        let mut titled = Vec::new();
        for m in cast.mentions.iter().filter(|m| m.kind == MentionKind::Name) {
            let actor = &cast.actors[m.actor];
            if !matches!(actor.kind, ActorKind::Person | ActorKind::Organization) {
                continue;
            }
            let Some(country) = actor.country.as_deref() else {
                continue;
            };
            let first = self.segments[m.sentence].first;
            let mut k = m.first;
            while k > first && m.first - k < 3 && OPPOSITION_TITLES.contains(&text.low(k - 1)) {
                k -= 1;
            }
            let former = k > first && text.is(k - 1, "former");
            if (k..m.first).any(|t| text.is(t, "opposition")) && !former {
                let title: Vec<&str> = (k..m.first).map(|t| text.low(t)).collect();
                titled.push((m.actor, format!("{country}OPP"), title.join(" ")));
            }
        }
        for (actor, code, role) in titled {
            let actor = &mut cast.actors[actor];
            actor.code = code;
            actor.role = role;
        }
    }

    /// Role, affiliation and country from ", Director of X at the Y Institute, ...".
    fn apposition(&self, seg: &Segment, past: usize) -> (String, Option<String>, Option<String>) {
        let text = self.text;
        if past >= seg.end || text.raw(past) != "," {
            return (String::new(), None, None);
        }
        let first = past + 1;
        if matches!(text.low(first), "who" | "which" | "whose") {
            return (String::new(), None, None);
        }
        let mut end = first;
        while end < seg.end
            && !matches!(
                text.raw(end),
                "," | ";" | ":" | "." | "\"" | "\u{201c}" | "\u{201d}" | "(" | ")"
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
        // "a specialist on China", "envoy to Ukraine": a country after such a preposition is the
        // subject of the work, not the person's own.
        let country = (first..end)
            .filter(|&k| {
                k == first
                    || !matches!(
                        text.low(k - 1),
                        "on" | "about" | "to" | "toward" | "towards"
                    )
            })
            .find_map(|k| self.country_in(k, end).filter(|_| self.starts_country(k)));
        (role, affiliation, country)
    }

    fn hit_at(&self, k: usize) -> Option<&Hit> {
        let at = self.hits.partition_point(|h| h.first < k);
        self.hits.get(at).filter(|h| h.first == k)
    }

    /// A country, metonym or demonym starts at token `k`.
    fn starts_country(&self, k: usize) -> bool {
        self.hit_at(k).is_some_and(|h| {
            h.entries
                .iter()
                .any(|e| matches!(e, Entry::Country { .. } | Entry::Metonym(_)))
        })
    }

    /// Whoever a quote's attribution names that no dictionary or name rule found: "said the
    /// senator from Texas", "the jury said", "Carr said". A description that fits a person
    /// named shortly before ("the senator" after "Sen. Hale") is that person.
    pub fn speakers(&self, cast: &mut Cast, marks: &[Marks]) {
        let text = self.text;
        let mut found = Vec::new();
        for m in marks {
            let s = sentence_of(self.segments, m.close);
            let seg = &self.segments[s];
            if seg.kind != SentenceKind::Body {
                continue;
            }
            let slots = [self.slot_after(seg, m.close), self.slot_before(m.open)];
            for (first, past) in slots.into_iter().flatten() {
                if (first..past).any(|k| cast.covers(k)) {
                    continue;
                }
                let sentence = sentence_of(self.segments, first);
                if let Some(actor) = self.described(cast, first, past) {
                    found.push(MentionAt {
                        actor,
                        first,
                        past,
                        sentence,
                        kind: MentionKind::Title,
                    });
                }
            }
        }
        for m in found {
            if !(m.first..m.past).any(|k| cast.covers(k)) {
                cast.mention(text, m);
            }
        }
        cast.sort();
    }

    /// The words naming the speaker after a closing quote: `", said the chairman."` or
    /// `", the chairman of the board said."`.
    fn slot_after(&self, seg: &Segment, close: usize) -> Option<(usize, usize)> {
        let text = self.text;
        let mut k = close + 1;
        if k < seg.end && text.raw(k) == "," {
            k += 1;
        }
        if k >= seg.end {
            return None;
        }
        if speech_verb(text, seg, k).is_some() {
            let past = self.phrase_end(seg, k + 1);
            return (past > k + 1).then_some((k + 1, past));
        }
        let verb = (k + 1..seg.end.min(k + SLOT_WORDS + 1))
            .take_while(|&v| text.tokens[v].kind == TokenKind::Word || text.raw(v) == ",")
            .find(|&v| speech_verb(text, seg, v).is_some())?;
        let past = if text.raw(verb - 1) == "," {
            verb - 1
        } else {
            verb
        };
        (self.phrase_end(seg, k) >= past).then_some((k, past))
    }

    /// The subject of the speech verb before an opening quote: `The chairman said: "` or
    /// `the jury further said it found " ...`.
    fn slot_before(&self, open: usize) -> Option<(usize, usize)> {
        let text = self.text;
        let seg = &self.segments[sentence_of(self.segments, open)];
        let verb = (floor(seg, open)..open)
            .rev()
            .find(|&v| speech_verb(text, seg, v).is_some())?;
        let mut past = verb;
        while past > seg.first && ADVERBS.contains(&text.low(past - 1)) {
            past -= 1;
        }
        (past.saturating_sub(SLOT_WORDS).max(seg.first)..past)
            .find(|&first| self.phrase_end(seg, first) == past)
            .map(|first| (first, past))
    }

    /// Where a speaker's phrase starting at `first` ends: a determiner and words, or a
    /// capitalised name, perhaps with an "of"/"from"/"for" tail ("the senator from Texas").
    fn phrase_end(&self, seg: &Segment, first: usize) -> usize {
        let text = self.text;
        let word = |k: usize| {
            k < seg.end
                && text.tokens[k].kind == TokenKind::Word
                && speech_verb(text, seg, k).is_none()
                && !matches!(text.low(k), "who" | "which" | "that" | "and" | "in" | "on")
                && !ADVERBS.contains(&text.low(k))
        };
        let determined = DETERMINERS.contains(&text.low(first));
        let named = cap_word(text, first) && !NOT_NAMES.contains(&text.low(first));
        if !determined && !named {
            return first;
        }
        let mut k = first + usize::from(determined);
        while word(k) && k < first + SLOT_WORDS && (determined || cap_word(text, k)) {
            k += 1;
        }
        k
    }

    /// The actor a speaker's phrase `[first, past)` names: a person described before, a
    /// surname of someone named, or a new actor with what the words say of them.
    fn described(&self, cast: &mut Cast, first: usize, past: usize) -> Option<ActorId> {
        let text = self.text;
        let determined = DETERMINERS.contains(&text.low(first));
        let words = first + usize::from(determined);
        if words >= past || matches!(text.low(words), "he" | "she" | "it" | "they" | "we" | "i") {
            return None;
        }
        let head = (words..past)
            .find(|&k| matches!(text.low(k), "of" | "from" | "for" | "at"))
            .unwrap_or(past)
            - 1;
        if head < words {
            return None;
        }
        let head_word = text.low(head);
        // "the senator", "Carr": the latest person whose role or surname it is.
        let earlier = cast.before(first).take(64).map(|m| m.actor).find(|&a| {
            let actor = &cast.actors[a];
            actor.kind == ActorKind::Person
                && if determined {
                    actor.role.split(' ').any(|w| w == head_word)
                } else {
                    past == words + 1 && actor.name.split(' ').next_back() == Some(text.raw(words))
                }
        });
        if earlier.is_some() {
            return earlier;
        }
        // "his wife" keeps the possessive, "the chairman" is "chairman".
        let from = if matches!(text.low(first), "his" | "her" | "their") {
            first
        } else {
            words
        };
        let name = text.doc[text.tokens[from].start..text.tokens[past - 1].end].to_owned();
        let kind = if ORG_WORDS.contains(&head_word) {
            ActorKind::Organization
        } else {
            ActorKind::Person
        };
        let role = if determined {
            head_word.to_owned()
        } else {
            String::new()
        };
        Some(cast.actor((b'P', name.to_lowercase()), || Actor {
            code: String::new(),
            name,
            country: None,
            role,
            kind,
            affiliation: None,
            country_reason: None,
            mentions: Vec::new(),
        }))
    }

    /// The gender a person's honorific, role or given name shows, if any.
    fn gender(&self, actor: &Actor) -> Option<Gender> {
        let mut words = actor
            .name
            .split_whitespace()
            .map(|w| w.trim_end_matches('.').to_lowercase());
        let first = words.next()?;
        let by_word = |w: &str| match w {
            "mr" | "sir" | "lord" | "king" | "prince" | "father" | "brother" => Some(Gender::Male),
            "mrs" | "ms" | "miss" | "madame" | "lady" | "queen" | "princess" | "mother"
            | "sister" => Some(Gender::Female),
            _ => None,
        };
        let by_role = actor.role.split(' ').find_map(|w| match w {
            w if w.ends_with("woman") || w.ends_with("women") => Some(Gender::Female),
            w if w.ends_with("man") || w.ends_with("men") => Some(Gender::Male),
            other => by_word(other),
        });
        by_word(&first).or(by_role).or_else(|| {
            let given = if HONORIFICS.contains(&first.as_str()) {
                words.next()?
            } else {
                first
            };
            self.dict.given_names.get(&given).copied().flatten()
        })
    }

    /// he/she: the most recent person mentioned in this or the four previous sentences (a
    /// multi-sentence quote often sits between a name and "she said"), or further for the
    /// speaker of "he said".
    pub fn pronouns(&self, cast: &mut Cast) {
        let n = self.text.tokens.len();
        let text = self.text;
        let mut added = Vec::new();
        // Read once per actor: no actor is added while pronouns are resolved.
        let genders: Vec<Option<Gender>> = cast.actors.iter().map(|a| self.gender(a)).collect();
        for i in 0..n {
            if !matches!(text.low(i), "he" | "she") {
                continue;
            }
            let sentence = sentence_of(self.segments, i);
            if self.segments[sentence].kind == SentenceKind::Credit {
                continue;
            }
            // "he added" after a long quote reaches further back than a pronoun elsewhere.
            let speaks = |k: usize| k < n && is_speech_verb(text.low(k)).is_some();
            let reach = if speaks(i + 1) || (i > 0 && speaks(i - 1)) {
                SPEAKER_REACH
            } else {
                4
            };
            let wanted = if text.low(i) == "he" {
                Gender::Male
            } else {
                Gender::Female
            };
            let found = cast
                .before(i)
                .take(64)
                .take_while(|m| m.sentence + reach >= sentence)
                .find(|m| {
                    cast.actors[m.actor].kind == ActorKind::Person
                        && genders[m.actor].is_none_or(|g| g == wanted)
                })
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
