//! Meetings of a body: scheduling (one-off and recurring), changes to one
//! occurrence or the rest of a series, cancellation, attendance, minutes,
//! the public calendar and its iCalendar feeds, and the invitations mailed
//! to members when a meeting is scheduled, changed or cancelled.
pub mod calendar;
pub mod ics;
pub mod invitations;
pub mod open_data;
pub mod records;
pub mod removal;
pub mod schedule;

use crate::domain::enums::{MeetingKind, MeetingStatus};
use crate::domain::meetings::CalendarEntry;
use crate::server::authz::{self, Actor};
use crate::server::error::ServiceError;
use crate::server::time;
use entity::{body, meeting};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;

/// The body with this key (any body: callers check who may see it).
pub(crate) async fn body_by_key<C: ConnectionTrait>(
    db: &C,
    key: &str,
) -> Result<Option<body::Model>, ServiceError> {
    Ok(crate::server::services::bodies::find_by_key(db, key).await?)
}

/// A meeting of a body the visitor manages, with that body: what every
/// change to a meeting checks first (the right to manage the body, then
/// that the meeting is one of its own).
pub(crate) async fn managed_meeting<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    body_key: &str,
    meeting_key: &str,
) -> Result<(body::Model, meeting::Model), ServiceError> {
    let b = authz::managed_body(db, who, body_key).await?;
    let m = meeting_of(db, b.id, meeting_key).await?;
    Ok((b, m))
}

pub(crate) async fn meeting_of<C: ConnectionTrait>(
    db: &C,
    body_id: i64,
    key: &str,
) -> Result<meeting::Model, ServiceError> {
    meeting::Entity::find()
        .filter(meeting::Column::BodyId.eq(body_id))
        .filter(meeting::Column::Key.eq(key))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub(crate) fn status_of(m: &meeting::Model) -> MeetingStatus {
    m.status.parse().unwrap_or(MeetingStatus::Scheduled)
}

/// A meeting as calendars list it, times in the body's zone.
pub(crate) fn entry(b: &body::Model, m: &meeting::Model) -> CalendarEntry {
    let tz = time::zone(&b.timezone);
    CalendarEntry {
        body_key: b.key.clone(),
        body_name: b.name.clone(),
        key: m.key.clone(),
        title: m.title.clone(),
        kind: m.kind.parse().unwrap_or(MeetingKind::Ordinary),
        status: status_of(m),
        starts_at: time::rfc3339_in(m.starts_at, tz),
        ends_at: m.ends_at.map(|e| time::rfc3339_in(e, tz)),
        location: m.location.clone(),
        minutes_published: m.minutes_published_at.is_some(),
    }
}

/// What the audit log keeps of a meeting.
pub(crate) fn snapshot(m: &meeting::Model) -> serde_json::Value {
    json!({
        "key": m.key, "title": m.title, "kind": m.kind, "starts_at": m.starts_at,
        "ends_at": m.ends_at, "location": m.location, "status": m.status,
        "agenda": m.agenda, "minutes": m.minutes,
        "minutes_published_at": m.minutes_published_at, "cancel_reason": m.cancel_reason,
        "sequence": m.sequence, "series": m.series,
    })
}
