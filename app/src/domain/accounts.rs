//! What pages show about accounts, roles, invitations and the audit log.
use serde::{Deserialize, Serialize};

/// The signed-in person, for the header and the account page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub locale: String,
    pub admin: bool,
    pub roles: Vec<RoleView>,
}

/// One role held, with what it applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleView {
    pub id: i64,
    /// admin | chair | secretary | representative | official
    pub role: String,
    /// The body or authority name, and for representatives the seat.
    pub scope: Option<String>,
    pub scope_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub disabled: bool,
    /// RFC 3339, UTC.
    pub last_login_at: Option<String>,
    pub roles: Vec<RoleView>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Expired,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationRow {
    pub id: i64,
    pub email: String,
    pub role: Option<String>,
    pub scope: Option<String>,
    pub invited_by: Option<String>,
    pub created_at: String,
    pub expires_at: String,
    pub status: InvitationStatus,
}

/// A key and a name, for choosing a body or an authority in a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub key: String,
    pub name: String,
}

/// What the administration pages need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOverview {
    pub accounts: Vec<AccountRow>,
    pub invitations: Vec<InvitationRow>,
    pub bodies: Vec<Choice>,
    pub authorities: Vec<Choice>,
    /// Bodies that are not public: listed nowhere else, so here, with the
    /// links to their page and settings.
    #[serde(default)]
    pub hidden_bodies: Vec<Choice>,
}

/// An invitation or reset link as its page sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    pub email: String,
    /// Suggested name (the seat's name when the invitation is for a member).
    pub name: Option<String>,
    /// Still usable: not expired and not used.
    pub valid: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub account: Option<String>,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub action: Option<String>,
    /// Account e-mail.
    pub account: Option<String>,
    /// YYYY-MM-DD, inclusive, UTC.
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    pub entities: Vec<String>,
}

/// A seat as the body's secretaries see it (e-mails included: never public).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedMember {
    pub key: String,
    /// YYYY-MM-DD.
    pub term_start: String,
    pub term_end: Option<String>,
    pub withdrawn_on: Option<String>,
    /// The term has not begun yet (a renewal, a new member).
    pub upcoming: bool,
    pub name: String,
    /// chair | secretary | representative | alternate
    pub role: String,
    pub email: Option<String>,
    pub active: bool,
    /// The account linked to the seat, if one accepted an invitation.
    pub account: Option<String>,
    /// An invitation sent and still pending.
    pub invited: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedRoster {
    pub body_key: String,
    pub body_name: String,
    pub members: Vec<ManagedMember>,
    pub seats: Option<i32>,
    /// Seat holders today (metrics.md).
    pub seat_holders: u32,
    /// Seat holders whose term ends within 90 days: (name, key, term_end).
    pub expiring: Vec<(String, String, String)>,
}

/// A seat linked to the signed-in account, as its holder sees it: every
/// field, and whether the public sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyMemberRecord {
    pub body_key: String,
    pub body_name: String,
    pub member_key: String,
    pub name: String,
    /// The holder's consent to show the name publicly.
    pub public: bool,
    pub email: Option<String>,
    pub role: String,
    pub gender: String,
    pub migrant_group: String,
    pub region: Option<String>,
    pub country: Option<String>,
    pub term_start: String,
    pub term_end: Option<String>,
    pub withdrawn_on: Option<String>,
}

/// A request about personal data (ARCO): rectification, cancellation or
/// opposition, and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataRequestView {
    pub id: i64,
    /// rectification | cancellation | opposition
    pub kind: String,
    pub text: String,
    /// open | done | refused
    pub state: String,
    pub created_at: String,
    pub resolved_at: Option<String>,
    pub response: Option<String>,
    /// The council and the seat it is about, if any.
    pub body_name: Option<String>,
    pub member_name: Option<String>,
    /// Who filed it (for those who answer it).
    pub requester: String,
    pub requester_email: String,
}
