//! The open data's bulk downloads (`/api/v1/*.csv`, the calendar of
//! every public council, `/calendar.ics`, and the public's downloads of a
//! demands list with its filters, `/demands.csv` and `/demands.json`) as
//! files: each built once per data version and instant, streamed to disk
//! while built (memory stays flat however many rows), gzipped beside, then
//! served as a static file (ranges, validators, the gzipped twin) by the
//! HTTP layer.
//!
//! Building is the expensive part (every referral's clock at a million
//! referrals), so at most `builds` run at once; a request that would start
//! one more is told to come back (`Outcome::Busy`, HTTP 429). A list's
//! download, whose filters any reader chooses, is built in the slots of the
//! list it is (`heavy`), like the list's pages. Requests for a file being
//! built wait for that build instead of starting their own.
//! A file "now" is reused while nothing is written, for as long as the
//! figures "now" are (`metrics::cache`): it states the instant it was
//! read at, in its name and its `as_of` column.
pub mod file;
pub mod stream;

use crate::domain::demands::DemandFilter;
use crate::server::error::ServiceError;
use crate::server::heavy::{Heavy, HeavyWork};
use crate::server::services::accounts::SiteUrl;
use crate::server::services::demands as list;
use crate::server::services::meetings::calendar;
use crate::server::services::metrics::cache::{data_version, At, FRESH};
use crate::server::services::open_data;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
pub use stream::CsvStream;

/// Files kept at most (each distinct `as_of` asked makes one); past this
/// the least recently served goes.
const MAX_FILES: usize = 24;
/// The most a file "now" is reused while nothing is written.
const MAX_FRESH: Duration = Duration::from_secs(300);
/// A replaced file is removed this long after, so that a response already
/// sending it is not cut short (an open file outlives its name anyway).
const REMOVE_AFTER: Duration = Duration::from_secs(60);
/// Builds at once by default (`DOWNLOAD_BUILDS`).
pub const DEFAULT_BUILDS: usize = 2;

/// The bulk downloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `/api/v1/demands.csv`
    Demands,
    /// `/api/v1/referrals.csv`
    Referrals,
    /// `/api/v1/bodies.csv`
    Bodies,
    /// `/api/v1/authorities.csv`
    Authorities,
    /// `/calendar.ics`: every public council's meetings (ten thousand at a
    /// million referrals: built per request it held 32 readers to 4 a
    /// second and took the server to 387 MB, docs/benchmarks.md).
    Calendar,
    /// `/demands.csv?…`: a demands list as the public sees it, one row
    /// per referral (`Wanted::list` holds its filters). A large council's
    /// list, made in memory per request, took the server to 341 MB.
    List,
    /// `/demands.json?…`: the same list as JSON.
    ListJson,
}

