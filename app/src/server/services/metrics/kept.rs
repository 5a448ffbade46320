//! Slow figures kept in the database (`figures_kept`, migration 21), so a
//! process that starts serves them at once instead of making its first
//! readers wait for the national computation (see `cache`). Each is stored
//! with the `data_version` it was computed from: served as exact when that
//! is still the database's, and otherwise only as figures from before a
//! write, while they are computed again.
use super::referrals::statement;
use crate::server::error::ServiceError;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, Value};
use std::time::Duration;

/// Figures as they were kept.
pub struct Kept {
    pub version: i64,
    pub cost: Duration,
    pub computed_at: DateTime<Utc>,
    pub json: String,
}

/// The figures kept under `key`, if any.
#[tracing::instrument(skip(db))]
pub async fn read(db: &DatabaseConnection, key: &str) -> Result<Option<Kept>, ServiceError> {
    let backend = db.get_database_backend();
    let sql = "SELECT version, cost_ms, computed_at, value FROM figures_kept WHERE key = ?";
    let row = db
        .query_one_raw(statement(backend, sql, vec![key.into()]))
        .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(Kept {
        version: row.try_get_by_index(0)?,
        cost: Duration::from_millis(row.try_get_by_index::<i64>(1)?.max(0) as u64),
        computed_at: row.try_get_by_index(2)?,
        json: row.try_get_by_index(3)?,
    }))
}

/// Keeps `kept` under `key`, in place of what was there unless that was
/// computed from later data (two instances computing at once).
#[tracing::instrument(skip(db, kept), fields(bytes = kept.json.len()))]
pub async fn write(db: &DatabaseConnection, key: &str, kept: Kept) -> Result<(), ServiceError> {
    let backend = db.get_database_backend();
    let sql = "INSERT INTO figures_kept (key, version, cost_ms, computed_at, value) \
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET version = excluded.version, \
         cost_ms = excluded.cost_ms, computed_at = excluded.computed_at, value = excluded.value \
         WHERE figures_kept.version <= excluded.version";
    let values: Vec<Value> = vec![
        key.into(),
        kept.version.into(),
        i64::try_from(kept.cost.as_millis())
            .unwrap_or(i64::MAX)
            .into(),
        kept.computed_at.into(),
        kept.json.into(),
    ];
    db.execute_raw(statement(backend, sql, values)).await?;
    Ok(())
}
