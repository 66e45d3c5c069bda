//! What Brink's services share: the durable change log each service publishes, the follower
//! that consumes an upstream log with a durable offset, gRPC serving plumbing, and what running a
//! service takes: layered configuration, authentication, TLS, telemetry, metrics, health checks
//! and the launcher.

pub mod auth;
pub mod config;
pub mod db;
pub mod follow;
pub mod health;
pub mod keepalive;
pub mod launch;
pub mod log;
pub mod metrics;
pub mod server;
pub mod shutdown;
pub mod telemetry;
pub mod tls;
