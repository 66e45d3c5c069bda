//! Asks a running service whether it serves, over the standard gRPC health protocol. Container
//! images carry no probe tool, so the service binaries use this for `--health-check`.

use std::time::Duration;

use crate::auth::Bearer;
use crate::tls::{Connector, TlsError};
use tonic_health::pb::HealthCheckRequest;
use tonic_health::pb::health_client::HealthClient;

#[derive(Debug, thiserror::Error)]
pub enum HealthError {
    #[error(transparent)]
    Endpoint(#[from] TlsError),
    #[error("cannot reach {url}: {source}")]
    Unreachable {
        url: String,
        source: tonic::transport::Error,
    },
    #[error("health check of {service} failed: {status}")]
    Check {
        service: String,
        status: tonic::Status,
    },
    #[error("{service} is not serving (status {status})")]
    NotServing { service: String, status: i32 },
}

/// Succeeds when `service` (e.g. "brink.v1.IngestService") at `url` reports SERVING within
/// `timeout`, connecting as `connector` says. Health is open to all, but the probe sends the
/// caller's token like any call.
pub async fn probe(
    connector: &Connector,
    url: &str,
    service: &str,
    bearer: Bearer,
    timeout: Duration,
) -> Result<(), HealthError> {
    let endpoint = connector
        .endpoint(url)?
        .connect_timeout(timeout)
        .timeout(timeout);
    let channel = endpoint
        .connect()
        .await
        .map_err(|source| HealthError::Unreachable {
            url: url.to_owned(),
            source,
        })?;
    let reply = HealthClient::with_interceptor(channel, bearer)
        .check(HealthCheckRequest {
            service: service.to_owned(),
        })
        .await
        .map_err(|status| HealthError::Check {
            service: service.to_owned(),
            status,
        })?
        .into_inner();
    let serving = tonic_health::pb::health_check_response::ServingStatus::Serving as i32;
    if reply.status == serving {
        Ok(())
    } else {
        Err(HealthError::NotServing {
            service: service.to_owned(),
            status: reply.status,
        })
    }
}

#[cfg(test)]
mod tests {
    use tokio::net::TcpListener;
    use tokio_util::sync::CancellationToken;

    use super::*;

    #[tokio::test]
    async fn serving_service_passes_and_unknown_one_fails() {
        let _serial = crate::metrics::HEALTH_CALLS.lock().await;
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let shutdown = CancellationToken::new();
        let server = tokio::spawn(crate::server::serve(
            listener,
            tonic::service::Routes::default(),
            &["brink.v1.IngestService"],
            crate::auth::Auth::default(),
            crate::tls::Tls::default(),
            shutdown.clone(),
        ));
        let timeout = Duration::from_secs(5);
        let plain = Connector::default();
        probe(
            &plain,
            &url,
            "brink.v1.IngestService",
            Bearer::default(),
            timeout,
        )
        .await
        .unwrap();
        let unknown = probe(
            &plain,
            &url,
            "brink.v1.NoSuchService",
            Bearer::default(),
            timeout,
        )
        .await;
        assert!(
            matches!(unknown, Err(HealthError::Check { .. })),
            "{unknown:?}"
        );
        shutdown.cancel();
        server.await.unwrap().unwrap();
        let gone = probe(
            &plain,
            &url,
            "brink.v1.IngestService",
            Bearer::default(),
            timeout,
        )
        .await;
        assert!(
            matches!(gone, Err(HealthError::Unreachable { .. })),
            "{gone:?}"
        );
    }
}
