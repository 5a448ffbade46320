//! The public list of demands: the filters, a page and its total, and
//! the list as CSV. A list "now" can be given its total counted before
//! (`total_at`, kept per data version by the caller), so a page costs its
//! rows and not a count of every demand.
use super::{choices, clock, clock_view, visible_bodies, PAGE_SIZE};
use crate::domain::clock::State;
use crate::domain::demands::{ClockView, DemandFilter, DemandList, DemandRow};
use crate::domain::enums::{ReferralStatus, Topic};
use crate::server::authz::Actor;
use crate::server::error::ServiceError;
use crate::server::services::downloads::CsvStream;
use crate::server::services::metrics::facts;
use crate::server::services::metrics::referrals::{Db, Scope};
use crate::server::time;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use entity::{body, demand, referral};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Select,
};
use std::collections::HashMap;

pub(crate) fn day_start(s: &str) -> Result<Option<DateTime<Utc>>, ServiceError> {
    parse_day(s, "from").map(|d| d.map(|d| d.and_time(NaiveTime::MIN).and_utc()))
}

pub(crate) fn day_end(s: &str) -> Result<Option<DateTime<Utc>>, ServiceError> {
    parse_day(s, "to").map(|d| {
        d.and_then(|d| d.and_hms_opt(23, 59, 59))
            .map(|t| t.and_utc())
    })
}

fn parse_day(s: &str, field: &str) -> Result<Option<NaiveDate>, ServiceError> {
    match s.trim() {
        "" => Ok(None),
        v => v
            .parse()
            .map(Some)
            .map_err(|_| ServiceError::field(field, "invalid_date")),
    }
}

/// The public list of demands, filtered and paginated (PAGE_SIZE a page;
/// page 0 means every row, for downloads).
#[tracing::instrument(skip(db))]
pub async fn list<C: Db>(
    db: &C,
    who: Option<&Actor>,
    f: &DemandFilter,
    now: DateTime<Utc>,
) -> Result<DemandList, ServiceError> {
    list_with(db, who, f, now, true, None, None).await
}

/// As `list` at `t`, a list whose total at `t` is already known
/// (`total_at`, counted at that same instant): only the page is read.
#[tracing::instrument(skip(db))]
pub async fn list_known<C: Db>(
    db: &C,
    who: Option<&Actor>,
    f: &DemandFilter,
    t: DateTime<Utc>,
    known: Option<u64>,
    ends: Option<&[PageEnd]>,
) -> Result<DemandList, ServiceError> {
    list_with(db, who, f, t, true, known, ends).await
}

/// The last demand of a page (its submission and id), where the next
/// page starts.
pub type PageEnd = (DateTime<Utc>, i64);

/// Where each page of the list `f` at `t` ends (page 1's last demand
/// first), read by the database in one pass over the list's order; `None`
/// for a list counted with its rows, as `total_at`. With them a page far
/// down the list is a seek from the end of the page before, where an
/// offset read every demand above it (0.35–0.8 s at page 20,000 of
/// 666,000 demands).
#[tracing::instrument(skip(db))]
pub async fn page_ends<C: Db>(
    db: &C,
    who: Option<&Actor>,
    f: &DemandFilter,
    t: DateTime<Utc>,
) -> Result<Option<Vec<PageEnd>>, ServiceError> {
    index_ready(db, f).await?;
    let s = select(db, who, f, t, true).await?;
    if s.words || s.by_clock() {
        return Ok(None);
    }
    let backend = ConnectionTrait::get_database_backend(db);
    let mut q =
        s.q.select_only()
            .column(demand::Column::SubmittedAt)
            .column(demand::Column::Id)
            .column_as(
                Expr::cust("ROW_NUMBER() OVER (ORDER BY submitted_at DESC, id DESC)"),
                "rn",
            );
    QueryTrait::query(&mut q).clear_order_by();
    let inner = q.build(backend);
    let sql = format!(
        "SELECT submitted_at, id FROM ({}) AS listed WHERE rn % {PAGE_SIZE} = 0 ORDER BY rn",
        inner.sql
    );
    let rows = db
        .query_all_raw(sea_orm::Statement { sql, ..inner })
        .await?;
    let mut ends = Vec::with_capacity(rows.len());
    for r in rows {
        ends.push((r.try_get("", "submitted_at")?, r.try_get("", "id")?));
    }
    Ok(Some(ends))
}

