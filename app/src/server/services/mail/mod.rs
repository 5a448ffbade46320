//! Mail: messages are written to the outbox in the transaction of the event
//! that causes them; the server's worker delivers them.
pub mod follows;
pub mod outbox;
pub mod spanish;
pub mod templates;
