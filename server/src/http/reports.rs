//! The annual reports as PDF (`services::annual_pdf`):
//! `GET /bodies/{key}/informe/{year}/pdf` and
//! `GET /authorities/{key}/informe/{year}/pdf`, `?paper=a4|letter` and
//! `?lang=en`. The report comes from the page's own loader
//! (`api::dashboards::annual_of`), so a report the page does not show —
//! a private council's, a year to come — is not found here either.
use app::api::dashboards::annual_of;
use app::domain::annual::ReportOf;
use app::domain::error::ApiError;
use app::i18n::Locale;
use app::messages::{both, Plain};
use app::server::pdf::Paper;
use app::server::services::annual_pdf;
use app::server::services::feeds::{locale_accepted, locale_of};
use app::server::services::metrics::cache::At;
use app::server::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Arc;

type Params = Query<HashMap<String, String>>;

/// `?lang=` when given, else the language the pages would be in (the
/// request's `Accept-Language`, which `language::negotiate` has set from
/// the reader's choice).
fn locale(q: &HashMap<String, String>, headers: &HeaderMap) -> Locale {
    match q.get("lang") {
        Some(lang) => locale_of(Some(lang)),
        None => locale_accepted(
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default(),
        ),
    }
}

struct Asked {
    of: ReportOf,
    key: String,
    year: String,
    locale: Locale,
    paper: Paper,
}

async fn pdf(state: AppState, a: Asked) -> Response {
    let Asked {
        of,
        key,
        year,
        locale,
        paper,
    } = a;
    let not_found = || (StatusCode::NOT_FOUND, both(Plain::NoReport)).into_response();
    let Ok(year) = year.parse::<i32>() else {
        return not_found();
    };
    let report = match annual_of(&state, of, &key, year).await {
        Ok(Some(r)) => r,
        Ok(None) | Err(ApiError::NotFound) => return not_found(),
        Err(e) => {
            tracing::error!(error = ?e, "annual report");
            return (StatusCode::INTERNAL_SERVER_ERROR, both(Plain::ServerFailed)).into_response();
        }
    };
    let site = state.settings.site.0.clone();
    let (partial, as_of) = (report.head().partial, report.head().as_of.clone());
    // One PDF per report, language and paper until the next write, made
    // once however many ask at once (the figures cache's single flight):
    // a download is not a way to keep the server's cores busy.
    let at = match as_of.parse() {
        Ok(t) if !partial => At::Given(t),
        _ => At::Now,
    };
    let cache_key = format!("annual-pdf:{of:?}:{key}:{year}:{locale:?}:{paper:?}");
    let made = state
        .cached(&cache_key, at, move |_, _| async move {
            // Laying out and writing a PDF is CPU work: off the async workers.
            let made = tokio::task::spawn_blocking(move || {
                annual_pdf::report(&report, locale, &site, paper)
            })
            .await;
            Ok(match made {
                Ok(Ok(bytes)) => Ok(Arc::new(bytes)),
                Ok(Err(e)) => Err(e.to_string()),
                Err(e) => Err(e.to_string()),
            })
        })
        .await;
    match made {
        Ok(Ok(bytes)) => {
            let file = format!("voces-{key}-{year}.pdf");
            let disposition = format!("attachment; filename=\"{file}\"");
            (
                [
                    (header::CONTENT_TYPE, "application/pdf".to_string()),
                    (header::CONTENT_DISPOSITION, disposition),
                    (header::CACHE_CONTROL, "public, max-age=300".to_string()),
                ],
                bytes.as_ref().clone(),
            )
                .into_response()
        }
        other => {
            tracing::error!(?other, "annual report pdf");
            (StatusCode::INTERNAL_SERVER_ERROR, both(Plain::ServerFailed)).into_response()
        }
    }
}

/// `GET /bodies/{key}/informe/{year}/pdf` (`of` Body) and
/// `GET /authorities/{key}/informe/{year}/pdf` (`of` Authority).
pub async fn report(
    of: ReportOf,
    State(state): State<AppState>,
    Path((key, year)): Path<(String, String)>,
    Query(q): Params,
    headers: HeaderMap,
) -> Response {
    let a = Asked {
        of,
        key,
        year,
        locale: locale(&q, &headers),
        paper: Paper::parse(q.get("paper").map(String::as_str)),
    };
    pdf(state, a).await
}
