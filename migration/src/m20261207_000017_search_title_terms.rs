//! PostgreSQL: the titles' words (with the tokens a search filters by) in
//! a `tsvector` of their own with its own GIN index, `terms_in_title`.
//! A broad search lists the matches with its words in the title first; on
//! the one `terms` column that needed the weight A, which its GIN index
//! does not hold, so every match of a common word was read from its row to
//! learn whether it was in a title (a word found in most threads and in no
//! title read every one of them). SQLite's FTS5 index holds the columns
//! apart already.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared(
            "ALTER TABLE search_docs ADD COLUMN terms_in_title tsvector GENERATED ALWAYS AS \
             (to_tsvector('simple'::regconfig, title_terms) || \
              to_tsvector('simple'::regconfig, facets)) STORED",
        )
        .await?;
        db.execute_unprepared(
            "CREATE INDEX search_docs_terms_in_title ON search_docs USING GIN (terms_in_title)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared("ALTER TABLE search_docs DROP COLUMN terms_in_title")
            .await?;
        Ok(())
    }
}
