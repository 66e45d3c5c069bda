//! Countries for generic agents ("the police", "rebels") from the scene a careful reader
//! would use: a place right after the agent ("police in Cairo"), the only country its sentence
//! places it in, or the country the article is set in (its dateline's, else the one it mostly
//! names). A country acting in the sentence does
//! not count ("Norway offered to host the government and the rebels" says nothing of whose). Each mention is read on its own, so "police"
//! in a Cairo sentence and in a Lagos sentence become two actors; the reason is recorded.

use std::collections::HashMap;

use crate::actors::{Cast, sentence_of};
use crate::dictionary::Dictionaries;
use crate::model::{ActorId, ActorKind, CountryReason};
use crate::phrases::{Entry, Hit};
use crate::places::plausible;
use crate::text::{Segment, Text, TokenKind};

/// Words that tie an agent to the place after it: "police in Cairo", "troops near Aleppo".
const TIES: &[&str] = &["in", "of", "from", "near", "at", "outside", "inside"];

/// Words that make a country the scene: "clashes in India".
pub(crate) const SCENES: &[&str] = &[
    "in",
    "near",
    "across",
    "throughout",
    "inside",
    "outside",
    "at",
];

pub(crate) const DIRECTIONS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "rural",
    "remote",
];

/// Nouns after a country's adjective that make "in the …" a scene in that country.
const PLACE_NOUNS: &[&str] = &[
    "border",
    "town",
    "city",
    "village",
    "region",
    "province",
    "capital",
    "coast",
    "port",
    "side",
    "territory",
    "countryside",
    "state",
    "district",
    "mountains",
    "desert",
    "north",
    "south",
    "east",
    "west",
    "interior",
];

/// Nouns after "in" that place an agent outside the article's country without naming where.
const ELSEWHERE: &[&str] = &["countries", "nations", "neighbours", "neighbors", "world"];

/// Share of the article's country mentions its main country must have to be its home.
const HOME_SHARE: f64 = 0.6;
/// Fewest mentions a home country needs.
const HOME_MENTIONS: usize = 3;

pub struct Localizer<'a> {
    pub dict: &'a Dictionaries,
    pub text: &'a Text<'a>,
    pub segments: &'a [Segment],
    pub hits: &'a [Hit],
    /// The dateline's tokens: the place it names sets the article's scene.
    pub dateline: Option<(usize, usize)>,
}

/// A country named at a token range: by an actor mention or a gazetteer place.
struct Named {
    first: usize,
    sentence: usize,
    iso3: String,
}

