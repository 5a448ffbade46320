//! `referral_facts`: what each referral's clock says once its history is
//! complete — first answer, status, open pause, effective deadline, latest
//! verdict, on time — and from when that holds (`last_change_at`, its
//! latest event or verdict). At any instant T at or after that, the clock
//! at T is these facts, so the figures "now" of an authority with hundreds
//! of thousands of referrals are aggregate queries over this table instead
//! of clocking every referral with its events.
//!
//! Kept by the application, told by triggers: every change to what a
//! referral's clock reads (its events, verdicts, `due_at`, its demand's
//! submission or withdrawal, the body's or authority's deadline rule, the
//! authority's holidays) queues the referral in `referral_facts_dirty`,
//! whoever makes it, and the figures recompute the queued ones before
//! reading. A bulk import writes facts itself and marks its transaction
//! with a row in `referral_facts_bulk` (never visible to others: it is
//! deleted before commit) so its inserts queue nothing.
//!
//! Also: `referrals.answered_at` (migration 5) followed inserted events
//! only; it now follows events changed or deleted too (the figures from the
//! clocks select older referrals by it).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The window of a body's or an authority's figures, covering what they
/// read (no lookup in the table per row); whether a body's referrals
/// changed after an instant (`last_change_at`, also read alone for every
/// scope). The window of all bodies reads the whole table.
const INDEXES: [(&str, &str); 2] = [
    ("ix_facts_body_change", "body_id, last_change_at"),
    ("ix_facts_change", "last_change_at"),
];
const COVERING: [(&str, &str); 2] = [
    ("ix_facts_authority_submitted", "authority_id, submitted_at"),
    ("ix_facts_body_submitted", "body_id, submitted_at"),
];
const COVERED: &str = "authority_id, body_id, withdrawn_at, first_answer_at, answer_ms, \
     on_time, status, paused, effective_deadline, unsatisfied";

/// Partial indexes: the referrals still unanswered (the only ones that can
/// be overdue), a small part of a long history.
const OPEN_INDEXES: [(&str, &str); 2] = [
    ("ix_facts_open_authority", "authority_id, body_id"),
    ("ix_facts_open_body", "body_id"),
];

/// The rows of the partial indexes.
const OPEN: &str = "first_answer_at IS NULL";

/// An index of `referral_facts` on `key` that also holds the `covered`
/// columns not in it (optionally partial, on `filter`): the figures read
/// it without a lookup in the table per row. PostgreSQL names the covered
/// columns apart; SQLite has them in the key.
fn covering_index(
    backend: DbBackend,
    name: &str,
    key: &str,
    covered: &str,
    filter: Option<&str>,
) -> String {
    let extra: Vec<&str> = covered
        .split(", ")
        .filter(|c| !c.is_empty() && !key.split(", ").any(|k| k == *c))
        .collect();
    let extra = extra.join(", ");
    let filter = filter.map(|f| format!(" WHERE {f}")).unwrap_or_default();
    if extra.is_empty() {
        format!("CREATE INDEX {name} ON referral_facts ({key}){filter}")
    } else if backend == DbBackend::Postgres {
        format!("CREATE INDEX {name} ON referral_facts ({key}) INCLUDE ({extra}){filter}")
    } else {
        format!("CREATE INDEX {name} ON referral_facts ({key}, {extra}){filter}")
    }
}

