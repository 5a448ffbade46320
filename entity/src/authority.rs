//! `authorities`: public agencies that receive referrals.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "authorities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub key: String,
    pub name: String,
    pub acronym: Option<String>,
    /// federal | state | municipal | consular | international
    pub level: String,
    /// Default deadline (days) for referrals to this authority.
    pub response_days: i32,
    /// calendar | business
    pub day_kind: String,
    pub email: Option<String>,
    pub created_at: DateTimeUtc,
    /// Archived: not offered for new demands; its history stays.
    pub archived_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::authority_holiday::Entity")]
    AuthorityHoliday,
    #[sea_orm(has_many = "super::referral::Entity")]
    Referral,
    #[sea_orm(has_many = "super::role_assignment::Entity")]
    RoleAssignment,
    #[sea_orm(has_many = "super::invitation::Entity")]
    Invitation,
}

crate::related! {
    super::authority_holiday::Entity => AuthorityHoliday,
    super::referral::Entity => Referral,
    super::role_assignment::Entity => RoleAssignment,
    super::invitation::Entity => Invitation,
}

impl ActiveModelBehavior for ActiveModel {}
