//! metrics.md's changes of 2026-12:
//! - A referral keeps the base deadline it had when it was made: the app
//!   now records `referrals.due_at` at creation. Referrals made before
//!   have none; `due_at_backfill` asks the application, which alone knows
//!   the deadline rules (business days in the body's zone, holidays), to
//!   record theirs once, right after this migration
//!   (`services::demands::clock::record_due_dates`). From then on, a change
//!   of `response_days`, `day_kind` or holidays never rewrites them.
//! - A clarification asked once the clock has run out opens no pause: every
//!   referral's facts are queued to be computed again under the new rule.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("CREATE TABLE due_at_backfill (pending INTEGER NOT NULL)")
            .await?;
        db.execute_unprepared("INSERT INTO due_at_backfill (pending) VALUES (1)")
            .await?;
        db.execute_unprepared(
            "INSERT INTO referral_facts_dirty (referral_id) SELECT id FROM referrals ORDER BY id",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP TABLE due_at_backfill")
            .await?;
        Ok(())
    }
}
