//! HTTP/2 keepalive on every Brink link. A follower's stream is idle whenever its upstream
//! has nothing new, so a link that died without a TCP reset (a host gone, a NAT that forgot
//! the flow) would otherwise leave it waiting forever; pings find such a link and end it, and
//! the follower reconnects. Servers ping too, so they drop subscribers that are gone.

use std::time::Duration;

use tonic::transport::{Endpoint, Server};

/// How often a link is pinged, and how long a ping may go unanswered before the link is
/// closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keepalive {
    pub interval: Duration,
    pub timeout: Duration,
}

impl Keepalive {
    /// Brink's one setting: a dead link is found within 40 s, for one ping frame every 30 s.
    pub const DEFAULT: Keepalive = Keepalive {
        interval: Duration::from_secs(30),
        timeout: Duration::from_secs(10),
    };

    /// `endpoint` pinging its connection, with or without calls in flight.
    pub fn endpoint(self, endpoint: Endpoint) -> Endpoint {
        endpoint
            .http2_keep_alive_interval(self.interval)
            .keep_alive_timeout(self.timeout)
            .keep_alive_while_idle(true)
    }

    /// `server` pinging every connection it accepts.
    pub fn server<L>(self, server: Server<L>) -> Server<L> {
        server
            .http2_keepalive_interval(Some(self.interval))
            .http2_keepalive_timeout(Some(self.timeout))
    }
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;

    use tokio::net::{TcpListener, TcpStream};
    use tokio_stream::wrappers::TcpListenerStream;
    use tokio_util::sync::CancellationToken;
    use tonic_health::pb::HealthCheckRequest;
    use tonic_health::pb::health_client::HealthClient;

    use super::*;

    /// Forwards one connection to `upstream` until `freeze`, then holds both sides open and
    /// silent: a half-open link, as a vanished host leaves it.
    async fn freezing_proxy(
        listener: TcpListener,
        upstream: SocketAddr,
        freeze: CancellationToken,
    ) {
        let (client, _) = listener.accept().await.expect("accept");
        let server = TcpStream::connect(upstream)
            .await
            .expect("connect upstream");
        let (mut client_read, mut client_write) = client.into_split();
        let (mut server_read, mut server_write) = server.into_split();
        tokio::select! {
            _ = freeze.cancelled() => {}
            _ = tokio::io::copy(&mut client_read, &mut server_write) => {}
            _ = tokio::io::copy(&mut server_read, &mut client_write) => {}
        }
        std::future::pending::<()>().await;
    }

    /// The endpoint the builder makes pings its link: a stream over a link that goes silent
    /// fails within the keepalive timeout, where without pings it would wait forever.
    #[tokio::test]
    async fn a_stream_over_a_silent_link_fails_within_the_keepalive() {
        let keepalive = Keepalive {
            interval: Duration::from_millis(100),
            timeout: Duration::from_millis(200),
        };
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let upstream = listener.local_addr().expect("addr");
        let (_reporter, health) = tonic_health::server::health_reporter();
        tokio::spawn(
            Server::builder()
                .add_service(health)
                .serve_with_incoming(TcpListenerStream::new(listener)),
        );
        let proxy = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let url = format!("http://{}", proxy.local_addr().expect("addr"));
        let freeze = CancellationToken::new();
        tokio::spawn(freezing_proxy(proxy, upstream, freeze.clone()));

        let channel = keepalive
            .endpoint(Endpoint::from_shared(url).expect("url"))
            .connect()
            .await
            .expect("connect");
        let mut watch = HealthClient::new(channel)
            .watch(HealthCheckRequest::default())
            .await
            .expect("watch")
            .into_inner();
        watch.message().await.expect("first status");
        freeze.cancel();
        let next = tokio::time::timeout(Duration::from_secs(5), watch.message()).await;
        assert!(
            matches!(next, Ok(Err(_))),
            "the stream did not fail on a silent link: {next:?}"
        );
    }
}
