//! Who may do what: the rules of `spec/access.md`, decided here and only
//! here. Services call these before they read or change anything, so a
//! hidden button is never the only check.
//!
//! A request without a session is refused with `Unauthorized` (401), a
//! signed-in account without the right with `Forbidden` (403).
use crate::domain::metrics::members::is_active;
use crate::server::error::ServiceError;
use crate::server::time;
use chrono::{DateTime, Utc};
use entity::{account, body, member, role_assignment};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// One right held by an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    Chair {
        body: i64,
    },
    Secretary {
        body: i64,
    },
    /// Through the seat (`member`) linked to the account; only while the
    /// member is active.
    Representative {
        body: i64,
        member: i64,
    },
    Official {
        authority: i64,
    },
}

/// A signed-in account and its rights, loaded once per request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub account_id: i64,
    pub admin: bool,
    pub grants: Vec<Grant>,
}

impl Actor {
    /// Secretary or chair of the body.
    pub fn manages(&self, body_id: i64) -> bool {
        self.grants.iter().any(
            |g| matches!(g, Grant::Chair { body } | Grant::Secretary { body } if *body == body_id),
        )
    }

    /// Representative of the body through an active seat.
    pub fn represents(&self, body_id: i64) -> bool {
        self.grants
            .iter()
            .any(|g| matches!(g, Grant::Representative { body, .. } if *body == body_id))
    }

    pub fn official_of(&self, authority_id: i64) -> bool {
        self.grants
            .iter()
            .any(|g| matches!(g, Grant::Official { authority } if *authority == authority_id))
    }

    /// The body's people: representatives, secretaries and chairs.
    pub fn belongs_to(&self, body_id: i64) -> bool {
        self.manages(body_id) || self.represents(body_id)
    }
}

/// What a demand looks like to the rules.
#[derive(Debug, Clone)]
pub struct DemandRef<'a> {
    pub body_id: i64,
    pub submitted_by: Option<i64>,
    pub addressed_to: &'a [i64],
}

/// Which data an export covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportRef {
    All,
    Body(i64),
}

/// Every row of access.md as a question with a yes/no answer. `None` is the
/// public (no session).
pub mod may {
    use super::*;

    /// Public pages, dashboards and open data of public bodies: everyone.
    pub fn read_public(_who: Option<&Actor>) -> bool {
        true
    }

    /// A body's page, calendar and demands: a public body for everyone, a
    /// non-public one for its people and administrators.
    pub fn see_body(who: Option<&Actor>, public: bool, body_id: i64) -> bool {
        public || who.is_some_and(|a| a.admin || a.belongs_to(body_id))
    }

    /// One demand: whoever sees its body, and the officials it is
    /// addressed to, whatever the body's visibility (their inbox lists it).
    pub fn see_demand(who: Option<&Actor>, public_body: bool, d: &DemandRef) -> bool {
        see_body(who, public_body, d.body_id) || read_confidential_text(who, d)
    }

    pub fn read_confidential_text(who: Option<&Actor>, d: &DemandRef) -> bool {
        who.is_some_and(|a| {
            a.admin || a.belongs_to(d.body_id) || d.addressed_to.iter().any(|au| a.official_of(*au))
        })
    }

    /// Member e-mails, non-public names, personal attributes per member.
    pub fn see_member_details(who: Option<&Actor>, body_id: i64) -> bool {
        who.is_some_and(|a| a.admin || a.manages(body_id))
    }

    pub fn submit_demand(who: Option<&Actor>, body_id: i64) -> bool {
        who.is_some_and(|a| a.admin || a.belongs_to(body_id))
    }

    /// Before the first answer; "own only" for representatives.
    pub fn edit_demand(who: Option<&Actor>, d: &DemandRef) -> bool {
        who.is_some_and(|a| {
            a.admin
                || a.manages(d.body_id)
                || (a.represents(d.body_id) && d.submitted_by == Some(a.account_id))
        })
    }

    /// A `clarification_provided` event or a verdict on a referral of the body.
    pub fn respond_as_body(who: Option<&Actor>, body_id: i64) -> bool {
        who.is_some_and(|a| a.admin || a.belongs_to(body_id))
    }

    /// Acknowledge, request clarification, answer a referral to the authority.
    pub fn answer_referral(who: Option<&Actor>, authority_id: i64) -> bool {
        who.is_some_and(|a| a.admin || a.official_of(authority_id))
    }

    /// The body's own records not yet public (minutes before publication):
    /// the body's people and administrators.
    pub fn read_body_records(who: Option<&Actor>, body_id: i64) -> bool {
        who.is_some_and(|a| a.admin || a.belongs_to(body_id))
    }

    /// Roster, meetings, attendance, agenda, minutes, settings of the body.
    pub fn manage_body(who: Option<&Actor>, body_id: i64) -> bool {
        who.is_some_and(|a| a.admin || a.manages(body_id))
    }

