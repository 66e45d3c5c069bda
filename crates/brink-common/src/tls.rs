//! TLS and mutual TLS on every Brink link, through tonic's rustls. Certificates and keys are
//! PEM files; the only roots trusted are the CA files configured, as a private pipeline has
//! its own CA.
//!
//! A server with `--tls-cert`/`--tls-key` serves TLS, and with `--tls-client-ca` accepts only
//! clients presenting a certificate that CA signed. A client with `--tls-ca` reaches every
//! service over TLS (an `http://` URL is taken as `https://`) and with
//! `--tls-client-cert`/`--tls-client-key` presents its own certificate. A service is a client
//! too: of its upstream, and of itself for `--health-check` and the status metrics.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tonic::transport::{Certificate, ClientTlsConfig, Endpoint, Identity, ServerTlsConfig};

/// How long a TLS handshake may take, so a peer that connects and stalls holds nothing.
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// A PEM file that cannot be read or does not hold what its flag asks for.
    #[error("{flag} {path}: {reason}")]
    File {
        flag: &'static str,
        path: PathBuf,
        reason: String,
    },
    #[error("{given} needs {missing}{why}")]
    Incomplete {
        given: &'static str,
        missing: &'static str,
        why: &'static str,
    },
    #[error("{url} is https, but no CA is configured to check it: pass --tls-ca (BRINK_TLS_CA)")]
    NoCa { url: String },
    #[error("invalid endpoint {url}: {source}")]
    Endpoint {
        url: String,
        source: tonic::transport::Error,
    },
}

/// What a server serves with. A TOML config names these at the top level (`tls_cert`, ...).
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ServerTls {
    /// PEM certificate (chain) the gRPC server presents; with --tls-key, the server speaks
    /// TLS only.
    #[arg(long, env = "BRINK_TLS_CERT", value_name = "FILE")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of --tls-cert.
    #[arg(long, env = "BRINK_TLS_KEY", value_name = "FILE")]
    pub tls_key: Option<PathBuf>,
    /// PEM CA certificate(s): clients must present a certificate one of them signed (mutual
    /// TLS).
    #[arg(long, env = "BRINK_TLS_CLIENT_CA", value_name = "FILE")]
    pub tls_client_ca: Option<PathBuf>,
}

/// What a client trusts and presents: the `brink` command's, or a service's own for its
/// upstream and itself.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ClientTls {
    /// PEM CA certificate(s) trusted to sign the services' certificates; connects over TLS.
    #[arg(long, global = true, env = "BRINK_TLS_CA", value_name = "FILE")]
    pub tls_ca: Option<PathBuf>,
    /// PEM client certificate (chain) presented to services that require one.
    #[arg(
        long,
        global = true,
        env = "BRINK_TLS_CLIENT_CERT",
        value_name = "FILE"
    )]
    pub tls_client_cert: Option<PathBuf>,
    /// PEM private key of --tls-client-cert.
    #[arg(long, global = true, env = "BRINK_TLS_CLIENT_KEY", value_name = "FILE")]
    pub tls_client_key: Option<PathBuf>,
}

/// A service's TLS settings: how it serves and how it calls.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TlsConfig {
    #[command(flatten)]
    pub server: ServerTls,
    #[command(flatten)]
    pub client: ClientTls,
}

/// Loaded settings of a service.
#[derive(Debug, Clone, Default)]
pub struct Tls {
    /// `None` serves plain gRPC.
    pub server: Option<ServerTlsConfig>,
    /// How the service reaches its upstream.
    pub client: Connector,
}

impl Tls {
    /// How the service reaches itself: as its clients do when it serves TLS, plainly otherwise.
    pub fn local(&self) -> Connector {
        match self.server {
            Some(_) => self.client.clone(),
            None => Connector::default(),
        }
    }
}

/// Makes the endpoints of a client, with TLS when a CA is configured.
#[derive(Debug, Clone, Default)]
pub struct Connector {
    tls: Option<ClientTlsConfig>,
}

impl Connector {
    /// The URL a connection to `url` really uses, as a user should see it: `http://` means
    /// `https://` under TLS.
    pub fn url(&self, url: &str) -> String {
        match (&self.tls, url.strip_prefix("http://")) {
            (Some(_), Some(rest)) => format!("https://{rest}"),
            _ => url.to_owned(),
        }
    }

    /// An endpoint for `url`: over TLS when a CA is configured (`http://` then meaning
    /// `https://`), plain otherwise; an `https://` URL without a CA is an error.
    pub fn endpoint(&self, url: &str) -> Result<Endpoint, TlsError> {
        let url = self.url(url);
        let invalid = |source| TlsError::Endpoint {
            url: url.clone(),
            source,
        };
        let endpoint = Endpoint::from_shared(url.clone()).map_err(invalid)?;
        match &self.tls {
            Some(config) => endpoint.tls_config(config.clone()).map_err(invalid),
            None if url.starts_with("https://") => Err(TlsError::NoCa { url }),
            None => Ok(endpoint),
        }
    }
}

