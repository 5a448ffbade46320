//! Periodic reminders, queued through the outbox. Each reminder has a
//! dedupe key, so running the job again (after a restart, or on several
//! instances at once) never queues it twice.
use crate::server::error::ServiceError;
use crate::server::services::mail::{outbox, templates::escape};
use crate::server::time;
use chrono::{DateTime, Duration, Utc};
use entity::{account, body, member, role_assignment};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Days before a term ends when the body's secretaries are told.
pub const TERM_NOTICE_DAYS: i64 = 30;

/// Queues, for every seat whose term ends within `TERM_NOTICE_DAYS` days
/// (in the body's calendar), one mail to each secretary of the body with an
/// account. Returns how many mails were queued now.
#[tracing::instrument(skip(db))]
pub async fn term_endings<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let mut queued = 0;
    for b in body::Entity::find().all(db).await? {
        let today = time::local_date(now, time::zone(&b.timezone));
        let horizon = today + Duration::days(TERM_NOTICE_DAYS);
        let ending: Vec<member::Model> = member::Entity::find()
            .filter(member::Column::BodyId.eq(b.id))
            .filter(member::Column::TermEnd.gt(today))
            .filter(member::Column::TermEnd.lte(horizon))
            .filter(member::Column::WithdrawnOn.is_null())
            .all(db)
            .await?;
        if ending.is_empty() {
            continue;
        }
        let secretaries: Vec<i64> = role_assignment::Entity::find()
            .filter(role_assignment::Column::BodyId.eq(b.id))
            .filter(role_assignment::Column::Role.eq("secretary"))
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.account_id)
            .collect();
        let recipients = account::Entity::find()
            .filter(account::Column::Id.is_in(secretaries))
            .filter(account::Column::Disabled.eq(false))
            .all(db)
            .await?;
        for m in &ending {
            let Some(end) = m.term_end else { continue };
            for r in &recipients {
                let (subject, text) = if r.locale == "en" {
                    (
                        format!("{}: a term ends on {end}", b.name),
                        format!(
                            "The term of {} ({}) on {} ends on {end}.\n\nRenew it, or record who takes the seat, on the body's members page.\n\n— Voces\n",
                            m.name, m.key, b.name
                        ),
                    )
                } else {
                    (
                        format!("{}: un periodo termina el {end}", b.name),
                        format!(
                            "El periodo de {} ({}) en {} termina el {end}.\n\nRenuévalo, o registra quién ocupa el asiento, en la página de integrantes del consejo.\n\n— Voces\n",
                            m.name, m.key, b.name
                        ),
                    )
                };
                let html = format!("<p>{}</p>", escape(&text).replace("\n\n", "</p><p>"));
                if outbox::enqueue(
                    db,
                    outbox::Mail {
                        to: r.email.clone(),
                        subject,
                        text,
                        html: Some(html),
                        dedupe_key: Some(format!("term-end:{}:{end}:{}", m.id, r.id)),
                        attachment: None,
                        unsubscribe: None,
                    },
                    now,
                )
                .await?
                {
                    queued += 1;
                }
            }
        }
    }
    Ok(queued)
}