/// The number of demands in the list `f` at `t` when the database can
/// count it; `None` for a list that is counted with its rows (a text
/// query, or a status the referral facts cannot answer at `t`).
#[tracing::instrument(skip(db))]
pub async fn total_at<C: Db>(
    db: &C,
    who: Option<&Actor>,
    f: &DemandFilter,
    t: DateTime<Utc>,
) -> Result<Option<u64>, ServiceError> {
    index_ready(db, f).await?;
    let s = select(db, who, f, t, true).await?;
    if s.words || s.by_clock() {
        return Ok(None);
    }
    Ok(Some(s.q.count(db).await?))
}

/// As `list`, a filter by status or overdue read from every clock even
/// when the facts answer (what `list` does at earlier instants; the tests
/// compare the two).
pub async fn list_from_clocks<C: Db>(
    db: &C,
    who: Option<&Actor>,
    f: &DemandFilter,
    now: DateTime<Utc>,
) -> Result<DemandList, ServiceError> {
    list_with(db, who, f, now, false, None, None).await
}

/// The demands a list selects, in its order, before its page is cut.
struct Selection {
    q: Select<demand::Entity>,
    bodies: HashMap<i64, body::Model>,
    authorities: clock::Authorities,
    /// The instant the list is read at (its `as_of`, or now).
    now: DateTime<Utc>,
    status: Option<ReferralStatus>,
    overdue: bool,
    /// A text query, through the search index.
    words: bool,
    /// The status or overdue filter was put in the query from the facts.
    by_facts: bool,
}

impl Selection {
    /// A filter by the referrals' state that the query could not apply:
    /// every demand of the rest of the filters is read and clocked.
    fn by_clock(&self) -> bool {
        (self.status.is_some() || self.overdue) && !self.by_facts
    }
}

/// The site search's index brought up to date before a list with words is
/// selected through it (outside a download's read-only snapshot, since it
/// writes).
async fn index_ready<C: Db>(db: &C, f: &DemandFilter) -> Result<(), ServiceError> {
    if !f.q.trim().is_empty() {
        crate::server::services::search::index::catch_up(db).await?;
    }
    Ok(())
}

