//! `audit_log`: who changed what, when, with before/after snapshots.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub at: DateTimeUtc,
    pub account_id: Option<i64>,
    /// Table or noun, e.g. `demand`.
    pub entity: String,
    pub entity_id: String,
    /// e.g. `create`, `update`, `delete`, `import`.
    pub action: String,
    /// JSON snapshot before the change.
    #[sea_orm(column_type = "Text", nullable)]
    pub before: Option<String>,
    /// JSON snapshot after the change.
    #[sea_orm(column_type = "Text", nullable)]
    pub after: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::account::Entity",
        from = "Column::AccountId",
        to = "super::account::Column::Id",
        on_delete = "SetNull"
    )]
    Account,
}

crate::related! {
    super::account::Entity => Account,
}

impl ActiveModelBehavior for ActiveModel {}
