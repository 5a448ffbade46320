//! Cached figures never hide a write: an answer or an attendance record
//! made through the forms, or a change made behind the server's back
//! (another instance, SQL), is in the figures of the very next request —
//! the API's, the home overview's and the body dashboard's.
use crate::support;

use app::server::services::dataset;
use app::server::services::metrics::cache::{data_version, versions};
use reqwest::{header, Client, StatusCode};
use sea_orm::ConnectionTrait;
use serde_json::Value;

const DOC: &str = include_str!("../fixtures/figures_cache.json");

use crate::support::client;

async fn metrics(c: &Client, base: &str) -> Value {
    let r = c
        .get(format!("{base}/api/v1/bodies/b/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    serde_json::from_str(&r.text().await.unwrap()).unwrap()
}

async fn post(c: &Client, base: &str, cookie: &str, path: &str, form: &[(&str, &str)]) {
    let r = c
        .post(format!("{base}{path}"))
        .header(header::COOKIE, cookie)
        .header(header::ORIGIN, base)
        .form(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{path}");
}

/// The page without its per-response nonce.
async fn page(c: &Client, url: &str) -> String {
    let html = support::text(c, url).await;
    match html
        .split("nonce=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
    {
        Some(nonce) if !nonce.is_empty() => html.replace(nonce, "NONCE"),
        _ => html,
    }
}

on_both!(a_write_is_in_the_figures_of_the_next_request);
async fn a_write_is_in_the_figures_of_the_next_request(t: support::TestDb) {
    // Ten days ago: inside the one-year window, before any deadline.
    let start = (chrono::Utc::now() - chrono::Duration::days(10)).to_rfc3339();
    let doc = DOC.replace("START", &start);
    let db = &t.conn;
    dataset::import(db, &doc, Default::default(), &|_| {})
        .await
        .expect("import");
    support::account(
        db,
        "sec@example.org",
        "a long password",
        &[("secretary", "b", "a", "")],
    )
    .await;
    support::account(
        db,
        "inm@example.org",
        "a long password",
        &[("official", "", "", "inm")],
    )
    .await;
    let base = support::serve(db.clone()).await;
    let c = client();

    let first = metrics(&c, &base).await;
    assert_eq!(first["answers"]["answered"], 0, "{}", t.name);
    assert_eq!(first["meetings"]["attendance_rate"], 0.0, "{}", t.name);
    // Nothing written: the second request is the cached answer.
    assert_eq!(metrics(&c, &base).await, first, "{}", t.name);
    let home = page(&c, &format!("{base}/")).await;
    let dash = page(&c, &format!("{base}/bodies/b")).await;
    // The same page twice while nothing changes, so a change below is
    // the write's.
    assert_eq!(page(&c, &format!("{base}/")).await, home, "{}", t.name);
    assert_eq!(
        page(&c, &format!("{base}/bodies/b")).await,
        dash,
        "{}",
        t.name
    );

    // An answer through the official's form.
    let inm = support::sign_in(&c, &base, "inm@example.org", "a long password").await;
    post(
        &c,
        &base,
        &inm,
        "/bodies/b/demands/d1/referrals/inm/events",
        &[
            ("kind", "accepted"),
            ("text", "Contrataremos intérpretes."),
            ("confirm", "yes"),
        ],
    )
    .await;
    let after = metrics(&c, &base).await;
    assert_eq!(after["answers"]["answered"], 1, "{}", t.name);
    assert_eq!(after["answers"]["acceptance_rate"], 1.0, "{}", t.name);
    assert_ne!(
        page(&c, &format!("{base}/")).await,
        home,
        "home, {}",
        t.name
    );
    assert_ne!(
        page(&c, &format!("{base}/bodies/b")).await,
        dash,
        "{}",
        t.name
    );

    // An attendance record through the secretary's form.
    let sec = support::sign_in(&c, &base, "sec@example.org", "a long password").await;
    post(
        &c,
        &base,
        &sec,
        "/bodies/b/meetings/s1/attendance",
        &[("att:a", "present"), ("att:s", "remote"), ("held", "true")],
    )
    .await;
    let after = metrics(&c, &base).await;
    assert_eq!(after["meetings"]["attendance_rate"], 1.0, "{}", t.name);

    // Behind the server's back (another instance, plain SQL): the
    // triggers move the version, so this is seen too.
    let v = data_version(db).await.unwrap();
    db.execute_unprepared("UPDATE attendance SET status = 'absent'")
        .await
        .unwrap();
    assert!(data_version(db).await.unwrap() > v, "{}", t.name);
    let after = metrics(&c, &base).await;
    assert_eq!(after["meetings"]["attendance_rate"], 0.0, "{}", t.name);

    // An as_of in the past is cached too, and also follows writes.
    let past = format!(
        "{base}/api/v1/bodies/b/metrics?as_of={}",
        (chrono::Utc::now() - chrono::Duration::days(5)).format("%Y-%m-%d")
    );
    let get = |url: String| {
        let c = c.clone();
        async move {
            let text = support::text(&c, url).await;
            serde_json::from_str::<Value>(&text).unwrap()
        }
    };
    let before = get(past.clone()).await;
    db.execute_unprepared("UPDATE attendance SET status = 'present'")
        .await
        .unwrap();
    let later = get(past).await;
    assert_ne!(
        before["meetings"]["attendance_rate"], later["meetings"]["attendance_rate"],
        "{}",
        t.name
    );
}

async fn cache_header(c: &Client, url: &str, cookie: Option<&str>) -> (Option<String>, String) {
    let mut req = c.get(url);
    if let Some(cookie) = cookie {
        req = req.header(header::COOKIE, cookie);
    }
    let r = req.send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{url}");
    let hit = r
        .headers()
        .get(server::http::page_cache::HEADER)
        .map(|v| v.to_str().unwrap().to_string());
    (hit, r.text().await.unwrap())
}

on_both!(public_pages_are_replayed_until_a_write);
/// Anonymous visitors get the kept page until something is written; a
/// signed-in visitor always gets a page rendered for them.
async fn public_pages_are_replayed_until_a_write(t: support::TestDb) {
    let start = (chrono::Utc::now() - chrono::Duration::days(10)).to_rfc3339();
    let doc = DOC.replace("START", &start);
    let db = &t.conn;
    dataset::import(db, &doc, Default::default(), &|_| {})
        .await
        .expect("import");
    support::account(
        db,
        "sec@example.org",
        "a long password",
        &[("secretary", "b", "a", "")],
    )
    .await;
    let base = support::serve(db.clone()).await;
    let c = client();
    let url = format!("{base}/bodies/b");

    let (first, html) = cache_header(&c, &url, None).await;
    assert_eq!(first.as_deref(), Some("miss"), "{}", t.name);
    let (second, again) = cache_header(&c, &url, None).await;
    assert_eq!(second.as_deref(), Some("hit"), "{}", t.name);
    assert_eq!(again, html, "{}", t.name);

    // A signed-in visitor may see more: never a kept page.
    let sec = support::sign_in(&c, &base, "sec@example.org", "a long password").await;
    let (signed_in, _) = cache_header(&c, &url, Some(&sec)).await;
    assert_eq!(signed_in, None, "{}", t.name);
    // Forms and private pages are never kept.
    let (login, _) = cache_header(&c, &format!("{base}/login"), None).await;
    assert_eq!(login, None, "{}", t.name);

    // A write behind the server's back: the next page is rendered anew.
    db.execute_unprepared("UPDATE bodies SET name = 'Consejo Beta' WHERE key = 'b'")
        .await
        .unwrap();
    let (after, changed) = cache_header(&c, &url, None).await;
    assert_eq!(after.as_deref(), Some("miss"), "{}", t.name);
    assert!(changed.contains("Consejo Beta"), "{}", t.name);
    let (kept, _) = cache_header(&c, &url, None).await;
    assert_eq!(kept.as_deref(), Some("hit"), "{}", t.name);

    // After a write, readers arriving at once: one renders the page; the
    // others get the page before it (just made: `stale`) while it is
    // rendered, or its bytes once it is made; the next reader gets the new
    // one.
    db.execute_unprepared("UPDATE bodies SET name = 'Consejo Gamma' WHERE key = 'b'")
        .await
        .unwrap();
    let burst = futures_util::future::join_all((0..16).map(|_| cache_header(&c, &url, None))).await;
    let misses = burst
        .iter()
        .filter(|(h, _)| h.as_deref() == Some("miss"))
        .count();
    assert_eq!(misses, 1, "one render for 16 readers, {}", t.name);
    for (h, body) in &burst {
        match h.as_deref() {
            Some("miss" | "hit") => assert!(body.contains("Consejo Gamma"), "{}", t.name),
            Some("stale") => assert!(body.contains("Consejo Beta"), "{}", t.name),
            other => panic!("{}: {other:?}", t.name),
        }
    }
    let (next, body) = cache_header(&c, &url, None).await;
    assert_eq!(next.as_deref(), Some("hit"), "{}", t.name);
    assert!(body.contains("Consejo Gamma"), "{}", t.name);

    // A write that hides something (a demand made confidential): no reader
    // gets the page from before it, even while the next is rendered. A
    // rename moves only the data's counter; the flag moves `privacy` too.
    let marker = "Marca-antes-de-confidencial";
    let before = versions(db).await.unwrap();
    db.execute_unprepared(&format!(
        "UPDATE demands SET text = '{marker}' WHERE key = 'd1'"
    ))
    .await
    .unwrap();
    let renamed = versions(db).await.unwrap();
    assert!(renamed.data > before.data, "{}", t.name);
    assert_eq!(renamed.privacy, before.privacy, "{}", t.name);
    let demand = format!("{base}/bodies/b/demands/d1");
    let (_, shown) = cache_header(&c, &demand, None).await;
    assert!(shown.contains(marker), "{}", t.name);
    db.execute_unprepared("UPDATE demands SET confidential = TRUE WHERE key = 'd1'")
        .await
        .unwrap();
    assert!(
        versions(db).await.unwrap().privacy > renamed.privacy,
        "{}",
        t.name
    );
    let burst =
        futures_util::future::join_all((0..16).map(|_| cache_header(&c, &demand, None))).await;
    for (h, body) in &burst {
        assert_ne!(h.as_deref(), Some("stale"), "{}", t.name);
        assert!(!body.contains(marker), "{}: {h:?}", t.name);
    }

    // The open-data JSON the same way, a write showing in the next.
    let api = format!("{base}/api/v1/bodies/b/metrics");
    let (first, json) = cache_header(&c, &api, None).await;
    assert_eq!(first.as_deref(), Some("miss"), "{}", t.name);
    let (second, again) = cache_header(&c, &api, None).await;
    assert_eq!(second.as_deref(), Some("hit"), "{}", t.name);
    assert_eq!(again, json, "{}", t.name);
    db.execute_unprepared("UPDATE attendance SET status = 'absent'")
        .await
        .unwrap();
    let (after, changed) = cache_header(&c, &api, None).await;
    assert_eq!(after.as_deref(), Some("miss"), "{}", t.name);
    let changed: Value = serde_json::from_str(&changed).unwrap();
    assert_eq!(changed["meetings"]["attendance_rate"], 0.0, "{}", t.name);
    // A council's card and a chart (images drawn from its figures), its
    // calendar, the feeds, which readers poll, and the follow form (which
    // reads the feed it names): made once, then the same bytes until a
    // write (32 readers of a card drew it 32 times at once, and took the
    // server to 495 MB).
    for path in [
        "/bodies/b/card.png",
        "/bodies/b/charts/meetings.svg",
        "/bodies/b/calendar.ics",
        "/bodies/b/meetings.csv",
        "/bodies/b/meetings.json",
        "/bodies/b/roster.csv",
        "/bodies/b/feed.atom",
        "/feed.json",
        "/follow?kind=body&target=b",
    ] {
        let url = format!("{base}{path}");
        let (first, image) = cache_header(&c, &url, None).await;
        assert_eq!(first.as_deref(), Some("miss"), "{path}: {}", t.name);
        let (second, again) = cache_header(&c, &url, None).await;
        assert_eq!(second.as_deref(), Some("hit"), "{path}: {}", t.name);
        assert_eq!(again, image, "{path}: {}", t.name);
    }
    // CSV downloads and the national calendar are files of their own
    // (`http::downloads`), not kept here.
    for path in ["/api/v1/bodies.csv", "/calendar.ics", "/demands.csv?body=b"] {
        let (file, _) = cache_header(&c, &format!("{base}{path}"), None).await;
        assert_eq!(file, None, "{path}: {}", t.name);
    }
}

// A fresh server renders its public pages once in the background (the
// warm-up of `serve`): every one answers, and the last warmed page asked
// right after computes nothing more.
on_both!(multi the_warm_up_computes_the_public_pages_figures);
async fn the_warm_up_computes_the_public_pages_figures(t: support::TestDb) {
    use tower::ServiceExt;
    server::demo::load_if_empty(&t.conn, &|_| {}).await.unwrap();
    let n = &t.name;
    let state = support::state(
        t.conn.clone(),
        app::server::state::Settings::for_url("http://127.0.0.1:3000"),
    );
    let paths = server::http::warm::paths(&state).await;
    assert!(
        paths.iter().any(|p| p == "/authorities/inm"),
        "{n}: {paths:?}"
    );
    assert!(paths.iter().any(|p| p == "/bodies/consejo-tijuana"), "{n}");
    let ok = server::http::warm::warm(state.clone()).await;
    assert_eq!(ok, paths.len(), "{n}: every warmed page answered");
    let computed = state.figures.counts.computed.get();
    assert!(computed > 0, "{n}");
    let last = paths.last().unwrap();
    let resp = server::http::router(state.clone())
        .oneshot(
            axum::http::Request::get(last.as_str())
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "{n}");
    let _ = axum::body::to_bytes(resp.into_body(), usize::MAX).await;
    assert_eq!(
        state.figures.counts.computed.get(),
        computed,
        "{n}: {last} found its figures computed"
    );
}

/// A computation that says it has begun (its `data_version` read), waits
/// for the test's go, then answers `n`.
type Figures = std::pin::Pin<
    Box<dyn std::future::Future<Output = Result<i64, app::server::error::ServiceError>> + Send>,
>;

fn gated(
    n: i64,
    begun: tokio::sync::oneshot::Sender<()>,
    go: tokio::sync::oneshot::Receiver<()>,
) -> impl FnOnce(sea_orm::DatabaseConnection, chrono::DateTime<chrono::Utc>) -> Figures {
    move |_, _| {
        Box::pin(async move {
            let _ = begun.send(());
            let _ = go.await;
            Ok(n)
        })
    }
}

async fn answer(n: i64) -> Result<i64, app::server::error::ServiceError> {
    Ok(n)
}

// No reader waits for a refresh: figures "now" past their freshness are
// served at once while a background task computes them again, to every
// request until it is done; a request after a write waits for figures with
// it, even while a refresh of the older data is under way.
on_both!(multi stale_figures_are_served_while_they_are_computed_again);
async fn stale_figures_are_served_while_they_are_computed_again(t: support::TestDb) {
    use app::server::services::metrics::cache::{At, FiguresCache};
    use std::sync::Arc;
    use std::time::Duration;
    let (db, n) = (&t.conn, &t.name);
    let cache = Arc::new(FiguresCache::with_fresh(Duration::from_millis(20)));
    let got = cache.get(db, "k", At::Now, |_, _| answer(1)).await.unwrap();
    assert_eq!(*got, 1, "{n}");
    tokio::time::sleep(Duration::from_millis(60)).await;

    // Expired: 1 at once, though the refresh has not been let go.
    let (go, gate) = tokio::sync::oneshot::channel();
    let (began, begun) = tokio::sync::oneshot::channel();
    let got = cache
        .get(db, "k", At::Now, gated(2, began, gate))
        .await
        .unwrap();
    assert_eq!(*got, 1, "{n}: served without waiting for the refresh");
    // Meanwhile, the same data: 1 again, nothing computed twice.
    let got = cache
        .get(db, "k", At::Now, |_, _| answer(99))
        .await
        .unwrap();
    assert_eq!(*got, 1, "{n}: the refresh under way reads these data");
    begun.await.unwrap();
    go.send(()).unwrap();
    let mut waited = 0;
    while cache.counts.computed.get() < 2 {
        assert!(waited < 500, "{n}: the background refresh never finished");
        tokio::time::sleep(Duration::from_millis(10)).await;
        waited += 1;
    }
    let got = cache
        .get(db, "k", At::Now, |_, _| answer(99))
        .await
        .unwrap();
    assert_eq!(*got, 2, "{n}: the refreshed figures");

    // A refresh under way, then a write: the next request waits for
    // figures computed after it. Figures stay fresh 20 times what they cost
    // (`cache::usable`), and the gated refresh above cost as long as this
    // test held it (on a loaded machine, more than the 3 ms that 60 ms of
    // waiting outlasts): so figures of their own, computed at no cost.
    let got = cache
        .get(db, "k2", At::Now, |_, _| answer(2))
        .await
        .unwrap();
    assert_eq!(*got, 2, "{n}");
    tokio::time::sleep(Duration::from_millis(60)).await;
    let (go, gate) = tokio::sync::oneshot::channel();
    let (began, begun) = tokio::sync::oneshot::channel();
    let got = cache
        .get(db, "k2", At::Now, gated(3, began, gate))
        .await
        .unwrap();
    assert_eq!(*got, 2, "{n}");
    // The refresh has read the data version before the write.
    begun.await.unwrap();
    let v = data_version(db).await.unwrap();
    db.execute_unprepared("UPDATE data_version SET version = version + 1 WHERE id = 1")
        .await
        .unwrap();
    assert!(data_version(db).await.unwrap() > v, "{n}");
    let after = {
        let cache = cache.clone();
        let db = db.clone();
        tokio::spawn(async move { cache.get(&db, "k2", At::Now, |_, _| answer(4)).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        !after.is_finished(),
        "{n}: the request after the write waits"
    );
    go.send(()).unwrap();
    assert_eq!(
        *after.await.unwrap().unwrap(),
        4,
        "{n}: computed after the write"
    );
    let got = cache
        .get(db, "k2", At::Now, |_, _| answer(99))
        .await
        .unwrap();
    assert_eq!(*got, 4, "{n}");
}

// Past its capacity the cache lets go of the figures asked for least
// recently, not of everything: a reader asking for many distinct instants
// or lists does not make the pages everyone reads compute theirs again.
on_both!(the_figures_asked_least_recently_go_first);
async fn the_figures_asked_least_recently_go_first(t: support::TestDb) {
    use app::server::services::metrics::cache::{At, FiguresCache};
    use std::sync::Arc;
    use std::time::Duration;
    let (db, n) = (&t.conn, &t.name);
    let cache = Arc::new(FiguresCache::with_capacity(Duration::from_secs(600), 8));
    // The value tells which computation made it: a kept entry keeps it.
    let ask = |key: String, made: i64| {
        let cache = cache.clone();
        async move {
            *cache
                .get(db, &key, At::Now, move |_, _| answer(made))
                .await
                .unwrap()
        }
    };
    assert_eq!(ask("read by all".into(), 1).await, 1, "{n}");
    for i in 0..8 {
        assert_eq!(ask(format!("once {i}"), 10 + i).await, 10 + i, "{n}");
        assert_eq!(ask("read by all".into(), 2).await, 1, "{n}: kept");
    }
    // Nine keys in eight places: "once 0", asked least recently, went.
    assert_eq!(ask("once 7".into(), 3).await, 17, "{n}: kept");
    assert_eq!(ask("once 0".into(), 4).await, 4, "{n}: computed again");
    assert_eq!(ask("read by all".into(), 5).await, 1, "{n}: still kept");
}

/// Waits until figures `key` are kept in the database (they are written
/// in the background after their computation).
async fn kept_in_the_database(db: &sea_orm::DatabaseConnection, key: &str, n: &str) {
    let mut waited = 0;
    while app::server::services::metrics::kept::read(db, key)
        .await
        .unwrap()
        .is_none()
    {
        assert!(waited < 500, "{n}: the figures were never kept");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        waited += 1;
    }
}

// Past about its bytes the cache lets go of the figures asked least
// recently (each counted as its JSON's length), and figures kept in the
// database come back from there when asked again, not computed: at a
// million referrals each authority's dashboard is a megabyte.
on_both!(the_figures_held_stay_within_their_bytes);
async fn the_figures_held_stay_within_their_bytes(t: support::TestDb) {
    use app::server::services::metrics::cache::{At, FiguresCache};
    use std::sync::Arc;
    use std::time::Duration;
    let (db, n) = (&t.conn, &t.name);
    let cache = Arc::new(
        FiguresCache::with_fresh(Duration::from_secs(600))
            .lagging_after(Some(Duration::ZERO))
            .holding(250),
    );
    // A string of 100 letters is 102 bytes of JSON.
    let ask = |key: &'static str, letter: char| {
        let cache = cache.clone();
        async move {
            cache
                .get_lagging(db, key, At::Now, move |_, _| async move {
                    Ok(letter.to_string().repeat(100))
                })
                .await
                .unwrap()
                .chars()
                .next()
        }
    };
    assert_eq!(ask("a", 'a').await, Some('a'), "{n}");
    assert_eq!(ask("b", 'b').await, Some('b'), "{n}");
    assert_eq!(cache.held(), (2, 204), "{n}: two within 250 bytes");
    // Kept in the database (slow figures, written in the background).
    kept_in_the_database(db, "a@now", n).await;
    assert_eq!(ask("c", 'c').await, Some('c'), "{n}");
    assert_eq!(cache.held(), (2, 204), "{n}: the third made the first go");
    assert_eq!(ask("b", 'x').await, Some('b'), "{n}: b is still held");
    // "a" went, and comes back from the database as it was.
    assert_eq!(ask("a", 'x').await, Some('a'), "{n}: a, read back");
    assert_eq!(cache.counts.restored.get(), 1, "{n}");
    assert_eq!(cache.held().0, 2, "{n}: c, asked least recently, went");
}

// After a write, figures that are slow to compute (`lagging_after`; here
// every figure, the threshold being zero) are served from before the write
// while one background task computes them again; the page cache replays a
// response made from them only until then, and the next readers get the
// new figures as soon as they are there. Figures below the threshold, and a
// list's total (`get`), are still waited for.
on_both!(multi slow_figures_are_served_from_before_a_write_while_computed_again);
async fn slow_figures_are_served_from_before_a_write_while_computed_again(t: support::TestDb) {
    use app::server::services::metrics::cache::{At, FiguresCache};
    use std::sync::Arc;
    use std::time::Duration;
    let (db, n) = (&t.conn, &t.name);
    let write = || async {
        db.execute_unprepared("UPDATE data_version SET version = version + 1 WHERE id = 1")
            .await
            .unwrap();
    };
    let cache = Arc::new(
        FiguresCache::with_fresh(Duration::from_secs(600)).lagging_after(Some(Duration::ZERO)),
    );
    let got = cache
        .get_lagging(db, "k", At::Now, |_, _| answer(1))
        .await
        .unwrap();
    assert_eq!(*got, 1, "{n}");
    write().await;
    let (go, gate) = tokio::sync::oneshot::channel();
    let (began, begun) = tokio::sync::oneshot::channel();
    let got = cache
        .get_lagging(db, "k", At::Now, gated(2, began, gate))
        .await
        .unwrap();
    assert_eq!(*got, 1, "{n}: from before the write, without waiting");
    assert_eq!(cache.lagged(), 1, "{n}");
    begun.await.unwrap();
    // While it is computed: the same, nothing computed twice.
    let got = cache
        .get_lagging(db, "k", At::Now, |_, _| answer(99))
        .await
        .unwrap();
    assert_eq!(*got, 1, "{n}");
    assert_eq!(cache.lagged(), 2, "{n}");
    go.send(()).unwrap();
    let mut waited = 0;
    while cache.counts.computed.get() < 2 {
        assert!(waited < 500, "{n}: the computation never finished");
        tokio::time::sleep(Duration::from_millis(10)).await;
        waited += 1;
    }
    let got = cache
        .get_lagging(db, "k", At::Now, |_, _| answer(99))
        .await
        .unwrap();
    assert_eq!(*got, 2, "{n}: the figures with the write");
    assert_eq!(cache.lagged(), 2, "{n}: current, not lagging");
    // A total (`get`) is never served from before a write.
    let got = cache.get(db, "t", At::Now, |_, _| answer(1)).await.unwrap();
    assert_eq!(*got, 1, "{n}");
    write().await;
    let got = cache.get(db, "t", At::Now, |_, _| answer(3)).await.unwrap();
    assert_eq!(*got, 3, "{n}: a total waits for the write");
    // Figures quicker than the threshold are waited for.
    let quick = Arc::new(
        FiguresCache::with_fresh(Duration::from_secs(600))
            .lagging_after(Some(Duration::from_secs(3600))),
    );
    let got = quick
        .get_lagging(db, "k", At::Now, |_, _| answer(1))
        .await
        .unwrap();
    assert_eq!(*got, 1, "{n}");
    write().await;
    let got = quick
        .get_lagging(db, "k", At::Now, |_, _| answer(5))
        .await
        .unwrap();
    assert_eq!(*got, 5, "{n}: quick figures are computed for the reader");
    assert_eq!(quick.lagged(), 0, "{n}");

    // Kept in the database: a new process (a new cache) serves them at
    // once, exact while nothing was written, and after a write as figures
    // from before it while it computes them again.
    let first = Arc::new(
        FiguresCache::with_fresh(Duration::from_secs(600)).lagging_after(Some(Duration::ZERO)),
    );
    let got = first
        .get_lagging(db, "r", At::Now, |_, _| answer(7))
        .await
        .unwrap();
    assert_eq!(*got, 7, "{n}");
    kept_in_the_database(db, "r@now", n).await;
    let restarted = Arc::new(
        FiguresCache::with_fresh(Duration::from_secs(600)).lagging_after(Some(Duration::ZERO)),
    );
    let got = restarted
        .get_lagging(db, "r", At::Now, |_, _| answer(99))
        .await
        .unwrap();
    assert_eq!(*got, 7, "{n}: the kept figures, exact");
    assert_eq!(restarted.counts.restored.get(), 1, "{n}");
    assert_eq!(restarted.counts.computed.get(), 0, "{n}");
    write().await;
    let again = Arc::new(
        FiguresCache::with_fresh(Duration::from_secs(600)).lagging_after(Some(Duration::ZERO)),
    );
    let (go, gate) = tokio::sync::oneshot::channel();
    let (began, begun) = tokio::sync::oneshot::channel();
    let got = again
        .get_lagging(db, "r", At::Now, gated(8, began, gate))
        .await
        .unwrap();
    assert_eq!(*got, 7, "{n}: from before the write, at once");
    assert_eq!(again.lagged(), 1, "{n}");
    begun.await.unwrap();
    go.send(()).unwrap();
    let mut waited = 0;
    while again.counts.computed.get() < 1 {
        assert!(waited < 500, "{n}: the computation never finished");
        tokio::time::sleep(Duration::from_millis(10)).await;
        waited += 1;
    }
    let got = again
        .get_lagging(db, "r", At::Now, |_, _| answer(99))
        .await
        .unwrap();
    assert_eq!(*got, 8, "{n}: computed after the write");

    // Through HTTP: the metrics API after an attendance change.
    let start = (chrono::Utc::now() - chrono::Duration::days(10)).to_rfc3339();
    dataset::import(
        db,
        &DOC.replace("START", &start),
        Default::default(),
        &|_| {},
    )
    .await
    .expect("import");
    let base =
        support::serve_with(db.clone(), |s| s.figures_lag_after = Some(Duration::ZERO)).await;
    let c = client();
    let api = format!("{base}/api/v1/bodies/b/metrics");
    let (_, before) = cache_header(&c, &api, None).await;
    let before: Value = serde_json::from_str(&before).unwrap();
    assert_eq!(before["meetings"]["attendance_rate"], 0.0, "{n}: {before}");
    db.execute_unprepared("UPDATE attendance SET status = 'present'")
        .await
        .unwrap();
    let (_, lagging) = cache_header(&c, &api, None).await;
    let lagging: Value = serde_json::from_str(&lagging).unwrap();
    assert_eq!(lagging, before, "{n}: from before the write");
    // Asked again until the new figures are there: an answer from before
    // the write may be replayed only until they are computed.
    let mut tries = 0;
    let after = loop {
        let (hit, body) = cache_header(&c, &api, None).await;
        let v: Value = serde_json::from_str(&body).unwrap();
        if v["meetings"]["attendance_rate"] == 1.0 {
            break hit;
        }
        assert!(tries < 500, "{n}: the new figures never came");
        tries += 1;
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    assert_eq!(after.as_deref(), Some("miss"), "{n}: rendered with them");
    let (kept, _) = cache_header(&c, &api, None).await;
    assert_eq!(
        kept.as_deref(),
        Some("hit"),
        "{n}: the new figures are kept"
    );
}

/// Figures computed again while readers are served the previous ones run
/// on the background thread, at its lower priority, with its own
/// connections (`metrics::background`); the first, waited for, does not.
/// A SQLite file only: PostgreSQL and in-memory databases have none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn figures_computed_again_run_on_the_background_thread() {
    use app::server::services::metrics::background::{niceness, Background};
    use app::server::services::metrics::cache::{At, FiguresCache};
    use std::sync::Arc;
    use std::time::Duration;
    type Ran = (Option<String>, i32, i64);
    assert!(Background::start("sqlite::memory:", 10)
        .await
        .unwrap()
        .is_none());
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("v.db").display());
    let db = app::server::db::connect_and_migrate(&url).await.unwrap();
    let background = Background::start(&url, 10).await.unwrap();
    assert!(background.is_some(), "a SQLite file has a background");
    let cache = Arc::new(
        FiguresCache::with_fresh(Duration::from_secs(600))
            .lagging_after(Some(Duration::ZERO))
            .computing_in(background),
    );
    // Where it ran, and what it read through the connection it was given.
    let ran = |db: sea_orm::DatabaseConnection, _| async move {
        let version = data_version(&db).await?;
        let thread = std::thread::current().name().map(str::to_string);
        Ok::<Ran, app::server::error::ServiceError>((thread, niceness(), version))
    };
    let first = cache.get_lagging(&db, "k", At::Now, ran).await.unwrap();
    assert_ne!(
        first.0.as_deref(),
        Some("figures"),
        "the first is the reader's"
    );
    db.execute_unprepared("UPDATE data_version SET version = version + 1 WHERE id = 1")
        .await
        .unwrap();
    let lagging = cache.get_lagging(&db, "k", At::Now, ran).await.unwrap();
    assert_eq!(lagging, first, "served from before the write");
    let mut waited = 0;
    while cache.counts.computed.get() < 2 {
        assert!(waited < 500, "the background computation never finished");
        tokio::time::sleep(Duration::from_millis(10)).await;
        waited += 1;
    }
    let again = cache.get_lagging(&db, "k", At::Now, ran).await.unwrap();
    assert_eq!(again.0.as_deref(), Some("figures"), "{again:?}");
    assert_eq!(again.1, 10, "at the background's priority");
    assert_eq!(again.2, first.2 + 1, "it read the write");
}
