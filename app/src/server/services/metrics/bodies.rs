//! Per-body figures (metrics.md, "Per body") for one body or every public
//! body, at one or several instants (a series), from one read of each table.
use super::facts;
use super::referrals::{self, each_row, statement, Db, Scope};
use crate::domain::enums::{AttendanceStatus, MeetingKind, MeetingStatus, Topic};
use crate::domain::metrics::answers::{median_days, AnswerFigures, Tally};
use crate::domain::metrics::composition::{self, BodyShape, Seat};
use crate::domain::metrics::instants::format_as_of;
use crate::domain::metrics::meetings::{self, MeetingFacts};
use crate::domain::metrics::report::{
    demand_figures, BodyMetrics, BodyScores, DemandFacts, DemandFigures,
};
use crate::server::error::ServiceError;
use crate::server::services::composition::seat_of;
use crate::server::time;
use chrono::{DateTime, Duration, Utc};
use entity::{body, body_group, body_region, member};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeMap, HashMap};

/// A body with what its figures need besides referrals.
struct Loaded {
    body: body::Model,
    shape: BodyShape,
    seats: Vec<Seat>,
    meetings: Vec<MeetingFacts>,
    demands: Demands,
}

/// What the demand figures of a body are made from.
enum Demands {
    /// (facts, withdrawn at) of every demand that may count at one of the
    /// instants asked, when there are several.
    Rows(Vec<(DemandFacts, Option<DateTime<Utc>>)>),
    /// The figures counted by the database, when one instant is asked (the
    /// overview, a ranking): no demand is read row by row.
    Counted(DemandFigures),
}

/// The public bodies (one, or all), by id.
pub async fn public_bodies<C: ConnectionTrait>(
    db: &C,
    only: Option<i64>,
) -> Result<HashMap<i64, body::Model>, ServiceError> {
    let mut q = body::Entity::find().filter(body::Column::Public.eq(true));
    if let Some(id) = only {
        q = q.filter(body::Column::Id.eq(id));
    }
    Ok(q.all(db).await?.into_iter().map(|b| (b.id, b)).collect())
}

