use crate::domain::dto::{BodyDetail, BodySummary};
use crate::domain::error::ApiError;
use leptos::prelude::*;

/// Public bodies with their headline facts, for the home page.
#[server(endpoint = "bodies/list")]
pub async fn list_bodies() -> Result<Vec<BodySummary>, ApiError> {
    let state = crate::server::state::AppState::from_context()?;
    crate::server::services::bodies::list_public(&state.db, chrono::Utc::now())
        .await
        .map_err(Into::into)
}

/// One public body, or `None` when no public body has that key.
#[server(endpoint = "bodies/get")]
pub async fn get_body(key: String) -> Result<Option<BodyDetail>, ApiError> {
    let state = crate::server::state::AppState::from_context()?;
    crate::server::services::bodies::get_public(&state.db, &key, chrono::Utc::now())
        .await
        .map_err(Into::into)
}

/// A public body's composition and roster on a date (`YYYY-MM-DD`, the
/// body's calendar; today when empty). `None` for an unknown key.
#[server(endpoint = "bodies/composition")]
pub async fn get_composition(
    key: String,
    as_of: Option<String>,
) -> Result<Option<crate::domain::dto::BodyComposition>, ApiError> {
    let state = crate::server::state::AppState::from_context()?;
    let day = match as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            s.parse::<chrono::NaiveDate>()
                .map_err(|_| ApiError::Invalid(format!("as_of: {s}")))?,
        ),
    };
    crate::server::services::composition::public(&state.db, &key, day, chrono::Utc::now())
        .await
        .map_err(Into::into)
}
