//! Keeping `search_docs` in step with what it describes (migration 13).
//!
//! Triggers queue in `search_pending` every demand, meeting, body and
//! authority whose words may have changed, in the writer's transaction;
//! [`catch_up`] takes the queue in batches and writes each one's documents
//! again. Searches call it before reading, so a search never misses a
//! committed write; the server also calls it at start-up (a new
//! installation's existing rows) and an import inside its own transaction.
//! Writing a document twice is harmless, so instances that drain at once
//! only repeat work.
use super::{analyzer, facets};
use crate::server::markdown;
use crate::server::services::metrics::referrals::statement;
use chrono::{DateTime, Utc};
use entity::{assessment, authority, body, demand, meeting, referral, referral_event};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    TransactionSession, TransactionTrait, Value,
};
use std::collections::HashMap;

/// Queued things taken at once.
const BATCH: usize = 500;

/// Batches between two readings of the documents' statistics in a long
/// drain (PostgreSQL).
const ANALYZE_EVERY: usize = 40;
/// The longest text kept for a document (a very long set of minutes is
/// found by its first pages).
const MAX_TEXT: usize = 60_000;

/// Who may find a document (`search_docs.sight`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    /// Everyone who may see its body.
    Public,
    /// The title of a confidential demand, for those who may not read it.
    Outline,
    /// A confidential demand whole, for those who may read it.
    Whole,
}

impl Sight {
    fn code(self) -> i64 {
        match self {
            Sight::Public => 0,
            Sight::Outline => 1,
            Sight::Whole => 2,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Sight::Public => "public",
            Sight::Outline => "outline",
            Sight::Whole => "whole",
        }
    }
}

/// How many document ids each thing has: `ref_id * DOC_IDS` is the first.
pub const DOC_IDS: i64 = 16;

/// A document's id, derived from what it describes (migration 16): the
/// demands matching a search are the index's row ids divided by
/// [`DOC_IDS`], without reading a row; and the index's own order is the
/// newest thing first, whatever was written last.
pub fn doc_id(kind: &str, ref_id: i64, sight: Sight) -> i64 {
    ref_id * DOC_IDS + kind_code(kind) * 4 + sight.code()
}

fn kind_code(kind: &str) -> i64 {
    match kind {
        "demand" => 0,
        "meeting" => 1,
        "body" => 2,
        _ => 3,
    }
}

/// What a document is, told by its id ([`doc_id`]) as well as by its
/// facet tokens: the documents of one kind, or every sight but one.
///
/// Searches test it on each match's id ([`IdCond::sql`]): both tokens are
/// in most documents, and FTS5 merged their lists with the words'. The
/// demands list on PostgreSQL also asks it of the full-text index
/// ([`IdCond::tsquery`], see `Plan::ids_by_index`), whose statistics then
/// estimate how many documents match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdCond {
    Kind(&'static str),
    NotSight(Sight),
}

impl IdCond {
    /// The condition in SQL over the document id `id`.
    pub fn sql(self, id: &str) -> String {
        match self {
            IdCond::Kind(kind) => format!("({id} & 12) = {}", kind_code(kind) * 4),
            IdCond::NotSight(s) => format!("({id} & 3) <> {}", s.code()),
        }
    }

    /// The condition as a PostgreSQL `to_tsquery` clause to follow the
    /// words' (` & …`).
    pub fn tsquery(self) -> String {
        match self {
            IdCond::Kind(kind) => format!(" & '{}'", facets::kind(kind)),
            IdCond::NotSight(s) => format!(" & !'{}'", facets::sight(s)),
        }
    }
}

/// One row of `search_docs`, before analysis.
#[derive(Debug, Clone)]
struct Doc {
    kind: &'static str,
    ref_id: i64,
    sight: Sight,
    body_id: Option<i64>,
    topic: Option<String>,
    at: DateTime<Utc>,
    title: String,
    text: String,
}

