//! The referrals a set of figures needs, read with one query per table
//! (joins and `NOT EXISTS`, no `IN` lists), each with its clock:
//! - every referral of a demand submitted in (T_min − 365 days, T_max], the
//!   windows of all the instants asked;
//! - older ones only while unanswered at T_min, the only ones that can
//!   still be overdue at an instant ≥ T_min (`overdue_open`).
//!
//! Only public bodies count; a demand withdrawn at or before T is left out
//! of the figures at T (it was not before).
use crate::domain::clock::Referral;
use crate::domain::enums::{EventKind, Verdict};
use crate::server::error::ServiceError;
use crate::server::services::demands::clock::{self, authorities};
use chrono::{DateTime, Duration, Utc};
use entity::body;
use futures_util::StreamExt;
use sea_orm::{
    ConnectionTrait, DbBackend, QueryResult, Statement, StreamTrait, TransactionTrait, Value,
};
use std::collections::HashMap;

/// A connection the figures can read from: rows are streamed, not
/// collected, so a national computation holds each referral's compact
/// clock rather than every row the database sent (GBs at a million
/// referrals); and a transaction can begin on it (to bring
/// `referral_facts` up to date).
pub trait Db: ConnectionTrait + StreamTrait + TransactionTrait {}
impl<T: ConnectionTrait + StreamTrait + TransactionTrait> Db for T {}

/// Feeds each row of `stmt` to `f` as it arrives.
pub(crate) async fn each_row<C: Db>(
    db: &C,
    stmt: Statement,
    mut f: impl FnMut(QueryResult) -> Result<(), ServiceError>,
) -> Result<(), ServiceError> {
    let rows = db.stream_raw(stmt).await?;
    let mut rows = std::pin::pin!(rows);
    while let Some(row) = rows.next().await {
        f(row?)?;
    }
    Ok(())
}

/// Which referrals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Body(i64),
    Authority(i64),
    All,
}

/// A referral with its clock.
#[derive(Debug, Clone)]
pub struct Clocked {
    pub referral_id: i64,
    pub demand_id: i64,
    pub body_id: i64,
    pub authority_id: i64,
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// The base deadline was recorded (`due_at`), not computed from the
    /// rules in force now.
    pub due_recorded: bool,
    pub clock: Referral,
}

impl Clocked {
    /// Counts at `t`: submitted at or before it and not withdrawn by then.
    pub fn exists_at(&self, t: DateTime<Utc>) -> bool {
        self.clock.submitted_at <= t && self.withdrawn_at.is_none_or(|w| w > t)
    }

    /// One of R at `t`: submitted in (t − 365 days, t].
    pub fn in_window(&self, t: DateTime<Utc>) -> bool {
        self.exists_at(t) && self.clock.submitted_at > t - Duration::days(365)
    }
}

/// `?` placeholders become `$1, $2, …` on PostgreSQL.
pub(crate) fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    Statement::from_sql_and_values(backend, numbered(backend, sql), values)
}

/// `sql` with its `?` placeholders as `backend` numbers them (`$1`, `$2`…
/// on PostgreSQL, which is also what sea-query's custom expressions take
/// there).
pub(crate) fn numbered(backend: DbBackend, sql: &str) -> String {
    match backend {
        DbBackend::Postgres => {
            let mut out = String::with_capacity(sql.len() + 16);
            let mut n = 0;
            for c in sql.chars() {
                if c == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(c);
                }
            }
            out
        }
        _ => sql.to_string(),
    }
}

/// From a referral `r` to its demand `d` and body `b`.
pub(crate) const JOINS: &str =
    "JOIN demands d ON d.id = r.demand_id JOIN bodies b ON b.id = d.body_id";

