//! The person behind a request, as the HTTP layer found them in the session.
//!
//! The server's session middleware puts a [`SessionAccount`] into the
//! request's extensions; pages and server functions read it from the
//! request parts Leptos provides, then load the [`Actor`] with its rights.
use crate::domain::forms::FormState;
use crate::server::authz::{load_actor, Actor};
use crate::server::error::ServiceError;
use chrono::Utc;
use leptos::prelude::use_context;
use sea_orm::ConnectionTrait;

/// The signed-in account's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionAccount(pub i64);

/// The id of the signed-in account of the current request, if any.
pub fn session_account() -> Option<i64> {
    use_context::<http::request::Parts>()?
        .extensions
        .get::<SessionAccount>()
        .map(|s| s.0)
}

/// The signed-in account's rights, if any.
pub async fn current_actor<C: ConnectionTrait>(db: &C) -> Result<Option<Actor>, ServiceError> {
    match session_account() {
        Some(id) => load_actor(db, id, Utc::now()).await,
        None => Ok(None),
    }
}

/// A refused form, re-rendered by the server with what was typed.
pub fn form_state() -> Option<FormState> {
    use_context::<FormState>()
}