fn capped(mut s: String) -> String {
    if s.len() > MAX_TEXT {
        let mut end = MAX_TEXT;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

fn joined<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A demand with its text and whole thread (every event's text, every
/// verdict's note).
async fn demand_docs<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<Doc>, DbErr> {
    let demands = demand::Entity::find()
        .filter(demand::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    let referrals: HashMap<i64, i64> = referral::Entity::find()
        .filter(referral::Column::DemandId.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.demand_id))
        .collect();
    let referral_ids: Vec<i64> = referrals.keys().copied().collect();
    let mut thread: HashMap<i64, Vec<(DateTime<Utc>, String)>> = HashMap::new();
    for e in referral_event::Entity::find()
        .filter(referral_event::Column::ReferralId.is_in(referral_ids.clone()))
        .order_by_asc(referral_event::Column::Seq)
        .all(db)
        .await?
    {
        if let Some(d) = referrals.get(&e.referral_id) {
            thread
                .entry(*d)
                .or_default()
                .push((e.at, markdown::to_plain(&e.text)));
        }
    }
    for a in assessment::Entity::find()
        .filter(assessment::Column::ReferralId.is_in(referral_ids))
        .order_by_asc(assessment::Column::Seq)
        .all(db)
        .await?
    {
        if let (Some(d), Some(note)) = (referrals.get(&a.referral_id), a.note) {
            thread
                .entry(*d)
                .or_default()
                .push((a.at, markdown::to_plain(&note)));
        }
    }
    let mut docs = Vec::new();
    for d in demands {
        let mut entries = thread.remove(&d.id).unwrap_or_default();
        entries.sort_by_key(|(at, _)| *at);
        let own = markdown::to_plain(&d.text);
        let text = capped(joined(
            std::iter::once(own.as_str()).chain(entries.iter().map(|(_, t)| t.as_str())),
        ));
        let doc = |sight, text| Doc {
            kind: "demand",
            ref_id: d.id,
            sight,
            body_id: Some(d.body_id),
            topic: Some(d.topic.clone()),
            at: d.submitted_at,
            title: d.title.clone(),
            text,
        };
        if d.confidential {
            docs.push(doc(Sight::Outline, String::new()));
            docs.push(doc(Sight::Whole, text));
        } else {
            docs.push(doc(Sight::Public, text));
        }
    }
    Ok(docs)
}

/// A meeting with its agenda, its minutes once published, and why it was
/// cancelled.
async fn meeting_docs<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<Doc>, DbErr> {
    Ok(meeting::Entity::find()
        .filter(meeting::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            let agenda = m
                .agenda
                .as_deref()
                .map(markdown::to_plain)
                .unwrap_or_default();
            // Draft minutes are the secretary's until published.
            let minutes = match (&m.minutes, m.minutes_published_at) {
                (Some(text), Some(_)) => markdown::to_plain(text),
                _ => String::new(),
            };
            let cancelled = m.cancel_reason.clone().unwrap_or_default();
            Doc {
                kind: "meeting",
                ref_id: m.id,
                sight: Sight::Public,
                body_id: Some(m.body_id),
                topic: None,
                at: m.starts_at,
                title: m.title,
                text: capped(joined([
                    agenda.as_str(),
                    minutes.as_str(),
                    cancelled.as_str(),
                ])),
            }
        })
        .collect())
}

async fn body_docs<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<Doc>, DbErr> {
    Ok(body::Entity::find()
        .filter(body::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|b| Doc {
            kind: "body",
            ref_id: b.id,
            sight: Sight::Public,
            body_id: Some(b.id),
            topic: None,
            at: b.created_at,
            title: b.name,
            text: b.jurisdiction,
        })
        .collect())
}

async fn authority_docs<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<Doc>, DbErr> {
    Ok(authority::Entity::find()
        .filter(authority::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| Doc {
            kind: "authority",
            ref_id: a.id,
            sight: Sight::Public,
            body_id: None,
            topic: None,
            at: a.created_at,
            title: a.name,
            text: a.acronym.unwrap_or_default(),
        })
        .collect())
}

/// Writes again the documents of `ids` of one kind (removing those of
/// things that no longer exist).
async fn rewrite<C: ConnectionTrait>(db: &C, kind: &str, ids: &[i64]) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let docs = match kind {
        "demand" => demand_docs(db, ids).await?,
        "meeting" => meeting_docs(db, ids).await?,
        "body" => body_docs(db, ids).await?,
        "authority" => authority_docs(db, ids).await?,
        _ => Vec::new(),
    };
    let marks = vec!["?"; ids.len()].join(", ");
    let mut values: Vec<Value> = vec![kind.into()];
    values.extend(ids.iter().map(|&i| Value::from(i)));
    db.execute_raw(statement(
        backend,
        &format!("DELETE FROM search_docs WHERE kind = ? AND ref_id IN ({marks})"),
        values,
    ))
    .await?;
    // Under both databases' limits on bound values.
    for chunk in docs.chunks(300) {
        let row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 12);
        for d in chunk {
            values.extend([
                Value::from(doc_id(d.kind, d.ref_id, d.sight)),
                Value::from(d.kind),
                Value::from(d.ref_id),
                Value::from(d.sight.as_str()),
                Value::from(d.body_id),
                Value::from(d.topic.clone()),
                Value::from(d.at),
                Value::from(d.title.clone()),
                Value::from(d.text.clone()),
                Value::from(analyzer::indexed(&d.title)),
                Value::from(analyzer::indexed(&d.text)),
                Value::from(facets::of(d.kind, d.sight, d.topic.as_deref(), d.body_id)),
            ]);
        }
        // Another instance may have written the same document meanwhile
        // (PostgreSQL): the later write wins, no duplicate.
        let sql = format!(
            "INSERT INTO search_docs (id, kind, ref_id, sight, body_id, topic, at, title, text, \
             title_terms, text_terms, facets) VALUES {} \
             ON CONFLICT (kind, ref_id, sight) DO UPDATE SET body_id = excluded.body_id, \
             topic = excluded.topic, at = excluded.at, title = excluded.title, \
             text = excluded.text, title_terms = excluded.title_terms, \
             text_terms = excluded.text_terms, facets = excluded.facets",
            vec![row; chunk.len()].join(", ")
        );
        db.execute_raw(statement(backend, &sql, values)).await?;
    }
    Ok(())
}