impl Kind {
    /// The file's name before its date (Spanish, as the site).
    pub fn stem(self) -> &'static str {
        match self {
            Kind::Demands => "demandas",
            Kind::Referrals => "remisiones",
            Kind::Bodies => "consejos",
            Kind::Authorities => "autoridades",
            Kind::Calendar => "voces",
            Kind::List | Kind::ListJson => "demandas-lista",
        }
    }

    /// The file's ending.
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Calendar => "ics",
            Kind::ListJson => "json",
            _ => "csv",
        }
    }

    /// Its media type.
    pub fn content_type(self) -> &'static str {
        match self {
            Kind::Calendar => "text/calendar; charset=utf-8",
            Kind::ListJson => "application/json",
            _ => "text/csv; charset=utf-8",
        }
    }

    /// Whether it is shown where it is (a calendar program subscribes to a
    /// calendar, a browser shows JSON) rather than saved.
    pub fn inline(self) -> bool {
        matches!(self, Kind::Calendar | Kind::ListJson)
    }

    /// Its `Content-Disposition` for rows read at `t`: shown or saved,
    /// named `stem-YYYY-MM-DD.ext`, or `stem.ext` for what has no date.
    pub fn disposition(self, t: DateTime<Utc>) -> String {
        let how = if self.inline() {
            "inline"
        } else {
            "attachment"
        };
        let (stem, ext) = (self.stem(), self.extension());
        if self.dated() {
            format!("{how}; filename=\"{stem}-{}.{ext}\"", t.date_naive())
        } else {
            format!("{how}; filename=\"{stem}.{ext}\"")
        }
    }

    /// Whether its rows depend on the instant they are read at (the
    /// figures' clocks); a calendar lists the meetings as recorded, so it
    /// changes only with the data.
    pub fn dated(self) -> bool {
        self != Kind::Calendar
    }

    /// The whole file at T as text, kept in memory (what the built file
    /// holds, for comparing; not for a list, which has filters).
    pub async fn text(
        self,
        db: &DatabaseConnection,
        site: &SiteUrl,
        t: DateTime<Utc>,
    ) -> Result<String, ServiceError> {
        let mut out = CsvStream::in_memory();
        let wanted = Wanted::new(self, At::Given(t), false);
        wanted.write(db, site, t, &mut out).await?;
        out.into_string()
    }
}

impl Wanted {
    /// A file without filters.
    pub fn new(kind: Kind, at: At, bom: bool) -> Self {
        Self {
            kind,
            at,
            bom,
            list: None,
        }
    }

    /// A demands list's download (`Kind::List` or `Kind::ListJson`) as
    /// the public sees it; its page and cursors are left out, every row is
    /// in it.
    pub fn list(kind: Kind, filter: &DemandFilter) -> Self {
        use crate::domain::paging::Paged;
        Self {
            kind,
            at: At::Now,
            bom: false,
            list: Some(Arc::new(filter.whole_list())),
        }
    }

    /// The slots its build waits for: a list's, as its pages (`heavy`);
    /// none for the rest, which are bounded by the build slots alone.
    pub fn heavy(&self) -> Option<Heavy> {
        self.list.as_ref().map(|f| Heavy::list(&f.q))
    }

    /// Writes the whole file at T (`site` for the calendar's links).
    async fn write(
        &self,
        db: &DatabaseConnection,
        site: &SiteUrl,
        t: DateTime<Utc>,
        out: &mut CsvStream,
    ) -> Result<(), ServiceError> {
        let every = DemandFilter::default();
        let filter = self.list.as_deref().unwrap_or(&every);
        match self.kind {
            Kind::Demands => open_data::write_demands(db, t, out).await,
            Kind::Referrals => open_data::write_referrals(db, t, out).await,
            Kind::Bodies => open_data::write_body_metrics(db, t, out).await,
            Kind::Authorities => open_data::write_authority_metrics(db, t, out).await,
            Kind::Calendar => {
                let text = calendar::feed(db, site, None).await?.unwrap_or_default();
                out.text(&text)
            }
            Kind::List => list::write_csv(db, None, filter, t, out).await,
            Kind::ListJson => list::write_json(db, None, filter, t, out).await,
        }
    }
}

/// One file as asked: what, at which instant, with a byte order mark, and
/// for a list its filters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Wanted {
    pub kind: Kind,
    pub at: At,
    pub bom: bool,
    pub list: Option<Arc<DemandFilter>>,
}

/// A finished file.
#[derive(Debug, Clone)]
pub struct Built {
    pub path: PathBuf,
    /// The instant its rows were read at (T).
    pub t: DateTime<Utc>,
    /// The data version it was built from (moved by every write).
    pub version: i64,
    pub size: u64,
    /// A strong validator for this file's bytes.
    pub etag: String,
    made: Instant,
    cost: Duration,
}

/// What a request gets.
#[derive(Debug)]
pub enum Outcome {
    Ready(Built),
    /// Every build slot is taken: come back in this many seconds.
    Busy {
        retry_after: u64,
    },
}