/// Tables whose rows belong to one referral's thread.
const THREADS: [&str; 2] = ["referral_events", "assessments"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let pg = db.get_database_backend() == DbBackend::Postgres;
        let (ts, serial) = if pg {
            ("TIMESTAMPTZ", "BIGSERIAL PRIMARY KEY")
        } else {
            (
                "timestamp_with_timezone_text",
                "INTEGER PRIMARY KEY AUTOINCREMENT",
            )
        };
        db.execute_unprepared(&format!(
            "CREATE TABLE referral_facts (\
             referral_id BIGINT PRIMARY KEY, \
             authority_id BIGINT NOT NULL, \
             body_id BIGINT NOT NULL, \
             submitted_at {ts} NOT NULL, \
             withdrawn_at {ts} NULL, \
             first_answer_at {ts} NULL, \
             answer_ms BIGINT NULL, \
             on_time SMALLINT NOT NULL, \
             status SMALLINT NOT NULL, \
             paused SMALLINT NOT NULL, \
             effective_deadline {ts} NOT NULL, \
             unsatisfied SMALLINT NOT NULL, \
             last_change_at {ts} NOT NULL)"
        ))
        .await?;
        db.execute_unprepared(&format!(
            "CREATE TABLE referral_facts_dirty (id {serial}, referral_id BIGINT NOT NULL)"
        ))
        .await?;
        db.execute_unprepared("CREATE TABLE referral_facts_bulk (id INTEGER PRIMARY KEY)")
            .await?;
        for (name, columns) in COVERING {
            db.execute_unprepared(&covering_index(
                db.get_database_backend(),
                name,
                columns,
                COVERED,
                None,
            ))
            .await?;
        }
        for (name, columns) in INDEXES {
            db.execute_unprepared(&format!(
                "CREATE INDEX {name} ON referral_facts ({columns})"
            ))
            .await?;
        }
        for (name, columns) in OPEN_INDEXES {
            db.execute_unprepared(&format!(
                "CREATE INDEX {name} ON referral_facts ({columns}) WHERE {OPEN}"
            ))
            .await?;
        }
        if pg {
            postgres_triggers(db).await?;
        } else {
            sqlite_triggers(db).await?;
        }
        // Everything already there is computed on first use.
        db.execute_unprepared(
            "INSERT INTO referral_facts_dirty (referral_id) SELECT id FROM referrals ORDER BY id",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            for (table, trigger) in postgres_trigger_names() {
                db.execute_unprepared(&format!("DROP TRIGGER {trigger} ON {table}"))
                    .await?;
            }
            for f in [
                "facts_thread_inserted",
                "facts_referral_inserted",
                "facts_thread_changed",
                "facts_referral_changed",
                "facts_referral_deleted",
                "referral_reanswered",
                "facts_demand_changed",
                "facts_body_changed",
                "facts_authority_changed",
                "facts_holiday_changed",
            ] {
                db.execute_unprepared(&format!("DROP FUNCTION {f}()"))
                    .await?;
            }
        } else {
            for name in sqlite_trigger_names() {
                db.execute_unprepared(&format!("DROP TRIGGER {name}"))
                    .await?;
            }
        }
        for t in [
            "referral_facts_bulk",
            "referral_facts_dirty",
            "referral_facts",
        ] {
            db.execute_unprepared(&format!("DROP TABLE {t}")).await?;
        }
        Ok(())
    }
}

const QUEUE: &str = "INSERT INTO referral_facts_dirty (referral_id)";
const NOT_BULK: &str = "NOT EXISTS (SELECT 1 FROM referral_facts_bulk)";
/// The columns of `referrals` its clock reads (not `answered_at`, which a
/// trigger keeps on every answer).
const REFERRAL_COLUMNS: &str = "due_at, authority_id, demand_id, body_id, submitted_at";
const DEMAND_COLUMNS: &str = "submitted_at, withdrawn_at, body_id";
const BODY_COLUMNS: &str = "response_days, timezone";
const AUTHORITY_COLUMNS: &str = "response_days, day_kind";
const OF_BODY: &str = "SELECT r.id FROM referrals r JOIN demands d ON d.id = r.demand_id";
const SUBSTANTIVE: &str = "('accepted', 'partially_accepted', 'rejected', 'implemented')";

