//! Site search (`/buscar`, `GET /api/v1/search`): demands with their whole
//! thread, meeting agendas and published minutes, bodies and authorities,
//! ranked with title matches first (then the newest first) and marked
//! passages, filtered and paginated; and the demands list's words filter.
//!
//! The words are analysed by the application ([`analyzer`]) and matched by
//! each database's own full-text index (migrations 13, 16 and 17): FTS5 on
//! SQLite, GIN-indexed `tsvector`s on PostgreSQL.
//!
//! What a reader may find is what they may read: only bodies they may see;
//! a confidential demand's text and thread only for those who may read it
//! (others find it by its title, as the lists show it) — chosen in SQL by
//! [`ConfidentialScope`] and checked again on each result shown with
//! [`DemandSight`], the one rule of `visibility`. Members are not searched.
pub mod analyzer;
pub mod facets;
pub mod index;
pub mod snippet;

use crate::domain::clock::status_code;
use crate::domain::enums::{ReferralStatus, Topic};
use crate::domain::search::{
    SearchHit, SearchKind, SearchQuery, SearchResults, SEARCH_COUNT_CAP, SEARCH_PAGE_SIZE,
};
use crate::server::authz::{may, Actor, DemandRef};
use crate::server::error::ServiceError;
use crate::server::services::demands;
use crate::server::services::metrics::{facts, referrals::statement};
use crate::server::time;
use crate::server::visibility::{ConfidentialScope, DemandSight};
use analyzer::Query;
use chrono::{DateTime, Utc};
use entity::{authority, body, demand, meeting, referral};
use facets::Facets;
use index::{IdCond, Sight};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    TransactionTrait, Value,
};
use std::collections::HashMap;

/// A SQL condition over `search_docs d` with its bound values (`?`).
#[derive(Clone)]
struct Cond {
    sql: Vec<String>,
    values: Vec<Value>,
}

impl Cond {
    fn new() -> Self {
        Cond {
            sql: Vec::new(),
            values: Vec::new(),
        }
    }

    fn push(&mut self, sql: impl Into<String>, values: impl IntoIterator<Item = Value>) {
        self.sql.push(sql.into());
        self.values.extend(values);
    }

    fn joined(&self) -> String {
        if self.sql.is_empty() {
            "1 = 1".into()
        } else {
            self.sql.join(" AND ")
        }
    }
}

