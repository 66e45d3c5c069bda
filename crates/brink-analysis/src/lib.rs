//! Brink's analysis service. The NLP core turns article text into actors, quotes, coded events,
//! tone, dates and places, knowing nothing of gRPC or storage.

mod actors;
mod analyzer;
mod clauses;
mod dates;
mod dictionary;
mod events;
pub mod model;
mod people;
mod phrases;
mod places;
mod quotes;
mod text;
mod tone;

pub use analyzer::Analyzer;
pub use dictionary::DictionaryError;

// The service around the core: storage, the ingest follower and the gRPC edge.
pub mod config;
mod consume;
pub mod convert;
mod error;
mod grpc;
mod reload;
mod service;
mod store;

pub use config::Config;
pub use error::{Error, Result};
pub use service::serve;
