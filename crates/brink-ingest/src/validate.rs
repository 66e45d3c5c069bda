//! Field checks on submissions; every failure names the field and the limit it broke.

use std::collections::BTreeMap;

use brink_proto::v1::{ContentType, SubmitArticleRequest};

use crate::article::{BodyFormat, Submission};
use crate::config::Config;
use crate::error::Error;

const MAX_METADATA_ENTRIES: usize = 64;
const MAX_METADATA_KEY_BYTES: usize = 128;
const MAX_METADATA_VALUE_BYTES: usize = 4096;
const MAX_SOURCE_BYTES: usize = 256;
const MAX_URL_BYTES: usize = 8192;

/// Size limits that come from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_body_bytes: usize,
    pub max_title_bytes: usize,
}

impl From<&Config> for Limits {
    fn from(config: &Config) -> Limits {
        Limits {
            max_body_bytes: config.max_body_bytes,
            max_title_bytes: config.max_title_bytes,
        }
    }
}

pub fn submission(request: SubmitArticleRequest, limits: Limits) -> Result<Submission, Error> {
    if request.body.trim().is_empty() {
        return Err(Error::invalid("body", "must not be empty"));
    }
    at_most("body", &request.body, limits.max_body_bytes)?;
    at_most("title", &request.title, limits.max_title_bytes)?;
    at_most("source", &request.source, MAX_SOURCE_BYTES)?;
    let format = match brink_proto::known("content_type", request.content_type)? {
        ContentType::Unspecified => BodyFormat::Detect,
        ContentType::Text => BodyFormat::Text,
        ContentType::Html => BodyFormat::Html,
    };
    Ok(Submission {
        title: request.title.trim().to_owned(),
        body: request.body,
        format,
        url: url(&request.url)?,
        source: request.source.trim().to_owned(),
        published_at: published_at(&request.published_at)?,
        language: language(&request.language)?,
        metadata: metadata(request.metadata.into_iter().collect())?,
    })
}

fn at_most(field: &'static str, value: &str, limit: usize) -> Result<(), Error> {
    if value.len() > limit {
        return Err(Error::invalid(
            field,
            format!("{} bytes exceeds the limit of {limit} bytes", value.len()),
        ));
    }
    Ok(())
}

fn url(value: &str) -> Result<Option<url::Url>, Error> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    at_most("url", value, MAX_URL_BYTES)?;
    let parsed = url::Url::parse(value)
        .map_err(|e| Error::invalid("url", format!("must be an absolute http(s) url: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err(Error::invalid(
            "url",
            format!("must be an absolute http(s) url, not {value:?}"),
        ));
    }
    Ok(Some(parsed))
}

fn published_at(value: &str) -> Result<Option<chrono::DateTime<chrono::Utc>>, Error> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    brink_proto::time::parse_rfc3339(value)
        .map(Some)
        .map_err(|e| {
            Error::invalid(
                "published_at",
                format!("must be an RFC 3339 timestamp such as 2017-09-01T12:00:00Z ({e})"),
            )
        })
}

fn language(value: &str) -> Result<Option<String>, Error> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.len() != 2 || !value.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(Error::invalid(
            "language",
            format!("must be an ISO 639-1 code of two lowercase letters, not {value:?}"),
        ));
    }
    Ok(Some(value.to_owned()))
}

fn metadata(entries: BTreeMap<String, String>) -> Result<BTreeMap<String, String>, Error> {
    if entries.len() > MAX_METADATA_ENTRIES {
        return Err(Error::invalid(
            "metadata",
            format!(
                "{} entries exceeds the limit of {MAX_METADATA_ENTRIES}",
                entries.len()
            ),
        ));
    }
    for (key, value) in &entries {
        if key.is_empty() {
            return Err(Error::invalid("metadata", "keys must not be empty"));
        }
        if key.len() > MAX_METADATA_KEY_BYTES {
            return Err(Error::invalid(
                "metadata",
                format!(
                    "key of {} bytes exceeds the limit of {MAX_METADATA_KEY_BYTES} bytes",
                    key.len()
                ),
            ));
        }
        if value.len() > MAX_METADATA_VALUE_BYTES {
            return Err(Error::invalid(
                "metadata",
                format!(
                    "value of key {key:?} has {} bytes, over the limit of {MAX_METADATA_VALUE_BYTES} bytes",
                    value.len()
                ),
            ));
        }
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        max_body_bytes: 100,
        max_title_bytes: 10,
    };

    fn request() -> SubmitArticleRequest {
        SubmitArticleRequest {
            body: "Some text".into(),
            ..Default::default()
        }
    }

    fn field_of(request: SubmitArticleRequest) -> &'static str {
        match submission(request, LIMITS) {
            Err(Error::InvalidArgument { field, .. }) => field,
            other => panic!("expected invalid argument, got {other:?}"),
        }
    }

    #[test]
    fn accepts_a_minimal_request() {
        let submission = submission(request(), LIMITS).expect("valid");
        assert_eq!(submission.format, BodyFormat::Detect);
        assert!(submission.url.is_none() && submission.language.is_none());
    }

    #[test]
    fn names_the_offending_field() {
        let cases: Vec<(&str, SubmitArticleRequest)> = vec![
            (
                "body",
                SubmitArticleRequest {
                    body: " \n".into(),
                    ..request()
                },
            ),
            (
                "body",
                SubmitArticleRequest {
                    body: "x".repeat(101),
                    ..request()
                },
            ),
            (
                "title",
                SubmitArticleRequest {
                    title: "y".repeat(11),
                    ..request()
                },
            ),
            (
                "url",
                SubmitArticleRequest {
                    url: "/relative".into(),
                    ..request()
                },
            ),
            (
                "url",
                SubmitArticleRequest {
                    url: "ftp://host/file".into(),
                    ..request()
                },
            ),
            (
                "published_at",
                SubmitArticleRequest {
                    published_at: "friday".into(),
                    ..request()
                },
            ),
            (
                "language",
                SubmitArticleRequest {
                    language: "EN".into(),
                    ..request()
                },
            ),
            (
                "language",
                SubmitArticleRequest {
                    language: "eng".into(),
                    ..request()
                },
            ),
            (
                "content_type",
                SubmitArticleRequest {
                    content_type: 9,
                    ..request()
                },
            ),
        ];
        for (field, request) in cases {
            assert_eq!(field_of(request), field);
        }
    }

    #[test]
    fn enforces_metadata_limits() {
        let many = (0..65).map(|i| (format!("k{i}"), String::new())).collect();
        let long_key = [("k".repeat(129), String::new())].into();
        let long_value = [("k".to_owned(), "v".repeat(4097))].into();
        for metadata in [many, long_key, long_value] {
            assert_eq!(
                field_of(SubmitArticleRequest {
                    metadata,
                    ..request()
                }),
                "metadata"
            );
        }
        let fine = [("k".repeat(128), "v".repeat(4096))].into();
        assert!(
            submission(
                SubmitArticleRequest {
                    metadata: fine,
                    ..request()
                },
                LIMITS
            )
            .is_ok()
        );
    }

    #[test]
    fn limit_is_inclusive_and_named_in_the_message() {
        let exact = SubmitArticleRequest {
            title: "t".repeat(10),
            ..request()
        };
        assert!(submission(exact, LIMITS).is_ok());
        let over = SubmitArticleRequest {
            title: "t".repeat(11),
            ..request()
        };
        let message = submission(over, LIMITS).expect_err("too long").to_string();
        assert!(
            message.contains("title") && message.contains("10 bytes"),
            "{message}"
        );
    }
}
