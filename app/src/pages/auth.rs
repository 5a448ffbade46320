//! Signing in, password reset, accepting an invitation. Plain forms posted
//! to the server (see the server's `http::forms`).
use crate::api::accounts::link_status;
use crate::components::forms::{DoneNotice, Field, NewPasswordFields, ProblemSummary};
use crate::domain::accounts::TokenInfo;
use crate::i18n::*;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let next = use_query_map().with_untracked(|q| q.get("next").unwrap_or_default());
    view! {
        <Title text=td_string!(locale, auth.login_title) />
        <section class="narrow">
            <h1>{t!(i18n, auth.login_title)}</h1>
            <DoneNotice texts=vec![("signed_out", td_string!(locale, auth.signed_out).to_string())] />
            <ProblemSummary form="login" />
            <p class="lead">{t!(i18n, auth.login_intro)}</p>
            <form method="post" action=routes::LOGIN.path(&[]) class="stack">
                <input type="hidden" name="next" value=next />
                <Field
                    form="login"
                    name="email"
                    kind="email"
                    label=td_string!(locale, auth.email).to_string()
                    autocomplete="username"
                    required=true
                />
                <Field
                    form="login"
                    name="password"
                    kind="password"
                    label=td_string!(locale, auth.password).to_string()
                    autocomplete="current-password"
                    required=true
                />
                <button type="submit" class="button primary">{t!(i18n, auth.login_submit)}</button>
            </form>
            <p>
                <a href="/reset">{t!(i18n, auth.forgot)}</a>
            </p>
            <p class="muted">{t!(i18n, auth.no_account)}</p>
        </section>
    }
}

#[component]
pub fn ResetRequestPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <Title text=td_string!(locale, auth.reset_title) />
        <section class="narrow">
            <h1>{t!(i18n, auth.reset_title)}</h1>
            <DoneNotice texts=vec![("reset_sent", td_string!(locale, auth.reset_sent).to_string())] />
            <ProblemSummary form="reset" />
            <p class="lead">{t!(i18n, auth.reset_intro)}</p>
            <form method="post" action=routes::RESET.path(&[]) class="stack">
                <Field
                    form="reset"
                    name="email"
                    kind="email"
                    label=td_string!(locale, auth.email).to_string()
                    autocomplete="email"
                    required=true
                />
                <button type="submit" class="button primary">{t!(i18n, auth.reset_submit)}</button>
            </form>
            <p>
                <a href="/login">{t!(i18n, auth.back_to_login)}</a>
            </p>
        </section>
    }
}

#[component]
fn LinkInvalid() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::GONE);
    }
    view! {
        <div class="alert error" role="alert">
            <p>{t!(i18n, auth.link_invalid)}</p>
        </div>
        <p>
            <a class="button" href="/reset">{t!(i18n, auth.link_again)}</a>
        </p>
    }
}

/// What a link from a mail leads to (`purpose`: reset, invite): for a
/// valid link, `valid` draws its form; an expired or used one says so.
#[component]
fn ByLink<F>(purpose: &'static str, valid: F) -> impl IntoView
where
    F: Fn(TokenInfo) -> AnyView + Clone + Send + Sync + 'static,
{
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let info = Resource::new(
        move || token.clone(),
        move |t| link_status(t, purpose.into()),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let valid = valid.clone();
                Suspend::new(async move {
                    match info.await {
                        Ok(i) if i.valid => valid(i),
                        Ok(_) => view! { <LinkInvalid /> }.into_any(),
                        Err(e) => view! { <crate::components::error::ErrorNotice error=e /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let action = routes::RESET_COMPLETE.path(&[&token]);
    let form = move |i: TokenInfo| {
        view! {
            <p class="lead">{i.email}</p>
            <form method="post" action=action.clone() class="stack">
                <NewPasswordFields form="reset_complete" />
                <button type="submit" class="button primary">
                    {t!(i18n, auth.set_submit)}
                </button>
            </form>
        }
        .into_any()
    };
    view! {
        <Title text=td_string!(locale, auth.set_title) />
        <section class="narrow">
            <h1>{t!(i18n, auth.set_title)}</h1>
            <ProblemSummary form="reset_complete" />
            <ByLink purpose="reset" valid=form />
        </section>
    }
}

#[component]
pub fn InvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let action = routes::INVITATION.path(&[&token]);
    let lang = match locale {
        Locale::en => "en",
        _ => "es",
    };
    let form = move |i: TokenInfo| {
        view! {
            <p class="lead">
                {t!(i18n, auth.invite_intro)} " " <strong>{i.email}</strong>
            </p>
            <form method="post" action=action.clone() class="stack">
                <input type="hidden" name="locale" value=lang />
                <Field
                    form="accept"
                    name="name"
                    label=td_string!(locale, auth.name).to_string()
                    hint=td_string!(locale, auth.name_hint).to_string()
                    autocomplete="name"
                    required=true
                    value=i.name.unwrap_or_default()
                />
                <NewPasswordFields form="accept" />
                <button type="submit" class="button primary">
                    {t!(i18n, auth.accept_submit)}
                </button>
            </form>
        }
        .into_any()
    };
    view! {
        <Title text=td_string!(locale, auth.invite_title) />
        <section class="narrow">
            <h1>{t!(i18n, auth.invite_title)}</h1>
            <ProblemSummary form="accept" />
            <ByLink purpose="invite" valid=form />
        </section>
    }
}
