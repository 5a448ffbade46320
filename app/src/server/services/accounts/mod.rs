//! Accounts: invitations, sign-in, password resets, the account page and
//! (for administrators) roles.
pub mod data_requests;
pub mod invitations;
pub mod login;
pub mod my_data;
pub mod passwords;
pub mod profile;
pub mod reset;
pub mod roles;
pub mod tokens;

use crate::domain::forms::FieldError;

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 7;
/// How long a password-reset link works.
pub const RESET_HOURS: i64 = 2;

/// The public address of the site, for links in mails
/// (`PUBLIC_URL`, e.g. `https://voces.example.org`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteUrl(pub String);

impl SiteUrl {
    pub fn new(base: &str) -> Self {
        Self(base.trim_end_matches('/').to_string())
    }

    pub fn invitation(&self, token: &str) -> String {
        format!("{}/invitations/{token}", self.0)
    }

    pub fn reset(&self, token: &str) -> String {
        format!("{}/reset/{token}", self.0)
    }

    /// The host name alone (no scheme, port or path), for iCalendar UIDs.
    pub fn host(&self) -> &str {
        let rest = self.0.split_once("://").map_or(self.0.as_str(), |(_, r)| r);
        let host = rest.split('/').next().unwrap_or(rest);
        match host.rsplit_once(':') {
            Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
            _ => host,
        }
    }
}

/// Trimmed and lower-cased: addresses are compared case-insensitively.
pub fn normalize_email(s: &str) -> String {
    s.trim().to_lowercase()
}

/// A plausible address: one `@`, something on both sides, a dot in the
/// domain, no spaces. Delivery is the real test.
pub fn check_email(field: &str, email: &str) -> Option<FieldError> {
    if email.is_empty() {
        return Some(FieldError::new(field, "required"));
    }
    let ok = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        };
    (!ok).then(|| FieldError::new(field, "email_invalid"))
}

/// es or en; anything else is Spanish, the site's default.
pub fn normalize_locale(s: &str) -> String {
    if s == "en" { "en" } else { "es" }.to_string()
}

/// A new record's key, as addresses carry it: lower-case letters, digits
/// and hyphens, at most 64.
pub fn check_key(field: &str, key: &str) -> Option<FieldError> {
    let key = key.trim();
    if key.is_empty() {
        Some(FieldError::new(field, "required"))
    } else if key.len() > 64
        || !key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        Some(FieldError::new(field, "invalid_key"))
    } else {
        None
    }
}

/// A required short text: trimmed, at most `max` characters.
pub fn check_text(field: &str, value: &str, max: usize) -> Option<FieldError> {
    if value.trim().is_empty() {
        Some(FieldError::new(field, "required"))
    } else if value.chars().count() > max {
        Some(FieldError::new(field, "too_long"))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(normalize_email("  Ana@Example.ORG "), "ana@example.org");
        assert!(check_email("email", "ana@example.org").is_none());
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.org",
            "a b@x.org",
            "a@x",
            "a@@x.org",
            "a@.x",
        ] {
            assert!(check_email("email", bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn links() {
        let s = SiteUrl::new("https://voces.example.org/");
        assert_eq!(s.invitation("t"), "https://voces.example.org/invitations/t");
        assert_eq!(s.reset("t"), "https://voces.example.org/reset/t");
        assert_eq!(s.host(), "voces.example.org");
        assert_eq!(SiteUrl::new("http://127.0.0.1:3000").host(), "127.0.0.1");
    }
}
