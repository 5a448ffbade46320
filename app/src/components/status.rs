//! A referral's status as people read it: its own colour (`.status.s-…`
//! in `style/main.css`), a sign that tells it apart without colour, and its
//! name. A
//! contested "implemented" reads "contested"; an overdue one is marked.
use crate::components::labels;
use crate::domain::enums::ReferralStatus;
use crate::i18n::*;
use leptos::prelude::*;

/// What the badge shows of a referral's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    pub status: ReferralStatus,
    pub contested: bool,
    pub overdue: bool,
    pub withdrawn: bool,
}

impl Shown {
    /// The class that picks colour and sign (`style/main.css`).
    pub fn class(&self) -> String {
        let kind = if self.withdrawn {
            "withdrawn"
        } else if self.contested {
            "contested"
        } else {
            self.status.as_str()
        };
        let overdue = if self.overdue && !self.withdrawn {
            " s-overdue"
        } else {
            ""
        };
        format!("status s-{kind}{overdue}")
    }

    /// A sign per status, so none is told by colour alone (hidden from
    /// screen readers, which read the words).
    pub fn sign(&self) -> &'static str {
        if self.withdrawn {
            return "–";
        }
        if self.contested {
            return "!";
        }
        match self.status {
            ReferralStatus::Awaiting => "○",
            ReferralStatus::AwaitingClarification => "?",
            ReferralStatus::Accepted => "✓",
            ReferralStatus::PartiallyAccepted => "◑",
            ReferralStatus::Rejected => "✕",
            ReferralStatus::Implemented => "★",
        }
    }

    pub fn label(&self, locale: Locale) -> &'static str {
        if self.withdrawn {
            td_string!(locale, demand.status_withdrawn)
        } else if self.contested {
            td_string!(locale, demand.status_contested)
        } else {
            labels::referral_status(locale, self.status)
        }
    }
}

impl From<&crate::domain::demands::ClockView> for Shown {
    fn from(c: &crate::domain::demands::ClockView) -> Self {
        Shown {
            status: c.status,
            contested: c.contested,
            overdue: c.overdue,
            withdrawn: c.withdrawn,
        }
    }
}

#[component]
pub fn StatusBadge(#[prop(into)] shown: Shown) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let hint = shown
        .contested
        .then(|| td_string!(locale, demand.contested_hint));
    view! {
        <span class=shown.class() title=hint>
            <span class="sign" aria-hidden="true">{shown.sign()}</span>
            {shown.label(locale)}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(status: ReferralStatus) -> Shown {
        Shown {
            status,
            contested: false,
            overdue: false,
            withdrawn: false,
        }
    }

    #[test]
    fn each_status_has_its_own_class_and_words() {
        let classes: std::collections::BTreeSet<String> = ReferralStatus::ALL
            .iter()
            .map(|s| shown(*s).class())
            .collect();
        assert_eq!(classes.len(), ReferralStatus::ALL.len());
        let signs: std::collections::BTreeSet<&str> = ReferralStatus::ALL
            .iter()
            .map(|s| shown(*s).sign())
            .collect();
        assert_eq!(signs.len(), ReferralStatus::ALL.len());
        let contested = Shown {
            contested: true,
            ..shown(ReferralStatus::Implemented)
        };
        assert_eq!(contested.class(), "status s-contested");
        assert_eq!(contested.label(Locale::es), "Impugnada");
        assert_eq!(contested.label(Locale::en), "Contested");
        let late = Shown {
            overdue: true,
            ..shown(ReferralStatus::Awaiting)
        };
        assert_eq!(late.class(), "status s-awaiting s-overdue");
        let withdrawn = Shown {
            withdrawn: true,
            ..late
        };
        assert_eq!(withdrawn.class(), "status s-withdrawn");
        assert_eq!(withdrawn.label(Locale::es), "Retirada");
    }
}
