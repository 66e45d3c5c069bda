//! Who may call what. Every gRPC method and the `/metrics` endpoint needs a bearer token with
//! one scope ([`methods`] decides which), checked by a layer of the shared server stack; every
//! Brink client, the services' own followers and probes included, sends its token as
//! `authorization: Bearer …`.
//!
//! A service with no token configured is open, as a laptop pipeline is; it then refuses to
//! listen beyond loopback unless started with `--insecure`.

mod bearer;
mod layer;
pub mod methods;
mod tokens;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub use bearer::{Bearer, Secret};
pub use layer::{AuthLayer, Authorized};
pub use tokens::Tokens;

/// What a token may do. A token has exactly the scopes listed for it: `admin` does not imply
/// `read`, so a token can be given one job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Submit articles to ingest.
    IngestWrite,
    /// Read anything: articles, analyses, queries, statuses and the change-log streams.
    Read,
    /// Operations that change what is stored, such as `Reanalyze`.
    Admin,
    /// Scrape the Prometheus endpoint.
    Metrics,
}

impl Scope {
    pub const ALL: [Scope; 4] = [
        Scope::IngestWrite,
        Scope::Read,
        Scope::Admin,
        Scope::Metrics,
    ];

    /// The name written in token files and status messages.
    pub fn name(self) -> &'static str {
        match self {
            Scope::IngestWrite => "ingest:write",
            Scope::Read => "read",
            Scope::Admin => "admin",
            Scope::Metrics => "metrics",
        }
    }

    fn parse(name: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|scope| scope.name() == name)
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("cannot read token file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A bad entry; `place` names the file and line, or the variable and entry.
    #[error("{place}: {reason}")]
    Entry { place: String, reason: String },
    #[error("BRINK_TOKEN (--token) cannot be sent as a header: {0}")]
    Credential(String),
    #[error(
        "refusing to serve {addr} without authentication: configure tokens (BRINK_TOKENS_FILE or \
         BRINK_TOKENS), listen on loopback, or pass --insecure (BRINK_INSECURE=true)"
    )]
    Open { addr: SocketAddr },
}

/// A refused call, shared by gRPC and HTTP so both answer alike; the message names the method
/// and the scope it needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// No bearer token, or one that is not configured.
    #[error("{0}")]
    Unauthenticated(String),
    /// A known token without the scope needed.
    #[error("{0}")]
    PermissionDenied(String),
}

impl Denied {
    pub fn http_status(&self) -> http::StatusCode {
        match self {
            Denied::Unauthenticated(_) => http::StatusCode::UNAUTHORIZED,
            Denied::PermissionDenied(_) => http::StatusCode::FORBIDDEN,
        }
    }
}

impl From<Denied> for tonic::Status {
    fn from(denied: Denied) -> tonic::Status {
        match denied {
            Denied::Unauthenticated(message) => tonic::Status::unauthenticated(message),
            Denied::PermissionDenied(message) => tonic::Status::permission_denied(message),
        }
    }
}

/// Which tokens a server accepts. A TOML config names them at the top level (`tokens_file`,
/// `insecure`), for every service alike.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Access {
    /// File of accepted tokens, one a line: `<scope>[,<scope>...] <token>`; `#` starts a
    /// comment. Scopes: ingest:write, read, admin, metrics.
    #[arg(long, env = "BRINK_TOKENS_FILE", value_name = "FILE")]
    pub tokens_file: Option<PathBuf>,
    /// Accepted tokens inline, entries as in the file separated by `;`.
    #[arg(
        long,
        env = "BRINK_TOKENS",
        value_name = "ENTRIES",
        hide_env_values = true
    )]
    pub tokens: Option<Secret>,
    /// Serve without tokens on an address beyond loopback.
    #[arg(long, env = "BRINK_INSECURE")]
    pub insecure: bool,
}

/// The token a client sends: the `brink` command's, or a service's own for its upstream
/// stream, status scrape and health probe.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct Credential {
    /// Bearer token sent with every call: a service sends it to its upstream and to itself.
    #[arg(
        long,
        global = true,
        env = "BRINK_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true
    )]
    pub token: Option<Secret>,
}

impl Credential {
    pub fn bearer(&self) -> Result<Bearer, AuthError> {
        Bearer::new(self.token.as_ref())
    }
}

/// A service's authentication settings: the tokens it accepts and the one it sends.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AuthConfig {
    #[command(flatten)]
    pub access: Access,
    #[command(flatten)]
    pub credential: Credential,
}

