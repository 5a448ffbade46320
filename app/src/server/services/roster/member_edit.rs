//! Editing a roster one member at a time: add, edit (which also ends a term
//! or records a withdrawal), and renew a term as a new seat record, so the
//! earlier term stays in the history. The checks are the CSV import's.
use super::csv_io::{one_row, parse, upsert};
use crate::domain::dto::MemberForm;
use crate::domain::forms::FieldError;
use crate::server::authz::managed_body;
use crate::server::authz::Actor;
use crate::server::error::ServiceError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::member;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// A member's values by column, as the edit form shows them.
#[tracing::instrument(skip(db))]
pub async fn values(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    body_key: &str,
    member_key: &str,
) -> Result<MemberForm, ServiceError> {
    let b = managed_body(db, who, body_key).await?;
    let m = member::Entity::find()
        .filter(member::Column::BodyId.eq(b.id))
        .filter(member::Column::Key.eq(member_key))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    Ok(MemberForm {
        key: m.key,
        name: m.name,
        email: m.email.unwrap_or_default(),
        public: m.public,
        role: m.role,
        gender: m.gender,
        migrant_group: m.migrant_group,
        region: m.region.unwrap_or_default(),
        country: m.country.unwrap_or_default(),
        term_start: m.term_start.to_string(),
        term_end: day(m.term_end),
        withdrawn_on: day(m.withdrawn_on),
    })
}

/// Saves a member from the form. `original` is the key being edited (keys
/// do not change), `None` to add a member.
#[tracing::instrument(skip(db, form))]
pub async fn save(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    body_key: &str,
    original: Option<&str>,
    form: &MemberForm,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let b = managed_body(&txn, who, body_key).await?;
    let mut form = form.clone();
    if let Some(key) = original {
        form.key = key.to_string();
    }
    let (mut rows, problems) = parse(&one_row(&form));
    if !problems.is_empty() {
        return Err(ServiceError::Form(
            problems
                .into_iter()
                .map(|p| FieldError::new(&p.column, &p.code))
                .collect(),
        ));
    }
    let row = rows
        .pop()
        .ok_or_else(|| ServiceError::field("", "invalid"))?;
    let found = member::Entity::find()
        .filter(member::Column::BodyId.eq(b.id))
        .filter(member::Column::Key.eq(&row.key))
        .one(&txn)
        .await?;
    match (original, found.is_some()) {
        (None, true) => return Err(ServiceError::field("key", "duplicate_key")),
        (Some(_), false) => return Err(ServiceError::NotFound),
        _ => {}
    }
    let key = row.key.clone();
    upsert(&txn, b.id, row, found, who.map(|a| a.account_id), now).await?;
    txn.commit().await?;
    Ok(key)
}

/// Renews a member's term as a new seat record (`{key}-2`, `-3`, …) with the
/// same person and a new term; the earlier record keeps its history.
/// Without dates the new term starts the day after the old one ends and
/// lasts as long.
#[tracing::instrument(skip(db))]
pub async fn renew(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    body_key: &str,
    member_key: &str,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let old = values(db, who, body_key, member_key).await?;
    let old_start: NaiveDate = old.term_start.parse().map_err(|_| ServiceError::NotFound)?;
    let old_end: Option<NaiveDate> = old.term_end.parse().ok();
    let Some(start) = start.or(old_end.map(|e| e + Duration::days(1))) else {
        return Err(ServiceError::field("term_start", "required"));
    };
    // A new term that began before the old one ended would count the
    // person twice on those days, and change past quorum records.
    if let Some(e) = old_end.filter(|e| start <= *e) {
        tracing::info!(%e, %start, "renewal overlaps the current term");
        return Err(ServiceError::field("term_start", "term_overlap"));
    }
    if start <= old_start {
        return Err(ServiceError::field("term_start", "term_overlap"));
    }
    let end = end.or(old_end.map(|e| start + (e - old_start)));
    let b = managed_body(db, who, body_key).await?;
    let base = member_key
        .rsplit_once('-')
        .filter(|(_, n)| n.parse::<u32>().is_ok())
        .map(|(b, _)| b.to_string())
        .unwrap_or_else(|| member_key.to_string());
    let taken: Vec<String> = member::Entity::find()
        .filter(member::Column::BodyId.eq(b.id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.key)
        .collect();
    let new_key = (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|k| !taken.contains(k))
        .unwrap_or_else(|| format!("{base}-new"));
    let renewed = MemberForm {
        key: new_key,
        term_start: start.to_string(),
        term_end: end.map(|d| d.to_string()).unwrap_or_default(),
        withdrawn_on: String::new(),
        ..old
    };
    save(db, who, body_key, None, &renewed, now).await
}
