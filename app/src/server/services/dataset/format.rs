//! The document as JSON sees it: every field as written, enums and times as
//! strings, so that one pass of validation can report every problem with its
//! path. Export fills the same types, so both directions share one shape.
//! Fields unknown to the format are collected in `extra` and reported.
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

pub type Extra = BTreeMap<String, Value>;

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Document {
    #[serde(default)]
    pub format: Option<String>,
    #[serde(default)]
    pub authorities: Vec<Authority>,
    #[serde(default)]
    pub bodies: Vec<Body>,
    #[serde(flatten, skip_serializing)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Authority {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    pub level: String,
    pub response_days: i64,
    pub day_kind: String,
    #[serde(default)]
    pub holidays: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// RFC 3339; set when the authority no longer receives new demands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_at: Option<String>,
    #[serde(flatten, skip_serializing)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Body {
    pub key: String,
    pub name: String,
    pub level: String,
    pub jurisdiction: String,
    pub timezone: String,
    #[serde(default)]
    pub groups_served: Vec<String>,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meetings_per_year: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum_percent: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_days: Option<i64>,
    /// Listed and published; written only when false.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub public: bool,
    #[serde(default)]
    pub members: Vec<Member>,
    #[serde(default)]
    pub meetings: Vec<Meeting>,
    #[serde(default)]
    pub demands: Vec<Demand>,
    #[serde(flatten, skip_serializing)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Member {
    pub key: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default)]
    pub public: bool,
    pub role: String,
    pub gender: String,
    pub migrant_group: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    pub term_start: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_end: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_on: Option<String>,
    #[serde(flatten, skip_serializing)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Meeting {
    pub key: String,
    pub title: String,
    pub kind: String,
    pub starts_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agenda: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_published_at: Option<String>,
    /// Why a cancelled meeting was cancelled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_reason: Option<String>,
    #[serde(default)]
    pub attendance: BTreeMap<String, String>,
    /// The quorum as recorded when attendance was saved in the app.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum_record: Option<QuorumRecord>,
    #[serde(flatten, skip_serializing)]
    pub extra: Extra,
}

/// What a council recorded of its quorum when it saved attendance: the seat
/// holders on the meeting's date then, how many attended (present or
/// remote), its quorum percentage then, and when it was recorded.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct QuorumRecord {
    pub seat_holders: i64,
    pub attending: i64,
    pub quorum_percent: i64,
    pub recorded_at: String,
    #[serde(flatten, skip_serializing)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Demand {
    pub key: String,
    pub title: String,
    pub text: String,
    pub topic: String,
    pub submitted_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meeting: Option<String>,
    pub submitted_at: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub confidential: bool,
    /// RFC 3339: withdrawn by the council (its clocks stop there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_at: Option<String>,
    #[serde(default)]
    pub referrals: Vec<Referral>,
    #[serde(flatten, skip_serializing)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Referral {
    pub authority: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_at: Option<String>,
    #[serde(default)]
    pub events: Vec<Event>,
    #[serde(default)]
    pub assessments: Vec<Assessment>,
    #[serde(flatten, skip_serializing)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Event {
    pub at: String,
    pub kind: String,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_url: Option<String>,
    #[serde(flatten, skip_serializing)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Assessment {
    pub at: String,
    pub verdict: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(flatten, skip_serializing)]
    pub extra: Extra,
}
