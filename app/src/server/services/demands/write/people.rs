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

/// The authority's officials (enabled accounts) and its contact address.
pub(super) async fn authority_people<C: ConnectionTrait>(
    db: &C,
    a: &authority::Model,
) -> Result<Vec<(String, String)>, ServiceError> {
    let mut to: Vec<(String, String)> = role_accounts(db, &["official"], None, Some(a.id))
        .await?
        .into_iter()
        .map(|x| (x.email, x.locale))
        .collect();
    to.extend(a.email.clone().map(|e| (e, "es".to_string())));
    Ok(to)
}

/// Who is told, in the words of a review step: a group and how many
/// addresses will be written to (the same address twice is one mail, as the
/// outbox sends it).
fn addresses(to: &[(String, String)]) -> usize {
    to.iter()
        .map(|(a, _)| a.trim().to_lowercase())
        .filter(|a| !a.is_empty())
        .collect::<BTreeSet<_>>()
        .len()
}

/// The council's people told (`body_people`).
pub(super) fn told_council(b: &body::Model, to: &[(String, String)]) -> Told {
    Told::Council {
        name: b.name.clone(),
        count: addresses(to),
    }
}

/// An authority's people told (`authority_people`).
pub(super) fn told_authority(a: &authority::Model, to: &[(String, String)]) -> Told {
    Told::Authority {
        name: a.name.clone(),
        count: addresses(to),
    }
}

/// What a notice about `d` names, quoting `quote`.
pub(super) fn mail_of<'a>(
    b: &'a body::Model,
    d: &'a demand::Model,
    a: &'a authority::Model,
    link: &'a str,
    quote: Option<&'a str>,
) -> templates::DemandMail<'a> {
    templates::DemandMail {
        title: &d.title,
        body: &b.name,
        authority: &a.name,
        url: link,
        quote,
        confidential: d.confidential,
    }
}
