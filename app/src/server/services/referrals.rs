//! The referral list behind every figure (`domain::referrals`): the same
//! referrals the figures read (`metrics::referrals::load`, public bodies,
//! demands not withdrawn by T), filtered the way each figure counts them,
//! so that a count and its list agree by construction; and each one's clock
//! explained from `domain::clock`.
use super::demands::clock::{self as deadlines, Authorities};
use super::metrics::bodies::public_bodies;
use super::metrics::facts::{answer_at, list_page, refresh, Edge, Listed};
use super::metrics::referrals::{load, load_ids, Clocked, Db, Scope};
use crate::domain::clock::State;
use crate::domain::enums::{DayKind, ReferralStatus};
use crate::domain::metrics::answers::millis_to_days;
use crate::domain::metrics::instants::{format_as_of, parse_as_of};
use crate::domain::referrals::*;
use crate::server::error::ServiceError;
use crate::server::time;
use chrono::{DateTime, Datelike, Utc, Weekday};
use entity::body;
use std::collections::HashMap;

/// Does `value` pass a yes/no filter (`yes_no`)?
fn wanted(filter: &str, value: bool) -> bool {
    yes_no(filter).is_none_or(|yes| yes == value)
}

/// The instant of `as_of` (empty: now); a bad one is the user's error.
pub fn instant(as_of: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, ServiceError> {
    if as_of.trim().is_empty() {
        return Ok(now);
    }
    parse_as_of(as_of).ok_or_else(|| ServiceError::field("as_of", "invalid_date"))
}

/// A yes/no filter: "1" must hold (`Some(true)`), "0" must not
/// (`Some(false)`), anything else: either (`None`).
fn yes_no(filter: &str) -> Option<bool> {
    match filter {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}

/// Whether the facts answer for `scope` at `t`, brought up to date first.
pub(crate) async fn facts_answer<C: Db>(
    db: &C,
    scope: Scope,
    t: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    refresh(db).await?;
    answer_at(db, scope, t).await
}

/// Does referral `c`, read at `t` as `s`, pass the filters (besides body
/// and authority, which choose what is loaded)?
fn passes(f: &ReferralFilter, c: &Clocked, s: &State, t: DateTime<Utc>) -> bool {
    (f.status.is_empty() || f.status == s.status.as_str())
        && wanted(&f.overdue, s.overdue)
        && wanted(&f.window, c.in_window(t))
        && wanted(&f.considered, s.answered() || s.due)
        && wanted(&f.answered, s.answered())
        && wanted(&f.on_time, s.on_time == Some(true))
}

/// One page of the referrals `f` selects, at `f.as_of` (else `now`).
#[tracing::instrument(skip(db))]
pub async fn list<C: Db>(
    db: &C,
    f: &ReferralFilter,
    now: DateTime<Utc>,
) -> Result<ReferralPage, ServiceError> {
    list_with(db, f, now, true, None, None).await
}

/// As `list`, with the list's total "now" already known: `known` is the
/// instant it was counted at and the total then, both from the figures
/// cache (same data version). The page is then read at that instant, so
/// that its `as_of`, its rows and its total agree, and only the page is
/// read: counting a million referrals again for every page took 0.2–0.8 s.
/// A filter with an `as_of` ignores `known`.
pub async fn list_known<C: Db>(
    db: &C,
    f: &ReferralFilter,
    now: DateTime<Utc>,
    known: Option<(DateTime<Utc>, u64)>,
    ends: Option<&[i64]>,
) -> Result<ReferralPage, ServiceError> {
    list_with(db, f, now, true, known, ends).await
}

/// The last referral of each page of the list `f` (its page and `as_of`
/// aside) at `t`, where the facts answer (`facts::page_ends`); `None`
/// where they do not, or for a filter that names nothing.
pub async fn page_ends<C: Db>(
    db: &C,
    f: &ReferralFilter,
    t: DateTime<Utc>,
) -> Result<Option<Vec<i64>>, ServiceError> {
    let bodies = public_bodies(db, None).await?;
    let authorities = deadlines::authorities(db).await?;
    let Some((scope, _, listed)) = chosen(f, &bodies, &authorities)? else {
        return Ok(None);
    };
    if !facts_answer(db, scope, t).await? {
        return Ok(None);
    }
    Ok(Some(
        super::metrics::facts::page_ends(db, scope, t, &listed, PAGE_SIZE).await?,
    ))
}

/// What the list `f` reads: its scope, the authority it names, and its
/// filters as the facts take them; `None` when an unknown (or private)
/// body or authority selects nothing.
fn chosen(
    f: &ReferralFilter,
    bodies: &HashMap<i64, body::Model>,
    authorities: &Authorities,
) -> Result<Option<(Scope, Option<i64>, Listed)>, ServiceError> {
    if !f.status.is_empty() && f.status.parse::<ReferralStatus>().is_err() {
        return Err(ServiceError::field("status", "invalid_value"));
    }
    let body = (!f.body.is_empty()).then(|| bodies.values().find(|b| b.key == f.body));
    let authority =
        (!f.authority.is_empty()).then(|| authorities.values().find(|(a, _)| a.key == f.authority));
    if matches!(body, Some(None)) || matches!(authority, Some(None)) {
        return Ok(None);
    }
    let body = body.flatten();
    let authority_id = authority.flatten().map(|(a, _)| a.id);
    let scope = match (body, authority_id) {
        (Some(b), _) => Scope::Body(b.id),
        (None, Some(a)) => Scope::Authority(a),
        (None, None) => Scope::All,
    };
    let listed = Listed {
        authority: authority_id.filter(|_| body.is_some()),
        status: f.status.parse().ok(),
        overdue: yes_no(&f.overdue),
        window: yes_no(&f.window),
        considered: yes_no(&f.considered),
        answered: yes_no(&f.answered),
        on_time: yes_no(&f.on_time),
    };
    Ok(Some((scope, authority_id, listed)))
}

/// The total of the list `f` (its page and `as_of` aside) at `t`: what
/// `list_known` is given.
pub async fn total_at<C: Db>(
    db: &C,
    f: &ReferralFilter,
    t: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    let first = ReferralFilter {
        as_of: String::new(),
        page: 1,
        ..f.clone()
    };
    Ok(list_with(db, &first, t, true, None, None).await?.total)
}

/// As `list`, from every clock up to T even when the facts answer (what
/// `list` does at earlier instants; the tests compare the two).
pub async fn list_from_clocks<C: Db>(
    db: &C,
    f: &ReferralFilter,
    now: DateTime<Utc>,
) -> Result<ReferralPage, ServiceError> {
    list_with(db, f, now, false, None, None).await
}

async fn list_with<C: Db>(
    db: &C,
    f: &ReferralFilter,
    now: DateTime<Utc>,
    use_facts: bool,
    known: Option<(DateTime<Utc>, u64)>,
    ends: Option<&[i64]>,
) -> Result<ReferralPage, ServiceError> {
    let known = known.filter(|_| f.as_of.trim().is_empty());
    let t = match known {
        Some((t, _)) => t,
        None => instant(&f.as_of, now)?,
    };
    let bodies = public_bodies(db, None).await?;
    let authorities = deadlines::authorities(db).await?;
    let empty = || ReferralPage {
        as_of: format_as_of(t),
        total: 0,
        page: 1,
        pages: 1,
        page_size: PAGE_SIZE,
        items: vec![],
        next: None,
        prev: None,
    };
    // An unknown (or private) body or authority selects nothing.
    let Some((scope, authority_id, listed)) = chosen(f, &bodies, &authorities)? else {
        return Ok(empty());
    };
    let (total, page, shown) = if use_facts && facts_answer(db, scope, t).await? {
        // The facts hold at T ("now", in practice): the database filters,
        // counts and sorts, and only the page's clocks are read.
        let known_total = known.map(|(_, n)| n);
        // The first page never starts at an edge: none looked up for it.
        let edge = match f.page > 1 {
            true => edge(db, &bodies, &authorities, f).await?,
            false => None,
        };
        let (total, page, ids) = list_page(
            db,
            scope,
            t,
            &listed,
            f.page,
            PAGE_SIZE,
            known_total,
            edge,
            ends,
        )
        .await?;
        let order: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut loaded = load_ids(db, &ids, t, &bodies).await?;
        loaded.sort_by_key(|c| order.get(&c.referral_id).copied().unwrap_or(usize::MAX));
        let shown: Vec<(Clocked, State)> = loaded
            .into_iter()
            .map(|c| {
                let s = c.clock.at(t);
                (c, s)
            })
            .collect();
        (total, page, shown)
    } else {
        // An earlier instant: every clock up to T. The windowed and the
        // overdue lists need what the figures at T read; any other list
        // every referral up to T (a window reaching back to the first
        // possible instant).
        let narrow = f.window == "1" || f.overdue == "1";
        let from = if narrow {
            t
        } else {
            // Long before any record (and within every database's range).
            "1901-01-01T00:00:00Z".parse().unwrap_or(t)
        };
        let loaded = load(db, scope, from, t, &bodies).await?;
        let mut chosen: Vec<(&Clocked, State)> = loaded
            .iter()
            .filter(|c| c.exists_at(t))
            .filter(|c| authority_id.is_none_or(|a| c.authority_id == a))
            .map(|c| (c, c.clock.at(t)))
            .filter(|(c, s)| passes(f, c, s, t))
            .collect();
        // Longest overdue first: the oldest effective deadline leads.
        chosen.sort_by_key(|(c, s)| (s.effective_deadline, c.referral_id));
        let total = chosen.len() as u64;
        let pages = total.div_ceil(PAGE_SIZE).max(1);
        let page = f.page.clamp(1, pages);
        let shown: Vec<(Clocked, State)> = chosen
            .into_iter()
            .skip(((page - 1) * PAGE_SIZE) as usize)
            .take(PAGE_SIZE as usize)
            .map(|(c, s)| (c.clone(), s))
            .collect();
        (total, page, shown)
    };
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let ids: Vec<i64> = shown.iter().map(|(c, _)| c.demand_id).collect();
    let demands = super::demands::by_id(db, ids).await?;
    let items = shown
        .iter()
        .filter_map(|(c, s)| {
            let d = demands.get(&c.demand_id)?;
            let b = bodies.get(&c.body_id)?;
            let (a, _) = authorities.get(&c.authority_id)?;
            Some(ReferralItem {
                body: b.key.clone(),
                body_name: b.name.clone(),
                demand: d.key.clone(),
                title: d.title.clone(),
                confidential: d.confidential,
                authority: a.key.clone(),
                authority_name: a.name.clone(),
                status: s.status,
                contested: s.contested(),
                paused: s.paused,
                due: s.due,
                overdue: s.overdue,
                answered: s.answered(),
                on_time: s.on_time,
                in_window: c.in_window(t),
                considered: s.answered() || s.due,
                clock: explain(
                    &c.clock,
                    c.authority_id,
                    c.due_recorded,
                    s,
                    b,
                    &authorities,
                    t,
                ),
            })
        })
        .collect();
    Ok(ReferralPage {
        as_of: format_as_of(t),
        total,
        page,
        pages,
        page_size: PAGE_SIZE,
        items,
        next: None,
        prev: None,
    })
}

/// The edge `f` carries (`after` or `before`, `{body}~{demand}~{authority}`)
/// when it names a referral of a public body.
async fn edge<C: Db>(
    db: &C,
    bodies: &HashMap<i64, body::Model>,
    authorities: &Authorities,
    f: &ReferralFilter,
) -> Result<Option<Edge>, ServiceError> {
    use entity::{demand, referral};
    use sea_orm::sea_query::Query;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let Some((cursor, after)) = crate::domain::url::page_edge(&f.after, &f.before) else {
        return Ok(None);
    };
    let mut parts = cursor.split('~');
    let (Some(b), Some(d), Some(a), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Ok(None);
    };
    let body = bodies.values().find(|x| x.key == b);
    let authority = authorities.values().find(|(x, _)| x.key == a);
    let (Some(body), Some((authority, _))) = (body, authority) else {
        return Ok(None);
    };
    let id: Option<i64> = referral::Entity::find()
        .select_only()
        .column(referral::Column::Id)
        .filter(referral::Column::AuthorityId.eq(authority.id))
        .filter(
            referral::Column::DemandId.in_subquery(
                Query::select()
                    .column(demand::Column::Id)
                    .from(demand::Entity)
                    .and_where(demand::Column::BodyId.eq(body.id))
                    .and_where(demand::Column::Key.eq(d))
                    .to_owned(),
            ),
        )
        .into_tuple()
        .one(db)
        .await?;
    Ok(id.map(|id| {
        if after {
            Edge::After(id)
        } else {
            Edge::Before(id)
        }
    }))
}

/// The list page: the page and the filter form's choices.
pub async fn list_view<C: Db>(
    db: &C,
    page: ReferralPage,
) -> Result<ReferralListView, ServiceError> {
    let mut bodies: Vec<(String, String)> = public_bodies(db, None)
        .await?
        .into_values()
        .map(|b| (b.key, b.name))
        .collect();
    bodies.sort_by(|a, b| a.1.cmp(&b.1));
    let mut authorities: Vec<(String, String)> = deadlines::authorities(db)
        .await?
        .into_values()
        .map(|(a, _)| (a.key, a.acronym.unwrap_or(a.name)))
        .collect();
    authorities.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(ReferralListView {
        page,
        bodies,
        authorities,
    })
}

/// Referral `c`'s clock at `t` (read as `s`) in the facts a reader checks:
/// when it was sent, by which rule, the pauses (and the requests that
/// paused nothing), the deadlines and how late the answer came.
pub fn explain(
    r: &crate::domain::clock::Referral,
    authority_id: i64,
    due_recorded: bool,
    s: &State,
    b: &body::Model,
    authorities: &Authorities,
    t: DateTime<Utc>,
) -> ClockExplanation {
    let tz = time::zone(&b.timezone);
    let at = |x: DateTime<Utc>| time::rfc3339_in(x, tz);
    let computed = deadlines::base_deadline(b, authorities, authority_id, r.submitted_at, None);
    let rule = authorities
        .get(&authority_id)
        .filter(|_| !due_recorded || computed == r.base_deadline)
        .map(|(a, holidays)| {
            let kind = a.day_kind.parse().unwrap_or(DayKind::Calendar);
            let from = time::local_date(r.submitted_at, tz);
            let to = time::local_date(r.base_deadline, tz);
            DeadlineRuleView {
                days: b.response_days.unwrap_or(a.response_days),
                day_kind: kind,
                set_by: if b.response_days.is_some() {
                    "body"
                } else {
                    "authority"
                }
                .into(),
                holidays_skipped: match kind {
                    DayKind::Business => holidays
                        .range(from.succ_opt().unwrap_or(from)..=to)
                        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
                        .map(|d| d.to_string())
                        .collect(),
                    DayKind::Calendar => vec![],
                },
            }
        });
    let clarifications = r
        .clarifications(t)
        .iter()
        .map(|x| ClarificationView {
            requested_at: at(x.requested_at),
            provided_at: x.provided_at.map(at),
            pauses: x.pauses,
            paused_days: x.paused_for().map(|d| millis_to_days(d.num_milliseconds())),
        })
        .collect();
    // An answer is late against the base deadline plus the pauses closed
    // before it; an open overdue referral against its effective deadline.
    let days_late = match s.first_answer {
        Some(first) => {
            let limit = r.base_deadline
                + r.clarifications(first)
                    .iter()
                    .filter_map(|x| x.paused_for())
                    .sum::<chrono::Duration>();
            Some(millis_to_days((first - limit).num_milliseconds()))
        }
        None if s.overdue => Some(millis_to_days(
            (t - s.effective_deadline).num_milliseconds(),
        )),
        None => None,
    };
    ClockExplanation {
        timezone: b.timezone.clone(),
        sent_at: at(r.submitted_at),
        recorded: due_recorded,
        rule,
        base_deadline: at(r.base_deadline),
        clarifications,
        effective_deadline: at(s.effective_deadline),
        first_answer_at: s.first_answer.map(at),
        days_late,
    }
}
