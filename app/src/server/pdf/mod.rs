//! Documents made as PDF on the server, without a browser: blocks of text
//! and tables (`layout`) laid out on A4 or Letter pages and written by
//! `krilla` (`render`). The annual reports are the one document today
//! (`services::annual_pdf`).
pub mod layout;
pub mod render;

pub use layout::{Block, Cell, Column, Foot, Paper, Table};
pub use render::PdfError;
