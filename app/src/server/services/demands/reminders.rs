//! Reminders to an authority's officials (and its contact address) about
//! referrals not answered yet: 7 days and 1 day before the effective
//! deadline, and once when it passes. A periodic job calls `run`; each
//! reminder has a dedupe key in the outbox, so it is queued once, ever —
//! after restarts, and with several instances running the same job.
//!
//! Only the referrals that can be due for one are read: those whose facts
//! (`metrics::facts`) say unanswered, not paused and with a deadline within
//! a week, or whose history goes past `now` — not every referral there is.
use super::clock;
use crate::server::error::ServiceError;
use crate::server::services::accounts::SiteUrl;
use crate::server::services::mail::outbox::{self, Mail};
use crate::server::services::mail::templates;
use crate::server::services::metrics::facts;
use crate::server::services::metrics::referrals::{statement, Db};
use crate::server::time;
use chrono::{DateTime, Duration, Utc};
use entity::{account, demand, role_assignment};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Value};
use std::collections::HashMap;

/// A deadline that passed longer ago than this gets no reminder: the job
/// runs hourly, so this only covers time the server was down — an import
/// of old data does not mail officials about deadlines long gone.
pub const PASSED_WITHIN_DAYS: i64 = 30;

/// Which reminder a referral is due for at `now`, if any.
pub fn due_reminder(remaining: Duration, overdue: bool) -> Option<&'static str> {
    if overdue {
        Some("passed")
    } else if remaining <= Duration::days(1) {
        Some("1d")
    } else if remaining <= Duration::days(7) {
        Some("7d")
    } else {
        None
    }
}

/// Queues the reminders due at `now`; returns how many were new.
#[tracing::instrument(skip(db, site))]
pub async fn run<C: Db>(db: &C, site: &SiteUrl, now: DateTime<Utc>) -> Result<usize, ServiceError> {
    let bodies = clock::bodies(db).await?;
    let mut demands = Vec::new();
    for chunk in candidates(db, now).await?.chunks(500) {
        demands.extend(
            demand::Entity::find()
                .filter(demand::Column::Id.is_in(chunk.to_vec()))
                .filter(demand::Column::WithdrawnAt.is_null())
                .filter(demand::Column::SubmittedAt.lte(now))
                .all(db)
                .await?,
        );
    }
    let authorities = clock::authorities(db).await?;
    let loaded = clock::load(db, &demands, &bodies, &authorities).await?;
    let officials: Vec<(i64, account::Model)> = role_assignment::Entity::find()
        .filter(role_assignment::Column::Role.eq("official"))
        .find_also_related(account::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(r, a)| Some((r.authority_id?, a.filter(|a| !a.disabled)?)))
        .collect();
    let by_id: HashMap<i64, &demand::Model> = demands.iter().map(|d| (d.id, d)).collect();
    let mut queued = 0;
    for l in &loaded {
        let s = l.clock.at(now);
        if s.answered() || s.paused {
            continue;
        }
        if s.overdue && s.effective_deadline <= now - Duration::days(PASSED_WITHIN_DAYS) {
            continue;
        }
        let Some(kind) = due_reminder(s.effective_deadline - now, s.overdue) else {
            continue;
        };
        let (Some(d), Some((a, _))) = (
            by_id.get(&l.referral.demand_id),
            authorities.get(&l.referral.authority_id),
        ) else {
            continue;
        };
        let Some(b) = bodies.get(&d.body_id) else {
            continue;
        };
        let deadline = time::rfc3339_in(s.effective_deadline, time::zone(&b.timezone));
        let link = format!(
            "{}/bodies/{}/demands/{}",
            site.0,
            crate::domain::url::encode_component(&b.key),
            crate::domain::url::encode_component(&d.key)
        );
        let mut to: Vec<(String, String)> = officials
            .iter()
            .filter(|(au, _)| *au == a.id)
            .map(|(_, x)| (x.email.to_lowercase(), x.locale.clone()))
            .collect();
        if let Some(e) = &a.email {
            to.push((e.trim().to_lowercase(), "es".into()));
        }
        to.sort();
        to.dedup_by(|x, y| x.0 == y.0);
        for (address, locale) in to {
            let r =
                templates::deadline_reminder(&locale, kind, &d.title, &b.name, &deadline, &link);
            let new = outbox::enqueue(
                db,
                Mail {
                    to: address.clone(),
                    subject: r.subject,
                    text: r.text,
                    html: Some(r.html),
                    dedupe_key: Some(format!("reminder:{kind}:{}:{address}", l.referral.id)),
                    attachment: None,
                },
                now,
            )
            .await?;
            queued += usize::from(new);
        }
    }
    Ok(queued)
}

/// The demands with a referral that may be due for a reminder at `now`:
/// by its facts (exact when nothing in its history is later than `now`),
/// or with a history going past `now` (the clock decides).
async fn candidates<C: Db>(db: &C, now: DateTime<Utc>) -> Result<Vec<i64>, ServiceError> {
    facts::refresh(db).await?;
    let backend = ConnectionTrait::get_database_backend(db);
    let from = "FROM referral_facts f JOIN referrals r ON r.id = f.referral_id \
                WHERE f.submitted_at <= ? AND f.withdrawn_at IS NULL";
    let open = format!(
        "SELECT r.demand_id {from} AND f.first_answer_at IS NULL AND f.paused = 0 \
         AND f.effective_deadline <= ? AND f.effective_deadline > ?"
    );
    let later = format!("SELECT r.demand_id {from} AND f.last_change_at > ?");
    let mut ids = Vec::new();
    for (sql, values) in [
        (
            open,
            vec![
                Value::from(now),
                (now + Duration::days(7)).into(),
                (now - Duration::days(PASSED_WITHIN_DAYS)).into(),
            ],
        ),
        (later, vec![now.into(), now.into()]),
    ] {
        for row in db.query_all_raw(statement(backend, &sql, values)).await? {
            ids.push(row.try_get_by_index::<i64>(0)?);
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_reminder() {
        assert_eq!(due_reminder(Duration::days(8), false), None);
        assert_eq!(due_reminder(Duration::days(7), false), Some("7d"));
        assert_eq!(due_reminder(Duration::hours(25), false), Some("7d"));
        assert_eq!(due_reminder(Duration::hours(24), false), Some("1d"));
        assert_eq!(due_reminder(Duration::zero(), true), Some("passed"));
    }
}
