//! `body_groups`: the migrant groups a body serves, in dataset order.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "body_groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub body_id: i64,
    /// 0-based position in the body's `groups_served` list.
    pub position: i32,
    /// immigrant | emigrant | transit | returnee | refugee | other
    pub migrant_group: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::body::Entity",
        from = "Column::BodyId",
        to = "super::body::Column::Id",
        on_delete = "Cascade"
    )]
    Body,
}

crate::related! {
    super::body::Entity => Body,
}

impl ActiveModelBehavior for ActiveModel {}
