//! `data_requests`: a person's rectification, cancellation or opposition
//! request about their personal data (ARCO rights), and its answer.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "data_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: i64,
    /// The seat it is about; none: the account itself.
    pub member_id: Option<i64>,
    pub body_id: Option<i64>,
    /// rectification | cancellation | opposition
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    /// open | done | refused
    pub state: String,
    pub created_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
    pub resolved_by: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub response: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
