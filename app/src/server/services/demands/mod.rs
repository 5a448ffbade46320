//! Demands and their referrals as the public reads them: one demand with
//! each referral's clock and timeline, and the filtered, paginated list.
//! Confidential demands show their existence, topic, body, authorities and
//! statuses to everyone, and their text only to those access.md allows.
pub mod clock;
pub mod inbox;
mod list;
pub mod reminders;
pub mod write;

pub(crate) use list::{day_end, day_start};
pub use list::{
    list, list_from_clocks, list_known, page_ends, total_at, write_csv, write_json, PageEnd,
};

use crate::domain::clock::{Referral as Clock, State};
use crate::domain::demands::{ClockView, DemandView, ReferralView, TimelineEntry, TimelineKind};
use crate::domain::enums::Topic;
use crate::server::authz::{may, Actor, DemandRef};
use crate::server::error::ServiceError;
use crate::server::time;
use crate::server::visibility::DemandSight;
use chrono::{DateTime, Utc};
use entity::{assessment, body, demand, meeting, member, referral_event};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
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
