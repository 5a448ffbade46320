//! The schema migrates up, down and up again on SQLite and PostgreSQL, and
//! the entities read and write every table.
//!
//! PostgreSQL: `TEST_DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432`,
//! without a database name) must reach a server where the user may create
//! databases; a fresh database is created and dropped. When the server is
//! unreachable the test is skipped with a warning, unless `CI` is set.

use chrono::{DateTime, NaiveDate, Utc};
use entity::prelude::*;
use entity::{
    account, assessment, attendance, audit_log, authority, authority_holiday, body, body_group,
    body_region, demand, invitation, mail_outbox, meeting, member, referral, referral_event,
    role_assignment, session,
};
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectOptions, ConnectionTrait, Database, DatabaseConnection,
    DbBackend, EntityTrait, ModelTrait, PaginatorTrait, QueryFilter, Set, Statement,
};
use std::time::Duration;

const TABLES: [&str; 31] = [
    "login_attempts",
    "authorities",
    "authority_holidays",
    "bodies",
    "body_groups",
    "body_regions",
    "data_version",
    "members",
    "meetings",
    "attendance",
    "demands",
    "referrals",
    "referral_events",
    "assessments",
    "referral_facts",
    "referral_facts_dirty",
    "referral_facts_bulk",
    "accounts",
    "role_assignments",
    "sessions",
    "invitations",
    "mail_outbox",
    "audit_log",
    "data_requests",
    "due_at_backfill",
    "search_docs",
    "search_pending",
    "follow_addresses",
    "follows",
    "follow_requests",
    "figures_kept",
];

fn ts(rfc3339: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(rfc3339)
        .expect("valid timestamp")
        .with_timezone(&Utc)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

async fn table_names(db: &DatabaseConnection) -> Vec<String> {
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => {
            // (The search's FTS5 index and its shadow tables are SQLite's
            // own machinery, checked by the search tests.)
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations' \
             AND name NOT LIKE 'search_fts%' ORDER BY name"
        }
        DbBackend::Postgres => {
            "SELECT table_name::text AS name FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_name <> 'seaql_migrations' ORDER BY name"
        }
        other => panic!("unsupported backend {other:?}"),
    };
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("list tables")
        .iter()
        .map(|row| row.try_get::<String>("", "name").expect("name column"))
        .collect()
}

async fn assert_all_tables(db: &DatabaseConnection) {
    let mut expected: Vec<String> = TABLES.iter().map(|t| t.to_string()).collect();
    expected.sort();
    assert_eq!(table_names(db).await, expected);
}

/// up, down, up; then write and read every table through the entities.
async fn exercise(db: &DatabaseConnection) {
    Migrator::up(db, None).await.expect("first up");
    assert_all_tables(db).await;
    Migrator::down(db, None).await.expect("down");
    assert!(table_names(db).await.is_empty(), "down leaves no table");
    Migrator::up(db, None).await.expect("second up");
    assert_all_tables(db).await;
    assert!(Migrator::get_pending_migrations(db)
        .await
        .expect("pending")
        .is_empty());

    round_trip(db).await;
    constraints(db).await;
}

