//! Actors from dictionary phrases: leaders resolved by the article's date, titles ("the Russian
//! president"), countries, metonyms, IGOs and agents tied to a country ("Russian experts").

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::dictionary::{Country, Dictionaries};
use crate::model::{Actor, ActorId, ActorKind, Mention, MentionKind, SentenceKind, Span};
use crate::petrarch::Placement;
use crate::phrases::{Entry, Hit, Phrases};
use crate::text::{Segment, Text};

/// An actor mention as a token range, for the clause-level work of quotes and events.
#[derive(Debug, Clone, Copy)]
pub struct MentionAt {
    pub actor: ActorId,
    pub first: usize,
    pub past: usize,
    pub sentence: usize,
    pub kind: MentionKind,
}

/// The actors of one document and where they are mentioned, in text order.
#[derive(Default)]
pub struct Cast {
    pub actors: Vec<Actor>,
    pub mentions: Vec<MentionAt>,
    keys: HashMap<(u8, String), ActorId>,
    /// Per token: whether a mention covers it.
    covered: Vec<bool>,
    /// Per token: the mention starting there / ending just before it (index into `mentions`),
    /// rebuilt by [`Cast::sort`].
    starts: Vec<u32>,
    ends: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl Cast {
    pub fn new(tokens: usize) -> Self {
        Cast {
            covered: vec![false; tokens],
            ..Cast::default()
        }
    }

    /// Finds or creates the actor identified by `key`.
    pub fn actor(&mut self, key: (u8, String), make: impl FnOnce() -> Actor) -> ActorId {
        if let Some(&id) = self.keys.get(&key) {
            return id;
        }
        self.actors.push(make());
        self.keys.insert(key, self.actors.len() - 1);
        self.actors.len() - 1
    }

    /// The actor a country is, one per article.
    pub fn country(&mut self, c: &Country) -> ActorId {
        self.actor((b'C', c.iso3.clone()), || Actor {
            code: c.iso3.clone(),
            name: c.name.clone(),
            country: Some(c.iso3.clone()),
            role: String::new(),
            kind: ActorKind::Country,
            affiliation: None,
            country_reason: None,
            mentions: Vec::new(),
        })
    }

    /// Records a mention; one that would run across a line break (which ends a sentence)
    /// keeps its part before the break.
    pub fn mention(&mut self, text: &Text, mut at: MentionAt) {
        if let Some(cut) = (at.first + 1..at.past).find(|&k| text.tokens[k].line_break) {
            at.past = cut;
        }
        let span = Span::new(text.tokens[at.first].start, text.tokens[at.past - 1].end);
        self.actors[at.actor].mentions.push(Mention {
            kind: at.kind,
            sentence: at.sentence,
            span,
        });
        self.covered[at.first..at.past]
            .iter_mut()
            .for_each(|c| *c = true);
        self.mentions.push(at);
    }

    pub fn covers(&self, token: usize) -> bool {
        self.covered.get(token).copied().unwrap_or(false)
    }

    /// Sorts mentions by position and indexes them by first and past token.
    pub fn sort(&mut self) {
        self.mentions.sort_by_key(|m| (m.first, m.past));
        let n = self.covered.len() + 1;
        self.starts = vec![NONE; n];
        self.ends = vec![NONE; n];
        for (i, m) in self.mentions.iter().enumerate() {
            if self.starts[m.first] == NONE {
                self.starts[m.first] = i as u32;
            }
            self.ends[m.past] = i as u32;
        }
    }

    pub fn starting_at(&self, token: usize) -> Option<&MentionAt> {
        let i = *self.starts.get(token)?;
        self.mentions.get(i as usize)
    }

    pub fn ending_at(&self, past: usize) -> Option<&MentionAt> {
        let i = *self.ends.get(past)?;
        self.mentions.get(i as usize)
    }

    /// Mentions that lie within tokens `[first, past)`, in order.
    pub fn within(&self, first: usize, past: usize) -> impl DoubleEndedIterator<Item = &MentionAt> {
        let from = self.mentions.partition_point(|m| m.first < first);
        let to = self.mentions.partition_point(|m| m.first < past).max(from);
        self.mentions[from..to]
            .iter()
            .filter(move |m| m.past <= past)
    }

    /// Where the latest mention of `actor` in `[first, past)` starts.
    pub fn last_of(&self, actor: ActorId, first: usize, past: usize) -> Option<usize> {
        self.within(first, past)
            .filter(|m| m.actor == actor)
            .map(|m| m.first)
            .next_back()
    }

    /// Mentions that end at or before token `past`, latest first.
    pub fn before(&self, past: usize) -> impl Iterator<Item = &MentionAt> {
        let to = self.mentions.partition_point(|m| m.first < past);
        self.mentions[..to]
            .iter()
            .rev()
            .filter(move |m| m.past <= past)
    }

    pub fn has_key(&self, key: &(u8, String)) -> bool {
        self.keys.contains_key(key)
    }

    /// Gives mention `i` (an index into `mentions`) to `actor`, at the end of its mentions:
    /// the caller restores text order once it is done.
    pub fn retarget(&mut self, text: &Text, i: usize, actor: ActorId) {
        let at = self.mentions[i];
        if at.actor == actor {
            return;
        }
        let span = Span::new(text.tokens[at.first].start, text.tokens[at.past - 1].end);
        let from = &mut self.actors[at.actor].mentions;
        if let Some(k) = from.iter().position(|m| m.span == span) {
            let mention = from.remove(k);
            self.actors[actor].mentions.push(mention);
        }
        self.mentions[i].actor = actor;
    }

    /// Forgets the mentions inside tokens `[first, past)`: a dateline names a place, no actor.
    /// The caller drops the actors left unmentioned and sorts again.
    pub fn forget(&mut self, text: &Text, first: usize, past: usize) {
        let inside = |m: &MentionAt| first <= m.first && m.past <= past;
        for m in self.mentions.iter().filter(|m| inside(m)) {
            let span = Span::new(text.tokens[m.first].start, text.tokens[m.past - 1].end);
            self.actors[m.actor].mentions.retain(|x| x.span != span);
            self.covered[m.first..m.past]
                .iter_mut()
                .for_each(|c| *c = false);
        }
        self.mentions.retain(|m| !inside(m));
    }

    /// Drops actors left with no mention, renumbering the rest.
    pub fn drop_unmentioned(&mut self) {
        let mut new_id = vec![None; self.actors.len()];
        let mut next = 0;
        for (id, a) in self.actors.iter().enumerate() {
            if !a.mentions.is_empty() {
                new_id[id] = Some(next);
                next += 1;
            }
        }
        if next == self.actors.len() {
            return;
        }
        self.actors.retain(|a| !a.mentions.is_empty());
        self.keys.retain(|_, id| match new_id[*id] {
            Some(n) => {
                *id = n;
                true
            }
            None => false,
        });
        for m in &mut self.mentions {
            m.actor = new_id[m.actor].expect("a mentioned actor is kept");
        }
    }
}

pub fn sentence_of(segments: &[Segment], token: usize) -> usize {
    segments.partition_point(|s| s.end <= token)
}

/// Only whitespace separates two hits (or a possessive "'s" when `possessive`).
fn adjacent(text: &Text, a: &Hit, b: &Hit, possessive: bool) -> bool {
    if text.tokens[b.first].line_break {
        return false;
    }
    if a.past == b.first {
        return true;
    }
    possessive && a.past + 1 == b.first && matches!(text.low(a.past), "'s" | "\u{2019}s")
}

/// "yasir arafat" → "Yasir Arafat".
fn title_case(words: &[String]) -> String {
    words
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// What an agent can belong to: a country or a dictionary actor ("Gondor" in "Gondor police").
struct Owner {
    code: String,
    name: String,
    country: Option<String>,
}

/// Two hits are items of one list: "A, B", "A and B", "A, and B", "A or B".
fn joined(text: &Text, a: &Hit, b: &Hit) -> bool {
    let between: Vec<&str> = (a.past..b.first).map(|k| text.low(k)).collect();
    matches!(between.as_slice(), [","] | ["and"] | [",", "and"] | ["or"])
}

/// Honorifics before a surname: "Mr Arafat", "Gen. Musharraf".
const HONORIFICS: &[&str] = &[
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "gen", "gen.", "sheikh", "prof.",
];

/// Words joining an agent to the actor it belongs to: "soldiers from Gondor".
const AGENT_OF: &[&str] = &["of", "from", "in"];

pub struct Resolver<'a> {
    pub dict: &'a Dictionaries,
    pub phrases: &'a Phrases,
    pub text: &'a Text<'a>,
    pub segments: &'a [Segment],
    pub date: NaiveDate,
}

impl Resolver<'_> {
    fn country_index(&self, iso3: &str) -> Option<usize> {
        self.dict.countries.iter().position(|c| c.iso3 == iso3)
    }

