//! Mail delivery: the transport chosen by the configuration (SMTP, or files
//! when no SMTP host is set) and the outbox worker.
pub mod transport;
pub mod worker;

pub use transport::Transport;
pub use worker::{Backoff, Worker};
