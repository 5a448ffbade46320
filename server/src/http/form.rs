//! The one way a form is handled (`docs/architecture.md`, "Adding a form").
//! Every form is a plain HTML form, so it works without JavaScript:
//!
//! 1. **read**: the url-encoded body becomes the form's typed input (a
//!    `#[derive(Deserialize)]` struct; repeated names such as checkboxes
//!    into a `Vec`), once, here;
//! 2. **actor**: who is asking ([`actor`]), from the session;
//! 3. **service**: the handler's closure calls one service with the typed
//!    input and the actor; the service decides what is allowed;
//! 4. **answer**: success is a 303 to the next page (with a `done` note to
//!    show), a refusal renders the same page again with what was typed and
//!    the problems beside the fields ([`refused`]: 422, 429, 403, …).
//!
//! [`handle`] is that pipeline, given the request as [`Posted`]; addresses
//! come from [`app::routes`]. A file upload ([`Upload`]) keeps steps 2 and
//! 4 and reads its multipart body itself.
use super::auth::AuthSession;
use app::domain::error::ApiError;
use app::domain::forms::{FieldError, FormState};
pub use app::domain::url::encode_component as url_escape;
use app::server::authz::{load_actor, Actor};
use app::server::error::ServiceError;
use app::server::services::accounts::SiteUrl;
use app::server::state::AppState;
use app::shell;
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Multipart, Request};
use axum::http::{header, request::Parts, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use leptos::prelude::provide_context;
use sea_orm::DatabaseConnection;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::net::SocketAddr;

/// Forms are small; anything larger is refused before parsing.
const FORM_LIMIT: usize = 64 * 1024;

/// Splits the request and parses its url-encoded body into the form's
/// typed input, keeping what was typed (as text) to show again.
async fn read<T: DeserializeOwned>(
    req: Request,
) -> Result<(Parts, T, BTreeMap<String, String>), Response> {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, FORM_LIMIT).await.map_err(|_| {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            app::messages::both(app::messages::Plain::FormTooLarge),
        )
            .into_response()
    })?;
    let form: T = serde_html_form::from_bytes(&bytes).map_err(|e| {
        (
            StatusCode::BAD_REQUEST,
            app::messages::both_with(app::messages::Plain::FormInvalid, &e.to_string()),
        )
            .into_response()
    })?;
    // What was typed, to show again; passwords are never sent back. A
    // name's last value, and all its values (a repeated name such as
    // checkboxes) joined by commas under `{name}_all`.
    let pairs = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes).unwrap_or_default();
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in pairs {
        if matches!(name.as_str(), "password" | "confirm" | "current") {
            continue;
        }
        values
            .entry(format!("{name}_all"))
            .and_modify(|all| {
                all.push(',');
                all.push_str(&value);
            })
            .or_insert_with(|| value.clone());
        values.insert(name, value);
    }
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
async fn render_with(
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
        review: None,
    };
    // The one mapping of errors to statuses and codes (`ApiError`); it also
    // logs what an operator should see.
    let error = ApiError::from(err);
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match error {
        ApiError::Form(errors) => fs.errors = errors,
        ApiError::RateLimited { minutes } => {
            fs.errors = vec![FieldError::new("", "rate_limited")];
            fs.values
                .insert("retry_minutes".into(), minutes.to_string());
        }
        ApiError::Unauthorized => {
            let login = app::routes::LOGIN.path(&[]);
            return see_other(&format!("{login}?next={}", url_escape(path)));
        }
        // Not the page again: rendering it needs the database too. The
        // outage layer answers with the form filled in (`outage.rs`).
        ApiError::Unavailable => return super::outage::unavailable(false),
        ApiError::Invalid(m) => {
            tracing::info!(%m, "form refused");
            fs.errors = vec![FieldError::new("", "invalid")];
        }
        other => fs.errors = vec![FieldError::new("", other.code())],
    }
    render(state, parts, path, fs, status).await
}

/// Where a handled form goes: a 303 to an address (the usual case), an
/// answer of its own (signing in sets cookies), or its review step: the
/// same page again showing what the form will do, to be confirmed
/// (`confirm=yes`) or corrected; nothing is written before.
pub enum Done {
    To(String),
    Answer(Response),
    Review(app::domain::forms::Review),
}

impl From<String> for Done {
    fn from(to: String) -> Self {
        Done::To(to)
    }
}

/// What a form's service step is given: the application, the session, who
/// is asking, the typed input, and the request's head (headers, client
/// address).
pub struct Submission<T> {
    pub state: AppState,
    pub auth: AuthSession,
    pub who: Option<Actor>,
    pub input: T,
    pub head: Parts,
}

/// What most services take first, so that a call fits on one line.
impl<T> Submission<T> {
    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    pub fn actor(&self) -> Option<&Actor> {
        self.who.as_ref()
    }

    /// The public address, for links in mails.
    pub fn site(&self) -> &SiteUrl {
        &self.state.settings.site
    }
}

/// Which form this is and where it is shown: `form` names it for the
/// refusal (the page shows the problems beside that form), `page` is the
/// address rendered again on refusal, `keep` adds what the page needs
/// again of the request besides the fields (e.g. which card it came from).
pub struct FormAt {
    pub form: &'static str,
    pub page: String,
    pub keep: Vec<(String, String)>,
}

impl FormAt {
    pub fn new(form: &'static str, page: String) -> Self {
        FormAt {
            form,
            page,
            keep: Vec::new(),
        }
    }

    pub fn keep(mut self, name: &str, value: &str) -> Self {
        self.keep.push((name.to_string(), value.to_string()));
        self
    }
}

