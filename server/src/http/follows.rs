//! Following by e-mail, without an account (`services::follows`): the
//! follow form (its page is `/follow?kind=…&target=…`, so a refusal shows
//! the same form again), the confirmation from the mail, the page of an
//! address's follows, and the one-click unsubscribe of RFC 8058, which a
//! mail program POSTs with `List-Unsubscribe=One-Click` (answered 200 with
//! no page) and a person reaches from the link in the mail (a button).
use super::form::{client_address, handle, Done, FormAt, NoFields, Posted, Submission};
use app::domain::follows::{follow_path, FollowKind};
use app::routes;
use app::server::services::follows::{self, FollowForm, FrequencyForm};
use axum::extract::{Path, Query};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Target {
    kind: String,
    target: String,
}

/// `POST /follow?kind=…&target=…` with `email` and `frequency`.
pub async fn follow(Query(t): Query<Target>, posted: Posted) -> Response {
    let page = match FollowKind::parse(&t.kind) {
        Some(k) => follow_path(k, &t.target),
        None => routes::FOLLOW.path(&[]),
    };
    let at = FormAt::new("follow", page.clone());
    handle(posted, at, |s: Submission<FollowForm>| async move {
        let locale = super::language::of_request(&s.head.headers);
        let client = client_address(&s.state, &s.head);
        follows::request(
            s.db(),
            s.site(),
            &t.kind,
            &t.target,
            &s.input,
            locale,
            &client,
            Utc::now(),
        )
        .await?;
        Ok(format!("{page}&done=follow_sent#follow-h").into())
    })
    .await
}

/// `POST /follow/confirm/{token}`: the button of the confirmation page.
pub async fn confirm(Path(token): Path<String>, posted: Posted) -> Response {
    let at = FormAt::new("follow_confirm", routes::FOLLOW_CONFIRM.path(&[&token]));
    handle(posted, at, |s: Submission<NoFields>| async move {
        let manage = follows::confirm(s.db(), &token, Utc::now()).await?;
        Ok(format!("{}?done=follow_confirmed", routes::FOLLOWS.path(&[&manage])).into())
    })
    .await
}

/// `POST /follows/{token}/{id}/frequency`.
pub async fn frequency(Path((token, id)): Path<(String, i64)>, posted: Posted) -> Response {
    let at = FormAt::new("follows", routes::FOLLOWS.path(&[&token]));
    handle(posted, at, |s: Submission<FrequencyForm>| async move {
        follows::set_frequency(s.db(), &token, id, &s.input).await?;
        Ok(format!(
            "{}?done=frequency_saved#follow-{id}",
            routes::FOLLOWS.path(&[&token])
        )
        .into())
    })
    .await
}

/// `POST /follows/{token}/{id}/remove`.
pub async fn remove(Path((token, id)): Path<(String, i64)>, posted: Posted) -> Response {
    let at = FormAt::new("follows", routes::FOLLOWS.path(&[&token]));
    handle(posted, at, |s: Submission<NoFields>| async move {
        let left = follows::remove(s.db(), &token, id).await?;
        let done = if left {
            "follow_removed"
        } else {
            "all_removed"
        };
        Ok(format!("{}?done={done}", routes::FOLLOWS.path(&[&token])).into())
    })
    .await
}

/// `POST /follows/{token}/remove`: every follow, and the address.
pub async fn remove_all(Path(token): Path<String>, posted: Posted) -> Response {
    let at = FormAt::new("follows", routes::FOLLOWS.path(&[&token]));
    handle(posted, at, |s: Submission<NoFields>| async move {
        follows::remove_all(s.db(), &token).await?;
        Ok(format!("{}?done=all_removed", routes::FOLLOWS.path(&[&token])).into())
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OneClick {
    #[serde(rename = "List-Unsubscribe")]
    list_unsubscribe: String,
}

/// `POST /unsubscribe/{token}`: a mail program's one-click request (RFC
/// 8058: 200, whether or not the follow was still there) or the button of
/// the unsubscribe page (303 to it, saying it is done).
pub async fn unsubscribe(Path(token): Path<String>, posted: Posted) -> Response {
    let at = FormAt::new("unsubscribe", routes::UNSUBSCRIBE.path(&[&token]));
    handle(posted, at, |s: Submission<OneClick>| async move {
        follows::unsubscribe(s.db(), &token).await?;
        if s.input.list_unsubscribe == "One-Click" {
            let text = app::messages::both(app::messages::Plain::Unsubscribed);
            return Ok(Done::Answer(
                (
                    StatusCode::OK,
                    [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                    text,
                )
                    .into_response(),
            ));
        }
        Ok(format!("{}?done=unsubscribed", routes::UNSUBSCRIBE.path(&[&token])).into())
    })
    .await
}
