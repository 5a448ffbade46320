//! Site search: one row per searchable thing in `search_docs` (a demand
//! with its whole thread, a meeting with its agenda and published minutes,
//! a body, an authority), with its words already analysed by the
//! application (accents folded, Spanish stems) in `title_terms` and
//! `text_terms`, and each database's own full-text index over them:
//! an FTS5 table kept by triggers on SQLite, a generated `tsvector` with a
//! GIN index on PostgreSQL.
//!
//! A confidential demand has two rows: `outline` (its title, for readers
//! who may not read it) and `whole` (title, text and thread, for those who
//! may); every other row is `public`. Who may read which is decided at
//! query time by the application's visibility module, never stored.
//!
//! What to re-analyse is queued in `search_pending` by triggers on the
//! tables the documents are made of, in the writer's own transaction, so
//! no write path can forget it; the application drains the queue before
//! each search and after each import. Events and verdicts inserted by a
//! bulk load (`referral_facts_bulk`, migration 6) queue nothing: the import
//! queues its demands itself. Existing rows are queued here, once.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (table, queued kind, how a changed row names its document).
const SOURCES: [(&str, &str, &str); 6] = [
    ("demands", "demand", "id"),
    ("meetings", "meeting", "id"),
    ("bodies", "body", "id"),
    ("authorities", "authority", "id"),
    ("referral_events", "demand", "referral_id"),
    ("assessments", "demand", "referral_id"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SearchDocs::Table)
                    .col(big_pk_auto(SearchDocs::Id))
                    .col(string(SearchDocs::Kind))
                    .col(big_integer(SearchDocs::RefId))
                    .col(string(SearchDocs::Sight))
                    .col(big_integer_null(SearchDocs::BodyId))
                    .col(string_null(SearchDocs::Topic))
                    .col(timestamp_with_time_zone(SearchDocs::At))
                    .col(text(SearchDocs::Title))
                    .col(text(SearchDocs::Text))
                    .col(text(SearchDocs::TitleTerms))
                    .col(text(SearchDocs::TextTerms))
                    .col(text(SearchDocs::Facets))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("search_docs_ref")
                    .table(SearchDocs::Table)
                    .col(SearchDocs::Kind)
                    .col(SearchDocs::RefId)
                    .col(SearchDocs::Sight)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SearchPending::Table)
                    .col(string(SearchPending::Kind))
                    .col(big_integer(SearchPending::RefId))
                    .primary_key(
                        Index::create()
                            .col(SearchPending::Kind)
                            .col(SearchPending::RefId),
                    )
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        match db.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "ALTER TABLE search_docs ADD COLUMN terms tsvector GENERATED ALWAYS AS \
                     (setweight(to_tsvector('simple'::regconfig, title_terms), 'A') || \
                      setweight(to_tsvector('simple'::regconfig, text_terms), 'B') || \
                      setweight(to_tsvector('simple'::regconfig, facets), 'D')) STORED",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE INDEX search_docs_terms ON search_docs USING GIN (terms)",
                )
                .await?;
                for (table, kind, column) in SOURCES {
                    let select = if column == "id" {
                        format!("SELECT DISTINCT '{kind}', id FROM changed")
                    } else {
                        format!(
                            "SELECT DISTINCT '{kind}', r.demand_id FROM changed c \
                             JOIN referrals r ON r.id = c.referral_id"
                        )
                    };
                    let insert = format!(
                        "INSERT INTO search_pending (kind, ref_id) {select} ON CONFLICT DO NOTHING;"
                    );
                    let body = if column == "id" {
                        insert
                    } else {
                        format!("IF NOT EXISTS (SELECT 1 FROM referral_facts_bulk) THEN {insert} END IF;")
                    };
                    db.execute_unprepared(&format!(
                        "CREATE FUNCTION search_queue_{table}() RETURNS trigger LANGUAGE plpgsql \
                         AS $$ BEGIN {body} RETURN NULL; END $$"
                    ))
                    .await?;
                    for (op, side) in [("insert", "NEW"), ("update", "NEW"), ("delete", "OLD")] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {table}_search_{op} AFTER {} ON {table} \
                             REFERENCING {side} TABLE AS changed FOR EACH STATEMENT \
                             EXECUTE FUNCTION search_queue_{table}()",
                            op.to_uppercase()
                        ))
                        .await?;
                    }
                }
            }
            _ => {
                db.execute_unprepared(
                    "CREATE VIRTUAL TABLE search_fts USING fts5(title_terms, text_terms, facets, \
                     content='search_docs', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN \
                     INSERT INTO search_fts (rowid, title_terms, text_terms, facets) \
                     VALUES (new.id, new.title_terms, new.text_terms, new.facets); END",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN \
                     INSERT INTO search_fts (search_fts, rowid, title_terms, text_terms, facets) \
                     VALUES ('delete', old.id, old.title_terms, old.text_terms, old.facets); END",
                )
                .await?;
                db.execute_unprepared(
                    "CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN \
                     INSERT INTO search_fts (search_fts, rowid, title_terms, text_terms) \
                     VALUES ('delete', old.id, old.title_terms, old.text_terms); \
                     INSERT INTO search_fts (rowid, title_terms, text_terms, facets) \
                     VALUES (new.id, new.title_terms, new.text_terms, new.facets); END",
                )
                .await?;
                for (table, kind, column) in SOURCES {
                    for (op, side) in [("insert", "NEW"), ("update", "NEW"), ("delete", "OLD")] {
                        // Not `INSERT OR IGNORE`: a trigger's conflict
                        // clause gives way to the outer statement's, and a
                        // foreign key's SET NULL (an account deleted) would
                        // then abort on the second event of one demand.
                        let (select, gate) = if column == "id" {
                            (
                                format!(
                                    "SELECT '{kind}', {side}.id WHERE NOT EXISTS \
                                     (SELECT 1 FROM search_pending WHERE kind = '{kind}' \
                                     AND ref_id = {side}.id)"
                                ),
                                String::new(),
                            )
                        } else {
                            (
                                format!(
                                    "SELECT '{kind}', r.demand_id FROM referrals r \
                                     WHERE r.id = {side}.referral_id AND NOT EXISTS \
                                     (SELECT 1 FROM search_pending p WHERE p.kind = '{kind}' \
                                     AND p.ref_id = r.demand_id)"
                                ),
                                " WHEN NOT EXISTS (SELECT 1 FROM referral_facts_bulk)".to_string(),
                            )
                        };
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {table}_search_{op} AFTER {} ON {table}{gate} BEGIN \
                             INSERT INTO search_pending (kind, ref_id) {select}; END",
                            op.to_uppercase()
                        ))
                        .await?;
                    }
                }
            }
        }
        for (table, kind) in [
            ("demands", "demand"),
            ("meetings", "meeting"),
            ("bodies", "body"),
            ("authorities", "authority"),
        ] {
            db.execute_unprepared(&format!(
                "INSERT INTO search_pending (kind, ref_id) SELECT '{kind}', id FROM {table}"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let pg = db.get_database_backend() == DbBackend::Postgres;
        for (table, _, _) in SOURCES {
            for op in ["insert", "update", "delete"] {
                let on = if pg {
                    format!(" ON {table}")
                } else {
                    String::new()
                };
                db.execute_unprepared(&format!("DROP TRIGGER {table}_search_{op}{on}"))
                    .await?;
            }
            if pg {
                db.execute_unprepared(&format!("DROP FUNCTION search_queue_{table}()"))
                    .await?;
            }
        }
        if !pg {
            db.execute_unprepared("DROP TABLE search_fts").await?;
        }
        manager
            .drop_table(Table::drop().table(SearchPending::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SearchDocs::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SearchDocs {
    Table,
    Id,
    Kind,
    RefId,
    Sight,
    BodyId,
    Topic,
    At,
    Title,
    Text,
    TitleTerms,
    TextTerms,
    Facets,
}

#[derive(DeriveIden)]
enum SearchPending {
    Table,
    Kind,
    RefId,
}
