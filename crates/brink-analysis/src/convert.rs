//! The edge between the NLP core and the wire: domain analysis → protobuf, with byte offsets
//! turned into the character offsets the contract promises.

use brink_proto::v1 as pb;

use brink_nlp::Analyzer;
use brink_nlp::model::{self, ActorId, Span};
use chrono::NaiveDate;

/// Maps UTF-8 byte offsets of one document to character offsets.
struct Offsets<'a> {
    text: &'a str,
    /// Byte position of every character start; empty for ASCII text, where both agree.
    starts: Vec<usize>,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        let starts = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(i, _)| i).collect()
        };
        Offsets { text, starts }
    }

    fn chars(&self, byte: usize) -> u32 {
        let index = if self.starts.is_empty() {
            byte
        } else {
            self.starts.partition_point(|&start| start < byte)
        };
        u32::try_from(index).unwrap_or(u32::MAX)
    }

    fn text(&self, span: Span) -> String {
        self.text
            .get(span.start..span.end)
            .unwrap_or_default()
            .to_owned()
    }

    /// Where `span` lies, without its text.
    fn place(&self, sentence: usize, span: Span) -> pb::Evidence {
        pb::Evidence {
            sentence: u32::try_from(sentence).unwrap_or(u32::MAX),
            start: self.chars(span.start),
            end: self.chars(span.end),
            text: String::new(),
        }
    }

    fn evidence(&self, sentence: usize, span: Span) -> pb::Evidence {
        pb::Evidence {
            text: self.text(span),
            ..self.place(sentence, span)
        }
    }
}

/// Converts an analysis of `text` (the composed document) for article `article_id` (empty for
/// ad-hoc analyses).
/// Analyses one article and converts the result for the wire: the single path from article
/// text to `pb::Analysis` that the service, its log consumer and the CLI share.
pub fn analyze(
    analyzer: &Analyzer,
    article_id: &str,
    title: &str,
    body: &str,
    published: Option<NaiveDate>,
) -> pb::Analysis {
    let analysis = analyzer.analyze(title, body, published);
    pb::Analysis {
        analyzer_version: analyzer.version(),
        ..self::analysis(article_id, &model::compose(title, body), &analysis)
    }
}

fn analysis(article_id: &str, text: &str, analysis: &model::Analysis) -> pb::Analysis {
    let offsets = Offsets::new(text);
    let actor_ref = |id: Option<ActorId>| id.and_then(|id| actor_ref(analysis, id));
    let id_prefix = if article_id.is_empty() {
        "adhoc"
    } else {
        article_id
    };
    pb::Analysis {
        article_id: article_id.to_owned(),
        language: analysis.language.clone(),
        sentences: analysis
            .sentences
            .iter()
            .enumerate()
            .map(|(index, s)| pb::Sentence {
                index: u32::try_from(index).unwrap_or(u32::MAX),
                start: offsets.chars(s.span.start),
                end: offsets.chars(s.span.end),
                kind: sentence_kind(s.kind) as i32,
                tone: Some(tone(&s.tone)),
                text: offsets.text(s.span),
            })
            .collect(),
        actors: analysis
            .actors
            .iter()
            .enumerate()
            .map(|(id, a)| pb::Actor {
                id: actor_id(id),
                code: a.code.clone(),
                name: a.name.clone(),
                country: a.country.clone().unwrap_or_default(),
                role: a.role.clone(),
                kind: actor_kind(a.kind) as i32,
                affiliation: a.affiliation.clone().unwrap_or_default(),
                country_reason: a
                    .country_reason
                    .map_or(pb::CountryReason::Unspecified, country_reason)
                    as i32,
                mentions: a
                    .mentions
                    .iter()
                    .map(|m| pb::Mention {
                        kind: mention_kind(m.kind) as i32,
                        evidence: Some(offsets.evidence(m.sentence, m.span)),
                    })
                    .collect(),
            })
            .collect(),
        quotes: analysis
            .quotes
            .iter()
            .map(|q| pb::Quote {
                text: q.text.clone(),
                speaker: actor_ref(q.speaker),
                verb: q.verb.clone(),
                kind: quote_kind(q.kind) as i32,
                evidence: Some(offsets.evidence(q.sentence, q.span)),
                attribution: q.attribution.map(|span| offsets.evidence(q.sentence, span)),
            })
            .collect(),
        events: analysis
            .events
            .iter()
            .enumerate()
            .map(|(n, e)| pb::Event {
                id: format!("{id_prefix}/{n}"),
                source: actor_ref(e.source),
                target: actor_ref(e.target),
                cameo_code: e.code.clone(),
                cameo_root: e.root.clone(),
                label: e.label.clone(),
                quad_class: e.quad_class.map_or(0, |q| q as i32),
                goldstein: e.goldstein,
                plover: e.plover.clone(),
                negated: e.negated,
                hypothetical: e.hypothetical,
                claimed_by: actor_ref(e.claimed_by),
                date: e.date.map(|d| d.to_string()).unwrap_or_default(),
                place: e
                    .place
                    .and_then(|p| analysis.places.get(p))
                    .map(|p| place(&offsets, p)),
                // The sentence's text is in `sentences`: one copy per event would make the
                // analysis grow with events times sentence length.
                evidence: analysis
                    .sentences
                    .get(e.sentence)
                    .map(|s| offsets.place(e.sentence, s.span)),
                trigger: Some(offsets.evidence(e.sentence, e.trigger)),
                tone: e.tone,
                rule: e.rule.clone(),
            })
            .collect(),
        tone: Some(tone(&analysis.tone)),
        dates: analysis
            .dates
            .iter()
            .map(|d| pb::DateMention {
                resolved: d.resolved.to_string(),
                granularity: granularity(d.granularity) as i32,
                evidence: Some(offsets.evidence(d.sentence, d.span)),
            })
            .collect(),
        places: analysis.places.iter().map(|p| place(&offsets, p)).collect(),
        analyzer_version: String::new(),
        analyzed_at: Some(brink_proto::time::to_timestamp(chrono::Utc::now())),
        dropped: dropped(&analysis.dropped),
    }
}

