//! `/pending` ("Pendientes"): where signing in lands. What needs this
//! person now, council by council, and for officials the top of their
//! inbox; each item links to the page where it is done.
use crate::api::demands::load_pending;
use crate::components::error::Loaded;
use crate::components::forms::DoneNotice;
use crate::components::status::StatusBadge;
use crate::components::{dates, labels};
use crate::domain::pending::{CouncilTasks, InboxTop, MeetingNeed, Pending, TaskRow};
use crate::domain::url::encode_component;
use crate::i18n::*;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PendingPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let data = Resource::new(|| (), |_| load_pending());
    view! {
        <Title text=td_string!(locale, pending.title) />
        <Loaded data view=move |p| view! { <PendingView p /> } />
    }
}

#[component]
fn PendingView(p: Pending) -> impl IntoView {
    let i18n = use_i18n();
    let empty = p.is_empty();
    let nothing_held = p.councils.is_empty() && p.inbox.is_none() && !p.admin;
    view! {
        <section class="page-head">
            <h1>{t!(i18n, pending.title)}</h1>
            <p class="lead">{t!(i18n, pending.hello)} " " {p.name.clone()} ". "
                {if empty { t!(i18n, pending.all_done).into_any() } else { t!(i18n, pending.lead).into_any() }}
            </p>
            {nothing_held.then(|| view! { <p class="callout">{t!(i18n, pending.no_roles)}</p> })}
        </section>
        <DoneNotice texts=vec![("welcome", td_string!(i18n.get_locale_untracked(), account.welcome).to_string())] />
        {p.inbox.clone().map(|top| view! { <InboxSection top /> })}
        {p.councils.into_iter().map(|c| view! { <Council c /> }).collect_view()}
        {p.admin.then(|| view! {
            <section class="card" aria-labelledby="admin-h">
                <h2 id="admin-h">{t!(i18n, pending.admin_title)}</h2>
                <p class="actions">
                    <a class="button secondary" href=routes::ADMIN.path(&[])>{t!(i18n, nav.admin)}</a>
                    <a class="button secondary" href="/inbox">{t!(i18n, nav.inbox)}</a>
                </p>
            </section>
        })}
        <p><a href=routes::ACCOUNT.path(&[])>{t!(i18n, pending.account_link)}</a></p>
    }
}

