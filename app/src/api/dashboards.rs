//! Server functions of the public dashboards. Thin adapters over
//! `server::services::metrics::dashboards`. `as_of` is the date picked on
//! the page (YYYY-MM-DD, read as 23:59:59Z that day); now when empty.
use crate::domain::error::ApiError;
use crate::domain::metrics::dashboards::{
    AuthorityDashboard, AuthorityList, BodyDashboard, Overview,
};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::server::services::metrics::{cache::At, dashboards};

#[cfg(feature = "ssr")]
fn instant(as_of: Option<String>) -> Result<At, ApiError> {
    At::parse_as_of(as_of.as_deref())
        .ok_or_else(|| ApiError::Invalid(format!("as_of = {}", as_of.unwrap_or_default())))
}

#[server(endpoint = "dashboards/overview")]
pub async fn load_overview(as_of: Option<String>) -> Result<Overview, ApiError> {
    let state = crate::server::state::AppState::from_context()?;
    let at = instant(as_of)?;
    state
        .cached("overview", at, |db, t| async move {
            dashboards::overview(&db, t).await
        })
        .await
}

#[server(endpoint = "dashboards/body")]
pub async fn load_body_dashboard(
    key: String,
    as_of: Option<String>,
) -> Result<Option<BodyDashboard>, ApiError> {
    let state = crate::server::state::AppState::from_context()?;
    body_dashboard_of(&state, &key, instant(as_of)?).await
}

/// A public body's dashboard at `at`, from the figures cache: the page's
/// and its charts' permalinks' one loader.
#[cfg(feature = "ssr")]
pub async fn body_dashboard_of(
    state: &crate::server::state::AppState,
    key: &str,
    at: crate::server::services::metrics::cache::At,
) -> Result<Option<BodyDashboard>, ApiError> {
    let owned = key.to_string();
    state
        .cached(&format!("body-dashboard:{key}"), at, |db, t| async move {
            dashboards::body(&db, &owned, t).await
        })
        .await
}

#[server(endpoint = "dashboards/authority")]
pub async fn load_authority_dashboard(
    key: String,
    as_of: Option<String>,
) -> Result<Option<AuthorityDashboard>, ApiError> {
    let state = crate::server::state::AppState::from_context()?;
    authority_dashboard_of(&state, &key, instant(as_of)?).await
}

/// An authority's dashboard at `at`, from the figures cache: the page's,
/// its charts' permalinks' and its link preview's one loader.
#[cfg(feature = "ssr")]
pub async fn authority_dashboard_of(
    state: &crate::server::state::AppState,
    key: &str,
    at: crate::server::services::metrics::cache::At,
) -> Result<Option<AuthorityDashboard>, ApiError> {
    let owned = key.to_string();
    state
        .cached(
            &format!("authority-dashboard:{key}"),
            at,
            |db, t| async move { dashboards::authority(&db, &owned, t).await },
        )
        .await
}

/// Every authority with its rule and figures (`/authorities`).
#[server(endpoint = "dashboards/authorities")]
pub async fn load_authority_list(as_of: Option<String>) -> Result<AuthorityList, ApiError> {
    let state = crate::server::state::AppState::from_context()?;
    let at = instant(as_of)?;
    state
        .cached("authority-list", at, |db, t| async move {
            dashboards::authority_list(&db, t).await
        })
        .await
}

/// Two to four councils or authorities side by side at one `as_of`
/// (`/comparar`), from the figures cache: one entry per comparison, so
/// that every compared one is read at the same instant.
#[server(endpoint = "dashboards/compare")]
pub async fn load_comparison(
    query: crate::domain::compare::CompareQuery,
) -> Result<crate::domain::compare::Comparison, ApiError> {
    use crate::server::services::compare;
    let state = crate::server::state::AppState::from_context()?;
    let at = instant(Some(query.as_of.clone()))?;
    let db = &state.db;
    let (known, unknown) = compare::known(db, &query).await?;
    let asked = crate::domain::compare::CompareQuery {
        keys: known,
        ..query
    };
    let key = format!("compare:{}", asked.query());
    let mut c = state
        .cached(&key, at, |db, t| async move {
            compare::compare(&db, &asked, t).await
        })
        .await?;
    c.unknown = unknown;
    Ok(c)
}

