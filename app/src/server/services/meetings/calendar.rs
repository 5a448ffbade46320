//! Reading meetings: the public calendars (one body, or every public body),
//! one meeting's page, the attendance sheet, the iCalendar feeds and the
//! meeting figures of metrics.md for a body's page.
use super::ics::{self, Event};
use super::{body_by_key, entry, meeting_of, status_of};
use crate::domain::enums::{AttendanceStatus, MeetingKind, MeetingStatus, MemberRole};
use crate::domain::meetings::{
    AttendanceCounts, AttendanceLine, AttendanceSheet, BodyMeetingFigures, Calendar, MeetingDetail,
    MeetingFilter, MeetingWindow, RecordedQuorum,
};
use crate::domain::metrics::meetings::{self as formulas, MeetingFacts};
use crate::domain::url::encode_component;
use crate::server::authz::{self, may, Actor};
use crate::server::error::ServiceError;
use crate::server::services::accounts::SiteUrl;
use crate::server::services::composition::seat_of;
use crate::server::time;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use entity::{attendance, body, meeting, member};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;

/// Past meetings per calendar page.
pub const PAGE_SIZE: u64 = 20;
/// Upcoming meetings a calendar lists at most.
const UPCOMING_MAX: u64 = 100;

/// The address of a meeting's page.
pub fn page_url(site: &SiteUrl, b: &body::Model, m: &meeting::Model) -> String {
    format!(
        "{}/bodies/{}/meetings/{}",
        site.0,
        encode_component(&b.key),
        encode_component(&m.key)
    )
}

/// A meeting as a VEVENT. `with_body` prefixes the body's name (the feed of
/// every body); `invitation` names organizer and attendee.
pub fn event_of(
    site: &SiteUrl,
    b: &body::Model,
    m: &meeting::Model,
    with_body: bool,
    invitation: Option<(String, String, String)>,
) -> Event {
    let cancelled = status_of(m) == MeetingStatus::Cancelled;
    let held = status_of(m) == MeetingStatus::Held;
    let url = page_url(site, b, m);
    let mut description = url.clone();
    if let Some(r) = m.cancel_reason.as_deref().filter(|_| cancelled) {
        description = format!("{r}\n\n{description}");
    }
    // A feed says what became of a session: held, and its minutes once
    // published; each raises the event's SEQUENCE so calendars take it.
    let minutes = m.minutes_published_at.is_some() && held;
    if held {
        let mut lines = vec!["Sesión celebrada / Held.".to_string()];
        if minutes {
            lines.push(format!("Acta / Minutes: {url}#minutes-h"));
        }
        description = format!("{}\n\n{description}", lines.join("\n"));
    }
    let feed_steps = if invitation.is_none() {
        i32::from(held) + i32::from(minutes)
    } else {
        0
    };
    Event {
        uid: format!("meeting-{}-{}@{}", b.key, m.key, site.host()),
        dtstamp: m.updated_at,
        last_modified: m.updated_at,
        start: m.starts_at,
        end: m.ends_at,
        summary: if with_body {
            format!("{} — {}", m.title, b.name)
        } else {
            m.title.clone()
        },
        description: Some(description),
        location: m.location.clone(),
        url: Some(url),
        cancelled,
        sequence: m.sequence + feed_steps,
        invitation,
    }
}

/// A body this reader may see (`may::see_body`); `None` otherwise.
async fn visible_body<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    key: &str,
) -> Result<Option<body::Model>, ServiceError> {
    Ok(body_by_key(db, key)
        .await?
        .filter(|b| may::see_body(who, b.public, b.id)))
}

