//! The `voces-dataset/1` interchange format (dataset.md): parsing and
//! validating a whole document, importing it in one transaction, and
//! exporting the database back in a canonical order.
pub mod export;
pub mod format;
pub mod import;
pub mod spreadsheets;
pub mod stream;
pub mod validate;

pub use export::{export, ExportScope};
pub use import::{import, import_from, ImportOptions, ImportReport, Progress, Source};
pub use validate::Problem;

/// The format tag every document carries.
pub const FORMAT: &str = "voces-dataset/1";

use crate::server::authz::{check, may, Actor, ExportRef};
use crate::server::error::ServiceError;

/// An export on behalf of an account: administrators export anything, a
/// body's secretary or chair exports that body (access.md).
#[tracing::instrument(skip(db))]
pub async fn export_for<C: sea_orm::ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    scope: ExportScope,
) -> Result<String, ServiceError> {
    may_export(db, who, &scope).await?;
    export::export(db, scope).await.map_err(export_error)
}

/// The export's document, on behalf of an account (the same right as
/// [`export_for`]), for the downloads made from it (the spreadsheets' ZIP).
pub async fn document_for<C: sea_orm::ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    scope: ExportScope,
) -> Result<format::Document, ServiceError> {
    may_export(db, who, &scope).await?;
    export::document(db, scope).await.map_err(export_error)
}

/// Refused unless `who` may export `scope` (a body unknown: not found);
/// what a streamed export ([`export::send`]) checks before it starts.
pub async fn may_export<C: sea_orm::ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    scope: &ExportScope,
) -> Result<(), ServiceError> {
    let target = match scope {
        ExportScope::All => ExportRef::All,
        ExportScope::Body(key) => ExportRef::Body(
            crate::server::services::bodies::find_by_key(db, key.as_str())
                .await?
                .ok_or(ServiceError::NotFound)?
                .id,
        ),
    };
    check(who, may::export_dataset(who, target))
}

/// An export's error as the service's.
fn export_error(e: export::ExportError) -> ServiceError {
    match e {
        export::ExportError::UnknownBody(_) => ServiceError::NotFound,
        export::ExportError::Db(e) => e.into(),
        export::ExportError::Json(e) => ServiceError::Invalid(e.to_string()),
        export::ExportError::Closed => ServiceError::Invalid(e.to_string()),
    }
}

/// An import on behalf of an account: administrators only; audited.
#[tracing::instrument(skip(db, json))]
pub async fn import_for(
    db: &sea_orm::DatabaseConnection,
    who: Option<&Actor>,
    json: &str,
    opts: ImportOptions,
) -> Result<ImportReport, ServiceError> {
    check(who, may::import_dataset(who))?;
    let report = import(db, json, opts, &|_| {}).await.map_err(|e| match e {
        import::ImportError::Db(e) => e.into(),
        other => ServiceError::Invalid(other.to_string()),
    })?;
    record_import(db, who, &report).await?;
    Ok(report)
}

/// An upload from the administration page: the same all-or-nothing import
/// as the command line, its problems given back as a list (`Err` inside)
/// rather than as one error. Administrators only; audited when imported.
#[tracing::instrument(skip(db, json))]
pub async fn upload(
    db: &sea_orm::DatabaseConnection,
    who: Option<&Actor>,
    json: &str,
    opts: ImportOptions,
) -> Result<Result<ImportReport, Vec<Problem>>, ServiceError> {
    check(who, may::import_dataset(who))?;
    match import(db, json, opts, &|_| {}).await {
        Ok(report) => {
            record_import(db, who, &report).await?;
            Ok(Ok(report))
        }
        Err(import::ImportError::Invalid(problems)) => Ok(Err(problems)),
        Err(import::ImportError::Syntax(message)) => Ok(Err(vec![Problem {
            path: String::new(),
            message,
        }])),
        Err(import::ImportError::Db(e)) => Err(e.into()),
        // Only a file can fail to be read; an upload is in memory.
        Err(e @ import::ImportError::Read { .. }) => Err(ServiceError::Invalid(e.to_string())),
    }
}

async fn record_import(
    db: &sea_orm::DatabaseConnection,
    who: Option<&Actor>,
    report: &ImportReport,
) -> Result<(), ServiceError> {
    crate::server::services::audit::record(
        db,
        chrono::Utc::now(),
        crate::server::services::audit::Change::new(
            who.map(|a| a.account_id),
            "dataset",
            "-",
            "import",
        )
        .after(serde_json::json!({
            "bodies": report.bodies,
            "referrals": report.referrals,
        })),
    )
    .await?;
    Ok(())
}
