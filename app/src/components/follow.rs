//! "Seguir por correo": the follow form, folded on the page it follows and
//! open on its own page (`/follow`). A plain POST form; no JavaScript.
use crate::components::forms::Field;
use crate::domain::follows::{follow_path, FollowKind, Frequency};
use crate::i18n::*;
use leptos::prelude::*;

pub fn frequency_label(locale: Locale, f: Frequency) -> &'static str {
    match f {
        Frequency::Immediate => td_string!(locale, follow.immediate),
        Frequency::Daily => td_string!(locale, follow.daily),
        Frequency::Weekly => td_string!(locale, follow.weekly),
    }
}

pub fn kind_label(locale: Locale, k: FollowKind) -> &'static str {
    match k {
        FollowKind::Body => td_string!(locale, follow.kind_body),
        FollowKind::Authority => td_string!(locale, follow.kind_authority),
        FollowKind::Demand => td_string!(locale, follow.kind_demand),
        FollowKind::Search => td_string!(locale, follow.kind_search),
        FollowKind::Site => td_string!(locale, follow.kind_site),
    }
}

/// What following `kind` brings, in a sentence.
pub fn what_label(locale: Locale, k: FollowKind) -> &'static str {
    match k {
        FollowKind::Body => td_string!(locale, follow.what_body),
        FollowKind::Authority => td_string!(locale, follow.what_authority),
        FollowKind::Demand => td_string!(locale, follow.what_demand),
        FollowKind::Search => td_string!(locale, follow.what_search),
        FollowKind::Site => td_string!(locale, follow.what_site),
    }
}

/// The address and the frequency, and the button.
#[component]
pub fn FollowFields(kind: FollowKind, target: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let back = crate::components::forms::refused("follow");
    let chosen = back
        .as_ref()
        .and_then(|f| f.value("frequency"))
        .unwrap_or_else(|| Frequency::Daily.as_str().to_string());
    let options = Frequency::ALL
        .into_iter()
        .map(|f| {
            let id = format!("follow-frequency-{}", f.as_str());
            view! {
                <label class="radio" for=id.clone()>
                    <input type="radio" id=id.clone() name="frequency" value=f.as_str()
                        checked=chosen == f.as_str() />
                    " " {frequency_label(locale, f)}
                </label>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=follow_path(kind, &target) class="stack follow-form">
            <input type="hidden" name="locale" value=if locale == Locale::en { "en" } else { "es" } />
            <Field
                form="follow"
                name="email"
                kind="email"
                autocomplete="email"
                required=true
                label=td_string!(locale, follow.email).to_string()
                hint=td_string!(locale, follow.email_hint).to_string()
            />
            <fieldset class="field radios">
                <legend>{t!(i18n, follow.frequency)}</legend>
                {options}
            </fieldset>
            <button type="submit" class="button primary">{t!(i18n, follow.submit)}</button>
        </form>
    }
}

/// The form folded under "Seguir por correo", on the page it follows.
#[component]
pub fn FollowBox(kind: FollowKind, target: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <details class="follow-box">
            <summary>{t!(i18n, follow.box_summary)}</summary>
            <p class="hint">{what_label(locale, kind)}</p>
            <FollowFields kind target />
        </details>
    }
}
