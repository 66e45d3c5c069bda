//! Human-readable rendering of articles and analyses for the terminal.

use std::borrow::Cow;
use std::fmt::Write;

use brink_proto::v1::{self as pb, CountryReason, QuadClass, QuoteKind};

/// `text` safe to write to a terminal: every control character but newline and tab (escape
/// sequences, carriage returns, C1 controls such as CSI) and every bidirectional override is
/// shown as its escape, `\u{1b}`. Clients submit the text Brink stores, and a title holding
/// escape sequences could otherwise recolour, retitle or rewrite the terminal that prints it.
pub fn printable(text: &str) -> Cow<'_, str> {
    escaped(text, |out, c| {
        let _ = write!(out, "{}", c.escape_unicode());
    })
}

/// A JSON line safe to write to a terminal. serde_json escapes C0 controls itself but writes
/// DEL, the C1 controls and bidirectional overrides raw; as `\u009b` they are the same string.
pub fn printable_json(json: &str) -> Cow<'_, str> {
    // Every character `unsafe_char` admits is in the Basic Multilingual Plane.
    escaped(json, |out, c| {
        let _ = write!(out, "\\u{:04x}", u32::from(c));
    })
}

fn escaped(text: &str, escape: impl Fn(&mut String, char)) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The article's heading lines, printable.
pub fn article_header(article: &pb::Article) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}  {}", article.id, article.title);
    let published = brink_proto::time::from_timestamp(article.published_at.as_ref())
        .map(|t| t.to_rfc3339())
        .unwrap_or_else(|| "unknown date".to_owned());
    let _ = writeln!(
        out,
        "  offset {} · {} · {} · {}",
        article.offset,
        published,
        if article.source.is_empty() {
            "no source"
        } else {
            &article.source
        },
        if article.language.is_empty() {
            "?"
        } else {
            &article.language
        },
    );
    if !article.url.is_empty() {
        let _ = writeln!(out, "  {}", article.url);
    }
    if !article.near_duplicate_of.is_empty() {
        let _ = writeln!(out, "  near-duplicate of {}", article.near_duplicate_of);
    }
    printable(&out).into_owned()
}

fn who(actor: Option<&pb::ActorRef>) -> String {
    match actor {
        Some(a) if !a.code.is_empty() => format!("{} [{}]", a.name, a.code),
        Some(a) => a.name.clone(),
        None => "?".to_owned(),
    }
}

fn quad(q: i32) -> &'static str {
    match QuadClass::try_from(q).unwrap_or(QuadClass::Unspecified) {
        QuadClass::VerbalCooperation => "verbal coop",
        QuadClass::MaterialCooperation => "material coop",
        QuadClass::VerbalConflict => "verbal conflict",
        QuadClass::MaterialConflict => "material conflict",
        QuadClass::Unspecified => "?",
    }
}

fn evidence(e: Option<&pb::Evidence>) -> String {
    e.map(|e| format!("s{} {}..{}", e.sentence, e.start, e.end))
        .unwrap_or_default()
}

