use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = intel_gateway::cli::Cli::parse();
    match intel_gateway::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("intel-gateway: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
