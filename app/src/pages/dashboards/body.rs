//! The figures of a body's page: the four dimensions side by side, each
//! with its score; demands by topic and referrals by status (each bar links
//! to the list it counts); the trend of the last eight quarters.
use super::status_bars;
use crate::api::dashboards::load_body_dashboard;
use crate::components::charts::BarChart;
use crate::components::dashboards::{
    rate_text, AsOfPicker, DefineLink, FiguresFailed, ScoreBadge, TrendChart, SMALL_BASE,
};
use crate::domain::metrics::dashboards::BodyDashboard;
use crate::domain::url::encode_component;
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
                        Err(e) => view! { <FiguresFailed anchor="dash-h" error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A figure of a dimension card: its definition, what it counts and a link
/// to the list it counts when there is one.
#[component]
fn Line(
    label: &'static str,
    value: String,
    /// Its anchor on /methodology.
    define: &'static str,
    #[prop(optional)] href: Option<String>,
    /// "4 de 15 consideradas", a period, a note.
    #[prop(optional)]
    basis: Option<String>,
    /// A rate over fewer than five cases.
    #[prop(optional)]
    caution: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div>
            <dt>{label} " " <DefineLink anchor=define label=label.to_string() /></dt>
            <dd>{match href {
                Some(h) => view! { <a href=h>{value}</a> }.into_any(),
                None => value.into_any(),
            }}
            {basis.map(|b| view! { <span class="stat-basis">{b}</span> })}
            {caution.then(|| view! { <span class="caution">{t!(i18n, dash.small_base)}</span> })}
            </dd>
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
    let rate = |v| rate_text(es, v);
    // Every list carries the figures' own instant.
    let at = encode_component(&m.as_of);
    let window = format!("as_of={at}&window=1&body={key}");
    let meetings = {
        let (at, key) = (at.clone(), key.clone());
        move |extra: &str| format!("/bodies/{key}/meetings?as_of={at}{extra}")
    };
    // The meeting section below says the counts behind these rates.
    let figures = format!("?as_of={at}#meet-h");
    let list = {
        let (at, key) = (at.clone(), key.clone());
        move |extra: &str| format!("/referrals?as_of={at}&body={key}{extra}")
    };
    let of = |n: u32, d: u32, noun: &str| format!("{n} {} {d} {noun}", td_string!(locale, dash.of));
    let small = |d: u32| d > 0 && d < SMALL_BASE;
    let (c, me, de, a) = (&m.composition, &m.meetings, &m.demands, &m.answers);
    let days = a
        .median_days_to_answer
        .map(|v| format!("{v:.1}"))
        .unwrap_or_else(|| "—".into());
    let topics = super::charts::body_topics(locale, &d);
    let topic_links: Vec<String> = topics
        .keys
        .iter()
        .map(|t| format!("/demands?{window}&topic={t}"))
        .collect();
    let status_chart = super::charts::status(locale, &a.status_counts);
    let page = format!("/bodies/{key}");
    let topics_embed =
        super::charts::embed(locale, &page, (topics.name, &topics.title), &d.as_of_date);
    let status_embed = super::charts::embed(
        locale,
        &page,
        (status_chart.name, &status_chart.title),
        &d.as_of_date,
    );
    let (status, status_links) = status_bars(locale, &a.status_counts, |s| {
        list(&format!("&window=1&status={}", s.as_str()))
    });
    let considered = td_string!(locale, dash.considered_noun);
    let held_records = me.meetings_held;
    let accepting = a.status_counts.accepting();
    let seat_note = match (c.seats, c.seat_fill_rate) {
        (Some(seats), Some(r)) if r > 1.0 => format!(
            "{}; {}",
            of(
                c.members_active,
                seats as u32,
                td_string!(locale, dash.seats_noun)
            ),
            td_string!(locale, dash.seat_fill_over)
        ),
        (Some(seats), _) => of(
            c.members_active,
            seats.max(0) as u32,
            td_string!(locale, dash.seats_noun),
        ),
        _ => String::new(),
    };
    let trend = super::charts::body_trend(locale, &d);
    let trend_embed =
        super::charts::embed(locale, &page, (trend.name, &trend.title), &d.as_of_date);
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
                <ScoreBadge label=td_string!(locale, dash.representativeness).to_string() score=m.scores.representativeness_score define="representativeness_score" />
                <dl class="facts">
                    <Line label=td_string!(locale, dash.members) value=c.members_active.to_string() define="members_active" href=format!("?as_of={}#comp-h", d.as_of_date) />
                    <Line label=td_string!(locale, dash.seat_fill) value=rate(c.seat_fill_rate) define="seat_fill_rate" basis=seat_note />
                    <Line label=td_string!(locale, dash.gender_balance) value=rate(c.gender_balance) define="gender_balance" />
                </dl>
            </div>
            <div class="card dimension">
                <h3 id="dim-meet">{t!(i18n, dash.meetings)}</h3>
                <ScoreBadge label=td_string!(locale, dash.regularity).to_string() score=m.scores.regularity_score define="regularity_score" />
                <dl class="facts">
                    <Line label=td_string!(locale, dash.meetings_held) value=me.meetings_held.to_string() define="meetings_held" href=meetings("&status=held") />
                    <Line label=td_string!(locale, dash.regularity_rate) value=rate(me.meeting_regularity) define="meeting_regularity" href=meetings("&status=held&ordinary=1")
                        basis=d.meetings_per_year.map(|n| format!("{n} {}", td_string!(locale, dash.mandated_noun))).unwrap_or_default() />
                    <Line label=td_string!(locale, dash.attendance) value=rate(me.attendance_rate) define="attendance_rate" href=figures.clone() />
                    <Line label=td_string!(locale, dash.quorum) value=rate(me.quorum_rate) define="quorum_rate" href=figures.clone() />
                    <Line label=td_string!(locale, dash.minutes) value=rate(me.minutes_rate) define="minutes_rate" href=meetings("&status=held&minutes=1")
                        basis=of(crate::components::dashboards::count_of(me.minutes_rate, held_records), held_records, td_string!(locale, dash.held_noun)) caution=small(held_records) />
                </dl>
            </div>
            <div class="card dimension">
                <h3 id="dim-dem">{t!(i18n, dash.demands_dim)}</h3>
                <div class="score">
                    <span class="score-value">{de.demands_submitted}</span>
                    <span class="score-label">{t!(i18n, dash.demands)} " "
                        <DefineLink anchor="demands_submitted" label=td_string!(locale, dash.demands).to_string() /></span>
                </div>
                <dl class="facts">
                    <Line label=td_string!(locale, dash.demands) value=de.demands_submitted.to_string() define="demands_submitted" href=format!("/demands?{window}") />
                    <Line label=td_string!(locale, dash.adopted) value=rate(de.adopted_in_meeting_rate) define="adopted_in_meeting_rate" />
                    <Line label=td_string!(locale, dash.referrals) value=a.referrals.to_string() define="referrals" href=list("&window=1") />
                </dl>
            </div>
            <div class="card dimension">
                <h3 id="dim-ans">{t!(i18n, dash.answers)}</h3>
                <ScoreBadge label=td_string!(locale, dash.responsiveness).to_string() score=m.scores.responsiveness_score define="responsiveness_score" />
                <dl class="facts">
                    <Line label=td_string!(locale, dash.considered) value=a.considered.to_string() define="considered" href=list("&window=1&considered=1") />
                    <Line label=td_string!(locale, dash.response_rate) value=rate(a.response_rate) define="response_rate" href=list("&window=1&answered=1")
                        basis=of(a.answered, a.considered, considered) caution=small(a.considered) />
                    <Line label=td_string!(locale, dash.on_time_rate) value=rate(a.on_time_rate) define="on_time_rate" href=list("&window=1&on_time=1")
                        basis=of(crate::components::dashboards::count_of(a.on_time_rate, a.considered), a.considered, considered) caution=small(a.considered) />
                    <Line label=td_string!(locale, dash.implementation_rate) value=rate(a.implementation_rate) define="implementation_rate" href=list("&window=1&status=implemented")
                        basis=of(a.status_counts.implemented, accepting, td_string!(locale, dash.implemented_like_noun)) caution=small(accepting) />
                    <Line label=td_string!(locale, dash.median_days) value=days define="median_days_to_answer" />
                    <Line label=td_string!(locale, dash.overdue) value=a.overdue_open.to_string() define="overdue_open" href=list("&overdue=1")
                        basis=format!("{} {}", td_string!(locale, dash.all_time), crate::components::dates::date(locale, &m.as_of)) />
                </dl>
            </div>
        </div>
        <div class="chart-grid">
            <BarChart id="chart-topics".into() title=topics.title.clone() bars=topics.bars.clone()
                columns=count.clone() links=topic_links define=topics.define embed=topics_embed />
            <BarChart id="chart-status".into() title=status_chart.title.clone() bars=status
                columns=(td_string!(locale, dash.status).to_string(), td_string!(locale, dash.count).to_string()) links=status_links define=status_chart.define embed=status_embed />
        </div>
        <TrendChart id="trend-body" title=trend.title labels=trend.labels series=trend.series define="trends" embed=trend_embed />
        <p class="downloads">
            <a href=format!("/api/v1/bodies/{key}/metrics?as_of={at}")>"JSON"</a>
            " · "
            <a href=list("")>{t!(i18n, referrals.title)}</a>
            " · "
            <a href=format!("/api/v1/bodies/{key}/popolo.json")>"Popolo"</a>
            " · "
            <a href=format!("{}?kind=bodies&k={key}&as_of={}", crate::routes::COMPARE.pattern(), d.as_of_date)>{t!(i18n, compare.link)}</a>
            " · "
            <a href=crate::routes::BODY_REPORT.path(&[&key, d.as_of_date.get(..4).unwrap_or_default()])>{t!(i18n, annual.link)} " " {d.as_of_date.get(..4).unwrap_or_default().to_string()}</a>
            " · "
            <a href="/api">{t!(i18n, dash.api)}</a>
        </p>
    }
}
