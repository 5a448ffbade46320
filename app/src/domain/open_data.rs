//! What the open-data API (`/api/v1`) returns besides the figures of
//! `metrics::report`: bodies, authorities, demands, rosters as Popolo, and
//! its errors. Stable field names: journalists script against them.
use super::enums::{
    AuthorityLevel, BodyLevel, DayKind, MemberRole, MigrantGroup, ReferralStatus, Topic,
};
use serde::{Deserialize, Serialize};

/// A public body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiBody {
    /// Stable identifier, as in `/api/v1/bodies/{key}`.
    pub key: String,
    /// The body's name.
    pub name: String,
    /// The body's level.
    pub level: BodyLevel,
    /// The jurisdiction it serves.
    pub jurisdiction: String,
    /// IANA time zone.
    pub timezone: String,
    /// Migrant groups it serves (the denominator of `group_coverage`).
    pub groups_served: Vec<MigrantGroup>,
    /// Expected regions.
    pub regions: Vec<String>,
    /// Nominal seat count; null when not set.
    pub seats: Option<i32>,
    /// Ordinary meetings a year its mandate sets (for `meeting_regularity`); null when not set.
    pub meetings_per_year: Option<i32>,
    /// Percent of seat holders who must attend (present or remote) for quorum.
    pub quorum_percent: i32,
    /// Overrides the authorities' deadlines for this body's referrals.
    pub response_days: Option<i32>,
}

/// An authority that receives referrals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiAuthority {
    /// Stable identifier, as in `/api/v1/authorities/{key}`.
    pub key: String,
    /// The authority's name.
    pub name: String,
    /// Its usual acronym; null when none.
    pub acronym: Option<String>,
    /// The level of government.
    pub level: AuthorityLevel,
    /// N: days it has to answer a referral, unless the body sets its own `response_days`.
    pub response_days: i32,
    /// How the N days are counted: `calendar` or `business` (weekdays not in `holidays`).
    pub day_kind: DayKind,
    /// YYYY-MM-DD, skipped when counting business days.
    pub holidays: Vec<String>,
}

/// One referral of a demand, as the clock reads it at the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiReferral {
    /// The authority's key.
    pub authority: String,
    /// The status now (metrics.md).
    pub status: ReferralStatus,
    /// An open clarification request pauses the clock: neither due nor overdue.
    pub paused: bool,
    /// Due (not paused, effective deadline reached) and not answered.
    pub overdue: bool,
    /// Has a substantive answer (accepted, partially_accepted, rejected or implemented).
    pub answered: bool,
    /// Null until answered.
    pub on_time: Option<bool>,
    /// RFC 3339 in the body's time zone.
    pub effective_deadline: String,
}

/// A line of the demand list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiDemandRow {
    /// The body's key.
    pub body: String,
    /// The demand's key within the body.
    pub key: String,
    /// The title; public even on a confidential demand.
    pub title: String,
    /// The demand's topic.
    pub topic: Topic,
    /// Submission time, RFC 3339 in the body's time zone; the clocks start here.
    pub submitted_at: String,
    /// Its text and threads are withheld from the public.
    pub confidential: bool,
    /// One per authority addressed, as the clock reads it now.
    pub referrals: Vec<ApiReferral>,
}

/// A page of demands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiDemandPage {
    /// Demands matching the filters, over all pages; with words (`q`),
    /// counted up to 1,000 (see `more`).
    pub total: u64,
    /// True when more than `total` demands matched the words: the count,
    /// and the pages, stop at 1,000 (narrow the search to see the rest).
    pub more: bool,
    /// This page's number, from 1.
    pub page: u64,
    /// The number of pages (at least 1).
    pub pages: u64,
    /// Demands per page (25).
    pub page_size: u64,
    /// The demands of this page.
    pub items: Vec<ApiDemandRow>,
    /// The next (older) page's address, null on the last page; follow it
    /// rather than counting pages: it carries this page's edge.
    pub next: Option<String>,
    /// The previous (newer) page's address, null on the first page.
    pub prev: Option<String>,
}

