//! One module per route family.
pub mod account;
pub mod admin;
pub mod auth;
pub mod body;
pub mod body_settings;
pub mod composition;
pub mod dashboards;
pub mod data_requests;
pub mod demands;
pub mod home;
pub mod meetings;
pub mod member_edit;
pub mod members;
pub mod not_found;
pub mod open_data;
pub mod privacy;
pub mod roster_import;