fn marks(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// What a search asks beside its words: conditions the full-text index
/// answers itself (`facets`), and those only SQL can (`sql`, over
/// `search_docs d`; the index's rows are then joined to theirs).
#[derive(Clone)]
struct Plan {
    facets: Facets,
    sql: Cond,
    /// What the documents are (`index::IdCond`): tested on each match's id
    /// (on SQLite without reading its row), or asked of PostgreSQL's
    /// full-text index with `ids_by_index`.
    ids: Vec<IdCond>,
    /// PostgreSQL: `ids` asked of the full-text index (`IdCond::tsquery`)
    /// rather than of each match's id. Its estimate of the matches then
    /// counts them (a condition on the id is guessed at half a percent of
    /// the rows, and plans made for hundreds of matches ran over a hundred
    /// thousand), but each search also reads the posting list of every
    /// token asked (53,703 documents for "not whole"): 10 % fewer searches
    /// a second under load. The demands list wants the estimate.
    ids_by_index: bool,
}

impl Plan {
    fn new() -> Self {
        Plan {
            facets: Facets::default(),
            sql: Cond::new(),
            ids: Vec::new(),
            ids_by_index: false,
        }
    }
}

/// What the reader may find. The anonymous public and administrators (by
/// far the most searches) are answered by the index alone; a reader with
/// grants reads confidential demands of some bodies and authorities, which
/// SQL decides.
fn visible(plan: &mut Plan, hidden: &[i64], seen: &[i64], scope: &ConfidentialScope) {
    use facets::body;
    // Said as the one sight not wanted, on the document's id: a document
    // has exactly one, and a sight's token is in most documents (FTS5
    // reads its whole list where "either of two" is asked).
    if scope.all {
        plan.ids.push(IdCond::NotSight(Sight::Outline));
        return;
    }
    if scope.none() {
        plan.ids.push(IdCond::NotSight(Sight::Whole));
        plan.facets.none_of.extend(hidden.iter().map(|&b| body(b)));
        return;
    }
    visible_bodies(&mut plan.sql, seen, scope);
    visible_sight(&mut plan.sql, scope);
}

/// Only the bodies the reader may see; and, of a body they may not see,
/// the demands addressed to their authority (`may::see_demand`: an
/// official's inbox lists them).
fn visible_bodies(c: &mut Cond, bodies: &[i64], scope: &ConfidentialScope) {
    let mut parts = vec!["d.body_id IS NULL".to_string()];
    let mut values: Vec<Value> = Vec::new();
    if !bodies.is_empty() {
        parts.push(format!("d.body_id IN ({})", marks(bodies.len())));
        values.extend(bodies.iter().map(|&b| Value::from(b)));
    }
    if !scope.authorities.is_empty() {
        parts.push(format!(
            "(d.kind = 'demand' AND d.ref_id IN \
             (SELECT demand_id FROM referrals WHERE authority_id IN ({})))",
            marks(scope.authorities.len())
        ));
        values.extend(scope.authorities.iter().map(|&a| Value::from(a)));
    }
    c.push(format!("({})", parts.join(" OR ")), values);
}

/// Of confidential demands, only the rows this reader may find (see the
/// module's comment): those of their bodies, those addressed to their
/// authorities whole, the others by their title.
fn visible_sight(c: &mut Cond, scope: &ConfidentialScope) {
    let mut parts = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if !scope.bodies.is_empty() {
        parts.push(format!("d.body_id IN ({})", marks(scope.bodies.len())));
        values.extend(scope.bodies.iter().map(|&b| Value::from(b)));
    }
    if !scope.authorities.is_empty() {
        parts.push(format!(
            "d.ref_id IN (SELECT demand_id FROM referrals WHERE authority_id IN ({}))",
            marks(scope.authorities.len())
        ));
        values.extend(scope.authorities.iter().map(|&a| Value::from(a)));
    }
    let allowed = format!("({})", parts.join(" OR "));
    // The allowed part is written twice: its values are bound twice.
    let mut twice = values.clone();
    twice.extend(values);
    c.push(
        format!(
            "(d.sight = 'public' OR (d.sight = 'whole' AND {allowed}) \
             OR (d.sight = 'outline' AND NOT {allowed}))"
        ),
        twice,
    );
}

/// Which documents the words pick.
#[derive(Clone, Copy)]
enum Matching {
    /// Every word, anywhere.
    Anywhere,
    /// Every word, in the title.
    InTitle,
    /// Every word, but not every one in the title.
    NotInTitle,
}

/// `FROM … WHERE …` of a search on each database, with its values; `id`
/// names the document's id, the order of the index.
struct Sql {
    from_where: String,
    values: Vec<Value>,
    id: &'static str,
}

/// The words, the tokens and the plan's conditions as one search of the
/// database's own full-text index.
fn sql(backend: DbBackend, q: &Query, plan: &Plan, matching: Matching) -> Sql {
    let f = &plan.facets;
    let (matched, mut values): (&str, Vec<Value>) = match backend {
        DbBackend::Postgres => {
            let told: String = if plan.ids_by_index {
                plan.ids.iter().map(|c| c.tsquery()).collect()
            } else {
                String::new()
            };
            let all = Value::from(format!("({}){}{told}", q.tsquery(), f.tsquery()));
            match matching {
                Matching::Anywhere => ("d.terms @@ to_tsquery('simple', ?)", vec![all]),
                // The titles' own index (migration 17), which tells a title
                // match without reading the row.
                Matching::InTitle => ("d.terms_in_title @@ to_tsquery('simple', ?)", vec![all]),
                Matching::NotInTitle => (
                    "d.terms @@ to_tsquery('simple', ?) \
                     AND NOT d.terms_in_title @@ to_tsquery('simple', ?)",
                    vec![all, Value::from(q.tsquery())],
                ),
            }
        }
        _ => {
            let all = format!("({}){}", q.fts5(), f.fts5());
            let text = match matching {
                Matching::Anywhere => all,
                Matching::InTitle => format!("({}){}", q.fts5_in_title(), f.fts5()),
                Matching::NotInTitle => format!("({all}) NOT ({})", q.fts5_in_title()),
            };
            ("search_fts MATCH ?", vec![Value::from(text)])
        }
    };
    values.extend(plan.sql.values.iter().cloned());
    let id = match backend {
        DbBackend::Postgres => "d.id",
        _ => "search_fts.rowid",
    };
    let mut more = match backend {
        // In the full-text query above.
        DbBackend::Postgres if plan.ids_by_index => String::new(),
        _ => id_conditions(&plan.ids, id),
    };
    if !plan.sql.sql.is_empty() {
        more.push_str(&format!(" AND {}", plan.sql.joined()));
    }
    match backend {
        DbBackend::Postgres => Sql {
            from_where: format!("FROM search_docs d WHERE {matched}{more}"),
            values,
            id: "d.id",
        },
        _ if plan.sql.sql.is_empty() => Sql {
            from_where: format!("FROM search_fts WHERE {matched}{more}"),
            values,
            id: "search_fts.rowid",
        },
        _ => Sql {
            from_where: format!(
                "FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid \
                 WHERE {matched}{more}"
            ),
            values,
            // The index's own order (newest first) without a sort: the
            // same id as `d.id`.
            id: "search_fts.rowid",
        },
    }
}

/// The demands list's words for one reader (from [`demands_matching`]).
pub struct ListWords {
    /// `SELECT <demand id> FROM …` of every match, with PostgreSQL's
    /// numbered placeholders there.
    sub: String,
    values: Vec<Value>,
    /// SQLite, for a reader the index alone answers (the public, an
    /// administrator): the FTS5 expression and the conditions on the
    /// document's id, to ask of one demand at a time.
    probe: Option<(String, Vec<IdCond>)>,
    /// PostgreSQL: the matches asked with `Plan::ids_by_index`.
    told: Option<Told>,
}

/// The demands list's words on PostgreSQL as the full-text index alone
/// tells them (`Plan::ids_by_index`), numbered placeholders as `sub`'s.
struct Told {
    /// `SELECT <demand id> FROM …` of every match, for the estimate.
    select: String,
    /// Whether a demand (`"demands"."id"`) is among the matches, asked of
    /// its own documents (`EXISTS`). With the ids' conditions tested on
    /// each match instead, PostgreSQL expected a few hundred matches and
    /// read them all for every demand (42 s).
    own: String,
    values: Vec<Value>,
}

/// The demands whose words match `q` for this reader, for the demands
/// list; `None` when `q` has no words to search for. Turned into the list's
/// condition by [`list_condition`].
pub fn demands_matching(backend: DbBackend, who: Option<&Actor>, q: &str) -> Option<ListWords> {
    let query = Query::parse(q);
    if query.is_empty() {
        return None;
    }
    let mut plan = Plan::new();
    plan.ids.push(IdCond::Kind("demand"));
    // Bodies are chosen by the list itself.
    let scope = ConfidentialScope::of(who);
    let by_index = scope.all || scope.none();
    if by_index {
        visible(&mut plan, &[], &[], &scope);
    } else {
        visible_sight(&mut plan.sql, &scope);
    }
    let s = sql(backend, &query, &plan, Matching::Anywhere);
    // The demand's id is the document's divided (`index::doc_id`): on
    // SQLite the index alone answers, no document row is read.
    // sea-query's custom expressions take PostgreSQL's numbered
    // placeholders there (numbered within the expression), as
    // `statement` writes them.
    let sub = statement(
        backend,
        &format!("SELECT {} / {} {}", s.id, index::DOC_IDS, s.from_where),
        vec![],
    )
    .sql;
    let told = (backend == DbBackend::Postgres).then(|| {
        let by_index = Plan {
            ids_by_index: true,
            ..plan.clone()
        };
        let t = sql(backend, &query, &by_index, Matching::Anywhere);
        let numbered = |sql: String| statement(backend, &sql, vec![]).sql;
        Told {
            select: numbered(format!("SELECT d.id / {} {}", index::DOC_IDS, t.from_where)),
            // A demand's documents are the ids from its id × DOC_IDS on.
            own: numbered(format!(
                "EXISTS (SELECT 1 {} AND d.id BETWEEN \"demands\".\"id\" * {n} \
                 AND \"demands\".\"id\" * {n} + {last})",
                t.from_where,
                n = index::DOC_IDS,
                last = index::DOC_IDS - 1,
            )),
            values: t.values,
        }
    });
    let probe = (by_index && backend == DbBackend::Sqlite).then(|| {
        (
            format!("({}){}", query.fts5(), plan.facets.fts5()),
            plan.ids.clone(),
        )
    });
    Some(ListWords {
        sub,
        values: s.values,
        probe,
        told,
    })
}

/// Above this many matches, SQLite reads the demands list in its own order
/// rather than from the matches (see [`list_condition`]).
const MANY_MATCHES: u64 = 15_000;

/// Above this share of demands matching, SQLite asks the index of each
/// demand in the list's order (see [`list_condition`]).
const MOST_MATCH: f64 = 0.4;

/// From this many matches estimated, PostgreSQL reads the demands list in
/// its own order (see [`list_condition`]): where the two plans cost the
/// same at 666,000 demands, about 5 µs a demand asked against 6 µs a match
/// read.
const PG_MANY_MATCHES: f64 = 20_000.0;

/// PostgreSQL's estimate of the rows of `select` (`$n` placeholders), from
/// its plan: a planning, no row read.
async fn estimated_rows(
    db: &impl ConnectionTrait,
    select: &str,
    values: Vec<Value>,
) -> Result<f64, ServiceError> {
    let plan = db
        .query_one_raw(sea_orm::Statement::from_sql_and_values(
            DbBackend::Postgres,
            format!("EXPLAIN {select}"),
            values,
        ))
        .await?;
    // The first line is the top node: `… (cost=… rows=N width=…)`.
    let first: String = match plan {
        Some(row) => row.try_get_by_index(0)?,
        None => return Ok(0.0),
    };
    Ok(first
        .split("rows=")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0))
}

