//! Queueing mail. Delivery (SMTP or files, retries) is the server's worker.
use crate::server::error::ServiceError;
use chrono::{DateTime, Utc};
use entity::mail_outbox;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use std::collections::BTreeSet;

/// A message ready to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    /// Queued at most once per key, ever (e.g. `reminder:7d:referral:42`).
    pub dedupe_key: Option<String>,
    /// (file name, MIME type, content), e.g. an invitation's .ics.
    pub attachment: Option<(String, String, String)>,
    /// A follow's one-click unsubscribe address: the worker sends it as
    /// `List-Unsubscribe` with `List-Unsubscribe-Post` (RFC 8058).
    pub unsubscribe: Option<String>,
}

impl Mail {
    /// A rendered template (subject, text and HTML) to one address, with
    /// nothing attached: what most mails are.
    pub fn rendered(to: String, r: super::templates::Rendered, dedupe_key: Option<String>) -> Self {
        Mail {
            to,
            subject: r.subject,
            text: r.text,
            html: Some(r.html),
            dedupe_key,
            attachment: None,
            unsubscribe: None,
        }
    }
}

/// What waits in the outbox: mails not yet sent, those that failed at
/// least once, and when the oldest was queued.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Backlog {
    pub unsent: i64,
    pub failing: i64,
    pub oldest: Option<DateTime<Utc>>,
}

pub async fn backlog<C: ConnectionTrait>(db: &C) -> Result<Backlog, sea_orm::DbErr> {
    let sql = "SELECT COUNT(*), MIN(created_at), \
               SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END) \
               FROM mail_outbox WHERE sent_at IS NULL";
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await?;
    Ok(match row {
        Some(r) => Backlog {
            unsent: r.try_get_by_index::<i64>(0)?,
            oldest: r.try_get_by_index::<Option<DateTime<Utc>>>(1)?,
            failing: r.try_get_by_index::<Option<i64>>(2)?.unwrap_or(0),
        },
        None => Backlog::default(),
    })
}

/// Queues `mail` on `db` (pass the transaction of the change that causes
/// it). Returns false when a mail with the same dedupe key was queued before.
#[tracing::instrument(skip_all, fields(to = %mail.to))]
pub async fn enqueue<C: ConnectionTrait>(
    db: &C,
    mail: Mail,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let row = mail_outbox::ActiveModel {
        recipient: Set(mail.to),
        subject: Set(mail.subject),
        body_text: Set(mail.text),
        body_html: Set(mail.html),
        dedupe_key: Set(mail.dedupe_key),
        attachment_name: Set(mail.attachment.as_ref().map(|a| a.0.clone())),
        attachment_mime: Set(mail.attachment.as_ref().map(|a| a.1.clone())),
        attachment: Set(mail.attachment.map(|a| a.2)),
        list_unsubscribe: Set(mail.unsubscribe),
        created_at: Set(now),
        attempts: Set(0),
        next_attempt_at: Set(now),
        ..Default::default()
    };
    let inserted = mail_outbox::Entity::insert(row)
        .on_conflict(
            OnConflict::column(mail_outbox::Column::DedupeKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(inserted > 0)
}

/// Queues one notice per distinct address; `key` makes each once, ever.
#[tracing::instrument(skip(db, to, notice))]
pub async fn notify<C: ConnectionTrait>(
    db: &C,
    to: Vec<(String, String)>,
    notice: impl Fn(&str) -> super::templates::Rendered,
    key: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let mut seen = BTreeSet::new();
    for (address, locale) in to {
        let address = address.trim().to_lowercase();
        if address.is_empty() || !seen.insert(address.clone()) {
            continue;
        }
        let dedupe_key = Some(format!("{key}:{address}"));
        enqueue(
            db,
            Mail::rendered(address, notice(&locale), dedupe_key),
            now,
        )
        .await?;
    }
    Ok(())
}
