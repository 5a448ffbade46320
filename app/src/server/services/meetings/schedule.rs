//! Scheduling meetings, changing one occurrence or the rest of its series,
//! cancelling with a reason and marking as held. Each change is audited and
//! mails the members (invitations.rs) in the same transaction.
use super::{entry, invitations, managed_meeting, snapshot, status_of};
use crate::domain::enums::{MeetingKind, MeetingStatus};
use crate::domain::forms::FieldError;
use crate::domain::meetings::recurrence::{self, End, Frequency, RecurrenceError};
use crate::server::authz::{self, Actor};
use crate::server::error::ServiceError;
use crate::server::services::accounts::{check_text, SiteUrl};
use crate::server::services::audit::{self, Change};
use crate::server::time;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use entity::{body, meeting};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use std::collections::BTreeMap;

/// A meeting's details as checked from the form.
#[derive(Debug, Clone, PartialEq)]
pub struct Details {
    pub title: String,
    pub kind: MeetingKind,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: Option<NaiveTime>,
    pub location: Option<String>,
    pub agenda: Option<String>,
}

const AGENDA_MAX: usize = 50_000;

/// The meeting form, to schedule (with `repeat` and its end) or to edit
/// (with `scope`: this one or the following ones too).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct MeetingForm {
    pub title: String,
    pub kind: String,
    pub date: String,
    pub start: String,
    pub end: String,
    pub location: String,
    pub agenda: String,
    /// none | weekly | monthly_day | monthly_weekday | quarterly
    pub repeat: String,
    pub interval: String,
    pub until: String,
    pub count: String,
    /// one | following
    pub scope: String,
    /// Ticked to record a meeting whose date has passed.
    pub past: String,
}

impl MeetingForm {
    fn past_confirmed(&self) -> bool {
        matches!(self.past.trim(), "yes" | "on" | "true")
    }
}

/// A meeting dated in the past is recorded only when the form says so: a
/// mistyped year would otherwise sit in the calendar as "scheduled".
fn check_not_past(
    f: &MeetingForm,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if starts_at < now && !f.past_confirmed() {
        return Err(ServiceError::field("date", "date_past"));
    }
    Ok(())
}

/// The cancellation form: why, and this one or the following ones too.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct CancelForm {
    pub reason: String,
    pub scope: String,
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M:%S"))
        .ok()
}

fn optional_text(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    max: usize,
) -> Option<String> {
    if value.chars().count() > max {
        errors.push(FieldError::new(field, "too_long"));
    }
    (!value.is_empty()).then(|| value.to_string())
}

/// Checks the details part of the form, collecting every problem.
pub fn check_details(f: &MeetingForm) -> Result<Details, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = f.title.trim();
    if let Some(e) = check_text("title", title, 300) {
        errors.push(e);
    }
    let kind = f.kind.trim().parse::<MeetingKind>().ok();
    if kind.is_none() {
        errors.push(FieldError::new("kind", "invalid_value"));
    }
    let date = match f.date.trim() {
        "" => {
            errors.push(FieldError::new("date", "required"));
            None
        }
        s => {
            let d = s.parse::<NaiveDate>().ok();
            if d.is_none() {
                errors.push(FieldError::new("date", "invalid_date"));
            }
            d
        }
    };
    let start = match f.start.trim() {
        "" => {
            errors.push(FieldError::new("start", "required"));
            None
        }
        s => {
            let t = parse_time(s);
            if t.is_none() {
                errors.push(FieldError::new("start", "invalid_time"));
            }
            t
        }
    };
    let end = match f.end.trim() {
        "" => None,
        s => {
            let t = parse_time(s);
            match (t, start) {
                (None, _) => errors.push(FieldError::new("end", "invalid_time")),
                (Some(e), Some(st)) if e <= st => {
                    errors.push(FieldError::new("end", "end_before_start"))
                }
                _ => {}
            }
            t
        }
    };
    let location = optional_text(&mut errors, "location", f.location.trim(), 500);
    let agenda_raw = f.agenda.trim_end();
    let agenda = optional_text(&mut errors, "agenda", agenda_raw, AGENDA_MAX);
    match (errors.is_empty(), kind, date, start) {
        (true, Some(kind), Some(date), Some(start)) => Ok(Details {
            title: title.to_string(),
            kind,
            date,
            start,
            end,
            location,
            agenda,
        }),
        _ => Err(errors),
    }
}