impl AuthConfig {
    /// Reads the token file and checks every entry.
    pub fn load(&self) -> Result<Auth, AuthError> {
        let mut tokens = Tokens::default();
        if let Some(path) = &self.access.tokens_file {
            let text = std::fs::read_to_string(path).map_err(|source| AuthError::Read {
                path: path.clone(),
                source,
            })?;
            tokens.add(text.lines(), |line| {
                format!("token file {}, line {line}", path.display())
            })?;
        }
        if let Some(inline) = &self.access.tokens {
            tokens.add(inline.expose().split(';'), |entry| {
                format!("BRINK_TOKENS, entry {entry}")
            })?;
        }
        Ok(Auth {
            tokens: Arc::new(tokens),
            bearer: self.credential.bearer()?,
            insecure: self.access.insecure,
        })
    }
}

/// Loaded authentication settings of a service.
#[derive(Debug, Clone, Default)]
pub struct Auth {
    /// Accepted tokens; none means the service is open.
    pub tokens: Arc<Tokens>,
    /// What the service sends when it calls a service, itself included.
    pub bearer: Bearer,
    insecure: bool,
}

impl Auth {
    /// Refuses an open service on an address other machines can reach, unless `--insecure`.
    pub fn check_listen(&self, addr: SocketAddr) -> Result<(), AuthError> {
        if self.tokens.is_empty() && !addr.ip().is_loopback() && !self.insecure {
            return Err(AuthError::Open { addr });
        }
        Ok(())
    }

    /// Whether the service's own token has `scope` among the tokens it accepts, as a pipeline
    /// sharing one token set needs for `what` its services do.
    pub fn check_own(&self, scope: Scope, what: &str) -> Result<(), Denied> {
        let mut headers = http::HeaderMap::new();
        if let Some(header) = self.bearer.header() {
            headers.insert(http::header::AUTHORIZATION, header);
        }
        self.tokens.check(&headers, scope, what)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access(tokens: Option<&str>, insecure: bool) -> Auth {
        AuthConfig {
            access: Access {
                tokens: tokens.map(Secret::from),
                insecure,
                ..Access::default()
            },
            ..AuthConfig::default()
        }
        .load()
        .unwrap()
    }

    #[test]
    fn an_open_service_may_listen_on_loopback_or_when_insecure() {
        let loopback: SocketAddr = "127.0.0.1:1".parse().unwrap();
        let anywhere: SocketAddr = "0.0.0.0:1".parse().unwrap();
        assert!(access(None, false).check_listen(loopback).is_ok());
        assert!(
            access(None, false)
                .check_listen("[::1]:1".parse().unwrap())
                .is_ok()
        );
        let refused = access(None, false).check_listen(anywhere).unwrap_err();
        assert!(refused.to_string().contains("--insecure"), "{refused}");
        assert!(access(None, true).check_listen(anywhere).is_ok());
        let guarded = access(Some("read 0123456789abcdef"), false);
        assert!(guarded.check_listen(anywhere).is_ok());
    }

    #[test]
    fn file_and_variable_entries_combine_and_errors_name_their_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tokens");
        std::fs::write(&path, "# operators\nread 0123456789abcdef\n").unwrap();
        let config = |inline: &str| AuthConfig {
            access: Access {
                tokens_file: Some(path.clone()),
                tokens: Some(Secret::from(inline)),
                insecure: false,
            },
            ..AuthConfig::default()
        };
        let auth = config("admin fedcba9876543210; metrics 0000111122223333")
            .load()
            .unwrap();
        assert_eq!(auth.tokens.len(), 3);
        let error = config("admin fedcba9876543210;admin short")
            .load()
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "BRINK_TOKENS, entry 2: the token is 5 characters; use at least 16, e.g. `openssl rand -hex 32`"
        );
        std::fs::write(&path, "read 0123456789abcdef\nreed 0123456789abcdeg\n").unwrap();
        let error = config("").load().unwrap_err().to_string();
        assert!(
            error.starts_with(&format!("token file {}, line 2: ", path.display())),
            "{error}"
        );
        let missing = AuthConfig {
            access: Access {
                tokens_file: Some(dir.path().join("absent")),
                ..Access::default()
            },
            ..AuthConfig::default()
        };
        assert!(matches!(missing.load(), Err(AuthError::Read { .. })));
    }
}
