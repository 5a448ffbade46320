//! Demands and their referrals as the public reads them: one demand with
//! each referral's clock and timeline, and the filtered, paginated list.
//! Confidential demands show their existence, topic, body, authorities and
//! statuses to everyone, and their text only to those access.md allows.
pub mod clock;
pub mod inbox;
pub mod reminders;
pub mod write;

use crate::domain::clock::{Referral as Clock, State};
use crate::domain::demands::{
    ClockView, DemandFilter, DemandList, DemandRow, DemandView, ReferralView, TimelineEntry,
    TimelineKind,
};
use crate::domain::enums::{ReferralStatus, Topic};
use crate::server::authz::{may, Actor, DemandRef};
use crate::server::error::ServiceError;
use crate::server::services::metrics::facts;
use crate::server::services::metrics::referrals::{Db, Scope};
use crate::server::time;
use crate::server::visibility::DemandSight;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use entity::{assessment, body, demand, meeting, member, referral, referral_event};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::HashMap;

pub const PAGE_SIZE: u64 = 25;

/// The clock's reading for a page, times in the body's zone.
/// A referral's clock at `now` as pages show it; `withdrawn_at` is the
/// demand's withdrawal, which stops the clock (read it at the withdrawal).
pub fn clock_view(
    r: &Clock,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    withdrawn_at: Option<DateTime<Utc>>,
) -> (ClockView, State) {
    let withdrawn = withdrawn_at.is_some_and(|w| w <= now);
    let now = withdrawn_at.map_or(now, |w| w.min(now));
    let s = r.at(now);
    (clock_view_of(r, &s, tz, now, withdrawn), s)
}

fn clock_view_of(
    r: &Clock,
    s: &State,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
    withdrawn: bool,
) -> ClockView {
    let secs = (s.effective_deadline - now).num_seconds();
    let days = if secs >= 0 {
        (secs + 86_399) / 86_400
    } else {
        -((-secs) / 86_400)
    };
    ClockView {
        status: s.status,
        paused: s.paused,
        awaiting_reply: r.clarification_open(now),
        overdue: s.overdue,
        answered: s.answered(),
        on_time: s.on_time,
        effective_deadline: time::rfc3339_in(s.effective_deadline, tz),
        zone: tz.name().to_string(),
        contested: s.contested(),
        withdrawn,
        days,
    }
}

/// The demands of `ids`, by id (one query; for the lists that show a page
/// of referrals with their demands' keys and titles).
pub async fn by_id<C: ConnectionTrait>(
    db: &C,
    ids: Vec<i64>,
) -> Result<HashMap<i64, demand::Model>, ServiceError> {
    Ok(demand::Entity::find()
        .filter(demand::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect())
}

/// (key, name) pairs for a filter's select, by name.
pub(crate) fn choices<'a>(
    items: impl Iterator<Item = (&'a String, &'a String)>,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = items.map(|(k, n)| (k.clone(), n.clone())).collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

/// Public bodies, and any body the visitor belongs to or administers.
async fn visible_bodies<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
) -> Result<HashMap<i64, body::Model>, ServiceError> {
    Ok(body::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter(|b| may::see_body(who, b.public, b.id))
        .map(|b| (b.id, b))
        .collect())
}

fn addressed_to(loaded: &[clock::Loaded], demand_id: i64) -> Vec<i64> {
    loaded
        .iter()
        .filter(|l| l.referral.demand_id == demand_id)
        .map(|l| l.referral.authority_id)
        .collect()
}

/// One demand's page, its clocks read now; `None` when there is no such
/// visible demand.
pub async fn view<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    body_key: &str,
    demand_key: &str,
    now: DateTime<Utc>,
) -> Result<Option<DemandView>, ServiceError> {
    view_at(db, who, body_key, demand_key, now, None).await
}

