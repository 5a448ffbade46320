//! One span per request: a request id, the method, the route (the router's
//! pattern such as `/bodies/{key}`, never the path itself, which may hold
//! a token), then the status and the latency when it ends. Every log line
//! written while the request runs carries the span, so a report that quotes
//! the id finds all of it. The id goes back in `X-Request-Id`, and an error
//! page (5xx) shows it so that a person can quote it.
use app::server::monitoring::Monitoring;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Instant;
use tracing::Instrument;

/// A request's id, in the request's extensions for whoever needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

pub const HEADER: &str = "x-request-id";

/// A request slower than this is logged at `info` whatever its status.
const SLOW_MS: f64 = 500.0;

/// Unique within the process (a counter) and across instances (a random
/// prefix chosen at start-up): `3f9a1c07-000042`.
fn next_id() -> String {
    static PREFIX: OnceLock<u32> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let prefix = PREFIX.get_or_init(|| {
        use rand_core::RngCore;
        rand_core::OsRng.next_u32()
    });
    format!(
        "{prefix:08x}-{:06x}",
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The outermost layer: opens the span, times the request, logs its end.
pub async fn span(
    State(monitoring): State<Arc<Monitoring>>,
    mut req: Request,
    next: Next,
) -> Response {
    let id = next_id();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "(other)".into());
    let method = req.method().clone();
    let span = tracing::info_span!(
        "request",
        id = %id,
        method = %method,
        route = %route,
        status = tracing::field::Empty,
        ms = tracing::field::Empty,
    );
    req.extensions_mut().insert(RequestId(id.clone()));
    let started = Instant::now();
    let mut resp = next.run(req).instrument(span.clone()).await;
    let status = resp.status();
    let seconds = started.elapsed().as_secs_f64();
    let ms = seconds * 1000.0;
    monitoring.request(method.as_str(), &route, status.as_u16(), seconds);
    span.record("status", status.as_u16());
    span.record("ms", format!("{ms:.1}"));
    // Every request at `debug` (RUST_LOG=server::http::trace=debug); the
    // ones someone should look at, at `info` and above, by default.
    span.in_scope(|| {
        if status.is_server_error() {
            tracing::warn!("request failed");
        } else if status.is_client_error() || ms >= SLOW_MS {
            tracing::info!("request done");
        } else {
            tracing::debug!("request done");
        }
    });
    if let Ok(v) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert(HEADER, v);
    }
    resp
}

/// Inside compression: writes the request id into the body of an error
/// (5xx) answer in HTML or plain text, so the page a person sees names it.
pub async fn stamp_errors(req: Request, next: Next) -> Response {
    let id = req.extensions().get::<RequestId>().cloned();
    let resp = next.run(req).await;
    let Some(RequestId(id)) = id else {
        return resp;
    };
    if !resp.status().is_server_error() {
        return resp;
    }
    let kind = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let html = kind.starts_with("text/html");
    if !(html || kind.starts_with("text/plain")) {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    // Error pages are small; anything that does not read is passed on empty
    // rather than half.
    let bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    let stamped = stamp(&text, &id, html);
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(stamped))
}

/// The body with a line naming the request id: before `</main>` (or
/// `</body>`) in HTML, at the end of plain text.
fn stamp(text: &str, id: &str, html: bool) -> String {
    if !html {
        return format!("{text}\n\nReferencia / Reference: {id}\n");
    }
    let line = format!(
        "<p class=\"request-id\">Referencia para el soporte / Reference for support: <code>{id}</code></p>"
    );
    match text.rfind("</main>").or_else(|| text.rfind("</body>")) {
        Some(at) => format!("{}{line}{}", &text[..at], &text[at..]),
        None => format!("{text}{line}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_differ_and_pages_name_them() {
        let (a, b) = (next_id(), next_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 15);
        let page = stamp(
            "<html><body><main><h1>x</h1></main></body></html>",
            &a,
            true,
        );
        assert!(page.contains(&format!("<code>{a}</code></p></main>")));
        assert!(stamp("boom", &a, false).ends_with(&format!("Reference: {a}\n")));
    }
}