/// Demands sampled (the newest by id) to tell the share that matches.
const SAMPLE: i64 = 4_000;

/// The demands list's condition for its words, with its values. SQLite
/// follows the plan it is given, and the cheapest depends on how many
/// demands match (measured at 666,000 demands, the list's first 1,001 in
/// date order):
/// - up to [`MANY_MATCHES`]: the list is read from the matches and sorted
///   (about a microsecond a match);
/// - more: in the list's own order (index by date, migration 18), each
///   demand looked up among every match (a unary `+` keeps SQLite from
///   starting at the matches): 31–41 ms for a word in one demand in
///   eleven, where the first plan took 90–150;
/// - when [`MOST_MATCH`] of the newest demands match (a word of most
///   threads): in the list's order, the index asked of each demand
///   (`rowid BETWEEN`): 27 ms, where gathering 600,000 matches took 290.
///
/// PostgreSQL reads each match's row to learn its id, so there the choice
/// is made on its own estimate of the matches (its statistics of the
/// words, one `EXPLAIN`): from [`PG_MANY_MATCHES`] on, the list is read in
/// its own order and each demand's documents asked (`own`): 38–55 ms for
/// words in 46,000 to 110,000 demands, where reading their matches took
/// 265–843 ms; below it, from the matches (4–77 ms for a few thousand,
/// where walking the list took 290–660).
pub async fn list_condition(
    db: &impl ConnectionTrait,
    w: &ListWords,
) -> Result<(String, Vec<Value>), ServiceError> {
    if let Some(told) = &w.told {
        let plan =
            if estimated_rows(db, &told.select, told.values.clone()).await? >= PG_MANY_MATCHES {
                ListPlan::InDateOrder
            } else {
                ListPlan::FromMatches
            };
        return Ok(list_plan(w, plan));
    }
    let many = rows_up_to(db, &w.sub, w.values.clone(), MANY_MATCHES + 1).await? > MANY_MATCHES;
    let plan = if !many {
        ListPlan::FromMatches
    } else if w.probe.is_some() && share_matching(db, w).await? >= MOST_MATCH {
        ListPlan::AskEach
    } else {
        ListPlan::InDateOrder
    };
    Ok(list_plan(w, plan))
}

