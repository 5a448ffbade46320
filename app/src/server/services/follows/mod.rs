//! Following by e-mail, without an account: a body, an authority, a
//! demand, a saved search of demands or the whole site — each a feed
//! (`targets`) mailed at a chosen frequency (`delivery`).
//!
//! - **Double opt-in**: the form queues a confirmation mail; nothing else is
//!   sent until its link is followed and confirmed. Asking again for what is
//!   already followed mails a reminder with the page of one's follows (the
//!   form never says whether an address follows anything).
//! - **Rate limited** per address (3 mails a day) and per client (20 uses
//!   an hour), counted in the database so every instance sees the same
//!   counts: the form cannot be used to flood a stranger's mailbox.
//! - **One click to leave**: every mail carries its follow's unsubscribe
//!   address (RFC 8058 headers, and a link) and the page of all one's
//!   follows (change the frequency, stop one or all).
//!
//! The tokens are kept in the clear, unlike sign-in links: every mail must
//! carry them again, and they open nothing but one's follows.
pub mod delivery;
pub mod targets;

use crate::domain::follows::{FollowKind, FollowRow, FollowView, Frequency, MyFollows};
use crate::routes;
use crate::server::error::ServiceError;
use crate::server::services::accounts::{check_email, normalize_email, tokens, SiteUrl};
use crate::server::services::feeds::locale_of;
use crate::server::services::mail::{follows as mails, outbox};
use chrono::{DateTime, Duration, Utc};
use entity::{follow, follow_address, follow_request};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::Deserialize;

/// Mails the form may cause to one address in a day.
pub const MAX_PER_ADDRESS_PER_DAY: u64 = 3;
/// Uses of the form per client address in an hour (a shared office or NAT
/// may hold several people).
pub const MAX_PER_CLIENT_PER_HOUR: u64 = 20;
/// A follow not confirmed within this is forgotten.
pub const CONFIRM_DAYS: i64 = 7;

/// The follow form as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FollowForm {
    pub email: String,
    pub frequency: String,
    /// The language of the page the form was on (its mails' language).
    pub locale: String,
}

/// The frequency form of the page of one's follows.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct FrequencyForm {
    pub frequency: String,
}

fn frequency_field(s: &str) -> Result<Frequency, ServiceError> {
    Frequency::parse(s.trim()).ok_or_else(|| ServiceError::field("frequency", "invalid_value"))
}

/// When a follow next looks for news, after mailing up to `from`.
pub fn next_due(frequency: Frequency, from: DateTime<Utc>) -> DateTime<Utc> {
    match frequency {
        Frequency::Immediate => from,
        Frequency::Daily => from + Duration::days(1),
        Frequency::Weekly => from + Duration::days(7),
    }
}

/// Addresses of the pages a mail links to.
pub fn confirm_url(site: &SiteUrl, token: &str) -> String {
    format!("{}{}", site.0, routes::FOLLOW_CONFIRM.path(&[token]))
}

pub fn manage_url(site: &SiteUrl, token: &str) -> String {
    format!("{}{}", site.0, routes::FOLLOWS.path(&[token]))
}

pub fn unsubscribe_url(site: &SiteUrl, token: &str) -> String {
    format!("{}{}", site.0, routes::UNSUBSCRIBE.path(&[token]))
}

/// What the form did; the page says the same either way ("check your
/// mail"). The link is for tests and the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requested {
    /// A confirmation mail was queued, with this link.
    Confirm(String),
    /// Already followed: a mail with the page of one's follows was queued.
    Known,
}

