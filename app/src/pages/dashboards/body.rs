//! The figures of a body's page: the four dimensions side by side, each
//! with its score; demands by topic and referrals by status (each bar links
//! to the list it counts); the trend of the last eight quarters.
use super::status_bars;
use crate::api::dashboards::load_body_dashboard;
use crate::components::charts::{Bar, BarChart};
use crate::components::dashboards::{quarter_label, rate_text, AsOfPicker, ScoreBadge, TrendChart};
use crate::components::error::ErrorNotice;
use crate::components::labels;
use crate::domain::enums::Topic;
use crate::domain::metrics::dashboards::BodyDashboard;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn BodyDashboardSection(key: String) -> impl IntoView {
    let i18n = use_i18n();
    let as_of = use_query_map().with_untracked(|q| q.get("as_of"));
    let data = Resource::new(
        move || (key.clone(), as_of.clone()),
        |(k, d)| load_body_dashboard(k, d),
    );
    view! {
        <section class="dashboard block" aria-labelledby="dash-h">
            <h2 id="dash-h">{t!(i18n, dash.title)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(Some(d)) => view! { <BodyDashboardView d /> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => view! {
                            <AsOfPicker value=String::new() anchor="dash-h" window_from=String::new() />
                            <ErrorNotice error=e />
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A figure of a dimension card, linking to what it counts when it can.
#[component]
fn Line(
    label: &'static str,
    value: String,
    #[prop(optional)] href: Option<String>,
) -> impl IntoView {
    view! {
        <div>
            <dt>{label}</dt>
            <dd>{match href {
                Some(h) => view! { <a href=h>{value}</a> }.into_any(),
                None => value.into_any(),
            }}</dd>
        </div>
    }
}

#[component]
fn BodyDashboardView(d: BodyDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let es = locale == Locale::es;
    let m = &d.metrics;
    let key = m.body.clone();
    let window = format!("body={key}&from={}&to={}", d.window_from, d.as_of_date);
    let rate = |v| rate_text(es, v);
    let (c, me, de, a) = (&m.composition, &m.meetings, &m.demands, &m.answers);
    let days = a
        .median_days_to_answer
        .map(|v| format!("{v:.1}"))
        .unwrap_or_else(|| "—".into());
    let mut topics: Vec<(Topic, u32)> = de
        .topics
        .iter()
        .filter_map(|(t, n)| t.parse().ok().map(|t| (t, *n)))
        .collect();
    topics.sort_by_key(|t| std::cmp::Reverse(t.1));
    let topic_links: Vec<String> = topics
        .iter()
        .map(|(t, _)| format!("/demands?{window}&topic={}", t.as_str()))
        .collect();
    let topic_bars: Vec<Bar> = topics
        .iter()
        .map(|(t, n)| Bar {
            label: labels::topic(locale, *t).to_string(),
            value: f64::from(*n),
            shown: n.to_string(),
        })
        .collect();
    let (status, status_links) = status_bars(locale, &a.status_counts, |s| {
        format!("/demands?{window}&status={}", s.as_str())
    });
    let labels_q: Vec<String> = d
        .trend
        .iter()
        .map(|p| quarter_label(es, &p.as_of))
        .collect();
    let series = vec![
        (
            td_string!(locale, dash.responsiveness).to_string(),
            d.trend
                .iter()
                .map(|p| p.scores.responsiveness_score)
                .collect(),
        ),
        (
            td_string!(locale, dash.regularity).to_string(),
            d.trend.iter().map(|p| p.scores.regularity_score).collect(),
        ),
        (
            td_string!(locale, dash.representativeness).to_string(),
            d.trend
                .iter()
                .map(|p| p.scores.representativeness_score)
                .collect(),
        ),
    ];
    let count = (
        td_string!(locale, dash.topic).to_string(),
        td_string!(locale, dash.demands_dim).to_string(),
    );
    view! {
        <AsOfPicker value=d.as_of_date.clone() anchor="dash-h" window_from=d.window_from.clone() />
        {m.low_sample.then(|| view! { <p class="callout">{t!(i18n, dash.low_sample_note)}</p> })}
        <div class="dimensions">
            <div class="card dimension">
                <h3 id="dim-comp">{t!(i18n, dash.composition)}</h3>
                <ScoreBadge label=td_string!(locale, dash.representativeness).to_string() score=m.scores.representativeness_score />
                <dl class="facts">
                    <Line label=td_string!(locale, dash.members) value=c.members_active.to_string() href=format!("?as_of={}#comp-h", d.as_of_date) />
                    <Line label=td_string!(locale, dash.seat_fill) value=rate(c.seat_fill_rate) />
                    <Line label=td_string!(locale, dash.gender_balance) value=rate(c.gender_balance) />
                </dl>
            </div>
            <div class="card dimension">
                <h3 id="dim-meet">{t!(i18n, dash.meetings)}</h3>
                <ScoreBadge label=td_string!(locale, dash.regularity).to_string() score=m.scores.regularity_score />
                <dl class="facts">
                    <Line label=td_string!(locale, dash.meetings_held) value=me.meetings_held.to_string() href=format!("/bodies/{key}/meetings") />
                    <Line label=td_string!(locale, dash.attendance) value=rate(me.attendance_rate) />
                    <Line label=td_string!(locale, dash.quorum) value=rate(me.quorum_rate) />
                    <Line label=td_string!(locale, dash.minutes) value=rate(me.minutes_rate) />
                </dl>
            </div>
            <div class="card dimension">
                <h3 id="dim-dem">{t!(i18n, dash.demands_dim)}</h3>
                <div class="score">
                    <span class="score-value">{de.demands_submitted}</span>
                    <span class="score-label">{t!(i18n, dash.demands)}</span>
                </div>
                <dl class="facts">
                    <Line label=td_string!(locale, dash.demands) value=de.demands_submitted.to_string() href=format!("/demands?{window}") />
                    <Line label=td_string!(locale, dash.adopted) value=rate(de.adopted_in_meeting_rate) />
                    <Line label=td_string!(locale, dash.referrals) value=a.referrals.to_string() href=format!("/demands?{window}") />
                </dl>
            </div>
            <div class="card dimension">
                <h3 id="dim-ans">{t!(i18n, dash.answers)}</h3>
                <ScoreBadge label=td_string!(locale, dash.responsiveness).to_string() score=m.scores.responsiveness_score />
                <dl class="facts">
                    <Line label=td_string!(locale, dash.response_rate) value=rate(a.response_rate) />
                    <Line label=td_string!(locale, dash.on_time_rate) value=rate(a.on_time_rate) />
                    <Line label=td_string!(locale, dash.implementation_rate) value=rate(a.implementation_rate) />
                    <Line label=td_string!(locale, dash.median_days) value=days />
                    <Line label=td_string!(locale, dash.overdue) value=a.overdue_open.to_string() href=format!("/demands?body={key}&overdue=1") />
                </dl>
            </div>
        </div>
        <div class="chart-grid">
            <BarChart id="chart-topics".into() title=td_string!(locale, dash.topics).to_string() bars=topic_bars
                columns=count.clone() links=topic_links />
            <BarChart id="chart-status".into() title=td_string!(locale, dash.status_counts).to_string() bars=status
                columns=(td_string!(locale, dash.status).to_string(), td_string!(locale, dash.count).to_string()) links=status_links />
        </div>
        <TrendChart id="trend-body" title=td_string!(locale, dash.trend).to_string() labels=labels_q series />
        <p class="downloads">
            <a href=format!("/api/v1/bodies/{key}/metrics?as_of={}", d.as_of_date)>"JSON"</a>
            " · "
            <a href=format!("/api/v1/bodies/{key}/popolo.json")>"Popolo"</a>
            " · "
            <a href="/api">{t!(i18n, dash.api)}</a>
        </p>
    }
}