/// The share of the newest [`SAMPLE`] demands that `w` matches, from the
/// index alone (0 when it cannot tell). Called only when more than
/// [`MANY_MATCHES`] demands match, so there are more than [`SAMPLE`] demands
/// and the newest `SAMPLE` ids are all ≥ 1: the sample is `SAMPLE` ids wide.
async fn share_matching(db: &impl ConnectionTrait, w: &ListWords) -> Result<f64, ServiceError> {
    let Some((expr, ids)) = &w.probe else {
        return Ok(0.0);
    };
    let sampled = index::count(
        db,
        &format!(
            "SELECT COUNT(*) AS n FROM search_fts WHERE search_fts MATCH ? \
             AND search_fts.rowid >= \
             MAX((SELECT MAX(id) FROM demands) - {SAMPLE} + 1, 1) * {}{}",
            index::DOC_IDS,
            id_conditions(ids, "search_fts.rowid")
        ),
        vec![Value::from(expr.clone())],
    )
    .await?;
    Ok(sampled as f64 / SAMPLE as f64)
}

/// ` AND …` for each condition on the document's id `id`.
fn id_conditions(ids: &[IdCond], id: &str) -> String {
    ids.iter().map(|c| format!(" AND {}", c.sql(id))).collect()
}

/// How the demands list reads the matches of its words (see
/// [`list_condition`]); every plan selects the same demands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListPlan {
    /// From the matches, then sorted.
    FromMatches,
    /// In the list's own order, each demand looked up among the matches
    /// (PostgreSQL: among its own documents' matches).
    InDateOrder,
    /// In the list's own order, the index asked of each demand (SQLite,
    /// for readers the index alone answers; otherwise as `InDateOrder`).
    AskEach,
}

