//! The open-data API's reads (`/api/v1`): bodies, authorities, demands,
//! Popolo rosters and the CSV downloads. Public data only: the API answers
//! as it would to a visitor without an account.
use super::demands::{self, clock};
use super::metrics::{self, bodies::public_bodies};
use crate::domain::demands::{ClockView, DemandFilter, DemandList, TimelineKind};
use crate::domain::enums::{AuthorityLevel, BodyLevel, DayKind, MemberRole, ReferralStatus};
use crate::domain::metrics::instants::format_as_of;
use crate::domain::open_data::*;
use crate::server::error::ServiceError;
use crate::server::services::downloads::CsvStream;
use crate::server::time;
use chrono::{DateTime, Utc};
use entity::{body, body_group, body_region, demand, meeting, member};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use std::collections::HashMap;

fn api_body(
    b: &body::Model,
    groups: &[body_group::Model],
    regions: &[body_region::Model],
) -> ApiBody {
    ApiBody {
        key: b.key.clone(),
        name: b.name.clone(),
        level: b.level.parse().unwrap_or(BodyLevel::National),
        jurisdiction: b.jurisdiction.clone(),
        timezone: b.timezone.clone(),
        groups_served: groups
            .iter()
            .filter(|g| g.body_id == b.id)
            .filter_map(|g| g.migrant_group.parse().ok())
            .collect(),
        regions: regions
            .iter()
            .filter(|r| r.body_id == b.id)
            .map(|r| r.region.clone())
            .collect(),
        seats: b.seats,
        meetings_per_year: b.meetings_per_year,
        quorum_percent: b.quorum_percent,
        response_days: b.response_days,
    }
}

/// The public bodies by key (`only` one key).
#[tracing::instrument(skip(db))]
pub async fn bodies<C: ConnectionTrait>(
    db: &C,
    only: Option<&str>,
) -> Result<Vec<ApiBody>, ServiceError> {
    let mut q = body::Entity::find()
        .filter(body::Column::Public.eq(true))
        .order_by_asc(body::Column::Key);
    if let Some(key) = only {
        q = q.filter(body::Column::Key.eq(key));
    }
    let list = q.all(db).await?;
    let ids: Vec<i64> = list.iter().map(|b| b.id).collect();
    let groups = body_group::Entity::find()
        .filter(body_group::Column::BodyId.is_in(ids.clone()))
        .order_by_asc(body_group::Column::Position)
        .all(db)
        .await?;
    let regions = body_region::Entity::find()
        .filter(body_region::Column::BodyId.is_in(ids))
        .order_by_asc(body_region::Column::Position)
        .all(db)
        .await?;
    Ok(list
        .iter()
        .map(|b| api_body(b, &groups, &regions))
        .collect())
}

/// The authorities by key (`only` one key).
#[tracing::instrument(skip(db))]
pub async fn authorities<C: ConnectionTrait>(
    db: &C,
    only: Option<&str>,
) -> Result<Vec<ApiAuthority>, ServiceError> {
    let all = clock::authorities(db).await?;
    let mut out: Vec<ApiAuthority> = all
        .values()
        .filter(|(a, _)| only.is_none_or(|k| a.key == k))
        .map(|(a, holidays)| ApiAuthority {
            key: a.key.clone(),
            name: a.name.clone(),
            acronym: a.acronym.clone(),
            level: a.level.parse().unwrap_or(AuthorityLevel::Federal),
            response_days: a.response_days,
            day_kind: a.day_kind.parse().unwrap_or(DayKind::Calendar),
            holidays: holidays.iter().map(|d| d.to_string()).collect(),
        })
        .collect();
    out.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(out)
}

fn referral(authority: String, c: &ClockView) -> ApiReferral {
    ApiReferral {
        authority,
        status: c.status,
        paused: c.paused,
        overdue: c.overdue,
        answered: c.answered,
        on_time: c.on_time,
        effective_deadline: c.effective_deadline.clone(),
    }
}

