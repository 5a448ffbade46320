//! Following by e-mail, as the pages and the server share it: what can be
//! followed, how often its news are mailed, and what the page of one's
//! follows lists.
use serde::{Deserialize, Serialize};

/// What a follow follows: the same things that have a feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FollowKind {
    /// A council: its new demands, the answers to them, its meetings and minutes.
    Body,
    /// An authority: the demands addressed to it and its answers.
    Authority,
    /// One demand's thread.
    Demand,
    /// A saved search: the new demands of a demands list with its filters.
    Search,
    /// Everything public.
    Site,
}

impl FollowKind {
    pub const ALL: [FollowKind; 5] = [
        FollowKind::Body,
        FollowKind::Authority,
        FollowKind::Demand,
        FollowKind::Search,
        FollowKind::Site,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FollowKind::Body => "body",
            FollowKind::Authority => "authority",
            FollowKind::Demand => "demand",
            FollowKind::Search => "search",
            FollowKind::Site => "site",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The page a follow of this kind follows (a path on this site), from
    /// its stored target: the page the follow form names and the page of
    /// one's follows links to.
    pub fn page(self, target: &str) -> String {
        use crate::domain::url::encode_component;
        match self {
            FollowKind::Body => format!("/bodies/{}", encode_component(target)),
            FollowKind::Authority => format!("/authorities/{}", encode_component(target)),
            FollowKind::Demand => match target.split_once('/') {
                Some((b, d)) => format!(
                    "/bodies/{}/demands/{}",
                    encode_component(b),
                    encode_component(d)
                ),
                None => "/".into(),
            },
            FollowKind::Search => format!("/demands?{target}"),
            FollowKind::Site => "/".into(),
        }
    }
}

/// How often a follow's news are mailed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Frequency {
    /// Within minutes of each change.
    Immediate,
    /// One digest a day, when there is news.
    Daily,
    /// One digest a week, when there is news.
    Weekly,
}

impl Frequency {
    pub const ALL: [Frequency; 3] = [Frequency::Immediate, Frequency::Daily, Frequency::Weekly];

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Immediate => "immediate",
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// A stored frequency (the database only holds what `parse` accepted;
    /// daily, the form's default, should a row say anything else).
    pub fn stored(s: &str) -> Self {
        Self::parse(s).unwrap_or(Frequency::Daily)
    }
}

/// The address of the follow form for a target: the kind and the target
/// ride in the query, so a refused form renders the same page again.
pub fn follow_path(kind: FollowKind, target: &str) -> String {
    use crate::domain::url::encode_component;
    format!(
        "{}?kind={}&target={}",
        crate::routes::FOLLOW.path(&[]),
        kind.as_str(),
        encode_component(target)
    )
}

/// Something one may follow, as the follow page names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowTarget {
    pub kind: FollowKind,
    /// A key, `body/demand`, a search's query string, or empty (site).
    pub target: String,
    pub title: String,
    /// The page it follows (a path on this site).
    pub page: String,
}

/// One follow on the page of an address's follows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowRow {
    pub id: i64,
    pub kind: FollowKind,
    pub title: String,
    pub page: String,
    pub frequency: Frequency,
    /// False until confirmed from its mail.
    pub confirmed: bool,
}

/// The page of an address's follows, opened from any of its mails.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyFollows {
    pub email: String,
    pub rows: Vec<FollowRow>,
}

/// A follow as its confirmation and unsubscribe pages show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowView {
    pub title: String,
    pub page: String,
    pub frequency: Frequency,
    pub email: String,
    pub confirmed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_the_form_keeps_its_target() {
        for k in FollowKind::ALL {
            assert_eq!(FollowKind::parse(k.as_str()), Some(k));
        }
        for f in Frequency::ALL {
            assert_eq!(Frequency::parse(f.as_str()), Some(f));
        }
        assert_eq!(Frequency::parse("hourly"), None);
        assert_eq!(
            follow_path(FollowKind::Search, "q=visa humanitaria&topic=health"),
            "/follow?kind=search&target=q%3Dvisa%20humanitaria%26topic%3Dhealth"
        );
    }
}