async fn load<C: Db>(
    db: &C,
    bodies: HashMap<i64, body::Model>,
    only: Option<i64>,
    t_min: DateTime<Utc>,
    t_max: DateTime<Utc>,
) -> Result<HashMap<i64, Loaded>, ServiceError> {
    let backend = ConnectionTrait::get_database_backend(db);
    let mut out: HashMap<i64, Loaded> = bodies
        .into_iter()
        .map(|(id, b)| {
            let shape = BodyShape {
                seats: b.seats,
                groups_served: vec![],
                regions: vec![],
            };
            (
                id,
                Loaded {
                    body: b,
                    shape,
                    seats: vec![],
                    meetings: vec![],
                    demands: Demands::Rows(vec![]),
                },
            )
        })
        .collect();
    let mut groups = body_group::Entity::find().order_by_asc(body_group::Column::Position);
    let mut regions = body_region::Entity::find().order_by_asc(body_region::Column::Position);
    let mut members = member::Entity::find().order_by_asc(member::Column::Id);
    if let Some(id) = only {
        groups = groups.filter(body_group::Column::BodyId.eq(id));
        regions = regions.filter(body_region::Column::BodyId.eq(id));
        members = members.filter(member::Column::BodyId.eq(id));
    }
    for g in groups.all(db).await? {
        if let (Some(l), Ok(group)) = (out.get_mut(&g.body_id), g.migrant_group.parse()) {
            l.shape.groups_served.push(group);
        }
    }
    for r in regions.all(db).await? {
        if let Some(l) = out.get_mut(&r.body_id) {
            l.shape.regions.push(r.region);
        }
    }
    // Member id → (body, index among the body's seats).
    let mut index: HashMap<i64, usize> = HashMap::new();
    for m in members.all(db).await? {
        if let Some(l) = out.get_mut(&m.body_id) {
            index.insert(m.id, l.seats.len());
            l.seats.push(seat_of(&m));
        }
    }

    let lower = t_min - Duration::days(365);
    let body_filter = match only {
        Some(id) => (" AND m.body_id = ?", vec![id.into()]),
        None => ("", vec![]),
    };
    let mut values = vec![lower.into(), t_max.into()];
    values.extend(body_filter.1.clone());
    let mut attendance: HashMap<i64, Vec<(usize, AttendanceStatus)>> = HashMap::new();
    let sql = format!(
        "SELECT a.meeting_id, a.member_id, a.status FROM attendance a \
         JOIN meetings m ON m.id = a.meeting_id \
         WHERE m.starts_at > ? AND m.starts_at <= ? AND m.status = 'held'{} \
         ORDER BY a.meeting_id",
        body_filter.0
    );
    each_row(db, statement(backend, &sql, values.clone()), |row| {
        let meeting_id: i64 = row.try_get_by_index(0)?;
        let member_id: i64 = row.try_get_by_index(1)?;
        let status: String = row.try_get_by_index(2)?;
        if let (Some(i), Ok(s)) = (index.get(&member_id), status.parse()) {
            attendance.entry(meeting_id).or_default().push((*i, s));
        }
        Ok(())
    })
    .await?;
    let sql = format!(
        "SELECT m.id, m.body_id, m.starts_at, m.status, m.minutes_published_at, m.kind FROM meetings m \
         WHERE m.starts_at > ? AND m.starts_at <= ?{} ORDER BY m.starts_at, m.id",
        body_filter.0
    );
    each_row(db, statement(backend, &sql, values.clone()), |row| {
        let id: i64 = row.try_get_by_index(0)?;
        let body_id: i64 = row.try_get_by_index(1)?;
        let starts_at: DateTime<Utc> = row.try_get_by_index(2)?;
        let status: String = row.try_get_by_index(3)?;
        let minutes_published_at: Option<DateTime<Utc>> = row.try_get_by_index(4)?;
        let kind: String = row.try_get_by_index(5)?;
        if let Some(l) = out.get_mut(&body_id) {
            let tz = time::zone(&l.body.timezone);
            l.meetings.push(MeetingFacts {
                starts_at,
                local_date: time::local_date(starts_at, tz),
                status: status.parse().unwrap_or(MeetingStatus::Scheduled),
                ordinary: kind != MeetingKind::Extraordinary.as_str(),
                minutes_published_at,
                attendance: attendance.remove(&id).unwrap_or_default(),
            });
        }
        Ok(())
    })
    .await?;
    if t_min == t_max {
        count_demands(db, &mut out, t_max, body_filter).await?;
        return Ok(out);
    }
    let sql = format!(
        "SELECT m.body_id, m.submitted_at, m.topic, m.meeting_id, m.withdrawn_at FROM demands m \
         WHERE m.submitted_at > ? AND m.submitted_at <= ?{}",
        body_filter.0
    );
    each_row(db, statement(backend, &sql, values), |row| {
        let body_id: i64 = row.try_get_by_index(0)?;
        let submitted_at: DateTime<Utc> = row.try_get_by_index(1)?;
        let topic: String = row.try_get_by_index(2)?;
        let meeting: Option<i64> = row.try_get_by_index(3)?;
        let withdrawn_at: Option<DateTime<Utc>> = row.try_get_by_index(4)?;
        if let Some(Demands::Rows(rows)) = out.get_mut(&body_id).map(|l| &mut l.demands) {
            rows.push((
                DemandFacts {
                    submitted_at,
                    topic: topic.parse().unwrap_or(Topic::Other),
                    adopted: meeting.is_some(),
                },
                withdrawn_at,
            ));
        }
        Ok(())
    })
    .await?;
    Ok(out)
}

