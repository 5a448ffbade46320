//! The referrals that can be overdue (unanswered, not paused), in the
//! order the national "most overdue" list shows them (effective deadline,
//! then id), with the columns its test of which referrals exist at an
//! instant reads. The list's ten rows were sought through every referral
//! by deadline (`ix_facts_deadline`), most of the early ones long
//! answered: 152 ms of the home overview at a million referrals.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

// Written out in full, as they stood when this migration was written (a
// migration that has run never changes). PostgreSQL names the covered
// columns apart (`INCLUDE`); SQLite has them in the key.
const PG_UP: &str = "CREATE INDEX ix_facts_overdue ON referral_facts \
    (effective_deadline, referral_id) INCLUDE (body_id, submitted_at, withdrawn_at, authority_id) \
    WHERE first_answer_at IS NULL AND paused = 0";
const SQLITE_UP: &str = "CREATE INDEX ix_facts_overdue ON referral_facts \
    (effective_deadline, referral_id, body_id, submitted_at, withdrawn_at, authority_id) \
    WHERE first_answer_at IS NULL AND paused = 0";
const DOWN: &str = "DROP INDEX ix_facts_overdue";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let sql = match db.get_database_backend() {
            DbBackend::Postgres => PG_UP,
            _ => SQLITE_UP,
        };
        db.execute_unprepared(sql).await.map(|_| ())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(DOWN)
            .await
            .map(|_| ())
    }
}