async fn select<C: Db>(
    db: &C,
    who: Option<&Actor>,
    f: &DemandFilter,
    now: DateTime<Utc>,
    use_facts: bool,
) -> Result<Selection, ServiceError> {
    let bodies = visible_bodies(db, who).await?;
    let authorities = clock::authorities(db).await?;
    let mut body_ids: Vec<i64> = bodies.keys().copied().collect();
    if !f.body.is_empty() {
        body_ids.retain(|id| bodies.get(id).is_some_and(|b| b.key == f.body));
    }
    // The list is read at `as_of` (statuses, withdrawals), like the figures
    // that link to it.
    let now = crate::server::services::referrals::instant(&f.as_of, now)?;
    let mut q = demand::Entity::find()
        .filter(demand::Column::BodyId.is_in(body_ids))
        .filter(demand::Column::SubmittedAt.lte(now))
        .filter(
            Condition::any()
                .add(demand::Column::WithdrawnAt.is_null())
                .add(demand::Column::WithdrawnAt.gt(now)),
        );
    if f.window == "1" {
        // metrics.md's W = (T − 365 days, T].
        q = q.filter(demand::Column::SubmittedAt.gt(now - chrono::Duration::days(365)));
    }
    if !f.topic.is_empty() {
        let topic: Topic = f
            .topic
            .parse()
            .map_err(|_| ServiceError::field("topic", "invalid_value"))?;
        q = q.filter(demand::Column::Topic.eq(topic.as_str()));
    }
    let status: Option<ReferralStatus> = match f.status.as_str() {
        "" => None,
        s => Some(
            s.parse()
                .map_err(|_| ServiceError::field("status", "invalid_value"))?,
        ),
    };
    if !f.authority.is_empty() {
        let id = authorities
            .values()
            .find(|(a, _)| a.key == f.authority)
            .map(|(a, _)| a.id)
            .ok_or_else(|| ServiceError::field("authority", "invalid_value"))?;
        q = q.filter(
            demand::Column::Id.in_subquery(
                Query::select()
                    .column(referral::Column::DemandId)
                    .from(referral::Entity)
                    .and_where(referral::Column::AuthorityId.eq(id))
                    .to_owned(),
            ),
        );
    }
    if let Some(from) = day_start(&f.from)? {
        q = q.filter(demand::Column::SubmittedAt.gte(from));
    }
    if let Some(to) = day_end(&f.to)? {
        q = q.filter(demand::Column::SubmittedAt.lte(to));
    }
    // The words through the site search's index (accents, stems, phrases;
    // a confidential demand's text only for those who may read it).
    let words = crate::server::services::search::demands_matching(
        ConnectionTrait::get_database_backend(db),
        who,
        &f.q,
    );
    if let Some(w) = &words {
        let (cond, values) = crate::server::services::search::list_condition(db, w).await?;
        q = q.filter(Expr::cust_with_values(cond, values));
    }
    // A filter by the referrals' state at T: where the facts answer at T
    // ("now", in practice), the database selects the demands and only the
    // page's clocks are read; else every clock of the list (at a million
    // referrals, seconds).
    let overdue = f.overdue == "1";
    let by_facts = (status.is_some() || overdue)
        && use_facts
        && crate::server::services::referrals::facts_answer(db, Scope::All, now).await?;
    if by_facts {
        for (cond, values) in facts::demands_having(
            ConnectionTrait::get_database_backend(db),
            now,
            status,
            overdue,
        ) {
            q = q.filter(Expr::cust_with_values(cond, values));
        }
    }
    let q = q
        .order_by_desc(demand::Column::SubmittedAt)
        .order_by_desc(demand::Column::Id);
    Ok(Selection {
        q,
        bodies,
        authorities,
        now,
        status,
        overdue,
        words: words.is_some(),
        by_facts,
    })
}

/// Where a page link's cursor puts the page: just after a demand (the
/// next, older page) or just before one (the previous, newer page).
enum Edge {
    After(DateTime<Utc>, i64),
    Before(DateTime<Utc>, i64),
}

/// The edge `f` carries (`after` or `before`, `{body}~{demand}`), when it
/// names a demand of a body the reader may see.
async fn edge<C: Db>(
    db: &C,
    bodies: &HashMap<i64, body::Model>,
    f: &DemandFilter,
) -> Result<Option<Edge>, ServiceError> {
    let Some((cursor, after)) = crate::domain::url::page_edge(&f.after, &f.before) else {
        return Ok(None);
    };
    let Some((body_key, key)) = cursor.split_once('~') else {
        return Ok(None);
    };
    let Some(b) = bodies.values().find(|b| b.key == body_key) else {
        return Ok(None);
    };
    let found: Option<(DateTime<Utc>, i64)> = demand::Entity::find()
        .filter(demand::Column::BodyId.eq(b.id))
        .filter(demand::Column::Key.eq(key))
        .select_only()
        .column(demand::Column::SubmittedAt)
        .column(demand::Column::Id)
        .into_tuple()
        .one(db)
        .await?;
    Ok(found.map(|(at, id)| {
        if after {
            Edge::After(at, id)
        } else {
            Edge::Before(at, id)
        }
    }))
}

/// The page of `q` (newest first) just after or just before an edge: a
/// seek in the index by date, however far down the list the edge is.
async fn seek<C: Db>(
    db: &C,
    q: Select<demand::Entity>,
    e: Edge,
    limit: u64,
) -> Result<Vec<demand::Model>, ServiceError> {
    use demand::Column::{Id, SubmittedAt};
    // The plain bound on the date comes first so the database has a range
    // to seek; the tie on the date is broken by the id, as the order is.
    Ok(match e {
        Edge::After(at, id) => {
            q.filter(SubmittedAt.lte(at))
                .filter(Condition::any().add(SubmittedAt.lt(at)).add(Id.lt(id)))
                .limit(limit)
                .all(db)
                .await?
        }
        Edge::Before(at, id) => {
            let mut q = q
                .filter(SubmittedAt.gte(at))
                .filter(Condition::any().add(SubmittedAt.gt(at)).add(Id.gt(id)));
            QueryTrait::query(&mut q).clear_order_by();
            let mut rows = q
                .order_by_asc(SubmittedAt)
                .order_by_asc(Id)
                .limit(limit)
                .all(db)
                .await?;
            rows.reverse();
            rows
        }
    })
}

