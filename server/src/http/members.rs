//! A body's members, for its secretaries and chairs: adding and editing a
//! member, renewing a term, inviting a member to an account.
use super::form::{handle, url_escape, FormAt, Posted, Submission};
use app::domain::dto::MemberForm;
use app::routes;
use app::server::error::ServiceError;
use app::server::services::accounts::invitations;
use app::server::services::roster::member_edit;
use axum::extract::Path;
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct MemberInviteForm {
    #[serde(default)]
    email: String,
}

/// A secretary or chair invites a member of the body to an account.
pub async fn invite(Path((body, member)): Path<(String, String)>, posted: Posted) -> Response {
    let page = routes::MEMBERS.path(&[&body]);
    let at = FormAt::new("member_invite", page.clone()).keep("member", &member);
    handle(posted, at, |s: Submission<MemberInviteForm>| async move {
        // The mail goes out in the language the secretary is reading.
        let locale = super::language::of_request(&s.head.headers);
        let inv = invitations::invite_member(
            s.db(),
            s.actor(),
            s.site(),
            &body,
            &member,
            &s.input.email,
            locale,
            Utc::now(),
        )
        .await
        .map_err(|e| match e {
            // The member is not one of this body's: nothing to point at.
            ServiceError::Form(errors) if errors.iter().any(|e| e.field == "member") => {
                ServiceError::NotFound
            }
            e => e,
        })?;
        Ok(format!("{page}?done=invited&email={}", url_escape(&inv.email)).into())
    })
    .await
}

/// Adds (`member` = None) or edits a member of the body.
async fn save(posted: Posted, body: String, member: Option<String>) -> Response {
    let at = match &member {
        Some(m) => FormAt::new("member", routes::MEMBER_EDIT.path(&[&body, m])),
        None => FormAt::new("member", routes::MEMBER_NEW.path(&[&body])),
    };
    handle(posted, at, |s: Submission<MemberForm>| async move {
        let (db, who, f) = (s.db(), s.actor(), &s.input);
        let key = member_edit::save(db, who, &body, member.as_deref(), f, Utc::now()).await?;
        Ok(format!("{}?done=saved", routes::MEMBER_EDIT.path(&[&body, &key])).into())
    })
    .await
}

pub async fn new(Path(body): Path<String>, posted: Posted) -> Response {
    save(posted, body, None).await
}

pub async fn edit(Path((body, member)): Path<(String, String)>, posted: Posted) -> Response {
    save(posted, body, Some(member)).await
}

#[derive(Deserialize)]
pub struct RenewForm {
    #[serde(default)]
    term_start: String,
    #[serde(default)]
    term_end: String,
}

/// A date field: empty is none, anything else must be a date.
fn date(field: &str, s: &str) -> Result<Option<chrono::NaiveDate>, ServiceError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse()
        .map(Some)
        .map_err(|_| ServiceError::field(field, "invalid_date"))
}

pub async fn renew(Path((body, member)): Path<(String, String)>, posted: Posted) -> Response {
    let at = FormAt::new("renew", routes::MEMBER_EDIT.path(&[&body, &member]));
    handle(posted, at, |s: Submission<RenewForm>| async move {
        let start = date("term_start", &s.input.term_start)?;
        let end = date("term_end", &s.input.term_end)?;
        let key =
            member_edit::renew(s.db(), s.actor(), &body, &member, start, end, Utc::now()).await?;
        Ok(format!(
            "{}?done=renewed&new={}",
            routes::MEMBER_EDIT.path(&[&body, &key]),
            url_escape(&key)
        )
        .into())
    })
    .await
}
