//! The server functions of the follow pages; thin adapters over
//! `server::services::follows`. No account: the tokens in the mails'
//! links are the keys.
use crate::domain::error::ApiError;
use crate::domain::follows::{FollowTarget, FollowView, MyFollows};
use leptos::prelude::*;

/// What the follow form would follow (404 when there is no such thing or
/// the public may not see it).
#[server(endpoint = "follow_target")]
pub async fn load_follow_target(
    kind: String,
    target: String,
    lang: String,
) -> Result<FollowTarget, ApiError> {
    use crate::domain::follows::FollowKind;
    use crate::server::services::{feeds::locale_of, follows::targets};
    let state = crate::server::state::AppState::from_context()?;
    let kind = FollowKind::parse(&kind).ok_or(ApiError::NotFound)?;
    targets::resolve(
        &state.db,
        &state.settings.site,
        kind,
        &target,
        locale_of(Some(&lang)),
        chrono::Utc::now(),
    )
    .await?
    .map(|r| r.target)
    .ok_or(ApiError::NotFound)
}

/// The follow a confirmation or unsubscribe link names.
#[server(endpoint = "follow_by_token")]
pub async fn load_follow(token: String) -> Result<FollowView, ApiError> {
    let state = crate::server::state::AppState::from_context()?;
    crate::server::services::follows::view(&state.db, &token, chrono::Utc::now())
        .await
        .map_err(Into::into)
}

/// The page of an address's follows.
#[server(endpoint = "my_follows")]
pub async fn load_my_follows(token: String) -> Result<MyFollows, ApiError> {
    let state = crate::server::state::AppState::from_context()?;
    crate::server::services::follows::mine(&state.db, &token)
        .await
        .map_err(Into::into)
}
