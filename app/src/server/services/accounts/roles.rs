//! Roles: granting, revoking, listing (administrators), and describing.
use super::{check_email, normalize_email};
use crate::domain::accounts::{
    AccountRow, AdminOverview, Choice, InvitationRow, InvitationStatus, RoleView,
};
use crate::domain::forms::FieldError;
use crate::server::authz::{check, may, Actor};
use crate::server::error::ServiceError;
use crate::server::services::audit::{self, Change};
use chrono::{DateTime, SecondsFormat, Utc};
use entity::{account, authority, body, invitation, member, role_assignment};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ModelTrait,
    QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use std::collections::HashMap;

/// A role as typed in a form: the role and the key of what it applies to.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct GrantForm {
    /// "" (none), admin, chair, secretary, representative, official.
    pub role: String,
    pub body: String,
    pub authority: String,
    pub member: String,
}

/// A role with its scope resolved to ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    Admin,
    Chair { body: i64 },
    Secretary { body: i64 },
    Representative { body: i64, member: i64 },
    Official { authority: i64 },
}

impl Grant {
    pub fn role(&self) -> &'static str {
        match self {
            Grant::Admin => "admin",
            Grant::Chair { .. } => "chair",
            Grant::Secretary { .. } => "secretary",
            Grant::Representative { .. } => "representative",
            Grant::Official { .. } => "official",
        }
    }

    pub fn body(&self) -> Option<i64> {
        match self {
            Grant::Chair { body }
            | Grant::Secretary { body }
            | Grant::Representative { body, .. } => Some(*body),
            _ => None,
        }
    }

    pub fn member(&self) -> Option<i64> {
        match self {
            Grant::Representative { member, .. } => Some(*member),
            _ => None,
        }
    }

    pub fn authority(&self) -> Option<i64> {
        match self {
            Grant::Official { authority } => Some(*authority),
            _ => None,
        }
    }

    /// From stored columns (role assignments and invitations).
    pub fn from_columns(
        role: &str,
        body: Option<i64>,
        member: Option<i64>,
        authority: Option<i64>,
    ) -> Option<Self> {
        Some(match role {
            "admin" => Grant::Admin,
            "chair" => Grant::Chair { body: body? },
            "secretary" => Grant::Secretary { body: body? },
            "representative" => Grant::Representative {
                body: body?,
                member: member?,
            },
            "official" => Grant::Official {
                authority: authority?,
            },
            _ => return None,
        })
    }
}

/// Resolves the keys of a grant form. `Ok(None)` when no role was chosen.
pub async fn resolve<C: ConnectionTrait>(
    db: &C,
    form: &GrantForm,
) -> Result<Option<Grant>, ServiceError> {
    let body = || async {
        let key = form.body.trim();
        if key.is_empty() {
            return Err(ServiceError::field("body", "required"));
        }
        crate::server::services::bodies::find_by_key(db, key)
            .await?
            .ok_or_else(|| ServiceError::field("body", "unknown_body"))
    };
    Ok(Some(match form.role.trim() {
        "" => return Ok(None),
        "admin" => Grant::Admin,
        "chair" => Grant::Chair {
            body: body().await?.id,
        },
        "secretary" => Grant::Secretary {
            body: body().await?.id,
        },
        "representative" => {
            let b = body().await?;
            let m = member_named(db, b.id, &form.member).await?;
            Grant::Representative {
                body: b.id,
                member: m.id,
            }
        }
        "official" => {
            let key = form.authority.trim();
            if key.is_empty() {
                return Err(ServiceError::field("authority", "required"));
            }
            let a = authority::Entity::find()
                .filter(authority::Column::Key.eq(key))
                .one(db)
                .await?
                .ok_or_else(|| ServiceError::field("authority", "unknown_authority"))?;
            Grant::Official { authority: a.id }
        }
        _ => return Err(ServiceError::field("role", "invalid")),
    }))
}

