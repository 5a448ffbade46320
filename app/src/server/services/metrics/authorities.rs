//! Per-authority figures (metrics.md, "Per authority"): the answer figures
//! over the referrals addressed to it from every public body, and the same
//! broken down per body.
use super::bodies::public_bodies;
use super::facts;
use super::referrals::{self, statement, Db, Scope};
use crate::domain::metrics::answers::{median_days, AnswerFigures, Counts, Tally};
use crate::domain::metrics::instants::format_as_of;
use crate::domain::metrics::report::{AuthorityMetrics, AuthorityScores};
use crate::server::error::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::{authority, body};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The figures of the authorities (`only` one, or all) at each of `ts`,
/// by authority id: from `referral_facts` at the instants after every
/// change in scope, from the clocks at the others.
#[tracing::instrument(skip(db))]
pub async fn at<C: Db>(
    db: &C,
    only: Option<i64>,
    ts: &[DateTime<Utc>],
) -> Result<HashMap<i64, Vec<AuthorityMetrics>>, ServiceError> {
    if ts.is_empty() {
        return Ok(HashMap::new());
    }
    let bodies = public_bodies(db, None).await?;
    let scope = only.map_or(Scope::All, Scope::Authority);
    let (by_facts, slow) = facts::split(db, scope, ts).await?;
    let mut from_clocks = HashMap::new();
    if let (Some(t_min), Some(t_max)) = (slow.iter().min(), slow.iter().max()) {
        let rs = referrals::load(db, scope, *t_min, *t_max, &bodies).await?;
        from_clocks = at_with(db, only, &slow, &bodies, &rs).await?;
    }
    let mut from_clocks: HashMap<i64, std::vec::IntoIter<AuthorityMetrics>> = from_clocks
        .into_iter()
        .map(|(id, v)| (id, v.into_iter()))
        .collect();
    let authorities = authorities(db, only).await?;
    let mut out: HashMap<i64, Vec<AuthorityMetrics>> = authorities
        .iter()
        .map(|a| (a.id, Vec::with_capacity(ts.len())))
        .collect();
    for (t, fast) in ts.iter().zip(by_facts) {
        if fast {
            let mut points = from_facts(db, only, *t, &bodies, &authorities).await?;
            for (id, v) in out.iter_mut() {
                v.extend(points.remove(id));
            }
        } else {
            for (id, v) in out.iter_mut() {
                v.extend(from_clocks.get_mut(id).and_then(Iterator::next));
            }
        }
    }
    Ok(out)
}

fn metrics(
    a: &authority::Model,
    t: DateTime<Utc>,
    answers: AnswerFigures,
    by_body: BTreeMap<String, AnswerFigures>,
) -> AuthorityMetrics {
    AuthorityMetrics {
        authority: a.key.clone(),
        as_of: format_as_of(t),
        scores: AuthorityScores {
            responsiveness_score: answers.responsiveness_score(),
        },
        low_sample: answers.low_sample(),
        answers,
        by_body,
    }
}

async fn authorities<C: Db>(
    db: &C,
    only: Option<i64>,
) -> Result<Vec<authority::Model>, ServiceError> {
    let mut q = authority::Entity::find();
    if let Some(id) = only {
        q = q.filter(authority::Column::Id.eq(id));
    }
    Ok(q.all(db).await?)
}

/// (authority, public body) pairs with a referral submitted at or before
/// `upto` whose demand was not withdrawn by `withdrawn_after`: one index
/// probe per pair.
async fn referring<C: Db>(
    db: &C,
    only: Option<i64>,
    upto: DateTime<Utc>,
    withdrawn_after: DateTime<Utc>,
) -> Result<Vec<(i64, i64)>, ServiceError> {
    pairs_where(
        db,
        only,
        "SELECT 1 FROM referrals r JOIN demands d ON d.id = r.demand_id \
         WHERE r.authority_id = a.id AND r.body_id = b.id AND r.submitted_at <= ? \
         AND (d.withdrawn_at IS NULL OR d.withdrawn_at > ?)",
        upto,
        withdrawn_after,
    )
    .await
}

