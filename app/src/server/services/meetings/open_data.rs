//! A public body's meetings as open data (`/bodies/{key}/meetings.csv` and
//! `.json`): one row per meeting with its status, times, place, when its
//! minutes were published and its attendance **counts** and quorum (never
//! who attended: a member's presence is not published name by name).
use super::calendar::{counts, members_of, page_url};
use super::status_of;
use crate::domain::enums::{AttendanceStatus, MeetingStatus};
use crate::server::error::ServiceError;
use crate::server::services::accounts::SiteUrl;
use crate::server::time;
use entity::{attendance, meeting, member};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::HashMap;

/// One meeting as open data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingRow {
    pub body: String,
    pub key: String,
    pub title: String,
    pub kind: String,
    pub status: String,
    /// RFC 3339 in the body's zone.
    pub starts_at: String,
    pub ends_at: Option<String>,
    pub location: Option<String>,
    pub cancel_reason: Option<String>,
    pub minutes_published_at: Option<String>,
    /// Attendance counts; all `None` while none is recorded.
    pub present: Option<u32>,
    pub remote: Option<u32>,
    pub excused: Option<u32>,
    pub absent: Option<u32>,
    /// Seat holders on the meeting's date and whether the quorum was
    /// reached (metrics.md), once attendance is recorded.
    pub seat_holders: Option<u32>,
    pub quorum_reached: Option<bool>,
    pub url: String,
}

/// The meetings of the public body `key`, oldest first; `None` when there
/// is no public body with that key.
#[tracing::instrument(skip(db, site))]
pub async fn rows<C: ConnectionTrait>(
    db: &C,
    site: &SiteUrl,
    key: &str,
) -> Result<Option<Vec<MeetingRow>>, ServiceError> {
    let Some(b) = crate::server::services::bodies::find_public(db, key).await? else {
        return Ok(None);
    };
    let tz = time::zone(&b.timezone);
    let members = members_of(db, b.id).await?;
    let meetings = meeting::Entity::find()
        .filter(meeting::Column::BodyId.eq(b.id))
        .order_by_asc(meeting::Column::StartsAt)
        .order_by_asc(meeting::Column::Key)
        .all(db)
        .await?;
    // Every record of the body's meetings in one query, not one per meeting.
    let by_id: HashMap<i64, &member::Model> = members.iter().map(|x| (x.id, x)).collect();
    let mut records: HashMap<i64, Vec<(member::Model, AttendanceStatus)>> = HashMap::new();
    for a in attendance::Entity::find()
        .filter(attendance::Column::MeetingId.is_in(meetings.iter().map(|m| m.id)))
        .all(db)
        .await?
    {
        if let (Some(x), Ok(st)) = (by_id.get(&a.member_id), a.status.parse()) {
            records
                .entry(a.meeting_id)
                .or_default()
                .push(((*x).clone(), st));
        }
    }
    let mut out = Vec::with_capacity(meetings.len());
    for m in meetings {
        let records = records.remove(&m.id).unwrap_or_default();
        let c = (!records.is_empty()).then(|| counts(&records, &members, &m, &b));
        let cancelled = status_of(&m) == MeetingStatus::Cancelled;
        out.push(MeetingRow {
            body: b.key.clone(),
            url: page_url(site, &b, &m),
            key: m.key.clone(),
            title: m.title.clone(),
            kind: m.kind.clone(),
            status: m.status.clone(),
            starts_at: time::rfc3339_in(m.starts_at, tz),
            ends_at: m.ends_at.map(|e| time::rfc3339_in(e, tz)),
            location: m.location.clone(),
            cancel_reason: m.cancel_reason.clone().filter(|_| cancelled),
            minutes_published_at: m.minutes_published_at.map(|p| time::rfc3339_in(p, tz)),
            present: c.as_ref().map(|c| c.present),
            remote: c.as_ref().map(|c| c.remote),
            excused: c.as_ref().map(|c| c.excused),
            absent: c.as_ref().map(|c| c.absent),
            seat_holders: c.as_ref().map(|c| c.quorum.seat_holders),
            quorum_reached: c.as_ref().map(|c| c.quorum.reached),
        });
    }
    Ok(Some(out))
}

/// The rows as CSV, one header line, empty cells for what is not there.
pub fn to_csv(rows: &[MeetingRow]) -> Result<String, ServiceError> {
    let io = |e: csv::Error| ServiceError::Invalid(e.to_string());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "body",
        "meeting",
        "title",
        "kind",
        "status",
        "starts_at",
        "ends_at",
        "location",
        "cancel_reason",
        "minutes_published_at",
        "present",
        "remote",
        "excused",
        "absent",
        "seat_holders",
        "quorum_reached",
        "url",
    ])
    .map_err(io)?;
    let n = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
    for r in rows {
        w.write_record([
            r.body.clone(),
            r.key.clone(),
            r.title.clone(),
            r.kind.clone(),
            r.status.clone(),
            r.starts_at.clone(),
            r.ends_at.clone().unwrap_or_default(),
            r.location.clone().unwrap_or_default(),
            r.cancel_reason.clone().unwrap_or_default(),
            r.minutes_published_at.clone().unwrap_or_default(),
            n(r.present),
            n(r.remote),
            n(r.excused),
            n(r.absent),
            n(r.seat_holders),
            r.quorum_reached.map(|b| b.to_string()).unwrap_or_default(),
            r.url.clone(),
        ])
        .map_err(io)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ServiceError::Invalid(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ServiceError::Invalid(e.to_string()))
}
