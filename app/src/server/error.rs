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
    #[error("database error: {0}")]
    Db(#[from] DbErr),
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound => ApiError::NotFound,
            ServiceError::Unauthorized => ApiError::Unauthorized,
            ServiceError::Forbidden => ApiError::Forbidden,
            ServiceError::Invalid(m) => ApiError::Invalid(m),
            ServiceError::Db(err) => {
                // Internals stay in the log; the user gets an actionable message.
                tracing::error!(error = %err, "database error");
                ApiError::Internal
            }
        }
    }
}