/// The list's condition for `w` read as `plan`, with its values.
pub fn list_plan(w: &ListWords, plan: ListPlan) -> (String, Vec<Value>) {
    let id = "\"demands\".\"id\"";
    match (plan, &w.probe) {
        (ListPlan::FromMatches, _) => (format!("{id} IN ({})", w.sub), w.values.clone()),
        (ListPlan::InDateOrder, _) | (ListPlan::AskEach, None) => match &w.told {
            Some(told) => (told.own.clone(), told.values.clone()),
            None => (format!("+{id} IN ({})", w.sub), w.values.clone()),
        },
        (ListPlan::AskEach, Some((expr, ids))) => (
            format!(
                "EXISTS (SELECT 1 FROM search_fts WHERE search_fts MATCH ? AND search_fts.rowid \
                 BETWEEN {id} * {n} AND {id} * {n} + {last}{conds})",
                n = index::DOC_IDS,
                last = index::DOC_IDS - 1,
                conds = id_conditions(ids, "search_fts.rowid"),
            ),
            vec![Value::from(expr.clone())],
        ),
    }
}

/// The filters beside the words.
async fn filters(
    db: &DatabaseConnection,
    f: &SearchQuery,
    bodies: &HashMap<i64, body::Model>,
    authorities: &[authority::Model],
    plan: &mut Plan,
) -> Result<(), ServiceError> {
    let c = &mut plan.sql;
    if !f.kind.trim().is_empty() {
        let kind = SearchKind::parse(f.kind.trim())
            .ok_or_else(|| ServiceError::field("kind", "invalid_value"))?;
        // Demands are most documents: tested on each match's id. The other
        // kinds are few: their token lets the index skip to them (tested
        // match by match, a meeting search read every demand of its word).
        if kind == SearchKind::Demand {
            plan.ids.push(IdCond::Kind(kind.as_str()));
        } else {
            plan.facets.require(facets::kind(kind.as_str()));
        }
    }
    if !f.body.trim().is_empty() {
        let id = bodies
            .values()
            .find(|b| b.key == f.body.trim())
            .map(|b| b.id)
            .ok_or_else(|| ServiceError::field("body", "invalid_value"))?;
        plan.facets.require(facets::body(id));
    }
    if !f.authority.trim().is_empty() {
        let id = authorities
            .iter()
            .find(|a| a.key == f.authority.trim())
            .map(|a| a.id)
            .ok_or_else(|| ServiceError::field("authority", "invalid_value"))?;
        c.push(
            "((d.kind = 'demand' AND d.ref_id IN \
              (SELECT demand_id FROM referrals WHERE authority_id = ?)) \
             OR (d.kind = 'authority' AND d.ref_id = ?))",
            [Value::from(id), Value::from(id)],
        );
    }
    if !f.topic.trim().is_empty() {
        let topic: Topic = f
            .topic
            .trim()
            .parse()
            .map_err(|_| ServiceError::field("topic", "invalid_value"))?;
        plan.facets.require(facets::topic(topic.as_str()));
    }
    if !f.status.trim().is_empty() {
        let status: ReferralStatus = f
            .status
            .trim()
            .parse()
            .map_err(|_| ServiceError::field("status", "invalid_value"))?;
        // Each referral's status now, from its facts brought up to date.
        facts::refresh(db).await?;
        c.push(
            "d.kind = 'demand' AND d.ref_id IN (SELECT r.demand_id FROM referral_facts f \
             JOIN referrals r ON r.id = f.referral_id WHERE f.status = ?)",
            [Value::from(i32::from(status_code(status)))],
        );
    }
    // The same day bounds as the demands list's.
    if let Some(from) = demands::day_start(&f.from)? {
        c.push("d.at >= ?", [Value::from(from)]);
    }
    if let Some(to) = demands::day_end(&f.to)? {
        c.push("d.at <= ?", [Value::from(to)]);
    }
    Ok(())
}

