//! Following by e-mail, without an account: the follow form's own page
//! (`/follow?kind=…&target=…`, where a refused form comes back), the
//! confirmation a mail links to, the page of an address's follows, and the
//! unsubscribe page. Plain forms; no JavaScript needed.
use crate::api::follows::{load_follow, load_follow_target, load_my_follows};
use crate::components::error::{refusal, Loaded};
use crate::components::follow::{frequency_label, kind_label, what_label, FollowFields};
use crate::components::forms::{DoneNotice, ProblemSummary};
use crate::domain::error::ApiError;
use crate::domain::follows::{FollowRow, FollowView, Frequency, MyFollows};
use crate::i18n::*;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

fn lang(locale: Locale) -> String {
    match locale {
        Locale::en => "en".into(),
        _ => "es".into(),
    }
}

/// Pages reached from a mail's secret link are not for search engines.
#[component]
fn NoIndex() -> impl IntoView {
    view! { <Meta name="robots" content="noindex" /> }
}

#[component]
pub fn FollowPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (kind, target) = use_query_map().with_untracked(|q| {
        (
            q.get("kind").unwrap_or_default(),
            q.get("target").unwrap_or_default(),
        )
    });
    let data = Resource::new(
        move || (kind.clone(), target.clone()),
        move |(k, t)| load_follow_target(k, t, lang(locale)),
    );
    view! {
        <Title text=td_string!(locale, follow.page_title) />
        <section class="narrow">
            <h1 id="follow-h">{t!(i18n, follow.page_title)}</h1>
            <DoneNotice texts=vec![("follow_sent", td_string!(locale, follow.sent).to_string())] />
            <ProblemSummary form="follow" />
            <Loaded data view=move |t| view! {
                <p class="lead">{t!(i18n, follow.lead)}</p>
                <p class="follow-target"><a href=t.page.clone()>{t.title.clone()}</a></p>
                <p>{what_label(locale, t.kind)}</p>
                <FollowFields kind=t.kind target=t.target.clone() />
                <p class="hint">{t!(i18n, follow.privacy)}</p>
                <p><a href=t.page.clone()>{t!(i18n, follow.back)}</a></p>
            } />
        </section>
    }
}

/// A link that no longer works: said plainly, with a 404.
#[component]
fn LinkGone() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <div class="alert error" role="alert">
            <p>{t!(i18n, follow.link_gone)}</p>
        </div>
    }
}

fn token_param() -> String {
    use_params_map().with_untracked(|p| p.get("token").unwrap_or_default())
}

/// Who receives what, at which frequency: the confirmation's and the
/// unsubscribe page's sentence.
#[component]
fn WhatAndWhere(v: FollowView, lead: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <p class="lead">
            {lead} " " <strong>{v.email}</strong> " " {t!(i18n, follow.confirm_of)}
        </p>
        <p class="follow-target"><a href=v.page>{v.title}</a></p>
        <p class="hint">{frequency_label(locale, v.frequency)}</p>
    }
}

