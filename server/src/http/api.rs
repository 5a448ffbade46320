//! The open-data API, versioned under `/api/v1`: JSON (and CSV) over the
//! services, with an OpenAPI 3 document generated from these handlers.
//! Bad parameters get 400 with a JSON error naming the parameter; unknown
//! keys get 404.
use app::domain::demands::DemandFilter;
use app::domain::enums::{ReferralStatus, Topic};
use app::domain::metrics::instants::last_quarters;
use app::domain::metrics::report::{AuthorityMetrics, BodyMetrics, Series, Step};
use app::domain::open_data::*;
use app::domain::referrals::{ReferralFilter, ReferralPage};
use app::server::error::ServiceError;
use app::server::heavy::Heavy;
use app::server::services::downloads::{Kind, Wanted};
use app::server::services::metrics::cache::At;
use app::server::services::{metrics, open_data};
use app::server::state::AppState;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::DatabaseConnection;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::OpenApi;

type Params = Query<HashMap<String, String>>;

/// A refusal as JSON.
pub(super) fn error(
    status: StatusCode,
    code: &str,
    message: &str,
    parameter: Option<&str>,
) -> Response {
    (
        status,
        Json(ApiError {
            error: ApiErrorDetail {
                code: code.into(),
                message: message.into(),
                parameter: parameter.map(str::to_string),
            },
        }),
    )
        .into_response()
}

fn bad(parameter: &str, message: &str) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        message,
        Some(parameter),
    )
}

/// A parameter that does not parse: (parameter, message).
struct Bad(&'static str, String);

impl IntoResponse for Bad {
    fn into_response(self) -> Response {
        bad(self.0, &self.1)
    }
}

fn not_found(what: &str) -> Response {
    error(StatusCode::NOT_FOUND, "not_found", what, None)
}

/// The 429 of the work bounded in slots (`app::server::heavy`), as the
/// OpenAPI document states it on each route that runs such work.
#[derive(utoipa::IntoResponses)]
#[response(
    status = 429,
    description = "Many readers ask for this kind of answer at once: try again after Retry-After seconds",
    headers(("Retry-After" = u64, description = "Seconds to wait"))
)]
// Only documents: the answer itself is built by `failed`.
#[allow(dead_code)]
struct Busy(ApiError);

/// What a download answers besides its whole file and a bad request
/// (`super::downloads`), as the OpenAPI document states it on each
/// download route.
#[derive(utoipa::IntoResponses)]
// Only documents: the answers are built by `super::downloads`.
#[allow(dead_code)]
enum FileAnswers {
    #[response(
        status = 206,
        description = "The part asked by Range",
        content_type = "text/csv"
    )]
    Part(String),
    #[response(
        status = 304,
        description = "Unchanged: the ETag given in If-None-Match is still this file's"
    )]
    Unchanged,
    #[response(
        status = 429,
        description = "Every build slot is taken: try again after Retry-After seconds",
        headers(("Retry-After" = u64, description = "Seconds to wait"))
    )]
    Busy(ApiError),
}

pub(super) fn failed(e: ServiceError) -> Response {
    let err = app::domain::error::ApiError::from(e);
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let message = match &err {
        app::domain::error::ApiError::Invalid(m) => return bad("", m),
        app::domain::error::ApiError::Form(errors) => {
            return match errors.first() {
                Some(f) => bad(&f.field, &format!("invalid value ({})", f.code)),
                None => bad("", "invalid request"),
            }
        }
        app::domain::error::ApiError::Unavailable => {
            "the database is not answering for a moment; try again in a few seconds"
        }
        app::domain::error::ApiError::NotFound => "not found",
        app::domain::error::ApiError::Busy => {
            "many readers are asking for this at once; try again in a few seconds"
        }
        _ => "the figures could not be computed; try again",
    };
    let mut r = error(status, err.code(), message, None);
    if status == StatusCode::TOO_MANY_REQUESTS {
        r.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from(app::domain::error::BUSY_RETRY_SECONDS),
        );
    }
    if status == StatusCode::SERVICE_UNAVAILABLE {
        r.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static("10"),
        );
    }
    r
}