/// One demand's page with its clocks read at `as_of` (a figure's instant)
/// when given.
#[tracing::instrument(skip(db))]
pub async fn view_at<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    body_key: &str,
    demand_key: &str,
    now: DateTime<Utc>,
    as_of: Option<DateTime<Utc>>,
) -> Result<Option<DemandView>, ServiceError> {
    // The clocks are read at `as_of` when one is asked for (a figure's
    // link), else now; the thread is shown whole, later entries marked.
    let t = as_of.unwrap_or(now);
    // Any body: whether this reader sees the demand is decided once its
    // addressees are known (`may::see_demand`).
    let bodies = clock::bodies(db).await?;
    let Some(b) = bodies.values().find(|b| b.key == body_key).cloned() else {
        return Ok(None);
    };
    let Some(d) = demand::Entity::find()
        .filter(demand::Column::BodyId.eq(b.id))
        .filter(demand::Column::Key.eq(demand_key))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let tz = time::zone(&b.timezone);
    let authorities = clock::authorities(db).await?;
    let loaded = clock::load(db, std::slice::from_ref(&d), &bodies, &authorities).await?;
    let addressed = addressed_to(&loaded, d.id);
    let seen = DemandRef {
        body_id: b.id,
        submitted_by: None,
        addressed_to: &addressed,
    };
    if !may::see_demand(who, b.public, &seen) {
        return Ok(None);
    }
    let sight = DemandSight::of(who, d.confidential, b.id, &addressed);
    let submitter = member::Entity::find_by_id(d.submitted_by).one(db).await?;
    let meeting = match d.meeting_id {
        Some(id) => meeting::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let ids: Vec<i64> = loaded.iter().map(|l| l.referral.id).collect();
    let mut events: HashMap<i64, Vec<referral_event::Model>> = HashMap::new();
    for e in referral_event::Entity::find()
        .filter(referral_event::Column::ReferralId.is_in(ids.clone()))
        .order_by_asc(referral_event::Column::Seq)
        .all(db)
        .await?
    {
        events.entry(e.referral_id).or_default().push(e);
    }
    let mut verdicts: HashMap<i64, Vec<assessment::Model>> = HashMap::new();
    for a in assessment::Entity::find()
        .filter(assessment::Column::ReferralId.is_in(ids))
        .order_by_asc(assessment::Column::Seq)
        .all(db)
        .await?
    {
        verdicts.entry(a.referral_id).or_default().push(a);
    }
    let referrals = loaded
        .iter()
        .map(|l| {
            let a = authorities.get(&l.referral.authority_id).map(|(a, _)| a);
            let mut timeline: Vec<(DateTime<Utc>, u8, TimelineEntry)> = Vec::new();
            for e in events.remove(&l.referral.id).unwrap_or_default() {
                if let Ok(kind) = e.kind.parse() {
                    timeline.push((
                        e.at,
                        0,
                        TimelineEntry {
                            at: time::rfc3339_in(e.at, tz),
                            kind: TimelineKind::Event(kind),
                            html: sight.text(&e.text),
                            evidence_url: sight.evidence(e.evidence_url),
                            withheld: sight.withheld(),
                            after_as_of: e.at > t,
                        },
                    ));
                }
            }
            for v in verdicts.remove(&l.referral.id).unwrap_or_default() {
                if let Ok(verdict) = v.verdict.parse() {
                    timeline.push((
                        v.at,
                        1,
                        TimelineEntry {
                            at: time::rfc3339_in(v.at, tz),
                            kind: TimelineKind::Verdict(verdict),
                            html: v.note.as_deref().and_then(|n| sight.text(n)),
                            evidence_url: None,
                            withheld: sight.withheld(),
                            after_as_of: v.at > t,
                        },
                    ));
                }
            }
            // By time; at the same instant events before verdicts, each in
            // its list order (the sort is stable).
            timeline.sort_by_key(|(at, order, _)| (*at, *order));
            // A withdrawn demand's clocks stopped at its withdrawal, and
            // nobody answers it any more.
            let (clock, state) = clock_view(&l.clock, tz, t, d.withdrawn_at);
            let open = d.withdrawn_at.is_none();
            ReferralView {
                can_answer: open && may::answer_referral(who, l.referral.authority_id),
                can_respond: open && may::respond_as_body(who, b.id),
                authority_key: a.map(|a| a.key.clone()).unwrap_or_default(),
                authority_name: a.map(|a| a.name.clone()).unwrap_or_default(),
                clock,
                explained: crate::server::services::referrals::explain(
                    &l.clock,
                    l.referral.authority_id,
                    l.referral.due_at.is_some(),
                    &state,
                    &b,
                    &authorities,
                    d.withdrawn_at.map_or(t, |w| w.min(t)),
                ),
                timeline: timeline.into_iter().map(|(_, _, e)| e).collect(),
            }
        })
        .collect();
    Ok(Some(DemandView {
        body_key: b.key.clone(),
        body_name: b.name.clone(),
        key: d.key.clone(),
        title: d.title.clone(),
        topic: d.topic.parse().unwrap_or(Topic::Other),
        submitted_at: time::rfc3339_in(d.submitted_at, tz),
        submitted_by: submitter.filter(|m| m.public).map(|m| m.name),
        meeting: meeting.map(|m| (m.key, m.title)),
        confidential: d.confidential,
        text_html: sight.text(&d.text),
        withheld: sight.withheld(),
        withdrawn_at: d.withdrawn_at.map(|w| time::rfc3339_in(w, tz)),
        referrals,
        can_edit: write::can_edit(db, who, &d).await?,
        can_set_confidential: may::respond_as_body(who, b.id),
        as_of: as_of.map(|t| time::rfc3339_in(t, tz)),
    }))
}

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
    list_with(db, who, f, now, true).await
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
    list_with(db, who, f, now, false).await
}

