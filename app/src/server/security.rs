//! The Content-Security-Policy of Voces' responses.
//!
//! Pages run only the scripts Leptos writes into them, each carrying the
//! response's nonce (leptos_axum makes one per response), plus the site's
//! own JavaScript and WebAssembly. No page may be framed, no form may post
//! elsewhere. Inline style *attributes* are allowed (the dashboards' meters
//! set their width); the sanitised Markdown never carries one.

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

#[cfg(test)]
mod tests {
    use super::content_security_policy;

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
