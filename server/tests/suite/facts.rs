//! `referral_facts` (migration 6): the figures at an instant after every
//! change are aggregates over each referral's facts. They must be exactly
//! what the clocks say — after an import (which writes facts itself), after
//! recomputing them all, and after any change to what a clock reads, made
//! by plain SQL (the triggers queue the referral; the figures recompute it).
use crate::support;

use app::server::services::dataset::{self, ImportOptions};
use app::server::services::metrics::dashboards::{overdue_among, OVERDUE_LIST};
use app::server::services::metrics::referrals::{self, Scope};
use app::server::services::metrics::{authorities, bodies, facts};
use chrono::{DateTime, Duration, Utc};
use entity::{assessment, referral_event};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, Set, Statement};
use server::demo::DEMO_JSON;

fn quiet(_: dataset::Progress) {}

async fn import(db: &DatabaseConnection, doc: &str) {
    // Replacing: the second document shares authorities with the first.
    dataset::import(db, doc, ImportOptions { replace: true }, &quiet)
        .await
        .expect("dataset imports");
}

async fn exec(db: &DatabaseConnection, sql: &str) {
    db.execute_unprepared(sql).await.expect(sql);
}

/// Every row of `referral_facts`, as text, in referral order.
async fn facts_table(db: &DatabaseConnection) -> Vec<String> {
    db.query_all_raw(Statement::from_string(
        db.get_database_backend(),
        "SELECT referral_id, authority_id, body_id, submitted_at, withdrawn_at, \
         first_answer_at, answer_ms, on_time, status, paused, effective_deadline, \
         unsatisfied, last_change_at FROM referral_facts ORDER BY referral_id",
    ))
    .await
    .unwrap()
    .into_iter()
    .map(|r| {
        let id: i64 = r.try_get_by_index(0).unwrap();
        let first: Option<DateTime<Utc>> = r.try_get_by_index(5).unwrap();
        let ms: Option<i64> = r.try_get_by_index(6).unwrap();
        let deadline: DateTime<Utc> = r.try_get_by_index(10).unwrap();
        let last: DateTime<Utc> = r.try_get_by_index(12).unwrap();
        let flags: Vec<i16> = [7, 8, 9, 11]
            .iter()
            .map(|i| r.try_get_by_index(*i).unwrap())
            .collect();
        format!("{id} {first:?} {ms:?} {flags:?} {deadline} {last}")
    })
    .collect()
}

/// The writers of demands, answers, verdicts and withdrawals settled the
/// facts of what they changed in their own transaction: nothing is queued
/// for the readers, and the facts are what recomputing every referral
/// gives.
pub async fn assert_settled(db: &DatabaseConnection, what: &str) {
    assert_eq!(
        support::scalar(db, "SELECT COUNT(*) FROM referral_facts_dirty").await,
        0,
        "{what}: nothing queued for the readers"
    );
    let settled = facts_table(db).await;
    exec(
        db,
        "INSERT INTO referral_facts_dirty (referral_id) SELECT id FROM referrals",
    )
    .await;
    facts::refresh(db).await.unwrap();
    assert_eq!(facts_table(db).await, settled, "{what}: settled facts");
}

