//! While the database cannot be reached, every request that needed it gets
//! a 503 that says so, in both languages (JSON on the API), instead of a
//! bare 500. Services map a lost database to 503 themselves
//! (`db::is_unavailable`); this catches the rest — e.g. the session store,
//! which fails before any handler runs — by checking the database when a
//! 500 goes out. Nothing is retried here: a lost connection rolled its
//! transaction back, so the user can simply send again.
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use std::time::Duration;

pub async fn tell_when_down(
    State(db): State<DatabaseConnection>,
    req: Request,
    next: Next,
) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let resp = next.run(req).await;
    if resp.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return resp;
    }
    let reachable = matches!(
        tokio::time::timeout(Duration::from_secs(2), db.ping()).await,
        Ok(Ok(()))
    );
    if reachable {
        return resp;
    }
    tracing::warn!("database unreachable: answering 503");
    unavailable(api)
}

pub fn unavailable(api: bool) -> Response {
    let mut resp = if api {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(serde_json::json!({"error": {
                "code": "unavailable",
                "message": "the database is not answering for a moment; try again in a few seconds",
            }})),
        )
            .into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            PAGE,
        )
            .into_response()
    };
    resp.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
    resp
}

const PAGE: &str = r#"<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Voces · Servicio no disponible por un momento</title><link rel="stylesheet" href="/pkg/voces.css"></head>
<body><main id="main" class="wrap"><section class="notice">

<h1>Servicio no disponible por un momento</h1>
<p>La base de datos no responde. Vuelve a intentarlo en unos segundos: no se perdió nada de lo que ya estaba guardado, y lo que enviaste ahora no se guardó.</p>
<h2 lang="en">Service unavailable for a moment</h2>
<p lang="en">The database is not answering. Try again in a few seconds: nothing already saved was lost, and what you just sent was not saved.</p>
</section></main></body></html>
"#;
