//! Meeting forms (schedule, edit, cancel, mark held, attendance, minutes)
//! and the iCalendar feeds. Same pattern as `forms`: 303 with a `done` note
//! on success, the page again with the problems on refusal (`form::handle`).
use super::form::{handle, Confirm, FormAt, NoFields, Posted, Submission};
use app::routes;
use app::server::error::ServiceError;
use app::server::services::downloads::{Kind, Wanted};
use app::server::services::meetings::records::{self, AttendanceForm};
use app::server::services::meetings::schedule::{self, CancelForm, MeetingForm};
use app::server::services::meetings::{calendar, open_data, removal};
use app::server::services::metrics::cache::At;
use app::server::state::AppState;
use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;

fn meeting_page(body: &str, meeting: &str) -> String {
    routes::MEETING.path(&[body, meeting])
}

pub async fn schedule(Path(body): Path<String>, posted: Posted) -> Response {
    let at = FormAt::new("meeting", routes::MEETING_NEW.path(&[&body]));
    handle(posted, at, |s: Submission<MeetingForm>| async move {
        let (db, who, site) = (s.db(), s.actor(), s.site());
        let key = schedule::schedule(db, who, site, &body, &s.input, Utc::now()).await?;
        Ok(format!("{}?done=scheduled", meeting_page(&body, &key)).into())
    })
    .await
}

pub async fn update(Path((body, meeting)): Path<(String, String)>, posted: Posted) -> Response {
    let at = FormAt::new("meeting", routes::MEETING_EDIT.path(&[&body, &meeting]));
    handle(posted, at, |s: Submission<MeetingForm>| async move {
        let (db, who, site) = (s.db(), s.actor(), s.site());
        schedule::update(db, who, site, &body, &meeting, &s.input, Utc::now()).await?;
        Ok(format!("{}?done=saved", meeting_page(&body, &meeting)).into())
    })
    .await
}

pub async fn cancel(Path((body, meeting)): Path<(String, String)>, posted: Posted) -> Response {
    let at = FormAt::new("cancel", routes::MEETING_EDIT.path(&[&body, &meeting]));
    handle(posted, at, |s: Submission<CancelForm>| async move {
        let (db, who, site) = (s.db(), s.actor(), s.site());
        schedule::cancel(db, who, site, &body, &meeting, &s.input, Utc::now()).await?;
        Ok(format!("{}?done=cancelled", routes::MEETINGS.path(&[&body])).into())
    })
    .await
}

pub async fn held(Path((body, meeting)): Path<(String, String)>, posted: Posted) -> Response {
    let at = FormAt::new("held", meeting_page(&body, &meeting));
    handle(posted, at, |s: Submission<Confirm>| async move {
        // It counts in the figures: only from the page's second step.
        if !s.input.given() {
            return Err(ServiceError::field("", "confirm_held"));
        }
        schedule::mark_held(s.db(), s.actor(), s.site(), &body, &meeting, Utc::now()).await?;
        Ok(format!("{}?done=held", meeting_page(&body, &meeting)).into())
    })
    .await
}

/// Undoes "held" while nothing is recorded of the session.
pub async fn unheld(Path((body, meeting)): Path<(String, String)>, posted: Posted) -> Response {
    let at = FormAt::new("held", meeting_page(&body, &meeting));
    handle(posted, at, |s: Submission<NoFields>| async move {
        schedule::unmark_held(s.db(), s.actor(), s.site(), &body, &meeting, Utc::now()).await?;
        Ok(format!("{}?done=unheld", meeting_page(&body, &meeting)).into())
    })
    .await
}

/// The reason members are given, and the second step's `confirm=yes`.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DeleteForm {
    reason: String,
    #[serde(flatten)]
    confirm: Confirm,
}

/// Deletes a meeting recorded by mistake (`removal`).
pub async fn delete(Path((body, meeting)): Path<(String, String)>, posted: Posted) -> Response {
    let at = FormAt::new("delete", meeting_page(&body, &meeting));
    handle(posted, at, |s: Submission<DeleteForm>| async move {
        if !s.input.confirm.given() {
            return Err(ServiceError::field("", "invalid"));
        }
        let (db, who, site, reason) = (s.db(), s.actor(), s.site(), &s.input.reason);
        removal::delete(db, who, site, &body, &meeting, reason, Utc::now()).await?;
        Ok(format!("{}?done=deleted", routes::MEETINGS.path(&[&body])).into())
    })
    .await
}

