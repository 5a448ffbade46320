//! The public dashboards: the national overview (totals, rankings, the most
//! overdue referrals), a body's and an authority's dashboards with trends.
use super::bodies::public_bodies;
use super::body_at;
use super::facts;
use super::referrals::{self, Clocked, Db, Scope};
use crate::domain::metrics::dashboards::*;
use crate::domain::metrics::instants::{format_as_of, last_quarters, period_ends};
use crate::domain::metrics::report::Step;
use crate::domain::metrics::report::{AuthorityMetrics, BodyMetrics};
use crate::server::error::ServiceError;
use crate::server::services::demands::clock;
use crate::server::time;
use chrono::{DateTime, Duration, Utc};
use entity::body;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// How many overdue referrals the dashboards list.
pub const OVERDUE_LIST: usize = 10;

pub(crate) fn window_from(t: DateTime<Utc>) -> String {
    // The window is (T − 365 days, T]: its first whole day.
    (t - Duration::days(365) + Duration::seconds(1))
        .date_naive()
        .to_string()
}

/// The ends of the last eight quarters up to T (the last one is T's
/// quarter's end, or T itself when that is later than now).
pub(crate) fn trend_instants(t: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    let (from, to) = last_quarters(t, 8);
    period_ends(from, to, Step::Quarter)
        .unwrap_or_default()
        .into_iter()
        .map(|end| end.min(t))
        .collect()
}

/// The overdue referrals among `rs` at `t`, most overdue first.
pub fn overdue_among(rs: &[Clocked], t: DateTime<Utc>) -> Vec<facts::Overdue> {
    let mut overdue: Vec<facts::Overdue> = rs
        .iter()
        .filter(|r| r.exists_at(t))
        .filter_map(|r| {
            let s = r.clock.at(t);
            s.overdue.then_some(facts::Overdue {
                referral_id: r.referral_id,
                demand_id: r.demand_id,
                body_id: r.body_id,
                authority_id: r.authority_id,
                effective_deadline: s.effective_deadline,
            })
        })
        .collect();
    overdue.sort_by_key(|o| (o.effective_deadline, o.referral_id));
    overdue.truncate(OVERDUE_LIST);
    overdue
}

/// The rows shown for `overdue` (most overdue first) at `t`.
async fn overdue_rows<C: Db>(
    db: &C,
    overdue: Vec<facts::Overdue>,
    bodies: &HashMap<i64, body::Model>,
    t: DateTime<Utc>,
) -> Result<Vec<OverdueRow>, ServiceError> {
    let ids: Vec<i64> = overdue.iter().map(|o| o.demand_id).collect();
    let demands = crate::server::services::demands::by_id(db, ids).await?;
    let authorities = clock::authorities(db).await?;
    Ok(overdue
        .into_iter()
        .filter_map(|r| {
            let deadline = r.effective_deadline;
            let d = demands.get(&r.demand_id)?;
            let b = bodies.get(&r.body_id)?;
            let (a, _) = authorities.get(&r.authority_id)?;
            Some(OverdueRow {
                body_key: b.key.clone(),
                body_name: b.name.clone(),
                demand_key: d.key.clone(),
                title: d.title.clone(),
                authority_key: a.key.clone(),
                authority_name: a.acronym.clone().unwrap_or_else(|| a.name.clone()),
                effective_deadline: time::rfc3339_in(deadline, time::zone(&b.timezone)),
                days_overdue: (t - deadline).num_days(),
            })
        })
        .collect())
}

