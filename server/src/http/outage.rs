//! While the database cannot be reached, every request that needed it gets
//! a 503 that says so, in both languages (JSON on the API), instead of a
//! bare 500 — and a form that was refused comes back filled in, ready to be
//! sent again, so nobody loses what they typed.
//!
//! How a lost database is recognised: whichever code meets it — a service,
//! the session store, the sign-in backend — asks `db::is_unavailable`, which
//! notes it for the request ([`app::server::db::watch_outage`]). The empty
//! 500 that tower-sessions or axum-login answer then becomes the outage
//! page. That is decided by what happened during the request, not by a
//! later ping: a ping only backs it up for a 500 from code that did not ask
//! (it could succeed once the database is back, which is why it is not the
//! rule). Nothing is retried here: a lost connection rolled its transaction
//! back, so the user can simply send again.
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use std::time::Duration;

/// A form as it was posted: where to, and its fields in their order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptForm {
    action: String,
    fields: Vec<(String, String)>,
}

pub async fn tell_when_down(
    State(db): State<DatabaseConnection>,
    req: Request,
    next: Next,
) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let (req, kept) = match keep_form(req, api).await {
        Ok(x) => x,
        Err(refused) => return refused,
    };
    // Just after an outage was seen, a new request learns within a second
    // whether it is over, instead of waiting the pool's 8 s to be told.
    if req.uri().path() != "/healthz" && app::server::db::still_unavailable(&db).await {
        return match kept {
            Some(form) => unavailable_form(&form),
            None => unavailable(api),
        };
    }
    let (resp, seen) = app::server::db::watch_outage(next.run(req)).await;
    let status = resp.status();
    let down = match status {
        StatusCode::SERVICE_UNAVAILABLE => seen,
        StatusCode::INTERNAL_SERVER_ERROR => seen || !reachable(&db).await,
        _ => false,
    };
    if !down {
        return resp;
    }
    tracing::warn!(%status, noted = seen, "database unreachable: answering 503");
    match kept {
        Some(form) => unavailable_form(&form),
        // Already the outage page or a page rendered with its message.
        None if status == StatusCode::SERVICE_UNAVAILABLE => resp,
        None => unavailable(api),
    }
}

async fn reachable(db: &DatabaseConnection) -> bool {
    matches!(
        tokio::time::timeout(Duration::from_secs(2), db.ping()).await,
        Ok(Ok(()))
    )
}

/// Reads a url-encoded form's body (pages' forms, never the API's), so that
/// its fields can be given back; the request goes on with the same bytes.
async fn keep_form(req: Request, api: bool) -> Result<(Request, Option<KeptForm>), Response> {
    let is_form = req.method() == Method::POST
        && !api
        && req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok((req, None));
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, super::body_limit::MAX_BODY_BYTES)
        .await
        .map_err(|_| {
            (
                StatusCode::PAYLOAD_TOO_LARGE,
                app::messages::both(app::messages::Plain::FormTooLarge),
            )
                .into_response()
        })?;
    let kept = KeptForm {
        action: parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| parts.uri.path().to_string()),
        fields: serde_urlencoded::from_bytes(&bytes).unwrap_or_default(),
    };
    Ok((Request::from_parts(parts, Body::from(bytes)), Some(kept)))
}

pub fn unavailable(api: bool) -> Response {
    if api {
        retry_later(
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({"error": {
                    "code": "unavailable",
                    "message": "the database is not answering for a moment; try again in a few seconds",
                }})),
            )
                .into_response(),
        )
    } else {
        page(NOT_SAVED)
    }
}

/// The outage page with the refused form filled in again: the same fields,
/// posted to the same address by one button. Passwords are never sent back
/// (their fields come back empty, to be typed again).
pub fn unavailable_form(form: &KeptForm) -> Response {
    let mut html = format!(
        "{NOT_SAVED}\n<form method=\"post\" action=\"{}\" class=\"stack kept-form\">\n\
         <h2>Lo que enviaste <span lang=\"en\">· What you sent</span></h2>\n",
        escape(&form.action)
    );
    for (i, (name, value)) in form.fields.iter().enumerate() {
        let name_attr = escape(name);
        let label = label_of(name);
        if is_secret(name) {
            html.push_str(&format!(
                "<label for=\"kept-{i}\">{label}</label>\
                 <input id=\"kept-{i}\" type=\"password\" name=\"{name_attr}\" \
                 autocomplete=\"current-password\">\n"
            ));
        } else if is_typed(name, value) {
            let rows = value.lines().count().clamp(2, 12);
            html.push_str(&format!(
                "<label for=\"kept-{i}\">{label}</label>\
                 <textarea id=\"kept-{i}\" name=\"{name_attr}\" rows=\"{rows}\">{}</textarea>\n",
                escape(value)
            ));
        } else {
            html.push_str(&format!(
                "<input type=\"hidden\" name=\"{name_attr}\" value=\"{}\">\n",
                escape(value)
            ));
        }
    }
    html.push_str(
        "<p><button type=\"submit\" class=\"button primary\">Enviar de nuevo \
         <span lang=\"en\">· Send again</span></button></p>\n</form>",
    );
    page(&html)
}

