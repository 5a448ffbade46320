//! `/comparar`: each compared council's or authority's figures at one T
//! and at the ends of the last eight quarters, read exactly as their
//! dashboards read them (`metrics::body_at`, `metrics::authority_at`), so
//! that every figure equals the one on its own page at the same `as_of`.
use super::metrics::dashboards::{trend_instants, window_from};
use super::metrics::referrals::Db;
use crate::domain::compare::{
    authority_figures, authority_trend_value, body_figures, body_trend_value, CompareKind,
    CompareQuery, Compared, Comparison,
};
use crate::domain::metrics::instants::format_as_of;
use crate::server::error::ServiceError;
use crate::server::services::demands::choices;
use chrono::{DateTime, Utc};
use entity::{authority, body};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The comparison `q` asks for, at `t`. Councils that are not public and
/// keys nobody has are listed in `unknown`, never shown.
#[tracing::instrument(skip(db))]
pub async fn compare<C: Db>(
    db: &C,
    q: &CompareQuery,
    t: DateTime<Utc>,
) -> Result<Comparison, ServiceError> {
    let mut ts = trend_instants(t);
    let trend_ends = ts.iter().map(|e| format_as_of(*e)).collect();
    ts.push(t);
    let trend_id = q.trend_id();
    let picks: Vec<(String, String)> = match q.kind {
        CompareKind::Bodies => body::Entity::find()
            .filter(body::Column::Public.eq(true))
            .all(db)
            .await?
            .into_iter()
            .map(|b| (b.key, b.name))
            .collect(),
        CompareKind::Authorities => authority::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.key, a.name))
            .collect(),
    };
    let choices = choices(picks.iter().map(|(k, n)| (k, n)));
    let mut found = Found {
        choices: &choices,
        compared: Vec::new(),
        unknown: Vec::new(),
    };
    let figures = match q.kind {
        CompareKind::Bodies => {
            let mut at_t = Vec::new();
            for k in q.wanted() {
                let points = super::metrics::body_at(db, &k, &ts).await?;
                at_t.extend(
                    found.add(k, points, |p| (body_trend_value(p, trend_id), p.low_sample)),
                );
            }
            body_figures(&at_t)
        }
        CompareKind::Authorities => {
            let mut at_t = Vec::new();
            for k in q.wanted() {
                let points = super::metrics::authority_at(db, &k, &ts).await?;
                at_t.extend(found.add(k, points, |p| {
                    (authority_trend_value(p, trend_id), p.low_sample)
                }));
            }
            authority_figures(&at_t)
        }
    };
    let Found {
        compared, unknown, ..
    } = found;
    Ok(Comparison {
        kind: q.kind,
        as_of: format_as_of(t),
        as_of_date: t.date_naive().to_string(),
        window_from: window_from(t),
        compared,
        figures,
        trend_id: trend_id.to_string(),
        trend_ends,
        choices,
        unknown,
    })
}

/// The keys `q` asks for split into those that may be compared (public
/// councils, or authorities) and the rest, each in the order asked. The
/// page caches one comparison per set of keys: only known keys make a
/// set, so made-up keys cannot fill the figures cache.
pub async fn known<C: Db>(
    db: &C,
    q: &CompareQuery,
) -> Result<(Vec<String>, Vec<String>), ServiceError> {
    let wanted = q.wanted();
    let found: Vec<String> = match q.kind {
        CompareKind::Bodies => body::Entity::find()
            .filter(body::Column::Public.eq(true))
            .filter(body::Column::Key.is_in(wanted.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|b| b.key)
            .collect(),
        CompareKind::Authorities => authority::Entity::find()
            .filter(authority::Column::Key.is_in(wanted.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|a| a.key)
            .collect(),
    };
    Ok(wanted.into_iter().partition(|k| found.contains(k)))
}

/// What was found of the keys asked, in their order.
struct Found<'a> {
    choices: &'a [(String, String)],
    compared: Vec<Compared>,
    unknown: Vec<String>,
}

impl Found<'_> {
    /// One key's figures at each trend end then at T (`None`: nobody by
    /// that key may be shown); gives back the figures at T. `read` tells
    /// a point's trend value and whether it rests on few cases.
    fn add<M>(
        &mut self,
        key: String,
        points: Option<Vec<M>>,
        read: impl Fn(&M) -> (Option<f64>, bool),
    ) -> Option<M> {
        let name = self
            .choices
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, n)| n.clone());
        let (Some(name), Some(mut points)) = (name, points) else {
            self.unknown.push(key);
            return None;
        };
        let Some(at_t) = points.pop() else {
            self.unknown.push(key);
            return None;
        };
        self.compared.push(Compared {
            key,
            name,
            low_sample: read(&at_t).1,
            trend: points.iter().map(|p| read(p).0).collect(),
        });
        Some(at_t)
    }
}
