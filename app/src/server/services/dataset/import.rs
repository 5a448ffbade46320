//! Import: validate everything, then write it all in one transaction with
//! batched inserts, reading the document a body at a time (`stream`). A
//! document with any problem changes nothing.
use super::stream;
pub use super::stream::Source;
use super::validate::{self, Authority, Existing, Problem, Validator};
use crate::domain::clock;
use crate::server::error::ServiceError;
use crate::server::services::demands::clock::{authorities, base_deadline};
use crate::server::services::metrics::facts;
use chrono::Utc;
use entity::{
    assessment, attendance, authority, authority_holiday, body, body_group, body_region, demand,
    meeting, member, referral, referral_event,
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, QueryFilter, QuerySelect, RelationTrait,
};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Replace bodies and authorities whose keys already exist.
    pub replace: bool,
}

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub authorities: usize,
    pub bodies: usize,
    pub members: usize,
    pub meetings: usize,
    pub demands: usize,
    pub referrals: usize,
    pub events: usize,
    pub assessments: usize,
}

/// A step of a long import, for progress output.
#[derive(Debug, Clone)]
pub struct Progress {
    pub body_index: usize,
    pub body_count: usize,
    pub body_key: String,
    pub stage: &'static str,
    pub rows: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the document is not valid JSON of this format: {0}")]
    Syntax(String),
    #[error("{} problem(s) found; nothing was imported", .0.len())]
    Invalid(Vec<Problem>),
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    #[error("cannot read {path}: {message}")]
    Read { path: String, message: String },
}

/// Imports a whole document, or nothing.
pub async fn import(
    db: &DatabaseConnection,
    json: &str,
    opts: ImportOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<ImportReport, ImportError> {
    import_from(db, Source::Text(json.into()), opts, progress).await
}

/// Imports a whole document, or nothing, reading it a body at a time
/// (`stream`): validated whole first, then written in one transaction as
/// it is read again, so that memory holds a body, never the document.
#[tracing::instrument(skip_all, fields(replace = opts.replace))]
pub async fn import_from(
    db: &DatabaseConnection,
    src: Source,
    opts: ImportOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<ImportReport, ImportError> {
    let existing = Arc::new(Existing {
        authorities: authority::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|a| a.key)
            .collect(),
        bodies: body::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|b| b.key)
            .collect(),
    });
    let src = Arc::new(src);
    let replace = opts.replace;
    // Every problem of the whole document before anything is written.
    let (header, authorities) = blocking({
        let (src, existing) = (src.clone(), existing.clone());
        move || check(&src, &existing, replace)
    })
    .await?;
    let body_count = header.bodies;

    let txn = crate::server::db::begin_write(db).await?;
    // This import writes its referrals' facts itself (see `write_body`).
    facts::begin_bulk(&txn).await?;
    let mut report = ImportReport::default();
    let context = write_authorities(&txn, &authorities, &mut report).await?;
    // The bodies, read again and written one at a time: the reader is
    // at most two bodies ahead of the writer.
    let (tx, mut rx) = tokio::sync::mpsc::channel::<validate::Body>(2);
    let reader = blocking({
        let (src, existing) = (src.clone(), existing.clone());
        move || {
            let mut v = Validator::new(&existing, replace);
            v.header(&header);
            let read = stream::bodies(&src, &mut |i, b| match v.body(i, &b) {
                Some(body) if v.clean() => tx.blocking_send(body).is_ok(),
                // Changed since it was validated: nothing is written.
                _ => false,
            });
            read.and_then(|_| v.finish().map_err(ImportError::Invalid))
        }
    });
    let mut index = 0;
    while let Some(b) = rx.recv().await {
        index += 1;
        let step = |stage: &'static str, rows: usize| {
            progress(Progress {
                body_index: index,
                body_count,
                body_key: b.key.clone(),
                stage,
                rows,
            })
        };
        write_body(&txn, &context, &b, &step, &mut report).await?;
    }
    reader.await?;
    if report.bodies != body_count {
        // The file changed between the readings.
        return Err(ImportError::Syntax(
            "the document changed while it was imported; nothing was imported".into(),
        ));
    }
    // The search index of what was written, in the same transaction (its
    // demands were queued as they were inserted).
    let search = |stage, rows| {
        progress(Progress {
            body_index: report.bodies,
            body_count: report.bodies,
            body_key: "search".into(),
            stage,
            rows,
        })
    };
    let queued = crate::server::services::search::index::queued(&txn).await?;
    search("demands, meetings, bodies and authorities to index", queued);
    let indexed = crate::server::services::search::index::drain_long(&txn).await?;
    search("demands, meetings, bodies and authorities indexed", indexed);
    facts::end_bulk(&txn).await?;
    txn.commit().await?;
    settle(db, report.referrals).await;
    Ok(report)
}