fn dropped(d: &model::Dropped) -> Option<pb::Dropped> {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    (*d != model::Dropped::default()).then(|| pb::Dropped {
        actors: count(d.actors),
        quotes: count(d.quotes),
        events: count(d.events),
    })
}

fn actor_id(index: ActorId) -> String {
    format!("A{}", index + 1)
}

fn actor_ref(analysis: &model::Analysis, id: ActorId) -> Option<pb::ActorRef> {
    let actor = analysis.actors.get(id)?;
    Some(pb::ActorRef {
        actor_id: actor_id(id),
        code: actor.code.clone(),
        name: actor.name.clone(),
        country: actor.country.clone().unwrap_or_default(),
    })
}

fn place(offsets: &Offsets<'_>, p: &model::Place) -> pb::Place {
    pb::Place {
        name: p.name.clone(),
        country: p.country.clone(),
        kind: p.kind.clone(),
        latitude: p.latitude,
        longitude: p.longitude,
        evidence: Some(offsets.evidence(p.sentence, p.span)),
    }
}

fn tone(t: &model::Tone) -> pb::Tone {
    pb::Tone {
        tone: t.tone,
        positive: t.positive,
        negative: t.negative,
        polarity: t.polarity,
        word_count: t.word_count,
    }
}

fn sentence_kind(kind: model::SentenceKind) -> pb::SentenceKind {
    match kind {
        model::SentenceKind::Headline => pb::SentenceKind::Headline,
        model::SentenceKind::Body => pb::SentenceKind::Body,
        model::SentenceKind::Caption => pb::SentenceKind::Caption,
        model::SentenceKind::Credit => pb::SentenceKind::Credit,
    }
}

fn actor_kind(kind: model::ActorKind) -> pb::ActorKind {
    match kind {
        model::ActorKind::Country => pb::ActorKind::Country,
        model::ActorKind::Person => pb::ActorKind::Person,
        model::ActorKind::Igo => pb::ActorKind::Igo,
        model::ActorKind::Organization => pb::ActorKind::Organization,
        model::ActorKind::Agent => pb::ActorKind::Agent,
    }
}

fn country_reason(reason: model::CountryReason) -> pb::CountryReason {
    match reason {
        model::CountryReason::Named => pb::CountryReason::Named,
        model::CountryReason::Nearby => pb::CountryReason::Nearby,
        model::CountryReason::Sentence => pb::CountryReason::Sentence,
        model::CountryReason::Article => pb::CountryReason::Article,
        model::CountryReason::Owner => pb::CountryReason::Owner,
    }
}

fn mention_kind(kind: model::MentionKind) -> pb::MentionKind {
    match kind {
        model::MentionKind::Name => pb::MentionKind::Name,
        model::MentionKind::Alias => pb::MentionKind::Alias,
        model::MentionKind::Demonym => pb::MentionKind::Demonym,
        model::MentionKind::Metonym => pb::MentionKind::Metonym,
        model::MentionKind::Title => pb::MentionKind::Title,
        model::MentionKind::Surname => pb::MentionKind::Surname,
        model::MentionKind::Pronoun => pb::MentionKind::Pronoun,
    }
}

