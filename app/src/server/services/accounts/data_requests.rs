//! Requests about one's personal data (the ARCO rights of Mexico's
//! data-protection law: rectification, cancellation, opposition; access is
//! the download in `my_data`). A person files one from their account; it
//! reaches the secretariat (secretaries and chairs) of the body it is about
//! and the administrators by mail — without its text, which stays on the
//! site — and they answer it; the person sees its state and the answer on
//! their account page and is told by mail. Everything is audited.
use super::my_data::{linked_members, own_account};
use super::{check_text, SiteUrl};
use crate::domain::accounts::DataRequestView;
use crate::domain::forms::FieldError;
use crate::server::authz::{check, Actor};
use crate::server::error::ServiceError;
use crate::server::services::audit::{self, Change};
use crate::server::services::mail::outbox;
use crate::server::services::mail::templates;
use chrono::{DateTime, SecondsFormat, Utc};
use entity::{account, body, data_request, member, role_assignment};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};

pub const KINDS: [&str; 3] = ["rectification", "cancellation", "opposition"];
const TEXT_MAX: usize = 5_000;

/// The form: which right, which seat (`{body}/{member}`, or empty for the
/// account itself), and what to change or delete.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct RequestForm {
    pub kind: String,
    pub seat: String,
    pub text: String,
}

/// Files a request; returns its id.
#[tracing::instrument(skip(db, site, f))]
pub async fn file(
    db: &DatabaseConnection,
    account_id: Option<i64>,
    site: &SiteUrl,
    f: &RequestForm,
    now: DateTime<Utc>,
) -> Result<i64, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let acc = own_account(&txn, account_id).await?;
    let mut errors = Vec::new();
    if !KINDS.contains(&f.kind.as_str()) {
        errors.push(FieldError::new("kind", "invalid_value"));
    }
    let text = f.text.trim();
    errors.extend(check_text("text", text, TEXT_MAX));
    let seat = match f.seat.trim() {
        "" => None,
        s => {
            let found = linked_members(&txn, acc.id)
                .await?
                .into_iter()
                .find(|(m, b)| format!("{}/{}", b.key, m.key) == s);
            if found.is_none() {
                errors.push(FieldError::new("seat", "invalid_value"));
            }
            found
        }
    };
    if !errors.is_empty() {
        return Err(ServiceError::Form(errors));
    }
    let row = data_request::ActiveModel {
        account_id: Set(acc.id),
        member_id: Set(seat.as_ref().map(|(m, _)| m.id)),
        body_id: Set(seat.as_ref().map(|(_, b)| b.id)),
        kind: Set(f.kind.clone()),
        text: Set(text.to_string()),
        state: Set("open".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        now,
        Change::new(Some(acc.id), "data_request", row.id, "file")
            .after(json!({"kind": row.kind, "member_id": row.member_id})),
    )
    .await?;
    // The body's secretariat and every administrator; the text stays on
    // the site (it may itself hold personal data).
    let ids: BTreeSet<i64> = role_assignment::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(role_assignment::Column::Role.eq("admin"))
                .add(
                    sea_orm::Condition::all()
                        .add(role_assignment::Column::Role.is_in(["secretary", "chair"]))
                        .add(role_assignment::Column::BodyId.eq(row.body_id.unwrap_or(-1))),
                ),
        )
        .all(&txn)
        .await?
        .into_iter()
        .map(|r| r.account_id)
        .collect();
    let url = format!("{}/data-requests#request-{}", site.0, row.id);
    let to = account::Entity::find()
        .filter(account::Column::Id.is_in(ids))
        .filter(account::Column::Disabled.eq(false))
        .all(&txn)
        .await?
        .into_iter()
        .map(|a| (a.email, a.locale))
        .collect();
    outbox::notify(
        &txn,
        to,
        |locale| templates::data_request_filed(locale, &acc.name, &url),
        &format!("data-request:{}", row.id),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

async fn views<C: ConnectionTrait>(
    db: &C,
    rows: Vec<data_request::Model>,
) -> Result<Vec<DataRequestView>, ServiceError> {
    let ids = |f: fn(&data_request::Model) -> Option<i64>| -> Vec<i64> {
        rows.iter().filter_map(f).collect()
    };
    let bodies: HashMap<i64, String> = body::Entity::find()
        .filter(body::Column::Id.is_in(ids(|r| r.body_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b.name))
        .collect();
    let members: HashMap<i64, String> = member::Entity::find()
        .filter(member::Column::Id.is_in(ids(|r| r.member_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m.name))
        .collect();
    let accounts: HashMap<i64, account::Model> = account::Entity::find()
        .filter(account::Column::Id.is_in(ids(|r| Some(r.account_id))))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| DataRequestView {
            id: r.id,
            body_name: r.body_id.and_then(|b| bodies.get(&b).cloned()),
            member_name: r.member_id.and_then(|m| members.get(&m).cloned()),
            requester: accounts
                .get(&r.account_id)
                .map(|a| a.name.clone())
                .unwrap_or_default(),
            requester_email: accounts
                .get(&r.account_id)
                .map(|a| a.email.clone())
                .unwrap_or_default(),
            kind: r.kind,
            text: r.text,
            state: r.state,
            created_at: stamp(r.created_at),
            resolved_at: r.resolved_at.map(stamp),
            response: r.response,
        })
        .collect())
}

/// The signed-in person's own requests, newest first.
#[tracing::instrument(skip(db))]
pub async fn mine<C: ConnectionTrait>(
    db: &C,
    account_id: Option<i64>,
) -> Result<Vec<DataRequestView>, ServiceError> {
    let acc = own_account(db, account_id).await?;
    let rows = data_request::Entity::find()
        .filter(data_request::Column::AccountId.eq(acc.id))
        .order_by_desc(data_request::Column::Id)
        .all(db)
        .await?;
    views(db, rows).await
}

/// Whether `who` answers requests about `body_id` (none: the account
/// itself, which only administrators handle).
fn may_answer(who: Option<&Actor>, body_id: Option<i64>) -> bool {
    who.is_some_and(|a| a.admin || body_id.is_some_and(|b| a.manages(b)))
}

/// The requests `who` answers: all for administrators, their bodies' for
/// secretaries and chairs; open ones first, then newest first.
#[tracing::instrument(skip(db))]
pub async fn to_answer<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
) -> Result<Vec<DataRequestView>, ServiceError> {
    let managed = who.is_some_and(|a| {
        a.admin
            || a.grants.iter().any(|g| {
                matches!(
                    g,
                    crate::server::authz::Grant::Chair { .. }
                        | crate::server::authz::Grant::Secretary { .. }
                )
            })
    });
    check(who, managed)?;
    let mut rows: Vec<data_request::Model> = data_request::Entity::find()
        .order_by_desc(data_request::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|r| may_answer(who, r.body_id))
        .collect();
    rows.sort_by_key(|r| r.state != "open");
    views(db, rows).await
}

