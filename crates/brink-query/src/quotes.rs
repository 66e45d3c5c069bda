//! Quotes with their speaker, the actors named inside them, and a page-wise filter.

use brink_proto::v1::{ActorRef, Analysis, Article, ListQuotesRequest, QuoteHit};
use prost::Message;

use crate::day::Day;
use crate::error::Error;
use crate::page::{self, Page};

const MAX_TEXT: usize = 200;

/// Key: day, article id, ordinal within the article.
pub fn key(day: Day, article_id: &str, ordinal: usize) -> Vec<u8> {
    let mut key = day.key().to_vec();
    key.extend_from_slice(article_id.as_bytes());
    key.push(0);
    key.extend_from_slice(&(ordinal as u32).to_be_bytes());
    key
}

/// Every quote of an analysis, with the other actors mentioned inside the quoted span.
pub fn hits(article: &Article, analysis: &Analysis, day: Day) -> Vec<QuoteHit> {
    analysis
        .quotes
        .iter()
        .map(|quote| {
            let span = quote.evidence.as_ref().map_or(0..0, |e| e.start..e.end);
            let speaker = quote.speaker.as_ref().map_or("", |s| s.actor_id.as_str());
            let mentioned = analysis
                .actors
                .iter()
                .filter(|actor| actor.id != speaker)
                .filter(|actor| {
                    actor.mentions.iter().any(|m| {
                        m.evidence
                            .as_ref()
                            .is_some_and(|e| span.contains(&e.start) && e.end <= span.end)
                    })
                })
                .map(|actor| ActorRef {
                    actor_id: actor.id.clone(),
                    code: actor.code.clone(),
                    name: actor.name.clone(),
                    country: actor.country.clone(),
                })
                .collect();
            QuoteHit {
                quote: Some(quote.clone()),
                article_id: article.id.clone(),
                article_title: article.title.clone(),
                article_url: article.url.clone(),
                date: day.format(),
                mentioned,
            }
        })
        .collect()
}

/// Conditions of a `ListQuotes` request, validated.
pub struct QuoteFilter {
    speaker: Option<String>,
    mentions: Option<String>,
    text: Option<String>,
    from: Option<Day>,
    to: Option<Day>,
}

impl QuoteFilter {
    pub fn from_request(request: &ListQuotesRequest) -> Result<QuoteFilter, Error> {
        for (field, value) in [
            ("speaker", &request.speaker),
            ("mentions", &request.mentions),
            ("text", &request.text),
        ] {
            if value.chars().count() > MAX_TEXT {
                return Err(Error::invalid(
                    field,
                    format!("longer than {MAX_TEXT} characters"),
                ));
            }
        }
        let (from, to) =
            crate::day::range("date_from", &request.date_from, "date_to", &request.date_to)?;
        let set = |v: &str| Some(v.trim().to_lowercase()).filter(|v| !v.is_empty());
        Ok(QuoteFilter {
            speaker: set(&request.speaker),
            mentions: Some(request.mentions.trim().to_uppercase()).filter(|v| !v.is_empty()),
            text: set(&request.text),
            from,
            to,
        })
    }

    fn matches(&self, hit: &QuoteHit) -> bool {
        let quote = hit.quote.clone().unwrap_or_default();
        let speaker = quote.speaker.unwrap_or_default();
        self.speaker.as_ref().is_none_or(|s| {
            speaker.name.to_lowercase().contains(s.as_str())
                || speaker.code.to_lowercase().starts_with(s.as_str())
        }) && self
            .mentions
            .as_ref()
            .is_none_or(|m| hit.mentioned.iter().any(|a| a.code.starts_with(m.as_str())))
            && self
                .text
                .as_ref()
                .is_none_or(|t| quote.text.to_lowercase().contains(t.as_str()))
    }

    pub fn search(
        &self,
        tree: &sled::Tree,
        cursor: Option<&[u8]>,
        limit: usize,
    ) -> Result<Page<QuoteHit>, Error> {
        let (low, high) = page::day_bounds(self.from, self.to, cursor);
        page::scan(
            tree.range(low..high).rev(),
            limit,
            |bytes| Ok(QuoteHit::decode(bytes)?),
            |hit| self.matches(hit),
        )
    }
}
