//! What a reader may see of a demand: the one place that decides it.
//!
//! A confidential demand's text **and its whole thread** — every event's
//! text and evidence link, clarification questions and replies, verdict
//! notes — are read only by the body (its people with accounts), the
//! officials of the authorities it is addressed to, and administrators
//! (access.md). Everyone else sees that it exists, its title, topic, body,
//! authorities, statuses and dates.
//!
//! Every reader of demand text goes through a [`DemandSight`]: the demand
//! page and the open-data API (`services::demands::view`), and with them
//! every download, feed or search result built on them. Texts leave the
//! database only as `sight.text(..)` / `sight.evidence(..)`, so a new page
//! that forgets to ask gets nothing rather than everything; the leak test
//! (`server/tests/confidential.rs`) crawls every route to hold that.
use crate::server::authz::{may, Actor, DemandRef, Grant};
use crate::server::markdown;

/// How much of one demand a reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemandSight {
    /// Text and thread: a public demand, or an allowed reader.
    Whole,
    /// Existence, title, topic, body, authorities, statuses and dates.
    Outline,
}

impl DemandSight {
    /// The sight of `who` on a demand of `body_id` addressed to the
    /// authorities `addressed_to`.
    pub fn of(who: Option<&Actor>, confidential: bool, body_id: i64, addressed_to: &[i64]) -> Self {
        let allowed = !confidential
            || may::read_confidential_text(
                who,
                &DemandRef {
                    body_id,
                    submitted_by: None,
                    addressed_to,
                },
            );
        if allowed {
            DemandSight::Whole
        } else {
            DemandSight::Outline
        }
    }

    /// Whether texts are withheld from this reader.
    pub fn withheld(self) -> bool {
        self == DemandSight::Outline
    }

    /// A demand's text or a thread entry's text (an event's text, a
    /// clarification, a verdict note) as sanitized HTML; `None` when it is
    /// empty or withheld.
    pub fn text(self, markdown_text: &str) -> Option<String> {
        if self.withheld() || markdown_text.trim().is_empty() {
            return None;
        }
        Some(markdown::to_html(markdown_text))
    }

    /// An event's evidence link, when it is a web address and not withheld.
    pub fn evidence(self, url: Option<String>) -> Option<String> {
        if self.withheld() {
            return None;
        }
        url.filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    }
}

/// The confidential demands a reader may read whole, as a query needs it
/// to choose among many at once (site search): the same rule as
/// [`DemandSight::of`] — administrators; the body's people; the officials
/// of an authority the demand is addressed to — which the search checks
/// again on every result it shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConfidentialScope {
    /// Every confidential demand (administrators).
    pub all: bool,
    /// Those of these bodies.
    pub bodies: Vec<i64>,
    /// Those addressed to these authorities.
    pub authorities: Vec<i64>,
}

impl ConfidentialScope {
    pub fn of(who: Option<&Actor>) -> Self {
        let Some(a) = who else {
            return ConfidentialScope::default();
        };
        let mut bodies = Vec::new();
        let mut authorities = Vec::new();
        for g in &a.grants {
            match *g {
                Grant::Chair { body }
                | Grant::Secretary { body }
                | Grant::Representative { body, .. } => {
                    if a.belongs_to(body) && !bodies.contains(&body) {
                        bodies.push(body);
                    }
                }
                Grant::Official { authority } => {
                    if a.official_of(authority) && !authorities.contains(&authority) {
                        authorities.push(authority);
                    }
                }
            }
        }
        ConfidentialScope {
            all: a.admin,
            bodies,
            authorities,
        }
    }

    /// Whether this reader reads no confidential demand at all.
    pub fn none(&self) -> bool {
        !self.all && self.bodies.is_empty() && self.authorities.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::authz::Grant;

    fn actor(grants: Vec<Grant>) -> Actor {
        Actor {
            account_id: 1,
            admin: false,
            grants,
        }
    }

    #[test]
    fn confidential_texts_reach_only_the_body_the_addressed_and_admins() {
        let secret = "**Apellido** y cita 123";
        let public = DemandSight::of(None, true, 7, &[3]);
        assert_eq!(public.text(secret), None);
        assert_eq!(public.evidence(Some("https://x.org/a".into())), None);

        let other_official = actor(vec![Grant::Official { authority: 4 }]);
        assert!(DemandSight::of(Some(&other_official), true, 7, &[3]).withheld());
        let other_body = actor(vec![Grant::Representative { body: 8, member: 1 }]);
        assert!(DemandSight::of(Some(&other_body), true, 7, &[3]).withheld());

        for allowed in [
            actor(vec![Grant::Official { authority: 3 }]),
            actor(vec![Grant::Representative { body: 7, member: 1 }]),
            actor(vec![Grant::Secretary { body: 7 }]),
            Actor {
                account_id: 1,
                admin: true,
                grants: vec![],
            },
        ] {
            let s = DemandSight::of(Some(&allowed), true, 7, &[3]);
            assert!(s.text(secret).is_some_and(|h| h.contains("cita 123")));
            assert_eq!(
                s.evidence(Some("https://x.org/a".into())).as_deref(),
                Some("https://x.org/a")
            );
        }
        // A public demand is whole for everyone.
        assert!(!DemandSight::of(None, false, 7, &[3]).withheld());
        assert_eq!(
            DemandSight::of(None, false, 7, &[3]).evidence(Some("javascript:alert(1)".into())),
            None
        );
    }
}
