//! Administration: invitations, roles, disabling accounts, creating and
//! editing bodies (a body's settings are also its secretaries' and chairs').
use super::auth::AuthSession;
use super::form::{handle, url_escape, FormAt, NoFields, Submission};
use app::domain::dto::BodySettings;
use app::routes;
use app::server::services::accounts::{invitations, roles};
use app::server::services::body_settings;
use app::server::state::AppState;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;

fn admin() -> String {
    routes::ADMIN.path(&[])
}

pub async fn invite(State(state): State<AppState>, auth: AuthSession, req: Request) -> Response {
    let at = FormAt::new("invite", admin());
    handle(
        state,
        auth,
        req,
        at,
        |s: Submission<invitations::InviteForm>| async move {
            let inv = invitations::invite(
                &s.state.db,
                s.who.as_ref(),
                &s.state.settings.site,
                &s.input,
                Utc::now(),
            )
            .await?;
            Ok(format!("{}?done=invited&email={}", admin(), url_escape(&inv.email)).into())
        },
    )
    .await
}

pub async fn grant(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(account_id): Path<i64>,
    req: Request,
) -> Response {
    let at = FormAt::new("grant", admin()).keep("account", &account_id.to_string());
    handle(
        state,
        auth,
        req,
        at,
        |s: Submission<roles::GrantForm>| async move {
            roles::grant(
                &s.state.db,
                s.who.as_ref(),
                account_id,
                &s.input,
                Utc::now(),
            )
            .await?;
            Ok(format!("{}?done=granted#account-{account_id}", admin()).into())
        },
    )
    .await
}

pub async fn revoke(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(assignment_id): Path<i64>,
    req: Request,
) -> Response {
    let at = FormAt::new("revoke", admin());
    handle(state, auth, req, at, |s: Submission<NoFields>| async move {
        roles::revoke(&s.state.db, s.who.as_ref(), assignment_id, Utc::now()).await?;
        Ok(format!("{}?done=revoked", admin()).into())
    })
    .await
}

#[derive(Deserialize)]
pub struct DisableForm {
    #[serde(default)]
    disabled: String,
}

pub async fn disable(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(account_id): Path<i64>,
    req: Request,
) -> Response {
    let at = FormAt::new("disable", admin());
    handle(
        state,
        auth,
        req,
        at,
        |s: Submission<DisableForm>| async move {
            let disabled = s.input.disabled == "true";
            roles::set_disabled(
                &s.state.db,
                s.who.as_ref(),
                account_id,
                disabled,
                Utc::now(),
            )
            .await?;
            let done = if disabled { "disabled" } else { "enabled" };
            Ok(format!("{}?done={done}", admin()).into())
        },
    )
    .await
}

/// Creates (`key` = None) or edits a body.
async fn save_body(
    state: AppState,
    auth: AuthSession,
    key: Option<String>,
    req: Request,
) -> Response {
    let page = match &key {
        Some(k) => routes::BODY_SETTINGS.path(&[k]),
        None => routes::BODY_NEW.path(&[]),
    };
    handle(
        state,
        auth,
        req,
        FormAt::new("body", page),
        |s: Submission<BodySettings>| async move {
            let saved = body_settings::save(
                &s.state.db,
                s.who.as_ref(),
                key.as_deref(),
                &s.input,
                Utc::now(),
            )
            .await?;
            let done = if key.is_some() { "saved" } else { "created" };
            Ok(format!("{}?done={done}", routes::BODY_SETTINGS.path(&[&saved])).into())
        },
    )
    .await
}

pub async fn body_create(
    State(state): State<AppState>,
    auth: AuthSession,
    req: Request,
) -> Response {
    save_body(state, auth, None, req).await
}

pub async fn body_update(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(key): Path<String>,
    req: Request,
) -> Response {
    save_body(state, auth, Some(key), req).await
}
