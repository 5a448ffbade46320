//! `bodies`: consultative bodies of migrants.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bodies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub key: String,
    pub name: String,
    /// national | state | municipal | consular | transnational
    pub level: String,
    pub jurisdiction: String,
    /// IANA time zone name.
    pub timezone: String,
    pub seats: Option<i32>,
    pub meetings_per_year: Option<i32>,
    #[sea_orm(default_value = 50)]
    pub quorum_percent: i32,
    /// Overrides the authority's default deadline for this body's referrals.
    pub response_days: Option<i32>,
    #[sea_orm(default_value = true)]
    pub public: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::body_group::Entity")]
    BodyGroup,
    #[sea_orm(has_many = "super::body_region::Entity")]
    BodyRegion,
    #[sea_orm(has_many = "super::member::Entity")]
    Member,
    #[sea_orm(has_many = "super::meeting::Entity")]
    Meeting,
    #[sea_orm(has_many = "super::demand::Entity")]
    Demand,
    #[sea_orm(has_many = "super::role_assignment::Entity")]
    RoleAssignment,
    #[sea_orm(has_many = "super::invitation::Entity")]
    Invitation,
}

crate::related! {
    super::body_group::Entity => BodyGroup,
    super::body_region::Entity => BodyRegion,
    super::member::Entity => Member,
    super::meeting::Entity => Meeting,
    super::demand::Entity => Demand,
    super::role_assignment::Entity => RoleAssignment,
    super::invitation::Entity => Invitation,
}

impl ActiveModelBehavior for ActiveModel {}
