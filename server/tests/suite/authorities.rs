//! Authorities administered in the app: created and edited with every
//! problem named, their deadline rule and holidays changed without moving
//! any existing referral's deadline, archived (no longer offered for new
//! demands) and restored, officials invited from there; each change audited.
use crate::support;

use app::server::authz::load_actor;
use app::server::error::ServiceError;
use app::server::services::accounts::{invitations, roles::GrantForm, SiteUrl};
use app::server::services::authority_settings::{self, AuthorityForm};
use app::server::services::{dataset, demands};
use chrono::{DateTime, Utc};
use entity::{audit_log, authority, referral};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

async fn referral_due(db: &DatabaseConnection, authority_key: &str) -> Vec<Option<DateTime<Utc>>> {
    let a = authority::Entity::find()
        .filter(authority::Column::Key.eq(authority_key))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut due: Vec<_> = referral::Entity::find()
        .filter(referral::Column::AuthorityId.eq(a.id))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.id, r.due_at))
        .collect();
    due.sort();
    due.into_iter().map(|(_, d)| d).collect()
}

fn codes(e: ServiceError) -> Vec<String> {
    match e {
        ServiceError::Form(errors) => errors.into_iter().map(|e| e.code).collect(),
        other => vec![format!("{other:?}")],
    }
}

on_both!(authorities_are_run_from_the_app);
async fn authorities_are_run_from_the_app(t: support::TestDb) {
    let db = &t.conn;
    dataset::import(
        db,
        include_str!("../fixtures/demands.json"),
        Default::default(),
        &|_| {},
    )
    .await
    .unwrap();
    let pw = "a long password";
    let admin = support::account(db, "admin@example.org", pw, &[("admin", "", "", "")]).await;
    let sec = support::account(db, "sec@example.org", pw, &[("secretary", "b", "", "")]).await;
    let now = Utc::now();
    let admin = load_actor(db, admin, now).await.unwrap();
    let sec = load_actor(db, sec, now).await.unwrap();

    // Only administrators; every problem of the form named.
    let good = AuthorityForm {
        key: "sre".into(),
        name: "Secretaría de Relaciones Exteriores".into(),
        acronym: "SRE".into(),
        level: "federal".into(),
        response_days: "15".into(),
        day_kind: "business".into(),
        email: " Enlace@SRE.example.org ".into(),
    };
    assert!(matches!(
        authority_settings::save(db, sec.as_ref(), None, &good, now).await,
        Err(ServiceError::Forbidden)
    ));
    assert!(matches!(
        authority_settings::list(db, sec.as_ref()).await,
        Err(ServiceError::Forbidden)
    ));
    let bad = AuthorityForm {
        key: "inm".into(),
        ..good.clone()
    };
    let e = authority_settings::save(db, admin.as_ref(), None, &bad, now)
        .await
        .unwrap_err();
    assert_eq!(codes(e), ["duplicate_key"]);
    assert_eq!(
        authority_settings::save(db, admin.as_ref(), None, &good, now)
            .await
            .unwrap(),
        "sre"
    );
    let page = authority_settings::get(db, admin.as_ref(), "sre", now)
        .await
        .unwrap();
    assert_eq!(page.settings.email, "enlace@sre.example.org");
    assert_eq!(page.referrals, 0);
    let rows = authority_settings::list(db, admin.as_ref()).await.unwrap();
    assert_eq!(rows.len(), 3);

    // A rule change keeps every existing deadline where it was: COMAR's
    // imported referrals (30 calendar days, none recorded) get theirs
    // recorded from the old rule before it changes to 10 business days.
    assert_eq!(referral_due(db, "comar").await, [None, None]);
    let before = demands::view(db, admin.as_ref(), "b", "d1", now)
        .await
        .unwrap()
        .unwrap();
    let mut comar = authority_settings::get(db, admin.as_ref(), "comar", now)
        .await
        .unwrap()
        .settings;
    comar.response_days = "10".into();
    comar.day_kind = "business".into();
    authority_settings::save(db, admin.as_ref(), Some("comar"), &comar, now)
        .await
        .unwrap();
    let recorded = referral_due(db, "comar").await;
    assert_eq!(
        recorded[0],
        Some("2026-04-11T18:00:00Z".parse::<DateTime<Utc>>().unwrap())
    );
    assert!(recorded.iter().all(Option::is_some));
    let after = demands::view(db, admin.as_ref(), "b", "d1", now)
        .await
        .unwrap()
        .unwrap();
    let clocks = |v: &app::domain::demands::DemandView| -> Vec<String> {
        v.referrals
            .iter()
            .map(|r| format!("{:?}", r.clock))
            .collect()
    };
    assert_eq!(clocks(&before), clocks(&after));

    // Holidays: a year's list pasted in two formats, once; one removed.
    let added = authority_settings::add_holidays(
        db,
        admin.as_ref(),
        "sre",
        "2027-01-01, 16/09/2027\n2027-01-01",
        now,
    )
    .await
    .unwrap();
    assert_eq!(added, 2);
    let again = authority_settings::add_holidays(db, admin.as_ref(), "sre", "2027-09-16", now)
        .await
        .unwrap();
    assert_eq!(again, 0);
    let e = authority_settings::add_holidays(db, admin.as_ref(), "sre", "31/02/2027", now)
        .await
        .unwrap_err();
    assert_eq!(codes(e), ["invalid_date"]);
    authority_settings::remove_holiday(db, admin.as_ref(), "sre", "2027-01-01", now)
        .await
        .unwrap();
    let page = authority_settings::get(db, admin.as_ref(), "sre", now)
        .await
        .unwrap();
    assert_eq!(page.holidays, ["2027-09-16"]);

    // Archived: not offered for new demands, refused if posted anyway;
    // restored, offered again.
    authority_settings::set_archived(db, admin.as_ref(), "sre", true, now)
        .await
        .unwrap();
    let options = demands::write::form_options(db, sec.as_ref(), "b", now)
        .await
        .unwrap();
    assert!(options.authorities.iter().all(|(k, _)| k != "sre"));
    let form = demands::write::DemandForm {
        title: "Visas".into(),
        text: "Texto".into(),
        topic: "documentation".into(),
        authorities: vec!["sre".into()],
        submitted_by: "a".into(),
        ..Default::default()
    };
    let site = SiteUrl::new("http://voces.test");
    let e = demands::write::submit(db, sec.as_ref(), &site, "b", &form, now)
        .await
        .unwrap_err();
    assert!(codes(e).contains(&"authority_archived".to_string()));
    authority_settings::set_archived(db, admin.as_ref(), "sre", false, now)
        .await
        .unwrap();
    let options = demands::write::form_options(db, sec.as_ref(), "b", now)
        .await
        .unwrap();
    assert!(options.authorities.iter().any(|(k, _)| k == "sre"));

    // An official invited from the authority's page is listed as pending.
    invitations::invite(
        db,
        admin.as_ref(),
        &site,
        &invitations::InviteForm {
            email: "oficial@sre.example.org".into(),
            locale: "es".into(),
            grant: GrantForm {
                role: "official".into(),
                authority: "sre".into(),
                ..Default::default()
            },
        },
        now,
    )
    .await
    .unwrap();
    let page = authority_settings::get(db, admin.as_ref(), "sre", now)
        .await
        .unwrap();
    assert_eq!(page.officials.len(), 1);
    assert!(page.officials[0].pending);

    // Every change is in the audit log.
    let actions: Vec<String> = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("authority"))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.action)
        .collect();
    for a in [
        "create",
        "update",
        "holidays_add",
        "holidays_remove",
        "archive",
        "restore",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
}