/// An answer event or a verdict of a referral's thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiEntry {
    /// When it happened, RFC 3339 in the body's time zone.
    pub at: String,
    /// An event kind (`acknowledged`, …, `implemented`) or, for a verdict,
    /// `verdict`.
    pub kind: String,
    /// The verdict (`satisfied`, `partially_satisfied`, `unsatisfied`).
    pub verdict: Option<String>,
    /// Sanitized HTML of the text; null when withheld (confidential).
    pub text_html: Option<String>,
    /// A web address; null when withheld (confidential).
    pub evidence_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiReferralThread {
    #[serde(flatten)]
    pub referral: ApiReferral,
    pub authority_name: String,
    pub thread: Vec<ApiEntry>,
}

/// One demand with its referrals and their threads. A confidential
/// demand's text and its whole thread (texts, evidence, verdict notes) are
/// withheld (null) from the public.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiDemand {
    /// The body's key.
    pub body: String,
    /// The demand's key within the body.
    pub key: String,
    /// The title; public even on a confidential demand.
    pub title: String,
    /// The demand's topic.
    pub topic: Topic,
    /// Submission time, RFC 3339 in the body's time zone; the clocks start here.
    pub submitted_at: String,
    /// Its text and threads are withheld from the public.
    pub confidential: bool,
    /// Sanitized HTML of the text; null when withheld.
    pub text_html: Option<String>,
    /// True when the text and every thread entry's text and evidence are
    /// withheld from this reader (a confidential demand read by the public).
    pub withheld: bool,
    /// When the body withdrew it, RFC 3339 in the body's time zone; null if not withdrawn.
    pub withdrawn_at: Option<String>,
    /// Key of the meeting that adopted it.
    pub meeting: Option<String>,
    /// One per authority addressed, with the clock now and its thread.
    pub referrals: Vec<ApiReferralThread>,
}

/// A refused request: what was wrong and, for a parameter, which one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiError {
    /// What was refused and why.
    pub error: ApiErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiErrorDetail {
    /// `invalid_parameter`, `not_found` or `internal`.
    pub code: String,
    /// A human-readable explanation, in English.
    pub message: String,
    /// The parameter at fault for `invalid_parameter` (empty when none in particular); else null.
    pub parameter: Option<String>,
}

/// A roster as Popolo JSON (popoloproject.com): the body as an
/// organization, the members who made their names public as persons (one
/// person however many times their term was renewed), and their memberships
/// — one per term — with start and end dates. Nothing personal beyond the
/// name and role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Popolo {
    /// The body, as the only organization.
    pub organizations: Vec<PopoloOrganization>,
    /// Members who made their names public, one per person across renewed terms.
    pub persons: Vec<PopoloPerson>,
    /// One per term of each person.
    pub memberships: Vec<PopoloMembership>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PopoloOrganization {
    /// `body/{key}`.
    pub id: String,
    /// The body's name.
    pub name: String,
    /// The body's level (`national`, `state`, `municipal`, `consular`, `transnational`).
    pub classification: String,
    /// The id of `area`: `body/{key}/area`.
    pub area_id: String,
    /// The jurisdiction the body serves.
    pub area: PopoloArea,
}

/// The jurisdiction the body serves, as a Popolo area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PopoloArea {
    /// `body/{key}/area`.
    pub id: String,
    /// The body's jurisdiction.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PopoloPerson {
    /// `body/{key}/person/{member key}`, the same across renewed terms.
    pub id: String,
    /// The public name, as on the latest term.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PopoloMembership {
    /// `body/{key}/membership/{member key}`: one per term.
    pub id: String,
    /// The id of the person.
    pub person_id: String,
    /// The id of the body's organization.
    pub organization_id: String,
    /// The seat role in this term.
    pub role: MemberRole,
    /// The term's start, YYYY-MM-DD.
    pub start_date: String,
    /// The term's end, or the withdrawal date when earlier.
    pub end_date: Option<String>,
}
