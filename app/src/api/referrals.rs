//! Server function of the referral list (`/referrals`). A thin adapter over
//! `server::services::referrals`.
use crate::domain::error::ApiError;
use crate::domain::referrals::{ReferralFilter, ReferralListView};
use leptos::prelude::*;

/// The referrals the filters select, with the choices of the filter form.
#[server(endpoint = "referrals/list")]
pub async fn list_referrals(filter: ReferralFilter) -> Result<ReferralListView, ApiError> {
    use crate::server::services::referrals;
    let state = crate::server::state::AppState::from_context()?;
    let now = chrono::Utc::now();
    state
        .bounded(crate::server::heavy::Heavy::List, move |db| async move {
            referrals::list_view(&db, &filter, now).await
        })
        .await
}
