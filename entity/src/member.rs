//! `members`: people sitting on a body.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "members")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub body_id: i64,
    /// Unique within the body.
    pub key: String,
    pub name: String,
    /// Never shown publicly.
    pub email: Option<String>,
    /// Whether the name may be shown publicly.
    pub public: bool,
    /// chair | secretary | representative | alternate
    pub role: String,
    /// woman | man | non_binary | other | undisclosed
    pub gender: String,
    /// immigrant | emigrant | transit | returnee | refugee | other
    pub migrant_group: String,
    pub region: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[sea_orm(column_type = "String(StringLen::N(2))", nullable)]
    pub country: Option<String>,
    pub term_start: Date,
    pub term_end: Option<Date>,
    pub withdrawn_on: Option<Date>,
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
    #[sea_orm(has_many = "super::attendance::Entity")]
    Attendance,
    /// Demands this member submitted.
    #[sea_orm(has_many = "super::demand::Entity")]
    Demand,
    #[sea_orm(has_many = "super::role_assignment::Entity")]
    RoleAssignment,
    #[sea_orm(has_many = "super::invitation::Entity")]
    Invitation,
}

crate::related! {
    super::body::Entity => Body,
    super::attendance::Entity => Attendance,
    super::demand::Entity => Demand,
    super::role_assignment::Entity => RoleAssignment,
    super::invitation::Entity => Invitation,
}

/// Meetings this member has an attendance record for.
impl Related<super::meeting::Entity> for Entity {
    fn to() -> RelationDef {
        super::attendance::Relation::Meeting.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::attendance::Relation::Member.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