/// Reads and validates a whole document without writing anything: its
/// header and its authorities when it has no problem. Memory holds one
/// body at a time.
pub fn check(
    src: &Source,
    existing: &Existing,
    replace: bool,
) -> Result<(stream::Header, Vec<Authority>), ImportError> {
    let header = stream::header(src)?;
    let mut v = Validator::new(existing, replace);
    let authorities = v.header(&header);
    stream::bodies(src, &mut |i, b| {
        v.body(i, &b);
        true
    })?;
    v.finish().map_err(ImportError::Invalid)?;
    Ok((header, authorities))
}

/// Starts a pass over the document off the async workers (it reads a
/// file and parses for seconds at a million referrals) at once, so that
/// it runs while the caller writes; its outcome when awaited.
fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ImportError> + Send + 'static,
) -> impl std::future::Future<Output = Result<T, ImportError>> {
    let pass = tokio::task::spawn_blocking(f);
    async move {
        pass.await
            .map_err(|e| ImportError::Db(DbErr::Custom(format!("reading the document: {e}"))))?
    }
}

/// After a large import: fresh planner statistics (the figures' queries
/// pick their indexes by them); on PostgreSQL the facts' pages marked
/// all-visible, without which the figures' index-only scans visit the
/// table for every row (2.5× slower at a million referrals; autovacuum
/// would do it in its own time, if it is on); on SQLite the write-ahead
/// log folded back into the database — readers otherwise search a log as
/// large as the import on every page they read. Best effort: the data is
/// committed.
async fn settle(db: &DatabaseConnection, referrals: usize) {
    if referrals < 10_000 {
        return;
    }
    let mut statements = vec!["ANALYZE"];
    match db.get_database_backend() {
        // The search queue was drained by deleting every row the import
        // queued: without a vacuum its dead rows are read by every
        // search's "anything queued?" (75–110 ms at a million referrals).
        sea_orm::DbBackend::Postgres => {
            statements.extend(["VACUUM referral_facts", "VACUUM search_pending"])
        }
        // The full-text index's segments merged into one (1.6 s at a
        // million referrals).
        _ => statements.extend([
            "INSERT INTO search_fts (search_fts) VALUES ('optimize')",
            "PRAGMA wal_checkpoint(TRUNCATE)",
        ]),
    }
    for sql in statements {
        if let Err(e) = db.execute_unprepared(sql).await {
            tracing::warn!(error = %e, sql, "after the import");
        }
    }
}

/// Rows per INSERT: under SQLite's and PostgreSQL's limits on bound values.
fn rows_per_insert(columns: usize) -> usize {
    (30_000 / columns).max(1)
}

async fn insert_batched<A, C>(conn: &C, rows: Vec<A>, columns: usize) -> Result<(), DbErr>
where
    A: ActiveModelTrait + Send,
    C: ConnectionTrait,
{
    let per = rows_per_insert(columns);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per).collect();
        A::Entity::insert_many(chunk)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// Writes a body's referrals and gives each one's id by (demand, authority).
