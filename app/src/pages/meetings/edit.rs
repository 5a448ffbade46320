//! Scheduling a meeting (one-off or recurring) and editing one: its details
//! for this occurrence or the rest of its series, and cancelling it.
//! Plain forms; see the server's `http::meetings`.
use super::MeetingSubpageHead;
use crate::api::meetings::{may_schedule, meeting_values};
use crate::components::forms::{DoneNotice, Field, ProblemSummary, Select, TextArea};
use crate::domain::enums::MeetingKind;
use crate::i18n::*;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use std::collections::BTreeMap;

pub use crate::components::error::refusal;

#[component]
pub fn ScheduleMeetingPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let key = use_params_map().with_untracked(|p| p.get("key").unwrap_or_default());
    let k2 = key.clone();
    let data = Resource::new(move || k2.clone(), may_schedule);
    let title = td_string!(locale, meeting.schedule);
    view! {
        <Title text=title />
        <section class="page-head narrow">
            <p class="crumbs"><a href=format!("/bodies/{key}/meetings")>{t!(i18n, meeting.calendar_title)}</a></p>
            <h1>{title}</h1>
        </section>
        <Suspense fallback=|| ()>
            {move || {
                let key = key.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(e) => refusal(e),
                        Ok(name) => view! {
                            <p class="lead narrow">{name}</p>
                            <section class="card narrow">
                                <ProblemSummary form="meeting" />
                                <form method="post" action=routes::MEETING_NEW.path(&[&key]) class="stack">
                                    <Details values=BTreeMap::new() />
                                    <Repeat />
                                    <button type="submit" class="button primary">{t!(i18n, meeting.schedule_submit)}</button>
                                </form>
                            </section>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Title, kind, date and times, place and agenda.
#[component]
fn Details(values: BTreeMap<String, String>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    // Asked only once the date was refused as past.
    let past = crate::components::forms::refused("meeting")
        .and_then(|f| f.error("date"))
        .is_some_and(|c| c == "date_past");
    let v = |k: &str| values.get(k).cloned();
    let kinds = MeetingKind::ALL
        .iter()
        .map(|k| (k.as_str(), super::kind_label(locale, *k).to_string()))
        .collect();
    view! {
        <Field form="meeting" name="title" label=td_string!(locale, meeting.title_field).to_string() required=true value=v("title").unwrap_or_default() />
        <Select form="meeting" name="kind" label=td_string!(locale, meeting.kind).to_string() options=kinds current=v("kind").unwrap_or_else(|| "ordinary".into()) />
        <Field form="meeting" name="date" kind="date" label=td_string!(locale, meeting.date).to_string() required=true value=v("date").unwrap_or_default()
            hint=td_string!(locale, meeting.date_hint).to_string() />
        {past.then(|| view! {
            <div class="field checkbox">
                <input type="checkbox" id="meeting-past" name="past" value="yes" />
                <label for="meeting-past">{t!(i18n, meeting.past_ok)}</label>
            </div>
        })}
        <div class="field-row">
            <Field form="meeting" name="start" kind="time" label=td_string!(locale, meeting.start).to_string() required=true value=v("start").unwrap_or_else(|| "10:00".into()) />
            <Field form="meeting" name="end" kind="time" label=td_string!(locale, meeting.end).to_string() value=v("end").unwrap_or_else(|| "12:00".into()) />
        </div>
        <Field form="meeting" name="location" label=td_string!(locale, meeting.place).to_string() value=v("location").unwrap_or_default()
            hint=td_string!(locale, meeting.place_hint).to_string() />
        <TextArea form="meeting" name="agenda" label=td_string!(locale, meeting.agenda).to_string() value=v("agenda").unwrap_or_default()
            hint=td_string!(locale, meeting.markdown_hint).to_string() />
    }
}

/// How a new meeting repeats.
#[component]
fn Repeat() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let options = vec![
        ("none", td_string!(locale, meeting.repeat_none).to_string()),
        (
            "weekly",
            td_string!(locale, meeting.repeat_weekly).to_string(),
        ),
        (
            "monthly_day",
            td_string!(locale, meeting.repeat_monthly_day).to_string(),
        ),
        (
            "monthly_weekday",
            td_string!(locale, meeting.repeat_monthly_weekday).to_string(),
        ),
        (
            "quarterly",
            td_string!(locale, meeting.repeat_quarterly).to_string(),
        ),
    ];
    view! {
        <fieldset class="stack">
            <legend>{t!(i18n, meeting.repeat_legend)}</legend>
            <Select form="meeting" name="repeat" label=td_string!(locale, meeting.repeat).to_string() options current="none".into() />
            <Field form="meeting" name="interval" kind="number" label=td_string!(locale, meeting.interval).to_string() value="1".to_string()
                hint=td_string!(locale, meeting.interval_hint).to_string() />
            <p class="hint">{t!(i18n, meeting.end_hint)}</p>
            <div class="field-row">
                <Field form="meeting" name="until" kind="date" label=td_string!(locale, meeting.until).to_string() />
                <Field form="meeting" name="count" kind="number" label=td_string!(locale, meeting.count).to_string() />
            </div>
        </fieldset>
    }
}

#[component]
pub fn EditMeetingPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (key, meeting, data) = super::meeting_resource(meeting_values);
    let title = td_string!(locale, meeting.edit_title);
    view! {
        <MeetingSubpageHead key=key.clone() meeting=meeting.clone() title />
        <DoneNotice texts=vec![("saved", td_string!(locale, meeting.done_saved).to_string())] />
        <Suspense fallback=|| ()>
            {move || {
                let (key, meeting) = (key.clone(), meeting.clone());
                Suspend::new(async move {
                    match data.await {
                        Err(e) => refusal(e),
                        Ok((entry, in_series, values)) => {
                            let scope = move |form: &'static str| in_series.then(|| view! { <Scope form /> });
                            let cancellable = entry.status == crate::domain::enums::MeetingStatus::Scheduled;
                            view! {
                                <p class="lead narrow">{entry.title.clone()} " · " {super::when(locale, &entry.starts_at, entry.ends_at.as_deref())}</p>
                                <section class="card narrow">
                                    <ProblemSummary form="meeting" />
                                    <form method="post" action=routes::MEETING_EDIT.path(&[&key, &meeting]) class="stack">
                                        <Details values=values.clone() />
                                        {scope("meeting")}
                                        <p class="hint">{t!(i18n, meeting.notify_hint)}</p>
                                        <button type="submit" class="button primary">{t!(i18n, meeting.save)}</button>
                                    </form>
                                </section>
                                {cancellable.then(|| view! {
                                    <section class="card narrow" aria-labelledby="cancel-h">
                                        <h2 id="cancel-h">{t!(i18n, meeting.cancel_title)}</h2>
                                        <ProblemSummary form="cancel" />
                                        <form method="post" action=routes::MEETING_CANCEL.path(&[&key, &meeting]) class="stack">
                                            <Field form="cancel" name="reason" label=td_string!(locale, meeting.reason).to_string() required=true />
                                            {scope("cancel")}
                                            <button type="submit" class="button danger">{t!(i18n, meeting.cancel_submit)}</button>
                                        </form>
                                    </section>
                                })}
                            }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

/// "This meeting" or "this and the following of the series".
#[component]
fn Scope(form: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let one = format!("{form}-scope-one");
    let following = format!("{form}-scope-following");
    view! {
        <fieldset class="choices">
            <legend>{t!(i18n, meeting.scope)}</legend>
            <div class="field checkbox">
                <input type="radio" id=one.clone() name="scope" value="one" checked=true />
                <label for=one>{t!(i18n, meeting.scope_one)}</label>
            </div>
            <div class="field checkbox">
                <input type="radio" id=following.clone() name="scope" value="following" />
                <label for=following>{t!(i18n, meeting.scope_following)}</label>
            </div>
        </fieldset>
    }
}