/// A posted form as its handler takes it: the application, the session
/// and the request, whose body is still to be read. Being the body's
/// extractor, it comes last, after the address's (`Path`, `Query`).
pub struct Posted {
    state: AppState,
    auth: AuthSession,
    req: Request,
}

impl FromRequest<AppState> for Posted {
    /// The session's own refusal (its layer missing): a 500.
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let auth = AuthSession::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Posted {
            state: state.clone(),
            auth,
            req: Request::from_parts(parts, body),
        })
    }
}

/// The pipeline: read the typed input, find the actor, run the service
/// step, then 303 to where it says or render the page again with the
/// problems.
pub async fn handle<T, F, Fut>(posted: Posted, at: FormAt, run: F) -> Response
where
    T: DeserializeOwned,
    F: FnOnce(Submission<T>) -> Fut,
    Fut: std::future::Future<Output = Result<Done, ServiceError>>,
{
    let Posted { state, auth, req } = posted;
    let (parts, input, mut values) = match read::<T>(req).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    values.extend(at.keep);
    let who = match actor(&state, &auth).await {
        Ok(a) => a,
        Err(e) => return refused(&state, parts, &at.page, at.form, values, e).await,
    };
    let submission = Submission {
        state: state.clone(),
        auth,
        who,
        input,
        head: parts.clone(),
    };
    match run(submission).await {
        Ok(Done::To(to)) => see_other(&to),
        Ok(Done::Answer(r)) => r,
        Ok(Done::Review(review)) => {
            let fs = FormState {
                form: at.form.to_string(),
                values,
                errors: Vec::new(),
                review: Some(review),
            };
            render(&state, parts, &at.page, fs, StatusCode::OK).await
        }
        Err(e) => refused(&state, parts, &at.page, at.form, values, e).await,
    }
}

/// A final step's confirmation: without `confirm=yes` a form shows its
/// review step (what it will do, who is told) or its refusal, and writes
/// nothing.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Confirm {
    confirm: String,
}

impl Confirm {
    pub fn given(&self) -> bool {
        self.confirm == "yes"
    }

    /// A final step and its review: without `confirm=yes`, the `review` of
    /// what it would do (nothing written); with it, the `step`, then a 303
    /// to `to`. Closures, so only the one chosen runs.
    pub async fn review_or<R, S>(
        &self,
        review: impl FnOnce() -> R,
        step: impl FnOnce() -> S,
        to: String,
    ) -> Result<Done, ServiceError>
    where
        R: std::future::Future<Output = Result<app::domain::forms::Review, ServiceError>>,
        S: std::future::Future<Output = Result<(), ServiceError>>,
    {
        if !self.given() {
            return Ok(Done::Review(review().await?));
        }
        step().await?;
        Ok(Done::To(to))
    }
}

/// A file upload's form (the roster's and the dataset's imports), read by
/// its handler: who is asking, and the request's head, kept to show the
/// page again with what the upload did ([`Upload::show`]) or its refusal
/// ([`Upload::refuse`]).
pub struct Upload {
    pub state: AppState,
    pub who: Option<Actor>,
    head: Parts,
    at: FormAt,
}

impl Upload {
    /// The upload and its multipart body (`None` when it is not
    /// multipart), or, when who is asking cannot be found, the refusal.
    pub async fn read(posted: Posted, at: FormAt) -> Result<(Upload, Option<Multipart>), Response> {
        let Posted { state, auth, req } = posted;
        let (head, multipart) = upload_parts(&state, req).await;
        let who = actor(&state, &auth).await;
        let upload = Upload {
            state,
            who: None,
            head,
            at,
        };
        match who {
            Ok(who) => Ok((Upload { who, ..upload }, multipart)),
            Err(e) => Err(upload.refuse(e).await),
        }
    }

    /// The page again with the refusal; what was sent is not shown again.
    pub async fn refuse(self, e: ServiceError) -> Response {
        let values = self.at.keep.into_iter().collect();
        refused(
            &self.state,
            self.head,
            &self.at.page,
            self.at.form,
            values,
            e,
        )
        .await
    }

    /// The page again with what the upload did (a preview, an import's
    /// outcome) in context: 200, or 422 when it found `problems`.
    pub async fn show<O>(self, outcome: O, problems: bool) -> Response
    where
        O: Clone + Send + Sync + 'static,
    {
        let status = if problems {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
        let extra = move || provide_context(outcome.clone());
        render_with(&self.state, self.head, &self.at.page, extra, status).await
    }
}

/// A file upload: the request's head (kept to render the page again) and
/// its multipart body, `None` when it is not multipart. The head's
/// extensions go along (the route's body limit is one of them).
async fn upload_parts(state: &AppState, req: Request) -> (Parts, Option<Multipart>) {
    let (parts, body) = req.into_parts();
    let mut copy = Request::builder()
        .method(parts.method.clone())
        .uri(parts.uri.clone())
        .body(body)
        .unwrap_or_default();
    *copy.headers_mut() = parts.headers.clone();
    *copy.extensions_mut() = parts.extensions.clone();
    let multipart = Multipart::from_request(copy, state).await.ok();
    (parts, multipart)
}

/// A form without fields (a button).
#[derive(serde::Deserialize, Default)]
pub struct NoFields {}

/// The client's address: the connection's, or the proxy's report of it.
pub fn client_address(state: &AppState, parts: &Parts) -> String {
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

pub async fn actor(state: &AppState, auth: &AuthSession) -> Result<Option<Actor>, ServiceError> {
    match &auth.user {
        Some(u) => load_actor(&state.db, u.id, Utc::now()).await,
        None => Ok(None),
    }
}
