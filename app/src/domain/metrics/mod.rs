//! Pure formulas of metrics.md. Services feed them from the database.
pub mod answers;
pub mod composition;
pub mod dashboards;
pub mod instants;
pub mod meetings;
pub mod members;
pub mod report;
pub mod scores;
