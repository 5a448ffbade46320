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

/// One page of the public bodies that match the home page's filter: the
/// home page shows a page, not every body (300 cards made an 800 KB page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyPage {
    pub bodies: Vec<BodySummary>,
    /// Public bodies matching the filter.
    pub matching: u64,
    /// Public bodies in all.
    pub total: u64,
    pub page: u64,
    pub pages: u64,
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
    pub upcoming: Vec<MeetingBrief>,
    /// Listed and published; a non-public body is shown only to its people
    /// and administrators, marked as such.
    pub public: bool,
    /// The reader manages it (secretary, chair, administrator): the page
    /// links its settings, members and meetings. Never cached.
    #[serde(default)]
    pub manage: bool,
}

/// A member as the public roster shows them: the name only when the member
/// made it public (the page counts the others).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicMember {
    pub name: String,
    pub role: super::enums::MemberRole,
    /// YYYY-MM-DD
    pub term_start: String,
    pub term_end: Option<String>,
}

/// A body's composition on a date, with the public roster of that date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyComposition {
    pub key: String,
    pub name: String,
    /// The body's calendar date the figures are for (YYYY-MM-DD).
    pub as_of: String,
    /// Today in the body's time zone, for the date picker's default.
    pub today: String,
    pub composition: super::metrics::composition::Composition,
    pub breakdown: super::metrics::composition::Breakdown,
    pub representativeness_score: Option<f64>,
    pub seat_holders: Vec<PublicMember>,
    pub alternates: Vec<PublicMember>,
    /// Active members who asked not to be named.
    pub unnamed_seat_holders: u32,
    pub unnamed_alternates: u32,
}

/// One problem of a roster CSV: its line (1 = the header) and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvProblem {
    pub line: usize,
    pub column: String,
    /// required, invalid_value, invalid_date, email_invalid, invalid_country,
    /// duplicate_key, term_order, withdrawn_order, unknown_column,
    /// missing_column, invalid_bool, too_long, empty, not_utf8, syntax
    pub code: String,
    /// The value as found in the file, when it is the problem.
    #[serde(default)]
    pub value: Option<String>,
    /// The values (or the form) the column accepts, when it has a list.
    #[serde(default)]
    pub allowed: Vec<String>,
}

impl CsvProblem {
    pub fn new(line: usize, column: &str, code: &str) -> CsvProblem {
        CsvProblem {
            line,
            column: column.to_string(),
            code: code.to_string(),
            value: None,
            allowed: Vec::new(),
        }
    }

    /// The problem shows the value found and what would have been accepted.
    pub fn found(mut self, value: &str, allowed: &[&str]) -> CsvProblem {
        self.value = Some(value.to_string());
        self.allowed = allowed.iter().map(|a| a.to_string()).collect();
        self
    }
}

/// One row of a roster CSV as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvRow {
    pub line: usize,
    pub key: String,
    pub name: String,
    /// create | update | unchanged
    pub action: String,
    pub role: String,
    pub term_start: String,
    pub term_end: Option<String>,
    pub withdrawn_on: Option<String>,
    /// Consent to show the name publicly.
    pub public: bool,
}

/// More seat holders than seats on a day, were the file saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatExcess {
    /// YYYY-MM-DD: today, or the first day a term of the file begins on
    /// which the seats are exceeded.
    pub on: String,
    pub seat_holders: u32,
    pub seats: u32,
}

/// What an import would do, and everything wrong with it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvPreview {
    pub rows: Vec<CsvRow>,
    pub problems: Vec<CsvProblem>,
    /// The text checked, sent back with the confirmation.
    pub csv: String,
    /// The columns were separated by `;` (a spreadsheet's regional CSV),
    /// and read that way.
    #[serde(default)]
    pub semicolons: bool,
    /// A warning, not a refusal: the council may be changing its size.
    #[serde(default)]
    pub seat_excess: Option<SeatExcess>,
}

/// A member as the member form holds it: one field per roster column, as
/// typed (the roster's CSV checks read it, so the form and the import
/// accept the same values), and the consent checkbox.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberForm {
    pub key: String,
    pub name: String,
    pub email: String,
    #[serde(deserialize_with = "crate::domain::forms::checkbox")]
    pub public: bool,
    pub role: String,
    pub gender: String,
    pub migrant_group: String,
    pub region: String,
    pub country: String,
    pub term_start: String,
    pub term_end: String,
    pub withdrawn_on: String,
}

impl MemberForm {
    /// The value of the roster column `column` ("" for an unknown one).
    pub fn value(&self, column: &str) -> String {
        match column {
            "key" => self.key.clone(),
            "name" => self.name.clone(),
            "email" => self.email.clone(),
            "public" => self.public.to_string(),
            "role" => self.role.clone(),
            "gender" => self.gender.clone(),
            "migrant_group" => self.migrant_group.clone(),
            "region" => self.region.clone(),
            "country" => self.country.clone(),
            "term_start" => self.term_start.clone(),
            "term_end" => self.term_end.clone(),
            "withdrawn_on" => self.withdrawn_on.clone(),
            _ => String::new(),
        }
    }
}

/// A body's settings as its form holds them: single fields as typed, the
/// groups served (checkboxes) and the expected regions (one per line).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BodySettings {
    pub key: String,
    pub name: String,
    pub level: String,
    pub jurisdiction: String,
    pub timezone: String,
    pub groups_served: Vec<String>,
    pub regions: String,
    pub seats: String,
    pub meetings_per_year: String,
    pub quorum_percent: String,
    pub response_days: String,
    #[serde(deserialize_with = "crate::domain::forms::checkbox")]
    pub public: bool,
}

/// An authority's settings form (administrators): every field of
/// dataset.md's authority but the holidays, which have their own editor.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuthoritySettings {
    pub key: String,
    pub name: String,
    pub acronym: String,
    pub level: String,
    pub response_days: String,
    /// calendar | business
    pub day_kind: String,
    /// Where notices go besides the officials' own addresses.
    pub email: String,
}

/// An authority as the administrators' list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityRow {
    pub key: String,
    pub name: String,
    pub acronym: Option<String>,
    pub level: String,
    pub response_days: i32,
    pub day_kind: String,
    pub email: Option<String>,
    pub holidays: usize,
    pub officials: usize,
    pub archived: bool,
}

/// An official (an account with the role) or a pending invitation to be one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficialRow {
    pub name: Option<String>,
    pub email: String,
    /// Invited, not yet accepted.
    pub pending: bool,
}

/// One authority's administration page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorityAdmin {
    pub settings: AuthoritySettings,
    /// RFC 3339, when archived.
    pub archived_at: Option<String>,
    /// `YYYY-MM-DD`, in order.
    pub holidays: Vec<String>,
    pub officials: Vec<OfficialRow>,
    /// Referrals addressed to it (its history, kept when archived).
    pub referrals: u64,
}

/// What an uploaded dataset document did (administration page): every
/// problem found (nothing imported), or what was imported.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetUpload {
    /// (where in the document, what is wrong)
    pub problems: Vec<(String, String)>,
    /// authorities, bodies, members, meetings, demands, referrals
    pub imported: Option<[usize; 6]>,
    pub replace: bool,
}
