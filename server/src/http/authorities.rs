//! Authorities' administration forms (`services::authority_settings`):
//! create and edit, holidays, archive, and inviting officials. Same pattern
//! as every form: 303 with a `done` note, or the page again with the
//! problems (`form::handle`).
use super::form::{handle, url_escape, FormAt, Posted, Submission};
use app::routes;
use app::server::services::accounts::{invitations, roles::GrantForm};
use app::server::services::authority_settings::{self, AuthorityForm};
use axum::extract::Path;
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;

fn page(key: &str) -> String {
    routes::AUTHORITY_ADMIN.path(&[key])
}

/// Creates (`key` None) or edits an authority.
async fn save(posted: Posted, key: Option<String>) -> Response {
    let at = match &key {
        Some(k) => FormAt::new("authority", page(k)),
        None => FormAt::new("authority", routes::AUTHORITY_NEW.path(&[])),
    };
    handle(posted, at, |s: Submission<AuthorityForm>| async move {
        let (db, who, f) = (s.db(), s.actor(), &s.input);
        let saved = authority_settings::save(db, who, key.as_deref(), f, Utc::now()).await?;
        let done = if key.is_some() { "saved" } else { "created" };
        Ok(format!("{}?done={done}", page(&saved)).into())
    })
    .await
}

pub async fn create(posted: Posted) -> Response {
    save(posted, None).await
}

pub async fn update(Path(key): Path<String>, posted: Posted) -> Response {
    save(posted, Some(key)).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DatesForm {
    dates: String,
}

pub async fn add_holidays(Path(key): Path<String>, posted: Posted) -> Response {
    let at = FormAt::new("holidays", page(&key));
    handle(posted, at, |s: Submission<DatesForm>| async move {
        let (db, who, dates) = (s.db(), s.actor(), &s.input.dates);
        let added = authority_settings::add_holidays(db, who, &key, dates, Utc::now()).await?;
        Ok(format!("{}?done=holidays&added={added}#holidays-h", page(&key)).into())
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DayForm {
    day: String,
}

pub async fn remove_holiday(Path(key): Path<String>, posted: Posted) -> Response {
    let at = FormAt::new("holidays", page(&key));
    handle(posted, at, |s: Submission<DayForm>| async move {
        authority_settings::remove_holiday(s.db(), s.actor(), &key, &s.input.day, Utc::now())
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

pub async fn archive(Path(key): Path<String>, posted: Posted) -> Response {
    let at = FormAt::new("archive", page(&key));
    handle(posted, at, |s: Submission<ArchiveForm>| async move {
        let archived = s.input.archived == "true";
        authority_settings::set_archived(s.db(), s.actor(), &key, archived, Utc::now()).await?;
        let done = if archived { "archived" } else { "restored" };
        Ok(format!("{}?done={done}", page(&key)).into())
    })
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
pub async fn invite(Path(key): Path<String>, posted: Posted) -> Response {
    let at = FormAt::new("official", page(&key));
    handle(posted, at, |s: Submission<OfficialForm>| async move {
        // By field: the form's own fields move into the invitation.
        let (db, who, site) = (&s.state.db, s.who.as_ref(), &s.state.settings.site);
        let form = invitations::InviteForm {
            email: s.input.email,
            locale: s.input.locale,
            grant: GrantForm {
                role: "official".into(),
                authority: key.clone(),
                ..Default::default()
            },
        };
        let inv = invitations::invite(db, who, site, &form, Utc::now()).await?;
        Ok(format!(
            "{}?done=invited&email={}#officials-h",
            page(&key),
            url_escape(&inv.email)
        )
        .into())
    })
    .await
}
