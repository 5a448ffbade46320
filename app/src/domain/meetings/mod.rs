//! Meetings: the recurrence rules a secretary schedules with, and what the
//! meeting pages show.
pub mod recurrence;
pub mod views;

pub use views::*;
