//! `/authorities`: every authority with its deadline rule and its answer
//! figures at T, sortable by a header's link (works without JavaScript).
//! Each count links to the referral list whose total it is.
use crate::api::dashboards::load_authority_list;
use crate::components::dashboards::{rate_text, score_text, AsOfPicker, FiguresFailed};
use crate::domain::enums::DayKind;
use crate::domain::metrics::dashboards::{AuthorityList, AuthorityRow};
use crate::domain::url::encode_component;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The orders a header offers: (key, reads best first when descending).
const SORTS: [&str; 6] = [
    "name",
    "referrals",
    "response",
    "on_time",
    "overdue",
    "score",
];

fn sort_rows(rows: &mut [AuthorityRow], by: &str) {
    let key = |r: &AuthorityRow| -> f64 {
        let a = &r.metrics.answers;
        match by {
            "referrals" => f64::from(a.referrals),
            "response" => a.response_rate.unwrap_or(-1.0),
            "on_time" => a.on_time_rate.unwrap_or(-1.0),
            "overdue" => f64::from(a.overdue_open),
            _ => r.metrics.scores.responsiveness_score.unwrap_or(-1.0),
        }
    };
    if by == "name" {
        rows.sort_by(|a, b| a.name.cmp(&b.name));
    } else {
        // Largest first; ties by name.
        rows.sort_by(|a, b| key(b).total_cmp(&key(a)).then_with(|| a.name.cmp(&b.name)));
    }
}

#[component]
pub fn AuthoritiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (as_of, sort) = use_query_map().with_untracked(|q| (q.get("as_of"), q.get("sort")));
    let sort = sort
        .filter(|s| SORTS.contains(&s.as_str()))
        .unwrap_or_else(|| "overdue".into());
    let data = Resource::new(move || as_of.clone(), load_authority_list);
    view! {
        <Title text=td_string!(locale, dash.authorities_title) />
        <section class="page-head">
            <h1 id="authorities-h">{t!(i18n, dash.authorities_title)}</h1>
            <p class="lead">{t!(i18n, dash.authorities_intro)} " "
                <a href="/methodology#per-authority">{t!(i18n, dash.methodology_link)}</a></p>
        </section>
        <Suspense fallback=|| ()>
            {move || {
                let sort = sort.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(list) => view! { <ListView list sort /> }.into_any(),
                        Err(e) => view! { <FiguresFailed anchor="authorities-h" error=e /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn ListView(list: AuthorityList, sort: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let es = locale == Locale::es;
    let mut rows = list.rows.clone();
    sort_rows(&mut rows, &sort);
    let date = list.as_of_date.clone();
    let header = move |key: &'static str, label: String, numeric: bool| {
        let current = sort == key;
        view! {
            <th scope="col" class=if numeric { "num" } else { "" } aria-sort=if current { if key == "name" { "ascending" } else { "descending" } } else { "none" }>
                <a href=format!("/authorities?as_of={date}&sort={key}")>{label}</a>
            </th>
        }
    };
    let body = rows
        .into_iter()
        .map(|r| {
            let a = r.metrics.answers.clone();
            let at = encode_component(&r.metrics.as_of);
            let list = |extra: &str| format!("/referrals?as_of={at}&authority={}{extra}", r.key);
            let kind = match r.day_kind {
                DayKind::Calendar => td_string!(locale, referrals.calendar_days),
                DayKind::Business => td_string!(locale, referrals.business_days),
            };
            let name = match &r.acronym {
                Some(ac) if !ac.is_empty() => format!("{} ({ac})", r.name),
                _ => r.name.clone(),
            };
            view! {
                <tr>
                    <th scope="row"><a href=format!("/authorities/{}?as_of={}", r.key, list_date(&r.metrics.as_of))>{name}</a></th>
                    <td>{format!("{} {kind}", r.response_days)}</td>
                    <td class="num"><a href=list("&window=1")>{a.referrals}</a></td>
                    <td class="num">{rate_text(es, a.response_rate)}
                        <span class="stat-basis">{format!("{} / {}", a.answered, a.considered)}</span></td>
                    <td class="num">{rate_text(es, a.on_time_rate)}</td>
                    <td class="num"><a href=list("&overdue=1")>{a.overdue_open}</a></td>
                    <td class="num">{score_text(r.metrics.scores.responsiveness_score)}
                        {r.metrics.low_sample.then(|| view! { " " <span class="badge low">{t!(i18n, dash.low_mark)}</span> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <AsOfPicker value=list.as_of_date.clone() anchor="authorities-h" window_from=list.window_from.clone() />
        <div class="table-wrap" tabindex="0">
            <table class="data">
                <caption class="visually-hidden">{t!(i18n, dash.authorities_title)}</caption>
                <thead>
                    <tr>
                        {header("name", td_string!(locale, dash.authority).into(), false)}
                        <th scope="col">{t!(i18n, dash.rule_title)}</th>
                        {header("referrals", td_string!(locale, dash.referrals).into(), true)}
                        {header("response", td_string!(locale, dash.response_rate).into(), true)}
                        {header("on_time", td_string!(locale, dash.on_time_rate).into(), true)}
                        {header("overdue", td_string!(locale, dash.overdue).into(), true)}
                        {header("score", td_string!(locale, dash.responsiveness).into(), true)}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        <p class="downloads">
            <a href=format!("/api/v1/authorities.csv?as_of={}", list.as_of_date) download="">{t!(i18n, dash.download_authorities_csv)}</a>
            " · "
            <a href=format!("/api/v1/authorities.csv?as_of={}&bom=1", list.as_of_date) download="">{t!(i18n, dash.download_csv_excel)}</a>
            " · "
            <a href=format!("{}?kind=authorities&as_of={}", crate::routes::COMPARE.pattern(), list.as_of_date)>{t!(i18n, compare.title)}</a>
            " · "
            <a href="/api">{t!(i18n, dash.api)}</a>
        </p>
    }
}

/// The date of an `as_of` instant, for the dashboards' date picker.
fn list_date(as_of: &str) -> String {
    as_of.get(..10).unwrap_or_default().to_string()
}
