//! `/admin/authorities` (administrators): every authority with its deadline
//! rule; `/admin/authorities/new`; and one authority's page: its settings,
//! its holiday calendar, its officials (invited from there) and archiving.
//! Plain forms posted to `server::http::authorities`.
use crate::api::accounts::{admin_authorities, admin_authority, can_create_bodies};
use crate::components::error::Loaded;
use crate::components::forms::{DoneNotice, Field, ProblemSummary, Select, TextArea};
use crate::domain::dto::{AuthorityAdmin, AuthorityRow, AuthoritySettings};
use crate::domain::enums::{AuthorityLevel, DayKind};
use crate::i18n::*;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn level_label(locale: Locale, level: &str) -> &'static str {
    match level.parse::<AuthorityLevel>() {
        Ok(AuthorityLevel::Federal) => td_string!(locale, authority.level_federal),
        Ok(AuthorityLevel::State) => td_string!(locale, authority.level_state),
        Ok(AuthorityLevel::Municipal) => td_string!(locale, authority.level_municipal),
        Ok(AuthorityLevel::Consular) => td_string!(locale, authority.level_consular),
        Ok(AuthorityLevel::International) => td_string!(locale, authority.level_international),
        Err(_) => "",
    }
}

/// "30 días naturales" / "5 business days".
pub fn rule_label(locale: Locale, days: i32, kind: &str) -> String {
    let unit = match kind.parse::<DayKind>() {
        Ok(DayKind::Business) => td_string!(locale, authority.business_days),
        _ => td_string!(locale, authority.calendar_days),
    };
    format!("{days} {unit}")
}

#[component]
pub fn AuthoritiesAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let data = Resource::new(|| (), |_| admin_authorities());
    let title = td_string!(locale, authority.list_title);
    view! {
        <Title text=title />
        <section class="page-head">
            <p class="crumbs"><a href=routes::ADMIN.path(&[])>{t!(i18n, admin.title)}</a></p>
            <h1>{title}</h1>
            <p class="lead">{t!(i18n, authority.list_intro)}</p>
            <p class="actions">
                <a class="button primary" href=routes::AUTHORITY_NEW.path(&[])>{t!(i18n, authority.new_link)}</a>
            </p>
        </section>
        <Loaded data view=move |rows| view! { <AuthorityTable rows /> } />
    }
}

