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

async fn drop_indexes<C: ConnectionTrait>(db: &C, names: &[&str]) -> Result<(), DbErr> {
    for name in names {
        db.execute_unprepared(&format!("DROP INDEX {name}")).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let old: Vec<&str> = COVERING
            .iter()
            .chain(OPEN_INDEXES.iter())
            .map(|(name, _)| *name)
            .collect();
        drop_indexes(db, &old).await?;
        for (name, key) in WINDOW {
            covering_index(db, name, key, WINDOW_COVERED, None).await?;
        }
        for (name, key) in UNANSWERED {
            covering_index(db, name, key, UNANSWERED_COVERED, Some(OPEN)).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let new: Vec<&str> = WINDOW
            .iter()
            .chain(UNANSWERED.iter())
            .map(|(name, _)| *name)
            .collect();
        drop_indexes(db, &new).await?;
        for (name, key) in COVERING {
            covering_index(db, name, key, COVERED, None).await?;
        }
        for (name, key) in OPEN_INDEXES {
            db.execute_unprepared(&format!(
                "CREATE INDEX {name} ON referral_facts ({key}) WHERE {OPEN}"
            ))
            .await?;
        }
        Ok(())
    }
}
