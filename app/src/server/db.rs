//! Connecting to SQLite or PostgreSQL and migrating.
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

/// The default database: a SQLite file under `data/`, created on first run.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/voces.db?mode=rwc";

/// How long a request waits for a connection. While the database is down
/// every request waits this long before it is told so (503): short enough
/// for a person waiting, long enough for a busy pool to free a connection.
const ACQUIRE_SECONDS: u64 = 8;

/// Whether `e` says the database cannot be reached (down, restarting, the
/// connection lost), as opposed to a problem with the request: the user is
/// then told to try again shortly (503), and nothing was written (a lost
/// connection rolls its transaction back).
///
/// A `true` answer is also noted for the request being served (see
/// [`watch_outage`]): whichever layer met the lost database — a service, the
/// session store, the sign-in backend — the request's answer is then the
/// 503 that says so, decided by what happened and not by a later ping.
pub fn is_unavailable(e: &DbErr) -> bool {
    let down = classify_unavailable(e);
    if down {
        let _ = OUTAGE_SEEN.try_with(|seen| seen.set(true));
        note_down();
    }
    down
}

/// When this process last found the database unavailable (milliseconds
/// since the epoch; 0: it has answered since). While that is recent, work
/// that would wait the pool's full `ACQUIRE_SECONDS` for a connection fails
/// at once instead ([`recently_unavailable`], [`still_unavailable`]): a page
/// whose parts each wait in turn would otherwise keep a person waiting
/// several times 8 s for the same 503.
static LAST_DOWN_MS: AtomicI64 = AtomicI64::new(0);
/// How long a seen outage counts as current without a new sign of it.
const RECENT_MS: i64 = 10_000;
/// How long a request waits to learn whether the database is back.
const PROBE: Duration = Duration::from_secs(1);

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn note_down() {
    LAST_DOWN_MS.store(now_ms(), Ordering::Relaxed);
}

/// The database was found unavailable within the last seconds and has not
/// answered since.
pub fn recently_unavailable() -> bool {
    let t = LAST_DOWN_MS.load(Ordering::Relaxed);
    t != 0 && now_ms() - t < RECENT_MS
}

/// For a new request: after a recent outage, whether the database still
/// does not answer a ping within a second (when it answers, the outage is
/// over for everyone). Without a recent outage: false at once, no ping.
pub async fn still_unavailable(db: &DatabaseConnection) -> bool {
    if !recently_unavailable() {
        return false;
    }
    match tokio::time::timeout(PROBE, db.ping()).await {
        Ok(Ok(())) => {
            LAST_DOWN_MS.store(0, Ordering::Relaxed);
            false
        }
        Ok(Err(e)) => {
            is_unavailable(&e);
            true
        }
        Err(_) => {
            note_down();
            true
        }
    }
}

tokio::task_local! {
    static OUTAGE_SEEN: std::cell::Cell<bool>;
}

/// Runs `f` (a request's handling) and tells whether the database was found
/// unavailable while it ran, by any code that asked [`is_unavailable`] in
/// the same task.
pub async fn watch_outage<F: std::future::Future>(f: F) -> (F::Output, bool) {
    OUTAGE_SEEN
        .scope(std::cell::Cell::new(false), async move {
            let out = f.await;
            (out, OUTAGE_SEEN.with(|seen| seen.get()))
        })
        .await
}

/// Notes a lost database for the request being served, found by work it
/// ran in a task of its own (`server::heavy`).
pub fn note_outage_seen() {
    let _ = OUTAGE_SEEN.try_with(|seen| seen.set(true));
}

fn classify_unavailable(e: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, SqlxError};
    let sqlx = match e {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Exec(RuntimeErr::SqlxError(s)) | DbErr::Query(RuntimeErr::SqlxError(s)) => s,
        _ => return false,
    };
    match sqlx.as_ref() {
        SqlxError::Io(_)
        | SqlxError::PoolTimedOut
        | SqlxError::PoolClosed
        | SqlxError::WorkerCrashed
        | SqlxError::Protocol(_)
        | SqlxError::Tls(_) => true,
        // PostgreSQL's "connection exception" (08…) and "operator
        // intervention" (57…: shutting down, starting up) classes.
        SqlxError::Database(d) => d
            .code()
            .is_some_and(|c| c.starts_with("08") || c.starts_with("57")),
        _ => false,
    }
}

