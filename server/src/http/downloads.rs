//! The bulk downloads and the national calendar as files
//! (`services::downloads` builds them): served by tower-http's `ServeFile`,
//! which answers `Range` (206), `HEAD`, `If-Modified-Since` and serves the
//! gzipped twin to clients that take gzip; `ETag` and `If-None-Match` are
//! answered here. A download whose file cannot be built now (every build
//! slot taken) gets 429 with `Retry-After`.
use app::server::error::ServiceError;
use app::server::services::downloads::{Built, Outcome, Wanted};
use app::server::state::AppState;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeFile;

/// Whether `If-None-Match` names this file (either encoding's tag, or `*`).
fn not_modified(headers: &HeaderMap, built: &Built) -> bool {
    let Some(v) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let base = built.etag.trim_end_matches('"');
    v.split(',').map(str::trim).any(|tag| {
        let tag = tag.trim_start_matches("W/");
        tag == "*" || tag == built.etag || tag == format!("{base}-gz\"")
    })
}

/// The file as asked for: 200 whole, 206 a range, 304 unchanged; what
/// cannot be had now as the API says it.
pub async fn send(state: &AppState, wanted: Wanted, req: Request) -> Response {
    send_or(state, wanted, req, busy, super::api::failed).await
}

/// As `send`, `busy` answering when every build slot is taken (with the
/// seconds to wait) and `failed` when the file could not be built.
pub async fn send_or(
    state: &AppState,
    wanted: Wanted,
    req: Request,
    busy: fn(u64) -> Response,
    failed: fn(ServiceError) -> Response,
) -> Response {
    let outcome = state
        .downloads
        .file(&state.db, wanted.clone(), &state.heavy)
        .await;
    let built = match outcome {
        Ok(Outcome::Ready(b)) => b,
        Ok(Outcome::Busy { retry_after }) => return busy(retry_after),
        Err(e) => return failed(e),
    };
    if not_modified(req.headers(), &built) {
        let mut resp = StatusCode::NOT_MODIFIED.into_response();
        if let Ok(v) = HeaderValue::from_str(&built.etag) {
            resp.headers_mut().insert(header::ETAG, v);
        }
        return resp;
    }
    let resp = match ServeFile::new(&built.path)
        .precompressed_gzip()
        .oneshot(req)
        .await
    {
        Ok(r) => r.map(Body::new),
        Err(never) => match never {},
    };
    // Removed between the answer above and the opening (replaced by a
    // newer file): the next request gets that one.
    if resp.status() == StatusCode::NOT_FOUND {
        return busy(1);
    }
    let (mut parts, body) = resp.into_parts();
    let gz = parts.headers.get(header::CONTENT_ENCODING).is_some();
    // A strong tag names bytes: the gzipped twin has its own.
    let etag = if gz {
        format!("{}-gz\"", built.etag.trim_end_matches('"'))
    } else {
        built.etag.clone()
    };
    let h = &mut parts.headers;
    for (name, value) in [
        (header::CONTENT_TYPE, wanted.kind.content_type().to_string()),
        (
            header::CONTENT_DISPOSITION,
            wanted.kind.disposition(built.t),
        ),
        (header::ETAG, etag),
        // Kept by caches, asked again each time: 304 while unchanged.
        (header::CACHE_CONTROL, "public, no-cache".to_string()),
        (header::VARY, "accept-encoding".to_string()),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
    Response::from_parts(parts, body)
}

/// 429: every build slot is taken.
fn busy(retry_after: u64) -> Response {
    let mut resp = super::api::error(
        StatusCode::TOO_MANY_REQUESTS,
        "busy",
        "this download is being prepared for many readers at once; try again in a moment",
        None,
    );
    resp.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    resp
}
