//! Certificates made at run time for the TLS tests: a CA and the certificates it signs,
//! written as PEM files into a directory the test owns, so no key is ever committed.

use std::path::{Path, PathBuf};

use brink_common::tls::{ClientTls, ServerTls, TlsConfig};
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose,
};

/// A certificate and its private key, as files.
#[derive(Debug, Clone)]
pub struct Pair {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// A certificate authority whose certificate is the file `cert`.
pub struct Ca {
    issuer: CertifiedIssuer<'static, KeyPair>,
    dir: PathBuf,
    pub cert: PathBuf,
}

impl Ca {
    /// A new CA named `name`, its certificate written to `dir/<name>.pem`.
    pub fn new(dir: &Path, name: &str) -> anyhow::Result<Ca> {
        let mut params = CertificateParams::default();
        params.distinguished_name = named(name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let issuer = CertifiedIssuer::self_signed(params, KeyPair::generate()?)?;
        let cert = dir.join(format!("{name}.pem"));
        std::fs::write(&cert, issuer.pem())?;
        Ok(Ca {
            issuer,
            dir: dir.to_owned(),
            cert,
        })
    }

    /// A certificate for `name` this CA signs, good for localhost and 127.0.0.1, as a server
    /// and as a client (a service is both).
    pub fn issue(&self, name: &str) -> anyhow::Result<Pair> {
        let mut params = CertificateParams::new(vec!["localhost".into(), "127.0.0.1".into()])?;
        params.distinguished_name = named(name);
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![
            ExtendedKeyUsagePurpose::ServerAuth,
            ExtendedKeyUsagePurpose::ClientAuth,
        ];
        let key = KeyPair::generate()?;
        let cert = params.signed_by(&key, &self.issuer)?;
        let pair = Pair {
            cert: self.dir.join(format!("{name}.pem")),
            key: self.dir.join(format!("{name}-key.pem")),
        };
        std::fs::write(&pair.cert, cert.pem())?;
        std::fs::write(&pair.key, key.serialize_pem())?;
        Ok(pair)
    }

    /// What a client trusting this CA uses, presenting `identity` if any.
    pub fn client(&self, identity: Option<&Pair>) -> ClientTls {
        ClientTls {
            tls_ca: Some(self.cert.clone()),
            tls_client_cert: identity.map(|pair| pair.cert.clone()),
            tls_client_key: identity.map(|pair| pair.key.clone()),
        }
    }

    /// A service serving with `pair` and calling with it too, trusting this CA; with `mutual`,
    /// requiring client certificates this CA signed.
    pub fn service(&self, pair: &Pair, mutual: bool) -> TlsConfig {
        TlsConfig {
            server: ServerTls {
                tls_cert: Some(pair.cert.clone()),
                tls_key: Some(pair.key.clone()),
                tls_client_ca: mutual.then(|| self.cert.clone()),
            },
            client: self.client(mutual.then_some(pair)),
        }
    }
}

fn named(name: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, name);
    dn
}
