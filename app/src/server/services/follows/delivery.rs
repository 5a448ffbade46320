//! Mailing what is new to those who follow it. A periodic job (every
//! minute in the server) calls [`run`]: each confirmed follow that is due
//! reads its feed as the public reads it and, when something happened since
//! its last mail, gets one mail with all of it — within the minute for
//! "immediate", once a day or once a week for the digests.
//!
//! Nothing is sent twice, whatever the restarts or the number of instances:
//! a follow's mail is queued in the outbox with a key naming the follow and
//! where its last mail stopped, in the same transaction that moves that
//! point on. A second instance reading the same follow at the same time
//! queues the same key, which the outbox refuses, and writes nothing.
use super::{manage_url, next_due, targets, unsubscribe_url};
use crate::domain::follows::{FollowKind, Frequency};
use crate::server::error::ServiceError;
use crate::server::services::accounts::SiteUrl;
use crate::server::services::feeds::{locale_of, Feed, FEED_SIZE};
use crate::server::services::mail::{follows as mails, outbox};
use chrono::{DateTime, Duration, Utc};
use entity::{follow, follow_address};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;

/// News are mailed up to this long before the round: an entry written just
/// before a round but committed just after it falls in the next round's
/// window instead of between two.
pub const SETTLE_SECONDS: i64 = 10;
/// Follows read per query.
const BATCH: u64 = 200;

/// Queues the mails of every follow due at `now`; returns how many.
#[tracing::instrument(skip(db, site))]
pub async fn run(
    db: &DatabaseConnection,
    site: &SiteUrl,
    now: DateTime<Utc>,
) -> Result<usize, ServiceError> {
    let upto = now - Duration::seconds(SETTLE_SECONDS);
    let mut feeds: HashMap<(String, String, String), Option<Feed>> = HashMap::new();
    let mut queued = 0;
    let mut after = 0i64;
    loop {
        let due = follow::Entity::find()
            .filter(follow::Column::ConfirmedAt.is_not_null())
            .filter(follow::Column::DueAt.lte(now))
            .filter(follow::Column::Id.gt(after))
            .order_by_asc(follow::Column::Id)
            .limit(BATCH)
            .find_also_related(follow_address::Entity)
            .all(db)
            .await?;
        let Some((last, _)) = due.last() else {
            break;
        };
        after = last.id;
        for (f, a) in due {
            let Some(a) = a else { continue };
            let (Some(kind), Some(frequency)) =
                (FollowKind::parse(&f.kind), Frequency::parse(&f.frequency))
            else {
                continue;
            };
            let from = f.sent_up_to.or(f.confirmed_at).unwrap_or(now);
            if from >= upto {
                continue;
            }
            let key = (f.kind.clone(), f.target.clone(), a.locale.clone());
            let feed = match feeds.get(&key) {
                Some(feed) => feed.clone(),
                None => {
                    let lang = locale_of(Some(&a.locale));
                    let feed = targets::resolve(db, site, kind, &f.target, lang, now)
                        .await?
                        .map(|r| r.feed);
                    feeds.insert(key, feed.clone());
                    feed
                }
            };
            let Some(feed) = feed else {
                // Gone, or no longer public: look again tomorrow.
                move_on(db, &f, from, now + Duration::days(1)).await?;
                continue;
            };
            let news: Vec<_> = feed
                .items
                .iter()
                .filter(|i| i.updated > from && i.updated <= upto)
                .cloned()
                .collect();
            if news.is_empty() {
                // Digests wait for their next day or week; an immediate
                // follow just looks again next round (no write).
                if frequency != Frequency::Immediate {
                    move_on(db, &f, upto, next_due(frequency, upto)).await?;
                }
                continue;
            }
            // The feed holds its newest entries only: older news may have
            // fallen off a long digest.
            let more = feed.items.len() >= FEED_SIZE && feed.items.iter().all(|i| i.updated > from);
            let page = feed.page.clone();
            let mail = mails::news(
                &a.locale,
                &mails::News {
                    title: &f.title,
                    page: &page,
                    items: &news,
                    more,
                    frequency,
                    manage: &manage_url(site, &a.token),
                    unsubscribe: &unsubscribe_url(site, &f.token),
                },
            );
            let txn = crate::server::db::begin_write(db).await?;
            let fresh = outbox::enqueue(
                &txn,
                outbox::Mail {
                    to: a.email.clone(),
                    subject: mail.subject,
                    text: mail.text,
                    html: Some(mail.html),
                    dedupe_key: Some(format!("follow:{}:{}", f.id, from.timestamp_micros())),
                    attachment: None,
                    unsubscribe: Some(unsubscribe_url(site, &f.token)),
                },
                now,
            )
            .await?;
            if fresh {
                move_on(&txn, &f, upto, next_due(frequency, upto)).await?;
                txn.commit().await?;
                queued += 1;
            } else {
                // Another instance mailed this window and moved it on.
                txn.rollback().await?;
            }
        }
    }
    Ok(queued)
}

/// Records that the mails reach `upto` and when to look again.
async fn move_on<C: sea_orm::ConnectionTrait>(
    db: &C,
    f: &follow::Model,
    upto: DateTime<Utc>,
    due: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let mut am: follow::ActiveModel = f.clone().into();
    am.sent_up_to = Set(Some(upto));
    am.due_at = Set(Some(due));
    am.update(db).await?;
    Ok(())
}