/// The occurrence dates the form asks for (one for a one-off meeting).
pub fn check_repeat(f: &MeetingForm, first: NaiveDate) -> Result<Vec<NaiveDate>, Vec<FieldError>> {
    let freq = match f.repeat.trim() {
        "" | "none" => return Ok(vec![first]),
        "weekly" => {
            let interval = match f.interval.trim() {
                "" => Some(1),
                s => s.parse::<u32>().ok().filter(|n| (1..=52).contains(n)),
            };
            match interval {
                Some(interval) => Frequency::Weekly { interval },
                None => return Err(vec![FieldError::new("interval", "invalid_number")]),
            }
        }
        "monthly_day" => Frequency::MonthlyOnDay,
        "monthly_weekday" => Frequency::MonthlyOnWeekday,
        "quarterly" => Frequency::Quarterly,
        _ => return Err(vec![FieldError::new("repeat", "invalid_value")]),
    };
    let end = match (f.until.trim(), f.count.trim()) {
        ("", "") => return Err(vec![FieldError::new("until", "repeat_end_required")]),
        (u, "") => match u.parse::<NaiveDate>() {
            Ok(d) => End::Until(d),
            Err(_) => return Err(vec![FieldError::new("until", "invalid_date")]),
        },
        ("", c) => match c.parse::<u32>() {
            Ok(n) => End::Count(n),
            Err(_) => return Err(vec![FieldError::new("count", "invalid_number")]),
        },
        _ => return Err(vec![FieldError::new("until", "until_or_count")]),
    };
    recurrence::expand(first, freq, end).map_err(|e| {
        let field = if matches!(end, End::Until(_)) {
            "until"
        } else {
            "count"
        };
        vec![FieldError::new(
            field,
            match e {
                RecurrenceError::Empty => "repeat_empty",
                RecurrenceError::TooMany => "repeat_too_many",
            },
        )]
    })
}

/// A key for a meeting on `day` that the body does not use yet:
/// `2026-02-10`, then `2026-02-10-2`, …
async fn free_key<C: ConnectionTrait>(
    db: &C,
    body_id: i64,
    day: NaiveDate,
) -> Result<String, ServiceError> {
    let base = day.to_string();
    let taken: Vec<String> = meeting::Entity::find()
        .filter(meeting::Column::BodyId.eq(body_id))
        .filter(meeting::Column::Key.starts_with(&base))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.key)
        .collect();
    if !taken.contains(&base) {
        return Ok(base);
    }
    let n = (2..)
        .find(|n| !taken.contains(&format!("{base}-{n}")))
        .unwrap_or(2);
    Ok(format!("{base}-{n}"))
}

fn times(b: &body::Model, d: &Details, day: NaiveDate) -> (DateTime<Utc>, Option<DateTime<Utc>>) {
    let tz = time::zone(&b.timezone);
    (
        time::instant_in(day, d.start, tz),
        d.end.map(|e| time::instant_in(day, e, tz)),
    )
}