fn json_or_404<T: Serialize>(found: Result<Option<T>, ServiceError>, what: &str) -> Response {
    match found {
        Ok(Some(v)) => Json(v).into_response(),
        Ok(None) => not_found(what),
        Err(e) => failed(e),
    }
}

/// `as_of`: an RFC 3339 instant or a date (23:59:59Z); now when absent.
fn at(p: &HashMap<String, String>) -> Result<At, Bad> {
    At::parse_as_of(p.get("as_of").map(String::as_str)).ok_or_else(|| {
        Bad(
            "as_of",
            "as_of must be a date (YYYY-MM-DD) or an RFC 3339 instant".into(),
        )
    })
}

fn day(p: &HashMap<String, String>, name: &'static str) -> Result<Option<NaiveDate>, Bad> {
    match p.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| Bad(name, format!("{name} must be a date (YYYY-MM-DD)"))),
    }
}

/// `from`, `to` (default: the last eight quarters) and `step`.
fn series_query(p: &HashMap<String, String>) -> Result<metrics::SeriesQuery, Bad> {
    let step = match p.get("step").map(|s| s.trim()) {
        None | Some("") | Some("quarter") => Step::Quarter,
        Some("month") => Step::Month,
        Some(_) => return Err(Bad("step", "step must be month or quarter".into())),
    };
    let (default_from, default_to) = last_quarters(Utc::now(), 8);
    let from = day(p, "from")?.unwrap_or(default_from);
    let to = day(p, "to")?.unwrap_or(default_to);
    if to < from {
        return Err(Bad("to", "to must not be before from".into()));
    }
    if app::domain::metrics::instants::period_ends(from, to, step).is_none() {
        return Err(Bad("from", "a series has at most 120 points".into()));
    }
    Ok(metrics::SeriesQuery { from, to, step })
}

/// Figures at `as_of`, through the figures cache under `key`: 400 for a
/// bad `as_of`, 404 when `f` finds nothing.
async fn at_instant<T: Serialize + serde::de::DeserializeOwned + Send + Sync + 'static, Fut>(
    s: &AppState,
    key: String,
    p: &HashMap<String, String>,
    missing: &str,
    f: impl FnOnce(DatabaseConnection, DateTime<Utc>) -> Fut + Send + 'static,
) -> Response
where
    Fut: std::future::Future<Output = Result<Option<T>, ServiceError>> + Send + 'static,
{
    let at = match at(p) {
        Ok(at) => at,
        Err(r) => return r.into_response(),
    };
    match s.figures.get_lagging(&s.db, &key, at, f).await {
        Ok(found) => match found.as_ref() {
            Some(v) => Json(v).into_response(),
            None => not_found(missing),
        },
        Err(e) => failed(e),
    }
}

/// A series over `from`, `to`, `step`: 400 for bad ones, 404 when `f`
/// finds nothing. Computed in a slot for figures at a reader's instants
/// (`Heavy::Past`): each series is figures at up to 120 instants, not kept
/// by the figures cache, and an authority's took seconds (32 readers of
/// one pinned the server, docs/benchmarks.md); 429 when every slot stays
/// taken.
async fn over_periods<T, Fut>(
    s: &AppState,
    p: &HashMap<String, String>,
    missing: &str,
    f: impl FnOnce(DatabaseConnection, metrics::SeriesQuery) -> Fut,
) -> Response
where
    T: Serialize + Send + 'static,
    Fut: std::future::Future<Output = Result<Option<T>, ServiceError>> + Send + 'static,
{
    match series_query(p) {
        Ok(q) => json_or_404(s.bounded(Heavy::Past, move |s| f(s.db, q)).await, missing),
        Err(r) => r.into_response(),
    }
}