async fn public_bodies<C: ConnectionTrait>(
    db: &C,
) -> Result<HashMap<i64, body::Model>, ServiceError> {
    Ok(body::Entity::find()
        .filter(body::Column::Public.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect())
}

/// The calendar of one body (`Some(key)`) or of every public body.
/// `None` when the body is unknown or not public. With `filter.as_of`, the
/// meetings a body's figures count at that instant, filtered.
#[tracing::instrument(skip(db))]
pub async fn calendar<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    body_key: Option<&str>,
    filter: &MeetingFilter,
    now: DateTime<Utc>,
) -> Result<Option<Calendar>, ServiceError> {
    let page = filter.page.max(1);
    let bodies: HashMap<i64, body::Model> = match body_key {
        Some(k) => match visible_body(db, who, k).await? {
            Some(b) => HashMap::from([(b.id, b)]),
            None => return Ok(None),
        },
        None => public_bodies(db).await?,
    };
    let ids: Vec<i64> = bodies.keys().copied().collect();
    if !filter.as_of.trim().is_empty() {
        return window(db, who, body_key, &bodies, filter, now)
            .await
            .map(Some);
    }
    let upcoming = meeting::Entity::find()
        .filter(meeting::Column::BodyId.is_in(ids.clone()))
        .filter(meeting::Column::StartsAt.gt(now))
        .order_by_asc(meeting::Column::StartsAt)
        .order_by_asc(meeting::Column::Id)
        .limit(UPCOMING_MAX)
        .all(db)
        .await?;
    let past_query = meeting::Entity::find()
        .filter(meeting::Column::BodyId.is_in(ids))
        .filter(meeting::Column::StartsAt.lte(now))
        .order_by_desc(meeting::Column::StartsAt)
        .order_by_desc(meeting::Column::Id);
    let total = past_query.clone().count(db).await?;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let past = past_query
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    let to_entries = |ms: Vec<meeting::Model>| {
        ms.iter()
            .filter_map(|m| bodies.get(&m.body_id).map(|b| entry(b, m)))
            .collect()
    };
    let single = body_key.and_then(|_| bodies.values().next());
    Ok(Some(Calendar {
        body: single.map(|b| (b.key.clone(), b.name.clone())),
        upcoming: to_entries(upcoming),
        past: to_entries(past),
        page,
        pages,
        can_manage: single.is_some_and(|b| may::manage_body(who, b.id)),
        window: None,
        site: String::new(),
    }))
}

/// The meetings of `bodies` starting in (T − 365 days, T] that pass the
/// filters, latest first, a page at a time: the list whose total is the
/// meeting figure that links to it.
async fn window<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    body_key: Option<&str>,
    bodies: &HashMap<i64, body::Model>,
    filter: &MeetingFilter,
    now: DateTime<Utc>,
) -> Result<Calendar, ServiceError> {
    let t = crate::server::services::referrals::instant(&filter.as_of, now)?;
    let from = t - Duration::days(365);
    let mut q = meeting::Entity::find()
        .filter(meeting::Column::BodyId.is_in(bodies.keys().copied().collect::<Vec<_>>()))
        .filter(meeting::Column::StartsAt.gt(from))
        .filter(meeting::Column::StartsAt.lte(t));
    match filter.status.as_str() {
        "" => {}
        s => {
            let status: MeetingStatus = s
                .parse()
                .map_err(|_| ServiceError::field("status", "invalid_value"))?;
            q = q.filter(meeting::Column::Status.eq(status.as_str()));
        }
    }
    if filter.ordinary == "1" {
        q = q.filter(meeting::Column::Kind.ne(MeetingKind::Extraordinary.as_str()));
    }
    if filter.minutes == "1" {
        q = q.filter(meeting::Column::MinutesPublishedAt.lte(t));
    }
    let q = q
        .order_by_desc(meeting::Column::StartsAt)
        .order_by_desc(meeting::Column::Id);
    let total = q.clone().count(db).await?;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = filter.page.clamp(1, pages);
    let rows = q
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    let single = body_key.and_then(|_| bodies.values().next());
    Ok(Calendar {
        body: single.map(|b| (b.key.clone(), b.name.clone())),
        upcoming: Vec::new(),
        past: rows
            .iter()
            .filter_map(|m| bodies.get(&m.body_id).map(|b| entry(b, m)))
            .collect(),
        page,
        pages,
        can_manage: single.is_some_and(|b| may::manage_body(who, b.id)),
        site: String::new(),
        window: Some(MeetingWindow {
            as_of: t.to_rfc3339_opts(SecondsFormat::Secs, true),
            from: from.to_rfc3339_opts(SecondsFormat::Secs, true),
            total,
        }),
    })
}

pub(super) fn counts(
    records: &[(member::Model, AttendanceStatus)],
    members: &[member::Model],
    m: &meeting::Model,
    b: &body::Model,
) -> AttendanceCounts {
    let mut c = AttendanceCounts {
        present: 0,
        remote: 0,
        excused: 0,
        absent: 0,
        quorum: formulas::quorum(0, 0, b.quorum_percent),
        quorum_percent: b.quorum_percent,
        recorded: recorded_quorum(m),
    };
    for (_, s) in records {
        match s {
            AttendanceStatus::Present => c.present += 1,
            AttendanceStatus::Remote => c.remote += 1,
            AttendanceStatus::Excused => c.excused += 1,
            AttendanceStatus::Absent => c.absent += 1,
        }
    }
    c.quorum = quorum_of(records, members, m, b);
    c
}

