//! Reminders about referrals not answered yet, to the people who can act:
//! the authority's officials (their accounts) and its contact address, and
//! the council's secretaries and chairs. One per case 7 days and 1 day
//! before the effective deadline and once when it passes ([`run`]); and
//! once a week a digest of everything overdue, one mail per person however
//! many cases ([`digest`]). A periodic job calls both; each mail has a
//! dedupe key in the outbox, so it is queued once, ever — after restarts,
//! and with several instances running the same job. Dates are written for
//! people, with the council's zone named.
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
use entity::{account, authority, body, demand, role_assignment};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Value};
use std::collections::HashMap;

/// A deadline that passed longer ago than this gets no reminder: the job
/// runs hourly, so this only covers time the server was down — an import
/// of old data does not mail officials about deadlines long gone.
pub const PASSED_WITHIN_DAYS: i64 = 30;
/// The overdue referrals a weekly digest lists, the longest overdue first;
/// the rest are counted and linked. An authority with thousands overdue
/// got every one of them in one mail (16 MB at a million referrals, which
/// mail servers refuse and nobody reads), and the start-up digest job held
/// them all in memory.
pub const DIGEST_ITEMS: usize = 50;

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

/// Who is told about a body's referrals to an authority: (address,
/// locale, for the council rather than the authority).
struct People {
    /// (authority id, account) of every enabled official.
    officials: Vec<(i64, account::Model)>,
    /// (body id, account) of every enabled secretary and chair.
    councils: Vec<(i64, account::Model)>,
}

impl People {
    async fn load<C: Db>(db: &C) -> Result<People, ServiceError> {
        let pairs = |roles: &'static [&'static str]| async move {
            Ok::<_, ServiceError>(
                role_assignment::Entity::find()
                    .filter(role_assignment::Column::Role.is_in(roles.to_vec()))
                    .find_also_related(account::Entity)
                    .all(db)
                    .await?,
            )
        };
        let officials = pairs(&["official"])
            .await?
            .into_iter()
            .filter_map(|(r, a)| Some((r.authority_id?, a.filter(|a| !a.disabled)?)))
            .collect();
        let councils = pairs(&["secretary", "chair"])
            .await?
            .into_iter()
            .filter_map(|(r, a)| Some((r.body_id?, a.filter(|a| !a.disabled)?)))
            .collect();
        Ok(People {
            officials,
            councils,
        })
    }

    /// Everyone told about a referral of body `b` to authority `a`, each
    /// address once.
    fn of(&self, b: &body::Model, a: &authority::Model) -> Vec<Recipient> {
        let mut to: Vec<Recipient> = self
            .officials
            .iter()
            .filter(|(au, _)| *au == a.id)
            .map(|(_, x)| Recipient::new(&x.email, &x.locale, false))
            .collect();
        to.extend(a.email.as_deref().map(|e| Recipient::new(e, "es", false)));
        to.extend(
            self.councils
                .iter()
                .filter(|(body, _)| *body == b.id)
                .map(|(_, x)| Recipient::new(&x.email, &x.locale, true)),
        );
        let mut seen = std::collections::BTreeSet::new();
        to.retain(|r| !r.address.is_empty() && seen.insert(r.address.clone()));
        to
    }
}

struct Recipient {
    address: String,
    locale: String,
    /// A council's secretary or chair (the authority must answer).
    council: bool,
}

impl Recipient {
    fn new(address: &str, locale: &str, council: bool) -> Self {
        Recipient {
            address: address.trim().to_lowercase(),
            locale: locale.to_string(),
            council,
        }
    }
}

/// A referral's deadline as the recipient reads it, the council's zone named.
fn deadline_words(locale: &str, at: DateTime<Utc>, b: &body::Model) -> String {
    let tz = time::zone(&b.timezone);
    let l = if locale == "en" {
        crate::i18n::Locale::en
    } else {
        crate::i18n::Locale::es
    };
    crate::components::dates::date_time_zoned(l, &time::rfc3339_in(at, tz), tz.name())
}

fn demand_link(site: &SiteUrl, b: &body::Model, d: &demand::Model) -> String {
    format!(
        "{}/bodies/{}/demands/{}",
        site.0,
        crate::domain::url::encode_component(&b.key),
        crate::domain::url::encode_component(&d.key)
    )
}

/// The open referrals that may need a mail at `now`, with their clock.
async fn open_referrals<C: Db>(
    db: &C,
    now: DateTime<Utc>,
    since: Option<DateTime<Utc>>,
) -> Result<
    (
        Vec<demand::Model>,
        Vec<clock::Loaded>,
        Bodies,
        clock::Authorities,
    ),
    ServiceError,
> {
    let bodies = clock::bodies(db).await?;
    let mut demands = Vec::new();
    for chunk in candidates(db, now, since).await?.chunks(500) {
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
    Ok((demands, loaded, bodies, authorities))
}

type Bodies = HashMap<i64, body::Model>;

/// A reader's overdue referrals: each one's deadline and its place in the
/// loaded referrals.
type Overdue = Vec<(DateTime<Utc>, usize)>;

/// A referral's demand, authority and body.
fn named<'a>(
    l: &clock::Loaded,
    demands: &HashMap<i64, &'a demand::Model>,
    authorities: &'a clock::Authorities,
    bodies: &'a Bodies,
) -> Option<(&'a demand::Model, &'a authority::Model, &'a body::Model)> {
    let d = *demands.get(&l.referral.demand_id)?;
    let (a, _) = authorities.get(&l.referral.authority_id)?;
    Some((d, a, bodies.get(&d.body_id)?))
}