async fn round_trip(db: &DatabaseConnection) {
    let now = ts("2026-02-10T16:00:00Z");

    let inm = authority::ActiveModel {
        key: Set("inm".into()),
        name: Set("Instituto Nacional de Migración".into()),
        acronym: Set(Some("INM".into())),
        level: Set("federal".into()),
        response_days: Set(30),
        day_kind: Set("business".into()),
        email: Set(Some("enlace@example.org".into())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert authority");
    assert!(inm.id > 0);
    assert_eq!(
        Authority::find_by_id(inm.id).one(db).await.unwrap(),
        Some(inm.clone())
    );

    let holiday = authority_holiday::ActiveModel {
        authority_id: Set(inm.id),
        day: Set(day(2026, 1, 1)),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert holiday");
    assert_eq!(
        inm.find_related(AuthorityHoliday).all(db).await.unwrap(),
        vec![holiday]
    );

    // quorum_percent and public are left to their database defaults.
    let consejo = body::ActiveModel {
        key: Set("consejo-cdmx".into()),
        name: Set("Consejo Consultivo".into()),
        level: Set("municipal".into()),
        jurisdiction: Set("Ciudad de México".into()),
        timezone: Set("America/Mexico_City".into()),
        seats: Set(Some(12)),
        meetings_per_year: Set(Some(4)),
        response_days: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert body");
    assert_eq!(consejo.quorum_percent, 50);
    assert!(consejo.public);

    body_group::ActiveModel {
        body_id: Set(consejo.id),
        position: Set(0),
        migrant_group: Set("returnee".into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert body group");
    body_region::ActiveModel {
        body_id: Set(consejo.id),
        position: Set(0),
        region: Set("Centroamérica".into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert body region");

    let ana = member::ActiveModel {
        body_id: Set(consejo.id),
        key: Set("m1".into()),
        name: Set("Ana López".into()),
        email: Set(Some("ana@example.org".into())),
        public: Set(true),
        role: Set("chair".into()),
        gender: Set("woman".into()),
        migrant_group: Set("returnee".into()),
        region: Set(Some("Centroamérica".into())),
        country: Set(Some("HN".into())),
        term_start: Set(day(2025, 1, 15)),
        term_end: Set(Some(day(2027, 1, 14))),
        withdrawn_on: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert member");
    assert_eq!(
        Member::find_by_id(ana.id).one(db).await.unwrap(),
        Some(ana.clone())
    );

    let session_2026_1 = meeting::ActiveModel {
        body_id: Set(consejo.id),
        key: Set("2026-1".into()),
        title: Set("Primera sesión ordinaria 2026".into()),
        kind: Set("ordinary".into()),
        starts_at: Set(now),
        ends_at: Set(Some(ts("2026-02-10T19:00:00Z"))),
        location: Set(Some("Sala 3".into())),
        status: Set("held".into()),
        agenda: Set(Some("1. Bienvenida".into())),
        minutes: Set(None),
        minutes_published_at: Set(None),
        cancel_reason: Set(None),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert meeting");
    assert_eq!(session_2026_1.sequence, 0);

    let present = attendance::ActiveModel {
        meeting_id: Set(session_2026_1.id),
        member_id: Set(ana.id),
        status: Set("present".into()),
    }
    .insert(db)
    .await
    .expect("insert attendance");
    assert_eq!(
        Attendance::find_by_id((session_2026_1.id, ana.id))
            .one(db)
            .await
            .unwrap(),
        Some(present)
    );
    assert_eq!(
        ana.find_related(Meeting).all(db).await.unwrap(),
        vec![session_2026_1.clone()]
    );

    let actas = demand::ActiveModel {
        body_id: Set(consejo.id),
        key: Set("2026-014".into()),
        title: Set("Reconocer actas de nacimiento extranjeras".into()),
        text: Set("Texto **markdown**".into()),
        topic: Set("documentation".into()),
        submitted_by: Set(ana.id),
        meeting_id: Set(Some(session_2026_1.id)),
        submitted_at: Set(ts("2026-02-12T18:00:00Z")),
        confidential: Set(false),
        withdrawn_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert demand");

    let to_inm = referral::ActiveModel {
        demand_id: Set(actas.id),
        authority_id: Set(inm.id),
        due_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert referral");
    assert_eq!(
        actas.find_related(Referral).all(db).await.unwrap(),
        vec![to_inm.clone()]
    );

    let official = account::ActiveModel {
        email: Set("enlace@example.org".into()),
        name: Set("Enlace INM".into()),
        password_hash: Set(None),
        created_at: Set(now),
        last_login_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert account");
    assert_eq!(official.locale, "es");
    assert!(!official.disabled);

    let ack = referral_event::ActiveModel {
        referral_id: Set(to_inm.id),
        seq: Set(0),
        at: Set(ts("2026-02-14T15:00:00Z")),
        kind: Set("acknowledged".into()),
        text: Set("Recibido.".into()),
        evidence_url: Set(None),
        author_account_id: Set(Some(official.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert referral event");
    // `text` defaults to the empty string.
    let accepted = referral_event::ActiveModel {
        referral_id: Set(to_inm.id),
        seq: Set(1),
        at: Set(ts("2026-03-30T15:00:00Z")),
        kind: Set("accepted".into()),
        evidence_url: Set(Some("https://example.org/oficio.pdf".into())),
        author_account_id: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert referral event with default text");
    assert_eq!(accepted.text, "");
    assert_eq!(
        to_inm.find_related(ReferralEvent).all(db).await.unwrap(),
        vec![ack.clone(), accepted]
    );

    let verdict = assessment::ActiveModel {
        referral_id: Set(to_inm.id),
        seq: Set(0),
        at: Set(ts("2026-04-02T15:00:00Z")),
        verdict: Set("partially_satisfied".into()),
        note: Set(Some("Falta la circular.".into())),
        author_account_id: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert assessment");
    assert_eq!(
        Assessment::find_by_id(verdict.id).one(db).await.unwrap(),
        Some(verdict)
    );

    role_assignment::ActiveModel {
        account_id: Set(official.id),
        role: Set("official".into()),
        body_id: Set(None),
        member_id: Set(None),
        authority_id: Set(Some(inm.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert role assignment");

    let sid = session::ActiveModel {
        id: Set("c2Vzc2lvbi1pZA".into()),
        data: Set(r#"{"account_id":1}"#.into()),
        expiry_date: Set(ts("2026-03-10T16:00:00Z")),
    }
    .insert(db)
    .await
    .expect("insert session");
    assert_eq!(
        Session::find_by_id("c2Vzc2lvbi1pZA".to_string())
            .one(db)
            .await
            .unwrap(),
        Some(sid)
    );

    let invite = invitation::ActiveModel {
        email: Set("ana@example.org".into()),
        token_hash: Set("hash-1".into()),
        account_id: Set(None),
        member_id: Set(Some(ana.id)),
        role: Set(Some("chair".into())),
        body_id: Set(Some(consejo.id)),
        authority_id: Set(None),
        invited_by: Set(Some(official.id)),
        created_at: Set(now),
        expires_at: Set(ts("2026-02-17T16:00:00Z")),
        accepted_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert invitation");
    assert_eq!(invite.purpose, "invite");

    let mail = mail_outbox::ActiveModel {
        recipient: Set("enlace@example.org".into()),
        subject: Set("Nueva demanda".into()),
        body_text: Set("Hola".into()),
        body_html: Set(None),
        attachment_name: Set(Some("sesion.ics".into())),
        attachment_mime: Set(Some("text/calendar".into())),
        attachment: Set(Some("BEGIN:VCALENDAR".into())),
        dedupe_key: Set(Some("referral:1:created".into())),
        created_at: Set(now),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        last_error: Set(None),
        sent_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert mail");
    assert_eq!(mail.attempts, 0);

    audit_log::ActiveModel {
        at: Set(now),
        account_id: Set(Some(official.id)),
        entity: Set("referral_event".into()),
        entity_id: Set(ack.id.to_string()),
        action: Set("create".into()),
        before: Set(None),
        after: Set(Some(r#"{"kind":"acknowledged"}"#.into())),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert audit record");

    // ON DELETE SET NULL: deleting the account keeps the event, without author.
    official.clone().delete(db).await.expect("delete account");
    let ack_after = ReferralEvent::find_by_id(ack.id)
        .one(db)
        .await
        .unwrap()
        .expect("event survives its author");
    assert_eq!(ack_after.author_account_id, None);
    assert_eq!(RoleAssignment::find().count(db).await.unwrap(), 0);
    let invite_after = Invitation::find_by_id(invite.id).one(db).await.unwrap();
    assert_eq!(invite_after.and_then(|i| i.invited_by), None);

    // ON DELETE SET NULL: deleting the meeting keeps the demand.
    session_2026_1
        .clone()
        .delete(db)
        .await
        .expect("delete meeting");
    let actas_after = Demand::find_by_id(actas.id).one(db).await.unwrap().unwrap();
    assert_eq!(actas_after.meeting_id, None);
    assert_eq!(Attendance::find().count(db).await.unwrap(), 0);

    // ON DELETE CASCADE: deleting the body removes its whole tree.
    consejo.delete(db).await.expect("delete body");
    for (table, count) in [
        ("members", Member::find().count(db).await.unwrap()),
        ("body_groups", BodyGroup::find().count(db).await.unwrap()),
        ("body_regions", BodyRegion::find().count(db).await.unwrap()),
        ("demands", Demand::find().count(db).await.unwrap()),
        ("referrals", Referral::find().count(db).await.unwrap()),
        (
            "referral_events",
            ReferralEvent::find().count(db).await.unwrap(),
        ),
        ("assessments", Assessment::find().count(db).await.unwrap()),
        ("invitations", Invitation::find().count(db).await.unwrap()),
    ] {
        assert_eq!(count, 0, "{table} cascades from bodies");
    }
    assert_eq!(Authority::find().count(db).await.unwrap(), 1);
    assert_eq!(AuditLog::find().count(db).await.unwrap(), 1);
    assert_eq!(MailOutbox::find().count(db).await.unwrap(), 1);

    inm.delete(db).await.expect("delete authority");
    assert_eq!(AuthorityHoliday::find().count(db).await.unwrap(), 0);
}

/// CHECK, UNIQUE and FOREIGN KEY constraints are enforced.
async fn constraints(db: &DatabaseConnection) {
    let now = ts("2026-02-10T16:00:00Z");
    let authority = |key: &str, level: &str, response_days: i32| authority::ActiveModel {
        key: Set(key.into()),
        name: Set("Autoridad".into()),
        acronym: Set(None),
        level: Set(level.into()),
        response_days: Set(response_days),
        day_kind: Set("calendar".into()),
        email: Set(None),
        created_at: Set(now),
        ..Default::default()
    };

    assert!(
        authority("galactic", "galactic", 30)
            .insert(db)
            .await
            .is_err(),
        "CHECK rejects an unknown level"
    );
    assert!(
        authority("negative", "state", -1).insert(db).await.is_err(),
        "CHECK rejects negative response_days"
    );
    let ok = authority("sre", "consular", 20)
        .insert(db)
        .await
        .expect("valid authority");
    assert!(
        authority("sre", "state", 20).insert(db).await.is_err(),
        "authorities.key is unique"
    );

    assert!(
        authority_holiday::ActiveModel {
            authority_id: Set(ok.id + 1000),
            day: Set(day(2026, 1, 1)),
            ..Default::default()
        }
        .insert(db)
        .await
        .is_err(),
        "foreign keys are enforced"
    );

    let body = body::ActiveModel {
        key: Set("b".into()),
        name: Set("B".into()),
        level: Set("transnational".into()),
        jurisdiction: Set("X".into()),
        timezone: Set("UTC".into()),
        seats: Set(None),
        meetings_per_year: Set(None),
        response_days: Set(Some(10)),
        public: Set(false),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("valid body");
    let member = |key: &str, gender: &str| member::ActiveModel {
        body_id: Set(body.id),
        key: Set(key.into()),
        name: Set("N".into()),
        email: Set(None),
        public: Set(false),
        role: Set("alternate".into()),
        gender: Set(gender.into()),
        migrant_group: Set("transit".into()),
        region: Set(None),
        country: Set(None),
        term_start: Set(day(2025, 1, 1)),
        term_end: Set(None),
        withdrawn_on: Set(None),
        ..Default::default()
    };
    member("m1", "non_binary")
        .insert(db)
        .await
        .expect("valid member");
    assert!(
        member("m1", "woman").insert(db).await.is_err(),
        "members (body_id, key) is unique"
    );
    assert!(
        member("m2", "female").insert(db).await.is_err(),
        "CHECK rejects an unknown gender"
    );

    assert!(
        account::ActiveModel {
            email: Set("x@example.org".into()),
            name: Set("X".into()),
            locale: Set("fr".into()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .is_err(),
        "CHECK rejects an unknown locale"
    );

    // A NULL role passes the CHECK on invitations.role; a bad purpose does not.
    let invitation = |token: &str, purpose: &str| invitation::ActiveModel {
        email: Set("y@example.org".into()),
        token_hash: Set(token.into()),
        purpose: Set(purpose.into()),
        created_at: Set(now),
        expires_at: Set(now),
        ..Default::default()
    };
    invitation("t1", "reset")
        .insert(db)
        .await
        .expect("reset without role");
    assert!(invitation("t2", "spam").insert(db).await.is_err());
    assert!(
        invitation("t1", "invite").insert(db).await.is_err(),
        "token_hash is unique"
    );

    // Nothing above left a half-written row behind.
    assert_eq!(
        Authority::find()
            .filter(authority::Column::Key.is_in(["galactic", "negative"]))
            .count(db)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn sqlite_up_down_up_and_entities() {
    let mut opts = ConnectOptions::new("sqlite::memory:");
    opts.sqlx_logging(false);
    let db = Database::connect(opts).await.expect("open sqlite");
    exercise(&db).await;
    db.close().await.expect("close sqlite");
}

/// A SQLite file through a pool: a migration's statements may land on
/// different connections, and another connection's copy of the schema can
/// lag behind (a trigger or an index just dropped still "exists" there, and
/// creating it again under that name fails).
#[tokio::test]
async fn sqlite_file_through_a_pool_up_down_up() {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let path = std::env::temp_dir().join(format!("voces-schema-{}-{nanos}.db", std::process::id()));
    let mut opts = ConnectOptions::new(format!("sqlite://{}?mode=rwc", path.display()));
    opts.sqlx_logging(false)
        .max_connections(4)
        .min_connections(4);
    let db = Database::connect(opts).await.expect("open sqlite file");
    exercise(&db).await;
    db.close().await.expect("close sqlite");
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

#[tokio::test]
async fn postgres_up_down_up_and_entities() {
    let base = std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_string());
    let base = base.trim_end_matches('/').to_string();

    let connect = |url: String| async move {
        let mut opts = ConnectOptions::new(url);
        opts.sqlx_logging(false)
            .max_connections(2)
            .connect_timeout(Duration::from_secs(5))
            .acquire_timeout(Duration::from_secs(10));
        Database::connect(opts).await
    };

    let admin = match connect(format!("{base}/postgres")).await {
        Ok(db) => db,
        Err(err) if std::env::var_os("CI").is_none() => {
            eprintln!("warning: PostgreSQL unreachable at {base} ({err}); skipping");
            return;
        }
        Err(err) => panic!("PostgreSQL unreachable at {base} with CI set: {err}"),
    };

    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let name = format!("voces_mig_{}_{}", std::process::id(), nanos);
    admin
        .execute_unprepared(&format!(r#"CREATE DATABASE "{name}""#))
        .await
        .expect("create test database");

    let url = format!("{base}/{name}");
    // Run in a task so that a failed assertion still lets us drop the database.
    let outcome = tokio::spawn(async move {
        let db = connect(url).await.expect("connect to test database");
        exercise(&db).await;
        db.close().await.expect("close test database");
    })
    .await;

    admin
        .execute_unprepared(&format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#))
        .await
        .expect("drop test database");
    admin.close().await.expect("close admin connection");

    if let Err(err) = outcome {
        if err.is_panic() {
            std::panic::resume_unwind(err.into_panic());
        }
        panic!("test task failed: {err}");
    }
}