/// The quorum kept with the meeting when its attendance was last saved.
fn recorded_quorum(m: &meeting::Model) -> Option<RecordedQuorum> {
    let (Some(holders), Some(attending), Some(percent), Some(at)) = (
        m.quorum_seat_holders,
        m.quorum_attending,
        m.quorum_percent,
        m.quorum_recorded_at,
    ) else {
        return None;
    };
    Some(RecordedQuorum {
        quorum: formulas::quorum(
            u32::try_from(holders).unwrap_or(0),
            u32::try_from(attending).unwrap_or(0),
            percent,
        ),
        quorum_percent: percent,
        recorded_at: at.to_rfc3339_opts(SecondsFormat::Secs, true),
    })
}

/// The quorum of a meeting from its records (metrics.md).
pub(super) fn quorum_of(
    records: &[(member::Model, AttendanceStatus)],
    members: &[member::Model],
    m: &meeting::Model,
    b: &body::Model,
) -> formulas::Quorum {
    let seats: Vec<_> = members.iter().map(seat_of).collect();
    let index: HashMap<i64, usize> = members.iter().enumerate().map(|(i, x)| (x.id, i)).collect();
    let facts = MeetingFacts {
        starts_at: m.starts_at,
        local_date: time::local_date(m.starts_at, time::zone(&b.timezone)),
        status: status_of(m),
        ordinary: m.kind != MeetingKind::Extraordinary.as_str(),
        minutes_published_at: m.minutes_published_at,
        attendance: records
            .iter()
            .filter_map(|(x, s)| index.get(&x.id).map(|i| (*i, *s)))
            .collect(),
    };
    formulas::meeting_quorum(&facts, &seats, b.quorum_percent)
}

pub(super) async fn records_of<C: ConnectionTrait>(
    db: &C,
    m: &meeting::Model,
) -> Result<Vec<(member::Model, AttendanceStatus)>, ServiceError> {
    Ok(attendance::Entity::find()
        .filter(attendance::Column::MeetingId.eq(m.id))
        .find_also_related(member::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(a, x)| Some((x?, a.status.parse().ok()?)))
        .collect())
}

pub(super) async fn members_of<C: ConnectionTrait>(
    db: &C,
    body_id: i64,
) -> Result<Vec<member::Model>, ServiceError> {
    Ok(member::Entity::find()
        .filter(member::Column::BodyId.eq(body_id))
        .order_by_asc(member::Column::Name)
        .all(db)
        .await?)
}

/// One meeting's page; `None` when the body or meeting is not visible.
#[tracing::instrument(skip(db))]
pub async fn detail<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    body_key: &str,
    meeting_key: &str,
    now: DateTime<Utc>,
) -> Result<Option<MeetingDetail>, ServiceError> {
    let Some(b) = visible_body(db, who, body_key).await? else {
        return Ok(None);
    };
    let m = match meeting_of(db, b.id, meeting_key).await {
        Ok(m) => m,
        Err(ServiceError::NotFound) => return Ok(None),
        Err(e) => return Err(e),
    };
    let tz = time::zone(&b.timezone);
    let insider = may::read_body_records(who, b.id);
    let minutes_html = m
        .minutes
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .filter(|_| m.minutes_published_at.is_some() || insider)
        .map(crate::server::markdown::to_html);
    let records = records_of(db, &m).await?;
    let attendance = if records.is_empty() {
        None
    } else {
        let members = members_of(db, b.id).await?;
        Some(counts(&records, &members, &m, &b))
    };
    Ok(Some(MeetingDetail {
        entry: entry(&b, &m),
        timezone: b.timezone.clone(),
        agenda_html: m
            .agenda
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(crate::server::markdown::to_html),
        minutes_html,
        minutes_published_at: m.minutes_published_at.map(|p| time::rfc3339_in(p, tz)),
        cancel_reason: m
            .cancel_reason
            .clone()
            .filter(|_| status_of(&m) == MeetingStatus::Cancelled),
        can_undo_held: status_of(&m) == MeetingStatus::Held
            && records.is_empty()
            && m.minutes_published_at.is_none()
            && super::schedule::held_recently(db, &m, now).await?,
        attendance,
        in_series: m.series.is_some(),
        deletable: if may::manage_body(who, b.id) {
            super::removal::told_if_deleted(db, &b, &m, now).await?
        } else {
            None
        },
        can_manage: may::manage_body(who, b.id),
        started: m.starts_at <= now,
    }))
}

