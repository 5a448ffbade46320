//! `meetings.series`: occurrences scheduled together share a series name, so
//! that a secretary can change or cancel "this and the following" at once.
//! Each occurrence stays an ordinary meeting row (attendance, minutes and
//! status are per occurrence); the dataset format has no series and an
//! imported meeting has none.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Meetings::Table)
                    .add_column(string_null(Meetings::Series))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_meetings_body_series")
                    .table(Meetings::Table)
                    .col(Meetings::BodyId)
                    .col(Meetings::Series)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_meetings_body_series")
                    .table(Meetings::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Meetings::Table)
                    .drop_column(Meetings::Series)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Meetings {
    Table,
    BodyId,
    Series,
}
