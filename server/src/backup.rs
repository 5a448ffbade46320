//! `server backup -o FILE`: a consistent copy of a SQLite database while the
//! server keeps running. `VACUUM INTO` reads inside one transaction, so the
//! copy is the database as of one instant: writes committed after it began
//! are not in it, and none is half in it. The copy is a complete SQLite
//! database: restoring is pointing `DATABASE_URL` at it (or copying it over
//! `data/voces.db` while the server is stopped).
//!
//! PostgreSQL has its own tools for this (`pg_dump`, see the README).
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists; choose a new file name (a backup never overwrites)")]
    Exists(String),
    #[error(
        "this database is PostgreSQL: back it up with pg_dump, e.g. \
         `pg_dump --format=custom --file=voces.dump \"$DATABASE_URL\"` (see the README)"
    )]
    Postgres,
    #[error("the backup could not be written: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// Writes the copy to `out` and returns its size in bytes.
#[tracing::instrument(skip(db))]
pub async fn sqlite(db: &DatabaseConnection, out: &Path) -> Result<u64, BackupError> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return Err(BackupError::Postgres);
    }
    let name = out.display().to_string();
    if out.exists() {
        return Err(BackupError::Exists(name));
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| BackupError::Io {
            path: dir.display().to_string(),
            source,
        })?;
    }
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "VACUUM INTO ?",
        [name.clone().into()],
    ))
    .await?;
    std::fs::metadata(out)
        .map(|m| m.len())
        .map_err(|source| BackupError::Io { path: name, source })
}
