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
    /// The form was accepted as it stands and waits for its sender's
    /// confirmation: what it will publish and who will be told.
    pub review: Option<Review>,
}

/// What a final step (an answer, a verdict, a withdrawal) will do once
/// confirmed, shown on its review step; nothing is written before.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    /// The text as it will be published (sanitized HTML), if any.
    pub html: Option<String>,
    /// Anyone may read it; else only the council and the authorities
    /// addressed (a confidential demand).
    pub public: bool,
    /// Who is told by mail.
    pub told: Vec<Told>,
}

/// One group of people told by mail of a change, and how many addresses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Told {
    /// The council's secretaries and chairs, and the member who submitted.
    Council { name: String, count: usize },
    /// The officials of an authority, and its contact address.
    Authority { name: String, count: usize },
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

/// A checkbox as a form sends it: present with any value but `false` is
/// ticked (browsers send `on`, ours `true`), absent is not (with
/// `#[serde(default)]`). A JSON boolean is read as itself, so a struct can
/// be both a form's input and a DTO.
pub fn checkbox<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    struct Ticked;
    impl serde::de::Visitor<'_> for Ticked {
        type Value = bool;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a checkbox value or a boolean")
        }
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<bool, E> {
            Ok(v)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<bool, E> {
            Ok(!v.is_empty() && v != "false")
        }
    }
    d.deserialize_any(Ticked)
}

#[cfg(test)]
mod checkbox_tests {
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct F {
        #[serde(deserialize_with = "super::checkbox")]
        public: bool,
    }

    #[test]
    fn ticked_unticked_and_json() {
        let f: F = serde_json::from_str(r#"{"public": true}"#).expect("json");
        assert!(f.public);
        let f: F = serde_json::from_str(r#"{"public": "on"}"#).expect("json text");
        assert!(f.public);
        let f: F = serde_json::from_str(r#"{"public": "false"}"#).expect("false");
        assert!(!f.public);
        let f: F = serde_json::from_str("{}").expect("absent");
        assert!(!f.public);
    }
}
