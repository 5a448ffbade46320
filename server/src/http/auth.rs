//! Sessions and sign-in: tower-sessions (cookie + database store) and
//! axum-login (the account behind the session).
use super::session_store::DbSessionStore;
use app::server::viewer::SessionAccount;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use axum_login::{AuthManagerLayer, AuthManagerLayerBuilder, AuthUser, AuthnBackend, UserId};
use entity::account;
use sea_orm::{DatabaseConnection, DbErr, EntityTrait};
use sha2::{Digest, Sha256};
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// The cookie's name.
pub const COOKIE: &str = "voces_session";
/// Sessions end after this long without a request.
pub const IDLE_DAYS: i64 = 14;

/// The account as the session knows it.
#[derive(Clone)]
pub struct User {
    pub id: i64,
    /// Changes when the password changes or the account is disabled, which
    /// ends every other session of the account.
    auth_hash: Vec<u8>,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User").field("id", &self.id).finish()
    }
}

impl User {
    fn from_account(a: &account::Model) -> Self {
        let mut h = Sha256::new();
        h.update(a.id.to_le_bytes());
        h.update(a.password_hash.as_deref().unwrap_or("").as_bytes());
        Self {
            id: a.id,
            auth_hash: h.finalize().to_vec(),
        }
    }
}

impl AuthUser for User {
    type Id = i64;

    fn id(&self) -> i64 {
        self.id
    }

    fn session_auth_hash(&self) -> &[u8] {
        &self.auth_hash
    }
}

#[derive(Clone)]
pub struct Backend {
    db: DatabaseConnection,
}

#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct BackendError(#[from] DbErr);

impl Backend {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    /// The active account with this id (errors are logged, not shown).
    pub async fn get_user_by_id(&self, id: i64) -> Option<User> {
        self.get_user(&id)
            .await
            .inspect_err(|e| tracing::error!(error = %e, "loading the account"))
            .ok()
            .flatten()
    }
}

impl AuthnBackend for Backend {
    type User = User;
    /// The password is checked (and rate limited) by the accounts service;
    /// the backend is given the id of an account that passed.
    type Credentials = i64;
    type Error = BackendError;

    async fn authenticate(&self, id: i64) -> Result<Option<User>, BackendError> {
        self.get_user(&id).await
    }

    async fn get_user(&self, id: &UserId<Self>) -> Result<Option<User>, BackendError> {
        Ok(account::Entity::find_by_id(*id)
            .one(&self.db)
            .await
            // Notes a lost database for the request: axum-login answers an
            // empty 500, which `outage.rs` turns into the outage page.
            .inspect_err(|e| {
                app::server::db::is_unavailable(e);
            })?
            .filter(|a| !a.disabled)
            .map(|a| User::from_account(&a)))
    }
}

pub type AuthSession = axum_login::AuthSession<Backend>;

/// The session and login layers. `secure` marks the cookie Secure (when the
/// site is served over HTTPS).
pub fn layer(db: DatabaseConnection, secure: bool) -> AuthManagerLayer<Backend, DbSessionStore> {
    let sessions = SessionManagerLayer::new(DbSessionStore::new(db.clone()))
        .with_name(COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::days(IDLE_DAYS)));
    AuthManagerLayerBuilder::new(Backend::new(db), sessions).build()
}

/// Tells pages and server functions who is signed in.
pub async fn expose_account(auth: AuthSession, mut req: Request, next: Next) -> Response {
    if let Some(user) = &auth.user {
        req.extensions_mut().insert(SessionAccount(user.id));
    }
    next.run(req).await
}
