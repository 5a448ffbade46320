//! Demand forms: submitting a demand, adding an event to a referral's
//! thread, and the body's verdict, through the one form pipeline
//! (`form::handle`); and the demand list's downloads.
use super::auth::AuthSession;
use super::form::{actor, handle, Confirm, FormAt, Posted, Submission};
use app::routes;
use app::server::services::demands::write::{self, DemandForm};
use app::server::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;

fn demand_page(body: &str, demand: &str) -> String {
    routes::DEMAND.path(&[body, demand])
}

pub async fn submit(Path(body): Path<String>, posted: Posted) -> Response {
    let at = FormAt::new("demand", routes::DEMAND_NEW.path(&[&body]));
    handle(posted, at, |s: Submission<DemandForm>| async move {
        let key = write::submit(s.db(), s.actor(), s.site(), &body, &s.input, Utc::now()).await?;
        Ok(format!("{}?done=submitted", demand_page(&body, &key)).into())
    })
    .await
}

pub async fn edit(Path((body, demand)): Path<(String, String)>, posted: Posted) -> Response {
    let at = FormAt::new("demand", routes::DEMAND_EDIT.path(&[&body, &demand]));
    handle(posted, at, |s: Submission<DemandForm>| async move {
        write::edit(s.db(), s.actor(), &body, &demand, &s.input, Utc::now()).await?;
        Ok(format!("{}?done=edited", demand_page(&body, &demand)).into())
    })
    .await
}