/// As `referring` at `t` (`upto` = `withdrawn_after` = `t`), from
/// `referral_facts`, which `from_groups`' callers have brought up to date:
/// each pair's probe reads the facts' own index by (authority, body) and
/// stops at its first row, where `referring` joins the referrals to their
/// demands (28 ms instead of 99 ms at a million referrals, `sqlite3` shell).
async fn referring_from_facts<C: Db>(
    db: &C,
    only: Option<i64>,
    t: DateTime<Utc>,
) -> Result<Vec<(i64, i64)>, ServiceError> {
    pairs_where(
        db,
        only,
        "SELECT 1 FROM referral_facts f \
         WHERE f.authority_id = a.id AND f.body_id = b.id AND f.submitted_at <= ? \
         AND (f.withdrawn_at IS NULL OR f.withdrawn_at > ?)",
        t,
        t,
    )
    .await
}

/// The (authority `a`, public body `b`) pairs for which `exists` (with
/// its two instants) finds a row.
async fn pairs_where<C: Db>(
    db: &C,
    only: Option<i64>,
    exists: &str,
    upto: DateTime<Utc>,
    withdrawn_after: DateTime<Utc>,
) -> Result<Vec<(i64, i64)>, ServiceError> {
    let backend = ConnectionTrait::get_database_backend(db);
    let mut sql =
        String::from("SELECT a.id, b.id FROM authorities a CROSS JOIN bodies b WHERE b.public = ?");
    let mut values = vec![true.into()];
    if let Some(id) = only {
        sql.push_str(" AND a.id = ?");
        values.push(id.into());
    }
    sql.push_str(&format!(" AND EXISTS ({exists})"));
    values.extend([upto.into(), withdrawn_after.into()]);
    let mut out = Vec::new();
    for row in db.query_all_raw(statement(backend, &sql, values)).await? {
        out.push((row.try_get_by_index(0)?, row.try_get_by_index(1)?));
    }
    Ok(out)
}

/// The figures of `authorities` at `t` (one `facts::answer_at`) from
/// `referral_facts`.
async fn from_facts<C: Db>(
    db: &C,
    only: Option<i64>,
    t: DateTime<Utc>,
    bodies: &HashMap<i64, body::Model>,
    authorities: &[authority::Model],
) -> Result<HashMap<i64, AuthorityMetrics>, ServiceError> {
    let scope = only.map_or(Scope::All, Scope::Authority);
    let groups = facts::groups(db, scope, t, facts::Per::AuthorityBody).await?;
    from_groups(db, only, t, bodies, authorities, groups).await
}

/// Every authority's figures at `t` from the (authority, body) groups of
/// `facts::groups` over every public body (the national overview reads
/// them once for the bodies and the authorities).
pub async fn all_from_groups<C: Db>(
    db: &C,
    t: DateTime<Utc>,
    bodies: &HashMap<i64, body::Model>,
    groups: HashMap<(i64, i64), facts::Group>,
) -> Result<Vec<AuthorityMetrics>, ServiceError> {
    let authorities = authorities(db, None).await?;
    Ok(from_groups(db, None, t, bodies, &authorities, groups)
        .await?
        .into_values()
        .collect())
}

