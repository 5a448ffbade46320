//! Computed figures kept between requests.
//!
//! Each entry remembers the database's `data_version` (a counter that
//! triggers move forward on every change to what the figures read, see
//! migration 4) when it was computed; a request first reads the counter,
//! so a write — on this instance or another — is in the figures of the
//! very next request.
//!
//! Figures "now" are reused for a while when nothing was written (see
//! `FRESH`): they are exact for the instant they state (`as_of`). Figures
//! at a given instant are reused as long as nothing
//! was written. One request computes a missing entry while the others
//! asking for the same one wait for it, so a burst does not compute the
//! same figures a hundred times.
use crate::server::error::ServiceError;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, Statement};
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long figures "now" stay current while nothing is written: at least
/// `FRESH`, and twenty times what they took to compute (national figures
/// that take seconds are not recomputed over and over), at most
/// `MAX_FRESH`. They are exact for the instant they state either way.
pub const FRESH: Duration = Duration::from_secs(10);
const MAX_FRESH: Duration = Duration::from_secs(300);
/// Past this many entries the cache starts over (instants asked by
/// `as_of` are unbounded; figures are small, this bounds memory).
const MAX_ENTRIES: usize = 1_024;

/// When the figures are wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum At {
    Now,
    Given(DateTime<Utc>),
}

impl At {
    /// An `as_of` parameter (metrics.md: an RFC 3339 instant, or a date
    /// meaning 23:59:59Z that day): now when absent or blank, `None` when
    /// it does not parse.
    pub fn parse_as_of(raw: Option<&str>) -> Option<Self> {
        match raw.map(str::trim).filter(|s| !s.is_empty()) {
            None => Some(At::Now),
            Some(s) => crate::domain::metrics::instants::parse_as_of(s).map(At::Given),
        }
    }
}

#[derive(Clone)]
struct Entry {
    version: i64,
    made: Instant,
    /// How long the computation took.
    cost: Duration,
    value: Arc<dyn Any + Send + Sync>,
}

/// One entry, and the lock its computation holds (single flight).
#[derive(Default)]
struct Slot {
    entry: Mutex<Option<Entry>>,
    computing: tokio::sync::Mutex<()>,
}

impl Slot {
    fn current(&self) -> Option<Entry> {
        self.entry.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// The cache of one database's figures (one per `AppState`).
#[derive(Default)]
pub struct FiguresCache {
    slots: Mutex<HashMap<String, Arc<Slot>>>,
    /// Hits and computations, for `/metrics`.
    pub counts: crate::server::monitoring::CacheCounts,
}

impl std::fmt::Debug for FiguresCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FiguresCache").finish_non_exhaustive()
    }
}

/// The database's current `data_version`.
pub async fn data_version<C: ConnectionTrait>(db: &C) -> Result<i64, ServiceError> {
    let backend = db.get_database_backend();
    let sql = "SELECT version FROM data_version WHERE id = 1";
    let row = db
        .query_one_raw(Statement::from_string(backend, sql))
        .await?;
    Ok(match row {
        Some(r) => r.try_get_by_index::<i64>(0)?,
        None => 0,
    })
}

impl FiguresCache {
    /// The figures called `key` at `at`: from the cache when still valid,
    /// otherwise `compute(T)` (T = now, or the given instant).
    ///
    /// After a write every request waits for the one computing the new
    /// figures. Figures "now" that are merely older than `FRESH` (nothing
    /// written) are still exact for the instant they state: one request
    /// recomputes them while the others keep getting them meanwhile.
    pub async fn get<C, T, F, Fut>(
        &self,
        db: &C,
        key: &str,
        at: At,
        compute: F,
    ) -> Result<Arc<T>, ServiceError>
    where
        C: ConnectionTrait,
        T: Send + Sync + 'static,
        F: FnOnce(DateTime<Utc>) -> Fut,
        Fut: Future<Output = Result<T, ServiceError>>,
    {
        let version = data_version(db).await?;
        let full_key = match at {
            At::Now => format!("{key}@now"),
            At::Given(t) => format!("{key}@{}", t.timestamp()),
        };
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
            if slots.len() >= MAX_ENTRIES && !slots.contains_key(&full_key) {
                slots.clear();
            }
            slots.entry(full_key).or_default().clone()
        };
        let usable = |e: &Entry| -> Option<Arc<T>> {
            let fresh = at != At::Now || e.made.elapsed() < FRESH.max(e.cost * 20).min(MAX_FRESH);
            (e.version == version && fresh)
                .then(|| e.value.clone().downcast::<T>().ok())
                .flatten()
        };
        let stale = slot.current();
        if let Some(v) = stale.as_ref().and_then(usable) {
            self.counts.hits.inc();
            return Ok(v);
        }
        // Same data, only older: serve it unless nobody is refreshing it.
        let same_data = stale
            .as_ref()
            .filter(|e| e.version == version)
            .and_then(|e| e.value.clone().downcast::<T>().ok());
        let _computing = match (same_data, slot.computing.try_lock()) {
            (_, Ok(guard)) => guard,
            (Some(v), Err(_)) => {
                self.counts.stale.inc();
                return Ok(v);
            }
            (None, Err(_)) => {
                let guard = slot.computing.lock().await;
                // Whoever held the lock may have just computed it.
                if let Some(v) = slot.current().as_ref().and_then(usable) {
                    self.counts.hits.inc();
                    return Ok(v);
                }
                // Or found the database gone while this request waited for
                // it: asking again would make it wait the pool's 8 s twice.
                if crate::server::db::recently_unavailable() {
                    return Err(ServiceError::Db(sea_orm::DbErr::ConnectionAcquire(
                        sea_orm::error::ConnAcquireErr::Timeout,
                    )));
                }
                guard
            }
        };
        let t = match at {
            At::Now => Utc::now(),
            At::Given(t) => t,
        };
        let started = Instant::now();
        let value = Arc::new(compute(t).await?);
        self.counts.computed.inc();
        self.counts
            .compute_seconds
            .observe(started.elapsed().as_secs_f64());
        *slot.entry.lock().unwrap_or_else(|p| p.into_inner()) = Some(Entry {
            version,
            cost: started.elapsed(),
            made: Instant::now(),
            value: value.clone(),
        });
        Ok(value)
    }
}