impl Localizer<'_> {
    /// Moves every mention of a generic agent to the agent of the country its context shows.
    pub fn localize(&self, cast: &mut Cast) {
        let named = self.named(cast);
        let filed = self.dateline.and_then(|(first, past)| {
            named
                .iter()
                .find(|n| first <= n.first && n.first < past)
                .map(|n| n.iso3.as_str())
        });
        let home = filed.or_else(|| home(&named)).map(str::to_owned);
        let home = home.as_deref();
        // The dateline says where the report was filed, not where its first sentence happens.
        let filed_at = |n: &Named| {
            self.dateline
                .is_some_and(|(first, past)| first <= n.first && n.first < past)
        };
        let named: Vec<Named> = named.into_iter().filter(|n| !filed_at(n)).collect();
        let by_sentence = sentence_index(&named, self.segments.len());
        for i in 0..cast.mentions.len() {
            let m = cast.mentions[i];
            let actor = &cast.actors[m.actor];
            if actor.kind != ActorKind::Agent
                || actor.affiliation.is_some()
                || actor.code.is_empty()
            {
                continue;
            }
            let owner = self.possessor(cast, i);
            let found = owner
                .as_deref()
                .map(|iso3| (iso3, CountryReason::Owner))
                .or_else(|| {
                    self.nearby(&named, &by_sentence[m.sentence], m.past)
                        .map(|iso3| (iso3, CountryReason::Nearby))
                })
                .or_else(|| {
                    only_country(&named, &by_sentence[m.sentence])
                        .map(|iso3| (iso3, CountryReason::Sentence))
                })
                .or_else(|| {
                    home.filter(|_| !self.elsewhere(m.past))
                        .map(|iso3| (iso3, CountryReason::Article))
                });
            if let Some((iso3, reason)) = found {
                let id = self.agent_of(cast, m.actor, iso3, reason);
                cast.retarget(self.text, i, id);
            }
        }
        cast.drop_unmentioned();
        for actor in &mut cast.actors {
            actor.mentions.sort_by_key(|m| m.span.start);
        }
    }

    /// The agent `generic` of country `iso3`, found or made.
    fn agent_of(
        &self,
        cast: &mut Cast,
        generic: ActorId,
        iso3: &str,
        reason: CountryReason,
    ) -> ActorId {
        let (role_code, role) = {
            let g = &cast.actors[generic];
            (g.code.clone(), g.role.clone())
        };
        let country = self.dict.countries.iter().find(|c| c.iso3 == iso3);
        let name = country.map_or(iso3, |c| c.name.as_str()).to_owned();
        let adjective = country.map_or(iso3, |c| c.adjective());
        let code = format!("{iso3}{role_code}");
        cast.actor((b'A', code.clone()), || crate::model::Actor {
            code,
            name: format!("{adjective} {role}"),
            country: Some(iso3.to_owned()),
            role,
            kind: ActorKind::Agent,
            affiliation: Some(name),
            country_reason: Some(reason),
            mentions: Vec::new(),
        })
    }

    /// Countries named as scenes, in order: places, and countries after a locative word.
    fn named(&self, cast: &Cast) -> Vec<Named> {
        let mut named: Vec<Named> = cast
            .mentions
            .iter()
            .filter_map(|m| {
                // A country stands for the scene only where it is a place: "in India".
                let a = &cast.actors[m.actor];
                let scene =
                    a.kind == ActorKind::Country && scene_before(self.text, m.first, m.past);
                let iso3 = a.country.clone().filter(|_| scene)?;
                Some(Named {
                    first: m.first,
                    sentence: m.sentence,
                    iso3,
                })
            })
            .collect();
        named.extend(self.hits.iter().enumerate().filter_map(|(k, hit)| {
            if (hit.first..hit.past).any(|k| cast.covers(k)) {
                return None;
            }
            // A place name only where it could be one ("accused Howard" is no town).
            let g = hit.entries.iter().find_map(|e| match *e {
                Entry::Place(g) if plausible(self.dict, self.text, self.hits, g, k) => Some(g),
                _ => None,
            })?;
            let iso3 = self.dict.gazetteer[g].country.clone();
            (!iso3.is_empty()).then(|| Named {
                first: hit.first,
                sentence: sentence_of(self.segments, hit.first),
                iso3,
            })
        }));
        named.sort_by_key(|n| n.first);
        named
    }

    /// The country of the actor that a possessive before mention `i` points to: the latest
    /// person of its sentence for "his" or "her" ("Arafat ordered his security forces"), the
    /// latest actor with a country for "its" or "their".
    fn possessor(&self, cast: &Cast, i: usize) -> Option<String> {
        let m = cast.mentions[i];
        let first = self.segments[m.sentence].first;
        let word = self
            .text
            .low(m.first.checked_sub(1).filter(|&k| k >= first)?);
        let person = match word {
            "his" | "her" => true,
            "its" | "their" => false,
            _ => return None,
        };
        cast.before(m.first - 1)
            .take_while(|o| o.first >= first)
            .map(|o| &cast.actors[o.actor])
            .find(|a| {
                a.country.is_some()
                    && if person {
                        a.kind == ActorKind::Person
                    } else {
                        a.kind != ActorKind::Person
                    }
            })
            .and_then(|a| a.country.clone())
    }

    /// The agent ending at `past` is placed away from the article's country without naming
    /// where: "terrorists in neighbouring countries", "militants abroad".
    fn elsewhere(&self, past: usize) -> bool {
        let text = self.text;
        let n = text.tokens.len();
        if past < n && matches!(text.low(past), "abroad" | "overseas") {
            return true;
        }
        past < n
            && TIES.contains(&text.low(past))
            && (past + 1..(past + 4).min(n))
                .take_while(|&k| text.tokens[k].kind == TokenKind::Word && !text.capitalized(k))
                .any(|k| ELSEWHERE.contains(&text.low(k)))
    }

    /// The country named just after an agent ending at `past`: "police in Cairo",
    /// "rebels of the north of Mali" (up to three words between).
    fn nearby<'n>(
        &self,
        named: &'n [Named],
        in_sentence: &[usize],
        past: usize,
    ) -> Option<&'n str> {
        if !TIES.contains(&self.text.low(past)) {
            return None;
        }
        in_sentence
            .iter()
            .map(|&i| &named[i])
            .find(|n| n.first > past && n.first <= past + 4)
            .map(|n| n.iso3.as_str())
    }
}

/// A locative word before token `first`, perhaps past a direction ("in eastern India"): the
/// name there says where, not who.
fn scene_before(text: &Text, first: usize, past: usize) -> bool {
    let mut k = first;
    if k > 0 && DIRECTIONS.contains(&text.low(k - 1)) {
        k -= 1;
    }
    // "in the Chadian border town", but not "outside the Japanese embassy".
    if k > 1 && text.is(k - 1, "the") && PLACE_NOUNS.contains(&text.low(past)) {
        k -= 1;
    }
    k > 0 && SCENES.contains(&text.low(k - 1))
}

/// Indices into `named` by sentence.
fn sentence_index(named: &[Named], sentences: usize) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); sentences];
    for (i, n) in named.iter().enumerate() {
        if let Some(list) = out.get_mut(n.sentence) {
            list.push(i);
        }
    }
    out
}

/// The one country a sentence names, if it names exactly one.
fn only_country<'n>(named: &'n [Named], in_sentence: &[usize]) -> Option<&'n str> {
    let mut countries = in_sentence.iter().map(|&i| named[i].iso3.as_str());
    let first = countries.next()?;
    countries.all(|c| c == first).then_some(first)
}

/// The country most of the article's country mentions name, when one clearly dominates.
fn home(named: &[Named]) -> Option<&str> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for n in named {
        *counts.entry(n.iso3.as_str()).or_default() += 1;
    }
    let (&iso3, &top) = counts
        .iter()
        .max_by_key(|&(c, n)| (*n, std::cmp::Reverse(*c)))?;
    (top >= HOME_MENTIONS && top as f64 >= HOME_SHARE * named.len() as f64).then_some(iso3)
}
