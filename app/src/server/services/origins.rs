//! Where seat holders come from (`/mapa/origenes`), across the public
//! councils or in one: each council's seat holders on its own date(T) (as
//! its composition counts them), tallied by country under the small-number
//! rule (`domain::origins`), drawn on the world map.
use super::composition::seat_of;
use super::maps;
use super::metrics::bodies::public_bodies;
use crate::domain::countries;
use crate::domain::metrics::composition::Seat;
use crate::domain::metrics::instants::format_as_of;
use crate::domain::origins::{self, Named, OriginMap, SHADES};
use crate::domain::states::shade_of;
use crate::server::error::ServiceError;
use crate::server::time;
use chrono::{DateTime, Utc};
use entity::member;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// The origins of every public council's seat holders at `t`, or of the
/// public council `key`'s; `None` when no public council has that key.
/// `english` names the countries in the map's titles.
#[tracing::instrument(skip(db))]
pub async fn origins<C: ConnectionTrait>(
    db: &C,
    key: Option<&str>,
    english: bool,
    t: DateTime<Utc>,
) -> Result<Option<OriginMap>, ServiceError> {
    let bodies = public_bodies(db, None).await?;
    let mut councils: Vec<Named> = bodies
        .values()
        .map(|b| Named {
            key: b.key.clone(),
            name: b.name.clone(),
        })
        .collect();
    councils.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.key.cmp(&b.key)));
    let one = match key {
        Some(k) => match bodies.values().find(|b| b.key == k) {
            Some(b) => Some(b.clone()),
            None => return Ok(None),
        },
        None => None,
    };
    let ids: Vec<i64> = match &one {
        Some(b) => vec![b.id],
        None => bodies.keys().copied().collect(),
    };
    // Each council's date(T) in its own time zone, as its composition.
    let dates: HashMap<i64, chrono::NaiveDate> = bodies
        .values()
        .map(|b| (b.id, time::local_date(t, time::zone(&b.timezone))))
        .collect();
    let members = member::Entity::find()
        .filter(member::Column::BodyId.is_in(ids))
        .all(db)
        .await?;
    let seats: Vec<Seat> = members
        .iter()
        .filter(|m| {
            dates
                .get(&m.body_id)
                .is_some_and(|d| seat_of(m).holds_seat_on(*d))
        })
        .map(seat_of)
        .collect();
    let holders: Vec<&Seat> = seats.iter().collect();
    let (rows, countries_other, unknown) = origins::countries(&holders);
    let regions = match &one {
        Some(b) => {
            let expected = super::bodies::regions_of(db, b.id).await?;
            Some(origins::regions(&expected, &holders))
        }
        None => None,
    };
    let count: HashMap<String, u32> = rows
        .iter()
        .map(|r| (r.code.to_ascii_lowercase(), r.seat_holders))
        .collect();
    let (svg, close_up) = maps::world(
        |id| {
            format!(
                "map-shade-{}",
                shade_of(&SHADES, count.get(id).copied().unwrap_or(0))
            )
        },
        |id| {
            let name = countries::name(&id.to_ascii_uppercase(), english);
            match count.get(id) {
                Some(n) => format!("{name}: {n}"),
                None => name.to_string(),
            }
        },
    );
    Ok(Some(OriginMap {
        as_of: format_as_of(t),
        as_of_date: t.date_naive().to_string(),
        council: one.map(|b| Named {
            key: b.key,
            name: b.name,
        }),
        councils,
        seat_holders: holders.len() as u32,
        countries: rows,
        countries_other,
        unknown,
        regions,
        svg,
        close_up,
        shades: SHADES.to_vec(),
    }))
}
