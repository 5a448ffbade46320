//! The frame of every page: skip link, header with navigation and language
//! switcher, main landmark and footer.
use crate::i18n::*;
use crate::routes;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, site.skip)}</a>
        <header class="site-header">
            <div class="wrap header-row">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"V"</span>
                    <span class="brand-name">{t!(i18n, site.name)}</span>
                </a>
                <nav aria-label=move || td_string!(i18n.get_locale_untracked(), site.nav_label)>
                    <ul class="nav-list">
                        <li>
                            <a href="/">{t!(i18n, site.nav_bodies)}</a>
                        </li>
                        <li>
                            <a href="/meetings">{t!(i18n, site.nav_meetings)}</a>
                        </li>
                        <li>
                            <a href="/demands">{t!(i18n, site.nav_demands)}</a>
                        </li>
                        <AccountNav />
                    </ul>
                </nav>
                <LanguageSwitcher />
                <form class="header-search" method="get" action=routes::SEARCH.path(&[]) role="search"
                    aria-label=move || td_string!(i18n.get_locale_untracked(), search.box_label)>
                    <label for="header-q" class="visually-hidden">{t!(i18n, search.box_label)}</label>
                    <input id="header-q" name="q" type="search"
                        placeholder=move || td_string!(i18n.get_locale_untracked(), search.box_placeholder)
                        autocomplete="off" />
                    <button type="submit" class="header-search-button">{t!(i18n, search.submit)}</button>
                </form>
            </div>
        </header>
        <main id="main" class="wrap" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="wrap">
                <p>{t!(i18n, site.footer)}</p>
                <p><a href="/privacy">{t!(i18n, privacy.footer_link)}</a></p>
            </div>
        </footer>
    }
}

/// Sign in, or the account, administration and sign-out.
#[component]
fn AccountNav() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new(|| (), |_| crate::api::accounts::whoami());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => {
                        let action = main_action(&me);
                        let official = me.admin || me.roles.iter().any(|r| r.role == "official");
                        view! {
                            <li>
                                <a href=routes::PENDING.path(&[])>{t!(i18n, nav.pending)}</a>
                            </li>
                            {action.map(|href| view! {
                                <li>
                                    <a class="nav-action" href=href>{t!(i18n, nav.submit_demand)}</a>
                                </li>
                            })}
                            {official
                                .then(|| {
                                    view! {
                                        <li>
                                            <a href="/inbox">{t!(i18n, nav.inbox)}</a>
                                        </li>
                                    }
                                })}
                            <li>
                                <a href="/account">{t!(i18n, nav.account)}</a>
                            </li>
                            {me
                                .admin
                                .then(|| {
                                    view! {
                                        <li>
                                            <a href="/admin">{t!(i18n, nav.admin)}</a>
                                        </li>
                                    }
                                })}
                            <li>
                                <form method="post" action=routes::LOGOUT.path(&[]) class="inline">
                                    <button type="submit" class="link-button">{t!(i18n, nav.sign_out)}</button>
                                </form>
                            </li>
                        }
                            .into_any()
                    }
                    _ => {
                        view! {
                            <li>
                                <a href="/login">{t!(i18n, nav.sign_in)}</a>
                            </li>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// A council member's main action, always in the header: submitting a
/// demand, straight to their council's form when they sit on one, else to
/// their pending page to choose.
fn main_action(me: &crate::domain::accounts::Me) -> Option<String> {
    let councils: std::collections::BTreeSet<&str> = me
        .roles
        .iter()
        .filter(|r| matches!(r.role.as_str(), "representative" | "secretary" | "chair"))
        .filter_map(|r| r.scope_key.as_deref())
        .collect();
    match councils.len() {
        0 => None,
        1 => councils.first().map(|key| routes::DEMAND_NEW.path(&[key])),
        _ => Some(routes::PENDING.path(&[])),
    }
}

/// Plain links to `/lang/{locale}`, which sets the cookie and comes back:
/// works without JavaScript, and the server renders the next page in the
/// chosen language.
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let current = i18n.get_locale_untracked();
    let link = move |target: Locale, label: &'static str, lang: &'static str| {
        let path = location.pathname.get_untracked();
        let search = location.search.get_untracked();
        let next = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        let href = format!(
            "/lang/{}?next={}",
            lang,
            crate::domain::url::encode_component(&next)
        );
        let is_current = target == current;
        view! {
            <li>
                <a
                    href=href
                    hreflang=lang
                    lang=lang
                    aria-current=if is_current { Some("true") } else { None }
                >
                    {label}
                </a>
            </li>
        }
    };
    view! {
        <nav class="lang-switch" aria-label=td_string!(current, site.language)>
            <ul>
                {link(Locale::es, td_string!(current, site.lang_es), "es")}
                {link(Locale::en, td_string!(current, site.lang_en), "en")}
            </ul>
        </nav>
    }
}
