//! Export in a canonical order, so that exporting the same data always gives
//! the same bytes: authorities and bodies by key, members by key, meetings by
//! start then key, demands by submission then key, referrals by authority,
//! events and verdicts in their recorded order. Times are written in the
//! body's time zone.
use super::format as out;
use super::FORMAT;
use crate::server::time;
use entity::{
    assessment, attendance, authority, authority_holiday, body, body_group, body_region, demand,
    meeting, member, referral, referral_event,
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationTrait,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tokio::sync::mpsc;

#[derive(Debug, Clone, Default)]
pub enum ExportScope {
    #[default]
    All,
    /// One body and the authorities its referrals address.
    Body(String),
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("no body has the key \"{0}\"")]
    UnknownBody(String),
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    #[error("could not write JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The reader of a streamed export went away.
    #[error("the export's reader went away")]
    Closed,
}

/// The document as pretty-printed JSON with a final newline, kept in
/// memory (a council's download, tests); the same bytes as [`send`].
#[tracing::instrument(skip(db))]
pub async fn export<C: ConnectionTrait>(db: &C, scope: ExportScope) -> Result<String, ExportError> {
    let (tx, mut rx) = mpsc::channel(4);
    let sent = async move { send(db, scope, &tx).await };
    let kept = async {
        let mut text = Vec::new();
        while let Some(piece) = rx.recv().await {
            text.extend_from_slice(&piece);
        }
        text
    };
    let (sent, text) = tokio::join!(sent, kept);
    sent?;
    // Written by serde_json from Rust strings: always UTF-8.
    String::from_utf8(text).map_err(|e| ExportError::Json(serde::ser::Error::custom(e)))
}

/// Hands the document on to `tx` a body at a time, byte for byte as
/// `serde_json::to_string_pretty(&document(..))` and a final newline: a
/// national installation's whole document in memory is several times its
/// text (1.6 GB at a million referrals), a body's is bounded by the body.
/// Stops with [`ExportError::Closed`] when the receiver goes away (a
/// download abandoned).
#[tracing::instrument(skip(db, tx))]
pub async fn send<C: ConnectionTrait>(
    db: &C,
    scope: ExportScope,
    tx: &mpsc::Sender<Vec<u8>>,
) -> Result<(), ExportError> {
    let put = |piece: Vec<u8>| async move { tx.send(piece).await.map_err(|_| ExportError::Closed) };
    if let ExportScope::Body(_) = scope {
        // One body, whose authorities are those its referrals address:
        // made whole first.
        let doc = document(db, scope).await?;
        put(head(doc.authorities)?).await?;
        for (i, b) in doc.bodies.iter().enumerate() {
            put(element(i, b)?).await?;
        }
        return put(tail(doc.bodies.len())).await;
    }
    let bodies = bodies(db, &scope).await?;
    let (authorities, keys) = authorities(db).await?;
    put(head(authorities)?).await?;
    for (i, b) in bodies.iter().enumerate() {
        let doc = body_document(db, b, &keys).await?;
        put(element(i, &doc)?).await?;
    }
    put(tail(bodies.len())).await
}

/// The document whole (the spreadsheets' ZIP reads it).
pub async fn document<C: ConnectionTrait>(
    db: &C,
    scope: ExportScope,
) -> Result<out::Document, ExportError> {
    let bodies = bodies(db, &scope).await?;
    let (mut authorities, keys) = authorities(db).await?;
    let mut out_bodies = Vec::with_capacity(bodies.len());
    for b in &bodies {
        out_bodies.push(body_document(db, b, &keys).await?);
    }
    if let ExportScope::Body(_) = scope {
        // A council's document carries the authorities its referrals address.
        let used: BTreeSet<&str> = out_bodies
            .iter()
            .flat_map(|b| &b.demands)
            .flat_map(|d| &d.referrals)
            .map(|r| r.authority.as_str())
            .collect();
        authorities.retain(|a| used.contains(a.key.as_str()));
    }
    Ok(out::Document {
        format: Some(FORMAT.to_string()),
        authorities,
        bodies: out_bodies,
        extra: Default::default(),
    })
}

/// The document up to its bodies' array: `{ "format", "authorities",
/// "bodies": ` as the whole document's pretty printing writes them.
fn head(authorities: Vec<out::Authority>) -> Result<Vec<u8>, ExportError> {
    let empty = out::Document {
        format: Some(FORMAT.to_string()),
        authorities,
        bodies: Vec::new(),
        extra: Default::default(),
    };
    let mut text = serde_json::to_vec_pretty(&empty)?;
    // It ends `"bodies": []\n}`: the array is written by the pieces after.
    let end = b"[]\n}";
    if !text.ends_with(end) {
        return Err(ExportError::Json(serde::ser::Error::custom(
            "the document's last field is not its bodies",
        )));
    }
    text.truncate(text.len() - end.len());
    Ok(text)
}

