//! Indexes of `referral_facts` shaped like the figures' two reads, so the
//! largest authority (hundreds of thousands of referrals) is counted in
//! tens of milliseconds:
//! - the window: keyed (scope, body, status, submitted_at), the figures
//!   ask for each public body and each status its range of submission
//!   times, and the rows arrive already grouped — no sort of the window,
//!   no per-row aggregate over six statuses;
//! - the unanswered (the only ones that can be overdue): keyed up to the
//!   effective deadline, the other columns the count reads covered, so it
//!   never looks a row up in the table.
//!
//! `first_answer_at` leaves the covered columns: `answer_ms` is set
//! exactly when it is.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

// The statements are written out in full, as they stood when this
// migration was written: a migration that has run must never change, so
// it builds nothing from another migration's code. PostgreSQL names the
// covered columns apart (`INCLUDE`); SQLite has them in the key.

const PG_UP: &[&str] = &[
    "DROP INDEX ix_facts_authority_submitted",
    "DROP INDEX ix_facts_body_submitted",
    "DROP INDEX ix_facts_open_authority",
    "DROP INDEX ix_facts_open_body",
    "CREATE INDEX ix_facts_authority_window ON referral_facts (authority_id, body_id, status, submitted_at) INCLUDE (withdrawn_at, answer_ms, on_time, paused, effective_deadline, unsatisfied)",
    "CREATE INDEX ix_facts_body_window ON referral_facts (body_id, status, submitted_at) INCLUDE (authority_id, withdrawn_at, answer_ms, on_time, paused, effective_deadline, unsatisfied)",
    "CREATE INDEX ix_facts_unanswered_authority ON referral_facts (authority_id, body_id, paused, effective_deadline) INCLUDE (submitted_at, withdrawn_at) WHERE first_answer_at IS NULL",
    "CREATE INDEX ix_facts_unanswered_body ON referral_facts (body_id, paused, effective_deadline) INCLUDE (authority_id, submitted_at, withdrawn_at) WHERE first_answer_at IS NULL",
];

const PG_DOWN: &[&str] = &[
    "DROP INDEX ix_facts_authority_window",
    "DROP INDEX ix_facts_body_window",
    "DROP INDEX ix_facts_unanswered_authority",
    "DROP INDEX ix_facts_unanswered_body",
    "CREATE INDEX ix_facts_authority_submitted ON referral_facts (authority_id, submitted_at) INCLUDE (body_id, withdrawn_at, first_answer_at, answer_ms, on_time, status, paused, effective_deadline, unsatisfied)",
    "CREATE INDEX ix_facts_body_submitted ON referral_facts (body_id, submitted_at) INCLUDE (authority_id, withdrawn_at, first_answer_at, answer_ms, on_time, status, paused, effective_deadline, unsatisfied)",
    "CREATE INDEX ix_facts_open_authority ON referral_facts (authority_id, body_id) WHERE first_answer_at IS NULL",
    "CREATE INDEX ix_facts_open_body ON referral_facts (body_id) WHERE first_answer_at IS NULL",
];

const SQLITE_UP: &[&str] = &[
    "DROP INDEX ix_facts_authority_submitted",
    "DROP INDEX ix_facts_body_submitted",
    "DROP INDEX ix_facts_open_authority",
    "DROP INDEX ix_facts_open_body",
    "CREATE INDEX ix_facts_authority_window ON referral_facts (authority_id, body_id, status, submitted_at, withdrawn_at, answer_ms, on_time, paused, effective_deadline, unsatisfied)",
    "CREATE INDEX ix_facts_body_window ON referral_facts (body_id, status, submitted_at, authority_id, withdrawn_at, answer_ms, on_time, paused, effective_deadline, unsatisfied)",
    "CREATE INDEX ix_facts_unanswered_authority ON referral_facts (authority_id, body_id, paused, effective_deadline, submitted_at, withdrawn_at) WHERE first_answer_at IS NULL",
    "CREATE INDEX ix_facts_unanswered_body ON referral_facts (body_id, paused, effective_deadline, authority_id, submitted_at, withdrawn_at) WHERE first_answer_at IS NULL",
];

const SQLITE_DOWN: &[&str] = &[
    "DROP INDEX ix_facts_authority_window",
    "DROP INDEX ix_facts_body_window",
    "DROP INDEX ix_facts_unanswered_authority",
    "DROP INDEX ix_facts_unanswered_body",
    "CREATE INDEX ix_facts_authority_submitted ON referral_facts (authority_id, submitted_at, body_id, withdrawn_at, first_answer_at, answer_ms, on_time, status, paused, effective_deadline, unsatisfied)",
    "CREATE INDEX ix_facts_body_submitted ON referral_facts (body_id, submitted_at, authority_id, withdrawn_at, first_answer_at, answer_ms, on_time, status, paused, effective_deadline, unsatisfied)",
    "CREATE INDEX ix_facts_open_authority ON referral_facts (authority_id, body_id) WHERE first_answer_at IS NULL",
    "CREATE INDEX ix_facts_open_body ON referral_facts (body_id) WHERE first_answer_at IS NULL",
];

/// Runs the statements in one call: on one SQLite connection, since another
/// of the pool may still have a dropped index in its copy of the schema and
/// refuse the name when it is created again.
async fn run<C: ConnectionTrait>(db: &C, pg: &[&str], sqlite: &[&str]) -> Result<(), DbErr> {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => pg,
        _ => sqlite,
    };
    db.execute_unprepared(&sql.join("; ")).await.map(|_| ())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager.get_connection(), PG_UP, SQLITE_UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager.get_connection(), PG_DOWN, SQLITE_DOWN).await
    }
}