/// Schedules a meeting, or a series of them; returns the first one's key.
#[tracing::instrument(skip(db, site, fields))]
pub async fn schedule(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    body_key: &str,
    fields: &MeetingForm,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let b = authz::managed_body(&txn, who, body_key).await?;
    let details = check_details(fields);
    let dates = match &details {
        Ok(d) => check_repeat(fields, d.date),
        Err(_) => Ok(Vec::new()),
    };
    let (details, dates) = match (details, dates) {
        (Ok(d), Ok(dates)) => (d, dates),
        (d, r) => {
            let mut errors = d.err().unwrap_or_default();
            errors.extend(r.err().unwrap_or_default());
            return Err(ServiceError::Form(errors));
        }
    };
    if let Some(first) = dates.first() {
        check_not_past(fields, times(&b, &details, *first).0, now)?;
    }
    let series = (dates.len() > 1).then(|| format!("{}-{}", dates[0], now.timestamp_millis()));
    let mut first = None;
    let mut created = Vec::with_capacity(dates.len());
    for day in dates {
        let key = free_key(&txn, b.id, day).await?;
        let (starts_at, ends_at) = times(&b, &details, day);
        let m = meeting::ActiveModel {
            body_id: Set(b.id),
            key: Set(key.clone()),
            title: Set(details.title.clone()),
            kind: Set(details.kind.as_str().to_string()),
            starts_at: Set(starts_at),
            ends_at: Set(ends_at),
            location: Set(details.location.clone()),
            status: Set(MeetingStatus::Scheduled.as_str().to_string()),
            agenda: Set(details.agenda.clone()),
            minutes: Set(None),
            minutes_published_at: Set(None),
            cancel_reason: Set(None),
            sequence: Set(0),
            updated_at: Set(now),
            series: Set(series.clone()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            now,
            Change::new(who.map(|a| a.account_id), "meeting", m.id, "create").after(snapshot(&m)),
        )
        .await?;
        first.get_or_insert(key);
        created.push(m);
    }
    // One invitation per member, with every date of a series.
    invitations::send_series(&txn, site, &b, &created, now).await?;
    txn.commit().await?;
    Ok(first.unwrap_or_default())
}

/// Whether a change is one that members' calendars must follow.
fn significant(before: &meeting::Model, after: &meeting::ActiveModel) -> bool {
    use sea_orm::ActiveValue::Set as S;
    let moved = matches!(&after.starts_at, S(v) if *v != before.starts_at)
        || matches!(&after.ends_at, S(v) if *v != before.ends_at);
    let renamed = matches!(&after.title, S(v) if *v != before.title)
        || matches!(&after.kind, S(v) if *v != before.kind)
        || matches!(&after.location, S(v) if *v != before.location);
    // Cancelling changes calendars; being marked held does not.
    let cancelled = matches!(&after.status, S(v) if *v != before.status && v == "cancelled");
    moved || renamed || cancelled
}

/// What a change notice tells members changed: (field, before, after).
fn what_changed(
    b: &body::Model,
    before: &meeting::Model,
    after: &meeting::Model,
) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    if before.starts_at != after.starts_at || before.ends_at != after.ends_at {
        out.push((
            "when",
            invitations::when(b, before),
            invitations::when(b, after),
        ));
    }
    let place = |m: &meeting::Model| m.location.clone().unwrap_or_else(|| "—".into());
    if before.location != after.location {
        out.push(("place", place(before), place(after)));
    }
    if before.title != after.title {
        out.push(("title", before.title.clone(), after.title.clone()));
    }
    if before.kind != after.kind {
        out.push(("kind", before.kind.clone(), after.kind.clone()));
    }
    out
}

/// Who changes a meeting, from which site, when.
pub(crate) struct Editor<'a> {
    pub who: Option<&'a Actor>,
    pub site: &'a SiteUrl,
    pub now: DateTime<Utc>,
}

