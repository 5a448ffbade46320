//! Server-only code (feature `ssr`): state, database, services.
pub mod authz;
pub mod db;
pub mod error;
pub mod heavy;
pub mod markdown;
pub mod methodology;
pub mod monitoring;
pub mod pdf;
pub mod security;
pub mod services;
pub mod state;
pub mod time;
pub mod viewer;
pub mod visibility;