impl TlsConfig {
    /// Reads and checks every file, refusing half a configuration: a certificate without its
    /// key, or a server requiring client certificates it could not itself present.
    pub fn load(&self) -> Result<Tls, TlsError> {
        let (server, client) = (&self.server, &self.client);
        complete(&[
            (
                server.tls_cert.is_some(),
                server.tls_key.is_some(),
                "--tls-cert",
                "--tls-key",
                "",
            ),
            (
                server.tls_key.is_some(),
                server.tls_cert.is_some(),
                "--tls-key",
                "--tls-cert",
                "",
            ),
            (
                server.tls_client_ca.is_some(),
                server.tls_cert.is_some(),
                "--tls-client-ca",
                "--tls-cert and --tls-key",
                ": mutual TLS is TLS first",
            ),
            (
                server.tls_cert.is_some(),
                client.tls_ca.is_some(),
                "--tls-cert",
                "--tls-ca",
                ", the CA of its own certificate: the service checks its health and status \
                 over TLS",
            ),
            (
                server.tls_client_ca.is_some(),
                client.tls_client_cert.is_some(),
                "--tls-client-ca",
                "--tls-client-cert",
                ": the service's calls to itself present one as any client must",
            ),
        ])?;
        Ok(Tls {
            server: server.load()?,
            client: client.load()?,
        })
    }
}

impl ServerTls {
    fn load(&self) -> Result<Option<ServerTlsConfig>, TlsError> {
        let (Some(cert), Some(key)) = (&self.tls_cert, &self.tls_key) else {
            return Ok(None);
        };
        let config = ServerTlsConfig::new()
            .identity(identity(("--tls-cert", cert), ("--tls-key", key))?)
            .timeout(HANDSHAKE_TIMEOUT);
        Ok(Some(match &self.tls_client_ca {
            Some(path) => config.client_ca_root(ca("--tls-client-ca", path)?),
            None => config,
        }))
    }
}

impl ClientTls {
    pub fn load(&self) -> Result<Connector, TlsError> {
        complete(&[
            (
                self.tls_client_cert.is_some(),
                self.tls_client_key.is_some(),
                "--tls-client-cert",
                "--tls-client-key",
                "",
            ),
            (
                self.tls_client_key.is_some(),
                self.tls_client_cert.is_some(),
                "--tls-client-key",
                "--tls-client-cert",
                "",
            ),
            (
                self.tls_client_cert.is_some(),
                self.tls_ca.is_some(),
                "--tls-client-cert",
                "--tls-ca",
                ": a client certificate is only sent over TLS",
            ),
        ])?;
        let Some(path) = &self.tls_ca else {
            return Ok(Connector::default());
        };
        let config = ClientTlsConfig::new()
            .ca_certificate(ca("--tls-ca", path)?)
            .timeout(HANDSHAKE_TIMEOUT);
        let config = match (&self.tls_client_cert, &self.tls_client_key) {
            (Some(cert), Some(key)) => config.identity(identity(
                ("--tls-client-cert", cert),
                ("--tls-client-key", key),
            )?),
            _ => config,
        };
        Ok(Connector { tls: Some(config) })
    }
}

