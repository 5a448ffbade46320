use crate::domain::dto::{BodyDetail, BodyPage};
use crate::domain::error::ApiError;
use leptos::prelude::*;

/// Page `page` of the public bodies matching `q` (name, jurisdiction or
/// key, accents and case ignored), for the home page and its live filter.
#[server(endpoint = "bodies/page")]
pub async fn list_bodies_page(q: String, page: u64) -> Result<BodyPage, ApiError> {
    let state = crate::server::state::AppState::from_context()?;
    // Public data: kept in the figures cache (valid until the next write).
    use crate::server::services::{bodies::list_public, metrics::cache::At};
    let all = state
        .cached("bodies", At::Now, |db, now| async move {
            list_public(&db, now).await
        })
        .await?;
    Ok(crate::components::body_list::page_of(&all, &q, page))
}

/// One body as the reader may see it: a public one for everyone (from the
/// figures cache), a non-public one for its people and administrators, and
/// for those who manage it the links to do so; `None` otherwise.
#[server(endpoint = "bodies/get")]
pub async fn get_body(key: String) -> Result<Option<BodyDetail>, ApiError> {
    let state = crate::server::state::AppState::from_context()?;
    use crate::server::services::{bodies, metrics::cache::At};
    use crate::server::viewer;
    let who = viewer::current_actor(&state.db).await?;
    if who.is_some() {
        // Per reader (what they manage, what they may see): not cached.
        return bodies::get_for(&state.db, who.as_ref(), &key, chrono::Utc::now())
            .await
            .map_err(Into::into);
    }
    let cache_key = format!("body:{key}");
    state
        .cached(&cache_key, At::Now, |db, now| async move {
            bodies::get_public(&db, &key, now).await
        })
        .await
}

/// A public body's composition and roster on a date (`YYYY-MM-DD`, the
/// body's calendar; today when empty). `None` for an unknown key.
#[server(endpoint = "bodies/composition")]
pub async fn get_composition(
    key: String,
    as_of: Option<String>,
) -> Result<Option<crate::domain::dto::BodyComposition>, ApiError> {
    let state = crate::server::state::AppState::from_context()?;
    composition_of(&state, &key, as_of.as_deref()).await
}

/// A public body's composition on a date or at an instant, from the
/// figures cache: the page's and its charts' permalinks' one loader.
#[cfg(feature = "ssr")]
pub async fn composition_of(
    state: &crate::server::state::AppState,
    key: &str,
    as_of: Option<&str>,
) -> Result<Option<crate::domain::dto::BodyComposition>, ApiError> {
    // A date, or an instant (the dashboards' links): its date in the
    // body's zone, as metrics.md's date(T).
    let raw = as_of.map(str::trim).filter(|s| !s.is_empty());
    let (day, instant) = match raw {
        None => (None, None),
        Some(s) => match s.parse::<chrono::NaiveDate>() {
            Ok(d) => (Some(d), None),
            Err(_) => (
                None,
                Some(
                    crate::domain::metrics::instants::parse_as_of(s)
                        .ok_or_else(|| ApiError::Invalid(format!("as_of: {s}")))?,
                ),
            ),
        },
    };
    use crate::server::services::{composition::public, metrics::cache::At};
    let cache_key = format!("composition:{key}:{day:?}:{instant:?}");
    let key = key.to_string();
    state
        .cached(&cache_key, At::Now, move |db, now| async move {
            public(&db, &key, day, instant.unwrap_or(now)).await
        })
        .await
}
