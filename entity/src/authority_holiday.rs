//! `authority_holidays`: dates skipped when an authority counts business days.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "authority_holidays")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub authority_id: i64,
    pub day: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::authority::Entity",
        from = "Column::AuthorityId",
        to = "super::authority::Column::Id",
        on_delete = "Cascade"
    )]
    Authority,
}

crate::related! {
    super::authority::Entity => Authority,
}

impl ActiveModelBehavior for ActiveModel {}
