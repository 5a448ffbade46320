//! The dataset document (dataset.md) as a download: a council's own data
//! for its secretaries and chairs (`/bodies/{key}/export.json`), the whole
//! installation for administrators (`/admin/export.json`). The same
//! document as the command line's `server export`, through the same right
//! (`may::export_dataset`).
use super::auth::AuthSession;
use super::form::actor;
use super::roster::error_response;
use app::server::services::dataset::{self, ExportScope};
use app::server::state::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

fn json_download(name: &str, text: String) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                "application/json; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        text,
    )
        .into_response()
}

async fn download(state: AppState, auth: AuthSession, scope: ExportScope, path: &str) -> Response {
    let who = match actor(&state, &auth).await {
        Ok(a) => a,
        Err(e) => return error_response(e, path),
    };
    let name = match &scope {
        ExportScope::Body(key) => format!("voces-{key}.json"),
        ExportScope::All => "voces.json".to_string(),
    };
    match dataset::export_for(&state.db, who.as_ref(), scope).await {
        Ok(text) => json_download(&name, text),
        Err(e) => error_response(e, path),
    }
}

/// `GET /bodies/{key}/export.json`
pub async fn body(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(key): Path<String>,
) -> Response {
    let path = format!("/bodies/{key}/export.json");
    download(state, auth, ExportScope::Body(key), &path).await
}

/// `GET /admin/export.json`
pub async fn all(State(state): State<AppState>, auth: AuthSession) -> Response {
    download(state, auth, ExportScope::All, "/admin/export.json").await
}