/// Body `i` of the bodies' array, as pretty printing writes an element two
/// levels down: a new line, four spaces, and the body indented by as much
/// (a line break inside a JSON string is always escaped, so every raw one
/// is the printer's).
fn element(i: usize, body: &out::Body) -> Result<Vec<u8>, ExportError> {
    let text = serde_json::to_vec_pretty(body)?;
    let mut piece = Vec::with_capacity(text.len() + text.len() / 8);
    piece.extend_from_slice(if i == 0 { b"[\n    " } else { b",\n    " });
    for &byte in &text {
        piece.push(byte);
        if byte == b'\n' {
            piece.extend_from_slice(b"    ");
        }
    }
    Ok(piece)
}

/// The end of the bodies' array (or the empty one) and of the document.
fn tail(bodies: usize) -> Vec<u8> {
    let end: &[u8] = if bodies == 0 {
        b"[]\n}\n"
    } else {
        b"\n  ]\n}\n"
    };
    end.to_vec()
}

/// The bodies of `scope` by key.
async fn bodies<C: ConnectionTrait>(
    db: &C,
    scope: &ExportScope,
) -> Result<Vec<body::Model>, ExportError> {
    match scope {
        ExportScope::All => Ok(body::Entity::find()
            .order_by_asc(body::Column::Key)
            .all(db)
            .await?),
        ExportScope::Body(key) => {
            let found = body::Entity::find()
                .filter(body::Column::Key.eq(key))
                .all(db)
                .await?;
            if found.is_empty() {
                return Err(ExportError::UnknownBody(key.clone()));
            }
            Ok(found)
        }
    }
}

/// Every authority by key with its holidays, and the id → key map its
/// referrals are written with: one read of the table for both.
async fn authorities<C: ConnectionTrait>(
    db: &C,
) -> Result<(Vec<out::Authority>, HashMap<i64, String>), ExportError> {
    let mut holidays: HashMap<i64, Vec<chrono::NaiveDate>> = HashMap::new();
    for h in authority_holiday::Entity::find()
        .order_by_asc(authority_holiday::Column::Day)
        .all(db)
        .await?
    {
        holidays.entry(h.authority_id).or_default().push(h.day);
    }
    let rows = authority::Entity::find()
        .order_by_asc(authority::Column::Key)
        .all(db)
        .await?;
    let keys = rows.iter().map(|a| (a.id, a.key.clone())).collect();
    let authorities = rows
        .into_iter()
        .map(|a| out::Authority {
            holidays: holidays
                .remove(&a.id)
                .unwrap_or_default()
                .iter()
                .map(|d| d.to_string())
                .collect(),
            key: a.key,
            name: a.name,
            acronym: a.acronym,
            level: a.level,
            response_days: a.response_days.into(),
            day_kind: a.day_kind,
            email: a.email,
            archived_at: a
                .archived_at
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            extra: Default::default(),
        })
        .collect();
    Ok((authorities, keys))
}

