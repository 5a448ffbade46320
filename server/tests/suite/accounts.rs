//! Accounts as services (no HTTP): invitations, acceptance, sign-in with
//! its rate limits, password reset, the account page, roles, and the audit
//! records they leave. Every test runs on SQLite and PostgreSQL.
use crate::support;

use app::server::authz::{load_actor, Grant as Right};
use app::server::error::ServiceError;
use app::server::services::accounts::{
    invitations, login, passwords, profile, reset, roles, tokens, SiteUrl,
};
use chrono::{Duration, Utc};
use entity::{account, audit_log, invitation, mail_outbox, role_assignment};
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

fn site() -> SiteUrl {
    SiteUrl::new("http://voces.test")
}

fn codes(e: ServiceError) -> Vec<String> {
    match e {
        ServiceError::Form(errors) => errors.into_iter().map(|e| e.code).collect(),
        other => panic!("expected form problems, got {other:?}"),
    }
}

fn token_of(url: &str) -> &str {
    url.rsplit('/').next().unwrap()
}

async fn demo(db: &DatabaseConnection) {
    server::demo::load_if_empty(db, &|_| {})
        .await
        .expect("demo");
}

fn accept_form(name: &str, pw: &str) -> invitations::AcceptForm {
    invitations::AcceptForm {
        name: name.into(),
        password: pw.into(),
        confirm: pw.into(),
        locale: "en".into(),
    }
}

on_both!(first_admin_invitation_acceptance_and_single_use);
async fn first_admin_invitation_acceptance_and_single_use(t: support::TestDb) {
    let db = &t.conn;
    let now = Utc::now();
    let inv = invitations::invite_admin(db, &site(), "  Ana@Example.org ", "en", now)
        .await
        .unwrap();
    assert_eq!(inv.email, "ana@example.org");
    assert!(inv.url.starts_with("http://voces.test/invitations/"));
    let token = token_of(&inv.url);
    // Only the hash is stored.
    let row = invitation::Entity::find_by_id(inv.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.token_hash, tokens::digest(token));
    assert_ne!(row.token_hash, token);
    assert_eq!(row.expires_at - row.created_at, Duration::days(7));
    // The mail is queued in the same transaction, in English.
    let mails = mail_outbox::Entity::find().all(db).await.unwrap();
    assert_eq!(mails.len(), 1, "{}", t.name);
    assert_eq!(mails[0].recipient, "ana@example.org");
    assert_eq!(mails[0].subject, "Your invitation to Voces");
    assert!(mails[0].body_text.contains(&inv.url));
    assert!(mails[0].body_html.as_deref().unwrap().contains("<a href="));

    let info = invitations::info(db, token, "invite", now).await.unwrap();
    assert!(info.valid);
    assert_eq!(info.email, "ana@example.org");
    assert!(
        !invitations::info(db, "wrong", "invite", now)
            .await
            .unwrap()
            .valid
    );
    assert!(
        !invitations::info(db, token, "reset", now)
            .await
            .unwrap()
            .valid
    );

    // Bad input changes nothing and says what is wrong.
    let before = support::counts(db).await;
    let e = invitations::accept(
        db,
        token,
        &invitations::AcceptForm {
            name: " ".into(),
            password: "short".into(),
            confirm: "short".into(),
            locale: "en".into(),
        },
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(codes(e), ["required", "password_short"]);
    assert_eq!(support::counts(db).await, before);

    let id = invitations::accept(
        db,
        token,
        &accept_form("Ana Pérez", "a long passphrase"),
        now,
    )
    .await
    .unwrap();
    let acc = account::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(acc
        .password_hash
        .as_deref()
        .unwrap()
        .starts_with("$argon2id$"));
    assert_eq!(acc.locale, "en");
    assert_eq!(acc.name, "Ana Pérez");
    let actor = load_actor(db, id, now).await.unwrap().unwrap();
    assert!(actor.admin);
    // Single use.
    let again = invitations::accept(db, token, &accept_form("X", "a long passphrase"), now)
        .await
        .unwrap_err();
    assert_eq!(codes(again), ["token_invalid"]);
    // Audit: invitation created, account created, role granted, accepted.
    let actions: Vec<(String, String)> = audit_log::Entity::find()
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.entity, a.action))
        .collect();
    let expected = [
        ("invitation", "create"),
        ("account", "create"),
        ("role_assignment", "grant"),
        ("invitation", "accept"),
    ];
    assert_eq!(
        actions,
        expected
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .to_vec()
    );
    let created = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("account"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        !created.after.unwrap().contains("argon2"),
        "no hash in the log"
    );
}

