//! Authorities, for administrators: create and edit every field of
//! dataset.md's authority (name, acronym, level, deadline rule, contact
//! address), archive and restore, and the holiday calendar (add dates or a
//! year's list at once, remove one). Each change is audited.
//!
//! A change of the deadline rule (days, day kind) or of the holidays never
//! moves an existing referral's deadline: in the same transaction, before
//! the change, the referrals that had none recorded get theirs from the
//! rules in force until then (`clock::keep_deadlines`; metrics.md, changes
//! of 2026-12).
use crate::domain::dto::{AuthorityAdmin, AuthorityRow, OfficialRow};
use crate::domain::enums::{AuthorityLevel, DayKind};
use crate::domain::forms::FieldError;
use crate::server::authz::{check, may, Actor};
use crate::server::error::ServiceError;
use crate::server::services::accounts::{check_email, check_key, check_text, normalize_email};
use crate::server::services::audit::{self, Change};
use crate::server::services::demands::clock;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use entity::{account, authority, authority_holiday, invitation, referral, role_assignment};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};

pub use crate::domain::dto::AuthoritySettings as AuthorityForm;

/// At most this many dates in one holiday list.
const HOLIDAYS_MAX: usize = 400;

/// The form's values once checked.
struct Checked {
    name: String,
    acronym: Option<String>,
    level: AuthorityLevel,
    response_days: i32,
    day_kind: DayKind,
    email: Option<String>,
}

fn check_form(f: &AuthorityForm, creating: bool) -> Result<Checked, ServiceError> {
    let mut errors = Vec::new();
    if creating {
        errors.extend(check_key("key", &f.key));
    }
    if let Some(e) = check_text("name", &f.name, 300) {
        errors.push(e);
    }
    let acronym = f.acronym.trim();
    if acronym.chars().count() > 30 {
        errors.push(FieldError::new("acronym", "too_long"));
    }
    let level = f.level.trim().parse::<AuthorityLevel>().ok();
    if level.is_none() {
        errors.push(FieldError::new("level", "invalid_value"));
    }
    let day_kind = f.day_kind.trim().parse::<DayKind>().ok();
    if day_kind.is_none() {
        errors.push(FieldError::new("day_kind", "invalid_value"));
    }
    let response_days = match f.response_days.trim() {
        "" => {
            errors.push(FieldError::new("response_days", "required"));
            None
        }
        s => match s.parse::<i32>() {
            Ok(n) if (1..=3650).contains(&n) => Some(n),
            _ => {
                errors.push(FieldError::new("response_days", "invalid_number"));
                None
            }
        },
    };
    let email = normalize_email(&f.email);
    if !email.is_empty() {
        if let Some(e) = check_email("email", &email) {
            errors.push(e);
        }
    }
    match (errors.is_empty(), level, day_kind, response_days) {
        (true, Some(level), Some(day_kind), Some(response_days)) => Ok(Checked {
            name: f.name.trim().to_string(),
            acronym: (!acronym.is_empty()).then(|| acronym.to_string()),
            level,
            response_days,
            day_kind,
            email: (!email.is_empty()).then_some(email),
        }),
        _ => Err(ServiceError::Form(errors)),
    }
}

fn snapshot(a: &authority::Model) -> serde_json::Value {
    json!({
        "key": a.key, "name": a.name, "acronym": a.acronym, "level": a.level,
        "response_days": a.response_days, "day_kind": a.day_kind, "email": a.email,
        "archived_at": a.archived_at,
    })
}

/// The authority `key`, for an administrator.
async fn administered<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    key: &str,
) -> Result<authority::Model, ServiceError> {
    check(who, may::administer(who))?;
    authority::Entity::find()
        .filter(authority::Column::Key.eq(key))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

async fn holidays_of<C: ConnectionTrait>(
    db: &C,
    id: i64,
) -> Result<BTreeSet<NaiveDate>, ServiceError> {
    Ok(authority_holiday::Entity::find()
        .filter(authority_holiday::Column::AuthorityId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|h| h.day)
        .collect())
}

/// Every authority, archived ones last, for the administrators' list.
#[tracing::instrument(skip(db))]
pub async fn list<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
) -> Result<Vec<AuthorityRow>, ServiceError> {
    check(who, may::administer(who))?;
    let authorities = authority::Entity::find()
        .order_by_asc(authority::Column::Name)
        .all(db)
        .await?;
    let mut holidays: HashMap<i64, usize> = HashMap::new();
    for h in authority_holiday::Entity::find().all(db).await? {
        *holidays.entry(h.authority_id).or_default() += 1;
    }
    let mut officials: HashMap<i64, usize> = HashMap::new();
    for r in role_assignment::Entity::find()
        .filter(role_assignment::Column::AuthorityId.is_not_null())
        .all(db)
        .await?
    {
        if let Some(a) = r.authority_id {
            *officials.entry(a).or_default() += 1;
        }
    }
    let mut rows: Vec<AuthorityRow> = authorities
        .into_iter()
        .map(|a| AuthorityRow {
            holidays: holidays.get(&a.id).copied().unwrap_or(0),
            officials: officials.get(&a.id).copied().unwrap_or(0),
            archived: a.archived_at.is_some(),
            key: a.key,
            name: a.name,
            acronym: a.acronym,
            level: a.level,
            response_days: a.response_days,
            day_kind: a.day_kind,
            email: a.email,
        })
        .collect();
    rows.sort_by_key(|r| r.archived);
    Ok(rows)
}

