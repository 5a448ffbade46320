//! SeaORM entities for Voces: one module per database table.
//!
//! Enumerated values (levels, roles, event kinds, …) are stored as plain
//! strings; the database constrains them with CHECK constraints (see the
//! `migration` crate) and the application maps them to its domain enums.

pub mod prelude;

pub mod account;
pub mod assessment;
pub mod attendance;
pub mod audit_log;
pub mod authority;
pub mod authority_holiday;
pub mod body;
pub mod body_group;
pub mod body_region;
pub mod data_request;
pub mod demand;
pub mod invitation;
pub mod login_attempt;
pub mod mail_outbox;
pub mod meeting;
pub mod member;
pub mod referral;
pub mod referral_event;
pub mod role_assignment;
pub mod session;
