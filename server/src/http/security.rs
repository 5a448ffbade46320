//! Headers every response carries: no MIME sniffing, no referrer beyond the
//! origin to other sites, never framed, and a Content-Security-Policy —
//! a page's names the nonce its shell told for this request (`app::shell`,
//! `security::with_page_nonce`); anything else gets the policy without one.
use app::server::security;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub async fn headers(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let (mut resp, page_nonce) = security::with_page_nonce(next.run(req)).await;
    let resp_status = resp.status();
    let h = resp.headers_mut();
    // A page's policy names the nonce its shell told (the one on its
    // scripts), whatever reached the response through Leptos.
    if let Some(nonce) = page_nonce {
        let had = h
            .get(header::CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        if !had
            .as_ref()
            .is_some_and(|v| v.contains(&format!("'nonce-{nonce}'")))
        {
            tracing::warn!(
                %path,
                status = %resp_status,
                policy = had.as_deref().unwrap_or("none"),
                told = %nonce,
                "a page's policy without its nonce: set from the shell's"
            );
        }
        if let Ok(v) = HeaderValue::from_str(&security::content_security_policy(Some(&nonce))) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
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
        if let Ok(v) = HeaderValue::from_str(&security::content_security_policy(None)) {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    resp
}
