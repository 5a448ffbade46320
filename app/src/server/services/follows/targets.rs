//! What a follow follows, read as its feed: a follow is a feed by e-mail.
//! The feed is built by `services::feeds` as the public reads it, so a mail
//! never carries what the public page would not show (confidential text
//! and threads stay withheld: `server::visibility`).
use crate::domain::demands::DemandFilter;
use crate::domain::follows::{FollowKind, FollowTarget};
use crate::i18n::Locale;
use crate::server::error::ServiceError;
use crate::server::services::accounts::SiteUrl;
use crate::server::services::feeds::{self, Feed};
use chrono::{DateTime, Utc};

/// The longest saved search kept (its query string).
pub const MAX_TARGET: usize = 600;

/// A target as the follow stores it: the kind, the canonical target (a
/// search's filters in one order, without page or instant), its title.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub target: FollowTarget,
    pub feed: Feed,
}

/// A saved search's filters from its query string (unknown names ignored).
pub fn filter_of(query: &str) -> DemandFilter {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.trim_start_matches('?')).unwrap_or_default();
    let mut f = DemandFilter::default();
    for (k, v) in pairs {
        let v = v.trim().to_string();
        match k.as_str() {
            "body" => f.body = v,
            "authority" => f.authority = v,
            "topic" => f.topic = v,
            "status" => f.status = v,
            "overdue" if matches!(v.as_str(), "1" | "true") => f.overdue = "1".into(),
            "from" => f.from = v,
            "to" => f.to = v,
            "q" => f.q = v,
            _ => {}
        }
    }
    f
}

/// The feed of `kind`/`target` as the public reads it, with the target in
/// its canonical form; `None` when there is no such thing to follow (or
/// the public may not see it).
#[tracing::instrument(skip(db, site))]
pub async fn resolve<C: crate::server::services::metrics::referrals::Db>(
    db: &C,
    site: &SiteUrl,
    kind: FollowKind,
    target: &str,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Option<Resolved>, ServiceError> {
    let target = target.trim();
    if target.len() > MAX_TARGET {
        return Ok(None);
    }
    let (canonical, feed) = match kind {
        FollowKind::Body | FollowKind::Authority => {
            if target.is_empty() {
                return Ok(None);
            }
            let f = if kind == FollowKind::Body {
                DemandFilter {
                    body: target.to_string(),
                    ..Default::default()
                }
            } else {
                DemandFilter {
                    authority: target.to_string(),
                    ..Default::default()
                }
            };
            (
                target.to_string(),
                feeds::demands_feed(db, site, &f, locale, now).await?,
            )
        }
        FollowKind::Demand => {
            let Some((body, demand)) = target.split_once('/') else {
                return Ok(None);
            };
            (
                target.to_string(),
                feeds::demand_feed(db, site, body, demand, locale, now).await?,
            )
        }
        FollowKind::Search => {
            let f = filter_of(target);
            let canonical = f.query(false);
            if canonical.is_empty() {
                // No filter: that is the site's demands; follow the site.
                return Ok(None);
            }
            let feed = match feeds::demands_feed(db, site, &f, locale, now).await {
                Err(ServiceError::Form(_) | ServiceError::Invalid(_)) => None,
                other => other?,
            };
            (canonical, feed)
        }
        FollowKind::Site => {
            if !target.is_empty() {
                return Ok(None);
            }
            (
                String::new(),
                feeds::site_feed(db, site, locale, now).await?,
            )
        }
    };
    let page = kind.page(&canonical);
    Ok(feed.map(|feed| Resolved {
        target: FollowTarget {
            kind,
            target: canonical,
            title: feed
                .title
                .strip_prefix("Voces — ")
                .unwrap_or(&feed.title)
                .to_string(),
            page,
        },
        feed,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_search_reads_its_filters_and_writes_them_in_one_order() {
        let f = filter_of("?topic=health&q=visa%20humanitaria&page=3&as_of=2026-01-01&x=1");
        assert_eq!(f.q, "visa humanitaria");
        assert_eq!(f.topic, "health");
        assert_eq!(f.page, 0);
        assert_eq!(f.as_of, "");
        assert_eq!(f.query(false), "topic=health&q=visa%20humanitaria");
        assert_eq!(filter_of("overdue=true").overdue, "1");
        assert_eq!(filter_of("%%%").query(false), "");
    }
}