/// The analysis in sections, printable.
pub fn analysis(a: &pb::Analysis) -> String {
    let mut out = String::new();
    let tone = a.tone.unwrap_or_default();
    let _ = writeln!(
        out,
        "  {} sentences · tone {:+.1} (positive {:.1}%, negative {:.1}%) · language {}",
        a.sentences.len(),
        tone.tone,
        tone.positive,
        tone.negative,
        a.language
    );
    if let Some(d) = &a.dropped {
        let _ = writeln!(
            out,
            "  over the analyser's caps, left out: {} actors, {} quotes, {} events",
            d.actors, d.quotes, d.events
        );
    }
    if !a.actors.is_empty() {
        let _ = writeln!(out, "\nActors");
        for actor in &a.actors {
            // A country read from the context says which context.
            let country = match CountryReason::try_from(actor.country_reason) {
                Ok(CountryReason::Nearby) => format!("{} (place nearby)", actor.country),
                Ok(CountryReason::Sentence) => format!("{} (scene of the sentence)", actor.country),
                Ok(CountryReason::Article) => format!("{} (scene of the article)", actor.country),
                Ok(CountryReason::Owner) => format!("{} (its owner's)", actor.country),
                _ => actor.country.clone(),
            };
            let mut detail = vec![actor.role.clone(), country, actor.affiliation.clone()];
            detail.retain(|d| !d.is_empty());
            let _ = writeln!(
                out,
                "  {:<4} {:<10} {:<28} {:>2} mentions  {}",
                actor.id,
                actor.code,
                actor.name,
                actor.mentions.len(),
                detail.join(" · ")
            );
        }
    }
    if !a.quotes.is_empty() {
        let _ = writeln!(out, "\nQuotes");
        for q in &a.quotes {
            let kind = match QuoteKind::try_from(q.kind).unwrap_or(QuoteKind::Unspecified) {
                QuoteKind::Direct => "direct",
                QuoteKind::Partial => "partial",
                QuoteKind::Reported => "reported",
                QuoteKind::Unspecified => "?",
            };
            let _ = writeln!(
                out,
                "  {} ({}, {}) “{}”  [{}]",
                who(q.speaker.as_ref()),
                q.verb,
                kind,
                q.text,
                evidence(q.evidence.as_ref())
            );
        }
    }
    if !a.events.is_empty() {
        let _ = writeln!(out, "\nEvents");
        for e in &a.events {
            let mut flags = Vec::new();
            if e.negated {
                flags.push("NEGATED".to_owned());
            }
            if e.hypothetical {
                flags.push("hypothetical".to_owned());
            }
            if let Some(claimant) = &e.claimed_by {
                flags.push(format!("claimed by {}", claimant.name));
            }
            if let Some(place) = &e.place {
                flags.push(format!("at {}", place.name));
            }
            if !e.date.is_empty() {
                flags.push(e.date.clone());
            }
            let _ = writeln!(
                out,
                "  {} → {}  {} {} ({}, Goldstein {:+.1}, {})  {}",
                who(e.source.as_ref()),
                who(e.target.as_ref()),
                e.cameo_code,
                e.label,
                quad(e.quad_class),
                e.goldstein,
                e.plover,
                flags.join(" · ")
            );
            if let Some(trigger) = &e.trigger {
                // Analyses from before `Sentence.text` carry the sentence in the evidence.
                let sentence = a
                    .sentences
                    .get(trigger.sentence as usize)
                    .map(|s| s.text.as_str())
                    .filter(|text| !text.is_empty())
                    .or(e.evidence.as_ref().map(|e| e.text.as_str()))
                    .unwrap_or_default()
                    .trim();
                let _ = writeln!(out, "      “{}” in: {}", trigger.text, sentence);
            }
        }
    }
    if !a.dates.is_empty() {
        let dates: Vec<String> = a
            .dates
            .iter()
            .map(|d| {
                let text = d
                    .evidence
                    .as_ref()
                    .map(|e| e.text.as_str())
                    .unwrap_or_default();
                format!("{text} → {}", d.resolved)
            })
            .collect();
        let _ = writeln!(out, "\nDates\n  {}", dates.join("; "));
    }
    if !a.places.is_empty() {
        let mut seen = std::collections::HashSet::new();
        let places: Vec<String> = a
            .places
            .iter()
            .filter(|p| seen.insert(p.name.as_str()))
            .map(|p| {
                let mentions = a.places.iter().filter(|q| q.name == p.name).count();
                format!(
                    "{} ({}, {:.2},{:.2}) ×{mentions}",
                    p.name, p.country, p.latitude, p.longitude
                )
            })
            .collect();
        let _ = writeln!(out, "\nPlaces\n  {}", places.join("; "));
    }
    printable(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_escaped_and_layout_kept() {
        assert!(matches!(
            printable("Peace talks\tresume\n"),
            Cow::Borrowed(_)
        ));
        assert_eq!(
            printable("a\x1b[31mred\x1b]0;title\x07\r\u{9b}2J\u{7f}\u{202e}b"),
            "a\\u{1b}[31mred\\u{1b}]0;title\\u{7}\\u{d}\\u{9b}2J\\u{7f}\\u{202e}b"
        );
        assert_eq!(printable("Ким: «fire»"), "Ким: «fire»");
    }

    #[test]
    fn json_lines_escape_what_serde_json_leaves_raw() -> anyhow::Result<()> {
        let article = pb::Article {
            title: "\x1b[2J\u{9b}31m\u{7f}\u{202e}".to_owned(),
            ..pb::Article::default()
        };
        let json = brink_proto::json::to_json("brink.v1.Article", &article)?;
        let line = printable_json(&json);
        assert!(!line.chars().any(unsafe_char), "{line}");
        assert!(
            line.contains(r#""\u001b[2J\u009b31m\u007f\u202e""#),
            "{line}"
        );
        let value: serde_json::Value = serde_json::from_str(&line)?;
        assert_eq!(value["title"], article.title);
        Ok(())
    }

    #[test]
    fn a_hostile_title_reaches_the_terminal_escaped() {
        let article = pb::Article {
            id: "art-1".to_owned(),
            title: "\x1b]0;pwned\x07\x1b[2JPeace\u{9b}31m".to_owned(),
            url: "https://example.org/\x1b[8m".to_owned(),
            ..pb::Article::default()
        };
        let header = article_header(&article);
        assert!(!header.chars().any(unsafe_char), "{header:?}");
        assert!(header.contains("\\u{1b}]0;pwned\\u{7}"), "{header:?}");
    }
}