pub async fn attendance(Path((body, meeting)): Path<(String, String)>, posted: Posted) -> Response {
    let page = routes::MEETING_ATTENDANCE.path(&[&body, &meeting]);
    let at = FormAt::new("attendance", page.clone());
    handle(posted, at, |s: Submission<AttendanceForm>| async move {
        let (db, who, site) = (s.db(), s.actor(), s.site());
        records::save_attendance(db, who, site, &body, &meeting, &s.input, Utc::now()).await?;
        Ok(format!("{page}?done=attendance").into())
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MinutesForm {
    action: String,
    minutes: String,
}

pub async fn minutes(Path((body, meeting)): Path<(String, String)>, posted: Posted) -> Response {
    let at = FormAt::new("minutes", meeting_page(&body, &meeting));
    handle(posted, at, |s: Submission<MinutesForm>| async move {
        let (action, done) = match s.input.action.as_str() {
            "publish" => (records::MinutesAction::Publish, "published"),
            "unpublish" => (records::MinutesAction::Unpublish, "unpublished"),
            _ => (records::MinutesAction::Save, "minutes"),
        };
        let (db, who, text) = (s.db(), s.actor(), &s.input.minutes);
        records::save_minutes(db, who, &body, &meeting, text, action, Utc::now()).await?;
        Ok(format!("{}?done={done}#minutes-h", meeting_page(&body, &meeting)).into())
    })
    .await
}

/// A download that failed on the server: logged, said in both languages.
fn failed(e: ServiceError, what: &str) -> Response {
    tracing::error!(error = %e, "{what}");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        app::messages::both(app::messages::Plain::ServerFailed),
    )
        .into_response()
}

fn no_public_body() -> Response {
    (
        StatusCode::NOT_FOUND,
        app::messages::both(app::messages::Plain::NoPublicBody),
    )
        .into_response()
}

fn ics_response(result: Result<Option<String>, ServiceError>, name: &str) -> Response {
    match result {
        Ok(Some(text)) => (
            [
                (
                    header::CONTENT_TYPE,
                    "text/calendar; charset=utf-8".to_string(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"{name}\""),
                ),
            ],
            text,
        )
            .into_response(),
        Ok(None) => no_public_body(),
        Err(e) => failed(e, "calendar feed"),
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

/// `/calendar.ics`: every public body, built into a file once per data
/// version and served as one (`http::downloads`: validators, ranges, the
/// gzipped twin), since calendar programs ask for it again and again.
pub async fn all_feed(State(state): State<AppState>, req: Request) -> Response {
    let wanted = Wanted::new(Kind::Calendar, At::Now, false);
    super::downloads::send(&state, wanted, req).await
}

/// `/bodies/{key}/meetings.csv` and `.json`: a public body's meetings with
/// attendance counts and quorum (`meetings::open_data`).
pub async fn body_meetings_csv(state: State<AppState>, body: Path<String>) -> Response {
    body_open_data(state, body, true).await
}

pub async fn body_meetings_json(state: State<AppState>, body: Path<String>) -> Response {
    body_open_data(state, body, false).await
}

async fn body_open_data(
    State(state): State<AppState>,
    Path(body): Path<String>,
    csv: bool,
) -> Response {
    match open_data::rows(&state.db, &state.settings.site, &body).await {
        Ok(Some(rows)) if csv => match open_data::to_csv(&rows) {
            Ok(text) => (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{body}-sesiones.csv\""),
                    ),
                ],
                text,
            )
                .into_response(),
            Err(e) => failed(e, "meetings csv"),
        },
        Ok(Some(rows)) => {
            axum::Json(serde_json::json!({ "body": body, "meetings": rows })).into_response()
        }
        Ok(None) => no_public_body(),
        Err(e) => failed(e, "meetings open data"),
    }
}
