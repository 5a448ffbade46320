//! Database migrations for Voces.
//!
//! Each migration runs on SQLite and PostgreSQL. Tables, columns and plain
//! indexes use sea-query's portable schema builder; what it cannot say
//! (triggers, partial and covering indexes, backfills) is raw SQL, written
//! per backend where the two differ.
//!
//! A migration, once released, is frozen: it carries its own SQL and
//! imports nothing from another migration, so that editing one never
//! changes what an earlier one did on a database that has not yet run it.
//! A change is a new migration.

pub use sea_orm_migration::prelude::*;

mod m20261128_000001_create_schema;
mod m20261128_000002_login_attempts;
mod m20261128_000003_meeting_series;
mod m20261128_000004_data_version;
mod m20261128_000005_referral_window;
mod m20261129_000006_referral_facts;
mod m20261129_000007_facts_window_indexes;
mod m20261129_000008_import_answered_at;
mod m20261203_000009_data_requests;
mod m20261203_000010_recorded_deadlines;
mod m20261204_000011_authority_archive;
mod m20261204_000012_quorum_record;
mod m20261204_000013_search;
mod m20261205_000014_follows;
mod m20261206_000015_search_update_trigger;
mod m20261207_000016_search_doc_ids;
mod m20261207_000017_search_title_terms;
mod m20261208_000018_demands_by_date;
mod m20261209_000019_facts_by_deadline;
mod m20261210_000020_facts_overdue;
mod m20261210_000021_figures_kept;
mod m20261211_000022_privacy_version;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_create_schema::Migration),
            Box::new(m20261128_000002_login_attempts::Migration),
            Box::new(m20261128_000003_meeting_series::Migration),
            Box::new(m20261128_000004_data_version::Migration),
            Box::new(m20261128_000005_referral_window::Migration),
            Box::new(m20261129_000006_referral_facts::Migration),
            Box::new(m20261129_000007_facts_window_indexes::Migration),
            Box::new(m20261129_000008_import_answered_at::Migration),
            Box::new(m20261203_000009_data_requests::Migration),
            Box::new(m20261203_000010_recorded_deadlines::Migration),
            Box::new(m20261204_000011_authority_archive::Migration),
            Box::new(m20261204_000012_quorum_record::Migration),
            Box::new(m20261204_000013_search::Migration),
            Box::new(m20261205_000014_follows::Migration),
            Box::new(m20261206_000015_search_update_trigger::Migration),
            Box::new(m20261207_000016_search_doc_ids::Migration),
            Box::new(m20261207_000017_search_title_terms::Migration),
            Box::new(m20261208_000018_demands_by_date::Migration),
            Box::new(m20261209_000019_facts_by_deadline::Migration),
            Box::new(m20261210_000020_facts_overdue::Migration),
            Box::new(m20261210_000021_figures_kept::Migration),
            Box::new(m20261211_000022_privacy_version::Migration),
        ]
    }
}

#[cfg(test)]
mod tests {
    /// No migration uses another's code (see the module comment).
    #[test]
    fn migrations_share_no_code() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for entry in std::fs::read_dir(&dir).expect("src") {
            let path = entry.expect("entry").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !name.starts_with('m') || !name.ends_with(".rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("migration source");
            assert!(
                !text.contains("crate::m20") && !text.contains("pub(crate)"),
                "{name} shares code with another migration"
            );
        }
    }
}