/// The figures at `t` through the facts equal those from the clocks: every
/// body, every authority (all at once and one by one), the overdue list.
async fn assert_facts_agree(db: &DatabaseConnection, t: DateTime<Utc>, what: &str) {
    facts::refresh(db).await.unwrap();
    assert_eq!(
        support::scalar(db, "SELECT COUNT(*) FROM referral_facts_dirty").await,
        0
    );
    assert!(
        facts::answer_at(db, Scope::All, t).await.unwrap(),
        "{what}: the facts answer at {t}"
    );
    let public = bodies::public_bodies(db, None).await.unwrap();
    let rs = referrals::load(db, Scope::All, t, t, &public)
        .await
        .unwrap();
    let fast = bodies::answers(db, &public, None, &[t]).await.unwrap();
    let slow = bodies::answers_from_clocks(&public, &[t], &rs);
    assert_eq!(fast, slow, "{what}: bodies at {t}");
    for id in public.keys() {
        let one = bodies::answers(db, &public, Some(*id), &[t]).await.unwrap();
        assert_eq!(one.get(id), slow.get(id), "{what}: body {id} alone at {t}");
    }
    // The overview's one read of the (authority, body) groups gives both.
    let groups = facts::groups(db, Scope::All, t, facts::Per::AuthorityBody)
        .await
        .unwrap();
    let once = bodies::answers_from_groups(&public, &groups);
    assert_eq!(once, slow, "{what}: bodies from the groups at {t}");
    let fast = authorities::at(db, None, &[t]).await.unwrap();
    let slow = authorities::at_with(db, None, &[t], &public, &rs)
        .await
        .unwrap();
    assert_eq!(fast, slow, "{what}: authorities at {t}");
    let mut once = authorities::all_from_groups(db, t, &public, groups)
        .await
        .unwrap();
    once.sort_by(|a, b| a.authority.cmp(&b.authority));
    let mut all: Vec<_> = slow.values().filter_map(|v| v.last().cloned()).collect();
    all.sort_by(|a, b| a.authority.cmp(&b.authority));
    assert_eq!(once, all, "{what}: authorities from the groups at {t}");
    for (id, points) in &slow {
        let one = authorities::at(db, Some(*id), &[t]).await.unwrap();
        assert_eq!(
            one.get(id),
            Some(points),
            "{what}: authority {id} alone at {t}"
        );
    }
    let listed = facts::overdue(db, Scope::All, t, OVERDUE_LIST)
        .await
        .unwrap();
    assert_eq!(listed, overdue_among(&rs, t), "{what}: overdue list at {t}");
}