/// Where a drain has got to in the queue's order (kind, id).
type Cursor = Option<(String, i64)>;

/// Takes one batch from the queue, after `after` in its order, and writes
/// its documents; how many were taken and the last one.
async fn drain_batch<C: ConnectionTrait>(db: &C, after: &Cursor) -> Result<(usize, Cursor), DbErr> {
    let backend = db.get_database_backend();
    // Taken by deleting: a concurrent drainer waits for this one and then
    // finds them gone. A write that queues one of them again after this
    // point queues a new row, drained later. Read from the cursor on:
    // inside one long transaction (an import) the rows taken before stay
    // in PostgreSQL's index until it commits, and reading from the start
    // each time would step over all of them again.
    let (from, values) = match after {
        Some((kind, id)) => (
            "WHERE (kind, ref_id) > (?, ?) ",
            vec![Value::from(kind.clone()), Value::from(*id)],
        ),
        None => ("", vec![]),
    };
    let rows = db
        .query_all_raw(statement(
            backend,
            &format!(
                "DELETE FROM search_pending WHERE (kind, ref_id) IN \
                 (SELECT kind, ref_id FROM search_pending {from}ORDER BY kind, ref_id LIMIT {BATCH}) \
                 RETURNING kind, ref_id"
            ),
            values,
        ))
        .await?;
    let mut by_kind: HashMap<String, Vec<i64>> = HashMap::new();
    let mut last: Cursor = None;
    for r in &rows {
        let kind: String = r.try_get("", "kind")?;
        let id: i64 = r.try_get("", "ref_id")?;
        if last
            .as_ref()
            .is_none_or(|(k, i)| (k.as_str(), *i) < (kind.as_str(), id))
        {
            last = Some((kind.clone(), id));
        }
        by_kind.entry(kind).or_default().push(id);
    }
    for (kind, ids) in by_kind {
        rewrite(db, &kind, &ids).await?;
    }
    Ok((rows.len(), last))
}

