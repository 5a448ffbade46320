//! Cross-site request refusal: a request that could change something
//! (anything but GET, HEAD, OPTIONS) whose `Origin` names another site is
//! refused with 403. Browsers send `Origin` with every cross-site POST;
//! requests without it (command-line clients) carry no victim's cookies,
//! and the session cookie is SameSite=Lax besides. A follow's one-click
//! unsubscribe (RFC 8058) is posted by mail programs from wherever they
//! are; it carries its own secret token and only stops mail, so any origin
//! may send it.
use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn same_origin_only(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || one_click_unsubscribe(req.uri().path())
    {
        return next.run(req).await;
    }
    let headers = req.headers();
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return next.run(req).await;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .or_else(|| req.uri().authority().map(|a| a.as_str()));
    if host.is_some_and(|h| origin_host(origin) == Some(h)) {
        next.run(req).await
    } else {
        tracing::warn!(%origin, ?host, "cross-origin request refused");
        (
            StatusCode::FORBIDDEN,
            app::messages::both(app::messages::Plain::OtherSite),
        )
            .into_response()
    }
}

/// `/unsubscribe/{token}` and nothing else.
fn one_click_unsubscribe(path: &str) -> bool {
    let pattern = app::routes::UNSUBSCRIBE.pattern();
    let prefix = pattern.split('{').next().unwrap_or(pattern);
    path.strip_prefix(prefix)
        .is_some_and(|token| !token.is_empty() && !token.contains('/'))
}

/// `https://example.org:8443` → `example.org:8443`; `null` → None.
fn origin_host(origin: &str) -> Option<&str> {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))?;
    Some(rest.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::{one_click_unsubscribe, origin_host};

    #[test]
    fn only_the_unsubscribe_address_is_open_to_other_sites() {
        assert!(one_click_unsubscribe("/unsubscribe/abc_DEF-1"));
        assert!(!one_click_unsubscribe("/unsubscribe/"));
        assert!(!one_click_unsubscribe("/unsubscribe/a/b"));
        assert!(!one_click_unsubscribe("/follows/abc/remove"));
    }

    #[test]
    fn hosts_of_origins() {
        assert_eq!(origin_host("http://127.0.0.1:3000"), Some("127.0.0.1:3000"));
        assert_eq!(origin_host("https://voces.org"), Some("voces.org"));
        assert_eq!(origin_host("null"), None);
    }
}
