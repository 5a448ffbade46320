//! Feeding the response clock (`domain::clock`) from the database: each
//! referral's base deadline (its `due_at`, else N calendar or business days
//! with the authority's holidays in the body's time zone, N being the body's
//! `response_days` if set, else the authority's), its events and verdicts in
//! list order. Every page, reminder and metric loads referrals through here.
use crate::domain::clock::{self, DeadlineRule};
use crate::domain::enums::{DayKind, EventKind, Verdict};
use crate::server::error::ServiceError;
use crate::server::time;
use chrono::{DateTime, NaiveDate, Utc};
use entity::{assessment, authority, authority_holiday, body, demand, referral, referral_event};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{BTreeSet, HashMap};

/// Rows are read in chunks so that `IN (…)` lists stay small on SQLite.
const CHUNK: usize = 500;

/// A referral with what the clock needs, ready to ask `clock.at(t)`.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub referral: referral::Model,
    pub clock: clock::Referral,
}

/// The authorities with their holidays.
pub async fn authorities<C: ConnectionTrait>(db: &C) -> Result<Authorities, ServiceError> {
    Ok(with_holidays(
        authority::Entity::find().all(db).await?,
        authority_holiday::Entity::find().all(db).await?,
    ))
}

/// The authorities of `ids` with their holidays: what a write that touches
/// a few referrals needs, where `authorities` reads every one.
pub async fn authorities_of<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
) -> Result<Authorities, ServiceError> {
    let mut found = Vec::new();
    let mut holidays = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        found.extend(
            authority::Entity::find()
                .filter(authority::Column::Id.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
        holidays.extend(
            authority_holiday::Entity::find()
                .filter(authority_holiday::Column::AuthorityId.is_in(chunk.to_vec()))
                .all(db)
                .await?,
        );
    }
    Ok(with_holidays(found, holidays))
}

fn with_holidays(
    found: Vec<authority::Model>,
    holidays: Vec<authority_holiday::Model>,
) -> Authorities {
    let mut out: Authorities = found
        .into_iter()
        .map(|a| (a.id, (a, BTreeSet::new())))
        .collect();
    for h in holidays {
        if let Some((_, days)) = out.get_mut(&h.authority_id) {
            days.insert(h.day);
        }
    }
    out
}

/// Every body by id (public or not): the time zone and response days of
/// its referrals' deadlines.
pub async fn bodies<C: ConnectionTrait>(db: &C) -> Result<HashMap<i64, body::Model>, ServiceError> {
    Ok(body::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect())
}

/// The bodies of `ids` by id, as `bodies` gives them.
pub async fn bodies_of<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
) -> Result<HashMap<i64, body::Model>, ServiceError> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(CHUNK) {
        for b in body::Entity::find()
            .filter(body::Column::Id.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            out.insert(b.id, b);
        }
    }
    Ok(out)
}

/// The authorities with their holidays, by id.
pub type Authorities = HashMap<i64, (authority::Model, BTreeSet<NaiveDate>)>;

/// A referral's base deadline: its `due_at`, else N calendar or business
/// days in body `b`'s zone (N = the body's `response_days`, else the
/// authority's; holidays the authority's).
pub fn base_deadline(
    b: &body::Model,
    authorities: &Authorities,
    authority_id: i64,
    submitted_at: DateTime<Utc>,
    due_at: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    let none = BTreeSet::new();
    let (days, kind, holidays) = match authorities.get(&authority_id) {
        Some((a, h)) => (
            b.response_days.unwrap_or(a.response_days),
            a.day_kind.parse().unwrap_or(DayKind::Calendar),
            h,
        ),
        None => (b.response_days.unwrap_or(0), DayKind::Calendar, &none),
    };
    let tz = time::zone(&b.timezone);
    let rule = DeadlineRule {
        days,
        kind,
        holidays,
    };
    clock::base_deadline(submitted_at, due_at, &rule, |t| time::local_date(t, tz))
}

