//! The serde types that pages and server functions exchange. Entity models
//! never leave the server; these do.

use super::enums::{BodyLevel, MeetingKind, MigrantGroup};
use serde::{Deserialize, Serialize};

/// A public body as listed on the home page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodySummary {
    pub key: String,
    pub name: String,
    pub level: BodyLevel,
    pub jurisdiction: String,
    pub groups_served: Vec<MigrantGroup>,
    pub seats: Option<i32>,
    /// Seat holders active today (metrics.md "Members").
    pub members_active: u32,
    pub next_meeting: Option<MeetingBrief>,
}

/// A meeting reduced to what a list needs. The time carries the body's
/// offset so that server and browser show the same wall-clock time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingBrief {
    pub key: String,
    pub title: String,
    pub kind: MeetingKind,
    /// RFC 3339 with the body's offset.
    pub starts_at: String,
    pub location: Option<String>,
}

/// Everything the public page of a body shows in its first version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyDetail {
    pub summary: BodySummary,
    pub timezone: String,
    pub regions: Vec<String>,
    pub meetings_per_year: Option<i32>,
    pub quorum_percent: i32,
    pub response_days: Option<i32>,
    pub alternates_active: u32,
    pub meetings_held: u32,
    pub demands_total: u32,
    pub upcoming: Vec<MeetingBrief>,
}
