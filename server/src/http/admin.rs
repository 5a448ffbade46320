//! Administration: invitations, roles, disabling accounts, creating and
//! editing bodies (a body's settings are also its secretaries' and chairs').
use super::form::{handle, url_escape, FormAt, NoFields, Posted, Submission};
use app::domain::dto::BodySettings;
use app::routes;
use app::server::services::accounts::invitations::{self, InviteForm};
use app::server::services::accounts::roles;
use app::server::services::body_settings;
use axum::extract::Path;
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;

fn admin() -> String {
    routes::ADMIN.path(&[])
}

pub async fn invite(posted: Posted) -> Response {
    let at = FormAt::new("invite", admin());
    handle(posted, at, |s: Submission<InviteForm>| async move {
        let inv = invitations::invite(s.db(), s.actor(), s.site(), &s.input, Utc::now()).await?;
        Ok(format!("{}?done=invited&email={}", admin(), url_escape(&inv.email)).into())
    })
    .await
}

pub async fn grant(Path(account_id): Path<i64>, posted: Posted) -> Response {
    let at = FormAt::new("grant", admin()).keep("account", &account_id.to_string());
    handle(posted, at, |s: Submission<roles::GrantForm>| async move {
        roles::grant(s.db(), s.actor(), account_id, &s.input, Utc::now()).await?;
        Ok(format!("{}?done=granted#account-{account_id}", admin()).into())
    })
    .await
}

pub async fn revoke(Path(assignment_id): Path<i64>, posted: Posted) -> Response {
    let at = FormAt::new("revoke", admin());
    handle(posted, at, |s: Submission<NoFields>| async move {
        roles::revoke(s.db(), s.actor(), assignment_id, Utc::now()).await?;
        Ok(format!("{}?done=revoked", admin()).into())
    })
    .await
}

#[derive(Deserialize)]
pub struct DisableForm {
    #[serde(default)]
    disabled: String,
}

pub async fn disable(Path(account_id): Path<i64>, posted: Posted) -> Response {
    let at = FormAt::new("disable", admin());
    handle(posted, at, |s: Submission<DisableForm>| async move {
        let disabled = s.input.disabled == "true";
        roles::set_disabled(s.db(), s.actor(), account_id, disabled, Utc::now()).await?;
        let done = if disabled { "disabled" } else { "enabled" };
        Ok(format!("{}?done={done}", admin()).into())
    })
    .await
}

/// Creates (`key` = None) or edits a body.
async fn save_body(posted: Posted, key: Option<String>) -> Response {
    let at = match &key {
        Some(k) => FormAt::new("body", routes::BODY_SETTINGS.path(&[k])),
        None => FormAt::new("body", routes::BODY_NEW.path(&[])),
    };
    handle(posted, at, |s: Submission<BodySettings>| async move {
        let (db, who, f) = (s.db(), s.actor(), &s.input);
        let saved = body_settings::save(db, who, key.as_deref(), f, Utc::now()).await?;
        let done = if key.is_some() { "saved" } else { "created" };
        Ok(format!("{}?done={done}", routes::BODY_SETTINGS.path(&[&saved])).into())
    })
    .await
}

pub async fn body_create(posted: Posted) -> Response {
    save_body(posted, None).await
}

pub async fn body_update(Path(key): Path<String>, posted: Posted) -> Response {
    save_body(posted, Some(key)).await
}
