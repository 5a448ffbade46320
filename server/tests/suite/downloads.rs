//! The bulk downloads as files: the same rows as the services give, built
//! once per data version (a second request reuses the file, a write makes
//! a new one), validators and ranges as a static file, the gzipped twin,
//! and 429 with Retry-After when no build slot is free. The national
//! calendar is one of them.
use crate::support;

use app::domain::metrics::instants::parse_as_of;
use app::server::services::accounts::SiteUrl;
use app::server::services::downloads::Kind;
use reqwest::header::{
    ACCEPT_ENCODING, CONTENT_DISPOSITION, CONTENT_ENCODING, CONTENT_RANGE, ETAG, IF_NONE_MATCH,
    LAST_MODIFIED, RANGE, RETRY_AFTER,
};
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use std::io::Read;

fn header(r: &reqwest::Response, name: reqwest::header::HeaderName) -> String {
    r.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// `GET url` with `headers`.
async fn get(
    c: &reqwest::Client,
    url: impl reqwest::IntoUrl,
    headers: &[(reqwest::header::HeaderName, &str)],
) -> reqwest::Response {
    let mut req = c.get(url);
    for (name, value) in headers {
        req = req.header(name, *value);
    }
    req.send().await.unwrap()
}

/// The demo data served: its address, the site's links as the server
/// makes them, and a client.
async fn serve_demo(db: &sea_orm::DatabaseConnection) -> (String, SiteUrl, reqwest::Client) {
    server::demo::load_if_empty(db, &|_| {}).await.unwrap();
    let base = support::serve(db.clone()).await;
    let site = SiteUrl::new(&base);
    (base, site, support::client())
}

on_both!(downloads_are_files_built_once_per_data_version);
async fn downloads_are_files_built_once_per_data_version(t: support::TestDb) {
    let (db, n) = (&t.conn, &t.name);
    let (base, site, c) = serve_demo(db).await;
    let url = format!("{base}/api/v1/referrals.csv?as_of=2026-06-30");
    let at = parse_as_of("2026-06-30").unwrap();

    // The same rows as the service's, whole, named by the date.
    let r = get(&c, &url, &[]).await;
    assert_eq!(r.status(), StatusCode::OK, "{n}");
    assert!(
        header(&r, CONTENT_DISPOSITION).contains("remisiones-2026-06-30.csv"),
        "{n}"
    );
    assert!(
        header(&r, reqwest::header::CONTENT_TYPE).starts_with("text/csv"),
        "{n}"
    );
    assert_eq!(header(&r, reqwest::header::ACCEPT_RANGES), "bytes", "{n}");
    assert!(!header(&r, LAST_MODIFIED).is_empty(), "{n}");
    let etag = header(&r, ETAG);
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{n}: {etag}");
    let whole = r.text().await.unwrap();
    assert_eq!(
        whole,
        Kind::Referrals.text(db, &site, at).await.unwrap(),
        "{n}"
    );
    assert!(whole.lines().count() > 100, "{n}");

    // Asked again: the same file (same tag), or nothing at all (304).
    let again = get(&c, &url, &[]).await;
    assert_eq!(header(&again, ETAG), etag, "{n}: built once");
    let r = get(&c, &url, &[(IF_NONE_MATCH, &etag)]).await;
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED, "{n}");
    assert_eq!(header(&r, ETAG), etag, "{n}");

    // A range of it, as a resumed download asks.
    let r = get(&c, &url, &[(RANGE, "bytes=100-199")]).await;
    assert_eq!(r.status(), StatusCode::PARTIAL_CONTENT, "{n}");
    assert_eq!(
        header(&r, CONTENT_RANGE),
        format!("bytes 100-199/{}", whole.len()),
        "{n}"
    );
    assert_eq!(r.bytes().await.unwrap(), whole.as_bytes()[100..200], "{n}");

    // The gzipped twin to a client that takes gzip, with its own tag.
    let r = get(&c, &url, &[(ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(header(&r, CONTENT_ENCODING), "gzip", "{n}");
    assert_ne!(header(&r, ETAG), etag, "{n}: a tag names bytes");
    let zipped = r.bytes().await.unwrap();
    assert!(zipped.len() * 3 < whole.len(), "{n}: compressed");
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(&zipped[..])
        .read_to_string(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, whole, "{n}");

    // With a byte order mark: another file.
    let bom = get(&c, format!("{url}&bom=1"), &[]).await;
    assert_ne!(header(&bom, ETAG), etag, "{n}");
    let bytes = bom.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "{n}");
    assert_eq!(&bytes[3..], whole.as_bytes(), "{n}");

    // A write (here behind the server's back) makes a new file.
    db.execute_unprepared(
        "UPDATE demands SET title = 'Título cambiado' WHERE id = (SELECT MIN(id) FROM demands)",
    )
    .await
    .unwrap();
    let r = get(&c, &url, &[(IF_NONE_MATCH, &etag)]).await;
    assert_eq!(r.status(), StatusCode::OK, "{n}: the old tag is stale");
    assert_ne!(header(&r, ETAG), etag, "{n}");
    let now = r.text().await.unwrap();
    assert_eq!(
        now,
        Kind::Referrals.text(db, &site, at).await.unwrap(),
        "{n}"
    );

    // Every download, now and at a date, and HEAD.
    for (path, stem) in [
        ("demands.csv", "demandas"),
        ("bodies.csv", "consejos"),
        ("authorities.csv", "autoridades"),
        ("referrals.csv", "remisiones"),
    ] {
        let r = get(&c, format!("{base}/api/v1/{path}"), &[]).await;
        assert_eq!(r.status(), StatusCode::OK, "{n}: {path}");
        let today = chrono::Utc::now().date_naive();
        assert!(
            header(&r, CONTENT_DISPOSITION).contains(&format!("{stem}-{today}.csv")),
            "{n}: {path}"
        );
        let r = c
            .head(format!("{base}/api/v1/{path}?as_of=2026-01-01"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{n}: HEAD {path}");
    }
    let r = get(
        &c,
        format!("{base}/api/v1/bodies.csv?as_of=2026-06-30"),
        &[],
    )
    .await;
    assert_eq!(
        r.text().await.unwrap(),
        Kind::Bodies.text(db, &site, at).await.unwrap(),
        "{n}"
    );
    let r = get(&c, format!("{base}/api/v1/demands.csv?as_of=bad"), &[]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{n}");
}

on_both!(the_national_calendar_is_a_file_built_once_per_data_version);
async fn the_national_calendar_is_a_file_built_once_per_data_version(t: support::TestDb) {
    let (db, n) = (&t.conn, &t.name);
    let (base, site, c) = serve_demo(db).await;
    let url = format!("{base}/calendar.ics");

    let r = get(&c, &url, &[]).await;
    assert_eq!(r.status(), StatusCode::OK, "{n}");
    assert!(
        header(&r, reqwest::header::CONTENT_TYPE).starts_with("text/calendar"),
        "{n}"
    );
    assert_eq!(
        header(&r, CONTENT_DISPOSITION),
        "inline; filename=\"voces.ics\"",
        "{n}"
    );
    let etag = header(&r, ETAG);
    let whole = r.text().await.unwrap();
    let now = chrono::Utc::now();
    assert_eq!(
        whole,
        Kind::Calendar.text(db, &site, now).await.unwrap(),
        "{n}"
    );
    assert!(whole.matches("BEGIN:VEVENT").count() > 10, "{n}");

    // Asked again by a calendar program: the same file, or 304.
    assert_eq!(header(&get(&c, &url, &[]).await, ETAG), etag, "{n}");
    let r = get(&c, &url, &[(IF_NONE_MATCH, &etag)]).await;
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED, "{n}");
    let r = get(&c, &url, &[(ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(header(&r, CONTENT_ENCODING), "gzip", "{n}");
    let mut unzipped = String::new();
    flate2::read::GzDecoder::new(&r.bytes().await.unwrap()[..])
        .read_to_string(&mut unzipped)
        .unwrap();
    assert_eq!(unzipped, whole, "{n}");

    // A meeting renamed behind the server's back: in the next request.
    db.execute_unprepared(
        "UPDATE meetings SET title = 'Sesión renombrada' WHERE id = (SELECT MIN(id) FROM meetings)",
    )
    .await
    .unwrap();
    let r = get(&c, &url, &[(IF_NONE_MATCH, &etag)]).await;
    assert_eq!(r.status(), StatusCode::OK, "{n}: the old tag is stale");
    let text = r.text().await.unwrap();
    assert!(text.contains("Sesión renombrada"), "{n}");
    assert_eq!(
        text,
        Kind::Calendar.text(db, &site, now).await.unwrap(),
        "{n}"
    );
}

on_both!(no_free_build_slot_is_429_with_retry_after);
async fn no_free_build_slot_is_429_with_retry_after(t: support::TestDb) {
    server::demo::load_if_empty(&t.conn, &|_| {}).await.unwrap();
    let n = &t.name;
    let base = support::serve_with(t.conn.clone(), |s| s.download_builds = 0).await;
    let c = support::client();
    let r = get(&c, format!("{base}/api/v1/referrals.csv"), &[]).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "{n}");
    let wait: u64 = header(&r, RETRY_AFTER).parse().unwrap();
    assert!((1..=120).contains(&wait), "{n}: {wait}");
    let body: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(body["error"]["code"], "busy", "{n}");
}

on_both!(a_lists_download_is_a_file_per_filter_for_the_public);
async fn a_lists_download_is_a_file_per_filter_for_the_public(t: support::TestDb) {
    use app::domain::demands::DemandFilter;
    use app::server::services::demands;
    use app::server::services::downloads::CsvStream;
    let (db, n) = (&t.conn, &t.name);
    let (base, _site, c) = serve_demo(db).await;
    let filter = DemandFilter {
        body: "consejo-tijuana".into(),
        as_of: "2026-06-30".into(),
        ..Default::default()
    };
    let url = format!("{base}/demands.csv?body=consejo-tijuana&as_of=2026-06-30");
    let now = chrono::Utc::now();

    // The rows the service writes, read a batch at a time, named by the
    // day it was made.
    let r = get(&c, &url, &[]).await;
    assert_eq!(r.status(), StatusCode::OK, "{n}");
    assert!(
        header(&r, CONTENT_DISPOSITION).contains(&format!(
            "attachment; filename=\"demandas-lista-{}.csv\"",
            now.date_naive()
        )),
        "{n}: {}",
        header(&r, CONTENT_DISPOSITION)
    );
    let etag = header(&r, ETAG);
    let whole = r.text().await.unwrap();
    let mut expected = CsvStream::in_memory();
    demands::write_csv(db, None, &filter, now, &mut expected)
        .await
        .unwrap();
    assert_eq!(whole, expected.into_string().unwrap(), "{n}");

    // Every demand of the list, as many as its pages count.
    let list = demands::list(
        db,
        None,
        &DemandFilter {
            page: 1,
            ..filter.clone()
        },
        now,
    )
    .await
    .unwrap();
    let mut rows = csv::Reader::from_reader(whole.as_bytes());
    let keys: std::collections::BTreeSet<String> =
        rows.records().map(|r| r.unwrap()[1].to_string()).collect();
    assert!(list.total > 1, "{n}: {}", list.total);
    assert_eq!(keys.len() as u64, list.total, "{n}");

    // Built once: the same file again, 304 on its tag, its gzipped twin.
    assert_eq!(header(&get(&c, &url, &[]).await, ETAG), etag, "{n}");
    let r = get(&c, &url, &[(IF_NONE_MATCH, &etag)]).await;
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED, "{n}");
    let r = get(&c, &url, &[(ACCEPT_ENCODING, "gzip")]).await;
    assert_eq!(header(&r, CONTENT_ENCODING), "gzip", "{n}");

    // Other filters, another file; the page and its cursors are not filters.
    let other = get(&c, format!("{url}&topic=health"), &[]).await;
    assert_eq!(other.status(), StatusCode::OK, "{n}");
    assert_ne!(header(&other, ETAG), etag, "{n}");
    let paged = get(&c, format!("{url}&page=3&after=x~y"), &[]).await;
    assert_eq!(header(&paged, ETAG), etag, "{n}");

    // The same list as JSON, shown where it is: every demand, its total.
    let r = get(
        &c,
        format!("{base}/demands.json?body=consejo-tijuana&as_of=2026-06-30"),
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK, "{n}");
    assert!(
        header(&r, reqwest::header::CONTENT_TYPE).starts_with("application/json"),
        "{n}"
    );
    assert!(header(&r, CONTENT_DISPOSITION).starts_with("inline"), "{n}");
    let v: serde_json::Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(v["total"].as_u64(), Some(list.total), "{n}");
    let listed: std::collections::BTreeSet<String> = v["demands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(listed, keys, "{n}");

    // A filter that names nothing: refused in the reader's language.
    let r = get(
        &c,
        format!("{base}/demands.csv?topic=nope"),
        &[(reqwest::header::ACCEPT_LANGUAGE, "en")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{n}");
    assert!(r.text().await.unwrap().contains("topic"), "{n}");

    // A write makes a new file.
    db.execute_unprepared(
        "UPDATE demands SET title = 'Título cambiado' WHERE id = (SELECT MIN(id) FROM demands)",
    )
    .await
    .unwrap();
    let r = get(&c, &url, &[(IF_NONE_MATCH, &etag)]).await;
    assert_eq!(r.status(), StatusCode::OK, "{n}: the old tag is stale");
}