/// One authority's page: its settings, holidays and officials.
#[tracing::instrument(skip(db))]
pub async fn get<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    key: &str,
    now: DateTime<Utc>,
) -> Result<AuthorityAdmin, ServiceError> {
    let a = administered(db, who, key).await?;
    let holidays = holidays_of(db, a.id).await?;
    let mut officials: Vec<OfficialRow> = role_assignment::Entity::find()
        .filter(role_assignment::Column::AuthorityId.eq(a.id))
        .find_also_related(account::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(_, acc)| acc)
        .map(|acc| OfficialRow {
            name: Some(acc.name),
            email: acc.email,
            pending: false,
        })
        .collect();
    let invited = invitation::Entity::find()
        .filter(invitation::Column::AuthorityId.eq(a.id))
        .filter(invitation::Column::Purpose.eq("invite"))
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(now))
        .all(db)
        .await?;
    for i in invited {
        if !officials.iter().any(|o| o.email == i.email) {
            officials.push(OfficialRow {
                name: None,
                email: i.email,
                pending: true,
            });
        }
    }
    let referrals = referral::Entity::find()
        .filter(referral::Column::AuthorityId.eq(a.id))
        .count(db)
        .await?;
    Ok(AuthorityAdmin {
        settings: AuthorityForm {
            key: a.key.clone(),
            name: a.name.clone(),
            acronym: a.acronym.clone().unwrap_or_default(),
            level: a.level.clone(),
            response_days: a.response_days.to_string(),
            day_kind: a.day_kind.clone(),
            email: a.email.clone().unwrap_or_default(),
        },
        archived_at: a
            .archived_at
            .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
        holidays: holidays.iter().map(NaiveDate::to_string).collect(),
        officials,
        referrals,
    })
}

