//! The quorum as it was when a meeting's attendance was saved: the seat
//! holders on the meeting's date at that moment, how many of them attended
//! (present or remote), the body's quorum percentage then, and when. A later
//! roster edit (a backdated term, a withdrawal entered late) changes what the
//! roster says today, but not what the council recorded in its minutes, so
//! the meeting page can show both. All null: never saved in the app.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per ALTER TABLE.
        for col in [
            integer_null(Meetings::QuorumSeatHolders),
            integer_null(Meetings::QuorumAttending),
            integer_null(Meetings::QuorumPercent),
            timestamp_with_time_zone_null(Meetings::QuorumRecordedAt),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Meetings::Table)
                        .add_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            Meetings::QuorumSeatHolders,
            Meetings::QuorumAttending,
            Meetings::QuorumPercent,
            Meetings::QuorumRecordedAt,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Meetings::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Meetings {
    Table,
    QuorumSeatHolders,
    QuorumAttending,
    QuorumPercent,
    QuorumRecordedAt,
}
