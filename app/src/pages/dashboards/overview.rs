//! The national overview on the home page: totals, the rankings' first
//! entries (low-sample ones apart and marked) and the most overdue
//! referrals. The figures council by council and the whole rankings are on
//! `/bodies` (`bodies.rs`), one link away, so that the home page stays
//! short at any number of councils.
use crate::api::dashboards::load_overview;
use crate::components::dashboards::{AsOfPicker, DefineLink, FiguresFailed, OverdueTable, Ranking};
use crate::components::dates;
use crate::domain::metrics::dashboards::Overview;
use crate::domain::url::encode_component;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OverviewSection() -> impl IntoView {
    let i18n = use_i18n();
    let as_of = use_query_map().with_untracked(|q| q.get("as_of"));
    let asked = as_of.clone();
    let data = Resource::new(move || as_of.clone(), load_overview);
    view! {
        <section class="overview block" aria-labelledby="overview-h">
            <h2 id="overview-h">{t!(i18n, dash.overview)}</h2>
            <p class="muted">{t!(i18n, dash.overview_intro)} " "
                <a href="/methodology">{t!(i18n, dash.methodology_link)}</a></p>
            <Suspense fallback=|| ()>
                {move || {
                    let asked = asked.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(o) => view! { <OverviewView o asked /> }.into_any(),
                            Err(e) => view! { <FiguresFailed anchor="overview-h" error=e /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// A total that links to what it counts, with its definition and, for the
/// backlog, its period.
#[component]
fn Total(
    label: &'static str,
    value: u32,
    href: String,
    #[prop(optional)] define: Option<&'static str>,
    #[prop(optional)] note: Option<String>,
) -> impl IntoView {
    view! {
        <div class="stat linked" role="listitem">
            <a class="stat-link" href=href>
                <span class="stat-value">{value}</span>
                <span class="stat-label">{label}</span>
            </a>
            {note.map(|n| view! { <span class="stat-basis">{n}</span> })}
            {define.map(|d| view! { <DefineLink anchor=d label=label.to_string() /> })}
        </div>
    }
}

/// How many entries of each ranking the home page shows.
pub const TOP: usize = 10;

/// `asked`: the `as_of` the page was asked for. The links to other
/// figures carry it as it came (none when the page shows "now"), so that
/// they show the figures of the same instant, from the same cached
/// computation; a date would be its day's end, another instant.
#[component]
fn OverviewView(o: Overview, asked: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let t = &o.totals;
    let at = encode_component(&o.as_of);
    let window = format!("as_of={at}&window=1");
    let list = |extra: &str| format!("/referrals?as_of={at}{extra}");
    let asked = asked.filter(|a| !a.trim().is_empty());
    let query = asked
        .as_ref()
        .map(|a| format!("?as_of={}", encode_component(a)))
        .unwrap_or_default();
    let by_body = format!("{}{query}", crate::routes::BODIES.pattern());
    let by_score = match &asked {
        Some(_) => format!("/authorities{query}&sort=score"),
        None => "/authorities?sort=score".to_string(),
    };
    let backlog = format!(
        "{} {}",
        td_string!(locale, dash.all_time),
        dates::date(locale, &o.as_of)
    );
    view! {
        <AsOfPicker value=o.as_of_date.clone() anchor="overview-h" window_from=o.window_from.clone() />
        <div class="stats" role="list">
            <Total label=td_string!(locale, dash.bodies) value=t.bodies href=format!("{by_body}#by-body-h") />
            <Total label=td_string!(locale, dash.members) value=t.members_active href=format!("{by_body}#by-body-h") define="members_active" />
            <Total label=td_string!(locale, dash.meetings_held) value=t.meetings_held href=format!("/meetings?as_of={at}&status=held") define="meetings_held" />
            <Total label=td_string!(locale, dash.demands) value=t.demands_submitted href=format!("/demands?{window}") define="demands_submitted" />
            <Total label=td_string!(locale, dash.referrals) value=t.referrals href=list("&window=1") define="referrals" />
            <Total label=td_string!(locale, dash.answered) value=t.answered href=list("&window=1&answered=1") define="answered" />
            <Total label=td_string!(locale, dash.overdue) value=t.overdue_open href=list("&overdue=1") define="overdue_open" note=backlog />
        </div>
        <div class="rankings">
            <Ranking id="rank-resp" title=td_string!(locale, dash.rank_responsiveness).to_string()
                list=o.by_responsiveness low=o.by_responsiveness_low href=|k| format!("/bodies/{k}#dash-h") define="responsiveness_score" query=query.clone()
                top=TOP all=format!("{by_body}#rank-resp") />
            <Ranking id="rank-reg" title=td_string!(locale, dash.rank_regularity).to_string()
                list=o.by_regularity low=o.by_regularity_low href=|k| format!("/bodies/{k}#dash-h") define="regularity_score" query=query.clone()
                top=TOP all=format!("{by_body}#rank-reg") />
            <Ranking id="rank-auth" title=td_string!(locale, dash.rank_authorities).to_string()
                list=o.authorities low=o.authorities_low href=|k| format!("/authorities/{k}") define="responsiveness_score" query=query.clone()
                top=TOP all=by_score />
        </div>
        <p class="more by-body-link"><a href=by_body.clone()>{t!(i18n, dash.by_body_more)}</a></p>
        <section aria-labelledby="overdue-h" class="block">
            <h3 id="overdue-h">{t!(i18n, dash.most_overdue)}</h3>
            <OverdueTable rows=o.overdue.clone() show_authority=true as_of=o.as_of.clone() />
        </section>
        <p class="downloads">
            <a href=format!("/api/v1/bodies.csv?as_of={}", o.as_of_date)>{t!(i18n, dash.download_csv)}</a>
            " · "
            <a href=format!("{}?kind=bodies&as_of={}", crate::routes::COMPARE.pattern(), o.as_of_date)>{t!(i18n, compare.title)}</a>
            " · "
            <a href=crate::routes::MAP.pattern()>{t!(i18n, map.link)}</a>
            " · "
            <a href="/api">{t!(i18n, dash.api)}</a>
        </p>
    }
}
