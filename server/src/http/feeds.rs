//! Atom and JSON feeds (`services::feeds`): any demands list with its
//! filters (`/demands.atom?…`, `/demands.feed.json?…`), the whole site's
//! (`/feed.atom`), a body's and an authority's (`…/feed.atom`, `…/feed.json`)
//! and one demand's thread. Read as the public reads; `?lang=en` for English
//! labels.
use app::domain::demands::DemandFilter;
use app::messages::{both, both_with, Plain};
use app::server::error::ServiceError;
use app::server::heavy::Heavy;
use app::server::services::feeds::{self, Feed};
use app::server::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use std::collections::HashMap;

type Params = Query<HashMap<String, String>>;

/// The two formats of every feed (the route says which).
#[derive(Clone, Copy)]
pub enum Format {
    Atom,
    Json,
}

fn filter_of(q: &HashMap<String, String>) -> DemandFilter {
    let get = |k: &str| q.get(k).cloned().unwrap_or_default();
    DemandFilter {
        body: get("body"),
        authority: get("authority"),
        topic: get("topic"),
        status: get("status"),
        overdue: match get("overdue").as_str() {
            "true" | "1" => "1".into(),
            _ => String::new(),
        },
        from: get("from"),
        to: get("to"),
        q: get("q"),
        ..Default::default()
    }
}

fn respond(result: Result<Option<Feed>, ServiceError>, format: Format) -> Response {
    match result {
        Ok(Some(feed)) => {
            let (mime, text) = match format {
                Format::Atom => ("application/atom+xml; charset=utf-8", feeds::atom(&feed)),
                Format::Json => (
                    "application/feed+json; charset=utf-8",
                    feeds::json_feed(&feed).to_string(),
                ),
            };
            (
                [
                    (header::CONTENT_TYPE, mime),
                    // Readers poll; five minutes old is fresh enough.
                    (header::CACHE_CONTROL, "public, max-age=300"),
                ],
                text,
            )
                .into_response()
        }
        Ok(None) | Err(ServiceError::NotFound) => {
            (StatusCode::NOT_FOUND, both(Plain::NoFeed)).into_response()
        }
        Err(ServiceError::Form(errs)) => {
            let fields: Vec<String> = errs.into_iter().map(|e| e.field).collect();
            (
                StatusCode::BAD_REQUEST,
                both_with(Plain::InvalidFilter, &fields.join(", ")),
            )
                .into_response()
        }
        Err(ServiceError::Invalid(m)) => {
            (StatusCode::BAD_REQUEST, both_with(Plain::InvalidFilter, &m)).into_response()
        }
        Err(ServiceError::Busy) => super::busy_text(),
        Err(e) => {
            tracing::error!(error = %e, "feed");
            (StatusCode::INTERNAL_SERVER_ERROR, both(Plain::ServerFailed)).into_response()
        }
    }
}

async fn list(
    state: &AppState,
    filter: DemandFilter,
    q: &HashMap<String, String>,
    f: Format,
) -> Response {
    let locale = feeds::locale_of(q.get("lang").map(String::as_str));
    let feed = state
        .bounded(Heavy::list(&filter.q), move |s| async move {
            feeds::demands_feed(&s.db, &s.settings.site, &filter, locale, Utc::now()).await
        })
        .await;
    respond(feed, f)
}

/// `/feed.atom`, `/feed.json`: the whole site.
pub async fn site(State(state): State<AppState>, Query(q): Params, f: Format) -> Response {
    let locale = feeds::locale_of(q.get("lang").map(String::as_str));
    respond(
        feeds::site_feed(&state.db, &state.settings.site, locale, Utc::now()).await,
        f,
    )
}

/// `/demands.atom?…`; `/demands.feed.json?…`.
pub async fn demands(State(state): State<AppState>, Query(q): Params, f: Format) -> Response {
    list(&state, filter_of(&q), &q, f).await
}

/// A body's list (`/bodies/{key}/feed.atom`).
pub fn of_body(key: String) -> DemandFilter {
    DemandFilter {
        body: key,
        ..Default::default()
    }
}

/// An authority's list (`/authorities/{key}/feed.atom`).
pub fn of_authority(key: String) -> DemandFilter {
    DemandFilter {
        authority: key,
        ..Default::default()
    }
}

/// A body's or an authority's feed: `scope` makes the list's filter of the
/// key in the path.
pub async fn scoped(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(q): Params,
    scope: fn(String) -> DemandFilter,
    f: Format,
) -> Response {
    list(&state, scope(key), &q, f).await
}

/// `/bodies/{key}/demands/{demand}/feed.atom`, `.json`
pub async fn demand(
    State(state): State<AppState>,
    Path((body, demand)): Path<(String, String)>,
    Query(q): Params,
    f: Format,
) -> Response {
    let locale = feeds::locale_of(q.get("lang").map(String::as_str));
    respond(
        feeds::demand_feed(
            &state.db,
            &state.settings.site,
            &body,
            &demand,
            locale,
            Utc::now(),
        )
        .await,
        f,
    )
}
