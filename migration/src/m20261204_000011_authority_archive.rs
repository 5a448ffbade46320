//! `authorities.archived_at`: an administrator archives an authority that no
//! longer receives demands (merged, dissolved, renamed into another). It is
//! no longer offered to address new demands; its referrals, answers and
//! figures stay as they were. Null: in service.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Authorities::Table)
                    .add_column(timestamp_with_time_zone_null(Authorities::ArchivedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Authorities::Table)
                    .drop_column(Authorities::ArchivedAt)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Authorities {
    Table,
    ArchivedAt,
}
