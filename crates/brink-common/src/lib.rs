//! What Brink's services share: the durable change log each service publishes, the follower
//! that consumes an upstream log with a durable offset, and gRPC serving plumbing.

pub mod follow;
pub mod log;
pub mod server;
pub mod shutdown;