on_both!(invitations_expire_after_seven_days);
async fn invitations_expire_after_seven_days(t: support::TestDb) {
    let db = &t.conn;
    let then = Utc::now() - Duration::days(7) - Duration::seconds(1);
    let inv = invitations::invite_admin(db, &site(), "old@example.org", "es", then)
        .await
        .unwrap();
    let e = invitations::accept(
        db,
        token_of(&inv.url),
        &accept_form("Old", "a long passphrase"),
        Utc::now(),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(e), ["token_invalid"], "{}", t.name);
}

on_both!(secretaries_invite_members_and_the_seat_brings_its_rights);
async fn secretaries_invite_members_and_the_seat_brings_its_rights(t: support::TestDb) {
    let db = &t.conn;
    demo(db).await;
    let now = Utc::now();
    let sec = support::account(
        db,
        "sec@example.org",
        "sec password 1",
        &[("secretary", "consejo-nacional", "", "")],
    )
    .await;
    let other = support::account(
        db,
        "other@example.org",
        "other password",
        &[("secretary", "consejo-cdmx", "", "")],
    )
    .await;
    let sec_actor = load_actor(db, sec, now).await.unwrap();
    let other_actor = load_actor(db, other, now).await.unwrap();

    // Another body's secretary may not.
    let before = support::counts(db).await;
    let e = invitations::invite_member(
        db,
        other_actor.as_ref(),
        &site(),
        "consejo-nacional",
        "m03",
        "",
        "es",
        now,
    )
    .await
    .unwrap_err();
    assert!(matches!(e, ServiceError::Forbidden), "{e:?}");
    // Nor may a secretary grant other roles.
    let e = invitations::invite(
        db,
        sec_actor.as_ref(),
        &site(),
        &invitations::InviteForm {
            email: "x@example.org".into(),
            locale: "es".into(),
            grant: roles::GrantForm {
                role: "admin".into(),
                ..Default::default()
            },
        },
        now,
    )
    .await
    .unwrap_err();
    assert!(matches!(e, ServiceError::Forbidden), "{e:?}");
    assert_eq!(support::counts(db).await, before);

    // To the roster's address when none is typed.
    let inv = invitations::invite_member(
        db,
        sec_actor.as_ref(),
        &site(),
        "consejo-nacional",
        "m03",
        "",
        "es",
        now,
    )
    .await
    .unwrap();
    assert_eq!(inv.email, "rene.xicara@example.org", "{}", t.name);
    let info = invitations::info(db, token_of(&inv.url), "invite", now)
        .await
        .unwrap();
    assert!(
        info.valid && info.name.is_some(),
        "the seat's name is suggested"
    );
    let id = invitations::accept(
        db,
        token_of(&inv.url),
        &accept_form("René", "rene passphrase"),
        now,
    )
    .await
    .unwrap();
    let actor = load_actor(db, id, now).await.unwrap().unwrap();
    assert!(
        matches!(actor.grants.as_slice(), [Right::Representative { .. }]),
        "{:?}",
        actor.grants
    );
    let body_id = match actor.grants[0] {
        Right::Representative { body, .. } => body,
        _ => unreachable!(),
    };
    assert!(actor.represents(body_id));

    // The secretary's own seat brings the secretary role as well.
    let inv = invitations::invite_member(
        db,
        sec_actor.as_ref(),
        &site(),
        "consejo-nacional",
        "m02",
        "saul@example.org",
        "es",
        now,
    )
    .await
    .unwrap();
    let id = invitations::accept(
        db,
        token_of(&inv.url),
        &accept_form("Saúl", "saul passphrase"),
        now,
    )
    .await
    .unwrap();
    let actor = load_actor(db, id, now).await.unwrap().unwrap();
    assert!(actor.manages(body_id) && actor.represents(body_id));

    // A withdrawn member's link to the seat gives no rights.
    let inv = invitations::invite_member(
        db,
        sec_actor.as_ref(),
        &site(),
        "consejo-nacional",
        "m04",
        "m04@example.org",
        "es",
        now,
    )
    .await
    .unwrap();
    let id = invitations::accept(
        db,
        token_of(&inv.url),
        &accept_form("Withdrawn", "withdrawn pass"),
        now,
    )
    .await
    .unwrap();
    let actor = load_actor(db, id, now).await.unwrap().unwrap();
    assert!(
        !actor.represents(body_id),
        "withdrawn members do not represent"
    );
    assert_eq!(
        role_assignment::Entity::find()
            .filter(role_assignment::Column::AccountId.eq(id))
            .count(db)
            .await
            .unwrap(),
        1,
        "the link is kept for the record"
    );
}