/// The national overview at T.
#[tracing::instrument(skip(db))]
pub async fn overview<C: Db>(db: &C, t: DateTime<Utc>) -> Result<Overview, ServiceError> {
    let bodies = public_bodies(db, None).await?;
    facts::refresh(db).await?;
    let (mut figures, authorities, overdue): (Vec<BodyMetrics>, Vec<AuthorityMetrics>, _) =
        if facts::answer_at(db, Scope::All, t).await? {
            // After every change: aggregates over the facts, read once for
            // the bodies and the authorities. The three reads after it
            // are independent: on a pool they run on connections of their
            // own at once (the overview's time is the longest of them).
            let groups = facts::groups(db, Scope::All, t, facts::Per::AuthorityBody).await?;
            let answers = super::bodies::answers_from_groups(&bodies, &groups);
            let at = [t];
            let (figures, authorities, overdue) = tokio::try_join!(
                super::bodies::at_with(db, bodies.clone(), None, &at, &answers),
                super::authorities::all_from_groups(db, t, &bodies, groups),
                facts::overdue(db, Scope::All, t, OVERDUE_LIST),
            )?;
            (
                figures.into_values().filter_map(|mut v| v.pop()).collect(),
                authorities,
                overdue,
            )
        } else {
            // One read of the clocks serves the bodies, the authorities
            // and the overdue list.
            let rs = referrals::load(db, Scope::All, t, t, &bodies).await?;
            let answers = super::bodies::answers_from_clocks(&bodies, &[t], &rs);
            (
                super::bodies::at_with(db, bodies.clone(), None, &[t], &answers)
                    .await?
                    .into_values()
                    .filter_map(|mut v| v.pop())
                    .collect(),
                super::authorities::at_with(db, None, &[t], &bodies, &rs)
                    .await?
                    .into_values()
                    .filter_map(|mut v| v.pop())
                    .collect(),
                overdue_among(&rs, t),
            )
        };
    figures.sort_by(|a, b| a.body.cmp(&b.body));
    let names: HashMap<&str, &str> = bodies
        .values()
        .map(|b| (b.key.as_str(), b.name.as_str()))
        .collect();
    let mut totals = Totals {
        bodies: figures.len() as u32,
        ..Totals::default()
    };
    let mut responsiveness = Vec::new();
    let mut regularity = Vec::new();
    let mut by_body = Vec::new();
    for m in &figures {
        by_body.push(BodyTotals {
            key: m.body.clone(),
            name: names.get(m.body.as_str()).unwrap_or(&"").to_string(),
            members_active: m.composition.members_active,
            meetings_held: m.meetings.meetings_held,
            demands_submitted: m.demands.demands_submitted,
            referrals: m.answers.referrals,
            answered: m.answers.answered,
            overdue_open: m.answers.overdue_open,
        });
        totals.members_active += m.composition.members_active;
        totals.meetings_held += m.meetings.meetings_held;
        totals.demands_submitted += m.demands.demands_submitted;
        totals.referrals += m.answers.referrals;
        totals.answered += m.answers.answered;
        totals.considered += m.answers.considered;
        totals.overdue_open += m.answers.overdue_open;
        let ranked = |score| Ranked {
            key: m.body.clone(),
            name: names.get(m.body.as_str()).unwrap_or(&"").to_string(),
            score,
            considered: m.answers.considered,
            low_sample: m.low_sample,
        };
        responsiveness.push(ranked(m.scores.responsiveness_score));
        regularity.push(ranked(m.scores.regularity_score));
    }
    let authority_names = clock::authorities(db).await?;
    let by_key: HashMap<&str, String> = authority_names
        .values()
        .map(|(a, _)| {
            (
                a.key.as_str(),
                a.acronym.clone().unwrap_or_else(|| a.name.clone()),
            )
        })
        .collect();
    let ranked_authorities = authorities
        .iter()
        // An authority nobody wrote to has nothing to rank.
        .filter(|a| a.answers.referrals > 0 || a.answers.overdue_open > 0)
        .map(|a| Ranked {
            key: a.authority.clone(),
            name: by_key
                .get(a.authority.as_str())
                .cloned()
                .unwrap_or_default(),
            score: a.scores.responsiveness_score,
            considered: a.answers.considered,
            low_sample: a.low_sample,
        })
        .collect();
    let (by_responsiveness, by_responsiveness_low) = rank(responsiveness);
    let (by_regularity, by_regularity_low) = rank(regularity);
    let (authorities, authorities_low) = rank(ranked_authorities);
    Ok(Overview {
        as_of: format_as_of(t),
        as_of_date: t.date_naive().to_string(),
        window_from: window_from(t),
        totals,
        by_body: {
            by_body.sort_by(|a, b| a.name.cmp(&b.name));
            by_body
        },
        by_responsiveness,
        by_responsiveness_low,
        by_regularity,
        by_regularity_low,
        authorities,
        authorities_low,
        overdue: overdue_rows(db, overdue, &bodies, t).await?,
    })
}

