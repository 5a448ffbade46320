//! Server functions for the demand pages. Thin adapters over
//! `server::services::demands`.
use crate::domain::demands::{DemandFilter, DemandList, DemandView};
use crate::domain::error::ApiError;
use leptos::prelude::*;

/// One demand with its referrals; `None` when there is no such demand.
#[server(endpoint = "demands/get")]
pub async fn load_demand(
    body: String,
    demand: String,
    as_of: Option<String>,
) -> Result<Option<DemandView>, ApiError> {
    use crate::server::{services::demands, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    let at = match as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            crate::domain::metrics::instants::parse_as_of(s)
                .ok_or_else(|| ApiError::Invalid(format!("as_of: {s}")))?,
        ),
    };
    demands::view_at(
        &state.db,
        who.as_ref(),
        &body,
        &demand,
        chrono::Utc::now(),
        at,
    )
    .await
    .map_err(Into::into)
}

/// The public list of demands, filtered.
#[server(endpoint = "demands/list")]
pub async fn list_demands(filter: DemandFilter) -> Result<DemandList, ApiError> {
    use crate::server::viewer;
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    let mut filter = filter;
    filter.page = filter.page.max(1);
    let now = chrono::Utc::now();
    let kind = crate::server::heavy::Heavy::list(&filter.q);
    Ok(state
        .bounded(kind, move |s| async move {
            page_now(&s, who.as_ref(), &filter, now).await
        })
        .await?)
}

/// A page of the list `f` for `who` at `now`. An anonymous reader's page
/// of a list "now" without words has its total from the figures cache
/// (`AppState::total_now`, as the referrals list) and is read at the
/// instant of that count; any other list is counted with its page. Runs
/// where the caller gives it a slot (`server::heavy`).
#[cfg(feature = "ssr")]
pub async fn page_now(
    state: &crate::server::state::AppState,
    who: Option<&crate::server::authz::Actor>,
    f: &DemandFilter,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<DemandList, crate::server::error::ServiceError> {
    use crate::domain::paging::Paged;
    use crate::server::services::demands;
    let counted_apart =
        who.is_none() && f.page > 0 && f.as_of.trim().is_empty() && f.q.trim().is_empty();
    if !counted_apart {
        return demands::list(&state.db, who, f, now).await;
    }
    let ends = state
        .far_page_ends("demand", f, |db, listed, t| async move {
            demands::page_ends(&db, None, &listed, t).await
        })
        .await?;
    // One total per list, whichever page (and edge) is asked.
    let (t, known) = state
        .total_now("demands", f.whole_list(), |db, listed, t| async move {
            demands::total_at(&db, None, &listed, t).await
        })
        .await?;
    demands::list_known(
        &state.db,
        None,
        f,
        t,
        known,
        ends.as_deref().map(Vec::as_slice),
    )
    .await
}

/// The submission form's choices (those who may submit for the body).
#[server(endpoint = "demands/form")]
pub async fn demand_form(
    body: String,
) -> Result<crate::domain::demands::DemandFormOptions, ApiError> {
    use crate::server::{services::demands::write, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    write::form_options(&state.db, who.as_ref(), &body, chrono::Utc::now())
        .await
        .map_err(Into::into)
}

/// An official's inbox (401 without a session, 403 without an authority).
#[server(endpoint = "demands/inbox")]
pub async fn load_inbox(filter: DemandFilter) -> Result<crate::domain::demands::Inbox, ApiError> {
    use crate::server::{services::demands::inbox, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    let mut filter = filter;
    filter.page = filter.page.max(1);
    inbox::inbox(&state.db, who.as_ref(), &filter, chrono::Utc::now())
        .await
        .map_err(Into::into)
}

/// The edit form's values and choices (before the first answer).
#[server(endpoint = "demands/edit_values")]
pub async fn demand_edit_values(
    body: String,
    demand: String,
) -> Result<
    (
        crate::domain::demands::DemandFormOptions,
        std::collections::BTreeMap<String, String>,
    ),
    ApiError,
> {
    use crate::server::{services::demands::write, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    let values = write::edit_values(&state.db, who.as_ref(), &body, &demand).await?;
    let options = write::form_options(&state.db, who.as_ref(), &body, chrono::Utc::now()).await?;
    Ok((options, values))
}

/// What needs the signed-in person now (`/pending`); 401 without a session.
#[server(endpoint = "pending")]
pub async fn load_pending() -> Result<crate::domain::pending::Pending, ApiError> {
    use crate::server::{services::pending, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    pending::pending(&state.db, who.as_ref(), chrono::Utc::now())
        .await
        .map_err(Into::into)
}
