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

use crate::m20261129_000006_referral_facts::{
    covering_index, COVERED, COVERING, OPEN, OPEN_INDEXES,
};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

const WINDOW: [(&str, &str); 2] = [
    (
        "ix_facts_authority_window",
        "authority_id, body_id, status, submitted_at",
    ),
    ("ix_facts_body_window", "body_id, status, submitted_at"),
];
const WINDOW_COVERED: &str = "authority_id, body_id, withdrawn_at, answer_ms, on_time, status, \
     paused, effective_deadline, unsatisfied";

const UNANSWERED: [(&str, &str); 2] = [
    (
        "ix_facts_unanswered_authority",
        "authority_id, body_id, paused, effective_deadline",
    ),
    (
        "ix_facts_unanswered_body",
        "body_id, paused, effective_deadline",
    ),
];
const UNANSWERED_COVERED: &str = "authority_id, submitted_at, withdrawn_at";

/// Drops the indexes `old` and creates `new` (name, key) covering
/// `covered`, partial on `filter`, in one call: on one SQLite connection,
/// since another of the pool may still have a dropped index in its copy
/// of the schema and refuse the name when it is created again.
async fn replace_indexes<C: ConnectionTrait>(
    db: &C,
    old: &[&str],
    new: &[(&str, &str, &str, Option<&str>)],
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut sql: Vec<String> = old.iter().map(|n| format!("DROP INDEX {n}")).collect();
    for (name, key, covered, filter) in new {
        sql.push(covering_index(backend, name, key, covered, *filter));
    }
    db.execute_unprepared(&sql.join("; ")).await.map(|_| ())
}

fn names(indexes: &[(&'static str, &'static str)]) -> Vec<&'static str> {
    indexes.iter().map(|(name, _)| *name).collect()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let old = [names(&COVERING), names(&OPEN_INDEXES)].concat();
        let new: Vec<_> = WINDOW
            .iter()
            .map(|(n, k)| (*n, *k, WINDOW_COVERED, None))
            .chain(
                UNANSWERED
                    .iter()
                    .map(|(n, k)| (*n, *k, UNANSWERED_COVERED, Some(OPEN))),
            )
            .collect();
        replace_indexes(manager.get_connection(), &old, &new).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let new = [names(&WINDOW), names(&UNANSWERED)].concat();
        // The old partial indexes held no covered columns.
        let old: Vec<_> = COVERING
            .iter()
            .map(|(n, k)| (*n, *k, COVERED, None))
            .chain(OPEN_INDEXES.iter().map(|(n, k)| (*n, *k, "", Some(OPEN))))
            .collect();
        replace_indexes(manager.get_connection(), &new, &old).await
    }
}
