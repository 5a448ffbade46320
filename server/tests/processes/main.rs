//! Tests of whole processes and of process-wide state, in their own binary:
//! the real server binary under SIGTERM, two instances on one database, and
//! a database outage (which the server remembers process-wide, so it must
//! not share a process with the in-process suite's servers).

#[path = "../support/mod.rs"]
mod support;

mod deploy;
mod export;
mod failover;
mod instances;
mod logs;
mod outage;
mod shutdown;

/// Held for the whole of each test here: they run one at a time even when
/// the harness runs tests in parallel, since each measures servers under
/// load (the outage's bounded waits, two instances' mail) and two at once on
/// two cores would measure each other. A Tokio mutex: the tests run on
/// runtimes of their own, and hold it across their awaits.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
