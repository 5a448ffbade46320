//! The account page: one's own name, language and password.
use super::roles::{no_errors, Names};
use super::{check_text, normalize_locale, passwords};
use crate::domain::accounts::Me;
use crate::domain::forms::FieldError;
use crate::server::error::ServiceError;
use crate::server::services::audit::{self, Change};
use chrono::{DateTime, Utc};
use entity::{account, role_assignment};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;

/// The signed-in account with its roles; `Unauthorized` without one.
#[tracing::instrument(skip(db))]
pub async fn me<C: ConnectionTrait>(db: &C, account_id: Option<i64>) -> Result<Me, ServiceError> {
    let acc = match account_id {
        Some(id) => account::Entity::find_by_id(id).one(db).await?,
        None => None,
    }
    .filter(|a| !a.disabled)
    .ok_or(ServiceError::Unauthorized)?;
    let roles = role_assignment::Entity::find()
        .filter(role_assignment::Column::AccountId.eq(acc.id))
        .order_by_asc(role_assignment::Column::Id)
        .all(db)
        .await?;
    let names = Names::for_roles(db, &roles).await?;
    Ok(Me {
        id: acc.id,
        admin: roles.iter().any(|r| r.role == "admin"),
        roles: roles.iter().map(|r| names.role_view(r)).collect(),
        name: acc.name,
        email: acc.email,
        locale: acc.locale,
    })
}

/// Changes one's name and language.
#[tracing::instrument(skip(db))]
pub async fn update(
    db: &DatabaseConnection,
    account_id: Option<i64>,
    name: &str,
    locale: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let id = account_id.ok_or(ServiceError::Unauthorized)?;
    no_errors(check_text("name", name, 200).into_iter().collect())?;
    let txn = crate::server::db::begin_write(db).await?;
    let acc = account::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|a| !a.disabled)
        .ok_or(ServiceError::Unauthorized)?;
    let before = json!({ "name": acc.name, "locale": acc.locale });
    let (name, locale) = (name.trim().to_string(), normalize_locale(locale));
    let after = json!({ "name": name, "locale": locale });
    if before != after {
        let mut am: account::ActiveModel = acc.into();
        am.name = Set(name);
        am.locale = Set(locale);
        am.update(&txn).await?;
        audit::record(
            &txn,
            now,
            Change::new(Some(id), "account", id, "update").changed(before, after),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Changes one's password, given the current one.
#[tracing::instrument(skip_all)]
pub async fn change_password(
    db: &DatabaseConnection,
    account_id: Option<i64>,
    current: &str,
    new: &str,
    confirm: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let id = account_id.ok_or(ServiceError::Unauthorized)?;
    let txn = crate::server::db::begin_write(db).await?;
    let acc = account::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .filter(|a| !a.disabled)
        .ok_or(ServiceError::Unauthorized)?;
    let mut errors: Vec<FieldError> = Vec::new();
    if !acc
        .password_hash
        .as_deref()
        .is_some_and(|h| passwords::verify(h, current))
    {
        errors.push(FieldError::new("current", "password_wrong"));
    }
    errors.extend(passwords::check_new(new, confirm));
    no_errors(errors)?;
    let mut am: account::ActiveModel = acc.into();
    am.password_hash = Set(Some(passwords::hash(new)?));
    am.update(&txn).await?;
    audit::record(
        &txn,
        now,
        Change::new(Some(id), "account", id, "password_change"),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