#[component]
pub fn FollowConfirmPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let token = token_param();
    let action = routes::FOLLOW_CONFIRM.path(&[&token]);
    let data = Resource::new(move || token.clone(), load_follow);
    view! {
        <Title text=td_string!(locale, follow.confirm_title) />
        <NoIndex />
        <section class="narrow">
            <h1>{t!(i18n, follow.confirm_title)}</h1>
            <ProblemSummary form="follow_confirm" />
            <Suspense fallback=|| ()>
                {move || {
                    let action = action.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(v) => {
                                let confirmed = v.confirmed;
                                view! {
                                    <WhatAndWhere v lead=td_string!(locale, follow.confirm_to) />
                                    {confirmed.then(|| view! { <p>{t!(i18n, follow.already_confirmed)}</p> })}
                                    <form method="post" action=action class="stack">
                                        <button type="submit" class="button primary">{t!(i18n, follow.confirm_submit)}</button>
                                    </form>
                                }
                                .into_any()
                            }
                            Err(ApiError::NotFound) => view! { <LinkGone /> }.into_any(),
                            Err(e) => refusal(e),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let token = token_param();
    let action = routes::UNSUBSCRIBE.path(&[&token]);
    let done = use_query_map().with_untracked(|q| q.get("done")).as_deref() == Some("unsubscribed");
    let data = Resource::new(move || token.clone(), load_follow);
    view! {
        <Title text=td_string!(locale, follow.unsubscribe_title) />
        <NoIndex />
        <section class="narrow">
            <h1>{t!(i18n, follow.unsubscribe_title)}</h1>
            <DoneNotice texts=vec![("unsubscribed", td_string!(locale, follow.unsubscribed).to_string())] />
            <ProblemSummary form="unsubscribe" />
            {(!done).then(|| view! {
                <Suspense fallback=|| ()>
                    {move || {
                        let action = action.clone();
                        Suspend::new(async move {
                            match data.await {
                                Ok(v) => view! {
                                    <WhatAndWhere v lead=td_string!(locale, follow.unsubscribe_lead) />
                                    <form method="post" action=action class="stack">
                                        <button type="submit" class="button primary">{t!(i18n, follow.remove)}</button>
                                    </form>
                                }
                                .into_any(),
                                Err(ApiError::NotFound) => view! { <LinkGone /> }.into_any(),
                                Err(e) => refusal(e),
                            }
                        })
                    }}
                </Suspense>
            })}
        </section>
    }
}

#[component]
pub fn MyFollowsPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let token = token_param();
    let all_gone =
        use_query_map().with_untracked(|q| q.get("done")).as_deref() == Some("all_removed");
    let t2 = token.clone();
    let data = Resource::new(move || t2.clone(), load_my_follows);
    view! {
        <Title text=td_string!(locale, follow.mine_title) />
        <NoIndex />
        <section class="narrow">
            <h1>{t!(i18n, follow.mine_title)}</h1>
            <DoneNotice texts=vec![
                ("follow_confirmed", td_string!(locale, follow.confirmed).to_string()),
                ("frequency_saved", td_string!(locale, follow.frequency_saved).to_string()),
                ("follow_removed", td_string!(locale, follow.follow_removed).to_string()),
                ("all_removed", td_string!(locale, follow.all_removed).to_string()),
            ] />
            <ProblemSummary form="follows" />
            {(!all_gone).then(|| view! {
                <Loaded data view=move |m| view! { <FollowList m token=token.clone() /> } />
            })}
        </section>
    }
}

#[component]
fn FollowList(m: MyFollows, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let remove_all = routes::FOLLOWS_REMOVE_ALL.path(&[&token]);
    let rows = m
        .rows
        .into_iter()
        .map(|r| view! { <FollowItem r token=token.clone() /> })
        .collect_view();
    view! {
        <p class="lead">{t!(i18n, follow.mine_lead)} " " <strong>{m.email}</strong></p>
        <ul class="follow-list">{rows}</ul>
        <details class="confirm">
            <summary>{t!(i18n, follow.remove_all)}</summary>
            <form method="post" action=remove_all class="stack">
                <p class="hint">{t!(i18n, follow.remove_all_hint)}</p>
                <button type="submit" class="button danger">{t!(i18n, follow.remove_all_confirm)}</button>
            </form>
        </details>
    }
}

#[component]
fn FollowItem(r: FollowRow, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let id = r.id.to_string();
    let frequency_action = routes::FOLLOWS_FREQUENCY.path(&[&token, &id]);
    let remove_action = routes::FOLLOWS_REMOVE.path(&[&token, &id]);
    let select_id = format!("follow-{id}-frequency");
    let options = Frequency::ALL
        .into_iter()
        .map(|f| view! { <option value=f.as_str() selected=f == r.frequency>{frequency_label(locale, f)}</option> })
        .collect_view();
    view! {
        <li class="follow-item" id=format!("follow-{id}")>
            <p class="hint">
                <span class="badge">{kind_label(locale, r.kind)}</span>
                {(!r.confirmed).then(|| view! {
                    " " <span class="badge muted">{t!(i18n, follow.pending)}</span>
                })}
            </p>
            <h2><a href=r.page.clone()>{r.title.clone()}</a></h2>
            {(!r.confirmed).then(|| view! { <p class="hint">{t!(i18n, follow.pending_hint)}</p> })}
            <div class="actions">
                <form method="post" action=frequency_action class="field-row">
                    <div class="field">
                        <label for=select_id.clone()>{t!(i18n, follow.frequency)}</label>
                        <select id=select_id name="frequency">{options}</select>
                    </div>
                    <button type="submit" class="button secondary">{t!(i18n, follow.save)}</button>
                </form>
                <form method="post" action=remove_action>
                    <button type="submit" class="button secondary">{t!(i18n, follow.remove)}</button>
                </form>
            </div>
        </li>
    }
}
