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
use super::referrals::{numbered, statement, Db, Scope};
use crate::domain::clock::{status_code, Facts, Referral, STATUSES};
use crate::domain::enums::{EventKind, ReferralStatus, Verdict};
use crate::domain::metrics::answers::Counts;
use crate::server::error::ServiceError;
use crate::server::services::demands::clock::base_deadline;
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

/// The rows of `ids` (those that still exist), from their clocks. Only
/// the bodies and authorities of these referrals are read: a write settles
/// one demand's referrals, and reading every body and every authority's
/// holidays for it cost more than the referrals themselves.
async fn compute<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<Row>, ServiceError> {
    use crate::server::services::demands::clock::{authorities_of, bodies_of};
    /// What a referral's row says of it, before its thread is read.
    struct Read {
        id: i64,
        authority_id: i64,
        due_at: Option<DateTime<Utc>>,
        body_id: i64,
        submitted_at: DateTime<Utc>,
        withdrawn_at: Option<DateTime<Utc>>,
    }
    let backend = ConnectionTrait::get_database_backend(db);
    let mut bodies = HashMap::new();
    let mut authorities = HashMap::new();
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        let values: Vec<Value> = chunk.iter().map(|id| (*id).into()).collect();
        let list = placeholders(chunk.len());
        let mut referrals = Vec::with_capacity(chunk.len());
        for row in db
            .query_all_raw(statement(
                backend,
                &format!(
                    "SELECT r.id, r.authority_id, r.due_at, d.body_id, d.submitted_at, \
                     d.withdrawn_at FROM referrals r JOIN demands d ON d.id = r.demand_id \
                     WHERE r.id IN ({list})"
                ),
                values.clone(),
            ))
            .await?
        {
            referrals.push(Read {
                id: row.try_get_by_index(0)?,
                authority_id: row.try_get_by_index(1)?,
                due_at: row.try_get_by_index(2)?,
                body_id: row.try_get_by_index(3)?,
                submitted_at: row.try_get_by_index(4)?,
                withdrawn_at: row.try_get_by_index(5)?,
            });
        }
        let wanted = unseen(&bodies, referrals.iter().map(|r| r.body_id));
        bodies.extend(bodies_of(db, &wanted).await?);
        let wanted = unseen(&authorities, referrals.iter().map(|r| r.authority_id));
        authorities.extend(authorities_of(db, &wanted).await?);
        let mut events: HashMap<i64, Vec<(DateTime<Utc>, EventKind)>> =
            thread(db, "referral_events", "kind", &list, &values).await?;
        let mut verdicts: HashMap<i64, Vec<(DateTime<Utc>, Verdict)>> =
            thread(db, "assessments", "verdict", &list, &values).await?;
        for r in referrals {
            let Some(b) = bodies.get(&r.body_id) else {
                continue;
            };
            let clock = Referral {
                submitted_at: r.submitted_at,
                base_deadline: base_deadline(
                    b,
                    &authorities,
                    r.authority_id,
                    r.submitted_at,
                    r.due_at,
                ),
                events: events.remove(&r.id).unwrap_or_default(),
                verdicts: verdicts.remove(&r.id).unwrap_or_default(),
            };
            out.push(Row::new(
                r.id,
                r.authority_id,
                r.body_id,
                r.withdrawn_at,
                &clock,
            ));
        }
    }
    Ok(out)
}

