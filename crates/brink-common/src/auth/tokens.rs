//! The accepted tokens and their scopes, parsed from `<scope>[,<scope>...] <token>` entries, and
//! the check of a request's `authorization` header against them.

use super::{AuthError, Denied, Scope};

/// Shortest token accepted: enough that guessing one is hopeless.
const MIN_TOKEN_LEN: usize = 16;

/// A set of scopes, one bit each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Scopes(u8);

impl Scopes {
    fn bit(scope: Scope) -> u8 {
        1 << scope as u8
    }

    fn contains(self, scope: Scope) -> bool {
        self.0 & Scopes::bit(scope) != 0
    }
}

impl std::fmt::Display for Scopes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<String> = Scope::ALL
            .into_iter()
            .filter(|scope| self.contains(*scope))
            .map(|scope| format!("`{scope}`"))
            .collect();
        f.write_str(&names.join(", "))
    }
}

struct Entry {
    secret: Box<[u8]>,
    scopes: Scopes,
}

/// Accepted tokens; empty when none is configured, and the service is open.
#[derive(Default)]
pub struct Tokens {
    entries: Vec<Entry>,
}

/// Never prints a token.
impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tokens({} configured)", self.entries.len())
    }
}

impl Tokens {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Adds entries, one per item (a file's lines); blank items and `#` comments are skipped.
    /// `place` names the 1-based item for error messages.
    pub fn add<'a>(
        &mut self,
        items: impl Iterator<Item = &'a str>,
        place: impl Fn(usize) -> String,
    ) -> Result<(), AuthError> {
        for (index, item) in items.enumerate() {
            let error = |reason: String| AuthError::Entry {
                place: place(index + 1),
                reason,
            };
            let text = item.split_once('#').map_or(item, |(entry, _)| entry);
            let mut fields = text.split_whitespace();
            let (scopes, secret) = match (fields.next(), fields.next(), fields.next()) {
                (None, ..) => continue,
                (Some(scopes), Some(secret), None) => (scopes, secret),
                _ => {
                    return Err(error("expected `<scope>[,<scope>...] <token>`".to_owned()));
                }
            };
            let entry = Entry {
                scopes: parse_scopes(scopes).map_err(error)?,
                secret: check_secret(secret).map_err(error)?.into(),
            };
            if self.entries.iter().any(|e| e.secret == entry.secret) {
                return Err(error("the token is already configured".to_owned()));
            }
            self.entries.push(entry);
        }
        Ok(())
    }

    /// Allows the call when the service is open, or when the request's bearer token has
    /// `scope`. `what` names the method for the message ("method brink.v1.X/Y").
    pub fn check(&self, headers: &http::HeaderMap, scope: Scope, what: &str) -> Result<(), Denied> {
        if self.is_empty() {
            return Ok(());
        }
        let scopes = self.identify(headers, || {
            format!("{what} needs a bearer token with scope `{scope}`")
        })?;
        if scopes.contains(scope) {
            Ok(())
        } else {
            Err(Denied::PermissionDenied(format!(
                "{what} needs scope `{scope}`; the token has {scopes}"
            )))
        }
    }

    /// Refuses a call no scope allows, after telling a caller without a known token so.
    pub fn refuse(&self, headers: &http::HeaderMap, what: &str) -> Denied {
        let needs = || format!("{what} needs a bearer token");
        match self.identify(headers, needs) {
            Ok(_) => Denied::PermissionDenied(format!("{what} is not one any scope allows")),
            Err(denied) => denied,
        }
    }

    /// The scopes of the request's bearer token; `needs` says what is missing otherwise.
    fn identify(
        &self,
        headers: &http::HeaderMap,
        needs: impl Fn() -> String,
    ) -> Result<Scopes, Denied> {
        let Some(presented) = bearer_token(headers) else {
            return Err(Denied::Unauthenticated(needs()));
        };
        self.scopes_of(presented).ok_or_else(|| {
            Denied::Unauthenticated(format!("{}; the token sent is not configured", needs()))
        })
    }

    /// Compares `presented` with every entry, each in constant time, so neither the time taken
    /// nor where the loop stops tells how much of which token was right.
    fn scopes_of(&self, presented: &[u8]) -> Option<Scopes> {
        let mut found = 0u8;
        let mut scopes = 0u8;
        for entry in &self.entries {
            let mask = 0u8.wrapping_sub(u8::from(constant_time_eq(&entry.secret, presented)));
            found |= mask;
            scopes |= entry.scopes.0 & mask;
        }
        (found != 0).then_some(Scopes(scopes))
    }
}

fn parse_scopes(list: &str) -> Result<Scopes, String> {
    let mut scopes = Scopes::default();
    for name in list.split(',') {
        let scope = Scope::parse(name).ok_or_else(|| {
            let known: Vec<&str> = Scope::ALL.iter().map(|s| s.name()).collect();
            format!("unknown scope `{name}`; scopes are {}", known.join(", "))
        })?;
        scopes.0 |= Scopes::bit(scope);
    }
    Ok(scopes)
}

fn check_secret(secret: &str) -> Result<&[u8], String> {
    if !secret.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("the token has a character that is not printable ASCII".to_owned());
    }
    if secret.len() < MIN_TOKEN_LEN {
        return Err(format!(
            "the token is {} characters; use at least {MIN_TOKEN_LEN}, e.g. `openssl rand -hex 32`",
            secret.len()
        ));
    }
    Ok(secret.as_bytes())
}