async fn list_with<C: Db>(
    db: &C,
    who: Option<&Actor>,
    f: &DemandFilter,
    now: DateTime<Utc>,
    use_facts: bool,
    known: Option<u64>,
    ends: Option<&[PageEnd]>,
) -> Result<DemandList, ServiceError> {
    index_ready(db, f).await?;
    let sel = select(db, who, f, now, use_facts).await?;
    let by_clock = sel.by_clock();
    let Selection {
        q,
        bodies,
        authorities,
        now,
        status,
        overdue,
        words,
        ..
    } = sel;
    let page = f.page;
    let mut more = false;
    let (demands, total) = if by_clock || page == 0 {
        let all = q.all(db).await?;
        let n = all.len() as u64;
        (all, n)
    } else if words {
        // The ids in the list's order, counted up to the site search's cap
        // (as it is) in one read of the matches; the page is cut from them
        // and only its rows are read (reading the matches again for the
        // page doubled a common word's cost).
        let cap = crate::domain::search::SEARCH_COUNT_CAP;
        let ids: Vec<i64> = q
            .select_only()
            .column(demand::Column::Id)
            .limit(cap + 1)
            .into_tuple::<i64>()
            .all(db)
            .await?;
        more = ids.len() as u64 > cap;
        let total = (ids.len() as u64).min(cap);
        let last = total.div_ceil(PAGE_SIZE).max(1);
        let from = ((page.clamp(1, last) - 1) * PAGE_SIZE) as usize;
        let shown: Vec<i64> = ids
            .into_iter()
            .skip(from)
            .take(PAGE_SIZE as usize)
            .collect();
        let mut by_id: HashMap<i64, demand::Model> = demand::Entity::find()
            .filter(demand::Column::Id.is_in(shown.iter().copied()))
            .all(db)
            .await?
            .into_iter()
            .map(|d| (d.id, d))
            .collect();
        let rows = shown.iter().filter_map(|id| by_id.remove(id)).collect();
        (rows, total)
    } else {
        let total = match known {
            Some(n) => n,
            None => q.clone().count(db).await?,
        };
        // Clamped before use: a page past the end (even one of 2^63 in a
        // hand-typed address) shows the last page.
        let last = total.div_ceil(PAGE_SIZE).max(1);
        let at = page.clamp(1, last);
        // The edge counts only for the page it was made for (not the
        // first, nor one past the end): looked up only then.
        let edge = match at == page && at > 1 {
            true => edge(db, &bodies, f).await?,
            false => None,
        };
        // No cursor: the end of the page before, when the list's page ends
        // are known.
        let before = (at - 1) as usize;
        let edge = edge.or_else(|| {
            let (at, id) = *ends?.get(before.checked_sub(1)?)?;
            Some(Edge::After(at, id))
        });
        let sought = match edge {
            Some(e) => seek(db, q.clone(), e, PAGE_SIZE).await?,
            None => vec![],
        };
        // A cursor past what is left (the list shrank since the link was
        // made) or none: the page by its number.
        let rows = if sought.is_empty() {
            q.offset((at - 1) * PAGE_SIZE)
                .limit(PAGE_SIZE)
                .all(db)
                .await?
        } else {
            sought
        };
        (rows, total)
    };
    let mut rows = rows_of(db, &demands, &bodies, &authorities, now, status, overdue).await?;
    let total = if by_clock { rows.len() as u64 } else { total };
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = if page == 0 { 0 } else { page.clamp(1, pages) };
    if by_clock && page > 0 {
        rows = rows
            .into_iter()
            .skip(((page - 1) * PAGE_SIZE) as usize)
            .take(PAGE_SIZE as usize)
            .collect();
    }
    let body_list = choices(bodies.values().map(|b| (&b.key, &b.name)));
    let authority_list = choices(authorities.values().map(|(a, _)| (&a.key, &a.name)));
    Ok(DemandList {
        rows,
        total,
        more,
        page,
        pages,
        bodies: body_list,
        authorities: authority_list,
    })
}

