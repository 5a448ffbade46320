//! The annual reports (`domain::annual`): a public council's or an
//! authority's figures at the year's end and at the year before's, read
//! with the dashboards' own functions (`metrics::body_at`,
//! `metrics::authority_at`), and a council's answers authority by
//! authority from its referrals' clocks, tallied as the authorities'
//! `by_body` figures are.
use super::metrics::bodies::public_bodies;
use super::metrics::dashboards::window_from;
use super::metrics::referrals::{self, Db, Scope};
use crate::domain::annual::{
    year_end, AuthorityAnnual, AuthorityAnswers, BodyAnnual, ReportHead, FIRST_YEAR,
};
use crate::domain::metrics::answers::Tally;
use crate::domain::metrics::instants::format_as_of;
use crate::server::error::ServiceError;
use chrono::{DateTime, Datelike, Utc};
use entity::authority;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// The head of the report of `year` read at `t` (its end, or now when
/// the year is not over).
fn head(year: i32, t: DateTime<Utc>) -> Result<(ReportHead, DateTime<Utc>), ServiceError> {
    let previous = year_end(year - 1).ok_or(ServiceError::NotFound)?;
    let partial = year_end(year).is_none_or(|end| t < end);
    Ok((
        ReportHead {
            year,
            partial,
            as_of: format_as_of(t),
            as_of_date: t.date_naive().to_string(),
            window_from: window_from(t),
            previous_as_of: format_as_of(previous),
            first_year: FIRST_YEAR,
            last_year: t.year().max(Utc::now().year()),
        },
        previous,
    ))
}

/// A public council's report of `year` at `t`; `None` for a key that is
/// not a public council.
#[tracing::instrument(skip(db))]
pub async fn body<C: Db>(
    db: &C,
    key: &str,
    year: i32,
    t: DateTime<Utc>,
) -> Result<Option<BodyAnnual>, ServiceError> {
    let Some(b) = super::bodies::find_public(db, key).await? else {
        return Ok(None);
    };
    let (head, previous_t) = head(year, t)?;
    let Some(mut points) = super::metrics::body_at(db, key, &[previous_t, t]).await? else {
        return Ok(None);
    };
    let (Some(figures), Some(previous)) = (points.pop(), points.pop()) else {
        return Ok(None);
    };
    let bodies = public_bodies(db, Some(b.id)).await?;
    let rs = referrals::load(db, Scope::Body(b.id), t, t, &bodies).await?;
    let mut per_authority: HashMap<i64, Tally> = HashMap::new();
    for r in rs.iter().filter(|r| r.exists_at(t)) {
        let s = r.clock.at(t);
        let tally = per_authority.entry(r.authority_id).or_default();
        if r.in_window(t) {
            tally.add_in_window(r.clock.submitted_at, &s);
        }
        tally.add_open(&s);
    }
    let names: HashMap<i64, authority::Model> = authority::Entity::find()
        .filter(authority::Column::Id.is_in(per_authority.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let mut by_authority: Vec<AuthorityAnswers> = per_authority
        .into_iter()
        .filter_map(|(id, tally)| {
            let a = names.get(&id)?;
            Some(AuthorityAnswers {
                key: a.key.clone(),
                name: a.name.clone(),
                answers: tally.finish(),
            })
        })
        .filter(|a| a.answers.referrals > 0 || a.answers.overdue_open > 0)
        .collect();
    by_authority.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Some(BodyAnnual {
        head,
        level: b
            .level
            .parse()
            .unwrap_or(crate::domain::enums::BodyLevel::Municipal),
        name: b.name,
        jurisdiction: b.jurisdiction,
        meetings_per_year: b.meetings_per_year,
        figures,
        previous,
        by_authority,
    }))
}

/// An authority's report of `year` at `t`; `None` for an unknown key.
#[tracing::instrument(skip(db))]
pub async fn authority<C: Db>(
    db: &C,
    key: &str,
    year: i32,
    t: DateTime<Utc>,
) -> Result<Option<AuthorityAnnual>, ServiceError> {
    let Some(a) = super::metrics::authority_by_key(db, key).await? else {
        return Ok(None);
    };
    let (head, previous_t) = head(year, t)?;
    let Some(mut points) = super::metrics::authority_at(db, key, &[previous_t, t]).await? else {
        return Ok(None);
    };
    let (Some(figures), Some(previous)) = (points.pop(), points.pop()) else {
        return Ok(None);
    };
    let mut body_names: Vec<(String, String)> = public_bodies(db, None)
        .await?
        .into_values()
        .filter(|b| figures.by_body.contains_key(&b.key))
        .map(|b| (b.key, b.name))
        .collect();
    body_names.sort_by(|x, y| x.1.cmp(&y.1));
    Ok(Some(AuthorityAnnual {
        head,
        name: a.name,
        acronym: a.acronym,
        response_days: a.response_days,
        day_kind: a
            .day_kind
            .parse()
            .unwrap_or(crate::domain::enums::DayKind::Calendar),
        figures,
        previous,
        body_names,
    }))
}
