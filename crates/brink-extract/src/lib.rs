//! HTML to main text: a small tolerant tokenizer that keeps readable blocks and drops page
//! furniture. When the page marks its content with `<article>` or `<main>`, only that is kept.
//! Linear in the page, whatever its markup: no step looks further ahead than a bounded window
//! or rescans what an earlier step passed.

use std::collections::HashMap;

/// Text pulled out of an HTML page.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Extracted {
    /// `<title>`, else the first `<h1>`; empty when the page has neither.
    pub title: String,
    /// Paragraphs separated by blank lines.
    pub text: String,
}

/// Elements whose whole content is boilerplate or not text.
const SKIPPED: &[&str] = &[
    "aside", "button", "footer", "form", "header", "iframe", "nav", "noscript", "object", "select",
    "svg", "template",
];
/// Elements whose content is raw text up to their end tag.
const RAW: &[&str] = &["script", "style", "textarea", "xmp"];
/// Elements that start a new paragraph.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];
const CONTENT: &[&str] = &["article", "main"];

/// Whether a body of unspecified type looks like markup.
pub fn looks_like_html(body: &str) -> bool {
    let head: String = body
        .trim_start()
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with('<')
        && (head.starts_with("<!doctype") || head.contains("</") || head.contains("<br"))
}

/// The readable text of an HTML page and its title.
pub fn main_text(input: &str) -> Extracted {
    let mut walker = Walker::default();
    let mut rest = input;
    while let Some(open) = rest.find('<') {
        walker.text(&rest[..open]);
        rest = &rest[open..];
        rest = match Tag::parse(rest) {
            Some((tag, after)) => walker.tag(tag, after),
            None => {
                walker.text("<");
                &rest[1..]
            }
        };
    }
    walker.text(rest);
    walker.finish()
}

#[derive(Debug)]
enum Tag {
    Start {
        name: String,
        self_closing: bool,
    },
    End {
        name: String,
    },
    /// Comments, doctypes and processing instructions.
    Other,
}

impl Tag {
    /// Parses the tag at the start of `input` (which begins with '<'); `None` when the '<' is
    /// just text.
    fn parse(input: &str) -> Option<(Tag, &str)> {
        let after = &input[1..];
        if let Some(comment) = after.strip_prefix("!--") {
            let end = comment.find("-->").map_or(comment.len(), |i| i + 3);
            return Some((Tag::Other, &comment[end..]));
        }
        if after.starts_with('!') || after.starts_with('?') {
            let end = after.find('>').map_or(after.len(), |i| i + 1);
            return Some((Tag::Other, &after[end..]));
        }
        let (closing, after) = match after.strip_prefix('/') {
            Some(rest) => (true, rest),
            None => (false, after),
        };
        if !after.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let name_len = after
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != ':')
            .unwrap_or(after.len());
        let name = after[..name_len].to_ascii_lowercase();
        let end = tag_end(&after[name_len..]).map_or(after.len(), |i| name_len + i);
        let self_closing = after[..end.min(after.len())]
            .trim_end_matches('>')
            .ends_with('/');
        let rest = &after[(end + 1).min(after.len())..];
        let tag = if closing {
            Tag::End { name }
        } else {
            Tag::Start { name, self_closing }
        };
        Some((tag, rest))
    }
}

