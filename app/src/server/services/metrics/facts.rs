//! The figures from `referral_facts` (migration 6): each referral's clock
//! once its history is complete (`domain::clock::Facts`), kept in a table
//! so that the figures at an instant T after every change in scope are
//! aggregate queries — an authority with 300,000 referrals in milliseconds,
//! instead of clocking each one with its events.
//!
//! Triggers queue every referral whose clock inputs changed (whoever
//! changed them); `refresh` recomputes the queued ones before the figures
//! read. An instant before some referral's last change (the past points of
//! a series) is answered from the clocks instead (`referrals::load`).
use super::referrals::{statement, Db, Scope};
use crate::domain::clock::{status_code, Facts, Referral, STATUSES};
use crate::domain::enums::{EventKind, Verdict};
use crate::domain::metrics::answers::{millis_to_days, Counts};
use crate::domain::metrics::meetings::median;
use crate::server::error::ServiceError;
use crate::server::services::demands::clock::{authorities, base_deadline};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, TransactionSession, Value};
use std::collections::HashMap;

/// Referrals recomputed per transaction of `refresh`.
const BATCH: usize = 20_000;
/// Ids per `IN (…)` list.
const CHUNK: usize = 500;
/// Identifies the refresh's lock on PostgreSQL: two instances never
/// recompute at once (one could otherwise write facts older than the
/// other's).
const LOCK: i64 = 0x766f_6365_7366;

/// One referral's row of `referral_facts`.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub referral_id: i64,
    pub authority_id: i64,
    pub body_id: i64,
    pub submitted_at: DateTime<Utc>,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub facts: Facts,
}

impl Row {
    pub fn new(
        referral_id: i64,
        authority_id: i64,
        body_id: i64,
        withdrawn_at: Option<DateTime<Utc>>,
        clock: &Referral,
    ) -> Row {
        Row {
            referral_id,
            authority_id,
            body_id,
            submitted_at: clock.submitted_at,
            withdrawn_at,
            facts: Facts::of(clock),
        }
    }

    fn values(&self) -> [Value; 13] {
        let f = &self.facts;
        let answer_ms = f
            .first_answer
            .map(|a| (a - self.submitted_at).num_milliseconds());
        [
            self.referral_id.into(),
            self.authority_id.into(),
            self.body_id.into(),
            self.submitted_at.into(),
            self.withdrawn_at.into(),
            f.first_answer.into(),
            answer_ms.into(),
            i16::from(f.on_time).into(),
            status_code(f.status).into(),
            i16::from(f.paused).into(),
            f.effective_deadline.into(),
            i16::from(f.unsatisfied).into(),
            f.last_change_at.into(),
        ]
    }
}

const COLUMNS: &str = "referral_id, authority_id, body_id, submitted_at, withdrawn_at, \
     first_answer_at, answer_ms, on_time, status, paused, effective_deadline, unsatisfied, \
     last_change_at";

fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// Writes rows (batched under the databases' limits on bound values).
pub async fn insert<C: ConnectionTrait>(db: &C, rows: &[Row]) -> Result<(), DbErr> {
    let backend = ConnectionTrait::get_database_backend(db);
    let row = format!("({})", placeholders(13));
    for chunk in rows.chunks(30_000 / 13) {
        let sql = format!(
            "INSERT INTO referral_facts ({COLUMNS}) VALUES {}",
            vec![row.as_str(); chunk.len()].join(", ")
        );
        let values: Vec<Value> = chunk.iter().flat_map(Row::values).collect();
        db.execute_raw(statement(backend, &sql, values)).await?;
    }
    Ok(())
}

/// Marks the current transaction as a bulk load: its inserts of referrals,
/// events and verdicts queue nothing (it writes their facts itself). Other
/// transactions never see the mark; `end_bulk` removes it before commit.
pub async fn begin_bulk<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    db.execute_unprepared("INSERT INTO referral_facts_bulk (id) VALUES (1)")
        .await
        .map(|_| ())
}

pub async fn end_bulk<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    db.execute_unprepared("DELETE FROM referral_facts_bulk")
        .await
        .map(|_| ())
}