/// A CSV download named `{stem}-{date of T}.csv`, so that downloads at
/// different dates never overwrite each other; with `bom=1`, UTF-8 with a
/// byte order mark, which spreadsheet programs need to read accents.
/// A bulk download (`http::downloads`): `as_of` and `bom` read, the file
/// built or reused and served.
async fn download(s: &AppState, kind: Kind, p: &HashMap<String, String>, req: Request) -> Response {
    match at(p) {
        Ok(at) => {
            let bom = p.get("bom").is_some_and(|v| v == "1" || v == "true");
            super::downloads::send(s, Wanted::new(kind, at, bom), req).await
        }
        Err(r) => r.into_response(),
    }
}

#[utoipa::path(get, path = "/api/v1/bodies", tag = "bodies",
    description = "Every public body, sorted by key, with its settings: level, jurisdiction, \
        time zone, groups served, expected regions, seats, meetings a year, quorum and \
        response days.",
    responses((status = 200, description = "Every public body, by key", body = [ApiBody])))]
async fn bodies(State(s): State<AppState>) -> Response {
    match open_data::bodies(&s.db, None).await {
        Ok(list) => Json(list).into_response(),
        Err(e) => failed(e),
    }
}

#[utoipa::path(get, path = "/api/v1/bodies/{key}", tag = "bodies",
    description = "One public body, as in the list of bodies.",
    params(("key" = String, Path, description = "The body's key")),
    responses((status = 200, body = ApiBody), (status = 404, body = ApiError)))]
async fn body(State(s): State<AppState>, Path(key): Path<String>) -> Response {
    json_or_404(
        open_data::bodies(&s.db, Some(&key))
            .await
            .map(|mut v| v.pop()),
        "no public body has this key",
    )
}

#[utoipa::path(get, path = "/api/v1/bodies/{key}/metrics", tag = "metrics",
    description = "A body's figures at T: composition, meetings, demands, answers, scores and \
        `low_sample`, as defined in /methodology. The same data and T always give the same \
        numbers.",
    params(("key" = String, Path, description = "The body's key"),
        ("as_of" = Option<String>, Query, description = "RFC 3339 instant, or a date meaning 23:59:59Z that day; now when absent")),
    responses((status = 200, description = "metrics.md, per body", body = BodyMetrics),
        (status = 400, body = ApiError), (status = 404, body = ApiError), Busy))]
async fn body_metrics(
    State(s): State<AppState>,
    Path(key): Path<String>,
    Query(p): Params,
) -> Response {
    let cache_key = format!("body-metrics:{key}");
    at_instant(
        &s,
        cache_key,
        &p,
        "no public body has this key",
        |db, t| async move { metrics::body(&db, &key, t).await },
    )
    .await
}

#[utoipa::path(get, path = "/api/v1/bodies/{key}/metrics/series", tag = "metrics",
    description = "A body's figures at the end of each month or quarter from `from` to `to` \
        (T = the last instant of each period, UTC): a trend chart in one request.",
    params(("key" = String, Path, description = "The body's key"),
        ("from" = Option<String>, Query, description = "YYYY-MM-DD; default: the start of the quarter seven quarters ago"),
        ("to" = Option<String>, Query, description = "YYYY-MM-DD; default: today"),
        ("step" = Option<String>, Query, description = "month or quarter (default)")),
    responses((status = 200, description = "The figures at the end (UTC) of each period", body = Series<BodyMetrics>),
        (status = 400, body = ApiError), (status = 404, body = ApiError), Busy))]
async fn body_series(
    State(s): State<AppState>,
    Path(key): Path<String>,
    Query(p): Params,
) -> Response {
    over_periods(&s, &p, "no public body has this key", |db, q| async move {
        metrics::body_series(&db, &key, q).await
    })
    .await
}

