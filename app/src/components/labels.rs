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
pub fn member_role(locale: Locale, role: crate::domain::enums::MemberRole) -> &'static str {
    use crate::domain::enums::MemberRole;
    match role {
        MemberRole::Chair => td_string!(locale, roster.chair),
        MemberRole::Secretary => td_string!(locale, roster.secretary),
        MemberRole::Representative => td_string!(locale, roster.representative),
        MemberRole::Alternate => td_string!(locale, roster.alternate),
    }
}
