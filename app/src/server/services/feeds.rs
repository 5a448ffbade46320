//! Feeds of what the public reads: Atom (RFC 4287) and JSON Feed 1.1 of any
//! demands list (the same filters and search as `/demands`: a body's, an
//! authority's, the whole site's) and of one demand's thread. They are made
//! from the same services as the public pages, read as an anonymous reader,
//! so a feed never holds what the page would not show (confidential text and
//! threads stay withheld: `server::visibility`).
use crate::components::labels;
use crate::domain::demands::{DemandFilter, DemandView, TimelineKind};
use crate::i18n::Locale;
use crate::server::error::ServiceError;
use crate::server::services::accounts::SiteUrl;
use crate::server::services::demands;
use atom_syndication::{
    ContentBuilder, EntryBuilder, FeedBuilder, FixedDateTime, LinkBuilder, Text,
};
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};
use std::collections::HashMap;

/// How many entries a list's feed carries (the newest).
pub const FEED_SIZE: usize = 25;

/// One entry, whatever the format.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Permanent and unique: the page's address, with a fragment for one
    /// entry of a thread.
    pub id: String,
    pub title: String,
    pub url: String,
    pub published: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// Plain text.
    pub summary: String,
    /// Sanitized HTML (the page's own), when the reader may read it.
    pub html: Option<String>,
}

/// A feed before it is written in one format or the other.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    pub title: String,
    /// The page the feed follows.
    pub page: String,
    /// The feed's own address (Atom), and its JSON twin.
    pub atom: String,
    pub json: String,
    pub items: Vec<Item>,
    /// When nothing is listed, the feed's `updated` is this instant.
    pub empty_updated: DateTime<Utc>,
}

impl Feed {
    /// The newest `updated` of its entries (RFC 4287 4.2.15).
    pub fn updated(&self) -> DateTime<Utc> {
        self.items
            .iter()
            .map(|i| i.updated)
            .max()
            .unwrap_or(self.empty_updated)
    }
}

fn fixed(t: DateTime<Utc>) -> FixedDateTime {
    t.fixed_offset()
}

/// The feed as an Atom document.
pub fn atom(f: &Feed) -> String {
    let entries = f
        .items
        .iter()
        .map(|i| {
            let mut e = EntryBuilder::default();
            e.id(i.id.clone())
                .title(Text::plain(i.title.clone()))
                .updated(fixed(i.updated))
                .published(Some(fixed(i.published)))
                .summary(Some(Text::plain(i.summary.clone())))
                .link(
                    LinkBuilder::default()
                        .rel("alternate")
                        .mime_type(Some("text/html".to_string()))
                        .href(i.url.clone())
                        .build(),
                );
            if let Some(html) = &i.html {
                e.content(Some(
                    ContentBuilder::default()
                        .content_type(Some("html".to_string()))
                        .value(Some(html.clone()))
                        .build(),
                ));
            }
            e.build()
        })
        .collect::<Vec<_>>();
    let feed = FeedBuilder::default()
        .id(f.atom.clone())
        .title(Text::plain(f.title.clone()))
        .updated(fixed(f.updated()))
        .author(
            atom_syndication::PersonBuilder::default()
                .name("Voces")
                .build(),
        )
        .link(
            LinkBuilder::default()
                .rel("self")
                .mime_type(Some("application/atom+xml".to_string()))
                .href(f.atom.clone())
                .build(),
        )
        .link(
            LinkBuilder::default()
                .rel("alternate")
                .mime_type(Some("text/html".to_string()))
                .href(f.page.clone())
                .build(),
        )
        .entries(entries)
        .build();
    // (`to_string` writes the XML declaration itself.)
    feed.to_string()
}

