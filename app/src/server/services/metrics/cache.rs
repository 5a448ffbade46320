//! Computed figures kept between requests.
//!
//! Each entry remembers the database's `data_version` (a counter that
//! triggers move forward on every change to what the figures read, see
//! migration 4) when it was computed; a request first reads the counter,
//! so a write — on this instance or another — is in the figures of the
//! very next request.
//!
//! Figures "now" are reused for a while when nothing was written (see
//! `FRESH`): they are exact for the instant they state (`as_of`); past
//! that, they are still served while a background task computes them
//! again, so no reader waits for a refresh. Figures at a given instant are
//! reused as long as nothing was written. One request computes a missing
//! entry while the others asking for the same one wait for it, so a burst
//! does not compute the same figures a hundred times.
//!
//! After a write, figures that took long to compute (at least
//! `lag_after`, a setting: the national overview takes a second and more at
//! a million referrals) are not waited for: the reader gets the previous
//! ones — exact for the instant they state, which is before the write —
//! while one background task computes them again, and the next readers get
//! the new ones as soon as they are there. Without it every write made the
//! next readers of the home page wait for the national computation (issue
//! 27: 8,543 → 687 requests/s during 8 writes in 20 s). Such figures are
//! counted (`lagged`), so the page cache replays a page made from them only
//! until the cache has computed figures again (`counts.computed`).
use crate::server::error::ServiceError;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use std::any::Any;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long figures "now" stay current while nothing is written: at least
/// `FRESH`, and twenty times what they took to compute (national figures
/// that take seconds are not recomputed over and over), at most
/// `MAX_FRESH`. They are exact for the instant they state either way.
pub const FRESH: Duration = Duration::from_secs(10);
const MAX_FRESH: Duration = Duration::from_secs(300);
/// Past this many entries the least recently asked go (instants asked by
/// `as_of` and list filters are unbounded; figures are small, this bounds
/// memory).
const MAX_ENTRIES: usize = 1_024;
/// Past this many bytes of figures (as their JSON would take) the least
/// recently asked go too. At a million referrals each authority's
/// dashboard is about a megabyte (every council's row and the trends) and
/// the list of authorities six; the warm-up held 31 MB at most, so this
/// bounds larger data (a dashboard grows with its councils), not that.
/// What goes is read back from `figures_kept` when asked again (a
/// millisecond a megabyte, against seconds to compute).
pub const MAX_BYTES: usize = 32 << 20;
/// What an entry without a JSON form (a list's total) is counted as.
const SMALL: usize = 256;
/// Slow figures are written to the database at most this often per key.
const STORE_EVERY: Duration = Duration::from_secs(60);
/// Slow figures served from before a write are computed again only once
/// this many times their last computation has passed since it ended: under
/// a stream of writes each was otherwise computed again as soon as it was
/// done, and the national ones alone kept a core busy (10 writes/s at a
/// million referrals: 1,078 computations, 178 s of computing in 40 s).
/// The computation waits out the rest, so they lag by at most about three
/// computations.
const REST: u32 = 2;

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
    /// About what it holds: its JSON's length (`SMALL` without one).
    bytes: usize,
    value: Arc<dyn Any + Send + Sync>,
}

/// One entry, and the lock its computation holds (single flight).
#[derive(Default)]
struct Slot {
    entry: Mutex<Option<Entry>>,
    computing: Arc<tokio::sync::Mutex<()>>,
    /// When it was last asked for (the cache's own clock, `FiguresCache::tick`).
    asked: std::sync::atomic::AtomicU64,
    /// Whether the figures kept in the database were looked for.
    looked_up: std::sync::atomic::AtomicBool,
    /// When these figures were last written to the database.
    stored: Mutex<Option<Instant>>,
}

impl Slot {
    fn bytes(&self) -> usize {
        let entry = self.entry.lock().unwrap_or_else(|p| p.into_inner());
        entry.as_ref().map_or(0, |e| e.bytes)
    }