/// The rows of `demands` (in their order) with their referrals' clocks at
/// `now`, those without a referral in `status` (or overdue, when asked)
/// left out.
async fn rows_of<C: Db>(
    db: &C,
    demands: &[demand::Model],
    bodies: &HashMap<i64, body::Model>,
    authorities: &clock::Authorities,
    now: DateTime<Utc>,
    status: Option<ReferralStatus>,
    overdue: bool,
) -> Result<Vec<DemandRow>, ServiceError> {
    let loaded = clock::load(db, demands, bodies, authorities).await?;
    let by_id: HashMap<i64, &demand::Model> = demands.iter().map(|d| (d.id, d)).collect();
    let mut per_demand: HashMap<i64, Vec<(String, ClockView, State)>> = HashMap::new();
    for l in &loaded {
        let Some(d) = by_id.get(&l.referral.demand_id) else {
            continue;
        };
        let tz = bodies
            .get(&d.body_id)
            .map_or(chrono_tz::UTC, |b| time::zone(&b.timezone));
        let (view, state) = clock_view(&l.clock, tz, now, d.withdrawn_at);
        let name = authorities
            .get(&l.referral.authority_id)
            .map(|(a, _)| a.acronym.clone().unwrap_or_else(|| a.name.clone()))
            .unwrap_or_default();
        per_demand
            .entry(d.id)
            .or_default()
            .push((name, view, state));
    }
    let wanted: Vec<&demand::Model> = demands
        .iter()
        .filter(|d| {
            let refs = per_demand.get(&d.id).map(Vec::as_slice).unwrap_or(&[]);
            (status.is_none() || refs.iter().any(|(_, _, s)| Some(s.status) == status))
                && (!overdue || refs.iter().any(|(_, _, s)| s.overdue))
        })
        .collect();
    Ok(wanted
        .into_iter()
        .filter_map(|d| {
            let b = bodies.get(&d.body_id)?;
            Some(DemandRow {
                body_key: b.key.clone(),
                body_name: b.name.clone(),
                key: d.key.clone(),
                title: d.title.clone(),
                topic: d.topic.parse().unwrap_or(Topic::Other),
                submitted_at: time::rfc3339_in(d.submitted_at, time::zone(&b.timezone)),
                confidential: d.confidential,
                referrals: per_demand
                    .remove(&d.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(n, v, _)| (n, v))
                    .collect(),
            })
        })
        .collect())
}

/// Demands read at a time by a download: a batch's clocks, not the
/// whole list's, are in memory (a large council has 28,000 demands at a
/// million referrals).
const BATCH: u64 = 1000;

/// A list's rows read a batch at a time, newest first, by a seek from the
/// last demand read.
struct Batches {
    /// One state throughout, however many batches (`open_data::snapshot`).
    txn: sea_orm::DatabaseTransaction,
    sel: Selection,
    last: Option<(DateTime<Utc>, i64)>,
    done: bool,
}

impl Batches {
    async fn start(
        db: &sea_orm::DatabaseConnection,
        who: Option<&Actor>,
        f: &DemandFilter,
        now: DateTime<Utc>,
    ) -> Result<Self, ServiceError> {
        index_ready(db, f).await?;
        let txn = crate::server::services::open_data::snapshot(db).await?;
        let sel = select(&txn, who, f, now, true).await?;
        Ok(Self {
            txn,
            sel,
            last: None,
            done: false,
        })
    }

    /// Ends the snapshot, as the bulk downloads end theirs: a transaction
    /// dropped open leaves its rollback to the pool, which on an in-memory
    /// SQLite database may close the one connection, and the database
    /// with it.
    async fn finish(self) -> Result<(), ServiceError> {
        self.txn.commit().await?;
        Ok(())
    }