/// The demand figures at `t` of every body in `out` (metrics.md,
/// "Demands"), counted by the database per body, topic and whether the
/// demand was adopted in a meeting: what `demand_figures` counts of the
/// rows, without reading a row per demand (at a million referrals the
/// window holds about 200,000 demands).
async fn count_demands<C: Db>(
    db: &C,
    out: &mut HashMap<i64, Loaded>,
    t: DateTime<Utc>,
    body_filter: (&str, Vec<sea_orm::Value>),
) -> Result<(), ServiceError> {
    let backend = ConnectionTrait::get_database_backend(db);
    let mut values: Vec<sea_orm::Value> =
        vec![(t - Duration::days(365)).into(), t.into(), t.into()];
    values.extend(body_filter.1);
    let sql = format!(
        "SELECT m.body_id, m.topic, COUNT(*), \
         SUM(CASE WHEN m.meeting_id IS NULL THEN 0 ELSE 1 END) FROM demands m \
         WHERE m.submitted_at > ? AND m.submitted_at <= ? \
         AND (m.withdrawn_at IS NULL OR m.withdrawn_at > ?){} \
         GROUP BY m.body_id, m.topic",
        body_filter.0
    );
    let mut counts: HashMap<i64, (u32, u32, BTreeMap<String, u32>)> = HashMap::new();
    each_row(db, statement(backend, &sql, values), |row| {
        let body_id: i64 = row.try_get_by_index(0)?;
        let topic: String = row.try_get_by_index(1)?;
        let n: i64 = row.try_get_by_index(2)?;
        let adopted: i64 = row.try_get_by_index(3)?;
        let (n, adopted) = (facts::count(n), facts::count(adopted));
        let topic = topic.parse().unwrap_or(Topic::Other).as_str().to_string();
        let c = counts.entry(body_id).or_default();
        c.0 += n;
        c.1 += adopted;
        *c.2.entry(topic).or_insert(0) += n;
        Ok(())
    })
    .await?;
    for (id, l) in out.iter_mut() {
        let (n, adopted, topics) = counts.remove(id).unwrap_or_default();
        l.demands = Demands::Counted(DemandFigures {
            demands_submitted: n,
            adopted_in_meeting_rate: (n > 0).then(|| f64::from(adopted) / f64::from(n)),
            topics,
        });
    }
    Ok(())
}

/// The figures of the public bodies (`only` one, or all) at each of `ts`
/// (ascending), by body id.
#[tracing::instrument(skip(db))]
pub async fn at<C: Db>(
    db: &C,
    only: Option<i64>,
    ts: &[DateTime<Utc>],
) -> Result<HashMap<i64, Vec<BodyMetrics>>, ServiceError> {
    if ts.is_empty() {
        return Ok(HashMap::new());
    }
    let bodies = public_bodies(db, only).await?;
    let answers = answers(db, &bodies, only, ts).await?;
    at_with(db, bodies, only, ts, &answers).await
}

/// The answer figures of the public `bodies` (`only` one, or all) at each
/// of `ts`, by body id: from `referral_facts` at the instants after every
/// change in scope, from the clocks at the others.
pub async fn answers<C: Db>(
    db: &C,
    bodies: &HashMap<i64, body::Model>,
    only: Option<i64>,
    ts: &[DateTime<Utc>],
) -> Result<HashMap<i64, Vec<AnswerFigures>>, ServiceError> {
    let scope = only.map_or(Scope::All, Scope::Body);
    let (by_facts, slow) = facts::split(db, scope, ts).await?;
    let mut from_clocks = HashMap::new();
    if let (Some(t_min), Some(t_max)) = (slow.iter().min(), slow.iter().max()) {
        let rs = referrals::load(db, scope, *t_min, *t_max, bodies).await?;
        from_clocks = answers_from_clocks(bodies, &slow, &rs);
    }
    let mut from_clocks: HashMap<i64, std::vec::IntoIter<AnswerFigures>> = from_clocks
        .into_iter()
        .map(|(id, v)| (id, v.into_iter()))
        .collect();
    let mut out: HashMap<i64, Vec<AnswerFigures>> = bodies
        .keys()
        .map(|id| (*id, Vec::with_capacity(ts.len())))
        .collect();
    for (t, fast) in ts.iter().zip(by_facts) {
        if fast {
            let mut per_body = facts::groups(db, scope, *t, facts::Per::Body).await?;
            for (id, v) in out.iter_mut() {
                let g = per_body.remove(&(0, *id)).unwrap_or_default();
                v.push(g.counts.figures(median_days(g.answer_ms)));
            }
        } else {
            for (id, v) in out.iter_mut() {
                let next = from_clocks.get_mut(id).and_then(Iterator::next);
                v.push(next.unwrap_or_else(|| Tally::default().finish()));
            }
        }
    }
    Ok(out)
}

