//! Atom and JSON feeds, read by an independent parser (PyPI feedparser):
//! RFC 4287's required elements, the newest demands of a list in the list's
//! order, the feed's `updated` the newest entry's, a demand's thread entry
//! by entry, and nothing a public page would not show.
use crate::support;

use reqwest::{header, StatusCode};
use serde_json::Value;

/// The parser's reading of an Atom document (problems listed).
fn parsed(atom: &str) -> Value {
    use std::io::Write;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/feeds/check.py");
    let mut child = std::process::Command::new("python3")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(atom.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "check.py failed (make tool-python installs feedparser): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

on_both!(feeds_list_the_newest_public_items_and_parse);
async fn feeds_list_the_newest_public_items_and_parse(t: support::TestDb) {
    server::demo::load_if_empty(&t.conn, &|_| {}).await.unwrap();
    let base = support::serve(t.conn.clone()).await;
    let c = support::client();
    let get = |path: String| {
        let c = c.clone();
        let base = base.clone();
        async move { c.get(format!("{base}{path}")).send().await.unwrap() }
    };

    // The demands list's feed: newest first, as the public list orders them.
    let r = get("/demands.atom".into()).await;
    assert_eq!(r.status(), StatusCode::OK, "{}", t.name);
    assert_eq!(
        r.headers()[header::CONTENT_TYPE],
        "application/atom+xml; charset=utf-8"
    );
    let feed = parsed(&r.text().await.unwrap());
    assert_eq!(feed["problems"], serde_json::json!([]), "{feed}");
    let list: Value = get("/api/v1/demands?page=1".into())
        .await
        .text()
        .await
        .map(|t| serde_json::from_str::<Value>(&t).unwrap())
        .unwrap();
    let titles: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    let entries: Vec<&str> = feed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(entries, titles[..entries.len()], "{}", t.name);
    assert_eq!(entries.len(), titles.len().min(25));
    let newest = feed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["updated"].as_str().unwrap().to_string())
        .max()
        .unwrap();
    assert_eq!(feed["updated"].as_str().unwrap(), newest);

    // A body's, an authority's, a filtered list's: the same parser, the
    // same rules; an unknown one is 404, a bad filter 400.
    for path in [
        "/feed.atom",
        "/bodies/consejo-cdmx/feed.atom",
        "/authorities/inm/feed.atom",
        "/demands.atom?topic=asylum&q=visa",
    ] {
        let r = get(path.into()).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let feed = parsed(&r.text().await.unwrap());
        assert_eq!(feed["problems"], serde_json::json!([]), "{path}: {feed}");
        let ids: Vec<&str> = feed["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap())
            .collect();
        // A body's and an authority's feeds carry the answers; a body's
        // its meetings too.
        if !path.starts_with("/demands") {
            assert!(
                ids.iter().any(|id| id.contains("#event-")),
                "{path}: {ids:?}"
            );
        }
        if path.starts_with("/bodies") || path == "/feed.atom" {
            assert!(
                ids.iter().any(|id| id.contains("/meetings/")),
                "{path}: {ids:?}"
            );
        }
    }
    assert_eq!(
        get("/bodies/no-such/feed.atom".into()).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get("/authorities/no-such/feed.json".into()).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get("/demands.atom?topic=nonsense".into()).await.status(),
        StatusCode::BAD_REQUEST
    );

    // The JSON twin.
    let json: Value = get("/bodies/consejo-cdmx/feed.json".into())
        .await
        .text()
        .await
        .map(|t| serde_json::from_str::<Value>(&t).unwrap())
        .unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert!(json["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["id"].is_string() && i["date_modified"].is_string()));

    // One demand's thread: the demand, then its timeline, newest first.
    let d = app::server::services::demands::view(
        &t.conn,
        None,
        "consejo-cdmx",
        "2025-001",
        chrono::Utc::now(),
    )
    .await
    .unwrap()
    .expect("a public demand");
    let events: usize = d.referrals.iter().map(|r| r.timeline.len()).sum();
    assert!(events > 0, "the sample demand has answers");
    let r = get("/bodies/consejo-cdmx/demands/2025-001/feed.atom".into()).await;
    assert_eq!(r.status(), StatusCode::OK);
    let feed = parsed(&r.text().await.unwrap());
    assert_eq!(feed["problems"], serde_json::json!([]), "{feed}");
    assert_eq!(
        feed["entries"].as_array().unwrap().len(),
        events + 1,
        "{feed}"
    );
    assert_eq!(
        get("/bodies/consejo-cdmx/demands/no-such/feed.atom".into())
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

// A shared link shows the page's title and its headline figure in words,
// with the page's absolute address; only public pages get one.
on_both!(link_previews_carry_the_page_and_its_figure);
async fn link_previews_carry_the_page_and_its_figure(t: support::TestDb) {
    server::demo::load_if_empty(&t.conn, &|_| {}).await.unwrap();
    let base = support::serve(t.conn.clone()).await;
    let c = support::client();
    let page = |path: &'static str| {
        let (c, base) = (c.clone(), base.clone());
        async move {
            c.get(format!("{base}{path}"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let meta = |html: &str, key: &str| -> Option<String> {
        let at = html.find(&format!("=\"{key}\" content=\""))?;
        let rest = &html[at + key.len() + 13..];
        Some(rest[..rest.find('"')?].to_string())
    };
    let body = page("/bodies/consejo-tijuana").await;
    assert_eq!(
        meta(&body, "og:url").as_deref(),
        Some(format!("{base}/bodies/consejo-tijuana").as_str()),
        "{}",
        t.name
    );
    assert!(meta(&body, "og:title").unwrap().contains("Tijuana"));
    let description = meta(&body, "og:description").unwrap();
    assert!(
        description.contains("Integrantes en funciones"),
        "{description}"
    );
    // The figure as an image: a 1200×630 PNG at an absolute address.
    assert_eq!(
        meta(&body, "twitter:card").as_deref(),
        Some("summary_large_image")
    );
    assert_eq!(
        meta(&body, "og:image").as_deref(),
        Some(format!("{base}/bodies/consejo-tijuana/card.png").as_str())
    );
    let authority = page("/authorities/inm").await;
    assert!(meta(&authority, "og:description")
        .unwrap()
        .contains("Cifras al"));
    let demand = page("/bodies/consejo-cdmx/demands/2025-001").await;
    assert!(meta(&demand, "og:title").is_some());
    assert_eq!(meta(&demand, "twitter:card").as_deref(), Some("summary"));
    for path in [
        meta(&body, "og:image").unwrap(),
        meta(&authority, "og:image").unwrap(),
    ] {
        let r = c.get(&path).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(r.headers()[reqwest::header::CONTENT_TYPE], "image/png");
        let png = r.bytes().await.unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{path}");
        let size = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
        assert_eq!((size(16), size(20)), (1200, 630), "{path}");
        // Drawn, not blank: a figure and its words make a PNG of some size.
        assert!(png.len() > 10_000, "{path}: {} bytes", png.len());
    }
    // Nothing for what the public may not see, or what is not there.
    for path in ["/bodies/nadie/card.png", "/authorities/nadie/card.png"] {
        let r = c.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
}