    fn current(&self) -> Option<Entry> {
        self.entry.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn keep(&self, entry: Entry) {
        *self.entry.lock().unwrap_or_else(|p| p.into_inner()) = Some(entry);
    }

    /// Whether the figures are to be written to the database now: at most
    /// once per `STORE_EVERY` (they serve a restart, not the next reader;
    /// during a burst of writes the national figures, recomputed every
    /// second, would otherwise rewrite megabytes a second).
    fn store_due(&self) -> bool {
        let mut stored = self.stored.lock().unwrap_or_else(|p| p.into_inner());
        let due = stored.is_none_or(|at| at.elapsed() >= STORE_EVERY);
        if due {
            *stored = Some(Instant::now());
        }
        due
    }

    /// Keeps `entry` unless a computation has kept one meanwhile.
    fn keep_if_empty(&self, entry: Entry) {
        let mut kept = self.entry.lock().unwrap_or_else(|p| p.into_inner());
        if kept.is_none() {
            *kept = Some(entry);
        }
    }
}

/// How figures are written to and read from `figures_kept` (JSON).
struct Store<T> {
    write: fn(&T) -> Option<String>,
    read: fn(&str) -> Option<T>,
    /// The length `write` would give, without keeping the text.
    size: fn(&T) -> usize,
}

impl<T> Clone for Store<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Store<T> {}

impl<T: serde::Serialize + serde::de::DeserializeOwned> Store<T> {
    fn json() -> Self {
        Self {
            write: |value| serde_json::to_string(value).ok(),
            // Kept by another release, in another shape: none.
            read: |json| serde_json::from_str(json).ok(),
            size: |value| {
                let mut counted = Counted(0);
                match serde_json::to_writer(&mut counted, value) {
                    Ok(()) => counted.0,
                    Err(_) => SMALL,
                }
            },
        }
    }
}

/// A writer that only counts.
struct Counted(usize);

impl std::io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The cache of one database's figures (one per `AppState`).
pub struct FiguresCache {
    slots: Mutex<HashMap<String, Arc<Slot>>>,
    /// Entries kept at most (`MAX_ENTRIES`).
    max_entries: usize,
    /// Bytes of figures kept at most (`MAX_BYTES`).
    max_bytes: usize,
    /// Counts the requests, to tell which entry was asked for last.
    tick: std::sync::atomic::AtomicU64,
    /// How long figures "now" stay current at least (`FRESH`).
    fresh: Duration,
    /// Figures that took at least this long are served from before a
    /// write while they are computed again (`None`: always waited for).
    lag_after: Option<Duration>,
    /// How many times figures from before a write were served.
    lagged: std::sync::atomic::AtomicU64,
    /// Hits and computations, for `/metrics`.
    pub counts: Arc<crate::server::monitoring::CacheCounts>,
    /// Where figures are computed again while readers are served the
    /// previous ones (`None`: in a task beside the requests).
    background: Option<super::background::Background>,
}

impl Default for FiguresCache {
    fn default() -> Self {
        Self::with_fresh(FRESH)
    }
}

impl std::fmt::Debug for FiguresCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FiguresCache").finish_non_exhaustive()
    }
}

/// The database's current `data_version`.
pub async fn data_version<C: ConnectionTrait>(db: &C) -> Result<i64, ServiceError> {
    Ok(versions(db).await?.data)
}

/// The database's `data_version` and its `privacy` counter (moved only by
/// a write that can take something out of public view), in one read.
pub async fn versions<C: ConnectionTrait>(db: &C) -> Result<Versions, ServiceError> {
    let backend = db.get_database_backend();
    let sql = "SELECT version, privacy FROM data_version WHERE id = 1";
    let row = db
        .query_one_raw(Statement::from_string(backend, sql))
        .await?;
    Ok(match row {
        Some(r) => Versions {
            data: r.try_get_by_index::<i64>(0)?,
            privacy: r.try_get_by_index::<i64>(1)?,
        },
        None => Versions::default(),
    })
}

/// What `versions` read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Versions {
    /// Moved by every write to what the public pages read.
    pub data: i64,
    /// Moved by a write that can hide something: a flag made private, a
    /// row deleted (migration 22).
    pub privacy: i64,
}

impl FiguresCache {
    /// A cache whose figures "now" stay current for `fresh` at least
    /// (tests use a short one).
    pub fn with_fresh(fresh: Duration) -> Self {
        Self {
            slots: Mutex::default(),
            max_entries: MAX_ENTRIES,
            max_bytes: MAX_BYTES,
            tick: Default::default(),
            fresh,
            lag_after: None,
            lagged: Default::default(),
            counts: Arc::default(),
            background: None,
        }
    }