/// The events (or verdicts) of the referrals in `list` (placeholders for
/// `values`), in each one's list order; unknown kinds left out.
async fn thread<C: ConnectionTrait, K: std::str::FromStr>(
    db: &C,
    table: &str,
    column: &str,
    list: &str,
    values: &[Value],
) -> Result<HashMap<i64, Vec<(DateTime<Utc>, K)>>, ServiceError> {
    let sql = format!(
        "SELECT referral_id, at, {column} FROM {table} \
         WHERE referral_id IN ({list}) ORDER BY referral_id, seq"
    );
    let backend = db.get_database_backend();
    let mut out: HashMap<i64, Vec<(DateTime<Utc>, K)>> = HashMap::new();
    for row in db
        .query_all_raw(statement(backend, &sql, values.to_vec()))
        .await?
    {
        let kind: String = row.try_get_by_index(2)?;
        if let Ok(kind) = kind.parse() {
            out.entry(row.try_get_by_index(0)?)
                .or_default()
                .push((row.try_get_by_index(1)?, kind));
        }
    }
    Ok(out)
}

/// The rows of `ids` (those that still exist), from their clocks.
async fn compute<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<Row>, ServiceError> {
    let backend = ConnectionTrait::get_database_backend(db);
    let bodies = crate::server::services::demands::clock::bodies(db).await?;
    let authorities = authorities(db).await?;
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let values: Vec<Value> = chunk.iter().map(|id| (*id).into()).collect();
        let list = placeholders(chunk.len());
        let mut events: HashMap<i64, Vec<(DateTime<Utc>, EventKind)>> =
            thread(db, "referral_events", "kind", &list, &values).await?;
        let mut verdicts: HashMap<i64, Vec<(DateTime<Utc>, Verdict)>> =
            thread(db, "assessments", "verdict", &list, &values).await?;
        for row in db
            .query_all_raw(statement(
                backend,
                &format!(
                    "SELECT r.id, r.authority_id, r.due_at, d.body_id, d.submitted_at, \
                     d.withdrawn_at FROM referrals r JOIN demands d ON d.id = r.demand_id \
                     WHERE r.id IN ({list})"
                ),
                values,
            ))
            .await?
        {
            let id: i64 = row.try_get_by_index(0)?;
            let authority_id: i64 = row.try_get_by_index(1)?;
            let due_at: Option<DateTime<Utc>> = row.try_get_by_index(2)?;
            let body_id: i64 = row.try_get_by_index(3)?;
            let submitted_at: DateTime<Utc> = row.try_get_by_index(4)?;
            let withdrawn_at: Option<DateTime<Utc>> = row.try_get_by_index(5)?;
            let Some(b) = bodies.get(&body_id) else {
                continue;
            };
            let clock = Referral {
                submitted_at,
                base_deadline: base_deadline(b, &authorities, authority_id, submitted_at, due_at),
                events: events.remove(&id).unwrap_or_default(),
                verdicts: verdicts.remove(&id).unwrap_or_default(),
            };
            out.push(Row::new(id, authority_id, body_id, withdrawn_at, &clock));
        }
    }
    Ok(out)
}

/// Recomputes the facts of every queued referral. Cheap when nothing is
/// queued (one indexed read); after a change, the referrals it touched.
#[tracing::instrument(skip(db))]
pub async fn refresh<C: Db>(db: &C) -> Result<(), ServiceError> {
    let backend = ConnectionTrait::get_database_backend(db);
    let peek = Statement::from_string(backend, "SELECT id FROM referral_facts_dirty LIMIT 1");
    while db.query_one_raw(peek.clone()).await?.is_some() {
        let txn = crate::server::db::begin_write(db).await?;
        if backend == DbBackend::Postgres {
            txn.execute_raw(Statement::from_string(
                backend,
                format!("SELECT pg_advisory_xact_lock({LOCK})"),
            ))
            .await?;
        }
        let mut queued = Vec::new();
        for row in txn
            .query_all_raw(Statement::from_string(
                backend,
                format!(
                    "SELECT id, referral_id FROM referral_facts_dirty ORDER BY id LIMIT {BATCH}"
                ),
            ))
            .await?
        {
            let id: i64 = row.try_get_by_index(0)?;
            let referral_id: i64 = row.try_get_by_index(1)?;
            queued.push((id, referral_id));
        }
        let mut ids: Vec<i64> = queued.iter().map(|(_, r)| *r).collect();
        ids.sort_unstable();
        ids.dedup();
        let rows = compute(&txn, &ids).await?;
        for chunk in ids.chunks(CHUNK) {
            let values = chunk.iter().map(|id| (*id).into()).collect();
            txn.execute_raw(statement(
                backend,
                &format!(
                    "DELETE FROM referral_facts WHERE referral_id IN ({})",
                    placeholders(chunk.len())
                ),
                values,
            ))
            .await?;
        }
        insert(&txn, &rows).await?;
        // Exactly the entries read: one queued since (by a change this
        // computation may not have seen) stays for the next refresh.
        for chunk in queued.chunks(CHUNK) {
            let values = chunk.iter().map(|(id, _)| (*id).into()).collect();
            txn.execute_raw(statement(
                backend,
                &format!(
                    "DELETE FROM referral_facts_dirty WHERE id IN ({})",
                    placeholders(chunk.len())
                ),
                values,
            ))
            .await?;
        }
        txn.commit().await?;
        tracing::debug!(referrals = ids.len(), "referral facts recomputed");
    }
    Ok(())
}

