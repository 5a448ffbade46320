//! Demand forms: submitting a demand, adding an event to a referral's
//! thread, and the body's verdict. Same pattern as `forms`.
use super::auth::AuthSession;
use super::forms::{actor, read, refused, run_form, see_other, url_escape};
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
    let form = demand_form(&pairs);
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

/// The demand form's fields (repeated `authorities` checkboxes).
fn demand_form(pairs: &[(String, String)]) -> DemandForm {
    let get = |k: &str| {
        pairs
            .iter()
            .rev()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    DemandForm {
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
    }
}

pub async fn edit(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((body, demand)): Path<(String, String)>,
    req: Request,
) -> Response {
    let page = format!("{}/edit", demand_page(&body, &demand));
    run_form(
        state,
        auth,
        req,
        Vec::new(),
        "demand",
        page,
        |st, who, f| async move {
            let pairs: Vec<(String, String)> = f.into_iter().collect();
            write::edit(
                &st.db,
                who.as_ref(),
                &body,
                &demand,
                &demand_form(&pairs),
                Utc::now(),
            )
            .await?;
            Ok(format!("{}?done=edited", demand_page(&body, &demand)))
        },
    )
    .await
}

pub async fn withdraw(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((body, demand)): Path<(String, String)>,
    req: Request,
) -> Response {
    let page = demand_page(&body, &demand);
    run_form(
        state,
        auth,
        req,
        Vec::new(),
        "withdraw",
        page,
        |st, who, _| async move {
            write::withdraw(&st.db, who.as_ref(), &body, &demand, Utc::now()).await?;
            Ok(format!("{}?done=withdrawn", demand_page(&body, &demand)))
        },
    )
    .await
}

/// The body makes its demand confidential (`confidential=true`) or public
/// again (`confidential=false` with `confirm=yes`).
pub async fn confidentiality(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((body, demand)): Path<(String, String)>,
    req: Request,
) -> Response {
    let page = demand_page(&body, &demand);
    run_form(
        state,
        auth,
        req,
        Vec::new(),
        "confidentiality",
        page,
        |st, who, f| async move {
            let confidential = f.get("confidential").is_some_and(|v| v == "true");
            let confirmed = f.get("confirm").is_some_and(|v| v == "yes");
            write::set_confidential(
                &st.db,
                who.as_ref(),
                &body,
                &demand,
                confidential,
                confirmed,
                Utc::now(),
            )
            .await?;
            Ok(format!(
                "{}?done=confidentiality",
                demand_page(&body, &demand)
            ))
        },
    )
    .await
}

/// An event on a referral's thread (`kind`, `text`, `evidence_url`).
pub async fn event(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((body, demand, authority)): Path<(String, String, String)>,
    req: Request,
) -> Response {
    let page = demand_page(&body, &demand);
    let extra = vec![("authority".to_string(), authority.clone())];
    run_form(
        state,
        auth,
        req,
        extra,
        "event",
        page,
        |st, who, f| async move {
            let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
            write::add_event(
                &st.db,
                who.as_ref(),
                &st.settings.site,
                (&body, &demand, &authority),
                get("kind"),
                get("text"),
                get("evidence_url"),
                Utc::now(),
            )
            .await?;
            Ok(format!(
                "{}?done=event#referrals-h",
                demand_page(&body, &demand)
            ))
        },
    )
    .await
}

/// The body's verdict (`verdict`, `note`).
pub async fn verdict(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((body, demand, authority)): Path<(String, String, String)>,
    req: Request,
) -> Response {
    let page = demand_page(&body, &demand);
    let extra = vec![("authority".to_string(), authority.clone())];
    run_form(
        state,
        auth,
        req,
        extra,
        "verdict",
        page,
        |st, who, f| async move {
            let get = |k: &str| f.get(k).map(String::as_str).unwrap_or("");
            write::add_verdict(
                &st.db,
                who.as_ref(),
                (&body, &demand, &authority),
                get("verdict"),
                get("note"),
                Utc::now(),
            )
            .await?;
            Ok(format!(
                "{}?done=verdict#referrals-h",
                demand_page(&body, &demand)
            ))
        },
    )
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
            format!("Filtro no válido / Invalid filter: {m}"),
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
    app::server::services::demands::list(&state.db, who.as_ref(), &q.filter(), Utc::now())
        .await
        .map_err(|e| match e {
            app::server::error::ServiceError::Form(errs) => bad(&errs
                .iter()
                .map(|e| e.field.clone())
                .collect::<Vec<_>>()
                .join(", ")),
            other => {
                tracing::error!(error = %other, "demand download");
                (
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                    "El servidor no pudo responder. / The server could not answer.",
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
