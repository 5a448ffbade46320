//! The meeting part of a body's page: metrics.md's meeting figures for the
//! 365 days up to the date chosen in the composition's date picker (the
//! same `as_of`), with a bar chart of the rates and their numbers.
use crate::api::meetings::meeting_figures;
use crate::components::charts::{percent, BarChart};
use crate::components::dashboards::{Basis, Figure};
use crate::components::error::ErrorNotice;
use crate::domain::meetings::BodyMeetingFigures;
use crate::domain::url::encode_component;
use crate::i18n::*;
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
    let n = f.counts;
    let score = f
        .regularity_score
        .map(|s| format!("{}", s.round()))
        .unwrap_or_else(|| na.clone());
    let days = g
        .median_days_to_minutes
        .map(|d| format!("{:.1}", d))
        .unwrap_or_else(|| na.clone());
    // Every count opens the meetings it counts, at the same instant.
    let at = encode_component(&f.as_of);
    let list = |extra: &str| Some(format!("/bodies/{key}/meetings?as_of={at}{extra}"));
    let held_noun = td_string!(locale, dash.held_noun).to_string();
    let mandate_noun = td_string!(locale, dash.mandated_noun).to_string();
    let regularity_basis = match f.meetings_per_year.filter(|n| *n > 0) {
        Some(per_year) => Basis {
            ratio: Some((n.ordinary_held, per_year as u32, mandate_noun)),
            list: list("&status=held&ordinary=1"),
            note: (n.ordinary_held > per_year as u32)
                .then(|| td_string!(locale, meeting.regularity_capped).to_string()),
            ..Default::default()
        },
        None => Basis {
            note: Some(td_string!(locale, meeting.no_mandate).to_string()),
            ..Default::default()
        },
    };
    let chart = crate::pages::dashboards::charts::meeting_rates(locale, &f);
    let chart_embed = crate::pages::dashboards::charts::embed(
        locale,
        &format!("/bodies/{key}"),
        (chart.name, &chart.title),
        &f.as_of,
    );
    view! {
        <div class="stats" role="list">
            <Figure label=td_string!(locale, meeting.regularity_score).into() value=score define="regularity_score"
                basis=Basis { note: Some(td_string!(locale, meeting.score_hint).to_string()), ..Default::default() } />
            <Figure label=td_string!(locale, meeting.held_count).into() value=g.meetings_held.to_string() define="meetings_held"
                basis=Basis { list: list("&status=held"), ..Default::default() } />
            <Figure label=td_string!(locale, meeting.cancelled_count).into() value=g.meetings_cancelled.to_string() define="meetings_cancelled"
                basis=Basis { list: list("&status=cancelled"), ..Default::default() } />
            <Figure label=td_string!(locale, meeting.regularity).into() value=rate(g.meeting_regularity) define="meeting_regularity"
                basis=regularity_basis />
            <Figure label=td_string!(locale, meeting.attendance_rate).into() value=rate(g.attendance_rate) define="attendance_rate"
                basis=Basis { ratio: Some((n.attending, n.records, td_string!(locale, meeting.records_noun).to_string())), ..Default::default() } />
            <Figure label=td_string!(locale, meeting.quorum_rate).into() value=rate(g.quorum_rate) define="quorum_rate"
                basis=Basis { ratio: Some((n.quorum_reached, n.with_records, td_string!(locale, meeting.with_records_noun).to_string())), ..Default::default() } />
            <Figure label=td_string!(locale, meeting.minutes_rate).into() value=rate(g.minutes_rate) define="minutes_rate"
                basis=Basis { ratio: Some((n.with_minutes, n.held, held_noun.clone())), list: list("&status=held&minutes=1"), base_list: list("&status=held"), ..Default::default() } />
            <Figure label=td_string!(locale, meeting.median_days).into() value=days define="median_days_to_minutes"
                basis=Basis { ratio: Some((n.with_minutes, n.held, held_noun)), ..Default::default() } />
        </div>
        <div class="chart-grid">
            <BarChart id="chart-meetings".into() title=chart.title bars=chart.bars max=1.0 define=chart.define
                columns=(td_string!(locale, comp.item).to_string(), td_string!(locale, meeting.rate).to_string()) embed=chart_embed />
        </div>
        <p><a href=format!("/bodies/{key}/meetings")>{t!(i18n, meeting.see_calendar)}</a></p>
    }
}
