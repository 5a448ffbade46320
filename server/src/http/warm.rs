//! Cold start: right after a fresh process starts listening, its heaviest
//! public pages are rendered once in the background, through the router
//! itself, so that the figures they need are in the figures cache before
//! the first reader asks (measured at 1M referrals: the first
//! `/authorities/inm` of a fresh process took 10.9 s, the home page 3 s).
//! One page at a time, so the warm-up takes one core at most while the
//! server already answers. Its requests carry `x-voces-warm: 1`.
use app::server::services::open_data;
use app::server::state::AppState;
use axum::body::Body;
use axum::http::Request;
use std::time::Instant;
use tower::ServiceExt;

/// The pages warmed, heaviest (national) first.
pub async fn paths(state: &AppState) -> Vec<String> {
    let mut paths: Vec<String> = ["/", "/authorities", "/demands", "/meetings", "/mapa"]
        .map(String::from)
        .to_vec();
    match open_data::authorities(&state.db, None).await {
        Ok(list) => paths.extend(list.iter().map(|a| format!("/authorities/{}", a.key))),
        Err(e) => tracing::warn!(error = %e, "warm-up: the authorities"),
    }
    match open_data::bodies(&state.db, None).await {
        Ok(list) => paths.extend(list.iter().map(|b| format!("/bodies/{}", b.key))),
        Err(e) => tracing::warn!(error = %e, "warm-up: the bodies"),
    }
    paths
}

/// Renders each page of [`paths`] once; how many answered 200.
pub async fn warm(state: AppState) -> usize {
    warm_until(state, || false).await
}

/// As [`warm`], stopping before the next page once `stopped()` says so. A
/// stopping server waits for the page in progress instead of aborting it:
/// a page dropped mid-render left its Leptos tasks running without their
/// context, and they panicked on the way out.
pub async fn warm_until(state: AppState, stopped: impl Fn() -> bool) -> usize {
    let started = Instant::now();
    let paths = paths(&state).await;
    let app = super::router(state);
    let mut ok = 0;
    for path in &paths {
        if stopped() {
            tracing::debug!("warm-up: stopped");
            return ok;
        }
        let Ok(req) = Request::get(path.as_str())
            .header("x-voces-warm", "1")
            .body(Body::empty())
        else {
            continue;
        };
        match app.clone().oneshot(req).await {
            Ok(resp) => {
                let fine = resp.status().is_success();
                // Rendered to the end: a page's figures load as it streams.
                let _ = axum::body::to_bytes(resp.into_body(), usize::MAX).await;
                if fine {
                    ok += 1;
                } else {
                    tracing::debug!(path, "warm-up: not a page now");
                }
            }
            Err(never) => match never {},
        }
    }
    tracing::info!(
        pages = paths.len(),
        ok,
        ms = started.elapsed().as_millis() as u64,
        "warm-up: the figures of the public pages are ready"
    );
    ok
}
