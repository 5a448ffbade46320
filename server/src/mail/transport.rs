//! lettre transports: SMTP (none / STARTTLS / TLS) or a directory of .eml
//! files (lettre's file transport).
use crate::config::{MailConfig, SmtpTls};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("MAIL_FROM is not an address: {0}")]
    From(String),
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("mail directory {path}: {source}")]
    Dir {
        path: String,
        source: std::io::Error,
    },
}

/// A queued message, as the worker read it.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub attachment: Option<(String, String, String)>,
    /// One-click unsubscribe address (a follow's mails).
    pub unsubscribe: Option<String>,
}

impl Transport {
    /// The transport and the sender address for a configuration.
    pub fn from_config(config: &MailConfig) -> Result<(Self, Mailbox), MailError> {
        match config {
            MailConfig::Directory { path, from } => {
                std::fs::create_dir_all(path).map_err(|source| MailError::Dir {
                    path: path.clone(),
                    source,
                })?;
                let from: Mailbox = from.parse().map_err(|_| MailError::From(from.clone()))?;
                Ok((Transport::Files(AsyncFileTransport::new(path)), from))
            }
            MailConfig::Smtp {
                host,
                port,
                tls,
                user,
                password,
                from,
            } => {
                let from: Mailbox = from.parse().map_err(|_| MailError::From(from.clone()))?;
                let mut builder = match tls {
                    SmtpTls::None => {
                        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.as_str())
                    }
                    SmtpTls::StartTls => {
                        AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?
                    }
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
                }
                .port(*port)
                .timeout(Some(Duration::from_secs(20)));
                if let Some(user) = user {
                    builder = builder.credentials(Credentials::new(
                        user.clone(),
                        password.clone().unwrap_or_default(),
                    ));
                }
                Ok((Transport::Smtp(builder.build()), from))
            }
        }
    }

    /// Sends one message; the error text is what the outbox records.
    /// `message_id` names the outbox row, so that a message sent again
    /// (an instance killed between the SMTP server's acceptance and the
    /// record of it) is recognisably the same message.
    pub async fn send(
        &self,
        from: &Mailbox,
        mail: &Outgoing,
        message_id: String,
    ) -> Result<(), String> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|e| format!("invalid recipient {}: {e}", mail.to))?;
        let alternative = match &mail.html {
            Some(html) => MultiPart::alternative_plain_html(mail.text.clone(), html.clone()),
            None => MultiPart::alternative().singlepart(SinglePart::plain(mail.text.clone())),
        };
        let body = match &mail.attachment {
            Some((name, mime, content)) => {
                let kind = ContentType::parse(mime).map_err(|e| e.to_string())?;
                MultiPart::mixed()
                    .multipart(alternative)
                    .singlepart(Attachment::new(name.clone()).body(content.clone(), kind))
            }
            None => alternative,
        };
        let mut builder = Message::builder()
            .from(from.clone())
            .to(to)
            .message_id(Some(message_id))
            .subject(mail.subject.clone());
        if let Some(url) = &mail.unsubscribe {
            // RFC 2369 and RFC 8058: mail programs show an "unsubscribe"
            // button that POSTs `List-Unsubscribe=One-Click` to the address.
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_string(),
                ));
        }
        let message = builder.multipart(body).map_err(|e| e.to_string())?;
        match self {
            Transport::Smtp(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Transport::Files(t) => t.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}
