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
