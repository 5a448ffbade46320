//! `assessments`: the body's verdicts on a referral's answers.
//! Never edited or deleted by the application.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub referral_id: i64,
    /// 0-based position in the referral's list of assessments.
    pub seq: i32,
    pub at: DateTimeUtc,
    /// satisfied | partially_satisfied | unsatisfied
    pub verdict: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
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