#[utoipa::path(get, path = "/api/v1/bodies/{key}/popolo.json", tag = "bodies",
    description = "A public body's roster as Popolo JSON: the body as an organization, the \
        members who made their names public as persons, one membership per term.",
    params(("key" = String, Path, description = "The body's key")),
    responses((status = 200, description = "The roster as Popolo: public names only", body = Popolo),
        (status = 404, body = ApiError)))]
async fn popolo(State(s): State<AppState>, Path(key): Path<String>) -> Response {
    json_or_404(
        open_data::popolo(&s.db, &key).await,
        "no public body has this key",
    )
}

#[utoipa::path(get, path = "/api/v1/bodies/{key}/demands/{demand}", tag = "demands",
    description = "One public demand with its referrals, each with its clock read now and its \
        thread of answers and verdicts.",
    params(("key" = String, Path, description = "The body's key"),
        ("demand" = String, Path, description = "The demand's key within the body")),
    responses((status = 200, description = "The demand, its referrals and their threads; a confidential demand's text and its thread's texts, evidence links and verdict notes are null (withheld)", body = ApiDemand),
        (status = 404, body = ApiError)))]
async fn demand(
    State(s): State<AppState>,
    Path((key, demand)): Path<(String, String)>,
) -> Response {
    json_or_404(
        open_data::demand(&s.db, &key, &demand, Utc::now()).await,
        "no such public demand",
    )
}

#[utoipa::path(get, path = "/api/v1/authorities", tag = "authorities",
    description = "Every authority that receives referrals, sorted by key, with its deadline \
        rule: response days, day kind and holidays.",
    responses((status = 200, body = [ApiAuthority])))]
async fn authorities(State(s): State<AppState>) -> Response {
    match open_data::authorities(&s.db, None).await {
        Ok(list) => Json(list).into_response(),
        Err(e) => failed(e),
    }
}

#[utoipa::path(get, path = "/api/v1/authorities/{key}", tag = "authorities",
    description = "One authority, as in the list of authorities.",
    params(("key" = String, Path, description = "The authority's key")),
    responses((status = 200, body = ApiAuthority), (status = 404, body = ApiError)))]
async fn authority(State(s): State<AppState>, Path(key): Path<String>) -> Response {
    json_or_404(
        open_data::authorities(&s.db, Some(&key))
            .await
            .map(|mut v| v.pop()),
        "no authority has this key",
    )
}

#[utoipa::path(get, path = "/api/v1/authorities/{key}/metrics", tag = "metrics",
    description = "An authority's answer figures at T over the referrals addressed to it from \
        every body, its responsiveness score, `low_sample`, and the same figures per body \
        (`by_body`). Definitions: /methodology.",
    params(("key" = String, Path, description = "The authority's key"),
        ("as_of" = Option<String>, Query, description = "RFC 3339 instant, or a date meaning 23:59:59Z that day; now when absent")),
    responses((status = 200, description = "metrics.md, per authority", body = AuthorityMetrics),
        (status = 400, body = ApiError), (status = 404, body = ApiError), Busy))]
async fn authority_metrics(
    State(s): State<AppState>,
    Path(key): Path<String>,
    Query(p): Params,
) -> Response {
    let cache_key = format!("authority-metrics:{key}");
    at_instant(
        &s,
        cache_key,
        &p,
        "no authority has this key",
        |db, t| async move { metrics::authority(&db, &key, t).await },
    )
    .await
}

#[utoipa::path(get, path = "/api/v1/authorities/{key}/metrics/series", tag = "metrics",
    description = "An authority's figures at the end of each month or quarter from `from` to \
        `to` (T = the last instant of each period, UTC).",
    params(("key" = String, Path, description = "The authority's key"),
        ("from" = Option<String>, Query, description = "YYYY-MM-DD; default: the start of the quarter seven quarters ago"),
        ("to" = Option<String>, Query, description = "YYYY-MM-DD; default: today"),
        ("step" = Option<String>, Query, description = "month or quarter (default)")),
    responses((status = 200, description = "The figures at the end (UTC) of each period", body = Series<AuthorityMetrics>),
        (status = 400, body = ApiError), (status = 404, body = ApiError), Busy))]
