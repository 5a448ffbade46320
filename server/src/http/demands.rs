//! Demand forms: submitting a demand, adding an event to a referral's
//! thread, and the body's verdict, through the one form pipeline
//! (`form::handle`); and the demand list's downloads.
use super::auth::AuthSession;
use super::form::{actor, handle, Confirm, FormAt, Posted, Submission};
use app::routes;
use app::server::services::demands;
use app::server::services::demands::write::{self, DemandForm};
use app::server::services::downloads::{CsvStream, Kind, Wanted};
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

/// What a list's download could not be made for, said in the reader's
/// language: a filter that names nothing, every slot taken, the database
/// away.
fn list_failed(e: app::server::error::ServiceError) -> Response {
    use app::server::error::ServiceError;
    use axum::response::IntoResponse;
    match e {
        ServiceError::Busy => super::busy_text(),
        ServiceError::Form(errs) => (
            axum::http::StatusCode::BAD_REQUEST,
            app::messages::both_with(
                app::messages::Plain::InvalidFilter,
                &errs
                    .iter()
                    .map(|e| e.field.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        )
            .into_response(),
        e if e.is_unavailable() => super::outage::unavailable(false),
        other => {
            tracing::error!(error = %other, "demand download");
            (
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                app::messages::both(app::messages::Plain::ServerFailed),
            )
                .into_response()
        }
    }
}

/// A list's download. The public's is a file built once per data version
/// and filters (`services::downloads`: a large council's list made per
/// request took the server to 341 MB); a signed-in reader's, who may see
/// more than the public, is made for them, in the list's slots.
async fn download(
    state: AppState,
    auth: AuthSession,
    q: ListQuery,
    kind: Kind,
    req: axum::extract::Request,
) -> Response {
    use axum::response::IntoResponse;
    let who = match actor(&state, &auth).await {
        Ok(w) => w,
        Err(e) if e.is_unavailable() => return super::outage::unavailable(false),
        Err(_) => {
            let e = app::server::error::ServiceError::field("session", "invalid_value");
            return list_failed(e);
        }
    };
    let filter = q.filter();
    let Some(who) = who else {
        let wanted = Wanted::list(kind, &filter);
        let busy = |_| super::busy_text();
        return super::downloads::send_or(&state, wanted, req, busy, list_failed).await;
    };
    let now = Utc::now();
    let made = state
        .bounded(
            app::server::heavy::Heavy::list(&filter.q),
            move |s| async move {
                let mut out = CsvStream::in_memory();
                match kind {
                    Kind::ListJson => {
                        demands::write_json(&s.db, Some(&who), &filter, now, &mut out).await?
                    }
                    _ => demands::write_csv(&s.db, Some(&who), &filter, now, &mut out).await?,
                }
                out.into_string()
            },
        )
        .await;
    match made {
        Ok(text) => (
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    kind.content_type().to_string(),
                ),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    kind.disposition(now),
                ),
                // Made for this reader: kept by no cache.
                (
                    axum::http::header::CACHE_CONTROL,
                    "private, no-store".to_string(),
                ),
            ],
            text,
        )
            .into_response(),
        Err(e) => list_failed(e),
    }
}

/// `/demands.csv`: one row per referral of the demands the filters select.
pub async fn csv(
    State(state): State<AppState>,
    auth: AuthSession,
    axum::extract::Query(q): axum::extract::Query<ListQuery>,
    req: axum::extract::Request,
) -> Response {
    download(state, auth, q, Kind::List, req).await
}

/// `/demands.json`: the demands the filters select, with their referrals
/// (`{"demands": [...], "total": n}`).
pub async fn json(
    State(state): State<AppState>,
    auth: AuthSession,
    axum::extract::Query(q): axum::extract::Query<ListQuery>,
    req: axum::extract::Request,
) -> Response {
    download(state, auth, q, Kind::ListJson, req).await
}
