//! Configuration from the environment (flags override where given).
use leptos::config::LeptosOptions;
use std::net::SocketAddr;

/// Leptos' options: from cargo-leptos' `LEPTOS_*` variables when present
/// (it sets them when it runs the server), otherwise defaults that match
/// the workspace metadata, so the binary also runs on its own.
pub fn leptos_options() -> LeptosOptions {
    let env = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_string());
    let addr: SocketAddr = env("LEPTOS_SITE_ADDR", "127.0.0.1:3000")
        .parse()
        .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 3000)));
    LeptosOptions::builder()
        .output_name(env("LEPTOS_OUTPUT_NAME", "voces"))
        .site_root(env("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(env("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(addr)
        .build()
}

/// Settings from `PUBLIC_URL` (default: the listening address over http)
/// and `TRUST_FORWARDED_FOR` (true behind a reverse proxy).
pub fn settings(site_addr: SocketAddr) -> app::server::state::Settings {
    let public = std::env::var("PUBLIC_URL")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| format!("http://{site_addr}"));
    let mut s = app::server::state::Settings::for_url(public.trim());
    s.trust_forwarded_for = matches!(
        std::env::var("TRUST_FORWARDED_FOR").ok().as_deref(),
        Some("1" | "true" | "yes")
    );
    if let Some(n) = std::env::var("DOWNLOAD_BUILDS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
    {
        s.download_builds = n;
    }
    if let Some(n) = std::env::var("HEAVY_REQUESTS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
    {
        s.heavy_requests = n;
    }
    s.figures_lag_after = figures_lag_after(std::env::var("FIGURES_LAG_AFTER_MS").ok().as_deref());
    s.metrics_token = std::env::var("METRICS_TOKEN")
        .ok()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    s
}

/// The niceness of the thread figures are computed again on while readers
/// are served the previous ones (`metrics::background`): `FIGURES_NICE`, 0
/// to 19; unset or `off`, they are computed beside the requests. Off by
/// default: at a million referrals under writes it doubled the reads
/// served but let the figures lag up to 17 s behind a write (budget 2 s;
/// docs/benchmarks.md).
pub fn figures_nice() -> Option<i32> {
    figures_nice_of(std::env::var("FIGURES_NICE").ok().as_deref())
}

fn figures_nice_of(raw: Option<&str>) -> Option<i32> {
    match raw.map(str::trim) {
        None | Some("") | Some("off") => None,
        Some(n) => match n.parse::<i32>() {
            Ok(n) if (0..=19).contains(&n) => Some(n),
            _ => {
                tracing::warn!(value = n, "FIGURES_NICE is neither 0 to 19 nor `off`: off");
                None
            }
        },
    }
}

/// Figures that took this long to compute are not waited for after a
/// write (`metrics::cache`): 25 ms unless `FIGURES_LAG_AFTER_MS` gives a
/// number of milliseconds, or `off` (always wait, as the browser and
/// process tests do: they read their own writes' figures at once).
pub const FIGURES_LAG_AFTER: std::time::Duration = std::time::Duration::from_millis(25);

fn figures_lag_after(raw: Option<&str>) -> Option<std::time::Duration> {
    match raw.map(str::trim) {
        None | Some("") => Some(FIGURES_LAG_AFTER),
        Some("off") => None,
        Some(ms) => Some(match ms.parse::<u64>() {
            Ok(ms) => std::time::Duration::from_millis(ms),
            Err(_) => {
                tracing::warn!(
                    value = ms,
                    "FIGURES_LAG_AFTER_MS is neither milliseconds nor `off`: 25 ms"
                );
                FIGURES_LAG_AFTER
            }
        }),
    }
}

/// Retry timing of the mail worker: `MAIL_RETRY_SECONDS` is the first wait
/// (default 30 s), doubled after each failure up to an hour.
pub fn mail_backoff() -> crate::mail::Backoff {
    let mut b = crate::mail::Backoff::default();
    if let Some(secs) = std::env::var("MAIL_RETRY_SECONDS")
        .ok()
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
    {
        b.base = std::time::Duration::from_secs_f64(secs);
    }
    b
}

/// How long the mail worker's claim on a batch lasts
/// (`MAIL_LEASE_SECONDS`, default 300): the messages of an instance that
/// died mid-batch are sent by another after this.
pub fn mail_lease() -> Option<std::time::Duration> {
    std::env::var("MAIL_LEASE_SECONDS")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|s| *s > 0)
        .map(std::time::Duration::from_secs)
}

/// The database URL: `DATABASE_URL`, else a SQLite file under `data/`.
pub fn database_url(flag: Option<String>) -> String {
    flag.or_else(|| std::env::var("DATABASE_URL").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| app::server::db::DEFAULT_DATABASE_URL.to_string())
}

/// How mail leaves the server: SMTP when `SMTP_HOST` is set, otherwise
/// files in `MAIL_DIR` (lettre's file transport) so nothing is lost while
/// SMTP is not configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailConfig {
    Smtp {
        host: String,
        port: u16,
        tls: SmtpTls,
        user: Option<String>,
        password: Option<String>,
        from: String,
    },
    Directory {
        path: String,
        from: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    None,
    StartTls,
    Tls,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("SMTP_PORT must be a port number, not \"{0}\"")]
    Port(String),
    #[error("SMTP_TLS must be none, starttls or tls, not \"{0}\"")]
    Tls(String),
}

