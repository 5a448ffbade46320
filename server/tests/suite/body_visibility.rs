//! A non-public body: its page for its people and administrators (marked,
//! with the links to manage it), its demands also for the officials they
//! are addressed to, its name in no one else's inbox filter, and nothing
//! of it for the public.
use crate::support;

use app::domain::demands::DemandFilter;
use app::server::authz::load_actor;
use app::server::services::{bodies, dataset, demands};
use chrono::Utc;
use entity::body;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

const OTHER: &str = r#"{"format": "voces-dataset/1",
  "authorities": [{"key": "sre", "name": "Secretaría de Relaciones Exteriores", "acronym": "SRE",
    "level": "federal", "response_days": 10, "day_kind": "business", "holidays": []}],
  "bodies": []}"#;

on_both!(a_non_public_body_is_seen_by_whom_it_concerns);
async fn a_non_public_body_is_seen_by_whom_it_concerns(t: support::TestDb) {
    let db = &t.conn;
    for doc in [include_str!("../fixtures/demands.json"), OTHER] {
        dataset::import(db, doc, Default::default(), &|_| {})
            .await
            .expect("import");
    }
    let b = body::Entity::find()
        .filter(body::Column::Key.eq("b"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut am = b.into_active_model();
    am.public = Set(false);
    am.update(db).await.unwrap();

    let pw = "a long password";
    let admin = support::account(db, "admin@example.org", pw, &[("admin", "", "", "")]).await;
    let comar = support::account(
        db,
        "comar@example.org",
        pw,
        &[("official", "", "", "comar")],
    )
    .await;
    let sre = support::account(db, "sre@example.org", pw, &[("official", "", "", "sre")]).await;
    let now = Utc::now();
    let actor = |id| async move { load_actor(db, id, now).await.unwrap() };
    let (admin_a, comar_a, sre_a) = (actor(admin).await, actor(comar).await, actor(sre).await);

    // The page: administrators see it, marked, with the management links.
    let seen = bodies::get_for(db, admin_a.as_ref(), "b", now)
        .await
        .unwrap()
        .expect("the administrator sees it");
    assert!(!seen.public && seen.manage);
    for who in [None, comar_a.as_ref(), sre_a.as_ref()] {
        assert!(bodies::get_for(db, who, "b", now).await.unwrap().is_none());
    }
    assert!(bodies::get_public(db, "b", now).await.unwrap().is_none());

    // Its demands: to the officials they are addressed to (d2 goes to
    // COMAR only), not to others nor to the public.
    for (who, demand, sees) in [
        (comar_a.as_ref(), "d2", true),
        (comar_a.as_ref(), "d1", true),
        (sre_a.as_ref(), "d2", false),
        (None, "d1", false),
        (admin_a.as_ref(), "d2", true),
    ] {
        let got = demands::view(db, who, "b", demand, now).await.unwrap();
        assert_eq!(got.is_some(), sees, "{demand}");
    }
    // Its name: in COMAR's inbox filter, not in SRE's.
    let f = DemandFilter::default();
    let inbox = demands::inbox::inbox(db, comar_a.as_ref(), &f, now)
        .await
        .unwrap();
    assert!(inbox.bodies.iter().any(|(k, _)| k == "b"));
    assert!(!inbox.rows.is_empty());
    let inbox = demands::inbox::inbox(db, sre_a.as_ref(), &f, now)
        .await
        .unwrap();
    assert!(inbox.bodies.iter().all(|(k, _)| k != "b"));

    // Over HTTP: 404 for the public, the page with its links for the
    // administrator, the demand page for COMAR's official.
    let base = support::serve(db.clone()).await;
    let c = support::client();
    let r = c.get(format!("{base}/bodies/b")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(!r.text().await.unwrap().contains("Consejo B"));
    let cookie = support::sign_in(&c, &base, "admin@example.org", pw).await;
    let html = support::text_as(&c, format!("{base}/bodies/b"), &cookie).await;
    assert!(html.contains("data-testid=\"not-public\""), "{html}");
    for link in [
        "/bodies/b/settings",
        "/bodies/b/members",
        "/bodies/b/meetings/new",
    ] {
        assert!(html.contains(&format!("href=\"{link}\"")), "{link}");
    }
    let cookie = support::sign_in(&c, &base, "comar@example.org", pw).await;
    let r = c
        .get(format!("{base}/bodies/b/demands/d2"))
        .header(reqwest::header::COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = c
        .get(format!("{base}/bodies/b/demands/d2"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
