//! Places named in the text, each resolved to one gazetteer entry: a name several places share
//! goes to the one in a region or country the article names, else to the most populous.

use std::collections::HashSet;

use crate::actors::{Cast, sentence_of};
use crate::clauses::floor;
use crate::dictionary::{Dictionaries, GazetteerEntry};
use crate::model::{ActorId, ActorKind, Place, SentenceKind, Span};
use crate::phrases::{Entry, Hit};
use crate::text::{Segment, Text};

/// Words before a name that make it a place ("in Jackson", "the mayor of Springfield").
const CUES: &[&str] = &[
    "in", "at", "near", "from", "to", "of", "into", "outside", "inside", "around", "across",
    "toward", "towards", "through", "via", "off", "between",
];

/// Words before a capital or seat that make it where something is, not who acts ("in
/// Jerusalem", "across Kabul"), against "Moscow said" or "a warning from Moscow". "To" is not
/// one: what is sent or addressed to a capital goes to its government ("a visit to Washington",
/// "an appeal to Beijing").
const LOCATED: &[&str] = &[
    "in", "at", "near", "into", "inside", "outside", "around", "across", "through", "via",
];

/// A place outside the hand-kept gazetteer with at least this many people is named without a
/// cue; a smaller one shares its name with too many people and things ("Jackson said").
const WELL_KNOWN: u64 = 1_000_000;

/// The people counted for a hand-kept place GeoNames gives no figure for: a well-known one.
const HAND_KEPT: u64 = WELL_KNOWN;

/// Whether the name `[first, past)` is where something is rather than who acts; a possessive
/// ("close to Seoul's airspace") still names the owner.
pub fn located(text: &Text, first: usize, past: usize) -> bool {
    let possessive = past < text.tokens.len() && matches!(text.low(past), "'s" | "\u{2019}s");
    // "returned from Paris": where a journey starts is a place, not the sender of something.
    let journey = first > 1
        && text.is(first - 1, "from")
        && MOTION.iter().any(|m| text.low(first - 2).starts_with(m));
    first > 0
        && (LOCATED.contains(&text.low(first - 1)) || journey || within(text, first))
        && !possessive
}

/// Whether the name at `first` is named as ground crossed or a city's part: "through
/// central London", "the streets of Kiev". No one acts on a place named so.
pub fn within(text: &Text, first: usize) -> bool {
    let mut k = first;
    if k > 0 && crate::affiliation::DIRECTIONS.contains(&text.low(k - 1)) {
        k -= 1;
    }
    (k > 0 && text.is(k - 1, "through"))
        || (k > 1 && text.is(k - 1, "of") && QUARTERS.contains(&text.low(k - 2)))
}

/// Parts of a city named before "of": "the streets of Kiev", "the outskirts of Kabul".
const QUARTERS: &[&str] = &[
    "streets",
    "outskirts",
    "suburbs",
    "centre",
    "center",
    "heart",
    "edge",
];

/// Verbs of travel (by their stem) and adverbs after which "from" names where a journey began.
const MOTION: &[&str] = &[
    "return", "arriv", "came", "come", "flew", "fly", "flies", "travel", "back", "home", "depart",
    "fled", "flee", "escap", "drove", "driv", "sail", "walk", "rode", "ride", "journey", "moved",
    "withdr",
];

/// The regions and countries an article names, which decide among places sharing a name.
#[derive(Default)]
struct Article<'a> {
    countries: HashSet<&'a str>,
    regions: HashSet<String>,
}

impl Article<'_> {
    fn weight(&self, g: &GazetteerEntry) -> f64 {
        let people = if g.vetted && g.population == 0 {
            HAND_KEPT
        } else {
            g.population
        };
        let seat = if g.kind == "capital" { 5.0 } else { 1.0 };
        let named = if !g.region.is_empty() && self.regions.contains(&g.region.to_lowercase()) {
            1000.0
        } else if self.countries.contains(g.country.as_str()) {
            20.0
        } else {
            1.0
        };
        people as f64 * seat * named
    }
}

pub struct Finder<'a> {
    pub dict: &'a Dictionaries,
    pub text: &'a Text<'a>,
    pub segments: &'a [Segment],
    pub hits: &'a [Hit],
    pub cast: &'a Cast,
}