    /// As this cache, computing figures again on `background`'s thread
    /// and connections (`metrics::background`) where readers do not wait
    /// for them.
    pub fn computing_in(mut self, background: Option<super::background::Background>) -> Self {
        self.background = background;
        self
    }

    /// As this cache, serving figures that took at least `after` to compute
    /// from before a write while they are computed again (see the module's
    /// comment); `None` waits for them, as tests that read their own write
    /// at once need.
    pub fn lagging_after(mut self, after: Option<Duration>) -> Self {
        self.lag_after = after;
        self
    }

    /// How many times figures from before a write were served so far: a
    /// page whose rendering saw this move may hold such figures, and is
    /// replayed only until figures are computed again.
    pub fn lagged(&self) -> u64 {
        self.lagged.load(Ordering::Acquire)
    }

    /// As this cache, keeping about `max_bytes` of figures at most.
    pub fn holding(mut self, max_bytes: usize) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// The entries held and about how many bytes their figures take (for
    /// `/metrics`).
    pub fn held(&self) -> (usize, usize) {
        let slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        (slots.len(), slots.values().map(|s| s.bytes()).sum())
    }

    /// Lets the least recently asked entries go, but `keep`, while the
    /// figures held pass `max_bytes`.
    fn trim(&self, keep: &str) {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        let mut held: usize = slots.values().map(|s| s.bytes()).sum();
        if held <= self.max_bytes {
            return;
        }
        let mut asked: Vec<(u64, String, usize)> = slots
            .iter()
            .filter(|(k, _)| k.as_str() != keep)
            .map(|(k, s)| (s.asked.load(Ordering::Relaxed), k.clone(), s.bytes()))
            .collect();
        asked.sort_unstable();
        for (_, k, bytes) in asked {
            if held <= self.max_bytes {
                break;
            }
            slots.remove(&k);
            held -= bytes;
        }
    }

    /// As `with_fresh`, keeping `max_entries` at most (tests use few).
    pub fn with_capacity(fresh: Duration, max_entries: usize) -> Self {
        Self {
            max_entries: max_entries.max(1),
            ..Self::with_fresh(fresh)
        }
    }

