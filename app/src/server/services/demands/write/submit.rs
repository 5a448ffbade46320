//! Submitting a demand: the form, its checks, its choices, and the
//! submission itself (referrals, audit, notices).
use super::*;

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

/// The member a submission is made in the name of.
pub(super) async fn submitter<C: ConnectionTrait>(
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

pub(super) async fn free_key<C: ConnectionTrait>(
    db: &C,
    body_id: i64,
    year: i32,
) -> Result<String, ServiceError> {
    let prefix = format!("{year}-");
    use sea_orm::{PaginatorTrait, QuerySelect};
    let year_of = || {
        demand::Entity::find()
            .filter(demand::Column::BodyId.eq(body_id))
            .filter(demand::Column::Key.starts_with(&prefix))
    };
    // Counting, then probing from the count up, finds the same number as
    // reading the year's keys (the first free one above the count) without
    // reading thousands of them on every submission.
    // The candidates are asked for sixteen at a time, in one query (keys
    // compare as text, so "2026-1000" is not after "2026-999": a list, not
    // a range).
    const PROBE: u64 = 16;
    let mut n = year_of().count(db).await? + 1;
    loop {
        let candidates: Vec<String> = (n..n + PROBE).map(|i| format!("{prefix}{i:03}")).collect();
        let taken: std::collections::HashSet<String> = year_of()
            .select_only()
            .column(demand::Column::Key)
            .filter(demand::Column::Key.is_in(candidates.clone()))
            .into_tuple::<String>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        if let Some(free) = candidates.into_iter().find(|k| !taken.contains(k)) {
            return Ok(free);
        }
        n += PROBE;
    }
}

/// The title, text and topic of a submitted or edited demand.
pub(super) fn check_content(f: &DemandForm) -> (Vec<FieldError>, Option<Topic>) {
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
            // An archived authority receives no new demands.
            Some(a) if a.archived_at.is_some() => {
                errors.push(FieldError::new("authorities", "authority_archived"))
            }
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
    let ids: Vec<i64> = addressed.iter().map(|a| a.id).collect();
    let rules = clock::authorities_of(&txn, &ids).await?;
    let mut referrals = Vec::with_capacity(addressed.len());
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
        referrals.push(r.id);
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
                    &mail_of(&b, &d, a, &link, Some(&d.text)),
                )
            },
            &format!("referral:{}:new", r.id),
            now,
        )
        .await?;
    }
    crate::server::services::metrics::facts::settle(&txn, &referrals).await?;
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
        .filter(authority::Column::ArchivedAt.is_null())
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
