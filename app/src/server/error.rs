//! The services' error type, and how it reaches a user.
use crate::domain::error::ApiError;
use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("not found")]
    NotFound,
    #[error("sign in first")]
    Unauthorized,
    #[error("not allowed")]
    Forbidden,
    #[error("{0}")]
    Invalid(String),
    /// Problems with submitted form fields, as translatable codes.
    #[error("invalid form: {0:?}")]
    Form(Vec<crate::domain::forms::FieldError>),
    #[error("too many attempts; wait {minutes} minutes")]
    RateLimited { minutes: u32 },
    #[error("database error: {0}")]
    Db(DbErr),
    /// Every slot for this kind of work is taken (`server::heavy`).
    #[error("busy: many readers ask for this at once")]
    Busy,
    /// A file of ours (a download being built) could not be written.
    #[error("file: {0}")]
    File(String),
}

impl From<DbErr> for ServiceError {
    fn from(e: DbErr) -> Self {
        // Classifying notes a lost database for the request being served
        // (`db::watch_outage`), however the error travels from here.
        crate::server::db::is_unavailable(&e);
        ServiceError::Db(e)
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound => ApiError::NotFound,
            ServiceError::Unauthorized => ApiError::Unauthorized,
            ServiceError::Forbidden => ApiError::Forbidden,
            ServiceError::Invalid(m) => ApiError::Invalid(m),
            ServiceError::Form(errors) => ApiError::Form(errors),
            ServiceError::RateLimited { minutes } => ApiError::RateLimited { minutes },
            ServiceError::Busy => ApiError::Busy,
            ServiceError::Db(err) if crate::server::db::is_unavailable(&err) => {
                tracing::warn!(error = %err, "database unavailable");
                ApiError::Unavailable
            }
            ServiceError::File(err) => {
                tracing::error!(error = %err, "writing a file");
                ApiError::Internal
            }
            ServiceError::Db(err) => {
                // Internals stay in the log; the user gets an actionable message.
                tracing::error!(error = %err, "database error");
                ApiError::Internal
            }
        }
    }
}

impl ServiceError {
    /// The database cannot be reached (see `db::is_unavailable`).
    pub fn is_unavailable(&self) -> bool {
        matches!(self, ServiceError::Db(e) if crate::server::db::is_unavailable(e))
    }

    /// One form problem.
    pub fn field(field: &str, code: &str) -> Self {
        ServiceError::Form(vec![crate::domain::forms::FieldError::new(field, code)])
    }
}
