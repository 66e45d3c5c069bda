//! A search request, validated; its ranked page of hits, each rebuilt from the store.

use std::ops::Bound;

use brink_proto::v1::{self as pb, SearchHitKind, SearchScope};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Index, Score, TantivyDocument, Term};

use super::Search;
use super::schema::Fields;
use super::snippet::Snippets;
use crate::cursor;
use crate::day::{self, Day};
use crate::error::Error;
use crate::store::Store;

const MAX_QUERY_CHARS: usize = 1000;
const DEFAULT_PAGE: u32 = 20;
const MAX_PAGE: u32 = 100;
/// Deepest rank a page may reach: finding the hits at rank N costs memory in N.
const MAX_DEPTH: u64 = 10_000;
/// Words at most this far out of place still count as close together.
const NEAR_SLOP: u32 = 2;
/// Weight of the closeness of the words against their BM25 score.
const NEAR_BOOST: Score = 2.0;
/// Titles weigh more than bodies.
const TITLE_BOOST: Score = 2.0;

/// Reads the query syntax: every word must match unless joined by OR, in any text field unless
/// the query names one.
pub fn parser(index: &Index, fields: &Fields) -> QueryParser {
    let mut parser = QueryParser::for_index(index, fields.text());
    parser.set_conjunction_by_default();
    parser.set_field_boost(fields.title, TITLE_BOOST);
    parser
}

/// A `SearchRequest`, validated.
pub struct Params {
    query: String,
    kind: Option<SearchHitKind>,
    from: Option<Day>,
    to: Option<Day>,
    /// Rank of the first hit of the page.
    offset: u64,
    limit: usize,
}

impl Params {
    pub fn from_request(request: &pb::SearchRequest) -> Result<Params, Error> {
        let query = request.query.trim();
        if query.is_empty() {
            return Err(Error::invalid("query", "empty"));
        }
        if request.query.chars().count() > MAX_QUERY_CHARS {
            return Err(Error::invalid(
                "query",
                format!("longer than {MAX_QUERY_CHARS} characters"),
            ));
        }
        let kind = match brink_proto::known("scope", request.scope)? {
            SearchScope::Unspecified => None,
            SearchScope::Articles => Some(SearchHitKind::Article),
            SearchScope::Quotes => Some(SearchHitKind::Quote),
        };
        let (from, to) = day::range("date_from", &request.date_from, "date_to", &request.date_to)?;
        let limit = cursor::page_size("page_size", request.page_size, DEFAULT_PAGE, MAX_PAGE)?;
        let offset = match cursor::decode(&request.page_token)? {
            None => 0,
            Some(position) => <[u8; 8]>::try_from(position.as_slice())
                .map(u64::from_be_bytes)
                .ok()
                .filter(|offset| *offset < MAX_DEPTH)
                .ok_or_else(|| {
                    Error::invalid("page_token", "not a cursor returned by this service")
                })?,
        };
        Ok(Params {
            query: split_at_apostrophes(query),
            kind,
            from,
            to,
            offset,
            limit,
        })
    }
}

impl Search {
    /// One page of hits, best first.
    pub fn find(&self, store: &Store, params: &Params) -> Result<pb::SearchResponse, Error> {
        let text = self
            .parser
            .parse_query(&params.query)
            .map_err(|error| Error::invalid("query", error.to_string()))?;
        let searcher = self.reader.searcher();
        let snippets = Snippets::new(&searcher, text.as_ref(), &self.fields)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
        if let Some(near) = self.near(&params.query) {
            clauses.push((Occur::Should, Box::new(BoostQuery::new(near, NEAR_BOOST))));
        }
        if let Some(kind) = params.kind {
            let term = Term::from_field_u64(self.fields.kind, kind as u64);
            clauses.push(filter(TermQuery::new(term, IndexRecordOption::Basic)));
        }
        if params.from.is_some() || params.to.is_some() {
            let bound = |day: Option<Day>| {
                day.map_or(Bound::Unbounded, |day| {
                    Bound::Included(Term::from_field_u64(self.fields.day, u64::from(day.0)))
                })
            };
            clauses.push(filter(RangeQuery::new(
                bound(params.from),
                bound(params.to),
            )));
        }
        // `offset` is below MAX_DEPTH, which fits any usize.
        let offset = params.offset as usize;
        let top = TopDocs::with_limit(params.limit)
            .and_offset(offset)
            .order_by_score();
        let (total, top) = searcher.search(&BooleanQuery::new(clauses), &(Count, top))?;
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in &top {
            if let Some(hit) = self.hit(store, &searcher, *address, *score, &snippets)? {
                hits.push(hit);
            }
        }
        let end = params.offset + top.len() as u64;
        let next_page_token = if top.len() == params.limit && end < total as u64 && end < MAX_DEPTH
        {
            cursor::encode(&end.to_be_bytes())
        } else {
            String::new()
        };
        Ok(pb::SearchResponse {
            hits,
            total_hits: total as u64,
            next_page_token,
        })
    }