/// Saves `am` (built from `before`), bumping the iCalendar SEQUENCE and
/// mailing members when calendars must change; audited.
async fn save_change<C: ConnectionTrait>(
    db: &C,
    ed: &Editor<'_>,
    b: &body::Model,
    before: meeting::Model,
    mut am: meeting::ActiveModel,
    action: &'static str,
) -> Result<meeting::Model, ServiceError> {
    let (who, site, now) = (ed.who, ed.site, ed.now);
    let notify = significant(&before, &am);
    if notify {
        am.sequence = Set(before.sequence + 1);
    }
    am.updated_at = Set(now);
    let after = am.update(db).await?;
    audit::record(
        db,
        now,
        Change::new(who.map(|a| a.account_id), "meeting", after.id, action)
            .changed(snapshot(&before), snapshot(&after)),
    )
    .await?;
    if notify {
        if status_of(&after) == MeetingStatus::Cancelled {
            invitations::send(db, site, b, &after, now).await?;
        } else {
            let changed = what_changed(b, &before, &after);
            invitations::send_change(db, site, b, &after, &changed, now).await?;
        }
    }
    Ok(after)
}

/// This occurrence and, with `following`, the later ones of its series
/// that are still scheduled.
async fn targets<C: ConnectionTrait>(
    db: &C,
    m: &meeting::Model,
    following: bool,
) -> Result<Vec<meeting::Model>, ServiceError> {
    let Some(series) = m.series.clone().filter(|_| following) else {
        return Ok(vec![m.clone()]);
    };
    let rest = meeting::Entity::find()
        .filter(meeting::Column::BodyId.eq(m.body_id))
        .filter(meeting::Column::Series.eq(series))
        .filter(meeting::Column::StartsAt.gt(m.starts_at))
        .filter(meeting::Column::Status.eq(MeetingStatus::Scheduled.as_str()))
        .order_by_asc(meeting::Column::StartsAt)
        .all(db)
        .await?;
    Ok(std::iter::once(m.clone()).chain(rest).collect())
}

fn wants_following(scope: &str) -> bool {
    scope.trim() == "following"
}

/// Changes a meeting, or it and the rest of its series: the same details,
/// each later occurrence moved by as many days as this one.
#[tracing::instrument(skip(db, site, fields))]
pub async fn update(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    body_key: &str,
    meeting_key: &str,
    fields: &MeetingForm,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let (b, m) = managed_meeting(&txn, who, body_key, meeting_key).await?;
    let details = check_details(fields).map_err(ServiceError::Form)?;
    let tz = time::zone(&b.timezone);
    let shift = details.date - time::local_date(m.starts_at, tz);
    // Moved into the past: the same second look as when scheduling.
    let (moved_to, _) = times(&b, &details, details.date);
    if moved_to != m.starts_at {
        check_not_past(fields, moved_to, now)?;
    }
    for target in targets(&txn, &m, wants_following(&fields.scope)).await? {
        let day = time::local_date(target.starts_at, tz) + shift;
        let (starts_at, ends_at) = times(&b, &details, day);
        let mut am = target.clone().into_active_model();
        am.title = Set(details.title.clone());
        am.kind = Set(details.kind.as_str().to_string());
        am.starts_at = Set(starts_at);
        am.ends_at = Set(ends_at);
        am.location = Set(details.location.clone());
        am.agenda = Set(details.agenda.clone());
        save_change(&txn, &Editor { who, site, now }, &b, target, am, "update").await?;
    }
    txn.commit().await?;
    Ok(m.key)
}

