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

/// The members a meeting's notices go to (active on its date, with an
/// address), each with the language of their account ("es" without one).
pub(crate) async fn recipients<C: ConnectionTrait>(
    db: &C,
    b: &body::Model,
    m: &meeting::Model,
) -> Result<Vec<(member::Model, String)>, ServiceError> {
    let day = time::local_date(m.starts_at, time::zone(&b.timezone));
    let members: Vec<member::Model> = member::Entity::find()
        .filter(member::Column::BodyId.eq(b.id))
        .filter(member::Column::Email.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter(|x| is_active(x.term_start, x.term_end, x.withdrawn_on, day))
        .filter(|x| x.email.as_deref().is_some_and(|e| !e.trim().is_empty()))
        .collect();
    if members.is_empty() {
        return Ok(Vec::new());
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
    Ok(members
        .into_iter()
        .map(|x| {
            let locale = locales.get(&x.id).cloned().unwrap_or_else(|| "es".into());
            (x, locale)
        })
        .collect())
}

/// Whether members were ever mailed about `m` (its invitations, or those
/// of the series it was scheduled in, are in the outbox, sent or not).
pub(crate) async fn announced<C: ConnectionTrait>(
    db: &C,
    m: &meeting::Model,
) -> Result<bool, ServiceError> {
    use entity::mail_outbox;
    use sea_orm::{Condition, PaginatorTrait};
    let mut any = Condition::any()
        .add(mail_outbox::Column::DedupeKey.starts_with(format!("meeting:{}:", m.id)));
    if let Some(series) = &m.series {
        any = any.add(mail_outbox::Column::DedupeKey.starts_with(format!("series:{series}:")));
    }
    let n = mail_outbox::Entity::find().filter(any).count(db).await?;
    Ok(n > 0)
}

/// Queues the invitations for `m` as it now is (a first invitation, or a
/// cancellation); returns how many were new.
pub async fn send<C: ConnectionTrait>(
    db: &C,
    site: &SiteUrl,
    b: &body::Model,
    m: &meeting::Model,
    now: DateTime<Utc>,
) -> Result<u32, ServiceError> {
    notify(db, site, b, std::slice::from_ref(m), &[], now).await
}

/// A change notice for `m`, saying what changed.
pub(crate) async fn send_change<C: ConnectionTrait>(
    db: &C,
    site: &SiteUrl,
    b: &body::Model,
    m: &meeting::Model,
    changed: &[(&'static str, String, String)],
    now: DateTime<Utc>,
) -> Result<u32, ServiceError> {
    notify(db, site, b, std::slice::from_ref(m), changed, now).await
}

/// One invitation per member for every meeting of a series scheduled at
/// once, with one .ics holding every date.
pub(crate) async fn send_series<C: ConnectionTrait>(
    db: &C,
    site: &SiteUrl,
    b: &body::Model,
    ms: &[meeting::Model],
    now: DateTime<Utc>,
) -> Result<u32, ServiceError> {
    notify(db, site, b, ms, &[], now).await
}

/// The short date of `m` in the recipient's language: "10 feb 2026".
fn short_date(b: &body::Model, m: &meeting::Model, locale: &str) -> String {
    use crate::i18n::Locale;
    let at = time::rfc3339_in(m.starts_at, time::zone(&b.timezone));
    let locale = if locale == "en" {
        Locale::en
    } else {
        Locale::es
    };
    crate::components::dates::date(locale, &at)
}

async fn notify<C: ConnectionTrait>(
    db: &C,
    site: &SiteUrl,
    b: &body::Model,
    ms: &[meeting::Model],
    changed: &[(&'static str, String, String)],
    now: DateTime<Utc>,
) -> Result<u32, ServiceError> {
    // Only meetings still ahead; a held one needs no invitation.
    let ms: Vec<&meeting::Model> = ms
        .iter()
        .filter(|m| m.starts_at > now && status_of(m) != MeetingStatus::Held)
        .collect();
    let Some(m) = ms.first().copied() else {
        return Ok(0);
    };
    let members = recipients(db, b, m).await?;
    if members.is_empty() {
        return Ok(0);
    }
    let cancelled = status_of(m) == MeetingStatus::Cancelled;
    let method = if cancelled {
        Method::Cancel
    } else {
        Method::Request
    };
    let url = super::calendar::page_url(site, b, m);
    let whens: Vec<String> = ms.iter().map(|x| when(b, x)).collect();
    let series = ms.len() > 1;
    let mut queued = 0;
    for (x, locale) in members {
        let Some(to) = x.email.clone() else {
            continue;
        };
        let date = short_date(b, m, &locale);
        let text = templates::meeting(
            &locale,
            &MeetingNotice {
                body: &b.name,
                title: &m.title,
                date: &date,
                when: &whens,
                location: m.location.as_deref(),
                agenda: m.agenda.as_deref(),
                url: &url,
                sequence: m.sequence,
                cancelled: cancelled.then_some(m.cancel_reason.as_deref().unwrap_or("")),
                changed,
            },
        );
        let organizer = site.host();
        let events: Vec<_> = ms
            .iter()
            .map(|one| {
                event_of(
                    site,
                    b,
                    one,
                    false,
                    Some((b.name.clone(), format!("no-reply@{organizer}"), to.clone())),
                )
            })
            .collect();
        let attachment = ics::calendar(&b.name, Some(method), &events);
        // A series is announced once (its key names the series); each
        // later change or cancellation is per meeting and per SEQUENCE.
        let dedupe_key = match m.series.as_deref().filter(|_| series) {
            Some(name) => format!("series:{name}:{}", x.id),
            None => format!("meeting:{}:{}:{}", m.id, m.sequence, x.id),
        };
        let new = outbox::enqueue(
            db,
            Mail {
                to,
                subject: text.subject,
                text: text.text,
                html: Some(text.html),
                dedupe_key: Some(dedupe_key),
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
                unsubscribe: None,
            },
            now,
        )
        .await?;
        queued += u32::from(new);
    }
    Ok(queued)
}
