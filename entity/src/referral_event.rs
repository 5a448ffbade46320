//! `referral_events`: the timeline of a referral (answers, clarifications).
//! Never edited or deleted by the application: a correction is a new event.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referral_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub referral_id: i64,
    /// 0-based position in the referral's list of events.
    pub seq: i32,
    pub at: DateTimeUtc,
    /// acknowledged | clarification_requested | clarification_provided |
    /// accepted | partially_accepted | rejected | implemented
    pub kind: String,
    /// Markdown; may be empty.
    #[sea_orm(column_type = "Text", default_value = "")]
    pub text: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub evidence_url: Option<String>,
    /// The account that recorded it (`None` for imported data).
    pub author_account_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::referral::Entity",
        from = "Column::ReferralId",
        to = "super::referral::Column::Id",
        on_delete = "Cascade"
    )]
    Referral,
    #[sea_orm(
        belongs_to = "super::account::Entity",
        from = "Column::AuthorAccountId",
        to = "super::account::Column::Id",
        on_delete = "SetNull"
    )]
    Account,
}

crate::related! {
    super::referral::Entity => Referral,
    // The author.
    super::account::Entity => Account,
}

impl ActiveModelBehavior for ActiveModel {}
