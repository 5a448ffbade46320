//! An import writes `referrals.answered_at` itself, as it writes the
//! referrals' facts: the trigger that keeps it on inserted events
//! (migration 5) now does nothing in a transaction marked as a bulk load
//! (`referral_facts_bulk`, migration 6). At a million referrals the
//! trigger rewrote 900,000 freshly inserted referral rows, each with all
//! its index entries — a large part of a PostgreSQL import.

use crate::m20261128_000005_referral_window::answered_trigger;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const IN_BULK: &str = "EXISTS (SELECT 1 FROM referral_facts_bulk)";

/// Drops the trigger and creates it again, `unless` gating it, in one
/// call (see `answered_trigger`).
async fn replace_trigger<C: ConnectionTrait>(db: &C, unless: Option<&str>) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let drop = match backend {
        DbBackend::Postgres => "DROP TRIGGER referral_events_answered ON referral_events",
        _ => "DROP TRIGGER referral_events_answered",
    };
    db.execute_unprepared(&format!("{drop}; {}", answered_trigger(backend, unless)))
        .await
        .map(|_| ())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        replace_trigger(manager.get_connection(), Some(IN_BULK)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        replace_trigger(manager.get_connection(), None).await
    }
}
