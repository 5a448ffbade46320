//! Who a demand's changes concern, and the link mails carry: the body's
//! secretaries and chairs, the submitting member, the officials of an
//! authority.
use super::*;

pub(super) const TEXT_MAX: usize = 50_000;

pub(super) fn url(site: &SiteUrl, b: &body::Model, d: &demand::Model) -> String {
    format!(
        "{}/bodies/{}/demands/{}",
        site.0,
        crate::domain::url::encode_component(&b.key),
        crate::domain::url::encode_component(&d.key)
    )
}

/// Accounts (enabled) holding `role` for the body or the authority.
pub(super) async fn role_accounts<C: ConnectionTrait>(
    db: &C,
    roles: &[&str],
    body_id: Option<i64>,
    authority_id: Option<i64>,
) -> Result<Vec<account::Model>, ServiceError> {
    let mut q =
        role_assignment::Entity::find().filter(role_assignment::Column::Role.is_in(roles.to_vec()));
    if let Some(b) = body_id {
        q = q.filter(role_assignment::Column::BodyId.eq(b));
    }
    if let Some(a) = authority_id {
        q = q.filter(role_assignment::Column::AuthorityId.eq(a));
    }
    let ids: Vec<i64> = q.all(db).await?.into_iter().map(|r| r.account_id).collect();
    Ok(account::Entity::find()
        .filter(account::Column::Id.is_in(ids))
        .filter(account::Column::Disabled.eq(false))
        .all(db)
        .await?)
}

/// The body's secretaries and chairs, and the submitting member.
pub(super) async fn body_people<C: ConnectionTrait>(
    db: &C,
    b: &body::Model,
    d: &demand::Model,
) -> Result<Vec<(String, String)>, ServiceError> {
    let mut to: Vec<(String, String)> =
        role_accounts(db, &["secretary", "chair"], Some(b.id), None)
            .await?
            .into_iter()
            .map(|a| (a.email, a.locale))
            .collect();
    if let Some(m) = member::Entity::find_by_id(d.submitted_by).one(db).await? {
        if let Some(e) = m.email {
            to.push((e, "es".into()));
        }
    }
    // The submitter's own account, when the seat is linked to one.
    let linked: Vec<i64> = role_assignment::Entity::find()
        .filter(role_assignment::Column::MemberId.eq(d.submitted_by))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.account_id)
        .collect();
    for a in account::Entity::find()
        .filter(account::Column::Id.is_in(linked))
        .filter(account::Column::Disabled.eq(false))
        .all(db)
        .await?
    {
        to.push((a.email, a.locale));
    }
    Ok(to)
}
