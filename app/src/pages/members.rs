//! `/bodies/{key}/members`: the roster with e-mails and accounts, where a
//! body's secretary or chair invites members to an account.
use crate::api::accounts::managed_roster;
use crate::components::forms::{refused, DoneNotice, ProblemSummary};
use crate::i18n::*;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn seat(locale: Locale, role: &str) -> &'static str {
    match role {
        "chair" => td_string!(locale, roster.chair),
        "secretary" => td_string!(locale, roster.secretary),
        "alternate" => td_string!(locale, roster.alternate),
        _ => td_string!(locale, roster.representative),
    }
}

#[component]
pub fn MembersPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let key = use_params_map().with_untracked(|p| p.get("key").unwrap_or_default());
    let invited = use_query_map().with_untracked(|q| q.get("email").unwrap_or_default());
    let count = use_query_map().with_untracked(|q| q.get("count").unwrap_or_default());
    let k2 = key.clone();
    let data = Resource::new(move || k2.clone(), managed_roster);
    // A refused invitation comes back for one member.
    let back = refused("member_invite");
    view! {
        <Title text=td_string!(locale, roster.title) />
        <section class="page-head">
            <p class="crumbs">
                <a href=format!("/bodies/{key}")>{key.clone()}</a>
            </p>
            <h1>{t!(i18n, roster.title)}</h1>
            <p class="lead">{t!(i18n, roster.intro)}</p>
        </section>
        <p class="actions">
            <a class="button" href=format!("/bodies/{key}/members/new")>{t!(i18n, roster.add)}</a>
            " "
            <a class="button secondary" href=format!("/bodies/{key}/settings")>{t!(i18n, settings.link)}</a>
            " "
            <a class="button secondary" href=format!("/bodies/{key}/members/import")>{t!(i18n, csv.import_link)}</a>
            " "
            <a class="button secondary" href=format!("/bodies/{key}/members.csv") download="">{t!(i18n, csv.download)}</a>
        </p>
        <DoneNotice texts=vec![
            ("invited", format!("{} {invited}", td_string!(locale, roster.invited))),
            ("imported", format!("{} {count}", td_string!(locale, csv.imported))),
        ] />
        <ProblemSummary form="member_invite" />
        <Suspense fallback=|| ()>
            {move || {
                let back = back.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(e) => crate::components::error::refusal(e),
                        Ok(r) if r.members.is_empty() => {
                            view! { <p class="empty">{t!(i18n, roster.no_members)}</p> }.into_any()
                        }
                        Ok(r) => {
                            let body_key = r.body_key.clone();
                            let vacancies = r.seats.filter(|n| *n > 0).map(|n| (n - r.seat_holders as i32).max(0));
                            let expiring = r.expiring.clone();
                            view! {
                                <h2>{r.body_name.clone()}</h2>
                                <div class="columns dashboard">
                                    <section class="card" aria-labelledby="vacancies-h">
                                        <h3 id="vacancies-h">{t!(i18n, roster.vacancies)}</h3>
                                        {match vacancies {
                                            Some(v) => view! {
                                                <p class="stat-value">{v}</p>
                                                <p class="muted">{r.seat_holders} " / " {r.seats.unwrap_or_default()}</p>
                                            }.into_any(),
                                            None => view! { <p class="muted">{t!(i18n, roster.no_seat_count)}</p> }.into_any(),
                                        }}
                                    </section>
                                    <section class="card" aria-labelledby="expiring-h">
                                        <h3 id="expiring-h">{t!(i18n, roster.expiring)}</h3>
                                        {if expiring.is_empty() {
                                            view! { <p class="muted">{t!(i18n, roster.none_expiring)}</p> }.into_any()
                                        } else {
                                            view! {
                                                <ul class="plain-list">
                                                    {expiring.into_iter().map(|(name, key, end)| view! {
                                                        <li>{name} " (" {key} ") · " {t!(i18n, roster.ends)} " " <time datetime=end.clone()>{end.clone()}</time></li>
                                                    }).collect_view()}
                                                </ul>
                                            }.into_any()
                                        }}
                                    </section>
                                </div>
                                <ul class="card-list">
                                    {r
                                        .members
                                        .into_iter()
                                        .map(|m| {
                                            let id = format!("invite-{}", m.key);
                                            let mine = back.as_ref().filter(|f| f.value("member").as_deref() == Some(m.key.as_str()));
                                            let typed = mine.and_then(|f| f.value("email"));
                                            let problem = mine.and_then(|f| f.error("email"));
                                            let action = routes::MEMBER_INVITE.path(&[&body_key, &m.key]);
                                            let status = if m.active {
                                                td_string!(locale, roster.active)
                                            } else {
                                                td_string!(locale, roster.inactive)
                                            };
                                            view! {
                                                <li class="card account-card">
                                                    <h3>
                                                        {m.name.clone()}
                                                        " "
                                                        <span class="badge">{seat(locale, &m.role)}</span>
                                                        " "
                                                        <span class=if m.active { "badge ok" } else { "badge muted" }>{status}</span>
                                                    </h3>
                                                    <p class="muted">
                                                        {t!(i18n, roster.key)} ": " {m.key.clone()} " · "
                                                        <a href=format!("/bodies/{body_key}/members/{}/edit", m.key)>{t!(i18n, roster.edit)} <span class="visually-hidden">" " {m.name.clone()}</span></a>
                                                    </p>
                                                    {m.email.clone().map(|e| view! { <p>{t!(i18n, roster.email)} ": " {e}</p> })}
                                                    {match (m.account.clone(), m.invited) {
                                                        (Some(acc), _) => view! { <p>{t!(i18n, roster.linked)} " " {acc}</p> }.into_any(),
                                                        (None, true) => view! { <p><span class="badge">{t!(i18n, roster.pending)}</span></p> }.into_any(),
                                                        (None, false) => ().into_any(),
                                                    }}
                                                    {m.account.is_none().then(|| {
                                                        let value = typed.or(m.email.clone()).unwrap_or_default();
                                                        let invalid = problem.is_some();
                                                        let error_id = format!("{id}-error");
                                                        let described = problem.as_ref().map(|_| error_id.clone());
                                                        view! {
                                                            <form method="post" action=action class="stack">
                                                                <input type="hidden" name="member" value=m.key.clone() />
                                                                <div class="field" class:invalid=invalid>
                                                                    <label for=id.clone()>{t!(i18n, roster.invite_label)}</label>
                                                                    <input id=id.clone() name="email" type="email" value=value aria-describedby=described />
                                                                    {problem.map(|code| view! {
                                                                        <p class="field-error" id=error_id.clone()>
                                                                            {crate::components::forms::problem_text(locale, &code)}
                                                                        </p>
                                                                    })}
                                                                </div>
                                                                <button type="submit" class="button small">{t!(i18n, roster.invite)}</button>
                                                            </form>
                                                        }
                                                    })}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}
