//! What an operator's Prometheus reads at `/metrics` (`http::monitoring`):
//! requests and their latency per route and status (counted by the
//! request span, `http::trace`), the figures cache's hits and computations
//! (`metrics::cache`), and, read at each scrape, the database pool, the
//! mail outbox's backlog and its oldest unsent mail, and the process's
//! memory. One `Monitoring` per `AppState`, so two servers in one process
//! (the tests) count apart.
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use sea_orm::DatabaseConnection;
use std::sync::atomic::AtomicI64;

/// A request's route (the router's pattern, never the path, which may
/// hold a token), method and status.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: String,
    pub route: String,
    pub status: u16,
}

/// Seconds, from 1 ms to about 16 s (each bucket twice the one before).
fn latency_buckets() -> Histogram {
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(
        0.001, 2.0, 15,
    ))
}

type Latency = Family<RouteLabels, Histogram, fn() -> Histogram>;

pub struct Monitoring {
    pub requests: Family<RouteLabels, Counter>,
    pub latency: Latency,
}

impl Default for Monitoring {
    fn default() -> Self {
        Self {
            requests: Family::default(),
            latency: Family::new_with_constructor(latency_buckets),
        }
    }
}

impl std::fmt::Debug for Monitoring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Monitoring").finish_non_exhaustive()
    }
}

impl Monitoring {
    /// Counts one request that took `seconds`.
    pub fn request(&self, method: &str, route: &str, status: u16, seconds: f64) {
        // Any word is a method to HTTP: an unknown one is counted as
        // "other", so requests cannot make labels (and memory) without end.
        let method = match method {
            "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS" => method,
            _ => "other",
        };
        let labels = RouteLabels {
            method: method.to_string(),
            route: route.to_string(),
            status,
        };
        self.requests.get_or_create(&labels).inc();
        self.latency.get_or_create(&labels).observe(seconds);
    }
}

/// The figures cache's own counts (`metrics::cache::FiguresCache`).
pub struct CacheCounts {
    /// Served from the cache, valid.
    pub hits: Counter,
    /// Served from the cache while another request recomputes them.
    pub stale: Counter,
    /// Computed (a miss, or figures grown too old).
    pub computed: Counter,
    /// Read from those kept in the database (`metrics::kept`).
    pub restored: Counter,
    /// How long each computation took, in seconds.
    pub compute_seconds: Histogram,
}

impl Default for CacheCounts {
    fn default() -> Self {
        Self {
            hits: Counter::default(),
            stale: Counter::default(),
            computed: Counter::default(),
            restored: Counter::default(),
            compute_seconds: latency_buckets(),
        }
    }
}

/// What is read at the scrape: the database pool, the outbox, memory.
#[derive(Debug, Default)]
pub struct Readings {
    pub pool_size: i64,
    pub pool_idle: i64,
    pub pool_max: i64,
    pub outbox_unsent: i64,
    /// Age in seconds of the oldest mail not yet sent (0 when none).
    pub outbox_oldest_seconds: i64,
    /// Unsent mails that have failed at least once.
    pub outbox_failing: i64,
    pub resident_bytes: i64,
    /// Figures held in the figures cache, and about their bytes (JSON).
    pub figures_entries: i64,
    pub figures_bytes: i64,
}

/// The pool's connections (open, idle, allowed).
fn pool(db: &DatabaseConnection) -> (i64, i64, i64) {
    match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            let p = db.get_postgres_connection_pool();
            (
                i64::from(p.size()),
                p.num_idle() as i64,
                i64::from(p.options().get_max_connections()),
            )
        }
        sea_orm::DbBackend::Sqlite => {
            let p = db.get_sqlite_connection_pool();
            (
                i64::from(p.size()),
                p.num_idle() as i64,
                i64::from(p.options().get_max_connections()),
            )
        }
        _ => (0, 0, 0),
    }
}

/// The process's resident memory (Linux `/proc/self/status`), 0 elsewhere.
fn resident_bytes() -> i64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<i64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// Reads the pool, the outbox and the memory now.
pub async fn read(db: &DatabaseConnection) -> Result<Readings, sea_orm::DbErr> {
    let (pool_size, pool_idle, pool_max) = pool(db);
    let outbox = crate::server::services::mail::outbox::backlog(db).await?;
    // The age is computed here from the oldest timestamp, the same way on
    // both databases.
    let oldest_seconds = outbox
        .oldest
        .map_or(0, |t| (chrono::Utc::now() - t).num_seconds().max(0));
    Ok(Readings {
        pool_size,
        pool_idle,
        pool_max,
        outbox_unsent: outbox.unsent,
        outbox_oldest_seconds: oldest_seconds,
        outbox_failing: outbox.failing,
        resident_bytes: resident_bytes(),
        ..Readings::default()
    })
}

