//! The accountability figures of metrics.md, per body and per authority,
//! for any instant T, and their series. `referrals` reads what the answer
//! figures need; the formulas live in `domain::metrics`.
pub mod authorities;
pub mod background;
pub mod bodies;
pub mod cache;
pub mod dashboards;
pub mod facts;
pub mod kept;
pub mod referrals;

use crate::domain::metrics::instants::period_ends;
use crate::domain::metrics::report::{AuthorityMetrics, BodyMetrics, Series, Step};
use crate::server::error::ServiceError;
use chrono::{DateTime, NaiveDate, Utc};
use entity::{authority, body};
use referrals::Db;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

async fn public_body<C: Db>(db: &C, key: &str) -> Result<Option<body::Model>, ServiceError> {
    Ok(crate::server::services::bodies::find_public(db, key).await?)
}

pub(crate) async fn authority_by_key<C: Db>(
    db: &C,
    key: &str,
) -> Result<Option<authority::Model>, ServiceError> {
    Ok(authority::Entity::find()
        .filter(authority::Column::Key.eq(key))
        .one(db)
        .await?)
}

/// A public body's figures at each of `ts`; `None` for an unknown key.
pub async fn body_at<C: Db>(
    db: &C,
    key: &str,
    ts: &[DateTime<Utc>],
) -> Result<Option<Vec<BodyMetrics>>, ServiceError> {
    let Some(b) = public_body(db, key).await? else {
        return Ok(None);
    };
    Ok(Some(
        bodies::at(db, Some(b.id), ts)
            .await?
            .remove(&b.id)
            .unwrap_or_default(),
    ))
}

/// A public body's figures at T.
pub async fn body<C: Db>(
    db: &C,
    key: &str,
    t: DateTime<Utc>,
) -> Result<Option<BodyMetrics>, ServiceError> {
    Ok(body_at(db, key, &[t]).await?.and_then(|mut v| v.pop()))
}

/// Every public body's figures at T, in key order.
pub async fn all_bodies<C: Db>(db: &C, t: DateTime<Utc>) -> Result<Vec<BodyMetrics>, ServiceError> {
    let mut all: Vec<BodyMetrics> = bodies::at(db, None, &[t])
        .await?
        .into_values()
        .filter_map(|mut v| v.pop())
        .collect();
    all.sort_by(|a, b| a.body.cmp(&b.body));
    Ok(all)
}

/// An authority's figures at each of `ts`; `None` for an unknown key.
pub async fn authority_at<C: Db>(
    db: &C,
    key: &str,
    ts: &[DateTime<Utc>],
) -> Result<Option<Vec<AuthorityMetrics>>, ServiceError> {
    let Some(a) = authority_by_key(db, key).await? else {
        return Ok(None);
    };
    Ok(Some(
        authorities::at(db, Some(a.id), ts)
            .await?
            .remove(&a.id)
            .unwrap_or_default(),
    ))
}

/// An authority's figures at T.
pub async fn authority<C: Db>(
    db: &C,
    key: &str,
    t: DateTime<Utc>,
) -> Result<Option<AuthorityMetrics>, ServiceError> {
    Ok(authority_at(db, key, &[t]).await?.and_then(|mut v| v.pop()))
}

/// Every authority's figures at T, in key order.
pub async fn all_authorities<C: Db>(
    db: &C,
    t: DateTime<Utc>,
) -> Result<Vec<AuthorityMetrics>, ServiceError> {
    let mut all: Vec<AuthorityMetrics> = authorities::at(db, None, &[t])
        .await?
        .into_values()
        .filter_map(|mut v| v.pop())
        .collect();
    all.sort_by(|a, b| a.authority.cmp(&b.authority));
    Ok(all)
}

/// What a series asks: which periods.
#[derive(Debug, Clone, Copy)]
pub struct SeriesQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub step: Step,
}

impl SeriesQuery {
    fn ends(&self) -> Result<Vec<DateTime<Utc>>, ServiceError> {
        period_ends(self.from, self.to, self.step).ok_or_else(|| {
            ServiceError::Invalid(
                "to must not be before from, and a series has at most 120 points".into(),
            )
        })
    }

    fn wrap<T>(&self, points: Vec<T>) -> Series<T> {
        Series {
            from: self.from.to_string(),
            to: self.to.to_string(),
            step: self.step,
            points,
        }
    }
}

/// A public body's figures at the end of each period.
pub async fn body_series<C: Db>(
    db: &C,
    key: &str,
    q: SeriesQuery,
) -> Result<Option<Series<BodyMetrics>>, ServiceError> {
    let ends = q.ends()?;
    Ok(body_at(db, key, &ends).await?.map(|p| q.wrap(p)))
}

/// An authority's figures at the end of each period.
pub async fn authority_series<C: Db>(
    db: &C,
    key: &str,
    q: SeriesQuery,
) -> Result<Option<Series<AuthorityMetrics>>, ServiceError> {
    let ends = q.ends()?;
    Ok(authority_at(db, key, &ends).await?.map(|p| q.wrap(p)))
}