/// Index of the '>' closing a tag, skipping quoted attribute values.
fn tag_end(attributes: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in attributes.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

#[derive(Default)]
struct Walker {
    /// Open boilerplate elements; text is dropped while any is open.
    skipped: Vec<String>,
    /// How many of each name `skipped` holds, so that an end tag nothing matches is known at
    /// once rather than by searching the stack.
    skipped_names: HashMap<String, usize>,
    /// Depth inside `<article>`/`<main>`.
    content_depth: usize,
    in_title: bool,
    in_h1: bool,
    title: String,
    first_h1: Option<String>,
    h1: String,
    paragraph: String,
    paragraph_in_content: bool,
    /// Each paragraph with whether it came from inside `<article>`/`<main>`.
    paragraphs: Vec<(String, bool)>,
}

impl Walker {
    fn text(&mut self, raw: &str) {
        if raw.is_empty() || !self.skipped.is_empty() {
            return;
        }
        let decoded = decode_entities(raw);
        if self.in_title {
            self.title.push_str(&decoded);
            return;
        }
        if self.in_h1 {
            self.h1.push_str(&decoded);
        }
        if decoded.chars().any(|c| !c.is_whitespace()) && self.content_depth > 0 {
            self.paragraph_in_content = true;
        }
        self.paragraph.push_str(&decoded);
    }

    fn tag<'a>(&mut self, tag: Tag, after: &'a str) -> &'a str {
        match tag {
            Tag::Start { name, .. } if RAW.contains(&name.as_str()) => skip_raw(after, &name),
            Tag::Start { name, self_closing } => {
                if SKIPPED.contains(&name.as_str()) {
                    if !self_closing {
                        *self.skipped_names.entry(name.clone()).or_default() += 1;
                        self.skipped.push(name);
                    }
                    return after;
                }
                self.open(&name);
                after
            }
            Tag::End { name } => {
                if self.skipped_names.contains_key(&name) {
                    // The search stops at the match, and everything it passed is closed with
                    // it, so each open element is looked at once.
                    let at = self.skipped.iter().rposition(|open| *open == name);
                    for closed in self.skipped.drain(at.unwrap_or(0)..) {
                        if let Some(count) = self.skipped_names.get_mut(&closed) {
                            *count -= 1;
                            if *count == 0 {
                                self.skipped_names.remove(&closed);
                            }
                        }
                    }
                } else if self.skipped.is_empty() {
                    self.close(&name);
                }
                after
            }
            Tag::Other => after,
        }
    }

    fn open(&mut self, name: &str) {
        if !self.skipped.is_empty() {
            return;
        }
        if BLOCKS.contains(&name) {
            self.break_paragraph();
        }
        match name {
            "title" => self.in_title = true,
            "h1" => {
                self.in_h1 = true;
                self.h1.clear();
            }
            _ if CONTENT.contains(&name) => self.content_depth += 1,
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        if BLOCKS.contains(&name) {
            self.break_paragraph();
        }
        match name {
            "title" => self.in_title = false,
            "h1" if self.in_h1 => {
                self.in_h1 = false;
                if self.first_h1.is_none() {
                    self.first_h1 = Some(collapse(&self.h1));
                }
            }
            _ if CONTENT.contains(&name) => {
                self.content_depth = self.content_depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn break_paragraph(&mut self) {
        let text = collapse(&self.paragraph);
        if !text.is_empty() {
            self.paragraphs.push((text, self.paragraph_in_content));
        }
        self.paragraph.clear();
        self.paragraph_in_content = false;
    }

    fn finish(mut self) -> Extracted {
        self.break_paragraph();
        let mut title = collapse(&self.title);
        if title.is_empty() {
            title = self.first_h1.unwrap_or_default();
        }
        let any_content = self.paragraphs.iter().any(|(_, content)| *content);
        let mut paragraphs: Vec<String> = self
            .paragraphs
            .into_iter()
            .filter(|(_, content)| *content || !any_content)
            .map(|(text, _)| text)
            .collect();
        // The headline repeated as the first block would be read twice.
        if !title.is_empty() && paragraphs.first() == Some(&title) {
            paragraphs.remove(0);
        }
        Extracted {
            title,
            text: paragraphs.join("\n\n"),
        }
    }
}

/// Skips the raw content of `name` up to and including its end tag.
fn skip_raw<'a>(input: &'a str, name: &str) -> &'a str {
    for (at, _) in input.match_indices("</") {
        let candidate = &input.as_bytes()[at + 2..];
        if candidate.len() >= name.len()
            && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            let rest = &input[at + 2 + name.len()..];
            return rest.find('>').map_or("", |i| &rest[i + 1..]);
        }
    }
    ""
}

