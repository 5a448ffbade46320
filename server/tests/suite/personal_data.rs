//! A person's rights over their own data, through the services (both
//! databases): the seat record they see, the choice to show their name
//! (theirs alone, audited), the download of everything held about them, and
//! a rectification request that reaches their council's secretariat and the
//! administrators, is answered once, and comes back to them.
use crate::support;

use app::server::authz::load_actor;
use app::server::services::accounts::{data_requests, my_data, SiteUrl};
use app::server::services::{composition, dataset};
use chrono::Utc;

const DOC: &str = include_str!("../fixtures/personal_data.json");

on_both!(a_member_sees_decides_downloads_and_asks);
async fn a_member_sees_decides_downloads_and_asks(t: support::TestDb) {
    let db = &t.conn;
    dataset::import(db, DOC, Default::default(), &|_| {})
        .await
        .expect("import");
    let pw = "a long password";
    let rosa = support::account(
        db,
        "rosa@example.org",
        pw,
        &[("representative", "b", "r1", "")],
    )
    .await;
    let sara = support::account(db, "sec-b@example.org", pw, &[("secretary", "b", "", "")]).await;
    let pablo = support::account(db, "sec-o@example.org", pw, &[("secretary", "o", "", "")]).await;
    support::account(db, "admin@example.org", pw, &[("admin", "", "", "")]).await;
    let now = Utc::now();
    let site = SiteUrl::new("http://voces.test");

    // Her own record, every field.
    let mine = my_data::records(db, Some(rosa)).await.unwrap();
    assert_eq!(mine.len(), 1, "{}", t.name);
    assert_eq!(mine[0].email.as_deref(), Some("rosa@example.org"));
    assert_eq!(mine[0].country.as_deref(), Some("HN"));
    assert!(mine[0].public);
    assert!(my_data::records(db, None).await.is_err());

    // She hides her name: the public roster no longer names her; only
    // her own account may (the secretary of another seat may not).
    let err = my_data::set_name_public(db, Some(sara), "b", "r1", false, now).await;
    assert!(err.is_err(), "{}: only the seat's own account", t.name);
    my_data::set_name_public(db, Some(rosa), "b", "r1", false, now)
        .await
        .unwrap();
    let public = composition::public(db, "b", None, now)
        .await
        .unwrap()
        .unwrap();
    assert!(public.seat_holders.iter().all(|m| m.name != "Rosa Privada"));
    assert_eq!(public.unnamed_seat_holders, 1);
    let audited = support::scalar(
        db,
        "SELECT COUNT(*) FROM audit_log WHERE entity = 'member' AND action = 'consent'",
    )
    .await;
    assert_eq!(audited, 1);

    // Everything held about her.
    let doc = my_data::export(db, Some(rosa), now).await.unwrap();
    assert_eq!(doc["account"]["email"], "rosa@example.org");
    assert_eq!(doc["seats"][0]["member"]["region"], "Centroamérica");
    assert_eq!(doc["seats"][0]["member"]["public"], false);
    assert!(!doc["changes_made"].as_array().unwrap().is_empty());

    // A rectification request about her seat.
    let bad = data_requests::file(
        db,
        Some(rosa),
        &site,
        &data_requests::RequestForm {
            kind: "rectification".into(),
            seat: "o/p".into(),
            text: String::new(),
        },
        now,
    )
    .await;
    assert!(bad.is_err(), "another person's seat, no text");
    let mails_before = support::scalar(db, "SELECT COUNT(*) FROM mail_outbox").await;
    let id = data_requests::file(
        db,
        Some(rosa),
        &site,
        &data_requests::RequestForm {
            kind: "rectification".into(),
            seat: "b/r1".into(),
            text: "Mi región es Caribe.".into(),
        },
        now,
    )
    .await
    .unwrap();
    let mails = support::scalar(db, "SELECT COUNT(*) FROM mail_outbox").await;
    assert_eq!(
        mails - mails_before,
        2,
        "{}: B's secretary and the administrator",
        t.name
    );
    let leaked = support::scalar(
        db,
        "SELECT COUNT(*) FROM mail_outbox WHERE body_text LIKE '%Caribe%'",
    )
    .await;
    assert_eq!(leaked, 0, "the request's text stays on the site");

    let actor = |id| async move { load_actor(db, id, Utc::now()).await.unwrap() };
    let sara_a = actor(sara).await;
    let pablo_a = actor(pablo).await;
    assert_eq!(
        data_requests::to_answer(db, sara_a.as_ref())
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(data_requests::to_answer(db, pablo_a.as_ref())
        .await
        .unwrap()
        .is_empty());
    assert!(
        data_requests::answer(db, pablo_a.as_ref(), &site, id, "done", "Hecho.", now)
            .await
            .is_err(),
        "another council's secretary"
    );
    data_requests::answer(db, sara_a.as_ref(), &site, id, "done", "Corregido.", now)
        .await
        .unwrap();
    assert!(
        data_requests::answer(db, sara_a.as_ref(), &site, id, "refused", "No.", now)
            .await
            .is_err(),
        "answered once"
    );
    let seen = data_requests::mine(db, Some(rosa)).await.unwrap();
    assert_eq!(seen[0].state, "done");
    assert_eq!(seen[0].response.as_deref(), Some("Corregido."));
    let told = support::scalar(
        db,
        "SELECT COUNT(*) FROM mail_outbox WHERE recipient = 'rosa@example.org'",
    )
    .await;
    assert_eq!(told, 1);
}
