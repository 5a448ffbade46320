//! The forms' POST handlers. Every form is a plain HTML form, so it works
//! without JavaScript: success answers 303 to the next page (with a `done`
//! note to show), a refusal renders the same page again with what was typed
//! and the problems beside the fields (422, 429, 403, …).
use super::auth::AuthSession;
use super::language;
use app::domain::forms::{FieldError, FormState};
pub use app::domain::url::encode_component as url_escape;
use app::server::authz::{load_actor, Actor};
use app::server::error::ServiceError;
use app::server::services::accounts::{invitations, login, profile, reset, roles};
use app::server::state::AppState;
use app::shell;
use axum::body::Body;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{header, request::Parts, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use leptos::prelude::provide_context;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::net::SocketAddr;

/// Forms are small; anything larger is refused before parsing.
const FORM_LIMIT: usize = 64 * 1024;

/// Splits the request and parses its url-encoded body.
pub(crate) async fn read<T: DeserializeOwned>(
    req: Request,
) -> Result<(Parts, T, BTreeMap<String, String>), Response> {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, FORM_LIMIT).await.map_err(|_| {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            "El formulario es demasiado grande. / The form is too large.",
        )
            .into_response()
    })?;
    let form: T = serde_urlencoded::from_bytes(&bytes).map_err(|e| {
        (
            StatusCode::BAD_REQUEST,
            format!("Formulario no válido. / Invalid form: {e}"),
        )
            .into_response()
    })?;
    // What was typed, to show again; passwords are never sent back.
    let mut values: BTreeMap<String, String> =
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
            .unwrap_or_default()
            .into_iter()
            .collect();
    values.retain(|k, _| !matches!(k.as_str(), "password" | "confirm" | "current"));
    Ok((parts, form, values))
}

pub fn see_other(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// Renders the page at `path` for the same visitor, with the refused form.
async fn render(
    state: &AppState,
    parts: Parts,
    path: &str,
    form: FormState,
    status: StatusCode,
) -> Response {
    render_with(
        state,
        parts,
        path,
        move || provide_context(form.clone()),
        status,
    )
    .await
}

/// Renders the page at `path` for the same visitor, with more context
/// (what the page shows of the request it answers).
pub async fn render_with(
    state: &AppState,
    mut parts: Parts,
    path: &str,
    extra: impl Fn() + Clone + Send + Sync + 'static,
    status: StatusCode,
) -> Response {
    parts.method = Method::GET;
    parts.uri = path.parse().unwrap_or_else(|_| Uri::from_static("/"));
    parts.headers.remove(header::CONTENT_TYPE);
    parts.headers.remove(header::CONTENT_LENGTH);
    let req = Request::from_parts(parts, Body::empty());
    let st = state.clone();
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(st.clone());
            extra();
        },
        move || shell(options.clone()),
    );
    let mut res = handler(req).await;
    *res.status_mut() = status;
    res
}

