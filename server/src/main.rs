use clap::Parser;

/// glibc's allocator with at most two arenas, unless `MALLOC_ARENA_MAX`
/// says otherwise. By default glibc gives each thread that allocates (the
/// tokio workers, the blocking pool, every SQLite connection's own thread)
/// an arena of its own, up to eight per core, and keeps what is freed in
/// each: the server stayed at 500 MB after the figures of a million
/// referrals were computed once. mimalloc (the choice until 2026-12-07)
/// kept less but still held the server above its 300 MB budget.
///
/// Measured at 300 councils / 1,000,000 referrals, debug build, peak and
/// after the start-up's warm-up (`VmHWM`, `RssAnon`): mimalloc 3 420–432
/// and 300 MB, mimalloc 2 397 and 217 MB, glibc with 4 arenas 336 and
/// 214 MB, with 2 arenas 290 and 163 MB (the heap itself peaks at 168 MB,
/// `heaptrack`). Two arenas served 15–25 % fewer searches a second
/// under 32 connections (docs/benchmarks.md, "The allocator").
fn limit_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: called first thing in `main`, before any other thread
        // exists; `mallopt` only sets a parameter of the allocator.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}

/// Gives the memory the allocator keeps free back to the system every
/// `MALLOC_TRIM_SECONDS` (10 by default, 0 never). glibc returns only the
/// free memory at the top of each arena by itself; what is freed below
/// stays resident, so each large answer a reader asked for (a list
/// download, a series) raised the server's memory for good.
fn trim_periodically() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        let every = std::env::var("MALLOC_TRIM_SECONDS")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(10);
        if every == 0 {
            return;
        }
        let trimming = std::thread::Builder::new()
            .name("malloc-trim".into())
            .spawn(move || loop {
                std::thread::sleep(std::time::Duration::from_secs(every));
                // SAFETY: `malloc_trim` only hands free pages back to the
                // system; it is safe to call from any thread at any time.
                unsafe {
                    libc::malloc_trim(0);
                }
            });
        if let Err(e) = trimming {
            eprintln!("warning: the memory trimming thread did not start: {e}");
        }
    }
}

fn main() -> std::process::ExitCode {
    limit_arenas();
    trim_periodically();
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(run()),
        Err(e) => {
            eprintln!("error: starting the runtime: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> std::process::ExitCode {
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
