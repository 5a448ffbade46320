//! An import writes `referrals.answered_at` itself, as it writes the
//! referrals' facts: the trigger that keeps it on inserted events
//! (migration 5) now does nothing in a transaction marked as a bulk load
//! (`referral_facts_bulk`, migration 6). At a million referrals the
//! trigger rewrote 900,000 freshly inserted referral rows, each with all
//! its index entries — a large part of a PostgreSQL import.

use crate::m20261128_000005_referral_window::create_answered_trigger;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

const IN_BULK: &str = "EXISTS (SELECT 1 FROM referral_facts_bulk)";

async fn drop_trigger<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => "DROP TRIGGER referral_events_answered ON referral_events",
        _ => "DROP TRIGGER referral_events_answered",
    };
    db.execute_unprepared(sql).await.map(|_| ())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        drop_trigger(db).await?;
        create_answered_trigger(db, Some(IN_BULK)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        drop_trigger(db).await?;
        create_answered_trigger(db, None).await
    }
}
