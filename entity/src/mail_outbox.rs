//! `mail_outbox`: e-mails waiting to be (or already) delivered by the worker.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mail_outbox")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub body_text: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub body_html: Option<String>,
    pub attachment_name: Option<String>,
    pub attachment_mime: Option<String>,
    /// Attachment content (e.g. an .ics file).
    #[sea_orm(column_type = "Text", nullable)]
    pub attachment: Option<String>,
    /// Prevents queueing the same notification twice.
    #[sea_orm(unique)]
    pub dedupe_key: Option<String>,
    pub created_at: DateTimeUtc,
    #[sea_orm(default_value = 0)]
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// Set by the worker that is delivering it.
    pub locked_until: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub sent_at: Option<DateTimeUtc>,
    /// A follow's one-click unsubscribe address (RFC 8058 headers).
    #[sea_orm(column_type = "Text", nullable)]
    pub list_unsubscribe: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
