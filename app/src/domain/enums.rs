//! The enumerations of the data model, spelled exactly as in `dataset.md`.
//! They travel as these strings in JSON, in the database (CHECK-constrained
//! columns) and in URLs, so the spelling is the contract.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Error for a value that is not one of an enumeration's spellings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVariant {
    pub value: String,
    pub allowed: &'static [&'static str],
}

impl fmt::Display for UnknownVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not one of {}",
            self.value,
            self.allowed.join(", ")
        )
    }
}

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        // By hand: the derive does not see serde renames made by a macro.
        #[cfg(feature = "ssr")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some(Self::NAMES.iter().copied()))
                    .into()
            }
        }

        #[cfg(feature = "ssr")]
        impl utoipa::ToSchema for $name {}

        impl FromStr for $name {
            type Err = UnknownVariant;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownVariant { value: s.to_string(), allowed: Self::NAMES }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(
    /// Government level of an authority.
    AuthorityLevel {
        Federal => "federal",
        State => "state",
        Municipal => "municipal",
        Consular => "consular",
        International => "international",
    }
);

string_enum!(
    /// How an authority's answer deadline is counted.
    DayKind { Calendar => "calendar", Business => "business" }
);

string_enum!(
    /// Level of a consultative body.
    BodyLevel {
        National => "national",
        State => "state",
        Municipal => "municipal",
        Consular => "consular",
        Transnational => "transnational",
    }
);

string_enum!(
    MigrantGroup {
        Immigrant => "immigrant",
        Emigrant => "emigrant",
        Transit => "transit",
        Returnee => "returnee",
        Refugee => "refugee",
        Other => "other",
    }
);

string_enum!(
    /// Seat role of a member.
    MemberRole {
        Chair => "chair",
        Secretary => "secretary",
        Representative => "representative",
        Alternate => "alternate",
    }
);

string_enum!(
    Gender {
        Woman => "woman",
        Man => "man",
        NonBinary => "non_binary",
        Other => "other",
        Undisclosed => "undisclosed",
    }
);

string_enum!(
    MeetingKind { Ordinary => "ordinary", Extraordinary => "extraordinary" }
);

string_enum!(
    MeetingStatus { Scheduled => "scheduled", Held => "held", Cancelled => "cancelled" }
);

string_enum!(
    AttendanceStatus {
        Present => "present",
        Remote => "remote",
        Excused => "excused",
        Absent => "absent",
    }
);

string_enum!(
    Topic {
        Documentation => "documentation",
        Asylum => "asylum",
        Detention => "detention",
        Labor => "labor",
        Health => "health",
        Education => "education",
        Housing => "housing",
        Security => "security",
        Family => "family",
        Consular => "consular",
        Integration => "integration",
        Discrimination => "discrimination",
        PoliticalRights => "political_rights",
        Other => "other",
    }
);

string_enum!(
    /// Kinds of entries in a referral's thread.
    EventKind {
        Acknowledged => "acknowledged",
        ClarificationRequested => "clarification_requested",
        ClarificationProvided => "clarification_provided",
        Accepted => "accepted",
        PartiallyAccepted => "partially_accepted",
        Rejected => "rejected",
        Implemented => "implemented",
    }
);

impl EventKind {
    /// Substantive events are answers; they set a referral's status.
    pub fn is_substantive(self) -> bool {
        matches!(
            self,
            EventKind::Accepted
                | EventKind::PartiallyAccepted
                | EventKind::Rejected
                | EventKind::Implemented
        )
    }
}

string_enum!(
    Verdict {
        Satisfied => "satisfied",
        PartiallySatisfied => "partially_satisfied",
        Unsatisfied => "unsatisfied",
    }
);

string_enum!(
    /// Status of a referral at an instant (metrics.md).
    ReferralStatus {
        Awaiting => "awaiting",
        AwaitingClarification => "awaiting_clarification",
        Accepted => "accepted",
        PartiallyAccepted => "partially_accepted",
        Rejected => "rejected",
        Implemented => "implemented",
    }
);

impl ReferralStatus {
    /// The statuses `acceptance_rate` counts (metrics.md).
    pub fn is_accepting(self) -> bool {
        matches!(
            self,
            ReferralStatus::Accepted
                | ReferralStatus::PartiallyAccepted
                | ReferralStatus::Implemented
        )
    }
}

string_enum!(
    /// Roles an account can hold (access.md).
    Role {
        Admin => "admin",
        Chair => "chair",
        Secretary => "secretary",
        Representative => "representative",
        Official => "official",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip() {
        for t in Topic::ALL {
            assert_eq!(t.as_str().parse::<Topic>(), Ok(*t));
            assert_eq!(
                serde_json::to_string(t).unwrap(),
                format!("\"{}\"", t.as_str())
            );
        }
        assert_eq!(Gender::NonBinary.as_str(), "non_binary");
        assert!("galactic".parse::<BodyLevel>().is_err());
    }

    #[test]
    fn substantive_kinds() {
        let subs: Vec<_> = EventKind::ALL
            .iter()
            .filter(|k| k.is_substantive())
            .collect();
        assert_eq!(subs.len(), 4);
    }
}
