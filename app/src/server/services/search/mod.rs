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
pub mod index;
pub mod snippet;

use crate::domain::clock::status_code;
use crate::domain::enums::{ReferralStatus, Topic};
use crate::domain::search::{SearchHit, SearchKind, SearchQuery, SearchResults, SEARCH_PAGE_SIZE};
use crate::server::authz::{may, Actor, DemandRef};
use crate::server::error::ServiceError;
use crate::server::services::metrics::{facts, referrals::statement};
use crate::server::time;
use crate::server::visibility::{ConfidentialScope, DemandSight};
use analyzer::Query;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use entity::{authority, body, demand, meeting, referral};
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
/// module's comment).
fn visible_sight(c: &mut Cond, scope: &ConfidentialScope) {
    if scope.all {
        c.push("d.sight IN ('public', 'whole')", []);
        return;
    }
    if scope.none() {
        c.push("d.sight IN ('public', 'outline')", []);
        return;
    }
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

/// The match of the words, and the order of relevance, on each database.
fn engine(backend: DbBackend) -> (&'static str, &'static str, &'static str) {
    match backend {
        DbBackend::Postgres => (
            "search_docs d",
            "d.terms @@ to_tsquery('simple', ?)",
            // Weights {D, C, B, A}: the title (A) counts five times the text.
            "ts_rank('{0.01, 0.01, 0.2, 1.0}', d.terms, to_tsquery('simple', ?)) DESC",
        ),
        _ => (
            "search_fts JOIN search_docs d ON d.id = search_fts.rowid",
            "search_fts MATCH ?",
            // BM25 per column: the title counts ten times the text.
            "bm25(search_fts, 10.0, 1.0)",
        ),
    }
}

fn query_text(backend: DbBackend, q: &Query) -> String {
    match backend {
        DbBackend::Postgres => q.tsquery(),
        _ => q.fts5(),
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
    let (from, matches, _) = engine(backend);
    let mut c = Cond::new();
    c.push(matches, [Value::from(query_text(backend, &query))]);
    c.push("d.kind = 'demand'", []);
    // Bodies are chosen by the list itself.
    visible_sight(&mut c, &ConfidentialScope::of(who));
    let sql = format!("SELECT d.ref_id FROM {from} WHERE {}", c.joined());
    // sea-query's custom expressions take PostgreSQL's numbered
    // placeholders there (numbered within the expression).
    let sql = match backend {
        DbBackend::Postgres => {
            let mut n = 0;
            sql.chars()
                .map(|ch| {
                    if ch == '?' {
                        n += 1;
                        format!("${n}")
                    } else {
                        ch.to_string()
                    }
                })
                .collect()
        }
        _ => sql,
    };
    Some((sql, c.values))
}

fn day(s: &str, field: &str) -> Result<Option<NaiveDate>, ServiceError> {
    match s.trim() {
        "" => Ok(None),
        v => v
            .parse()
            .map(Some)
            .map_err(|_| ServiceError::field(field, "invalid_date")),
    }
}

/// The filters beside the words.
async fn filters(
    db: &DatabaseConnection,
    f: &SearchQuery,
    bodies: &HashMap<i64, body::Model>,
    authorities: &[authority::Model],
    c: &mut Cond,
) -> Result<(), ServiceError> {
    if !f.kind.trim().is_empty() {
        let kind = SearchKind::parse(f.kind.trim())
            .ok_or_else(|| ServiceError::field("kind", "invalid_value"))?;
        c.push("d.kind = ?", [Value::from(kind.as_str())]);
    }
    if !f.body.trim().is_empty() {
        let id = bodies
            .values()
            .find(|b| b.key == f.body.trim())
            .map(|b| b.id)
            .ok_or_else(|| ServiceError::field("body", "invalid_value"))?;
        c.push("d.body_id = ?", [Value::from(id)]);
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
        c.push(
            "d.kind = 'demand' AND d.topic = ?",
            [Value::from(topic.as_str())],
        );
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
    if let Some(from) = day(&f.from, "from")? {
        c.push(
            "d.at >= ?",
            [Value::from(from.and_time(NaiveTime::MIN).and_utc())],
        );
    }
    if let Some(to) = day(&f.to, "to")? {
        let end = to.and_hms_opt(23, 59, 59).map(|t| t.and_utc());
        c.push("d.at <= ?", [Value::from(end)]);
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

/// Searches as `who` may; an empty query finds nothing (the form alone).
#[tracing::instrument(skip(db))]
pub async fn search(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    f: &SearchQuery,
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
    let mut body_choices: Vec<(String, String)> = seen
        .values()
        .map(|b| (b.key.clone(), b.name.clone()))
        .collect();
    body_choices.sort_by(|a, b| a.1.cmp(&b.1));
    let mut authority_choices: Vec<(String, String)> = authorities
        .iter()
        .map(|a| (a.key.clone(), a.name.clone()))
        .collect();
    authority_choices.sort_by(|a, b| a.1.cmp(&b.1));
    let query = Query::parse(&f.q);
    let mut c = Cond::new();
    filters(db, f, &seen, &authorities, &mut c).await?;
    let mut results = SearchResults {
        q: f.q.trim().to_string(),
        hits: Vec::new(),
        total: 0,
        page: 1,
        pages: 1,
        bodies: body_choices,
        authorities: authority_choices,
    };
    if query.is_empty() {
        return Ok(results);
    }
    index::catch_up(db).await?;
    let (from, matches, rank) = engine(backend);
    let text = query_text(backend, &query);
    let mut visible_ids: Vec<i64> = seen.keys().copied().collect();
    visible_ids.sort_unstable();
    let mut all = Cond::new();
    all.push(matches, [Value::from(text.clone())]);
    let scope = ConfidentialScope::of(who);
    visible_bodies(&mut all, &visible_ids, &scope);
    visible_sight(&mut all, &scope);
    all.sql.extend(c.sql);
    all.values.extend(c.values);
    let row = db
        .query_one_raw(statement(
            backend,
            &format!("SELECT COUNT(*) AS n FROM {from} WHERE {}", all.joined()),
            all.values.clone(),
        ))
        .await?;
    let total = row
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0)
        .max(0) as u64;
    let pages = total.div_ceil(SEARCH_PAGE_SIZE).max(1);
    let page = f.page.clamp(1, pages);
    results.total = total;
    results.pages = pages;
    results.page = page;
    if total == 0 {
        return Ok(results);
    }
    let mut values = all.values.clone();
    if backend == DbBackend::Postgres {
        values.push(Value::from(text));
    }
    let rows = db
        .query_all_raw(statement(
            backend,
            &format!(
                "SELECT d.kind, d.ref_id, d.sight, d.body_id, d.topic, d.at, d.title, d.text \
                 FROM {from} WHERE {} ORDER BY {rank}, d.at DESC, d.id DESC \
                 LIMIT {SEARCH_PAGE_SIZE} OFFSET {}",
                all.joined(),
                (page - 1) * SEARCH_PAGE_SIZE
            ),
            values,
        ))
        .await?;
    let mut found = Vec::with_capacity(rows.len());
    for r in rows {
        found.push(Found {
            kind: r.try_get("", "kind")?,
            ref_id: r.try_get("", "ref_id")?,
            sight: r.try_get("", "sight")?,
            body_id: r.try_get("", "body_id")?,
            topic: r.try_get("", "topic")?,
            at: r.try_get("", "at")?,
            title: r.try_get("", "title")?,
            text: r.try_get("", "text")?,
        });
    }
    results.hits = hits(db, who, &query, found, &bodies, &authorities).await?;
    Ok(results)
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
