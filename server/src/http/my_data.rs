//! A person's own data from their account: showing or keeping private their
//! name on each seat, the download of everything held about them, and their
//! rectification, cancellation and opposition requests (with the answer the
//! secretariat or an administrator gives).
use super::auth::AuthSession;
use super::form::{handle, see_other, FormAt, Posted, Submission};
use app::routes;
use app::server::error::ServiceError;
use app::server::services::accounts::data_requests::{self, RequestForm};
use app::server::services::accounts::my_data;
use app::server::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PublicForm {
    public: String,
}

/// `POST /account/members/{body}/{member}/public` with `public=true|false`.
pub async fn name_public(Path((body, member)): Path<(String, String)>, posted: Posted) -> Response {
    let at = FormAt::new("consent", routes::ACCOUNT.path(&[]));
    handle(posted, at, |s: Submission<PublicForm>| async move {
        let id = s.auth.user.as_ref().map(|u| u.id);
        let public = s.input.public == "true";
        my_data::set_name_public(s.db(), id, &body, &member, public, Utc::now()).await?;
        Ok(format!("{}?done=consent#my-data-h", routes::ACCOUNT.path(&[])).into())
    })
    .await
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
                app::messages::both(app::messages::Plain::ServerFailed),
            )
                .into_response()
        }
    }
}

/// `POST /account/data-requests` (`kind`, `seat`, `text`): files a
/// rectification, cancellation or opposition request.
pub async fn file_request(posted: Posted) -> Response {
    let at = FormAt::new("data_request", routes::ACCOUNT.path(&[]));
    handle(posted, at, |s: Submission<RequestForm>| async move {
        let id = s.auth.user.as_ref().map(|u| u.id);
        data_requests::file(s.db(), id, s.site(), &s.input, Utc::now()).await?;
        Ok(format!(
            "{}?done=request_filed#requests-h",
            routes::ACCOUNT.path(&[])
        )
        .into())
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AnswerForm {
    state: String,
    response: String,
}

/// `POST /data-requests/{id}` (`state` done|refused, `response`): the
/// secretariat or an administrator answers a request.
pub async fn answer_request(Path(request): Path<i64>, posted: Posted) -> Response {
    let list = routes::DATA_REQUEST_LIST.path(&[]);
    let at = FormAt::new("data_answer", list.clone()).keep("request", &request.to_string());
    handle(posted, at, |s: Submission<AnswerForm>| async move {
        data_requests::answer(
            s.db(),
            s.actor(),
            s.site(),
            request,
            &s.input.state,
            &s.input.response,
            Utc::now(),
        )
        .await?;
        Ok(format!("{list}?done=answered#request-{request}").into())
    })
    .await
}