/// `sel`: the referrals the figures at instants in [t_min, t_max] need, as
/// a common table expression, and its values. Three disjoint parts, each
/// read through an index (migration 5), so that the cost follows the
/// window, not the whole history:
/// - submitted in (t_min − 365 days, t_max];
/// - submitted before, never answered;
/// - submitted before, first answered after t_min.
///
/// A body's are found through its demands (`demands(body_id,
/// submitted_at)`), an authority's and all through `referrals`' own copy
/// of `submitted_at` and `answered_at`.
fn selection(scope: Scope, t_min: DateTime<Utc>, t_max: DateTime<Utc>) -> (String, Vec<Value>) {
    let lower = t_min - Duration::days(365);
    let (scope_sql, scope_value, submitted): (&str, Option<Value>, &str) = match scope {
        Scope::Body(id) => (" AND d.body_id = ?", Some(id.into()), "d.submitted_at"),
        Scope::Authority(id) => (" AND r.authority_id = ?", Some(id.into()), "r.submitted_at"),
        Scope::All => ("", None, "r.submitted_at"),
    };
    let part = |condition: &str| {
        format!(
            "SELECT r.id, r.authority_id, r.due_at, d.body_id, d.submitted_at, \
             d.withdrawn_at, d.id AS demand_id FROM referrals r {JOINS} \
             WHERE b.public = ? AND (d.withdrawn_at IS NULL OR d.withdrawn_at > ?){scope_sql} \
             AND {condition}"
        )
    };
    // Which index reads the two older parts: an authority's (or all)
    // through `answered_at` — few are unanswered, many are older — so the
    // date is wrapped (same value: the copy is always set); a body's
    // through its demands, so there the answer test is wrapped instead.
    // SQLite's planner otherwise picks the other index.
    let (older, unanswered, answered_after) = match scope {
        Scope::Body(_) => (
            submitted.to_string(),
            "CASE WHEN r.answered_at IS NULL THEN 1 ELSE 0 END = 1",
            "CASE WHEN r.answered_at > ? THEN 1 ELSE 0 END = 1",
        ),
        _ => (
            format!("COALESCE({submitted}, d.submitted_at)"),
            "r.answered_at IS NULL",
            "r.answered_at > ?",
        ),
    };
    let sql = format!(
        "WITH sel AS ({} UNION ALL {} UNION ALL {})",
        part(&format!("{submitted} > ? AND {submitted} <= ?")),
        part(&format!("{older} <= ? AND {unanswered}")),
        part(&format!("{older} <= ? AND {answered_after}")),
    );
    let common = |values: &mut Vec<Value>| {
        values.push(true.into());
        values.push(t_min.into());
        if let Some(v) = &scope_value {
            values.push(v.clone());
        }
    };
    let mut values: Vec<Value> = Vec::new();
    common(&mut values);
    values.extend([lower.into(), t_max.into()]);
    common(&mut values);
    values.push(lower.into());
    common(&mut values);
    values.extend([lower.into(), t_min.into()]);
    (sql, values)
}

/// Rows of `(referral id, instant, value)` gathered per referral in the
/// rows' order; a value this build does not know is passed over.
async fn dated_by_referral<C: Db, T: std::str::FromStr>(
    db: &C,
    stmt: Statement,
) -> Result<HashMap<i64, Vec<(DateTime<Utc>, T)>>, ServiceError> {
    let mut out: HashMap<i64, Vec<(DateTime<Utc>, T)>> = HashMap::new();
    each_row(db, stmt, |row| {
        let id: i64 = row.try_get_by_index(0)?;
        let at: DateTime<Utc> = row.try_get_by_index(1)?;
        let value: String = row.try_get_by_index(2)?;
        if let Ok(v) = value.parse() {
            out.entry(id).or_default().push((at, v));
        }
        Ok(())
    })
    .await?;
    Ok(out)
}

/// The referrals of `scope` needed for figures at instants in
/// [t_min, t_max], with events and verdicts up to t_max, in referral order.
#[tracing::instrument(skip(db, bodies))]
pub async fn load<C: Db>(
    db: &C,
    scope: Scope,
    t_min: DateTime<Utc>,
    t_max: DateTime<Utc>,
    bodies: &HashMap<i64, body::Model>,
) -> Result<Vec<Clocked>, ServiceError> {
    let (selection, values) = selection(scope, t_min, t_max);
    load_selected(db, &selection, values, t_max, bodies).await
}

