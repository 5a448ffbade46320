//! A referral's thread: officials acknowledge, ask for a clarification and
//! answer; the body clarifies and gives its verdict. Append-only.
use super::*;

/// The demand, its body and one of its referrals (by authority key).
pub(super) async fn thread<C: ConnectionTrait>(
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

/// [`thread`], refused like a missing right when it is not there (401
/// without a session), so a refusal does not tell whether it exists.
async fn thread_for<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    (body_key, demand_key, authority_key): (&str, &str, &str),
) -> Result<
    (
        body::Model,
        demand::Model,
        referral::Model,
        authority::Model,
    ),
    ServiceError,
> {
    match thread(db, body_key, demand_key, authority_key).await {
        Ok(x) => Ok(x),
        Err(e) => {
            check(who, false)?;
            Err(e)
        }
    }
}

/// Adds an event to a referral's thread: officials acknowledge, ask for a
/// clarification and answer; the body provides the clarification.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip(db, site, text))]
pub async fn add_event(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    keys: (&str, &str, &str),
    kind: &str,
    text: &str,
    evidence_url: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    event(db, who, site, keys, (kind, text, evidence_url), now, true)
        .await
        .map(drop)
}

/// What [`add_event`] would publish and who it would tell, checked exactly
/// as it would be, with nothing written: the review step.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(skip(db, site, text))]
pub async fn review_event(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    keys: (&str, &str, &str),
    kind: &str,
    text: &str,
    evidence_url: &str,
    now: DateTime<Utc>,
) -> Result<Review, ServiceError> {
    event(db, who, site, keys, (kind, text, evidence_url), now, false)
        .await
        .map(Option::unwrap_or_default)
}

/// The event written (`publish`), or its review (`Some`) with nothing
/// written: one path, so the review shows what would really happen.
async fn event(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    keys: (&str, &str, &str),
    (kind, text, evidence_url): (&str, &str, &str),
    now: DateTime<Utc>,
    publish: bool,
) -> Result<Option<Review>, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let (b, d, r, a) = thread_for(&txn, who, keys).await?;
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
    // Only `r`'s clock is asked: its authority's holidays are all it needs.
    let authorities = clock::authorities_of(&txn, &[r.authority_id]).await?;
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
            true,
        )),
        k if k.is_substantive() => Some((
            templates::DemandNotice::Answered,
            body_people(&txn, &b, &d).await?,
            true,
        )),
        EventKind::ClarificationProvided => Some((
            if pausing {
                templates::DemandNotice::Clarified
            } else {
                templates::DemandNotice::LateClarified
            },
            authority_people(&txn, &a).await?,
            false,
        )),
        _ => None,
    };
    if !publish {
        return Ok(Some(Review {
            html: (!text.trim().is_empty()).then(|| markdown::to_html(text)),
            public: !d.confidential,
            told: notice
                .into_iter()
                .map(|(_, to, council)| {
                    if council {
                        told_council(&b, &to)
                    } else {
                        told_authority(&a, &to)
                    }
                })
                .collect(),
        }));
    }
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
    if let Some((what, to, _)) = notice {
        outbox::notify(
            &txn,
            to,
            |locale| {
                templates::demand_notice(locale, what, &mail_of(&b, &d, &a, &link, Some(text)))
            },
            &format!("event:{}", e.id),
            now,
        )
        .await?;
    }
    crate::server::services::metrics::facts::settle(&txn, &[r.id]).await?;
    txn.commit().await?;
    Ok(None)
}

/// The body's verdict on an answered referral (append-only). An
/// "unsatisfied" verdict on a claim of implementation contests it: the
/// authority is told.
#[tracing::instrument(skip(db, site, note))]
pub async fn add_verdict(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    keys: (&str, &str, &str),
    verdict: &str,
    note: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    verdict_step(db, who, site, keys, (verdict, note), now, true)
        .await
        .map(drop)
}

/// What [`add_verdict`] would publish and who it would tell; nothing is
/// written.
#[tracing::instrument(skip(db, site, note))]
pub async fn review_verdict(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    keys: (&str, &str, &str),
    verdict: &str,
    note: &str,
    now: DateTime<Utc>,
) -> Result<Review, ServiceError> {
    verdict_step(db, who, site, keys, (verdict, note), now, false)
        .await
        .map(Option::unwrap_or_default)
}

async fn verdict_step(
    db: &DatabaseConnection,
    who: Option<&Actor>,
    site: &SiteUrl,
    keys: (&str, &str, &str),
    (verdict, note): (&str, &str),
    now: DateTime<Utc>,
    publish: bool,
) -> Result<Option<Review>, ServiceError> {
    let txn = crate::server::db::begin_write(db).await?;
    let (b, d, r, a) = thread_for(&txn, who, keys).await?;
    check(who, may::respond_as_body(who, b.id))?;
    crate::server::db::lock_row(&txn, "referrals", r.id).await?;
    if d.withdrawn_at.is_some() {
        return Err(ServiceError::field("", "demand_withdrawn"));
    }
    let verdict: Verdict = verdict
        .parse()
        .map_err(|_| ServiceError::field("verdict", "invalid_value"))?;
    let mut events = referral_event::Entity::find()
        .filter(referral_event::Column::ReferralId.eq(r.id))
        .all(&txn)
        .await?;
    events.sort_by_key(|e| (e.at, e.seq));
    // The status the verdict is given on: the latest substantive event.
    let latest = events
        .iter()
        .filter_map(|e| e.kind.parse::<EventKind>().ok())
        .rfind(|k| k.is_substantive());
    let Some(latest) = latest else {
        return Err(ServiceError::field("verdict", "not_answered"));
    };
    let note = note.trim();
    if note.chars().count() > TEXT_MAX {
        return Err(ServiceError::field("note", "too_long"));
    }
    let contests = latest == EventKind::Implemented && verdict == Verdict::Unsatisfied;
    let to = if contests {
        authority_people(&txn, &a).await?
    } else {
        Vec::new()
    };
    if !publish {
        return Ok(Some(Review {
            html: (!note.is_empty()).then(|| markdown::to_html(note)),
            public: !d.confidential,
            told: if contests {
                vec![told_authority(&a, &to)]
            } else {
                Vec::new()
            },
        }));
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
    if contests {
        let link = url(site, &b, &d);
        outbox::notify(
            &txn,
            to,
            |locale| {
                templates::demand_notice(
                    locale,
                    templates::DemandNotice::Contested,
                    &mail_of(&b, &d, &a, &link, Some(note)),
                )
            },
            &format!("verdict:{}", v.id),
            now,
        )
        .await?;
    }
    crate::server::services::metrics::facts::settle(&txn, &[r.id]).await?;
    txn.commit().await?;
    Ok(None)
}
