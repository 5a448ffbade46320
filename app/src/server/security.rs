//! The Content-Security-Policy of Voces' responses.
//!
//! Pages run only the scripts Leptos writes into them, each carrying the
//! response's nonce (leptos_axum makes one per response), plus the site's
//! own JavaScript and WebAssembly. No page may be framed, no form may post
//! elsewhere. Inline style *attributes* are allowed (the dashboards' meters
//! set their width); the sanitised Markdown never carries one.

use std::sync::{Arc, Mutex};

/// The policy; `nonce` is the response's (a page), or none (anything else:
/// then no inline script runs at all).
pub fn content_security_policy(nonce: Option<&str>) -> String {
    let scripts = match nonce {
        Some(n) => format!("'self' 'nonce-{n}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_string(),
    };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self'; \
         style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

tokio::task_local! {
    /// The nonce of the page rendered for the request under way, told by
    /// `shell` and read by the server's header middleware, which sets the
    /// policy with it. The policy was set only through Leptos'
    /// `ResponseOptions`, and once in a while a page came without it (its
    /// inline scripts then refused by the browser): leptos_axum's file
    /// handler took it for a stylesheet served meanwhile (the server's
    /// `http::files` says how, and serves files without it). The request's
    /// own task carries the nonce as well, so that no other path can lose it.
    static PAGE_NONCE: Arc<Mutex<Option<String>>>;
}

/// Runs `f` (the rest of a request) with a place for its page's nonce, and
/// returns what it returned and the nonce a page rendered in it told.
pub async fn with_page_nonce<F: std::future::Future>(f: F) -> (F::Output, Option<String>) {
    let slot = Arc::new(Mutex::new(None));
    let out = PAGE_NONCE.scope(slot.clone(), f).await;
    let nonce = slot.lock().ok().and_then(|mut n| n.take());
    (out, nonce)
}

/// Tells the request's header middleware the nonce of the page rendered
/// (nothing outside a request, as in a test rendering a page by itself).
pub fn tell_page_nonce(nonce: &str) {
    let _ = PAGE_NONCE.try_with(|slot| {
        if let Ok(mut n) = slot.lock() {
            *n = Some(nonce.to_string());
        }
    });
}

#[cfg(test)]
mod tests {
    use super::{content_security_policy, tell_page_nonce, with_page_nonce};

    /// The nonce a page tells reaches its request's middleware, and only
    /// that request's; outside a request, telling it does nothing.
    #[tokio::test]
    async fn a_page_tells_its_request_its_nonce() {
        tell_page_nonce("nowhere");
        let ((), told) = with_page_nonce(async {
            tokio::task::yield_now().await;
            tell_page_nonce("abc");
        })
        .await;
        assert_eq!(told.as_deref(), Some("abc"));
        let ((), none) = with_page_nonce(async {}).await;
        assert_eq!(none, None);
    }

    #[test]
    fn nonce_only_when_given() {
        let page = content_security_policy(Some("abc"));
        assert!(page.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(page.contains("frame-ancestors 'none'"));
        let other = content_security_policy(None);
        assert!(!other.contains("nonce"));
        let scripts = other
            .split(';')
            .find(|d| d.trim_start().starts_with("script-src"))
            .unwrap_or_default();
        assert!(!scripts.contains("unsafe-inline") && !scripts.contains("'unsafe-eval'"));
    }
}
