//! `/mapa`: where the public councils are, state by state — a map drawn
//! on the server (SVG, readable on a phone) with its numbers in a table
//! beside it and a sentence that says it in words; national and consular
//! councils, which have no state, listed apart. A council's page shows its
//! own state on the same map (`PlaceMap`).
use crate::api::dashboards::load_council_map;
use crate::components::error::Loaded;
use crate::domain::states::CouncilMap;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Where the outlines come from (their licence asks for the credit).
const CREDIT: &str = "https://www.npmjs.com/package/@svg-maps/mexico";

#[component]
pub fn MapPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let as_of = use_query_map().with_untracked(|q| q.get("as_of"));
    let data = Resource::new(move || as_of.clone(), load_council_map);
    view! {
        <Title text=td_string!(locale, map.title).to_string() />
        <section class="page-head">
            <h1>{t!(i18n, map.title)}</h1>
            <p class="lead">{t!(i18n, map.intro)}</p>
            <p><a href=crate::routes::ORIGINS.pattern()>{t!(i18n, origins.link)}</a></p>
        </section>
        <Loaded data view=|m| view! { <MapView m /> } />
    }
}

#[component]
fn MapView(m: CouncilMap) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let placed: Vec<_> = m
        .states
        .iter()
        .filter(|s| s.state_councils + s.municipal_councils > 0)
        .cloned()
        .collect();
    let councils: u32 = placed
        .iter()
        .map(|s| s.state_councils + s.municipal_councils)
        .sum();
    let summary = format!(
        "{councils} {} {} {} {}. {} {}, {} {}.",
        td_string!(locale, map.councils_in),
        placed.len(),
        td_string!(locale, map.of_32),
        td_string!(locale, map.states_noun),
        td_string!(locale, map.national_noun),
        m.national.len(),
        td_string!(locale, map.consular_noun),
        m.consular.len(),
    );
    let rows = m
        .states
        .iter()
        .map(|s| {
            let n = s.state_councils + s.municipal_councils;
            view! {
                <tr class=(n == 0).then_some("muted")>
                    <th scope="row">{s.name.clone()}</th>
                    <td class="num">{s.state_councils}</td>
                    <td class="num">{s.municipal_councils}</td>
                    <td class="num">{s.seat_holders}</td>
                </tr>
            }
        })
        .collect_view();
    let list = |items: &[crate::domain::states::Unmapped]| {
        items
            .iter()
            .map(|u| {
                view! { <li><a href=format!("/bodies/{}", u.key)>{u.name.clone()}</a> " · " {u.seat_holders} " " {t!(i18n, map.seat_holders_noun)}</li> }
            })
            .collect_view()
    };
    let national = list(&m.national);
    let consular = list(&m.consular);
    let unplaced = (!m.unplaced.is_empty()).then(|| {
        let items = list(&m.unplaced);
        view! {
            <h3>{t!(i18n, map.unplaced)}</h3>
            <ul class="link-list">{items}</ul>
        }
    });
    view! {
        <section class="block map-block" aria-labelledby="map-h">
            <h2 id="map-h">{t!(i18n, map.by_state)}</h2>
            <p class="muted">{t!(i18n, dash.as_of)} " " {m.as_of_date.clone()}</p>
            <div class="map-layout">
                <figure class="map" aria-labelledby="map-caption">
                    <div class="map-drawing" inner_html=m.svg.clone()></div>
                    <figcaption id="map-caption">{summary}</figcaption>
                    <Legend shades=m.shades.clone() label=td_string!(locale, map.legend) />
                    <p class="map-credit muted">{t!(i18n, map.credit)} " "
                        <a href=CREDIT rel="external">"@svg-maps/mexico"</a> " (Victor Cazanave, CC BY 4.0)"</p>
                </figure>
                <div class="table-wrap" tabindex="0">
                    <table class="data report-table map-table">
                        <caption>{t!(i18n, map.table)}</caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, map.state)}</th>
                            <th scope="col" class="num">{t!(i18n, map.state_councils)}</th>
                            <th scope="col" class="num">{t!(i18n, map.municipal_councils)}</th>
                            <th scope="col" class="num">{t!(i18n, map.seat_holders)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </div>
        </section>
        <section class="block" aria-labelledby="national-h">
            <h2 id="national-h">{t!(i18n, map.without_state)}</h2>
            <h3>{t!(i18n, map.national)}</h3>
            <ul class="link-list" id="map-national">{national}</ul>
            <h3>{t!(i18n, map.consular)}</h3>
            <ul class="link-list" id="map-consular">{consular}</ul>
            {unplaced}
        </section>
    }
}

/// A map's legend: each shade's swatch and its range of counts (the last
/// open), read in greyscale by its lightness.
#[component]
pub fn Legend(shades: Vec<(u32, Option<u32>)>, label: &'static str) -> impl IntoView {
    let items = shades
        .into_iter()
        .enumerate()
        .map(|(k, (from, to))| {
            let range = match to {
                Some(t) if t == from => format!("{from}"),
                Some(t) => format!("{from}–{t}"),
                None => format!("{from}+"),
            };
            view! { <li><span class=format!("map-swatch map-shade-{k}") aria-hidden="true"></span>{range}</li> }
        })
        .collect_view();
    view! { <ul class="map-legend" aria-label=label>{items}</ul> }
}

/// A council's state on the map, beside its facts (nothing for a
/// national or consular council). Drawn on the server from what the page
/// already has (its level and jurisdiction): no request of its own.
#[component]
pub fn PlaceMap(level: crate::domain::enums::BodyLevel, jurisdiction: String) -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    let place = crate::server::services::maps::place(level.as_str(), &jurisdiction);
    #[cfg(not(feature = "ssr"))]
    let place: Option<(String, String)> = {
        let _ = (level, jurisdiction);
        None
    };
    place.map(|(state, svg)| {
        view! {
            <figure class="place-map">
                <div class="map-drawing" inner_html=svg></div>
                <figcaption>{t!(i18n, map.in_state)} " " <strong>{state}</strong>
                    " · " <a href="/mapa">{t!(i18n, map.see_all)}</a></figcaption>
            </figure>
        }
    })
}
