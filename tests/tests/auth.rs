//! Every RPC of the three services, called over real gRPC with no token, with a token lacking
//! its scope and with one holding it: UNAUTHENTICATED, PERMISSION_DENIED, and through to the
//! handler. And the follower chain works with tokens configured: an article submitted with a
//! write token becomes queryable with a read token.

use std::collections::BTreeSet;
use std::time::Duration;

use brink_common::auth::{Access, AuthConfig, Credential, Scope, Secret};
use brink_integration_tests::{Pipeline, bundled_sample, connect, indexed_article};
use brink_proto::v1::ingest_service_client::IngestServiceClient;
use brink_proto::v1::query_service_client::QueryServiceClient;
use tonic::codegen::http::uri::PathAndQuery;
use tonic::{Code, Status};

const WRITE: &str = "write-0123456789abcdef";
const READ: &str = "read-0123456789abcdef";
const ADMIN: &str = "admin-0123456789abcdef";
const METRICS: &str = "metrics-0123456789abcdef";
/// What the services send one another.
const SERVICE: &str = "service-0123456789abcdef";

fn auth() -> AuthConfig {
    let tokens = format!(
        "ingest:write {WRITE}; read {READ}; admin {ADMIN}; metrics {METRICS}; read {SERVICE}"
    );
    AuthConfig {
        access: Access {
            tokens: Some(Secret::from(tokens)),
            ..Access::default()
        },
        credential: Credential {
            token: Some(Secret::from(SERVICE)),
        },
    }
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Unary,
    ClientStreaming,
    ServerStreaming,
}

use Kind::{ClientStreaming, ServerStreaming, Unary};
use Scope::{Admin, IngestWrite, Read};

/// What the services promise, written here apart from the table the servers check against:
/// submissions write, reanalysis is admin, everything else reads.
const RPCS: &[(&str, Kind, Scope)] = &[
    ("/brink.v1.IngestService/SubmitArticle", Unary, IngestWrite),
    (
        "/brink.v1.IngestService/SubmitArticles",
        ClientStreaming,
        IngestWrite,
    ),
    ("/brink.v1.IngestService/GetArticle", Unary, Read),
    ("/brink.v1.IngestService/Subscribe", ServerStreaming, Read),
    ("/brink.v1.IngestService/GetStatus", Unary, Read),
    ("/brink.v1.AnalysisService/Analyze", Unary, Read),
    ("/brink.v1.AnalysisService/GetAnalysis", Unary, Read),
    ("/brink.v1.AnalysisService/Subscribe", ServerStreaming, Read),
    ("/brink.v1.AnalysisService/GetStatus", Unary, Read),
    ("/brink.v1.AnalysisService/Reanalyze", Unary, Admin),
    ("/brink.v1.QueryService/GetArticle", Unary, Read),
    ("/brink.v1.QueryService/SearchEvents", Unary, Read),
    ("/brink.v1.QueryService/SearchDistinctEvents", Unary, Read),
    ("/brink.v1.QueryService/GetTension", Unary, Read),
    ("/brink.v1.QueryService/ListAlerts", Unary, Read),
    ("/brink.v1.QueryService/WatchAlerts", ServerStreaming, Read),
    ("/brink.v1.QueryService/ListQuotes", Unary, Read),
    ("/brink.v1.QueryService/TopActors", Unary, Read),
    ("/brink.v1.QueryService/ActorNetwork", Unary, Read),
    ("/brink.v1.QueryService/Export", ServerStreaming, Read),
    ("/brink.v1.QueryService/Search", Unary, Read),
    ("/brink.v1.QueryService/GetStatus", Unary, Read),
];

const SERVICES: [&str; 3] = [
    "brink.v1.IngestService",
    "brink.v1.AnalysisService",
    "brink.v1.QueryService",
];

fn token_with(scope: Scope) -> &'static str {
    match scope {
        IngestWrite => WRITE,
        Read => READ,
        Admin => ADMIN,
        Scope::Metrics => METRICS,
    }
}

/// A token the service knows, without `scope`.
fn token_without(scope: Scope) -> &'static str {
    if scope == Read { WRITE } else { READ }
}

/// Calls `path` with an empty message (valid for every request type) and ignores the reply's
/// content: only the status matters here.
async fn call(
    url: &str,
    token: Option<&str>,
    path: &'static str,
    kind: Kind,
) -> Result<(), Status> {
    let client = connect(url, token)
        .await
        .map_err(|e| Status::unavailable(e.to_string()))?;
    let mut grpc = tonic::client::Grpc::new(client);
    grpc.ready()
        .await
        .map_err(|e| Status::unavailable(e.to_string()))?;
    let path = PathAndQuery::from_static(path);
    let codec = tonic_prost::ProstCodec::<(), ()>::default();
    match kind {
        Unary => grpc
            .unary(tonic::Request::new(()), path, codec)
            .await
            .map(drop),
        ServerStreaming => grpc
            .server_streaming(tonic::Request::new(()), path, codec)
            .await
            .map(drop),
        ClientStreaming => grpc
            .client_streaming(tonic::Request::new(futures::stream::empty()), path, codec)
            .await
            .map(drop),
    }
}

