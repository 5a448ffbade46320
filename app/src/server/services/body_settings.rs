//! A body's settings: administrators create bodies, the body's secretaries
//! and chairs (and administrators) edit every field of dataset.md's body.
use crate::domain::enums::{BodyLevel, MigrantGroup};
use crate::domain::forms::FieldError;
use crate::server::authz::{check, may, Actor};
use crate::server::error::ServiceError;
use crate::server::services::audit::{self, Change};
use crate::server::services::demands::clock;
use chrono::{DateTime, Utc};
use entity::{body, body_group, body_region};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;

pub use crate::domain::dto::BodySettings as BodyForm;

/// What is saved after the checks.
struct Checked {
    level: BodyLevel,
    groups: Vec<MigrantGroup>,
    regions: Vec<String>,
    seats: Option<i32>,
    meetings_per_year: Option<i32>,
    quorum_percent: i32,
    response_days: Option<i32>,
}

fn number(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    min: i32,
    max: i32,
) -> Option<i32> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse::<i32>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            errors.push(FieldError::new(field, "invalid_number"));
            None
        }
    }
}

fn check_form(f: &BodyForm, creating: bool) -> Result<Checked, ServiceError> {
    let mut errors = Vec::new();
    if creating {
        errors.extend(crate::server::services::accounts::check_key("key", &f.key));
    }
    for (field, value) in [("name", &f.name), ("jurisdiction", &f.jurisdiction)] {
        if let Some(e) = crate::server::services::accounts::check_text(field, value, 300) {
            errors.push(e);
        }
    }
    let level = f.level.parse::<BodyLevel>().ok();
    if level.is_none() {
        errors.push(FieldError::new("level", "invalid_value"));
    }
    if f.timezone.trim().parse::<chrono_tz::Tz>().is_err() {
        errors.push(FieldError::new("timezone", "invalid_timezone"));
    }
    let mut groups = Vec::new();
    for g in &f.groups_served {
        match g.parse::<MigrantGroup>() {
            Ok(g) if !groups.contains(&g) => groups.push(g),
            Ok(_) => {}
            Err(_) => errors.push(FieldError::new("groups_served", "invalid_value")),
        }
    }
    let mut regions: Vec<String> = Vec::new();
    for r in f.regions.lines().map(str::trim).filter(|r| !r.is_empty()) {
        if r.chars().count() > 200 {
            errors.push(FieldError::new("regions", "too_long"));
        } else if !regions.iter().any(|x| x == r) {
            regions.push(r.to_string());
        }
    }
    let seats = number(&mut errors, "seats", &f.seats, 0, 10_000);
    let meetings_per_year = number(
        &mut errors,
        "meetings_per_year",
        &f.meetings_per_year,
        0,
        366,
    );
    let quorum_percent = if f.quorum_percent.trim().is_empty() {
        Some(50)
    } else {
        number(&mut errors, "quorum_percent", &f.quorum_percent, 1, 100)
    };
    let response_days = number(&mut errors, "response_days", &f.response_days, 0, 3650);
    match (errors.is_empty(), level, quorum_percent) {
        (true, Some(level), Some(quorum_percent)) => Ok(Checked {
            level,
            groups,
            regions,
            seats,
            meetings_per_year,
            quorum_percent,
            response_days,
        }),
        _ => Err(ServiceError::Form(errors)),
    }
}

async fn lists<C: ConnectionTrait>(
    db: &C,
    id: i64,
) -> Result<(Vec<String>, Vec<String>), ServiceError> {
    let groups = body_group::Entity::find()
        .filter(body_group::Column::BodyId.eq(id))
        .order_by_asc(body_group::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.migrant_group)
        .collect();
    let regions = crate::server::services::bodies::regions_of(db, id).await?;
    Ok((groups, regions))
}

fn snapshot(b: &body::Model, groups: &[String], regions: &[String]) -> serde_json::Value {
    json!({
        "name": b.name, "level": b.level, "jurisdiction": b.jurisdiction, "timezone": b.timezone,
        "groups_served": groups, "regions": regions, "seats": b.seats,
        "meetings_per_year": b.meetings_per_year, "quorum_percent": b.quorum_percent,
        "response_days": b.response_days, "public": b.public,
    })
}

