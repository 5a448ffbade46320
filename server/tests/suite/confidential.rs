//! Private stays private, checked from the outside: markers are seeded into
//! every private field — a confidential demand's text and every entry of
//! its thread (event texts, the clarification question and reply, the
//! evidence link, the verdict note), a member's e-mail and a member's name
//! kept private, a region only one seat holder comes from, minutes not yet
//! published — and every route is crawled as
//! every reader who may not read them: anonymously, as an official of an
//! authority the demand is not addressed to, and as a representative of
//! another body. The crawl starts from every page of the route table and
//! every operation of the OpenAPI document and follows every link, so a new
//! route is crawled as soon as anything links to it. No marker may appear.
//! The allowed readers (the addressed official, the body's representative
//! and secretary, an administrator) do see the demand's markers.
use crate::support;

use app::server::services::dataset;
use reqwest::{header, Client, StatusCode};
use std::collections::{BTreeSet, VecDeque};

/// The confidential demand's text and thread.
const DEMAND_MARKERS: [&str; 7] = [
    "SECRET-TEXT-7f3a",
    "SECRET-ACK-19c2",
    "SECRET-QUESTION-4b8e",
    "SECRET-REPLY-a51d",
    "SECRET-ANSWER-0e77",
    "SECRET-EVIDENCE-c3f9",
    "SECRET-NOTE-5d21",
];
/// A member's e-mail and a name kept private: only the body's secretary and
/// administrators see them.
const MEMBER_MARKERS: [&str; 2] = ["secret-mail-8e4c", "SECRET-NAME-2a6b"];
/// Minutes not yet published: the body's people and administrators.
const RECORD_MARKERS: [&str; 1] = ["SECRET-MINUTES-91fd"];
/// A personal attribute held by one person: public pages show it only in
/// aggregates of at least three (the origins map's small-number rule).
const AGGREGATE_MARKERS: [&str; 1] = ["SECRET-REGION-6c1d"];

const DOC: &str = include_str!("../fixtures/confidential.json");

const PASSWORD: &str = "a long password";

use crate::support::Grant;

use crate::support::client;

/// Pages of the route table, downloads and feeds, with keys filled in.
fn seeds() -> Vec<String> {
    [
        "/",
        "/demands",
        "/demands?q=SECRET-TEXT-7f3a",
        "/demands?q=SECRET-REPLY-a51d",
        "/demands.csv",
        "/demands.json",
        "/meetings",
        "/api",
        "/inbox",
        "/account",
        "/pending",
        "/admin",
        "/admin/audit",
        "/authorities/a",
        "/authorities/x",
        "/bodies/b",
        "/bodies/b/members",
        "/bodies/b/members.csv",
        "/bodies/b/roster.csv",
        "/bodies/b/meetings",
        "/bodies/b/meetings/m1",
        "/bodies/b/meetings/m1/edit",
        "/bodies/b/meetings/m1/attendance",
        "/bodies/b/calendar.ics",
        // Feeds (also announced by the pages' <link rel=alternate>).
        "/feed.atom",
        "/feed.json",
        "/bodies/b/feed.atom",
        "/bodies/b/feed.json",
        "/authorities/a/feed.atom",
        "/authorities/a/feed.json",
        "/bodies/b/demands/secret/feed.atom",
        "/bodies/b/demands/secret/feed.json",
        "/demands.atom?q=SECRET-REPLY-a51d",
        "/calendar.ics",
        "/bodies/b/demands/secret",
        "/bodies/b/demands/secret/edit",
        "/bodies/b/demands/open",
        "/bodies/b/settings",
        "/bodies/o",
        "/api/v1/demands?q=SECRET-TEXT-7f3a",
        // The site search, on every private word and on words near them.
        "/buscar?q=SECRET-TEXT-7f3a",
        "/buscar?q=SECRET-REPLY-a51d",
        "/buscar?q=SECRET-NOTE-5d21",
        "/buscar?q=SECRET-MINUTES-91fd",
        "/buscar?q=SECRET-NAME-2a6b",
        "/buscar?q=secret-mail-8e4c",
        "/buscar?q=secret*",
        "/buscar?q=reunificacion",
        "/buscar?q=orden",
        "/api/v1/search?q=secret*",
        "/api/v1/search?q=SECRET-ANSWER-0e77",
        // Embeddable charts (their labels are topics and statuses; checked
        // all the same), a follow's page for a body and a saved search.
        "/bodies/b/charts/topics.svg",
        "/bodies/b/charts/status.svg",
        "/bodies/b/charts/trend.svg",
        "/authorities/a/charts/days.svg",
        "/authorities/a/charts/status.svg",
        "/authorities/a/charts/trend.svg",
        "/follow?kind=body&target=b",
        "/follow?kind=demand&target=b/secret",
        "/follow?kind=search&target=q%3DSECRET-REPLY-a51d",
        // Side by side: public figures only, whoever asks.
        "/comparar?kind=bodies&k=b&k=o",
        "/comparar?kind=authorities&k=a&k=x",
        // Annual reports: public figures only; a private council has none.
        "/bodies/b/informe/2026",
        "/bodies/o/informe/2026",
        "/authorities/a/informe/2026",
        "/bodies/b/informe/2026/pdf",
        "/bodies/o/informe/2026/pdf",
        "/authorities/a/informe/2026/pdf?lang=en",
        // The figures council by council: a private council has none.
        "/bodies",
        "/bodies?page=2",
        "/mapa",
        "/mapa/origenes",
        "/mapa/origenes?body=b",
        "/mapa/origenes?body=o",
    ]
    .map(String::from)
    .to_vec()
}

