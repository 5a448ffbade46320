//! Translated names of the enumerations, for display.
use crate::domain::enums::{BodyLevel, MigrantGroup};
use crate::i18n::*;

pub fn body_level(locale: Locale, level: BodyLevel) -> &'static str {
    match level {
        BodyLevel::National => td_string!(locale, level.national),
        BodyLevel::State => td_string!(locale, level.state),
        BodyLevel::Municipal => td_string!(locale, level.municipal),
        BodyLevel::Consular => td_string!(locale, level.consular),
        BodyLevel::Transnational => td_string!(locale, level.transnational),
    }
}

pub fn migrant_group(locale: Locale, group: MigrantGroup) -> &'static str {
    match group {
        MigrantGroup::Immigrant => td_string!(locale, group.immigrant),
        MigrantGroup::Emigrant => td_string!(locale, group.emigrant),
        MigrantGroup::Transit => td_string!(locale, group.transit),
        MigrantGroup::Returnee => td_string!(locale, group.returnee),
        MigrantGroup::Refugee => td_string!(locale, group.refugee),
        MigrantGroup::Other => td_string!(locale, group.other),
    }
}

/// Groups as one readable, comma-separated phrase.
pub fn migrant_groups(locale: Locale, groups: &[MigrantGroup]) -> String {
    groups
        .iter()
        .map(|g| migrant_group(locale, *g))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An account role's name.
pub fn role(locale: Locale, role: &str) -> &'static str {
    match role {
        "admin" => td_string!(locale, role.admin),
        "chair" => td_string!(locale, role.chair),
        "secretary" => td_string!(locale, role.secretary),
        "representative" => td_string!(locale, role.representative),
        _ => td_string!(locale, role.official),
    }
}

/// "Secretary — Consejo Tijuana".
pub fn role_with_scope(locale: Locale, r: &crate::domain::accounts::RoleView) -> String {
    match &r.scope {
        Some(s) => format!("{} — {s}", role(locale, &r.role)),
        None => role(locale, &r.role).to_string(),
    }
}

/// A member's seat role.
/// A seat role as stored (`chair`, …); an unknown one reads as a representative.
pub fn member_role_str(locale: Locale, role: &str) -> &'static str {
    member_role(
        locale,
        role.parse()
            .unwrap_or(crate::domain::enums::MemberRole::Representative),
    )
}

pub fn member_role(locale: Locale, role: crate::domain::enums::MemberRole) -> &'static str {
    use crate::domain::enums::MemberRole;
    match role {
        MemberRole::Chair => td_string!(locale, roster.chair),
        MemberRole::Secretary => td_string!(locale, roster.secretary),
        MemberRole::Representative => td_string!(locale, roster.representative),
        MemberRole::Alternate => td_string!(locale, roster.alternate),
    }
}

/// A demand's topic.
pub fn topic(locale: Locale, t: crate::domain::enums::Topic) -> &'static str {
    use crate::domain::enums::Topic::*;
    match t {
        Documentation => td_string!(locale, demand.topic_documentation),
        Asylum => td_string!(locale, demand.topic_asylum),
        Detention => td_string!(locale, demand.topic_detention),
        Labor => td_string!(locale, demand.topic_labor),
        Health => td_string!(locale, demand.topic_health),
        Education => td_string!(locale, demand.topic_education),
        Housing => td_string!(locale, demand.topic_housing),
        Security => td_string!(locale, demand.topic_security),
        Family => td_string!(locale, demand.topic_family),
        Consular => td_string!(locale, demand.topic_consular),
        Integration => td_string!(locale, demand.topic_integration),
        Discrimination => td_string!(locale, demand.topic_discrimination),
        PoliticalRights => td_string!(locale, demand.topic_political_rights),
        Other => td_string!(locale, demand.topic_other),
    }
}

