//! The audit log: every change made through the application, written in the
//! transaction of the change, with the fields that changed before and after.
use crate::domain::accounts::{AuditEntry, AuditFilter, AuditPage};
use crate::server::authz::{check, may, Actor};
use crate::server::error::ServiceError;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use entity::{account, audit_log};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde_json::{Map, Value};

pub const PAGE_SIZE: u64 = 50;

/// One change to record.
#[derive(Debug, Clone)]
pub struct Change {
    pub actor: Option<i64>,
    pub entity: &'static str,
    pub entity_id: String,
    pub action: &'static str,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Change {
    pub fn new(
        actor: Option<i64>,
        entity: &'static str,
        id: impl ToString,
        action: &'static str,
    ) -> Self {
        Self {
            actor,
            entity,
            entity_id: id.to_string(),
            action,
            before: None,
            after: None,
        }
    }

    pub fn before(mut self, v: Value) -> Self {
        self.before = Some(v);
        self
    }

    pub fn after(mut self, v: Value) -> Self {
        self.after = Some(v);
        self
    }

    /// Keeps only the fields whose values differ between before and after.
    pub fn changed(mut self, before: Value, after: Value) -> Self {
        let (b, a) = changed_fields(&before, &after);
        self.before = Some(b);
        self.after = Some(a);
        self
    }
}

/// The fields of two JSON objects that differ, as two objects.
pub fn changed_fields(before: &Value, after: &Value) -> (Value, Value) {
    let (Value::Object(b), Value::Object(a)) = (before, after) else {
        return (before.clone(), after.clone());
    };
    let mut ob = Map::new();
    let mut oa = Map::new();
    for (k, va) in a {
        let vb = b.get(k).unwrap_or(&Value::Null);
        if vb != va {
            ob.insert(k.clone(), vb.clone());
            oa.insert(k.clone(), va.clone());
        }
    }
    for (k, vb) in b {
        if !a.contains_key(k) {
            ob.insert(k.clone(), vb.clone());
            oa.insert(k.clone(), Value::Null);
        }
    }
    (Value::Object(ob), Value::Object(oa))
}

/// Writes the record on `db` (the change's own transaction).
pub async fn record<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    change: Change,
) -> Result<(), ServiceError> {
    audit_log::Entity::insert(audit_log::ActiveModel {
        at: Set(now),
        account_id: Set(change.actor),
        entity: Set(change.entity.to_string()),
        entity_id: Set(change.entity_id),
        action: Set(change.action.to_string()),
        before: Set(change.before.map(|v| v.to_string())),
        after: Set(change.after.map(|v| v.to_string())),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

fn day(s: &Option<String>) -> Result<Option<NaiveDate>, ServiceError> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse()
            .map(Some)
            .map_err(|_| ServiceError::Invalid(format!("not a date: {s}"))),
    }
}

/// A page of the log, newest first, for administrators.
#[tracing::instrument(skip(db))]
pub async fn list<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    filter: &AuditFilter,
) -> Result<AuditPage, ServiceError> {
    check(who, may::administer(who))?;
    let mut q = audit_log::Entity::find();
    let text = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    if let Some(e) = text(&filter.entity) {
        q = q.filter(audit_log::Column::Entity.eq(e));
    }
    if let Some(a) = text(&filter.action) {
        q = q.filter(audit_log::Column::Action.eq(a));
    }
    if let Some(email) = text(&filter.account) {
        let ids: Vec<i64> = account::Entity::find()
            .filter(account::Column::Email.contains(email.to_lowercase()))
            .all(db)
            .await?
            .into_iter()
            .map(|a| a.id)
            .collect();
        q = q.filter(audit_log::Column::AccountId.is_in(ids));
    }
    if let Some(from) = day(&filter.from)? {
        q = q.filter(
            audit_log::Column::At.gte(from.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()),
        );
    }
    if let Some(to) = day(&filter.to)? {
        let end = to
            .succ_opt()
            .unwrap_or(to)
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default()
            .and_utc();
        q = q.filter(audit_log::Column::At.lt(end));
    }
    let total = q.clone().count(db).await?;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = filter.page.clamp(1, pages);
    let rows = q
        .order_by_desc(audit_log::Column::Id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .find_also_related(account::Entity)
        .all(db)
        .await?;
    let entities = audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::Entity)
        .distinct()
        .order_by_asc(audit_log::Column::Entity)
        .into_tuple::<String>()
        .all(db)
        .await?;
    Ok(AuditPage {
        entries: rows
            .into_iter()
            .map(|(r, a)| AuditEntry {
                id: r.id,
                at: r.at.to_rfc3339_opts(SecondsFormat::Secs, true),
                account: a.map(|a| a.email),
                entity: r.entity,
                entity_id: r.entity_id,
                action: r.action,
                before: r.before,
                after: r.after,
            })
            .collect(),
        total,
        page,
        pages,
        entities,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_changed_fields_are_kept() {
        let (b, a) = changed_fields(
            &json!({"name": "A", "locale": "es", "gone": 1}),
            &json!({"name": "B", "locale": "es"}),
        );
        assert_eq!(b, json!({"name": "A", "gone": 1}));
        assert_eq!(a, json!({"name": "B", "gone": null}));
    }
}