///
/// PostgreSQL gives the ids back from the inserts themselves (`RETURNING`).
/// Asking for them afterwards by body was quadratic there: inside the
/// import's one transaction the tables have no statistics yet, so the
/// planner read every referral written so far, in parallel, for each body
/// (at 3,000 bodies and ten million referrals, 977 sequential scans and
/// 1.1 billion rows read in the first 486 bodies). SQLite's planner takes
/// the indexes without statistics, and its inserts give no rows back here.
async fn insert_referrals<C: ConnectionTrait>(
    txn: &C,
    rows: Vec<referral::ActiveModel>,
    body_id: i64,
) -> Result<HashMap<(i64, i64), i64>, DbErr> {
    let by_pair = |r: (i64, i64, i64)| ((r.0, r.1), r.2);
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        let mut ids = HashMap::with_capacity(rows.len());
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            let chunk: Vec<_> = rows.by_ref().take(rows_per_insert(6)).collect();
            let written = referral::Entity::insert_many(chunk)
                .exec_with_returning(txn)
                .await?;
            ids.extend(
                written
                    .into_iter()
                    .map(|r| by_pair((r.demand_id, r.authority_id, r.id))),
            );
        }
        return Ok(ids);
    }
    insert_batched(txn, rows, 6).await?;
    Ok(referral::Entity::find()
        .select_only()
        .column(referral::Column::DemandId)
        .column(referral::Column::AuthorityId)
        .column(referral::Column::Id)
        .join(
            sea_orm::JoinType::InnerJoin,
            referral::Relation::Demand.def(),
        )
        .filter(demand::Column::BodyId.eq(body_id))
        .into_tuple::<(i64, i64, i64)>()
        .all(txn)
        .await?
        .into_iter()
        .map(by_pair)
        .collect())
}

/// What every body's rows need of the authorities once they are written.
struct Context {
    now: chrono::DateTime<Utc>,
    authority_ids: HashMap<String, i64>,
    deadline_rules: crate::server::services::demands::clock::Authorities,
}