/// `AND`-able condition and value of a scope over `referral_facts f`.
fn scope_sql(scope: Scope) -> (&'static str, Option<Value>) {
    match scope {
        Scope::Body(id) => (" AND f.body_id = ?", Some(id.into())),
        Scope::Authority(id) => (" AND f.authority_id = ?", Some(id.into())),
        Scope::All => ("", None),
    }
}

/// The latest change of any referral (`None` with none).
async fn latest_change<C: Db>(db: &C) -> Result<Option<DateTime<Utc>>, ServiceError> {
    let backend = ConnectionTrait::get_database_backend(db);
    Ok(db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT MAX(last_change_at) FROM referral_facts",
        ))
        .await?
        .map(|row| row.try_get_by_index::<Option<DateTime<Utc>>>(0))
        .transpose()?
        .flatten())
}

/// The facts answer for `scope` at `t`: no referral that exists by then
/// changed after it. Usually the latest change of all is before `t` (one
/// index probe); otherwise the referrals changed after `t` are looked at.
pub async fn answer_at<C: Db>(
    db: &C,
    scope: Scope,
    t: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let latest = latest_change(db).await?;
    answer_at_given(db, scope, t, latest).await
}

/// As `answer_at`, with the latest change of all already read.
async fn answer_at_given<C: Db>(
    db: &C,
    scope: Scope,
    t: DateTime<Utc>,
    latest: Option<DateTime<Utc>>,
) -> Result<bool, ServiceError> {
    if latest.is_none_or(|l| l <= t) {
        return Ok(true);
    }
    let backend = ConnectionTrait::get_database_backend(db);
    // An authority's through the changes after t (`+` keeps the planner
    // off the authority's whole history), a body's through its own.
    let (cond, value): (&str, Option<Value>) = match scope {
        Scope::Body(id) => (" AND f.body_id = ?", Some(id.into())),
        Scope::Authority(id) => (" AND +f.authority_id = ?", Some(id.into())),
        Scope::All => ("", None),
    };
    let mut values: Vec<Value> = Vec::new();
    values.extend(value);
    values.extend([t.into(), t.into()]);
    let sql = format!(
        "SELECT 1 FROM referral_facts f WHERE 1 = 1{cond} \
         AND f.last_change_at > ? AND f.submitted_at <= ? LIMIT 1"
    );
    Ok(db
        .query_one_raw(statement(backend, &sql, values))
        .await?
        .is_none())
}

/// Brings the facts up to date, then tells for each of `ts` whether they
/// answer there; also the instants where they do not (for the clocks).
pub async fn split<C: Db>(
    db: &C,
    scope: Scope,
    ts: &[DateTime<Utc>],
) -> Result<(Vec<bool>, Vec<DateTime<Utc>>), ServiceError> {
    refresh(db).await?;
    let latest = latest_change(db).await?;
    let mut by_facts = Vec::with_capacity(ts.len());
    let mut slow = Vec::new();
    for t in ts {
        let fast = answer_at_given(db, scope, *t, latest).await?;
        if !fast {
            slow.push(*t);
        }
        by_facts.push(fast);
    }
    Ok((by_facts, slow))
}

