//! Entities under their table-ish names: `use entity::prelude::*;`.

pub use super::account::Entity as Account;
pub use super::assessment::Entity as Assessment;
pub use super::attendance::Entity as Attendance;
pub use super::audit_log::Entity as AuditLog;
pub use super::authority::Entity as Authority;
pub use super::authority_holiday::Entity as AuthorityHoliday;
pub use super::body::Entity as Body;
pub use super::body_group::Entity as BodyGroup;
pub use super::body_region::Entity as BodyRegion;
pub use super::demand::Entity as Demand;
pub use super::follow::Entity as Follow;
pub use super::follow_address::Entity as FollowAddress;
pub use super::follow_request::Entity as FollowRequest;
pub use super::invitation::Entity as Invitation;
pub use super::login_attempt::Entity as LoginAttempt;
pub use super::mail_outbox::Entity as MailOutbox;
pub use super::meeting::Entity as Meeting;
pub use super::member::Entity as Member;
pub use super::referral::Entity as Referral;
pub use super::referral_event::Entity as ReferralEvent;
pub use super::role_assignment::Entity as RoleAssignment;
pub use super::session::Entity as Session;
