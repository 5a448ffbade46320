//! `referrals.body_id` and `referrals.submitted_at` (the demand's, copied:
//! neither changes after submission) and `referrals.answered_at` (the first substantive answer,
//! kept by a trigger on `referral_events`), with indexes, so that the
//! figures read only the referrals they need — those of the one-year window
//! and those still unanswered — through indexes, instead of every referral
//! an authority ever had. At national scale (a million referrals over
//! years) this is what keeps the figures' reads proportional to the window.

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const SUBSTANTIVE: &str = "('accepted', 'partially_accepted', 'rejected', 'implemented')";

const INDEXES: [(&str, &[Referrals]); 5] = [
    (
        "ix_referrals_authority_body_submitted",
        &[
            Referrals::AuthorityId,
            Referrals::BodyId,
            Referrals::SubmittedAt,
        ],
    ),
    (
        "ix_referrals_authority_submitted",
        &[Referrals::AuthorityId, Referrals::SubmittedAt],
    ),
    (
        "ix_referrals_authority_answered",
        &[Referrals::AuthorityId, Referrals::AnsweredAt],
    ),
    ("ix_referrals_submitted", &[Referrals::SubmittedAt]),
    ("ix_referrals_answered", &[Referrals::AnsweredAt]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Referrals::Table)
                    .add_column(big_integer_null(Referrals::BodyId))
                    .to_owned(),
            )
            .await?;
        for column in [Referrals::SubmittedAt, Referrals::AnsweredAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Referrals::Table)
                        .add_column(timestamp_with_time_zone_null(column))
                        .to_owned(),
                )
                .await?;
        }
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE referrals SET \
             body_id = (SELECT d.body_id FROM demands d WHERE d.id = referrals.demand_id), \
             submitted_at = (SELECT d.submitted_at FROM demands d WHERE d.id = referrals.demand_id)",
        )
        .await?;
        db.execute_unprepared(&format!(
            "UPDATE referrals SET answered_at = (SELECT MIN(e.at) FROM referral_events e \
             WHERE e.referral_id = referrals.id AND e.kind IN {SUBSTANTIVE})"
        ))
        .await?;
        db.execute_unprepared(&answered_trigger(db.get_database_backend(), None))
            .await?;
        for (name, columns) in INDEXES {
            let mut index = Index::create();
            index.name(name).table(Referrals::Table);
            for c in columns {
                index.col(*c);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            manager
                .drop_index(Index::drop().name(name).table(Referrals::Table).to_owned())
                .await?;
        }
        let db = manager.get_connection();
        match db.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared("DROP TRIGGER referral_events_answered ON referral_events")
                    .await?;
                db.execute_unprepared("DROP FUNCTION referral_answered()")
                    .await?;
            }
            _ => {
                db.execute_unprepared("DROP TRIGGER referral_events_answered")
                    .await?;
            }
        }
        for column in [
            Referrals::BodyId,
            Referrals::SubmittedAt,
            Referrals::AnsweredAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Referrals::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Referrals {
    Table,
    AuthorityId,
    BodyId,
    SubmittedAt,
    AnsweredAt,
}

/// The trigger keeping `answered_at` on inserted events; with `unless`
/// (a condition true when the trigger should do nothing), gated by it.
/// One string of statements, so that whoever replaces the trigger can drop
/// the old one in the same call: on one SQLite connection, since another
/// connection of the pool may still have the old trigger in its copy of
/// the schema and refuse the name.
fn answered_trigger(backend: DbBackend, unless: Option<&str>) -> String {
    match backend {
        DbBackend::Postgres => {
            // Per statement with the inserted rows as a table: a batched
            // import updates each referral once, not once per event.
            let update = format!(
                "UPDATE referrals r SET answered_at = n.at \
                 FROM (SELECT referral_id, MIN(at) AS at FROM new_events \
                       WHERE kind IN {SUBSTANTIVE} GROUP BY referral_id) n \
                 WHERE r.id = n.referral_id AND (r.answered_at IS NULL OR r.answered_at > n.at);"
            );
            let body = match unless {
                Some(c) => format!("IF NOT {c} THEN {update} END IF;"),
                None => update,
            };
            format!(
                "CREATE OR REPLACE FUNCTION referral_answered() RETURNS trigger \
                 LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NULL; END $$; \
                 CREATE TRIGGER referral_events_answered AFTER INSERT ON referral_events \
                 REFERENCING NEW TABLE AS new_events \
                 FOR EACH STATEMENT EXECUTE FUNCTION referral_answered()"
            )
        }
        _ => {
            let gate = unless.map(|c| format!(" AND NOT {c}")).unwrap_or_default();
            format!(
                "CREATE TRIGGER referral_events_answered AFTER INSERT ON referral_events \
                 WHEN NEW.kind IN {SUBSTANTIVE}{gate} BEGIN \
                 UPDATE referrals SET answered_at = NEW.at WHERE id = NEW.referral_id \
                 AND (answered_at IS NULL OR answered_at > NEW.at); END"
            )
        }
    }
}