async fn write_authorities<C: ConnectionTrait>(
    txn: &C,
    list: &[Authority],
    report: &mut ImportReport,
) -> Result<Context, ImportError> {
    let now = Utc::now();
    // Authorities: replaced in place so referrals from other bodies survive.
    for a in list {
        let found = authority::Entity::find()
            .filter(authority::Column::Key.eq(&a.key))
            .one(txn)
            .await?;
        let id = match found {
            Some(existing) => {
                let mut am: authority::ActiveModel = existing.into();
                am.name = Set(a.name.clone());
                am.acronym = Set(a.acronym.clone());
                am.level = Set(a.level.as_str().to_string());
                am.response_days = Set(a.response_days);
                am.day_kind = Set(a.day_kind.as_str().to_string());
                am.email = Set(a.email.clone());
                am.archived_at = Set(a.archived_at);
                let id = am.update(txn).await?.id;
                authority_holiday::Entity::delete_many()
                    .filter(authority_holiday::Column::AuthorityId.eq(id))
                    .exec(txn)
                    .await?;
                id
            }
            None => {
                authority::ActiveModel {
                    key: Set(a.key.clone()),
                    name: Set(a.name.clone()),
                    acronym: Set(a.acronym.clone()),
                    level: Set(a.level.as_str().to_string()),
                    response_days: Set(a.response_days),
                    day_kind: Set(a.day_kind.as_str().to_string()),
                    email: Set(a.email.clone()),
                    archived_at: Set(a.archived_at),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(txn)
                .await?
                .id
            }
        };
        let holidays: Vec<_> = a
            .holidays
            .iter()
            .map(|d| authority_holiday::ActiveModel {
                authority_id: Set(id),
                day: Set(*d),
                ..Default::default()
            })
            .collect();
        insert_batched(txn, holidays, 2).await?;
        report.authorities += 1;
    }
    let authority_ids: HashMap<String, i64> = authority::Entity::find()
        .select_only()
        .column(authority::Column::Key)
        .column(authority::Column::Id)
        .into_tuple::<(String, i64)>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    let deadline_rules = authorities(txn).await.map_err(|e| match e {
        ServiceError::Db(e) => ImportError::Db(e),
        other => ImportError::Db(DbErr::Custom(other.to_string())),
    })?;

    Ok(Context {
        now,
        authority_ids,
        deadline_rules,
    })
}

/// One body and everything in it.
async fn write_body<C: ConnectionTrait>(
    txn: &C,
    context: &Context,
    b: &validate::Body,
    step: &(dyn Fn(&'static str, usize) + Sync),
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let Context {
        now,
        authority_ids,
        deadline_rules,
    } = context;
    let now = *now;
    // A replaced body goes as a whole; its rows cascade.
    body::Entity::delete_many()
        .filter(body::Column::Key.eq(&b.key))
        .exec(txn)
        .await?;
    let body_model = body::ActiveModel {
        key: Set(b.key.clone()),
        name: Set(b.name.clone()),
        level: Set(b.level.as_str().to_string()),
        jurisdiction: Set(b.jurisdiction.clone()),
        timezone: Set(b.timezone.clone()),
        seats: Set(b.seats),
        meetings_per_year: Set(b.meetings_per_year),
        quorum_percent: Set(b.quorum_percent),
        response_days: Set(b.response_days),
        public: Set(b.public),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let body_id = body_model.id;
    let groups: Vec<_> = b
        .groups_served
        .iter()
        .enumerate()
        .map(|(i, g)| body_group::ActiveModel {
            body_id: Set(body_id),
            position: Set(i as i32),
            migrant_group: Set(g.as_str().to_string()),
            ..Default::default()
        })
        .collect();
    insert_batched(txn, groups, 3).await?;
    let regions: Vec<_> = b
        .regions
        .iter()
        .enumerate()
        .map(|(i, r)| body_region::ActiveModel {
            body_id: Set(body_id),
            position: Set(i as i32),
            region: Set(r.clone()),
            ..Default::default()
        })
        .collect();
    insert_batched(txn, regions, 3).await?;

    let members: Vec<_> = b
        .members
        .iter()
        .map(|m| member::ActiveModel {
            body_id: Set(body_id),
            key: Set(m.key.clone()),
            name: Set(m.name.clone()),
            email: Set(m.email.clone()),
            public: Set(m.public),
            role: Set(m.role.as_str().to_string()),
            gender: Set(m.gender.as_str().to_string()),
            migrant_group: Set(m.migrant_group.as_str().to_string()),
            region: Set(m.region.clone()),
            country: Set(m.country.clone()),
            term_start: Set(m.term_start),
            term_end: Set(m.term_end),
            withdrawn_on: Set(m.withdrawn_on),
            ..Default::default()
        })
        .collect();
    insert_batched(txn, members, 13).await?;
    let member_ids = keys_to_ids::<member::Entity, _>(
        txn,
        member::Column::BodyId,
        member::Column::Key,
        member::Column::Id,
        body_id,
    )
    .await?;
    step("members", b.members.len());

    let meetings: Vec<_> = b
        .meetings
        .iter()
        .map(|m| meeting::ActiveModel {
            body_id: Set(body_id),
            key: Set(m.key.clone()),
            title: Set(m.title.clone()),
            kind: Set(m.kind.as_str().to_string()),
            starts_at: Set(m.starts_at),
            ends_at: Set(m.ends_at),
            location: Set(m.location.clone()),
            status: Set(m.status.as_str().to_string()),
            agenda: Set(m.agenda.clone()),
            minutes: Set(m.minutes.clone()),
            minutes_published_at: Set(m.minutes_published_at),
            cancel_reason: Set(m.cancel_reason.clone()),
            quorum_seat_holders: Set(m.quorum_record.map(|q| q.seat_holders)),
            quorum_attending: Set(m.quorum_record.map(|q| q.attending)),
            quorum_percent: Set(m.quorum_record.map(|q| q.quorum_percent)),
            quorum_recorded_at: Set(m.quorum_record.map(|q| q.recorded_at)),
            sequence: Set(0),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    insert_batched(txn, meetings, 15).await?;
    let meeting_ids = keys_to_ids::<meeting::Entity, _>(
        txn,
        meeting::Column::BodyId,
        meeting::Column::Key,
        meeting::Column::Id,
        body_id,
    )
    .await?;
    let mut records = Vec::new();
    for m in &b.meetings {
        for (member_key, status) in &m.attendance {
            records.push(attendance::ActiveModel {
                meeting_id: Set(meeting_ids[&m.key]),
                member_id: Set(member_ids[member_key]),
                status: Set(status.as_str().to_string()),
            });
        }
    }
    insert_batched(txn, records, 3).await?;
    step("meetings", b.meetings.len());

    let demands: Vec<_> = b
        .demands
        .iter()
        .map(|d| demand::ActiveModel {
            body_id: Set(body_id),
            key: Set(d.key.clone()),
            title: Set(d.title.clone()),
            text: Set(d.text.clone()),
            topic: Set(d.topic.as_str().to_string()),
            submitted_by: Set(member_ids[&d.submitted_by]),
            meeting_id: Set(d.meeting.as_ref().map(|k| meeting_ids[k])),
            submitted_at: Set(d.submitted_at),
            confidential: Set(d.confidential),
            withdrawn_at: Set(d.withdrawn_at),
            ..Default::default()
        })
        .collect();
    insert_batched(txn, demands, 11).await?;
    let demand_ids = keys_to_ids::<demand::Entity, _>(
        txn,
        demand::Column::BodyId,
        demand::Column::Key,
        demand::Column::Id,
        body_id,
    )
    .await?;
    let referrals: Vec<_> = b
        .demands
        .iter()
        .flat_map(|d| {
            let demand_id = demand_ids[&d.key];
            d.referrals
                .iter()
                .map(move |r| (demand_id, d.submitted_at, r))
        })
        .map(|(demand_id, submitted_at, r)| referral::ActiveModel {
            demand_id: Set(demand_id),
            authority_id: Set(authority_ids[&r.authority]),
            due_at: Set(r.due_at),
            body_id: Set(Some(body_id)),
            submitted_at: Set(Some(submitted_at)),
            // In a bulk load the events' trigger leaves it to us.
            answered_at: Set(r
                .events
                .iter()
                .filter(|e| e.kind.is_substantive())
                .map(|e| e.at)
                .min()),
            ..Default::default()
        })
        .collect();
    let referral_count = referrals.len();
    let referral_ids = insert_referrals(txn, referrals, body_id).await?;
    step("demands", b.demands.len());
    let mut events = Vec::new();
    let mut verdicts = Vec::new();
    let mut fact_rows = Vec::new();
    for d in &b.demands {
        for r in &d.referrals {
            let authority_id = authority_ids[&r.authority];
            let id = referral_ids[&(demand_ids[&d.key], authority_id)];
            let clock = clock::Referral {
                submitted_at: d.submitted_at,
                base_deadline: base_deadline(
                    &body_model,
                    deadline_rules,
                    authority_id,
                    d.submitted_at,
                    r.due_at,
                ),
                events: r.events.iter().map(|e| (e.at, e.kind)).collect(),
                verdicts: r.assessments.iter().map(|v| (v.at, v.verdict)).collect(),
            };
            fact_rows.push(facts::Row::new(id, authority_id, body_id, None, &clock));
            for (seq, e) in r.events.iter().enumerate() {
                events.push(referral_event::ActiveModel {
                    referral_id: Set(id),
                    seq: Set(seq as i32),
                    at: Set(e.at),
                    kind: Set(e.kind.as_str().to_string()),
                    text: Set(e.text.clone()),
                    evidence_url: Set(e.evidence_url.clone()),
                    author_account_id: Set(None),
                    created_at: Set(now),
                    ..Default::default()
                });
            }
            for (seq, v) in r.assessments.iter().enumerate() {
                verdicts.push(assessment::ActiveModel {
                    referral_id: Set(id),
                    seq: Set(seq as i32),
                    at: Set(v.at),
                    verdict: Set(v.verdict.as_str().to_string()),
                    note: Set(v.note.clone()),
                    author_account_id: Set(None),
                    created_at: Set(now),
                    ..Default::default()
                });
            }
        }
    }
    let (event_count, verdict_count) = (events.len(), verdicts.len());
    insert_batched(txn, events, 8).await?;
    insert_batched(txn, verdicts, 7).await?;
    facts::insert(txn, &fact_rows).await?;
    step("answers", event_count + verdict_count);

    report.bodies += 1;
    report.members += b.members.len();
    report.meetings += b.meetings.len();
    report.demands += b.demands.len();
    report.referrals += referral_count;
    report.events += event_count;
    report.assessments += verdict_count;
    Ok(())
}

/// `key → id` of one body's rows of a table.
async fn keys_to_ids<E, C>(
    conn: &C,
    body_col: E::Column,
    key_col: E::Column,
    id_col: E::Column,
    body_id: i64,
) -> Result<HashMap<String, i64>, DbErr>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    Ok(E::find()
        .select_only()
        .column(key_col)
        .column(id_col)
        .filter(body_col.eq(body_id))
        .into_tuple::<(String, i64)>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}