on_both!(sign_in_is_rate_limited_per_account_and_per_address);
async fn sign_in_is_rate_limited_per_account_and_per_address(t: support::TestDb) {
    let db = &t.conn;
    let now = Utc::now();
    let id = support::account(db, "luz@example.org", "right password", &[]).await;
    assert_eq!(
        login::authenticate(db, "LUZ@example.org ", "right password", "10.0.0.1", now)
            .await
            .unwrap(),
        id
    );
    let acc = account::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(acc.last_login_at.is_some());
    // Unknown address and wrong password: the same answer.
    for (email, pw) in [("nobody@example.org", "x"), ("luz@example.org", "wrong")] {
        let e = login::authenticate(db, email, pw, "10.0.0.1", now)
            .await
            .unwrap_err();
        assert_eq!(codes(e), ["credentials"]);
    }
    for _ in 0..4 {
        let _ = login::authenticate(db, "luz@example.org", "wrong", "10.0.0.2", now).await;
    }
    // Five failures for the account: even the right password waits.
    let e = login::authenticate(db, "luz@example.org", "right password", "10.0.0.3", now)
        .await
        .unwrap_err();
    assert!(
        matches!(e, ServiceError::RateLimited { minutes } if (1..=15).contains(&minutes)),
        "{e:?}"
    );
    // After the window, it works again.
    let later = now + Duration::minutes(login::WINDOW_MINUTES) + Duration::seconds(1);
    assert_eq!(
        login::authenticate(db, "luz@example.org", "right password", "10.0.0.3", later)
            .await
            .unwrap(),
        id
    );

    // Twenty failures from one address, spread over many accounts.
    for i in 0..20 {
        let _ =
            login::authenticate(db, &format!("guess{i}@example.org"), "x", "10.9.9.9", later).await;
    }
    let e = login::authenticate(db, "luz@example.org", "right password", "10.9.9.9", later)
        .await
        .unwrap_err();
    assert!(
        matches!(e, ServiceError::RateLimited { .. }),
        "{}: {e:?}",
        t.name
    );
    // Another address is not affected.
    assert!(
        login::authenticate(db, "luz@example.org", "right password", "10.0.0.4", later)
            .await
            .is_ok()
    );
}