/// An anonymous GET answered with JSON.
async fn get_json(c: &Client, url: &str) -> serde_json::Value {
    let text = support::text(c, url).await;
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{url}: {e}: {text}"))
}

/// Every GET operation of the OpenAPI document, keys filled in.
async fn api_operations(c: &Client, base: &str) -> Vec<String> {
    let doc = get_json(c, &format!("{base}/api/v1/openapi.json")).await;
    let paths = doc["paths"].as_object().expect("paths");
    let mut out = Vec::new();
    for (path, ops) in paths {
        if ops.get("get").is_none() {
            continue;
        }
        let key = if path.starts_with("/api/v1/authorities") {
            "a"
        } else {
            "b"
        };
        out.push(
            path.replace("{key}", key)
                .replace("{demand}", "secret")
                .replace("{body}", "b")
                .replace("{authority}", "a"),
        );
    }
    assert!(out.len() >= 10, "the OpenAPI document lists {out:?}");
    out
}

/// Same-site links of a page (`href="…"`), without fragments.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("href=\"") {
        rest = &rest[i + 6..];
        let Some(end) = rest.find('"') else { break };
        let link = rest[..end].replace("&amp;", "&");
        rest = &rest[end..];
        let link = link.split('#').next().unwrap_or_default().to_string();
        if link.starts_with('/') && !link.starts_with("//") {
            out.push(link);
        }
    }
    out
}

/// Not followed: static files, the language switch (sets a cookie), sign-out.
fn skipped(path: &str) -> bool {
    path.starts_with("/pkg/")
        || path.starts_with("/lang/")
        || path.starts_with("/logout")
        || path.ends_with(".ico")
        || path.ends_with(".svg")
}

/// Crawls as `cookie` (None: anonymous); returns every (route, marker)
/// found and how many routes were read.
async fn crawl(
    c: &Client,
    base: &str,
    cookie: Option<&str>,
    start: Vec<String>,
    markers: &[&str],
) -> (Vec<String>, usize) {
    const LIMIT: usize = 400;
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<String> = start.into_iter().collect();
    let mut found = Vec::new();
    while let Some(path) = queue.pop_front() {
        if seen.len() >= LIMIT || skipped(&path) || !seen.insert(path.clone()) {
            continue;
        }
        let mut req = c.get(format!("{base}{path}"));
        if let Some(k) = cookie {
            req = req.header(header::COOKIE, k);
        }
        let resp = req.send().await.unwrap_or_else(|e| panic!("{path}: {e}"));
        let status = resp.status();
        assert_ne!(
            status,
            StatusCode::INTERNAL_SERVER_ERROR,
            "{path} as {cookie:?}"
        );
        let location = resp
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        let pdf = resp
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"application/pdf"));
        let bytes = resp.bytes().await.unwrap_or_default();
        // A PDF's text is glyphs in compressed streams: read as a viewer would.
        let body = if pdf {
            support::pdf_read(&bytes).0
        } else {
            String::from_utf8_lossy(&bytes).into_owned()
        };
        for m in markers {
            // A search page repeats its own query.
            if path.contains(m) {
                continue;
            }
            if body.contains(m) || body.contains(&m.to_lowercase()) {
                found.push(format!("{path} ({status}): {m}"));
            }
        }
        queue.extend(location.into_iter().filter(|l| l.starts_with('/')));
        queue.extend(links(&body));
    }
    (found, seen.len())
}