#[derive(Default)]
struct Slot {
    built: Mutex<Option<Built>>,
    building: tokio::sync::Mutex<()>,
    used: Mutex<Option<Instant>>,
}

impl Slot {
    fn current(&self) -> Option<Built> {
        self.built.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
    fn touch(&self) {
        *self.used.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
    }
    fn last_used(&self) -> Option<Instant> {
        *self.used.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The built files of one server (one per `AppState`).
pub struct Downloads {
    /// The site's address, for the calendar's links.
    site: SiteUrl,
    dir: OnceLock<Result<tempfile::TempDir, String>>,
    builds: tokio::sync::Semaphore,
    slots: Mutex<HashMap<Wanted, Arc<Slot>>>,
    serial: AtomicU64,
    /// The longest a recent build took, in milliseconds (for Retry-After).
    recent_cost_ms: AtomicU64,
}

impl std::fmt::Debug for Downloads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Downloads").finish_non_exhaustive()
    }
}

impl Downloads {
    /// At most `builds` files built at once (0 refuses every build: tests);
    /// links to `site`.
    pub fn new(builds: usize, site: SiteUrl) -> Self {
        Self {
            site,
            dir: OnceLock::new(),
            builds: tokio::sync::Semaphore::new(builds),
            slots: Mutex::default(),
            serial: AtomicU64::new(0),
            recent_cost_ms: AtomicU64::new(0),
        }
    }