impl Finder<'_> {
    pub fn find(&self) -> Vec<Place> {
        let found: Vec<(usize, Vec<usize>)> = self
            .hits
            .iter()
            .enumerate()
            .filter_map(|(k, hit)| {
                let sentence = sentence_of(self.segments, hit.first);
                if self.segments[sentence].kind == SentenceKind::Credit || self.in_name(hit) {
                    return None;
                }
                let candidates: Vec<usize> = hit
                    .entries
                    .iter()
                    .filter_map(|e| match *e {
                        Entry::Place(g) => Some(g),
                        _ => None,
                    })
                    .filter(|&g| plausible(self.dict, self.text, self.hits, g, k))
                    .collect();
                (!candidates.is_empty()).then_some((k, candidates))
            })
            .collect();
        let article = self.article(&found);
        found
            .iter()
            .map(|(k, candidates)| {
                let hit = &self.hits[*k];
                let g = self
                    .qualified(*k, candidates)
                    .or_else(|| {
                        candidates.iter().copied().max_by(|&a, &b| {
                            let (a, b) = (&self.dict.gazetteer[a], &self.dict.gazetteer[b]);
                            article.weight(a).total_cmp(&article.weight(b))
                        })
                    })
                    .unwrap_or(candidates[0]);
                let g = &self.dict.gazetteer[g];
                Place {
                    name: g.name.clone(),
                    country: g.country.clone(),
                    kind: g.kind.clone(),
                    latitude: g.latitude,
                    longitude: g.longitude,
                    sentence: sentence_of(self.segments, hit.first),
                    span: Span::new(hit.start, hit.end),
                }
            })
            .collect()
    }

    /// Part of a person's name ("Andrew Jackson", "Mr. Houston").
    fn in_name(&self, hit: &Hit) -> bool {
        self.cast
            .within(hit.first.saturating_sub(4), hit.past + 4)
            .any(|m| {
                m.first < hit.past
                    && hit.first < m.past
                    && self.cast.actors[m.actor].kind == ActorKind::Person
            })
    }

    /// The candidate in the region or country named right after it.
    fn qualified(&self, k: usize, candidates: &[usize]) -> Option<usize> {
        let next = qualifier(self.dict, self.text, self.hits, k)?;
        let gazetteer = &self.dict.gazetteer;
        candidates.iter().copied().find(|&c| {
            next.entries.iter().any(|e| match *e {
                Entry::Place(q) => {
                    let (c, q) = (&gazetteer[c], &gazetteer[q]);
                    (q.kind == "region" && c.region.eq_ignore_ascii_case(&q.name))
                        || (q.kind == "country" && c.country == q.country)
                }
                _ => false,
            })
        })
    }

    /// The countries of the article's actors and unambiguous places, and the regions it names.
    fn article(&self, found: &[(usize, Vec<usize>)]) -> Article<'_> {
        let mut article = Article::default();
        article
            .countries
            .extend(self.cast.actors.iter().filter_map(|a| a.country.as_deref()));
        for (_, candidates) in found.iter().filter(|(_, c)| c.len() == 1) {
            let g = &self.dict.gazetteer[candidates[0]];
            if !g.country.is_empty() {
                article.countries.insert(&g.country);
            }
            if g.kind == "region" {
                article.regions.insert(g.name.to_lowercase());
            }
        }
        article
    }
}

/// Hand-kept places, names of several words and large cities stand alone; another place
/// (gazetteer entry `g` for hit `k`) needs a cue before it, a place after it ("Paris, Texas")
/// or to open a dateline.
pub fn plausible(dict: &Dictionaries, text: &Text, hits: &[Hit], g: usize, k: usize) -> bool {
    let hit = &hits[k];
    let g = &dict.gazetteer[g];
    let cued = hit.first > 0 && CUES.contains(&text.low(hit.first - 1));
    let dateline = (hit.first == 0 || text.tokens[hit.first].line_break)
        && hit.past < text.tokens.len()
        && matches!(
            text.raw(hit.past),
            "," | "(" | "-" | "\u{2013}" | "\u{2014}"
        );
    g.vetted
        || g.name.contains(' ')
        || g.population >= WELL_KNOWN
        || cued
        || dateline
        || qualifier(dict, text, hits, k).is_some()
}

