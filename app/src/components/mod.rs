//! Building blocks shared by pages.
pub mod body_list;
pub mod error;
pub mod labels;
pub mod layout;
