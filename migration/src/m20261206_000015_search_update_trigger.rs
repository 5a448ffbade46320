//! SQLite's full-text index (migration 13) takes a document out of the
//! index, when its row is updated, by repeating the values it was indexed
//! with; the update trigger left out the `facets` column, so an update
//! (two instances writing one document at once: `ON CONFLICT … DO UPDATE`)
//! would leave the old tokens behind. The trigger now repeats every
//! column. PostgreSQL's index follows its generated column by itself.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        let db = manager.get_connection();
        // One call, as migration 8 replaces its trigger.
        db.execute_unprepared(
            "DROP TRIGGER search_docs_au; \
             CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN \
             INSERT INTO search_fts (search_fts, rowid, title_terms, text_terms, facets) \
             VALUES ('delete', old.id, old.title_terms, old.text_terms, old.facets); \
             INSERT INTO search_fts (rowid, title_terms, text_terms, facets) \
             VALUES (new.id, new.title_terms, new.text_terms, new.facets); END",
        )
        .await?;
        // Tokens an earlier update may have left behind.
        db.execute_unprepared("INSERT INTO search_fts (search_fts) VALUES ('rebuild')")
            .await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