    /// A leader in office on the article's date holds the record's code and role; before or
    /// after it, the person is one of the country's elites ("Morgan Tsvangirai" in 2001 is not
    /// yet prime minister, "Bill Clinton" in 2005 is a former president).
    fn leader_actor(&self, cast: &mut Cast, index: usize) -> ActorId {
        let l = &self.dict.leaders[index];
        let (code, role) = if l.in_office(self.date) || l.country.is_empty() {
            (l.code.clone(), l.role.clone())
        } else if l.from <= self.date {
            (format!("{}ELI", l.country), format!("former {}", l.role))
        } else {
            (format!("{}ELI", l.country), String::new())
        };
        cast.actor((b'L', l.name.clone()), || Actor {
            code,
            name: l.name.clone(),
            country: Some(l.country.clone()).filter(|c| !c.is_empty()),
            role,
            kind: ActorKind::Person,
            affiliation: None,
            country_reason: None,
            mentions: Vec::new(),
        })
    }

    fn country_actor(&self, cast: &mut Cast, index: usize) -> ActorId {
        cast.country(&self.dict.countries[index])
    }

    /// A shorthand ("the North") stands for its country only capitalised, before no other
    /// name ("the North Atlantic"), and in an article that names the country in full.
    fn shorthand_fits(&self, index: usize, hit: &Hit, hits: &[Hit]) -> bool {
        let m = &self.dict.metonyms[index];
        if !m.shorthand {
            return true;
        }
        let iso3 = m.code.get(..3).unwrap_or_default();
        let text = self.text;
        text.capitalized(hit.past - 1)
            && (hit.past >= text.tokens.len() || !text.capitalized(hit.past))
            && hits.iter().any(|h| {
                h.entries.iter().any(|e| {
                    matches!(*e, Entry::Country { index, .. }
                        if self.dict.countries[index].iso3 == iso3)
                })
            })
    }

