//! Server functions for the meeting pages. Thin adapters over
//! `server::services::meetings`.
use crate::domain::error::ApiError;
use crate::domain::meetings::{
    AttendanceSheet, BodyMeetingFigures, Calendar, CalendarEntry, MeetingDetail, MeetingFilter,
};
use leptos::prelude::*;
use std::collections::BTreeMap;

/// The calendar of a body (`body` = its key) or of every public body;
/// `None` for an unknown body.
#[server(endpoint = "meetings/calendar")]
pub async fn meeting_calendar(
    body: Option<String>,
    filter: MeetingFilter,
) -> Result<Option<Calendar>, ApiError> {
    use crate::server::{services::meetings::calendar, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    let site = state.settings.site.0.clone();
    calendar::calendar(
        &state.db,
        who.as_ref(),
        body.as_deref(),
        &filter,
        chrono::Utc::now(),
    )
    .await
    .map(|c| c.map(|c| Calendar { site, ..c }))
    .map_err(Into::into)
}

/// One meeting's page; `None` when there is no such (visible) meeting.
#[server(endpoint = "meetings/detail")]
pub async fn load_meeting(
    body: String,
    meeting: String,
) -> Result<Option<MeetingDetail>, ApiError> {
    use crate::server::{services::meetings::calendar, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    calendar::detail(&state.db, who.as_ref(), &body, &meeting, chrono::Utc::now())
        .await
        .map_err(Into::into)
}

/// The edit form's values (secretaries, chairs, administrators): the
/// meeting, whether it belongs to a series, and its fields.
#[server(endpoint = "meetings/values")]
pub async fn meeting_values(
    body: String,
    meeting: String,
) -> Result<(CalendarEntry, bool, BTreeMap<String, String>), ApiError> {
    use crate::server::{services::meetings::schedule, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    schedule::values(&state.db, who.as_ref(), &body, &meeting)
        .await
        .map_err(Into::into)
}

/// The attendance form of a meeting (secretaries, chairs, administrators).
#[server(endpoint = "meetings/attendance")]
pub async fn load_attendance(body: String, meeting: String) -> Result<AttendanceSheet, ApiError> {
    use crate::server::{services::meetings::calendar, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    calendar::sheet(&state.db, who.as_ref(), &body, &meeting)
        .await
        .map_err(Into::into)
}

/// The body's name if the visitor may schedule its meetings.
#[server(endpoint = "meetings/may_schedule")]
pub async fn may_schedule(body: String) -> Result<String, ApiError> {
    use crate::server::viewer;
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    crate::server::authz::managed_body(&state.db, who.as_ref(), &body)
        .await
        .map(|b| b.name)
        .map_err(Into::into)
}

/// A public body's meeting figures (metrics.md) as of the end of `as_of`
/// (`YYYY-MM-DD`, UTC, as the API reads a date), or now.
#[server(endpoint = "meetings/figures")]
pub async fn meeting_figures(
    body: String,
    as_of: Option<String>,
) -> Result<Option<BodyMeetingFigures>, ApiError> {
    let state = crate::server::state::AppState::from_context()?;
    meeting_figures_of(&state, &body, as_of.as_deref()).await
}

/// A public body's meeting figures at a date or an instant, from the
/// figures cache: the page's and its chart's permalink's one loader.
#[cfg(feature = "ssr")]
pub async fn meeting_figures_of(
    state: &crate::server::state::AppState,
    body: &str,
    as_of: Option<&str>,
) -> Result<Option<BodyMeetingFigures>, ApiError> {
    use crate::server::services::{meetings::calendar, metrics::cache::At};
    // A date (its last second, UTC) or an instant, as the dashboards'
    // links carry it.
    let t = match as_of.map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            crate::domain::metrics::instants::parse_as_of(s)
                .ok_or_else(|| ApiError::Invalid(format!("as_of: {s}")))?,
        ),
    };
    let cache_key = format!("meeting-figures:{body}:{t:?}");
    let body = body.to_string();
    state
        .cached(&cache_key, At::Now, move |db, now| async move {
            calendar::figures(&db, &body, t.unwrap_or(now)).await
        })
        .await
}
