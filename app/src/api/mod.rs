//! Server functions, one file per noun. Each is a thin adapter: take the
//! state, call a service, map the error.
pub mod accounts;
pub mod bodies;
pub mod dashboards;
pub mod demands;
pub mod follows;
pub mod meetings;
pub mod referrals;
pub mod search;
