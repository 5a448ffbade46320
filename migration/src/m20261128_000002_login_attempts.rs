//! `login_attempts`: every sign-in attempt, so that failures can be rate
//! limited per account and per client address across all server instances
//! (the count lives in the shared database, not in one process).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LoginAttempts::Table)
                    .col(big_pk_auto(LoginAttempts::Id))
                    .col(timestamp_with_time_zone(LoginAttempts::At))
                    // Lower-cased as typed, whether or not an account has it.
                    .col(string(LoginAttempts::Email))
                    .col(string(LoginAttempts::Address))
                    .col(boolean(LoginAttempts::Succeeded))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("ix_login_attempts_email_at", LoginAttempts::Email),
            ("ix_login_attempts_address_at", LoginAttempts::Address),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(LoginAttempts::Table)
                        .col(col)
                        .col(LoginAttempts::At)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LoginAttempts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum LoginAttempts {
    Table,
    Id,
    At,
    Email,
    Address,
    Succeeded,
}
