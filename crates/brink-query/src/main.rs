//! `brink-query`: the query service.

use brink_query::{Config, serve};

fn main() -> std::process::ExitCode {
    brink_common::launch::run(
        brink_common::launch::QUERY,
        |config: &Config| config.listen.to_string(),
        serve,
    )
}