/// The referrals `ids` with their events and verdicts up to `t`, in
/// referral order (a page of a list, found by `facts::list_page`).
pub async fn load_ids<C: Db>(
    db: &C,
    ids: &[i64],
    t: DateTime<Utc>,
    bodies: &HashMap<i64, body::Model>,
) -> Result<Vec<Clocked>, ServiceError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let selection = format!(
        "WITH sel AS (SELECT r.id, r.authority_id, r.due_at, d.body_id, d.submitted_at, \
         d.withdrawn_at, d.id AS demand_id FROM referrals r {JOINS} WHERE r.id IN ({}))",
        vec!["?"; ids.len()].join(", ")
    );
    let values = ids.iter().map(|id| (*id).into()).collect();
    load_selected(db, &selection, values, t, bodies).await
}

/// The referrals `selection` (a `WITH sel AS (…)` and its values) picks,
/// with events and verdicts up to `t_max`, in referral order.
async fn load_selected<C: Db>(
    db: &C,
    selection: &str,
    values: Vec<Value>,
    t_max: DateTime<Utc>,
    bodies: &HashMap<i64, body::Model>,
) -> Result<Vec<Clocked>, ServiceError> {
    let backend = ConnectionTrait::get_database_backend(db);
    let authorities = authorities(db).await?;

    // Events and verdicts up to t_max of the selected referrals, in each
    // referral's list order.
    let history = |columns: &str, table: &str| {
        let sql = format!(
            "{selection} SELECT {columns} FROM {table} e JOIN sel ON sel.id = e.referral_id \
             WHERE e.at <= ? ORDER BY e.referral_id, e.seq"
        );
        let mut v = values.clone();
        v.push(t_max.into());
        statement(backend, &sql, v)
    };
    let mut events: HashMap<i64, Vec<(DateTime<Utc>, EventKind)>> = dated_by_referral(
        db,
        history("e.referral_id, e.at, e.kind", "referral_events"),
    )
    .await?;
    let mut verdicts: HashMap<i64, Vec<(DateTime<Utc>, Verdict)>> =
        dated_by_referral(db, history("e.referral_id, e.at, e.verdict", "assessments")).await?;

    // Sorted here: an ORDER BY over the union lets SQLite's planner trade
    // the parts' indexes for the row order.
    let sql = format!(
        "{selection} SELECT id, authority_id, due_at, body_id, submitted_at, withdrawn_at, \
         demand_id FROM sel"
    );
    let mut out = Vec::new();
    each_row(db, statement(backend, &sql, values), |row| {
        let id: i64 = row.try_get_by_index(0)?;
        let authority_id: i64 = row.try_get_by_index(1)?;
        let due_at: Option<DateTime<Utc>> = row.try_get_by_index(2)?;
        let body_id: i64 = row.try_get_by_index(3)?;
        let submitted_at: DateTime<Utc> = row.try_get_by_index(4)?;
        let withdrawn_at: Option<DateTime<Utc>> = row.try_get_by_index(5)?;
        let demand_id: i64 = row.try_get_by_index(6)?;
        let Some(b) = bodies.get(&body_id) else {
            return Ok(());
        };
        let base = clock::base_deadline(b, &authorities, authority_id, submitted_at, due_at);
        let mut events = events.remove(&id).unwrap_or_default();
        events.shrink_to_fit();
        out.push(Clocked {
            referral_id: id,
            demand_id,
            body_id,
            authority_id,
            withdrawn_at,
            due_recorded: due_at.is_some(),
            clock: Referral {
                submitted_at,
                base_deadline: base,
                events,
                verdicts: verdicts.remove(&id).unwrap_or_default(),
            },
        });
        Ok(())
    })
    .await?;
    out.sort_by_key(|c| c.referral_id);
    Ok(out)
}
