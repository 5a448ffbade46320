//! Pure formulas of metrics.md. Services feed them from the database.
pub mod composition;
pub mod meetings;
pub mod members;
pub mod scores;
