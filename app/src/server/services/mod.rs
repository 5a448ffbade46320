//! Async services over `&DatabaseConnection`, one file per noun.
pub mod accounts;
pub mod audit;
pub mod authority_settings;
pub mod bodies;
pub mod body_settings;
pub mod composition;
pub mod dataset;
pub mod demands;
pub mod feeds;
pub mod mail;
pub mod meetings;
pub mod metrics;
pub mod open_data;
pub mod pending;
pub mod referrals;
pub mod roster;
pub mod search;
