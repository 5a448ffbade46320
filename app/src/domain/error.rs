//! The error every server function returns. It crosses to the browser, so it
//! carries what a user needs (a kind to translate, a detail) and never
//! internals such as SQL.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What a reader told `Busy` is asked to wait (`Retry-After`, seconds).
pub const BUSY_RETRY_SECONDS: u64 = 5;

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
    /// Too many readers ask for this kind of work at once: try again in a
    /// few seconds (`server::heavy`).
    #[error("many readers ask for this at once")]
    Busy,
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

impl ApiError {
    /// The HTTP status of this error, wherever it is answered: a page, a
    /// form, the open-data API or a download. The one mapping of errors to
    /// statuses.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::NotFound => 404,
            ApiError::Unauthorized => 401,
            ApiError::Forbidden => 403,
            ApiError::Invalid(_) | ApiError::Form(_) => 422,
            ApiError::RateLimited { .. } | ApiError::Busy => 429,
            ApiError::Unavailable => 503,
            ApiError::Internal | ApiError::Transport(_) => 500,
        }
    }

    /// A stable code naming the kind of error: the `error.*` key of its
    /// message in the locale files, and the API's `error.code`.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::NotFound => "not_found",
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden => "forbidden",
            ApiError::Invalid(_) | ApiError::Form(_) => "invalid",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Busy => "busy",
            ApiError::Unavailable => "unavailable",
            ApiError::Internal | ApiError::Transport(_) => "internal",
        }
    }
}
