//! Building blocks shared by pages.
pub mod body_list;
pub mod charts;
pub mod dashboards;
pub mod dates;
pub mod error;
pub mod feed_links;
pub mod follow;
pub mod forms;
pub mod island_scripts;
pub mod labels;
pub mod layout;
pub mod pager;
pub mod preview;
pub mod status;
