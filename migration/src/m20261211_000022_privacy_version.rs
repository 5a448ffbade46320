//! `data_version.privacy`: a second counter, moved only by a write that can
//! take something out of public view — a council made private, a member's
//! name made private, a demand made confidential, minutes unpublished, or
//! any row deleted from what the public pages read.
//!
//! The page cache may give a reader the page from just before a write
//! while the next one is rendered (at most two seconds old). That is
//! harmless for an answer or a new demand, which the reader simply sees a
//! moment later, but not for a demand that was just made confidential: its
//! text must not be shown once the write is acknowledged. The cache gives
//! the page before a write only while this counter has not moved.
//!
//! Per row with a `WHEN` on the flag on both databases, so a bulk update
//! that leaves the flags alone costs a comparison per row; deletions per
//! statement on PostgreSQL, per row on SQLite (which has no statement
//! triggers).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The flags that decide what the public sees, per table.
const FLAGS: [(&str, &str); 4] = [
    ("bodies", "public"),
    ("members", "public"),
    ("demands", "confidential"),
    // Minutes unpublished (set back to none) leave public view.
    ("meetings", "minutes_published_at"),
];

/// Every table the public pages read (as `data_version`'s triggers).
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
            "ALTER TABLE data_version ADD COLUMN privacy BIGINT NOT NULL DEFAULT 0",
        )
        .await?;
        match db.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION bump_privacy_version() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN UPDATE data_version SET privacy = privacy + 1 WHERE id = 1; \
                     RETURN NULL; END $$",
                )
                .await?;
                for (t, c) in FLAGS {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {t}_{c}_privacy AFTER UPDATE OF {c} ON {t} FOR EACH ROW \
                         WHEN (OLD.{c} IS DISTINCT FROM NEW.{c}) \
                         EXECUTE FUNCTION bump_privacy_version()"
                    ))
                    .await?;
                }
                for t in TABLES {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {t}_privacy_delete AFTER DELETE OR TRUNCATE ON {t} \
                         FOR EACH STATEMENT EXECUTE FUNCTION bump_privacy_version()"
                    ))
                    .await?;
                }
            }
            _ => {
                for (t, c) in FLAGS {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {t}_{c}_privacy AFTER UPDATE OF {c} ON {t} \
                         WHEN OLD.{c} IS NOT NEW.{c} \
                         BEGIN UPDATE data_version SET privacy = privacy + 1 WHERE id = 1; END"
                    ))
                    .await?;
                }
                for t in TABLES {
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {t}_privacy_delete AFTER DELETE ON {t} \
                         BEGIN UPDATE data_version SET privacy = privacy + 1 WHERE id = 1; END"
                    ))
                    .await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let postgres = db.get_database_backend() == DbBackend::Postgres;
        for (t, c) in FLAGS {
            let on = if postgres {
                format!(" ON {t}")
            } else {
                String::new()
            };
            db.execute_unprepared(&format!("DROP TRIGGER {t}_{c}_privacy{on}"))
                .await?;
        }
        for t in TABLES {
            let on = if postgres {
                format!(" ON {t}")
            } else {
                String::new()
            };
            db.execute_unprepared(&format!("DROP TRIGGER {t}_privacy_delete{on}"))
                .await?;
        }
        if postgres {
            db.execute_unprepared("DROP FUNCTION bump_privacy_version()")
                .await?;
        }
        db.execute_unprepared("ALTER TABLE data_version DROP COLUMN privacy")
            .await?;
        Ok(())
    }
}