/// The referrals of public bodies in `scope` that exist at `t` (submitted
/// by then, not withdrawn), as a `FROM … WHERE` and its values.
fn existing(scope: Scope, t: DateTime<Utc>) -> (String, Vec<Value>) {
    let (cond, value) = scope_sql(scope);
    let mut values: Vec<Value> = vec![true.into()];
    values.extend(value);
    values.extend([t.into(), t.into()]);
    (
        format!(
            "FROM referral_facts f JOIN bodies b ON b.id = f.body_id \
             WHERE b.public = ?{cond} AND f.submitted_at <= ? \
             AND (f.withdrawn_at IS NULL OR f.withdrawn_at > ?)"
        ),
        values,
    )
}

fn count(row: &sea_orm::QueryResult, i: usize) -> Result<u32, DbErr> {
    let n: i64 = row.try_get_by_index(i)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The answer counts at `t` (one `answer_at`) per (authority, body).
pub async fn counts<C: Db>(
    db: &C,
    scope: Scope,
    t: DateTime<Utc>,
) -> Result<HashMap<(i64, i64), Counts>, ServiceError> {
    let backend = ConnectionTrait::get_database_backend(db);
    let answered = "f.first_answer_at IS NOT NULL";
    let statuses: String = STATUSES
        .iter()
        .map(|s| {
            format!(
                ", SUM(CASE WHEN f.status = {} THEN 1 ELSE 0 END)",
                status_code(*s)
            )
        })
        .collect();
    let (from, values) = existing(scope, t);
    let mut all: Vec<Value> = vec![t.into()];
    all.extend(values.clone());
    all.push((t - Duration::days(365)).into());
    let sql = format!(
        "SELECT f.authority_id, f.body_id, COUNT(*), \
         SUM(CASE WHEN {answered} OR (f.paused = 0 AND f.effective_deadline <= ?) THEN 1 ELSE 0 END), \
         SUM(CASE WHEN {answered} THEN 1 ELSE 0 END), \
         SUM(CASE WHEN f.on_time = 1 THEN 1 ELSE 0 END), \
         SUM(CASE WHEN {answered} AND f.status IN (2, 3, 5) THEN 1 ELSE 0 END), \
         SUM(CASE WHEN f.status = 5 AND f.unsatisfied = 1 THEN 1 ELSE 0 END){statuses} \
         {from} AND f.submitted_at > ? GROUP BY f.authority_id, f.body_id"
    );
    let mut out: HashMap<(i64, i64), Counts> = HashMap::new();
    for row in db.query_all_raw(statement(backend, &sql, all)).await? {
        let key = (row.try_get_by_index(0)?, row.try_get_by_index(1)?);
        let c = out.entry(key).or_default();
        c.referrals = count(&row, 2)?;
        c.considered = count(&row, 3)?;
        c.answered = count(&row, 4)?;
        c.on_time = count(&row, 5)?;
        c.accepted_like = count(&row, 6)?;
        c.contested = count(&row, 7)?;
        for (i, s) in STATUSES.iter().enumerate() {
            *c.status_counts.get_mut(*s) = count(&row, 8 + i)?;
        }
    }
    // Overdue among all the referrals that exist at t, through the index
    // of the unanswered ones.
    let mut all = values;
    all.push(t.into());
    let sql = format!(
        "SELECT f.authority_id, f.body_id, COUNT(*) {from} AND f.first_answer_at IS NULL \
         AND f.paused = 0 AND f.effective_deadline <= ? GROUP BY f.authority_id, f.body_id"
    );
    for row in db.query_all_raw(statement(backend, &sql, all)).await? {
        let key = (row.try_get_by_index(0)?, row.try_get_by_index(1)?);
        out.entry(key).or_default().overdue_open = count(&row, 2)?;
    }
    Ok(out)
}

/// Which grouping a median is over.
#[derive(Debug, Clone, Copy)]
pub enum Per {
    Body,
    Authority,
    AuthorityBody,
}

impl Per {
    fn partition(self) -> &'static str {
        match self {
            Per::Body => "f.body_id",
            Per::Authority => "f.authority_id",
            Per::AuthorityBody => "f.authority_id, f.body_id",
        }
    }

    fn key(self, authority: i64, body: i64) -> (i64, i64) {
        match self {
            Per::Body => (0, body),
            Per::Authority => (authority, 0),
            Per::AuthorityBody => (authority, body),
        }
    }
}

