//! A body's roster, in one place: here the roster as its secretaries and
//! chairs see it (every member with their e-mail and whether an account is
//! linked to the seat); `member_edit` adds, edits and renews a member;
//! `csv_io` imports and exports it as CSV; `term_reminders` tells the
//! secretaries before a term ends. (The public composition figures are
//! `services::composition`; the roster's pages are `pages::members`,
//! `pages::member_edit` and `pages::roster_import`.)
use crate::domain::accounts::{ManagedMember, ManagedRoster};
use crate::domain::metrics::members::is_active;
use crate::server::authz::{check, may, Actor};
use crate::server::error::ServiceError;
use crate::server::time;
use chrono::{DateTime, Utc};
use entity::{account, invitation, member, role_assignment};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{HashMap, HashSet};

pub mod csv_io;
pub mod member_edit;
pub mod term_reminders;

#[tracing::instrument(skip(db))]
pub async fn for_managers<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    body_key: &str,
    now: DateTime<Utc>,
) -> Result<ManagedRoster, ServiceError> {
    let b = crate::server::services::bodies::find_by_key(db, body_key).await?;
    // An unknown body and a refused one look alike to outsiders.
    let Some(b) = b else {
        check(who, false)?;
        return Err(ServiceError::NotFound);
    };
    check(who, may::see_member_details(who, b.id))?;
    let members = member::Entity::find()
        .filter(member::Column::BodyId.eq(b.id))
        .order_by_asc(member::Column::Key)
        .all(db)
        .await?;
    let linked: HashMap<i64, i64> = role_assignment::Entity::find()
        .filter(role_assignment::Column::BodyId.eq(b.id))
        .filter(role_assignment::Column::MemberId.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| r.member_id.map(|m| (m, r.account_id)))
        .collect();
    let emails: HashMap<i64, String> = if linked.is_empty() {
        HashMap::new()
    } else {
        account::Entity::find()
            .filter(account::Column::Id.is_in(linked.values().copied().collect::<Vec<_>>()))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a.email))
            .collect()
    };
    let pending: HashSet<i64> = invitation::Entity::find()
        .filter(invitation::Column::BodyId.eq(b.id))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|i| i.member_id)
        .collect();
    let today = time::local_date(now, time::zone(&b.timezone));
    let horizon = today + chrono::Duration::days(90);
    let holders: Vec<&member::Model> = members
        .iter()
        .filter(|m| {
            m.role != "alternate" && is_active(m.term_start, m.term_end, m.withdrawn_on, today)
        })
        .collect();
    let mut expiring: Vec<(String, String, String)> = holders
        .iter()
        .filter_map(|m| {
            m.term_end
                .filter(|e| today < *e && *e <= horizon)
                .map(|e| (m.name.clone(), m.key.clone(), e.to_string()))
        })
        .collect();
    expiring.sort_by(|a, b| a.2.cmp(&b.2));
    Ok(ManagedRoster {
        seats: b.seats,
        seat_holders: holders.len() as u32,
        expiring,
        body_key: b.key,
        body_name: b.name,
        members: members
            .into_iter()
            .map(|m| ManagedMember {
                term_start: m.term_start.to_string(),
                term_end: m.term_end.map(|d| d.to_string()),
                withdrawn_on: m.withdrawn_on.map(|d| d.to_string()),
                upcoming: today < m.term_start && m.withdrawn_on.is_none_or(|w| today < w),
                active: is_active(m.term_start, m.term_end, m.withdrawn_on, today),
                account: linked.get(&m.id).and_then(|a| emails.get(a).cloned()),
                invited: pending.contains(&m.id),
                key: m.key,
                name: m.name,
                role: m.role,
                email: m.email,
            })
            .collect(),
    })
}
