//! An official's inbox: the referrals to the authorities they answer for
//! (every authority for an administrator), filtered by status, body, topic
//! and overdue, in the order an official works them ([`work_order`]), with
//! counts per status.
use super::{clock, clock_view, PAGE_SIZE};
use crate::domain::demands::{DemandFilter, Inbox, InboxRow};
use crate::domain::enums::{ReferralStatus, Topic};
use crate::server::authz::{check, Actor, Grant};
use crate::server::error::ServiceError;
use crate::server::time;
use chrono::{DateTime, Utc};
use entity::{demand, referral};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// `f.authority` narrows to one authority; `f.page` from 1.
#[tracing::instrument(skip(db))]
pub async fn inbox<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    f: &DemandFilter,
    now: DateTime<Utc>,
) -> Result<Inbox, ServiceError> {
    let Some(actor) = who else {
        check(who, false)?;
        return Err(ServiceError::Unauthorized);
    };
    let authorities = clock::authorities(db).await?;
    let mut mine: Vec<i64> = authorities
        .keys()
        .copied()
        .filter(|id| {
            actor.admin
                || actor
                    .grants
                    .iter()
                    .any(|g| matches!(g, Grant::Official { authority } if authority == id))
        })
        .collect();
    check(who, !mine.is_empty())?;
    let mut choices: Vec<(String, String)> = mine
        .iter()
        .filter_map(|id| {
            authorities
                .get(id)
                .map(|(a, _)| (a.key.clone(), a.name.clone()))
        })
        .collect();
    choices.sort_by(|a, b| a.1.cmp(&b.1));
    if !f.authority.is_empty() {
        mine.retain(|id| {
            authorities
                .get(id)
                .is_some_and(|(a, _)| a.key == f.authority)
        });
    }
    let bodies = clock::bodies(db).await?;
    let mut q = demand::Entity::find()
        .filter(demand::Column::WithdrawnAt.is_null())
        .filter(
            demand::Column::Id.in_subquery(
                Query::select()
                    .column(referral::Column::DemandId)
                    .from(referral::Entity)
                    .and_where(referral::Column::AuthorityId.is_in(mine.clone()))
                    .to_owned(),
            ),
        );
    if !f.body.is_empty() {
        let ids: Vec<i64> = bodies
            .values()
            .filter(|b| b.key == f.body)
            .map(|b| b.id)
            .collect();
        q = q.filter(demand::Column::BodyId.is_in(ids));
    }
    if !f.topic.is_empty() {
        let t: Topic = f
            .topic
            .parse()
            .map_err(|_| ServiceError::field("topic", "invalid_value"))?;
        q = q.filter(demand::Column::Topic.eq(t.as_str()));
    }
    let status: Option<ReferralStatus> = match f.status.as_str() {
        "" => None,
        s => Some(
            s.parse()
                .map_err(|_| ServiceError::field("status", "invalid_value"))?,
        ),
    };
    let demands = q.all(db).await?;
    let loaded = clock::load(db, &demands, &bodies, &authorities).await?;
    let by_id: HashMap<i64, &demand::Model> = demands.iter().map(|d| (d.id, d)).collect();
    let mut counts: HashMap<ReferralStatus, u64> = HashMap::new();
    let mut overdue = 0;
    let mut rows: Vec<((u8, i64), InboxRow)> = Vec::new();
    for l in loaded
        .iter()
        .filter(|l| mine.contains(&l.referral.authority_id))
    {
        let (Some(d), Some(b)) = (
            by_id.get(&l.referral.demand_id),
            by_id
                .get(&l.referral.demand_id)
                .and_then(|d| bodies.get(&d.body_id)),
        ) else {
            continue;
        };
        let s = l.clock.at(now);
        *counts.entry(s.status).or_default() += 1;
        overdue += u64::from(s.overdue);
        if status.is_some_and(|st| st != s.status) || (f.overdue == "1" && !s.overdue) {
            continue;
        }
        let tz = time::zone(&b.timezone);
        rows.push((
            work_order(&s),
            InboxRow {
                authority_name: authorities
                    .get(&l.referral.authority_id)
                    .map(|(a, _)| a.name.clone())
                    .unwrap_or_default(),
                body_key: b.key.clone(),
                body_name: b.name.clone(),
                demand_key: d.key.clone(),
                title: d.title.clone(),
                topic: d.topic.parse().unwrap_or(Topic::Other),
                submitted_at: time::rfc3339_in(d.submitted_at, tz),
                clock: clock_view(&l.clock, tz, now, None).0,
            },
        ));
    }
    rows.sort_by_key(|(order, _)| *order);
    let total = rows.len() as u64;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = f.page.clamp(1, pages);
    let rows = rows
        .into_iter()
        .skip(((page - 1) * PAGE_SIZE) as usize)
        .take(PAGE_SIZE as usize)
        .map(|(_, r)| r)
        .collect();
    // The filter names public bodies and those whose demands are in this
    // inbox: a non-public body's name only to whom it addressed.
    let addressed_bodies: std::collections::HashSet<i64> = demand::Entity::find()
        .select_only()
        .column(demand::Column::BodyId)
        .filter(
            demand::Column::Id.in_subquery(
                Query::select()
                    .column(referral::Column::DemandId)
                    .from(referral::Entity)
                    .and_where(referral::Column::AuthorityId.is_in(mine.clone()))
                    .to_owned(),
            ),
        )
        .distinct()
        .into_tuple::<i64>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut body_list: Vec<(String, String)> = bodies
        .values()
        .filter(|b| b.public || addressed_bodies.contains(&b.id))
        .map(|b| (b.key.clone(), b.name.clone()))
        .collect();
    body_list.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(Inbox {
        rows,
        counts: ReferralStatus::ALL
            .iter()
            .map(|s| (*s, counts.get(s).copied().unwrap_or(0)))
            .collect(),
        overdue,
        total,
        page,
        pages,
        authorities: choices,
        bodies: body_list,
    })
}

