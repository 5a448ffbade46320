//! `data_requests`: a person's request to correct (rectification), delete
//! (cancellation) or stop a use of (opposition) their personal data — the
//! ARCO rights of Mexico's data-protection law. It reaches the body's
//! secretariat and the administrators, who answer it; the person sees its
//! state on their account page.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DataRequests::Table)
                    .col(big_pk_auto(DataRequests::Id))
                    .col(big_integer(DataRequests::AccountId))
                    // The seat it is about (none: the account itself).
                    .col(big_integer_null(DataRequests::MemberId))
                    .col(big_integer_null(DataRequests::BodyId))
                    .col(string(DataRequests::Kind).check(Check::named(
                        "ck_data_requests_kind",
                        Expr::col(DataRequests::Kind).is_in([
                            "rectification",
                            "cancellation",
                            "opposition",
                        ]),
                    )))
                    .col(text(DataRequests::Text))
                    .col(string(DataRequests::State).check(Check::named(
                        "ck_data_requests_state",
                        Expr::col(DataRequests::State).is_in(["open", "done", "refused"]),
                    )))
                    .col(timestamp_with_time_zone(DataRequests::CreatedAt))
                    .col(timestamp_with_time_zone_null(DataRequests::ResolvedAt))
                    .col(big_integer_null(DataRequests::ResolvedBy))
                    .col(text_null(DataRequests::Response))
                    .foreign_key(
                        ForeignKey::create()
                            .from(DataRequests::Table, DataRequests::AccountId)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(DataRequests::Table, DataRequests::MemberId)
                            .to(Members::Table, Members::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(DataRequests::Table, DataRequests::BodyId)
                            .to(Bodies::Table, Bodies::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(DataRequests::Table, DataRequests::ResolvedBy)
                            .to(Accounts::Table, Accounts::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("ix_data_requests_account", DataRequests::AccountId),
            ("ix_data_requests_body", DataRequests::BodyId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(DataRequests::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DataRequests::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum DataRequests {
    Table,
    Id,
    AccountId,
    MemberId,
    BodyId,
    Kind,
    Text,
    State,
    CreatedAt,
    ResolvedAt,
    ResolvedBy,
    Response,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Members {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Bodies {
    Table,
    Id,
}
