//! `follow_addresses`: an e-mail address that follows something, without an
//! account; its token opens the page of its follows.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "follow_addresses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Lower-cased.
    #[sea_orm(unique)]
    pub email: String,
    /// The language of its mails (`es` or `en`).
    pub locale: String,
    #[sea_orm(unique)]
    pub token: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::follow::Entity")]
    Follow,
}

crate::related! { super::follow::Entity => Follow }

impl ActiveModelBehavior for ActiveModel {}
