//! The referral facts in the referrals list's own order (the longest
//! overdue first: effective deadline, then id), with every column its
//! filters test, so a page of the whole list is read from the index in
//! order and stops after its rows: at a million referrals the first page
//! took 0.5 s to sort them all, and 5 ms with this index (a page 250,000
//! rows down, 94 ms).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReferralFacts {
    Table,
    EffectiveDeadline,
    ReferralId,
    BodyId,
    SubmittedAt,
    WithdrawnAt,
    AuthorityId,
    Status,
    FirstAnswerAt,
    Paused,
    OnTime,
}

const NAME: &str = "ix_facts_deadline";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table(ReferralFacts::Table)
                    .col(ReferralFacts::EffectiveDeadline)
                    .col(ReferralFacts::ReferralId)
                    .col(ReferralFacts::BodyId)
                    .col(ReferralFacts::SubmittedAt)
                    .col(ReferralFacts::WithdrawnAt)
                    .col(ReferralFacts::AuthorityId)
                    .col(ReferralFacts::Status)
                    .col(ReferralFacts::FirstAnswerAt)
                    .col(ReferralFacts::Paused)
                    .col(ReferralFacts::OnTime)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(NAME)
                    .table(ReferralFacts::Table)
                    .to_owned(),
            )
            .await
    }
}
