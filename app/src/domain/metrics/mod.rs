//! Pure formulas of metrics.md. Services feed them from the database.
pub mod members;
