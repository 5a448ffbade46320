//! Finished public pages, open-data JSON, feeds, a council's calendar and
//! the cards' and charts' images for anonymous visitors, kept for a few
//! seconds.
//!
//! Rendering the home page (every body, the rankings) costs milliseconds of
//! CPU even when its figures come from the figures cache, and gzipping it
//! costs as much again. Visitors without a session see the same bytes, so
//! the finished (already compressed) response is kept and replayed.
//!
//! A kept page is replayed only while `data_version` — moved by triggers on
//! every table the public pages and figures read — is what it was when the
//! page was rendered, so a write (an answer, an attendance record, an import,
//! plain SQL, another instance) is in the very next page. `FRESH` bounds how
//! long a page "as of now" can be replayed when nothing was written (its
//! relative dates, "vence en 3 días", move with the clock).
//!
//! One request at a time renders a given page. After a write every kept
//! page is one version old, and without this each of the readers arriving
//! at once rendered the same page again (32 connections on the home page:
//! 32 renders per write). Those asking for it meanwhile get the page the
//! last render made, if it is younger than `STALE_MAX` (header `stale`):
//! at ten writes a second, waiting for each render put the readers' p99 at
//! 81 ms, over its 50 ms budget (docs/benchmarks.md). So a write is in
//! every page rendered after it, and a reader who arrives while that page
//! is being rendered may get the one before, at most `STALE_MAX` old — the
//! figures' own budget for showing a write. When nothing was written since
//! the last page (it is only older than `FRESH`), it is given while its
//! next render is under way, up to `UNCHANGED_MAX` old: its data is the
//! current data, only its relative dates are a few seconds behind, and
//! readers of a page that takes seconds to make (an authority's series,
//! the site's feed) no longer wait for it every `FRESH` (p99 0.6–0.8 s on
//! the feeds at a million referrals, debug build). When the last page is
//! older than that and something was written, they wait for the render and
//! get its bytes. Never after a write that hid something (a demand made
//! confidential, a council made private, a row deleted: the `privacy`
//! counter, migration 22): a reader may see a write a moment late, never
//! what a write took out of public view.
use app::server::services::metrics::cache::{versions, FiguresCache};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt;
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// How long a page is replayed when nothing was written.
const FRESH: Duration = Duration::from_secs(10);
/// The oldest page given to a reader while its next render is under way.
const STALE_MAX: Duration = Duration::from_secs(2);
/// The same, when nothing was written since the page was made.
const UNCHANGED_MAX: Duration = Duration::from_secs(60);
/// Pages kept at most (a body page is a few KB compressed).
const MAX_ENTRIES: usize = 2048;
/// Larger pages are served but not kept.
const MAX_PAGE_BYTES: usize = 2 << 20;
/// Bytes kept at most, whatever the pages: 2,048 of the API's larger
/// answers would otherwise hold gigabytes (the server's memory budget is
/// 300 MB at a million referrals).
const MAX_BYTES: usize = 48 << 20;
/// Tells tests and operators whether a page was replayed: `miss` (rendered
/// for this request), `hit` (the page of the current data) or `stale` (the
/// page before a write, while the next one is rendered).
pub const HEADER: &str = "x-voces-page-cache";

/// What makes two requests get the same bytes.
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    path_and_query: String,
    host: Option<HeaderValue>,
    accept_language: Option<HeaderValue>,
    accept_encoding: Option<HeaderValue>,
    /// The whole header: the language cookie chooses the language.
    cookie: Option<HeaderValue>,
}

struct Page {
    version: i64,
    /// `data_version.privacy` read before the render: the page is given
    /// as the one before a write only while it is unchanged.
    privacy: i64,
    /// Made from figures from before a write (`metrics::cache`): replayed
    /// only while the figures cache has computed this many figures, so the
    /// next reader after the new figures are in gets them.
    until_computed: Option<u64>,
    made: Instant,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Clone)]