/// The answer to a refused form.
pub async fn refused(
    state: &AppState,
    parts: Parts,
    path: &str,
    form: &str,
    values: BTreeMap<String, String>,
    err: ServiceError,
) -> Response {
    let mut fs = FormState {
        form: form.to_string(),
        values,
        errors: Vec::new(),
    };
    let status = match err {
        ServiceError::Form(errors) => {
            fs.errors = errors;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        ServiceError::RateLimited { minutes } => {
            fs.errors = vec![FieldError::new("", "rate_limited")];
            fs.values
                .insert("retry_minutes".into(), minutes.to_string());
            StatusCode::TOO_MANY_REQUESTS
        }
        ServiceError::Unauthorized => {
            return see_other(&format!("/login?next={}", url_escape(path)));
        }
        ServiceError::Forbidden => {
            fs.errors = vec![FieldError::new("", "forbidden")];
            StatusCode::FORBIDDEN
        }
        ServiceError::NotFound => {
            fs.errors = vec![FieldError::new("", "not_found")];
            StatusCode::NOT_FOUND
        }
        ServiceError::Invalid(m) => {
            tracing::info!(%m, "form refused");
            fs.errors = vec![FieldError::new("", "invalid")];
            StatusCode::UNPROCESSABLE_ENTITY
        }
        ServiceError::Db(e) if app::server::db::is_unavailable(&e) => {
            // Not the page again: rendering it needs the database too. The
            // outage layer answers with the form filled in (`outage.rs`).
            tracing::warn!(error = %e, "database unavailable for a form");
            return super::outage::unavailable(false);
        }
        ServiceError::Db(e) => {
            tracing::error!(error = %e, "database error in a form");
            fs.errors = vec![FieldError::new("", "internal")];
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    render(state, parts, path, fs, status).await
}

/// Runs a plain form: `form` names it for the refusal, `page` is where it
/// is shown, `extra` joins what the page shows again of the request (e.g. which
/// card it came from), `run` does the work and answers where to go next.
pub async fn run_form<F, Fut>(
    state: AppState,
    auth: AuthSession,
    req: Request,
    extra: Vec<(String, String)>,
    form: &str,
    page: String,
    run: F,
) -> Response
where
    F: FnOnce(AppState, Option<Actor>, BTreeMap<String, String>) -> Fut,
    Fut: std::future::Future<Output = Result<String, ServiceError>>,
{
    let (parts, fields, mut values) = match read::<Vec<(String, String)>>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    values.extend(extra);
    // Repeated names do not occur in these forms; the last value wins.
    let fields: BTreeMap<String, String> = fields.into_iter().collect();
    let who = match actor(&state, &auth).await {
        Ok(a) => a,
        Err(e) => return refused(&state, parts, &page, form, values, e).await,
    };
    match run(state.clone(), who, fields).await {
        Ok(to) => see_other(&to),
        Err(e) => refused(&state, parts, &page, form, values, e).await,
    }
}

/// The client's address: the connection's, or the proxy's report of it.
fn client_address(state: &AppState, parts: &Parts) -> String {
    if state.settings.trust_forwarded_for {
        if let Some(first) = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
        {
            return first.trim().to_string();
        }
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Signs the account in on this session (a new session id) and switches the
/// interface to the account's language.
async fn sign_in(state: &AppState, auth: &mut AuthSession, account_id: i64, to: &str) -> Response {
    let user = match auth.backend.get_user_by_id(account_id).await {
        Some(u) => u,
        None => return see_other("/login"),
    };
    if let Err(e) = auth.login(&user).await {
        tracing::error!(error = %e, "could not start a session");
        return (StatusCode::INTERNAL_SERVER_ERROR, "No se pudo iniciar la sesión; inténtalo de nuevo. / The session could not start; try again.").into_response();
    }
    // A fresh session id at every sign-in (axum-login renews it only for a
    // session that was not signed in yet).
    if let Err(e) = auth.session.cycle_id().await {
        tracing::error!(error = %e, "could not renew the session id");
        return (StatusCode::INTERNAL_SERVER_ERROR, "No se pudo iniciar la sesión; inténtalo de nuevo. / The session could not start; try again.").into_response();
    }
    let mut res = see_other(to);
    if let Ok(Some(acc)) = entity_locale(state, account_id).await {
        let cookie = format!(
            "{}={acc}; Path=/; Max-Age=31536000; SameSite=Lax",
            language::COOKIE
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

async fn entity_locale(state: &AppState, id: i64) -> Result<Option<String>, sea_orm::DbErr> {
    use sea_orm::EntityTrait;
    Ok(entity::account::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .map(|a| a.locale))
}

pub async fn actor(state: &AppState, auth: &AuthSession) -> Result<Option<Actor>, ServiceError> {
    match &auth.user {
        Some(u) => load_actor(&state.db, u.id, Utc::now()).await,
        None => Ok(None),
    }
}

// ---- sign in, sign out, reset --------------------------------------------

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

pub async fn login(State(state): State<AppState>, mut auth: AuthSession, req: Request) -> Response {
    let (parts, f, values) = match read::<LoginForm>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let address = client_address(&state, &parts);
    match login::authenticate(&state.db, &f.email, &f.password, &address, Utc::now()).await {
        Ok(id) => {
            let next = if f.next.is_empty() {
                "/account".to_string()
            } else {
                language::safe_next(Some(&f.next))
            };
            sign_in(&state, &mut auth, id, &next).await
        }
        Err(e) => refused(&state, parts, "/login", "login", values, e).await,
    }
}

pub async fn logout(mut auth: AuthSession) -> Response {
    if let Err(e) = auth.logout().await {
        tracing::error!(error = %e, "logout failed");
    }
    see_other("/login?done=signed_out")
}

#[derive(Deserialize)]
pub struct ResetRequestForm {
    #[serde(default)]
    email: String,
}

pub async fn reset_request(State(state): State<AppState>, req: Request) -> Response {
    let (parts, f, values) = match read::<ResetRequestForm>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match reset::request(&state.db, &state.settings.site, &f.email, Utc::now()).await {
        Ok(_) => see_other("/reset?done=reset_sent"),
        Err(e) => refused(&state, parts, "/reset", "reset", values, e).await,
    }
}

#[derive(Deserialize)]
pub struct NewPasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn reset_complete(
    State(state): State<AppState>,
    mut auth: AuthSession,
    Path(token): Path<String>,
    req: Request,
) -> Response {
    let (parts, f, values) = match read::<NewPasswordForm>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match reset::complete(&state.db, &token, &f.password, &f.confirm, Utc::now()).await {
        Ok(id) => sign_in(&state, &mut auth, id, "/account?done=password_changed").await,
        Err(e) => {
            refused(
                &state,
                parts,
                &format!("/reset/{token}"),
                "reset_complete",
                values,
                e,
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    locale: String,
}

pub async fn accept_invitation(
    State(state): State<AppState>,
    mut auth: AuthSession,
    Path(token): Path<String>,
    req: Request,
) -> Response {
    let (parts, f, values) = match read::<AcceptForm>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let form = invitations::AcceptForm {
        name: f.name,
        password: f.password,
        confirm: f.confirm,
        locale: f.locale,
    };
    match invitations::accept(&state.db, &token, &form, Utc::now()).await {
        Ok(id) => sign_in(&state, &mut auth, id, "/account?done=welcome").await,
        Err(e) => {
            refused(
                &state,
                parts,
                &format!("/invitations/{token}"),
                "accept",
                values,
                e,
            )
            .await
        }
    }
}

// ---- account ---------------------------------------------------------------

#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    locale: String,
}

pub async fn account_update(
    State(state): State<AppState>,
    auth: AuthSession,
    req: Request,
) -> Response {
    let (parts, f, values) = match read::<ProfileForm>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let id = auth.user.as_ref().map(|u| u.id);
    match profile::update(&state.db, id, &f.name, &f.locale, Utc::now()).await {
        Ok(()) => {
            let mut res = see_other("/account?done=saved");
            let cookie = format!(
                "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
                language::COOKIE,
                app::server::services::accounts::normalize_locale(&f.locale)
            );
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
            res
        }
        Err(e) => refused(&state, parts, "/account", "profile", values, e).await,
    }
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

pub async fn account_password(
    State(state): State<AppState>,
    mut auth: AuthSession,
    req: Request,
) -> Response {
    let (parts, f, values) = match read::<PasswordForm>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let id = auth.user.as_ref().map(|u| u.id);
    match profile::change_password(
        &state.db,
        id,
        &f.current,
        &f.password,
        &f.confirm,
        Utc::now(),
    )
    .await
    {
        // Signing in again keeps this session valid; the others end
        // because the password they were opened with changed.
        Ok(()) => match id {
            Some(id) => sign_in(&state, &mut auth, id, "/account?done=password_changed").await,
            None => see_other("/login"),
        },
        Err(e) => refused(&state, parts, "/account", "password", values, e).await,
    }
}

// ---- administration -------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct GrantFields {
    #[serde(default)]
    role: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    authority: String,
    #[serde(default)]
    member: String,
}

impl From<GrantFields> for roles::GrantForm {
    fn from(g: GrantFields) -> Self {
        roles::GrantForm {
            role: g.role,
            body: g.body,
            authority: g.authority,
            member: g.member,
        }
    }
}

#[derive(Deserialize)]
pub struct InviteFields {
    #[serde(default)]
    email: String,
    #[serde(default)]
    locale: String,
    #[serde(flatten)]
    grant: GrantFields,
}

pub async fn admin_invite(
    State(state): State<AppState>,
    auth: AuthSession,
    req: Request,
) -> Response {
    let (parts, f, values) = match read::<InviteFields>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let who = match actor(&state, &auth).await {
        Ok(a) => a,
        Err(e) => return refused(&state, parts, "/admin", "invite", values, e).await,
    };
    let form = invitations::InviteForm {
        email: f.email,
        locale: f.locale,
        grant: f.grant.into(),
    };
    match invitations::invite(
        &state.db,
        who.as_ref(),
        &state.settings.site,
        &form,
        Utc::now(),
    )
    .await
    {
        Ok(inv) => see_other(&format!(
            "/admin?done=invited&email={}",
            url_escape(&inv.email)
        )),
        Err(e) => refused(&state, parts, "/admin", "invite", values, e).await,
    }
}

pub async fn admin_grant(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(account_id): Path<i64>,
    req: Request,
) -> Response {
    let (parts, f, mut values) = match read::<GrantFields>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    values.insert("account".into(), account_id.to_string());
    let who = match actor(&state, &auth).await {
        Ok(a) => a,
        Err(e) => return refused(&state, parts, "/admin", "grant", values, e).await,
    };
    match roles::grant(&state.db, who.as_ref(), account_id, &f.into(), Utc::now()).await {
        Ok(()) => see_other(&format!("/admin?done=granted#account-{account_id}")),
        Err(e) => refused(&state, parts, "/admin", "grant", values, e).await,
    }
}

pub async fn admin_revoke(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(assignment_id): Path<i64>,
    req: Request,
) -> Response {
    let (parts, _) = req.into_parts();
    let who = match actor(&state, &auth).await {
        Ok(a) => a,
        Err(e) => return refused(&state, parts, "/admin", "revoke", BTreeMap::new(), e).await,
    };
    match roles::revoke(&state.db, who.as_ref(), assignment_id, Utc::now()).await {
        Ok(()) => see_other("/admin?done=revoked"),
        Err(e) => refused(&state, parts, "/admin", "revoke", BTreeMap::new(), e).await,
    }
}

#[derive(Deserialize)]
pub struct DisableForm {
    #[serde(default)]
    disabled: String,
}

pub async fn admin_disable(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(account_id): Path<i64>,
    req: Request,
) -> Response {
    let (parts, f, values) = match read::<DisableForm>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let who = match actor(&state, &auth).await {
        Ok(a) => a,
        Err(e) => return refused(&state, parts, "/admin", "disable", values, e).await,
    };
    let disabled = f.disabled == "true";
    match roles::set_disabled(&state.db, who.as_ref(), account_id, disabled, Utc::now()).await {
        Ok(()) => see_other(&format!(
            "/admin?done={}",
            if disabled { "disabled" } else { "enabled" }
        )),
        Err(e) => refused(&state, parts, "/admin", "disable", values, e).await,
    }
}

// ---- a body's secretaries ---------------------------------------------------

#[derive(Deserialize)]
pub struct MemberInviteForm {
    #[serde(default)]
    email: String,
}

/// A secretary or chair invites a member of the body to an account.
pub async fn member_invite(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((body, member)): Path<(String, String)>,
    req: Request,
) -> Response {
    let (parts, f, mut values) = match read::<MemberInviteForm>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    values.insert("member".into(), member.clone());
    let page = format!("/bodies/{body}/members");
    let who = match actor(&state, &auth).await {
        Ok(a) => a,
        Err(e) => return refused(&state, parts, &page, "member_invite", values, e).await,
    };
    let locale = parts
        .headers
        .get(header::COOKIE)
        .and_then(|c| c.to_str().ok())
        .filter(|c| c.contains("i18n_pref_locale=en"))
        .map(|_| "en")
        .unwrap_or("es");
    match invitations::invite_member(
        &state.db,
        who.as_ref(),
        &state.settings.site,
        &body,
        &member,
        &f.email,
        locale,
        Utc::now(),
    )
    .await
    {
        Ok(inv) => see_other(&format!(
            "{page}?done=invited&email={}",
            url_escape(&inv.email)
        )),
        Err(ServiceError::Form(errors)) if errors.iter().any(|e| e.field == "member") => {
            refused(
                &state,
                parts,
                &page,
                "member_invite",
                values,
                ServiceError::NotFound,
            )
            .await
        }
        Err(e) => refused(&state, parts, &page, "member_invite", values, e).await,
    }
}

/// Adds (`member` = None) or edits a member of the body.
async fn member_save_inner(
    state: AppState,
    auth: AuthSession,
    body: String,
    member: Option<String>,
    req: Request,
) -> Response {
    let (parts, fields, values) = match read::<BTreeMap<String, String>>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let page = match &member {
        Some(m) => format!("/bodies/{body}/members/{m}/edit"),
        None => format!("/bodies/{body}/members/new"),
    };
    let who = match actor(&state, &auth).await {
        Ok(a) => a,
        Err(e) => return refused(&state, parts, &page, "member", values, e).await,
    };
    match app::server::services::roster_edit::save(
        &state.db,
        who.as_ref(),
        &body,
        member.as_deref(),
        &fields,
        Utc::now(),
    )
    .await
    {
        Ok(key) => see_other(&format!(
            "/bodies/{}/members/{}/edit?done=saved",
            url_escape(&body),
            url_escape(&key)
        )),
        Err(e) => refused(&state, parts, &page, "member", values, e).await,
    }
}

pub async fn member_new(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(body): Path<String>,
    req: Request,
) -> Response {
    member_save_inner(state, auth, body, None, req).await
}

pub async fn member_edit(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((body, member)): Path<(String, String)>,
    req: Request,
) -> Response {
    member_save_inner(state, auth, body, Some(member), req).await
}

#[derive(Deserialize)]
pub struct RenewForm {
    #[serde(default)]
    term_start: String,
    #[serde(default)]
    term_end: String,
}

pub async fn member_renew(
    State(state): State<AppState>,
    auth: AuthSession,
    Path((body, member)): Path<(String, String)>,
    req: Request,
) -> Response {
    let (parts, f, values) = match read::<RenewForm>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let page = format!("/bodies/{body}/members/{member}/edit");
    let date = |field: &str, s: &str| -> Result<Option<chrono::NaiveDate>, ServiceError> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        s.parse()
            .map(Some)
            .map_err(|_| ServiceError::field(field, "invalid_date"))
    };
    let dates =
        date("term_start", &f.term_start).and_then(|a| Ok((a, date("term_end", &f.term_end)?)));
    let (start, end) = match dates {
        Ok(d) => d,
        Err(e) => return refused(&state, parts, &page, "renew", values, e).await,
    };
    let who = match actor(&state, &auth).await {
        Ok(a) => a,
        Err(e) => return refused(&state, parts, &page, "renew", values, e).await,
    };
    match app::server::services::roster_edit::renew(
        &state.db,
        who.as_ref(),
        &body,
        &member,
        start,
        end,
        Utc::now(),
    )
    .await
    {
        Ok(key) => see_other(&format!(
            "/bodies/{}/members/{}/edit?done=renewed&new={}",
            url_escape(&body),
            url_escape(&key),
            url_escape(&key)
        )),
        Err(e) => refused(&state, parts, &page, "renew", values, e).await,
    }
}

// ---- bodies ---------------------------------------------------------------------

/// The body form: repeated `groups_served` checkboxes, single fields.
fn body_form(pairs: &[(String, String)]) -> app::domain::dto::BodySettings {
    let get = |k: &str| {
        pairs
            .iter()
            .rev()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    app::domain::dto::BodySettings {
        key: get("key"),
        name: get("name"),
        level: get("level"),
        jurisdiction: get("jurisdiction"),
        timezone: get("timezone"),
        groups_served: pairs
            .iter()
            .filter(|(n, _)| n == "groups_served")
            .map(|(_, v)| v.clone())
            .collect(),
        regions: get("regions"),
        seats: get("seats"),
        meetings_per_year: get("meetings_per_year"),
        quorum_percent: get("quorum_percent"),
        response_days: get("response_days"),
        public: !get("public").is_empty(),
    }
}

async fn body_save_inner(
    state: AppState,
    auth: AuthSession,
    key: Option<String>,
    req: Request,
) -> Response {
    let (parts, pairs, mut values) = match read::<Vec<(String, String)>>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let form = body_form(&pairs);
    values.insert("groups_served_all".into(), form.groups_served.join(","));
    if !form.public {
        values.remove("public");
    }
    let page = match &key {
        Some(k) => format!("/bodies/{k}/settings"),
        None => "/admin/bodies/new".to_string(),
    };
    let who = match actor(&state, &auth).await {
        Ok(a) => a,
        Err(e) => return refused(&state, parts, &page, "body", values, e).await,
    };
    match app::server::services::body_settings::save(
        &state.db,
        who.as_ref(),
        key.as_deref(),
        &form,
        Utc::now(),
    )
    .await
    {
        Ok(saved) => see_other(&format!(
            "/bodies/{}/settings?done={}",
            url_escape(&saved),
            if key.is_some() { "saved" } else { "created" }
        )),
        Err(e) => refused(&state, parts, &page, "body", values, e).await,
    }
}

pub async fn body_create(
    State(state): State<AppState>,
    auth: AuthSession,
    req: Request,
) -> Response {
    body_save_inner(state, auth, None, req).await
}

pub async fn body_update(
    State(state): State<AppState>,
    auth: AuthSession,
    Path(key): Path<String>,
    req: Request,
) -> Response {
    body_save_inner(state, auth, Some(key), req).await
}