/// The place right after a comma that qualifies hit `k`: "Springfield, Illinois".
fn qualifier<'h>(dict: &Dictionaries, text: &Text, hits: &'h [Hit], k: usize) -> Option<&'h Hit> {
    let hit = &hits[k];
    hits.get(k + 1).filter(|next| {
        next.first == hit.past + 1
            && text.raw(hit.past) == ","
            && next.entries.iter().any(|e| match *e {
                Entry::Place(q) => {
                    matches!(dict.gazetteer[q].kind.as_str(), "region" | "country")
                }
                _ => false,
            })
    })
}

/// How many tokens after an event's trigger its place may be named.
const SCENE_REACH: usize = 40;

/// Locative words that make a place the scene of a sentence's event.
const LOCATIVES: &[&str] = &[
    "in", "near", "at", "over", "off", "to", "into", "across", "outside", "inside", "from",
];

/// Nouns for a settlement or region named after "of": "the town of Tine".
const SETTLEMENTS: &[&str] = &[
    "city",
    "town",
    "village",
    "province",
    "region",
    "district",
    "port",
    "capital",
    "state",
    "island",
    "outskirts",
    "suburb",
    "area",
];

/// Words that open another clause: a place past one is where something else happened.
const CLAUSE_BREAKS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "where", "while", "after", "before", "because",
    "although", "though", "but", ";", "--", "(", ")", "\u{2014}",
];

/// An event: its trigger's first token and the actors it ties, whose mentions are not its scene.
pub struct Scene {
    pub head: usize,
    pub source: Option<ActorId>,
    pub target: Option<ActorId>,
}

impl Scene {
    /// Where the event happened: a place after a locative word in the trigger's clause, or the
    /// place its verb acts on.
    pub fn find(&self, text: &Text, seg: &Segment, cast: &Cast, places: &[Place]) -> Option<usize> {
        let from = text.tokens[floor(seg, self.head)].start;
        let to = text.tokens[(self.head + SCENE_REACH).min(seg.end) - 1].end;
        let first = places.partition_point(|p| p.span.start < from);
        let broken = |a: usize, b: usize| {
            (a..b).any(|t| {
                CLAUSE_BREAKS.contains(&text.low(t))
                    || (text.is(t, "and") && t > 0 && text.raw(t - 1) == ",")
            })
        };
        places[first..]
            .iter()
            .take_while(|p| p.span.end <= to)
            .position(|p| {
                let t = text.token_at(p.span.start);
                let direction = |k: usize| crate::affiliation::DIRECTIONS.contains(&text.low(k));
                // Where the locative stands: "in the northern city of Haifa", "in southern
                // Mali", "near eastern Kabul".
                let mut k = t;
                if k > 2 && text.is(k - 1, "of") && SETTLEMENTS.contains(&text.low(k - 2)) {
                    k -= 2;
                    let noun = k;
                    while k > 1
                        && noun - k < 3
                        && (text.is(k - 1, "the") || text.adjective_like(k - 1) || direction(k - 1))
                    {
                        k -= 1;
                    }
                }
                if k > 1 && direction(k - 1) {
                    k -= 1;
                }
                // "shelled the Gaza Strip": a place the verb acts on, no actor named there, is
                // where it happened.
                let object = k > 0
                    && !cast.covers(t)
                    && (k == self.head + 1 || (text.is(k - 1, "the") && k == self.head + 2));
                if k == 0 || !(object || LOCATIVES.contains(&text.low(k - 1))) {
                    return false;
                }
                let t = k;
                // "appealed to Russia": a country the event is addressed to is not its scene.
                let recipient = p.kind == "country"
                    && text.is(t - 1, "to")
                    && cast.starting_at(t).is_some_and(|m| {
                        Some(m.actor) == self.source || Some(m.actor) == self.target
                    });
                let apart = if t < self.head {
                    broken(t, self.head)
                } else {
                    broken(self.head, t)
                };
                !recipient && !apart
            })
            .map(|i| first + i)
    }
}
