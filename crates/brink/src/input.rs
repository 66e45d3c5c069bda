//! Reading articles from files and stdin. Each item carries its origin ("file.jsonl:12") and a
//! bad item is an error of its own, so one broken file never hides the others.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Extensions picked up when walking a directory.
const EXTENSIONS: &[&str] = &["txt", "html", "htm", "json", "jsonl"];

/// One article as read from disk, before any service sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InputArticle {
    /// Where it came from: a path, "path:line" for JSON lines, or "stdin".
    pub origin: String,
    pub title: String,
    pub body: String,
    /// True when the body is known to be HTML; otherwise the reader decides.
    pub html: bool,
    pub url: String,
    pub source: String,
    pub published_at: Option<String>,
    pub language: String,
    pub metadata: BTreeMap<String, String>,
}

/// The JSON shape of an article in `.json` and `.jsonl` files; unknown keys are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct JsonArticle {
    pub title: String,
    #[serde(alias = "text", alias = "content")]
    pub body: String,
    pub url: String,
    pub source: String,
    pub published_at: Option<String>,
    pub language: String,
    pub metadata: BTreeMap<String, serde_json::Value>,
}

impl JsonArticle {
    /// Metadata values that are not strings are kept as their JSON text.
    pub fn metadata(&self) -> BTreeMap<String, String> {
        self.metadata
            .iter()
            .map(|(key, value)| {
                let value = match value {
                    serde_json::Value::String(text) => text.clone(),
                    other => other.to_string(),
                };
                (key.clone(), value)
            })
            .collect()
    }

    fn into_input(self, origin: String) -> Result<InputArticle, InputError> {
        if self.body.trim().is_empty() {
            return Err(InputError::MissingBody { origin });
        }
        let metadata = self.metadata();
        Ok(InputArticle {
            origin,
            title: self.title,
            body: self.body,
            html: false,
            url: self.url,
            source: self.source,
            published_at: self.published_at.filter(|value| !value.trim().is_empty()),
            language: self.language,
            metadata,
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{origin}: cannot read: {source}")]
    Read {
        origin: String,
        source: std::io::Error,
    },
    #[error("{origin}: invalid json: {source}")]
    Json {
        origin: String,
        source: serde_json::Error,
    },
    #[error("{origin}: no body (expected a \"body\", \"text\" or \"content\" key)")]
    MissingBody { origin: String },
}

/// Reads every article under `paths`: files, directories (walked recursively in name order for
/// the known extensions) and `-` for stdin (JSON lines, or one plain-text article).
pub fn read_paths(paths: &[PathBuf]) -> Vec<Result<InputArticle, InputError>> {
    let mut items = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut text = String::new();
            match std::io::stdin().read_to_string(&mut text) {
                Ok(_) => items.extend(read_stdin(&text)),
                Err(source) => items.push(Err(InputError::Read {
                    origin: "stdin".into(),
                    source,
                })),
            }
        } else if path.is_dir() {
            match files_under(path) {
                Ok(files) => {
                    for file in files {
                        items.extend(read_file(&file));
                    }
                }
                Err(source) => items.push(Err(InputError::Read {
                    origin: path.display().to_string(),
                    source,
                })),
            }
        } else {
            items.extend(read_file(path));
        }
    }
    items
}

fn files_under(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    let mut files = Vec::new();
    for entry in entries {
        if entry.is_dir() {
            files.extend(files_under(&entry)?);
        } else if extension(&entry).is_some_and(|ext| EXTENSIONS.contains(&ext.as_str())) {
            files.push(entry);
        }
    }
    Ok(files)
}

fn extension(path: &Path) -> Option<String> {
    Some(path.extension()?.to_str()?.to_ascii_lowercase())
}

/// Reads one file by its extension; unknown extensions are read as plain text.
fn read_file(path: &Path) -> Vec<Result<InputArticle, InputError>> {
    let origin = path.display().to_string();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(source) => return vec![Err(InputError::Read { origin, source })],
    };
    match extension(path).as_deref() {
        Some("jsonl") => json_lines(&text, &origin),
        Some("json") => vec![json_object(&text, origin)],
        Some("html" | "htm") => vec![Ok(InputArticle {
            origin,
            body: text,
            html: true,
            ..InputArticle::default()
        })],
        _ => vec![Ok(plain_text(&text, origin))],
    }
}

fn read_stdin(text: &str) -> Vec<Result<InputArticle, InputError>> {
    if text.trim_start().starts_with('{') {
        json_lines(text, "stdin")
    } else {
        vec![Ok(plain_text(text, "stdin".into()))]
    }
}