    fn metonym_actor(&self, cast: &mut Cast, index: usize) -> ActorId {
        let m = &self.dict.metonyms[index];
        let country = m.code.get(..3).and_then(|iso| self.country_index(iso));
        let name =
            country.map_or_else(|| m.phrase.clone(), |c| self.dict.countries[c].name.clone());
        cast.actor((b'C', m.code.clone()), || Actor {
            code: m.code.clone(),
            name,
            country: country.map(|c| self.dict.countries[c].iso3.clone()),
            role: "government".to_owned(),
            kind: ActorKind::Country,
            affiliation: None,
            country_reason: None,
            mentions: Vec::new(),
        })
    }

    fn igo_actor(&self, cast: &mut Cast, index: usize) -> ActorId {
        let igo = &self.dict.igos[index];
        cast.actor((b'I', igo.code.clone()), || Actor {
            code: igo.code.clone(),
            name: igo.name.clone(),
            country: None,
            role: String::new(),
            kind: ActorKind::Igo,
            affiliation: None,
            country_reason: None,
            mentions: Vec::new(),
        })
    }

    fn group_actor(&self, cast: &mut Cast, index: usize) -> ActorId {
        let g = &self.dict.groups[index];
        cast.actor((b'G', g.code.clone()), || Actor {
            code: g.code.clone(),
            name: g.name.clone(),
            country: Some(g.country.clone()).filter(|c| !c.is_empty()),
            role: g.role.clone(),
            kind: ActorKind::Organization,
            affiliation: None,
            country_reason: None,
            mentions: Vec::new(),
        })
    }

    /// An agent alone ("the police") or belonging to `owner` ("Gondor police", "MSF Gondor");
    /// a `former` one is coded as an elite ("former defence minister" → ELI).
    fn agent_actor(
        &self,
        cast: &mut Cast,
        agent: usize,
        owner: Option<&Owner>,
        former: bool,
    ) -> ActorId {
        let a = &self.dict.agents[agent];
        let role_code = if former { "ELI" } else { a.code.as_str() };
        let code = match (owner, a.placement) {
            (None, _) => role_code.to_owned(),
            // "White House officials": the agent adds nothing the code does not say.
            (Some(o), Placement::Suffix) if o.code.ends_with(role_code) => o.code.clone(),
            (Some(o), Placement::Suffix) => format!("{}{role_code}", o.code),
            (Some(o), Placement::Prefix) => format!("{role_code}{}", o.code),
        };
        let role = if former {
            format!("former {}", a.role)
        } else {
            a.role.clone()
        };
        let name = match owner {
            Some(o) => format!("{} {role}", o.name),
            None => role.clone(),
        };
        cast.actor((b'A', code.clone()), || Actor {
            code,
            name,
            country: owner.and_then(|o| o.country.clone()),
            role,
            kind: ActorKind::Agent,
            // An agent with no affiliation is generic: "the police", with no country said.
            affiliation: owner.map(|o| o.name.clone()),
            country_reason: None,
            mentions: Vec::new(),
        })
    }