/// The member of a body an administrator means: by key, or by name
/// (accents and case aside) when exactly one member has it, so nobody has
/// to look a key up.
async fn member_named<C: ConnectionTrait>(
    db: &C,
    body_id: i64,
    given: &str,
) -> Result<member::Model, ServiceError> {
    use crate::components::body_list::normalize;
    let given = given.trim();
    if given.is_empty() {
        return Err(ServiceError::field("member", "required"));
    }
    let members = member::Entity::find()
        .filter(member::Column::BodyId.eq(body_id))
        .all(db)
        .await?;
    if let Some(m) = members.iter().find(|m| m.key == given) {
        return Ok(m.clone());
    }
    let wanted = normalize(given);
    let mut named: Vec<member::Model> = members
        .into_iter()
        .filter(|m| normalize(m.name.trim()) == wanted)
        .collect();
    // A renewed member has a row per term: the latest term is the one
    // meant, when the earlier ones ended before it began.
    named.sort_by_key(|m| m.term_start);
    let Some(latest) = named.pop() else {
        return Err(ServiceError::field("member", "unknown_member"));
    };
    let earlier_ended = named
        .iter()
        .all(|m| m.term_end.is_some_and(|end| end < latest.term_start));
    if earlier_ended {
        Ok(latest)
    } else {
        Err(ServiceError::field("member", "member_ambiguous"))
    }
}

/// Inserts the grant unless the account already holds it; audited.
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    actor: Option<i64>,
    account_id: i64,
    grant: Grant,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let existing = role_assignment::Entity::find()
        .filter(role_assignment::Column::AccountId.eq(account_id))
        .filter(role_assignment::Column::Role.eq(grant.role()))
        .all(db)
        .await?;
    if existing.iter().any(|r| {
        Grant::from_columns(&r.role, r.body_id, r.member_id, r.authority_id) == Some(grant)
    }) {
        return Ok(false);
    }
    let row = role_assignment::ActiveModel {
        account_id: Set(account_id),
        role: Set(grant.role().to_string()),
        body_id: Set(grant.body()),
        member_id: Set(grant.member()),
        authority_id: Set(grant.authority()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        now,
        Change::new(actor, "role_assignment", row.id, "grant").after(json!({
            "account_id": account_id,
            "role": grant.role(),
            "body_id": grant.body(),
            "member_id": grant.member(),
            "authority_id": grant.authority(),
        })),
    )
    .await?;
    Ok(true)
}

