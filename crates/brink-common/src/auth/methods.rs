//! The one table of what each gRPC method needs, by request path.
//!
//! Health checks and reflection stay open: orchestrators probe health without secrets (the
//! Kubernetes gRPC probe sends no metadata) and learn only whether a service serves, and
//! reflection tells only the public schema in `proto/`. A path the table does not list is
//! refused whatever the token, so a method added to a proto without a line here cannot be
//! called until it has one; a test holds the table to the protos.

use super::Scope;

/// What a call to a method needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Open,
    Needs(Scope),
}

use Rule::{Needs, Open};
use Scope::{Admin, IngestWrite, Read};

const RULES: &[(&str, Rule)] = &[
    ("/brink.v1.IngestService/SubmitArticle", Needs(IngestWrite)),
    ("/brink.v1.IngestService/SubmitArticles", Needs(IngestWrite)),
    ("/brink.v1.IngestService/GetArticle", Needs(Read)),
    ("/brink.v1.IngestService/Subscribe", Needs(Read)),
    ("/brink.v1.IngestService/GetStatus", Needs(Read)),
    // Analyze codes the text sent and stores nothing: a query like the others.
    ("/brink.v1.AnalysisService/Analyze", Needs(Read)),
    ("/brink.v1.AnalysisService/GetAnalysis", Needs(Read)),
    ("/brink.v1.AnalysisService/Subscribe", Needs(Read)),
    ("/brink.v1.AnalysisService/GetStatus", Needs(Read)),
    ("/brink.v1.AnalysisService/Reanalyze", Needs(Admin)),
    ("/brink.v1.QueryService/GetArticle", Needs(Read)),
    ("/brink.v1.QueryService/SearchEvents", Needs(Read)),
    ("/brink.v1.QueryService/SearchDistinctEvents", Needs(Read)),
    ("/brink.v1.QueryService/GetTension", Needs(Read)),
    ("/brink.v1.QueryService/ListAlerts", Needs(Read)),
    ("/brink.v1.QueryService/WatchAlerts", Needs(Read)),
    ("/brink.v1.QueryService/ListQuotes", Needs(Read)),
    ("/brink.v1.QueryService/TopActors", Needs(Read)),
    ("/brink.v1.QueryService/ActorNetwork", Needs(Read)),
    ("/brink.v1.QueryService/Export", Needs(Read)),
    ("/brink.v1.QueryService/Search", Needs(Read)),
    ("/brink.v1.QueryService/GetStatus", Needs(Read)),
    ("/grpc.health.v1.Health/Check", Open),
    ("/grpc.health.v1.Health/Watch", Open),
    (
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        Open,
    ),
];

/// What a call to `path` ("/brink.v1.IngestService/GetStatus") needs; `None` for a path no
/// Brink server serves.
pub fn rule(path: &str) -> Option<Rule> {
    RULES
        .iter()
        .find(|(listed, _)| *listed == path)
        .map(|(_, rule)| *rule)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::launch::{ANALYSIS, INGEST, QUERY};

    #[test]
    fn every_served_method_has_exactly_one_rule() {
        let served: BTreeSet<String> = [INGEST, ANALYSIS, QUERY]
            .iter()
            .flat_map(|service| brink_proto::method_paths(service.grpc))
            .chain(crate::server::SUPPORT_PATHS.iter().map(|p| (*p).to_owned()))
            .collect();
        let listed: BTreeSet<String> = RULES.iter().map(|(p, _)| (*p).to_owned()).collect();
        assert_eq!(listed, served);
        assert_eq!(listed.len(), RULES.len(), "a path is listed twice");
    }

    #[test]
    fn submissions_write_reanalysis_is_admin_and_unknown_paths_have_no_rule() {
        assert_eq!(
            rule("/brink.v1.IngestService/SubmitArticles"),
            Some(Needs(IngestWrite))
        );
        assert_eq!(
            rule("/brink.v1.AnalysisService/Reanalyze"),
            Some(Needs(Admin))
        );
        assert_eq!(rule("/grpc.health.v1.Health/Check"), Some(Open));
        for path in [
            "",
            "/",
            "/brink.v1.QueryService/Nope",
            "/brink.v1.QueryService/Search/",
        ] {
            assert_eq!(rule(path), None, "{path}");
        }
    }
}