fn sqlite_triggers_sql() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for t in THREADS {
        out.push((
            format!("facts_{t}_insert"),
            format!(
                "AFTER INSERT ON {t} WHEN {NOT_BULK} \
                 BEGIN {QUEUE} VALUES (NEW.referral_id); END"
            ),
        ));
        out.push((
            format!("facts_{t}_update"),
            format!(
                "AFTER UPDATE ON {t} BEGIN {QUEUE} VALUES (OLD.referral_id); \
                 {QUEUE} SELECT NEW.referral_id WHERE NEW.referral_id <> OLD.referral_id; END"
            ),
        ));
        out.push((
            format!("facts_{t}_delete"),
            format!("AFTER DELETE ON {t} BEGIN {QUEUE} VALUES (OLD.referral_id); END"),
        ));
    }
    let first_answer = format!(
        "UPDATE referrals SET answered_at = (SELECT MIN(e.at) FROM referral_events e \
         WHERE e.referral_id = referrals.id AND e.kind IN {SUBSTANTIVE})"
    );
    out.extend([
        (
            "referral_events_answered_update".to_string(),
            format!(
                "AFTER UPDATE ON referral_events \
                 BEGIN {first_answer} WHERE id IN (OLD.referral_id, NEW.referral_id); END"
            ),
        ),
        (
            "referral_events_answered_delete".to_string(),
            format!(
                "AFTER DELETE ON referral_events \
                 BEGIN {first_answer} WHERE id = OLD.referral_id; END"
            ),
        ),
    ]);
    out.extend([
        (
            "facts_referrals_insert".to_string(),
            format!("AFTER INSERT ON referrals WHEN {NOT_BULK} BEGIN {QUEUE} VALUES (NEW.id); END"),
        ),
        (
            "facts_referrals_update".to_string(),
            format!(
                "AFTER UPDATE OF {REFERRAL_COLUMNS} ON referrals \
                 BEGIN {QUEUE} VALUES (NEW.id); END"
            ),
        ),
        (
            "facts_referrals_delete".to_string(),
            "AFTER DELETE ON referrals \
             BEGIN DELETE FROM referral_facts WHERE referral_id = OLD.id; END"
                .to_string(),
        ),
        (
            "facts_demands_update".to_string(),
            format!(
                "AFTER UPDATE OF {DEMAND_COLUMNS} ON demands \
                 BEGIN {QUEUE} SELECT id FROM referrals WHERE demand_id = NEW.id; END"
            ),
        ),
        (
            "facts_bodies_update".to_string(),
            format!(
                "AFTER UPDATE OF {BODY_COLUMNS} ON bodies \
                 BEGIN {QUEUE} {OF_BODY} WHERE d.body_id = NEW.id; END"
            ),
        ),
        (
            "facts_authorities_update".to_string(),
            format!(
                "AFTER UPDATE OF {AUTHORITY_COLUMNS} ON authorities \
                 BEGIN {QUEUE} SELECT id FROM referrals WHERE authority_id = NEW.id; END"
            ),
        ),
        (
            "facts_authority_holidays_insert".to_string(),
            format!(
                "AFTER INSERT ON authority_holidays \
                 BEGIN {QUEUE} SELECT id FROM referrals WHERE authority_id = NEW.authority_id; END"
            ),
        ),
        (
            "facts_authority_holidays_update".to_string(),
            format!(
                "AFTER UPDATE ON authority_holidays \
                 BEGIN {QUEUE} SELECT id FROM referrals \
                 WHERE authority_id IN (OLD.authority_id, NEW.authority_id); END"
            ),
        ),
        (
            "facts_authority_holidays_delete".to_string(),
            format!(
                "AFTER DELETE ON authority_holidays \
                 BEGIN {QUEUE} SELECT id FROM referrals WHERE authority_id = OLD.authority_id; END"
            ),
        ),
    ]);
    out
}

fn sqlite_trigger_names() -> Vec<String> {
    sqlite_triggers_sql().into_iter().map(|(n, _)| n).collect()
}

async fn sqlite_triggers(db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    for (name, body) in sqlite_triggers_sql() {
        db.execute_unprepared(&format!("CREATE TRIGGER {name} {body}"))
            .await?;
    }
    Ok(())
}

/// (function, body): PostgreSQL trigger functions.
fn postgres_functions() -> Vec<(&'static str, String)> {
    vec![
        // Per statement, with the inserted rows as a table: a batched
        // insert queues each referral once.
        (
            "facts_thread_inserted",
            format!(
                "IF {NOT_BULK} THEN {QUEUE} SELECT DISTINCT referral_id FROM new_rows; END IF;"
            ),
        ),
        (
            "facts_referral_inserted",
            format!("IF {NOT_BULK} THEN {QUEUE} SELECT id FROM new_rows; END IF;"),
        ),
        (
            "facts_thread_changed",
            format!(
                "{QUEUE} VALUES (OLD.referral_id); \
                 IF TG_OP = 'UPDATE' THEN IF NEW.referral_id <> OLD.referral_id THEN \
                 {QUEUE} VALUES (NEW.referral_id); END IF; END IF;"
            ),
        ),
        (
            "facts_referral_changed",
            format!("{QUEUE} VALUES (NEW.id);"),
        ),
        (
            "facts_referral_deleted",
            "DELETE FROM referral_facts WHERE referral_id = OLD.id;".to_string(),
        ),
        (
            "referral_reanswered",
            format!(
                "UPDATE referrals r SET answered_at = (SELECT MIN(e.at) FROM referral_events e \
                 WHERE e.referral_id = r.id AND e.kind IN {SUBSTANTIVE}) \
                 WHERE r.id = OLD.referral_id; \
                 IF TG_OP = 'UPDATE' THEN IF NEW.referral_id <> OLD.referral_id THEN \
                 UPDATE referrals r SET answered_at = (SELECT MIN(e.at) FROM referral_events e \
                 WHERE e.referral_id = r.id AND e.kind IN {SUBSTANTIVE}) \
                 WHERE r.id = NEW.referral_id; END IF; END IF;"
            ),
        ),
        (
            "facts_demand_changed",
            format!("{QUEUE} SELECT id FROM referrals WHERE demand_id = NEW.id;"),
        ),
        (
            "facts_body_changed",
            format!("{QUEUE} {OF_BODY} WHERE d.body_id = NEW.id;"),
        ),
        (
            "facts_authority_changed",
            format!("{QUEUE} SELECT id FROM referrals WHERE authority_id = NEW.id;"),
        ),
        (
            "facts_holiday_changed",
            format!(
                "IF TG_OP <> 'INSERT' THEN \
                 {QUEUE} SELECT id FROM referrals WHERE authority_id = OLD.authority_id; END IF; \
                 IF TG_OP <> 'DELETE' THEN \
                 {QUEUE} SELECT id FROM referrals WHERE authority_id = NEW.authority_id; END IF;"
            ),
        ),
    ]
}

