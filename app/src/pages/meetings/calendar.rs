//! Public calendars: every public body's (`/meetings`) and one body's
//! (`/bodies/{key}/meetings`). Upcoming meetings first, soonest first, by
//! month; then past meetings, latest first, with a link to their minutes,
//! a page at a time.
use super::{kind_label, when, Place, StatusBadge};
use crate::api::meetings::meeting_calendar;
use crate::components::forms::DoneNotice;
use crate::components::pager::PagerWords;
use crate::components::{dates, error::ErrorNotice};
use crate::domain::meetings::{Calendar, CalendarEntry, MeetingFilter};
use crate::domain::url::encode_component;
use crate::i18n::*;
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn AllMeetingsPage() -> impl IntoView {
    view! { <CalendarPage body=None /> }
}

#[component]
pub fn BodyMeetingsPage() -> impl IntoView {
    let key = use_params_map().with_untracked(|p| p.get("key").unwrap_or_default());
    view! { <CalendarPage body=Some(key) /> }
}

#[component]
fn CalendarPage(body: Option<String>) -> impl IntoView {
    let filter = use_query_map().with_untracked(|q| MeetingFilter {
        as_of: q.get("as_of").unwrap_or_default(),
        status: q.get("status").unwrap_or_default(),
        ordinary: q.get("ordinary").unwrap_or_default(),
        minutes: q.get("minutes").unwrap_or_default(),
        page: q
            .get("page")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(1),
    });
    let f2 = filter.clone();
    let data = Resource::new(
        move || (body.clone(), f2.clone()),
        |(b, f)| meeting_calendar(b, f),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || { let filter = filter.clone(); Suspend::new(async move {
                match data.await {
                    Ok(Some(c)) if c.window.is_some() => view! { <WindowView c filter /> }.into_any(),
                    Ok(Some(c)) => view! { <CalendarView c /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}}
        </Suspense>
    }
}

/// The meetings a figure counts: those of its window that pass its
/// filters, with their total (the figure's number), a page at a time.
#[component]
fn WindowView(c: Calendar, filter: MeetingFilter) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let Some(w) = c.window.clone() else {
        return ().into_any();
    };
    let base = match &c.body {
        Some((key, _)) => format!("/bodies/{key}/meetings"),
        None => "/meetings".to_string(),
    };
    let title = match &c.body {
        Some((_, name)) => format!("{} · {name}", td_string!(locale, meeting.window_title)),
        None => td_string!(locale, meeting.window_title).to_string(),
    };
    let crumbs = match &c.body {
        Some((key, name)) => view! { <a href=format!("/bodies/{key}?as_of={}#meet-h", encode_component(&w.as_of))>{name.clone()}</a> }.into_any(),
        None => view! { <a href=format!("/?as_of={}", encode_component(&w.as_of))>{t!(i18n, body.back)}</a> }.into_any(),
    };
    let mut said = Vec::new();
    match filter.status.as_str() {
        "held" => said.push(td_string!(locale, meeting.filter_held).to_string()),
        "cancelled" => said.push(td_string!(locale, meeting.filter_cancelled).to_string()),
        "scheduled" => said.push(td_string!(locale, meeting.filter_scheduled).to_string()),
        _ => {}
    }
    if filter.ordinary == "1" {
        said.push(td_string!(locale, meeting.filter_ordinary).to_string());
    }
    if filter.minutes == "1" {
        said.push(td_string!(locale, meeting.filter_minutes).to_string());
    }
    let (page, pages) = (c.page, c.pages);
    let link = {
        let (base, filter) = (base.clone(), filter.clone());
        move |p: u64| format!("{base}?{}", filter.query(p))
    };
    let pager = pager(page, pages, link);
    let groups = by_month(locale, c.past.clone());
    let all = c.body.is_none();
    view! {
        <Title text=title.clone() />
        <nav class="crumbs" aria-label=td_string!(locale, body.back)>{crumbs}</nav>
        <section class="page-head">
            <h1>{title}</h1>
            <p class="lead">
                {t!(i18n, meeting.window_intro)} " "
                <time datetime=w.from.clone()>{dates::date_time(locale, &w.from)}</time> " – "
                <time datetime=w.as_of.clone()>{dates::date_time(locale, &w.as_of)}</time> " UTC. "
                <a href="/methodology#meetings">{t!(i18n, dash.definition)}</a>
            </p>
            {(!said.is_empty()).then(|| view! { <p class="muted">{said.join(" · ")}</p> })}
            <p class="count" aria-live="polite"><strong>{w.total}</strong> " " {t!(i18n, meeting.found)}
                " · " <a href=base.clone()>{t!(i18n, meeting.see_calendar)}</a></p>
        </section>
        <section class="block" aria-label=td_string!(locale, meeting.window_title)>
            {if groups.is_empty() {
                view! { <p class="empty">{t!(i18n, meeting.none_in_window)}</p> }.into_any()
            } else {
                view! { <MonthGroups groups all /> }.into_any()
            }}
            {pager}
        </section>
    }
    .into_any()
}

/// Newer and older pages of a list of meetings (latest first).
fn pager(page: u64, pages: u64, link: impl Fn(u64) -> String) -> Option<AnyView> {
    let locale = use_i18n().get_locale_untracked();
    let words = PagerWords {
        label: td_string!(locale, meeting.pages),
        prev: td_string!(locale, meeting.newer),
        next: td_string!(locale, meeting.older),
    };
    crate::components::pager::pager(page, pages, words, link)
}

/// Entries grouped under month headings, in the order given.
fn by_month(locale: Locale, entries: Vec<CalendarEntry>) -> Vec<(String, Vec<CalendarEntry>)> {
    let mut groups: Vec<(String, Vec<CalendarEntry>)> = Vec::new();
    for e in entries {
        let heading = dates::month_heading(locale, &e.starts_at).unwrap_or_default();
        match groups.last_mut() {
            Some((h, list)) if *h == heading => list.push(e),
            _ => groups.push((heading, vec![e])),
        }
    }
    groups
}

#[component]
fn CalendarView(c: Calendar) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let all = c.body.is_none();
    let (title, ics, base) = match &c.body {
        Some((key, name)) => (
            format!("{} · {name}", td_string!(locale, meeting.calendar_title)),
            format!("/bodies/{key}/calendar.ics"),
            format!("/bodies/{key}/meetings"),
        ),
        None => (
            td_string!(locale, meeting.all_title).to_string(),
            "/calendar.ics".to_string(),
            "/meetings".to_string(),
        ),
    };
    // The full address (a relative path cannot be pasted into a calendar
    // app), and the same as webcal:// for the subscribe button.
    let full = format!("{}{ics}", c.site);
    let webcal = match full.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => ics.clone(),
    };
    let crumbs = match &c.body {
        Some((key, name)) => {
            view! { <a href=format!("/bodies/{key}")>{name.clone()}</a> }.into_any()
        }
        None => view! { <a href="/">{t!(i18n, body.back)}</a> }.into_any(),
    };
    let schedule = c.body.clone().filter(|_| c.can_manage).map(|(key, _)| {
        view! {
            <a class="button primary" href=format!("/bodies/{key}/meetings/new")>{t!(i18n, meeting.schedule)}</a>
        }
    });
    let upcoming = by_month(locale, c.upcoming.clone());
    let past = by_month(locale, c.past.clone());
    let (page, pages) = (c.page, c.pages);
    let pager = {
        let base = base.clone();
        pager(page, pages, move |p| format!("{base}?page={p}#past-h"))
    };
    view! {
        <Title text=title.clone() />
        <nav class="crumbs" aria-label=td_string!(locale, body.back)>{crumbs}</nav>
        <section class="page-head">
            <h1>{title}</h1>
            <p class="lead">{t!(i18n, meeting.calendar_intro)}</p>
            <p class="actions">
                {schedule}
                // webcal:// opens the phone's calendar app on a subscription.
                <a class="button secondary" href=webcal rel="external">{t!(i18n, meeting.subscribe)}</a>
                <a class="button secondary" href=ics.clone() rel="external" type="text/calendar" download="">{t!(i18n, meeting.download_ics)}</a>
            </p>
            <div class="field copy-field">
                <label for="feed-address">{t!(i18n, meeting.subscribe_hint)}</label>
                <input id="feed-address" type="text" readonly=true value=full.clone() aria-describedby="feed-address-hint" />
                <p class="hint" id="feed-address-hint">{t!(i18n, meeting.subscribe_copy)}</p>
            </div>
            {c.body.clone().map(|(key, _)| view! {
                <p class="hint">{t!(i18n, meeting.open_data)} " "
                    <a href=format!("/bodies/{key}/meetings.csv") rel="external" download="">"CSV"</a> " · "
                    <a href=format!("/bodies/{key}/meetings.json") rel="external">"JSON"</a>
                </p>
            })}
        </section>
        <DoneNotice texts=vec![
            ("cancelled", td_string!(locale, meeting.done_cancelled).to_string()),
            ("deleted", td_string!(locale, meeting.done_deleted).to_string()),
        ] />
        <section class="block" aria-labelledby="upcoming-h">
            <h2 id="upcoming-h">{t!(i18n, meeting.upcoming)}</h2>
            {if upcoming.is_empty() {
                view! { <p class="empty">{t!(i18n, meeting.no_upcoming)}</p> }.into_any()
            } else {
                view! { <MonthGroups groups=upcoming all /> }.into_any()
            }}
        </section>
        <section class="block" aria-labelledby="past-h">
            <h2 id="past-h">{t!(i18n, meeting.past)}</h2>
            {if past.is_empty() {
                view! { <p class="empty">{t!(i18n, meeting.no_past)}</p> }.into_any()
            } else {
                view! { <MonthGroups groups=past all /> }.into_any()
            }}
            {pager}
        </section>
    }
}