fn quote_kind(kind: model::QuoteKind) -> pb::QuoteKind {
    match kind {
        model::QuoteKind::Direct => pb::QuoteKind::Direct,
        model::QuoteKind::Partial => pb::QuoteKind::Partial,
        model::QuoteKind::Reported => pb::QuoteKind::Reported,
    }
}

fn granularity(g: model::DateGranularity) -> pb::DateGranularity {
    match g {
        model::DateGranularity::Day => pb::DateGranularity::Day,
        model::DateGranularity::Week => pb::DateGranularity::Week,
        model::DateGranularity::Month => pb::DateGranularity::Month,
        model::DateGranularity::Year => pb::DateGranularity::Year,
    }
}

#[cfg(test)]
mod tests {
    use brink_nlp::model::Limits;
    use prost::Message;

    use super::*;

    /// One sentence in which every clause is an event of its own (a fact stated twice is one
    /// event): the shape that made the analysis grow with events times sentence length (each
    /// event repeated the whole sentence).
    fn poison(clauses: usize) -> String {
        const COUNTRIES: [&str; 20] = [
            "Russia", "Ukraine", "France", "Germany", "Spain", "Italy", "Poland", "Japan", "China",
            "India", "Brazil", "Chile", "Peru", "Kenya", "Egypt", "Iran", "Iraq", "Syria",
            "Turkey", "Greece",
        ];
        let n = COUNTRIES.len();
        let mut text = (0..clauses)
            .map(|i| {
                let (a, b) = (i % n, (i % n + 1 + i / n % (n - 1)) % n);
                format!("{} condemned {}", COUNTRIES[a], COUNTRIES[b])
            })
            .collect::<Vec<_>>()
            .join(" and ");
        text.push('.');
        text
    }

    fn uncapped() -> Analyzer {
        Analyzer::load(None)
            .expect("dictionaries")
            .with_limits(Limits {
                actors_per_article: usize::MAX,
                actors_per_sentence: usize::MAX,
                quotes_per_article: usize::MAX,
                quotes_per_sentence: usize::MAX,
                events_per_article: usize::MAX,
                events_per_sentence: usize::MAX,
            })
    }

    #[test]
    fn analysis_size_is_linear_in_the_sentence() {
        let analyzer = uncapped();
        let size = |clauses| {
            let analysis = analyze(&analyzer, "art-1", "", &poison(clauses), None);
            assert!(
                analysis.events.len() >= clauses,
                "{}",
                analysis.events.len()
            );
            assert!(analysis.dropped.is_none());
            analysis.encoded_len()
        };
        let (small, large) = (size(50), size(200));
        // Four times the text: four times the record, give or take, not sixteen.
        assert!(large < small * 5, "{small} bytes, then {large} bytes");
        let analysis = analyze(&analyzer, "art-1", "", &poison(3), None);
        let event = &analysis.events[0];
        let evidence = event.evidence.as_ref().expect("evidence");
        assert!(evidence.text.is_empty());
        assert_eq!(
            analysis.sentences[evidence.sentence as usize].text,
            poison(3)
        );
        assert_eq!(event.trigger.as_ref().expect("trigger").text, "condemned");
    }

    #[test]
    fn caps_drop_and_count() {
        let analyzer = Analyzer::load(None)
            .expect("dictionaries")
            .with_limits(Limits {
                events_per_sentence: 7,
                actors_per_sentence: 3,
                ..Limits::DEFAULT
            });
        let analysis = analyze(&analyzer, "art-1", "", &poison(20), None);
        let dropped = analysis.dropped.expect("dropped");
        assert!(analysis.events.len() <= 7, "{}", analysis.events.len());
        assert!(dropped.events > 0);
        // Twenty countries act in the sentence; three are kept.
        assert_eq!(analysis.actors.len(), 3);
        assert_eq!(dropped.actors, 17);
        let named: Vec<&str> = analysis.actors.iter().map(|a| a.id.as_str()).collect();
        for event in &analysis.events {
            for party in [&event.source, &event.target].into_iter().flatten() {
                assert!(named.contains(&party.actor_id.as_str()), "{party:?}");
            }
        }
    }

    #[test]
    fn byte_offsets_become_character_offsets() {
        let text = "Élysée: ça va. Kyiv";
        let offsets = Offsets::new(text);
        let kyiv = text.find("Kyiv").expect("present");
        assert_eq!(offsets.chars(kyiv), 15);
        let evidence = offsets.evidence(1, Span::new(kyiv, text.len()));
        assert_eq!(
            (evidence.start, evidence.end, evidence.text.as_str()),
            (15, 19, "Kyiv")
        );
        let ascii = Offsets::new("plain text");
        assert_eq!(ascii.chars(6), 6);
    }
}
