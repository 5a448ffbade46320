//! The national overview on the home page: totals, rankings (low-sample
//! ones apart and marked) and the most overdue referrals.
use crate::api::dashboards::load_overview;
use crate::components::dashboards::{AsOfPicker, OverdueTable, Ranking};
use crate::components::error::ErrorNotice;
use crate::domain::metrics::dashboards::Overview;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OverviewSection() -> impl IntoView {
    let i18n = use_i18n();
    let as_of = use_query_map().with_untracked(|q| q.get("as_of"));
    let data = Resource::new(move || as_of.clone(), load_overview);
    view! {
        <section class="overview block" aria-labelledby="overview-h">
            <h2 id="overview-h">{t!(i18n, dash.overview)}</h2>
            <p class="muted">{t!(i18n, dash.overview_intro)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(o) => view! { <OverviewView o /> }.into_any(),
                        Err(e) => view! {
                            <AsOfPicker value=String::new() anchor="overview-h" window_from=String::new() />
                            <ErrorNotice error=e />
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A total that links to what it counts.
#[component]
fn Total(label: &'static str, value: u32, href: String) -> impl IntoView {
    view! {
        <div class="stat linked" role="listitem">
            <a class="stat-link" href=href>
                <span class="stat-value">{value}</span>
                <span class="stat-label">{label}</span>
            </a>
        </div>
    }
}

#[component]
fn OverviewView(o: Overview) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let t = &o.totals;
    let window = format!("from={}&to={}", o.window_from, o.as_of_date);
    view! {
        <AsOfPicker value=o.as_of_date.clone() anchor="overview-h" window_from=o.window_from.clone() />
        <div class="stats" role="list">
            <Total label=td_string!(locale, dash.bodies) value=t.bodies href="#bodies-h".into() />
            <Total label=td_string!(locale, dash.members) value=t.members_active href="#bodies-h".into() />
            <Total label=td_string!(locale, dash.meetings_held) value=t.meetings_held href="/meetings".into() />
            <Total label=td_string!(locale, dash.demands) value=t.demands_submitted href=format!("/demands?{window}") />
            <Total label=td_string!(locale, dash.referrals) value=t.referrals href=format!("/demands?{window}") />
            <Total label=td_string!(locale, dash.answered) value=t.answered href=format!("/demands?{window}") />
            <Total label=td_string!(locale, dash.overdue) value=t.overdue_open href="/demands?overdue=1".into() />
        </div>
        <div class="rankings">
            <Ranking id="rank-resp" title=td_string!(locale, dash.rank_responsiveness).to_string()
                list=o.by_responsiveness low=o.by_responsiveness_low href=|k| format!("/bodies/{k}#dash-h") />
            <Ranking id="rank-reg" title=td_string!(locale, dash.rank_regularity).to_string()
                list=o.by_regularity low=o.by_regularity_low href=|k| format!("/bodies/{k}#dash-h") />
            <Ranking id="rank-auth" title=td_string!(locale, dash.rank_authorities).to_string()
                list=o.authorities low=o.authorities_low href=|k| format!("/authorities/{k}") />
        </div>
        <section aria-labelledby="overdue-h" class="block">
            <h3 id="overdue-h">{t!(i18n, dash.most_overdue)}</h3>
            <OverdueTable rows=o.overdue show_authority=true />
        </section>
        <p class="downloads">
            <a href=format!("/api/v1/bodies.csv?as_of={}", o.as_of_date)>{t!(i18n, dash.download_csv)}</a>
            " · "
            <a href="/api">{t!(i18n, dash.api)}</a>
        </p>
    }
}