/// Opens a pool. For a SQLite file its directory is created first; an
/// in-memory SQLite database gets a single connection, since each
/// connection would otherwise see a database of its own.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    connect_pool(url, 8, Duration::from_secs(ACQUIRE_SECONDS)).await
}

/// As `connect`, with at most `connections` to a SQLite file, each asked
/// for at most `wait` (the figures' background pool: fewer, longer).
pub async fn connect_pool(
    url: &str,
    connections: u32,
    wait: Duration,
) -> Result<DatabaseConnection, DbErr> {
    let mut opts = ConnectOptions::new(url.to_string());
    // Each statement is logged (target `sqlx::query`, level info) only
    // where `RUST_LOG` asks for it, `info,sqlx::query=info` say: with
    // `LOG_SPANS=1` that shows which statement of a slow request took the
    // time. The default filter (`sqlx=warn`) leaves them out.
    opts.sqlx_logging(true).acquire_timeout(wait);
    if url.starts_with("sqlite:") {
        if url.contains(":memory:") || url.contains("mode=memory") {
            opts.max_connections(1).min_connections(1);
        } else {
            if let Some(dir) = sqlite_dir(url) {
                std::fs::create_dir_all(&dir).map_err(|e| {
                    DbErr::Custom(format!(
                        "cannot create the directory {}: {e}",
                        dir.display()
                    ))
                })?;
            }
            opts.max_connections(connections);
        }
    } else {
        opts.max_connections(16);
        // Statements whose cost PostgreSQL overrates (the demands list
        // with words, at a million referrals) were compiled by its JIT on
        // every run: 17–21 ms of compiling in a statement of 40. Nothing
        // here runs long enough to gain from it.
        opts.map_sqlx_postgres_opts(|o| o.options([("jit", "off")]));
    }
    let db = Database::connect(opts).await?;
    if url.starts_with("sqlite:") {
        // WAL lets readers work while the importer writes (it is a property
        // of the file, so once is enough). sqlx turns foreign keys on for
        // every SQLite connection by itself.
        use sea_orm::ConnectionTrait;
        if !url.contains("memory") {
            db.execute_unprepared("PRAGMA journal_mode = WAL").await?;
        }
    }
    Ok(db)
}

/// Connects and brings the schema up to date.
pub async fn connect_and_migrate(url: &str) -> Result<DatabaseConnection, DbErr> {
    let db = connect(url).await?;
    Migrator::up(&db, None).await?;
    // Migration 10's data step needs the deadline rules, which live here.
    crate::server::services::demands::clock::record_due_dates(&db)
        .await
        .map_err(|e| DbErr::Custom(format!("recording the referrals' deadlines: {e}")))?;
    Ok(db)
}

fn sqlite_dir(url: &str) -> Option<std::path::PathBuf> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()?;
    let parent = std::path::Path::new(path).parent()?;
    (!parent.as_os_str().is_empty()).then(|| parent.to_path_buf())
}

/// Locks one row of `table` until the transaction ends, so that
/// transactions appending to the same thread (a referral's events and
/// verdicts, numbered by `seq`) take turns instead of both reading the same
/// last `seq`. PostgreSQL only: SQLite's `BEGIN IMMEDIATE` (`begin_write`)
/// already lets one writer in at a time.
pub async fn lock_row<C: sea_orm::ConnectionTrait>(
    txn: &C,
    table: &str,
    id: i64,
) -> Result<(), DbErr> {
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        txn.execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            format!("SELECT id FROM {table} WHERE id = $1 FOR UPDATE"),
            [id.into()],
        ))
        .await?;
    }
    Ok(())
}

/// Begins a transaction that will write. On SQLite it takes the write lock
/// at once (`BEGIN IMMEDIATE`, waiting up to the busy timeout): a deferred
/// transaction that reads first fails with "database is locked" as soon as
/// another connection (the mail worker, another request) has written in
/// between. PostgreSQL ignores the mode.
pub async fn begin_write<C: sea_orm::TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(sea_orm::TransactionOptions {
        sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}