async fn list_with<C: Db>(
    db: &C,
    who: Option<&Actor>,
    f: &DemandFilter,
    now: DateTime<Utc>,
    use_facts: bool,
) -> Result<DemandList, ServiceError> {
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
        crate::server::services::search::index::catch_up(db).await?;
        let (cond, values) = crate::server::services::search::list_condition(db, w).await?;
        q = q.filter(Expr::cust_with_values(cond, values));
    }
    // A filter by the referrals' state at T: where the facts answer at T
    // ("now", in practice), the database selects the demands and only the
    // page's clocks are read; else every clock of the list (at a million
    // referrals, seconds).
    let by_state = status.is_some() || f.overdue == "1";
    let by_facts = by_state
        && use_facts
        && crate::server::services::referrals::facts_answer(db, Scope::All, now).await?;
    if by_facts {
        for (cond, values) in facts::demands_having(
            ConnectionTrait::get_database_backend(db),
            now,
            status,
            f.overdue == "1",
        ) {
            q = q.filter(Expr::cust_with_values(cond, values));
        }
    }
    let q = q
        .order_by_desc(demand::Column::SubmittedAt)
        .order_by_desc(demand::Column::Id);
    let page = f.page;
    let by_clock = by_state && !by_facts;
    let mut more = false;
    let (demands, total) = if by_clock || page == 0 {
        let all = q.all(db).await?;
        let n = all.len() as u64;
        (all, n)
    } else if words.is_some() {
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
        let total = q.clone().count(db).await?;
        // Clamped before use: a page past the end (even one of 2^63 in a
        // hand-typed address) shows the last page.
        let last = total.div_ceil(PAGE_SIZE).max(1);
        let rows = q
            .offset((page.clamp(1, last) - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE)
            .all(db)
            .await?;
        (rows, total)
    };
    let loaded = clock::load(db, &demands, &bodies, &authorities).await?;
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
                && (f.overdue != "1" || refs.iter().any(|(_, _, s)| s.overdue))
        })
        .collect();
    let mut rows: Vec<DemandRow> = wanted
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
        .collect();
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

/// The list as CSV: one row per referral.
pub fn to_csv(list: &DemandList) -> Result<String, ServiceError> {
    let io = |e: csv::Error| ServiceError::Invalid(e.to_string());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
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
    ])
    .map_err(io)?;
    let flag = |b: bool| if b { "true" } else { "false" };
    for r in &list.rows {
        for (authority, c) in &r.referrals {
            let on_time = c.on_time.map(|b| b.to_string()).unwrap_or_default();
            w.write_record([
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
            ])
            .map_err(io)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ServiceError::Invalid(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ServiceError::Invalid(e.to_string()))
}
