//! The account page: name, language, password, and the roles held.
use crate::api::accounts::{my_account, my_data_requests, my_records};
use crate::components::forms::{DoneNotice, Field, NewPasswordFields, ProblemSummary};
use crate::components::forms::{Select, TextArea};
use crate::components::labels;
use crate::domain::accounts::{DataRequestView, MyMemberRecord};
use crate::i18n::*;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let me = Resource::new(|| (), |_| my_account());
    view! {
        <Title text=td_string!(locale, account.title) />
        <section class="narrow">
            <h1>{t!(i18n, account.title)}</h1>
            <DoneNotice texts=vec![
                ("saved", td_string!(locale, account.saved).to_string()),
                ("password_changed", td_string!(locale, account.password_changed).to_string()),
                ("welcome", td_string!(locale, account.welcome).to_string()),
                ("consent", td_string!(locale, account.consent_saved).to_string()),
                ("request_filed", td_string!(locale, account.request_filed).to_string()),
            ] />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match me.await {
                        Err(e) => crate::components::error::refusal(e),
                        Ok(me) => {
                            let roles = me.roles.clone();
                            let back_locale = crate::components::forms::refused("profile")
                                .and_then(|f| f.value("locale"))
                                .unwrap_or(me.locale.clone());
                            view! {
                                <section class="card" aria-labelledby="profile-h">
                                    <h2 id="profile-h">{t!(i18n, account.profile)}</h2>
                                    <ProblemSummary form="profile" />
                                    <p>
                                        <span class="muted">{t!(i18n, auth.email)} ": "</span>
                                        {me.email.clone()}
                                    </p>
                                    <form method="post" action=routes::ACCOUNT.path(&[]) class="stack">
                                        <Field
                                            form="profile"
                                            name="name"
                                            label=td_string!(locale, auth.name).to_string()
                                            autocomplete="name"
                                            required=true
                                            value=me.name.clone()
                                        />
                                        <div class="field">
                                            <label for="profile-locale">{t!(i18n, account.language)}</label>
                                            <select id="profile-locale" name="locale">
                                                <option value="es" selected=back_locale == "es">"Español"</option>
                                                <option value="en" selected=back_locale == "en">"English"</option>
                                            </select>
                                        </div>
                                        <button type="submit" class="button primary">{t!(i18n, account.save)}</button>
                                    </form>
                                </section>
                                <section class="card" aria-labelledby="password-h">
                                    <h2 id="password-h">{t!(i18n, account.password_section)}</h2>
                                    <ProblemSummary form="password" />
                                    <form method="post" action=routes::ACCOUNT_PASSWORD.path(&[]) class="stack">
                                        <Field
                                            form="password"
                                            name="current"
                                            kind="password"
                                            label=td_string!(locale, account.current_password).to_string()
                                            autocomplete="current-password"
                                            required=true
                                        />
                                        <NewPasswordFields form="password" />
                                        <button type="submit" class="button">{t!(i18n, account.change_password)}</button>
                                    </form>
                                </section>
                                <MyData />
                                <section class="card" aria-labelledby="roles-h">
                                    <h2 id="roles-h">{t!(i18n, account.roles)}</h2>
                                    {roles.iter().any(|r| matches!(r.role.as_str(), "chair" | "secretary" | "admin")).then(|| view! {
                                        <p><a href="/data-requests">{t!(i18n, account.data_requests_link)}</a></p>
                                    })}
                                    {if roles.is_empty() {
                                        view! { <p class="muted">{t!(i18n, account.no_roles)}</p> }.into_any()
                                    } else {
                                        view! {
                                            <ul class="plain-list">
                                                {roles
                                                    .iter()
                                                    .map(|r| {
                                                        let manage = matches!(r.role.as_str(), "chair" | "secretary")
                                                            .then(|| r.scope_key.clone())
                                                            .flatten();
                                                        view! {
                                                            <li>
                                                                {labels::role_with_scope(locale, r)}
                                                                {manage.map(|key| view! {
                                                                    " · "
                                                                    <a href=format!("/bodies/{key}/members")>{t!(i18n, roster.manage)}</a>
                                                                })}
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        }
                                            .into_any()
                                    }}
                                </section>
                            }
                                .into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}

/// "Your data": each seat linked to the account with every field and who
/// sees it, the switch for the name's publicity, and the ARCO download.
#[component]
fn MyData() -> impl IntoView {
    let i18n = use_i18n();
    let records = Resource::new(|| (), |_| my_records());
    view! {
        <section class="card" aria-labelledby="my-data-h">
            <h2 id="my-data-h">{t!(i18n, account.my_data)}</h2>
            <p>{t!(i18n, account.my_data_intro)} " " <a href="/privacy">{t!(i18n, privacy.footer_link)}</a></p>
            <ProblemSummary form="consent" />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match records.await {
                        Ok(list) => {
                            let seats: Vec<(String, String)> = list
                                .iter()
                                .map(|r| (format!("{}/{}", r.body_key, r.member_key), r.body_name.clone()))
                                .collect();
                            view! {
                                {list.is_empty().then(|| view! { <p class="muted">{t!(i18n, account.no_seat)}</p> })}
                                {list.into_iter().map(|r| view! { <SeatRecord r /> }).collect_view()}
                                <p><a class="button secondary" href="/account/data.json" download="voces-mis-datos.json">{t!(i18n, account.download_data)}</a></p>
                                <MyRequests seats />
                            }.into_any()
                        }
                        Err(e) => view! { <crate::components::error::ErrorNotice error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Rectification, cancellation and opposition requests: the form, and each
/// request filed with its state and answer.
#[component]
fn MyRequests(seats: Vec<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let requests = Resource::new(|| (), |_| my_data_requests());
    let kinds = vec![
        (
            "rectification",
            td_string!(locale, account.kind_rectification).to_string(),
        ),
        (
            "cancellation",
            td_string!(locale, account.kind_cancellation).to_string(),
        ),
        (
            "opposition",
            td_string!(locale, account.kind_opposition).to_string(),
        ),
    ];
    let chosen_seat = crate::components::forms::refused("data_request")
        .and_then(|f| f.value("seat"))
        .unwrap_or_default();
    view! {
        <h3 id="requests-h">{t!(i18n, account.requests)}</h3>
        <p class="hint">{t!(i18n, account.requests_intro)}</p>
        <ProblemSummary form="data_request" />
        <form method="post" action=routes::DATA_REQUESTS.path(&[]) class="stack">
            <Select form="data_request" name="kind" label=td_string!(locale, account.request_kind).to_string() options=kinds current=String::new() />
            <div class="field">
                <label for="data_request-seat">{t!(i18n, account.request_seat)}</label>
                <select id="data_request-seat" name="seat">
                    <option value="">{t!(i18n, account.request_account)}</option>
                    {seats.into_iter().map(|(v, n)| { let s = v == chosen_seat; view! { <option value=v selected=s>{n}</option> } }).collect_view()}
                </select>
            </div>
            <TextArea form="data_request" name="text" label=td_string!(locale, account.request_text).to_string() hint=td_string!(locale, account.request_text_hint).to_string() rows=4 />
            <button type="submit" class="button">{t!(i18n, account.request_send)}</button>
        </form>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match requests.await {
                    Ok(list) if list.is_empty() => view! { <p class="muted">{t!(i18n, account.no_requests)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="plain-list requests">
                            {list.into_iter().map(|r| view! { <li><RequestItem r /></li> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <crate::components::error::ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One request with its state and, once answered, the answer.
#[component]
pub fn RequestItem(r: DataRequestView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <article class="card" id=format!("request-{}", r.id)>
            <p>
                <strong>{request_kind(locale, &r.kind)}</strong>
                " · " <span class=request_state_class(&r.state)>{request_state(locale, &r.state)}</span>
                " · " <time datetime=r.created_at.clone()>{crate::components::dates::date_time(locale, &r.created_at)}</time>
            </p>
            {r.body_name.clone().map(|b| view! { <p class="muted">{b} {r.member_name.clone().map(|m| format!(" · {m}"))}</p> })}
            <p class="prose">{r.text.clone()}</p>
            {r.response.clone().map(|resp| view! {
                <p><strong>{t!(i18n, account.request_answer)}</strong> " " {resp}</p>
            })}
        </article>
    }
}

pub fn request_kind(locale: Locale, kind: &str) -> &'static str {
    match kind {
        "rectification" => td_string!(locale, account.kind_rectification),
        "cancellation" => td_string!(locale, account.kind_cancellation),
        _ => td_string!(locale, account.kind_opposition),
    }
}

pub fn request_state(locale: Locale, state: &str) -> &'static str {
    match state {
        "open" => td_string!(locale, account.state_open),
        "done" => td_string!(locale, account.state_done),
        _ => td_string!(locale, account.state_refused),
    }
}

fn request_state_class(state: &str) -> &'static str {
    match state {
        "open" => "badge",
        "done" => "badge ok",
        _ => "badge danger",
    }
}

#[component]
fn SeatRecord(r: MyMemberRecord) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let public_name = r.public;
    let name_who = if public_name {
        td_string!(locale, account.seen_by_everyone)
    } else {
        td_string!(locale, account.seen_by_secretariat)
    };
    let gender = r
        .gender
        .parse()
        .map(|g| labels::gender(locale, g).to_string())
        .unwrap_or(r.gender.clone());
    let group = r
        .migrant_group
        .parse()
        .map(|g| labels::migrant_group(locale, g).to_string())
        .unwrap_or(r.migrant_group.clone());
    let dash = || "—".to_string();
    let rows = vec![
        (
            td_string!(locale, account.field_name),
            r.name.clone(),
            name_who,
        ),
        (
            td_string!(locale, auth.email),
            r.email.clone().unwrap_or_else(dash),
            td_string!(locale, account.seen_by_secretariat),
        ),
        (
            td_string!(locale, account.field_role),
            labels::role(locale, &r.role).to_string(),
            td_string!(locale, account.seen_by_everyone),
        ),
        (
            td_string!(locale, account.field_gender),
            gender,
            td_string!(locale, account.seen_as_totals),
        ),
        (
            td_string!(locale, account.field_group),
            group,
            td_string!(locale, account.seen_as_totals),
        ),
        (
            td_string!(locale, account.field_region),
            r.region.clone().unwrap_or_else(dash),
            td_string!(locale, account.seen_as_totals),
        ),
        (
            td_string!(locale, account.field_country),
            r.country.clone().unwrap_or_else(dash),
            td_string!(locale, account.seen_as_totals),
        ),
        (
            td_string!(locale, account.field_term),
            format!(
                "{} – {}",
                r.term_start,
                r.term_end.clone().unwrap_or_default()
            ),
            td_string!(locale, account.seen_by_everyone),
        ),
    ];
    let action = routes::NAME_PUBLIC.path(&[&r.body_key, &r.member_key]);
    view! {
        <h3>{r.body_name.clone()}</h3>
        <div class="table-scroll" tabindex="0" role="region" aria-label=r.body_name.clone()>
            <table class="data">
                <thead><tr>
                    <th scope="col">{t!(i18n, account.field)}</th>
                    <th scope="col">{t!(i18n, account.value)}</th>
                    <th scope="col">{t!(i18n, account.who_sees)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(f, v, who)| view! { <tr><th scope="row">{f}</th><td>{v}</td><td>{who}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </div>
        <form method="post" action=action class="stack">
            <input type="hidden" name="public" value=if public_name { "false" } else { "true" } />
            <p class="hint">{if public_name { t!(i18n, account.name_is_public).into_any() } else { t!(i18n, account.name_is_private).into_any() }}</p>
            <button type="submit" class="button secondary">
                {if public_name { t!(i18n, account.make_name_private).into_any() } else { t!(i18n, account.make_name_public).into_any() }}
            </button>
        </form>
    }
}
