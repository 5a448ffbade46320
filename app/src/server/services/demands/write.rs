//! Writing demands and their threads: a representative (or the body's
//! secretary, chair, an administrator) submits a demand to one or more
//! authorities; officials acknowledge, ask for a clarification and answer;
//! the body clarifies and gives its verdict. Events and verdicts are
//! append-only. Each change is audited and notifies by mail, in the same
//! transaction, through the outbox.
use super::clock;
use crate::domain::enums::{EventKind, Topic, Verdict};
use crate::domain::forms::FieldError;
use crate::server::authz::{check, may, Actor, Grant};
use crate::server::error::ServiceError;
use crate::server::services::accounts::{check_text, SiteUrl};
use crate::server::services::audit::{self, Change};
use crate::server::services::mail::outbox;
use crate::server::services::mail::templates;
use crate::server::time;
use chrono::{DateTime, Utc};
use entity::{
    account, assessment, authority, body, demand, meeting, member, referral, referral_event,
    role_assignment,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};

/// The submission form (`authorities`: repeated checkboxes).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct DemandForm {
    pub title: String,
    pub text: String,
    pub topic: String,
    /// Authority keys.
    pub authorities: Vec<String>,
    /// Meeting key, or empty.
    pub meeting: String,
    #[serde(deserialize_with = "crate::domain::forms::checkbox")]
    pub confidential: bool,
    /// Member key; only asked of those without a seat of their own.
    pub submitted_by: String,
}

const TEXT_MAX: usize = 50_000;

fn url(site: &SiteUrl, b: &body::Model, d: &demand::Model) -> String {
    format!(
        "{}/bodies/{}/demands/{}",
        site.0,
        crate::domain::url::encode_component(&b.key),
        crate::domain::url::encode_component(&d.key)
    )
}