fn json_lines(text: &str, name: &str) -> Vec<Result<InputArticle, InputError>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| json_object(line, format!("{name}:{}", index + 1)))
        .collect()
}

fn json_object(text: &str, origin: String) -> Result<InputArticle, InputError> {
    match serde_json::from_str::<JsonArticle>(text) {
        Ok(article) => article.into_input(origin),
        Err(source) => Err(InputError::Json { origin, source }),
    }
}

/// The first non-blank line is the title and the rest the body; a single line is all body.
fn plain_text(text: &str, origin: String) -> InputArticle {
    let text = text.trim_start();
    let (title, body) = match text.split_once('\n') {
        Some((title, body)) if !body.trim().is_empty() => (title.trim(), body.trim()),
        _ => ("", text.trim()),
    };
    InputArticle {
        origin,
        title: title.to_owned(),
        body: body.to_owned(),
        ..InputArticle::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, content: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, content).expect("write");
        path
    }

    #[test]
    fn reads_each_format() {
        let dir = tempfile::tempdir().expect("tempdir");
        let txt = write(
            dir.path(),
            "a.txt",
            "Talks resume\n\nDelegates met on Monday.\nMore.\n",
        );
        let html = write(dir.path(), "b.html", "<p>Hello</p>");
        let json = write(
            dir.path(),
            "c.json",
            r#"{"title":"T","text":"Body here","url":"https://x.example/1","extra":1,
               "published_at":"2026-01-02T03:04:05Z","metadata":{"desk":"world","rank":3}}"#,
        );
        let items: Vec<InputArticle> = read_paths(&[txt, html, json])
            .into_iter()
            .map(|item| item.expect("readable"))
            .collect();
        assert_eq!(items[0].title, "Talks resume");
        assert_eq!(items[0].body, "Delegates met on Monday.\nMore.");
        assert!(items[1].html && items[1].body == "<p>Hello</p>" && items[1].title.is_empty());
        assert_eq!(items[2].body, "Body here");
        assert_eq!(
            items[2].published_at.as_deref(),
            Some("2026-01-02T03:04:05Z")
        );
        assert_eq!(items[2].metadata.get("rank").map(String::as_str), Some("3"));
        assert_eq!(
            items[2].metadata.get("desk").map(String::as_str),
            Some("world")
        );
    }

    #[test]
    fn json_lines_fail_per_line_with_their_origin() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(
            dir.path(),
            "feed.jsonl",
            "{\"body\":\"one\"}\n\nnot json\n{\"title\":\"no body\"}\n{\"content\":\"four\"}\n",
        );
        let items = read_paths(std::slice::from_ref(&path));
        let name = path.display().to_string();
        assert_eq!(items.len(), 4);
        assert_eq!(
            items[0].as_ref().expect("line 1").origin,
            format!("{name}:1")
        );
        let bad = items[1].as_ref().expect_err("line 3");
        assert!(matches!(bad, InputError::Json { origin, .. } if *origin == format!("{name}:3")));
        let empty = items[2].as_ref().expect_err("line 4");
        assert!(matches!(empty, InputError::MissingBody { .. }));
        assert_eq!(items[3].as_ref().expect("line 5").body, "four");
    }

    #[test]
    fn walks_directories_in_order_and_skips_other_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "z.txt", "Z\nzed");
        write(dir.path(), "nested/deeper/a.HTM", "<p>a</p>");
        write(dir.path(), "notes.md", "ignored");
        write(dir.path(), "m.jsonl", "{\"body\":\"m\"}");
        let origins: Vec<String> = read_paths(&[dir.path().to_owned()])
            .into_iter()
            .map(|item| item.expect("ok").origin)
            .collect();
        let root = dir.path().display().to_string();
        assert_eq!(
            origins,
            [
                format!("{root}/m.jsonl:1"),
                format!("{root}/nested/deeper/a.HTM"),
                format!("{root}/z.txt"),
            ]
        );
        let missing = read_paths(&[dir.path().join("absent.txt")]);
        assert!(matches!(missing[0], Err(InputError::Read { .. })));
    }

    #[test]
    fn stdin_is_json_lines_or_one_text() {
        let lines = read_stdin("{\"body\":\"a\"}\n{\"body\":\"b\"}\n");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[1].as_ref().expect("ok").origin, "stdin:2");
        let text = read_stdin("Only one line of text");
        let article = text[0].as_ref().expect("ok");
        assert_eq!(
            (article.title.as_str(), article.body.as_str()),
            ("", "Only one line of text")
        );
    }
}