/// One row found.
struct Found {
    kind: String,
    ref_id: i64,
    sight: String,
    body_id: Option<i64>,
    topic: Option<String>,
    at: DateTime<Utc>,
    title: String,
    text: String,
}

/// How far a search counts (see [`SEARCH_COUNT_CAP`]); smaller in tests.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Matches are counted (and paged) up to this many.
    pub count_cap: u64,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        count_cap: SEARCH_COUNT_CAP,
    };
}

/// Searches as `who` may; an empty query finds nothing (the form alone).
pub async fn search(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    f: &SearchQuery,
) -> Result<SearchResults, ServiceError> {
    search_with(db, who, f, Limits::DEFAULT).await
}

/// [`search`] within the given limits.
#[tracing::instrument(skip(db))]
pub async fn search_with(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    f: &SearchQuery,
    limits: Limits,
) -> Result<SearchResults, ServiceError> {
    let backend = db.get_database_backend();
    // Every body, to name those of the results; the reader's own choice
    // of them, to search.
    let bodies: HashMap<i64, body::Model> = body::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect();
    let seen: HashMap<i64, body::Model> = bodies
        .iter()
        .filter(|(_, b)| may::see_body(who, b.public, b.id))
        .map(|(id, b)| (*id, b.clone()))
        .collect();
    let authorities = authority::Entity::find().all(db).await?;
    let body_choices = demands::choices(seen.values().map(|b| (&b.key, &b.name)));
    let authority_choices = demands::choices(authorities.iter().map(|a| (&a.key, &a.name)));
    let query = Query::parse(&f.q);
    let mut plan = Plan::new();
    filters(db, f, &seen, &authorities, &mut plan).await?;
    let mut results = SearchResults {
        q: f.q.trim().to_string(),
        hits: Vec::new(),
        total: 0,
        more: false,
        page: 1,
        pages: 1,
        bodies: body_choices,
        authorities: authority_choices,
    };
    if query.is_empty() {
        return Ok(results);
    }
    index::catch_up(db).await?;
    let mut seen_ids: Vec<i64> = seen.keys().copied().collect();
    seen_ids.sort_unstable();
    let mut hidden: Vec<i64> = bodies
        .keys()
        .filter(|id| !seen.contains_key(id))
        .copied()
        .collect();
    hidden.sort_unstable();
    visible(&mut plan, &hidden, &seen_ids, &ConfidentialScope::of(who));
    let s = sql(backend, &query, &plan, Matching::Anywhere);
    // The total (up to its cap), then the page's ids in order (the index
    // alone, for most readers), then the page's 20 rows.
    let txn = read(db).await?;
    let n = count_up_to(&txn, &s, limits.count_cap + 1).await?;
    txn.commit().await?;
    let total = n.min(limits.count_cap);
    let pages = total.div_ceil(SEARCH_PAGE_SIZE).max(1);
    let page = f.page.clamp(1, pages);
    results.total = total;
    results.more = n > limits.count_cap;
    results.pages = pages;
    results.page = page;
    if total == 0 {
        return Ok(results);
    }
    let ids = page_of(db, &query, &plan, page, !results.more).await?;
    if ids.is_empty() {
        return Ok(results);
    }
    let mut by_id: HashMap<i64, Found> = HashMap::new();
    for r in db
        .query_all_raw(statement(
            backend,
            &format!(
                "SELECT id, kind, ref_id, sight, body_id, topic, at, title, text \
                 FROM search_docs WHERE id IN ({})",
                marks(ids.len())
            ),
            ids.iter().map(|&i| Value::from(i)).collect(),
        ))
        .await?
    {
        let id: i64 = r.try_get("", "id")?;
        by_id.insert(
            id,
            Found {
                kind: r.try_get("", "kind")?,
                ref_id: r.try_get("", "ref_id")?,
                sight: r.try_get("", "sight")?,
                body_id: r.try_get("", "body_id")?,
                topic: r.try_get("", "topic")?,
                at: r.try_get("", "at")?,
                title: r.try_get("", "title")?,
                text: r.try_get("", "text")?,
            },
        );
    }
    let found: Vec<Found> = ids.iter().filter_map(|id| by_id.remove(id)).collect();
    results.hits = hits(db, who, &query, found, &bodies, &authorities).await?;
    Ok(results)
}

