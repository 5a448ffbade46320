//! Pure formulas of metrics.md. Services feed them from the database.
pub mod answers;
pub mod composition;
pub mod dashboards;
pub mod instants;
pub mod meetings;
pub mod members;
pub mod report;
pub mod scores;

/// The count behind a rate over `base` cases (rates are exact fractions
/// of whole counts, so rounding gives the count back).
pub fn count_of(rate: Option<f64>, base: u32) -> u32 {
    rate.map_or(0, |r| (r * f64::from(base)).round() as u32)
}