async fn from_groups<C: Db>(
    db: &C,
    only: Option<i64>,
    t: DateTime<Utc>,
    bodies: &HashMap<i64, body::Model>,
    authorities: &[authority::Model],
    mut groups: HashMap<(i64, i64), facts::Group>,
) -> Result<HashMap<i64, AuthorityMetrics>, ServiceError> {
    // `by_body` lists every body that referred a demand by t.
    let mut pairs: BTreeSet<(i64, i64)> = referring_from_facts(db, only, t)
        .await?
        .into_iter()
        .collect();
    pairs.extend(groups.keys().copied());
    let mut out = HashMap::new();
    for a in authorities {
        let mut total = Counts::default();
        let mut answer_ms = Vec::new();
        let mut by_body = BTreeMap::new();
        for (_, b) in pairs.range((a.id, i64::MIN)..=(a.id, i64::MAX)) {
            let Some(body) = bodies.get(b) else {
                continue;
            };
            let g = groups.remove(&(a.id, *b)).unwrap_or_default();
            total.add(&g.counts);
            answer_ms.extend_from_slice(&g.answer_ms);
            by_body.insert(body.key.clone(), g.counts.figures(median_days(g.answer_ms)));
        }
        let answers = total.figures(median_days(answer_ms));
        out.insert(a.id, metrics(a, t, answers, by_body));
    }
    Ok(out)
}

/// As `at`, with `referrals` already read (`referrals::load` over the
/// public `bodies`, covering `ts` and at least `only`'s referrals).
pub async fn at_with<C: Db>(
    db: &C,
    only: Option<i64>,
    ts: &[DateTime<Utc>],
    bodies: &HashMap<i64, body::Model>,
    referrals: &[referrals::Clocked],
) -> Result<HashMap<i64, Vec<AuthorityMetrics>>, ServiceError> {
    let Some(t_min) = ts.iter().min().copied() else {
        return Ok(HashMap::new());
    };
    let authorities = authorities(db, only).await?;

    // When each body first referred a demand (not withdrawn by t_min) to
    // each authority: `by_body` lists a body from then on. The window's
    // referrals are all in `referrals`; of older ones only whether one
    // exists matters (before the window is before every instant asked),
    // which one index probe per authority and body answers.
    let lower = t_min - Duration::days(365);
    let mut first: HashMap<i64, HashMap<i64, DateTime<Utc>>> = HashMap::new();
    for r in referrals {
        let at = first
            .entry(r.authority_id)
            .or_default()
            .entry(r.body_id)
            .or_insert(r.clock.submitted_at);
        *at = (*at).min(r.clock.submitted_at);
    }
    for (authority_id, body_id) in referring(db, only, lower, t_min).await? {
        let at = first
            .entry(authority_id)
            .or_default()
            .entry(body_id)
            .or_insert(lower);
        *at = (*at).min(lower);
    }

    let mut mine: HashMap<i64, Vec<&referrals::Clocked>> = HashMap::new();
    for r in referrals {
        mine.entry(r.authority_id).or_default().push(r);
    }
    let mut out = HashMap::new();
    for a in &authorities {
        let rs = mine.get(&a.id).map(Vec::as_slice).unwrap_or(&[]);
        let starts = first.get(&a.id);
        let points = ts
            .iter()
            .map(|t| {
                let t = *t;
                let mut total = Tally::default();
                let mut per_body: HashMap<i64, Tally> = starts
                    .into_iter()
                    .flatten()
                    .filter(|(_, at)| **at <= t)
                    .map(|(b, _)| (*b, Tally::default()))
                    .collect();
                for r in rs.iter().filter(|r| r.exists_at(t)) {
                    let s = r.clock.at(t);
                    let body = per_body.entry(r.body_id).or_default();
                    if r.in_window(t) {
                        total.add_in_window(r.clock.submitted_at, &s);
                        body.add_in_window(r.clock.submitted_at, &s);
                    }
                    total.add_open(&s);
                    body.add_open(&s);
                }
                let answers = total.finish();
                let by_body: BTreeMap<String, _> = per_body
                    .into_iter()
                    .filter_map(|(id, tally)| {
                        bodies.get(&id).map(|b| (b.key.clone(), tally.finish()))
                    })
                    .collect();
                metrics(a, t, answers, by_body)
            })
            .collect();
        out.insert(a.id, points);
    }
    Ok(out)
}
