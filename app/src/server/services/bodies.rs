//! Public facts about bodies.
use crate::domain::dto::{BodyDetail, BodySummary, MeetingBrief};
use crate::domain::enums::{BodyLevel, MeetingKind, MemberRole, MigrantGroup};
use crate::domain::metrics::members::is_active;
use crate::server::authz::{may, Actor};
use crate::server::error::ServiceError;
use crate::server::time;
use chrono::{DateTime, Utc};
use entity::{body, body_group, body_region, meeting, member};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// Every public body, by name, with today's seat holders and next meeting.
#[tracing::instrument(skip(db))]
pub async fn list_public(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<Vec<BodySummary>, ServiceError> {
    let bodies = body::Entity::find()
        .filter(body::Column::Public.eq(true))
        .order_by_asc(body::Column::Name)
        .all(db)
        .await?;
    let ids: Vec<i64> = bodies.iter().map(|b| b.id).collect();
    let groups = groups_by_body(db, &ids).await?;
    let members = member::Entity::find()
        .filter(member::Column::BodyId.is_in(ids.clone()))
        .all(db)
        .await?;
    let upcoming = meeting::Entity::find()
        .filter(meeting::Column::BodyId.is_in(ids.clone()))
        .filter(meeting::Column::Status.eq("scheduled"))
        .filter(meeting::Column::StartsAt.gt(now))
        .order_by_asc(meeting::Column::StartsAt)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(bodies.len());
    for b in bodies {
        let tz = time::zone(&b.timezone);
        let today = time::local_date(now, tz);
        let (seated, _) = count_active(members.iter().filter(|m| m.body_id == b.id), today);
        let next = upcoming
            .iter()
            .find(|m| m.body_id == b.id)
            .map(|m| brief(m, tz));
        out.push(summary(
            &b,
            groups.get(&b.id).cloned().unwrap_or_default(),
            seated,
            next,
        ));
    }
    Ok(out)
}

/// The body called `key`, whatever its visibility: the one lookup by key.
/// What a reader may see of it is for the caller to decide (`visibility`,
/// `authz`).
pub async fn find_by_key<C: sea_orm::ConnectionTrait>(
    db: &C,
    key: &str,
) -> Result<Option<body::Model>, sea_orm::DbErr> {
    body::Entity::find()
        .filter(body::Column::Key.eq(key))
        .one(db)
        .await
}

/// The public body called `key` (`None` for no body, or one that is not
/// public): what anonymous pages, feeds and downloads start from.
pub async fn find_public<C: sea_orm::ConnectionTrait>(
    db: &C,
    key: &str,
) -> Result<Option<body::Model>, sea_orm::DbErr> {
    Ok(find_by_key(db, key).await?.filter(|b| b.public))
}

/// The regions a body expects to serve, in the dataset's order.
pub async fn regions_of<C: sea_orm::ConnectionTrait>(
    db: &C,
    body_id: i64,
) -> Result<Vec<String>, sea_orm::DbErr> {
    Ok(body_region::Entity::find()
        .filter(body_region::Column::BodyId.eq(body_id))
        .order_by_asc(body_region::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.region)
        .collect())
}

/// One public body's page data; `None` when there is no public body `key`.
/// The same for every reader (kept in the figures cache).
#[tracing::instrument(skip(db))]
pub async fn get_public(
    db: &DatabaseConnection,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Option<BodyDetail>, ServiceError> {
    match find_public(db, key).await? {
        Some(b) => Ok(Some(detail(db, b, now).await?)),
        None => Ok(None),
    }
}

/// One body's page data as this reader may see it: a non-public body for
/// its people and administrators (`may::see_body`), and whether the reader
/// manages it.
#[tracing::instrument(skip(db))]
pub async fn get_for(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Option<BodyDetail>, ServiceError> {
    let Some(b) = find_by_key(db, key).await? else {
        return Ok(None);
    };
    if !may::see_body(who, b.public, b.id) {
        return Ok(None);
    }
    let manage = may::manage_body(who, b.id);
    let mut d = detail(db, b, now).await?;
    d.manage = manage;
    Ok(Some(d))
}

async fn detail(
    db: &DatabaseConnection,
    b: body::Model,
    now: DateTime<Utc>,
) -> Result<BodyDetail, ServiceError> {
    let tz = time::zone(&b.timezone);
    let today = time::local_date(now, tz);
    let groups = groups_by_body(db, &[b.id])
        .await?
        .remove(&b.id)
        .unwrap_or_default();
    let regions = regions_of(db, b.id).await?;
    let members = member::Entity::find()
        .filter(member::Column::BodyId.eq(b.id))
        .all(db)
        .await?;
    let (seated, alternates) = count_active(members.iter(), today);
    let upcoming: Vec<MeetingBrief> = meeting::Entity::find()
        .filter(meeting::Column::BodyId.eq(b.id))
        .filter(meeting::Column::Status.eq("scheduled"))
        .filter(meeting::Column::StartsAt.gt(now))
        .order_by_asc(meeting::Column::StartsAt)
        .limit(5)
        .all(db)
        .await?
        .iter()
        .map(|m| brief(m, tz))
        .collect();
    let next = upcoming.first().cloned();
    Ok(BodyDetail {
        public: b.public,
        manage: false,
        summary: summary(&b, groups, seated, next),
        timezone: b.timezone.clone(),
        regions,
        meetings_per_year: b.meetings_per_year,
        quorum_percent: b.quorum_percent,
        response_days: b.response_days,
        alternates_active: alternates,
        upcoming,
    })
}

async fn groups_by_body(
    db: &DatabaseConnection,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<MigrantGroup>>, ServiceError> {
    let rows = body_group::Entity::find()
        .filter(body_group::Column::BodyId.is_in(ids.to_vec()))
        .order_by_asc(body_group::Column::Position)
        .all(db)
        .await?;
    let mut map: HashMap<i64, Vec<MigrantGroup>> = HashMap::new();
    for r in rows {
        // The column is CHECK-constrained, so a value that does not parse
        // cannot occur; skip rather than fail a public page.
        if let Ok(g) = r.migrant_group.parse() {
            let list = map.entry(r.body_id).or_default();
            if !list.contains(&g) {
                list.push(g);
            }
        }
    }
    Ok(map)
}

/// (seat holders, alternates) active on `day`.
fn count_active<'a>(
    members: impl Iterator<Item = &'a member::Model>,
    day: chrono::NaiveDate,
) -> (u32, u32) {
    let mut seated = 0;
    let mut alternates = 0;
    for m in members.filter(|m| is_active(m.term_start, m.term_end, m.withdrawn_on, day)) {
        if m.role == MemberRole::Alternate.as_str() {
            alternates += 1;
        } else {
            seated += 1;
        }
    }
    (seated, alternates)
}

fn summary(
    b: &body::Model,
    groups: Vec<MigrantGroup>,
    seated: u32,
    next: Option<MeetingBrief>,
) -> BodySummary {
    BodySummary {
        key: b.key.clone(),
        name: b.name.clone(),
        level: b.level.parse().unwrap_or(BodyLevel::National),
        jurisdiction: b.jurisdiction.clone(),
        groups_served: groups,
        seats: b.seats,
        members_active: seated,
        next_meeting: next,
    }
}

fn brief(m: &meeting::Model, tz: chrono_tz::Tz) -> MeetingBrief {
    MeetingBrief {
        key: m.key.clone(),
        title: m.title.clone(),
        kind: m.kind.parse().unwrap_or(MeetingKind::Ordinary),
        starts_at: time::rfc3339_in(m.starts_at, tz),
        location: m.location.clone(),
    }
}
