//! Snippets of the matched text with the matching words as character ranges, which clients in
//! any language can mark up without byte arithmetic.

use brink_proto::v1::{self as pb, Article, Quote};
use tantivy::Searcher;
use tantivy::query::Query;
use tantivy::snippet::{SnippetGenerator, collapse_overlapped_ranges};

use super::schema::Fields;

/// Longest snippet, in characters.
const MAX_CHARS: usize = 200;

/// Snippet makers for one query, one per text field.
pub struct Snippets {
    title: SnippetGenerator,
    body: SnippetGenerator,
    quote: SnippetGenerator,
}

impl Snippets {
    pub fn new(
        searcher: &Searcher,
        query: &dyn Query,
        fields: &Fields,
    ) -> tantivy::Result<Snippets> {
        let generator = |field| {
            let mut generator = SnippetGenerator::create(searcher, query, field)?;
            generator.set_max_num_chars(MAX_CHARS);
            Ok::<_, tantivy::TantivyError>(generator)
        };
        Ok(Snippets {
            title: generator(fields.title)?,
            body: generator(fields.body)?,
            quote: generator(fields.quote)?,
        })
    }

    /// The best passage of the body, else the title if that is where the words are, else the
    /// start of the body.
    pub fn article(&self, article: &Article) -> pb::Snippet {
        matched(&self.body, &article.body)
            .or_else(|| matched(&self.title, &article.title))
            .unwrap_or_else(|| opening(&article.body))
    }

    /// The best passage of the quote, else its start (when only the speaker matched).
    pub fn quote(&self, quote: &Quote) -> pb::Snippet {
        matched(&self.quote, &quote.text).unwrap_or_else(|| opening(&quote.text))
    }
}

fn matched(generator: &SnippetGenerator, text: &str) -> Option<pb::Snippet> {
    let snippet = generator.snippet(text);
    if snippet.highlighted().is_empty() {
        return None;
    }
    let fragment = snippet.fragment();
    let chars_before = |byte: usize| fragment.get(..byte).map_or(0, |s| s.chars().count());
    let highlights = collapse_overlapped_ranges(snippet.highlighted())
        .into_iter()
        .map(|range| pb::TextRange {
            start: chars_before(range.start) as u32,
            end: chars_before(range.end) as u32,
        })
        .collect();
    Some(pb::Snippet {
        text: fragment.to_owned(),
        highlights,
    })
}

fn opening(text: &str) -> pb::Snippet {
    pb::Snippet {
        text: text.chars().take(MAX_CHARS).collect(),
        highlights: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::search::schema;

    #[test]
    fn highlights_count_characters_not_bytes() {
        let (_, fields) = schema::build();
        // Indexed terms are stems: "fury" is indexed as "furi".
        let terms = BTreeMap::from([("furi".to_owned(), 1.0), ("fire".to_owned(), 1.0)]);
        let generator = SnippetGenerator::new(terms, schema::analyzer(), fields.body, MAX_CHARS);
        let text = "Зеленський: «fire and FURY», again";
        let snippet = matched(&generator, text).expect("the words are in the text");
        assert_eq!(snippet.text, text);
        let marked: Vec<String> = snippet
            .highlights
            .iter()
            .map(|r| {
                text.chars()
                    .skip(r.start as usize)
                    .take((r.end - r.start) as usize)
                    .collect()
            })
            .collect();
        assert_eq!(marked, ["fire", "FURY"]);
        assert_eq!(
            (snippet.highlights[0].start, snippet.highlights[0].end),
            (13, 17)
        );
        assert!(matched(&generator, "nothing to see").is_none());
        assert_eq!(
            opening(&"word ".repeat(100)).text.chars().count(),
            MAX_CHARS
        );
    }
}
