//! The annual reports: a council's and an authority's figures are their
//! metrics at the year's end (and the year before's at its end), a
//! council's answers by authority are each authority's `by_body` figures
//! for it, a year not over is read "so far", and what may not be shown is
//! not found.
use crate::support;

use app::domain::metrics::instants::parse_as_of;
use app::server::services::{annual, metrics};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

on_both!(a_report_holds_the_metrics_at_the_years_end);
async fn a_report_holds_the_metrics_at_the_years_end(t: support::TestDb) {
    server::demo::load_if_empty(&t.conn, &|_| {}).await.unwrap();
    let db = &t.conn;
    let n = &t.name;
    let end = parse_as_of("2025-12-31").unwrap();
    let before = parse_as_of("2024-12-31").unwrap();

    let r = annual::body(db, "consejo-tijuana", 2025, end)
        .await
        .unwrap()
        .expect("a public council's report");
    assert!(!r.head.partial, "{n}");
    assert_eq!(r.head.as_of, "2025-12-31T23:59:59Z", "{n}");
    assert_eq!(r.head.previous_as_of, "2024-12-31T23:59:59Z", "{n}");
    let want = metrics::body(db, "consejo-tijuana", end)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.figures, want, "{n}");
    let want = metrics::body(db, "consejo-tijuana", before)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.previous, want, "{n}");
    assert!(
        r.figures.answers.referrals > 0,
        "{n}: the demo's 2025 has referrals"
    );

    // Answers by authority: each authority's own figures for this council,
    // and every authority that had its referrals is there.
    let mut listed = 0;
    for a in metrics::all_authorities(db, end).await.unwrap() {
        let theirs = a.by_body.get("consejo-tijuana");
        let row = r.by_authority.iter().find(|x| x.key == a.authority);
        match (theirs, row) {
            (Some(f), Some(row)) => {
                assert_eq!(&row.answers, f, "{n}: {}", a.authority);
                listed += 1;
            }
            (Some(f), None) => assert!(
                f.referrals == 0 && f.overdue_open == 0,
                "{n}: {} is missing",
                a.authority
            ),
            (None, Some(_)) => panic!("{n}: {} listed without referrals", a.authority),
            (None, None) => {}
        }
    }
    assert_eq!(listed, r.by_authority.len(), "{n}");
    assert!(listed > 0, "{n}");

    let r = annual::authority(db, "inm", 2025, end)
        .await
        .unwrap()
        .expect("an authority's report");
    assert_eq!(
        r.figures,
        metrics::authority(db, "inm", end).await.unwrap().unwrap(),
        "{n}"
    );
    assert_eq!(
        r.previous,
        metrics::authority(db, "inm", before)
            .await
            .unwrap()
            .unwrap(),
        "{n}"
    );
    assert_eq!(r.body_names.len(), r.figures.by_body.len(), "{n}");

    assert!(
        annual::body(db, "nobody", 2025, end)
            .await
            .unwrap()
            .is_none(),
        "{n}"
    );
    assert!(
        annual::authority(db, "nobody", 2025, end)
            .await
            .unwrap()
            .is_none(),
        "{n}"
    );
}

