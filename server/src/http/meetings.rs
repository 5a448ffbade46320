//! Meeting forms (schedule, edit, cancel, mark held, attendance, minutes)
//! and the iCalendar feeds. Same pattern as `forms`: 303 with a `done` note
//! on success, the page again with the problems on refusal.
use super::auth::AuthSession;
use super::forms::{run_form, url_escape};
use app::server::error::ServiceError;
use app::server::services::meetings::{calendar, records, schedule};
use app::server::state::AppState;
use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;

fn meeting_page(body: &str, meeting: &str) -> String {
    format!(
        "/bodies/{}/meetings/{}",
        url_escape(body),
        url_escape(meeting)
    )
}

pub async fn schedule(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(body): Path<String>,
    req: Request,
) -> Response {
    let page = format!("/bodies/{}/meetings/new", url_escape(&body));
    run_form(
        state,
        auth,
        req,
        Vec::new(),
        "meeting",
        page,
        |st, who, f| async move {
            let key = schedule::schedule(
                &st.db,
                who.as_ref(),
                &st.settings.site,
                &body,
                &f,
                Utc::now(),
            )
            .await?;
            Ok(format!("{}?done=scheduled", meeting_page(&body, &key)))
        },
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((body, meeting)): Path<(String, String)>,
    req: Request,
) -> Response {
    let page = format!("{}/edit", meeting_page(&body, &meeting));
    run_form(
        state,
        auth,
        req,
        Vec::new(),
        "meeting",
        page,
        |st, who, f| async move {
            schedule::update(
                &st.db,
                who.as_ref(),
                &st.settings.site,
                &body,
                &meeting,
                &f,
                Utc::now(),
            )
            .await?;
            Ok(format!("{}?done=saved", meeting_page(&body, &meeting)))
        },
    )
    .await
}

pub async fn cancel(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((body, meeting)): Path<(String, String)>,
    req: Request,
) -> Response {
    let page = format!("{}/edit", meeting_page(&body, &meeting));
    run_form(
        state,
        auth,
        req,
        Vec::new(),
        "cancel",
        page,
        |st, who, f| async move {
            schedule::cancel(
                &st.db,
                who.as_ref(),
                &st.settings.site,
                &body,
                &meeting,
                &f,
                Utc::now(),
            )
            .await?;
            Ok(format!(
                "/bodies/{}/meetings?done=cancelled",
                url_escape(&body)
            ))
        },
    )
    .await
}

pub async fn held(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((body, meeting)): Path<(String, String)>,
    req: Request,
) -> Response {
    let page = meeting_page(&body, &meeting);
    run_form(
        state,
        auth,
        req,
        Vec::new(),
        "held",
        page,
        |st, who, _| async move {
            schedule::mark_held(
                &st.db,
                who.as_ref(),
                &st.settings.site,
                &body,
                &meeting,
                Utc::now(),
            )
            .await?;
            Ok(format!("{}?done=held", meeting_page(&body, &meeting)))
        },
    )
    .await
}

pub async fn attendance(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((body, meeting)): Path<(String, String)>,
    req: Request,
) -> Response {
    let page = format!("{}/attendance", meeting_page(&body, &meeting));
    run_form(
        state,
        auth,
        req,
        Vec::new(),
        "attendance",
        page,
        |st, who, f| async move {
            records::save_attendance(
                &st.db,
                who.as_ref(),
                &st.settings.site,
                &body,
                &meeting,
                &f,
                Utc::now(),
            )
            .await?;
            Ok(format!(
                "{}/attendance?done=attendance",
                meeting_page(&body, &meeting)
            ))
        },
    )
    .await
}

pub async fn minutes(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((body, meeting)): Path<(String, String)>,
    req: Request,
) -> Response {
    let page = meeting_page(&body, &meeting);
    run_form(
        state,
        auth,
        req,
        Vec::new(),
        "minutes",
        page,
        |st, who, f| async move {
            let (action, done) = match f.get("action").map(String::as_str) {
                Some("publish") => (records::MinutesAction::Publish, "published"),
                Some("unpublish") => (records::MinutesAction::Unpublish, "unpublished"),
                _ => (records::MinutesAction::Save, "minutes"),
            };
            let text = f.get("minutes").map(String::as_str).unwrap_or("");
            records::save_minutes(
                &st.db,
                who.as_ref(),
                &body,
                &meeting,
                text,
                action,
                Utc::now(),
            )
            .await?;
            Ok(format!(
                "{}?done={done}#minutes-h",
                meeting_page(&body, &meeting)
            ))
        },
    )
    .await
}

fn ics_response(result: Result<Option<String>, ServiceError>, name: &str) -> Response {
    match result {
        Ok(Some(text)) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, format!("inline; filename=\"{name}\"")),
            ],
            text,
        )
            .into_response(),
        Ok(None) => (
            StatusCode::NOT_FOUND,
            "No hay ningún consejo público con esta clave. / There is no public body with this key.",
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "calendar feed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "El servidor no pudo responder; inténtalo de nuevo. / The server could not answer; try again.",
            )
                .into_response()
        }
    }
}

/// `/bodies/{key}/calendar.ics`
pub async fn body_feed(State(state): State<AppState>, Path(body): Path<String>) -> Response {
    let name = format!("{body}.ics");
    ics_response(
        calendar::feed(&state.db, &state.settings.site, Some(&body)).await,
        &name,
    )
}

/// `/calendar.ics`: every public body.
pub async fn all_feed(State(state): State<AppState>) -> Response {
    ics_response(
        calendar::feed(&state.db, &state.settings.site, None).await,
        "voces.ics",
    )
}
