use brink_analysis::{Config, serve};

fn main() -> std::process::ExitCode {
    brink_common::launch::run(
        brink_common::launch::ANALYSIS,
        |config: &Config| config.listen.to_string(),
        serve,
    )
}
