//! Signing in and out, resetting a password, accepting an invitation.
use super::auth::AuthSession;
use super::form::{client_address, handle, see_other, Done, FormAt, Posted, Submission};
use super::language;
use app::routes;
use app::server::services::accounts::{invitations, login, reset};
use app::server::state::AppState;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn login(posted: Posted) -> Response {
    let at = FormAt::new("login", routes::LOGIN.path(&[]));
    handle(posted, at, |mut s: Submission<LoginForm>| async move {
        let address = client_address(&s.state, &s.head);
        let f = &s.input;
        let id = login::authenticate(s.db(), &f.email, &f.password, &address, Utc::now()).await?;
        // What needs them now, unless they were on their way somewhere.
        let next = if f.next.is_empty() {
            routes::PENDING.path(&[])
        } else {
            language::safe_next(Some(&f.next))
        };
        Ok(Done::Answer(
            sign_in(&s.state, &mut s.auth, id, &next).await,
        ))
    })
    .await
}

pub async fn logout(mut auth: AuthSession) -> Response {
    if let Err(e) = auth.logout().await {
        tracing::error!(error = %e, "logout failed");
    }
    see_other(&format!("{}?done=signed_out", routes::LOGIN.path(&[])))
}

#[derive(Deserialize)]
pub struct ResetRequestForm {
    #[serde(default)]
    email: String,
}

pub async fn reset_request(posted: Posted) -> Response {
    let at = FormAt::new("reset", routes::RESET.path(&[]));
    handle(posted, at, |s: Submission<ResetRequestForm>| async move {
        reset::request(s.db(), s.site(), &s.input.email, Utc::now()).await?;
        Ok(format!("{}?done=reset_sent", routes::RESET.path(&[])).into())
    })
    .await
}

#[derive(Deserialize)]
pub struct NewPasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn reset_complete(Path(token): Path<String>, posted: Posted) -> Response {
    let at = FormAt::new("reset_complete", routes::RESET_COMPLETE.path(&[&token]));
    handle(
        posted,
        at,
        |mut s: Submission<NewPasswordForm>| async move {
            let f = &s.input;
            let id = reset::complete(s.db(), &token, &f.password, &f.confirm, Utc::now()).await?;
            let to = format!("{}?done=password_changed", routes::ACCOUNT.path(&[]));
            Ok(Done::Answer(sign_in(&s.state, &mut s.auth, id, &to).await))
        },
    )
    .await
}

pub async fn accept_invitation(Path(token): Path<String>, posted: Posted) -> Response {
    let at = FormAt::new("accept", routes::INVITATION.path(&[&token]));
    handle(
        posted,
        at,
        |mut s: Submission<invitations::AcceptForm>| async move {
            let id = invitations::accept(s.db(), &token, &s.input, Utc::now()).await?;
            let to = format!("{}?done=welcome", routes::PENDING.path(&[]));
            Ok(Done::Answer(sign_in(&s.state, &mut s.auth, id, &to).await))
        },
    )
    .await
}

/// Signs the account in on this session (a new session id) and switches the
/// interface to the account's language.
pub async fn sign_in(
    state: &AppState,
    auth: &mut AuthSession,
    account_id: i64,
    to: &str,
) -> Response {
    let user = match auth.backend.get_user_by_id(account_id).await {
        Some(u) => u,
        None => return see_other(&routes::LOGIN.path(&[])),
    };
    if let Err(e) = auth.login(&user).await {
        tracing::error!(error = %e, "could not start a session");
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            app::messages::both(app::messages::Plain::SessionFailed),
        )
            .into_response();
    }
    // A fresh session id at every sign-in (axum-login renews it only for a
    // session that was not signed in yet).
    if let Err(e) = auth.session.cycle_id().await {
        tracing::error!(error = %e, "could not renew the session id");
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            app::messages::both(app::messages::Plain::SessionFailed),
        )
            .into_response();
    }
    let mut res = see_other(to);
    if let Ok(Some(locale)) = entity_locale(state, account_id).await {
        if let Some(v) = language::cookie(&locale) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

async fn entity_locale(state: &AppState, id: i64) -> Result<Option<String>, sea_orm::DbErr> {
    use sea_orm::EntityTrait;
    Ok(entity::account::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .map(|a| a.locale))
}
