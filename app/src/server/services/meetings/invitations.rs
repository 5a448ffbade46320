//! Mails to a body's members when one of its meetings is scheduled, changed
//! or cancelled, each with an .ics (METHOD:REQUEST or CANCEL). Queued in the
//! transaction of the change, once per member and per SEQUENCE, and only
//! for meetings that have not started yet.
use super::calendar::event_of;
use super::ics::{self, Method};
use super::status_of;
use crate::domain::enums::MeetingStatus;
use crate::domain::metrics::members::is_active;
use crate::server::error::ServiceError;
use crate::server::services::accounts::SiteUrl;
use crate::server::services::mail::outbox::{self, Mail};
use crate::server::services::mail::templates::{self, MeetingNotice};
use crate::server::time;
use chrono::{DateTime, Utc};
use entity::{account, body, meeting, member, role_assignment};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// "2026-02-10 10:00–13:00 (America/Mexico_City)"
pub fn when(b: &body::Model, m: &meeting::Model) -> String {
    let tz = time::zone(&b.timezone);
    let start = m.starts_at.with_timezone(&tz);
    let end = m
        .ends_at
        .map(|e| format!("–{}", e.with_timezone(&tz).format("%H:%M")))
        .unwrap_or_default();
    format!("{}{end} ({})", start.format("%Y-%m-%d %H:%M"), b.timezone)
}

/// Queues the invitations for `m` as it now is; returns how many were new.
pub async fn send<C: ConnectionTrait>(
    db: &C,
    site: &SiteUrl,
    b: &body::Model,
    m: &meeting::Model,
    now: DateTime<Utc>,
) -> Result<u32, ServiceError> {
    if m.starts_at <= now || status_of(m) == MeetingStatus::Held {
        return Ok(0);
    }
    let day = time::local_date(m.starts_at, time::zone(&b.timezone));
    let members: Vec<member::Model> = member::Entity::find()
        .filter(member::Column::BodyId.eq(b.id))
        .filter(member::Column::Email.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter(|x| is_active(x.term_start, x.term_end, x.withdrawn_on, day))
        .collect();
    if members.is_empty() {
        return Ok(0);
    }
    // Members with an account get the mail in the account's language.
    let ids: Vec<i64> = members.iter().map(|x| x.id).collect();
    let links = role_assignment::Entity::find()
        .filter(role_assignment::Column::MemberId.is_in(ids))
        .find_also_related(account::Entity)
        .all(db)
        .await?;
    let locales: HashMap<i64, String> = links
        .into_iter()
        .filter_map(|(r, a)| Some((r.member_id?, a?.locale)))
        .collect();
    let cancelled = status_of(m) == MeetingStatus::Cancelled;
    let method = if cancelled {
        Method::Cancel
    } else {
        Method::Request
    };
    let url = super::calendar::page_url(site, b, m);
    let when = when(b, m);
    let mut queued = 0;
    for x in members {
        let Some(to) = x.email.clone().filter(|e| !e.trim().is_empty()) else {
            continue;
        };
        let locale = locales.get(&x.id).map(String::as_str).unwrap_or("es");
        let text = templates::meeting(
            locale,
            &MeetingNotice {
                body: &b.name,
                title: &m.title,
                when: &when,
                location: m.location.as_deref(),
                url: &url,
                sequence: m.sequence,
                cancelled: cancelled.then_some(m.cancel_reason.as_deref().unwrap_or("")),
            },
        );
        let organizer = site.host();
        let event = event_of(
            site,
            b,
            m,
            false,
            Some((b.name.clone(), format!("no-reply@{organizer}"), to.clone())),
        );
        let attachment = ics::calendar(&b.name, Some(method), &[event]);
        let new = outbox::enqueue(
            db,
            Mail {
                to,
                subject: text.subject,
                text: text.text,
                html: Some(text.html),
                dedupe_key: Some(format!("meeting:{}:{}:{}", m.id, m.sequence, x.id)),
                attachment: Some((
                    if cancelled {
                        "cancel.ics"
                    } else {
                        "invite.ics"
                    }
                    .to_string(),
                    format!("text/calendar; method={}; charset=UTF-8", method.as_str()),
                    attachment,
                )),
            },
            now,
        )
        .await?;
        queued += u32::from(new);
    }
    Ok(queued)
}
