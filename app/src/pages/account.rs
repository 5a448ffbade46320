//! The account page: name, language, password, and the roles held.
use crate::api::accounts::my_account;
use crate::components::forms::{AccessNotice, DoneNotice, Field, ProblemSummary};
use crate::components::labels;
use crate::domain::error::ApiError;
use crate::i18n::*;
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
            ] />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match me.await {
                        Err(ApiError::Unauthorized) => view! { <AccessNotice signed_in=false /> }.into_any(),
                        Err(e) => view! { <crate::components::error::ErrorNotice error=e /> }.into_any(),
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
                                    <form method="post" action="/account" class="stack">
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
                                    <form method="post" action="/account/password" class="stack">
                                        <Field
                                            form="password"
                                            name="current"
                                            kind="password"
                                            label=td_string!(locale, account.current_password).to_string()
                                            autocomplete="current-password"
                                            required=true
                                        />
                                        <Field
                                            form="password"
                                            name="password"
                                            kind="password"
                                            label=td_string!(locale, auth.new_password).to_string()
                                            hint=td_string!(locale, auth.password_hint).to_string()
                                            autocomplete="new-password"
                                            required=true
                                        />
                                        <Field
                                            form="password"
                                            name="confirm"
                                            kind="password"
                                            label=td_string!(locale, auth.confirm).to_string()
                                            autocomplete="new-password"
                                            required=true
                                        />
                                        <button type="submit" class="button">{t!(i18n, account.change_password)}</button>
                                    </form>
                                </section>
                                <section class="card" aria-labelledby="roles-h">
                                    <h2 id="roles-h">{t!(i18n, account.roles)}</h2>
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
