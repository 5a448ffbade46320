//! `meetings`: sessions of a body.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub body_id: i64,
    /// Unique within the body.
    pub key: String,
    pub title: String,
    /// ordinary | extraordinary
    pub kind: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: Option<DateTimeUtc>,
    /// A place or an online link.
    #[sea_orm(column_type = "Text", nullable)]
    pub location: Option<String>,
    /// scheduled | held | cancelled
    pub status: String,
    /// Markdown.
    #[sea_orm(column_type = "Text", nullable)]
    pub agenda: Option<String>,
    /// Markdown.
    #[sea_orm(column_type = "Text", nullable)]
    pub minutes: Option<String>,
    pub minutes_published_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub cancel_reason: Option<String>,
    /// iCalendar SEQUENCE, bumped on every significant change.
    #[sea_orm(default_value = 0)]
    pub sequence: i32,
    pub updated_at: DateTimeUtc,
    /// Occurrences scheduled together share it ("this and the following").
    pub series: Option<String>,
    /// The quorum as recorded when attendance was last saved (migration 12):
    /// seat holders on the meeting's date then, those of them present or
    /// remote, the body's quorum percentage then, and when. Null: never
    /// saved in the app, or imported without it.
    pub quorum_seat_holders: Option<i32>,
    pub quorum_attending: Option<i32>,
    pub quorum_percent: Option<i32>,
    pub quorum_recorded_at: Option<DateTimeUtc>,
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
    /// Demands adopted at this meeting.
    #[sea_orm(has_many = "super::demand::Entity")]
    Demand,
}

crate::related! {
    super::body::Entity => Body,
    super::attendance::Entity => Attendance,
    super::demand::Entity => Demand,
}

/// Members with an attendance record for this meeting.
impl Related<super::member::Entity> for Entity {
    fn to() -> RelationDef {
        super::attendance::Relation::Member.def()
    }

    fn via() -> Option<RelationDef> {
        Some(super::attendance::Relation::Meeting.def().rev())
    }
}

impl ActiveModelBehavior for ActiveModel {}
