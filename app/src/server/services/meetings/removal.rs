//! Deleting a meeting recorded by mistake. Only a meeting that counts in no
//! figure may go: still scheduled (a held one is undone first, a cancelled
//! one counts as cancelled), with no attendance, no minutes (not even a
//! draft) and no demand adopted in it. Members who were sent its invitation
//! get a cancellation so their calendars drop it; the deletion is audited
//! with the whole meeting as it was.
use super::{invitations, managed_meeting, snapshot, status_of};
use crate::domain::enums::MeetingStatus;
use crate::server::authz::Actor;
use crate::server::error::ServiceError;
use crate::server::services::accounts::SiteUrl;
use crate::server::services::audit::{self, Change};
use chrono::{DateTime, Utc};
use entity::{attendance, body, demand, meeting};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait, PaginatorTrait,
    QueryFilter,
};

/// Why a meeting may not be deleted (a form error code), if it may not.
pub(crate) async fn refusal<C: ConnectionTrait>(
    db: &C,
    m: &meeting::Model,
) -> Result<Option<&'static str>, ServiceError> {
    match status_of(m) {
        MeetingStatus::Held => return Ok(Some("delete_held")),
        MeetingStatus::Cancelled => return Ok(Some("delete_cancelled")),
        MeetingStatus::Scheduled => {}
    }
    if m.minutes.as_deref().is_some_and(|t| !t.trim().is_empty()) {
        return Ok(Some("delete_minutes"));
    }
    let records = attendance::Entity::find()
        .filter(attendance::Column::MeetingId.eq(m.id))
        .count(db)
        .await?;
    if records > 0 {
        return Ok(Some("delete_attendance"));
    }
    let adopted = demand::Entity::find()
        .filter(demand::Column::MeetingId.eq(m.id))
        .count(db)
        .await?;
    if adopted > 0 {
        return Ok(Some("delete_demands"));
    }
    Ok(None)
}

/// How many members would be told of the deletion: those a future meeting
/// was announced to. `None` when it may not be deleted.
pub(crate) async fn told_if_deleted<C: ConnectionTrait>(
    db: &C,
    b: &body::Model,
    m: &meeting::Model,
    now: DateTime<Utc>,
) -> Result<Option<usize>, ServiceError> {
    if refusal(db, m).await?.is_some() {
        return Ok(None);
    }
    if m.starts_at <= now || !invitations::announced(db, m).await? {
        return Ok(Some(0));
    }
    Ok(Some(invitations::recipients(db, b, m).await?.len()))
}

/// Deletes a meeting recorded by mistake; `reason` (optional) goes into the
/// cancellation members receive when it had been announced to them.
#[tracing::instrument(skip(db, site))]
pub async fn delete(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    body_key: &str,
    meeting_key: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let (b, m) = managed_meeting(&txn, who, body_key, meeting_key).await?;
    if let Some(code) = refusal(&txn, &m).await? {
        return Err(ServiceError::field("", code));
    }
    let reason = reason.trim();
    if reason.chars().count() > 1000 {
        return Err(ServiceError::field("reason", "too_long"));
    }
    if invitations::announced(&txn, &m).await? {
        // The calendars that hold it must drop it: the same cancellation
        // as any other, one SEQUENCE later.
        let mut gone = m.clone();
        gone.status = MeetingStatus::Cancelled.as_str().to_string();
        gone.cancel_reason = Some(if reason.is_empty() {
            "Registrada por error / Created by mistake".to_string()
        } else {
            reason.to_string()
        });
        gone.sequence = m.sequence + 1;
        invitations::send(&txn, site, &b, &gone, now).await?;
    }
    audit::record(
        &txn,
        now,
        Change::new(who.map(|a| a.account_id), "meeting", m.id, "delete").before(snapshot(&m)),
    )
    .await?;
    m.delete(&txn).await?;
    txn.commit().await?;
    Ok(())
}
