//! Async services over `&DatabaseConnection`, one file per noun.
pub mod bodies;
pub mod dataset;
