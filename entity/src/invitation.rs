//! `invitations`: e-mailed links to set a password, either to accept an
//! invitation (`purpose = "invite"`) or to reset a password (`"reset"`).
//! Only a hash of the token is stored.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub email: String,
    #[sea_orm(unique)]
    pub token_hash: String,
    /// The account being invited (or whose password is reset).
    pub account_id: Option<i64>,
    /// The seat the account will be linked to.
    pub member_id: Option<i64>,
    /// Role granted on acceptance: admin | chair | secretary |
    /// representative | official
    pub role: Option<String>,
    pub body_id: Option<i64>,
    pub authority_id: Option<i64>,
    pub invited_by: Option<i64>,
    /// invite | reset
    #[sea_orm(default_value = "invite")]
    pub purpose: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The invited account.
    #[sea_orm(
        belongs_to = "super::account::Entity",
        from = "Column::AccountId",
        to = "super::account::Column::Id",
        on_delete = "Cascade"
    )]
    Account,
    /// The account that sent the invitation.
    #[sea_orm(
        belongs_to = "super::account::Entity",
        from = "Column::InvitedBy",
        to = "super::account::Column::Id",
        on_delete = "SetNull"
    )]
    InvitedBy,
    #[sea_orm(
        belongs_to = "super::member::Entity",
        from = "Column::MemberId",
        to = "super::member::Column::Id",
        on_delete = "SetNull"
    )]
    Member,
    #[sea_orm(
        belongs_to = "super::body::Entity",
        from = "Column::BodyId",
        to = "super::body::Column::Id",
        on_delete = "Cascade"
    )]
    Body,
    #[sea_orm(
        belongs_to = "super::authority::Entity",
        from = "Column::AuthorityId",
        to = "super::authority::Column::Id",
        on_delete = "Cascade"
    )]
    Authority,
}

crate::related! {
    super::member::Entity => Member,
    super::body::Entity => Body,
    super::authority::Entity => Authority,
}

impl ActiveModelBehavior for ActiveModel {}