/// Which of the three services serves `path`.
fn service_of(path: &str) -> usize {
    SERVICES
        .iter()
        .position(|s| path[1..].starts_with(&format!("{s}/")))
        .unwrap_or_else(|| panic!("{path} belongs to no service"))
}

#[test]
fn the_table_here_lists_every_rpc() {
    let served: BTreeSet<String> = SERVICES
        .iter()
        .flat_map(|s| brink_proto::method_paths(s))
        .collect();
    let listed: BTreeSet<String> = RPCS.iter().map(|(p, ..)| (*p).to_owned()).collect();
    assert_eq!(listed, served);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_rpc_needs_a_token_with_its_scope() -> anyhow::Result<()> {
    let pipeline = Pipeline::start_with_auth(auth()).await?;
    let urls = [
        pipeline.ingest.url(),
        pipeline.analysis.url(),
        pipeline.query.url(),
    ];
    for &(path, kind, scope) in RPCS {
        let url = &urls[service_of(path)];
        let method = &path[1..];

        let none = call(url, None, path, kind).await.unwrap_err();
        assert_eq!(
            none.code(),
            Code::Unauthenticated,
            "{path} without a token: {none:?}"
        );
        assert!(
            none.message().contains(method) && none.message().contains(&format!("`{scope}`")),
            "{path}: {}",
            none.message()
        );

        let wrong = call(url, Some(token_without(scope)), path, kind)
            .await
            .unwrap_err();
        assert_eq!(
            wrong.code(),
            Code::PermissionDenied,
            "{path} with the wrong scope: {wrong:?}"
        );
        assert_eq!(
            wrong.message(),
            format!(
                "method {method} needs scope `{scope}`; the token has `{}`",
                if scope == Read { IngestWrite } else { Read }
            )
        );

        if let Err(status) = call(url, Some(token_with(scope)), path, kind).await {
            assert!(
                !matches!(
                    status.code(),
                    Code::Unauthenticated | Code::PermissionDenied | Code::Unavailable
                ),
                "{path} with scope `{scope}`: {status:?}"
            );
        }
    }
    pipeline.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_tokens_and_methods_are_refused_and_health_stays_open() -> anyhow::Result<()> {
    let pipeline = Pipeline::start_with_auth(auth()).await?;
    let url = pipeline.query.url();
    let search = "/brink.v1.QueryService/Search";
    let unknown = call(&url, Some("unknown-0123456789abcdef"), search, Unary)
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), Code::Unauthenticated, "{unknown:?}");
    assert!(unknown.message().contains("not configured"), "{unknown:?}");

    let made_up = "/brink.v1.QueryService/DropEverything";
    let anonymous = call(&url, None, made_up, Unary).await.unwrap_err();
    assert_eq!(anonymous.code(), Code::Unauthenticated, "{anonymous:?}");
    for token in [READ, ADMIN] {
        let refused = call(&url, Some(token), made_up, Unary).await.unwrap_err();
        assert_eq!(refused.code(), Code::PermissionDenied, "{refused:?}");
    }

    let running = [&pipeline.ingest, &pipeline.analysis, &pipeline.query];
    for (service, running) in SERVICES.iter().zip(running) {
        let anonymous = brink_common::auth::Bearer::default();
        let plain = brink_common::tls::Connector::default();
        let timeout = Duration::from_secs(5);
        brink_common::health::probe(&plain, &running.url(), service, anonymous, timeout).await?;
    }
    pipeline.stop().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_submitted_with_a_write_token_becomes_queryable() -> anyhow::Result<()> {
    let pipeline = Pipeline::start_with_auth(auth()).await?;
    let mut ingest = IngestServiceClient::new(connect(&pipeline.ingest.url(), Some(WRITE)).await?);
    let accepted = ingest
        .submit_article(bundled_sample("strait-patrols")?)
        .await?
        .into_inner();
    let query = QueryServiceClient::new(connect(&pipeline.query.url(), Some(READ)).await?);
    let view = indexed_article(&query, &accepted.id, Duration::from_secs(30)).await?;
    assert_eq!(view.article.map(|a| a.id), Some(accepted.id));
    assert!(view.analysis.is_some());
    pipeline.stop().await
}