#[component]
fn MonthGroups(groups: Vec<(String, Vec<CalendarEntry>)>, all: bool) -> impl IntoView {
    groups
        .into_iter()
        .map(|(heading, entries)| {
            view! {
                <h3 class="month">{heading}</h3>
                <ul class="meeting-list">
                    {entries.into_iter().map(|e| view! { <Entry e all /> }).collect_view()}
                </ul>
            }
        })
        .collect_view()
}

#[component]
fn Entry(e: CalendarEntry, all: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let href = format!("/bodies/{}/meetings/{}", e.body_key, e.key);
    let minutes = e.minutes_published.then(|| {
        view! { <a class="minutes-link" href=format!("{href}#minutes-h")>{t!(i18n, meeting.minutes_link)}</a> }
    });
    let cancelled = e.status == crate::domain::enums::MeetingStatus::Cancelled;
    view! {
        <li class="meeting" class:cancelled=cancelled>
            <time datetime=e.starts_at.clone()>{when(locale, &e.starts_at, e.ends_at.as_deref())}</time>
            <a class="meeting-title" href=href>{e.title.clone()}</a>
            {all.then(|| view! { <span class="meeting-body">{e.body_name.clone()}</span> })}
            <span class="muted">
                {kind_label(locale, e.kind)} " · " <StatusBadge status=e.status />
                {e.location.clone().map(|l| view! { " · " <Place location=Some(l) /> })}
            </span>
            {minutes}
        </li>
    }
}