/// The median days to answer at `t` (one `answer_at`) of the window's
/// answered referrals, for each grouping of `pers`, per group (`(authority,
/// body)` with 0 for the part not grouped on). One read of the rows; the
/// database sorts them once per grouping and sends only the middle ones.
pub async fn medians<C: Db>(
    db: &C,
    scope: Scope,
    t: DateTime<Utc>,
    pers: &[Per],
) -> Result<Vec<HashMap<(i64, i64), f64>>, ServiceError> {
    let backend = ConnectionTrait::get_database_backend(db);
    let (from, mut values) = existing(scope, t);
    values.push((t - Duration::days(365)).into());
    let windows: String = pers
        .iter()
        .enumerate()
        .map(|(i, per)| {
            let p = per.partition();
            format!(
                ", ROW_NUMBER() OVER (PARTITION BY {p} ORDER BY f.answer_ms) AS rn{i}, \
                 COUNT(*) OVER (PARTITION BY {p}) AS n{i}"
            )
        })
        .collect();
    let columns: String = (0..pers.len()).map(|i| format!(", rn{i}, n{i}")).collect();
    let middle: Vec<String> = (0..pers.len())
        .map(|i| format!("rn{i} = (n{i} + 1) / 2 OR rn{i} = (n{i} + 2) / 2"))
        .collect();
    let sql = format!(
        "SELECT a, b, ms{columns} FROM (SELECT f.authority_id AS a, f.body_id AS b, \
         f.answer_ms AS ms{windows} {from} AND f.submitted_at > ? \
         AND f.first_answer_at IS NOT NULL) m WHERE {}",
        middle.join(" OR ")
    );
    let mut found: Vec<HashMap<(i64, i64), Vec<f64>>> = vec![HashMap::new(); pers.len()];
    for row in db.query_all_raw(statement(backend, &sql, values)).await? {
        let (a, b): (i64, i64) = (row.try_get_by_index(0)?, row.try_get_by_index(1)?);
        let ms: i64 = row.try_get_by_index(2)?;
        for (i, per) in pers.iter().enumerate() {
            let rn: i64 = row.try_get_by_index(3 + 2 * i)?;
            let n: i64 = row.try_get_by_index(4 + 2 * i)?;
            if rn == (n + 1) / 2 || rn == (n + 2) / 2 {
                found[i]
                    .entry(per.key(a, b))
                    .or_default()
                    .push(millis_to_days(ms));
            }
        }
    }
    Ok(found
        .into_iter()
        .map(|m| {
            m.into_iter()
                .filter_map(|(k, v)| median(v).map(|m| (k, m)))
                .collect()
        })
        .collect())
}

/// An overdue referral at `t`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overdue {
    pub referral_id: i64,
    pub demand_id: i64,
    pub body_id: i64,
    pub authority_id: i64,
    pub effective_deadline: DateTime<Utc>,
}

/// The `limit` most overdue referrals at `t` (one `answer_at`), longest
/// overdue first.
pub async fn overdue<C: Db>(
    db: &C,
    scope: Scope,
    t: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<Overdue>, ServiceError> {
    let backend = ConnectionTrait::get_database_backend(db);
    let (from, mut values) = existing(scope, t);
    values.push(t.into());
    let sql = format!(
        "SELECT f.referral_id, r.demand_id, f.body_id, f.authority_id, f.effective_deadline \
         {from} AND f.first_answer_at IS NULL AND f.paused = 0 AND f.effective_deadline <= ? \
         ORDER BY f.effective_deadline, f.referral_id LIMIT {limit}"
    )
    .replacen(
        "JOIN bodies b",
        "JOIN referrals r ON r.id = f.referral_id JOIN bodies b",
        1,
    );
    let mut out = Vec::new();
    for row in db.query_all_raw(statement(backend, &sql, values)).await? {
        out.push(Overdue {
            referral_id: row.try_get_by_index(0)?,
            demand_id: row.try_get_by_index(1)?,
            body_id: row.try_get_by_index(2)?,
            authority_id: row.try_get_by_index(3)?,
            effective_deadline: row.try_get_by_index(4)?,
        });
    }
    Ok(out)
}
