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
    let view = state
        .bounded(crate::server::heavy::Heavy::List, move |s| async move {
            let page = page_now(&s, &filter, now).await?;
            referrals::list_view(&s.db, page).await
        })
        .await?;
    Ok(view)
}

/// A page of the list `f` for a reader at `now`: the total of a list
/// "now" comes from the figures cache, counted once per data version and
/// freshness like the figures (`referrals::list_known`), the page is read
/// at the instant it was counted. Runs where the caller gives it a slot
/// (`server::heavy`).
#[cfg(feature = "ssr")]
pub async fn page_now(
    state: &crate::server::state::AppState,
    f: &ReferralFilter,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<crate::domain::referrals::ReferralPage, crate::server::error::ServiceError> {
    use crate::domain::paging::Paged;
    use crate::server::services::referrals;
    if !f.as_of.trim().is_empty() {
        return referrals::list_known(&state.db, f, now, None, None).await;
    }
    let ends = state
        .far_page_ends("referral", f, |db, listed, t| async move {
            referrals::page_ends(&db, &listed, t).await
        })
        .await?;
    // One total per list, whichever page (and edge) is asked.
    let known = state
        .total_now("referrals", f.whole_list(), |db, listed, t| async move {
            referrals::total_at(&db, &listed, t).await
        })
        .await?;
    let ends = ends.as_deref().map(Vec::as_slice);
    referrals::list_known(&state.db, f, now, Some(known), ends).await
}