/// An official's inbox, the overdue first.
#[component]
fn InboxSection(top: InboxTop) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <section class="card pending" aria-labelledby="inbox-h">
            <h2 id="inbox-h">{t!(i18n, pending.inbox_title)}</h2>
            <p>
                <strong>{top.open}</strong> " " {t!(i18n, pending.open_referrals)}
                {(top.overdue > 0).then(|| view! { ", " <strong class="danger-text">{top.overdue} " " {t!(i18n, pending.overdue)}</strong> })}
            </p>
            {if top.rows.is_empty() {
                view! { <p class="empty">{t!(i18n, pending.inbox_clear)}</p> }.into_any()
            } else {
                view! {
                    <ul class="demand-list">
                        {top.rows.into_iter().map(|r| {
                            let href = format!("{}#referrals-h", routes::DEMAND.path(&[&r.body_key, &encode_component(&r.demand_key)]));
                            view! {
                                <li class="demand">
                                    <a class="demand-title" href=href>{r.title.clone()}</a>
                                    <span class="muted">{r.body_name.clone()} " → " {r.authority_name.clone()}</span>
                                    <span><StatusBadge shown=&r.clock /> " " {labels::clock_text(locale, &r.clock)}</span>
                                    <span class="deadline">{t!(i18n, demand.deadline)} " "
                                        <time datetime=r.clock.effective_deadline.clone()>{dates::date_time_zoned(locale, &r.clock.effective_deadline, &r.clock.zone)}</time>
                                    </span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p class="actions"><a class="button primary" href="/inbox">{t!(i18n, pending.open_inbox)}</a></p>
        </section>
    }
}

/// Referrals waiting for the council.
#[component]
fn TaskList(body: String, rows: Vec<TaskRow>, heading: String, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let item = move |r: TaskRow| {
        let href = format!(
            "{}#referrals-h",
            routes::DEMAND.path(&[&body, &encode_component(&r.demand_key)])
        );
        view! {
            <li class="demand">
                <a class="demand-title" href=href>{r.title.clone()}</a>
                <span class="muted">{r.authority_name.clone()}</span>
                <span><StatusBadge shown=&r.clock /> " " {labels::clock_text(locale, &r.clock)}</span>
            </li>
        }
    };
    (!rows.is_empty()).then(|| {
        let total = rows.len();
        let (first, rest) = split(rows);
        let item2 = item.clone();
        view! {
            <h3 id=id.clone()>{heading} " (" {total} ")"</h3>
            <ul class="demand-list" aria-labelledby=id>
                {first.into_iter().map(item).collect_view()}
            </ul>
            {(!rest.is_empty()).then(|| view! {
                <details class="more">
                    <summary>{t!(i18n, pending.show_more)} " (" {rest.len()} ")"</summary>
                    <ul class="demand-list">{rest.into_iter().map(item2).collect_view()}</ul>
                </details>
            })}
        }
    })
}

/// The first few of a list, and the rest (shown on request, without
/// JavaScript: a `<details>`), so a long backlog does not bury the page.
fn split<T>(mut rows: Vec<T>) -> (Vec<T>, Vec<T>) {
    let rest = rows.split_off(rows.len().min(SHOWN));
    (rows, rest)
}

/// Rows of each list shown before "show the others".
const SHOWN: usize = 5;

#[component]
fn Council(c: CouncilTasks) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let key = c.body_key.clone();
    let h = format!("council-{key}-h");
    let quiet = c.is_empty();
    let own = (!c.own.is_empty()).then(|| {
        let key = key.clone();
        view! {
            <h3>{t!(i18n, pending.own_title)}</h3>
            <ul class="demand-list">
                {c.own.into_iter().map(|d| {
                    let href = routes::DEMAND.path(&[&key, &encode_component(&d.demand_key)]);
                    view! {
                        <li class="demand">
                            <a class="demand-title" href=href>{d.title.clone()}</a>
                            <span class="muted"><time datetime=d.submitted_at.clone()>{dates::date(locale, &d.submitted_at)}</time></span>
                            <span class="chips">
                                {d.referrals.into_iter().map(|(a, c)| view! { <span class="referral-chip"><strong>{a}</strong> " " <StatusBadge shown=&c /></span> }).collect_view()}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    });
    let meetings = (!c.meetings.is_empty()).then(|| {
        let key = key.clone();
        view! {
            <h3>{t!(i18n, pending.meetings_title)}</h3>
            <ul class="task-list">
                {c.meetings.into_iter().map(|m| {
                    let (need, href) = match m.need {
                        MeetingNeed::Upcoming => (td_string!(locale, pending.meeting_upcoming), routes::MEETING.path(&[&key, &m.meeting_key])),
                        MeetingNeed::MarkHeldOrCancelled => (td_string!(locale, pending.meeting_mark), routes::MEETING.path(&[&key, &m.meeting_key])),
                        MeetingNeed::Attendance => (td_string!(locale, pending.meeting_attendance), routes::MEETING_ATTENDANCE.path(&[&key, &m.meeting_key])),
                        MeetingNeed::Minutes => (td_string!(locale, pending.meeting_minutes), format!("{}#minutes-h", routes::MEETING.path(&[&key, &m.meeting_key]))),
                    };
                    view! {
                        <li>
                            <a href=href>{m.title.clone()}</a>
                            " · " <time datetime=m.starts_at.clone()>{dates::date_time(locale, &m.starts_at)}</time>
                            " · " <strong>{need}</strong>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    });
    let terms = (!c.terms_ending.is_empty()).then(|| {
        let key = key.clone();
        let total = c.terms_ending.len();
        let (first, rest) = split(c.terms_ending);
        let item = move |m: crate::domain::pending::TermEnding| view! {
            <li>
                <a href=routes::MEMBER_EDIT.path(&[&key, &m.member_key])>{m.name.clone()}</a>
                " · " {t!(i18n, pending.term_ends)} " " {dates::date(locale, &format!("{}T12:00:00Z", m.term_end))}
            </li>
        };
        let item2 = item.clone();
        view! {
            <h3>{t!(i18n, pending.terms_title)} " (" {total} ")"</h3>
            <ul class="task-list">{first.into_iter().map(item).collect_view()}</ul>
            {(!rest.is_empty()).then(|| view! {
                <details class="more">
                    <summary>{t!(i18n, pending.show_more)} " (" {rest.len()} ")"</summary>
                    <ul class="task-list">{rest.into_iter().map(item2).collect_view()}</ul>
                </details>
            })}
        }
    });
    view! {
        <section class="card pending" aria-labelledby=h.clone()>
            <h2 id=h.clone()><a href=format!("/bodies/{key}")>{c.body_name.clone()}</a></h2>
            {c.can_submit.then(|| view! {
                <p class="actions"><a class="button primary" href=routes::DEMAND_NEW.path(&[&key])>{t!(i18n, pending.submit)}</a></p>
            })}
            {quiet.then(|| view! { <p class="empty">{t!(i18n, pending.council_clear)}</p> })}
            <TaskList body=key.clone() rows=c.to_clarify heading=td_string!(locale, pending.to_clarify).to_string() id=format!("clarify-{key}-h") />
            <TaskList body=key.clone() rows=c.to_assess heading=td_string!(locale, pending.to_assess).to_string() id=format!("assess-{key}-h") />
            {own}
            {meetings}
            {terms}
            {c.manages.then(|| view! {
                <p class="actions">
                    <a class="button secondary" href=routes::MEETINGS.path(&[&key])>{t!(i18n, pending.all_meetings)}</a>
                    <a class="button secondary" href=routes::MEMBERS.path(&[&key])>{t!(i18n, pending.all_members)}</a>
                </p>
            })}
            <p><a href=format!("/demands?body={key}")>{t!(i18n, pending.all_demands)}</a></p>
        </section>
    }
}
