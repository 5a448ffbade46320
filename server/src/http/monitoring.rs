//! `GET /metrics` for Prometheus (`app::server::monitoring`): off unless
//! `METRICS_TOKEN` is set, and then only for a scraper that sends it as
//! `Authorization: Bearer <token>` — the figures say how busy the site is
//! and how many mails wait, which is nobody else's business.
use app::server::monitoring;
use app::server::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// Equal, without stopping at the first difference (a token is compared
/// in the same time whatever it shares with the one sent).
fn same(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.ct_eq(b).into()
}

pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = state.settings.metrics_token.as_deref() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    if !sent.is_some_and(|s| same(s.trim().as_bytes(), token.as_bytes())) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer realm=\"metrics\"")],
            "METRICS_TOKEN required as a bearer token\n",
        )
            .into_response();
    }
    // A database that does not answer still leaves the requests' figures
    // worth reading; its own readings are left at zero and logged.
    let mut readings = monitoring::read(&state.db).await.unwrap_or_else(|e| {
        tracing::warn!(error = %e, "metrics: database readings");
        monitoring::Readings::default()
    });
    let (entries, bytes) = state.figures.held();
    readings.figures_entries = i64::try_from(entries).unwrap_or(i64::MAX);
    readings.figures_bytes = i64::try_from(bytes).unwrap_or(i64::MAX);
    let text = monitoring::render(&state.monitoring, &state.figures.counts, &readings);
    (
        [
            (
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_compared_whole() {
        assert!(super::same(b"abc", b"abc"));
        assert!(!super::same(b"abc", b"abd"));
        assert!(!super::same(b"abc", b"abcd"));
        assert!(!super::same(b"", b"a"));
    }
}