/// Where a referral stands in an official's inbox: overdue first, the most
/// overdue (earliest effective deadline) first; then the open ones, the
/// nearest deadline first (paused ones among them, by the deadline they
/// will have); answered last, the most recent deadline first, since those
/// are what an official may still follow up on.
pub(crate) fn work_order(s: &crate::domain::clock::State) -> (u8, i64) {
    let deadline = s.effective_deadline.timestamp();
    if s.overdue {
        (0, deadline)
    } else if !s.answered() {
        (1, deadline)
    } else {
        (2, -deadline)
    }
}

#[cfg(test)]
mod tests {
    use super::work_order;
    use crate::domain::clock::State;
    use crate::domain::enums::ReferralStatus;
    use chrono::{DateTime, TimeZone, Utc};

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, day, 12, 0, 0).unwrap()
    }

    fn state(deadline: u32, overdue: bool, answered: bool) -> State {
        State {
            status: if answered {
                ReferralStatus::Accepted
            } else {
                ReferralStatus::Awaiting
            },
            first_answer: answered.then(|| at(1)),
            paused: false,
            effective_deadline: at(deadline),
            due: overdue,
            overdue,
            on_time: answered.then_some(true),
            verdict: None,
        }
    }

    #[test]
    fn overdue_first_most_overdue_first_then_nearest_deadline_answered_last() {
        let mut rows = [
            ("answered old", state(2, false, true)),
            ("open far", state(28, false, false)),
            ("overdue recent", state(20, true, false)),
            ("answered recent", state(25, false, true)),
            ("open near", state(22, false, false)),
            ("overdue long", state(3, true, false)),
        ];
        rows.sort_by_key(|(_, s)| work_order(s));
        let names: Vec<&str> = rows.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names,
            [
                "overdue long",
                "overdue recent",
                "open near",
                "open far",
                "answered recent",
                "answered old"
            ]
        );
    }
}