on_both!(password_reset_answers_alike_and_works_once);
async fn password_reset_answers_alike_and_works_once(t: support::TestDb) {
    let db = &t.conn;
    let now = Utc::now();
    let id = support::account(db, "eva@example.org", "old password 1", &[]).await;
    assert_eq!(
        reset::request(db, &site(), "nobody@example.org", now)
            .await
            .unwrap(),
        None
    );
    assert_eq!(mail_outbox::Entity::find().count(db).await.unwrap(), 0);
    let e = reset::request(db, &site(), "not an address", now)
        .await
        .unwrap_err();
    assert_eq!(codes(e), ["email_invalid"]);

    let url = reset::request(db, &site(), "EVA@example.org", now)
        .await
        .unwrap()
        .unwrap();
    let first = url.clone();
    let mail = mail_outbox::Entity::find().one(db).await.unwrap().unwrap();
    assert_eq!(
        mail.subject, "Restablece tu contraseña de Voces",
        "the account's language"
    );
    let second = reset::request(db, &site(), "eva@example.org", now)
        .await
        .unwrap()
        .unwrap();
    let _third = reset::request(db, &site(), "eva@example.org", now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        reset::request(db, &site(), "eva@example.org", now)
            .await
            .unwrap(),
        None,
        "3 per hour"
    );

    let e = reset::complete(
        db,
        token_of(&first),
        "new password 1",
        "new password 2",
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(codes(e), ["password_mismatch"]);
    assert_eq!(
        reset::complete(
            db,
            token_of(&first),
            "new password 1",
            "new password 1",
            now
        )
        .await
        .unwrap(),
        id
    );
    assert_eq!(
        login::authenticate(db, "eva@example.org", "new password 1", "1.1.1.1", now)
            .await
            .unwrap(),
        id
    );
    // This link and every other open one are used up.
    for link in [&first, &second] {
        let e = reset::complete(db, token_of(link), "another pass 1", "another pass 1", now)
            .await
            .unwrap_err();
        assert_eq!(codes(e), ["token_invalid"], "{}", t.name);
    }
    // Reset links expire after two hours.
    let url = reset::request(db, &site(), "eva@example.org", now + Duration::hours(2))
        .await
        .unwrap()
        .unwrap();
    let e = reset::complete(
        db,
        token_of(&url),
        "another pass 1",
        "another pass 1",
        now + Duration::hours(5),
    )
    .await
    .unwrap_err();
    assert_eq!(codes(e), ["token_invalid"]);
}

on_both!(account_page_changes_are_audited_with_their_fields);
async fn account_page_changes_are_audited_with_their_fields(t: support::TestDb) {
    let db = &t.conn;
    let now = Utc::now();
    let id = support::account(db, "ines@example.org", "ines password", &[]).await;
    assert!(matches!(
        profile::me(db, None).await,
        Err(ServiceError::Unauthorized)
    ));
    let me = profile::me(db, Some(id)).await.unwrap();
    assert_eq!((me.email.as_str(), me.admin), ("ines@example.org", false));

    profile::update(db, Some(id), " Inés Ruiz ", "en", now)
        .await
        .unwrap();
    let me = profile::me(db, Some(id)).await.unwrap();
    assert_eq!((me.name.as_str(), me.locale.as_str()), ("Inés Ruiz", "en"));
    let rec = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("update"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(rec.account_id, Some(id));
    let before: serde_json::Value = serde_json::from_str(rec.before.as_deref().unwrap()).unwrap();
    let after: serde_json::Value = serde_json::from_str(rec.after.as_deref().unwrap()).unwrap();
    assert_eq!(before, serde_json::json!({"name": "ines", "locale": "es"}));
    assert_eq!(
        after,
        serde_json::json!({"name": "Inés Ruiz", "locale": "en"})
    );

    let e = profile::change_password(
        db,
        Some(id),
        "wrong",
        "new password 9",
        "new password 9",
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(codes(e), ["password_wrong"]);
    profile::change_password(
        db,
        Some(id),
        "ines password",
        "new password 9",
        "new password 9",
        now,
    )
    .await
    .unwrap();
    let acc = account::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        passwords::verify(acc.password_hash.as_deref().unwrap(), "new password 9"),
        "{}",
        t.name
    );
    let e = profile::update(db, Some(id), "", "es", now)
        .await
        .unwrap_err();
    assert_eq!(codes(e), ["required"]);
}

on_both!(roles_are_granted_revoked_and_the_last_admin_stays);
async fn roles_are_granted_revoked_and_the_last_admin_stays(t: support::TestDb) {
    let db = &t.conn;
    demo(db).await;
    let now = Utc::now();
    let admin = support::account(
        db,
        "root@example.org",
        "root password",
        &[("admin", "", "", "")],
    )
    .await;
    let user = support::account(db, "pia@example.org", "pia password 1", &[]).await;
    let who = load_actor(db, admin, now).await.unwrap();
    let form = |role: &str, body: &str, authority: &str| roles::GrantForm {
        role: role.into(),
        body: body.into(),
        authority: authority.into(),
        member: String::new(),
    };
    let e = roles::grant(db, who.as_ref(), user, &form("official", "", ""), now)
        .await
        .unwrap_err();
    assert_eq!(codes(e), ["required"]);
    let e = roles::grant(db, who.as_ref(), user, &form("official", "", "nope"), now)
        .await
        .unwrap_err();
    assert_eq!(codes(e), ["unknown_authority"]);
    roles::grant(db, who.as_ref(), user, &form("official", "", "inm"), now)
        .await
        .unwrap();
    let e = roles::grant(db, who.as_ref(), user, &form("official", "", "inm"), now)
        .await
        .unwrap_err();
    assert_eq!(codes(e), ["already_granted"]);
    roles::grant(
        db,
        who.as_ref(),
        user,
        &form("chair", "consejo-cdmx", ""),
        now,
    )
    .await
    .unwrap();
    let actor = load_actor(db, user, now).await.unwrap().unwrap();
    assert_eq!(actor.grants.len(), 2, "{}", t.name);

    // A representative is picked by name (accents and case aside) or by
    // key; a renewed member means their latest term.
    let rep = |member: &str| roles::GrantForm {
        role: "representative".into(),
        body: "consejo-cdmx".into(),
        authority: String::new(),
        member: member.into(),
    };
    let reader = support::account(db, "rep@example.org", "rep password 1", &[]).await;
    for (given, code) in [("", "required"), ("Nadie Conocido", "unknown_member")] {
        let e = roles::grant(db, who.as_ref(), reader, &rep(given), now)
            .await
            .unwrap_err();
        assert_eq!(codes(e), [code], "{given}");
    }
    roles::grant(
        db,
        who.as_ref(),
        reader,
        &rep(" jhonny salcedo CARRASQUEL "),
        now,
    )
    .await
    .unwrap();
    let linked = entity::role_assignment::Entity::find()
        .filter(entity::role_assignment::Column::AccountId.eq(reader))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let member = entity::member::Entity::find_by_id(linked.member_id.unwrap())
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(member.key, "m01-2");
    let e = roles::grant(db, who.as_ref(), reader, &rep("m01-2"), now)
        .await
        .unwrap_err();
    assert_eq!(codes(e), ["already_granted"]);

    let overview = roles::overview(db, who.as_ref(), now).await.unwrap();
    let row = overview.accounts.iter().find(|a| a.id == user).unwrap();
    assert_eq!(row.roles.len(), 2);
    assert!(row
        .roles
        .iter()
        .any(|r| r.role == "official" && r.scope_key.as_deref() == Some("inm")));
    let official = row.roles.iter().find(|r| r.role == "official").unwrap().id;
    roles::revoke(db, who.as_ref(), official, now)
        .await
        .unwrap();
    assert_eq!(
        load_actor(db, user, now)
            .await
            .unwrap()
            .unwrap()
            .grants
            .len(),
        1
    );

    // The only administrator cannot be removed.
    let admin_role = role_assignment::Entity::find()
        .filter(role_assignment::Column::Role.eq("admin"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let e = roles::revoke(db, who.as_ref(), admin_role.id, now)
        .await
        .unwrap_err();
    assert_eq!(codes(e), ["last_admin"]);
    // Disabling: not oneself; a disabled account is no actor.
    let e = roles::set_disabled(db, who.as_ref(), admin, true, now)
        .await
        .unwrap_err();
    assert_eq!(codes(e), ["not_yourself"]);
    roles::set_disabled(db, who.as_ref(), user, true, now)
        .await
        .unwrap();
    assert!(load_actor(db, user, now).await.unwrap().is_none());
    let e = login::authenticate(db, "pia@example.org", "pia password 1", "2.2.2.2", now)
        .await
        .unwrap_err();
    assert_eq!(codes(e), ["credentials"]);
    // Every change is in the log.
    let page = app::server::services::audit::list(
        db,
        who.as_ref(),
        &app::domain::accounts::AuditFilter {
            entity: Some("role_assignment".into()),
            page: 1,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let actions: Vec<&str> = page.entries.iter().map(|e| e.action.as_str()).collect();
    assert!(
        actions.contains(&"grant") && actions.contains(&"revoke"),
        "{actions:?}"
    );
    assert!(page.entities.contains(&"account".to_string()));
}
