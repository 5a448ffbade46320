//! SeaORM entities for Voces: one module per database table.
//!
//! Enumerated values (levels, roles, event kinds, …) are stored as plain
//! strings; the database constrains them with CHECK constraints (see the
//! `migration` crate) and the application maps them to its domain enums.

pub mod prelude;

/// `impl Related<Target> for Entity` through one of the entity's
/// `Relation` variants, for each `Target => Variant` pair: the same three
/// lines for every relation, written once.
#[macro_export]
macro_rules! related {
    ($($target:path => $variant:ident),+ $(,)?) => {
        $(
            impl Related<$target> for Entity {
                fn to() -> RelationDef {
                    Relation::$variant.def()
                }
            }
        )+
    };
}

pub mod account;
pub mod assessment;
pub mod attendance;
pub mod audit_log;
pub mod authority;
pub mod authority_holiday;
pub mod body;
pub mod body_group;
pub mod body_region;
pub mod data_request;
pub mod demand;
pub mod follow;
pub mod follow_address;
pub mod follow_request;
pub mod invitation;
pub mod login_attempt;
pub mod mail_outbox;
pub mod meeting;
pub mod member;
pub mod referral;
pub mod referral_event;
pub mod role_assignment;
pub mod session;
