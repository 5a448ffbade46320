//! The meeting part of a body's page: metrics.md's meeting figures for the
//! 365 days up to the date chosen in the composition's date picker (the
//! same `as_of`), with a bar chart of the rates and their numbers.
use crate::api::meetings::meeting_figures;
use crate::components::charts::{percent, Bar, BarChart};
use crate::components::error::ErrorNotice;
use crate::domain::meetings::BodyMeetingFigures;
use crate::i18n::*;
use crate::pages::composition::Figure;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MeetingFiguresSection(key: String) -> impl IntoView {
    let i18n = use_i18n();
    let as_of = use_query_map().with_untracked(|q| q.get("as_of"));
    let k2 = key.clone();
    let data = Resource::new(
        move || (k2.clone(), as_of.clone()),
        |(k, d)| meeting_figures(k, d),
    );
    view! {
        <section class="meeting-figures block" aria-labelledby="meet-h">
            <h2 id="meet-h">{t!(i18n, meeting.figures_title)}</h2>
            <p class="muted">{t!(i18n, meeting.figures_intro)}</p>
            <Suspense fallback=|| ()>
                {move || {
                    let key = key.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(Some(f)) => view! { <FiguresView f key /> }.into_any(),
                            Ok(None) => ().into_any(),
                            Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn FiguresView(f: BodyMeetingFigures, key: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let es = locale == Locale::es;
    let na = td_string!(locale, comp.na).to_string();
    let rate = {
        let na = na.clone();
        move |v: Option<f64>| v.map(|v| percent(es, v)).unwrap_or_else(|| na.clone())
    };
    let g = &f.figures;
    let score = f
        .regularity_score
        .map(|s| format!("{}", s.round()))
        .unwrap_or_else(|| na.clone());
    let mandate = match f.meetings_per_year {
        Some(n) if n > 0 => format!("{}: {n}", td_string!(locale, meeting.mandated)),
        _ => td_string!(locale, meeting.no_mandate).to_string(),
    };
    let days = g
        .median_days_to_minutes
        .map(|d| format!("{:.1}", d))
        .unwrap_or_else(|| na.clone());
    let bars: Vec<Bar> = [
        (td_string!(locale, meeting.regularity), g.meeting_regularity),
        (
            td_string!(locale, meeting.attendance_rate),
            g.attendance_rate,
        ),
        (td_string!(locale, meeting.quorum_rate), g.quorum_rate),
        (td_string!(locale, meeting.minutes_rate), g.minutes_rate),
    ]
    .into_iter()
    .map(|(label, v)| Bar {
        label: label.to_string(),
        value: v.unwrap_or(0.0),
        shown: rate(v),
    })
    .collect();
    view! {
        <div class="stats" role="list">
            <Figure label=td_string!(locale, meeting.regularity_score) value=score note=td_string!(locale, meeting.score_hint).to_string() />
            <Figure label=td_string!(locale, meeting.held_count) value=g.meetings_held.to_string() note=mandate />
            <Figure label=td_string!(locale, meeting.cancelled_count) value=g.meetings_cancelled.to_string() />
            <Figure label=td_string!(locale, meeting.attendance_rate) value=rate(g.attendance_rate) />
            <Figure label=td_string!(locale, meeting.quorum_rate) value=rate(g.quorum_rate) />
            <Figure label=td_string!(locale, meeting.minutes_rate) value=rate(g.minutes_rate) />
            <Figure label=td_string!(locale, meeting.median_days) value=days />
        </div>
        <div class="chart-grid">
            <BarChart id="chart-meetings".into() title=td_string!(locale, meeting.rates_chart).to_string() bars max=1.0
                columns=(td_string!(locale, comp.item).to_string(), td_string!(locale, meeting.rate).to_string()) />
        </div>
        <p><a href=format!("/bodies/{key}/meetings")>{t!(i18n, meeting.see_calendar)}</a></p>
    }
}
