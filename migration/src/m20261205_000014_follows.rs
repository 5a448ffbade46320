//! Following by e-mail, without an account: an address (`follow_addresses`,
//! with the token of its page of follows), what it follows (`follows`: a
//! body, an authority, a demand, a saved search of demands or the whole
//! site, at a frequency), and the follow form's use (`follow_requests`,
//! counted so that the form cannot mail-bomb a stranger). A follow is
//! confirmed from a mail (double opt-in); until then nothing is sent.
//! `mail_outbox.list_unsubscribe` carries the one-click unsubscribe address
//! of a follow's mails (RFC 8058 headers).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FollowAddresses::Table)
                    .col(big_pk_auto(FollowAddresses::Id))
                    .col(string_uniq(FollowAddresses::Email))
                    .col(string(FollowAddresses::Locale))
                    // In the clear: every mail carries it (the page of one's
                    // follows), and it opens nothing but that page.
                    .col(string_uniq(FollowAddresses::Token))
                    .col(timestamp_with_time_zone(FollowAddresses::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Follows::Table)
                    .col(big_pk_auto(Follows::Id))
                    .col(big_integer(Follows::AddressId))
                    .col(string(Follows::Kind).check(Check::named(
                        "ck_follows_kind",
                        Expr::col(Follows::Kind).is_in([
                            "body",
                            "authority",
                            "demand",
                            "search",
                            "site",
                        ]),
                    )))
                    // A body's or an authority's key, `body/demand`, a
                    // search's query string, or empty for the site.
                    .col(string_len(Follows::Target, 600))
                    .col(string_len(Follows::Title, 300))
                    .col(string(Follows::Frequency).check(Check::named(
                        "ck_follows_frequency",
                        Expr::col(Follows::Frequency).is_in(["immediate", "daily", "weekly"]),
                    )))
                    // Confirms the follow and unsubscribes from it.
                    .col(string_uniq(Follows::Token))
                    .col(timestamp_with_time_zone(Follows::CreatedAt))
                    .col(timestamp_with_time_zone_null(Follows::ConfirmedAt))
                    // What was sent reaches up to this instant.
                    .col(timestamp_with_time_zone_null(Follows::SentUpTo))
                    // When to look for news again.
                    .col(timestamp_with_time_zone_null(Follows::DueAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Follows::Table, Follows::AddressId)
                            .to(FollowAddresses::Table, FollowAddresses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_follows_address_target")
                    .table(Follows::Table)
                    .col(Follows::AddressId)
                    .col(Follows::Kind)
                    .col(Follows::Target)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_follows_due")
                    .table(Follows::Table)
                    .col(Follows::DueAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FollowRequests::Table)
                    .col(big_pk_auto(FollowRequests::Id))
                    .col(timestamp_with_time_zone(FollowRequests::At))
                    .col(string(FollowRequests::Email))
                    .col(string(FollowRequests::Client))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("ix_follow_requests_email", FollowRequests::Email),
            ("ix_follow_requests_client", FollowRequests::Client),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(FollowRequests::Table)
                        .col(col)
                        .col(FollowRequests::At)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(MailOutbox::Table)
                    .add_column(text_null(MailOutbox::ListUnsubscribe))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(MailOutbox::Table)
                    .drop_column(MailOutbox::ListUnsubscribe)
                    .to_owned(),
            )
            .await?;
        for t in [
            FollowRequests::Table.into_iden(),
            Follows::Table.into_iden(),
            FollowAddresses::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum FollowAddresses {
    Table,
    Id,
    Email,
    Locale,
    Token,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Follows {
    Table,
    Id,
    AddressId,
    Kind,
    Target,
    Title,
    Frequency,
    Token,
    CreatedAt,
    ConfirmedAt,
    SentUpTo,
    DueAt,
}

#[derive(DeriveIden)]
enum FollowRequests {
    Table,
    Id,
    At,
    Email,
    Client,
}

#[derive(DeriveIden)]
enum MailOutbox {
    Table,
    ListUnsubscribe,
}
