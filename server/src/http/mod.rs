//! The HTTP router: Leptos pages and server functions, `/healthz`, the
//! language switch, static files, and middleware.
mod health;
mod language;

use app::server::state::AppState;
use app::{shell, App};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use sea_orm::DatabaseConnection;
use tower_http::compression::CompressionLayer;

/// The whole application for a state.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context_state = state.clone();
    let fn_state = state.clone();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/lang/{locale}", get(language::switch))
        .route(
            "/api/{*fn_name}",
            axum::routing::post(move |req: axum::extract::Request| {
                let state = fn_state.clone();
                handle_server_fns_with_context(move || provide_context(state.clone()), req)
            }),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            {
                let options = state.leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// Serves on the configured address until interrupted.
pub async fn serve(db: DatabaseConnection) -> std::io::Result<()> {
    let leptos_options = crate::config::leptos_options();
    let addr = leptos_options.site_addr;
    let state = AppState { leptos_options, db };
    let listener = tokio::net::TcpListener::bind(addr).await?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