    /// The next batch's rows (maybe none, when a status filter left every
    /// demand of it out), `None` past the end.
    async fn next(&mut self) -> Result<Option<Vec<DemandRow>>, ServiceError> {
        if self.done {
            return Ok(None);
        }
        let db = &self.txn;
        let q = self.sel.q.clone();
        let demands = match self.last {
            None => q.limit(BATCH).all(db).await?,
            Some((at, id)) => seek(db, q, Edge::After(at, id), BATCH).await?,
        };
        self.done = (demands.len() as u64) < BATCH;
        let Some(last) = demands.last() else {
            return Ok(None);
        };
        self.last = Some((last.submitted_at, last.id));
        let s = &self.sel;
        let rows = rows_of(
            db,
            &demands,
            &s.bodies,
            &s.authorities,
            s.now,
            s.status,
            s.overdue,
        )
        .await?;
        Ok(Some(rows))
    }
}

/// The CSV's columns: one row per referral.
const CSV_HEADER: [&str; 15] = [
    "body",
    "demand",
    "title",
    "topic",
    "submitted_at",
    "confidential",
    "authority",
    "status",
    "paused",
    "overdue",
    "answered",
    "on_time",
    "effective_deadline",
    "contested",
    "withdrawn",
];

/// The list `f` at `now` as CSV, one row per referral, every row (its page
/// and cursors ignored), written a batch at a time.
#[tracing::instrument(skip(db, out))]
pub async fn write_csv(
    db: &sea_orm::DatabaseConnection,
    who: Option<&Actor>,
    f: &DemandFilter,
    now: DateTime<Utc>,
    out: &mut CsvStream,
) -> Result<(), ServiceError> {
    let mut batches = Batches::start(db, who, f, now).await?;
    out.row(CSV_HEADER)?;
    let flag = |b: bool| if b { "true" } else { "false" };
    while let Some(rows) = batches.next().await? {
        for r in &rows {
            for (authority, c) in &r.referrals {
                let on_time = c.on_time.map(|b| b.to_string()).unwrap_or_default();
                out.row([
                    r.body_key.as_str(),
                    r.key.as_str(),
                    r.title.as_str(),
                    r.topic.as_str(),
                    r.submitted_at.as_str(),
                    flag(r.confidential),
                    authority.as_str(),
                    c.status.as_str(),
                    flag(c.paused),
                    flag(c.overdue),
                    flag(c.answered),
                    on_time.as_str(),
                    c.effective_deadline.as_str(),
                    flag(c.contested),
                    flag(c.withdrawn),
                ])?;
            }
        }
        out.flush().await?;
    }
    batches.finish().await
}

/// The list `f` at `now` as JSON, `{"demands": [...], "total": n}`, every
/// demand with its referrals, written a batch at a time (the total, known
/// at the end, comes last).
#[tracing::instrument(skip(db, out))]
pub async fn write_json(
    db: &sea_orm::DatabaseConnection,
    who: Option<&Actor>,
    f: &DemandFilter,
    now: DateTime<Utc>,
    out: &mut CsvStream,
) -> Result<(), ServiceError> {
    let mut batches = Batches::start(db, who, f, now).await?;
    out.text("{\"demands\":[")?;
    let mut total: u64 = 0;
    while let Some(rows) = batches.next().await? {
        for r in &rows {
            let item = serde_json::json!({
                "body": r.body_key, "key": r.key, "title": r.title, "topic": r.topic,
                "submitted_at": r.submitted_at, "confidential": r.confidential,
                "referrals": r.referrals.iter().map(|(a, c)| serde_json::json!({
                    "authority": a, "status": c.status, "paused": c.paused,
                    "overdue": c.overdue, "answered": c.answered, "on_time": c.on_time,
                    "contested": c.contested, "withdrawn": c.withdrawn,
                    "effective_deadline": c.effective_deadline,
                })).collect::<Vec<_>>(),
            });
            if total > 0 {
                out.text(",")?;
            }
            out.text(&item.to_string())?;
            total += 1;
        }
        out.flush().await?;
    }
    batches.finish().await?;
    out.text(&format!("],\"total\":{total}}}"))
}