async fn authority_series(
    State(s): State<AppState>,
    Path(key): Path<String>,
    Query(p): Params,
) -> Response {
    over_periods(&s, &p, "no authority has this key", |db, q| async move {
        metrics::authority_series(&db, &key, q).await
    })
    .await
}

/// The demand filters, each checked and named when wrong.
fn demand_filter(p: &HashMap<String, String>) -> Result<DemandFilter, Bad> {
    let get = |k: &str| p.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
    let topic = get("topic");
    if !topic.is_empty() && topic.parse::<Topic>().is_err() {
        return Err(Bad("topic", "unknown topic".into()));
    }
    let status = get("status");
    if !status.is_empty() && status.parse::<ReferralStatus>().is_err() {
        return Err(Bad("status", "unknown status".into()));
    }
    let overdue = match get("overdue").as_str() {
        "" | "false" | "0" => String::new(),
        "true" | "1" => "1".into(),
        _ => return Err(Bad("overdue", "overdue must be true or false".into())),
    };
    let window = match get("window").as_str() {
        "" | "false" | "0" => String::new(),
        "true" | "1" => "1".into(),
        _ => return Err(Bad("window", "window must be true or false".into())),
    };
    let as_of = get("as_of");
    if !as_of.is_empty() && app::domain::metrics::instants::parse_as_of(&as_of).is_none() {
        return Err(Bad(
            "as_of",
            "as_of must be a date YYYY-MM-DD or an RFC 3339 instant".into(),
        ));
    }
    day(p, "from")?;
    day(p, "to")?;
    let page = match get("page").as_str() {
        "" => 1,
        s => match s.parse::<u64>() {
            Ok(n) if n >= 1 => n,
            _ => return Err(Bad("page", "page must be a whole number from 1".into())),
        },
    };
    Ok(DemandFilter {
        body: get("body"),
        authority: get("authority"),
        topic,
        status,
        overdue,
        from: get("from"),
        to: get("to"),
        q: get("q"),
        as_of,
        window,
        page,
        after: get("after"),
        before: get("before"),
    })
}

#[utoipa::path(get, path = "/api/v1/demands", tag = "demands",
    description = "A page of public demands, newest first, filtered as on /demands, each with \
        its referrals' clocks read now.",
    params(("body" = Option<String>, Query, description = "A body's key"),
        ("authority" = Option<String>, Query, description = "An authority's key"),
        ("topic" = Option<String>, Query, description = "A topic of dataset.md"),
        ("status" = Option<String>, Query, description = "Referral status now"),
        ("overdue" = Option<bool>, Query, description = "Only demands with an overdue referral"),
        ("as_of" = Option<String>, Query, description = "Read the list at this date (YYYY-MM-DD) or RFC 3339 instant: statuses, overdue and withdrawals as they stood then; empty: now"),
        ("window" = Option<String>, Query, description = "1: only demands submitted in the 365 days up to as_of and not withdrawn by then (what demands_submitted counts)"),
        ("from" = Option<String>, Query, description = "Submitted on or after (YYYY-MM-DD)"),
        ("to" = Option<String>, Query, description = "Submitted on or before (YYYY-MM-DD)"),
        ("q" = Option<String>, Query, description = "Words in titles and non-confidential texts"),
        ("page" = Option<u64>, Query, description = "From 1; 25 a page"),
        ("after" = Option<String>, Query, description = "The edge a `next` link carries ({body}~{demand}): the page starts after that demand, found in the index instead of counted down to"),
        ("before" = Option<String>, Query, description = "The edge a `prev` link carries: the page ends before that demand")),
    responses((status = 200, body = ApiDemandPage), (status = 400, body = ApiError), Busy))]