/// The token of an `authorization: Bearer <token>` header.
fn bearer_token(headers: &http::HeaderMap) -> Option<&[u8]> {
    let value = headers.get(http::header::AUTHORIZATION)?.as_bytes();
    let (scheme, token) = value.split_at_checked(7)?;
    scheme
        .eq_ignore_ascii_case(b"bearer ")
        .then(|| token.trim_ascii())
        .filter(|token| !token.is_empty())
}

/// Equal contents, in time that depends only on the lengths: every byte pair is compared, and
/// the comparison's result is hidden from the optimiser so it cannot stop early.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let difference = a
        .iter()
        .zip(b)
        .fold(0u8, |acc, (x, y)| std::hint::black_box(acc | (x ^ y)));
    difference == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# who may do what
read,ingest:write  feed-0123456789abcdef   # the feed poller

admin   admin-0123456789abcdef
metrics prom-0123456789abcdef
";

    fn parse(text: &str) -> Result<Tokens, AuthError> {
        let mut tokens = Tokens::default();
        tokens.add(text.lines(), |line| format!("tokens, line {line}"))?;
        Ok(tokens)
    }

    fn headers(authorization: Option<&str>) -> http::HeaderMap {
        let mut headers = http::HeaderMap::new();
        if let Some(value) = authorization {
            headers.insert(http::header::AUTHORIZATION, value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn entries_parse_with_comments_and_blank_lines() {
        let tokens = parse(FILE).unwrap();
        assert_eq!(tokens.len(), 3);
        let feed = tokens.scopes_of(b"feed-0123456789abcdef").unwrap();
        assert!(feed.contains(Scope::Read) && feed.contains(Scope::IngestWrite));
        assert!(!feed.contains(Scope::Admin) && !feed.contains(Scope::Metrics));
        let admin = tokens.scopes_of(b"admin-0123456789abcdef").unwrap();
        assert_eq!(admin, Scopes(Scopes::bit(Scope::Admin)));
        assert_eq!(tokens.scopes_of(b"admin-0123456789abcdeF"), None);
        assert_eq!(tokens.scopes_of(b"admin-0123456789abcde"), None);
        assert!(parse("").unwrap().is_empty());
    }

    #[test]
    fn bad_entries_name_their_line_and_fault() {
        let cases = [
            ("read\n", "expected `<scope>[,<scope>...] <token>`"),
            ("read a b\n", "expected"),
            (
                "reed 0123456789abcdef\n",
                "unknown scope `reed`; scopes are ingest:write, read, admin, metrics",
            ),
            ("read, 0123456789abcdef\n", "unknown scope ``"),
            ("read short\n", "the token is 5 characters; use at least 16"),
            ("read 0123456789abcdé\n", "not printable ASCII"),
            (
                "read 0123456789abcdef\nadmin 0123456789abcdef\n",
                "already configured",
            ),
        ];
        for (text, reason) in cases {
            let error = parse(&format!("# header\n{text}")).unwrap_err().to_string();
            let line = if text.lines().count() == 2 { 3 } else { 2 };
            assert!(
                error.starts_with(&format!("tokens, line {line}: ")) && error.contains(reason),
                "{text:?}: {error}"
            );
        }
    }

    #[test]
    fn constant_time_eq_compares_whole_contents() {
        assert!(constant_time_eq(b"", b""));
        assert!(constant_time_eq(b"abcdef", b"abcdef"));
        assert!(!constant_time_eq(b"abcdef", b"abcdeg"));
        assert!(!constant_time_eq(b"abcdef", b"bbcdef"));
        assert!(!constant_time_eq(b"abcdef", b"abcde"));
        assert!(!constant_time_eq(b"abc", b"abcdef"));
    }

    #[test]
    fn checks_answer_by_token_and_scope() {
        let tokens = parse(FILE).unwrap();
        let what = "method brink.v1.QueryService/SearchEvents";
        let check = |header: Option<&str>, scope| tokens.check(&headers(header), scope, what);
        assert_eq!(
            check(Some("Bearer feed-0123456789abcdef"), Scope::Read),
            Ok(())
        );
        assert_eq!(
            check(Some("bearer  feed-0123456789abcdef "), Scope::Read),
            Ok(())
        );
        assert_eq!(
            check(Some("Bearer admin-0123456789abcdef"), Scope::Read),
            Err(Denied::PermissionDenied(format!(
                "{what} needs scope `read`; the token has `admin`"
            )))
        );
        for header in [None, Some("Basic feed-0123456789abcdef"), Some("Bearer ")] {
            let denied = check(header, Scope::Read).unwrap_err();
            assert_eq!(
                denied,
                Denied::Unauthenticated(format!("{what} needs a bearer token with scope `read`")),
                "{header:?}"
            );
        }
        let unknown = check(Some("Bearer feed-0123456789abcdeX"), Scope::Read).unwrap_err();
        assert!(
            matches!(&unknown, Denied::Unauthenticated(m) if m.ends_with("the token sent is not configured")),
            "{unknown:?}"
        );
        let open = Tokens::default();
        assert_eq!(open.check(&headers(None), Scope::Admin, what), Ok(()));
    }

    #[test]
    fn calls_no_scope_allows_are_refused_even_with_a_token() {
        let tokens = parse(FILE).unwrap();
        let refused = tokens.refuse(
            &headers(Some("Bearer admin-0123456789abcdef")),
            "method /x/Y",
        );
        assert!(
            matches!(refused, Denied::PermissionDenied(_)),
            "{refused:?}"
        );
        let anonymous = tokens.refuse(&headers(None), "method /x/Y");
        assert!(
            matches!(anonymous, Denied::Unauthenticated(_)),
            "{anonymous:?}"
        );
    }
}