    /// The query's words as one phrase with some slop, when the query is nothing but words:
    /// BM25 alone does not care how far apart the words are.
    fn near(&self, query: &str) -> Option<Box<dyn Query>> {
        let words: Vec<&str> = query.split_whitespace().collect();
        let plain = words.len() > 1
            && words.iter().all(|word| {
                !matches!(*word, "AND" | "OR" | "NOT" | "IN")
                    && word.chars().all(char::is_alphanumeric)
            });
        if !plain {
            return None;
        }
        let phrase = format!("\"{}\"~{NEAR_SLOP}", words.join(" "));
        self.parser.parse_query(&phrase).ok()
    }

    /// The hit of a document, from what the store holds; `None` when the store lacks it, which
    /// only an index of another store can ask for.
    fn hit(
        &self,
        store: &Store,
        searcher: &tantivy::Searcher,
        address: DocAddress,
        score: Score,
        snippets: &Snippets,
    ) -> Result<Option<pb::SearchHit>, Error> {
        let document: TantivyDocument = searcher.doc(address)?;
        let number = |field| document.get_first(field).and_then(|v| v.as_u64());
        let id = document
            .get_first(self.fields.article_id)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let view = match store.article(id) {
            Ok(view) => view,
            Err(Error::NotFound(_)) => {
                tracing::warn!(article = id, "search hit of an article the store lacks");
                return Ok(None);
            }
            Err(error) => return Err(error),
        };
        let article = view.article.unwrap_or_default();
        let kind = number(self.fields.kind)
            .and_then(|kind| SearchHitKind::try_from(i32::try_from(kind).ok()?).ok())
            .unwrap_or_default();
        let (snippet, quote) = match kind {
            SearchHitKind::Quote => {
                let quote = number(self.fields.ordinal).and_then(|ordinal| {
                    view.analysis?
                        .quotes
                        .into_iter()
                        .nth(usize::try_from(ordinal).ok()?)
                });
                let Some(quote) = quote else {
                    tracing::warn!(article = id, "search hit of a quote the store lacks");
                    return Ok(None);
                };
                (snippets.quote(&quote), Some(quote))
            }
            _ => (snippets.article(&article), None),
        };
        Ok(Some(pb::SearchHit {
            kind: kind.into(),
            score,
            date: Day::of_article(&article).format(),
            article_id: article.id,
            article_title: article.title,
            article_url: article.url,
            article_source: article.source,
            snippet: Some(snippet),
            quote,
        }))
    }
}

/// An apostrophe inside a word ("Putin's") would open a quoted phrase in the query syntax; the
/// tokenizer splits words there anyway, so it becomes a space.
fn split_at_apostrophes(query: &str) -> String {
    let chars: Vec<char> = query.chars().collect();
    let inside_word = |i: usize| {
        i > 0
            && chars.get(i - 1).is_some_and(|c| c.is_alphanumeric())
            && chars.get(i + 1).is_some_and(|c| c.is_alphanumeric())
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| if c == '\'' && inside_word(i) { ' ' } else { c })
        .collect()
}

/// A clause that selects without adding to the score.
fn filter(query: impl Query) -> (Occur, Box<dyn Query>) {
    (
        Occur::Must,
        Box::new(ConstScoreQuery::new(Box::new(query), 0.0)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophes_inside_words_split_them_and_quotes_stay() {
        assert_eq!(
            split_at_apostrophes("Putin's 'red lines' o'"),
            "Putin s 'red lines' o'"
        );
    }
}
