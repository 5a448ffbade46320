//! Site search (`/buscar`, `GET /api/v1/search`): demands with their whole
//! thread, meeting agendas and published minutes, bodies and authorities,
//! ranked with title matches first and marked passages, filtered and
//! paginated; and the demands list's words filter.
//!
//! The words are analysed by the application ([`analyzer`]) and matched by
//! each database's own full-text index (migration 13): FTS5 with BM25 on
//! SQLite, a GIN-indexed `tsvector` with `ts_rank` on PostgreSQL.
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
use index::Sight;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, Value,
};
use std::collections::HashMap;

/// A SQL condition over `search_docs d` with its bound values (`?`).
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
struct Plan {
    facets: Facets,
    sql: Cond,
}

/// What the reader may find. The anonymous public and administrators (by
/// far the most searches) are answered by the index alone; a reader with
/// grants reads confidential demands of some bodies and authorities, which
/// SQL decides.
fn visible(plan: &mut Plan, hidden: &[i64], seen: &[i64], scope: &ConfidentialScope) {
    use facets::{body, sight};
    if scope.all {
        plan.facets
            .any_of
            .push(vec![sight(Sight::Public), sight(Sight::Whole)]);
        return;
    }
    if scope.none() {
        plan.facets
            .any_of
            .push(vec![sight(Sight::Public), sight(Sight::Outline)]);
        plan.facets.none_of = hidden.iter().map(|&b| body(b)).collect();
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

/// The words and the tokens as one full-text query of the database.
fn full_text(backend: DbBackend, q: &Query, f: &Facets) -> String {
    match backend {
        DbBackend::Postgres => format!("({}){}", q.tsquery(), f.tsquery()),
        _ => format!("({}){}", q.fts5(), f.fts5()),
    }
}

/// `FROM … WHERE …` of a search on each database, with its values; `id`
/// names the document's id, `rank` orders by relevance (its values after
/// the others).
struct Sql {
    from_where: String,
    values: Vec<Value>,
    id: &'static str,
    rank: String,
    rank_values: Vec<Value>,
}

fn sql(backend: DbBackend, q: &Query, plan: &Plan) -> Sql {
    sql_of(backend, full_text(backend, q, &plan.facets), q, plan)
}

/// The words matched in the titles, with the tokens.
fn in_title(backend: DbBackend, q: &Query, f: &Facets) -> String {
    match backend {
        DbBackend::Postgres => format!("({}){}", q.tsquery_in_title(), f.tsquery()),
        _ => format!("({}){}", q.fts5_in_title(), f.fts5()),
    }
}

/// The words matched, but not all in the title, with the tokens.
fn not_in_title(backend: DbBackend, q: &Query, f: &Facets) -> String {
    let all = full_text(backend, q, f);
    match backend {
        DbBackend::Postgres => format!("({all}) & !({})", q.tsquery_in_title()),
        _ => format!("({all}) NOT ({})", q.fts5_in_title()),
    }
}

/// [`sql`] for a given full-text query `text`.
fn sql_of(backend: DbBackend, text: String, q: &Query, plan: &Plan) -> Sql {
    let mut values = vec![Value::from(text)];
    values.extend(plan.sql.values.iter().cloned());
    let more = if plan.sql.sql.is_empty() {
        String::new()
    } else {
        format!(" AND {}", plan.sql.joined())
    };
    match backend {
        DbBackend::Postgres => Sql {
            from_where: format!(
                "FROM search_docs d WHERE d.terms @@ to_tsquery('simple', ?){more}"
            ),
            values,
            id: "d.id",
            // Weights {D, C, B, A}: the title (A) counts five times the
            // text (B); the tokens (D) nothing.
            // Ranked by the words alone (the tokens would weigh every
            // match alike, and their zero weight would flatten the rank).
            rank: "ts_rank('{0, 0.01, 0.2, 1.0}', d.terms, to_tsquery('simple', ?)) DESC".into(),
            rank_values: vec![Value::from(q.tsquery())],
        },
        _ if plan.sql.sql.is_empty() => Sql {
            from_where: "FROM search_fts WHERE search_fts MATCH ?".into(),
            values,
            id: "search_fts.rowid",
            // BM25 per column: the title counts ten times the text.
            rank: "bm25(search_fts, 10.0, 1.0, 0.0)".into(),
            rank_values: vec![],
        },
        _ => Sql {
            from_where: format!(
                "FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid \
                 WHERE search_fts MATCH ?{more}"
            ),
            values,
            // The index's own order (newest first) without a sort: the
            // same id as `d.id`.
            id: "search_fts.rowid",
            rank: "bm25(search_fts, 10.0, 1.0, 0.0)".into(),
            rank_values: vec![],
        },
    }
}

/// A condition selecting the demands (`demands.id`) whose words match `q`
/// for this reader, for the demands list; `None` when `q` has no words to
/// search for. Call [`index::catch_up`] first.
pub fn demands_matching(
    backend: DbBackend,
    who: Option<&Actor>,
    q: &str,
) -> Option<(String, Vec<Value>)> {
    let query = Query::parse(q);
    if query.is_empty() {
        return None;
    }
    let mut plan = Plan {
        facets: Facets::default(),
        sql: Cond::new(),
    };
    plan.facets.require(facets::kind("demand"));
    // Bodies are chosen by the list itself.
    let scope = ConfidentialScope::of(who);
    if scope.all || scope.none() {
        visible(&mut plan, &[], &[], &scope);
    } else {
        visible_sight(&mut plan.sql, &scope);
    }
    // The demand's id is in the document's row.
    if plan.sql.sql.is_empty() {
        plan.sql.push("1 = 1", []);
    }
    let s = sql(backend, &query, &plan);
    // sea-query's custom expressions take PostgreSQL's numbered
    // placeholders there (numbered within the expression), as
    // `statement` writes them.
    let sql = statement(
        backend,
        &format!("SELECT d.ref_id {}", s.from_where),
        vec![],
    )
    .sql;
    Some((sql, s.values))
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
        plan.facets.require(facets::kind(kind.as_str()));
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

/// How far a search counts and ranks (see [`RANK_ALL`] and
/// [`SEARCH_COUNT_CAP`]); smaller in tests, to reach both ways of ordering.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Up to this many matches are ranked by relevance, each of them.
    pub rank_all: u64,
    /// Matches are counted (and paged) up to this many.
    pub count_cap: u64,
}

impl Limits {
    pub const DEFAULT: Limits = Limits {
        rank_all: RANK_ALL,
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
    let mut plan = Plan {
        facets: Facets::default(),
        sql: Cond::new(),
    };
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
    let s = sql(backend, &query, &plan);
    // The total (up to its cap), then the page's ids in order (the index
    // alone, for most readers), then the page's 20 rows.
    let n = count_up_to(db, &s, limits.count_cap + 1).await?;
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
    let offset = (page - 1) * SEARCH_PAGE_SIZE;
    let ids: Vec<i64> = if n <= limits.rank_all {
        // Few enough to rank every match by relevance.
        let mut values = s.values.clone();
        values.extend(s.rank_values.iter().cloned());
        page_ids(
            db,
            &s,
            &format!("{}, {} DESC", s.rank, s.id),
            values,
            offset,
            SEARCH_PAGE_SIZE,
        )
        .await?
    } else {
        // Too many to rank each (about a microsecond a match, every page):
        // the matches with the words in their title first, then the rest,
        // each the most recently indexed first (a document is indexed again
        // whenever its thread changes).
        let title = sql_of(
            backend,
            in_title(backend, &query, &plan.facets),
            &query,
            &plan,
        );
        let rest = sql_of(
            backend,
            not_in_title(backend, &query, &plan.facets),
            &query,
            &plan,
        );
        let in_title_n = count_up_to(db, &title, offset + SEARCH_PAGE_SIZE).await?;
        let newest = format!("{} DESC", s.id);
        let mut ids = Vec::new();
        if offset < in_title_n {
            ids = page_ids(
                db,
                &title,
                &newest,
                title.values.clone(),
                offset,
                SEARCH_PAGE_SIZE,
            )
            .await?;
        }
        let want = SEARCH_PAGE_SIZE - ids.len() as u64;
        if want > 0 {
            let from = offset.saturating_sub(in_title_n);
            ids.extend(page_ids(db, &rest, &newest, rest.values.clone(), from, want).await?);
        }
        ids
    };

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

/// Up to this many matches are ranked by relevance (BM25, `ts_rank`).
const RANK_ALL: u64 = 2_000;

/// How many documents `s` matches, counting no further than `cap`.
async fn count_up_to(db: &DatabaseConnection, s: &Sql, cap: u64) -> Result<u64, ServiceError> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(statement(
            backend,
            &format!(
                "SELECT COUNT(*) AS n FROM (SELECT 1 AS one {} LIMIT {cap}) AS m",
                s.from_where
            ),
            s.values.clone(),
        ))
        .await?;
    Ok(row
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0)
        .max(0) as u64)
}

/// The ids of `s`'s matches in `order`, `limit` of them from `offset`.
async fn page_ids(
    db: &DatabaseConnection,
    s: &Sql,
    order: &str,
    values: Vec<Value>,
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
            values,
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
