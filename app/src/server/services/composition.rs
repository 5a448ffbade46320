//! A body's composition on a date (metrics.md "Composition"), with the
//! public roster: names only of members who made them public.
use crate::domain::dto::{BodyComposition, PublicMember};
use crate::domain::enums::{Gender, MemberRole, MigrantGroup};
use crate::domain::metrics::composition::{self, BodyShape, Seat};
use crate::server::error::ServiceError;
use crate::server::time;
use chrono::{DateTime, NaiveDate, Utc};
use entity::{body, body_group, member};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// A stored member as the formulas see it. Values are CHECK-constrained;
/// an unexpected one falls to the neutral choice rather than failing a page.
pub fn seat_of(m: &member::Model) -> Seat {
    Seat {
        role: m.role.parse().unwrap_or(MemberRole::Representative),
        gender: m.gender.parse().unwrap_or(Gender::Undisclosed),
        group: m.migrant_group.parse().unwrap_or(MigrantGroup::Other),
        region: m.region.clone(),
        country: m.country.clone(),
        term_start: m.term_start,
        term_end: m.term_end,
        withdrawn_on: m.withdrawn_on,
    }
}

/// The body's shape: seats, groups served and expected regions.
pub async fn shape_of<C: ConnectionTrait>(
    db: &C,
    b: &body::Model,
) -> Result<BodyShape, ServiceError> {
    let groups_served = body_group::Entity::find()
        .filter(body_group::Column::BodyId.eq(b.id))
        .order_by_asc(body_group::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|g| g.migrant_group.parse().ok())
        .collect();
    let regions = crate::server::services::bodies::regions_of(db, b.id).await?;
    Ok(BodyShape {
        seats: b.seats,
        groups_served,
        regions,
    })
}

fn public_member(m: &member::Model) -> PublicMember {
    PublicMember {
        name: m.name.clone(),
        role: m.role.parse().unwrap_or(MemberRole::Representative),
        term_start: m.term_start.to_string(),
        term_end: m.term_end.map(|d| d.to_string()),
    }
}

/// The public composition of a public body on `as_of` (the body's calendar
/// date; today there when `None`). `None` when no public body has the key.
#[tracing::instrument(skip(db))]
pub async fn public<C: ConnectionTrait>(
    db: &C,
    key: &str,
    as_of: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<Option<BodyComposition>, ServiceError> {
    let Some(b) = crate::server::services::bodies::find_public(db, key).await? else {
        return Ok(None);
    };
    let today = time::local_date(now, time::zone(&b.timezone));
    let d = as_of.unwrap_or(today);
    let shape = shape_of(db, &b).await?;
    let members = member::Entity::find()
        .filter(member::Column::BodyId.eq(b.id))
        .order_by_asc(member::Column::Name)
        .all(db)
        .await?;
    let seats: Vec<Seat> = members.iter().map(seat_of).collect();
    let c = composition::composition(&shape, &seats, d);
    let mut seat_holders = Vec::new();
    let mut alternates = Vec::new();
    let (mut unnamed_seat_holders, mut unnamed_alternates) = (0, 0);
    for (m, s) in members.iter().zip(&seats) {
        if !s.active_on(d) {
            continue;
        }
        let alternate = s.role == MemberRole::Alternate;
        match (m.public, alternate) {
            (true, false) => seat_holders.push(public_member(m)),
            (true, true) => alternates.push(public_member(m)),
            (false, false) => unnamed_seat_holders += 1,
            (false, true) => unnamed_alternates += 1,
        }
    }
    // Chair, secretary, then representatives; by name within each.
    seat_holders.sort_by_key(|m| match m.role {
        MemberRole::Chair => 0,
        MemberRole::Secretary => 1,
        _ => 2,
    });
    Ok(Some(BodyComposition {
        key: b.key.clone(),
        name: b.name.clone(),
        as_of: d.to_string(),
        today: today.to_string(),
        representativeness_score: composition::representativeness_score(&c),
        breakdown: composition::breakdown(&shape, &seats, d),
        composition: c,
        seat_holders,
        alternates,
        unnamed_seat_holders,
        unnamed_alternates,
    }))
}
