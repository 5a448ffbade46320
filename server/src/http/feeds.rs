//! Atom and JSON feeds (`services::feeds`): any demands list with its
//! filters (`/demands.atom?…`, `/demands.feed.json?…`), the whole site's
//! (`/feed.atom`), a body's and an authority's (`…/feed.atom`, `…/feed.json`)
//! and one demand's thread. Read as the public reads; `?lang=en` for English
//! labels.
use app::domain::demands::DemandFilter;
use app::server::error::ServiceError;
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
        Ok(None) | Err(ServiceError::NotFound) => (
            StatusCode::NOT_FOUND,
            "No such feed. / No existe ese canal.",
        )
            .into_response(),
        Err(ServiceError::Form(_)) | Err(ServiceError::Invalid(_)) => (
            StatusCode::BAD_REQUEST,
            "A filter of this feed is not valid. / Un filtro de este canal no es válido.",
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "feed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "The feed could not be made. / No se pudo preparar el canal.",
            )
                .into_response()
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
    respond(
        feeds::demands_feed(&state.db, &state.settings.site, &filter, locale, Utc::now()).await,
        f,
    )
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

/// `/bodies/{key}/feed.atom`, `.json`
pub async fn body(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(q): Params,
    f: Format,
) -> Response {
    let filter = DemandFilter {
        body: key,
        ..Default::default()
    };
    list(&state, filter, &q, f).await
}

/// `/authorities/{key}/feed.atom`, `.json`
pub async fn authority(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Query(q): Params,
    f: Format,
) -> Response {
    let filter = DemandFilter {
        authority: key,
        ..Default::default()
    };
    list(&state, filter, &q, f).await
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