/// One rule of a complete configuration: when the first is given, the second must be, else
/// the error names the flags and why.
type Rule = (bool, bool, &'static str, &'static str, &'static str);

/// Checked before any file is read, so the first thing missing is what is reported.
fn complete(rules: &[Rule]) -> Result<(), TlsError> {
    match rules.iter().find(|(given, present, ..)| *given && !present) {
        Some(&(_, _, given, missing, why)) => Err(TlsError::Incomplete {
            given,
            missing,
            why,
        }),
        None => Ok(()),
    }
}

/// A certificate and the key that must be its own.
fn identity(
    (cert_flag, cert_path): (&'static str, &Path),
    (key_flag, key_path): (&'static str, &Path),
) -> Result<Identity, TlsError> {
    let (cert_pem, chain) = certificates(cert_flag, cert_path)?;
    let key_pem = read(key_flag, key_path)?;
    let key = PrivateKeyDer::from_pem_slice(&key_pem)
        .map_err(|error| bad(key_flag, key_path, format!("no PEM private key: {error}")))?;
    let provider = rustls::crypto::ring::default_provider();
    rustls::sign::CertifiedKey::from_der(chain, key, &provider).map_err(|error| {
        let reason = format!("not the key of {}: {error}", cert_path.display());
        bad(key_flag, key_path, reason)
    })?;
    Ok(Identity::from_pem(cert_pem, key_pem))
}

/// CA certificates to trust, each checked to be usable as one.
fn ca(flag: &'static str, path: &Path) -> Result<Certificate, TlsError> {
    let (pem, certs) = certificates(flag, path)?;
    let mut roots = rustls::RootCertStore::empty();
    for cert in certs {
        roots
            .add(cert)
            .map_err(|error| bad(flag, path, format!("not a CA certificate: {error}")))?;
    }
    Ok(Certificate::from_pem(pem))
}

/// The file's text and the certificates in it, at least one.
fn certificates(
    flag: &'static str,
    path: &Path,
) -> Result<(Vec<u8>, Vec<CertificateDer<'static>>), TlsError> {
    let pem = read(flag, path)?;
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| bad(flag, path, format!("invalid PEM: {error}")))?;
    if certs.is_empty() {
        return Err(bad(flag, path, "no PEM certificate in it".to_owned()));
    }
    Ok((pem, certs))
}

fn read(flag: &'static str, path: &Path) -> Result<Vec<u8>, TlsError> {
    std::fs::read(path).map_err(|error| bad(flag, path, format!("cannot read: {error}")))
}

fn bad(flag: &'static str, path: &Path, reason: String) -> TlsError {
    TlsError::File {
        flag,
        path: path.to_owned(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(cert: Option<&Path>, key: Option<&Path>, client_ca: Option<&Path>) -> ServerTls {
        ServerTls {
            tls_cert: cert.map(Path::to_owned),
            tls_key: key.map(Path::to_owned),
            tls_client_ca: client_ca.map(Path::to_owned),
        }
    }

    fn client(ca: Option<&Path>, cert: Option<&Path>, key: Option<&Path>) -> ClientTls {
        ClientTls {
            tls_ca: ca.map(Path::to_owned),
            tls_client_cert: cert.map(Path::to_owned),
            tls_client_key: key.map(Path::to_owned),
        }
    }

    fn refusal(server: ServerTls, client: ClientTls) -> String {
        TlsConfig { server, client }.load().unwrap_err().to_string()
    }

    /// Checked before any file is read, so the paths need not exist.
    #[test]
    fn half_a_configuration_is_refused_with_what_is_missing() {
        let file = Some(Path::new("/absent.pem"));
        let none = client(None, None, None);
        let cases = [
            (
                server(file, None, None),
                none.clone(),
                "--tls-cert needs --tls-key",
            ),
            (
                server(None, file, None),
                none.clone(),
                "--tls-key needs --tls-cert",
            ),
            (
                server(None, None, file),
                none.clone(),
                "--tls-client-ca needs --tls-cert and --tls-key",
            ),
            (
                server(file, file, None),
                none.clone(),
                "--tls-cert needs --tls-ca",
            ),
            (
                server(file, file, file),
                client(file, None, None),
                "--tls-client-ca needs --tls-client-cert",
            ),
            (
                ServerTls::default(),
                client(None, file, None),
                "--tls-client-cert needs --tls-client-key",
            ),
            (
                ServerTls::default(),
                client(None, file, file),
                "--tls-client-cert needs --tls-ca",
            ),
        ];
        for (server, client, expected) in cases {
            let message = refusal(server, client);
            assert!(message.starts_with(expected), "{message}");
        }
    }

    #[test]
    fn a_missing_or_empty_file_is_named_with_its_flag() {
        let dir = tempfile::tempdir().unwrap();
        let absent = dir.path().join("absent.pem");
        let message = refusal(ServerTls::default(), client(Some(&absent), None, None));
        assert!(
            message.starts_with(&format!("--tls-ca {}: cannot read", absent.display())),
            "{message}"
        );
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "no PEM here\n").unwrap();
        let message = refusal(ServerTls::default(), client(Some(&empty), None, None));
        assert_eq!(
            message,
            format!("--tls-ca {}: no PEM certificate in it", empty.display())
        );
        let garbled = dir.path().join("garbled.pem");
        let pem = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        std::fs::write(&garbled, pem).unwrap();
        let message = refusal(ServerTls::default(), client(Some(&garbled), None, None));
        assert!(
            message.starts_with(&format!("--tls-ca {}: not a CA", garbled.display())),
            "{message}"
        );
    }

    #[test]
    fn a_ca_switches_endpoints_to_https_and_https_needs_one() {
        let plain = Connector::default();
        let endpoint = plain.endpoint("http://127.0.0.1:50051").unwrap();
        assert_eq!(endpoint.uri().scheme_str(), Some("http"));
        let error = plain.endpoint("https://ingest:50051").unwrap_err();
        assert!(matches!(error, TlsError::NoCa { .. }), "{error:?}");
        assert!(error.to_string().contains("--tls-ca"), "{error}");

        let tls = Connector {
            tls: Some(ClientTlsConfig::new()),
        };
        for url in ["http://127.0.0.1:50051", "https://127.0.0.1:50051"] {
            let endpoint = tls.endpoint(url).unwrap();
            assert_eq!(endpoint.uri().scheme_str(), Some("https"), "{url}");
            assert_eq!(tls.url(url), "https://127.0.0.1:50051");
        }
        assert_eq!(
            plain.url("http://127.0.0.1:50051"),
            "http://127.0.0.1:50051"
        );
        let bad = tls.endpoint("http://no spaces").unwrap_err();
        assert!(matches!(bad, TlsError::Endpoint { .. }), "{bad:?}");
    }

    /// The service reaches itself plainly unless it serves TLS.
    #[test]
    fn a_service_calls_itself_as_it_serves() {
        let client = Connector {
            tls: Some(ClientTlsConfig::new()),
        };
        let plain = Tls {
            server: None,
            client: client.clone(),
        };
        assert!(plain.local().tls.is_none());
        let serving = Tls {
            server: Some(ServerTlsConfig::new()),
            client,
        };
        assert!(serving.local().tls.is_some());
    }
}
