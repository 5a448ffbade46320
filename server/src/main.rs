use clap::Parser;

/// mimalloc instead of glibc's malloc: glibc gives each thread that
/// allocates (the tokio workers, the blocking pool, every SQLite
/// connection's own thread) an arena of its own and keeps what it frees, so
/// the server stayed at 500 MB after the figures of a million referrals
/// were computed once (docs/benchmarks.md, "Memory").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::telemetry::init();
    let cli = server::cli::Cli::parse();
    match server::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
