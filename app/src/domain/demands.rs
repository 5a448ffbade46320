//! What the demand pages receive: a demand with its referrals, each with
//! the clock's reading and its timeline, and the filtered public list.
use crate::domain::enums::{EventKind, ReferralStatus, Topic, Verdict};
use serde::{Deserialize, Serialize};

/// The clock of one referral at the time of the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClockView {
    pub status: ReferralStatus,
    pub paused: bool,
    /// A clarification request waits for the body's reply (it may have
    /// come after the deadline and stopped nothing).
    pub awaiting_reply: bool,
    pub overdue: bool,
    pub answered: bool,
    pub on_time: Option<bool>,
    /// RFC 3339 in the body's zone.
    pub effective_deadline: String,
    /// The body's zone (IANA name), to name it beside the deadline.
    pub zone: String,
    /// Status implemented, and the body's latest verdict says it was not
    /// (metrics.md `contested_rate`): shown as "contested".
    pub contested: bool,
    /// The body withdrew the demand: its clocks stopped then.
    pub withdrawn: bool,
    /// Whole days until the effective deadline (rounded up), or since it
    /// passed (rounded down, negative); 0 on the day.
    pub days: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TimelineKind {
    Event(EventKind),
    Verdict(Verdict),
}

/// One entry of a referral's timeline: an event or a verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: String,
    pub kind: TimelineKind,
    /// Sanitized HTML of the text or note.
    pub html: Option<String>,
    pub evidence_url: Option<String>,
    /// Its text and evidence are withheld from this reader (confidential).
    pub withheld: bool,
    /// Recorded after the instant the page is read at (`?as_of=`).
    #[serde(default)]
    pub after_as_of: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferralView {
    pub authority_key: String,
    pub authority_name: String,
    /// The visitor may acknowledge, ask for a clarification and answer.
    pub can_answer: bool,
    /// The visitor may clarify and give the body's verdict.
    pub can_respond: bool,
    pub clock: ClockView,
    /// The clock in facts: sent, rule, pauses, deadlines, lateness.
    pub explained: crate::domain::referrals::ClockExplanation,
    pub timeline: Vec<TimelineEntry>,
}

/// One demand's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemandView {
    pub body_key: String,
    pub body_name: String,
    pub key: String,
    pub title: String,
    pub topic: Topic,
    pub submitted_at: String,
    /// The submitter's name when the member made it public.
    pub submitted_by: Option<String>,
    /// (key, title) of the meeting that adopted it.
    pub meeting: Option<(String, String)>,
    pub confidential: bool,
    /// Sanitized HTML; `None` when the text is withheld (confidential).
    pub text_html: Option<String>,
    /// The text and the whole thread are withheld from this reader
    /// (`server::visibility`).
    pub withheld: bool,
    pub withdrawn_at: Option<String>,
    pub referrals: Vec<ReferralView>,
    /// The visitor may still edit or withdraw it (before its first answer).
    pub can_edit: bool,
    /// The visitor speaks for the body: may make it confidential or public.
    pub can_set_confidential: bool,
    /// The instant the clocks are read at, when not now (`?as_of=`), in
    /// the body's zone.
    #[serde(default)]
    pub as_of: Option<String>,
}

/// A line of the public list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemandRow {
    pub body_key: String,
    pub body_name: String,
    pub key: String,
    pub title: String,
    pub topic: Topic,
    pub submitted_at: String,
    pub confidential: bool,
    /// (authority name, clock) per referral.
    pub referrals: Vec<(String, ClockView)>,
}

