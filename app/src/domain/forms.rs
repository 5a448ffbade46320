//! Form problems, shared by services (which find them) and pages (which
//! show them next to the field, in the reader's language).
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One problem with one field. `code` is a stable identifier that pages
/// translate (`required`, `email_invalid`, `password_short`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str) -> Self {
        Self {
            field: field.to_string(),
            code: code.to_string(),
        }
    }
}

/// A form sent back to its page: what was typed (never passwords) and what
/// is wrong with it, so nothing typed is lost when a form without
/// JavaScript is refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormState {
    /// Which form on the page was submitted.
    pub form: String,
    pub values: BTreeMap<String, String>,
    pub errors: Vec<FieldError>,
}

impl FormState {
    pub fn value(&self, name: &str) -> Option<String> {
        self.values.get(name).cloned()
    }

    /// The first problem of a field.
    pub fn error(&self, field: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.code.clone())
    }

    /// Problems not tied to one field (`field` is empty).
    pub fn general(&self) -> Vec<String> {
        self.errors
            .iter()
            .filter(|e| e.field.is_empty())
            .map(|e| e.code.clone())
            .collect()
    }

    pub fn is_for(&self, form: &str) -> bool {
        self.form == form
    }
}
