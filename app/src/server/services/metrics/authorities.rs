//! Per-authority figures (metrics.md, "Per authority"): the answer figures
//! over the referrals addressed to it from every public body, and the same
//! broken down per body.
use super::bodies::public_bodies;
use super::referrals::{self, statement, Db, Scope};
use crate::domain::metrics::answers::Tally;
use crate::domain::metrics::instants::format_as_of;
use crate::domain::metrics::report::{AuthorityMetrics, AuthorityScores};
use crate::server::error::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::{authority, body};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, HashMap};

/// The figures of the authorities (`only` one, or all) at each of `ts`,
/// by authority id.
#[tracing::instrument(skip(db))]
pub async fn at<C: Db>(
    db: &C,
    only: Option<i64>,
    ts: &[DateTime<Utc>],
) -> Result<HashMap<i64, Vec<AuthorityMetrics>>, ServiceError> {
    let (Some(t_min), Some(t_max)) = (ts.iter().min().copied(), ts.iter().max().copied()) else {
        return Ok(HashMap::new());
    };
    let bodies = public_bodies(db, None).await?;
    let scope = only.map_or(Scope::All, Scope::Authority);
    let referrals = referrals::load(db, scope, t_min, t_max, &bodies).await?;
    at_with(db, only, ts, &bodies, &referrals).await
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
    let mut q = authority::Entity::find();
    if let Some(id) = only {
        q = q.filter(authority::Column::Id.eq(id));
    }
    let authorities = q.all(db).await?;

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
    let backend = ConnectionTrait::get_database_backend(db);
    let mut sql =
        String::from("SELECT a.id, b.id FROM authorities a CROSS JOIN bodies b WHERE b.public = ?");
    let mut values = vec![true.into()];
    if let Some(id) = only {
        sql.push_str(" AND a.id = ?");
        values.push(id.into());
    }
    sql.push_str(
        " AND EXISTS (SELECT 1 FROM referrals r JOIN demands d ON d.id = r.demand_id \
         WHERE r.authority_id = a.id AND r.body_id = b.id AND r.submitted_at <= ? \
         AND (d.withdrawn_at IS NULL OR d.withdrawn_at > ?))",
    );
    values.extend([lower.into(), t_min.into()]);
    for row in db.query_all_raw(statement(backend, &sql, values)).await? {
        let authority_id: i64 = row.try_get_by_index(0)?;
        let body_id: i64 = row.try_get_by_index(1)?;
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
            })
            .collect();
        out.insert(a.id, points);
    }
    Ok(out)
}