/// (table, trigger name, definition after the name).
fn postgres_triggers_sql() -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    for t in THREADS {
        out.push((
            t,
            format!("{t}_facts_insert"),
            format!(
                "AFTER INSERT ON {t} REFERENCING NEW TABLE AS new_rows \
                 FOR EACH STATEMENT EXECUTE FUNCTION facts_thread_inserted()"
            ),
        ));
        out.push((
            t,
            format!("{t}_facts_change"),
            format!(
                "AFTER UPDATE OR DELETE ON {t} FOR EACH ROW \
                 EXECUTE FUNCTION facts_thread_changed()"
            ),
        ));
    }
    out.extend([
        (
            "referral_events",
            "referral_events_reanswered".to_string(),
            "AFTER UPDATE OR DELETE ON referral_events FOR EACH ROW \
             EXECUTE FUNCTION referral_reanswered()"
                .to_string(),
        ),
        (
            "referrals",
            "referrals_facts_insert".to_string(),
            "AFTER INSERT ON referrals REFERENCING NEW TABLE AS new_rows \
             FOR EACH STATEMENT EXECUTE FUNCTION facts_referral_inserted()"
                .to_string(),
        ),
        (
            "referrals",
            "referrals_facts_update".to_string(),
            format!(
                "AFTER UPDATE OF {REFERRAL_COLUMNS} ON referrals FOR EACH ROW \
                 EXECUTE FUNCTION facts_referral_changed()"
            ),
        ),
        (
            "referrals",
            "referrals_facts_delete".to_string(),
            "AFTER DELETE ON referrals FOR EACH ROW EXECUTE FUNCTION facts_referral_deleted()"
                .to_string(),
        ),
        (
            "demands",
            "demands_facts_update".to_string(),
            format!(
                "AFTER UPDATE OF {DEMAND_COLUMNS} ON demands FOR EACH ROW \
                 EXECUTE FUNCTION facts_demand_changed()"
            ),
        ),
        (
            "bodies",
            "bodies_facts_update".to_string(),
            format!(
                "AFTER UPDATE OF {BODY_COLUMNS} ON bodies FOR EACH ROW \
                 EXECUTE FUNCTION facts_body_changed()"
            ),
        ),
        (
            "authorities",
            "authorities_facts_update".to_string(),
            format!(
                "AFTER UPDATE OF {AUTHORITY_COLUMNS} ON authorities FOR EACH ROW \
                 EXECUTE FUNCTION facts_authority_changed()"
            ),
        ),
        (
            "authority_holidays",
            "authority_holidays_facts".to_string(),
            "AFTER INSERT OR UPDATE OR DELETE ON authority_holidays FOR EACH ROW \
             EXECUTE FUNCTION facts_holiday_changed()"
                .to_string(),
        ),
    ]);
    out
}

fn postgres_trigger_names() -> Vec<(&'static str, String)> {
    postgres_triggers_sql()
        .into_iter()
        .map(|(t, n, _)| (t, n))
        .collect()
}

async fn postgres_triggers(db: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    for (name, body) in postgres_functions() {
        db.execute_unprepared(&format!(
            "CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN {body} RETURN NULL; END $$"
        ))
        .await?;
    }
    for (_, name, body) in postgres_triggers_sql() {
        db.execute_unprepared(&format!("CREATE TRIGGER {name} {body}"))
            .await?;
    }
    Ok(())
}