impl MailConfig {
    /// Reads `SMTP_HOST`, `SMTP_PORT`, `SMTP_TLS`, `SMTP_USER`,
    /// `SMTP_PASSWORD`, `MAIL_FROM` and `MAIL_DIR` through `get`.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        let from = get("MAIL_FROM").unwrap_or_else(|| "Voces <no-reply@localhost>".to_string());
        let Some(host) = get("SMTP_HOST") else {
            return Ok(MailConfig::Directory {
                path: get("MAIL_DIR").unwrap_or_else(|| "data/mail".into()),
                from,
            });
        };
        let tls = match get("SMTP_TLS").as_deref().unwrap_or("starttls") {
            "none" => SmtpTls::None,
            "starttls" => SmtpTls::StartTls,
            "tls" => SmtpTls::Tls,
            other => return Err(ConfigError::Tls(other.to_string())),
        };
        let default_port = match tls {
            SmtpTls::None => 25,
            SmtpTls::StartTls => 587,
            SmtpTls::Tls => 465,
        };
        let port = match get("SMTP_PORT") {
            None => default_port,
            Some(p) => p.parse().map_err(|_| ConfigError::Port(p))?,
        };
        Ok(MailConfig::Smtp {
            host,
            port,
            tls,
            user: get("SMTP_USER"),
            password: get("SMTP_PASSWORD"),
            from,
        })
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn mail(vars: &[(&str, &str)]) -> Result<MailConfig, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        MailConfig::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn without_smtp_host_mail_goes_to_a_directory() {
        assert_eq!(
            mail(&[]).unwrap(),
            MailConfig::Directory {
                path: "data/mail".into(),
                from: "Voces <no-reply@localhost>".into()
            }
        );
    }

    #[test]
    fn figures_nice_only_when_given() {
        assert_eq!(figures_nice_of(None), None);
        assert_eq!(figures_nice_of(Some("off")), None);
        assert_eq!(figures_nice_of(Some(" 0 ")), Some(0));
        assert_eq!(figures_nice_of(Some("19")), Some(19));
        assert_eq!(figures_nice_of(Some("20")), None);
        assert_eq!(figures_nice_of(Some("low")), None);
    }

    #[test]
    fn figures_lag_after_a_write_by_default_unless_off() {
        use std::time::Duration;
        assert_eq!(figures_lag_after(None), Some(FIGURES_LAG_AFTER));
        assert_eq!(figures_lag_after(Some(" ")), Some(FIGURES_LAG_AFTER));
        assert_eq!(figures_lag_after(Some("off")), None);
        assert_eq!(figures_lag_after(Some("0")), Some(Duration::ZERO));
        assert_eq!(
            figures_lag_after(Some("120")),
            Some(Duration::from_millis(120))
        );
        assert_eq!(figures_lag_after(Some("soon")), Some(FIGURES_LAG_AFTER));
    }

    #[test]
    fn smtp_settings_and_their_errors() {
        let m = mail(&[
            ("SMTP_HOST", "smtp.example.org"),
            ("SMTP_TLS", "tls"),
            ("SMTP_USER", "u"),
        ])
        .unwrap();
        assert!(matches!(
            m,
            MailConfig::Smtp {
                port: 465,
                tls: SmtpTls::Tls,
                ..
            }
        ));
        assert_eq!(
            mail(&[("SMTP_HOST", "h"), ("SMTP_PORT", "x")]),
            Err(ConfigError::Port("x".into()))
        );
        assert_eq!(
            mail(&[("SMTP_HOST", "h"), ("SMTP_TLS", "ssl3")]),
            Err(ConfigError::Tls("ssl3".into()))
        );
    }
}