/// A public body's dashboard at T; `None` for an unknown key.
#[tracing::instrument(skip(db))]
pub async fn body<C: Db>(
    db: &C,
    key: &str,
    t: DateTime<Utc>,
) -> Result<Option<BodyDashboard>, ServiceError> {
    let mut ts = trend_instants(t);
    ts.push(t);
    let Some(mut points) = body_at(db, key, &ts).await? else {
        return Ok(None);
    };
    let Some(metrics) = points.pop() else {
        return Ok(None);
    };
    let found = crate::server::services::bodies::find_by_key(db, key).await?;
    Ok(Some(BodyDashboard {
        name: found.as_ref().map(|b| b.name.clone()).unwrap_or_default(),
        meetings_per_year: found.and_then(|b| b.meetings_per_year),
        as_of_date: t.date_naive().to_string(),
        window_from: window_from(t),
        metrics,
        trend: points,
    }))
}

/// An authority's dashboard at T; `None` for an unknown key.
#[tracing::instrument(skip(db))]
pub async fn authority<C: Db>(
    db: &C,
    key: &str,
    t: DateTime<Utc>,
) -> Result<Option<AuthorityDashboard>, ServiceError> {
    let Some(a) = entity::authority::Entity::find()
        .filter(entity::authority::Column::Key.eq(key))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let mut ts = trend_instants(t);
    ts.push(t);
    // One read of its referrals (covering the trend) serves the figures,
    // the histogram and the overdue list.
    let bodies = public_bodies(db, None).await?;
    let t_min = ts.iter().min().copied().unwrap_or(t);
    let rs = referrals::load(db, Scope::Authority(a.id), t_min, t, &bodies).await?;
    let mut points = super::authorities::at_with(db, Some(a.id), &ts, &bodies, &rs)
        .await?
        .remove(&a.id)
        .unwrap_or_default();
    let Some(metrics) = points.pop() else {
        return Ok(None);
    };
    let days = rs.iter().filter(|r| r.in_window(t)).filter_map(|r| {
        r.clock
            .at(t)
            .first_answer
            .map(|f| (f - r.clock.submitted_at).num_milliseconds() as f64 / 86_400_000.0)
    });
    let days_to_answer = histogram(days);
    let mut body_names: Vec<(String, String)> = bodies
        .values()
        .filter(|b| metrics.by_body.contains_key(&b.key))
        .map(|b| (b.key.clone(), b.name.clone()))
        .collect();
    body_names.sort();
    let holidays = entity::authority_holiday::Entity::find()
        .filter(entity::authority_holiday::Column::AuthorityId.eq(a.id))
        .order_by_asc(entity::authority_holiday::Column::Day)
        .all(db)
        .await?
        .into_iter()
        .map(|h| h.day.to_string())
        .collect();
    Ok(Some(AuthorityDashboard {
        name: a.name.clone(),
        acronym: a.acronym.clone(),
        response_days: a.response_days,
        day_kind: a
            .day_kind
            .parse()
            .unwrap_or(crate::domain::enums::DayKind::Calendar),
        holidays,
        as_of_date: t.date_naive().to_string(),
        window_from: window_from(t),
        body_names,
        days_to_answer,
        overdue: overdue_rows(db, overdue_among(&rs, t), &bodies, t).await?,
        metrics,
        trend: points,
    }))
}

/// Every authority with its rule and answer figures at T, by key.
#[tracing::instrument(skip(db))]
pub async fn authority_list<C: Db>(
    db: &C,
    t: DateTime<Utc>,
) -> Result<AuthorityList, ServiceError> {
    let figures: HashMap<String, AuthorityMetrics> = super::all_authorities(db, t)
        .await?
        .into_iter()
        .map(|m| (m.authority.clone(), m))
        .collect();
    let mut rows: Vec<AuthorityRow> = clock::authorities(db)
        .await?
        .into_values()
        .filter_map(|(a, holidays)| {
            let metrics = figures.get(&a.key)?.clone();
            Some(AuthorityRow {
                level: a
                    .level
                    .parse()
                    .unwrap_or(crate::domain::enums::AuthorityLevel::Federal),
                day_kind: a
                    .day_kind
                    .parse()
                    .unwrap_or(crate::domain::enums::DayKind::Calendar),
                holidays: holidays.len() as u32,
                response_days: a.response_days,
                key: a.key,
                name: a.name,
                acronym: a.acronym,
                metrics,
            })
        })
        .collect();
    rows.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(AuthorityList {
        as_of_date: t.date_naive().to_string(),
        window_from: window_from(t),
        rows,
    })
}