/// Creates (`original` None) or updates an authority; returns its key.
#[tracing::instrument(skip(db, form))]
pub async fn save(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    original: Option<&str>,
    form: &AuthorityForm,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    check(who, may::administer(who))?;
    let txn = crate::server::db::begin_write(db).await?;
    let existing = match original {
        Some(key) => Some(administered(&txn, who, key).await?),
        None => None,
    };
    let c = check_form(form, existing.is_none())?;
    let actor = who.map(|a| a.account_id);
    let key = match existing {
        Some(a) => {
            if a.response_days != c.response_days || a.day_kind != c.day_kind.as_str() {
                clock::keep_deadlines(&txn, clock::RuleOf::Authority(a.id)).await?;
            }
            let before = snapshot(&a);
            let key = a.key.clone();
            let mut am: authority::ActiveModel = a.into();
            am.name = Set(c.name);
            am.acronym = Set(c.acronym);
            am.level = Set(c.level.as_str().to_string());
            am.response_days = Set(c.response_days);
            am.day_kind = Set(c.day_kind.as_str().to_string());
            am.email = Set(c.email);
            let saved = am.update(&txn).await?;
            let after = snapshot(&saved);
            if before != after {
                audit::record(
                    &txn,
                    now,
                    Change::new(actor, "authority", saved.id, "update").changed(before, after),
                )
                .await?;
            }
            key
        }
        None => {
            let key = form.key.trim().to_string();
            let taken = authority::Entity::find()
                .filter(authority::Column::Key.eq(&key))
                .count(&txn)
                .await?;
            if taken > 0 {
                return Err(ServiceError::field("key", "duplicate_key"));
            }
            let saved = authority::ActiveModel {
                key: Set(key.clone()),
                name: Set(c.name),
                acronym: Set(c.acronym),
                level: Set(c.level.as_str().to_string()),
                response_days: Set(c.response_days),
                day_kind: Set(c.day_kind.as_str().to_string()),
                email: Set(c.email),
                created_at: Set(now),
                archived_at: Set(None),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            audit::record(
                &txn,
                now,
                Change::new(actor, "authority", saved.id, "create").after(snapshot(&saved)),
            )
            .await?;
            key
        }
    };
    txn.commit().await?;
    Ok(key)
}

/// Archives an authority (no longer offered for new demands) or restores it.
#[tracing::instrument(skip(db))]
pub async fn set_archived(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    key: &str,
    archived: bool,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let a = administered(&txn, who, key).await?;
    if a.archived_at.is_some() == archived {
        return Ok(());
    }
    let before = snapshot(&a);
    let mut am: authority::ActiveModel = a.into();
    am.archived_at = Set(archived.then_some(now));
    let saved = am.update(&txn).await?;
    let action = if archived { "archive" } else { "restore" };
    audit::record(
        &txn,
        now,
        Change::new(who.map(|a| a.account_id), "authority", saved.id, action)
            .changed(before, snapshot(&saved)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Dates as typed or pasted: `YYYY-MM-DD` or `DD/MM/YYYY`, separated by
/// new lines, commas, semicolons or spaces. Every bad value is one problem.
pub fn parse_dates(text: &str) -> Result<BTreeSet<NaiveDate>, Vec<FieldError>> {
    let mut dates = BTreeSet::new();
    let mut errors = Vec::new();
    for raw in text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(raw, "%d/%m/%Y"))
        {
            Ok(d) => {
                dates.insert(d);
            }
            Err(_) => {
                if errors.is_empty() {
                    errors.push(FieldError::new("dates", "invalid_date"));
                }
            }
        }
    }
    if errors.is_empty() && dates.is_empty() {
        errors.push(FieldError::new("dates", "required"));
    }
    if dates.len() > HOLIDAYS_MAX {
        errors.push(FieldError::new("dates", "too_long"));
    }
    if errors.is_empty() {
        Ok(dates)
    } else {
        Err(errors)
    }
}

/// Adds holidays (one date or a year's list); returns how many were new.
#[tracing::instrument(skip(db, text))]
pub async fn add_holidays(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    key: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let a = administered(&txn, who, key).await?;
    let wanted = parse_dates(text).map_err(ServiceError::Form)?;
    let have = holidays_of(&txn, a.id).await?;
    let new: Vec<NaiveDate> = wanted.difference(&have).copied().collect();
    if new.is_empty() {
        return Ok(0);
    }
    clock::keep_deadlines(&txn, clock::RuleOf::Authority(a.id)).await?;
    for day in &new {
        authority_holiday::ActiveModel {
            authority_id: Set(a.id),
            day: Set(*day),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        now,
        Change::new(who.map(|a| a.account_id), "authority", a.id, "holidays_add")
            .after(json!({ "holidays": new })),
    )
    .await?;
    txn.commit().await?;
    Ok(new.len())
}

/// Removes one holiday.
#[tracing::instrument(skip(db))]
pub async fn remove_holiday(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    key: &str,
    day: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let a = administered(&txn, who, key).await?;
    let day: NaiveDate = day
        .trim()
        .parse()
        .map_err(|_| ServiceError::field("dates", "invalid_date"))?;
    if !holidays_of(&txn, a.id).await?.contains(&day) {
        return Ok(());
    }
    clock::keep_deadlines(&txn, clock::RuleOf::Authority(a.id)).await?;
    authority_holiday::Entity::delete_many()
        .filter(authority_holiday::Column::AuthorityId.eq(a.id))
        .filter(authority_holiday::Column::Day.eq(day))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        now,
        Change::new(
            who.map(|a| a.account_id),
            "authority",
            a.id,
            "holidays_remove",
        )
        .before(json!({ "holidays": [day] })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holiday_lists_are_read_as_pasted() {
        let got = parse_dates("2027-01-01, 2027-02-01\n16/09/2027; 2027-01-01").unwrap();
        let want: Vec<String> = got.iter().map(NaiveDate::to_string).collect();
        assert_eq!(want, ["2027-01-01", "2027-02-01", "2027-09-16"]);
        assert_eq!(
            parse_dates("2027-13-01").unwrap_err()[0].code,
            "invalid_date"
        );
        assert_eq!(parse_dates("  ").unwrap_err()[0].code, "required");
    }

    #[test]
    fn the_form_names_every_problem() {
        let f = AuthorityForm {
            key: "Bad Key".into(),
            name: "".into(),
            level: "galactic".into(),
            response_days: "0".into(),
            day_kind: "lunar".into(),
            email: "nope".into(),
            ..Default::default()
        };
        let Err(ServiceError::Form(errors)) = check_form(&f, true) else {
            panic!("refused");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["key", "name", "level", "day_kind", "response_days", "email"]
        );
    }
}