/// An administrator grants a role to an account.
#[tracing::instrument(skip(db))]
pub async fn grant(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    account_id: i64,
    form: &GrantForm,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    check(who, may::administer(who))?;
    let txn = crate::server::db::begin_write(db).await?;
    account::Entity::find_by_id(account_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let g = resolve(&txn, form)
        .await?
        .ok_or_else(|| ServiceError::field("role", "required"))?;
    if !insert(&txn, who.map(|a| a.account_id), account_id, g, now).await? {
        return Err(ServiceError::field("role", "already_granted"));
    }
    txn.commit().await?;
    Ok(())
}

/// An administrator revokes a role. The last administrator stays.
#[tracing::instrument(skip(db))]
pub async fn revoke(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    assignment_id: i64,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    check(who, may::administer(who))?;
    let txn = crate::server::db::begin_write(db).await?;
    let row = role_assignment::Entity::find_by_id(assignment_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if row.role == "admin" {
        let admins = role_assignment::Entity::find()
            .filter(role_assignment::Column::Role.eq("admin"))
            .all(&txn)
            .await?;
        if admins.len() <= 1 {
            return Err(ServiceError::field("", "last_admin"));
        }
    }
    let before = json!({
        "account_id": row.account_id,
        "role": row.role,
        "body_id": row.body_id,
        "member_id": row.member_id,
        "authority_id": row.authority_id,
    });
    row.delete(&txn).await?;
    audit::record(
        &txn,
        now,
        Change::new(
            who.map(|a| a.account_id),
            "role_assignment",
            assignment_id,
            "revoke",
        )
        .before(before),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// An administrator disables or re-enables an account (not their own).
/// A disabled account cannot sign in and its sessions stop working.
#[tracing::instrument(skip(db))]
pub async fn set_disabled(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    account_id: i64,
    disabled: bool,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    check(who, may::administer(who))?;
    if who.is_some_and(|a| a.account_id == account_id) {
        return Err(ServiceError::field("", "not_yourself"));
    }
    let txn = crate::server::db::begin_write(db).await?;
    let acc = account::Entity::find_by_id(account_id)
        .one(&txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if acc.disabled != disabled {
        let mut am: account::ActiveModel = acc.into();
        am.disabled = Set(disabled);
        am.update(&txn).await?;
        audit::record(
            &txn,
            now,
            Change::new(who.map(|a| a.account_id), "account", account_id, "update")
                .before(json!({ "disabled": !disabled }))
                .after(json!({ "disabled": disabled })),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Names of bodies, authorities and seats, to describe roles.
pub(crate) struct Names {
    bodies: HashMap<i64, (String, String)>,
    authorities: HashMap<i64, (String, String)>,
    members: HashMap<i64, String>,
}

impl Names {
    pub(crate) async fn load<C: ConnectionTrait>(db: &C) -> Result<Self, ServiceError> {
        Ok(Self {
            bodies: body::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|b| (b.id, (b.key, b.name)))
                .collect(),
            authorities: authority::Entity::find()
                .all(db)
                .await?
                .into_iter()
                .map(|a| (a.id, (a.key, a.name)))
                .collect(),
            members: HashMap::new(),
        })
    }

    /// Only the names the given roles mention (the header asks on every
    /// page, so it must not read every body and authority).
    pub(crate) async fn for_roles<C: ConnectionTrait>(
        db: &C,
        roles: &[role_assignment::Model],
    ) -> Result<Self, ServiceError> {
        let bodies: Vec<i64> = roles.iter().filter_map(|r| r.body_id).collect();
        let authorities: Vec<i64> = roles.iter().filter_map(|r| r.authority_id).collect();
        let names = Self {
            bodies: if bodies.is_empty() {
                HashMap::new()
            } else {
                body::Entity::find()
                    .filter(body::Column::Id.is_in(bodies))
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|b| (b.id, (b.key, b.name)))
                    .collect()
            },
            authorities: if authorities.is_empty() {
                HashMap::new()
            } else {
                authority::Entity::find()
                    .filter(authority::Column::Id.is_in(authorities))
                    .all(db)
                    .await?
                    .into_iter()
                    .map(|a| (a.id, (a.key, a.name)))
                    .collect()
            },
            members: HashMap::new(),
        };
        names
            .with_members(db, roles.iter().filter_map(|r| r.member_id).collect())
            .await
    }

    pub(crate) async fn with_members<C: ConnectionTrait>(
        mut self,
        db: &C,
        ids: Vec<i64>,
    ) -> Result<Self, ServiceError> {
        if !ids.is_empty() {
            self.members = member::Entity::find()
                .filter(member::Column::Id.is_in(ids))
                .all(db)
                .await?
                .into_iter()
                .map(|m| (m.id, m.name))
                .collect();
        }
        Ok(self)
    }

    /// (scope name, scope key) of a role.
    pub(crate) fn scope(
        &self,
        body: Option<i64>,
        member: Option<i64>,
        authority: Option<i64>,
    ) -> (Option<String>, Option<String>) {
        if let Some((key, name)) = body.and_then(|b| self.bodies.get(&b)) {
            let name = match member.and_then(|m| self.members.get(&m)) {
                Some(person) => format!("{name} — {person}"),
                None => name.clone(),
            };
            return (Some(name), Some(key.clone()));
        }
        if let Some((key, name)) = authority.and_then(|a| self.authorities.get(&a)) {
            return (Some(name.clone()), Some(key.clone()));
        }
        (None, None)
    }

    pub(crate) fn role_view(&self, r: &role_assignment::Model) -> RoleView {
        let (scope, scope_key) = self.scope(r.body_id, r.member_id, r.authority_id);
        RoleView {
            id: r.id,
            role: r.role.clone(),
            scope,
            scope_key,
        }
    }
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Accounts with their roles, invitations, and the choices for the forms.
#[tracing::instrument(skip(db))]
pub async fn overview<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    now: DateTime<Utc>,
) -> Result<AdminOverview, ServiceError> {
    check(who, may::administer(who))?;
    let accounts = account::Entity::find()
        .order_by_asc(account::Column::Name)
        .all(db)
        .await?;
    let roles = role_assignment::Entity::find()
        .order_by_asc(role_assignment::Column::Id)
        .all(db)
        .await?;
    let invitations = invitation::Entity::find()
        .filter(invitation::Column::Purpose.eq("invite"))
        .order_by_desc(invitation::Column::Id)
        .all(db)
        .await?;
    let member_ids = roles
        .iter()
        .filter_map(|r| r.member_id)
        .chain(invitations.iter().filter_map(|i| i.member_id))
        .collect();
    let names = Names::load(db).await?.with_members(db, member_ids).await?;
    let mut by_account: HashMap<i64, Vec<RoleView>> = HashMap::new();
    for r in &roles {
        by_account
            .entry(r.account_id)
            .or_default()
            .push(names.role_view(r));
    }
    let account_names: HashMap<i64, String> =
        accounts.iter().map(|a| (a.id, a.name.clone())).collect();
    let mut bodies: Vec<Choice> = names
        .bodies
        .values()
        .map(|(key, name)| Choice {
            key: key.clone(),
            name: name.clone(),
        })
        .collect();
    bodies.sort_by(|a, b| a.name.cmp(&b.name));
    let mut authorities: Vec<Choice> = names
        .authorities
        .values()
        .map(|(key, name)| Choice {
            key: key.clone(),
            name: name.clone(),
        })
        .collect();
    authorities.sort_by(|a, b| a.name.cmp(&b.name));
    let hidden_bodies = body::Entity::find()
        .filter(body::Column::Public.eq(false))
        .order_by_asc(body::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|b| Choice {
            key: b.key,
            name: b.name,
        })
        .collect();
    Ok(AdminOverview {
        hidden_bodies,
        accounts: accounts
            .into_iter()
            .map(|a| AccountRow {
                roles: by_account.remove(&a.id).unwrap_or_default(),
                id: a.id,
                name: a.name,
                email: a.email,
                disabled: a.disabled,
                last_login_at: a.last_login_at.map(rfc3339),
            })
            .collect(),
        invitations: invitations
            .into_iter()
            .map(|i| InvitationRow {
                id: i.id,
                status: if i.accepted_at.is_some() {
                    InvitationStatus::Accepted
                } else if i.expires_at <= now {
                    InvitationStatus::Expired
                } else {
                    InvitationStatus::Pending
                },
                scope: names.scope(i.body_id, i.member_id, i.authority_id).0,
                email: i.email,
                role: i.role,
                invited_by: i.invited_by.and_then(|id| account_names.get(&id).cloned()),
                created_at: rfc3339(i.created_at),
                expires_at: rfc3339(i.expires_at),
            })
            .collect(),
        bodies,
        authorities,
    })
}

/// The account with this address, if any.
pub async fn find_by_email<C: ConnectionTrait>(
    db: &C,
    email: &str,
) -> Result<Option<account::Model>, ServiceError> {
    Ok(account::Entity::find()
        .filter(account::Column::Email.eq(normalize_email(email)))
        .one(db)
        .await?)
}

/// Validates an address typed in a form.
pub fn email_field(email: &str) -> Result<String, ServiceError> {
    let e = normalize_email(email);
    match check_email("email", &e) {
        Some(err) => Err(ServiceError::Form(vec![err])),
        None => Ok(e),
    }
}

pub(crate) fn no_errors(errors: Vec<FieldError>) -> Result<(), ServiceError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Form(errors))
    }
}