/// The filters of the public list, as typed in its GET form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DemandFilter {
    pub body: String,
    pub authority: String,
    pub topic: String,
    pub status: String,
    /// "1" for overdue referrals only.
    pub overdue: String,
    /// YYYY-MM-DD, submission date (UTC), inclusive.
    pub from: String,
    pub to: String,
    pub q: String,
    /// A date (YYYY-MM-DD, meaning 23:59:59Z) or an RFC 3339 instant at
    /// which the list is read (statuses, withdrawals); empty: now.
    #[serde(default)]
    pub as_of: String,
    /// "1": only demands submitted in the 365 days up to `as_of` and not
    /// withdrawn by then, the demands a body's `demands_submitted` counts.
    #[serde(default)]
    pub window: String,
    pub page: u64,
    /// A page's edge, `{body}~{demand}` (`DemandList::page_link`): the page
    /// starts after that demand ("older") or ends before it ("newer"), so
    /// the database seeks it instead of counting every demand above it. A
    /// cursor that names no listed demand is ignored: `page` decides.
    #[serde(default)]
    pub after: String,
    #[serde(default)]
    pub before: String,
}

impl crate::domain::paging::Paged for DemandFilter {
    fn page(&self) -> u64 {
        self.page
    }

    fn has_cursor(&self) -> bool {
        !self.after.is_empty() || !self.before.is_empty()
    }

    fn whole_list(&self) -> Self {
        DemandFilter {
            page: 0,
            after: String::new(),
            before: String::new(),
            ..self.clone()
        }
    }
}

impl DemandFilter {
    /// The filters as a query string without `?` (`page` left out), the
    /// instant (`as_of`, `window`) only when `with_instant`: a list's
    /// address keeps it, a feed follows what is new.
    pub fn query(&self, with_instant: bool) -> String {
        let instant = [("as_of", &self.as_of), ("window", &self.window)];
        let filters = [
            ("body", &self.body),
            ("authority", &self.authority),
            ("topic", &self.topic),
            ("status", &self.status),
            ("overdue", &self.overdue),
            ("from", &self.from),
            ("to", &self.to),
            ("q", &self.q),
        ];
        let chosen: &[(&str, &String)] = if with_instant { &instant } else { &[] };
        chosen
            .iter()
            .chain(filters.iter())
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", crate::domain::url::encode_component(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// The edge a page link carries for row `r` (`DemandFilter::after`).
pub fn cursor(r: &DemandRow) -> String {
    format!("{}~{}", r.body_key, r.key)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemandList {
    pub rows: Vec<DemandRow>,
    pub total: u64,
    /// More than `total` matched: a search by words counts (and pages) up
    /// to `SEARCH_COUNT_CAP`, as the site search does.
    pub more: bool,
    pub page: u64,
    pub pages: u64,
    /// (key, name) of the public bodies and of the authorities, for the form.
    pub bodies: Vec<(String, String)>,
    pub authorities: Vec<(String, String)>,
}

impl DemandList {
    /// The address (at `base`, such as `/demands`) of page `to` of the list
    /// `f`, with its edge (`url::edge_param`).
    pub fn page_link(&self, f: &DemandFilter, base: &str, to: u64) -> String {
        let parts: Vec<String> = Some(f.query(true))
            .filter(|q| !q.is_empty())
            .into_iter()
            .chain([format!("page={to}")])
            .chain(crate::domain::url::edge_param(
                self.page, to, &self.rows, cursor,
            ))
            .collect();
        format!("{base}?{}", parts.join("&"))
    }
}

/// What the submission form offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemandFormOptions {
    pub body_name: String,
    /// (key, name)
    pub authorities: Vec<(String, String)>,
    /// (key, title) of the body's meetings, latest first.
    pub meetings: Vec<(String, String)>,
    /// (key, name) of the active members, when the visitor has no seat of
    /// their own and must say in whose name the demand is submitted.
    pub members: Option<Vec<(String, String)>>,
}

/// A line of an official's inbox: one referral to their authority.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InboxRow {
    pub authority_name: String,
    pub body_key: String,
    pub body_name: String,
    pub demand_key: String,
    pub title: String,
    pub topic: Topic,
    pub submitted_at: String,
    pub clock: ClockView,
}

/// An official's inbox: referrals to their authorities, soonest effective
/// deadline first, with counts per status (before the status filter).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub rows: Vec<InboxRow>,
    pub counts: Vec<(ReferralStatus, u64)>,
    pub overdue: u64,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    /// (key, name) of the authorities the visitor answers for.
    pub authorities: Vec<(String, String)>,
    pub bodies: Vec<(String, String)>,
}
