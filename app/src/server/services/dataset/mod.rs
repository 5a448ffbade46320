//! The `voces-dataset/1` interchange format (dataset.md): parsing and
//! validating a whole document, importing it in one transaction, and
//! exporting the database back in a canonical order.
pub mod export;
pub mod format;
pub mod import;
pub mod validate;

pub use export::{export, ExportScope};
pub use import::{import, ImportOptions, ImportReport, Progress};
pub use validate::Problem;

/// The format tag every document carries.
pub const FORMAT: &str = "voces-dataset/1";
