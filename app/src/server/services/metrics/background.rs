//! Where figures are computed again while readers are served the ones
//! they had (`metrics::cache`: after a write, or once merely older than
//! their freshness): a thread of its own at a lower scheduling priority,
//! with SQLite connections of its own.
//!
//! Why: on two cores, under 10 writes a second and 32 readers, the
//! national figures were computed again and again beside the requests
//! (1,604 computations, 107 s of computing in 60 s). A reader never waits
//! for a background computation (it was given the previous figures), so
//! that work can yield the processor to requests.
//!
//! Off unless `FIGURES_NICE` is set: measured at a million referrals under
//! 10 writes a second, niceness 10 served twice the reads (4,548 against
//! 2,281 a second) with the same p99 and write times, but the figures then
//! lagged up to 17 s behind a write (6.6 s at niceness 3, 2.9 s at 0 with
//! its single thread; 0.9 s without it), against a budget of 2 s. A
//! deployment that prefers throughput to fresh figures may turn it on:
//! every figure still states the instant it is exact for.
//!
//! SQLite runs each query on a worker thread of its connection, which
//! sqlx starts from the task that opens the connection; a new Linux thread
//! inherits its creator's priority. The pool is therefore opened, and only
//! ever used, from the background thread, so its SQLite threads run at the
//! same lower priority. PostgreSQL computes in its own processes, whose
//! priority this cannot lower, and its connections belong to the runtime
//! that opened them: there, and for an in-memory database (one connection
//! only), the background stays on the request runtime.
use sea_orm::{DatabaseConnection, DbErr};

/// Connections of the background pool: the computations queue for them
/// rather than take connections from requests.
const CONNECTIONS: u32 = 2;

/// How long a computation waits for a connection of the pool: several
/// figures may queue behind a slow one, and nobody waits for them.
const WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// The runtime and the pool figures are computed again with.
#[derive(Clone)]
pub struct Background {
    pub handle: tokio::runtime::Handle,
    pub db: DatabaseConnection,
}

impl std::fmt::Debug for Background {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Background").finish_non_exhaustive()
    }
}

impl Background {
    /// A background thread at niceness `nice` and its pool on the SQLite
    /// file `url`; `None` where it does not apply (see the module's
    /// comment).
    pub async fn start(url: &str, nice: i32) -> Result<Option<Self>, DbErr> {
        let file = url.starts_with("sqlite:") && !url.contains("memory");
        if !file {
            return Ok(None);
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .max_blocking_threads(1)
            .thread_name("figures")
            .on_thread_start(move || lower_priority(nice))
            .enable_all()
            .build()
            .map_err(|e| DbErr::Custom(format!("starting the figures thread: {e}")))?;
        let handle = runtime.handle().clone();
        // It lives as long as the process: the server has no orderly end
        // for it, and a runtime may not be dropped inside another one.
        std::mem::forget(runtime);
        let url = url.to_string();
        let db = handle
            .spawn(async move { crate::server::db::connect_pool(&url, CONNECTIONS, WAIT).await })
            .await
            .map_err(|e| DbErr::Custom(format!("opening the figures pool: {e}")))??;
        Ok(Some(Self { handle, db }))
    }
}

/// Lowers the calling thread's priority. On Linux `setpriority` with no
/// process id applies to the calling thread alone, and threads it starts
/// inherit it; elsewhere it would apply to the whole server, so it is not
/// done.
fn lower_priority(nice: i32) {
    #[cfg(target_os = "linux")]
    if let Err(e) = rustix::process::setpriority_process(None, nice) {
        tracing::warn!(error = %e, nice, "the figures thread keeps its priority");
    }
    #[cfg(not(target_os = "linux"))]
    let _ = nice;
}

/// The calling thread's niceness (for tests).
pub fn niceness() -> i32 {
    rustix::process::getpriority_process(None).unwrap_or_default()
}
