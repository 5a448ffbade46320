//! What the meeting pages receive from the server.
use crate::domain::enums::{AttendanceStatus, MeetingKind, MeetingStatus, MemberRole};
use crate::domain::metrics::meetings::{MeetingCounts, MeetingFigures, Quorum};
use serde::{Deserialize, Serialize};

/// One meeting in a calendar list. Times carry the body's offset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalendarEntry {
    pub body_key: String,
    pub body_name: String,
    pub key: String,
    pub title: String,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
    pub starts_at: String,
    pub ends_at: Option<String>,
    pub location: Option<String>,
    pub minutes_published: bool,
}

/// A calendar's filters, as typed in the address. With `as_of` the
/// calendar lists the meetings a body's meeting figures count: those
/// starting in the 365 days up to `as_of` (metrics.md's W).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MeetingFilter {
    /// A date (YYYY-MM-DD, meaning 23:59:59Z) or an RFC 3339 instant.
    pub as_of: String,
    /// "held", "cancelled", "scheduled" or empty.
    pub status: String,
    /// "1": ordinary sessions only (what `meeting_regularity` counts).
    pub ordinary: String,
    /// "1": only those whose minutes were published by `as_of`.
    pub minutes: String,
    pub page: u64,
}

impl MeetingFilter {
    /// The query string, `as_of` first (without `page` when 1).
    pub fn query(&self, page: u64) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("as_of", &self.as_of),
            ("status", &self.status),
            ("ordinary", &self.ordinary),
            ("minutes", &self.minutes),
        ] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", crate::domain::url::encode_component(v)));
            }
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        parts.join("&")
    }
}

/// The window a filtered calendar lists: (from, to], with its total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingWindow {
    /// T and T − 365 days, RFC 3339 UTC.
    pub as_of: String,
    pub from: String,
    /// Meetings that pass the filters, on every page.
    pub total: u64,
}

/// A calendar: upcoming meetings (soonest first) and a page of past ones
/// (latest first); with a window, only the page of the meetings in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Calendar {
    /// `(key, name)` of the body, or `None` for every public body.
    pub body: Option<(String, String)>,
    pub upcoming: Vec<CalendarEntry>,
    pub past: Vec<CalendarEntry>,
    /// Page of past meetings, from 1.
    pub page: u64,
    pub pages: u64,
    pub can_manage: bool,
    /// Set when the calendar lists the meetings of a figure's window.
    pub window: Option<MeetingWindow>,
    /// The site's public address (`https://…`), so that the subscription
    /// can be offered as a full address and as `webcal://`.
    #[serde(default)]
    pub site: String,
}

/// Attendance of a held meeting, counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttendanceCounts {
    pub present: u32,
    pub remote: u32,
    pub excused: u32,
    pub absent: u32,
    pub quorum: Quorum,
    pub quorum_percent: i32,
    /// The quorum as the council recorded it when attendance was saved;
    /// `None` when never saved in the app.
    pub recorded: Option<RecordedQuorum>,
}

/// The quorum kept with a meeting when its attendance was saved: the roster
/// of that moment, which later roster edits do not rewrite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedQuorum {
    pub quorum: Quorum,
    pub quorum_percent: i32,
    /// RFC 3339.
    pub recorded_at: String,
}

/// One meeting's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingDetail {
    pub entry: CalendarEntry,
    pub timezone: String,
    /// Sanitized HTML.
    pub agenda_html: Option<String>,
    /// Sanitized HTML; unpublished minutes only for the body's people.
    pub minutes_html: Option<String>,
    pub minutes_published_at: Option<String>,
    pub cancel_reason: Option<String>,
    pub attendance: Option<AttendanceCounts>,
    pub in_series: bool,
    pub can_manage: bool,
    /// Its start time has passed (only then can it be marked held).
    pub started: bool,
    /// Held with nothing recorded yet (no attendance, no published
    /// minutes): "held" can still be undone.
    pub can_undo_held: bool,
    /// For those who manage the body: it may be deleted (recorded by
    /// mistake, counted in no figure), telling this many members who were
    /// sent its invitation.
    pub deletable: Option<usize>,
}

/// A line of the attendance form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttendanceLine {
    pub member_key: String,
    pub name: String,
    pub role: MemberRole,
    pub holds_seat: bool,
    pub status: Option<AttendanceStatus>,
}

/// The attendance form of a meeting: the seat holders and alternates
/// active on its date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttendanceSheet {
    pub entry: CalendarEntry,
    pub quorum_percent: i32,
    pub lines: Vec<AttendanceLine>,
    pub quorum: Quorum,
}

/// The meeting figures of metrics.md on a date, for the body page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyMeetingFigures {
    /// The instant T, RFC 3339 UTC.
    pub as_of: String,
    pub meetings_per_year: Option<i32>,
    pub figures: MeetingFigures,
    pub regularity_score: Option<f64>,
    /// The whole counts behind the rates ("3 of 4").
    pub counts: MeetingCounts,
}