pub struct PageCache {
    db: DatabaseConnection,
    /// Told when a page's figures came from before a write.
    figures: Arc<FiguresCache>,
    pages: Arc<RwLock<Kept>>,
    /// The page being rendered, per address: the one request rendering it
    /// holds the lock, others wait for it to be released.
    renders: Arc<Mutex<HashMap<Key, Arc<tokio::sync::Mutex<()>>>>>,
}

/// The kept pages and the bytes of their bodies.
#[derive(Default)]
struct Kept {
    pages: HashMap<Key, Arc<Page>>,
    bytes: usize,
}

impl Kept {
    fn full(&self, adding: usize) -> bool {
        self.pages.len() >= MAX_ENTRIES || self.bytes + adding > MAX_BYTES
    }

    /// The page the last render of `key` made, whatever the version, while
    /// it is younger than `STALE_MAX` and nothing was hidden since
    /// (`privacy`: a demand made confidential, a council made private, a
    /// row deleted); or, while nothing at all was written since (`data`) and
    /// its figures were current, younger than `UNCHANGED_MAX`. A reader may
    /// see a write a moment late, never what a write took out of public
    /// view.
    fn last(&self, key: &Key, data: i64, privacy: i64) -> Option<Arc<Page>> {
        self.pages
            .get(key)
            .filter(|p| {
                let age = p.made.elapsed();
                let unchanged = p.version == data && p.until_computed.is_none();
                p.privacy == privacy && (age < STALE_MAX || (unchanged && age < UNCHANGED_MAX))
            })
            .cloned()
    }

    /// Keeps `page`; when the entries or the bytes would pass their bound,
    /// what can no longer be replayed goes first, then everything.
    fn keep(&mut self, key: Key, page: Page) {
        let size = page.body.len();
        if self.full(size) {
            let version = page.version;
            self.pages
                .retain(|_, p| p.version == version && p.made.elapsed() < FRESH);
            self.bytes = self.pages.values().map(|p| p.body.len()).sum();
        }
        if self.full(size) {
            self.pages.clear();
            self.bytes = 0;
        }
        if let Some(old) = self.pages.insert(key, Arc::new(page)) {
            self.bytes -= old.body.len();
        }
        self.bytes += size;
    }
}

impl PageCache {
    pub fn new(db: DatabaseConnection, figures: Arc<FiguresCache>) -> Self {
        Self {
            db,
            figures,
            pages: Default::default(),
            renders: Default::default(),
        }
    }

    /// Takes `key`'s render lock out of the map once nobody else holds it
    /// (the last of those who rendered or waited does).
    fn forget(&self, key: &Key, lock: &Arc<tokio::sync::Mutex<()>>) {
        if let Ok(mut renders) = self.renders.lock() {
            // The caller's and the map's: nobody else waits.
            if Arc::strong_count(lock) <= 2
                && renders.get(key).is_some_and(|l| Arc::ptr_eq(l, lock))
            {
                renders.remove(key);
            }
        }
    }

    /// The lock of `key`'s render: held (`Ok`) when this request is to
    /// render it, otherwise the lock someone else holds (`Err`).
    fn render_lock(&self, key: &Key) -> Result<RenderTurn, Arc<tokio::sync::Mutex<()>>> {
        let lock = match self.renders.lock() {
            Ok(mut renders) => {
                // Locks left behind by a race in `forget` go with the
                // next thousands of addresses.
                if renders.len() >= MAX_ENTRIES {
                    renders.retain(|_, l| Arc::strong_count(l) > 1);
                }
                renders.entry(key.clone()).or_default().clone()
            }
            // Poisoned: render without waiting for anyone.
            Err(_) => Arc::default(),
        };
        match lock.clone().try_lock_owned() {
            Ok(guard) => Ok(RenderTurn {
                cache: self.clone(),
                key: key.clone(),
                lock,
                guard: Some(guard),
            }),
            Err(_) => Err(lock),
        }
    }