/// Accounts (enabled) holding `role` for the body or the authority.
async fn role_accounts<C: ConnectionTrait>(
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
async fn body_people<C: ConnectionTrait>(
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

/// The member a submission is made in the name of.
async fn submitter<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    b: &body::Model,
    chosen: &str,
    now: DateTime<Utc>,
) -> Result<member::Model, ServiceError> {
    let own = who.and_then(|a| {
        a.grants.iter().find_map(|g| match g {
            Grant::Representative { body, member } if *body == b.id => Some(*member),
            _ => None,
        })
    });
    let today = time::local_date(now, time::zone(&b.timezone));
    let found = match own {
        Some(id) => member::Entity::find_by_id(id).one(db).await?,
        None => {
            member::Entity::find()
                .filter(member::Column::BodyId.eq(b.id))
                .filter(member::Column::Key.eq(chosen.trim()))
                .one(db)
                .await?
        }
    };
    found
        .filter(|m| {
            crate::domain::metrics::members::is_active(
                m.term_start,
                m.term_end,
                m.withdrawn_on,
                today,
            )
        })
        .ok_or_else(|| {
            ServiceError::field(
                "submitted_by",
                if chosen.trim().is_empty() {
                    "required"
                } else {
                    "unknown_member"
                },
            )
        })
}

async fn free_key<C: ConnectionTrait>(
    db: &C,
    body_id: i64,
    year: i32,
) -> Result<String, ServiceError> {
    let prefix = format!("{year}-");
    let taken: BTreeSet<String> = demand::Entity::find()
        .filter(demand::Column::BodyId.eq(body_id))
        .filter(demand::Column::Key.starts_with(&prefix))
        .all(db)
        .await?
        .into_iter()
        .map(|d| d.key)
        .collect();
    let n = (taken.len() + 1..)
        .find(|n| !taken.contains(&format!("{prefix}{n:03}")))
        .unwrap_or(1);
    Ok(format!("{prefix}{n:03}"))
}

/// The title, text and topic of a submitted or edited demand.
fn check_content(f: &DemandForm) -> (Vec<FieldError>, Option<Topic>) {
    let mut errors = Vec::new();
    if let Some(e) = check_text("title", f.title.trim(), 300) {
        errors.push(e);
    }
    if f.text.trim().is_empty() {
        errors.push(FieldError::new("text", "required"));
    } else if f.text.chars().count() > TEXT_MAX {
        errors.push(FieldError::new("text", "too_long"));
    }
    let topic = f.topic.parse::<Topic>().ok();
    if topic.is_none() {
        errors.push(FieldError::new("topic", "invalid_value"));
    }
    (errors, topic)
}

/// Submits a demand; returns its key.
#[tracing::instrument(skip(db, site, f))]
pub async fn submit(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    body_key: &str,
    f: &DemandForm,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let b = crate::server::services::bodies::find_by_key(&txn, body_key).await?;
    let Some(b) = b else {
        check(who, false)?;
        return Err(ServiceError::NotFound);
    };
    check(who, may::submit_demand(who, b.id))?;
    let (mut errors, topic) = check_content(f);
    let all = authority::Entity::find().all(&txn).await?;
    let mut addressed: Vec<authority::Model> = Vec::new();
    for k in &f.authorities {
        match all.iter().find(|a| a.key == *k) {
            Some(a) if !addressed.iter().any(|x| x.id == a.id) => addressed.push(a.clone()),
            Some(_) => {}
            None => errors.push(FieldError::new("authorities", "unknown_authority")),
        }
    }
    if addressed.is_empty() && errors.iter().all(|e| e.field != "authorities") {
        errors.push(FieldError::new("authorities", "required"));
    }
    let meeting = match f.meeting.trim() {
        "" => None,
        k => match meeting::Entity::find()
            .filter(meeting::Column::BodyId.eq(b.id))
            .filter(meeting::Column::Key.eq(k))
            .one(&txn)
            .await?
        {
            Some(m) => Some(m),
            None => {
                errors.push(FieldError::new("meeting", "invalid_value"));
                None
            }
        },
    };
    let by = match submitter(&txn, who, &b, &f.submitted_by, now).await {
        Ok(m) => Some(m),
        Err(ServiceError::Form(e)) => {
            errors.extend(e);
            None
        }
        Err(e) => return Err(e),
    };
    let (Some(topic), Some(by), true) = (topic, by, errors.is_empty()) else {
        return Err(ServiceError::Form(errors));
    };
    let year = now
        .with_timezone(&time::zone(&b.timezone))
        .format("%Y")
        .to_string();
    let key = free_key(&txn, b.id, year.parse().unwrap_or(2026)).await?;
    let d = demand::ActiveModel {
        body_id: Set(b.id),
        key: Set(key.clone()),
        title: Set(f.title.trim().to_string()),
        text: Set(f.text.trim_end().to_string()),
        topic: Set(topic.as_str().to_string()),
        submitted_by: Set(by.id),
        meeting_id: Set(meeting.as_ref().map(|m| m.id)),
        submitted_at: Set(now),
        confidential: Set(f.confidential),
        withdrawn_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let names: Vec<&str> = addressed.iter().map(|a| a.key.as_str()).collect();
    audit::record(
        &txn,
        now,
        Change::new(who.map(|a| a.account_id), "demand", d.id, "create").after(json!({
            "key": d.key, "title": d.title, "topic": d.topic, "submitted_by": by.key,
            "meeting": meeting.as_ref().map(|m| m.key.clone()), "confidential": d.confidential,
            "authorities": names,
        })),
    )
    .await?;
    let link = url(site, &b, &d);
    // Each base deadline is recorded now, from the rules in force now: a
    // later change of response days, day kind or holidays never rewrites
    // it (metrics.md, 2026-12).
    let rules = clock::authorities(&txn).await?;
    for a in &addressed {
        let r = referral::ActiveModel {
            demand_id: Set(d.id),
            authority_id: Set(a.id),
            due_at: Set(Some(clock::base_deadline(
                &b,
                &rules,
                a.id,
                d.submitted_at,
                None,
            ))),
            body_id: Set(Some(d.body_id)),
            submitted_at: Set(Some(d.submitted_at)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let mut to: Vec<(String, String)> = role_accounts(&txn, &["official"], None, Some(a.id))
            .await?
            .into_iter()
            .map(|x| (x.email, x.locale))
            .collect();
        if let Some(e) = &a.email {
            to.push((e.clone(), "es".into()));
        }
        // Confidential text stays on the site, behind sign-in.
        outbox::notify(
            &txn,
            to,
            |locale| {
                templates::demand_notice(
                    locale,
                    templates::DemandNotice::NewReferral,
                    &d.title,
                    &b.name,
                    &a.name,
                    &link,
                )
            },
            &format!("referral:{}:new", r.id),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(key)
}

/// The submission form's choices; refused (401/403) to those who may not
/// submit for the body.
#[tracing::instrument(skip(db))]
pub async fn form_options<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    body_key: &str,
    now: DateTime<Utc>,
) -> Result<crate::domain::demands::DemandFormOptions, ServiceError> {
    let Some(b) = crate::server::services::bodies::find_by_key(db, body_key).await? else {
        check(who, false)?;
        return Err(ServiceError::NotFound);
    };
    check(who, may::submit_demand(who, b.id))?;
    let mut authorities: Vec<(String, String)> = authority::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.key, a.name))
        .collect();
    authorities.sort_by(|x, y| x.1.cmp(&y.1));
    let meetings = meeting::Entity::find()
        .filter(meeting::Column::BodyId.eq(b.id))
        .filter(meeting::Column::StartsAt.lte(now))
        .order_by_desc(meeting::Column::StartsAt)
        .all(db)
        .await?
        .into_iter()
        .take(24)
        .map(|m| (m.key, m.title))
        .collect();
    let own_seat = who.is_some_and(|a| {
        a.grants
            .iter()
            .any(|g| matches!(g, Grant::Representative { body, .. } if *body == b.id))
    });
    let members = if own_seat {
        None
    } else {
        let today = time::local_date(now, time::zone(&b.timezone));
        Some(
            member::Entity::find()
                .filter(member::Column::BodyId.eq(b.id))
                .order_by_asc(member::Column::Name)
                .all(db)
                .await?
                .into_iter()
                .filter(|m| {
                    crate::domain::metrics::members::is_active(
                        m.term_start,
                        m.term_end,
                        m.withdrawn_on,
                        today,
                    )
                })
                .map(|m| (m.key, m.name))
                .collect(),
        )
    };
    Ok(crate::domain::demands::DemandFormOptions {
        body_name: b.name,
        authorities,
        meetings,
        members,
    })
}

/// The demand, its body and one of its referrals (by authority key).
async fn thread<C: ConnectionTrait>(
    db: &C,
    body_key: &str,
    demand_key: &str,
    authority_key: &str,
) -> Result<
    (
        body::Model,
        demand::Model,
        referral::Model,
        authority::Model,
    ),
    ServiceError,
> {
    let b = crate::server::services::bodies::find_by_key(db, body_key)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let d = demand::Entity::find()
        .filter(demand::Column::BodyId.eq(b.id))
        .filter(demand::Column::Key.eq(demand_key))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let a = authority::Entity::find()
        .filter(authority::Column::Key.eq(authority_key))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let r = referral::Entity::find()
        .filter(referral::Column::DemandId.eq(d.id))
        .filter(referral::Column::AuthorityId.eq(a.id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok((b, d, r, a))
}

/// Adds an event to a referral's thread: officials acknowledge, ask for a
/// clarification and answer; the body provides the clarification.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip(db, site, text))]
pub async fn add_event(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    (body_key, demand_key, authority_key): (&str, &str, &str),
    kind: &str,
    text: &str,
    evidence_url: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let found = thread(&txn, body_key, demand_key, authority_key).await;
    let (b, d, r, a) = match found {
        Ok(x) => x,
        Err(e) => {
            check(who, false)?;
            return Err(e);
        }
    };
    // One writer per referral thread at a time (its `seq` and the open
    // clarification are read below).
    crate::server::db::lock_row(&txn, "referrals", r.id).await?;
    let kind: EventKind = match kind.parse() {
        Ok(k) => k,
        Err(_) => {
            check(
                who,
                may::answer_referral(who, a.id) || may::respond_as_body(who, b.id),
            )?;
            return Err(ServiceError::field("kind", "invalid_value"));
        }
    };
    let by_body = kind == EventKind::ClarificationProvided;
    check(
        who,
        if by_body {
            may::respond_as_body(who, b.id)
        } else {
            may::answer_referral(who, a.id)
        },
    )?;
    if d.withdrawn_at.is_some() {
        return Err(ServiceError::field("", "demand_withdrawn"));
    }
    let mut errors = Vec::new();
    let text = text.trim_end();
    if kind != EventKind::Acknowledged && text.trim().is_empty() {
        errors.push(FieldError::new("text", "required"));
    }
    if text.chars().count() > TEXT_MAX {
        errors.push(FieldError::new("text", "too_long"));
    }
    let evidence = evidence_url.trim();
    if !evidence.is_empty()
        && (!kind.is_substantive()
            || !(evidence.starts_with("https://") || evidence.starts_with("http://"))
            || evidence.len() > 2000)
    {
        errors.push(FieldError::new("evidence_url", "invalid_url"));
    }
    // The clock decides whether a clarification is open.
    let bodies = HashMap::from([(b.id, b.clone())]);
    let authorities = clock::authorities(&txn).await?;
    // A request asked after the deadline stops no clock but still waits
    // for the body's reply.
    let loaded = clock::load(&txn, std::slice::from_ref(&d), &bodies, &authorities)
        .await?
        .into_iter()
        .find(|l| l.referral.id == r.id);
    let open = loaded
        .as_ref()
        .is_some_and(|l| l.clock.clarification_open(now));
    if kind == EventKind::ClarificationProvided && !open {
        errors.push(FieldError::new("kind", "no_open_clarification"));
    }
    if kind == EventKind::ClarificationRequested && open {
        errors.push(FieldError::new("kind", "clarification_open"));
    }
    if !errors.is_empty() {
        return Err(ServiceError::Form(errors));
    }
    let last = referral_event::Entity::find()
        .filter(referral_event::Column::ReferralId.eq(r.id))
        .order_by_desc(referral_event::Column::Seq)
        .one(&txn)
        .await?;
    // Append-only and in time order: never before the last event.
    let at = last.as_ref().map_or(now, |e| e.at.max(now));
    let e = referral_event::ActiveModel {
        referral_id: Set(r.id),
        seq: Set(last.map_or(0, |e| e.seq + 1)),
        at: Set(at),
        kind: Set(kind.as_str().to_string()),
        text: Set(text.to_string()),
        evidence_url: Set((!evidence.is_empty()).then(|| evidence.to_string())),
        author_account_id: Set(who.map(|a| a.account_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        now,
        Change::new(who.map(|a| a.account_id), "referral_event", e.id, "create").after(json!({
            "demand": d.key, "authority": a.key, "kind": e.kind, "at": e.at, "evidence_url": e.evidence_url,
        })),
    )
    .await?;
    let link = url(site, &b, &d);
    // Did the new event stop the clock (or end a pause)?
    let pausing = loaded.map(|mut l| {
        l.clock.events.push((at, kind));
        l.clock.clarifications(at).last().is_some_and(|c| c.pauses)
    });
    let pausing = pausing.unwrap_or(true);
    let notice = match kind {
        EventKind::ClarificationRequested => Some((
            if pausing {
                templates::DemandNotice::ClarificationRequested
            } else {
                templates::DemandNotice::LateClarificationRequested
            },
            body_people(&txn, &b, &d).await?,
        )),
        k if k.is_substantive() => Some((
            templates::DemandNotice::Answered,
            body_people(&txn, &b, &d).await?,
        )),
        EventKind::ClarificationProvided => {
            let mut to: Vec<(String, String)> =
                role_accounts(&txn, &["official"], None, Some(a.id))
                    .await?
                    .into_iter()
                    .map(|x| (x.email, x.locale))
                    .collect();
            to.extend(a.email.clone().map(|e| (e, "es".to_string())));
            Some((
                if pausing {
                    templates::DemandNotice::Clarified
                } else {
                    templates::DemandNotice::LateClarified
                },
                to,
            ))
        }
        _ => None,
    };
    if let Some((what, to)) = notice {
        outbox::notify(
            &txn,
            to,
            |locale| templates::demand_notice(locale, what, &d.title, &b.name, &a.name, &link),
            &format!("event:{}", e.id),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The body's verdict on an answered referral (append-only).
#[tracing::instrument(skip(db, note))]
pub async fn add_verdict(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    (body_key, demand_key, authority_key): (&str, &str, &str),
    verdict: &str,
    note: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let (b, d, r, a) = match thread(&txn, body_key, demand_key, authority_key).await {
        Ok(x) => x,
        Err(e) => {
            check(who, false)?;
            return Err(e);
        }
    };
    check(who, may::respond_as_body(who, b.id))?;
    crate::server::db::lock_row(&txn, "referrals", r.id).await?;
    let verdict: Verdict = verdict
        .parse()
        .map_err(|_| ServiceError::field("verdict", "invalid_value"))?;
    let answered = referral_event::Entity::find()
        .filter(referral_event::Column::ReferralId.eq(r.id))
        .all(&txn)
        .await?
        .iter()
        .any(|e| {
            e.kind
                .parse::<EventKind>()
                .is_ok_and(|k| k.is_substantive())
        });
    if !answered {
        return Err(ServiceError::field("verdict", "not_answered"));
    }
    let note = note.trim();
    if note.chars().count() > TEXT_MAX {
        return Err(ServiceError::field("note", "too_long"));
    }
    let last = assessment::Entity::find()
        .filter(assessment::Column::ReferralId.eq(r.id))
        .order_by_desc(assessment::Column::Seq)
        .one(&txn)
        .await?;
    let v = assessment::ActiveModel {
        referral_id: Set(r.id),
        seq: Set(last.as_ref().map_or(0, |x| x.seq + 1)),
        at: Set(last.map_or(now, |x| x.at.max(now))),
        verdict: Set(verdict.as_str().to_string()),
        note: Set((!note.is_empty()).then(|| note.to_string())),
        author_account_id: Set(who.map(|x| x.account_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        now,
        Change::new(who.map(|x| x.account_id), "assessment", v.id, "create").after(json!({
            "demand": d.key, "authority": a.key, "verdict": v.verdict, "at": v.at,
        })),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// May `who` edit or withdraw `d` (access.md: own only for
/// representatives; the body's secretaries and chairs; administrators)?
fn may_edit(who: Option<&Actor>, d: &demand::Model) -> bool {
    let own = who.is_some_and(|a| {
        a.grants.iter().any(|g| {
            matches!(g, Grant::Representative { body, member } if *body == d.body_id && *member == d.submitted_by)
        })
    });
    may::edit_demand(
        who,
        &crate::server::authz::DemandRef {
            body_id: d.body_id,
            submitted_by: if own { who.map(|a| a.account_id) } else { None },
            addressed_to: &[],
        },
    )
}

/// Whether any referral of the demand has an answer (then it is frozen).
async fn answered<C: ConnectionTrait>(db: &C, d: &demand::Model) -> Result<bool, ServiceError> {
    let ids: Vec<i64> = referral::Entity::find()
        .filter(referral::Column::DemandId.eq(d.id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    Ok(referral_event::Entity::find()
        .filter(referral_event::Column::ReferralId.is_in(ids))
        .all(db)
        .await?
        .iter()
        .any(|e| {
            e.kind
                .parse::<EventKind>()
                .is_ok_and(|k| k.is_substantive())
        }))
}

/// A demand by its body's key and its own. An unknown one is refused like a
/// missing right (401 without a session, 403 with one), so a refusal does
/// not tell whether the demand exists.
async fn body_and_demand<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    body_key: &str,
    demand_key: &str,
) -> Result<(body::Model, demand::Model), ServiceError> {
    let b = crate::server::services::bodies::find_by_key(db, body_key).await?;
    let d = match &b {
        Some(b) => {
            demand::Entity::find()
                .filter(demand::Column::BodyId.eq(b.id))
                .filter(demand::Column::Key.eq(demand_key))
                .one(db)
                .await?
        }
        None => None,
    };
    let (Some(b), Some(d)) = (b, d) else {
        check(who, false)?;
        return Err(ServiceError::NotFound);
    };
    Ok((b, d))
}

async fn editable<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    body_key: &str,
    demand_key: &str,
) -> Result<(body::Model, demand::Model), ServiceError> {
    let (b, d) = body_and_demand(db, who, body_key, demand_key).await?;
    check(who, may_edit(who, &d))?;
    if d.withdrawn_at.is_some() {
        return Err(ServiceError::field("", "demand_withdrawn"));
    }
    if answered(db, &d).await? {
        return Err(ServiceError::field("", "demand_frozen"));
    }
    Ok((b, d))
}

/// The edit form's values, for those who may still edit.
#[tracing::instrument(skip(db))]
pub async fn edit_values<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    body_key: &str,
    demand_key: &str,
) -> Result<std::collections::BTreeMap<String, String>, ServiceError> {
    let (_, d) = editable(db, who, body_key, demand_key).await?;
    let meeting = match d.meeting_id {
        Some(id) => meeting::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|m| m.key),
        None => None,
    };
    Ok(std::collections::BTreeMap::from([
        ("title".to_string(), d.title),
        ("text".to_string(), d.text),
        ("topic".to_string(), d.topic),
        ("meeting".to_string(), meeting.unwrap_or_default()),
        (
            "confidential".to_string(),
            if d.confidential {
                "true".into()
            } else {
                String::new()
            },
        ),
    ]))
}

/// Edits a demand before its first answer: title, text, topic, meeting and
/// confidentiality (the authorities addressed stay).
#[tracing::instrument(skip(db, f))]
pub async fn edit(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    body_key: &str,
    demand_key: &str,
    f: &DemandForm,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let (b, d) = editable(&txn, who, body_key, demand_key).await?;
    let (mut errors, topic) = check_content(f);
    let meeting = match f.meeting.trim() {
        "" => None,
        k => {
            let m = meeting::Entity::find()
                .filter(meeting::Column::BodyId.eq(b.id))
                .filter(meeting::Column::Key.eq(k))
                .one(&txn)
                .await?;
            if m.is_none() {
                errors.push(FieldError::new("meeting", "invalid_value"));
            }
            m
        }
    };
    let (Some(topic), true) = (topic, errors.is_empty()) else {
        return Err(ServiceError::Form(errors));
    };
    let before = json!({"title": d.title, "text": d.text, "topic": d.topic, "meeting_id": d.meeting_id, "confidential": d.confidential});
    let mut am: demand::ActiveModel = d.clone().into();
    am.title = Set(f.title.trim().to_string());
    am.text = Set(f.text.trim_end().to_string());
    am.topic = Set(topic.as_str().to_string());
    am.meeting_id = Set(meeting.map(|m| m.id));
    am.confidential = Set(f.confidential);
    let after = am.update(&txn).await?;
    audit::record(
        &txn,
        now,
        Change::new(who.map(|a| a.account_id), "demand", after.id, "update").changed(
            before,
            json!({"title": after.title, "text": after.text, "topic": after.topic, "meeting_id": after.meeting_id, "confidential": after.confidential}),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Withdraws a demand before its first answer.
#[tracing::instrument(skip(db))]
pub async fn withdraw(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    body_key: &str,
    demand_key: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let (_, d) = editable(&txn, who, body_key, demand_key).await?;
    let mut am: demand::ActiveModel = d.clone().into();
    am.withdrawn_at = Set(Some(now));
    let after = am.update(&txn).await?;
    audit::record(
        &txn,
        now,
        Change::new(who.map(|a| a.account_id), "demand", after.id, "withdraw")
            .before(json!({"withdrawn_at": null}))
            .after(json!({"withdrawn_at": after.withdrawn_at})),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether the page should offer editing and withdrawing to `who`.
pub async fn can_edit<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    d: &demand::Model,
) -> Result<bool, ServiceError> {
    Ok(d.withdrawn_at.is_none() && may_edit(who, d) && !answered(db, d).await?)
}

/// The body makes its demand confidential (at any time: the text and the
/// whole thread leave public view at once) or, with `confirmed`, public
/// again (everything written in its thread becomes readable by anyone, so
/// the form asks first). Audited; the figures do not change.
#[tracing::instrument(skip(db))]
pub async fn set_confidential(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    body_key: &str,
    demand_key: &str,
    confidential: bool,
    confirmed: bool,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let (b, d) = body_and_demand(&txn, who, body_key, demand_key).await?;
    check(who, may::respond_as_body(who, b.id))?;
    if d.confidential == confidential {
        return Ok(());
    }
    if !confidential && !confirmed {
        return Err(ServiceError::field("confirm", "confirm_public"));
    }
    let mut am: demand::ActiveModel = d.clone().into();
    am.confidential = Set(confidential);
    let after = am.update(&txn).await?;
    audit::record(
        &txn,
        now,
        Change::new(
            who.map(|a| a.account_id),
            "demand",
            after.id,
            "confidentiality",
        )
        .before(json!({"confidential": d.confidential}))
        .after(json!({"confidential": after.confidential})),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
