//! Writing demands and their threads: a representative (or the body's
//! secretary, chair, an administrator) submits a demand to one or more
//! authorities; officials acknowledge, ask for a clarification and answer;
//! the body clarifies and gives its verdict. Events and verdicts are
//! append-only. Each change is audited and notifies by mail, in the same
//! transaction, through the outbox.
//!
//! By task: `submit`, `thread` (events and verdicts), `edit` (edit,
//! withdraw, confidentiality), `people` (who is told, and the link).
use super::clock;
use crate::domain::enums::{EventKind, Topic, Verdict};
use crate::domain::forms::{FieldError, Review, Told};
use crate::server::authz::{check, may, Actor, Grant};
use crate::server::error::ServiceError;
use crate::server::markdown;
use crate::server::services::accounts::{check_text, SiteUrl};
use crate::server::services::audit::{self, Change};
use crate::server::services::mail::outbox;
use crate::server::services::mail::templates;
use crate::server::time;
use chrono::{DateTime, Utc};
use entity::{
    account, assessment, authority, body, demand, meeting, member, referral, referral_event,
    role_assignment,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};
mod edit;
mod people;
mod submit;
mod thread;

pub use edit::*;
use people::*;
pub use submit::*;
pub use thread::*;
