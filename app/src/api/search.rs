//! The server function of the search page; a thin adapter over
//! `server::services::search`.
use crate::domain::error::ApiError;
use crate::domain::search::{SearchQuery, SearchResults};
use leptos::prelude::*;

/// Searches as the signed-in reader may (what they may read, no more).
#[server(endpoint = "search")]
pub async fn site_search(query: SearchQuery) -> Result<SearchResults, ApiError> {
    use crate::server::{services::search, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    Ok(state
        .bounded(crate::server::heavy::Heavy::Search, move |s| async move {
            search::search(&s.db, who.as_ref(), &query).await
        })
        .await?)
}