pub async fn withdraw(Path((body, demand)): Path<(String, String)>, posted: Posted) -> Response {
    let at = FormAt::new("withdraw", demand_page(&body, &demand));
    handle(posted, at, |s: Submission<Confirm>| async move {
        let (db, who, site) = (s.db(), s.actor(), s.site());
        let to = format!("{}?done=withdrawn", demand_page(&body, &demand));
        s.input
            .review_or(
                || write::review_withdraw(db, who, site, &body, &demand, Utc::now()),
                || write::withdraw(db, who, site, &body, &demand, Utc::now()),
                to,
            )
            .await
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ConfidentialityForm {
    confidential: String,
    confirm: String,
}

/// The body makes its demand confidential (`confidential=true`) or public
/// again (`confidential=false` with `confirm=yes`).
pub async fn confidentiality(
    Path((body, demand)): Path<(String, String)>,
    posted: Posted,
) -> Response {
    let at = FormAt::new("confidentiality", demand_page(&body, &demand));
    handle(
        posted,
        at,
        |s: Submission<ConfidentialityForm>| async move {
            let (db, who, f) = (s.db(), s.actor(), &s.input);
            let (confidential, confirmed) = (f.confidential == "true", f.confirm == "yes");
            write::set_confidential(db, who, &body, &demand, confidential, confirmed, Utc::now())
                .await?;
            Ok(format!("{}?done=confidentiality", demand_page(&body, &demand)).into())
        },
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EventForm {
    kind: String,
    text: String,
    evidence_url: String,
    #[serde(flatten)]
    confirm: Confirm,
}

/// An event on a referral's thread (`kind`, `text`, `evidence_url`),
/// published after its review step (`confirm=yes`).
pub async fn event(
    Path((body, demand, authority)): Path<(String, String, String)>,
    posted: Posted,
) -> Response {
    let at = FormAt::new("event", demand_page(&body, &demand)).keep("authority", &authority);
    handle(posted, at, |s: Submission<EventForm>| async move {
        let (f, db, who, site) = (&s.input, s.db(), s.actor(), s.site());
        let keys = (body.as_str(), demand.as_str(), authority.as_str());
        let (kind, text, evidence) = (&f.kind, &f.text, &f.evidence_url);
        let to = format!("{}?done=event#referrals-h", demand_page(&body, &demand));
        f.confirm
            .review_or(
                || write::review_event(db, who, site, keys, kind, text, evidence, Utc::now()),
                || write::add_event(db, who, site, keys, kind, text, evidence, Utc::now()),
                to,
            )
            .await
    })
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VerdictForm {
    verdict: String,
    note: String,
    #[serde(flatten)]
    confirm: Confirm,
}

/// The body's verdict (`verdict`, `note`), given after its review step.
pub async fn verdict(
    Path((body, demand, authority)): Path<(String, String, String)>,
    posted: Posted,
) -> Response {
    let at = FormAt::new("verdict", demand_page(&body, &demand)).keep("authority", &authority);
    handle(posted, at, |s: Submission<VerdictForm>| async move {
        let (f, db, who, site) = (&s.input, s.db(), s.actor(), s.site());
        let keys = (body.as_str(), demand.as_str(), authority.as_str());
        let (verdict, note) = (&f.verdict, &f.note);
        let to = format!("{}?done=verdict#referrals-h", demand_page(&body, &demand));
        f.confirm
            .review_or(
                || write::review_verdict(db, who, site, keys, verdict, note, Utc::now()),
                || write::add_verdict(db, who, site, keys, verdict, note, Utc::now()),
                to,
            )
            .await
    })
    .await
}

/// The filters of `/demands`, from the query string.
#[derive(serde::Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    body: String,
    #[serde(default)]
    authority: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    overdue: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    as_of: String,
    #[serde(default)]
    window: String,
}

impl ListQuery {
    fn filter(self) -> app::domain::demands::DemandFilter {
        app::domain::demands::DemandFilter {
            body: self.body,
            authority: self.authority,
            topic: self.topic,
            status: self.status,
            overdue: self.overdue,
            from: self.from,
            to: self.to,
            q: self.q,
            as_of: self.as_of,
            window: self.window,
            // Every row that matches.
            page: 0,
            ..Default::default()
        }
    }
}

async fn filtered(
    state: &AppState,
    auth: &AuthSession,
    q: ListQuery,
) -> Result<app::domain::demands::DemandList, Response> {
    use axum::response::IntoResponse;
    let bad = |m: &str| {
        (
            axum::http::StatusCode::BAD_REQUEST,
            app::messages::both_with(app::messages::Plain::InvalidFilter, m),
        )
            .into_response()
    };
    let who = actor(state, auth).await.map_err(|e| {
        if e.is_unavailable() {
            super::outage::unavailable(false)
        } else {
            bad("session")
        }
    })?;
    let filter = q.filter();
    state
        .bounded(
            app::server::heavy::Heavy::list(&filter.q),
            move |s| async move {
                app::server::services::demands::list(&s.db, who.as_ref(), &filter, Utc::now()).await
            },
        )
        .await
        .map_err(|e| match e {
            app::server::error::ServiceError::Busy => super::busy_text(),
            app::server::error::ServiceError::Form(errs) => bad(&errs
                .iter()
                .map(|e| e.field.clone())
                .collect::<Vec<_>>()
                .join(", ")),
            other => {
                tracing::error!(error = %other, "demand download");
                (
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    app::messages::both(app::messages::Plain::ServerFailed),
                )
                    .into_response()
            }
        })
}

/// `/demands.csv`: one row per referral of the demands the filters select.
pub async fn csv(
    State(state): State<AppState>,
    auth: AuthSession,
    axum::extract::Query(q): axum::extract::Query<ListQuery>,
) -> Response {
    use axum::response::IntoResponse;
    let list = match filtered(&state, &auth, q).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    match app::server::services::demands::to_csv(&list) {
        Ok(text) => (
            [
                (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    "attachment; filename=\"demandas.csv\"",
                ),
            ],
            text,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "demands csv");
            (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "CSV").into_response()
        }
    }
}

/// `/demands.json`: the demands the filters select, with their referrals.
pub async fn json(
    State(state): State<AppState>,
    auth: AuthSession,
    axum::extract::Query(q): axum::extract::Query<ListQuery>,
) -> Response {
    use axum::response::IntoResponse;
    match filtered(&state, &auth, q).await {
        Ok(list) => {
            let rows: Vec<serde_json::Value> = list
                .rows
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "body": r.body_key, "key": r.key, "title": r.title, "topic": r.topic,
                        "submitted_at": r.submitted_at, "confidential": r.confidential,
                        "referrals": r.referrals.iter().map(|(a, c)| serde_json::json!({
                            "authority": a, "status": c.status, "paused": c.paused,
                            "overdue": c.overdue, "answered": c.answered, "on_time": c.on_time,
                            "contested": c.contested, "withdrawn": c.withdrawn,
                            "effective_deadline": c.effective_deadline,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            axum::Json(serde_json::json!({ "total": list.total, "demands": rows })).into_response()
        }
        Err(r) => r,
    }
}
