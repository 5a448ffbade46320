//! Configuration from the environment (flags override where given).
use leptos::config::LeptosOptions;
use std::net::SocketAddr;

/// Leptos' options: from cargo-leptos' `LEPTOS_*` variables when present
/// (it sets them when it runs the server), otherwise defaults that match
/// the workspace metadata, so the binary also runs on its own.
pub fn leptos_options() -> LeptosOptions {
    let env = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_string());
    let addr: SocketAddr = env("LEPTOS_SITE_ADDR", "127.0.0.1:3000")
        .parse()
        .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 3000)));
    LeptosOptions::builder()
        .output_name(env("LEPTOS_OUTPUT_NAME", "voces"))
        .site_root(env("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(env("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(addr)
        .build()
}

/// The database URL: `DATABASE_URL`, else a SQLite file under `data/`.
pub fn database_url(flag: Option<String>) -> String {
    flag.or_else(|| std::env::var("DATABASE_URL").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| app::server::db::DEFAULT_DATABASE_URL.to_string())
}