fn page(inner: &str) -> Response {
    let body = format!("{HEAD}{inner}{TAIL}");
    retry_later(
        (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response(),
    )
}

fn retry_later(mut resp: Response) -> Response {
    resp.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
    resp
}

fn is_secret(name: &str) -> bool {
    name.contains("password") || matches!(name, "confirm" | "current")
}

/// Text a person typed (shown to read and send again), as opposed to a
/// choice or an identifier the page filled in (sent again as it was).
fn is_typed(name: &str, value: &str) -> bool {
    matches!(
        name,
        "text" | "note" | "title" | "agenda" | "minutes" | "location" | "name" | "reason"
    ) || value.contains(char::is_whitespace)
        || value.chars().count() > 40
}

fn label_of(name: &str) -> String {
    let (es, en) = match name {
        "text" => ("Texto", "Text"),
        "note" => ("Nota", "Note"),
        "title" => ("Título", "Title"),
        "agenda" => ("Orden del día", "Agenda"),
        "minutes" => ("Acta", "Minutes"),
        "location" => ("Lugar", "Place"),
        "name" => ("Nombre", "Name"),
        "email" => ("Correo", "E-mail"),
        "reason" => ("Motivo", "Reason"),
        "evidence_url" => ("Enlace de evidencia", "Evidence link"),
        n if is_secret(n) => (
            "Contraseña (escríbela de nuevo)",
            "Password (type it again)",
        ),
        n => return escape(n),
    };
    format!("{es} <span lang=\"en\">· {en}</span>")
}

fn escape(s: &str) -> String {
    app::server::services::mail::templates::escape(s)
}

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Voces · Servicio no disponible por un momento</title><link rel="stylesheet" href="/pkg/voces.css"></head>
<body><main id="main" class="wrap"><section class="notice">
"#;

const NOT_SAVED: &str = r#"<h1>Servicio no disponible por un momento</h1>
<p>La base de datos no responde. Vuelve a intentarlo en unos segundos: no se perdió nada de lo que ya estaba guardado, y lo que enviaste ahora no se guardó.</p>
<h2 lang="en">Service unavailable for a moment</h2>
<p lang="en">The database is not answering. Try again in a few seconds: nothing already saved was lost, and what you just sent was not saved.</p>"#;

const TAIL: &str = "\n</section></main></body></html>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_form_comes_back_escaped_without_passwords() {
        let form = KeptForm {
            action: "/bodies/b/demands/d1/referrals/a/events".into(),
            fields: vec![
                ("kind".into(), "partially_accepted".into()),
                (
                    "text".into(),
                    "Respuesta <b>\"urgente\"</b>\nsegunda línea".into(),
                ),
                ("password".into(), "secreto".into()),
            ],
        };
        let resp = unavailable_form(&form);
        assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body = futures_body(resp);
        assert!(body.contains(r#"action="/bodies/b/demands/d1/referrals/a/events""#));
        assert!(body.contains(r#"<input type="hidden" name="kind" value="partially_accepted">"#));
        assert!(body.contains(
            "Respuesta &lt;b&gt;&quot;urgente&quot;&lt;/b&gt;\nsegunda línea</textarea>"
        ));
        assert!(!body.contains("secreto"));
        assert!(body.contains(r#"type="password" name="password""#));
        assert!(body.contains("Servicio no disponible"));
    }

    fn futures_body(resp: Response) -> String {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let bytes = rt
            .block_on(axum::body::to_bytes(resp.into_body(), usize::MAX))
            .unwrap();
        String::from_utf8(bytes.to_vec()).unwrap()
    }
}
