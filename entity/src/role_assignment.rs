//! `role_assignments`: what an account may do, and where.
//!
//! `body_id` is set for chair / secretary / representative, `member_id`
//! links the account to its seat, `authority_id` is set for officials.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "role_assignments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    /// admin | chair | secretary | representative | official
    pub role: String,
    pub body_id: Option<i64>,
    pub member_id: Option<i64>,
    pub authority_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::account::Entity",
        from = "Column::AccountId",
        to = "super::account::Column::Id",
        on_delete = "Cascade"
    )]
    Account,
    #[sea_orm(
        belongs_to = "super::body::Entity",
        from = "Column::BodyId",
        to = "super::body::Column::Id",
        on_delete = "Cascade"
    )]
    Body,
    #[sea_orm(
        belongs_to = "super::member::Entity",
        from = "Column::MemberId",
        to = "super::member::Column::Id",
        on_delete = "Cascade"
    )]
    Member,
    #[sea_orm(
        belongs_to = "super::authority::Entity",
        from = "Column::AuthorityId",
        to = "super::authority::Column::Id",
        on_delete = "Cascade"
    )]
    Authority,
}

crate::related! {
    super::account::Entity => Account,
    super::body::Entity => Body,
    super::member::Entity => Member,
    super::authority::Entity => Authority,
}

impl ActiveModelBehavior for ActiveModel {}