/// Cancels a meeting (or it and the rest of its series) with a reason.
#[tracing::instrument(skip(db, site, fields))]
pub async fn cancel(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    body_key: &str,
    meeting_key: &str,
    fields: &CancelForm,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let (b, m) = managed_meeting(&txn, who, body_key, meeting_key).await?;
    let reason = fields.reason.trim();
    if let Some(e) = check_text("reason", reason, 1000) {
        return Err(ServiceError::Form(vec![e]));
    }
    if status_of(&m) == MeetingStatus::Held {
        return Err(ServiceError::field("reason", "already_held"));
    }
    for target in targets(&txn, &m, wants_following(&fields.scope)).await? {
        let mut am = target.clone().into_active_model();
        am.status = Set(MeetingStatus::Cancelled.as_str().to_string());
        am.cancel_reason = Set(Some(reason.to_string()));
        save_change(&txn, &Editor { who, site, now }, &b, target, am, "cancel").await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Marks a scheduled meeting as held (it must have started).
#[tracing::instrument(skip(db, site))]
pub async fn mark_held(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    body_key: &str,
    meeting_key: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let (b, m) = managed_meeting(&txn, who, body_key, meeting_key).await?;
    // A session is held once it has begun, not before: a mistaken click
    // on a future one would count it in the figures.
    if m.starts_at > now && status_of(&m) == MeetingStatus::Scheduled {
        return Err(ServiceError::field("", "not_started"));
    }
    set_held(&txn, &Editor { who, site, now }, &b, m).await?;
    txn.commit().await?;
    Ok(())
}

/// Undoes "held" while nothing was recorded of the session (no attendance,
/// no published minutes): it is scheduled again. Audited.
#[tracing::instrument(skip(db, site))]
pub async fn unmark_held(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    body_key: &str,
    meeting_key: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    use sea_orm::PaginatorTrait;
    let txn = crate::server::db::begin_write(db).await?;
    let (b, m) = managed_meeting(&txn, who, body_key, meeting_key).await?;
    if status_of(&m) != MeetingStatus::Held {
        return Err(ServiceError::field("", "not_held"));
    }
    let records = entity::attendance::Entity::find()
        .filter(entity::attendance::Column::MeetingId.eq(m.id))
        .count(&txn)
        .await?;
    if records > 0 || m.minutes_published_at.is_some() {
        return Err(ServiceError::field("", "held_recorded"));
    }
    if !held_recently(&txn, &m, now).await? {
        return Err(ServiceError::field("", "held_undo_expired"));
    }
    let mut am = m.clone().into_active_model();
    am.status = Set(MeetingStatus::Scheduled.as_str().to_string());
    save_change(&txn, &Editor { who, site, now }, &b, m, am, "unheld").await?;
    txn.commit().await?;
    Ok(())
}

/// How long "held" can be undone after it was marked: long enough to
/// correct a mistaken click, too short to take a session without minutes
/// out of `minutes_rate` months later.
pub const UNDO_HELD_DAYS: i64 = 7;

/// Whether `m` was marked held in the app within [`UNDO_HELD_DAYS`] (an
/// imported "held" was never marked here: it stays).
pub(crate) async fn held_recently<C: ConnectionTrait>(
    db: &C,
    m: &meeting::Model,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    use entity::audit_log;
    let marked = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("meeting"))
        .filter(audit_log::Column::EntityId.eq(m.id.to_string()))
        .filter(audit_log::Column::Action.eq("held"))
        .order_by_desc(audit_log::Column::At)
        .one(db)
        .await?;
    Ok(marked.is_some_and(|l| now - l.at <= chrono::Duration::days(UNDO_HELD_DAYS)))
}

/// Marks `m` held unless it is already; a cancelled meeting cannot be.
pub(crate) async fn set_held<C: ConnectionTrait>(
    db: &C,
    ed: &Editor<'_>,
    b: &body::Model,
    m: meeting::Model,
) -> Result<meeting::Model, ServiceError> {
    match status_of(&m) {
        MeetingStatus::Held => Ok(m),
        MeetingStatus::Cancelled => Err(ServiceError::field("", "meeting_cancelled")),
        MeetingStatus::Scheduled => {
            let mut am = m.clone().into_active_model();
            am.status = Set(MeetingStatus::Held.as_str().to_string());
            save_change(db, ed, b, m, am, "held").await
        }
    }
}

/// The edit form's values for a meeting.
#[tracing::instrument(skip(db))]
pub async fn values(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    body_key: &str,
    meeting_key: &str,
) -> Result<
    (
        crate::domain::meetings::CalendarEntry,
        bool,
        BTreeMap<String, String>,
    ),
    ServiceError,
> {
    let (b, m) = managed_meeting(db, who, body_key, meeting_key).await?;
    let tz = time::zone(&b.timezone);
    let local = m.starts_at.with_timezone(&tz);
    let hm = |t: DateTime<Utc>| t.with_timezone(&tz).format("%H:%M").to_string();
    let values = BTreeMap::from([
        ("title".into(), m.title.clone()),
        ("kind".into(), m.kind.clone()),
        ("date".into(), local.date_naive().to_string()),
        ("start".into(), hm(m.starts_at)),
        ("end".into(), m.ends_at.map(hm).unwrap_or_default()),
        ("location".into(), m.location.clone().unwrap_or_default()),
        ("agenda".into(), m.agenda.clone().unwrap_or_default()),
        ("minutes".into(), m.minutes.clone().unwrap_or_default()),
        (
            "cancel_reason".into(),
            m.cancel_reason.clone().unwrap_or_default(),
        ),
    ]);
    Ok((entry(&b, &m), m.series.is_some(), values))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The form's fields, as the handler's parsing gives them.
    fn form(pairs: &[(&str, &str)]) -> MeetingForm {
        let fields: serde_json::Map<String, serde_json::Value> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
            .collect();
        serde_json::from_value(serde_json::Value::Object(fields)).expect("a meeting form")
    }

    #[test]
    fn details_collect_every_problem() {
        let errs = check_details(&form(&[
            ("title", ""),
            ("kind", "x"),
            ("date", "2026-02-30"),
            ("start", "25:00"),
            ("end", "9"),
        ]))
        .unwrap_err();
        let fields: Vec<_> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert!(fields.contains(&("title", "required")));
        assert!(fields.contains(&("kind", "invalid_value")));
        assert!(fields.contains(&("date", "invalid_date")));
        assert!(fields.contains(&("start", "invalid_time")));
        assert!(fields.contains(&("end", "invalid_time")));
        let errs = check_details(&form(&[
            ("title", "S"),
            ("kind", "ordinary"),
            ("date", "2026-02-10"),
            ("start", "10:00"),
            ("end", "09:00"),
        ]))
        .unwrap_err();
        assert_eq!(errs[0].code, "end_before_start");
        let ok = check_details(&form(&[
            ("title", " Sesión "),
            ("kind", "extraordinary"),
            ("date", "2026-02-10"),
            ("start", "10:00"),
            ("end", "13:30"),
        ]))
        .unwrap();
        assert_eq!(ok.title, "Sesión");
        assert_eq!(ok.end, NaiveTime::from_hms_opt(13, 30, 0));
    }

    #[test]
    fn repeat_needs_one_end() {
        let d: NaiveDate = "2026-02-10".parse().unwrap();
        assert_eq!(
            check_repeat(&form(&[("repeat", "none")]), d).unwrap(),
            vec![d]
        );
        assert_eq!(
            check_repeat(&form(&[("repeat", "weekly")]), d).unwrap_err()[0].code,
            "repeat_end_required"
        );
        assert_eq!(
            check_repeat(
                &form(&[
                    ("repeat", "weekly"),
                    ("until", "2026-03-01"),
                    ("count", "3")
                ]),
                d
            )
            .unwrap_err()[0]
                .code,
            "until_or_count"
        );
        assert_eq!(
            check_repeat(
                &form(&[("repeat", "weekly"), ("interval", "0"), ("count", "3")]),
                d
            )
            .unwrap_err()[0]
                .field,
            "interval"
        );
        assert_eq!(
            check_repeat(&form(&[("repeat", "monthly_day"), ("count", "500")]), d).unwrap_err()[0]
                .code,
            "repeat_too_many"
        );
        assert_eq!(
            check_repeat(&form(&[("repeat", "quarterly"), ("count", "4")]), d)
                .unwrap()
                .len(),
            4
        );
    }
}
