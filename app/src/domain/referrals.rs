//! The referral-level drill-down (`/referrals`, `GET /api/v1/referrals`):
//! every referral the figures count, filtered the way each figure counts
//! them, so that a figure and the list it links to have the same total at
//! the same `as_of`; and each referral's clock in words (its rule, pauses,
//! deadlines and lateness).
use crate::domain::enums::{DayKind, ReferralStatus};
use crate::domain::url::{edge_param, encode_component, next_prev};
use serde::{Deserialize, Serialize};

/// Referrals per page of the list.
pub const PAGE_SIZE: u64 = 50;

/// The list's filters, as typed in its GET form. A yes/no filter is "1"
/// (must hold), "0" (must not) or empty (either).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReferralFilter {
    /// A date (YYYY-MM-DD, meaning 23:59:59Z) or an RFC 3339 instant;
    /// empty: now.
    pub as_of: String,
    /// A body's key.
    pub body: String,
    /// An authority's key.
    pub authority: String,
    /// The status at `as_of`.
    pub status: String,
    /// Overdue at `as_of` (unanswered past its effective deadline).
    pub overdue: String,
    /// Its demand was submitted in the 365 days up to `as_of` (the
    /// windowed figures' referrals).
    pub window: String,
    /// Answered, or due, at `as_of`.
    pub considered: String,
    /// Answered at or before `as_of`.
    pub answered: String,
    /// Answered, and on time.
    pub on_time: String,
    pub page: u64,
    /// A page's edge, `{body}~{demand}~{authority}` (`ReferralPage::
    /// page_link`): the page starts after that referral or ends before
    /// it, sought in the list's index instead of counted down to. One that
    /// names no listed referral is ignored: `page` decides.
    #[serde(default)]
    pub after: String,
    #[serde(default)]
    pub before: String,
}

impl crate::domain::paging::Paged for ReferralFilter {
    fn page(&self) -> u64 {
        self.page
    }

    fn has_cursor(&self) -> bool {
        !self.after.is_empty() || !self.before.is_empty()
    }

    fn whole_list(&self) -> Self {
        ReferralFilter {
            page: 0,
            after: String::new(),
            before: String::new(),
            ..self.clone()
        }
    }
}

impl ReferralFilter {
    /// The query string of these filters (without `page` when 1), for
    /// links that carry them — `as_of` first, so that it is never lost.
    pub fn query(&self, page: u64) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("as_of", &self.as_of),
            ("body", &self.body),
            ("authority", &self.authority),
            ("status", &self.status),
            ("overdue", &self.overdue),
            ("window", &self.window),
            ("considered", &self.considered),
            ("answered", &self.answered),
            ("on_time", &self.on_time),
        ] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", encode_component(v)));
            }
        }
        if page > 1 {
            parts.push(format!("page={page}"));
        }
        parts.join("&")
    }

    /// `/referrals?…` with these filters.
    pub fn href(&self) -> String {
        let q = self.query(1);
        if q.is_empty() {
            "/referrals".to_string()
        } else {
            format!("/referrals?{q}")
        }
    }
}

/// Where a base deadline comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DeadlineRuleView {
    /// N: the days allowed.
    pub days: i32,
    /// How the N days are counted, by the authority's rule: `calendar` or `business`.
    pub day_kind: DayKind,
    /// `body` when the council sets its own response days, else
    /// `authority`.
    pub set_by: String,
    /// Holidays skipped (business days only) between sending and the
    /// base deadline, YYYY-MM-DD.
    pub holidays_skipped: Vec<String>,
}

/// One clarification request as the clock treated it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClarificationView {
    /// RFC 3339 in the body's zone.
    pub requested_at: String,
    /// The body's reply, if given by `as_of`.
    pub provided_at: Option<String>,
    /// It stopped the clock: asked before the deadline of its moment. A
    /// request asked once the clock had run out pauses nothing.
    pub pauses: bool,
    /// The pause's length in days, once closed (fractional).
    pub paused_days: Option<f64>,
}