fn gauge(v: i64) -> Gauge<i64, AtomicI64> {
    let g = Gauge::<i64, AtomicI64>::default();
    g.set(v);
    g
}

/// Everything in the Prometheus text format (OpenMetrics 1.0).
pub fn render(m: &Monitoring, cache: &CacheCounts, r: &Readings) -> String {
    let mut reg = Registry::with_prefix("voces");
    reg.register(
        "http_requests",
        "Requests answered, by route, method and status",
        m.requests.clone(),
    );
    reg.register(
        "http_request_duration_seconds",
        "Time to answer a request, by route, method and status",
        m.latency.clone(),
    );
    reg.register(
        "figures_cache_hits",
        "Figures served from the cache, still valid",
        cache.hits.clone(),
    );
    reg.register(
        "figures_cache_stale",
        "Figures served from the cache while they are computed again (older, or from before a write)",
        cache.stale.clone(),
    );
    reg.register(
        "figures_restored",
        "Figures read from those kept in the database, by a process that had none",
        cache.restored.clone(),
    );
    reg.register(
        "figures_computed",
        "Figures computed (a cache miss, after a write or once too old)",
        cache.computed.clone(),
    );
    reg.register(
        "figures_compute_duration_seconds",
        "Time to compute figures on a cache miss",
        cache.compute_seconds.clone(),
    );
    for (name, help, v) in [
        (
            "db_pool_connections",
            "Database connections open",
            r.pool_size,
        ),
        (
            "db_pool_idle",
            "Database connections open and idle",
            r.pool_idle,
        ),
        ("db_pool_max", "Database connections allowed", r.pool_max),
        (
            "outbox_unsent",
            "Mails queued and not yet sent",
            r.outbox_unsent,
        ),
        (
            "outbox_oldest_unsent_seconds",
            "Age of the oldest mail not yet sent (0 when none)",
            r.outbox_oldest_seconds,
        ),
        (
            "outbox_failing",
            "Mails not yet sent that have failed at least once",
            r.outbox_failing,
        ),
        (
            "process_resident_memory_bytes",
            "The server's resident memory",
            r.resident_bytes,
        ),
        (
            "figures_cache_entries",
            "Figures held in memory",
            r.figures_entries,
        ),
        (
            "figures_cache_bytes",
            "About the bytes of the figures held in memory (their JSON's length)",
            r.figures_bytes,
        ),
    ] {
        reg.register(name, help, gauge(v));
    }
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = prometheus_client::encoding::text::encode(&mut out, &reg);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_figures_are_written_in_the_text_format() {
        let m = Monitoring::default();
        m.request("GET", "/bodies/{key}", 200, 0.004);
        m.request("GET", "/bodies/{key}", 200, 0.002);
        m.request("POST", "/login", 303, 0.1);
        let cache = CacheCounts::default();
        cache.hits.inc();
        cache.computed.inc();
        cache.compute_seconds.observe(0.25);
        let text = render(
            &m,
            &cache,
            &Readings {
                outbox_unsent: 3,
                outbox_oldest_seconds: 120,
                ..Readings::default()
            },
        );
        assert!(
            text.contains(
                "voces_http_requests_total{method=\"GET\",route=\"/bodies/{key}\",status=\"200\"} 2"
            ),
            "{text}"
        );
        assert!(text.contains(
            "voces_http_request_duration_seconds_count{method=\"POST\",route=\"/login\",status=\"303\"} 1"
        ));
        assert!(text.contains("voces_figures_cache_hits_total 1"));
        assert!(text.contains("voces_figures_compute_duration_seconds_sum 0.25"));
        assert!(text.contains("voces_outbox_unsent 3"));
        assert!(text.contains("voces_outbox_oldest_unsent_seconds 120"));
        assert!(text.ends_with("# EOF\n"));
    }

    #[test]
    fn made_up_methods_do_not_make_labels() {
        let m = Monitoring::default();
        for i in 0..50 {
            m.request(&format!("X{i}"), "(other)", 405, 0.001);
        }
        let text = render(&m, &CacheCounts::default(), &Readings::default());
        assert!(text.contains(
            "voces_http_requests_total{method=\"other\",route=\"(other)\",status=\"405\"} 50"
        ));
        assert!(!text.contains("X1"));
    }
}
