//! Invitations: an administrator invites anyone (with a role), a body's
//! secretary or chair invites the body's members (linking the account to the
//! seat). The link carries a single-use token valid `INVITATION_DAYS` days;
//! accepting it sets the password and signs the person in.
use super::roles::{self, no_errors, Grant, GrantForm};
use super::{
    check_text, normalize_email, normalize_locale, passwords, tokens, SiteUrl, INVITATION_DAYS,
};
use crate::domain::accounts::TokenInfo;
use crate::domain::forms::FieldError;
use crate::server::authz::{check, may, Actor};
use crate::server::error::ServiceError;
use crate::server::services::audit::{self, Change};
use crate::server::services::mail::{outbox, templates};
use chrono::{DateTime, Duration, Utc};
use entity::{account, invitation, member};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};
use serde_json::json;

/// The invitation form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct InviteForm {
    pub email: String,
    /// The language of the mail.
    pub locale: String,
    #[serde(flatten)]
    pub grant: GrantForm,
}

/// What was created: the link is returned for the command line (and tests);
/// pages never show it.
#[derive(Debug, Clone)]
pub struct Invited {
    pub id: i64,
    pub email: String,
    pub url: String,
}

/// Invites someone. Administrators may grant any role; a secretary or chair
/// may only invite a member of their body (role `representative`).
#[tracing::instrument(skip(db, site))]
pub async fn invite(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    form: &InviteForm,
    now: DateTime<Utc>,
) -> Result<Invited, ServiceError> {
    let Some(actor) = who else {
        return Err(ServiceError::Unauthorized);
    };
    let txn = crate::server::db::begin_write(db).await?;
    let grant = roles::resolve(&txn, &form.grant).await?;
    let allowed = match grant {
        Some(Grant::Representative { body, .. }) => may::invite_member(who, body),
        _ => may::administer(who),
    };
    check(who, allowed)?;
    let mut email = normalize_email(&form.email);
    if email.is_empty() {
        // A member's invitation goes to the address on the roster.
        if let Some(Grant::Representative { member, .. }) = grant {
            if let Some(m) = member::Entity::find_by_id(member).one(&txn).await? {
                email = m.email.map(|e| normalize_email(&e)).unwrap_or_default();
            }
        }
    }
    no_errors(super::check_email("email", &email).into_iter().collect())?;
    let inviter = account::Entity::find_by_id(actor.account_id)
        .one(&txn)
        .await?
        .map(|a| a.name);
    let created = create(
        &txn,
        Some(actor.account_id),
        site,
        &email,
        &normalize_locale(&form.locale),
        grant,
        inviter.as_deref(),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// A body's secretary or chair invites one of its members, to the address
/// on the roster unless another is given.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip(db, site))]
pub async fn invite_member(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    body_key: &str,
    member_key: &str,
    email: &str,
    locale: &str,
    now: DateTime<Utc>,
) -> Result<Invited, ServiceError> {
    let form = InviteForm {
        email: email.to_string(),
        locale: locale.to_string(),
        grant: GrantForm {
            role: "representative".into(),
            body: body_key.to_string(),
            member: member_key.to_string(),
            authority: String::new(),
        },
    };
    invite(db, who, site, &form, now).await
}

/// The first administrator (from the command line: no actor).
#[tracing::instrument(skip(db, site))]
pub async fn invite_admin(
    db: &DatabaseConnection,
    site: &SiteUrl,
    email: &str,
    locale: &str,
    now: DateTime<Utc>,
) -> Result<Invited, ServiceError> {
    let email = roles::email_field(email)?;
    let txn = crate::server::db::begin_write(db).await?;
    let created = create(
        &txn,
        None,
        site,
        &email,
        &normalize_locale(locale),
        Some(Grant::Admin),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Inserts the invitation, queues its mail and audits it, on `txn`.
#[allow(clippy::too_many_arguments)]
async fn create<C: ConnectionTrait>(
    txn: &C,
    actor: Option<i64>,
    site: &SiteUrl,
    email: &str,
    locale: &str,
    grant: Option<Grant>,
    inviter: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Invited, ServiceError> {
    let token = tokens::generate();
    let existing = roles::find_by_email(txn, email).await?;
    let row = invitation::ActiveModel {
        email: Set(email.to_string()),
        token_hash: Set(tokens::digest(&token)),
        account_id: Set(existing.as_ref().map(|a| a.id)),
        member_id: Set(grant.and_then(|g| g.member())),
        role: Set(grant.map(|g| g.role().to_string())),
        body_id: Set(grant.and_then(|g| g.body())),
        authority_id: Set(grant.and_then(|g| g.authority())),
        invited_by: Set(actor),
        purpose: Set("invite".into()),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(INVITATION_DAYS)),
        accepted_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let url = site.invitation(&token);
    // An existing account gets the mail in its own language.
    let lang = existing
        .as_ref()
        .map(|a| a.locale.as_str())
        .unwrap_or(locale);
    // The mail says which role, and on which council or for which authority.
    let scope = match (
        grant.and_then(|g| g.body()),
        grant.and_then(|g| g.authority()),
    ) {
        (Some(b), _) => entity::body::Entity::find_by_id(b)
            .one(txn)
            .await?
            .map(|b| b.name),
        (None, Some(a)) => entity::authority::Entity::find_by_id(a)
            .one(txn)
            .await?
            .map(|a| a.name),
        (None, None) => None,
    };
    let role = grant.map(|g| (g.role(), scope.as_deref()));
    let mail = templates::invitation(lang, &url, inviter, role, INVITATION_DAYS);
    let dedupe_key = Some(format!("invitation:{}", row.id));
    let mail = outbox::Mail::rendered(email.to_string(), mail, dedupe_key);
    outbox::enqueue(txn, mail, now).await?;
    audit::record(
        txn,
        now,
        Change::new(actor, "invitation", row.id, "create").after(json!({
            "email": email,
            "role": row.role,
            "body_id": row.body_id,
            "member_id": row.member_id,
            "authority_id": row.authority_id,
            "expires_at": row.expires_at,
        })),
    )
    .await?;
    Ok(Invited {
        id: row.id,
        email: email.to_string(),
        url,
    })
}

/// The usable link row of a token and purpose, if it is neither expired nor used.
pub(crate) async fn usable<C: ConnectionTrait>(
    db: &C,
    token: &str,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<Option<invitation::Model>, ServiceError> {
    Ok(invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(tokens::digest(token)))
        .filter(invitation::Column::Purpose.eq(purpose))
        .one(db)
        .await?
        .filter(|i| i.accepted_at.is_none() && i.expires_at > now))
}

/// What the invitation page shows before it is accepted.
pub async fn info<C: ConnectionTrait>(
    db: &C,
    token: &str,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<TokenInfo, ServiceError> {
    let Some(inv) = usable(db, token, purpose, now).await? else {
        return Ok(TokenInfo {
            email: String::new(),
            name: None,
            valid: false,
        });
    };
    let name = match inv.member_id {
        Some(m) => member::Entity::find_by_id(m).one(db).await?.map(|m| m.name),
        None => None,
    };
    let name = match (name, inv.account_id) {
        (Some(n), _) => Some(n),
        (None, Some(a)) => account::Entity::find_by_id(a)
            .one(db)
            .await?
            .map(|a| a.name),
        (None, None) => None,
    };
    Ok(TokenInfo {
        email: inv.email,
        name,
        valid: true,
    })
}

/// The acceptance form.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct AcceptForm {
    pub name: String,
    pub password: String,
    pub confirm: String,
    /// The language the page was shown in: the account's language.
    pub locale: String,
}

/// Accepts an invitation: creates (or updates) the account, sets its
/// password, grants the roles, uses up the token. Returns the account id,
/// for signing in.
#[tracing::instrument(skip(db, form, token))]
pub async fn accept(
    db: &DatabaseConnection,
    token: &str,
    form: &AcceptForm,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let Some(inv) = usable(&txn, token, "invite", now).await? else {
        return Err(ServiceError::field("", "token_invalid"));
    };
    let mut errors: Vec<FieldError> = check_text("name", &form.name, 200).into_iter().collect();
    errors.extend(passwords::check_new(&form.password, &form.confirm));
    no_errors(errors)?;
    let hash = passwords::hash(&form.password)?;
    let name = form.name.trim().to_string();
    let account_id = match roles::find_by_email(&txn, &inv.email).await? {
        Some(acc) => {
            let before = json!({ "name": acc.name });
            let id = acc.id;
            let mut am: account::ActiveModel = acc.into();
            am.name = Set(name.clone());
            am.password_hash = Set(Some(hash));
            am.last_login_at = Set(Some(now));
            am.update(&txn).await?;
            audit::record(
                &txn,
                now,
                Change::new(Some(id), "account", id, "update")
                    .changed(before, json!({ "name": name }))
                    .after(json!({ "name": name, "password": "changed" })),
            )
            .await?;
            id
        }
        None => {
            let acc = account::ActiveModel {
                email: Set(inv.email.clone()),
                name: Set(name.clone()),
                password_hash: Set(Some(hash)),
                locale: Set(normalize_locale(&form.locale)),
                disabled: Set(false),
                created_at: Set(now),
                last_login_at: Set(Some(now)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            audit::record(
                &txn,
                now,
                Change::new(Some(acc.id), "account", acc.id, "create").after(json!({
                    "email": acc.email,
                    "name": acc.name,
                    "locale": acc.locale,
                })),
            )
            .await?;
            acc.id
        }
    };
    if let Some(g) = inv
        .role
        .as_deref()
        .and_then(|r| Grant::from_columns(r, inv.body_id, inv.member_id, inv.authority_id))
    {
        roles::insert(&txn, inv.invited_by, account_id, g, now).await?;
        // A seat whose roster role is chair or secretary brings that role too.
        if let Grant::Representative { body, member } = g {
            let seat = member::Entity::find_by_id(member).one(&txn).await?;
            let extra = match seat.as_ref().map(|m| m.role.as_str()) {
                Some("chair") => Some(Grant::Chair { body }),
                Some("secretary") => Some(Grant::Secretary { body }),
                _ => None,
            };
            if let Some(extra) = extra {
                roles::insert(&txn, inv.invited_by, account_id, extra, now).await?;
            }
        }
    }
    let inv_id = inv.id;
    let mut am: invitation::ActiveModel = inv.into();
    am.accepted_at = Set(Some(now));
    am.account_id = Set(Some(account_id));
    am.update(&txn).await?;
    audit::record(
        &txn,
        now,
        Change::new(Some(account_id), "invitation", inv_id, "accept"),
    )
    .await?;
    txn.commit().await?;
    Ok(account_id)
}