/// A transaction to read a search in. PostgreSQL underrates reading a
/// `tsvector` from its row (a long one is stored apart) and, for a count
/// that stops early, would test the documents one by one from the start —
/// 25 ms for a common word where its GIN index takes 8: its statements
/// run without sequential scans.
async fn read(db: &DatabaseConnection) -> Result<sea_orm::DatabaseTransaction, ServiceError> {
    let txn = db.begin().await?;
    if db.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared("SET LOCAL enable_seqscan = off")
            .await?;
    }
    Ok(txn)
}

/// The ids of page `page` of a search, in order: the matches with every
/// word in their title, then the others, each the newest first (by the id
/// of what they describe, `index::doc_id`). Read in each index's own
/// order, so no match is scored or sorted: relevance scores (BM25,
/// `ts_rank`) read every match, and each word's whole list of documents,
/// on every page — 10–30 ms for a common word at national scale, most of
/// a search.
///
/// `all_counted`: every match was counted (at most the cap). PostgreSQL
/// then reads them through its GIN index and sorts them; asked for the
/// newest 20 in the id's order it may walk the whole table backwards
/// looking for a few matches (2 s under load). A broad search is read in
/// the id's order, which finds its 20 at once.
async fn page_of(
    db: &DatabaseConnection,
    query: &Query,
    plan: &Plan,
    page: u64,
    all_counted: bool,
) -> Result<Vec<i64>, ServiceError> {
    let backend = db.get_database_backend();
    let offset = (page - 1) * SEARCH_PAGE_SIZE;
    let title = sql(backend, query, plan, Matching::InTitle);
    let rest = sql(backend, query, plan, Matching::NotInTitle);
    let txn = read(db).await?;
    let in_title_n = count_up_to(&txn, &title, offset + SEARCH_PAGE_SIZE).await?;
    // Newest first: in the id's order, or (`+ 0`) sorted after the GIN
    // index has found them, when they are few and all known.
    let newest = |few: bool| {
        if few && backend == DbBackend::Postgres {
            format!("{} + 0 DESC", title.id)
        } else {
            format!("{} DESC", title.id)
        }
    };
    let mut ids = Vec::new();
    if offset < in_title_n {
        let few = all_counted || in_title_n < offset + SEARCH_PAGE_SIZE;
        ids = page_ids(&txn, &title, &newest(few), offset, SEARCH_PAGE_SIZE).await?;
    }
    let want = SEARCH_PAGE_SIZE - ids.len() as u64;
    if want > 0 {
        let from = offset.saturating_sub(in_title_n);
        ids.extend(page_ids(&txn, &rest, &newest(all_counted), from, want).await?);
    }
    txn.commit().await?;
    Ok(ids)
}

/// How many documents `s` matches, counting no further than `cap`.
async fn count_up_to(db: &impl ConnectionTrait, s: &Sql, cap: u64) -> Result<u64, ServiceError> {
    let select = format!("SELECT 1 AS one {}", s.from_where);
    rows_up_to(db, &select, s.values.clone(), cap).await
}

/// How many rows `select` gives, counting no further than `cap` (the
/// engine stops reading at the cap).
async fn rows_up_to(
    db: &impl ConnectionTrait,
    select: &str,
    values: Vec<Value>,
    cap: u64,
) -> Result<u64, ServiceError> {
    let sql = format!("SELECT COUNT(*) AS n FROM ({select} LIMIT {cap}) AS m");
    Ok(index::count(db, &sql, values).await?)
}

