//! A search document's id is derived from what it describes:
//! `ref_id * 16 + kind * 4 + sight` (kinds demand 0, meeting 1, body 2,
//! authority 3; sights public 0, outline 1, whole 2), written by the
//! application from now on. The demands a search matches are then the
//! full-text index's row ids divided by 16, without reading a document's
//! row; and the index's own order (by id) is the newest thing first,
//! where it used to be the most recently re-indexed (a new verdict moved
//! an old demand ahead of newer ones).
//!
//! Existing rows are renumbered in two steps, through negative ids, so no
//! row takes an id another still holds; on SQLite the update trigger of
//! migration 15 moves each one in the full-text index.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::ConnectionTrait;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            "UPDATE search_docs SET id = -(ref_id * 16 \
             + 4 * (CASE kind WHEN 'demand' THEN 0 WHEN 'meeting' THEN 1 WHEN 'body' THEN 2 ELSE 3 END) \
             + (CASE sight WHEN 'public' THEN 0 WHEN 'outline' THEN 1 ELSE 2 END))",
        )
        .await?;
        db.execute_unprepared("UPDATE search_docs SET id = -id")
            .await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
