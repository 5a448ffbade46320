//! The images shared links show (`og:image`): a council's and an
//! authority's headline figure as a 1200×630 PNG
//! (`services::share_cards`), in the reader's language, drawn off the
//! async threads and kept by caches for an hour.
use app::domain::error::ApiError;
use app::messages::{both, Plain};
use app::server::services::bodies;
use app::server::services::feeds::locale_of;
use app::server::services::metrics::cache::At;
use app::server::services::share_cards::{self, Card};
use app::server::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, both(Plain::NoPublicBody)).into_response()
}

fn failed(what: &str, e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "{what}");
    (StatusCode::INTERNAL_SERVER_ERROR, both(Plain::ServerFailed)).into_response()
}

async fn png(card: Card) -> Response {
    let svg = share_cards::svg(&card);
    match tokio::task::spawn_blocking(move || share_cards::png(&svg)).await {
        Ok(Ok(bytes)) => (
            [
                (header::CONTENT_TYPE, "image/png"),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(e)) => failed("share card", e),
        Err(e) => failed("share card", e),
    }
}

/// `GET /bodies/{key}/card.png`: the public page's figures (and cache).
pub async fn body(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Response {
    let locale = locale_of(Some(super::language::of_request(&headers)));
    let cache_key = format!("body:{key}");
    let loaded = state
        .cached(&cache_key, At::Now, |db, now| async move {
            bodies::get_public(&db, &key, now).await
        })
        .await;
    let today = Utc::now().date_naive().to_string();
    match loaded {
        Ok(Some(d)) if d.public => {
            png(share_cards::body_card(
                &d,
                &state.settings.site,
                locale,
                &today,
            ))
            .await
        }
        Ok(_) | Err(ApiError::NotFound) => not_found(),
        Err(e) => failed("body card", format!("{e:?}")),
    }
}

/// `GET /authorities/{key}/card.png`: the dashboard's figures, from the
/// figures cache the page itself reads.
pub async fn authority(
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Response {
    let locale = locale_of(Some(super::language::of_request(&headers)));
    let loaded = app::api::dashboards::authority_dashboard_of(&state, &key, At::Now).await;
    match loaded {
        Ok(Some(d)) => {
            png(share_cards::authority_card(
                &d,
                &state.settings.site,
                locale,
            ))
            .await
        }
        Ok(None) | Err(ApiError::NotFound) => not_found(),
        Err(e) => failed("authority card", format!("{e:?}")),
    }
}
