//! A person's own data from their account: showing or keeping private their
//! name on each seat, the download of everything held about them, and their
//! rectification, cancellation and opposition requests (with the answer the
//! secretariat or an administrator gives).
use super::auth::AuthSession;
use super::forms::{read, refused, see_other};
use app::server::error::ServiceError;
use app::server::services::accounts::{data_requests, my_data};
use app::server::state::AppState;
use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use std::collections::BTreeMap;

/// `POST /account/members/{body}/{member}/public` with `public=true|false`.
pub async fn name_public(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((body, member)): Path<(String, String)>,
    req: Request,
) -> Response {
    let (parts, fields, values) = match read::<BTreeMap<String, String>>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let public = fields.get("public").is_some_and(|v| v == "true");
    let id = auth.user.as_ref().map(|u| u.id);
    match my_data::set_name_public(&state.db, id, &body, &member, public, Utc::now()).await {
        Ok(()) => see_other("/account?done=consent#my-data-h"),
        Err(e) => refused(&state, parts, "/account", "consent", values, e).await,
    }
}

/// `GET /account/data.json`: everything held about the signed-in person.
pub async fn download(State(state): State<AppState>, auth: AuthSession) -> Response {
    let id = auth.user.as_ref().map(|u| u.id);
    match my_data::export(&state.db, id, Utc::now()).await {
        Ok(doc) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"voces-mis-datos.json\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            axum::Json(doc),
        )
            .into_response(),
        Err(ServiceError::Unauthorized) => see_other("/login?next=/account/data.json"),
        Err(e) => {
            tracing::error!(error = %e, "personal data download");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "El servidor no pudo responder; inténtalo de nuevo. / The server could not answer; try again.",
            )
                .into_response()
        }
    }
}

/// `POST /account/data-requests` (`kind`, `seat`, `text`): files a
/// rectification, cancellation or opposition request.
pub async fn file_request(
    State(state): State<AppState>,
    auth: AuthSession,
    req: Request,
) -> Response {
    let (parts, fields, values) = match read::<BTreeMap<String, String>>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let form = data_requests::RequestForm {
        kind: get("kind"),
        seat: get("seat"),
        text: get("text"),
    };
    let id = auth.user.as_ref().map(|u| u.id);
    match data_requests::file(&state.db, id, &state.settings.site, &form, Utc::now()).await {
        Ok(_) => see_other("/account?done=request_filed#requests-h"),
        Err(e) => refused(&state, parts, "/account", "data_request", values, e).await,
    }
}

/// `POST /data-requests/{id}` (`state` done|refused, `response`): the
/// secretariat or an administrator answers a request.
pub async fn answer_request(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(request): Path<i64>,
    req: Request,
) -> Response {
    let extra = vec![("request".to_string(), request.to_string())];
    super::forms::run_form(
        state,
        auth,
        req,
        extra,
        "data_answer",
        "/data-requests".to_string(),
        |st, who, f| async move {
            let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
            data_requests::answer(
                &st.db,
                who.as_ref(),
                &st.settings.site,
                request,
                get("state"),
                get("response"),
                Utc::now(),
            )
            .await?;
            Ok(format!("/data-requests?done=answered#request-{request}"))
        },
    )
    .await
}