/// A page of the public demand list `f` (`page` ≥ 1), filters as on
/// `/demands`; referrals name their authority by key; the links to the
/// pages around it carry its edges (`DemandList::page_link`).
pub fn demand_page(list: DemandList, f: &DemandFilter) -> ApiDemandPage {
    let (next, prev) = crate::domain::url::next_prev(list.page, list.pages, |to| {
        list.page_link(f, "/api/v1/demands", to)
    });
    let by_name: HashMap<&str, &str> = list
        .authorities
        .iter()
        .map(|(k, n)| (n.as_str(), k.as_str()))
        .collect();
    ApiDemandPage {
        total: list.total,
        more: list.more,
        page: list.page,
        pages: list.pages,
        page_size: demands::PAGE_SIZE,
        next,
        prev,
        items: list
            .rows
            .iter()
            .map(|r| ApiDemandRow {
                body: r.body_key.clone(),
                key: r.key.clone(),
                title: r.title.clone(),
                topic: r.topic,
                submitted_at: r.submitted_at.clone(),
                confidential: r.confidential,
                referrals: r
                    .referrals
                    .iter()
                    .map(|(name, c)| {
                        let key = by_name.get(name.as_str()).copied().unwrap_or(name);
                        referral(key.to_string(), c)
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// One demand with its threads, as the public sees it.
pub async fn demand<C: ConnectionTrait>(
    db: &C,
    body_key: &str,
    demand_key: &str,
    now: DateTime<Utc>,
) -> Result<Option<ApiDemand>, ServiceError> {
    let Some(v) = demands::view(db, None, body_key, demand_key, now).await? else {
        return Ok(None);
    };
    Ok(Some(ApiDemand {
        body: v.body_key,
        key: v.key,
        title: v.title,
        topic: v.topic,
        submitted_at: v.submitted_at,
        confidential: v.confidential,
        text_html: v.text_html,
        withheld: v.withheld,
        withdrawn_at: v.withdrawn_at,
        meeting: v.meeting.map(|(k, _)| k),
        referrals: v
            .referrals
            .into_iter()
            .map(|r| ApiReferralThread {
                referral: referral(r.authority_key, &r.clock),
                authority_name: r.authority_name,
                thread: r
                    .timeline
                    .into_iter()
                    .map(|e| {
                        let (kind, verdict) = match e.kind {
                            TimelineKind::Event(k) => (k.as_str().to_string(), None),
                            TimelineKind::Verdict(v) => {
                                ("verdict".to_string(), Some(v.as_str().to_string()))
                            }
                        };
                        ApiEntry {
                            at: e.at,
                            kind,
                            verdict,
                            text_html: e.html,
                            evidence_url: e.evidence_url,
                        }
                    })
                    .collect(),
            })
            .collect(),
    }))
}

/// A public body's roster as Popolo: the members who made their names
/// public, with each term as a membership.
pub async fn popolo<C: ConnectionTrait>(db: &C, key: &str) -> Result<Option<Popolo>, ServiceError> {
    let Some(b) = crate::server::services::bodies::find_public(db, key).await? else {
        return Ok(None);
    };
    let org = format!("body/{}", b.key);
    let members = member::Entity::find()
        .filter(member::Column::BodyId.eq(b.id))
        .filter(member::Column::Public.eq(true))
        .order_by_asc(member::Column::Key)
        .all(db)
        .await?;
    // A renewal is a new seat record keyed `{key}-2`, `-3`, … for the same
    // person (`member_edit::renew`): one Popolo person, several memberships.
    let keys: HashMap<&str, &str> = members
        .iter()
        .map(|m| (m.key.as_str(), m.name.as_str()))
        .collect();
    let person_key = |m: &member::Model| -> String {
        m.key
            .rsplit_once('-')
            .filter(|(base, n)| {
                n.parse::<u32>().is_ok() && keys.get(base).is_some_and(|name| *name == m.name)
            })
            .map(|(base, _)| base.to_string())
            .unwrap_or_else(|| m.key.clone())
    };
    let mut persons: Vec<PopoloPerson> = Vec::new();
    let mut memberships = Vec::new();
    for m in &members {
        let person_id = format!("{org}/person/{}", person_key(m));
        match persons.iter_mut().find(|p| p.id == person_id) {
            // The latest record's name (keys sort renewals after the first).
            Some(p) => p.name = m.name.clone(),
            None => persons.push(PopoloPerson {
                id: person_id.clone(),
                name: m.name.clone(),
            }),
        }
        let end = match (m.term_end, m.withdrawn_on) {
            (Some(e), Some(w)) => Some(e.min(w)),
            (e, w) => e.or(w),
        };
        memberships.push(PopoloMembership {
            id: format!("{org}/membership/{}", m.key),
            person_id,
            organization_id: org.clone(),
            role: m.role.parse().unwrap_or(MemberRole::Representative),
            start_date: m.term_start.to_string(),
            end_date: end.map(|d| d.to_string()),
        });
    }
    let area_id = format!("{org}/area");
    Ok(Some(Popolo {
        organizations: vec![PopoloOrganization {
            id: org,
            name: b.name.clone(),
            classification: b.level.clone(),
            area_id: area_id.clone(),
            area: PopoloArea {
                id: area_id,
                name: b.jurisdiction.clone(),
            },
        }],
        persons,
        memberships,
    }))
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// Demands read at once by the downloads: what they hold in memory at a
/// time, whatever the number of demands.
const DEMANDS_PAGE: u64 = 2_000;

/// The demands of `bodies` submitted at or before T, oldest first, a page
/// at a time (keyset on the index by date and id).
struct DemandPages<'a> {
    bodies: &'a HashMap<i64, body::Model>,
    t: DateTime<Utc>,
    /// The last demand of the page before.
    after: Option<demand::Model>,
    done: bool,
}

impl<'a> DemandPages<'a> {
    fn new(bodies: &'a HashMap<i64, body::Model>, t: DateTime<Utc>) -> Self {
        Self {
            bodies,
            t,
            after: None,
            done: false,
        }
    }

    /// The next page; `None` after the last.
    async fn next<C: ConnectionTrait>(
        &mut self,
        db: &C,
    ) -> Result<Option<Vec<demand::Model>>, ServiceError> {
        use sea_orm::{Condition, QuerySelect};
        if self.done {
            return Ok(None);
        }
        let mut q = demand::Entity::find()
            .filter(demand::Column::BodyId.is_in(self.bodies.keys().copied().collect::<Vec<_>>()))
            .filter(demand::Column::SubmittedAt.lte(self.t));
        if let Some(last) = &self.after {
            q = q.filter(
                Condition::any()
                    .add(demand::Column::SubmittedAt.gt(last.submitted_at))
                    .add(
                        Condition::all()
                            .add(demand::Column::SubmittedAt.eq(last.submitted_at))
                            .add(demand::Column::Id.gt(last.id)),
                    ),
            );
        }
        let page = q
            .order_by_asc(demand::Column::SubmittedAt)
            .order_by_asc(demand::Column::Id)
            .limit(DEMANDS_PAGE)
            .all(db)
            .await?;
        self.done = (page.len() as u64) < DEMANDS_PAGE;
        self.after = page.last().cloned();
        Ok((!page.is_empty()).then_some(page))
    }
}

/// Reads like a single moment: a read-only transaction (a snapshot on
/// PostgreSQL; SQLite's reads in one transaction see one state), so that a
/// download read page by page is not torn by a write in the middle.
pub(crate) async fn snapshot(
    db: &DatabaseConnection,
) -> Result<sea_orm::DatabaseTransaction, ServiceError> {
    use sea_orm::{AccessMode, IsolationLevel, TransactionTrait};
    Ok(match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            db.begin_with_config(
                Some(IsolationLevel::RepeatableRead),
                Some(AccessMode::ReadOnly),
            )
            .await?
        }
        _ => db.begin().await?,
    })
}

/// One row per public demand submitted at or before T (withdrawn ones
/// marked), with its addressed authorities; a page of demands at a time.
pub async fn write_demands(
    db: &DatabaseConnection,
    t: DateTime<Utc>,
    out: &mut CsvStream,
) -> Result<(), ServiceError> {
    let txn = snapshot(db).await?;
    let db = &txn;
    let bodies = public_bodies(db, None).await?;
    let authorities = clock::authorities(db).await?;
    let meetings: HashMap<i64, String> = meeting::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m.key))
        .collect();
    out.row([
        "body",
        "demand",
        "title",
        "topic",
        "submitted_at",
        "confidential",
        "meeting",
        "authorities",
        "withdrawn_at",
        "body_name",
    ])?;
    let mut pages = DemandPages::new(&bodies, t);
    while let Some(list) = pages.next(db).await? {
        let loaded = clock::load(db, &list, &bodies, &authorities).await?;
        let mut addressed: HashMap<i64, Vec<&str>> = HashMap::new();
        for l in &loaded {
            if let Some((a, _)) = authorities.get(&l.referral.authority_id) {
                addressed
                    .entry(l.referral.demand_id)
                    .or_default()
                    .push(&a.key);
            }
        }
        for d in &list {
            let Some(b) = bodies.get(&d.body_id) else {
                continue;
            };
            let tz = time::zone(&b.timezone);
            out.row([
                b.key.clone(),
                d.key.clone(),
                d.title.clone(),
                d.topic.clone(),
                time::rfc3339_in(d.submitted_at, tz),
                d.confidential.to_string(),
                opt(d.meeting_id.and_then(|id| meetings.get(&id))),
                addressed
                    .get(&d.id)
                    .map(|v| v.join(" "))
                    .unwrap_or_default(),
                opt(d
                    .withdrawn_at
                    .filter(|w| *w <= t)
                    .map(|w| time::rfc3339_in(w, tz))),
                b.name.clone(),
            ])?;
        }
        out.flush().await?;
    }
    txn.commit().await?;
    Ok(())
}

/// One row per referral of a public demand submitted at or before T and
/// not withdrawn by then, with its deadlines and the clock's reading at T;
/// a page of demands at a time, in the demands' order, then the referrals'.
pub async fn write_referrals(
    db: &DatabaseConnection,
    t: DateTime<Utc>,
    out: &mut CsvStream,
) -> Result<(), ServiceError> {
    let txn = snapshot(db).await?;
    let db = &txn;
    let bodies = public_bodies(db, None).await?;
    let authorities = clock::authorities(db).await?;
    out.row([
        "body",
        "demand",
        "authority",
        "submitted_at",
        "base_deadline",
        "effective_deadline",
        "status",
        "paused",
        "due",
        "overdue",
        "answered",
        "first_answer_at",
        "on_time",
        "verdict",
        "as_of",
        "body_name",
        "authority_name",
        "title",
        "contested",
    ])?;
    let as_of = format_as_of(t);
    let mut pages = DemandPages::new(&bodies, t);
    while let Some(page) = pages.next(db).await? {
        let list: Vec<demand::Model> = page
            .into_iter()
            .filter(|d| d.withdrawn_at.is_none_or(|w| w > t))
            .collect();
        let by_id: HashMap<i64, &demand::Model> = list.iter().map(|d| (d.id, d)).collect();
        let place: HashMap<i64, usize> = list.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
        let mut loaded = clock::load(db, &list, &bodies, &authorities).await?;
        // In the demands' order, then the referrals': whatever the pages.
        loaded.sort_by_key(|l| (place.get(&l.referral.demand_id).copied(), l.referral.id));
        for l in &loaded {
            let (Some(d), Some((a, _))) = (
                by_id.get(&l.referral.demand_id),
                authorities.get(&l.referral.authority_id),
            ) else {
                continue;
            };
            let Some(b) = bodies.get(&d.body_id) else {
                continue;
            };
            let tz = time::zone(&b.timezone);
            let s = l.clock.at(t);
            out.row([
                b.key.clone(),
                d.key.clone(),
                a.key.clone(),
                time::rfc3339_in(d.submitted_at, tz),
                time::rfc3339_in(l.clock.base_deadline, tz),
                time::rfc3339_in(s.effective_deadline, tz),
                s.status.as_str().to_string(),
                s.paused.to_string(),
                s.due.to_string(),
                s.overdue.to_string(),
                s.answered().to_string(),
                opt(s.first_answer.map(|f| time::rfc3339_in(f, tz))),
                opt(s.on_time),
                opt(s.verdict.map(|v| v.as_str())),
                as_of.clone(),
                b.name.clone(),
                a.name.clone(),
                d.title.clone(),
                s.contested().to_string(),
            ])?;
        }
        out.flush().await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The answer figures' columns, shared by the body and authority tables:
/// metrics.md's answer figures, then the referrals by status.
fn answer_columns() -> impl Iterator<Item = String> {
    [
        "referrals",
        "considered",
        "answered",
        "response_rate",
        "on_time_rate",
        "median_days_to_answer",
        "acceptance_rate",
        "implementation_rate",
        "contested_rate",
        "overdue_open",
    ]
    .map(String::from)
    .into_iter()
    .chain(
        ReferralStatus::ALL
            .iter()
            .map(|s| format!("status_{}", s.as_str())),
    )
}

/// The cells under [`answer_columns`].
fn answer_cells(a: &crate::domain::metrics::answers::AnswerFigures) -> Vec<String> {
    let f = |v: Option<f64>| opt(v);
    let mut cells = vec![
        a.referrals.to_string(),
        a.considered.to_string(),
        a.answered.to_string(),
        f(a.response_rate),
        f(a.on_time_rate),
        f(a.median_days_to_answer),
        f(a.acceptance_rate),
        f(a.implementation_rate),
        f(a.contested_rate),
        a.overdue_open.to_string(),
    ];
    cells.extend(
        ReferralStatus::ALL
            .iter()
            .map(|s| a.status_counts.get(*s).to_string()),
    );
    cells
}

/// One row per public body with every figure of metrics.md at T.
pub async fn write_body_metrics<C: metrics::referrals::Db>(
    db: &C,
    t: DateTime<Utc>,
    out: &mut CsvStream,
) -> Result<(), ServiceError> {
    let all = metrics::all_bodies(db, t).await?;
    let f = |v: Option<f64>| opt(v);
    let mut header: Vec<String> = [
        "body",
        "as_of",
        "members_active",
        "alternates_active",
        "seats",
        "seat_fill_rate",
        "gender_woman",
        "gender_man",
        "gender_non_binary",
        "gender_other",
        "gender_undisclosed",
        "gender_balance",
        "group_coverage",
        "region_coverage",
        "terms_expiring_90d",
        "meetings_held",
        "meetings_cancelled",
        "meeting_regularity",
        "attendance_rate",
        "quorum_rate",
        "minutes_rate",
        "median_days_to_minutes",
        "demands_submitted",
        "adopted_in_meeting_rate",
    ]
    .map(String::from)
    .to_vec();
    header.extend(answer_columns());
    header.extend(
        [
            "responsiveness_score",
            "regularity_score",
            "representativeness_score",
            "low_sample",
            "name",
        ]
        .map(String::from),
    );
    out.row(&header)?;
    let names: HashMap<String, String> = public_bodies(db, None)
        .await?
        .into_values()
        .map(|b| (b.key, b.name))
        .collect();
    for m in all {
        let (c, me, d, a) = (&m.composition, &m.meetings, &m.demands, &m.answers);
        let mut row = vec![
            m.body.clone(),
            m.as_of.clone(),
            c.members_active.to_string(),
            c.alternates_active.to_string(),
            opt(c.seats),
            f(c.seat_fill_rate),
            c.gender.woman.to_string(),
            c.gender.man.to_string(),
            c.gender.non_binary.to_string(),
            c.gender.other.to_string(),
            c.gender.undisclosed.to_string(),
            f(c.gender_balance),
            f(c.group_coverage),
            f(c.region_coverage),
            c.terms_expiring_90d.to_string(),
            me.meetings_held.to_string(),
            me.meetings_cancelled.to_string(),
            f(me.meeting_regularity),
            f(me.attendance_rate),
            f(me.quorum_rate),
            f(me.minutes_rate),
            f(me.median_days_to_minutes),
            d.demands_submitted.to_string(),
            f(d.adopted_in_meeting_rate),
        ];
        row.extend(answer_cells(a));
        row.extend([
            f(m.scores.responsiveness_score),
            f(m.scores.regularity_score),
            f(m.scores.representativeness_score),
            m.low_sample.to_string(),
            names.get(&m.body).cloned().unwrap_or_default(),
        ]);
        out.row(&row)?;
    }
    Ok(())
}

/// One row per authority at T: its deadline rule and every answer figure.
pub async fn write_authority_metrics<C: metrics::referrals::Db>(
    db: &C,
    t: DateTime<Utc>,
    out: &mut CsvStream,
) -> Result<(), ServiceError> {
    let list = metrics::dashboards::authority_list(db, t).await?;
    let f = |v: Option<f64>| opt(v);
    let mut header: Vec<String> = [
        "authority",
        "name",
        "acronym",
        "level",
        "response_days",
        "day_kind",
        "holidays",
        "as_of",
    ]
    .map(String::from)
    .to_vec();
    header.extend(answer_columns());
    header.extend(["responsiveness_score", "low_sample"].map(String::from));
    out.row(&header)?;
    for r in list.rows {
        let a = &r.metrics.answers;
        let mut row = vec![
            r.key.clone(),
            r.name.clone(),
            opt(r.acronym.clone()),
            r.level.as_str().to_string(),
            r.response_days.to_string(),
            r.day_kind.as_str().to_string(),
            r.holidays.to_string(),
            r.metrics.as_of.clone(),
        ];
        row.extend(answer_cells(a));
        row.push(f(r.metrics.scores.responsiveness_score));
        row.push(r.metrics.low_sample.to_string());
        out.row(&row)?;
    }
    Ok(())
}
