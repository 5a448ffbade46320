//! The Voces server: configuration, the HTTP router and the CLI commands.
//! `main.rs` only dispatches; everything here is reachable from tests.
pub mod backup;
pub mod bench;
pub mod cli;
pub mod config;
pub mod demo;
pub mod generate;
pub mod http;
pub mod mail;
pub mod telemetry;
