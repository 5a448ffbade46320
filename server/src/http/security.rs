//! Headers every response carries: no MIME sniffing, no referrer beyond the
//! origin to other sites, never framed, and a Content-Security-Policy —
//! pages set their own (with their nonce, `app::shell`); anything else gets
//! the policy without one.
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub async fn headers(req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(v) = HeaderValue::from_str(&app::server::security::content_security_policy(None))
        {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    resp
}