/// Collapses runs of whitespace (including no-break spaces) to one space and trims.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match entity(rest) {
            Some((decoded, len)) => {
                out.push(decoded);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// Longest entity looked for, '&' and ';' included: the search for its ';' stops there, so
/// a run of '&' without one costs no more than its length.
const MAX_ENTITY: usize = 33;

/// Decodes the entity at the start of `text` ("&amp;", "&#8217;", "&#x2019;"), returning the
/// character and the length consumed.
fn entity(text: &str) -> Option<(char, usize)> {
    let window = &text.as_bytes()[1..text.len().min(MAX_ENTITY)];
    let end = window.iter().position(|&b| b == b';')? + 1;
    let name = text.get(1..end)?;
    let decoded = if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        // HTML reads a reference to NUL, like one to no character, as U+FFFD: a NUL would
        // reach the text from a page that never held one.
        char::from_u32(code)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}')
    } else {
        named_entity(name)?
    };
    Some((decoded, end + 1))
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "hellip" => '…',
        "middot" => '·',
        "bull" => '•',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "times" => '×',
        "minus" => '−',
        "shy" => '\u{ad}',
        "aacute" => 'á',
        "agrave" => 'à',
        "acirc" => 'â',
        "auml" => 'ä',
        "atilde" => 'ã',
        "aring" => 'å',
        "ccedil" => 'ç',
        "eacute" => 'é',
        "egrave" => 'è',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "iacute" => 'í',
        "igrave" => 'ì',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ntilde" => 'ñ',
        "oacute" => 'ó',
        "ograve" => 'ò',
        "ocirc" => 'ô',
        "ouml" => 'ö',
        "otilde" => 'õ',
        "oslash" => 'ø',
        "uacute" => 'ú',
        "ugrave" => 'ù',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "szlig" => 'ß',
        "Eacute" => 'É',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_paragraphs_and_drops_furniture() {
        let page = r#"<!DOCTYPE html>
<html><head><title>Harbour talks &amp; tariffs</title>
<style>p { color: red; }</style>
<script>var x = "<p>not text</p>";</script></head>
<body>
<header><a href="/">Home</a></header>
<nav><ul><li>World</li><li>Sport</li></ul></nav>
<p>The port authority said on <b>Monday</b> that
   talks would continue.</p>
<!-- an ad slot -->
<p>Officials called the offer &ldquo;serious&rdquo;&nbsp;&#8212; and &#x27;final&#x27;.</p>
<form><input name="q"><button>Search</button></form>
<aside>Read more</aside>
<footer>&copy; 2026 Example</footer>
</body></html>"#;
        let extracted = main_text(page);
        assert_eq!(extracted.title, "Harbour talks & tariffs");
        assert_eq!(
            extracted.text,
            "The port authority said on Monday that talks would continue.\n\n\
             Officials called the offer “serious” — and 'final'."
        );
    }

    #[test]
    fn prefers_article_content_and_takes_h1_as_title() {
        let page = "<body><div>Trending now: cats</div><article><h1>Ceasefire holds</h1>\
                    <p>First line.<br>Second line.</p></article><div>Sponsored</div></body>";
        let extracted = main_text(page);
        assert_eq!(extracted.title, "Ceasefire holds");
        assert_eq!(extracted.text, "First line.\n\nSecond line.");
    }

    #[test]
    fn tolerates_broken_markup() {
        let extracted = main_text("<p>a < b and c > d &bogus; &amp</p><p unterminated");
        assert_eq!(extracted.text, "a < b and c > d &bogus; &amp");
        assert_eq!(main_text("<script>never closed").text, "");
        assert_eq!(main_text("<P CLASS='x>y'>Upper</P>").text, "Upper");
    }

    /// Poison pages: each took time growing with the square of its size.
    #[test]
    fn pathological_pages_give_the_expected_text() {
        let ampersands = "&".repeat(1 << 20);
        assert_eq!(main_text(&ampersands).text, ampersands);
        let unclosed = "<p>before</p>".to_owned()
            + &"<nav>".repeat(20_000)
            + &"</x>".repeat(60_000)
            + "<p>dropped</p>";
        assert_eq!(main_text(&unclosed).text, "before");
        let nested = "<nav><p>menu</p><aside>ad</aside></nav><p>kept</p>";
        assert_eq!(main_text(nested).text, "kept");
        // An entity is looked for within 32 bytes: past that, '&' is text.
        let far = "&amp; &#x2019; &amp &thirtytwocharacterslongnamexxxx;";
        assert_eq!(
            main_text(far).text,
            "& ’ &amp &thirtytwocharacterslongnamexxxx;"
        );
    }

    #[test]
    fn a_reference_to_nul_or_no_character_is_the_replacement_character() {
        assert_eq!(
            main_text("a&#0;b&#x0;c&#xD800;d&#x110000;e").text,
            "a\u{fffd}b\u{fffd}c\u{fffd}d\u{fffd}e"
        );
    }

    #[test]
    fn detects_markup() {
        assert!(looks_like_html("  <!doctype html><p>x"));
        assert!(looks_like_html("<p>one</p>"));
        assert!(!looks_like_html("Plain text with a <tag> inside"));
        assert!(!looks_like_html("<3 plain"));
    }
}