async fn demands(State(s): State<AppState>, Query(p): Params) -> Response {
    let f = match demand_filter(&p) {
        Ok(f) => f,
        Err(r) => return r.into_response(),
    };
    let page = s
        .bounded(Heavy::list(&f.q), move |s| async move {
            let list = app::api::demands::page_now(&s, None, &f, Utc::now()).await?;
            Ok(open_data::demand_page(list, &f))
        })
        .await;
    match page {
        Ok(page) => Json(page).into_response(),
        Err(e) => failed(e),
    }
}

#[utoipa::path(get, path = "/api/v1/demands.csv", tag = "downloads",
    description = "Download: one CSV row per public demand submitted at or before T \
        (withdrawn ones marked), with the authorities addressed; the file is named \
        `demandas-{date of T}.csv`.",
    params(("as_of" = Option<String>, Query, description = "Demands submitted at or before T"),
        ("bom" = Option<String>, Query, description = "1: UTF-8 with a byte order mark, for spreadsheet programs")),
    responses((status = 200, description = "One row per demand", content_type = "text/csv", body = String),
        (status = 400, body = ApiError), FileAnswers))]
async fn demands_csv(State(s): State<AppState>, Query(p): Params, req: Request) -> Response {
    download(&s, Kind::Demands, &p, req).await
}

/// `yes`/`no` query values of the referral list: 1/true, 0/false.
fn yes_no(p: &HashMap<String, String>, name: &'static str) -> Result<String, Bad> {
    match p.get(name).map(|v| v.trim()) {
        None | Some("") => Ok(String::new()),
        Some("1" | "true") => Ok("1".into()),
        Some("0" | "false") => Ok("0".into()),
        Some(_) => Err(Bad(name, format!("{name} must be 1 (true) or 0 (false)"))),
    }
}

fn referral_filter(p: &HashMap<String, String>) -> Result<ReferralFilter, Bad> {
    at(p)?;
    let status = p.get("status").cloned().unwrap_or_default();
    if !status.is_empty() && status.parse::<ReferralStatus>().is_err() {
        return Err(Bad(
            "status",
            "status must be one of awaiting, awaiting_clarification, accepted, \
             partially_accepted, rejected, implemented"
                .into(),
        ));
    }
    let page = match p.get("page") {
        None => 1,
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| Bad("page", "page must be a whole number from 1".into()))?,
    };
    Ok(ReferralFilter {
        as_of: p.get("as_of").cloned().unwrap_or_default(),
        body: p.get("body").cloned().unwrap_or_default(),
        authority: p.get("authority").cloned().unwrap_or_default(),
        status,
        overdue: yes_no(p, "overdue")?,
        window: yes_no(p, "window")?,
        considered: yes_no(p, "considered")?,
        answered: yes_no(p, "answered")?,
        on_time: yes_no(p, "on_time")?,
        page,
        after: p.get("after").cloned().unwrap_or_default(),
        before: p.get("before").cloned().unwrap_or_default(),
    })
}

#[utoipa::path(get, path = "/api/v1/referrals", tag = "referrals",
    description = "Every referral the figures count, filtered the way each figure counts them: \
        a figure's count equals the `total` of its list at the same `as_of` (for example \
        `overdue_open` of an authority = `total` of `?authority=…&overdue=1`; `referrals` = \
        `?window=1`; `considered` = `?window=1&considered=1`). Each item explains its clock. \
        Definitions: /methodology.",
    params(
        ("as_of" = Option<String>, Query, description = "RFC 3339 instant, or a date meaning 23:59:59Z that day; now when absent"),
        ("body" = Option<String>, Query, description = "A public body's key"),
        ("authority" = Option<String>, Query, description = "An authority's key"),
        ("status" = Option<ReferralStatus>, Query, description = "The status at as_of"),
        ("overdue" = Option<String>, Query, description = "1: overdue at as_of; 0: not"),
        ("window" = Option<String>, Query, description = "1: its demand was submitted in the 365 days up to as_of (the windowed figures' referrals); 0: before"),
        ("considered" = Option<String>, Query, description = "1: answered or due at as_of; 0: neither"),
        ("answered" = Option<String>, Query, description = "1: answered at or before as_of; 0: not"),
        ("on_time" = Option<String>, Query, description = "1: answered on time; 0: not (late or unanswered)"),
        ("page" = Option<u64>, Query, description = "Page (from 1), 50 referrals each"),
        ("after" = Option<String>, Query, description = "The edge a `next` link carries ({body}~{demand}~{authority}): the page starts after that referral, sought in the list's index instead of counted down to"),
        ("before" = Option<String>, Query, description = "The edge a `prev` link carries: the page ends before that referral")),
    responses((status = 200, description = "A page of referrals with the total over all pages", body = ReferralPage),
        (status = 400, body = ApiError), Busy))]