/// The crawl's start: a server over the markers' data with an account per
/// reader, a client, and the seed addresses with every API operation's.
async fn crawl_setup(t: &support::TestDb) -> (String, reqwest::Client, Vec<String>) {
    let db = &t.conn;
    dataset::import(db, DOC, Default::default(), &|_| {})
        .await
        .expect("import");
    let accounts: [(&str, &[Grant]); 6] = [
        ("official-a@example.org", &[("official", "", "", "a")]),
        ("official-x@example.org", &[("official", "", "", "x")]),
        ("rep-b@example.org", &[("representative", "b", "r1", "")]),
        ("rep-o@example.org", &[("representative", "o", "p", "")]),
        ("sec-b@example.org", &[("secretary", "b", "", "")]),
        ("admin@example.org", &[("admin", "", "", "")]),
    ];
    for (email, grants) in accounts {
        support::account(db, email, PASSWORD, grants).await;
    }
    let base = support::serve(db.clone()).await;
    let c = client();
    let mut start = seeds();
    start.extend(api_operations(&c, &base).await);
    (base, c, start)
}

// Two tests, so that their crawls (one per reader, every route) run side
// by side.
on_both!(multi no_private_text_reaches_a_reader_who_may_not_read_it);
async fn no_private_text_reaches_a_reader_who_may_not_read_it(t: support::TestDb) {
    let (base, c, start) = crawl_setup(&t).await;
    let all: Vec<&str> = DEMAND_MARKERS
        .iter()
        .chain(MEMBER_MARKERS.iter())
        .chain(RECORD_MARKERS.iter())
        .chain(AGGREGATE_MARKERS.iter())
        .copied()
        .collect();
    // Those who may read none of it.
    for who in [
        None,
        Some("official-x@example.org"),
        Some("rep-o@example.org"),
    ] {
        let cookie = match who {
            Some(email) => Some(support::sign_in(&c, &base, email, PASSWORD).await),
            None => None,
        };
        let (found, read) = crawl(&c, &base, cookie.as_deref(), start.clone(), &all).await;
        assert!(read > 40, "{}: only {read} routes crawled", t.name);
        assert!(
            found.is_empty(),
            "{} as {}: private text on {} of {read} routes:\n{}",
            t.name,
            who.unwrap_or("anonymous"),
            found.len(),
            found.join("\n")
        );
    }
    // The search does not answer on confidential words (not even "0
    // results but one"): the public list finds nothing.
    let list = get_json(&c, &format!("{base}/api/v1/demands?q=SECRET-REPLY-a51d")).await;
    assert_eq!(list["total"], 0, "{}", t.name);
    let found = get_json(&c, &format!("{base}/api/v1/search?q=SECRET-REPLY-a51d")).await;
    assert_eq!(found["total"], 0, "{}", t.name);
}

on_both!(multi readers_of_a_confidential_demand_see_it_and_nothing_else_private);
async fn readers_of_a_confidential_demand_see_it_and_nothing_else_private(t: support::TestDb) {
    let (base, c, start) = crawl_setup(&t).await;
    // Those who may read the demand (and, but for the secretary and the
    // administrator, nothing about the members; the addressed official
    // no unpublished minutes either).
    for (who, not_theirs) in [
        (
            "official-a@example.org",
            &[&MEMBER_MARKERS[..], &RECORD_MARKERS[..]].concat(),
        ),
        ("rep-b@example.org", &MEMBER_MARKERS.to_vec()),
        ("sec-b@example.org", &Vec::new()),
        ("admin@example.org", &Vec::new()),
    ] {
        let cookie = support::sign_in(&c, &base, who, PASSWORD).await;
        let page = support::text_as(&c, format!("{base}/bodies/b/demands/secret"), &cookie).await;
        for m in DEMAND_MARKERS {
            assert!(page.contains(m), "{}: {who} does not see {m}", t.name);
        }
        if !not_theirs.is_empty() {
            let (found, _) = crawl(&c, &base, Some(&cookie), start.clone(), not_theirs).await;
            assert!(
                found.is_empty(),
                "{} as {who}: member data on\n{}",
                t.name,
                found.join("\n")
            );
        }
    }
}

