//! `referrals`: a demand addressed to one authority.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "referrals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub demand_id: i64,
    pub authority_id: i64,
    /// Explicit deadline; when `None` it is computed (metrics.md, "Deadlines").
    pub due_at: Option<DateTimeUtc>,
    /// The demand's body, copied (migration 5).
    pub body_id: Option<i64>,
    /// The demand's `submitted_at`, copied so that the figures' window is
    /// read through an index on referrals (migration 5).
    pub submitted_at: Option<DateTimeUtc>,
    /// The first substantive answer; kept by a trigger on `referral_events`.
    pub answered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::demand::Entity",
        from = "Column::DemandId",
        to = "super::demand::Column::Id",
        on_delete = "Cascade"
    )]
    Demand,
    #[sea_orm(
        belongs_to = "super::authority::Entity",
        from = "Column::AuthorityId",
        to = "super::authority::Column::Id",
        on_delete = "Cascade"
    )]
    Authority,
    #[sea_orm(has_many = "super::referral_event::Entity")]
    ReferralEvent,
    #[sea_orm(has_many = "super::assessment::Entity")]
    Assessment,
}

crate::related! {
    super::demand::Entity => Demand,
    super::authority::Entity => Authority,
    super::referral_event::Entity => ReferralEvent,
    super::assessment::Entity => Assessment,
}

impl ActiveModelBehavior for ActiveModel {}
