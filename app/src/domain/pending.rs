//! What needs a signed-in person now (`/pending`): per council they sit on
//! or run, the demands waiting for the council, their own demands and, for
//! secretaries and chairs, meetings and terms; for officials, the top of
//! their inbox. Built by `server::services::pending`.
use crate::domain::demands::{ClockView, InboxRow};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub name: String,
    pub admin: bool,
    pub councils: Vec<CouncilTasks>,
    /// For officials: the top of their inbox, in working order.
    pub inbox: Option<InboxTop>,
}

impl Pending {
    /// Nothing at all waits for this person.
    pub fn is_empty(&self) -> bool {
        self.councils.iter().all(CouncilTasks::is_empty)
            && self.inbox.as_ref().is_none_or(|i| i.open == 0)
    }
}

/// One council's work for this person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CouncilTasks {
    pub body_key: String,
    pub body_name: String,
    /// May submit a demand for the council.
    pub can_submit: bool,
    /// Secretary, chair or administrator: meetings and roster too.
    pub manages: bool,
    /// An authority asked for a clarification the council has not given.
    pub to_clarify: Vec<TaskRow>,
    /// Answered since the council's last verdict (or never assessed).
    pub to_assess: Vec<TaskRow>,
    /// The representative's own demands, newest first.
    pub own: Vec<OwnDemand>,
    /// Meetings needing the secretariat (`manages` only).
    pub meetings: Vec<MeetingTask>,
    /// Seat holders whose term ends within 90 days (`manages` only).
    pub terms_ending: Vec<TermEnding>,
}

impl CouncilTasks {
    pub fn is_empty(&self) -> bool {
        self.to_clarify.is_empty()
            && self.to_assess.is_empty()
            && self.meetings.is_empty()
            && self.terms_ending.is_empty()
    }
}

/// A referral waiting for the council.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskRow {
    pub demand_key: String,
    pub title: String,
    pub authority_name: String,
    pub clock: ClockView,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnDemand {
    pub demand_key: String,
    pub title: String,
    pub submitted_at: String,
    /// (authority acronym or name, its clock)
    pub referrals: Vec<(String, ClockView)>,
}

/// What a meeting needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeetingNeed {
    /// Within the next 30 days: agenda and announcement.
    Upcoming,
    /// Its time has passed and it is still "scheduled": held or cancelled?
    MarkHeldOrCancelled,
    /// Held, and nobody's attendance is recorded.
    Attendance,
    /// Held, minutes not published.
    Minutes,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingTask {
    pub meeting_key: String,
    pub title: String,
    /// RFC 3339 in the body's zone.
    pub starts_at: String,
    pub need: MeetingNeed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermEnding {
    pub member_key: String,
    pub name: String,
    /// YYYY-MM-DD
    pub term_end: String,
}

/// The top of an official's inbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxTop {
    pub overdue: u64,
    /// Referrals not answered yet (overdue included).
    pub open: u64,
    /// The first rows in working order (overdue, open, answered).
    pub rows: Vec<InboxRow>,
}