    /// Create bodies and authorities, invite anyone, assign roles, audit log.
    pub fn administer(who: Option<&Actor>) -> bool {
        who.is_some_and(|a| a.admin)
    }

    /// Invite a member of the body to an account (access.md: "an
    /// administrator or a body's secretary invites by e-mail").
    pub fn invite_member(who: Option<&Actor>, body_id: i64) -> bool {
        manage_body(who, body_id)
    }

    pub fn import_dataset(who: Option<&Actor>) -> bool {
        administer(who)
    }

    pub fn export_dataset(who: Option<&Actor>, scope: ExportRef) -> bool {
        who.is_some_and(|a| {
            a.admin
                || match scope {
                    ExportRef::All => false,
                    ExportRef::Body(b) => a.manages(b),
                }
        })
    }
}

/// Turns a rule's answer into the error a refused request gets.
pub fn check(who: Option<&Actor>, allowed: bool) -> Result<(), ServiceError> {
    match (allowed, who) {
        (true, _) => Ok(()),
        (false, None) => Err(ServiceError::Unauthorized),
        (false, Some(_)) => Err(ServiceError::Forbidden),
    }
}

/// Loads the account's rights as of `now`. A disabled or unknown account
/// is no actor at all.
#[tracing::instrument(skip(db))]
pub async fn load_actor<C: ConnectionTrait>(
    db: &C,
    account_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<Actor>, ServiceError> {
    let Some(acc) = account::Entity::find_by_id(account_id).one(db).await? else {
        return Ok(None);
    };
    if acc.disabled {
        return Ok(None);
    }
    let rows = role_assignment::Entity::find()
        .filter(role_assignment::Column::AccountId.eq(account_id))
        .all(db)
        .await?;
    let member_ids: Vec<i64> = rows.iter().filter_map(|r| r.member_id).collect();
    let members = if member_ids.is_empty() {
        Vec::new()
    } else {
        member::Entity::find()
            .filter(member::Column::Id.is_in(member_ids))
            .find_also_related(body::Entity)
            .all(db)
            .await?
    };
    let mut actor = Actor {
        account_id,
        admin: false,
        grants: Vec::new(),
    };
    for r in rows {
        match (r.role.as_str(), r.body_id, r.authority_id) {
            ("admin", _, _) => actor.admin = true,
            ("chair", Some(body), _) => actor.grants.push(Grant::Chair { body }),
            ("secretary", Some(body), _) => actor.grants.push(Grant::Secretary { body }),
            ("official", _, Some(authority)) => actor.grants.push(Grant::Official { authority }),
            ("representative", Some(body), _) => {
                let active = members.iter().any(|(m, b)| {
                    Some(m.id) == r.member_id
                        && m.body_id == body
                        && b.as_ref().is_some_and(|b| {
                            let today = time::local_date(now, time::zone(&b.timezone));
                            is_active(m.term_start, m.term_end, m.withdrawn_on, today)
                        })
                });
                if let (true, Some(member)) = (active, r.member_id) {
                    actor.grants.push(Grant::Representative { body, member });
                }
            }
            _ => tracing::warn!(id = r.id, "role assignment without its scope ignored"),
        }
    }
    Ok(Some(actor))
}

/// The body called `key`, for someone who may manage it (its secretaries and
/// chairs, administrators): refused as [`check`] refuses, and a body that
/// does not exist is "not found" only to someone signed in.
pub async fn managed_body<C: ConnectionTrait>(
    db: &C,
    who: Option<&Actor>,
    key: &str,
) -> Result<entity::body::Model, ServiceError> {
    match crate::server::services::bodies::find_by_key(db, key).await? {
        Some(b) => {
            check(who, may::manage_body(who, b.id))?;
            Ok(b)
        }
        None => {
            check(who, false)?;
            Err(ServiceError::NotFound)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(admin: bool, grants: &[Grant]) -> Actor {
        Actor {
            account_id: 7,
            admin,
            grants: grants.to_vec(),
        }
    }

    #[test]
    fn refusals_distinguish_no_session_from_no_right() {
        assert!(matches!(
            check(None, false),
            Err(ServiceError::Unauthorized)
        ));
        let a = actor(false, &[]);
        assert!(matches!(
            check(Some(&a), false),
            Err(ServiceError::Forbidden)
        ));
        assert!(check(None, true).is_ok());
    }

    #[test]
    fn representatives_edit_their_own_demands_only() {
        let rep = actor(
            false,
            &[Grant::Representative {
                body: 1,
                member: 10,
            }],
        );
        let own = DemandRef {
            body_id: 1,
            submitted_by: Some(7),
            addressed_to: &[3],
        };
        let other = DemandRef {
            submitted_by: Some(8),
            ..own.clone()
        };
        assert!(may::edit_demand(Some(&rep), &own));
        assert!(!may::edit_demand(Some(&rep), &other));
        let sec = actor(false, &[Grant::Secretary { body: 1 }]);
        assert!(may::edit_demand(Some(&sec), &other));
    }
}