/// The attendance sheet: the members active on the meeting's date (seat
/// holders first, then alternates), with what is recorded.
#[tracing::instrument(skip(db))]
pub async fn sheet<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    body_key: &str,
    meeting_key: &str,
) -> Result<AttendanceSheet, ServiceError> {
    let b = authz::managed_body(db, who, body_key).await?;
    let m = meeting_of(db, b.id, meeting_key).await?;
    let day = time::local_date(m.starts_at, time::zone(&b.timezone));
    let members = members_of(db, b.id).await?;
    let records = records_of(db, &m).await?;
    let recorded: HashMap<i64, AttendanceStatus> =
        records.iter().map(|(x, s)| (x.id, *s)).collect();
    let mut lines: Vec<AttendanceLine> = members
        .iter()
        .filter(|x| seat_of(x).active_on(day))
        .map(|x| {
            let role: MemberRole = x.role.parse().unwrap_or(MemberRole::Representative);
            AttendanceLine {
                member_key: x.key.clone(),
                name: x.name.clone(),
                role,
                holds_seat: role != MemberRole::Alternate,
                status: recorded.get(&x.id).copied(),
            }
        })
        .collect();
    lines.sort_by_key(|l| !l.holds_seat);
    Ok(AttendanceSheet {
        entry: entry(&b, &m),
        quorum_percent: b.quorum_percent,
        quorum: quorum_of(&records, &members, &m, &b),
        lines,
    })
}

/// The iCalendar feed of one public body, or of every public body.
#[tracing::instrument(skip(db, site))]
pub async fn feed<C: ConnectionTrait>(
    db: &C,
    site: &SiteUrl,
    body_key: Option<&str>,
) -> Result<Option<String>, ServiceError> {
    let bodies: HashMap<i64, body::Model> = match body_key {
        Some(k) => match body_by_key(db, k).await?.filter(|b| b.public) {
            Some(b) => HashMap::from([(b.id, b)]),
            None => return Ok(None),
        },
        None => public_bodies(db).await?,
    };
    let meetings = meeting::Entity::find()
        .filter(meeting::Column::BodyId.is_in(bodies.keys().copied().collect::<Vec<_>>()))
        .order_by_asc(meeting::Column::StartsAt)
        .order_by_asc(meeting::Column::Id)
        .all(db)
        .await?;
    let events: Vec<Event> = meetings
        .iter()
        .filter_map(|m| {
            bodies
                .get(&m.body_id)
                .map(|b| event_of(site, b, m, body_key.is_none(), None))
        })
        .collect();
    let name = match body_key.and_then(|_| bodies.values().next()) {
        Some(b) => b.name.clone(),
        None => "Voces — consejos consultivos".to_string(),
    };
    Ok(Some(ics::calendar(&name, None, &events)))
}

/// The meeting figures of a public body as of `t`.
#[tracing::instrument(skip(db))]
pub async fn figures<C: ConnectionTrait>(
    db: &C,
    body_key: &str,
    t: DateTime<Utc>,
) -> Result<Option<BodyMeetingFigures>, ServiceError> {
    let Some(b) = body_by_key(db, body_key).await?.filter(|b| b.public) else {
        return Ok(None);
    };
    let tz = time::zone(&b.timezone);
    let members = members_of(db, b.id).await?;
    let seats: Vec<_> = members.iter().map(seat_of).collect();
    let index: HashMap<i64, usize> = members.iter().enumerate().map(|(i, x)| (x.id, i)).collect();
    let meetings = meeting::Entity::find()
        .filter(meeting::Column::BodyId.eq(b.id))
        .filter(meeting::Column::StartsAt.gt(t - Duration::days(365)))
        .filter(meeting::Column::StartsAt.lte(t))
        .all(db)
        .await?;
    let held: Vec<i64> = meetings
        .iter()
        .filter(|m| status_of(m) == MeetingStatus::Held)
        .map(|m| m.id)
        .collect();
    let mut records: HashMap<i64, Vec<(usize, AttendanceStatus)>> = HashMap::new();
    for a in attendance::Entity::find()
        .filter(attendance::Column::MeetingId.is_in(held))
        .all(db)
        .await?
    {
        if let (Some(i), Ok(s)) = (index.get(&a.member_id), a.status.parse()) {
            records.entry(a.meeting_id).or_default().push((*i, s));
        }
    }
    let facts: Vec<MeetingFacts> = meetings
        .iter()
        .map(|m| MeetingFacts {
            starts_at: m.starts_at,
            local_date: time::local_date(m.starts_at, tz),
            status: status_of(m),
            ordinary: m.kind != MeetingKind::Extraordinary.as_str(),
            minutes_published_at: m.minutes_published_at,
            attendance: records.remove(&m.id).unwrap_or_default(),
        })
        .collect();
    let (f, counts) =
        formulas::figures_and_counts(b.meetings_per_year, b.quorum_percent, &seats, &facts, t);
    Ok(Some(BodyMeetingFigures {
        as_of: t.to_rfc3339_opts(SecondsFormat::Secs, true),
        meetings_per_year: b.meetings_per_year,
        regularity_score: formulas::regularity_score(&f),
        figures: f,
        counts,
    }))
}
