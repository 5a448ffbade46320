//! Changing a demand before its first answer (edit, withdraw) and its
//! confidentiality at any time; who may.
use super::*;

/// May `who` edit or withdraw `d` (access.md: own only for
/// representatives; the body's secretaries and chairs; administrators)?
pub(super) fn may_edit(who: Option<&Actor>, d: &demand::Model) -> bool {
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
pub(super) async fn answered<C: ConnectionTrait>(
    db: &C,
    d: &demand::Model,
) -> Result<bool, ServiceError> {
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
pub(super) async fn body_and_demand<C: ConnectionTrait>(
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

pub(super) async fn editable<C: ConnectionTrait>(
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

/// Withdraws a demand before its first answer: its clocks stop, nobody
/// answers it any more, and the officials of every authority addressed
/// are told.
#[tracing::instrument(skip(db, site))]
pub async fn withdraw(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    body_key: &str,
    demand_key: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    withdraw_step(db, who, site, (body_key, demand_key), now, true)
        .await
        .map(drop)
}

/// What [`withdraw`] would do and who it would tell; nothing is written.
#[tracing::instrument(skip(db, site))]
pub async fn review_withdraw(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    body_key: &str,
    demand_key: &str,
    now: DateTime<Utc>,
) -> Result<Review, ServiceError> {
    withdraw_step(db, who, site, (body_key, demand_key), now, false)
        .await
        .map(Option::unwrap_or_default)
}

async fn withdraw_step(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    (body_key, demand_key): (&str, &str),
    now: DateTime<Utc>,
    publish: bool,
) -> Result<Option<Review>, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let (b, d) = editable(&txn, who, body_key, demand_key).await?;
    let referrals = referral::Entity::find()
        .filter(referral::Column::DemandId.eq(d.id))
        .all(&txn)
        .await?;
    let mut addressed = authority::Entity::find()
        .filter(authority::Column::Id.is_in(referrals.iter().map(|r| r.authority_id)))
        .all(&txn)
        .await?;
    addressed.sort_by(|x, y| x.name.cmp(&y.name));
    let mut told = Vec::new();
    for a in &addressed {
        let to = authority_people(&txn, a).await?;
        told.push((a, to));
    }
    if !publish {
        return Ok(Some(Review {
            html: None,
            public: !d.confidential,
            told: told.iter().map(|(a, to)| told_authority(a, to)).collect(),
        }));
    }
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
    let link = url(site, &b, &d);
    for (a, to) in told {
        outbox::notify(
            &txn,
            to,
            |locale| {
                templates::demand_notice(
                    locale,
                    templates::DemandNotice::Withdrawn,
                    &mail_of(&b, &d, a, &link, None),
                )
            },
            &format!("withdrawn:{}:{}", d.id, a.id),
            now,
        )
        .await?;
    }
    let ids: Vec<i64> = referrals.iter().map(|r| r.id).collect();
    crate::server::services::metrics::facts::settle(&txn, &ids).await?;
    txn.commit().await?;
    Ok(None)
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
