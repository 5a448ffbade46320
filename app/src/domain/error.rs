//! The error every server function returns. It crosses to the browser, so it
//! carries what a user needs (a kind to translate, a detail) and never
//! internals such as SQL.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ApiError {
    #[error("not found")]
    NotFound,
    #[error("sign in first")]
    Unauthorized,
    #[error("not allowed")]
    Forbidden,
    #[error("invalid input: {0}")]
    Invalid(String),
    #[error("invalid form")]
    Form(Vec<crate::domain::forms::FieldError>),
    #[error("too many attempts; wait {minutes} minutes")]
    RateLimited { minutes: u32 },
    #[error("the server could not complete the request")]
    Internal,
    /// The database cannot be reached for a moment: try again shortly.
    #[error("the service is unavailable for a moment")]
    Unavailable,
    #[error("request failed: {0}")]
    Transport(String),
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        ApiError::Transport(value.to_string())
    }
}
