//! A person's own data (ARCO rights): the seats linked to their account,
//! with what the public sees of each; the choice to show their name; and
//! a download of everything held about them.
use crate::domain::accounts::MyMemberRecord;
use crate::server::error::ServiceError;
use crate::server::services::audit::{self, Change};
use chrono::{DateTime, Utc};
use entity::{account, attendance, audit_log, body, demand, meeting, member, role_assignment};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::{json, Value};

/// The active account, or `Unauthorized`.
pub(crate) async fn own_account<C: ConnectionTrait>(
    db: &C,
    account_id: Option<i64>,
) -> Result<account::Model, ServiceError> {
    let id = account_id.ok_or(ServiceError::Unauthorized)?;
    account::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|a| !a.disabled)
        .ok_or(ServiceError::Unauthorized)
}

/// The seats linked to the account (through any of its roles), with bodies.
pub(crate) async fn linked_members<C: ConnectionTrait>(
    db: &C,
    account_id: i64,
) -> Result<Vec<(member::Model, body::Model)>, ServiceError> {
    let ids: Vec<i64> = role_assignment::Entity::find()
        .filter(role_assignment::Column::AccountId.eq(account_id))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| r.member_id)
        .collect();
    Ok(member::Entity::find()
        .filter(member::Column::Id.is_in(ids))
        .find_also_related(body::Entity)
        .order_by_asc(member::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(m, b)| b.map(|b| (m, b)))
        .collect())
}

fn record(m: &member::Model, b: &body::Model) -> MyMemberRecord {
    MyMemberRecord {
        body_key: b.key.clone(),
        body_name: b.name.clone(),
        member_key: m.key.clone(),
        name: m.name.clone(),
        public: m.public,
        email: m.email.clone(),
        role: m.role.clone(),
        gender: m.gender.clone(),
        migrant_group: m.migrant_group.clone(),
        region: m.region.clone(),
        country: m.country.clone(),
        term_start: m.term_start.to_string(),
        term_end: m.term_end.map(|d| d.to_string()),
        withdrawn_on: m.withdrawn_on.map(|d| d.to_string()),
    }
}

/// The seats linked to the signed-in account.
#[tracing::instrument(skip(db))]
pub async fn records<C: ConnectionTrait>(
    db: &C,
    account_id: Option<i64>,
) -> Result<Vec<MyMemberRecord>, ServiceError> {
    let acc = own_account(db, account_id).await?;
    Ok(linked_members(db, acc.id)
        .await?
        .iter()
        .map(|(m, b)| record(m, b))
        .collect())
}

/// The holder of a seat shows or keeps private their own name. Only the
/// seat's own account may: a secretary records consent given on paper in
/// the member's form instead. Audited either way.
#[tracing::instrument(skip(db))]
pub async fn set_name_public(
    db: &DatabaseConnection,
    account_id: Option<i64>,
    body_key: &str,
    member_key: &str,
    public: bool,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let acc = own_account(&txn, account_id).await?;
    let Some((m, _)) = linked_members(&txn, acc.id)
        .await?
        .into_iter()
        .find(|(m, b)| b.key == body_key && m.key == member_key)
    else {
        return Err(ServiceError::Forbidden);
    };
    if m.public == public {
        return Ok(());
    }
    let mut am: member::ActiveModel = m.clone().into();
    am.public = Set(public);
    am.update(&txn).await?;
    audit::record(
        &txn,
        now,
        Change::new(Some(acc.id), "member", m.id, "consent")
            .before(json!({"public": m.public}))
            .after(json!({"public": public, "by": "self"})),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Everything held about the signed-in person, as one JSON document: the
/// account, its roles, each linked seat with its attendance and the demands
/// submitted in its name, and the changes the person made (access right).
#[tracing::instrument(skip(db))]
pub async fn export<C: ConnectionTrait>(
    db: &C,
    account_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Value, ServiceError> {
    let acc = own_account(db, account_id).await?;
    let roles = role_assignment::Entity::find()
        .filter(role_assignment::Column::AccountId.eq(acc.id))
        .order_by_asc(role_assignment::Column::Id)
        .all(db)
        .await?;
    let mut seats = Vec::new();
    for (m, b) in linked_members(db, acc.id).await? {
        let attended: Vec<Value> = attendance::Entity::find()
            .filter(attendance::Column::MemberId.eq(m.id))
            .find_also_related(meeting::Entity)
            .all(db)
            .await?
            .into_iter()
            .map(|(a, mt)| {
                json!({
                    "meeting": mt.as_ref().map(|x| x.key.clone()),
                    "title": mt.as_ref().map(|x| x.title.clone()),
                    "starts_at": mt.map(|x| x.starts_at),
                    "status": a.status,
                })
            })
            .collect();
        let demands: Vec<Value> = demand::Entity::find()
            .filter(demand::Column::SubmittedBy.eq(m.id))
            .order_by_asc(demand::Column::SubmittedAt)
            .all(db)
            .await?
            .into_iter()
            .map(|d| {
                json!({
                    "key": d.key, "title": d.title, "text": d.text, "topic": d.topic,
                    "submitted_at": d.submitted_at, "confidential": d.confidential,
                    "withdrawn_at": d.withdrawn_at,
                })
            })
            .collect();
        seats.push(json!({
            "member": record(&m, &b),
            "attendance": attended,
            "demands_submitted": demands,
        }));
    }
    let changes: Vec<Value> = audit_log::Entity::find()
        .filter(audit_log::Column::AccountId.eq(acc.id))
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|l| {
            json!({
                "at": l.at, "entity": l.entity, "entity_id": l.entity_id, "action": l.action,
            })
        })
        .collect();
    Ok(json!({
        "format": "voces-personal-data/1",
        "generated_at": now,
        "account": {
            "email": acc.email, "name": acc.name, "locale": acc.locale,
            "created_at": acc.created_at, "last_login_at": acc.last_login_at,
        },
        "roles": roles.iter().map(|r| json!({
            "role": r.role, "body_id": r.body_id, "member_id": r.member_id,
            "authority_id": r.authority_id, "since": r.created_at,
        })).collect::<Vec<_>>(),
        "seats": seats,
        "changes_made": changes,
    }))
}
