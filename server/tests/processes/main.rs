//! Tests of whole processes and of process-wide state, in their own binary:
//! the real server binary under SIGTERM, two instances on one database, and
//! a database outage (which the server remembers process-wide, so it must
//! not share a process with the in-process suite's servers).

#[path = "../support/mod.rs"]
mod support;

mod instances;
mod outage;
mod shutdown;