on_both!(the_report_pages_in_both_languages_and_what_is_not_found);
async fn the_report_pages_in_both_languages_and_what_is_not_found(t: support::TestDb) {
    server::demo::load_if_empty(&t.conn, &|_| {}).await.unwrap();
    let base = support::serve(t.conn.clone()).await;
    let c = support::client();
    let n = &t.name;

    let page = support::text(&c, format!("{base}/bodies/consejo-tijuana/informe/2025")).await;
    assert!(page.contains("Informe anual"), "{n}");
    assert!(
        page.contains("Consejo Municipal de Personas Migrantes de Tijuana"),
        "{n}"
    );
    // Every printed page carries the source and the date (`@page` reads it).
    assert!(page.contains("--report-source: "), "{n}");
    assert!(page.contains("/bodies/consejo-tijuana/informe/2025"), "{n}");
    assert!(page.contains("/methodology#response_rate"), "{n}");
    let end = parse_as_of("2025-12-31").unwrap();
    let m = metrics::body(&t.conn, "consejo-tijuana", end)
        .await
        .unwrap()
        .unwrap();
    assert!(
        page.contains(&format!(
            "/referrals?as_of=2025-12-31T23%3A59%3A59Z&amp;body=consejo-tijuana&amp;window=1\">{}</a>",
            m.answers.referrals
        )),
        "{n}: the year's referrals, opening their list"
    );

    let r = c
        .get(format!("{base}/authorities/inm/informe/2025"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{n}");
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Annual report") && page.contains("By body"),
        "{n}"
    );

    for path in [
        "/bodies/consejo-tijuana/informe/abc",
        "/bodies/consejo-tijuana/informe/1999",
        "/bodies/consejo-tijuana/informe/2999",
        "/authorities/nobody/informe/2025",
    ] {
        let r = c.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{n}: {path}");
    }

    // A council that is not public has no report.
    let b = entity::body::Entity::find()
        .filter(entity::body::Column::Key.eq("consejo-chiapas"))
        .one(&t.conn)
        .await
        .unwrap()
        .unwrap();
    let mut am = b.into_active_model();
    am.public = Set(false);
    am.update(&t.conn).await.unwrap();
    let r = c
        .get(format!("{base}/bodies/consejo-chiapas/informe/2025"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "{n}");
}

/// `GET url` as bytes, with its status and content type.
async fn fetch(
    c: &reqwest::Client,
    url: String,
    lang: Option<&str>,
) -> (StatusCode, String, Vec<u8>) {
    let mut req = c.get(url);
    if let Some(l) = lang {
        req = req.header("accept-language", l);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    let kind = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, kind, r.bytes().await.unwrap().to_vec())
}

on_both!(the_report_as_a_pdf_opens_and_holds_the_pages_figures);
async fn the_report_as_a_pdf_opens_and_holds_the_pages_figures(t: support::TestDb) {
    use app::components::dashboards::figure_label;
    use app::i18n::Locale;
    server::demo::load_if_empty(&t.conn, &|_| {}).await.unwrap();
    let base = support::serve(t.conn.clone()).await;
    let c = support::client();
    let n = &t.name;
    let end = parse_as_of("2025-12-31").unwrap();
    let m = metrics::body(&t.conn, "consejo-tijuana", end)
        .await
        .unwrap()
        .unwrap();

    // The page offers it, on both papers and in the page's language.
    let page = support::text(&c, format!("{base}/bodies/consejo-tijuana/informe/2025")).await;
    assert!(
        page.contains("href=\"/bodies/consejo-tijuana/informe/2025/pdf?paper=a4\""),
        "{n}"
    );
    assert!(
        page.contains("href=\"/bodies/consejo-tijuana/informe/2025/pdf?paper=letter\""),
        "{n}"
    );

    let (status, kind, bytes) = fetch(
        &c,
        format!("{base}/bodies/consejo-tijuana/informe/2025/pdf?paper=a4"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{n}");
    assert_eq!(kind, "application/pdf", "{n}");
    assert!(bytes.starts_with(b"%PDF-"), "{n}");
    if let Ok(dir) = std::env::var("KEEP_PDF") {
        // To look at it: KEEP_PDF=/tmp cargo test … the_report_as_a_pdf
        std::fs::write(format!("{dir}/report-{n}.pdf"), &bytes).unwrap();
    }
    let (text, info) = support::pdf_read(&bytes);
    // The title may wrap: its words in order, whatever the spaces between.
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("Informe anual 2025 Consejo Municipal de Personas Migrantes de Tijuana"),
        "{n}: {text}"
    );
    assert!(text.contains("Cifras al 31 dic 2025"), "{n}: {text}");
    assert!(
        text.contains("/bodies/consejo-tijuana/informe/2025"),
        "{n}: the source address"
    );
    // A figure: the year's referrals, on its label's line, beside the
    // year before's.
    let before = metrics::body(
        &t.conn,
        "consejo-tijuana",
        parse_as_of("2024-12-31").unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    let label = figure_label(Locale::es, "referrals").0;
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("{n}: no line for {label}: {text}"));
    let numbers: Vec<&str> = line.split_whitespace().rev().take(3).collect();
    assert_eq!(numbers[2], m.answers.referrals.to_string(), "{n}: {line}");
    assert_eq!(
        numbers[1],
        before.answers.referrals.to_string(),
        "{n}: {line}"
    );
    // Every page is numbered "n de N", and it is A4.
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|p| p.trim().parse().ok())
        .expect("pdfinfo counts the pages");
    assert!(pages >= 2, "{n}: {pages} pages");
    for p in 1..=pages {
        assert!(
            text.contains(&format!("Página {p} de {pages}")),
            "{n}: page {p}"
        );
    }
    assert!(info.contains("595.28 x 841.89 pts (A4)"), "{n}: {info}");
    assert!(
        info.contains("Title:           Informe anual 2025 · Consejo Municipal"),
        "{n}: {info}"
    );
    // Its counts open their lists on the site, as on the page.
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("/URI"), "{n}: links");

    // Letter, and English by `?lang=` or by the reader's language.
    let (_, _, bytes) = fetch(
        &c,
        format!("{base}/bodies/consejo-tijuana/informe/2025/pdf?paper=letter&lang=en"),
        None,
    )
    .await;
    let (text, info) = support::pdf_read(&bytes);
    assert!(info.contains("612 x 792 pts (letter)"), "{n}: {info}");
    assert!(
        text.contains("Annual report 2025") && text.contains("Page 1 of"),
        "{n}"
    );
    let (_, _, bytes) = fetch(
        &c,
        format!("{base}/authorities/inm/informe/2025/pdf"),
        Some("en-US,en;q=0.9,es;q=0.5"),
    )
    .await;
    let (text, _) = support::pdf_read(&bytes);
    assert!(
        text.contains("Annual report 2025") && text.contains("By body"),
        "{n}: {text}"
    );

    // What the page does not show, the PDF does not either.
    for path in [
        "/bodies/consejo-tijuana/informe/abc/pdf",
        "/bodies/consejo-tijuana/informe/2999/pdf",
        "/authorities/nobody/informe/2025/pdf",
    ] {
        let (status, ..) = fetch(&c, format!("{base}{path}"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{n}: {path}");
    }
    let b = entity::body::Entity::find()
        .filter(entity::body::Column::Key.eq("consejo-chiapas"))
        .one(&t.conn)
        .await
        .unwrap()
        .unwrap();
    let (status, ..) = fetch(
        &c,
        format!("{base}/bodies/consejo-chiapas/informe/2025/pdf"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{n}: public, it has one");
    let mut am = b.into_active_model();
    am.public = Set(false);
    am.update(&t.conn).await.unwrap();
    let (status, ..) = fetch(
        &c,
        format!("{base}/bodies/consejo-chiapas/informe/2025/pdf"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{n}: private, it has none");
}