/// The ids of `ids` not yet in `have`, once each.
fn unseen<V>(have: &HashMap<i64, V>, ids: impl Iterator<Item = i64>) -> Vec<i64> {
    let mut out: Vec<i64> = ids.filter(|id| !have.contains_key(id)).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Recomputes the facts of every queued referral. Cheap when nothing is
/// queued (one indexed read); after a change, the referrals it touched.
/// The writers of the usual changes (a demand, an answer, a verdict, a
/// withdrawal) settle their referrals themselves (`settle`), so a reader
/// normally finds the queue empty and writes nothing: under a stream of
/// writes, the figures would otherwise wait for SQLite's write lock behind
/// them before every computation.
#[tracing::instrument(skip(db))]
pub async fn refresh<C: Db>(db: &C) -> Result<(), ServiceError> {
    let backend = ConnectionTrait::get_database_backend(db);
    let peek = Statement::from_string(backend, "SELECT id FROM referral_facts_dirty LIMIT 1");
    while db.query_one_raw(peek.clone()).await?.is_some() {
        let txn = crate::server::db::begin_write(db).await?;
        lock(&txn).await?;
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
        replace(&txn, &ids).await?;
        // Exactly the entries read: one queued since (by a change this
        // computation may not have seen) stays for the next refresh.
        let entries: Vec<i64> = queued.iter().map(|(id, _)| *id).collect();
        delete_in(&txn, "referral_facts_dirty", "id", &entries).await?;
        txn.commit().await?;
        tracing::debug!(referrals = ids.len(), "referral facts recomputed");
    }
    Ok(())
}

/// Inside the transaction that changed `referrals` (and before its
/// commit): recomputes their facts and takes them off the queue, so that
/// the figures read next need not write. Entries queued by transactions
/// this one cannot see stay queued; on PostgreSQL the lock makes a second
/// writer of the same referral wait for this one's commit, and then see
/// its change.
#[tracing::instrument(skip(txn))]
pub async fn settle<C: ConnectionTrait>(txn: &C, referrals: &[i64]) -> Result<(), ServiceError> {
    if referrals.is_empty() {
        return Ok(());
    }
    let mut ids = referrals.to_vec();
    ids.sort_unstable();
    ids.dedup();
    lock(txn).await?;
    replace(txn, &ids).await?;
    delete_in(txn, "referral_facts_dirty", "referral_id", &ids).await?;
    Ok(())
}

/// PostgreSQL: one transaction at a time writes facts (two could otherwise
/// each write facts missing the other's change). SQLite's writers already
/// take turns.
async fn lock<C: ConnectionTrait>(txn: &C) -> Result<(), ServiceError> {
    let backend = ConnectionTrait::get_database_backend(txn);
    if backend == DbBackend::Postgres {
        txn.execute_raw(Statement::from_string(
            backend,
            format!("SELECT pg_advisory_xact_lock({LOCK})"),
        ))
        .await?;
    }
    Ok(())
}

/// Replaces the facts of `ids` by those of their clocks now.
async fn replace<C: ConnectionTrait>(txn: &C, ids: &[i64]) -> Result<(), ServiceError> {
    let rows = compute(txn, ids).await?;
    delete_in(txn, "referral_facts", "referral_id", ids).await?;
    insert(txn, &rows).await?;
    Ok(())
}

async fn delete_in<C: ConnectionTrait>(
    txn: &C,
    table: &str,
    column: &str,
    ids: &[i64],
) -> Result<(), ServiceError> {
    let backend = ConnectionTrait::get_database_backend(txn);
    for chunk in ids.chunks(CHUNK) {
        let values = chunk.iter().map(|id| (*id).into()).collect();
        txn.execute_raw(statement(
            backend,
            &format!(
                "DELETE FROM {table} WHERE {column} IN ({})",
                placeholders(chunk.len())
            ),
            values,
        ))
        .await?;
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

fn count_at(row: &sea_orm::QueryResult, i: usize) -> Result<u32, DbErr> {
    Ok(count(row.try_get_by_index(i)?))
}

/// A count from the database as the figures hold it.
pub(super) fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// One group's answer counts at `t` (an authority and a body, or a body:
/// `Per`), and the days to answer of its window's answered referrals
/// (milliseconds, in no order), from which the median of any union of
/// groups follows (`answers::median_days`).
#[derive(Debug, Clone, Default)]
pub struct Group {
    pub counts: Counts,
    pub answer_ms: Vec<i64>,
}

/// Which groups `groups` counts: per (authority, body), or per body with
/// every authority together (key `(0, body)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    AuthorityBody,
    Body,
}

impl Per {
    fn columns(self) -> &'static str {
        match self {
            Per::AuthorityBody => "f.authority_id, f.body_id",
            Per::Body => "f.body_id",
        }
    }

    fn key(self, row: &sea_orm::QueryResult) -> Result<((i64, i64), usize), DbErr> {
        Ok(match self {
            Per::AuthorityBody => ((row.try_get_by_index(0)?, row.try_get_by_index(1)?), 2),
            Per::Body => ((0, row.try_get_by_index(0)?), 1),
        })
    }
}

/// The referrals of public bodies in `scope` that exist at `t` (submitted
/// by then, not withdrawn), as conditions over `referral_facts f` and their
/// values. The public bodies as a list the databases walk body by body
/// through the (scope, body, …) indexes.
fn existing(scope: Scope, t: DateTime<Utc>) -> (String, Vec<Value>) {
    let (cond, value) = scope_sql(scope);
    let mut values: Vec<Value> = vec![true.into()];
    values.extend(value);
    values.extend([t.into(), t.into()]);
    (
        format!(
            "f.body_id IN (SELECT id FROM bodies WHERE public = ?){cond} AND f.submitted_at <= ? \
             AND (f.withdrawn_at IS NULL OR f.withdrawn_at > ?)"
        ),
        values,
    )
}

/// The answer groups at `t` (one `answer_at`) of `scope`'s public bodies.
/// Two reads, each an index range per body (`ix_facts_*_window`,
/// `ix_facts_unanswered_*`, migration 7):
/// - the window's referrals per status: the database counts them and lists
///   their answer times (no sort, no per-row test of six statuses), and the
///   rest is summed here;
/// - the overdue ones among all that exist at `t`.
pub async fn groups<C: Db>(
    db: &C,
    scope: Scope,
    t: DateTime<Utc>,
    per: Per,
) -> Result<HashMap<(i64, i64), Group>, ServiceError> {
    let backend = ConnectionTrait::get_database_backend(db);
    let list = match backend {
        DbBackend::Postgres => "string_agg(f.answer_ms::text, ',')",
        _ => "group_concat(f.answer_ms, ',')",
    };
    let codes: Vec<String> = STATUSES
        .iter()
        .map(|s| status_code(*s).to_string())
        .collect();
    let codes = codes.join(", ");
    let by = per.columns();
    let (exists, values) = existing(scope, t);
    let mut all: Vec<Value> = vec![t.into()];
    all.extend(values.clone());
    all.push((t - Duration::days(365)).into());
    // Listing every status makes each (body, status) one index range, read
    // in the order the groups need.
    let sql = format!(
        "SELECT {by}, f.status, COUNT(*), COUNT(f.answer_ms), SUM(f.on_time), \
         SUM(f.unsatisfied), \
         SUM(CASE WHEN f.answer_ms IS NULL AND f.paused = 0 AND f.effective_deadline <= ? \
         THEN 1 ELSE 0 END), {list} \
         FROM referral_facts f WHERE {exists} AND f.submitted_at > ? \
         AND f.status IN ({codes}) GROUP BY {by}, f.status"
    );
    let mut out: HashMap<(i64, i64), Group> = HashMap::new();
    for row in db.query_all_raw(statement(backend, &sql, all)).await? {
        let (key, i) = per.key(&row)?;
        let code: i16 = row.try_get_by_index(i)?;
        let Some(status) = STATUSES.get(usize::try_from(code).unwrap_or(usize::MAX)) else {
            continue;
        };
        let g = out.entry(key).or_default();
        let list: Option<String> = row.try_get_by_index(i + 6)?;
        for ms in list.iter().flat_map(|l| l.split(',')) {
            g.answer_ms.push(
                ms.parse()
                    .map_err(|_| DbErr::Type(format!("days to answer {ms:?}")))?,
            );
        }
        let n = count_at(&row, i + 1)?;
        let answered = count_at(&row, i + 2)?;
        let c = &mut g.counts;
        c.referrals += n;
        *c.status_counts.get_mut(*status) += n;
        c.answered += answered;
        c.considered += answered + count_at(&row, i + 5)?;
        c.on_time += count_at(&row, i + 3)?;
        if status.is_accepting() {
            c.accepted_like += answered;
        }
        if *status == ReferralStatus::Implemented {
            c.contested += count_at(&row, i + 4)?;
        }
    }
    let mut all = values;
    all.push(t.into());
    let sql = format!(
        "SELECT {by}, COUNT(*) FROM referral_facts f WHERE {exists} \
         AND f.first_answer_at IS NULL AND f.paused = 0 AND f.effective_deadline <= ? \
         GROUP BY {by}"
    );
    for row in db.query_all_raw(statement(backend, &sql, all)).await? {
        let (key, i) = per.key(&row)?;
        out.entry(key).or_default().counts.overdue_open = count_at(&row, i)?;
    }
    Ok(out)
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
    let (exists, mut values) = existing(scope, t);
    values.push(t.into());
    // The whole country's are read in order from the index of those that
    // can be overdue (migration 20) and stop at `limit`: through every
    // referral by deadline, most of the early ones answered, 152 ms at a
    // million referrals.
    let facts = match (scope, backend) {
        (Scope::All, DbBackend::Sqlite) => "referral_facts f INDEXED BY ix_facts_overdue",
        _ => "referral_facts f",
    };
    let sql = format!(
        "SELECT f.referral_id, r.demand_id, f.body_id, f.authority_id, f.effective_deadline \
         FROM {facts} JOIN referrals r ON r.id = f.referral_id WHERE {exists} \
         AND f.first_answer_at IS NULL AND f.paused = 0 AND f.effective_deadline <= ? \
         ORDER BY f.effective_deadline, f.referral_id LIMIT {limit}"
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

/// What a list of referrals at an instant keeps, beyond its scope (`None`:
/// either way): the filters of `/referrals`, each the figure it lists.
#[derive(Debug, Clone, Default)]
pub struct Listed {
    pub authority: Option<i64>,
    pub status: Option<ReferralStatus>,
    pub overdue: Option<bool>,
    pub window: Option<bool>,
    pub considered: Option<bool>,
    pub answered: Option<bool>,
    pub on_time: Option<bool>,
}

/// The conditions on `demands.id` of a demands list filtered by its
/// referrals at `t` (read where the facts answer at `t`): one of its
/// referrals in `status`, and one (perhaps another) overdue.
pub fn demands_having(
    backend: DbBackend,
    t: DateTime<Utc>,
    status: Option<ReferralStatus>,
    overdue: bool,
) -> Vec<(String, Vec<Value>)> {
    let having = |test: &str| {
        numbered(
            backend,
            &format!(
                "\"demands\".\"id\" IN (SELECT r.demand_id FROM referral_facts f \
                 JOIN referrals r ON r.id = f.referral_id WHERE f.submitted_at <= ? AND {test})"
            ),
        )
    };
    let mut conds = Vec::new();
    if let Some(s) = status {
        conds.push((
            having("f.status = ?"),
            vec![t.into(), status_code(s).into()],
        ));
    }
    if overdue {
        conds.push((
            having("f.first_answer_at IS NULL AND f.paused = 0 AND f.effective_deadline <= ?"),
            vec![t.into(), t.into()],
        ));
    }
    conds
}

/// The conditions of the list `l` of `scope` at `t` on `referral_facts f`.
fn listed_conditions(scope: Scope, t: DateTime<Utc>, l: &Listed) -> (String, Vec<Value>) {
    let (mut cond, mut values) = existing(scope, t);
    if let Some(a) = l.authority {
        cond.push_str(" AND f.authority_id = ?");
        values.push(a.into());
    }
    if let Some(s) = l.status {
        cond.push_str(" AND f.status = ?");
        values.push(status_code(s).into());
    }
    let mut either = |wanted: Option<bool>, test: &str, bound: Option<Value>| {
        if let Some(yes) = wanted {
            cond.push_str(&format!(" AND {}({test})", if yes { "" } else { "NOT " }));
            values.extend(bound);
        }
    };
    let answered = "f.first_answer_at IS NOT NULL";
    either(
        l.overdue,
        "f.first_answer_at IS NULL AND f.paused = 0 AND f.effective_deadline <= ?",
        Some(t.into()),
    );
    either(
        l.window,
        "f.submitted_at > ?",
        Some((t - Duration::days(365)).into()),
    );
    either(
        l.considered,
        &format!("{answered} OR (f.paused = 0 AND f.effective_deadline <= ?)"),
        Some(t.into()),
    );
    either(l.answered, answered, None);
    either(l.on_time, "f.on_time = 1", None);
    (cond, values)
}

/// Where a list is read from, in its order (`list_page`).
fn listed_from(scope: Scope, backend: DbBackend, l: &Listed) -> &'static str {
    match (scope, backend, l.overdue) {
        (Scope::All, DbBackend::Sqlite, Some(true)) => {
            "referral_facts f INDEXED BY ix_facts_overdue"
        }
        (Scope::All, DbBackend::Sqlite, _) => "referral_facts f INDEXED BY ix_facts_deadline",
        _ => "referral_facts f",
    }
}

/// The last referral of each page of the list `l` (page 1's first), in
/// one pass of the database over the list's order: with them a page far
/// down the list is a seek from the end of the page before
/// (`list_page`'s `ends`) where an offset read every referral above it.
pub async fn page_ends<C: Db>(
    db: &C,
    scope: Scope,
    t: DateTime<Utc>,
    l: &Listed,
    page_size: u64,
) -> Result<Vec<i64>, ServiceError> {
    let backend = ConnectionTrait::get_database_backend(db);
    let (cond, values) = listed_conditions(scope, t, l);
    let from = listed_from(scope, backend, l);
    let sql = format!(
        "SELECT referral_id FROM (SELECT f.referral_id, ROW_NUMBER() OVER \
         (ORDER BY f.effective_deadline, f.referral_id) AS rn FROM {from} WHERE {cond}) \
         AS listed WHERE rn % {page_size} = 0 ORDER BY rn"
    );
    let mut ends = Vec::new();
    for row in db.query_all_raw(statement(backend, &sql, values)).await? {
        ends.push(row.try_get_by_index(0)?);
    }
    Ok(ends)
}

/// One page of the referrals of `scope` that exist at `t` (one
/// `answer_at`) and pass `l`, longest overdue first (effective deadline,
/// then id): how many pass in all, the page (clamped to the last), and
/// its referral ids. The database counts and sorts; the clocks of the
/// page alone are read afterwards (`referrals::load_ids`). Each condition
/// is `domain::clock::Facts::at(t)`'s, as the groups count them.
#[allow(clippy::too_many_arguments)]
pub async fn list_page<C: Db>(
    db: &C,
    scope: Scope,
    t: DateTime<Utc>,
    l: &Listed,
    page: u64,
    page_size: u64,
    known_total: Option<u64>,
    edge: Option<Edge>,
    ends: Option<&[i64]>,
) -> Result<(u64, u64, Vec<i64>), ServiceError> {
    let backend = ConnectionTrait::get_database_backend(db);
    let (cond, values) = listed_conditions(scope, t, l);
    let count = format!("SELECT COUNT(*) FROM referral_facts f WHERE {cond}");
    let total = match known_total {
        Some(n) => n,
        None => match db
            .query_one_raw(statement(backend, &count, values.clone()))
            .await?
        {
            Some(row) => u64::try_from(row.try_get_by_index::<i64>(0)?).unwrap_or(0),
            None => 0,
        },
    };
    let pages = total.div_ceil(page_size).max(1);
    let page = page.clamp(1, pages);
    // The whole list is read in its order from `ix_facts_deadline`
    // (migration 19) and stops after the page; SQLite's planner would
    // rather read every public body's range and sort them all (0.5 s at a
    // million referrals). A body's or an authority's few thousand are
    // sorted as they come. The overdue alone are read from the index of
    // those that can be (migration 20), in the same order, without passing
    // the answered ones.
    let from = listed_from(scope, backend, l);
    let read = |sql: String, values: Vec<Value>| async move {
        let mut ids: Vec<i64> = Vec::new();
        for row in db.query_all_raw(statement(backend, &sql, values)).await? {
            ids.push(row.try_get_by_index(0)?);
        }
        Ok::<_, ServiceError>(ids)
    };
    // A page link's edge: the page is sought in the index from that
    // referral (its deadline read by the subquery), not counted down to.
    // Else, with the list's page ends, from the end of the page before.
    let edge = edge.or_else(|| {
        let before = usize::try_from(page).ok()?.checked_sub(2)?;
        ends?.get(before).copied().map(Edge::After)
    });
    if let Some(e) = edge.filter(|_| page > 1) {
        let (id, ge, gt, order) = match e {
            Edge::After(id) => (id, ">=", ">", "ASC"),
            Edge::Before(id) => (id, "<=", "<", "DESC"),
        };
        let deadline =
            "(SELECT e.effective_deadline FROM referral_facts e WHERE e.referral_id = ?)";
        let sql = format!(
            "SELECT f.referral_id FROM {from} WHERE {cond} \
             AND f.effective_deadline {ge} {deadline} \
             AND (f.effective_deadline {gt} {deadline} OR f.referral_id {gt} ?) \
             ORDER BY f.effective_deadline {order}, f.referral_id {order} LIMIT {page_size}"
        );
        let mut values = values.clone();
        values.extend([id.into(), id.into(), id.into()]);
        let mut ids = read(sql, values).await?;
        if matches!(e, Edge::Before(_)) {
            ids.reverse();
        }
        // None left past it (the list changed since the link was made):
        // the page by its number.
        if !ids.is_empty() {
            return Ok((total, page, ids));
        }
    }
    let sql = format!(
        "SELECT f.referral_id FROM {from} WHERE {cond} \
         ORDER BY f.effective_deadline, f.referral_id LIMIT {page_size} OFFSET {}",
        (page - 1) * page_size
    );
    Ok((total, page, read(sql, values).await?))
}

/// Where a page link puts a page of `list_page`: just after, or just
/// before, a referral (by id).
#[derive(Debug, Clone, Copy)]
pub enum Edge {
    After(i64),
    Before(i64),
}
