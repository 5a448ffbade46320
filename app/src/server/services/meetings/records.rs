//! What a body records of a meeting: attendance, and the minutes with their
//! publication.
use super::calendar::{members_of, quorum_of, records_of};
use super::schedule::{set_held, Editor};
use super::{managed_meeting, snapshot, status_of};
use crate::domain::enums::{AttendanceStatus, MeetingStatus};
use crate::domain::forms::FieldError;
use crate::server::authz::Actor;
use crate::server::error::ServiceError;
use crate::server::services::accounts::SiteUrl;
use crate::server::services::audit::{self, Change};
use crate::server::services::composition::seat_of;
use crate::server::time;
use chrono::{DateTime, Utc};
use entity::{attendance, meeting, member};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    Set,
};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The attendance sheet as its form sends it: one field per member,
/// `att:{member key}` = present | remote | excused | absent (empty: nothing
/// recorded), and the `held` checkbox to mark the meeting held.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(from = "BTreeMap<String, String>")]
pub struct AttendanceForm {
    /// Member key → the status as sent (checked by [`save_attendance`],
    /// which knows who was a member that day).
    pub marks: BTreeMap<String, String>,
    pub held: bool,
}

/// The field that holds a member's mark.
fn mark_field(member_key: &str) -> String {
    format!("att:{member_key}")
}

impl From<BTreeMap<String, String>> for AttendanceForm {
    fn from(fields: BTreeMap<String, String>) -> Self {
        let held = fields
            .get("held")
            .is_some_and(|v| !v.is_empty() && v != "false");
        let marks = fields
            .into_iter()
            .filter_map(|(k, v)| k.strip_prefix("att:").map(|m| (m.to_string(), v)))
            .collect();
        AttendanceForm { marks, held }
    }
}

#[tracing::instrument(skip(db, site, form))]
pub async fn save_attendance(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    body_key: &str,
    meeting_key: &str,
    form: &AttendanceForm,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let (b, m) = managed_meeting(&txn, who, body_key, meeting_key).await?;
    if status_of(&m) == MeetingStatus::Cancelled {
        return Err(ServiceError::field("", "meeting_cancelled"));
    }
    let day = time::local_date(m.starts_at, time::zone(&b.timezone));
    let members = members_of(&txn, b.id).await?;
    let active: Vec<&member::Model> = members
        .iter()
        .filter(|x| seat_of(x).active_on(day))
        .collect();
    let mut errors = Vec::new();
    let mut wanted: Vec<(i64, Option<AttendanceStatus>)> = Vec::new();
    for (member_key, v) in &form.marks {
        let Some(x) = active.iter().find(|x| &x.key == member_key) else {
            errors.push(FieldError::new(
                &mark_field(member_key),
                "not_active_member",
            ));
            continue;
        };
        match v.trim() {
            "" => wanted.push((x.id, None)),
            s => match s.parse::<AttendanceStatus>() {
                Ok(st) => wanted.push((x.id, Some(st))),
                Err(_) => errors.push(FieldError::new(&mark_field(member_key), "invalid_value")),
            },
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::Form(errors));
    }
    let before: BTreeMap<i64, String> = attendance::Entity::find()
        .filter(attendance::Column::MeetingId.eq(m.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|a| (a.member_id, a.status))
        .collect();
    let key_of = |id: i64| {
        active
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.key.clone())
            .unwrap_or_else(|| id.to_string())
    };
    let (mut was, mut is) = (Map::new(), Map::new());
    for (id, status) in &wanted {
        let old = before.get(id).cloned();
        let new = status.map(|s| s.as_str().to_string());
        if old == new {
            continue;
        }
        was.insert(key_of(*id), old.clone().map_or(Value::Null, Value::String));
        is.insert(key_of(*id), new.clone().map_or(Value::Null, Value::String));
        attendance::Entity::delete_many()
            .filter(attendance::Column::MeetingId.eq(m.id))
            .filter(attendance::Column::MemberId.eq(*id))
            .exec(&txn)
            .await?;
        if let Some(new) = new {
            attendance::ActiveModel {
                meeting_id: Set(m.id),
                member_id: Set(*id),
                status: Set(new),
            }
            .insert(&txn)
            .await?;
        }
    }
    let changed = !is.is_empty();
    if changed {
        audit::record(
            &txn,
            now,
            Change::new(who.map(|a| a.account_id), "meeting", m.id, "attendance")
                .before(Value::Object(was))
                .after(Value::Object(is)),
        )
        .await?;
    }
    let m = if changed || (m.quorum_recorded_at.is_none() && !before.is_empty()) {
        record_quorum(&txn, &b, &members, m, now).await?
    } else {
        m
    };
    if form.held {
        set_held(&txn, &Editor { who, site, now }, &b, m).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Keeps, with the meeting, the quorum as the roster gives it now for the
/// meeting's date: what the council records in its minutes. A later roster
/// edit changes the figure computed from the roster (metrics.md), never this
/// record; the meeting page shows both when they differ. No records: no
/// quorum to keep.
async fn record_quorum<C: sea_orm::ConnectionTrait>(
    txn: &C,
    b: &entity::body::Model,
    members: &[member::Model],
    m: meeting::Model,
    now: DateTime<Utc>,
) -> Result<meeting::Model, ServiceError> {
    let records = records_of(txn, &m).await?;
    let q = (!records.is_empty()).then(|| quorum_of(&records, members, &m, b));
    let mut am = m.into_active_model();
    am.quorum_seat_holders = Set(q.map(|q| q.seat_holders as i32));
    am.quorum_attending = Set(q.map(|q| q.attending as i32));
    am.quorum_percent = Set(q.map(|_| b.quorum_percent));
    am.quorum_recorded_at = Set(q.map(|_| now));
    Ok(am.update(txn).await?)
}

/// What the minutes form asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MinutesAction {
    /// Save the text; publication unchanged.
    Save,
    /// Save and publish now (the first publication's time is kept).
    Publish,
    /// Save and take back to the body only.
    Unpublish,
}

const MINUTES_MAX: usize = 200_000;

#[tracing::instrument(skip(db, text))]
pub async fn save_minutes(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    body_key: &str,
    meeting_key: &str,
    text: &str,
    action: MinutesAction,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let (_, m) = managed_meeting(&txn, who, body_key, meeting_key).await?;
    let text = text.trim_end();
    if text.chars().count() > MINUTES_MAX {
        return Err(ServiceError::field("minutes", "too_long"));
    }
    if action == MinutesAction::Publish {
        if status_of(&m) != MeetingStatus::Held {
            return Err(ServiceError::field("minutes", "not_held"));
        }
        if text.trim().is_empty() {
            return Err(ServiceError::field("minutes", "required"));
        }
    }
    let mut am = m.clone().into_active_model();
    am.minutes = Set((!text.is_empty()).then(|| text.to_string()));
    match action {
        MinutesAction::Save => {}
        MinutesAction::Publish => {
            am.minutes_published_at = Set(Some(m.minutes_published_at.unwrap_or(now)));
        }
        MinutesAction::Unpublish => am.minutes_published_at = Set(None),
    }
    am.updated_at = Set(now);
    let after = am.update(&txn).await?;
    let action = match action {
        MinutesAction::Save => "minutes",
        MinutesAction::Publish => "publish_minutes",
        MinutesAction::Unpublish => "unpublish_minutes",
    };
    audit::record(
        &txn,
        now,
        Change::new(who.map(|a| a.account_id), "meeting", after.id, action)
            .changed(snapshot(&m), snapshot(&after)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