async fn referrals(State(s): State<AppState>, Query(p): Params) -> Response {
    let f = match referral_filter(&p) {
        Ok(f) => f,
        Err(r) => return r.into_response(),
    };
    let page = s
        .bounded(Heavy::List, move |s| async move {
            let page = app::api::referrals::page_now(&s, &f, Utc::now()).await?;
            Ok(page.linked(&f, "/api/v1/referrals"))
        })
        .await;
    match page {
        Ok(page) => Json(page).into_response(),
        Err(e) => failed(e),
    }
}

#[utoipa::path(get, path = "/api/v1/referrals.csv", tag = "downloads",
    description = "Download: one CSV row per referral of a public demand submitted at or \
        before T and not withdrawn by then, with its deadlines and the clock read at T; the \
        file is named `remisiones-{date of T}.csv`.",
    params(("as_of" = Option<String>, Query, description = "The clock read at T"),
        ("bom" = Option<String>, Query, description = "1: UTF-8 with a byte order mark, for spreadsheet programs")),
    responses((status = 200, description = "One row per referral: deadlines, status, due, overdue, on time", content_type = "text/csv", body = String),
        (status = 400, body = ApiError), FileAnswers))]
async fn referrals_csv(State(s): State<AppState>, Query(p): Params, req: Request) -> Response {
    download(&s, Kind::Referrals, &p, req).await
}

#[utoipa::path(get, path = "/api/v1/bodies.csv", tag = "downloads",
    description = "Download: one CSV row per public body with every figure at T; the file is \
        named `consejos-{date of T}.csv`.",
    params(("as_of" = Option<String>, Query, description = "The figures at T"),
        ("bom" = Option<String>, Query, description = "1: UTF-8 with a byte order mark, for spreadsheet programs")),
    responses((status = 200, description = "One row per public body with every figure of metrics.md", content_type = "text/csv", body = String),
        (status = 400, body = ApiError), FileAnswers))]
async fn bodies_csv(State(s): State<AppState>, Query(p): Params, req: Request) -> Response {
    download(&s, Kind::Bodies, &p, req).await
}

#[utoipa::path(get, path = "/api/v1/authorities.csv", tag = "downloads",
    description = "Download: one CSV row per authority with its deadline rule and every answer \
        figure at T; the file is named `autoridades-{date of T}.csv`.",
    params(("as_of" = Option<String>, Query, description = "The figures at T"),
        ("bom" = Option<String>, Query, description = "1: UTF-8 with a byte order mark, for spreadsheet programs")),
    responses((status = 200, description = "One row per authority: its deadline rule and every answer figure of metrics.md (columns: /methodology#columns)", content_type = "text/csv", body = String),
        (status = 400, body = ApiError), FileAnswers))]
async fn authorities_csv(State(s): State<AppState>, Query(p): Params, req: Request) -> Response {
    download(&s, Kind::Authorities, &p, req).await
}

