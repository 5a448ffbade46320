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
use index::Sight;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter,
    TransactionTrait, Value,
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
    // Said as the one sight not wanted: a document has exactly one, and
    // FTS5 tests an exclusion match by match where "either of two" reads
    // both tokens' lists (each in most documents) whole.
    if scope.all {
        plan.facets.none_of.push(sight(Sight::Outline));
        return;
    }
    if scope.none() {
        plan.facets.none_of.push(sight(Sight::Whole));
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
            let all = Value::from(format!("({}){}", q.tsquery(), f.tsquery()));
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
    let more = if plan.sql.sql.is_empty() {
        String::new()
    } else {
        format!(" AND {}", plan.sql.joined())
    };
    match backend {
        DbBackend::Postgres => Sql {
            from_where: format!("FROM search_docs d WHERE {matched}{more}"),
            values,
            id: "d.id",
        },
        _ if plan.sql.sql.is_empty() => Sql {
            from_where: format!("FROM search_fts WHERE {matched}"),
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
    let s = sql(backend, &query, &plan, Matching::Anywhere);
    // The demand's id is the document's divided (`index::doc_id`): on
    // SQLite the index alone answers, no document row is read.
    // sea-query's custom expressions take PostgreSQL's numbered
    // placeholders there (numbered within the expression), as
    // `statement` writes them.
    let sql = statement(
        backend,
        &format!("SELECT {} / {} {}", s.id, index::DOC_IDS, s.from_where),
        vec![],
    )
    .sql;
    Some((sql, s.values))
}

/// Whether the demands `sub` selects (from [`demands_matching`]) are more
/// than `n`, counting no further.
pub async fn matches_more_than(
    db: &impl ConnectionTrait,
    sub: &str,
    values: &[Value],
    n: u64,
) -> Result<bool, ServiceError> {
    // `sub` is numbered for PostgreSQL already; nothing here is a `?`.
    let found = index::count(
        db,
        &format!("SELECT COUNT(*) AS n FROM ({sub} LIMIT {}) AS m", n + 1),
        values.to_vec(),
    )
    .await?;
    Ok(found > n)
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
    Ok(index::count(
        db,
        &format!(
            "SELECT COUNT(*) AS n FROM (SELECT 1 AS one {} LIMIT {cap}) AS m",
            s.from_where
        ),
        s.values.clone(),
    )
    .await?)
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
