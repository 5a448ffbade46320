//! `demands`: what a body asks of the authorities.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "demands")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub body_id: i64,
    /// Unique within the body.
    pub key: String,
    pub title: String,
    /// Markdown.
    #[sea_orm(column_type = "Text")]
    pub text: String,
    /// documentation | asylum | detention | labor | health | education |
    /// housing | security | family | consular | integration |
    /// discrimination | political_rights | other
    pub topic: String,
    /// The submitting member (`members.id`).
    pub submitted_by: i64,
    /// The meeting that adopted it, if any.
    pub meeting_id: Option<i64>,
    pub submitted_at: DateTimeUtc,
    pub confidential: bool,
    pub withdrawn_at: Option<DateTimeUtc>,
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
    #[sea_orm(
        belongs_to = "super::member::Entity",
        from = "Column::SubmittedBy",
        to = "super::member::Column::Id",
        on_delete = "Cascade"
    )]
    Member,
    #[sea_orm(
        belongs_to = "super::meeting::Entity",
        from = "Column::MeetingId",
        to = "super::meeting::Column::Id",
        on_delete = "SetNull"
    )]
    Meeting,
    #[sea_orm(has_many = "super::referral::Entity")]
    Referral,
}

crate::related! {
    super::body::Entity => Body,
    // The submitting member.
    super::member::Entity => Member,
    super::meeting::Entity => Meeting,
    super::referral::Entity => Referral,
}

impl ActiveModelBehavior for ActiveModel {}
