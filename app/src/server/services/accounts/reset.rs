//! Password reset by e-mail. The request gets the same answer whether or
//! not the address has an account.
use super::invitations::usable;
use super::roles::{self, no_errors};
use super::{passwords, tokens, SiteUrl, RESET_HOURS};
use crate::server::error::ServiceError;
use crate::server::services::audit::{self, Change};
use crate::server::services::mail::{outbox, templates};
use chrono::{DateTime, Duration, Utc};
use entity::{account, invitation};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};
use serde_json::json;

/// Reset mails per account per hour, so the form cannot flood a mailbox.
pub const MAX_PER_HOUR: u64 = 3;

/// Queues a reset link when the address belongs to an active account.
/// Returns the link (for tests); callers show the same message either way.
#[tracing::instrument(skip(db, site))]
pub async fn request(
    db: &DatabaseConnection,
    site: &SiteUrl,
    email: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, ServiceError> {
    let email = roles::email_field(email)?;
    let txn = crate::server::db::begin_write(db).await?;
    let Some(acc) = roles::find_by_email(&txn, &email).await? else {
        return Ok(None);
    };
    if acc.disabled {
        return Ok(None);
    }
    let recent = invitation::Entity::find()
        .filter(invitation::Column::AccountId.eq(acc.id))
        .filter(invitation::Column::Purpose.eq("reset"))
        .filter(invitation::Column::CreatedAt.gt(now - Duration::hours(1)))
        .count(&txn)
        .await?;
    if recent >= MAX_PER_HOUR {
        tracing::warn!(account = acc.id, "reset requests throttled");
        return Ok(None);
    }
    let token = tokens::generate();
    let row = invitation::ActiveModel {
        email: Set(acc.email.clone()),
        token_hash: Set(tokens::digest(&token)),
        account_id: Set(Some(acc.id)),
        purpose: Set("reset".into()),
        created_at: Set(now),
        expires_at: Set(now + Duration::hours(RESET_HOURS)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let url = site.reset(&token);
    let mail = templates::password_reset(&acc.locale, &url, RESET_HOURS);
    let dedupe_key = Some(format!("reset:{}", row.id));
    let mail = outbox::Mail::rendered(acc.email.clone(), mail, dedupe_key);
    outbox::enqueue(&txn, mail, now).await?;
    audit::record(
        &txn,
        now,
        Change::new(None, "invitation", row.id, "reset_requested")
            .after(json!({ "account_id": acc.id })),
    )
    .await?;
    txn.commit().await?;
    Ok(Some(url))
}

/// Sets the new password, uses up this and every other open reset link of
/// the account. Returns the account id, for signing in.
#[tracing::instrument(skip_all)]
pub async fn complete(
    db: &DatabaseConnection,
    token: &str,
    password: &str,
    confirm: &str,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let Some(link) = usable(&txn, token, "reset", now).await? else {
        return Err(ServiceError::field("", "token_invalid"));
    };
    no_errors(passwords::check_new(password, confirm))?;
    let account_id = link.account_id.ok_or(ServiceError::NotFound)?;
    let acc = account::Entity::find_by_id(account_id)
        .one(&txn)
        .await?
        .filter(|a| !a.disabled)
        .ok_or_else(|| ServiceError::field("", "token_invalid"))?;
    let mut am: account::ActiveModel = acc.into();
    am.password_hash = Set(Some(passwords::hash(password)?));
    am.last_login_at = Set(Some(now));
    am.update(&txn).await?;
    invitation::Entity::update_many()
        .col_expr(
            invitation::Column::AcceptedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(invitation::Column::AccountId.eq(account_id))
        .filter(invitation::Column::Purpose.eq("reset"))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        now,
        Change::new(Some(account_id), "account", account_id, "password_reset"),
    )
    .await?;
    txn.commit().await?;
    Ok(account_id)
}
