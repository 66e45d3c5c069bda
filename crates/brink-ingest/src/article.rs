//! The service's own view of articles, independent of the wire format.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How the submitted body is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    Text,
    Html,
    /// Decided by looking at the body.
    Detect,
}

/// A submission that passed field validation, still with its body as submitted.
#[derive(Debug, Clone)]
pub struct Submission {
    pub title: String,
    pub body: String,
    pub format: BodyFormat,
    pub url: Option<url::Url>,
    pub source: String,
    pub published_at: Option<DateTime<Utc>>,
    pub language: Option<String>,
    pub metadata: BTreeMap<String, String>,
}

/// An article as stored in the change log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    pub offset: u64,
    pub title: String,
    pub body: String,
    pub url: String,
    pub canonical_url: String,
    pub source: String,
    pub published_at: DateTime<Utc>,
    pub language: String,
    pub metadata: BTreeMap<String, String>,
    pub ingested_at: DateTime<Utc>,
    pub near_duplicate_of: Option<String>,
    pub simhash: u64,
    /// Trace of the submitting call, continued by the services downstream.
    #[serde(default)]
    pub traceparent: Option<String>,
}

/// What a submitter learns about its article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub id: String,
    pub offset: u64,
    pub duplicate: bool,
    pub near_duplicate_of: Option<String>,
}