/// An event written as a plain row.
async fn event(db: &DatabaseConnection, referral: i64, seq: i32, at: DateTime<Utc>, kind: &str) {
    referral_event::ActiveModel {
        referral_id: Set(referral),
        seq: Set(seq),
        at: Set(at),
        kind: Set(kind.into()),
        text: Set(String::new()),
        evidence_url: Set(None),
        author_account_id: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
}

fn instants() -> Vec<DateTime<Utc>> {
    vec![
        Utc::now(),
        "2027-12-31T23:59:59Z".parse().unwrap(),
        "2031-06-30T12:00:00Z".parse().unwrap(),
    ]
}

on_both!(facts_give_the_clocks_figures_after_import_and_recomputation);
async fn facts_give_the_clocks_figures_after_import_and_recomputation(t: support::TestDb) {
    let generated = support::generated(5, 4_000, 11);
    let db = &t.conn;
    import(db, DEMO_JSON).await;
    // The import wrote every referral's facts and queued nothing.
    assert_eq!(
        support::scalar(db, "SELECT COUNT(*) FROM referral_facts_dirty").await,
        0,
        "{}",
        t.name
    );
    // Replacing authorities with other deadline rules queues what
    // was there before.
    import(db, &generated).await;
    facts::refresh(db).await.unwrap();
    assert_eq!(
        support::scalar(db, "SELECT COUNT(*) FROM referral_facts").await,
        support::scalar(db, "SELECT COUNT(*) FROM referrals").await,
    );
    assert_eq!(
        support::scalar(db, "SELECT COUNT(*) FROM referral_facts_bulk").await,
        0
    );
    // The import wrote `answered_at` itself (its events' trigger stood
    // aside): the earliest substantive event of each referral.
    assert_eq!(
        support::scalar(
            db,
            "SELECT COUNT(*) FROM referrals r WHERE r.answered_at IS NOT NULL"
        )
        .await,
        support::scalar(
            db,
            "SELECT COUNT(DISTINCT referral_id) FROM referral_events \
             WHERE kind IN ('accepted', 'partially_accepted', 'rejected', 'implemented')"
        )
        .await,
        "{}",
        t.name
    );
    assert_eq!(
        support::scalar(
            db,
            "SELECT COUNT(*) FROM referrals r WHERE r.answered_at IS NOT NULL AND \
             r.answered_at <> (SELECT MIN(e.at) FROM referral_events e \
             WHERE e.referral_id = r.id AND e.kind IN \
             ('accepted', 'partially_accepted', 'rejected', 'implemented'))"
        )
        .await,
        0,
        "{}",
        t.name
    );
    let imported = facts_table(db).await;
    // Recomputed from the database, they are the same.
    exec(db, "DELETE FROM referral_facts").await;
    exec(
        db,
        "INSERT INTO referral_facts_dirty (referral_id) SELECT id FROM referrals",
    )
    .await;
    facts::refresh(db).await.unwrap();
    assert_eq!(facts_table(db).await, imported, "{}", t.name);
    for at in instants() {
        assert_facts_agree(db, at, t.name).await;
    }
    // Before the last change the clocks answer.
    let past: DateTime<Utc> = "2025-06-30T23:59:59Z".parse().unwrap();
    assert!(!facts::answer_at(db, Scope::All, past).await.unwrap());
}

on_both!(every_change_to_what_a_clock_reads_is_seen_by_the_facts);
async fn every_change_to_what_a_clock_reads_is_seen_by_the_facts(t: support::TestDb) {
    let db = &t.conn;
    import(db, DEMO_JSON).await;
    let now = Utc::now();
    let id = |sql: &'static str| async move { support::scalar(db, sql).await };
    let unanswered = id("SELECT MIN(id) FROM referrals WHERE answered_at IS NULL").await;
    let answered = id("SELECT MIN(id) FROM referrals WHERE answered_at IS NOT NULL").await;
    let implemented =
        id("SELECT MIN(referral_id) FROM referral_events WHERE kind = 'implemented'").await;
    let business =
        id("SELECT COALESCE(MIN(id), 0) FROM authorities WHERE day_kind = 'business'").await;
    let mut changes: Vec<(&str, String)> = vec![
        (
            "authority deadline",
            "UPDATE authorities SET response_days = response_days + 7 \
             WHERE id = (SELECT MIN(id) FROM authorities)"
                .into(),
        ),
        (
            "body deadline",
            "UPDATE bodies SET response_days = 3 WHERE id = (SELECT MIN(id) FROM bodies)".into(),
        ),
        (
            "recorded due date",
            format!(
                "UPDATE referrals SET due_at = submitted_at WHERE id IN \
                 (SELECT id FROM referrals WHERE id >= {unanswered} ORDER BY id LIMIT 5)"
            ),
        ),
        (
            "withdrawal",
            format!(
                "UPDATE demands SET withdrawn_at = submitted_at WHERE id = \
                 (SELECT demand_id FROM referrals WHERE id = {answered})"
            ),
        ),
        (
            "event moved",
            "UPDATE referral_events SET at = (SELECT MIN(at) FROM referral_events) \
             WHERE id = (SELECT MIN(id) FROM referral_events WHERE kind = 'rejected')"
                .into(),
        ),
        (
            "event deleted",
            "DELETE FROM referral_events WHERE id = \
             (SELECT MAX(id) FROM referral_events WHERE kind = 'accepted')"
                .into(),
        ),
        (
            "referral deleted",
            "DELETE FROM referrals WHERE id = (SELECT MAX(id) FROM referrals)".into(),
        ),
    ];
    if business > 0 {
        let day = (now - Duration::days(40)).date_naive();
        changes.push((
            "holiday",
            format!(
                "INSERT INTO authority_holidays (authority_id, day) \
                 VALUES ({business}, '{day}')"
            ),
        ));
    }
    for (what, sql) in changes {
        exec(db, &sql).await;
        assert_facts_agree(db, now, what).await;
        assert_facts_agree(db, "2031-06-30T12:00:00Z".parse().unwrap(), what).await;
    }
    // An answer and a verdict written as plain rows.
    event(
        db,
        unanswered,
        90,
        now - Duration::hours(2),
        "partially_accepted",
    )
    .await;
    assert_facts_agree(db, now, "answer").await;
    assessment::ActiveModel {
        referral_id: Set(implemented),
        seq: Set(90),
        at: Set(now - Duration::hours(1)),
        verdict: Set("unsatisfied".into()),
        note: Set(None),
        author_account_id: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    assert_facts_agree(db, now, "verdict").await;
    // An event dated later than T: at T the clocks answer, after it
    // the facts again.
    event(db, answered, 91, now + Duration::days(3), "implemented").await;
    facts::refresh(db).await.unwrap();
    assert!(!facts::answer_at(db, Scope::All, now).await.unwrap());
    assert_facts_agree(db, now + Duration::days(4), "later event").await;
}
