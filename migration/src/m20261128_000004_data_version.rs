//! `data_version`: one counter that every change to what the figures read
//! moves forward, whoever makes it (a form, an import, another instance, a
//! hand-written SQL statement). Computed figures are cached under the
//! counter's value, so a write is visible in the next request's figures
//! on every instance sharing the database.
//!
//! The counter is bumped by triggers: per statement on PostgreSQL (a batched
//! insert of thousands of rows bumps it once), per row on SQLite (which has
//! no statement triggers; an update of one row inside the writer's
//! transaction is cheap there).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Everything `metrics` reads.
const TABLES: [&str; 12] = [
    "authorities",
    "authority_holidays",
    "bodies",
    "body_groups",
    "body_regions",
    "members",
    "meetings",
    "attendance",
    "demands",
    "referrals",
    "referral_events",
    "assessments",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE TABLE data_version (id INTEGER PRIMARY KEY, version BIGINT NOT NULL)",
        )
        .await?;
        db.execute_unprepared("INSERT INTO data_version (id, version) VALUES (1, 0)")
            .await?;
        match db.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; \
                     RETURN NULL; END $$",
                )
                .await?;
                for t in TABLES {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {t}_data_version AFTER INSERT OR UPDATE OR DELETE \
                         OR TRUNCATE ON {t} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
                    ))
                    .await?;
                }
            }
            _ => {
                for t in TABLES {
                    for op in ["INSERT", "UPDATE", "DELETE"] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {t}_data_version_{} AFTER {op} ON {t} \
                             BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END",
                            op.to_lowercase()
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match db.get_database_backend() {
            DbBackend::Postgres => {
                for t in TABLES {
                    db.execute_unprepared(&format!("DROP TRIGGER {t}_data_version ON {t}"))
                        .await?;
                }
                db.execute_unprepared("DROP FUNCTION bump_data_version()")
                    .await?;
            }
            _ => {
                for t in TABLES {
                    for op in ["insert", "update", "delete"] {
                        db.execute_unprepared(&format!("DROP TRIGGER {t}_data_version_{op}"))
                            .await?;
                    }
                }
            }
        }
        db.execute_unprepared("DROP TABLE data_version").await?;
        Ok(())
    }
}
