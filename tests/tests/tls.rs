//! TLS and mutual TLS on real services, with certificates made here at run time: a service
//! serving TLS answers clients trusting its CA and no others; one requiring client
//! certificates admits only those its CA signed; and the follower chain works over mutual TLS.

use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use brink_common::auth::Bearer;
use brink_common::tls::{ClientTls, TlsConfig};
use brink_integration_tests::certs::{Ca, Pair};
use brink_integration_tests::{
    Pipeline, Running, bundled_sample, connect_with, indexed_article, start_ingest_with,
};
use brink_proto::v1::GetStatusRequest;
use brink_proto::v1::ingest_service_client::IngestServiceClient;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

const INGEST: &str = "brink.v1.IngestService";

async fn ingest(dir: &Path, tls: TlsConfig) -> anyhow::Result<Running> {
    start_ingest_with(brink_ingest::Config {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        data_dir: dir.join("ingest"),
        tls,
        ..Default::default()
    })
    .await
}

/// Ingest's status, asked over a connection `client` makes.
async fn status(client: &ClientTls, url: &str) -> anyhow::Result<u64> {
    let channel = connect_with(&client.load()?, url, None).await?;
    let status = IngestServiceClient::new(channel)
        .get_status(GetStatusRequest {})
        .await?;
    Ok(status.into_inner().log_head)
}

#[tokio::test]
async fn a_tls_service_answers_only_clients_trusting_its_ca() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let ca = Ca::new(dir.path(), "ca")?;
    let mut service = ingest(dir.path(), ca.service(&ca.issue("ingest")?, false)).await?;
    let url = service.url();

    status(&ca.client(None), &url).await?;
    // As --health-check asks it: over TLS, the http:// of its listen address notwithstanding.
    let connector = ca.client(None).load()?;
    let timeout = Duration::from_secs(5);
    brink_common::health::probe(&connector, &url, INGEST, Bearer::default(), timeout).await?;

    let plain = status(&ClientTls::default(), &url).await;
    assert!(plain.is_err(), "a plain client got through: {plain:?}");
    let stranger = Ca::new(dir.path(), "stranger-ca")?;
    let untrusted = status(&stranger.client(None), &url).await;
    assert!(
        untrusted.is_err(),
        "a client trusting another CA got through"
    );
    service.stop().await
}

#[tokio::test]
async fn mutual_tls_admits_only_clients_with_a_certificate_its_ca_signed() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let ca = Ca::new(dir.path(), "ca")?;
    let mut service = ingest(dir.path(), ca.service(&ca.issue("ingest")?, true)).await?;
    let url = service.url();

    let anonymous = status(&ca.client(None), &url).await;
    assert!(
        anonymous.is_err(),
        "a client without a certificate got through"
    );
    status(&ca.client(Some(&ca.issue("operator")?)), &url).await?;

    let other = Ca::new(dir.path(), "other-ca")?;
    let forged = ca.client(Some(&other.issue("intruder")?));
    let refused = status(&forged, &url).await;
    assert!(refused.is_err(), "a certificate of another CA got through");
    service.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_submitted_over_mutual_tls_becomes_queryable() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let ca = Ca::new(dir.path(), "ca")?;
    // One certificate for the three services: each serves with it and presents it upstream.
    let pipeline = Pipeline::start_with_tls(ca.service(&ca.issue("pipeline")?, true)).await?;
    let accepted = pipeline
        .ingest_client()
        .await?
        .submit_article(bundled_sample("strait-patrols")?)
        .await?
        .into_inner();
    let query = pipeline.query_client().await?;
    let view = indexed_article(&query, &accepted.id, Duration::from_secs(30)).await?;
    assert_eq!(view.article.map(|a| a.id), Some(accepted.id));
    assert!(view.analysis.is_some());
    pipeline.stop().await
}

/// A service whose key is not its certificate's refuses to start, naming both files.
#[tokio::test]
async fn a_service_refuses_a_key_that_is_not_its_certificates() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let ca = Ca::new(dir.path(), "ca")?;
    let (ingest, other) = (ca.issue("ingest")?, ca.issue("other")?);
    let mismatched = Pair {
        cert: ingest.cert.clone(),
        key: other.key.clone(),
    };
    let config = brink_ingest::Config {
        listen: SocketAddr::from(([127, 0, 0, 1], 0)),
        data_dir: dir.path().join("ingest"),
        tls: ca.service(&mismatched, false),
        ..Default::default()
    };
    let listener = TcpListener::bind(config.listen).await?;
    let error = brink_ingest::serve(config, listener, CancellationToken::new())
        .await
        .unwrap_err()
        .to_string();
    let expected = format!(
        "--tls-key {}: not the key of {}",
        other.key.display(),
        ingest.cert.display()
    );
    assert!(error.starts_with(&expected), "{error}");
    Ok(())
}
