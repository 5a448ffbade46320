//! The HTTP surface on a real socket: pages, 404, health, language.
use crate::support;

use reqwest::{header, Client, StatusCode};

/// Serves the router on port 0 over `db` (demo data loaded); returns the base URL.
async fn spawn(db: sea_orm::DatabaseConnection) -> String {
    server::demo::load_if_empty(&db, &|_| {})
        .await
        .expect("demo loads");
    support::serve(db).await
}

use crate::support::client;

/// The home page's HTML with these request headers.
async fn home_with(c: &Client, base: &str, headers: &[(header::HeaderName, &str)]) -> String {
    let mut req = c.get(format!("{base}/"));
    for (name, value) in headers {
        req = req.header(name, *value);
    }
    req.send().await.unwrap().text().await.unwrap()
}

on_both!(pages_health_and_language);
async fn pages_health_and_language(db: support::TestDb) {
    let base = spawn(db.conn.clone()).await;
    let c = client();

    let r = c.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", db.name);
    assert_eq!(
        r.text().await.unwrap(),
        r#"{"database":"ok","status":"ok"}"#
    );

    let home = c.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    let html = home.text().await.unwrap();
    assert!(
        html.contains("<html lang=\"es\""),
        "default language is Spanish"
    );
    assert!(html.contains("Consejos consultivos"));
    for key in [
        "consejo-nacional",
        "consejo-cdmx",
        "consejo-tijuana",
        "consejo-consular-chicago",
    ] {
        assert!(
            html.contains(&format!("href=\"/bodies/{key}\"")),
            "home links to {key}"
        );
    }
    // The page is complete without JavaScript: no streamed fallbacks.
    assert!(
        !html.contains("<template"),
        "out-of-order streaming would need JavaScript"
    );

    let filtered = support::text(&c, format!("{base}/?q=tijuana")).await;
    assert!(filtered.contains("href=\"/bodies/consejo-tijuana\""));
    assert!(
        !filtered.contains("href=\"/bodies/consejo-cdmx\""),
        "the server filters ?q="
    );

    let body = c
        .get(format!("{base}/bodies/consejo-tijuana"))
        .send()
        .await
        .unwrap();
    assert_eq!(body.status(), StatusCode::OK);
    let html = body.text().await.unwrap();
    assert!(html.contains("Tijuana"));
    assert!(html.contains("America/Tijuana"));

    for path in ["/bodies/no-such-body", "/no/such/page"] {
        let r = c.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(r.text().await.unwrap().contains("Página no encontrada"));
    }

    let switch = c
        .get(format!("{base}/lang/en?next=/bodies/consejo-cdmx"))
        .send()
        .await
        .unwrap();
    assert_eq!(switch.status(), StatusCode::SEE_OTHER);
    assert_eq!(switch.headers()[header::LOCATION], "/bodies/consejo-cdmx");
    let cookie = switch.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("i18n_pref_locale=en;"));
    let en = home_with(
        &c,
        &base,
        &[
            (header::COOKIE, "i18n_pref_locale=en"),
            (header::ACCEPT_LANGUAGE, "es-MX"),
        ],
    )
    .await;
    assert!(
        en.contains("<html lang=\"en\""),
        "the cookie wins over Accept-Language"
    );
    assert!(en.contains("Consultative bodies"));
    let by_header = home_with(&c, &base, &[(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")]).await;
    assert!(
        by_header.contains("Consultative bodies"),
        "Accept-Language picks English"
    );

    let evil = c
        .get(format!("{base}/lang/en?next=//evil.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(evil.headers()[header::LOCATION], "/");
}

#[tokio::test]
async fn responses_are_compressed_for_clients_that_accept_it() {
    let t = support::sqlite().await;
    let base = spawn(t.conn.clone()).await;
    let c = client();
    for path in ["/", "/api/v1/bodies"] {
        let r = c
            .get(format!("{base}{path}"))
            .header(header::ACCEPT_ENCODING, "gzip")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        assert_eq!(
            r.headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.as_bytes()),
            Some(&b"gzip"[..]),
            "{path}"
        );
        // Without Accept-Encoding: plain.
        let r = c.get(format!("{base}{path}")).send().await.unwrap();
        assert!(
            r.headers().get(header::CONTENT_ENCODING).is_none(),
            "{path}"
        );
    }
}

/// Every response says: no sniffing, no framing, the origin at most as
/// referrer, and a Content-Security-Policy; a page's policy names the nonce
/// its scripts carry, and every script in the page carries it.
#[tokio::test]
async fn security_headers_on_pages_api_and_files() {
    let t = support::sqlite().await;
    let base = spawn(t.conn.clone()).await;
    let c = client();
    for path in [
        "/",
        "/bodies/no-such-body",
        "/api/v1/bodies",
        "/healthz",
        "/login",
    ] {
        let r = c.get(format!("{base}{path}")).send().await.unwrap();
        let h = r.headers().clone();
        let get = |name: header::HeaderName| {
            h.get(&name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        assert_eq!(get(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{path}");
        assert_eq!(
            get(header::REFERRER_POLICY),
            "strict-origin-when-cross-origin",
            "{path}"
        );
        assert_eq!(get(header::X_FRAME_OPTIONS), "DENY", "{path}");
        let csp = get(header::CONTENT_SECURITY_POLICY);
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("object-src 'none'"), "{path}: {csp}");
        assert!(!csp.contains("'unsafe-eval'"), "{path}: {csp}");
        let html = r.text().await.unwrap();
        if path == "/" || path == "/login" {
            let nonce = csp
                .split("'nonce-")
                .nth(1)
                .and_then(|s| s.split('\'').next())
                .unwrap_or_else(|| panic!("{path}: no nonce in {csp}"));
            assert!(nonce.len() >= 16, "{path}: {nonce}");
            // An island may leave an empty `<script></script>`: nothing
            // to run, so nothing the policy has to allow.
            let scripts =
                html.matches("<script").count() - html.matches("<script></script>").count();
            assert!(scripts > 0, "{path}");
            assert_eq!(
                html.matches(&format!("nonce=\"{nonce}\"")).count(),
                scripts,
                "{path}: a script without the page's nonce"
            );
        }
    }
}

/// A request announcing a body over the limit is refused before it is
/// read, with a message saying what to do (JSON on the API).
#[tokio::test]
async fn oversized_bodies_are_refused_with_a_clear_message() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let t = support::sqlite().await;
    let base = spawn(t.conn.clone()).await;
    let addr = base.trim_start_matches("http://").to_string();
    for (path, expect) in [
        ("/bodies/cc-tijuana/members/import", "nothing was saved"),
        ("/login", "split the file or send less"),
        ("/api/v1/bodies", "payload_too_large"),
    ] {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: {base}\r\n\
             Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 50000000\r\n\
             Connection: close\r\n\r\n"
        );
        s.write_all(head.as_bytes()).await.unwrap();
        let mut out = Vec::new();
        tokio::time::timeout(std::time::Duration::from_secs(20), s.read_to_end(&mut out))
            .await
            .expect("answered without waiting for the body")
            .unwrap();
        let out = String::from_utf8_lossy(&out);
        assert!(out.starts_with("HTTP/1.1 413"), "{path}: {out}");
        assert!(out.contains(expect), "{path}: {out}");
    }
}

/// Two readers in two languages at once: each page is in its reader's
/// language, whatever else the server renders at the same time.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn each_reader_gets_their_own_language_under_concurrent_requests() {
    let t = support::sqlite().await;
    let db = t.conn.clone();
    app::server::services::dataset::import(
        &db,
        include_str!("../fixtures/demands.json"),
        Default::default(),
        &|_| {},
    )
    .await
    .unwrap();
    for (email, grants) in [
        ("es@example.org", &[("secretary", "b", "", "")][..]),
        ("en@example.org", &[("official", "", "", "comar")][..]),
    ] {
        support::account(&db, email, "a long password", grants).await;
    }
    let base = support::serve(db.clone()).await;
    let c = support::client();
    let es = support::sign_in(&c, &base, "es@example.org", "a long password").await;
    let en = support::sign_in(&c, &base, "en@example.org", "a long password").await;
    let mut all = Vec::new();
    for i in 0..400 {
        let (cookie, lang, path) = match i % 4 {
            0 => (format!("{es}; i18n_pref_locale=es"), "es", "/pending"),
            1 => (format!("{en}; i18n_pref_locale=en"), "en", "/pending"),
            2 => (
                format!("{es}; i18n_pref_locale=es"),
                "es",
                "/bodies/b/demands/d1",
            ),
            _ => (format!("{en}; i18n_pref_locale=en"), "en", "/inbox"),
        };
        let (c, base) = (c.clone(), base.clone());
        all.push(tokio::spawn(async move {
            // An official's answer rendered as its review step (a page
            // rendered inside a form's handler), at the same time.
            let html = if i % 8 == 3 {
                c.post(format!("{base}/bodies/b/demands/d1/referrals/comar/events"))
                    .header(header::COOKIE, &cookie)
                    .form(&[("kind", "accepted"), ("text", "Sí")])
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap()
            } else {
                support::text_as(&c, format!("{base}{path}"), &cookie).await
            };
            let got = if html.contains("<html lang=\"en\"") {
                "en"
            } else if html.contains("<html lang=\"es\"") {
                "es"
            } else {
                "?"
            };
            (i, path, lang, got)
        }));
    }
    let mut wrong = Vec::new();
    for h in all {
        let (i, path, want, got) = h.await.unwrap();
        if want != got {
            wrong.push(format!("#{i} {path}: wanted {want}, got {got}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:?}");
}

/// The nonce a page's policy names, and the nonce each of its inline
/// scripts carries ("" for none).
fn policy_and_script_nonces(policy: Option<&str>, html: &str) -> (Option<String>, Vec<String>) {
    let named = policy.and_then(|p| {
        let start = p.find("'nonce-")? + "'nonce-".len();
        let end = p[start..].find('\'')? + start;
        Some(p[start..end].to_string())
    });
    let mut carried = Vec::new();
    for (i, _) in html.match_indices("<script") {
        let tag = &html[i..i + html[i..].find('>').unwrap_or(0)];
        // A script from the site's own files needs no nonce ('self'), nor
        // does an empty one (leptos_i18n writes `<script></script>`).
        let empty = html[i + tag.len()..].starts_with("></script>");
        if tag.contains(" src=") || empty {
            continue;
        }
        match tag.find("nonce=\"") {
            Some(s) => {
                let v = &tag[s + 7..];
                carried.push(v[..v.find('"').unwrap_or(0)].to_string());
            }
            None => carried.push(format!("none: {}", &tag[..tag.len().min(80)])),
        }
    }
    (named, carried)
}

/// Every page's Content-Security-Policy names the nonce its own scripts
/// carry, whatever else the server renders at the same time: public pages
/// (kept and replayed by the page cache), a 404, signed-in pages and pages
/// rendered inside a form's handler. (Once a page arrived with the policy
/// without a nonce, and its scripts were blocked.)
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_page_names_its_own_nonce_under_concurrent_requests() {
    let t = support::sqlite().await;
    let db = t.conn.clone();
    app::server::services::dataset::import(
        &db,
        include_str!("../fixtures/demands.json"),
        Default::default(),
        &|_| {},
    )
    .await
    .unwrap();
    support::account(
        &db,
        "o@example.org",
        "a long password",
        &[("official", "", "", "comar")],
    )
    .await;
    let base = support::serve(db.clone()).await;
    let c = support::client();
    let official = support::sign_in(&c, &base, "o@example.org", "a long password").await;
    let mut all = Vec::new();
    for i in 0..400 {
        let (c, base, official) = (c.clone(), base.clone(), official.clone());
        all.push(tokio::spawn(async move {
            let (what, req) = match i % 6 {
                0 => ("/", c.get(format!("{base}/"))),
                1 => ("/bodies/b", c.get(format!("{base}/bodies/b"))),
                2 => ("/no-such-page", c.get(format!("{base}/no-such-page"))),
                3 => (
                    "/inbox",
                    c.get(format!("{base}/inbox"))
                        .header(header::COOKIE, &official),
                ),
                4 => (
                    "review",
                    c.post(format!("{base}/bodies/b/demands/d1/referrals/comar/events"))
                        .header(header::COOKIE, &official)
                        .form(&[("kind", "accepted"), ("text", "Sí")]),
                ),
                _ => (
                    "/bodies/b/demands/d1",
                    c.get(format!("{base}/bodies/b/demands/d1"))
                        .header(header::ACCEPT_LANGUAGE, "en"),
                ),
            };
            let r = req.send().await.unwrap();
            let policy = r
                .headers()
                .get(header::CONTENT_SECURITY_POLICY)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let html = r.text().await.unwrap();
            let (named, carried) = policy_and_script_nonces(policy.as_deref(), &html);
            (i, what, named, carried)
        }));
    }
    let mut wrong = Vec::new();
    for h in all {
        let (i, what, named, carried) = h.await.unwrap();
        let ok = named.as_ref().is_some_and(|n| {
            !n.is_empty() && !carried.is_empty() && carried.iter().all(|c| c == n)
        });
        if !ok {
            wrong.push(format!(
                "#{i} {what}: policy {named:?}, scripts {carried:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{} wrong: {wrong:?}", wrong.len());
}

on_both!(home_lists_bodies_a_page_at_a_time);
async fn home_lists_bodies_a_page_at_a_time(db: support::TestDb) {
    use app::server::services::dataset::{self, ImportOptions};
    let doc = support::generated(30, 60, 3);
    dataset::import(&db.conn, &doc, ImportOptions { replace: false }, &|_| {})
        .await
        .expect("generated dataset imports");
    let base = support::serve(db.conn.clone()).await;
    let c = client();
    let cards = |html: &str| html.matches("class=\"card body-card\"").count();
    // The count's words, without the markers hydration leaves between them.
    let count = |html: &str| -> String {
        let at = html
            .find("body-count")
            .unwrap_or_else(|| panic!("no count in {html}"));
        let from = at + html[at..].find(">").unwrap() + 1;
        html[from..from + html[from..].find("</p>").unwrap()].replace("<!>", "")
    };
    let keys = |html: &str| -> std::collections::BTreeSet<String> {
        // The list's, not the overview's links above it.
        let list = &html[html.find("data-testid=\"body-list\"").unwrap()..];
        list[..list.find("</ul>").unwrap()]
            .split("href=\"/bodies/consejo-")
            .skip(1)
            .map(|rest| rest[..3].to_string())
            .collect()
    };

    let first = support::text(&c, format!("{base}/")).await;
    assert_eq!(cards(&first), 24, "{}: the first page", db.name);
    assert_eq!(count(&first), "30 de 30 consejos", "{}", db.name);
    assert!(first.contains("href=\"/?page=2#bodies-h\" rel=\"next\""));

    let second = support::text(&c, format!("{base}/?page=2")).await;
    assert_eq!(cards(&second), 6, "{}: the rest", db.name);
    // Two pages, every body once.
    let (a, b) = (keys(&first), keys(&second));
    assert_eq!((a.len(), b.len()), (24, 6));
    assert_eq!(a.union(&b).count(), 30);
    assert!(second.contains("href=\"/?page=1#bodies-h\" rel=\"prev\""));
    assert!(!second.contains("rel=\"next\""));

    // A filter counts what matches, on pages of its own.
    let filtered = support::text(&c, format!("{base}/?q=consejo-00")).await;
    assert_eq!(cards(&filtered), 10, "{}", db.name);
    assert_eq!(count(&filtered), "10 de 30 consejos");
    assert!(!filtered.contains("class=\"pager\""));

    // The live filter's server function answers the same page.
    let r = c
        .post(format!("{base}/api/bodies/page"))
        .form(&[("q", "consejo-00"), ("page", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", db.name);
    let page: app::domain::dto::BodyPage = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!((page.matching, page.total, page.bodies.len()), (10, 30, 10));
}

on_both!(home_shows_the_rankings_first_entries_and_the_rest_one_link_away);
async fn home_shows_the_rankings_first_entries_and_the_rest_one_link_away(db: support::TestDb) {
    use app::pages::dashboards::overview::TOP;
    use app::server::services::dataset::{self, ImportOptions};
    let doc = support::generated(30, 900, 5);
    dataset::import(&db.conn, &doc, ImportOptions { replace: false }, &|_| {})
        .await
        .expect("generated dataset imports");
    let base = support::serve(db.conn.clone()).await;
    let c = client();
    let section = |html: &str, id: &str| -> String {
        let at = html
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no {id} in {html}"));
        html[at..at + html[at..].find("</section>").unwrap()].to_string()
    };
    // The names of a ranking's entries, ranked ones first, in order.
    let names = |s: &str| -> Vec<String> {
        s.split("</li>")
            .filter_map(|e| e.rfind("<li").map(|at| &e[at..]))
            .map(|li| {
                let name = &li[li.find("\">").unwrap() + 2..];
                name[..name.find("</a>").unwrap()].to_string()
            })
            .collect()
    };

    // Without the markers hydration leaves between a text's parts.
    // At the generated history's last day: the figures "now" move with the
    // clock, and the link's date (its day's end) is another instant.
    let home = support::text(&c, format!("{base}/?as_of=2026-10-30"))
        .await
        .replace("<!>", "");
    // The home page links to the figures council by council at its date.
    let at = home
        .find("class=\"more by-body-link\"><a href=\"/bodies?as_of=")
        .unwrap_or_else(|| panic!("{}: no link to /bodies", db.name));
    let link = &home[home[at..].find("/bodies").unwrap() + at..];
    let link = link[..link.find('"').unwrap()].to_string();
    assert!(
        !home.contains("id=\"by-body-h\""),
        "{}: the table is one link away",
        db.name
    );
    let all = support::text(&c, format!("{base}{link}"))
        .await
        .replace("<!>", "");
    // "Now" links to "now": the same instant and the same cached figures,
    // where a date would be its day's end.
    let now = support::text(&c, format!("{base}/")).await;
    assert!(
        now.contains("class=\"more by-body-link\"><a href=\"/bodies\"")
            && now.contains("href=\"/bodies#rank-resp\""),
        "{}: links at now carry no date",
        db.name
    );

    for id in ["rank-resp", "rank-reg"] {
        let (short, long) = (section(&home, id), section(&all, id));
        let (shown, every) = (names(&short), names(&long));
        assert_eq!(
            every.len(),
            30,
            "{}: {id} on /bodies lists every body",
            db.name
        );
        assert!(
            shown.len() <= 2 * TOP && shown.len() < 30,
            "{}: {id}: {shown:?}",
            db.name
        );
        // The short list is each list's first entries.
        let ranked = long[..long.find("</ol>").unwrap_or(0)]
            .matches("</li>")
            .count();
        // Seed 5 ranks 15 bodies on that day: both lists are longer than
        // the home page's.
        assert!(
            ranked > TOP && 30 - ranked > TOP,
            "{}: {id}: {ranked} ranked",
            db.name
        );
        let first: Vec<&String> = every[..ranked].iter().take(TOP).collect();
        assert_eq!(
            shown.iter().take(first.len()).collect::<Vec<_>>(),
            first,
            "{}: {id}",
            db.name
        );
        assert!(
            short.contains(&format!("href=\"{link}#{id}\"")) && short.contains("(30)"),
            "{}: {id} links to the whole ranking: {short}",
            db.name
        );
        assert!(
            !long.contains("class=\"more\""),
            "{}: {id} is whole on /bodies",
            db.name
        );
    }
    // The table: a row a body, the totals row after them.
    let table = section(&all, "by-body-h");
    let body = &table[table.find("<tbody").unwrap()..table.find("</tbody>").unwrap()];
    assert_eq!(body.matches("</tr>").count(), 30, "{}", db.name);
    assert!(table.contains("<tfoot>"), "{}", db.name);
    assert!(
        !table.contains("class=\"pager\""),
        "{}: 30 rows fit one page",
        db.name
    );
}