/// The referrals of `demands` (each demand's body in `bodies`), with their
/// clocks, in demand order then referral id.
pub async fn load<C: ConnectionTrait>(
    db: &C,
    demands: &[demand::Model],
    bodies: &HashMap<i64, body::Model>,
    authorities: &Authorities,
) -> Result<Vec<Loaded>, ServiceError> {
    let mut referrals = Vec::new();
    for chunk in demands.chunks(CHUNK) {
        let ids: Vec<i64> = chunk.iter().map(|d| d.id).collect();
        referrals.extend(
            referral::Entity::find()
                .filter(referral::Column::DemandId.is_in(ids))
                .order_by_asc(referral::Column::Id)
                .all(db)
                .await?,
        );
    }
    let mut events: HashMap<i64, Vec<(chrono::DateTime<chrono::Utc>, EventKind)>> = HashMap::new();
    let mut verdicts: HashMap<i64, Vec<(chrono::DateTime<chrono::Utc>, Verdict)>> = HashMap::new();
    for chunk in referrals.chunks(CHUNK) {
        let ids: Vec<i64> = chunk.iter().map(|r| r.id).collect();
        for e in referral_event::Entity::find()
            .filter(referral_event::Column::ReferralId.is_in(ids.clone()))
            .order_by_asc(referral_event::Column::ReferralId)
            .order_by_asc(referral_event::Column::Seq)
            .all(db)
            .await?
        {
            if let Ok(kind) = e.kind.parse() {
                events.entry(e.referral_id).or_default().push((e.at, kind));
            }
        }
        for a in assessment::Entity::find()
            .filter(assessment::Column::ReferralId.is_in(ids))
            .order_by_asc(assessment::Column::ReferralId)
            .order_by_asc(assessment::Column::Seq)
            .all(db)
            .await?
        {
            if let Ok(v) = a.verdict.parse() {
                verdicts.entry(a.referral_id).or_default().push((a.at, v));
            }
        }
    }
    let by_id: HashMap<i64, &demand::Model> = demands.iter().map(|d| (d.id, d)).collect();
    let mut out: Vec<Loaded> = Vec::with_capacity(referrals.len());
    for r in referrals {
        let Some(d) = by_id.get(&r.demand_id) else {
            continue;
        };
        let Some(b) = bodies.get(&d.body_id) else {
            continue;
        };
        let base = base_deadline(b, authorities, r.authority_id, d.submitted_at, r.due_at);
        out.push(Loaded {
            clock: clock::Referral {
                submitted_at: d.submitted_at,
                base_deadline: base,
                events: events.remove(&r.id).unwrap_or_default(),
                verdicts: verdicts.remove(&r.id).unwrap_or_default(),
            },
            referral: r,
        });
    }
    let position: HashMap<i64, usize> =
        demands.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    out.sort_by_key(|l| (position.get(&l.referral.demand_id).copied(), l.referral.id));
    Ok(out)
}

/// Referrals given their recorded deadline per transaction.
const FILL_BATCH: usize = 5_000;

/// Migration 10's data step: once, records the base deadline of every
/// referral made before deadlines were recorded at creation, from the rules
/// in force now, so that later rule changes leave them alone. Does nothing
/// (one read) once done. Returns how many referrals it recorded.
#[tracing::instrument(skip(db))]
pub async fn record_due_dates<C: ConnectionTrait + sea_orm::TransactionTrait>(
    db: &C,
) -> Result<u64, ServiceError> {
    use crate::server::services::metrics::referrals::statement;
    use sea_orm::{Statement, TransactionSession};
    let backend = db.get_database_backend();
    let pending = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT pending FROM due_at_backfill LIMIT 1",
        ))
        .await?;
    if pending.is_none() {
        return Ok(0);
    }
    let bodies = bodies(db).await?;
    let authorities = authorities(db).await?;
    let mut after = 0i64;
    let mut recorded = 0u64;
    loop {
        let txn = db.begin().await?;
        let rows = txn
            .query_all_raw(statement(
                backend,
                &format!(
                    "SELECT r.id, r.authority_id, d.body_id, d.submitted_at FROM referrals r \
                     JOIN demands d ON d.id = r.demand_id \
                     WHERE r.due_at IS NULL AND r.id > ? ORDER BY r.id LIMIT {FILL_BATCH}"
                ),
                vec![after.into()],
            ))
            .await?;
        if rows.is_empty() {
            txn.execute_raw(Statement::from_string(
                backend,
                "DELETE FROM due_at_backfill",
            ))
            .await?;
            txn.commit().await?;
            break;
        }
        let mut dues: Vec<(i64, DateTime<Utc>)> = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: i64 = row.try_get_by_index(0)?;
            let authority_id: i64 = row.try_get_by_index(1)?;
            let body_id: i64 = row.try_get_by_index(2)?;
            let submitted_at: DateTime<Utc> = row.try_get_by_index(3)?;
            after = id;
            if let Some(b) = bodies.get(&body_id) {
                let due = base_deadline(b, &authorities, authority_id, submitted_at, None);
                dues.push((id, due));
            }
        }
        recorded += write_dues(&txn, &dues).await?;
        txn.commit().await?;
        tracing::info!(recorded, "recorded base deadlines");
    }
    Ok(recorded)
}

