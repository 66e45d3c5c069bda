use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info".into()),
        )
        .init();
    let config = brink_analysis::Config::parse();
    let shutdown = brink_common::shutdown::on_signal();
    let result = async {
        let listener = tokio::net::TcpListener::bind(config.listen).await?;
        brink_analysis::serve(config, listener, shutdown).await
    };
    match result.await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "analysis service failed");
            std::process::ExitCode::FAILURE
        }
    }
}
