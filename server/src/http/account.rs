//! A person's own account: name and language, password.
use super::form::{handle, see_other, Done, FormAt, Posted, Submission};
use super::language;
use super::session::sign_in;
use app::routes;
use app::server::services::accounts::{normalize_locale, profile};
use axum::http::header;
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    locale: String,
}

pub async fn update(posted: Posted) -> Response {
    let at = FormAt::new("profile", routes::ACCOUNT.path(&[]));
    handle(posted, at, |s: Submission<ProfileForm>| async move {
        let id = s.auth.user.as_ref().map(|u| u.id);
        let f = &s.input;
        profile::update(s.db(), id, &f.name, &f.locale, Utc::now()).await?;
        let mut res = see_other(&format!("{}?done=saved", routes::ACCOUNT.path(&[])));
        if let Some(v) = language::cookie(&normalize_locale(&f.locale)) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
        Ok(Done::Answer(res))
    })
    .await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn password(posted: Posted) -> Response {
    let at = FormAt::new("password", routes::ACCOUNT.path(&[]));
    handle(posted, at, |mut s: Submission<PasswordForm>| async move {
        let id = s.auth.user.as_ref().map(|u| u.id);
        let f = &s.input;
        profile::change_password(s.db(), id, &f.current, &f.password, &f.confirm, Utc::now())
            .await?;
        // Signing in again keeps this session valid; the others end
        // because the password they were opened with changed.
        Ok(match id {
            Some(id) => {
                let to = format!("{}?done=password_changed", routes::ACCOUNT.path(&[]));
                Done::Answer(sign_in(&s.state, &mut s.auth, id, &to).await)
            }
            None => Done::To(routes::LOGIN.path(&[])),
        })
    })
    .await
}