/// The ids of `s`'s matches in `order`, `limit` of them from `offset`.
async fn page_ids(
    db: &impl ConnectionTrait,
    s: &Sql,
    order: &str,
    offset: u64,
    limit: u64,
) -> Result<Vec<i64>, ServiceError> {
    let rows = db
        .query_all_raw(statement(
            db.get_database_backend(),
            &format!(
                "SELECT {id} AS id {} ORDER BY {order} LIMIT {limit} OFFSET {offset}",
                s.from_where,
                id = s.id,
            ),
            s.values.clone(),
        ))
        .await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get::<i64>("", "id"))
        .collect::<Result<_, _>>()?)
}

/// The results as the page shows them: addresses, passages, and the
/// visibility rule asked again for each confidential demand.
async fn hits(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    query: &Query,
    found: Vec<Found>,
    bodies: &HashMap<i64, body::Model>,
    authorities: &[authority::Model],
) -> Result<Vec<SearchHit>, ServiceError> {
    let ids = |kind: &str| -> Vec<i64> {
        found
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| f.ref_id)
            .collect()
    };
    let demand_ids = ids("demand");
    let demands: HashMap<i64, demand::Model> = demand::Entity::find()
        .filter(demand::Column::Id.is_in(demand_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let mut addressed: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in referral::Entity::find()
        .filter(referral::Column::DemandId.is_in(demand_ids))
        .all(db)
        .await?
    {
        addressed
            .entry(r.demand_id)
            .or_default()
            .push(r.authority_id);
    }
    let meetings: HashMap<i64, meeting::Model> = meeting::Entity::find()
        .filter(meeting::Column::Id.is_in(ids("meeting")))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let mut out = Vec::with_capacity(found.len());
    for f in found {
        let b = f.body_id.and_then(|id| bodies.get(&id));
        let date = |b: &body::Model| time::rfc3339_in(f.at, time::zone(&b.timezone));
        let (kind, href, date) = match f.kind.as_str() {
            "demand" => {
                let (Some(d), Some(b)) = (demands.get(&f.ref_id), b) else {
                    continue;
                };
                let to = addressed.get(&d.id).map(Vec::as_slice).unwrap_or(&[]);
                let sight = DemandSight::of(who, d.confidential, d.body_id, to);
                let demand_ref = DemandRef {
                    body_id: d.body_id,
                    submitted_by: None,
                    addressed_to: to,
                };
                // The SQL's choice, asked again of the one rule.
                if (f.sight == "whole" && sight.withheld())
                    || !may::see_demand(who, b.public, &demand_ref)
                {
                    tracing::error!(demand = d.id, "search chose what its reader may not read");
                    continue;
                }
                (
                    SearchKind::Demand,
                    format!("/bodies/{}/demands/{}", b.key, d.key),
                    Some(date(b)),
                )
            }
            "meeting" => {
                let (Some(m), Some(b)) = (meetings.get(&f.ref_id), b) else {
                    continue;
                };
                if !may::see_body(who, b.public, b.id) {
                    continue;
                }
                (
                    SearchKind::Meeting,
                    format!("/bodies/{}/meetings/{}", b.key, m.key),
                    Some(date(b)),
                )
            }
            "body" => {
                let Some(b) = b.filter(|b| may::see_body(who, b.public, b.id)) else {
                    continue;
                };
                (SearchKind::Body, format!("/bodies/{}", b.key), None)
            }
            "authority" => {
                let Some(a) = authorities.iter().find(|a| a.id == f.ref_id) else {
                    continue;
                };
                (
                    SearchKind::Authority,
                    format!("/authorities/{}", a.key),
                    None,
                )
            }
            _ => continue,
        };
        out.push(SearchHit {
            kind,
            href,
            title: snippet::marked(&f.title, query),
            snippet: snippet::passage(&f.text, query),
            body_name: match kind {
                SearchKind::Demand | SearchKind::Meeting => b.map(|b| b.name.clone()),
                _ => None,
            },
            date,
            topic: f.topic.as_deref().and_then(|t| t.parse().ok()),
            outline: f.sight == "outline",
        });
    }
    Ok(out)
}
