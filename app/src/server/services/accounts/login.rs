//! Signing in, rate limited per account (address typed) and per client
//! address. Attempts are counted in the database so that every server
//! instance sees the same counts.
use super::{normalize_email, passwords};
use crate::server::error::ServiceError;
use chrono::{DateTime, Duration, Utc};
use entity::{account, login_attempt};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

/// The window in which failures are counted.
pub const WINDOW_MINUTES: i64 = 15;
/// Failures allowed per account address within the window.
pub const MAX_PER_ACCOUNT: u64 = 5;
/// Failures allowed per client address within the window (a shared office
/// or NAT may hold several people).
pub const MAX_PER_ADDRESS: u64 = 20;

/// Checks the password; on success returns the account id and stamps the
/// login time. Wrong address, wrong password and disabled account get the
/// same answer (`credentials`), so the form does not reveal who has an
/// account.
#[tracing::instrument(skip(db, password))]
pub async fn authenticate<C: ConnectionTrait>(
    db: &C,
    email: &str,
    password: &str,
    address: &str,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let email = normalize_email(email);
    let since = now - Duration::minutes(WINDOW_MINUTES);
    for (column, value, max) in [
        (
            login_attempt::Column::Email,
            email.as_str(),
            MAX_PER_ACCOUNT,
        ),
        (login_attempt::Column::Address, address, MAX_PER_ADDRESS),
    ] {
        let failures = login_attempt::Entity::find()
            .filter(column.eq(value))
            .filter(login_attempt::Column::Succeeded.eq(false))
            .filter(login_attempt::Column::At.gt(since));
        if failures.clone().count(db).await? >= max {
            // Wait until the oldest counted failure leaves the window.
            let oldest = failures
                .order_by_asc(login_attempt::Column::At)
                .one(db)
                .await?
                .map(|a| a.at)
                .unwrap_or(now);
            let wait = (oldest + Duration::minutes(WINDOW_MINUTES) - now).num_seconds();
            let minutes = ((wait.max(1) + 59) / 60) as u32;
            tracing::warn!(%address, "sign-in rate limited");
            return Err(ServiceError::RateLimited { minutes });
        }
    }
    let acc = account::Entity::find()
        .filter(account::Column::Email.eq(&email))
        .one(db)
        .await?;
    let ok = match &acc {
        Some(a) if !a.disabled => a
            .password_hash
            .as_deref()
            .is_some_and(|h| passwords::verify(h, password)),
        _ => {
            passwords::verify_dummy(password);
            false
        }
    };
    login_attempt::ActiveModel {
        at: Set(now),
        email: Set(email.chars().take(254).collect()),
        address: Set(address.to_string()),
        succeeded: Set(ok),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // Old attempts are of no further use.
    login_attempt::Entity::delete_many()
        .filter(login_attempt::Column::At.lt(now - Duration::days(1)))
        .exec(db)
        .await?;
    match acc {
        Some(a) if ok => {
            let id = a.id;
            let mut am: account::ActiveModel = a.into();
            am.last_login_at = Set(Some(now));
            am.update(db).await?;
            Ok(id)
        }
        _ => Err(ServiceError::field("", "credentials")),
    }
}
