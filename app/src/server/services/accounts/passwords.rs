//! Password hashing (argon2id, the crate's recommended parameters) and the
//! rules a new password must meet.
use crate::domain::forms::FieldError;
use crate::server::error::ServiceError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand_core::OsRng;

/// Long enough to resist guessing, short enough for a passphrase manager.
pub const MIN_LEN: usize = 10;
/// Caps the work an attacker can make the hasher do.
pub const MAX_LEN: usize = 256;

pub fn hash(password: &str) -> Result<String, ServiceError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            ServiceError::Invalid("password".into())
        })
}

pub fn verify(stored: &str, password: &str) -> bool {
    if password.chars().count() > MAX_LEN {
        return false;
    }
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Spends about the time of a real verification, so that an unknown address
/// cannot be told from a wrong password by timing.
pub fn verify_dummy(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("not a real password").unwrap_or_default());
    let _ = verify(stored, password);
}

/// Problems with a new password and its confirmation (fields `password`
/// and `confirm`).
pub fn check_new(password: &str, confirm: &str) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let len = password.chars().count();
    if len < MIN_LEN {
        errors.push(FieldError::new("password", "password_short"));
    } else if len > MAX_LEN {
        errors.push(FieldError::new("password", "password_long"));
    } else if password != confirm {
        errors.push(FieldError::new("confirm", "password_mismatch"));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify(&h, "correct horse battery"));
        assert!(!verify(&h, "correct horse batterY"));
        assert!(!verify("not a hash", "x"));
    }

    #[test]
    fn new_password_rules() {
        assert_eq!(check_new("short", "short")[0].code, "password_short");
        assert_eq!(
            check_new("long enough pw", "long enough PW")[0].code,
            "password_mismatch"
        );
        assert!(check_new("long enough pw", "long enough pw").is_empty());
        let huge = "x".repeat(MAX_LEN + 1);
        assert_eq!(check_new(&huge, &huge)[0].code, "password_long");
    }
}
