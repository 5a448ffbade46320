//! The largest request body accepted. Forms are a few KB; the largest
//! upload, a roster CSV, is at most 1 MB (`csv_io::MAX_BYTES`), sent as
//! multipart. A request announcing more is refused before its body is read,
//! with a message that says what to do; one that does not announce its
//! length is cut at the same size by axum's extractors.
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Room for the roster file plus the multipart framing and the form's
/// other fields.
pub const MAX_BODY_BYTES: usize = app::server::services::roster::csv_io::MAX_BYTES + 64 * 1024;

pub async fn refuse_oversized(req: Request, next: Next) -> Response {
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    // The administrators' dataset upload has its own, larger limit.
    let limit = if req.uri().path() == app::routes::ADMIN_IMPORT.pattern() {
        super::datasets::UPLOAD_MAX_BYTES + 64 * 1024
    } else {
        MAX_BODY_BYTES
    };
    match announced {
        Some(n) if n > limit as u64 => too_large(req.uri().path()),
        _ => next.run(req).await,
    }
}

fn too_large(path: &str) -> Response {
    let mb = MAX_BODY_BYTES as f64 / 1_048_576.0;
    if path.starts_with("/api/") {
        let body = serde_json::json!({
            "error": "payload_too_large",
            "message": format!("The request is larger than {mb:.1} MB; send less at a time."),
        });
        return (StatusCode::PAYLOAD_TOO_LARGE, axum::Json(body)).into_response();
    }
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "El envío pasa de {mb:.1} MB y no se guardó nada: divide el archivo o envía menos \
             a la vez. / The upload is larger than {mb:.1} MB and nothing was saved: split the \
             file or send less at a time.\n"
        ),
    )
        .into_response()
}