/// Queues the per-case reminders due at `now`; returns how many were new.
#[tracing::instrument(skip(db, site))]
pub async fn run<C: Db>(db: &C, site: &SiteUrl, now: DateTime<Utc>) -> Result<usize, ServiceError> {
    let since = now - Duration::days(PASSED_WITHIN_DAYS);
    let (demands, loaded, bodies, authorities) = open_referrals(db, now, Some(since)).await?;
    let people = People::load(db).await?;
    let by_id: HashMap<i64, &demand::Model> = demands.iter().map(|d| (d.id, d)).collect();
    let mut queued = 0;
    for l in &loaded {
        let s = l.clock.at(now);
        if s.answered() || s.paused {
            continue;
        }
        if s.overdue && s.effective_deadline <= since {
            continue;
        }
        let Some(kind) = due_reminder(s.effective_deadline - now, s.overdue) else {
            continue;
        };
        let Some((d, a, b)) = named(l, &by_id, &authorities, &bodies) else {
            continue;
        };
        let link = demand_link(site, b, d);
        for r in people.of(b, a) {
            let deadline = deadline_words(&r.locale, s.effective_deadline, b);
            let m = templates::deadline_reminder(
                &r.locale,
                kind,
                &templates::Reminder {
                    title: &d.title,
                    body: &b.name,
                    authority: &a.name,
                    deadline: &deadline,
                    url: &link,
                    for_council: r.council,
                },
            );
            let key = format!("reminder:{kind}:{}:{}", l.referral.id, r.address);
            let mail = Mail::rendered(r.address.clone(), m, Some(key));
            let new = outbox::enqueue(db, mail, now).await?;
            queued += usize::from(new);
        }
    }
    Ok(queued)
}

/// Once a week (ISO week, UTC), one mail per person listing every referral
/// overdue at `now` that concerns them, however long ago it fell due —
/// the cases the per-case reminders stopped mentioning. Returns how many
/// digests were new.
#[tracing::instrument(skip(db, site))]
pub async fn digest<C: Db>(
    db: &C,
    site: &SiteUrl,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    use chrono::Datelike;
    let (demands, loaded, bodies, authorities) = open_referrals(db, now, None).await?;
    let people = People::load(db).await?;
    let by_id: HashMap<i64, &demand::Model> = demands.iter().map(|d| (d.id, d)).collect();
    // address → (locale, its overdue referrals: deadline and where in
    // `loaded`); the mail's items are written for the first few only.
    let mut lists: std::collections::BTreeMap<String, (String, Overdue)> = Default::default();
    for (i, l) in loaded.iter().enumerate() {
        let s = l.clock.at(now);
        if !s.overdue {
            continue;
        }
        let Some((_, a, b)) = named(l, &by_id, &authorities, &bodies) else {
            continue;
        };
        for r in people.of(b, a) {
            lists
                .entry(r.address.clone())
                .or_insert_with(|| (r.locale.clone(), Vec::new()))
                .1
                .push((s.effective_deadline, i));
        }
    }
    let week = now.iso_week();
    let mut queued = 0;
    for (address, (locale, mut overdue)) in lists {
        // The longest overdue first (ties in the referrals' order).
        overdue.sort();
        let items: Vec<templates::DigestItem> = overdue
            .iter()
            .take(DIGEST_ITEMS)
            .filter_map(|&(deadline, i)| {
                let (d, a, b) = named(&loaded[i], &by_id, &authorities, &bodies)?;
                Some(templates::DigestItem {
                    title: d.title.clone(),
                    body: b.name.clone(),
                    authority: a.name.clone(),
                    deadline: deadline_words(&locale, deadline, b),
                    days: (now - deadline).num_days(),
                    url: demand_link(site, b, d),
                })
            })
            .collect();
        let pending = format!("{}/pending", site.0);
        let m = templates::overdue_digest(&locale, &items, overdue.len(), &pending);
        let key = format!("digest:{}-W{:02}:{address}", week.year(), week.week());
        let new = outbox::enqueue(db, Mail::rendered(address, m, Some(key)), now).await?;
        queued += usize::from(new);
    }
    Ok(queued)
}

/// The demands with a referral that may be due for a reminder at `now`:
/// by its facts (exact when nothing in its history is later than `now`),
/// or with a history going past `now` (the clock decides).
async fn candidates<C: Db>(
    db: &C,
    now: DateTime<Utc>,
    since: Option<DateTime<Utc>>,
) -> Result<Vec<i64>, ServiceError> {
    facts::refresh(db).await?;
    let backend = ConnectionTrait::get_database_backend(db);
    let from = "FROM referral_facts f JOIN referrals r ON r.id = f.referral_id \
                WHERE f.submitted_at <= ? AND f.withdrawn_at IS NULL";
    // Without `since`, every overdue one, however old (the digest).
    let since = since.unwrap_or_else(|| "1901-01-01T00:00:00Z".parse().unwrap_or(now));
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
                since.into(),
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
