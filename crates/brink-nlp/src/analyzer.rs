//! The analyser: dictionaries compiled once, then one pass per document through text,
//! actors, quotes, events, tone, dates and places.

use std::path::Path;

use chrono::NaiveDate;

use crate::actors::{Cast, Resolver, sentence_of};
use crate::affiliation::Localizer;
use crate::dictionary::{Dictionaries, DictionaryError, Sources};
use crate::events::{Coder, Found, Verbs};
use crate::lexicon::Lexicon;
use crate::model::{self, Analysis, Dropped, Event, Limits, Sentence, SentenceKind, Span};
use crate::people::Finder;
use crate::petrarch::Notice;
use crate::phrases::Phrases;
use crate::quotes::{Quoter, marks};
use crate::text::{Text, dateline, segment};
use crate::tone::{Tally, tally};
use crate::{dates, places};

pub struct Analyzer {
    dict: Dictionaries,
    phrases: Phrases,
    verbs: Verbs,
    lexicon: Lexicon,
    limits: Limits,
}

impl Analyzer {
    /// Built-in dictionaries plus, when given, a directory whose files of the same names add or
    /// override rows.
    pub fn load(extra: Option<&Path>) -> Result<Analyzer, DictionaryError> {
        Self::from_sources(&Sources {
            dir: extra,
            no_builtin: false,
        })
    }

    pub fn from_sources(sources: &Sources) -> Result<Analyzer, DictionaryError> {
        let mut dict = Dictionaries::load(sources)?;
        let phrases = Phrases::compile(&dict);
        let verbs = Verbs::compile(&dict)?;
        let lexicon = Lexicon::compile(std::mem::take(&mut dict.lexicon));
        Ok(Analyzer {
            dict,
            phrases,
            verbs,
            lexicon,
            limits: Limits::default(),
        })
    }

    /// The same analyser keeping at most `limits` in each analysis.
    pub fn with_limits(self, limits: Limits) -> Analyzer {
        Analyzer { limits, ..self }
    }

    /// The analyser and the dictionaries it codes with: `0.1.0+dict.1f2e…`.
    pub fn version(&self) -> String {
        format!("{}+dict.{}", env!("CARGO_PKG_VERSION"), self.dict.version)
    }

    /// Dictionary entries that were skipped while loading, each naming its file and line.
    pub fn notices(&self) -> &[Notice] {
        &self.dict.notices
    }