/// The follow form: checks what is followed and the fields, counts the
/// request, and queues the confirmation mail.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip(db, site, form))]
pub async fn request(
    db: &DatabaseConnection,
    site: &SiteUrl,
    kind: &str,
    target: &str,
    form: &FollowForm,
    locale: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<Requested, ServiceError> {
    let kind = FollowKind::parse(kind).ok_or(ServiceError::NotFound)?;
    let locale = crate::server::services::accounts::normalize_locale(if form.locale.is_empty() {
        locale
    } else {
        &form.locale
    });
    let lang = locale_of(Some(&locale));
    let Some(resolved) = targets::resolve(db, site, kind, target, lang, now).await? else {
        return Err(ServiceError::NotFound);
    };
    let email = normalize_email(&form.email);
    let mut problems = Vec::new();
    problems.extend(check_email("email", &email));
    let frequency = match frequency_field(&form.frequency) {
        Ok(f) => Some(f),
        Err(ServiceError::Form(mut e)) => {
            problems.append(&mut e);
            None
        }
        Err(e) => return Err(e),
    };
    if !problems.is_empty() {
        return Err(ServiceError::Form(problems));
    }
    let frequency = frequency.unwrap_or(Frequency::Daily);
    let txn = crate::server::db::begin_write(db).await?;
    limit(&txn, &email, client, now).await?;
    follow_request::ActiveModel {
        at: Set(now),
        email: Set(email.chars().take(254).collect()),
        client: Set(client.chars().take(64).collect()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    // Counts older than a day serve nothing; unconfirmed follows expire.
    follow_request::Entity::delete_many()
        .filter(follow_request::Column::At.lt(now - Duration::days(1)))
        .exec(&txn)
        .await?;
    forget_unconfirmed(&txn, now).await?;
    let address = match follow_address::Entity::find()
        .filter(follow_address::Column::Email.eq(&email))
        .one(&txn)
        .await?
    {
        Some(a) => a,
        None => {
            follow_address::ActiveModel {
                email: Set(email.clone()),
                locale: Set(locale.clone()),
                token: Set(tokens::generate()),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    let t = &resolved.target;
    let existing = follow::Entity::find()
        .filter(follow::Column::AddressId.eq(address.id))
        .filter(follow::Column::Kind.eq(kind.as_str()))
        .filter(follow::Column::Target.eq(&t.target))
        .one(&txn)
        .await?;
    let page = format!("{}{}", site.0, t.page);
    let (outcome, mail) = match existing {
        Some(f) if f.confirmed_at.is_some() => (
            Requested::Known,
            mails::known(&locale, &t.title, &page, &manage_url(site, &address.token)),
        ),
        existing => {
            let row = match existing {
                Some(f) => {
                    let mut am: follow::ActiveModel = f.into();
                    am.frequency = Set(frequency.as_str().into());
                    am.title = Set(t.title.chars().take(300).collect());
                    am.update(&txn).await?
                }
                None => {
                    follow::ActiveModel {
                        address_id: Set(address.id),
                        kind: Set(kind.as_str().into()),
                        target: Set(t.target.clone()),
                        title: Set(t.title.chars().take(300).collect()),
                        frequency: Set(frequency.as_str().into()),
                        token: Set(tokens::generate()),
                        created_at: Set(now),
                        ..Default::default()
                    }
                    .insert(&txn)
                    .await?
                }
            };
            let url = confirm_url(site, &row.token);
            let mail = mails::confirm(&locale, &t.title, &page, &url, frequency, CONFIRM_DAYS);
            (Requested::Confirm(url), mail)
        }
    };
    outbox::enqueue(&txn, outbox::Mail::rendered(email, mail, None), now).await?;
    txn.commit().await?;
    Ok(outcome)
}

/// Refuses when the address or the client used the form too often.
async fn limit<C: sea_orm::ConnectionTrait>(
    db: &C,
    email: &str,
    client: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    for (column, value, window, max) in [
        (
            follow_request::Column::Email,
            email,
            Duration::days(1),
            MAX_PER_ADDRESS_PER_DAY,
        ),
        (
            follow_request::Column::Client,
            client,
            Duration::hours(1),
            MAX_PER_CLIENT_PER_HOUR,
        ),
    ] {
        let recent = follow_request::Entity::find()
            .filter(column.eq(value))
            .filter(follow_request::Column::At.gt(now - window));
        if recent.clone().count(db).await? >= max {
            let oldest = recent
                .order_by_asc(follow_request::Column::At)
                .one(db)
                .await?
                .map_or(now, |r| r.at);
            let wait = (oldest + window - now).num_seconds();
            let minutes = ((wait.max(1) + 59) / 60) as u32;
            tracing::warn!(%client, "follow form rate limited");
            return Err(ServiceError::RateLimited { minutes });
        }
    }
    Ok(())
}

/// Forgets follows never confirmed, and addresses left with none.
async fn forget_unconfirmed<C: sea_orm::ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    follow::Entity::delete_many()
        .filter(follow::Column::ConfirmedAt.is_null())
        .filter(follow::Column::CreatedAt.lt(now - Duration::days(CONFIRM_DAYS)))
        .exec(db)
        .await?;
    forget_empty_addresses(db).await
}

async fn forget_empty_addresses<C: sea_orm::ConnectionTrait>(db: &C) -> Result<(), ServiceError> {
    use sea_orm::sea_query::{Expr, Query};
    follow_address::Entity::delete_many()
        .filter(
            follow_address::Column::Id.not_in_subquery(
                Query::select()
                    .expr(Expr::col(follow::Column::AddressId))
                    .from(follow::Entity)
                    .to_owned(),
            ),
        )
        .exec(db)
        .await?;
    Ok(())
}

/// A follow by its token, with its address; expired confirmations are
/// not found.
async fn by_token<C: sea_orm::ConnectionTrait>(
    db: &C,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(follow::Model, follow_address::Model), ServiceError> {
    let (f, a) = follow::Entity::find()
        .filter(follow::Column::Token.eq(token))
        .find_also_related(follow_address::Entity)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let a = a.ok_or(ServiceError::NotFound)?;
    if f.confirmed_at.is_none() && f.created_at < now - Duration::days(CONFIRM_DAYS) {
        return Err(ServiceError::NotFound);
    }
    Ok((f, a))
}

fn view_of(f: &follow::Model, a: &follow_address::Model) -> FollowView {
    FollowView {
        title: f.title.clone(),
        page: page_of(f),
        frequency: Frequency::stored(&f.frequency),
        email: a.email.clone(),
        confirmed: f.confirmed_at.is_some(),
    }
}

/// The page a follow follows, from what it stores.
fn page_of(f: &follow::Model) -> String {
    FollowKind::parse(&f.kind).map_or_else(|| "/".into(), |k| k.page(&f.target))
}

/// The follow a confirmation or unsubscribe link names.
#[tracing::instrument(skip(db, token))]
pub async fn view(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<FollowView, ServiceError> {
    let (f, a) = by_token(db, token, now).await?;
    Ok(view_of(&f, &a))
}

/// Confirms a follow from its mail's link; returns the token of the page
/// of the address's follows. Confirming twice is harmless.
#[tracing::instrument(skip(db, token))]
pub async fn confirm(
    db: &DatabaseConnection,
    token: &str,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let (f, a) = by_token(&txn, token, now).await?;
    if f.confirmed_at.is_none() {
        let frequency = Frequency::stored(&f.frequency);
        let mut am: follow::ActiveModel = f.into();
        am.confirmed_at = Set(Some(now));
        // News from now on: what happened before is on the page.
        am.sent_up_to = Set(Some(now));
        am.due_at = Set(Some(next_due(frequency, now)));
        am.update(&txn).await?;
    }
    txn.commit().await?;
    Ok(a.token)
}

/// Stops one follow from its one-click link (a mail program's button or
/// the page's). The address is forgotten with its last follow. Stopping
/// twice is harmless: `false` the second time.
#[tracing::instrument(skip(db, token))]
pub async fn unsubscribe(db: &DatabaseConnection, token: &str) -> Result<bool, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let gone = follow::Entity::delete_many()
        .filter(follow::Column::Token.eq(token))
        .exec(&txn)
        .await?
        .rows_affected
        > 0;
    forget_empty_addresses(&txn).await?;
    txn.commit().await?;
    Ok(gone)
}

async fn address_by_token<C: sea_orm::ConnectionTrait>(
    db: &C,
    token: &str,
) -> Result<follow_address::Model, ServiceError> {
    follow_address::Entity::find()
        .filter(follow_address::Column::Token.eq(token))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The page of an address's follows.
#[tracing::instrument(skip(db, token))]
pub async fn mine(db: &DatabaseConnection, token: &str) -> Result<MyFollows, ServiceError> {
    let a = address_by_token(db, token).await?;
    let rows = follow::Entity::find()
        .filter(follow::Column::AddressId.eq(a.id))
        .order_by_asc(follow::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|f| {
            Some(FollowRow {
                id: f.id,
                kind: FollowKind::parse(&f.kind)?,
                page: page_of(&f),
                frequency: Frequency::parse(&f.frequency)?,
                confirmed: f.confirmed_at.is_some(),
                title: f.title,
            })
        })
        .collect();
    Ok(MyFollows {
        email: a.email,
        rows,
    })
}

async fn owned<C: sea_orm::ConnectionTrait>(
    db: &C,
    token: &str,
    id: i64,
) -> Result<follow::Model, ServiceError> {
    let a = address_by_token(db, token).await?;
    follow::Entity::find_by_id(id)
        .filter(follow::Column::AddressId.eq(a.id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Changes how often one follow is mailed; the next mail covers what
/// happened since the last.
#[tracing::instrument(skip(db, token, form))]
pub async fn set_frequency(
    db: &DatabaseConnection,
    token: &str,
    id: i64,
    form: &FrequencyForm,
) -> Result<(), ServiceError> {
    let frequency = frequency_field(&form.frequency)?;
    let txn = crate::server::db::begin_write(db).await?;
    let f = owned(&txn, token, id).await?;
    let from = f.sent_up_to;
    let mut am: follow::ActiveModel = f.into();
    am.frequency = Set(frequency.as_str().into());
    if let Some(from) = from {
        am.due_at = Set(Some(next_due(frequency, from)));
    }
    am.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Stops one follow from the page of one's follows. Returns whether the
/// address has follows left (else it is forgotten, and its page with it).
#[tracing::instrument(skip(db, token))]
pub async fn remove(db: &DatabaseConnection, token: &str, id: i64) -> Result<bool, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let f = owned(&txn, token, id).await?;
    follow::Entity::delete_by_id(f.id).exec(&txn).await?;
    forget_empty_addresses(&txn).await?;
    let left = follow_address::Entity::find()
        .filter(follow_address::Column::Token.eq(token))
        .count(&txn)
        .await?
        > 0;
    txn.commit().await?;
    Ok(left)
}

/// Stops every follow of the address and forgets it.
#[tracing::instrument(skip(db, token))]
pub async fn remove_all(db: &DatabaseConnection, token: &str) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let a = address_by_token(&txn, token).await?;
    follow_address::Entity::delete_by_id(a.id)
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}