/// Answers a request: `done` (the change was made) or `refused`, with a
/// response the person reads. A request is answered once.
#[tracing::instrument(skip(db, site, response))]
pub async fn answer(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    id: i64,
    state: &str,
    response: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let Some(r) = data_request::Entity::find_by_id(id).one(&txn).await? else {
        check(who, false)?;
        return Err(ServiceError::NotFound);
    };
    check(who, may_answer(who, r.body_id))?;
    let mut errors = Vec::new();
    if !matches!(state, "done" | "refused") {
        errors.push(FieldError::new("state", "invalid_value"));
    }
    let response = response.trim();
    errors.extend(check_text("response", response, TEXT_MAX));
    if r.state != "open" {
        errors.push(FieldError::new("", "already_answered"));
    }
    if !errors.is_empty() {
        return Err(ServiceError::Form(errors));
    }
    let mut am: data_request::ActiveModel = r.clone().into();
    am.state = Set(state.to_string());
    am.response = Set(Some(response.to_string()));
    am.resolved_at = Set(Some(now));
    am.resolved_by = Set(who.map(|a| a.account_id));
    let after = am.update(&txn).await?;
    audit::record(
        &txn,
        now,
        Change::new(who.map(|a| a.account_id), "data_request", r.id, "answer")
            .before(json!({"state": r.state}))
            .after(json!({"state": after.state})),
    )
    .await?;
    if let Some(requester) = account::Entity::find_by_id(r.account_id)
        .one(&txn)
        .await?
        .filter(|a| !a.disabled)
    {
        let url = format!("{}/account#requests-h", site.0);
        outbox::notify(
            &txn,
            vec![(requester.email, requester.locale)],
            |locale| templates::data_request_answered(locale, &url),
            &format!("data-request-answered:{}", r.id),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
