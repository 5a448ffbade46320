//! Slow figures kept in the database beside the data they were computed
//! from (`figures_kept`): a process that starts (a restart, an upgrade,
//! another instance) serves them at once while it computes them again,
//! where the first readers after a restart waited for the national figures
//! (3.0 s for the home page, 10.9 s for the largest authority at a million
//! referrals). Not data: derived from the rest, never exported, and
//! anything here may be deleted at any time.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FiguresKept::Table)
                    // The figures' key in the cache, `…@now`.
                    .col(string(FiguresKept::Key).primary_key())
                    // `data_version` read before they were computed.
                    .col(big_integer(FiguresKept::Version))
                    // How long they took to compute, in milliseconds.
                    .col(big_integer(FiguresKept::CostMs))
                    .col(timestamp_with_time_zone(FiguresKept::ComputedAt))
                    // JSON.
                    .col(text(FiguresKept::Value))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FiguresKept::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum FiguresKept {
    Table,
    Key,
    Version,
    CostMs,
    ComputedAt,
    Value,
}