    fn lookup(&self, key: &Key, version: i64) -> Option<Arc<Page>> {
        let computed = self.figures.counts.computed.get();
        let kept = self.pages.read().ok()?;
        kept.pages
            .get(key)
            .filter(|p| {
                p.version == version
                    && p.made.elapsed() < FRESH
                    && p.until_computed.is_none_or(|c| c == computed)
            })
            .cloned()
    }

    fn last(&self, key: &Key, data: i64, privacy: i64) -> Option<Arc<Page>> {
        self.pages.read().ok()?.last(key, data, privacy)
    }

    fn keep(&self, key: Key, page: Page) {
        if let Ok(mut kept) = self.pages.write() {
            kept.keep(key, page);
        }
    }
}

/// This request's turn to render a page; at its end the page's lock goes
/// from the map unless someone else waits on it.
struct RenderTurn {
    cache: PageCache,
    key: Key,
    lock: Arc<tokio::sync::Mutex<()>>,
    guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl Drop for RenderTurn {
    fn drop(&mut self) {
        drop(self.guard.take());
        self.cache.forget(&self.key, &self.lock);
    }
}

/// The public read-only pages: the same for every anonymous visitor.
fn public_page(path: &str) -> bool {
    let segments: Vec<&str> = path
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    match segments.as_slice() {
        [] | ["demands"] | ["referrals"] | ["meetings"] | ["api"] | ["privacy"] => true,
        // The figures council by council and the authorities' list.
        ["bodies"] | ["authorities"] => true,
        ["bodies", _] | ["authorities", _] => true,
        // Side by side, the maps and the annual reports: public figures
        // only, the same for every anonymous reader.
        ["comparar"] | ["mapa"] | ["mapa", "origenes"] => true,
        ["bodies" | "authorities", _, "informe", _] => true,
        ["bodies", _, "meetings" | "members"] => true,
        ["bodies", _, "meetings" | "demands", id] => *id != "new",
        // The open-data API: public by design, asked for again and again
        // (its CSV downloads are files of their own, `http::downloads`).
        ["api", "v1"] => true,
        ["api", "v1", .., last] => !last.ends_with(".csv"),
        // A council's or an authority's card and charts: images drawn from
        // the public figures (a link preview is asked for by every platform
        // a link is shared on).
        ["bodies" | "authorities", _, "card.png"] => true,
        ["bodies" | "authorities", _, "charts", _] => true,
        // A council's calendar, which calendar programs ask for again and
        // again (the national one is a file: `http::downloads`).
        ["bodies", _, "calendar.ics"] => true,
        // A council's open data of its meetings and roster: small, the
        // same for every anonymous reader (built per request, 32 readers of
        // a large council's meetings took the server to 377 MB).
        ["bodies", _, "meetings.csv" | "meetings.json" | "roster.csv"] => true,
        // The feeds, which feed readers poll: read as the public reads.
        ["feed.atom" | "feed.json" | "demands.atom" | "demands.feed.json"] => true,
        ["bodies" | "authorities", _, "feed.atom" | "feed.json"] => true,
        ["bodies", _, "demands", _, "feed.atom" | "feed.json"] => true,
        // The follow form names what it follows by reading that feed.
        ["follow"] => true,
        _ => false,
    }
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

fn key_of(req: &Request) -> Option<Key> {
    if req.method() != Method::GET || !public_page(req.uri().path()) {
        return None;
    }
    let headers = req.headers();
    let cookie = headers.get(header::COOKIE).cloned();
    // Anyone with a session may see more than the public: never replayed.
    if let Some(c) = &cookie {
        let signed_in = c
            .to_str()
            .map(|c| c.contains(super::auth::COOKIE))
            .unwrap_or(true);
        if signed_in {
            return None;
        }
    }
    Some(Key {
        path_and_query: req.uri().path_and_query()?.as_str().to_string(),
        host: headers.get(header::HOST).cloned(),
        accept_language: headers.get(header::ACCEPT_LANGUAGE).cloned(),
        // `identity` asks for what no header asks for: the bytes as made.
        accept_encoding: headers
            .get(header::ACCEPT_ENCODING)
            .filter(|v| !v.as_bytes().eq_ignore_ascii_case(b"identity"))
            .cloned(),
        cookie,
    })
}

/// A kept page's bytes, `how` in the `HEADER` (`hit` or `stale`).
fn replay(page: &Page, how: &'static str) -> Response {
    let mut resp = Response::new(Body::from(page.body.clone()));
    *resp.status_mut() = page.status;
    *resp.headers_mut() = page.headers.clone();
    resp.headers_mut()
        .insert(HEADER, HeaderValue::from_static(how));
    resp
}

/// A response's body as read by [`read_up_to`].
enum Read {
    /// All of it, at most the limit.
    Whole(Bytes),
    /// More than the limit: what was read, then the rest as it comes.
    Larger(Body),
}

/// The body whole when it is at most `limit` bytes. A larger one (a
/// council's calendar after years of sessions, say) is given back to be
/// sent, not refused: reading it whole first only to throw it away was a
/// 500 for the reader.
async fn read_up_to(body: Body, limit: usize) -> Result<Read, axum::Error> {
    let mut stream = body.into_data_stream();
    let mut held: Vec<Bytes> = Vec::new();
    let mut size = 0;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        size += chunk.len();
        held.push(chunk);
        if size > limit {
            let read = futures_util::stream::iter(held.into_iter().map(Ok::<_, axum::Error>));
            return Ok(Read::Larger(Body::from_stream(read.chain(stream))));
        }
    }
    Ok(Read::Whole(match held.len() {
        1 => held.pop().unwrap_or_default(),
        _ => Bytes::from(held.concat()),
    }))
}

/// The middleware: replays a kept page or renders, keeps and serves one.
pub async fn serve(State(cache): State<PageCache>, req: Request, next: Next) -> Response {
    let Some(key) = key_of(&req) else {
        return next.run(req).await;
    };
    // During an outage: told within a second (`db::still_unavailable`).
    if app::server::db::still_unavailable(&cache.db).await {
        return super::outage::unavailable(is_api(&key.path_and_query));
    }
    let mut waited = false;
    let (now, _turn) = loop {
        // Read before rendering: a write during the rendering makes this
        // page one version old, so it is never replayed after that write.
        let now = match versions(&cache.db).await {
            Ok(v) => v,
            // Down: rendering would only wait for it again.
            Err(e) if e.is_unavailable() => {
                return super::outage::unavailable(is_api(&key.path_and_query))
            }
            Err(_) => return next.run(req).await,
        };
        if let Some(page) = cache.lookup(&key, now.data) {
            return replay(&page, "hit");
        }
        if waited {
            // Not kept, or written since: this request renders its own.
            break (now, None);
        }
        match cache.render_lock(&key) {
            Ok(turn) => {
                // A render that ended between the lookup above and taking
                // the lock kept its page first: no second render.
                if let Some(page) = cache.lookup(&key, now.data) {
                    return replay(&page, "hit");
                }
                break (now, Some(turn));
            }
            // Someone is rendering it: the page before it while young,
            // else their page, once made, when it can be replayed at the
            // version then.
            Err(lock) => {
                if let Some(page) = cache.last(&key, now.data, now.privacy) {
                    return replay(&page, "stale");
                }
                drop(lock.lock().await);
                cache.forget(&key, &lock);
                waited = true;
            }
        }
    };
    let (lagged, computed) = (cache.figures.lagged(), cache.figures.counts.computed.get());
    let resp = next.run(req).await;
    // Pages, JSON, feeds, a council's calendar, its meetings' and roster's
    // CSV and the cards' and charts' images (the bulk CSV downloads and the
    // national calendar are files of their own, `http::downloads`, and are
    // not public pages here).
    let kept_type = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            [
                "text/html",
                "application/json",
                "image/png",
                "image/svg+xml",
                "text/calendar",
                "text/csv",
                "application/atom+xml",
                "application/feed+json",
            ]
            .iter()
            .any(|kept| v.starts_with(kept))
        });
    if resp.status() != StatusCode::OK
        || !kept_type
        || resp.headers().contains_key(header::SET_COOKIE)
    {
        return resp;
    }
    // A page runs its scripts only under a policy naming its nonce; one
    // without (the header middleware sets it; `http::files` says how it was
    // lost) is served as it is but never replayed, and said in the log.
    let html = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let has_nonce = resp
        .headers()
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("'nonce-"));
    if html && !has_nonce {
        tracing::warn!(path = %key.path_and_query, "page without its nonce in the policy: not kept");
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let body = match read_up_to(body, MAX_PAGE_BYTES).await {
        Ok(Read::Whole(b)) => b,
        // Larger than a page may be: sent as it comes, not kept.
        Ok(Read::Larger(body)) => return Response::from_parts(parts, body),
        Err(e) => {
            // Broken while streaming: nothing to keep, and what was read is
            // gone, so say so rather than send half a page.
            tracing::warn!(error = %e, "page cache: reading the rendered page");
            return Response::builder()
                .status(StatusCode::INTERNAL_SERVER_ERROR)
                .body(Body::from("the page broke off while it was made"))
                .unwrap_or_default();
        }
    };
    // A page that may hold figures from before a write (served while they
    // are computed again, `metrics::cache`) is replayed only until figures
    // are computed again, so the next reader after that gets the new ones.
    // Read after the body: a streamed page asks for its figures while it
    // is sent.
    let until_computed = (cache.figures.lagged() != lagged).then_some(computed);
    cache.keep(
        key,
        Page {
            version: now.data,
            privacy: now.privacy,
            until_computed,
            made: Instant::now(),
            status: parts.status,
            headers: parts.headers.clone(),
            body: body.clone(),
        },
    );
    parts
        .headers
        .insert(HEADER, HeaderValue::from_static("miss"));
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kept_bytes_stay_within_their_bound() {
        let page = |version: i64, len: usize| Page {
            version,
            privacy: 0,
            until_computed: None,
            made: Instant::now(),
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; len]),
        };
        let key = |n: usize| Key {
            path_and_query: format!("/api/v1/demands?page={n}"),
            host: None,
            accept_language: None,
            accept_encoding: None,
            cookie: None,
        };
        let mut kept = Kept::default();
        let size = MAX_PAGE_BYTES;
        for n in 0..(3 * MAX_BYTES / size) {
            kept.keep(key(n), page(1, size));
            assert!(kept.bytes <= MAX_BYTES, "{n}: {} bytes", kept.bytes);
            let counted: usize = kept.pages.values().map(|p| p.body.len()).sum();
            assert_eq!(kept.bytes, counted, "{n}: the count is the bodies'");
        }
        // The same address again replaces its page (its bytes too), and a
        // write (a new version) lets the older pages go first.
        kept.keep(key(0), page(1, 10));
        let counted: usize = kept.pages.values().map(|p| p.body.len()).sum();
        assert_eq!(kept.bytes, counted);
        kept.keep(key(10_000), page(2, MAX_BYTES));
        assert_eq!(kept.pages.len(), 1);
        assert_eq!(kept.bytes, MAX_BYTES);
    }

    #[test]
    fn the_page_before_a_write_is_given_only_while_young() {
        let key = Key {
            path_and_query: "/".into(),
            host: None,
            accept_language: None,
            accept_encoding: None,
            cookie: None,
        };
        let page = |made: Instant| Page {
            version: 1,
            privacy: 4,
            until_computed: None,
            made,
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(b"antes"),
        };
        let mut kept = Kept::default();
        // The page is of version 1; a write since makes the data 2.
        assert!(kept.last(&key, 2, 4).is_none());
        kept.keep(key.clone(), page(Instant::now()));
        assert_eq!(
            kept.last(&key, 2, 4).map(|p| p.body.clone()),
            Some(Bytes::from_static(b"antes"))
        );
        // Something was hidden since (a demand made confidential): never.
        assert!(kept.last(&key, 2, 5).is_none());
        assert!(kept.last(&key, 1, 5).is_none());
        // Older than `STALE_MAX`: after a write, readers wait for the
        // render; with nothing written, they get it up to `UNCHANGED_MAX`.
        if let Some(old) = Instant::now().checked_sub(STALE_MAX + Duration::from_millis(1)) {
            kept.keep(key.clone(), page(old));
            assert!(kept.last(&key, 2, 4).is_none());
            assert!(kept.last(&key, 1, 4).is_some());
        }
        if let Some(old) = Instant::now().checked_sub(UNCHANGED_MAX + Duration::from_millis(1)) {
            kept.keep(key.clone(), page(old));
            assert!(kept.last(&key, 1, 4).is_none());
        }
        // Made from figures from before a write: only while young.
        if let Some(old) = Instant::now().checked_sub(STALE_MAX + Duration::from_millis(1)) {
            let mut lagging = page(old);
            lagging.until_computed = Some(3);
            kept.keep(key.clone(), lagging);
            assert!(kept.last(&key, 1, 4).is_none());
        }
    }

    #[test]
    fn identity_is_the_same_page_as_no_encoding() {
        let req = |encoding: Option<&str>| {
            let mut b = Request::builder().uri("/demands");
            if let Some(e) = encoding {
                b = b.header(header::ACCEPT_ENCODING, e);
            }
            b.body(Body::empty()).unwrap()
        };
        assert!(key_of(&req(None)).is_some());
        assert!(key_of(&req(None)) == key_of(&req(Some("identity"))));
        assert!(key_of(&req(None)) == key_of(&req(Some("IDENTITY"))));
        assert!(key_of(&req(None)) != key_of(&req(Some("gzip"))));
    }

    #[tokio::test]
    async fn a_body_larger_than_a_page_is_sent_whole_not_kept() {
        let small = read_up_to(Body::from("hola"), 8).await.unwrap();
        assert!(matches!(small, Read::Whole(b) if b == "hola"));
        let pieces = ["0123", "4567", "89ab"].map(|p| Ok::<_, axum::Error>(Bytes::from(p)));
        let large = Body::from_stream(futures_util::stream::iter(pieces));
        let Read::Larger(body) = read_up_to(large, 5).await.unwrap() else {
            panic!("larger than the limit");
        };
        let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
        assert_eq!(bytes, "0123456789ab");
    }

    #[test]
    fn only_public_read_pages() {
        for p in [
            "/",
            "/demands",
            "/referrals",
            "/meetings",
            "/api",
            "/bodies",
            "/authorities",
            "/bodies/cc-cdmx",
            "/authorities/inm",
            "/bodies/cc-cdmx/meetings",
            "/bodies/cc-cdmx/members",
            "/bodies/cc-cdmx/meetings/12",
            "/bodies/cc-cdmx/demands/7",
            "/api/v1/bodies/x/metrics",
            "/api/v1/authorities/inm/metrics",
            "/comparar",
            "/mapa",
            "/mapa/origenes",
            "/bodies/cc-cdmx/informe/2025",
            "/authorities/inm/informe/2025",
            "/bodies/cc-cdmx/card.png",
            "/authorities/inm/card.png",
            "/bodies/cc-cdmx/charts/meetings.svg",
            "/authorities/inm/charts/answers.png",
            "/bodies/cc-cdmx/calendar.ics",
            "/feed.atom",
            "/demands.feed.json",
            "/authorities/inm/feed.atom",
            "/bodies/cc-cdmx/demands/7/feed.json",
            "/follow",
        ] {
            assert!(public_page(p), "{p}");
        }
        for p in [
            "/login",
            "/reset/abc",
            "/invitations/abc",
            "/account",
            "/admin",
            "/inbox",
            "/bodies/cc-cdmx/demands/new",
            "/bodies/cc-cdmx/meetings/new",
            "/bodies/cc-cdmx/meetings/12/edit",
            "/bodies/cc-cdmx/members/new",
            "/bodies/cc-cdmx/settings",
            "/api/v2/bodies",
        ] {
            assert!(!public_page(p), "{p}");
        }
    }
}
