//! Dashboard charts to embed (`services::chart_images`): each bar chart of
//! a council's and an authority's dashboard at
//! `/bodies/{key}/charts/{name}.svg` (or `.png`) and
//! `/authorities/{key}/charts/{name}.svg`, with `?as_of=` for the figures of
//! a date and `?lang=en` for English. The bars are the page's, from the
//! same figures cache; the credit line names the source and the date.
use app::domain::error::ApiError;
use app::messages::{both, Plain};
use app::pages::dashboards::charts::{of_authority, of_body, ChartData};
use app::server::services::chart_images::{self, Embedded};
use app::server::services::feeds::locale_of;
use app::server::services::metrics::{cache::At, dashboards};
use app::server::services::share_cards;
use app::server::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

type Params = Query<HashMap<String, String>>;

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, both(Plain::NoFeed)).into_response()
}

/// `topics.svg` → ("topics", svg).
fn split(file: &str) -> Option<(&str, bool)> {
    if let Some(name) = file.strip_suffix(".svg") {
        Some((name, false))
    } else {
        file.strip_suffix(".png").map(|name| (name, true))
    }
}

async fn answer(chart: ChartData, credit: String, png: bool) -> Response {
    let svg = chart_images::svg(&Embedded {
        title: &chart.title,
        bars: &chart.bars,
        credit: &credit,
    });
    // Figures of a past date do not change; "now" moves with every write.
    let headers = |mime: &'static str| {
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=300"),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ]
    };
    if !png {
        return (headers("image/svg+xml; charset=utf-8"), svg).into_response();
    }
    match tokio::task::spawn_blocking(move || share_cards::png(&svg)).await {
        Ok(Ok(bytes)) => (headers("image/png"), bytes).into_response(),
        other => {
            tracing::error!(?other, "chart png");
            (StatusCode::INTERNAL_SERVER_ERROR, both(Plain::ServerFailed)).into_response()
        }
    }
}

fn credit(state: &AppState, locale: app::i18n::Locale, path: &str, as_of: &str) -> String {
    chart_images::credit(&state.settings.site, locale, path, as_of)
}

fn at(q: &HashMap<String, String>) -> Option<At> {
    At::parse_as_of(q.get("as_of").map(String::as_str))
}

/// `GET /bodies/{key}/charts/{name}.svg|png`.
pub async fn body(
    State(state): State<AppState>,
    Path((key, file)): Path<(String, String)>,
    Query(q): Params,
) -> Response {
    let Some((name, png)) = split(&file) else {
        return not_found();
    };
    let Some(at) = at(&q) else {
        return (StatusCode::BAD_REQUEST, both(Plain::InvalidFilter)).into_response();
    };
    let locale = locale_of(q.get("lang").map(String::as_str));
    let db = state.db.clone();
    let k = key.clone();
    let loaded = state
        .cached(&format!("body-dashboard:{key}"), at, |t| async move {
            dashboards::body(&db, &k, t).await
        })
        .await;
    match loaded {
        Ok(Some(d)) => match of_body(locale, &d, name) {
            Some(chart) => {
                let credit = credit(&state, locale, &format!("/bodies/{key}"), &d.as_of_date);
                answer(chart, credit, png).await
            }
            None => not_found(),
        },
        Ok(None) | Err(ApiError::NotFound) => not_found(),
        Err(e) => failed(e),
    }
}

/// `GET /authorities/{key}/charts/{name}.svg|png`.
pub async fn authority(
    State(state): State<AppState>,
    Path((key, file)): Path<(String, String)>,
    Query(q): Params,
) -> Response {
    let Some((name, png)) = split(&file) else {
        return not_found();
    };
    let Some(at) = at(&q) else {
        return (StatusCode::BAD_REQUEST, both(Plain::InvalidFilter)).into_response();
    };
    let locale = locale_of(q.get("lang").map(String::as_str));
    let db = state.db.clone();
    let k = key.clone();
    let loaded = state
        .cached(&format!("authority-dashboard:{key}"), at, |t| async move {
            dashboards::authority(&db, &k, t).await
        })
        .await;
    match loaded {
        Ok(Some(d)) => match of_authority(locale, &d, name) {
            Some(chart) => {
                let credit = credit(
                    &state,
                    locale,
                    &format!("/authorities/{key}"),
                    &d.as_of_date,
                );
                answer(chart, credit, png).await
            }
            None => not_found(),
        },
        Ok(None) | Err(ApiError::NotFound) => not_found(),
        Err(e) => failed(e),
    }
}

fn failed(e: ApiError) -> Response {
    match e {
        ApiError::Invalid(_) => {
            (StatusCode::BAD_REQUEST, both(Plain::InvalidFilter)).into_response()
        }
        e => {
            tracing::error!(error = ?e, "chart");
            (StatusCode::INTERNAL_SERVER_ERROR, both(Plain::ServerFailed)).into_response()
        }
    }
}