    /// Analyses `model::compose(title, body)`; `published` anchors relative dates and decides
    /// who held an office ("the president").
    pub fn analyze(&self, title: &str, body: &str, published: Option<NaiveDate>) -> Analysis {
        let doc = model::compose(title, body);
        let title_len = if title.trim().is_empty() {
            0
        } else {
            title.trim().len()
        };
        let text = Text::new(&doc);
        if text.tokens.is_empty() {
            return Analysis {
                language: "en".to_owned(),
                ..Analysis::default()
            };
        }
        let segments = segment(&text, title_len);
        let hits = self.phrases.scan(&text);
        let date = published.unwrap_or_else(|| chrono::Utc::now().date_naive());

        let mut cast = Cast::new(text.tokens.len());
        let resolver = Resolver {
            dict: &self.dict,
            phrases: &self.phrases,
            text: &text,
            segments: &segments,
            date,
        };
        resolver.resolve(&hits, &mut cast);
        cast.sort();
        let finder = Finder {
            dict: &self.dict,
            text: &text,
            segments: &segments,
            hits: &hits,
        };
        finder.names(&mut cast);
        // Dictionary people by surname alone, where the text named no one else so.
        resolver.surnames(&hits, &mut cast);
        let filed = dateline(&text, &segments);
        if let Some((first, past)) = filed {
            cast.forget(&text, first, past);
            cast.drop_unmentioned();
        }
        cast.sort();
        Localizer {
            dict: &self.dict,
            text: &text,
            segments: &segments,
            hits: &hits,
            dateline: filed,
        }
        .localize(&mut cast);
        cast.sort();
        let quote_marks = marks(&text, &segments);
        finder.speakers(&mut cast, &quote_marks);
        finder.pronouns(&mut cast);
        finder.opposition(&mut cast);
        for actor in &mut cast.actors {
            if actor.country.is_some() && actor.country_reason.is_none() {
                actor.country_reason = Some(model::CountryReason::Named);
            }
        }

        let quoter = Quoter {
            text: &text,
            segments: &segments,
            cast: &cast,
        };
        let mut quotes = quoter.quotes(&quote_marks);
        quotes.extend(quoter.reported(&quote_marks));
        quotes.sort_by_key(|q| q.span.start);
        let quoted: Vec<(Span, Option<usize>)> = quotes
            .iter()
            .filter(|q| q.kind != model::QuoteKind::Reported)
            .map(|q| (q.span, q.speaker))
            .collect();

        let mut article = Tally::default();
        let sentences: Vec<Sentence> = segments
            .iter()
            .map(|seg| {
                let t = tally(&self.dict.tone, &text, seg);
                if seg.kind != SentenceKind::Credit {
                    article.add(t);
                }
                Sentence {
                    span: seg.span(&text),
                    kind: seg.kind,
                    tone: t.tone(),
                }
            })
            .collect();
        let dates = dates::find(&text, &segments, published);
        let places = places::Finder {
            dict: &self.dict,
            text: &text,
            segments: &segments,
            hits: &hits,
            cast: &cast,
        }
        .find();
        let mut found = Coder {
            dict: &self.dict,
            verbs: &self.verbs,
            lexicon: &self.lexicon,
            text: &text,
            segments: &segments,
            cast: &cast,
            quoted: &quoted,
            places: &places,
            dateline: filed,
        }
        .events();
        // "killed 12 people in Baghdad": the people of the country where it happened.
        for f in &mut found {
            let Some(victims) = &f.victims else { continue };
            let Some(country) = self
                .dict
                .countries
                .iter()
                .find(|c| c.iso3 == victims.country)
            else {
                continue;
            };
            let people = cast.country(country);
            let actor = &mut cast.actors[people];
            if let Some(place) = victims.place.map(|p| &places[p])
                && actor.mentions.is_empty()
            {
                actor.mentions.push(model::Mention {
                    kind: model::MentionKind::Metonym,
                    sentence: place.sentence,
                    span: place.span,
                });
                actor.country_reason = Some(model::CountryReason::Nearby);
            }
            actor
                .country_reason
                .get_or_insert(model::CountryReason::Named);
            f.target = Some(people);
        }
        // Where the story was filed: the scene of its events that say no other, when their
        // source is of that country, or, for deeds, their target.
        let filed_at = filed.and_then(|(first, past)| {
            places.iter().position(|p| {
                let t = text.token_at(p.span.start);
                first <= t && t < past && !p.country.is_empty()
            })
        });
        let of_filed = |id: Option<usize>| {
            let country = filed_at.map(|p| places[p].country.as_str());
            id.is_some_and(|a| cast.actors[a].country.as_deref() == country)
        };

        // Sentences (or, for a story-wide phrase, the whole article) the discard list rules out.
        let discards = self.phrases.discards(&text, &self.dict);
        let whole_story = discards.iter().any(|d| d.whole_story);
        let discarded: Vec<usize> = discards
            .iter()
            .map(|d| sentence_of(&segments, d.token))
            .collect();
        // "…," Howard told reporters: the verb that attributes a quote is no statement event.
        let attributions: Vec<Span> = quotes
            .iter()
            .filter(|q| q.kind != model::QuoteKind::Reported)
            .filter_map(|q| q.attribution)
            .collect();
        let attributes_a_quote = |f: &Found| {
            f.code.starts_with("01")
                && attributions
                    .iter()
                    .any(|a| a.start <= f.trigger.start && f.trigger.start < a.end)
        };
        let events = found
            .into_iter()
            .filter(|f| !whole_story && !discarded.contains(&f.sentence))
            .filter(|f| !attributes_a_quote(f))
            .map(|f| {
                // A code the codebook does not list (a custom dictionary's) keeps no weights.
                let cameo = self.dict.cameo_for(&f.code);
                let first_date = dates.partition_point(|d| d.sentence < f.sentence);
                let date = dates
                    .get(first_date)
                    .filter(|d| d.sentence == f.sentence)
                    .map(|d| d.resolved)
                    .or(published);
                let place = places::Scene {
                    head: text.token_at(f.trigger.start),
                    source: f.source,
                    target: f.target,
                }
                .find(&text, &segments[f.sentence], &cast, &places)
                .or(filed_at.filter(|_| {
                    // Words are said where the speaker is; deeds, meetings and visits happen
                    // where the target is.
                    let material = f.code.starts_with("04")
                        || cameo.is_some_and(|c| {
                            matches!(
                                c.quad_class,
                                model::QuadClass::MaterialCooperation
                                    | model::QuadClass::MaterialConflict
                            )
                        });
                    of_filed(f.source) || (material && of_filed(f.target))
                }));
                Event {
                    source: f.source,
                    target: f.target,
                    root: f.code.get(..2).unwrap_or(&f.code).to_owned(),
                    code: f.code,
                    label: cameo.map(|c| c.label.clone()).unwrap_or_default(),
                    quad_class: cameo.map(|c| c.quad_class),
                    goldstein: cameo.map_or(0.0, |c| c.goldstein),
                    plover: cameo.map(|c| c.plover.clone()).unwrap_or_default(),
                    negated: f.negated,
                    hypothetical: f.hypothetical,
                    claimed_by: f.claimed_by,
                    date,
                    place,
                    sentence: f.sentence,
                    trigger: f.trigger,
                    tone: sentences[f.sentence].tone.tone,
                    rule: f.rule,
                }
            })
            .collect();

        let mut analysis = Analysis {
            language: "en".to_owned(),
            tone: article.tone(),
            sentences,
            actors: cast.actors,
            quotes,
            events,
            dates,
            places,
            dropped: Dropped::default(),
        };
        analysis.cap(&self.limits);
        analysis
    }
}
