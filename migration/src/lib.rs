//! Database migrations for Voces.
//!
//! Every migration uses sea-query's portable schema builder and runs
//! unchanged on SQLite and PostgreSQL.

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
        ]
    }
}