    /// The code a PETRARCH actor record has on the article's date: the first dated code
    /// whose period holds it, else the undated one; `None` for the null code. A record whose
    /// periods all miss the date (dictionaries often date a career from when their coverage
    /// starts) keeps the country of its nearest period, as one of its elites.
    fn dated_code(&self, index: usize) -> Option<Cow<'_, str>> {
        let codes = &self.dict.actors[index].codes;
        let dated = |c: &&crate::petrarch::DatedCode| c.from.is_some() || c.to.is_some();
        let found = codes
            .iter()
            .filter(dated)
            .find(|c| c.from.is_none_or(|f| f <= self.date) && c.to.is_none_or(|t| self.date <= t))
            .or_else(|| codes.iter().find(|c| !dated(c)));
        if let Some(found) = found {
            return found.code.as_deref().map(Cow::Borrowed);
        }
        let distance = |c: &crate::petrarch::DatedCode| {
            let before = c.from.map_or(0, |f| (f - self.date).num_days().max(0));
            let after = c.to.map_or(0, |t| (self.date - t).num_days().max(0));
            before + after
        };
        let nearest = codes
            .iter()
            .filter(|c| c.code.is_some())
            .min_by_key(|c| distance(c))?;
        let country = nearest.code.as_deref()?.get(..3)?;
        self.country_index(country)?;
        Some(Cow::Owned(format!("{country}ELI")))
    }

    /// Whether one of the record's dated codes holds on the article's date: the person was in
    /// that office then.
    fn dated_on(&self, index: usize) -> bool {
        self.dict.actors[index].codes.iter().any(|c| {
            c.code.is_some()
                && (c.from.is_some() || c.to.is_some())
                && c.from.is_none_or(|f| f <= self.date)
                && c.to.is_none_or(|t| self.date <= t)
        })
    }

    /// The dictionary record a phrase names; where several share it ("President Bush"), the one
    /// in office on the article's date.
    fn actor_entry(&self, hit: &Hit) -> Option<usize> {
        let mut records = hit.entries.iter().filter_map(|e| match *e {
            Entry::Actor(i) => Some(i),
            _ => None,
        });
        let first = records.next()?;
        if self.dated_on(first) {
            return Some(first);
        }
        Some(records.find(|&i| self.dated_on(i)).unwrap_or(first))
    }

    /// A city a dictionary codes as its country ("Kiev", "Gaza City") where the text names
    /// ground crossed or a part of it: "marched through the streets of Kiev".
    fn only_a_place(&self, hit: &Hit) -> bool {
        let city = |e: &Entry| matches!(e, Entry::Place(_) | Entry::Metonym(_));
        let country = |e: &Entry| matches!(e, Entry::Country { .. });
        hit.entries.iter().any(city)
            && !hit.entries.iter().any(country)
            && crate::places::within(self.text, hit.first)
    }

    fn dictionary_actor(&self, cast: &mut Cast, index: usize, hit: &Hit) -> Option<ActorId> {
        let code = self.dated_code(index)?.into_owned();

        let country = self.country_of_code(&code);
        let surname = hit.entries.contains(&Entry::ActorSurname(index))
            && !hit.entries.contains(&Entry::Actor(index));
        let name = if surname {
            title_case(&self.dict.actors[index].phrases[0])
        } else {
            self.text.doc[hit.start..hit.end].to_owned()
        };
        // "President Kennedy": the title the phrase opens with is the person's role.
        let lower = name.to_lowercase();
        let role = self
            .phrases
            .roles
            .iter()
            .filter(|r| lower.starts_with(r.as_str()) && lower[r.len()..].starts_with(' '))
            .max_by_key(|r| r.len())
            .cloned()
            .unwrap_or_default();
        let kind = if code.starts_with("IGO") {
            ActorKind::Igo
        } else if code.len() == 3 && self.country_index(&code).is_some() {
            ActorKind::Country
        } else if !role.is_empty() {
            ActorKind::Person
        } else {
            ActorKind::Organization
        };
        Some(cast.actor((b'D', format!("{index}:{code}")), || Actor {
            code,
            name,
            country,
            role,
            kind,
            affiliation: None,
            country_reason: None,
            mentions: Vec::new(),
        }))
    }

    /// Surnames of dictionary people standing alone ("Arafat said"), on tokens no other
    /// mention took: not inside a longer name ("Idriss Mahamat") the people finder read.
    pub fn surnames(&self, hits: &[Hit], cast: &mut Cast) {
        let text = self.text;
        for (h, hit) in hits.iter().enumerate() {
            let sentence = sentence_of(self.segments, hit.first);
            let seg = &self.segments[sentence];
            let in_name = |k: usize| {
                text.tokens[k].kind == crate::text::TokenKind::Word
                    && text.capitalized(k)
                    && !cast.covers(k)
            };
            // "President Musharraf", "Mr Arafat": a title is no part of the name.
            let titled = h.checked_sub(1).is_some_and(|p| {
                hits[p].past == hit.first
                    && hits[p]
                        .entries
                        .iter()
                        .any(|e| matches!(e, Entry::Role(_) | Entry::Agent(_)))
            }) || HONORIFICS.contains(&text.low(hit.first.saturating_sub(1)));
            let alone = (hit.first == seg.first || titled || !in_name(hit.first - 1))
                && (hit.past >= seg.end || !in_name(hit.past));
            if seg.kind == SentenceKind::Credit
                || !alone
                || (hit.first..hit.past).any(|k| cast.covers(k))
            {
                continue;
            }
            if let Some(id) = self.surname_actor(cast, hit) {
                cast.mention(
                    text,
                    MentionAt {
                        actor: id,
                        first: hit.first,
                        past: hit.past,
                        sentence,
                        kind: MentionKind::Surname,
                    },
                );
            }
        }
    }

    /// A surname alone ("Arafat"): the person already named in the article, else the only
    /// one of that surname whose dated code holds on the article's date.
    fn surname_actor(&self, cast: &mut Cast, hit: &Hit) -> Option<ActorId> {
        let candidates: Vec<usize> = hit
            .entries
            .iter()
            .filter_map(|e| match *e {
                Entry::ActorSurname(i) => Some(i),
                _ => None,
            })
            .collect();
        let known = |i: usize| {
            self.dated_code(i)
                .is_some_and(|code| cast.has_key(&(b'D', format!("{i}:{code}"))))
        };
        let pick = match candidates.iter().copied().find(|&i| known(i)) {
            Some(i) => i,
            None => {
                let active: Vec<usize> = candidates
                    .iter()
                    .copied()
                    .filter(|&i| self.dated_on(i))
                    .collect();
                // Unnamed before, a surname needs its person's country in the article
                // ("the opera by Wagner" names no official)…
                let in_context = |i: usize| {
                    self.dated_code(i).is_some_and(|code| {
                        code.get(..3).is_some_and(|country| {
                            cast.actors.iter().any(|a| {
                                a.code.starts_with(country) || a.country.as_deref() == Some(country)
                            })
                        })
                    })
                };
                // Or the dictionary knows the person under several names that end in it
                // ("Yasser Arafat", "President Musharraf"), as it does the prominent.
                let prominent = |i: usize| {
                    let phrases = &self.dict.actors[i].phrases;
                    let surname = phrases.first().and_then(|p| p.last());
                    phrases.iter().skip(1).any(|p| p.last() == surname)
                };
                match active.as_slice() {
                    [one] if in_context(*one) || prominent(*one) => *one,
                    _ => return None,
                }
            }
        };
        self.dictionary_actor(cast, pick, hit)
    }

    /// The country a code starts with, when it is one the dictionaries know.
    fn country_of_code(&self, code: &str) -> Option<String> {
        let iso = code.get(..3)?;
        self.country_index(iso)
            .map(|c| self.dict.countries[c].iso3.clone())
    }

    /// The hit as something an agent can belong to: a country, or a dictionary actor.
    fn owner(&self, hit: &Hit) -> Option<Owner> {
        for entry in &hit.entries {
            match *entry {
                Entry::Country { index, .. } => {
                    let c = &self.dict.countries[index];
                    return Some(Owner {
                        code: c.iso3.clone(),
                        name: c.demonyms.first().unwrap_or(&c.name).clone(),
                        country: Some(c.iso3.clone()),
                    });
                }
                Entry::Actor(_) => {
                    let code = self.dated_code(self.actor_entry(hit)?)?.into_owned();
                    return Some(Owner {
                        country: self.country_of_code(&code),
                        name: self.text.doc[hit.start..hit.end].to_owned(),
                        code,
                    });
                }
                _ => {}
            }
        }
        None
    }

    /// `hit` directly modifies `next`: adjacent, possessive ("Gondor's"), or across a few
    /// adjectives ("Dagolath's first deputy prime minister").
    fn modifies(&self, hit: &Hit, next: &Hit) -> bool {
        let text = self.text;
        let mut k = hit.past;
        if matches!(text.low(k), "'s" | "\u{2019}s") {
            k += 1;
        } else if text.raw(k) == "-" && matches!(text.low(k + 1), "led" | "based") {
            // "U.S.-led forces", "Pakistan-based militants".
            k += 2;
        }
        while k < next.first
            && k < hit.past + 6
            && (text.adjective_like(k)
                || crate::people::PORTFOLIOS.contains(&text.low(k))
                || (text.is(k, "and") && k > hit.past))
        {
            k += 1;
        }
        k == next.first && !(hit.past..=next.first).any(|k| text.tokens[k].line_break)
    }

    /// The agent hit that the list of owners starting at hit `k` ends in: "Indian,
    /// Pakistani and Afghan [troops]".
    fn shared_agent(&self, hits: &[Hit], k: usize) -> Option<usize> {
        let mut j = k;
        while j + 2 < hits.len() && j < k + 6 {
            let (n, a) = (&hits[j + 1], &hits[j + 2]);
            if !joined(self.text, &hits[j], n) || self.owner(n).is_none() {
                return None;
            }
            if self.modifies(n, a) {
                let named = self.names_a_person(a, hits.get(j + 3));
                return (self.agent_in(a, Placement::Suffix).is_some() && !named).then_some(j + 2);
            }
            j += 1;
        }
        None
    }

    /// The hit holds only agents that never stand alone ("Colonel"): in a name, a rank.
    fn titles_only(&self, hit: &Hit) -> bool {
        hit.entries
            .iter()
            .all(|e| matches!(*e, Entry::Agent(a) if !self.dict.agents[a].standalone))
    }

    /// A title followed by a name no dictionary knows ("Chadian Colonel Idriss Mahamat"):
    /// the person is the actor, and the people finder reads the title as their rank.
    fn names_a_person(&self, title: &Hit, after: Option<&Hit>) -> bool {
        let text = self.text;
        let k = title.past;
        k < text.tokens.len()
            && text.tokens[k].kind == crate::text::TokenKind::Word
            && text.capitalized(k)
            && after.is_none_or(|a| {
                a.first != k || !a.entries.iter().any(|e| matches!(e, Entry::Actor(_)))
            })
    }

    /// "former" stands in the phrase from just before token `first` up to the agent.
    fn former(&self, first: usize, agent: usize) -> bool {
        (first.saturating_sub(1)..agent).any(|k| self.text.is(k, "former"))
    }

    fn agent_in(&self, hit: &Hit, placement: Placement) -> Option<usize> {
        hit.entries.iter().find_map(|e| match *e {
            Entry::Agent(a) if self.dict.agents[a].placement == placement => Some(a),
            _ => None,
        })
    }

    /// The leader a name stands for: one the article named already, else one in office on
    /// its date (the one it names in full somewhere, as a headline's "Kim" is the body's Kim
    /// Jong-il), else, for a full name, the latest to have held the office.
    fn pick_leader(
        &self,
        cast: &Cast,
        candidates: &[usize],
        full_name: bool,
        named_in_full: &HashSet<usize>,
    ) -> Option<usize> {
        let leaders = &self.dict.leaders;
        if let Some(&c) = candidates
            .iter()
            .find(|&&c| cast.has_key(&(b'L', leaders[c].name.clone())))
        {
            return Some(c);
        }
        let in_office = candidates
            .iter()
            .copied()
            .filter(|&c| leaders[c].in_office(self.date))
            .max_by_key(|&c| (named_in_full.contains(&c), leaders[c].from));
        if in_office.is_some() || !full_name {
            return in_office;
        }
        candidates
            .iter()
            .copied()
            .filter(|&c| leaders[c].from <= self.date)
            .max_by_key(|&c| leaders[c].from)
            .or_else(|| candidates.first().copied())
    }

    /// The office holder for a country and role on the article's date.
    fn title_holder(&self, iso3: &str, role: usize) -> Option<usize> {
        let role = &self.phrases.roles[role];
        self.dict
            .leaders
            .iter()
            .enumerate()
            .filter(|(_, l)| l.country == iso3 && &l.role == role && l.in_office(self.date))
            .max_by_key(|(_, l)| l.from)
            .map(|(i, _)| i)
    }

    /// The holder of a country's office, unnamed: coded as the office's holders are
    /// elsewhere ("foreign minister" → GOV), the government when no one holds it.
    fn office_actor(&self, cast: &mut Cast, country: usize, role: usize) -> ActorId {
        let c = &self.dict.countries[country];
        let role = &self.phrases.roles[role];
        let suffix = self
            .dict
            .leaders
            .iter()
            .find(|l| &l.role == role && l.code.len() > 3)
            .map_or("GOV", |l| &l.code[3..]);
        let code = format!("{}{suffix}", c.iso3);
        cast.actor((b'T', format!("{}:{role}", c.iso3)), || Actor {
            code,
            name: format!("{} {role}", c.adjective()),
            country: Some(c.iso3.clone()),
            role: role.clone(),
            kind: ActorKind::Person,
            affiliation: None,
            country_reason: None,
            mentions: Vec::new(),
        })
    }

    fn leaders_in(hit: &Hit) -> (Vec<usize>, bool) {
        let mut full = false;
        let found = hit
            .entries
            .iter()
            .filter_map(|e| match *e {
                Entry::Leader { index, kind } => {
                    full |= kind != MentionKind::Surname;
                    Some(index)
                }
                _ => None,
            })
            .collect();
        (found, full)
    }

    /// Turns the dictionary hits into mentions, combining modifiers with what they modify.
    pub fn resolve(&self, hits: &[Hit], cast: &mut Cast) {
        let text = self.text;
        let named_in_full: HashSet<usize> = hits
            .iter()
            .map(Self::leaders_in)
            .filter(|(_, full)| *full)
            .flat_map(|(candidates, _)| candidates)
            .collect();
        let mut k = 0;
        while k < hits.len() {
            let hit = &hits[k];
            let sentence = sentence_of(self.segments, hit.first);
            if self.segments[sentence].kind == SentenceKind::Credit {
                k += 1;
                continue;
            }
            let next = hits.get(k + 1);
            let after = hits.get(k + 2);
            let modifier = hit.entries.iter().find_map(|e| match *e {
                Entry::Country { index, kind } => Some((index, kind)),
                _ => None,
            });
            let role = |h: &Hit| h.find(|e| matches!(e, Entry::Role(_)));
            let agent = |h: &Hit| h.find(|e| matches!(e, Entry::Agent(_)));
            let leader = |h: &Hit| !Self::leaders_in(h).0.is_empty();
            let push = |cast: &mut Cast, actor, past, kind| {
                cast.mention(
                    text,
                    MentionAt {
                        actor,
                        first: hit.first,
                        past,
                        sentence,
                        kind,
                    },
                );
            };
            // [Russian] [President] [Vladimir Putin], [President] [Donald Trump]
            let named = if let Some(n) =
                next.filter(|n| role(hit).is_some() && adjacent(text, hit, n, false) && leader(n))
            {
                Some((n, k + 2))
            } else if let (Some(_), Some(n), Some(a)) = (modifier, next, after)
                && role(n).is_some()
                && adjacent(text, hit, n, true)
                && adjacent(text, n, a, false)
                && leader(a)
            {
                Some((a, k + 3))
            } else {
                None
            };
            if let Some((name_hit, resume)) = named {
                let (candidates, _) = Self::leaders_in(name_hit);
                if let Some(l) = self.pick_leader(cast, &candidates, true, &named_in_full) {
                    let id = self.leader_actor(cast, l);
                    push(cast, id, name_hit.past, MentionKind::Name);
                }
                k = resume;
                continue;
            }
            // [MSF] [Gondor] ([diplomat]): an agent written before its owner.
            if let (Some(a), Some(n)) = (self.agent_in(hit, Placement::Prefix), next)
                && adjacent(text, hit, n, false)
                && let Some(owner) = self.owner(n)
            {
                let id = self.agent_actor(cast, a, Some(&owner), self.former(hit.first, hit.first));
                if let Some(s) = after
                    && adjacent(text, n, s, true)
                    && let Some(suffix) = self.agent_in(s, Placement::Suffix)
                {
                    let combined = Owner {
                        code: cast.actors[id].code.clone(),
                        name: cast.actors[id].name.clone(),
                        country: owner.country.clone(),
                    };
                    let former = self.former(hit.first, s.first);
                    let id = self.agent_actor(cast, suffix, Some(&combined), former);
                    push(cast, id, s.past, MentionKind::Name);
                    k += 3;
                    continue;
                }
                push(cast, id, n.past, MentionKind::Name);
                k += 2;
                continue;
            }
            // [soldiers] from [Gondor], [the relief agency] of [Gondor]
            let any_agent = self
                .agent_in(hit, Placement::Suffix)
                .or_else(|| self.agent_in(hit, Placement::Prefix));
            if let (Some(a), Some(n)) = (any_agent, next)
                && n.first == hit.past + 1
                && AGENT_OF.contains(&text.low(hit.past))
                && let Some(owner) = self.owner(n)
            {
                let former = self.former(hit.first, hit.first);
                let id = self.agent_actor(cast, a, Some(&owner), former);
                push(cast, id, n.past, MentionKind::Name);
                // "the ambassadors of Arnor, Osgiliath and Gondor": each is the agent's too.
                let mut last = k + 1;
                while let Some(more) = hits.get(last + 1)
                    && joined(text, &hits[last], more)
                    && let Some(owner) = self.owner(more)
                {
                    let id = self.agent_actor(cast, a, Some(&owner), former);
                    cast.mention(
                        text,
                        MentionAt {
                            actor: id,
                            first: more.first,
                            past: more.past,
                            sentence,
                            kind: MentionKind::Name,
                        },
                    );
                    last += 1;
                }
                k = last + 1;
                continue;
            }
            if let (Some((country, _)), Some(n)) = (modifier, next)
                && adjacent(text, hit, n, true)
                && let Some(Entry::Role(r)) = role(n)
            {
                // "the Russian president" is whoever held the post on the article's date; an
                // office the dictionary has no holder for is still that country's office.
                // A name after the title is the person, read by the people finder.
                let id = match self.title_holder(&self.dict.countries[country].iso3, r) {
                    Some(l) => Some(self.leader_actor(cast, l)),
                    None if !self.names_a_person(n, after) => {
                        Some(self.office_actor(cast, country, r))
                    }
                    None => None,
                };
                if let Some(id) = id {
                    push(cast, id, n.past, MentionKind::Title);
                }
                k += 2;
                continue;
            }
            // [Indian] and [Pakistani troops], [U.S.] and [British warships]: an adjective
            // listed before another country's agent shares that agent.
            if let Some((_, kind)) = modifier
                && ((kind == MentionKind::Demonym && !text.low(hit.past - 1).ends_with('s'))
                    || text.raw(hit.past - 1).contains('.'))
                && let Some(a) = self.shared_agent(hits, k)
                && let Some(agent) = self.agent_in(&hits[a], Placement::Suffix)
                && let Some(owner) = self.owner(hit)
            {
                let a = &hits[a];
                let id =
                    self.agent_actor(cast, agent, Some(&owner), self.former(hit.first, a.first));
                push(cast, id, hit.past, MentionKind::Demonym);
                k += 1;
                continue;
            }
            // [Gondor] [police], [Gondor]'s [government], and the name that may follow:
            // [Bree] [Prime Minister] [Romendacil] is one actor, the minister.
            if let (Some(owner), Some(n)) = (self.owner(hit), next)
                && self.modifies(hit, n)
                && let Some(a) = self.agent_in(n, Placement::Suffix)
                && !self.names_a_person(n, after)
            {
                let id = self.agent_actor(cast, a, Some(&owner), self.former(hit.first, n.first));
                let named = after.filter(|name| {
                    adjacent(text, n, name, false)
                        && name.entries.iter().any(|e| matches!(e, Entry::Actor(_)))
                });
                let mut past = named.map_or(n.past, |name| name.past);
                let mut resume = k + if named.is_some() { 3 } else { 2 };
                // "Israeli F-16 warplanes": further agents name the same actor.
                while named.is_none()
                    && let Some(more) = hits.get(resume)
                    && more.first == past
                    && self.agent_in(more, Placement::Suffix).is_some()
                    && !self.names_a_person(more, hits.get(resume + 1))
                {
                    past = more.past;
                    resume += 1;
                }
                push(cast, id, past, MentionKind::Demonym);
                k = resume;
                continue;
            }
            let (candidates, full) = Self::leaders_in(hit);
            if !candidates.is_empty()
                && self.plausible_name(hit, full)
                && let Some(l) = self.pick_leader(cast, &candidates, full, &named_in_full)
            {
                let id = self.leader_actor(cast, l);
                let kind = hit
                    .entries
                    .iter()
                    .find_map(|e| match *e {
                        Entry::Leader { index, kind } if index == l => Some(kind),
                        _ => None,
                    })
                    .unwrap_or(MentionKind::Name);
                push(cast, id, hit.past, kind);
                k += 1;
                continue;
            }
            if let Some(Entry::Igo { index, kind }) = hit.find(|e| matches!(e, Entry::Igo { .. })) {
                let id = self.igo_actor(cast, index);
                push(cast, id, hit.past, kind);
            } else if let Some(Entry::Group { index, kind }) =
                hit.find(|e| matches!(e, Entry::Group { .. }))
            {
                let id = self.group_actor(cast, index);
                push(cast, id, hit.past, kind);
            } else if let Some((country, kind)) =
                modifier.filter(|&(_, kind)| kind != MentionKind::Demonym)
            {
                let id = self.country_actor(cast, country);
                push(cast, id, hit.past, kind);
            } else if let Some(a) = self
                .actor_entry(hit)
                .filter(|_| modifier.is_none() && !self.only_a_place(hit))
            {
                // Brink's own country entries, demonyms included, read the phrase first.
                if let Some(id) = self.dictionary_actor(cast, a, hit) {
                    push(cast, id, hit.past, MentionKind::Name);
                }
            } else if let Some(Entry::Metonym(m)) = hit
                .find(|e| matches!(e, Entry::Metonym(_)))
                .filter(|_| !crate::places::located(text, hit.first, hit.past))
                // "a Moscow theatre": a capital after an indefinite article is a place.
                .filter(|_| hit.first == 0 || !matches!(text.low(hit.first - 1), "a" | "an"))
                .filter(|e| match *e {
                    Entry::Metonym(m) => self.shorthand_fits(m, hit, hits),
                    _ => true,
                })
            {
                let id = self.metonym_actor(cast, m);
                push(cast, id, hit.past, MentionKind::Metonym);
            } else if let Some((country, kind)) = modifier {
                // A demonym before another capitalised word is part of a name ("Russian Academy").
                let in_name = hit.past < text.tokens.len()
                    && text.capitalized(hit.past)
                    && text.tokens[hit.past].start > text.tokens[hit.past - 1].end
                    && next.is_none_or(|n| n.first != hit.past || self.titles_only(n));
                if !in_name {
                    let id = self.country_actor(cast, country);
                    push(cast, id, hit.past, kind);
                }
            } else if let Some(Entry::Agent(a)) = agent(hit)
                && self.dict.agents[a].standalone
            {
                let id = self.agent_actor(cast, a, None, self.former(hit.first, hit.first));
                push(cast, id, hit.past, MentionKind::Name);
            } else if let Some(Entry::Role(r)) = role(hit) {
                // "the president": the person already named with that role most often, the
                // first named on a tie; the story's own president outweighs a visitor.
                let role = &self.phrases.roles[r];
                let mut counts: HashMap<ActorId, usize> = HashMap::new();
                for m in &cast.mentions {
                    let a = &cast.actors[m.actor];
                    if a.kind == ActorKind::Person && &a.role == role {
                        *counts.entry(m.actor).or_default() += 1;
                    }
                }
                let first = |a: ActorId| cast.mentions.iter().position(|m| m.actor == a);
                let earlier = counts
                    .into_iter()
                    .max_by_key(|&(a, n)| (n, std::cmp::Reverse(first(a))))
                    .map(|(a, _)| a);
                let the = hit.first > 0 && text.is(hit.first - 1, "the");
                if let Some(id) = earlier.filter(|_| the) {
                    push(cast, id, hit.past, MentionKind::Title);
                }
            }
            k += 1;
        }
    }

    /// Bare surnames must look like names: capitalised and not a date ("in May 2017").
    fn plausible_name(&self, hit: &Hit, full: bool) -> bool {
        if full {
            return true;
        }
        let text = self.text;
        let capital = text.capitalized(hit.first);
        // "Howard Dean", "Jonathan Powell": a surname before another name is a first name
        // (not in a title-case headline: "Macron Says").
        let next = hit.past;
        let headline =
            self.segments[sentence_of(self.segments, hit.first)].kind == SentenceKind::Headline;
        let first_name = !headline
            && next < text.tokens.len()
            && text.tokens[next].kind == crate::text::TokenKind::Word
            && text.capitalized(next)
            && text.tokens[next].start == text.tokens[next - 1].end + 1
            && !text.tokens[next].line_break
            && crate::dates::weekday(text.low(next)).is_none();
        if first_name {
            return false;
        }
        let before = hit.first.checked_sub(1).map(|i| text.low(i));
        let dated = matches!(
            before,
            Some("in" | "since" | "until" | "of" | "early" | "late" | "mid" | "by")
        ) || text
            .tokens
            .get(hit.past)
            .is_some_and(|t| t.kind == crate::text::TokenKind::Number);
        capital && !dated
    }
}
