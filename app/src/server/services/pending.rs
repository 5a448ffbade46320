//! What needs a signed-in person now (`/pending`, where signing in lands):
//! for each council they represent or run, the referrals waiting for the
//! council (a clarification to give, an answer to assess) and their own
//! demands; for secretaries and chairs also the meetings and terms that
//! need them; for officials the top of their inbox. Read through the same
//! rules as the pages it links to.
use super::demands::{clock, clock_view, inbox};
use crate::domain::demands::DemandFilter;
use crate::domain::enums::ReferralStatus;
use crate::domain::pending::{
    CouncilTasks, InboxTop, MeetingNeed, MeetingTask, OwnDemand, Pending, TaskRow, TermEnding,
};
use crate::server::authz::{check, Actor, Grant};
use crate::server::error::ServiceError;
use crate::server::time;
use chrono::{DateTime, Duration, Utc};
use entity::{account, attendance, body, demand, meeting, member};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeSet, HashMap};

/// Rows shown per list before "see all".
const TOP: usize = 5;

#[tracing::instrument(skip(db))]
pub async fn pending<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    now: DateTime<Utc>,
) -> Result<Pending, ServiceError> {
    let Some(actor) = who else {
        check(who, false)?;
        return Err(ServiceError::Unauthorized);
    };
    let name = account::Entity::find_by_id(actor.account_id)
        .one(db)
        .await?
        .map(|a| a.name)
        .unwrap_or_default();
    let body_ids: BTreeSet<i64> = actor
        .grants
        .iter()
        .filter_map(|g| match g {
            Grant::Chair { body } | Grant::Secretary { body } => Some(*body),
            Grant::Representative { body, .. } => Some(*body),
            Grant::Official { .. } => None,
        })
        .collect();
    let mut bodies: Vec<body::Model> = body::Entity::find()
        .filter(body::Column::Id.is_in(body_ids))
        .all(db)
        .await?;
    bodies.sort_by(|a, b| a.name.cmp(&b.name));
    // Read once for every council (names and deadline rules).
    let authorities = clock::authorities(db).await?;
    let mut councils = Vec::new();
    for b in bodies {
        councils.push(council(db, actor, &authorities, b, now).await?);
    }
    let official = actor
        .grants
        .iter()
        .any(|g| matches!(g, Grant::Official { .. }));
    let inbox = if official {
        let f = DemandFilter {
            page: 1,
            ..Default::default()
        };
        let all = inbox::inbox(db, who, &f, now).await?;
        let open = all
            .counts
            .iter()
            .filter(|(s, _)| {
                matches!(
                    s,
                    ReferralStatus::Awaiting | ReferralStatus::AwaitingClarification
                )
            })
            .map(|(_, n)| n)
            .sum();
        Some(InboxTop {
            overdue: all.overdue,
            open,
            rows: all
                .rows
                .into_iter()
                .filter(|r| !r.clock.answered)
                .take(TOP)
                .collect(),
        })
    } else {
        None
    };
    Ok(Pending {
        name,
        admin: actor.admin,
        councils,
        inbox,
    })
}

