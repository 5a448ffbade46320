//! `accounts`: people who can log in.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    /// argon2id PHC string; `None` until the invitation is accepted.
    pub password_hash: Option<String>,
    /// es | en
    #[sea_orm(default_value = "es")]
    pub locale: String,
    #[sea_orm(default_value = false)]
    pub disabled: bool,
    pub created_at: DateTimeUtc,
    pub last_login_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::role_assignment::Entity")]
    RoleAssignment,
    /// Events this account recorded.
    #[sea_orm(has_many = "super::referral_event::Entity")]
    ReferralEvent,
    /// Verdicts this account recorded.
    #[sea_orm(has_many = "super::assessment::Entity")]
    Assessment,
    #[sea_orm(has_many = "super::audit_log::Entity")]
    AuditLog,
    /// Invitations (and password resets) addressed to this account.
    #[sea_orm(has_many = "super::invitation::Entity", via_rel = "Relation::Account")]
    Invitation,
    /// Invitations this account sent.
    #[sea_orm(
        has_many = "super::invitation::Entity",
        via_rel = "Relation::InvitedBy"
    )]
    SentInvitation,
}

crate::related! {
    super::role_assignment::Entity => RoleAssignment,
    super::referral_event::Entity => ReferralEvent,
    super::assessment::Entity => Assessment,
    super::audit_log::Entity => AuditLog,
}

impl ActiveModelBehavior for ActiveModel {}
