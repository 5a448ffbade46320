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
