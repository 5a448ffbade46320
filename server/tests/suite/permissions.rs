//! The permission matrix of `spec/access.md`: for every row and every role,
//! what is allowed is allowed and what is refused gets 401 (no session) or
//! 403 and changes nothing in the database.
//!
//! Rows are checked on the rules module that every service calls
//! (`authz::may`), and, where the action exists as a service, by calling it
//! and comparing every table's row count before and after.
use crate::support;

use app::server::authz::{check, load_actor, may, Actor, DemandRef, ExportRef};
use app::server::error::ServiceError;
use app::server::services::accounts::{invitations, roles, SiteUrl};
use app::server::services::meetings::{calendar, records, schedule};
use app::server::services::{audit, dataset};
use chrono::Utc;
use entity::{authority, body};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// The columns of access.md.
const ROLES: [&str; 5] = ["public", "representative", "secretary", "official", "admin"];

struct World {
    actors: Vec<(&'static str, Option<Actor>)>,
    /// Body B and another body.
    b: i64,
    other_body: i64,
    /// Authority A and another authority.
    a: i64,
    other_authority: i64,
    /// Account ids of the representative and of another representative of B.
    rep_account: i64,
    other_rep_account: i64,
}

async fn id_of_body(db: &DatabaseConnection, key: &str) -> i64 {
    body::Entity::find()
        .filter(body::Column::Key.eq(key))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn id_of_authority(db: &DatabaseConnection, key: &str) -> i64 {
    authority::Entity::find()
        .filter(authority::Column::Key.eq(key))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn world(db: &DatabaseConnection) -> World {
    server::demo::load_if_empty(db, &|_| {})
        .await
        .expect("demo");
    let now = Utc::now();
    let rep = support::account(
        db,
        "rep@example.org",
        "rep password 1",
        &[("representative", "consejo-nacional", "m03", "")],
    )
    .await;
    let rep2 = support::account(
        db,
        "rep2@example.org",
        "rep password 2",
        &[("representative", "consejo-nacional", "m05", "")],
    )
    .await;
    let sec = support::account(
        db,
        "sec@example.org",
        "sec password 1",
        &[("secretary", "consejo-nacional", "", "")],
    )
    .await;
    let chair = support::account(
        db,
        "chair@example.org",
        "chair password",
        &[("chair", "consejo-nacional", "", "")],
    )
    .await;
    let off = support::account(
        db,
        "off@example.org",
        "off password 1",
        &[("official", "", "", "inm")],
    )
    .await;
    let admin = support::account(
        db,
        "admin@example.org",
        "admin password",
        &[("admin", "", "", "")],
    )
    .await;
    let load = |id| async move { load_actor(db, id, now).await.unwrap() };
    World {
        actors: vec![
            ("public", None),
            ("representative", load(rep).await),
            ("secretary", load(sec).await),
            ("chair", load(chair).await),
            ("official", load(off).await),
            ("admin", load(admin).await),
        ],
        b: id_of_body(db, "consejo-nacional").await,
        other_body: id_of_body(db, "consejo-cdmx").await,
        a: id_of_authority(db, "inm").await,
        other_authority: id_of_authority(db, "comar").await,
        rep_account: rep,
        other_rep_account: rep2,
    }
}

/// access.md's cell for a role column ("chair" reads as "secretary/chair").
fn column(role: &str) -> usize {
    let col = if role == "chair" { "secretary" } else { role };
    ROLES.iter().position(|r| *r == col).unwrap()
}

fn assert_refusal(who: Option<&Actor>, allowed: bool, role: &str, row: &str) {
    match check(who, allowed) {
        Ok(()) => assert!(allowed, "{row}: {role} allowed"),
        Err(ServiceError::Unauthorized) => {
            assert!(who.is_none(), "{row}: 401 only without a session")
        }
        Err(ServiceError::Forbidden) => assert!(who.is_some(), "{row}: {role} gets 403"),
        Err(e) => panic!("{row}: unexpected {e:?}"),
    }
}

on_both!(every_row_of_access_md_for_every_role);
async fn every_row_of_access_md_for_every_role(t: support::TestDb) {
    let db = &t.conn;
    let w = world(db).await;
    let (b, a) = (w.b, w.a);
    let own = DemandRef {
        body_id: b,
        submitted_by: Some(w.rep_account),
        addressed_to: &[a],
    };
    let others = DemandRef {
        body_id: b,
        submitted_by: Some(w.other_rep_account),
        addressed_to: &[a],
    };
    let not_to_a = DemandRef {
        body_id: b,
        submitted_by: None,
        addressed_to: &[w.other_authority],
    };
    // (row, rule, expected per column: public, representative, secretary/chair, official, admin)
    type Rule<'a> = Box<dyn Fn(Option<&Actor>) -> bool + 'a>;
    let rows: Vec<(&str, Rule, [bool; 5])> = vec![
        ("read public pages", Box::new(may::read_public), [true; 5]),
        (
            "read confidential text of B to A",
            Box::new(|w| may::read_confidential_text(w, &own)),
            [false, true, true, true, true],
        ),
        (
            "read confidential text not addressed to A",
            Box::new(|w| may::read_confidential_text(w, &not_to_a)),
            [false, true, true, false, true],
        ),
        (
            "see member details of B",
            Box::new(|w| may::see_member_details(w, b)),
            [false, false, true, false, true],
        ),
        (
            "submit a demand for B",
            Box::new(|w| may::submit_demand(w, b)),
            [false, true, true, false, true],
        ),
        (
            "edit own demand before answer",
            Box::new(|w| may::edit_demand(w, &own)),
            [false, true, true, false, true],
        ),
        (
            "edit another's demand before answer",
            Box::new(|w| may::edit_demand(w, &others)),
            [false, false, true, false, true],
        ),
        (
            "clarification or verdict on B",
            Box::new(|w| may::respond_as_body(w, b)),
            [false, true, true, false, true],
        ),
        (
            "answer a referral to A",
            Box::new(|w| may::answer_referral(w, a)),
            [false, false, false, true, true],
        ),
        (
            "manage B",
            Box::new(|w| may::manage_body(w, b)),
            [false, false, true, false, true],
        ),
        (
            "read B's unpublished minutes",
            Box::new(|w| may::read_body_records(w, b)),
            [false, true, true, false, true],
        ),
        (
            "invite members of B",
            Box::new(|w| may::invite_member(w, b)),
            [false, false, true, false, true],
        ),
        (
            "create bodies, invite anyone, assign roles",
            Box::new(may::administer),
            [false, false, false, false, true],
        ),
        (
            "import a dataset",
            Box::new(may::import_dataset),
            [false, false, false, false, true],
        ),
        (
            "export B",
            Box::new(|w| may::export_dataset(w, ExportRef::Body(b))),
            [false, false, true, false, true],
        ),
        (
            "export everything",
            Box::new(|w| may::export_dataset(w, ExportRef::All)),
            [false, false, false, false, true],
        ),
    ];
    for (row, rule, expected) in &rows {
        for (role, actor) in &w.actors {
            let allowed = rule(actor.as_ref());
            assert_eq!(
                allowed,
                expected[column(role)],
                "{}: {row} for {role}",
                t.name
            );
            assert_refusal(actor.as_ref(), allowed, role, row);
        }
    }
    // Rights stop at the body's and the authority's border.
    let (ob, oa) = (w.other_body, w.other_authority);
    let other_rows: Vec<(&str, Rule)> = vec![
        (
            "submit for another body",
            Box::new(move |x| may::submit_demand(x, ob)),
        ),
        (
            "manage another body",
            Box::new(move |x| may::manage_body(x, ob)),
        ),
        (
            "read another body's unpublished minutes",
            Box::new(move |x| may::read_body_records(x, ob)),
        ),
        (
            "see details of another body",
            Box::new(move |x| may::see_member_details(x, ob)),
        ),
        (
            "answer for another authority",
            Box::new(move |x| may::answer_referral(x, oa)),
        ),
        (
            "export another body",
            Box::new(move |x| may::export_dataset(x, ExportRef::Body(ob))),
        ),
    ];
    for (row, rule) in &other_rows {
        for (role, actor) in &w.actors {
            assert_eq!(
                rule(actor.as_ref()),
                *role == "admin",
                "{}: {row} for {role}",
                t.name
            );
        }
    }
}

/// Runs `action` for every role: allowed roles succeed, the others get
/// 401/403 and leave every table as it was.
async fn services_row<F, Fut>(
    db: &DatabaseConnection,
    w: &World,
    row: &str,
    allowed: &[&str],
    action: F,
) where
    F: Fn(Option<Actor>, usize) -> Fut,
    Fut: std::future::Future<Output = Result<(), ServiceError>>,
{
    for (i, (role, actor)) in w.actors.iter().enumerate() {
        let before = support::counts(db).await;
        let result = action(actor.clone(), i).await;
        if allowed.contains(role) {
            assert!(
                result.is_ok(),
                "{row}: {role} should succeed, got {result:?}"
            );
        } else {
            match (&result, actor) {
                (Err(ServiceError::Unauthorized), None)
                | (Err(ServiceError::Forbidden), Some(_)) => {}
                other => panic!(
                    "{row}: {role} should be refused with 401/403, got {:?}",
                    other.0
                ),
            }
            assert_eq!(
                support::counts(db).await,
                before,
                "{row}: refused {role} changed nothing"
            );
        }
    }
}

on_both!(services_enforce_the_matrix_and_refusals_change_nothing);
async fn services_enforce_the_matrix_and_refusals_change_nothing(t: support::TestDb) {
    let db = &t.conn;
    let w = world(db).await;
    let site = SiteUrl::new("http://voces.test");
    let now = Utc::now();

    services_row(
        db,
        &w,
        "invite anyone (with a role)",
        &["admin"],
        |who, i| {
            let site = site.clone();
            async move {
                let form = invitations::InviteForm {
                    email: format!("new{i}@example.org"),
                    locale: "es".into(),
                    grant: roles::GrantForm {
                        role: "official".into(),
                        authority: "inm".into(),
                        ..Default::default()
                    },
                };
                invitations::invite(db, who.as_ref(), &site, &form, now)
                    .await
                    .map(|_| ())
            }
        },
    )
    .await;

    services_row(
        db,
        &w,
        "invite a member of B",
        &["secretary", "chair", "admin"],
        |who, i| {
            let site = site.clone();
            async move {
                invitations::invite_member(
                    db,
                    who.as_ref(),
                    &site,
                    "consejo-nacional",
                    "m06",
                    &format!("m06-{i}@example.org"),
                    "es",
                    now,
                )
                .await
                .map(|_| ())
            }
        },
    )
    .await;

    // The administrator comes last in the list, so one prepared target
    // serves every row: the refused roles try first, then it succeeds.
    let target = support::account(db, "target@example.org", "target password", &[]).await;
    services_row(db, &w, "assign roles", &["admin"], |who, _| async move {
        let form = roles::GrantForm {
            role: "official".into(),
            authority: "comar".into(),
            ..Default::default()
        };
        roles::grant(db, who.as_ref(), target, &form, now).await
    })
    .await;
    let granted = entity::role_assignment::Entity::find()
        .filter(entity::role_assignment::Column::AccountId.eq(target))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .id;
    services_row(db, &w, "revoke roles", &["admin"], |who, _| async move {
        roles::revoke(db, who.as_ref(), granted, now).await
    })
    .await;

    services_row(
        db,
        &w,
        "disable accounts",
        &["admin"],
        |who, _| async move { roles::set_disabled(db, who.as_ref(), target, false, now).await },
    )
    .await;

    services_row(
        db,
        &w,
        "read the audit log",
        &["admin"],
        |who, _| async move {
            audit::list(db, who.as_ref(), &Default::default())
                .await
                .map(|_| ())
        },
    )
    .await;
    services_row(
        db,
        &w,
        "administration overview",
        &["admin"],
        |who, _| async move { roles::overview(db, who.as_ref(), now).await.map(|_| ()) },
    )
    .await;

    services_row(
        db,
        &w,
        "export B",
        &["secretary", "chair", "admin"],
        |who, _| async move {
            dataset::export_for(
                db,
                who.as_ref(),
                dataset::ExportScope::Body("consejo-nacional".into()),
            )
            .await
            .map(|_| ())
        },
    )
    .await;
    services_row(
        db,
        &w,
        "export everything",
        &["admin"],
        |who, _| async move {
            dataset::export_for(db, who.as_ref(), dataset::ExportScope::All)
                .await
                .map(|_| ())
        },
    )
    .await;
    services_row(
        db,
        &w,
        "import a dataset",
        &["admin"],
        |who, _| async move {
            let doc = r#"{"format":"voces-dataset/1","authorities":[],"bodies":[]}"#;
            dataset::import_for(db, who.as_ref(), doc, Default::default())
                .await
                .map(|_| ())
        },
    )
    .await;
    // Meetings of B: schedule, change, cancel, mark held, attendance,
    // minutes, and the attendance sheet.
    let managers = ["secretary", "chair", "admin"];
    let next_month = (now + chrono::Duration::days(30)).date_naive().to_string();
    let details = schedule::MeetingForm {
        title: "Sesión".into(),
        kind: "ordinary".into(),
        date: next_month.clone(),
        start: "10:00".into(),
        ..Default::default()
    };
    let site = &site;
    let details = &details;
    services_row(
        db,
        &w,
        "schedule B's meetings",
        &managers,
        |who, _| async move {
            schedule::schedule(db, who.as_ref(), site, "consejo-nacional", details, now)
                .await
                .map(|_| ())
        },
    )
    .await;
    let admin = w.actors.last().and_then(|(_, a)| a.clone());
    let key = schedule::schedule(db, admin.as_ref(), site, "consejo-nacional", details, now)
        .await
        .unwrap();
    let key = &key;
    services_row(
        db,
        &w,
        "change B's meetings",
        &managers,
        |who, _| async move {
            schedule::update(
                db,
                who.as_ref(),
                site,
                "consejo-nacional",
                key,
                details,
                now,
            )
            .await
            .map(|_| ())
        },
    )
    .await;
    services_row(
        db,
        &w,
        "record B's attendance",
        &managers,
        |who, _| async move {
            records::save_attendance(
                db,
                who.as_ref(),
                site,
                "consejo-nacional",
                key,
                &Default::default(),
                now,
            )
            .await
        },
    )
    .await;
    services_row(
        db,
        &w,
        "read B's attendance sheet",
        &managers,
        |who, _| async move {
            calendar::sheet(db, who.as_ref(), "consejo-nacional", key)
                .await
                .map(|_| ())
        },
    )
    .await;
    services_row(
        db,
        &w,
        "write B's minutes",
        &managers,
        |who, _| async move {
            records::save_minutes(
                db,
                who.as_ref(),
                "consejo-nacional",
                key,
                "Acta",
                records::MinutesAction::Save,
                now,
            )
            .await
        },
    )
    .await;
    let reason = schedule::CancelForm {
        reason: "Sin sala".into(),
        ..Default::default()
    };
    let reason = &reason;
    services_row(
        db,
        &w,
        "cancel B's meetings",
        &managers,
        |who, _| async move {
            schedule::cancel(db, who.as_ref(), site, "consejo-nacional", key, reason, now).await
        },
    )
    .await;
    let other = schedule::schedule(db, admin.as_ref(), site, "consejo-nacional", details, now)
        .await
        .unwrap();
    let other = &other;
    services_row(
        db,
        &w,
        "mark B's meetings held",
        &managers,
        |who, _| async move {
            // (Once it has begun: next month's session, two months on.)
            let begun = now + chrono::Duration::days(62);
            schedule::mark_held(db, who.as_ref(), site, "consejo-nacional", other, begun).await
        },
    )
    .await;
    // Demands of B to A: submit, the authority's events, the body's
    // clarification and verdict.
    use app::server::services::demands::write::{self, DemandForm};
    let form = DemandForm {
        title: "Demanda".into(),
        text: "Texto".into(),
        topic: "health".into(),
        authorities: vec!["inm".into()],
        submitted_by: "m03".into(),
        ..Default::default()
    };
    let form = &form;
    services_row(
        db,
        &w,
        "submit a demand for B",
        &["representative", "secretary", "chair", "admin"],
        |who, _| async move {
            write::submit(db, who.as_ref(), site, "consejo-nacional", form, now)
                .await
                .map(|_| ())
        },
    )
    .await;
    let key = write::submit(db, admin.as_ref(), site, "consejo-nacional", form, now)
        .await
        .unwrap();
    let thread = ("consejo-nacional", key.as_str(), "inm");
    services_row(
        db,
        &w,
        "acknowledge a referral to A",
        &["official", "admin"],
        |who, _| async move {
            write::add_event(db, who.as_ref(), site, thread, "acknowledged", "", "", now).await
        },
    )
    .await;
    write::add_event(
        db,
        admin.as_ref(),
        site,
        thread,
        "clarification_requested",
        "¿?",
        "",
        now,
    )
    .await
    .unwrap();
    // Refused roles first; the first allowed one closes the pause, so
    // the others are asked to open and close one each time.
    for (role, actor) in &w.actors {
        let before = support::counts(db).await;
        let r = write::add_event(
            db,
            actor.as_ref(),
            site,
            thread,
            "clarification_provided",
            "Esto.",
            "",
            now,
        )
        .await;
        if ["representative", "secretary", "chair", "admin"].contains(role) {
            assert!(r.is_ok(), "clarify: {role} {r:?}");
            write::add_event(
                db,
                admin.as_ref(),
                site,
                thread,
                "clarification_requested",
                "¿?",
                "",
                now,
            )
            .await
            .unwrap();
        } else {
            assert!(
                matches!(
                    r,
                    Err(ServiceError::Unauthorized) | Err(ServiceError::Forbidden)
                ),
                "clarify: {role} {r:?}"
            );
            assert_eq!(support::counts(db).await, before);
        }
    }
    services_row(
        db,
        &w,
        "answer a referral to A",
        &["official", "admin"],
        |who, _| async move {
            write::add_event(db, who.as_ref(), site, thread, "accepted", "Sí.", "", now).await
        },
    )
    .await;
    services_row(
        db,
        &w,
        "a verdict on B's referral",
        &["representative", "secretary", "chair", "admin"],
        |who, _| async move {
            write::add_verdict(db, who.as_ref(), site, thread, "satisfied", "", now).await
        },
    )
    .await;
    // Another authority's official may not answer for A.
    let other_official = support::account(
        db,
        "comar@example.org",
        "off password 2",
        &[("official", "", "", "comar")],
    )
    .await;
    let other_official = load_actor(db, other_official, now).await.unwrap();
    assert!(matches!(
        write::add_event(
            db,
            other_official.as_ref(),
            site,
            thread,
            "rejected",
            "No.",
            "",
            now
        )
        .await,
        Err(ServiceError::Forbidden)
    ));
    eprintln!("{}: matrix of services checked", t.name);
}
