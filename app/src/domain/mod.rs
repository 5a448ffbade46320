//! Types and rules shared by the server and the browser. No I/O here.
pub mod accounts;
pub mod clock;
pub mod countries;
pub mod demands;
pub mod dto;
pub mod enums;
pub mod error;
pub mod follows;
pub mod forms;
pub mod meetings;
pub mod metrics;
pub mod open_data;
pub mod pending;
pub mod referrals;
pub mod roster_table;
pub mod search;
pub mod url;
