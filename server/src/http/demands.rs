//! Demand forms: submitting a demand, adding an event to a referral's
//! thread, and the body's verdict. Same pattern as `forms`.
use super::auth::AuthSession;
use super::forms::{actor, read, refused, see_other, url_escape};
use app::server::services::demands::write::{self, DemandForm};
use app::server::state::AppState;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use chrono::Utc;

fn demand_page(body: &str, demand: &str) -> String {
    format!(
        "/bodies/{}/demands/{}",
        url_escape(body),
        url_escape(demand)
    )
}

pub async fn submit(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(body): Path<String>,
    req: Request,
) -> Response {
    let (parts, pairs, mut values) = match read::<Vec<(String, String)>>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let get = |k: &str| {
        pairs
            .iter()
            .rev()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let form = DemandForm {
        title: get("title"),
        text: get("text"),
        topic: get("topic"),
        authorities: pairs
            .iter()
            .filter(|(n, _)| n == "authorities")
            .map(|(_, v)| v.clone())
            .collect(),
        meeting: get("meeting"),
        confidential: !get("confidential").is_empty(),
        submitted_by: get("submitted_by"),
    };
    values.insert("authorities_all".into(), form.authorities.join(","));
    let page = format!("/bodies/{}/demands/new", url_escape(&body));
    let who = match actor(&state, &auth).await {
        Ok(a) => a,
        Err(e) => return refused(&state, parts, &page, "demand", values, e).await,
    };
    match write::submit(
        &state.db,
        who.as_ref(),
        &state.settings.site,
        &body,
        &form,
        Utc::now(),
    )
    .await
    {
        Ok(key) => see_other(&format!("{}?done=submitted", demand_page(&body, &key))),
        Err(e) => refused(&state, parts, &page, "demand", values, e).await,
    }
}

#[derive(serde::Deserialize)]
pub struct EventForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    evidence_url: String,
}

pub async fn event(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((body, demand, authority)): Path<(String, String, String)>,
    req: Request,
) -> Response {
    let (parts, f, mut values) = match read::<EventForm>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    values.insert("authority".into(), authority.clone());
    let page = demand_page(&body, &demand);
    let who = match actor(&state, &auth).await {
        Ok(a) => a,
        Err(e) => return refused(&state, parts, &page, "event", values, e).await,
    };
    match write::add_event(
        &state.db,
        who.as_ref(),
        &state.settings.site,
        (&body, &demand, &authority),
        &f.kind,
        &f.text,
        &f.evidence_url,
        Utc::now(),
    )
    .await
    {
        Ok(()) => see_other(&format!("{page}?done=event#referrals-h")),
        Err(e) => refused(&state, parts, &page, "event", values, e).await,
    }
}

#[derive(serde::Deserialize)]
pub struct VerdictForm {
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    note: String,
}

pub async fn verdict(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((body, demand, authority)): Path<(String, String, String)>,
    req: Request,
) -> Response {
    let (parts, f, mut values) = match read::<VerdictForm>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    values.insert("authority".into(), authority.clone());
    let page = demand_page(&body, &demand);
    let who = match actor(&state, &auth).await {
        Ok(a) => a,
        Err(e) => return refused(&state, parts, &page, "verdict", values, e).await,
    };
    match write::add_verdict(
        &state.db,
        who.as_ref(),
        (&body, &demand, &authority),
        &f.verdict,
        &f.note,
        Utc::now(),
    )
    .await
    {
        Ok(()) => see_other(&format!("{page}?done=verdict#referrals-h")),
        Err(e) => refused(&state, parts, &page, "verdict", values, e).await,
    }
}
