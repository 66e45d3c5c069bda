//! The index's documents: one per article (title, body) and one per quote (text, speaker), with
//! the ids a hit is rebuilt from and the day searches filter on. Texts are not stored: the
//! store holds them.

use tantivy::Index;
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};

/// Name the tokenizer is registered under; the schema refers to it by name.
const TOKENIZER: &str = "brink_english";
/// Tokens longer than this (in bytes) are dropped: they are noise, not words.
const MAX_TOKEN_BYTES: usize = 40;

#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `SearchHitKind` of the document.
    pub kind: Field,
    /// Indexed whole, so a re-analysed article's documents can be deleted and added again.
    pub article_id: Field,
    /// Position of a quote in its analysis.
    pub ordinal: Field,
    /// The article's `Day`.
    pub day: Field,
    pub title: Field,
    pub body: Field,
    pub quote: Field,
    /// Name and code of a quote's speaker.
    pub speaker: Field,
}

impl Fields {
    /// Fields searched when the query names none.
    pub fn text(&self) -> Vec<Field> {
        vec![self.title, self.body, self.quote, self.speaker]
    }
}

pub fn build() -> (Schema, Fields) {
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let mut builder = Schema::builder();
    let fields = Fields {
        kind: builder.add_u64_field("kind", INDEXED | STORED),
        article_id: builder.add_text_field("article_id", STRING | STORED),
        ordinal: builder.add_u64_field("ordinal", STORED),
        day: builder.add_u64_field("day", INDEXED),
        title: builder.add_text_field("title", text.clone()),
        body: builder.add_text_field("body", text.clone()),
        quote: builder.add_text_field("quote", text.clone()),
        speaker: builder.add_text_field("speaker", text),
    };
    (builder.build(), fields)
}

/// Words split on anything but letters and digits, lowercased, folded to ASCII ("Sergeï"
/// matches "Sergei") and reduced to their English stem ("threatens" matches "threatened").
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Tokenizers are not saved with an index: every opened index needs this.
pub fn register(index: &Index) {
    index.tokenizers().register(TOKENIZER, analyzer());
}