/// Records these base deadlines; returns how many.
async fn write_dues<C: ConnectionTrait>(
    db: &C,
    dues: &[(i64, DateTime<Utc>)],
) -> Result<u64, ServiceError> {
    use crate::server::services::metrics::referrals::statement;
    let backend = db.get_database_backend();
    let mut recorded = 0;
    // One statement per few hundred referrals, not one each.
    for chunk in dues.chunks(CHUNK / 2) {
        let mut values: Vec<sea_orm::Value> = Vec::with_capacity(chunk.len() * 3);
        for (id, due) in chunk {
            values.push((*id).into());
            values.push((*due).into());
        }
        values.extend(chunk.iter().map(|(id, _)| sea_orm::Value::from(*id)));
        let cases = " WHEN ? THEN ?".repeat(chunk.len());
        let ids = vec!["?"; chunk.len()].join(", ");
        db.execute_raw(statement(
            backend,
            &format!("UPDATE referrals SET due_at = CASE id{cases} END WHERE id IN ({ids})"),
            values,
        ))
        .await?;
        recorded += chunk.len() as u64;
    }
    Ok(recorded)
}

/// Whose deadline rule is about to change.
#[derive(Debug, Clone, Copy)]
pub enum RuleOf {
    /// An authority's days, day kind or holidays.
    Authority(i64),
    /// A body's own response days.
    Body(i64),
}

/// Called in the transaction of a rule change, before it: records the base
/// deadline, under the rules in force until now, of every referral the
/// change would move that has none recorded (imported without `due_at`),
/// so the change never rewrites a past deadline or figure (metrics.md,
/// changes of 2026-12). Returns how many it recorded.
#[tracing::instrument(skip(db))]
pub async fn keep_deadlines<C: ConnectionTrait>(db: &C, of: RuleOf) -> Result<u64, ServiceError> {
    let mut q = referral::Entity::find()
        .select_only()
        .column(referral::Column::Id)
        .column(referral::Column::AuthorityId)
        .column(demand::Column::BodyId)
        .column(demand::Column::SubmittedAt)
        .inner_join(demand::Entity)
        .filter(referral::Column::DueAt.is_null());
    q = match of {
        RuleOf::Authority(id) => q.filter(referral::Column::AuthorityId.eq(id)),
        RuleOf::Body(id) => q.filter(demand::Column::BodyId.eq(id)),
    };
    let rows: Vec<(i64, i64, i64, DateTime<Utc>)> = q.into_tuple().all(db).await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let bodies = bodies(db).await?;
    let authorities = authorities(db).await?;
    let dues: Vec<(i64, DateTime<Utc>)> = rows
        .into_iter()
        .filter_map(|(id, authority_id, body_id, submitted_at)| {
            let b = bodies.get(&body_id)?;
            Some((
                id,
                base_deadline(b, &authorities, authority_id, submitted_at, None),
            ))
        })
        .collect();
    write_dues(db, &dues).await
}
