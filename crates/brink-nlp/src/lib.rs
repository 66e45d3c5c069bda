//! Brink's NLP core: article text in, actors, quotes, coded events, tone, dates and places out.
//! It knows nothing of gRPC, protobuf or storage; the analysis service, the `brink` command and
//! the benches all call [`Analyzer::analyze`].

mod actors;
mod affiliation;
mod analyzer;
mod bombings;
mod clauses;
mod dates;
mod dictionary;
mod events;
mod lexicon;
pub mod model;
mod people;
pub mod petrarch;
mod phrases;
mod places;
mod quotes;
mod text;
mod tone;

pub use analyzer::Analyzer;
pub use dictionary::{DictionaryError, Sources};
