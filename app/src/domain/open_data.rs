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
    pub key: String,
    pub name: String,
    pub level: BodyLevel,
    pub jurisdiction: String,
    /// IANA time zone.
    pub timezone: String,
    pub groups_served: Vec<MigrantGroup>,
    /// Expected regions.
    pub regions: Vec<String>,
    pub seats: Option<i32>,
    pub meetings_per_year: Option<i32>,
    pub quorum_percent: i32,
    /// Overrides the authorities' deadlines for this body's referrals.
    pub response_days: Option<i32>,
}

/// An authority that receives referrals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiAuthority {
    pub key: String,
    pub name: String,
    pub acronym: Option<String>,
    pub level: AuthorityLevel,
    pub response_days: i32,
    pub day_kind: DayKind,
    /// YYYY-MM-DD, skipped when counting business days.
    pub holidays: Vec<String>,
}

/// One referral of a demand, as the clock reads it at the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiReferral {
    pub authority: String,
    pub status: ReferralStatus,
    pub paused: bool,
    pub overdue: bool,
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
    pub body: String,
    pub key: String,
    pub title: String,
    pub topic: Topic,
    pub submitted_at: String,
    pub confidential: bool,
    pub referrals: Vec<ApiReferral>,
}

/// A page of demands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiDemandPage {
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub page_size: u64,
    pub items: Vec<ApiDemandRow>,
}

/// An answer event or a verdict of a referral's thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiEntry {
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
    pub body: String,
    pub key: String,
    pub title: String,
    pub topic: Topic,
    pub submitted_at: String,
    pub confidential: bool,
    /// Sanitized HTML of the text; null when withheld.
    pub text_html: Option<String>,
    /// True when the text and every thread entry's text and evidence are
    /// withheld from this reader (a confidential demand read by the public).
    pub withheld: bool,
    pub withdrawn_at: Option<String>,
    /// Key of the meeting that adopted it.
    pub meeting: Option<String>,
    pub referrals: Vec<ApiReferralThread>,
}

/// A refused request: what was wrong and, for a parameter, which one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub error: ApiErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ApiErrorDetail {
    /// `invalid_parameter`, `not_found` or `internal`.
    pub code: String,
    pub message: String,
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
    pub organizations: Vec<PopoloOrganization>,
    pub persons: Vec<PopoloPerson>,
    pub memberships: Vec<PopoloMembership>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PopoloOrganization {
    pub id: String,
    pub name: String,
    pub classification: String,
    pub area_id: String,
    pub area: PopoloArea,
}

/// The jurisdiction the body serves, as a Popolo area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PopoloArea {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PopoloPerson {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PopoloMembership {
    pub id: String,
    pub person_id: String,
    pub organization_id: String,
    pub role: MemberRole,
    pub start_date: String,
    /// The term's end, or the withdrawal date when earlier.
    pub end_date: Option<String>,
}
