//! An import writes `referrals.answered_at` itself, as it writes the
//! referrals' facts: the trigger that keeps it on inserted events
//! (migration 5) now does nothing in a transaction marked as a bulk load
//! (`referral_facts_bulk`, migration 6). At a million referrals the
//! trigger rewrote 900,000 freshly inserted referral rows, each with all
//! its index entries — a large part of a PostgreSQL import.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

// The trigger's text is written out here in full, as it stood when this
// migration was written, rather than built by migration 5's function: a
// migration that has run must never change, so it shares no code.

/// PostgreSQL, after: the statement trigger does nothing in a bulk load.
const PG_UP: &str = "DROP TRIGGER referral_events_answered ON referral_events; \
     CREATE OR REPLACE FUNCTION referral_answered() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
     IF NOT EXISTS (SELECT 1 FROM referral_facts_bulk) THEN \
     UPDATE referrals r SET answered_at = n.at \
     FROM (SELECT referral_id, MIN(at) AS at FROM new_events \
     WHERE kind IN ('accepted', 'partially_accepted', 'rejected', 'implemented') GROUP BY referral_id) n \
     WHERE r.id = n.referral_id AND (r.answered_at IS NULL OR r.answered_at > n.at); \
     END IF; RETURN NULL; END $$; \
     CREATE TRIGGER referral_events_answered AFTER INSERT ON referral_events \
     REFERENCING NEW TABLE AS new_events \
     FOR EACH STATEMENT EXECUTE FUNCTION referral_answered()";

/// PostgreSQL, before: migration 5's ungated trigger.
const PG_DOWN: &str = "DROP TRIGGER referral_events_answered ON referral_events; \
     CREATE OR REPLACE FUNCTION referral_answered() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
     UPDATE referrals r SET answered_at = n.at \
     FROM (SELECT referral_id, MIN(at) AS at FROM new_events \
     WHERE kind IN ('accepted', 'partially_accepted', 'rejected', 'implemented') GROUP BY referral_id) n \
     WHERE r.id = n.referral_id AND (r.answered_at IS NULL OR r.answered_at > n.at); \
     RETURN NULL; END $$; \
     CREATE TRIGGER referral_events_answered AFTER INSERT ON referral_events \
     REFERENCING NEW TABLE AS new_events \
     FOR EACH STATEMENT EXECUTE FUNCTION referral_answered()";

/// SQLite, after. One string of statements: on one SQLite connection, since
/// another connection of the pool may still have the old trigger in its
/// copy of the schema and refuse the name.
const SQLITE_UP: &str = "DROP TRIGGER referral_events_answered; \
     CREATE TRIGGER referral_events_answered AFTER INSERT ON referral_events \
     WHEN NEW.kind IN ('accepted', 'partially_accepted', 'rejected', 'implemented') \
     AND NOT EXISTS (SELECT 1 FROM referral_facts_bulk) BEGIN \
     UPDATE referrals SET answered_at = NEW.at WHERE id = NEW.referral_id \
     AND (answered_at IS NULL OR answered_at > NEW.at); END";

/// SQLite, before.
const SQLITE_DOWN: &str = "DROP TRIGGER referral_events_answered; \
     CREATE TRIGGER referral_events_answered AFTER INSERT ON referral_events \
     WHEN NEW.kind IN ('accepted', 'partially_accepted', 'rejected', 'implemented') BEGIN \
     UPDATE referrals SET answered_at = NEW.at WHERE id = NEW.referral_id \
     AND (answered_at IS NULL OR answered_at > NEW.at); END";

async fn run<C: ConnectionTrait>(db: &C, pg: &str, sqlite: &str) -> Result<(), DbErr> {
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => pg,
        _ => sqlite,
    };
    db.execute_unprepared(sql).await.map(|_| ())
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