    /// The directory, made at the first build (`DOWNLOADS_DIR`, else the
    /// system's temporary directory) and removed with the server.
    fn dir(&self) -> Result<PathBuf, ServiceError> {
        let made = self.dir.get_or_init(|| {
            let parent = std::env::var_os("DOWNLOADS_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(std::env::temp_dir);
            std::fs::create_dir_all(&parent)
                .and_then(|_| {
                    tempfile::Builder::new()
                        .prefix("voces-downloads-")
                        .tempdir_in(&parent)
                })
                .map_err(|e| format!("{}: {e}", parent.display()))
        });
        match made {
            Ok(d) => Ok(d.path().to_path_buf()),
            Err(e) => Err(ServiceError::File(e.clone())),
        }
    }

    fn slot(&self, wanted: &Wanted) -> Arc<Slot> {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        if slots.len() >= MAX_FILES && !slots.contains_key(wanted) {
            // The least recently served that is not being built.
            let oldest = slots
                .iter()
                .filter(|(_, s)| s.building.try_lock().is_ok())
                .min_by_key(|(_, s)| s.last_used())
                .map(|(w, _)| w.clone());
            if let Some(w) = oldest {
                if let Some(gone) = slots.remove(&w).and_then(|s| s.current()) {
                    remove_later(gone.path);
                }
            }
        }
        slots.entry(wanted.clone()).or_default().clone()
    }

    fn usable(wanted: &Wanted, b: &Built, version: i64) -> bool {
        let fresh = wanted.at != At::Now
            || !wanted.kind.dated()
            || b.made.elapsed() < FRESH.max(b.cost * 20).min(MAX_FRESH);
        b.version == version && fresh && b.path.exists()
    }

    /// The file `wanted`: the one built for the current data, or a new one
    /// (a list's in a slot of `heavy`).
    #[tracing::instrument(skip(self, db, heavy))]
    pub async fn file(
        self: &Arc<Self>,
        db: &DatabaseConnection,
        wanted: Wanted,
        heavy: &HeavyWork,
    ) -> Result<Outcome, ServiceError> {
        let version = data_version(db).await?;
        let slot = self.slot(&wanted);
        slot.touch();
        if let Some(b) = slot.current().filter(|b| Self::usable(&wanted, b, version)) {
            return Ok(Outcome::Ready(b));
        }
        // One build per file: the others wait for it.
        let _building = slot.building.lock().await;
        if let Some(b) = slot.current().filter(|b| Self::usable(&wanted, b, version)) {
            return Ok(Outcome::Ready(b));
        }
        let built = match wanted.heavy() {
            Some(kind) => {
                // In a task of its own (`HeavyWork::run`): a reader who
                // gives up does not waste the build for the next one.
                let (me, db, slot) = (self.clone(), db.clone(), slot.clone());
                let build = async move { me.build_into(&db, wanted, &slot).await };
                match heavy.run(kind, build).await {
                    Err(ServiceError::Busy) => {
                        return Ok(Outcome::Busy {
                            retry_after: crate::domain::error::BUSY_RETRY_SECONDS,
                        })
                    }
                    other => other?,
                }
            }
            None => {
                let Ok(_permit) = self.builds.try_acquire() else {
                    return Ok(Outcome::Busy {
                        retry_after: self.retry_after(),
                    });
                };
                self.build_into(db, wanted, &slot).await?
            }
        };
        Ok(Outcome::Ready(built))
    }

    /// Builds the file and makes it the slot's.
    async fn build_into(
        &self,
        db: &DatabaseConnection,
        wanted: Wanted,
        slot: &Slot,
    ) -> Result<Built, ServiceError> {
        // Read again under the permit: a write while waiting is in this file.
        let version = data_version(db).await?;
        let built = self.build(db, &wanted, version).await?;
        let old = slot
            .built
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .replace(built.clone());
        if let Some(old) = old {
            remove_later(old.path);
        }
        Ok(built)
    }

    async fn build(
        &self,
        db: &DatabaseConnection,
        wanted: &Wanted,
        version: i64,
    ) -> Result<Built, ServiceError> {
        let started = Instant::now();
        let t = match wanted.at {
            At::Now => Utc::now(),
            At::Given(t) => t,
        };
        let n = self.serial.fetch_add(1, Ordering::Relaxed);
        let path = self.dir()?.join(format!(
            "{n}-{}.{}",
            wanted.kind.stem(),
            wanted.kind.extension()
        ));
        let prefix: &'static [u8] = if wanted.bom { b"\xEF\xBB\xBF" } else { b"" };
        let writing = file::start(path.clone(), prefix);
        let mut out = CsvStream::to(writing.tx.clone());
        let wrote = match wanted.write(db, &self.site, t, &mut out).await {
            Ok(()) => out.finish().await,
            // The writer ends when the last sender goes: a failed build's
            // must go before it is waited for (or the wait never ends).
            Err(e) => {
                drop(out);
                Err(e)
            }
        };
        let size = writing.finish().await;
        let size = match (wrote, size) {
            (Ok(()), Ok(size)) => size,
            (Err(e), _) | (_, Err(e)) => {
                file::remove(&path);
                return Err(e);
            }
        };
        let cost = started.elapsed();
        self.recent_cost_ms
            .store(cost.as_millis() as u64, Ordering::Relaxed);
        tracing::info!(kind = ?wanted.kind, size, ms = cost.as_millis() as u64, "download built");
        Ok(Built {
            path,
            t,
            version,
            size,
            etag: format!(
                "\"{}-{version}-{}-{}{}\"",
                wanted.kind.stem(),
                t.timestamp(),
                n,
                if wanted.bom { "-bom" } else { "" }
            ),
            made: Instant::now(),
            cost,
        })
    }

    /// Seconds until a build slot is likely free: about what the last build
    /// took, between 5 s and 2 min.
    fn retry_after(&self) -> u64 {
        let ms = self.recent_cost_ms.load(Ordering::Relaxed);
        ms.div_ceil(1000).clamp(5, 120)
    }
}

/// Removes a replaced file once responses already sending it are done.
fn remove_later(path: PathBuf) {
    match tokio::runtime::Handle::try_current() {
        Ok(rt) => {
            rt.spawn(async move {
                tokio::time::sleep(REMOVE_AFTER).await;
                file::remove(&path);
            });
        }
        Err(_) => file::remove(&path),
    }
}
