use brink_ingest::{Config, serve};

fn main() -> std::process::ExitCode {
    brink_common::launch::run(
        brink_common::launch::INGEST,
        |config: &Config| config.listen.to_string(),
        serve,
    )
}