    /// The figures called `key` at `at`: from the cache when still valid,
    /// otherwise `compute(db, T)` (T = now, or the given instant).
    ///
    /// - After a write, a request computes the new figures (or waits for
    ///   the request computing them): a write is in the figures of the very
    ///   next request, whoever made it.
    /// - Figures "now" merely older than their freshness (nothing written)
    ///   are still exact for the instant they state: they are served at
    ///   once while a background task computes them again, so no reader
    ///   waits for a refresh (measured before: the authority with the most
    ///   referrals took 1.4 s for the first reader after a minute).
    pub async fn get<T, F, Fut>(
        self: &Arc<Self>,
        db: &DatabaseConnection,
        key: &str,
        at: At,
        compute: F,
    ) -> Result<Arc<T>, ServiceError>
    where
        T: Send + Sync + 'static,
        F: FnOnce(DatabaseConnection, DateTime<Utc>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, ServiceError>> + Send + 'static,
    {
        self.get_with(db, key, at, None, compute).await
    }

    /// As `get`, for figures a reader may get from before a write while they
    /// are computed again when they are slow (`lagging_after`): dashboards
    /// and the metrics API, not a list's total (a list's rows are read
    /// now, and its total must be theirs).
    ///
    /// Such figures "now" are also kept in the database (`metrics::kept`):
    /// a process that has none in memory serves those at once — exact when
    /// nothing was written since, otherwise from before the write — while
    /// it computes them again.
    pub async fn get_lagging<T, F, Fut>(
        self: &Arc<Self>,
        db: &DatabaseConnection,
        key: &str,
        at: At,
        compute: F,
    ) -> Result<Arc<T>, ServiceError>
    where
        T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
        F: FnOnce(DatabaseConnection, DateTime<Utc>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, ServiceError>> + Send + 'static,
    {
        self.get_with(db, key, at, Some(Store::json()), compute)
            .await
    }

    /// The figures kept in the database under `full_key` into `slot`, when
    /// it has none and has not looked for them yet.
    async fn restore<T: Send + Sync + 'static>(
        &self,
        slot: &Slot,
        db: &DatabaseConnection,
        full_key: &str,
        read: fn(&str) -> Option<T>,
    ) {
        if slot.current().is_some() || slot.looked_up.swap(true, Ordering::AcqRel) {
            return;
        }
        let found = match super::kept::read(db, full_key).await {
            Ok(found) => found,
            Err(e) => {
                tracing::debug!(error = %e, "kept figures could not be read");
                return;
            }
        };
        let Some(found) = found else { return };
        let Some(value) = read(&found.json) else {
            return;
        };
        let age = (Utc::now() - found.computed_at)
            .to_std()
            .unwrap_or_default();
        slot.keep_if_empty(Entry {
            version: found.version,
            made: Instant::now().checked_sub(age).unwrap_or_else(Instant::now),
            cost: found.cost,
            bytes: found.json.len(),
            value: Arc::new(value),
        });
        self.counts.restored.inc();
        self.trim(full_key);
    }

    /// The slot of `full_key`, made when missing (the least recently asked
    /// go past `max_entries`), marked as asked now.
    fn slot(&self, full_key: &str) -> Arc<Slot> {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        if slots.len() >= self.max_entries && !slots.contains_key(full_key) {
            // The least recently asked eighth goes, not everything: a
            // reader asking for many distinct instants or lists must
            // not make every page compute its figures again.
            let mut asked: Vec<(u64, String)> = slots
                .iter()
                .map(|(k, s)| (s.asked.load(Ordering::Relaxed), k.clone()))
                .collect();
            asked.sort_unstable();
            for (_, k) in asked.into_iter().take((self.max_entries / 8).max(1)) {
                slots.remove(&k);
            }
        }
        let slot = slots.entry(full_key.to_string()).or_default().clone();
        slot.asked
            .store(self.tick.fetch_add(1, Ordering::Relaxed), Ordering::Relaxed);
        slot
    }

    async fn get_with<T, F, Fut>(
        self: &Arc<Self>,
        db: &DatabaseConnection,
        key: &str,
        at: At,
        // Given for figures that may lag, and are then kept in the database.
        store: Option<Store<T>>,
        compute: F,
    ) -> Result<Arc<T>, ServiceError>
    where
        T: Send + Sync + 'static,
        F: FnOnce(DatabaseConnection, DateTime<Utc>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, ServiceError>> + Send + 'static,
    {
        let version = data_version(db).await?;
        let full_key = full_key(key, at);
        let slot = self.slot(&full_key);
        if let (Some(store), At::Now, Some(_)) = (store, at, self.lag_after) {
            self.restore(&slot, db, &full_key, store.read).await;
        }
        let kept = slot.current();
        if let Some(v) = kept
            .as_ref()
            .and_then(|e| usable::<T>(e, version, at, self.fresh))
        {
            self.counts.hits.inc();
            return Ok(v);
        }
        let older = kept
            .as_ref()
            .and_then(|e| Some((e.version, e.value.clone().downcast::<T>().ok()?)));
        // Slow figures "now" from before a write: served while they are
        // computed again (by this request's background task, or the one
        // already at it).
        let lag = store.is_some()
            && at == At::Now
            && kept
                .as_ref()
                .zip(self.lag_after)
                .is_some_and(|(e, after)| e.version < version && e.cost >= after);
        let guard = match (slot.computing.clone().try_lock_owned(), older) {
            // Same data, only older, or slow figures from before a write:
            // served while a background task computes them again (this
            // request's, or the one already at it).
            (locked, Some((v, value)))
                if lag || (v == version && (at == At::Now || locked.is_err())) =>
            {
                if lag {
                    self.lagged.fetch_add(1, Ordering::AcqRel);
                }
                self.counts.stale.inc();
                // Slow figures rest after their computation (`REST`): the
                // task waits out the rest first, holding the lock, so the
                // next computation is already on its way (a page replayed
                // until then is not left waiting for a reader to ask).
                let rest = kept
                    .as_ref()
                    .filter(|_| lag)
                    .and_then(|e| (e.cost * REST).checked_sub(e.made.elapsed()));
                if let Ok(guard) = locked {
                    let (cache, slot) = (self.clone(), slot.clone());
                    let (db, runtime) = match &self.background {
                        Some(b) => (b.db.clone(), b.handle.clone()),
                        None => (db.clone(), tokio::runtime::Handle::current()),
                    };
                    let task = async move {
                        if let Some(rest) = rest {
                            tokio::time::sleep(rest).await;
                        }
                        if let Err(e) = cache
                            .fill_at(&slot, &db, &full_key, None, store, compute)
                            .await
                        {
                            tracing::warn!(error = %e, "figures could not be computed again in the background");
                        }
                        drop(guard);
                    };
                    drop(runtime.spawn(task));
                }
                return Ok(value);
            }
            (Ok(guard), _) => guard,
            (Err(_), _) => {
                let guard = slot.computing.clone().lock_owned().await;
                // Whoever held the lock may have just computed it.
                if let Some(v) = slot
                    .current()
                    .as_ref()
                    .and_then(|e| usable::<T>(e, version, at, self.fresh))
                {
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
            At::Now => None,
            At::Given(t) => Some(t),
        };
        let value = self.fill_at(&slot, db, &full_key, t, store, compute).await;
        drop(guard);
        value
    }

    /// Computes the figures at `t` (now when `None`) into `slot`, its lock
    /// held by the caller, labelled with the `data_version` read just
    /// before: a write during the computation makes the next request
    /// compute again. Slow figures "now" that may lag are also kept in the
    /// database (`store`), in the background.
    async fn fill_at<T, F, Fut>(
        &self,
        slot: &Slot,
        db: &DatabaseConnection,
        full_key: &str,
        t: Option<DateTime<Utc>>,
        store: Option<Store<T>>,
        compute: F,
    ) -> Result<Arc<T>, ServiceError>
    where
        T: Send + Sync + 'static,
        F: FnOnce(DatabaseConnection, DateTime<Utc>) -> Fut,
        Fut: Future<Output = Result<T, ServiceError>>,
    {
        let version = data_version(db).await?;
        let started = Instant::now();
        let value = Arc::new(compute(db.clone(), t.unwrap_or_else(Utc::now)).await?);
        let cost = started.elapsed();
        slot.keep(Entry {
            version,
            cost,
            made: Instant::now(),
            bytes: store.map_or(SMALL, |s| (s.size)(&value)),
            value: value.clone(),
        });
        self.trim(full_key);
        // Counted once kept: the page cache replays a page made from
        // figures from before a write until this count moves.
        self.counts.computed.inc();
        self.counts.compute_seconds.observe(cost.as_secs_f64());
        let slow = self.lag_after.is_some_and(|after| cost >= after);
        if let (Some(store), None, true) = (store, t, slow && slot.store_due()) {
            let (db, key, value) = (db.clone(), full_key.to_string(), value.clone());
            tokio::spawn(async move {
                let Some(json) = (store.write)(&value) else {
                    return;
                };
                let kept = super::kept::Kept {
                    version,
                    cost,
                    computed_at: Utc::now(),
                    json,
                };
                if let Err(e) = super::kept::write(&db, &key, kept).await {
                    tracing::debug!(error = %e, "figures could not be kept in the database");
                }
            });
        }
        Ok(value)
    }
}

/// The cache's key of the figures `key` at `at`.
fn full_key(key: &str, at: At) -> String {
    match at {
        At::Now => format!("{key}@now"),
        At::Given(t) => format!("{key}@{}", t.timestamp()),
    }
}

/// The entry's value when it may be served as it is to a request that read
/// `version`: the same data, and (for figures "now") fresh enough.
fn usable<T: Send + Sync + 'static>(
    e: &Entry,
    version: i64,
    at: At,
    fresh: Duration,
) -> Option<Arc<T>> {
    let fresh = at != At::Now || e.made.elapsed() < fresh.max(e.cost * 20).min(MAX_FRESH);
    (e.version == version && fresh)
        .then(|| e.value.clone().downcast::<T>().ok())
        .flatten()
}