#[utoipa::path(get, path = "/api/v1/search", tag = "search",
    description = "Site search as the public reads it: demands (titles, texts and whole threads, \
        never a confidential demand's text), meeting agendas and published minutes, bodies and \
        authorities; accents and case ignored, Spanish stems, \"quoted phrases\" and prefix* \
        words; best first (title matches above text matches), each with a passage and the \
        words found marked. An empty q finds nothing.",
    params(("q" = Option<String>, Query, description = "Words, \"a phrase\", prefix*"),
        ("kind" = Option<String>, Query, description = "demand, meeting, body or authority"),
        ("body" = Option<String>, Query, description = "A body's key: its demands, meetings and itself"),
        ("authority" = Option<String>, Query, description = "An authority's key: the demands addressed to it, and itself"),
        ("topic" = Option<String>, Query, description = "Demands of a topic of dataset.md"),
        ("status" = Option<String>, Query, description = "Demands with a referral in this status now"),
        ("from" = Option<String>, Query, description = "Submitted (demands) or held (meetings) on or after (YYYY-MM-DD)"),
        ("to" = Option<String>, Query, description = "On or before (YYYY-MM-DD)"),
        ("page" = Option<u64>, Query, description = "From 1; 20 a page")),
    responses((status = 200, body = app::domain::search::ApiSearchPage), (status = 400, body = ApiError), Busy))]
async fn search(State(s): State<AppState>, Query(p): Params) -> Response {
    let get = |k: &str| p.get(k).cloned().unwrap_or_default();
    let page = match p.get("page").map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => 1,
        Some(v) => match v.parse::<u64>() {
            Ok(n) if n >= 1 => n,
            _ => return bad("page", "a whole number from 1"),
        },
    };
    let f = app::domain::search::SearchQuery {
        q: get("q"),
        kind: get("kind"),
        body: get("body"),
        authority: get("authority"),
        topic: get("topic"),
        status: get("status"),
        from: get("from"),
        to: get("to"),
        page,
    };
    let found = s
        .bounded(Heavy::Search, move |s| async move {
            app::server::services::search::search(&s.db, None, &f).await
        })
        .await;
    match found {
        Ok(r) => Json(app::domain::search::ApiSearchPage::from(r)).into_response(),
        Err(e) => failed(e),
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Voces open data",
        version = "1",
        description = "Public data of migrant consultative bodies: bodies, authorities, demands \
            and answers, and the accountability figures defined in metrics.md."
    ),
    paths(
        bodies,
        body,
        body_metrics,
        body_series,
        popolo,
        demand,
        authorities,
        authority,
        authority_metrics,
        authority_series,
        demands,
        demands_csv,
        referrals,
        referrals_csv,
        bodies_csv,
        authorities_csv,
        search
    ),
    components(schemas(ApiError, ApiErrorDetail))
)]
pub struct ApiDoc;

async fn openapi() -> Response {
    Json(ApiDoc::openapi()).into_response()
}

async fn unknown() -> Response {
    not_found("no such API route; see /api/v1/openapi.json")
}

/// The `/api/v1` routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/bodies", get(bodies))
        .route("/api/v1/bodies.csv", get(bodies_csv))
        .route("/api/v1/bodies/{key}", get(body))
        .route("/api/v1/bodies/{key}/metrics", get(body_metrics))
        .route("/api/v1/bodies/{key}/metrics/series", get(body_series))
        .route("/api/v1/bodies/{key}/popolo.json", get(popolo))
        .route("/api/v1/bodies/{key}/demands/{demand}", get(demand))
        .route("/api/v1/authorities", get(authorities))
        .route("/api/v1/authorities.csv", get(authorities_csv))
        .route("/api/v1/authorities/{key}", get(authority))
        .route("/api/v1/authorities/{key}/metrics", get(authority_metrics))
        .route(
            "/api/v1/authorities/{key}/metrics/series",
            get(authority_series),
        )
        .route("/api/v1/demands", get(demands))
        .route("/api/v1/search", get(search))
        .route("/api/v1/demands.csv", get(demands_csv))
        .route("/api/v1/referrals", get(referrals))
        .route("/api/v1/referrals.csv", get(referrals_csv))
        .route("/api/v1/{*rest}", get(unknown))
}
