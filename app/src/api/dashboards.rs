//! Server functions of the public dashboards. Thin adapters over
//! `server::services::metrics::dashboards`. `as_of` is the date picked on
//! the page (YYYY-MM-DD, read as 23:59:59Z that day); now when empty.
use crate::domain::error::ApiError;
use crate::domain::metrics::dashboards::{AuthorityDashboard, BodyDashboard, Overview};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn instant(as_of: Option<String>) -> Result<chrono::DateTime<chrono::Utc>, ApiError> {
    match as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(chrono::Utc::now()),
        Some(s) => crate::domain::metrics::instants::parse_as_of(s)
            .ok_or_else(|| ApiError::Invalid(format!("as_of = {s}"))),
    }
}

#[server(endpoint = "dashboards/overview")]
pub async fn load_overview(as_of: Option<String>) -> Result<Overview, ApiError> {
    let state = crate::server::state::AppState::from_context()?;
    crate::server::services::metrics::dashboards::overview(&state.db, instant(as_of)?)
        .await
        .map_err(Into::into)
}

#[server(endpoint = "dashboards/body")]
pub async fn load_body_dashboard(
    key: String,
    as_of: Option<String>,
) -> Result<Option<BodyDashboard>, ApiError> {
    let state = crate::server::state::AppState::from_context()?;
    crate::server::services::metrics::dashboards::body(&state.db, &key, instant(as_of)?)
        .await
        .map_err(Into::into)
}

#[server(endpoint = "dashboards/authority")]
pub async fn load_authority_dashboard(
    key: String,
    as_of: Option<String>,
) -> Result<Option<AuthorityDashboard>, ApiError> {
    let state = crate::server::state::AppState::from_context()?;
    crate::server::services::metrics::dashboards::authority(&state.db, &key, instant(as_of)?)
        .await
        .map_err(Into::into)
}