/// The demo's confidential demands: their public page and API document show
/// the demand's outline and none of its text or thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demos_confidential_threads_stay_private() {
    let t = support::sqlite().await;
    dataset::import(
        &t.conn,
        server::demo::DEMO_JSON,
        Default::default(),
        &|_| {},
    )
    .await
    .expect("demo");
    let base = support::serve(t.conn.clone()).await;
    let c = client();
    let doc: serde_json::Value = serde_json::from_str(server::demo::DEMO_JSON).unwrap();
    // Texts of every demand and thread entry, confidential or not: a text
    // also used on a public demand (such as "Recibido.") proves nothing.
    let texts = |d: &serde_json::Value| -> Vec<String> {
        let mut out = vec![d["text"].as_str().unwrap_or_default().to_string()];
        for r in d["referrals"].as_array().into_iter().flatten() {
            for e in r["events"].as_array().into_iter().flatten() {
                out.extend(e["text"].as_str().map(String::from));
                out.extend(e["evidence_url"].as_str().map(String::from));
            }
            for a in r["assessments"].as_array().into_iter().flatten() {
                out.extend(a["note"].as_str().map(String::from));
            }
        }
        // Compared as the page shows them: the first words of a paragraph.
        out.into_iter()
            .map(|s| s.chars().take(40).collect::<String>())
            .filter(|s| {
                s.chars().count() >= 12 && !s.contains(['*', '_', '`', '[', '&', '<', '"', '\''])
            })
            .collect()
    };
    let mut public_texts = BTreeSet::new();
    let mut checked = 0;
    let mut withheld_entries = 0;
    for b in doc["bodies"].as_array().unwrap() {
        for d in b["demands"].as_array().unwrap() {
            if !d["confidential"].as_bool().unwrap_or(false) {
                public_texts.extend(texts(d));
            }
        }
    }
    for b in doc["bodies"].as_array().unwrap() {
        let body = b["key"].as_str().unwrap();
        for d in b["demands"].as_array().unwrap() {
            if !d["confidential"].as_bool().unwrap_or(false) {
                continue;
            }
            let key = d["key"].as_str().unwrap();
            let secret: Vec<String> = texts(d)
                .into_iter()
                .filter(|s| !public_texts.contains(s))
                .collect();
            for path in [
                format!("/bodies/{body}/demands/{key}"),
                format!("/api/v1/bodies/{body}/demands/{key}"),
            ] {
                let r = c.get(format!("{base}{path}")).send().await.unwrap();
                assert_eq!(r.status(), StatusCode::OK, "{path}");
                let page = r.text().await.unwrap();
                if path.starts_with("/api/") {
                    // Every text and evidence link of the thread is withheld.
                    let v: serde_json::Value = serde_json::from_str(&page).unwrap();
                    assert!(v["text_html"].is_null() && v["withheld"] == true, "{path}");
                    for r in v["referrals"].as_array().unwrap() {
                        for e in r["thread"].as_array().unwrap() {
                            assert!(e["text_html"].is_null(), "{path}: {e}");
                            assert!(e["evidence_url"].is_null(), "{path}: {e}");
                            withheld_entries += 1;
                        }
                    }
                } else {
                    assert!(!page.contains(r#"class="prose""#), "{path} shows a text");
                }
                let title = d["title"].as_str().unwrap();
                assert!(
                    title.contains(['&', '<', '>', '"', '\'']) || page.contains(title),
                    "{path}: the title is public"
                );
                for s in &secret {
                    assert!(!page.contains(s.as_str()), "{path} shows «{s}»");
                    checked += 1;
                }
            }
        }
    }
    // The demo's texts are written from templates and many recur on public
    // demands; the ones only confidential demands use are checked by text,
    // every entry by its withheld fields.
    assert!(checked >= 10, "only {checked} texts checked");
    assert!(
        withheld_entries > 50,
        "only {withheld_entries} thread entries"
    );
}
