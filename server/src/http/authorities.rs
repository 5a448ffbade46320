//! Authorities' administration forms (`services::authority_settings`):
//! create and edit, holidays, archive, and inviting officials. Same pattern
//! as every form: 303 with a `done` note, or the page again with the
//! problems (`form::handle`).
use super::auth::AuthSession;
use super::form::{handle, url_escape, FormAt, Submission};
use app::routes;
use app::server::services::accounts::{invitations, roles::GrantForm};
use app::server::services::authority_settings::{self, AuthorityForm};
use app::server::state::AppState;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;

fn page(key: &str) -> String {
    routes::AUTHORITY_ADMIN.path(&[key])
}

/// Creates (`key` None) or edits an authority.
async fn save(state: AppState, auth: AuthSession, key: Option<String>, req: Request) -> Response {
    let at = match &key {
        Some(k) => FormAt::new("authority", page(k)),
        None => FormAt::new("authority", routes::AUTHORITY_NEW.path(&[])),
    };
    handle(
        state,
        auth,
        req,
        at,
        |s: Submission<AuthorityForm>| async move {
            let saved = authority_settings::save(
                &s.state.db,
                s.who.as_ref(),
                key.as_deref(),
                &s.input,
                Utc::now(),
            )
            .await?;
            let done = if key.is_some() { "saved" } else { "created" };
            Ok(format!("{}?done={done}", page(&saved)).into())
        },
    )
    .await
}

pub async fn create(State(state): State<AppState>, auth: AuthSession, req: Request) -> Response {
    save(state, auth, None, req).await
}

pub async fn update(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(key): Path<String>,
    req: Request,
) -> Response {
    save(state, auth, Some(key), req).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DatesForm {
    dates: String,
}

pub async fn add_holidays(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(key): Path<String>,
    req: Request,
) -> Response {
    let at = FormAt::new("holidays", page(&key));
    handle(
        state,
        auth,
        req,
        at,
        |s: Submission<DatesForm>| async move {
            let added = authority_settings::add_holidays(
                &s.state.db,
                s.who.as_ref(),
                &key,
                &s.input.dates,
                Utc::now(),
            )
            .await?;
            Ok(format!("{}?done=holidays&added={added}#holidays-h", page(&key)).into())
        },
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DayForm {
    day: String,
}

pub async fn remove_holiday(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(key): Path<String>,
    req: Request,
) -> Response {
    let at = FormAt::new("holidays", page(&key));
    handle(state, auth, req, at, |s: Submission<DayForm>| async move {
        authority_settings::remove_holiday(
            &s.state.db,
            s.who.as_ref(),
            &key,
            &s.input.day,
            Utc::now(),
        )
        .await?;
        Ok(format!("{}?done=holiday_removed#holidays-h", page(&key)).into())
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ArchiveForm {
    archived: String,
}

pub async fn archive(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(key): Path<String>,
    req: Request,
) -> Response {
    let at = FormAt::new("archive", page(&key));
    handle(
        state,
        auth,
        req,
        at,
        |s: Submission<ArchiveForm>| async move {
            let archived = s.input.archived == "true";
            authority_settings::set_archived(
                &s.state.db,
                s.who.as_ref(),
                &key,
                archived,
                Utc::now(),
            )
            .await?;
            let done = if archived { "archived" } else { "restored" };
            Ok(format!("{}?done={done}", page(&key)).into())
        },
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OfficialForm {
    email: String,
    locale: String,
}

/// Invites an official of this authority (the administrators' invitation,
/// its role and authority already chosen).
pub async fn invite(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(key): Path<String>,
    req: Request,
) -> Response {
    let at = FormAt::new("official", page(&key));
    handle(
        state,
        auth,
        req,
        at,
        |s: Submission<OfficialForm>| async move {
            let form = invitations::InviteForm {
                email: s.input.email,
                locale: s.input.locale,
                grant: GrantForm {
                    role: "official".into(),
                    authority: key.clone(),
                    ..Default::default()
                },
            };
            let inv = invitations::invite(
                &s.state.db,
                s.who.as_ref(),
                &s.state.settings.site,
                &form,
                Utc::now(),
            )
            .await?;
            Ok(format!(
                "{}?done=invited&email={}#officials-h",
                page(&key),
                url_escape(&inv.email)
            )
            .into())
        },
    )
    .await
}
