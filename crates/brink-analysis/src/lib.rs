//! Brink's analysis service: follows the ingest log, runs the NLP core (`brink-nlp`) on each
//! article, stores the analyses and publishes them as a change log, and answers `Analyze`.

pub mod config;
mod consume;
pub mod convert;
mod error;
mod grpc;
mod reanalyze;
mod reload;
mod service;
mod store;

pub use config::Config;
pub use error::{Error, Result};
pub use service::serve;
