//! The outbox worker: claims due messages, sends them, records the outcome.
//!
//! Claiming marks rows with a lease (`locked_until`) in one statement; on
//! PostgreSQL the candidate rows are locked with `FOR UPDATE SKIP LOCKED`,
//! so several server instances never claim the same message. SQLite
//! serialises writers, which gives the same guarantee for its one worker.
//! A failed delivery is retried with exponential back-off; attempts and the
//! last error stay on the row.
use super::transport::{Outgoing, Transport};
use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, Statement, Value};
use std::time::Duration;
use tokio::sync::watch;

/// Waiting time before retry n (1-based): `base · 2^(n-1)`, at most `max`.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub base: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            base: Duration::from_secs(30),
            max: Duration::from_secs(3600),
        }
    }
}

impl Backoff {
    pub fn after(&self, attempts: i32) -> Duration {
        let exp = attempts.clamp(1, 20) as u32 - 1;
        self.base
            .checked_mul(2u32.saturating_pow(exp))
            .unwrap_or(self.max)
            .min(self.max)
    }
}

#[derive(Clone)]
pub struct Worker {
    pub db: DatabaseConnection,
    pub transport: Transport,
    pub from: Mailbox,
    pub backoff: Backoff,
    /// Messages claimed per round.
    pub batch: u32,
    /// How long a claim lasts: a worker that dies mid-batch frees its
    /// messages after this.
    pub lease: Duration,
    /// Pause between rounds when the outbox is empty.
    pub poll: Duration,
}

/// What one round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub sent: usize,
    pub failed: usize,
}

struct Claimed {
    id: i64,
    attempts: i32,
    mail: Outgoing,
}

impl Worker {
    pub fn new(db: DatabaseConnection, transport: Transport, from: Mailbox) -> Self {
        Self {
            db,
            transport,
            from,
            backoff: Backoff::default(),
            batch: 20,
            lease: Duration::from_secs(300),
            poll: Duration::from_secs(1),
        }
    }

    async fn claim(&self, now: DateTime<Utc>) -> Result<Vec<Claimed>, DbErr> {
        let backend = self.db.get_database_backend();
        let until = now + chrono::Duration::from_std(self.lease).unwrap_or_default();
        let sql = match backend {
            DatabaseBackend::Postgres => {
                "UPDATE mail_outbox SET locked_until = $1, attempts = attempts + 1 \
                 WHERE id IN (SELECT id FROM mail_outbox \
                   WHERE sent_at IS NULL AND next_attempt_at <= $2 \
                   AND (locked_until IS NULL OR locked_until < $2) \
                   ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) \
                 RETURNING id, attempts, recipient, subject, body_text, body_html, \
                   attachment_name, attachment_mime, attachment, list_unsubscribe"
            }
            _ => {
                "UPDATE mail_outbox SET locked_until = ?, attempts = attempts + 1 \
                 WHERE id IN (SELECT id FROM mail_outbox \
                   WHERE sent_at IS NULL AND next_attempt_at <= ? \
                   AND (locked_until IS NULL OR locked_until < ?) \
                   ORDER BY id LIMIT ?) \
                 RETURNING id, attempts, recipient, subject, body_text, body_html, \
                   attachment_name, attachment_mime, attachment, list_unsubscribe"
            }
        };
        let values: Vec<Value> = match backend {
            DatabaseBackend::Postgres => {
                vec![until.into(), now.into(), i64::from(self.batch).into()]
            }
            _ => vec![
                until.into(),
                now.into(),
                now.into(),
                i64::from(self.batch).into(),
            ],
        };
        let rows = self
            .db
            .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let name: Option<String> = r.try_get("", "attachment_name")?;
            let mime: Option<String> = r.try_get("", "attachment_mime")?;
            let content: Option<String> = r.try_get("", "attachment")?;
            out.push(Claimed {
                id: r.try_get("", "id")?,
                attempts: r.try_get("", "attempts")?,
                mail: Outgoing {
                    to: r.try_get("", "recipient")?,
                    subject: r.try_get("", "subject")?,
                    text: r.try_get("", "body_text")?,
                    html: r.try_get("", "body_html")?,
                    attachment: match (name, mime, content) {
                        (Some(n), Some(m), Some(c)) => Some((n, m, c)),
                        _ => None,
                    },
                    unsubscribe: r.try_get("", "list_unsubscribe")?,
                },
            });
        }
        out.sort_by_key(|c| c.id);
        Ok(out)
    }

    async fn finish(
        &self,
        id: i64,
        outcome: Result<(), String>,
        attempts: i32,
    ) -> Result<(), DbErr> {
        let backend = self.db.get_database_backend();
        let now = Utc::now();
        let (sql, values): (&str, Vec<Value>) = match (&outcome, backend) {
            (Ok(()), DatabaseBackend::Postgres) => (
                "UPDATE mail_outbox SET sent_at = $1, locked_until = NULL, last_error = NULL WHERE id = $2",
                vec![now.into(), id.into()],
            ),
            (Ok(()), _) => (
                "UPDATE mail_outbox SET sent_at = ?, locked_until = NULL, last_error = NULL WHERE id = ?",
                vec![now.into(), id.into()],
            ),
            (Err(e), b) => {
                let next = now
                    + chrono::Duration::from_std(self.backoff.after(attempts)).unwrap_or_default();
                let sql = if b == DatabaseBackend::Postgres {
                    "UPDATE mail_outbox SET next_attempt_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3"
                } else {
                    "UPDATE mail_outbox SET next_attempt_at = ?, locked_until = NULL, last_error = ? WHERE id = ?"
                };
                let text: String = e.chars().take(2000).collect();
                (sql, vec![next.into(), text.into(), id.into()])
            }
        };
        self.db
            .execute_raw(Statement::from_sql_and_values(backend, sql, values))
            .await?;
        Ok(())
    }

    /// Claims and delivers one batch of due messages.
    #[tracing::instrument(skip(self))]
    pub async fn run_once(&self) -> Result<Round, DbErr> {
        let claimed = self.claim(Utc::now()).await?;
        let mut round = Round::default();
        for c in claimed {
            let message_id = format!("<voces-outbox-{}@{}>", c.id, self.from.email.domain());
            let outcome = self.transport.send(&self.from, &c.mail, message_id).await;
            match &outcome {
                Ok(()) => {
                    round.sent += 1;
                    tracing::info!(id = c.id, to = %c.mail.to, "mail sent");
                }
                Err(e) => {
                    round.failed += 1;
                    tracing::warn!(id = c.id, attempts = c.attempts, error = %e, "mail not sent; will retry");
                }
            }
            self.finish(c.id, outcome, c.attempts).await?;
        }
        Ok(round)
    }

    /// Runs rounds until `stop` turns true; finishes the current batch first.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        loop {
            if *stop.borrow() {
                return;
            }
            let busy = match self.run_once().await {
                Ok(r) => r.sent + r.failed == self.batch as usize,
                Err(e) => {
                    tracing::error!(error = %e, "mail worker: database error");
                    false
                }
            };
            if !busy {
                tokio::select! {
                    _ = tokio::time::sleep(self.poll) => {}
                    _ = stop.changed() => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let b = Backoff {
            base: Duration::from_secs(30),
            max: Duration::from_secs(3600),
        };
        assert_eq!(b.after(1), Duration::from_secs(30));
        assert_eq!(b.after(2), Duration::from_secs(60));
        assert_eq!(b.after(3), Duration::from_secs(120));
        assert_eq!(b.after(10), Duration::from_secs(3600));
        assert_eq!(b.after(1000), Duration::from_secs(3600));
    }
}