/// The feed as JSON Feed 1.1 (https://jsonfeed.org/version/1.1).
pub fn json_feed(f: &Feed) -> Value {
    let at = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": f.title,
        "home_page_url": f.page,
        "feed_url": f.json,
        "authors": [{ "name": "Voces" }],
        "items": f.items.iter().map(|i| {
            let mut item = json!({
                "id": i.id,
                "url": i.url,
                "title": i.title,
                "summary": i.summary,
                "date_published": at(i.published),
                "date_modified": at(i.updated),
            });
            match &i.html {
                Some(h) => item["content_html"] = json!(h),
                None => item["content_text"] = json!(i.summary),
            }
            item
        }).collect::<Vec<_>>(),
    })
}

fn instant(rfc3339: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The query string of a list's filters (for the feed's own address).
fn filter_query(f: &DemandFilter) -> String {
    match f.query(false) {
        q if q.is_empty() => q,
        q => format!("?{q}"),
    }
}

/// The newest demands of a public list, filtered as `/demands` filters them.
/// A feed of one body (only `body` set) or one authority (only `authority`)
/// has that page's address. `None` for a body or authority the public
/// cannot see.
#[tracing::instrument(skip(db, site))]
pub async fn demands_feed<C: crate::server::services::metrics::referrals::Db>(
    db: &C,
    site: &SiteUrl,
    filter: &DemandFilter,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Option<Feed>, ServiceError> {
    use crate::domain::url::encode_component;
    let mut f = filter.clone();
    f.page = 1;
    f.as_of = String::new();
    f.window = String::new();
    let list = match demands::list(db, None, &f, now).await {
        // An unknown authority: no such feed (a 404, like an unknown body).
        Err(ServiceError::Form(e)) if e.iter().any(|p| p.field == "authority") => return Ok(None),
        other => other?,
    };
    let body = list.bodies.iter().find(|(k, _)| *k == f.body);
    let authority = list.authorities.iter().find(|(k, _)| *k == f.authority);
    if (!f.body.is_empty() && body.is_none()) || (!f.authority.is_empty() && authority.is_none()) {
        return Ok(None);
    }
    let query = filter_query(&f);
    // A body's or an authority's own feed: its key and no other filter.
    let rest = DemandFilter {
        body: String::new(),
        authority: String::new(),
        ..f.clone()
    };
    let scope = match (body, authority) {
        _ if !rest.query(false).is_empty() => None,
        (Some((k, name)), None) => Some((
            Scope::Body(k.clone()),
            name.clone(),
            format!("{}/bodies/{}", site.0, encode_component(k)),
        )),
        (None, Some((k, name))) => Some((
            Scope::Authority(k.clone()),
            name.clone(),
            format!("{}/authorities/{}", site.0, encode_component(k)),
        )),
        _ => None,
    };
    let (title, page, atom, json) = match &scope {
        Some((_, name, page)) => (
            name.clone(),
            page.clone(),
            format!("{page}/feed.atom"),
            format!("{page}/feed.json"),
        ),
        None => (
            list_title(
                &f,
                locale,
                body.map(|(_, n)| n.as_str()),
                authority.map(|(_, n)| n.as_str()),
            ),
            format!("{}/demands{query}", site.0),
            format!("{}/demands.atom{query}", site.0),
            format!("{}/demands.feed.json{query}", site.0),
        ),
    };
    let items: Vec<Item> = list
        .rows
        .iter()
        .take(FEED_SIZE)
        .filter_map(|r| {
            let at = instant(&r.submitted_at)?;
            let url = format!(
                "{}/bodies/{}/demands/{}",
                site.0,
                encode_component(&r.body_key),
                encode_component(&r.key)
            );
            let statuses: Vec<String> = r
                .referrals
                .iter()
                .map(|(name, c)| format!("{name}: {}", labels::referral_status(locale, c.status)))
                .collect();
            Some(Item {
                id: url.clone(),
                title: r.title.clone(),
                url,
                published: at,
                updated: at,
                summary: format!(
                    "{} · {} · {}",
                    r.body_name,
                    labels::topic(locale, r.topic),
                    statuses.join("; ")
                ),
                html: None,
            })
        })
        .collect();
    let mut items: Vec<Item> = items;
    // A body's feed and an authority's also carry what happened since: the
    // answers (every event of a referral) and, for a body, its meetings and
    // published minutes.
    if let Some((scope, _, _)) = &scope {
        let public = public_bodies(db).await?;
        items.extend(answers(db, site, &public, scope, locale, now).await?);
        if let Scope::Body(key) = scope {
            items.extend(meetings(db, site, &public, Some(key), locale, now).await?);
        }
        items.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
        items.truncate(FEED_SIZE);
    }
    Ok(Some(Feed {
        title: format!("Voces — {title}"),
        page,
        atom,
        json,
        items,
        empty_updated: now,
    }))
}

/// The whole site: the newest public demands, answers, meetings and
/// minutes of every public body.
#[tracing::instrument(skip(db, site))]
pub async fn site_feed<C: crate::server::services::metrics::referrals::Db>(
    db: &C,
    site: &SiteUrl,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Option<Feed>, ServiceError> {
    let Some(mut feed) = demands_feed(db, site, &DemandFilter::default(), locale, now).await?
    else {
        return Ok(None);
    };
    let public = public_bodies(db).await?;
    feed.items
        .extend(answers(db, site, &public, &Scope::All, locale, now).await?);
    feed.items
        .extend(meetings(db, site, &public, None, locale, now).await?);
    feed.items
        .sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    feed.items.truncate(FEED_SIZE);
    feed.title = "Voces".to_string();
    feed.page = format!("{}/", site.0);
    feed.atom = format!("{}/feed.atom", site.0);
    feed.json = format!("{}/feed.json", site.0);
    Ok(Some(feed))
}

/// The public bodies by id (a feed shows nothing of the others).
async fn public_bodies<C: sea_orm::ConnectionTrait>(
    db: &C,
) -> Result<HashMap<i64, entity::body::Model>, ServiceError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    Ok(entity::body::Entity::find()
        .filter(entity::body::Column::Public.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.id, b))
        .collect())
}