/// The settings of a body, for its edit form.
#[tracing::instrument(skip(db))]
pub async fn values<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    key: &str,
) -> Result<BodyForm, ServiceError> {
    let b = crate::server::services::bodies::find_by_key(db, key).await?;
    let Some(b) = b else {
        check(who, false)?;
        return Err(ServiceError::NotFound);
    };
    check(who, may::manage_body(who, b.id))?;
    let (groups, regions) = lists(db, b.id).await?;
    let n = |v: Option<i32>| v.map(|n| n.to_string()).unwrap_or_default();
    Ok(BodyForm {
        key: b.key,
        name: b.name,
        level: b.level,
        jurisdiction: b.jurisdiction,
        timezone: b.timezone,
        groups_served: groups,
        regions: regions.join("\n"),
        seats: n(b.seats),
        meetings_per_year: n(b.meetings_per_year),
        quorum_percent: b.quorum_percent.to_string(),
        response_days: n(b.response_days),
        public: b.public,
    })
}

async fn write_lists<C: ConnectionTrait>(db: &C, id: i64, c: &Checked) -> Result<(), ServiceError> {
    body_group::Entity::delete_many()
        .filter(body_group::Column::BodyId.eq(id))
        .exec(db)
        .await?;
    body_region::Entity::delete_many()
        .filter(body_region::Column::BodyId.eq(id))
        .exec(db)
        .await?;
    for (i, g) in c.groups.iter().enumerate() {
        body_group::ActiveModel {
            body_id: Set(id),
            position: Set(i as i32),
            migrant_group: Set(g.as_str().to_string()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for (i, r) in c.regions.iter().enumerate() {
        body_region::ActiveModel {
            body_id: Set(id),
            position: Set(i as i32),
            region: Set(r.clone()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Creates (`original` None, administrators) or updates a body. Returns its key.
#[tracing::instrument(skip(db, form))]
pub async fn save(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    original: Option<&str>,
    form: &BodyForm,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let existing = match original {
        Some(key) => {
            let b = crate::server::services::bodies::find_by_key(&txn, key).await?;
            let Some(b) = b else {
                check(who, false)?;
                return Err(ServiceError::NotFound);
            };
            check(who, may::manage_body(who, b.id))?;
            Some(b)
        }
        None => {
            check(who, may::administer(who))?;
            None
        }
    };
    let c = check_form(form, existing.is_none())?;
    let actor = who.map(|a| a.account_id);
    let key = match existing {
        Some(b) => {
            let (groups, regions) = lists(&txn, b.id).await?;
            let before = snapshot(&b, &groups, &regions);
            let key = b.key.clone();
            let id = b.id;
            if b.response_days != c.response_days {
                // Past deadlines stay where they were.
                clock::keep_deadlines(&txn, clock::RuleOf::Body(id)).await?;
            }
            let mut am: body::ActiveModel = b.into();
            am.name = Set(form.name.trim().to_string());
            am.level = Set(c.level.as_str().to_string());
            am.jurisdiction = Set(form.jurisdiction.trim().to_string());
            am.timezone = Set(form.timezone.trim().to_string());
            am.seats = Set(c.seats);
            am.meetings_per_year = Set(c.meetings_per_year);
            am.quorum_percent = Set(c.quorum_percent);
            am.response_days = Set(c.response_days);
            am.public = Set(form.public);
            let saved = am.update(&txn).await?;
            write_lists(&txn, id, &c).await?;
            let (groups, regions) = lists(&txn, id).await?;
            let after = snapshot(&saved, &groups, &regions);
            if before != after {
                audit::record(
                    &txn,
                    now,
                    Change::new(actor, "body", id, "update").changed(before, after),
                )
                .await?;
            }
            key
        }
        None => {
            let key = form.key.trim().to_string();
            if crate::server::services::bodies::find_by_key(&txn, &key)
                .await?
                .is_some()
            {
                return Err(ServiceError::field("key", "duplicate_key"));
            }
            let saved = body::ActiveModel {
                key: Set(key.clone()),
                name: Set(form.name.trim().to_string()),
                level: Set(c.level.as_str().to_string()),
                jurisdiction: Set(form.jurisdiction.trim().to_string()),
                timezone: Set(form.timezone.trim().to_string()),
                seats: Set(c.seats),
                meetings_per_year: Set(c.meetings_per_year),
                quorum_percent: Set(c.quorum_percent),
                response_days: Set(c.response_days),
                public: Set(form.public),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            write_lists(&txn, saved.id, &c).await?;
            let (groups, regions) = lists(&txn, saved.id).await?;
            audit::record(
                &txn,
                now,
                Change::new(actor, "body", saved.id, "create")
                    .after(snapshot(&saved, &groups, &regions)),
            )
            .await?;
            key
        }
    };
    txn.commit().await?;
    Ok(key)
}