/// A referral's clock in words: sent, rule, pauses, deadlines, answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClockExplanation {
    /// The body's IANA time zone, in which every time here is given.
    pub timezone: String,
    /// The demand's submission, RFC 3339.
    pub sent_at: String,
    /// The deadline was recorded (when the referral was made, or in the
    /// imported data) rather than computed from today's rules.
    pub recorded: bool,
    /// The rule that gives the base deadline; null when a recorded deadline
    /// does not follow from today's rules (they changed since).
    pub rule: Option<DeadlineRuleView>,
    /// The recorded `due_at`, else submission + N days by `rule`; RFC 3339.
    pub base_deadline: String,
    /// Every clarification request up to `as_of`, those that paused nothing included.
    pub clarifications: Vec<ClarificationView>,
    /// Base deadline + the pauses closed by `as_of`.
    pub effective_deadline: String,
    /// The earliest substantive answer at or before `as_of`, RFC 3339; null when unanswered.
    pub first_answer_at: Option<String>,
    /// Answered: days after its deadline (negative: before). Unanswered and
    /// overdue: days since the effective deadline. Else null.
    pub days_late: Option<f64>,
}

/// One referral of the list, read at `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReferralItem {
    /// The key of the demand's body.
    pub body: String,
    /// The body's name.
    pub body_name: String,
    /// The demand's key within the body.
    pub demand: String,
    /// Always public, even on a confidential demand.
    pub title: String,
    /// The demand is confidential: its text and thread are withheld from the public.
    pub confidential: bool,
    /// The key of the authority addressed.
    pub authority: String,
    /// The authority's name.
    pub authority_name: String,
    /// The status at `as_of` (metrics.md).
    pub status: ReferralStatus,
    /// Status implemented, and the body's latest verdict at `as_of` is
    /// unsatisfied: the body contests the claim (counted by `contested_rate`).
    pub contested: bool,
    /// An open clarification request pauses the clock at `as_of`: neither due nor overdue.
    pub paused: bool,
    /// Not paused and the effective deadline ≤ `as_of`.
    pub due: bool,
    /// Due and not answered at `as_of`.
    pub overdue: bool,
    /// Has a substantive answer (accepted, …, implemented) at or before `as_of`.
    pub answered: bool,
    /// Null until answered.
    pub on_time: Option<bool>,
    /// Submitted in the 365 days up to `as_of`.
    pub in_window: bool,
    /// Answered or due at `as_of`.
    pub considered: bool,
    /// The clock in words: rule, pauses, deadlines, answer.
    pub clock: ClockExplanation,
}

/// A page of the referral list; `total` counts every page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReferralPage {
    /// T, in UTC with a `Z` suffix.
    pub as_of: String,
    /// Referrals matching the filters, over all pages: the figure the list stands for.
    pub total: u64,
    /// This page's number, from 1.
    pub page: u64,
    /// The number of pages (at least 1).
    pub pages: u64,
    /// Referrals per page (50).
    pub page_size: u64,
    /// The referrals of this page, the oldest effective deadline first.
    pub items: Vec<ReferralItem>,
    /// The next page's address, null on the last page (set by the API):
    /// follow it rather than counting pages, it carries this page's edge.
    #[serde(default)]
    pub next: Option<String>,
    /// The previous page's address, null on the first page (set by the API).
    #[serde(default)]
    pub prev: Option<String>,
}

impl ReferralPage {
    /// This page with its `next` and `prev` addresses at `base`.
    pub fn linked(self, f: &ReferralFilter, base: &str) -> Self {
        let (next, prev) = next_prev(self.page, self.pages, |to| self.page_link(f, base, to));
        ReferralPage { next, prev, ..self }
    }

    /// The address (at `base`, such as `/referrals`) of page `to` of the
    /// list `f`, with its edge (`url::edge_param`).
    pub fn page_link(&self, f: &ReferralFilter, base: &str, to: u64) -> String {
        let edge = edge_param(self.page, to, &self.items, |r| {
            format!("{}~{}~{}", r.body, r.demand, r.authority)
        });
        let q = [f.query(to)]
            .into_iter()
            .chain(edge)
            .filter(|p| !p.is_empty());
        match q.collect::<Vec<_>>().join("&") {
            q if q.is_empty() => base.to_string(),
            q => format!("{base}?{q}"),
        }
    }
}

/// The list page: a page of referrals and the filter form's choices
/// (key, name) of public bodies and of authorities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferralListView {
    pub page: ReferralPage,
    pub bodies: Vec<(String, String)>,
    pub authorities: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_as_of_first_and_skip_empty_filters() {
        let f = ReferralFilter {
            as_of: "2026-06-30".into(),
            authority: "inm".into(),
            overdue: "1".into(),
            ..Default::default()
        };
        assert_eq!(
            f.href(),
            "/referrals?as_of=2026-06-30&authority=inm&overdue=1"
        );
        assert_eq!(
            f.query(3),
            "as_of=2026-06-30&authority=inm&overdue=1&page=3"
        );
        assert_eq!(ReferralFilter::default().href(), "/referrals");
    }
}