/// Whose answers a feed follows.
enum Scope {
    All,
    Body(String),
    Authority(String),
}

/// The newest events of the referrals of a public body's demands, or of
/// those addressed to an authority (public bodies only), each with its
/// text as the public may read it (`DemandSight`: withheld when the demand
/// is confidential).
async fn answers<C: sea_orm::ConnectionTrait>(
    db: &C,
    site: &SiteUrl,
    public: &HashMap<i64, entity::body::Model>,
    scope: &Scope,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Vec<Item>, ServiceError> {
    use crate::domain::enums::EventKind;
    use crate::domain::url::encode_component;
    use crate::server::visibility::DemandSight;
    use entity::{authority, demand, referral, referral_event};
    use sea_orm::{
        ColumnTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationTrait,
    };
    let mut q = referral_event::Entity::find()
        .join(
            JoinType::InnerJoin,
            referral_event::Relation::Referral.def(),
        )
        .join(JoinType::InnerJoin, referral::Relation::Demand.def())
        .filter(referral_event::Column::At.lte(now))
        .filter(demand::Column::BodyId.is_in(public.keys().copied().collect::<Vec<_>>()));
    q = match scope {
        Scope::All => q,
        Scope::Body(key) => {
            let id = public.values().find(|b| &b.key == key).map_or(-1, |b| b.id);
            q.filter(demand::Column::BodyId.eq(id))
        }
        Scope::Authority(key) => q
            .join(JoinType::InnerJoin, referral::Relation::Authority.def())
            .filter(authority::Column::Key.eq(key.as_str())),
    };
    let events = q
        .order_by_desc(referral_event::Column::At)
        .order_by_desc(referral_event::Column::Id)
        .limit(FEED_SIZE as u64)
        .all(db)
        .await?;
    let referral_ids: Vec<i64> = events.iter().map(|e| e.referral_id).collect();
    let referrals: HashMap<i64, referral::Model> = referral::Entity::find()
        .filter(referral::Column::Id.is_in(referral_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let demands: HashMap<i64, demand::Model> = demand::Entity::find()
        .filter(
            demand::Column::Id.is_in(referrals.values().map(|r| r.demand_id).collect::<Vec<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let authorities: HashMap<i64, authority::Model> = authority::Entity::find()
        .filter(
            authority::Column::Id.is_in(
                referrals
                    .values()
                    .map(|r| r.authority_id)
                    .collect::<Vec<_>>(),
            ),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    Ok(events
        .into_iter()
        .filter_map(|e| {
            let r = referrals.get(&e.referral_id)?;
            let d = demands.get(&r.demand_id)?;
            let b = public.get(&d.body_id)?;
            let a = authorities.get(&r.authority_id)?;
            let kind: EventKind = e.kind.parse().ok()?;
            let sight = DemandSight::of(None, d.confidential, d.body_id, &[]);
            let page = format!(
                "{}/bodies/{}/demands/{}",
                site.0,
                encode_component(&b.key),
                encode_component(&d.key)
            );
            let name = a
                .acronym
                .clone()
                .filter(|x| !x.is_empty())
                .unwrap_or_else(|| a.name.clone());
            Some(Item {
                id: format!("{page}#event-{}", e.id),
                title: format!("{name}: {} — {}", labels::event_kind(locale, kind), d.title),
                url: format!("{page}#referral-{}", encode_component(&a.key)),
                published: e.at,
                updated: e.at,
                summary: format!("{} · {}", b.name, d.title),
                html: sight.text(&e.text),
            })
        })
        .collect())
}

/// The meetings of a public body, or of every public body (`None`): the
/// newest changes (scheduled, moved, held, cancelled), and their minutes
/// once published.
async fn meetings<C: sea_orm::ConnectionTrait>(
    db: &C,
    site: &SiteUrl,
    public: &HashMap<i64, entity::body::Model>,
    body_key: Option<&str>,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Vec<Item>, ServiceError> {
    use crate::domain::url::encode_component;
    use crate::i18n::*;
    use entity::meeting;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    let bodies: HashMap<i64, &entity::body::Model> = public
        .iter()
        .filter(|(_, b)| body_key.is_none_or(|k| b.key == k))
        .map(|(id, b)| (*id, b))
        .collect();
    let ids: Vec<i64> = bodies.keys().copied().collect();
    // Three views of the calendar, each the newest 25: sessions to come as
    // announced or changed (when they were), sessions past as they happened
    // (their start, or the earlier change that cancelled them: an imported
    // session's record time says nothing), and minutes as published.
    let newest = |q: sea_orm::Select<meeting::Entity>, by: meeting::Column| {
        q.filter(meeting::Column::BodyId.is_in(ids.clone()))
            .order_by_desc(by)
            .limit(FEED_SIZE as u64)
    };
    let coming = newest(
        meeting::Entity::find()
            .filter(meeting::Column::StartsAt.gt(now))
            .filter(meeting::Column::UpdatedAt.lte(now)),
        meeting::Column::UpdatedAt,
    )
    .all(db)
    .await?;
    let past = newest(
        meeting::Entity::find().filter(meeting::Column::StartsAt.lte(now)),
        meeting::Column::StartsAt,
    )
    .all(db)
    .await?;
    let minutes = newest(
        meeting::Entity::find().filter(meeting::Column::MinutesPublishedAt.lte(now)),
        meeting::Column::MinutesPublishedAt,
    )
    .all(db)
    .await?;
    let mut items = Vec::new();
    let sessions = coming.into_iter().map(|m| (m.updated_at, m, false));
    let sessions = sessions.chain(
        past.into_iter()
            .map(|m| (m.starts_at.min(m.updated_at), m, false)),
    );
    let sessions = sessions.chain(
        minutes
            .into_iter()
            .filter_map(|m| Some((m.minutes_published_at?, m, true))),
    );
    for (at, m, is_minutes) in sessions {
        let Some(b) = bodies.get(&m.body_id) else {
            continue;
        };
        let tz = crate::server::time::zone(&b.timezone);
        let page = format!(
            "{}/bodies/{}/meetings/{}",
            site.0,
            encode_component(&b.key),
            encode_component(&m.key)
        );
        let when = crate::server::time::rfc3339_in(m.starts_at, tz);
        if is_minutes {
            items.push(Item {
                id: format!("{page}#minutes"),
                title: format!("{}: {}", td_string!(locale, meeting.minutes), m.title),
                url: format!("{page}#minutes-h"),
                published: at,
                updated: at,
                summary: format!("{} · {when}", b.name),
                html: None,
            });
            continue;
        }
        let status = crate::pages::meetings::status_label(
            locale,
            m.status
                .parse()
                .unwrap_or(crate::domain::enums::MeetingStatus::Scheduled),
        );
        items.push(Item {
            id: format!("{page}#v{}", m.sequence),
            title: format!("{} ({status})", m.title),
            url: page.clone(),
            published: at,
            updated: at,
            summary: format!("{} · {when}", b.name),
            html: None,
        });
    }
    Ok(items)
}

fn td_demands_title(locale: Locale) -> &'static str {
    use crate::i18n::*;
    td_string!(locale, demand.list_title)
}

/// A demands list named by what it asks, in words: «words», the topic,
/// the body's and the authority's names, the status, the dates
/// ("Demandas · «visa» · Salud · Consejo de Tijuana"). Also a saved
/// search's name in its mails and on the page of one's follows.
fn list_title(
    f: &DemandFilter,
    locale: Locale,
    body: Option<&str>,
    authority: Option<&str>,
) -> String {
    use crate::domain::enums::{ReferralStatus, Topic};
    let mut parts = vec![td_demands_title(locale).to_string()];
    if !f.q.is_empty() {
        parts.push(format!("«{}»", f.q));
    }
    if let Ok(t) = f.topic.parse::<Topic>() {
        parts.push(labels::topic(locale, t).to_string());
    }
    parts.extend(body.map(str::to_string));
    parts.extend(authority.map(str::to_string));
    if !f.status.is_empty() {
        parts.push(match f.status.parse::<ReferralStatus>() {
            Ok(s) => labels::referral_status(locale, s).to_string(),
            Err(_) => f.status.clone(),
        });
    }
    if f.overdue == "1" {
        parts.push(crate::i18n::td_string!(locale, demand.only_overdue).to_string());
    }
    match (f.from.as_str(), f.to.as_str()) {
        ("", "") => {}
        (from, to) => parts.push(format!("{from}–{to}")),
    }
    parts.join(" · ")
}

/// One demand's thread as the public reads it: the demand, then every
/// entry of every referral's timeline (events and verdicts), newest first.
/// `None` when the demand is not to be seen.
#[tracing::instrument(skip(db, site))]
pub async fn demand_feed<C: sea_orm::ConnectionTrait>(
    db: &C,
    site: &SiteUrl,
    body_key: &str,
    demand_key: &str,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Option<Feed>, ServiceError> {
    let Some(d) = demands::view(db, None, body_key, demand_key, now).await? else {
        return Ok(None);
    };
    Ok(Some(thread(site, &d, locale, now)))
}

fn thread(site: &SiteUrl, d: &DemandView, locale: Locale, now: DateTime<Utc>) -> Feed {
    use crate::domain::url::encode_component;
    let page = format!(
        "{}/bodies/{}/demands/{}",
        site.0,
        encode_component(&d.body_key),
        encode_component(&d.key)
    );
    let mut items = Vec::new();
    if let Some(at) = instant(&d.submitted_at) {
        items.push(Item {
            id: page.clone(),
            title: d.title.clone(),
            url: page.clone(),
            published: at,
            updated: at,
            summary: format!("{} · {}", d.body_name, labels::topic(locale, d.topic)),
            html: d.text_html.clone().filter(|_| !d.withheld),
        });
    }
    for r in &d.referrals {
        for (n, e) in r.timeline.iter().enumerate() {
            let Some(at) = instant(&e.at) else { continue };
            let what = match &e.kind {
                TimelineKind::Event(k) => labels::event_kind(locale, *k),
                TimelineKind::Verdict(v) => labels::verdict(locale, *v),
            };
            items.push(Item {
                id: format!("{page}#{}-{n}", r.authority_key),
                title: format!("{}: {what}", r.authority_name),
                url: format!("{page}#referral-{}", encode_component(&r.authority_key)),
                published: at,
                updated: at,
                summary: format!("{} — {}", d.title, r.authority_name),
                html: e.html.clone().filter(|_| !e.withheld && !d.withheld),
            });
        }
    }
    items.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    Feed {
        title: format!("Voces — {}", d.title),
        atom: format!("{page}/feed.atom"),
        json: format!("{page}/feed.json"),
        page,
        items,
        empty_updated: now,
    }
}

/// The reader's language for a feed: `?lang=en`, else Spanish.
pub fn locale_of(lang: Option<&str>) -> Locale {
    match lang {
        Some("en") => Locale::en,
        _ => Locale::es,
    }
}

/// The language the pages take from an `Accept-Language` header: its tags
/// in the order sent, matched by leptos_i18n as the pages match them
/// (Spanish when none fits).
pub fn locale_accepted(accept: &str) -> Locale {
    use leptos_i18n::Locale as _;
    let tags: Vec<&str> = accept
        .split(',')
        .filter_map(|part| part.split(';').next())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    Locale::find_locale(&tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Feed {
        let t: DateTime<Utc> = "2026-03-01T12:00:00Z".parse().unwrap();
        Feed {
            title: "Voces — <Demandas> & más".into(),
            page: "https://v.example/demands".into(),
            atom: "https://v.example/demands.atom".into(),
            json: "https://v.example/demands.feed.json".into(),
            items: vec![Item {
                id: "https://v.example/bodies/b/demands/d1".into(),
                title: "Visas & <permisos>".into(),
                url: "https://v.example/bodies/b/demands/d1".into(),
                published: t,
                updated: t + chrono::Duration::days(2),
                summary: "Consejo · tema".into(),
                html: Some("<p>Texto <strong>fuerte</strong></p>".into()),
            }],
            empty_updated: t,
        }
    }

    #[test]
    fn atom_has_the_required_elements_escaped_and_reads_back() {
        let text = atom(&sample());
        let back: atom_syndication::Feed = text.parse().expect("an Atom document");
        assert_eq!(back.title().as_str(), "Voces — <Demandas> & más");
        assert_eq!(back.id(), "https://v.example/demands.atom");
        assert_eq!(back.updated().to_rfc3339(), "2026-03-03T12:00:00+00:00");
        assert!(back.links().iter().any(|l| l.rel() == "self"));
        let e = &back.entries()[0];
        assert_eq!(e.title().as_str(), "Visas & <permisos>");
        assert_eq!(
            e.content().and_then(|c| c.value()),
            Some("<p>Texto <strong>fuerte</strong></p>")
        );
        assert!(!text.contains("<permisos>"), "text is escaped: {text}");
    }

    #[test]
    fn json_feed_has_its_version_and_dates() {
        let v = json_feed(&sample());
        assert_eq!(v["version"], "https://jsonfeed.org/version/1.1");
        assert_eq!(v["items"][0]["date_modified"], "2026-03-03T12:00:00Z");
        assert_eq!(
            v["items"][0]["content_html"],
            "<p>Texto <strong>fuerte</strong></p>"
        );
    }
}