/// The `n` of a statement `SELECT COUNT(*) AS n …` (`?` placeholders).
pub(super) async fn count<C: ConnectionTrait>(
    db: &C,
    sql: &str,
    values: Vec<Value>,
) -> Result<u64, DbErr> {
    let row = db
        .query_one_raw(statement(db.get_database_backend(), sql, values))
        .await?;
    Ok(row
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0)
        .max(0) as u64)
}

/// How many things wait to be indexed again.
pub async fn queued<C: ConnectionTrait>(db: &C) -> Result<usize, DbErr> {
    Ok(count(db, "SELECT COUNT(*) AS n FROM search_pending", vec![]).await? as usize)
}

/// Before draining what a large write queued in its own transaction (an
/// import): fresh statistics of the tables the documents are read from.
/// PostgreSQL has none for rows its transaction wrote, and would read every
/// event of every referral for each batch of 500 documents.
async fn prepare_long_drain<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared(
            "ANALYZE demands, referrals, referral_events, assessments, meetings, search_pending",
        )
        .await?;
    }
    Ok(())
}

/// PostgreSQL's full-text indexes of `search_docs` (migrations 13 and 17):
/// (name, column).
const PG_TEXT_INDEXES: [(&str, &str); 2] = [
    ("search_docs_terms", "terms"),
    ("search_docs_terms_in_title", "terms_in_title"),
];

/// [`catch_up`] after a large write in its own transaction (an import):
/// fresh statistics first ([`prepare_long_drain`]); and on PostgreSQL,
/// when there were no documents yet (a new installation's first import),
/// the full-text indexes are built once after the documents are written —
/// GIN builds an index at once several times faster than it takes rows
/// one by one. They are taken away inside the transaction, so nothing else
/// ever sees the table without them.
pub async fn drain_long<C: ConnectionTrait + TransactionTrait>(db: &C) -> Result<usize, DbErr> {
    prepare_long_drain(db).await?;
    let pg = db.get_database_backend() == DbBackend::Postgres;
    let rebuild = pg
        && db
            .query_one_raw(statement(
                DbBackend::Postgres,
                "SELECT 1 AS one FROM search_docs LIMIT 1",
                vec![],
            ))
            .await?
            .is_none();
    if rebuild {
        for (name, _) in PG_TEXT_INDEXES {
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS {name}"))
                .await?;
        }
    }
    let n = catch_up(db).await?;
    if rebuild {
        db.execute_unprepared("SET LOCAL maintenance_work_mem = '256MB'")
            .await?;
        for (name, column) in PG_TEXT_INDEXES {
            db.execute_unprepared(&format!(
                "CREATE INDEX {name} ON search_docs USING GIN ({column})"
            ))
            .await?;
        }
    }
    Ok(n)
}

/// Writes the documents of everything queued, a batch per transaction;
/// how many things were written.
#[tracing::instrument(skip(db))]
pub async fn catch_up<C: ConnectionTrait + TransactionTrait>(db: &C) -> Result<usize, DbErr> {
    // Cheap when nothing waits, which is nearly always.
    let waiting = db
        .query_one_raw(statement(
            db.get_database_backend(),
            "SELECT 1 AS one FROM search_pending LIMIT 1",
            vec![],
        ))
        .await?;
    if waiting.is_none() {
        return Ok(0);
    }
    let mut total = 0;
    let mut after: Cursor = None;
    let mut batches = 0_usize;
    loop {
        let txn = crate::server::db::begin_write(db).await?;
        let (n, last) = drain_batch(&txn, &after).await?;
        txn.commit().await?;
        total += n;
        batches += 1;
        // A long drain (an import into an empty database) grows the table
        // from nothing inside one transaction: without fresh statistics
        // PostgreSQL deletes each batch's old documents by reading every
        // document of the kind (the batches slow down one after another).
        if batches.is_multiple_of(ANALYZE_EVERY) && db.get_database_backend() == DbBackend::Postgres
        {
            db.execute_unprepared("ANALYZE search_docs").await?;
        }
        match (n, after.is_some()) {
            // The end of the queue: once more from its start, for what was
            // queued behind the cursor meanwhile.
            (0, true) => after = None,
            (0, false) => return Ok(total),
            _ => after = last,
        }
    }
}