/// A referral's status.
pub fn referral_status(locale: Locale, s: crate::domain::enums::ReferralStatus) -> &'static str {
    use crate::domain::enums::ReferralStatus::*;
    match s {
        Awaiting => td_string!(locale, demand.status_awaiting),
        AwaitingClarification => td_string!(locale, demand.status_awaiting_clarification),
        Accepted => td_string!(locale, demand.status_accepted),
        PartiallyAccepted => td_string!(locale, demand.status_partially_accepted),
        Rejected => td_string!(locale, demand.status_rejected),
        Implemented => td_string!(locale, demand.status_implemented),
    }
}

/// An entry of a referral's timeline.
pub fn event_kind(locale: Locale, k: crate::domain::enums::EventKind) -> &'static str {
    use crate::domain::enums::EventKind::*;
    match k {
        Acknowledged => td_string!(locale, demand.event_acknowledged),
        ClarificationRequested => td_string!(locale, demand.event_clarification_requested),
        ClarificationProvided => td_string!(locale, demand.event_clarification_provided),
        Accepted => td_string!(locale, demand.event_accepted),
        PartiallyAccepted => td_string!(locale, demand.event_partially_accepted),
        Rejected => td_string!(locale, demand.event_rejected),
        Implemented => td_string!(locale, demand.event_implemented),
    }
}

/// The body's verdict on an answer.
pub fn verdict(locale: Locale, v: crate::domain::enums::Verdict) -> &'static str {
    use crate::domain::enums::Verdict::*;
    match v {
        Satisfied => td_string!(locale, demand.verdict_satisfied),
        PartiallySatisfied => td_string!(locale, demand.verdict_partially_satisfied),
        Unsatisfied => td_string!(locale, demand.verdict_unsatisfied),
    }
}

/// The clock in words: "due in 3 days", "overdue by 2 days", "paused", …
pub fn clock_text(locale: Locale, c: &crate::domain::demands::ClockView) -> String {
    if c.withdrawn {
        return td_string!(locale, demand.clock_stopped).to_string();
    }
    if c.answered {
        return match c.on_time {
            Some(false) => td_string!(locale, demand.answered_late).to_string(),
            _ => td_string!(locale, demand.answered_on_time).to_string(),
        };
    }
    if c.paused {
        return td_string!(locale, demand.paused).to_string();
    }
    match (c.overdue, c.days) {
        (true, 0) => td_string!(locale, demand.overdue_today).to_string(),
        (true, d) => format!(
            "{} {} {}",
            td_string!(locale, demand.overdue_by),
            d.abs(),
            td_string!(locale, demand.days)
        ),
        (false, d) if d <= 0 => td_string!(locale, demand.due_today).to_string(),
        (false, d) => format!(
            "{} {d} {}",
            td_string!(locale, demand.due_in),
            td_string!(locale, demand.days)
        ),
    }
}

pub fn gender(locale: Locale, g: crate::domain::enums::Gender) -> &'static str {
    use crate::domain::enums::Gender;
    match g {
        Gender::Woman => td_string!(locale, member.woman),
        Gender::Man => td_string!(locale, member.man),
        Gender::NonBinary => td_string!(locale, member.non_binary),
        Gender::Other => td_string!(locale, member.other),
        Gender::Undisclosed => td_string!(locale, member.undisclosed),
    }
}

/// A whole number as each language writes it: "10 000" (a no-break space
/// between groups, as the RAE recommends), "10,000".
pub fn count(locale: Locale, n: u64) -> String {
    let digits = n.to_string();
    let sep = if locale == Locale::es { '\u{a0}' } else { ',' };
    // Four-digit numbers stay whole in Spanish ("2026", "5000").
    if locale == Locale::es && digits.len() <= 4 {
        return digits;
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_as_each_language_writes_them() {
        assert_eq!(count(Locale::es, 10_000), "10\u{a0}000");
        assert_eq!(count(Locale::es, 5_000), "5000");
        assert_eq!(count(Locale::en, 10_000), "10,000");
        assert_eq!(count(Locale::en, 1_234_567), "1,234,567");
        assert_eq!(count(Locale::en, 999), "999");
    }
}