/// When the report of `year` is read (`domain::annual::report_instant`):
/// a past year at its end, the current one now; `None` outside.
#[cfg(feature = "ssr")]
fn report_at(year: i32) -> Option<At> {
    crate::domain::annual::report_instant(year, chrono::Utc::now()).map(|(t, partial)| {
        if partial {
            At::Now
        } else {
            At::Given(t)
        }
    })
}

/// A public council's or an authority's annual report
/// (`/bodies/{key}/informe/{year}`, `/authorities/{key}/informe/{year}`),
/// cached per key and year.
#[server(endpoint = "dashboards/annual")]
pub async fn load_annual(
    of: crate::domain::annual::ReportOf,
    key: String,
    year: i32,
) -> Result<Option<crate::domain::annual::Annual>, ApiError> {
    let state = crate::server::state::AppState::from_context()?;
    annual_of(&state, of, &key, year).await
}

/// A report from the figures cache: the page's and its PDF's one loader,
/// so the PDF shows what the page shows, to whom the page shows it.
#[cfg(feature = "ssr")]
pub async fn annual_of(
    state: &crate::server::state::AppState,
    of: crate::domain::annual::ReportOf,
    key: &str,
    year: i32,
) -> Result<Option<crate::domain::annual::Annual>, ApiError> {
    use crate::domain::annual::{Annual, ReportOf};
    use crate::server::services::annual;
    let Some(at) = report_at(year) else {
        return Ok(None);
    };
    let db = &state.db;
    // Only a report that exists takes a place in the figures cache.
    let exists = match of {
        ReportOf::Body => crate::server::services::bodies::find_public(db, key)
            .await
            .map_err(crate::server::error::ServiceError::from)?
            .is_some(),
        ReportOf::Authority => crate::server::services::metrics::authority_by_key(db, key)
            .await?
            .is_some(),
    };
    if !exists {
        return Ok(None);
    }
    let owned = key.to_string();
    state
        .cached(
            &format!("annual:{of:?}:{key}:{year}"),
            at,
            move |db, t| async move {
                Ok(match of {
                    ReportOf::Body => annual::body(&db, &owned, year, t)
                        .await?
                        .map(|r| Annual::Body(Box::new(r))),
                    ReportOf::Authority => annual::authority(&db, &owned, year, t)
                        .await?
                        .map(|r| Annual::Authority(Box::new(r))),
                })
            },
        )
        .await
}

/// Where the public councils are, by state (`/mapa`), with the overview's
/// seat holders at the same instant (the overview's own cache entry).
#[server(endpoint = "dashboards/map")]
pub async fn load_council_map(
    as_of: Option<String>,
) -> Result<crate::domain::states::CouncilMap, ApiError> {
    use crate::server::services::{maps, metrics::bodies::public_bodies};
    let state = crate::server::state::AppState::from_context()?;
    let db = &state.db;
    let at = instant(as_of)?;
    let o = state
        .cached("overview", at, |db, t| async move {
            dashboards::overview(&db, t).await
        })
        .await?;
    let bodies: Vec<entity::body::Model> = public_bodies(db, None).await?.into_values().collect();
    Ok(maps::council_map(&o, &bodies))
}

/// Where seat holders come from (`/mapa/origenes`): every public council,
/// or the public council `body`. `english` names the map's countries.
#[server(endpoint = "dashboards/origins")]
pub async fn load_origins(
    body: Option<String>,
    as_of: Option<String>,
    english: bool,
) -> Result<Option<crate::domain::origins::OriginMap>, ApiError> {
    use crate::server::services::origins;
    let state = crate::server::state::AppState::from_context()?;
    let db = &state.db;
    let at = instant(as_of)?;
    let body = body.filter(|k| !k.is_empty());
    // Only a council that exists takes a place in the figures cache.
    if let Some(k) = &body {
        let found = crate::server::services::bodies::find_public(db, k)
            .await
            .map_err(crate::server::error::ServiceError::from)?;
        if found.is_none() {
            return Ok(None);
        }
    }
    let key = format!("origins:{}:{english}", body.as_deref().unwrap_or(""));
    state
        .cached(&key, at, move |db, t| async move {
            origins::origins(&db, body.as_deref(), english, t).await
        })
        .await
}
