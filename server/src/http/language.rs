//! `/lang/{locale}?next=/path`: remembers the language in the cookie that
//! leptos_i18n reads, then returns to the page. A plain link, so it works
//! without JavaScript.
use axum::extract::{Path, Query};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

pub const COOKIE: &str = "i18n_pref_locale";

#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

pub async fn switch(Path(locale): Path<String>, Query(q): Query<Next>) -> Response {
    if !matches!(locale.as_str(), "es" | "en") {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    }
    let target = safe_next(q.next.as_deref());
    let mut resp = StatusCode::SEE_OTHER.into_response();
    let headers = resp.headers_mut();
    if let Some(v) = cookie(&locale) {
        headers.insert(header::SET_COOKIE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&target) {
        headers.insert(header::LOCATION, v);
    }
    resp
}

/// The cookie that keeps the interface in `locale`.
pub fn cookie(locale: &str) -> Option<HeaderValue> {
    HeaderValue::from_str(&format!(
        "{COOKIE}={locale}; Path=/; Max-Age=31536000; SameSite=Lax"
    ))
    .ok()
}

/// The one place a page's language is decided, per request and before
/// Leptos renders: the reader's choice (the switch's cookie, also set on
/// signing in from the account's language) written over the request's
/// `Accept-Language`, which is all the pages read (leptos_i18n's own
/// cookie is off: it wrote one cookie per directory visited, without an
/// expiry, over the reader's choice — and once a page in the wrong
/// language). Without a choice, the browser's `Accept-Language` as sent.
pub async fn negotiate(mut req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let chosen = chosen(req.headers());
    if let Some(lang) = chosen {
        req.headers_mut()
            .insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static(lang));
    }
    next.run(req).await
}

/// The language chosen with the switch, if any.
fn chosen(headers: &axum::http::HeaderMap) -> Option<&'static str> {
    // The last one sent wins, as the switch writes over the earlier.
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
        .filter_map(|v| match v.trim() {
            "en" => Some("en"),
            "es" => Some("es"),
            _ => None,
        })
        .next_back()
}

/// The language a request's reader chose with the switch ("en" or "es",
/// the default), for what is written on their behalf (an invitation mail).
pub fn of_request(headers: &axum::http::HeaderMap) -> &'static str {
    chosen(headers).unwrap_or("es")
}

/// Only same-site paths: "/x" but not "//evil.example" or "https://…".
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn refuses_other_sites() {
        assert_eq!(safe_next(Some("/bodies/x?q=1")), "/bodies/x?q=1");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}

#[cfg(test)]
mod reader_tests {
    use super::*;

    #[test]
    fn the_chosen_language_from_the_cookie() {
        let mut h = axum::http::HeaderMap::new();
        assert_eq!(of_request(&h), "es");
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; i18n_pref_locale=en"),
        );
        assert_eq!(of_request(&h), "en");
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("x_i18n_pref_locale=en"),
        );
        assert_eq!(of_request(&h), "es");
        // A narrower cookie is sent first, the reader's choice (path /) last.
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("i18n_pref_locale=en; s=1; i18n_pref_locale=es"),
        );
        assert_eq!(chosen(&h), Some("es"));
    }
}
