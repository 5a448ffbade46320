//! An authority's page (`/authorities/:key`): its answer figures and score,
//! the same per body, the distribution of days to the first answer, its
//! overdue referrals (most overdue first) and the trend.
use super::status_bars;
use crate::api::dashboards::load_authority_dashboard;
use crate::components::charts::BarChart;
use crate::components::dashboards::{
    count_of, rate_text, AnswerRow, AnswersTable, AsOfPicker, Basis, Figure, FiguresFailed,
    OverdueTable, ScoreBadge, TrendChart,
};
use crate::components::dates;
use crate::components::feed_links::FeedLinks;
use crate::components::follow::FollowBox;
use crate::components::preview::Preview;
use crate::domain::enums::DayKind;
use crate::domain::follows::FollowKind;
use crate::domain::metrics::dashboards::AuthorityDashboard;
use crate::domain::url::encode_component;
use crate::i18n::*;
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn AuthorityPage() -> impl IntoView {
    let key = use_params_map().with_untracked(|p| p.get("key").unwrap_or_default());
    let as_of = use_query_map().with_untracked(|q| q.get("as_of"));
    let data = Resource::new(
        move || (key.clone(), as_of.clone()),
        |(k, d)| load_authority_dashboard(k, d),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(d)) => view! { <AuthorityView d /> }.into_any(),
                    Ok(None) | Err(crate::domain::error::ApiError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(e) => view! { <FiguresFailed anchor="dash-h" error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AuthorityView(d: AuthorityDashboard) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let es = locale == Locale::es;
    let m = &d.metrics;
    let a = &m.answers;
    let key = m.authority.clone();
    // Every list carries the figures' own instant.
    let at = encode_component(&m.as_of);
    let list = {
        let (at, key) = (at.clone(), key.clone());
        move |extra: &str| format!("/referrals?as_of={at}&authority={key}{extra}")
    };
    let rate = |v| rate_text(es, v);
    let days = a
        .median_days_to_answer
        .map(|v| format!("{v:.1}"))
        .unwrap_or_else(|| "—".into());
    let heading = match &d.acronym {
        Some(ac) if !ac.is_empty() => format!("{} ({ac})", d.name),
        _ => d.name.clone(),
    };
    let hist = super::charts::authority_days(locale, &d);
    let status_chart = super::charts::status(locale, &a.status_counts);
    let page = format!("/authorities/{key}");
    let hist_embed = super::charts::embed(locale, &page, (hist.name, &hist.title), &d.as_of_date);
    let status_embed = super::charts::embed(
        locale,
        &page,
        (status_chart.name, &status_chart.title),
        &d.as_of_date,
    );
    let (status, status_links) = status_bars(locale, &a.status_counts, |s| {
        list(&format!("&window=1&status={}", s.as_str()))
    });
    let trend = super::charts::authority_trend(locale, &d);
    let trend_embed =
        super::charts::embed(locale, &page, (trend.name, &trend.title), &d.as_of_date);
    let by_body: Vec<AnswerRow> = d
        .body_names
        .iter()
        .filter_map(|(k, name)| {
            m.by_body.get(k).map(|f| AnswerRow {
                name: name.clone(),
                href: format!("/bodies/{k}?as_of={}#dash-h", d.as_of_date),
                figures: f.clone(),
                list: Some(list(&format!("&body={k}"))),
            })
        })
        .collect();
    let count = td_string!(locale, dash.count).to_string();
    let considered = td_string!(locale, dash.considered_noun).to_string();
    let accepting = a.status_counts.accepting();
    let rule = {
        let kind = match d.day_kind {
            DayKind::Calendar => td_string!(locale, referrals.calendar_days),
            DayKind::Business => td_string!(locale, referrals.business_days),
        };
        format!("{} {kind}", d.response_days)
    };
    let holidays: Vec<String> = d
        .holidays
        .iter()
        .map(|h| dates::date(locale, &format!("{h}T12:00:00Z")))
        .collect();
    let feed_title = heading.clone();
    let preview = format!(
        "{}: {} · {}: {} · {} {}",
        td_string!(locale, dash.response_rate),
        rate(a.response_rate),
        td_string!(locale, dash.on_time_rate),
        rate(a.on_time_rate),
        td_string!(locale, dash.as_of),
        d.as_of_date
    );
    view! {
        <Title text=heading.clone() />
        <Preview title=heading.clone() description=preview path=format!("/authorities/{key}") image=format!("/authorities/{key}/card.png") />
        <nav class="crumbs" aria-label=td_string!(locale, body.back)>
            <a href="/#overview-h">{t!(i18n, body.back)}</a>
        </nav>
        <section class="page-head">
            <p class="eyebrow"><span class="badge">{t!(i18n, dash.authority)}</span></p>
            <h1>{heading}</h1>
            <p class="lead">{t!(i18n, dash.authority_intro)}</p>
            <FeedLinks atom=format!("/authorities/{key}/feed.atom") json=format!("/authorities/{key}/feed.json") title=feed_title />
            <FollowBox kind=FollowKind::Authority target=key.clone() />
        </section>
        <section class="dashboard block" aria-labelledby="dash-h">
            <h2 id="dash-h">{t!(i18n, dash.answers)}</h2>
            <AsOfPicker value=d.as_of_date.clone() anchor="dash-h" window_from=d.window_from.clone() />
            {m.low_sample.then(|| view! { <p class="callout">{t!(i18n, dash.low_sample_note)}</p> })}
            <div class="authority-head">
                <ScoreBadge label=td_string!(locale, dash.responsiveness).to_string() score=m.scores.responsiveness_score define="responsiveness_score" />
                <div class="stats" role="list">
                    <Figure label=td_string!(locale, dash.referrals).into() value=a.referrals.to_string() define="referrals"
                        basis=Basis { list: Some(list("&window=1")), ..Default::default() } />
                    <Figure label=td_string!(locale, dash.considered).into() value=a.considered.to_string() define="considered"
                        basis=Basis { list: Some(list("&window=1&considered=1")), ..Default::default() } />
                    <Figure label=td_string!(locale, dash.answered).into() value=a.answered.to_string() define="answered"
                        basis=Basis { list: Some(list("&window=1&answered=1")), ..Default::default() } />
                    <Figure label=td_string!(locale, dash.response_rate).into() value=rate(a.response_rate) define="response_rate"
                        basis=Basis { ratio: Some((a.answered, a.considered, considered.clone())), list: Some(list("&window=1&answered=1")), base_list: Some(list("&window=1&considered=1")), ..Default::default() } />
                    <Figure label=td_string!(locale, dash.on_time_rate).into() value=rate(a.on_time_rate) define="on_time_rate"
                        basis=Basis { ratio: Some((count_of(a.on_time_rate, a.considered), a.considered, considered.clone())), list: Some(list("&window=1&on_time=1")), base_list: Some(list("&window=1&considered=1")), ..Default::default() } />
                    <Figure label=td_string!(locale, dash.median_days).into() value=days define="median_days_to_answer"
                        basis=Basis { note: Some(format!("{} {}", a.answered, td_string!(locale, dash.answered_noun))), ..Default::default() } />
                    <Figure label=td_string!(locale, dash.acceptance_rate).into() value=rate(a.acceptance_rate) define="acceptance_rate"
                        basis=Basis { ratio: Some((count_of(a.acceptance_rate, a.answered), a.answered, td_string!(locale, dash.answered_noun).into())), base_list: Some(list("&window=1&answered=1")), ..Default::default() } />
                    <Figure label=td_string!(locale, dash.implementation_rate).into() value=rate(a.implementation_rate) define="implementation_rate"
                        basis=Basis { ratio: Some((a.status_counts.implemented, accepting, td_string!(locale, dash.implemented_like_noun).into())), list: Some(list("&window=1&status=implemented")), ..Default::default() } />
                    <Figure label=td_string!(locale, dash.contested_rate).into() value=rate(a.contested_rate) define="contested_rate"
                        basis=Basis { ratio: Some((count_of(a.contested_rate, a.status_counts.implemented), a.status_counts.implemented, td_string!(locale, dash.implemented_noun).into())), base_list: Some(list("&window=1&status=implemented")), ..Default::default() } />
                    <Figure label=td_string!(locale, dash.overdue).into() value=a.overdue_open.to_string() define="overdue_open"
                        basis=Basis { list: Some(list("&overdue=1")), backlog_at: Some(m.as_of.clone()), ..Default::default() } />
                </div>
            </div>
        </section>
        <section class="block" aria-labelledby="rule-h">
            <h2 id="rule-h">{t!(i18n, dash.rule_title)}</h2>
            <p>{t!(i18n, dash.rule_text)} " " <strong>{rule}</strong>". " {t!(i18n, dash.rule_override)}
                " " <a href="/methodology#clock">{t!(i18n, dash.methodology_link)}</a></p>
            {(d.day_kind == DayKind::Business).then(|| if holidays.is_empty() {
                view! { <p class="muted">{t!(i18n, dash.no_holidays)}</p> }.into_any()
            } else {
                view! {
                    <details>
                        <summary>{t!(i18n, dash.holidays)} " (" {holidays.len()} ")"</summary>
                        <ul class="holidays">{holidays.into_iter().map(|h| view! { <li>{h}</li> }).collect_view()}</ul>
                    </details>
                }.into_any()
            })}
        </section>
        <section class="block" aria-labelledby="by-body-h">
            <h2 id="by-body-h">{t!(i18n, dash.by_body)}</h2>
            <AnswersTable labelled_by="by-body-h" first=td_string!(locale, dash.body).to_string() rows=by_body />
        </section>
        <div class="chart-grid">
            <BarChart id="chart-days".into() title=hist.title.clone() bars=hist.bars.clone()
                columns=(hist.title.clone(), count.clone()) define=hist.define embed=hist_embed />
            <BarChart id="chart-status".into() title=status_chart.title.clone() bars=status
                columns=(td_string!(locale, dash.status).to_string(), count) links=status_links define=status_chart.define embed=status_embed />
        </div>
        <section class="block" aria-labelledby="overdue-h">
            <h2 id="overdue-h">{t!(i18n, dash.most_overdue)}</h2>
            <OverdueTable rows=d.overdue.clone() as_of=d.metrics.as_of.clone() />
        </section>
        <TrendChart id="trend-authority" title=trend.title labels=trend.labels series=trend.series define="trends" embed=trend_embed />
        <p class="downloads">
            <a href=format!("/api/v1/authorities/{key}/metrics?as_of={at}")>"JSON"</a>
            " · "
            <a href=list("")>{t!(i18n, referrals.title)}</a>
            " · "
            <a href=format!("/authorities?as_of={}", d.as_of_date)>{t!(i18n, dash.authorities_link)}</a>
            " · "
            <a href=format!("{}?kind=authorities&k={key}&as_of={}", crate::routes::COMPARE.pattern(), d.as_of_date)>{t!(i18n, compare.link)}</a>
            " · "
            <a href=crate::routes::AUTHORITY_REPORT.path(&[&key, d.as_of_date.get(..4).unwrap_or_default()])>{t!(i18n, annual.link)} " " {d.as_of_date.get(..4).unwrap_or_default().to_string()}</a>
            " · "
            <a href="/api">{t!(i18n, dash.api)}</a>
        </p>
    }
}