async fn council<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    authorities: &clock::Authorities,
    b: body::Model,
    now: DateTime<Utc>,
) -> Result<CouncilTasks, ServiceError> {
    let tz = time::zone(&b.timezone);
    let manages = actor.manages(b.id) || actor.admin;
    let seats: Vec<i64> = actor
        .grants
        .iter()
        .filter_map(|g| match g {
            Grant::Representative { body, member } if *body == b.id => Some(*member),
            _ => None,
        })
        .collect();
    let demands = demand::Entity::find()
        .filter(demand::Column::BodyId.eq(b.id))
        .filter(demand::Column::WithdrawnAt.is_null())
        .filter(demand::Column::SubmittedAt.lte(now))
        .order_by_desc(demand::Column::SubmittedAt)
        .all(db)
        .await?;
    let by_body = HashMap::from([(b.id, b.clone())]);
    let loaded = clock::load(db, &demands, &by_body, authorities).await?;
    let by_id: HashMap<i64, &demand::Model> = demands.iter().map(|d| (d.id, d)).collect();
    let authority_name = |id: i64| {
        authorities
            .get(&id)
            .map(|(a, _)| a.name.clone())
            .unwrap_or_default()
    };
    let (mut to_clarify, mut to_assess) = (Vec::new(), Vec::new());
    let mut own: HashMap<i64, Vec<(String, crate::domain::demands::ClockView)>> = HashMap::new();
    for l in &loaded {
        let Some(d) = by_id.get(&l.referral.demand_id) else {
            continue;
        };
        let (view, state) = clock_view(&l.clock, tz, now, None);
        let row = || TaskRow {
            demand_key: d.key.clone(),
            title: d.title.clone(),
            authority_name: authority_name(l.referral.authority_id),
            clock: view.clone(),
        };
        if l.clock.clarification_open(now) {
            to_clarify.push(row());
        }
        // Answered after the council's last verdict, or never assessed.
        let answered_at = l
            .clock
            .events
            .iter()
            .filter(|(at, k)| *at <= now && k.is_substantive())
            .map(|(at, _)| *at)
            .max();
        let assessed_at = l.clock.verdicts.iter().map(|(at, _)| *at).max();
        if state.answered() && answered_at > assessed_at {
            to_assess.push(row());
        }
        if seats.contains(&d.submitted_by) {
            let short = authorities
                .get(&l.referral.authority_id)
                .map(|(a, _)| a.acronym.clone().unwrap_or_else(|| a.name.clone()))
                .unwrap_or_default();
            own.entry(d.id).or_default().push((short, view.clone()));
        }
    }
    let own = demands
        .iter()
        .filter(|d| seats.contains(&d.submitted_by))
        .take(TOP)
        .map(|d| OwnDemand {
            demand_key: d.key.clone(),
            title: d.title.clone(),
            submitted_at: time::rfc3339_in(d.submitted_at, tz),
            referrals: own.remove(&d.id).unwrap_or_default(),
        })
        .collect();
    let (meetings, terms_ending) = if manages {
        (
            meeting_tasks(db, &b, now).await?,
            terms_ending(db, &b, now).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(CouncilTasks {
        body_key: b.key.clone(),
        body_name: b.name.clone(),
        can_submit: actor.represents(b.id) || manages,
        manages,
        to_clarify,
        to_assess,
        own,
        meetings,
        terms_ending,
    })
}

/// Upcoming sessions (30 days), past ones still "scheduled", held ones
/// without attendance or without published minutes (the last year).
async fn meeting_tasks<C: ConnectionTrait>(
    db: &C,
    b: &body::Model,
    now: DateTime<Utc>,
) -> Result<Vec<MeetingTask>, ServiceError> {
    let tz = time::zone(&b.timezone);
    let list = meeting::Entity::find()
        .filter(meeting::Column::BodyId.eq(b.id))
        .filter(meeting::Column::StartsAt.gt(now - Duration::days(365)))
        .filter(meeting::Column::StartsAt.lte(now + Duration::days(30)))
        .order_by_asc(meeting::Column::StartsAt)
        .all(db)
        .await?;
    let held: Vec<i64> = list
        .iter()
        .filter(|m| m.status == "held")
        .map(|m| m.id)
        .collect();
    let recorded: BTreeSet<i64> = attendance::Entity::find()
        .filter(attendance::Column::MeetingId.is_in(held))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.meeting_id)
        .collect();
    Ok(list
        .into_iter()
        .filter_map(|m| {
            let need = match m.status.as_str() {
                "scheduled" if m.starts_at > now => MeetingNeed::Upcoming,
                "scheduled" => MeetingNeed::MarkHeldOrCancelled,
                "held" if !recorded.contains(&m.id) => MeetingNeed::Attendance,
                "held" if m.minutes_published_at.is_none() => MeetingNeed::Minutes,
                _ => return None,
            };
            Some(MeetingTask {
                meeting_key: m.key,
                title: m.title,
                starts_at: time::rfc3339_in(m.starts_at, tz),
                need,
            })
        })
        .collect())
}

/// Seat holders whose term ends in the next 90 days (metrics.md
/// `terms_expiring_90d`), soonest first.
async fn terms_ending<C: ConnectionTrait>(
    db: &C,
    b: &body::Model,
    now: DateTime<Utc>,
) -> Result<Vec<TermEnding>, ServiceError> {
    let today = now.with_timezone(&time::zone(&b.timezone)).date_naive();
    let mut list: Vec<TermEnding> = member::Entity::find()
        .filter(member::Column::BodyId.eq(b.id))
        .filter(member::Column::Role.ne("alternate"))
        .filter(member::Column::TermEnd.gt(today))
        .filter(member::Column::TermEnd.lte(today + Duration::days(90)))
        .all(db)
        .await?
        .into_iter()
        .filter(|m| m.term_start <= today && m.withdrawn_on.is_none_or(|w| today < w))
        .filter_map(|m| {
            Some(TermEnding {
                term_end: m.term_end?.to_string(),
                member_key: m.key,
                name: m.name,
            })
        })
        .collect();
    list.sort_by(|a, b| a.term_end.cmp(&b.term_end));
    Ok(list)
}