async fn body_document<C: ConnectionTrait>(
    db: &C,
    b: &body::Model,
    authority_keys: &HashMap<i64, String>,
) -> Result<out::Body, ExportError> {
    let tz = time::zone(&b.timezone);
    let at = |t: chrono::DateTime<chrono::Utc>| time::rfc3339_in(t, tz);

    let groups = body_group::Entity::find()
        .filter(body_group::Column::BodyId.eq(b.id))
        .order_by_asc(body_group::Column::Position)
        .all(db)
        .await?;
    let regions = body_region::Entity::find()
        .filter(body_region::Column::BodyId.eq(b.id))
        .order_by_asc(body_region::Column::Position)
        .all(db)
        .await?;
    let members = member::Entity::find()
        .filter(member::Column::BodyId.eq(b.id))
        .order_by_asc(member::Column::Key)
        .all(db)
        .await?;
    let member_keys: HashMap<i64, String> = members.iter().map(|m| (m.id, m.key.clone())).collect();
    let meetings = meeting::Entity::find()
        .filter(meeting::Column::BodyId.eq(b.id))
        .order_by_asc(meeting::Column::StartsAt)
        .order_by_asc(meeting::Column::Key)
        .all(db)
        .await?;
    let meeting_keys: HashMap<i64, String> =
        meetings.iter().map(|m| (m.id, m.key.clone())).collect();
    let mut attendance_by_meeting: HashMap<i64, BTreeMap<String, String>> = HashMap::new();
    for a in attendance::Entity::find()
        .join(JoinType::InnerJoin, attendance::Relation::Meeting.def())
        .filter(meeting::Column::BodyId.eq(b.id))
        .all(db)
        .await?
    {
        if let Some(k) = member_keys.get(&a.member_id) {
            attendance_by_meeting
                .entry(a.meeting_id)
                .or_default()
                .insert(k.clone(), a.status);
        }
    }
    let demands = demand::Entity::find()
        .filter(demand::Column::BodyId.eq(b.id))
        .order_by_asc(demand::Column::SubmittedAt)
        .order_by_asc(demand::Column::Key)
        .all(db)
        .await?;
    let referrals = referral::Entity::find()
        .join(JoinType::InnerJoin, referral::Relation::Demand.def())
        .filter(demand::Column::BodyId.eq(b.id))
        .all(db)
        .await?;
    let mut events: HashMap<i64, Vec<referral_event::Model>> = HashMap::new();
    for e in referral_event::Entity::find()
        .join(
            JoinType::InnerJoin,
            referral_event::Relation::Referral.def(),
        )
        .join(JoinType::InnerJoin, referral::Relation::Demand.def())
        .filter(demand::Column::BodyId.eq(b.id))
        .order_by_asc(referral_event::Column::ReferralId)
        .order_by_asc(referral_event::Column::Seq)
        .all(db)
        .await?
    {
        events.entry(e.referral_id).or_default().push(e);
    }
    let mut verdicts: HashMap<i64, Vec<assessment::Model>> = HashMap::new();
    for v in assessment::Entity::find()
        .join(JoinType::InnerJoin, assessment::Relation::Referral.def())
        .join(JoinType::InnerJoin, referral::Relation::Demand.def())
        .filter(demand::Column::BodyId.eq(b.id))
        .order_by_asc(assessment::Column::ReferralId)
        .order_by_asc(assessment::Column::Seq)
        .all(db)
        .await?
    {
        verdicts.entry(v.referral_id).or_default().push(v);
    }
    let mut referrals_by_demand: HashMap<i64, Vec<out::Referral>> = HashMap::new();
    for r in referrals {
        let referral_events = events
            .remove(&r.id)
            .unwrap_or_default()
            .into_iter()
            .map(|e| out::Event {
                at: at(e.at),
                kind: e.kind,
                text: Some(e.text),
                evidence_url: e.evidence_url,
                extra: Default::default(),
            })
            .collect();
        let assessments = verdicts
            .remove(&r.id)
            .unwrap_or_default()
            .into_iter()
            .map(|v| out::Assessment {
                at: at(v.at),
                verdict: v.verdict,
                note: v.note,
                extra: Default::default(),
            })
            .collect();
        referrals_by_demand
            .entry(r.demand_id)
            .or_default()
            .push(out::Referral {
                authority: authority_keys
                    .get(&r.authority_id)
                    .cloned()
                    .unwrap_or_default(),
                due_at: r.due_at.map(at),
                events: referral_events,
                assessments,
                extra: Default::default(),
            });
    }

    Ok(out::Body {
        key: b.key.clone(),
        name: b.name.clone(),
        level: b.level.clone(),
        jurisdiction: b.jurisdiction.clone(),
        timezone: b.timezone.clone(),
        groups_served: groups.into_iter().map(|g| g.migrant_group).collect(),
        regions: regions.into_iter().map(|r| r.region).collect(),
        seats: b.seats.map(Into::into),
        meetings_per_year: b.meetings_per_year.map(Into::into),
        quorum_percent: Some(b.quorum_percent.into()),
        response_days: b.response_days.map(Into::into),
        public: b.public,
        members: members
            .into_iter()
            .map(|m| out::Member {
                key: m.key,
                name: m.name,
                email: m.email,
                public: m.public,
                role: m.role,
                gender: m.gender,
                migrant_group: m.migrant_group,
                region: m.region,
                country: m.country,
                term_start: m.term_start.to_string(),
                term_end: m.term_end.map(|d| d.to_string()),
                withdrawn_on: m.withdrawn_on.map(|d| d.to_string()),
                extra: Default::default(),
            })
            .collect(),
        meetings: meetings
            .into_iter()
            .map(|m| out::Meeting {
                attendance: attendance_by_meeting.remove(&m.id).unwrap_or_default(),
                // Only a cancelled meeting has a reason to give.
                cancel_reason: m.cancel_reason.filter(|_| m.status == "cancelled"),
                key: m.key,
                title: m.title,
                kind: m.kind,
                starts_at: at(m.starts_at),
                ends_at: m.ends_at.map(at),
                location: m.location,
                status: m.status,
                agenda: m.agenda,
                minutes: m.minutes,
                minutes_published_at: m.minutes_published_at.map(at),
                quorum_record: match (
                    m.quorum_seat_holders,
                    m.quorum_attending,
                    m.quorum_percent,
                    m.quorum_recorded_at,
                ) {
                    (Some(h), Some(a), Some(p), Some(t)) => Some(out::QuorumRecord {
                        seat_holders: h.into(),
                        attending: a.into(),
                        quorum_percent: p.into(),
                        recorded_at: at(t),
                        extra: Default::default(),
                    }),
                    _ => None,
                },
                extra: Default::default(),
            })
            .collect(),
        demands: demands
            .into_iter()
            .map(|d| {
                let mut referrals = referrals_by_demand.remove(&d.id).unwrap_or_default();
                referrals.sort_by(|a, b| a.authority.cmp(&b.authority));
                out::Demand {
                    key: d.key,
                    title: d.title,
                    text: d.text,
                    topic: d.topic,
                    submitted_by: member_keys
                        .get(&d.submitted_by)
                        .cloned()
                        .unwrap_or_default(),
                    meeting: d.meeting_id.and_then(|id| meeting_keys.get(&id).cloned()),
                    submitted_at: at(d.submitted_at),
                    confidential: d.confidential,
                    withdrawn_at: d.withdrawn_at.map(at),
                    referrals,
                    extra: Default::default(),
                }
            })
            .collect(),
        extra: Default::default(),
    })
}