/// The answer figures of `bodies` at one instant from the (authority,
/// body) groups of `facts::groups` at it: each body's are the union of its
/// groups (the same referrals `Per::Body` would group).
pub fn answers_from_groups(
    bodies: &HashMap<i64, body::Model>,
    groups: &HashMap<(i64, i64), facts::Group>,
) -> HashMap<i64, Vec<AnswerFigures>> {
    let mut per_body: HashMap<i64, facts::Group> = HashMap::new();
    for ((_, body), g) in groups {
        let mine = per_body.entry(*body).or_default();
        mine.counts.add(&g.counts);
        mine.answer_ms.extend_from_slice(&g.answer_ms);
    }
    bodies
        .keys()
        .map(|id| {
            let g = per_body.remove(id).unwrap_or_default();
            (*id, vec![g.counts.figures(median_days(g.answer_ms))])
        })
        .collect()
}

/// The answer figures of `bodies` at each of `ts` from the clocks of
/// `referrals` (read by `referrals::load` for instants covering `ts`).
pub fn answers_from_clocks(
    bodies: &HashMap<i64, body::Model>,
    ts: &[DateTime<Utc>],
    referrals: &[referrals::Clocked],
) -> HashMap<i64, Vec<AnswerFigures>> {
    let mut by_body: HashMap<i64, Vec<&referrals::Clocked>> = HashMap::new();
    for r in referrals {
        by_body.entry(r.body_id).or_default().push(r);
    }
    bodies
        .keys()
        .map(|id| {
            let mine = by_body.get(id).map(Vec::as_slice).unwrap_or(&[]);
            let points = ts
                .iter()
                .map(|t| {
                    let t = *t;
                    let mut tally = Tally::default();
                    for r in mine.iter().filter(|r| r.exists_at(t)) {
                        let s = r.clock.at(t);
                        if r.in_window(t) {
                            tally.add_in_window(r.clock.submitted_at, &s);
                        }
                        tally.add_open(&s);
                    }
                    tally.finish()
                })
                .collect();
            (*id, points)
        })
        .collect()
}

/// As `at`, with the answer figures already computed (`answers`, or
/// `answers_from_clocks` for pages that read the clocks anyway).
pub async fn at_with<C: Db>(
    db: &C,
    bodies: HashMap<i64, body::Model>,
    only: Option<i64>,
    ts: &[DateTime<Utc>],
    answers: &HashMap<i64, Vec<AnswerFigures>>,
) -> Result<HashMap<i64, Vec<BodyMetrics>>, ServiceError> {
    let (Some(t_min), Some(t_max)) = (ts.iter().min().copied(), ts.iter().max().copied()) else {
        return Ok(HashMap::new());
    };
    let loaded = load(db, bodies, only, t_min, t_max).await?;
    let mut out = HashMap::new();
    for (id, l) in &loaded {
        let tz = time::zone(&l.body.timezone);
        let mine = answers.get(id);
        let points = ts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let t = *t;
                let composition =
                    composition::composition(&l.shape, &l.seats, time::local_date(t, tz));
                let meetings = meetings::figures(
                    l.body.meetings_per_year,
                    l.body.quorum_percent,
                    &l.seats,
                    &l.meetings,
                    t,
                );
                let demands = match &l.demands {
                    Demands::Counted(counted) => counted.clone(),
                    Demands::Rows(rows) => {
                        let demands: Vec<DemandFacts> = rows
                            .iter()
                            .filter(|(_, w)| w.is_none_or(|w| w > t))
                            .map(|(d, _)| *d)
                            .collect();
                        demand_figures(&demands, t)
                    }
                };
                let answers = mine
                    .and_then(|v| v.get(i).cloned())
                    .unwrap_or_else(|| Tally::default().finish());
                BodyMetrics {
                    body: l.body.key.clone(),
                    as_of: format_as_of(t),
                    scores: BodyScores {
                        responsiveness_score: answers.responsiveness_score(),
                        regularity_score: meetings::regularity_score(&meetings),
                        representativeness_score: composition::representativeness_score(
                            &composition,
                        ),
                    },
                    low_sample: answers.low_sample(),
                    composition,
                    meetings,
                    demands,
                    answers,
                }
            })
            .collect();
        out.insert(*id, points);
    }
    Ok(out)
}