#[component]
fn AuthorityTable(rows: Vec<AuthorityRow>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    if rows.is_empty() {
        return view! { <p class="empty">{t!(i18n, authority.none)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap" role="region" aria-labelledby="authorities-caption" tabindex="0">
            <table class="authority-table">
                <caption id="authorities-caption">{t!(i18n, authority.list_title)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, authority.name)}</th>
                        <th scope="col">{t!(i18n, authority.level)}</th>
                        <th scope="col">{t!(i18n, authority.rule)}</th>
                        <th scope="col" class="num">{t!(i18n, authority.holidays)}</th>
                        <th scope="col" class="num">{t!(i18n, authority.officials)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| {
                        let href = routes::AUTHORITY_ADMIN.path(&[&r.key]);
                        view! {
                            <tr class:archived=r.archived>
                                <th scope="row">
                                    <a href=href>{r.name.clone()}</a>
                                    {r.acronym.clone().map(|a| view! { " " <span class="muted">"(" {a} ")"</span> })}
                                    {r.archived.then(|| view! { " " <span class="badge muted">{t!(i18n, authority.archived)}</span> })}
                                </th>
                                <td>{level_label(locale, &r.level)}</td>
                                <td>{rule_label(locale, r.response_days, &r.day_kind)}</td>
                                <td class="num">{r.holidays}</td>
                                <td class="num">{r.officials}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn NewAuthorityPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    // Only administrators get the form (the same right as creating bodies).
    let data = Resource::new(|| (), |_| can_create_bodies());
    let title = td_string!(locale, authority.new_title);
    view! {
        <Title text=title />
        <section class="page-head narrow">
            <p class="crumbs"><a href=routes::ADMIN_AUTHORITIES.path(&[])>{t!(i18n, authority.list_title)}</a></p>
            <h1>{title}</h1>
        </section>
        <Loaded data view=move |_| view! {
            <section class="card narrow">
                <SettingsForm key=None values=AuthoritySettings {
                    level: "federal".into(),
                    day_kind: "business".into(),
                    response_days: "30".into(),
                    ..Default::default()
                } />
            </section>
        } />
    }
}

/// Name, acronym, level, deadline rule and contact address.
#[component]
fn SettingsForm(key: Option<String>, values: AuthoritySettings) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let action = match &key {
        Some(k) => routes::AUTHORITY_ADMIN.path(&[k]),
        None => routes::ADMIN_AUTHORITIES.path(&[]),
    };
    let levels = AuthorityLevel::ALL
        .iter()
        .map(|l| (l.as_str(), level_label(locale, l.as_str()).to_string()))
        .collect();
    let kinds = vec![
        (
            "business",
            td_string!(locale, authority.business_days).to_string(),
        ),
        (
            "calendar",
            td_string!(locale, authority.calendar_days).to_string(),
        ),
    ];
    view! {
        <ProblemSummary form="authority" />
        <form method="post" action=action class="stack">
            {match &key {
                Some(k) => view! { <p><span class="muted">{t!(i18n, settings.key)} ": "</span> <code>{k.clone()}</code></p> }.into_any(),
                None => view! {
                    <Field form="authority" name="key" label=td_string!(locale, settings.key).to_string()
                        hint=td_string!(locale, authority.key_hint).to_string() required=true value=values.key.clone() />
                }.into_any(),
            }}
            <Field form="authority" name="name" label=td_string!(locale, authority.name).to_string() required=true value=values.name.clone() />
            <Field form="authority" name="acronym" label=td_string!(locale, authority.acronym).to_string() value=values.acronym.clone() />
            <Select form="authority" name="level" label=td_string!(locale, authority.level).to_string() options=levels current=values.level.clone() />
            <fieldset class="stack">
                <legend>{t!(i18n, authority.rule)}</legend>
                <p class="hint">{t!(i18n, authority.rule_hint)}</p>
                <div class="field-row">
                    <Field form="authority" name="response_days" kind="number" label=td_string!(locale, authority.days).to_string()
                        required=true value=values.response_days.clone() />
                    <Select form="authority" name="day_kind" label=td_string!(locale, authority.day_kind).to_string() options=kinds current=values.day_kind.clone() />
                </div>
            </fieldset>
            <Field form="authority" name="email" kind="email" label=td_string!(locale, authority.email).to_string()
                hint=td_string!(locale, authority.email_hint).to_string() value=values.email.clone() />
            <button type="submit" class="button primary">
                {if key.is_some() { t!(i18n, authority.save).into_any() } else { t!(i18n, authority.create).into_any() }}
            </button>
        </form>
    }
}

#[component]
pub fn AuthorityAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let key = use_params_map().with_untracked(|p| p.get("key").unwrap_or_default());
    let k2 = key.clone();
    let data = Resource::new(move || k2.clone(), admin_authority);
    let added = use_query_map().with_untracked(|q| q.get("added").unwrap_or_default());
    let invited = use_query_map().with_untracked(|q| q.get("email").unwrap_or_default());
    view! {
        <Title text=td_string!(locale, authority.edit_title) />
        <DoneNotice texts=vec![
            ("created", td_string!(locale, authority.done_created).to_string()),
            ("saved", td_string!(locale, authority.done_saved).to_string()),
            ("holidays", format!("{} {added}", td_string!(locale, authority.done_holidays))),
            ("holiday_removed", td_string!(locale, authority.done_holiday_removed).to_string()),
            ("archived", td_string!(locale, authority.done_archived).to_string()),
            ("restored", td_string!(locale, authority.done_restored).to_string()),
            ("invited", format!("{} {invited}", td_string!(locale, admin.invited))),
        ] />
        <Loaded data view=move |a| view! { <AuthorityView a key=key.clone() /> } />
    }
}

#[component]
fn AuthorityView(a: AuthorityAdmin, key: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let archived = a.archived_at.is_some();
    let holidays = a.holidays.clone();
    view! {
        <section class="page-head">
            <p class="crumbs"><a href=routes::ADMIN_AUTHORITIES.path(&[])>{t!(i18n, authority.list_title)}</a></p>
            <h1>{a.settings.name.clone()}</h1>
            <p class="lead">
                {level_label(locale, &a.settings.level)} " · "
                {rule_label(locale, a.settings.response_days.parse().unwrap_or(0), &a.settings.day_kind)} " · "
                <a href=format!("/authorities/{key}")>{t!(i18n, authority.public_page)}</a>
            </p>
            {archived.then(|| view! {
                <p class="alert caution" data-testid="archived"><strong>{t!(i18n, authority.archived)}</strong> " — " {t!(i18n, authority.archived_note)}</p>
            })}
        </section>
        <div class="columns">
            <section class="card" aria-labelledby="settings-h">
                <h2 id="settings-h">{t!(i18n, authority.settings)}</h2>
                <p class="hint">{t!(i18n, authority.keeps_deadlines)}</p>
                <SettingsForm key=Some(key.clone()) values=a.settings.clone() />
            </section>
            <div class="stack">
                <section class="card" aria-labelledby="holidays-h">
                    <h2 id="holidays-h">{t!(i18n, authority.holidays)}</h2>
                    <p class="hint">{t!(i18n, authority.holidays_hint)}</p>
                    <ProblemSummary form="holidays" />
                    {if holidays.is_empty() {
                        view! { <p class="empty">{t!(i18n, authority.no_holidays)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="holiday-list" data-testid="holidays">
                                {holidays.into_iter().map(|d| {
                                    let label = format!("{} {d}", td_string!(locale, authority.remove));
                                    view! {
                                        <li>
                                            <time datetime=d.clone()>{crate::components::dates::date(locale, &format!("{d}T12:00:00Z"))}</time>
                                            <form method="post" action=routes::AUTHORITY_HOLIDAY_REMOVE.path(&[&key]) class="inline">
                                                <input type="hidden" name="day" value=d.clone() />
                                                <button type="submit" class="button small subtle" aria-label=label>{t!(i18n, authority.remove)}</button>
                                            </form>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <form method="post" action=routes::AUTHORITY_HOLIDAYS.path(&[&key]) class="stack">
                        <TextArea form="holidays" name="dates" label=td_string!(locale, authority.add_dates).to_string()
                            hint=td_string!(locale, authority.add_dates_hint).to_string() rows=3 />
                        <button type="submit" class="button secondary">{t!(i18n, authority.add)}</button>
                    </form>
                </section>
                <section class="card" aria-labelledby="officials-h">
                    <h2 id="officials-h">{t!(i18n, authority.officials)}</h2>
                    {if a.officials.is_empty() {
                        view! { <p class="empty">{t!(i18n, authority.no_officials)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="link-list" data-testid="officials">
                                {a.officials.iter().map(|o| view! {
                                    <li>
                                        {o.name.clone().map(|n| view! { <strong>{n}</strong> " · " })}
                                        {o.email.clone()}
                                        {o.pending.then(|| view! { " " <span class="badge">{t!(i18n, admin.pending)}</span> })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <ProblemSummary form="official" />
                    <form method="post" action=routes::AUTHORITY_INVITE.path(&[&key]) class="stack">
                        <Field form="official" name="email" kind="email" label=td_string!(locale, auth.email).to_string() required=true />
                        <Select form="official" name="locale" label=td_string!(locale, admin.mail_language).to_string()
                            options=vec![("es", "Español".to_string()), ("en", "English".to_string())] current="es".to_string() />
                        <button type="submit" class="button secondary">{t!(i18n, authority.invite)}</button>
                    </form>
                </section>
                <section class="card" aria-labelledby="archive-h">
                    <h2 id="archive-h">{if archived { t!(i18n, authority.restore_title).into_any() } else { t!(i18n, authority.archive_title).into_any() }}</h2>
                    <p class="hint">{t!(i18n, authority.archive_hint, count = a.referrals)}</p>
                    <ProblemSummary form="archive" />
                    <details class="confirm">
                        <summary class="button secondary">{if archived { t!(i18n, authority.restore_open).into_any() } else { t!(i18n, authority.archive_open).into_any() }}</summary>
                        <form method="post" action=routes::AUTHORITY_ARCHIVE.path(&[&key]) class="stack">
                            <input type="hidden" name="archived" value=if archived { "false" } else { "true" } />
                            <button type="submit" class=if archived { "button primary" } else { "button danger" }>
                                {if archived { t!(i18n, authority.restore_confirm).into_any() } else { t!(i18n, authority.archive_confirm).into_any() }}
                            </button>
                        </form>
                    </details>
                </section>
            </div>
        </div>
    }
}
