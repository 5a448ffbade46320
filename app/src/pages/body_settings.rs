//! `/admin/bodies/new` (administrators) and `/bodies/{key}/settings` (the
//! body's secretaries and chairs): every field of a body, as a plain form.
use crate::api::accounts::{body_settings, can_create_bodies};
use crate::components::error::Loaded;
use crate::components::forms::{refused, DoneNotice, Field, ProblemSummary};
use crate::components::labels;
use crate::domain::dto::BodySettings;
use crate::domain::enums::{BodyLevel, MigrantGroup};
use crate::i18n::*;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn BodySettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let key = use_params_map().with_untracked(|p| p.get("key"));
    let creating = key.is_none();
    let k2 = key.clone();
    let data = Resource::new(
        move || k2.clone(),
        |k| async move {
            match k {
                Some(k) => body_settings(k).await,
                None => can_create_bodies().await.map(|_| BodySettings {
                    quorum_percent: "50".into(),
                    timezone: "America/Mexico_City".into(),
                    public: true,
                    ..Default::default()
                }),
            }
        },
    );
    let title = if creating {
        td_string!(locale, settings.new_title)
    } else {
        td_string!(locale, settings.edit_title)
    };
    view! {
        <Title text=title />
        <section class="page-head narrow">
            {key.clone().map(|k| view! { <p class="crumbs"><a href=format!("/bodies/{k}")>{k.clone()}</a></p> })}
            <h1>{title}</h1>
        </section>
        <DoneNotice texts=vec![
            ("saved", td_string!(locale, settings.saved).to_string()),
            ("created", td_string!(locale, settings.created).to_string()),
        ] />
        <Loaded data view=move |values| view! { <SettingsForm key=key.clone() values /> } />
    }
}

#[component]
fn SettingsForm(key: Option<String>, values: BodySettings) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let back = refused("body");
    // A refused form's values win over the stored ones.
    let v = |name: &str, stored: &str| {
        back.as_ref()
            .and_then(|f| f.value(name))
            .unwrap_or_else(|| stored.to_string())
    };
    let err = |name: &str| back.as_ref().and_then(|f| f.error(name));
    let groups: Vec<String> = match &back {
        Some(f) => f
            .value("groups_served_all")
            .map(|s| s.split(',').map(str::to_string).collect())
            .unwrap_or_default(),
        None => values.groups_served.clone(),
    };
    let public = match &back {
        Some(f) => f.value("public").is_some(),
        None => values.public,
    };
    let level = v("level", &values.level);
    let action = match &key {
        Some(k) => routes::BODY_SETTINGS.path(&[k]),
        None => routes::BODY_CREATE.path(&[]),
    };
    let level_problem = err("level");
    let groups_problem = err("groups_served");
    let regions_problem = err("regions");
    let (level_bad, groups_bad, regions_bad) = (
        level_problem.is_some(),
        groups_problem.is_some(),
        regions_problem.is_some(),
    );
    view! {
        <section class="card narrow">
            <ProblemSummary form="body" />
            <form method="post" action=action class="stack">
                {match &key {
                    Some(k) => view! { <p><span class="muted">{t!(i18n, settings.key)} ": "</span> <code>{k.clone()}</code></p> }.into_any(),
                    None => view! {
                        <Field form="body" name="key" label=td_string!(locale, settings.key).to_string()
                            hint=td_string!(locale, settings.key_hint).to_string() required=true value=v("key", &values.key) />
                    }.into_any(),
                }}
                <Field form="body" name="name" label=td_string!(locale, settings.name).to_string() required=true value=v("name", &values.name) />
                <div class="field" class:invalid=level_bad>
                    <label for="body-level">{t!(i18n, settings.level)}</label>
                    <select id="body-level" name="level">
                        {BodyLevel::ALL.iter().map(|l| view! {
                            <option value=l.as_str() selected=level == l.as_str()>{labels::body_level(locale, *l)}</option>
                        }).collect_view()}
                    </select>
                    {level_problem.map(|c| view! { <p class="field-error">{crate::components::forms::problem_text(locale, &c)}</p> })}
                </div>
                <Field form="body" name="jurisdiction" label=td_string!(locale, settings.jurisdiction).to_string() required=true value=v("jurisdiction", &values.jurisdiction) />
                <Field form="body" name="timezone" label=td_string!(locale, settings.timezone).to_string()
                    hint=td_string!(locale, settings.timezone_hint).to_string() required=true value=v("timezone", &values.timezone) />
                <fieldset class="field" class:invalid=groups_bad>
                    <legend>{t!(i18n, settings.groups)}</legend>
                    {MigrantGroup::ALL.iter().map(|g| {
                        let id = format!("body-group-{}", g.as_str());
                        let checked = groups.iter().any(|x| x == g.as_str());
                        view! {
                            <div class="field checkbox">
                                <input id=id.clone() type="checkbox" name="groups_served" value=g.as_str() checked=checked />
                                <label for=id>{labels::migrant_group(locale, *g)}</label>
                            </div>
                        }
                    }).collect_view()}
                    {groups_problem.map(|c| view! { <p class="field-error">{crate::components::forms::problem_text(locale, &c)}</p> })}
                </fieldset>
                <div class="field" class:invalid=regions_bad>
                    <label for="body-regions">{t!(i18n, settings.regions)}</label>
                    <p class="hint" id="body-regions-hint">{t!(i18n, settings.regions_hint)}</p>
                    <textarea id="body-regions" name="regions" rows="4" aria-describedby="body-regions-hint">{v("regions", &values.regions)}</textarea>
                    {regions_problem.map(|c| view! { <p class="field-error">{crate::components::forms::problem_text(locale, &c)}</p> })}
                </div>
                <Field form="body" name="seats" kind="number" label=td_string!(locale, settings.seats).to_string()
                    hint=td_string!(locale, settings.seats_hint).to_string() value=v("seats", &values.seats) />
                <Field form="body" name="meetings_per_year" kind="number" label=td_string!(locale, settings.meetings_per_year).to_string()
                    value=v("meetings_per_year", &values.meetings_per_year) />
                <Field form="body" name="quorum_percent" kind="number" label=td_string!(locale, settings.quorum).to_string()
                    hint=td_string!(locale, settings.quorum_hint).to_string() value=v("quorum_percent", &values.quorum_percent) />
                <Field form="body" name="response_days" kind="number" label=td_string!(locale, settings.response_days).to_string()
                    hint=td_string!(locale, settings.response_hint).to_string() value=v("response_days", &values.response_days) />
                <div class="field checkbox">
                    <input id="body-public" name="public" type="checkbox" value="true" checked=public />
                    <label for="body-public">{t!(i18n, settings.public)}</label>
                </div>
                <button type="submit" class="button primary">
                    {if key.is_some() { td_string!(locale, settings.save) } else { td_string!(locale, settings.create) }}
                </button>
            </form>
        </section>
    }
}
