//! Dashboard charts to embed (`services::chart_images`): each chart (bars
//! and the trend) of a council's and an authority's dashboard at
//! `/bodies/{key}/charts/{name}.svg` (or `.png`) and
//! `/authorities/{key}/charts/{name}.svg`, with `?as_of=` for the figures of
//! a date and `?lang=en` for English. What is drawn is the page's, from the
//! same figures cache; the credit line names the source and the date.
use app::api::dashboards::{authority_dashboard_of, body_dashboard_of};
use app::domain::error::ApiError;
use app::messages::{both, Plain};
use app::pages::dashboards::charts::{meeting_rates, of_authority, of_body, of_composition, Chart};
use app::server::services::chart_images::{self, Drawing, Embedded};
use app::server::services::feeds::locale_of;
use app::server::services::metrics::cache::At;
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

async fn answer(chart: Chart, credit: String, png: bool) -> Response {
    let drawing = match &chart {
        Chart::Bars(c) => Drawing::Bars(&c.bars, c.max),
        Chart::Trend(t) => Drawing::Trend(&t.labels, &t.series),
    };
    let svg = chart_images::svg(&Embedded {
        title: chart.title(),
        drawing,
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
        // The image's own styles are inline; nothing else may load or run.
        let policy = (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'",
        );
        return (headers("image/svg+xml; charset=utf-8"), [policy], svg).into_response();
    }
    match tokio::task::spawn_blocking(move || share_cards::png(&svg)).await {
        Ok(Ok(bytes)) => (headers("image/png"), bytes).into_response(),
        other => {
            tracing::error!(?other, "chart png");
            (StatusCode::INTERNAL_SERVER_ERROR, both(Plain::ServerFailed)).into_response()
        }
    }
}

/// Why a chart's address is refused.
enum Refused {
    NoSuchChart,
    BadDate,
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Refused::NoSuchChart => not_found(),
            Refused::BadDate => {
                (StatusCode::BAD_REQUEST, both(Plain::InvalidFilter)).into_response()
            }
        }
    }
}

/// What a chart's address asks for: which chart, in which format, at which
/// instant, in which language — or the answer to a bad address.
struct Asked {
    name: String,
    png: bool,
    at: At,
    locale: app::i18n::Locale,
}

fn asked(file: &str, q: &HashMap<String, String>) -> Result<Asked, Refused> {
    let Some((name, png)) = split(file) else {
        return Err(Refused::NoSuchChart);
    };
    let Some(at) = At::parse_as_of(q.get("as_of").map(String::as_str)) else {
        return Err(Refused::BadDate);
    };
    Ok(Asked {
        name: name.to_string(),
        png,
        at,
        locale: locale_of(q.get("lang").map(String::as_str)),
    })
}

/// The chart `pick` finds in what was loaded, credited to `page`.
async fn draw<T>(
    state: &AppState,
    loaded: Result<Option<T>, ApiError>,
    page: String,
    a: &Asked,
    pick: impl FnOnce(&T) -> Option<(Chart, String)>,
) -> Response {
    match loaded {
        Ok(Some(d)) => match pick(&d) {
            Some((chart, as_of)) => {
                let credit = chart_images::credit(&state.settings.site, a.locale, &page, &as_of);
                answer(chart, credit, a.png).await
            }
            None => not_found(),
        },
        Ok(None) | Err(ApiError::NotFound) => not_found(),
        Err(e) => failed(e),
    }
}

/// `GET /bodies/{key}/charts/{name}.svg|png`.
pub async fn body(
    State(state): State<AppState>,
    Path((key, file)): Path<(String, String)>,
    Query(q): Params,
) -> Response {
    let a = match asked(&file, &q) {
        Ok(a) => a,
        Err(r) => return r.into_response(),
    };
    let page = format!("/bodies/{key}");
    // The composition's and the meetings' charts come from their own
    // figures (the page's loaders), at the address's date as the page reads it.
    let raw = q.get("as_of").map(String::as_str);
    match a.name.as_str() {
        "gender" | "groups" | "countries" => {
            let loaded = app::api::bodies::composition_of(&state, &key, raw).await;
            draw(&state, loaded, page, &a, |c| {
                Some((
                    Chart::Bars(of_composition(a.locale, c, &a.name)?),
                    c.as_of.clone(),
                ))
            })
            .await
        }
        "meetings" => {
            let loaded = app::api::meetings::meeting_figures_of(&state, &key, raw).await;
            draw(&state, loaded, page, &a, |f| {
                let date = f.as_of.get(..10).unwrap_or(&f.as_of).to_string();
                Some((Chart::Bars(meeting_rates(a.locale, f)), date))
            })
            .await
        }
        _ => {
            let loaded = body_dashboard_of(&state, &key, a.at).await;
            draw(&state, loaded, page, &a, |d| {
                Some((of_body(a.locale, d, &a.name)?, d.as_of_date.clone()))
            })
            .await
        }
    }
}

/// `GET /authorities/{key}/charts/{name}.svg|png`.
pub async fn authority(
    State(state): State<AppState>,
    Path((key, file)): Path<(String, String)>,
    Query(q): Params,
) -> Response {
    let a = match asked(&file, &q) {
        Ok(a) => a,
        Err(r) => return r.into_response(),
    };
    let loaded = authority_dashboard_of(&state, &key, a.at).await;
    draw(&state, loaded, format!("/authorities/{key}"), &a, |d| {
        Some((of_authority(a.locale, d, &a.name)?, d.as_of_date.clone()))
    })
    .await
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
