//! `/mapa/origenes`: where seat holders come from — their countries of
//! origin across every public council or in one (`?body=`), on a world map
//! drawn on the server with a close-up of Latin America and the Caribbean,
//! the numbers in a table beside and a sentence in words; for one council,
//! the regions it serves against its seat holders' regions, so a region
//! nobody holds stands out. The small-number rule (fewer than 3 → not
//! shown on its own) is the service's (`domain::origins`).
use crate::api::dashboards::load_origins;
use crate::components::dashboards::DefineLink;
use crate::components::error::Loaded;
use crate::domain::origins::{Held, OriginMap, Regions};
use crate::i18n::*;
use crate::pages::map::Legend;
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Where the outlines come from (their licence asks for the credit).
const CREDIT: &str = "https://www.npmjs.com/package/@svg-maps/world";

#[component]
pub fn OriginsPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let english = locale == Locale::en;
    let (body, as_of) = use_query_map().with_untracked(|q| (q.get("body"), q.get("as_of")));
    let data = Resource::new(
        move || (body.clone(), as_of.clone()),
        move |(b, d)| load_origins(b, d, english),
    );
    view! {
        <Title text=td_string!(locale, origins.title).to_string() />
        <section class="page-head">
            <h1>{t!(i18n, origins.title)}</h1>
            <p class="lead">{t!(i18n, origins.intro)}</p>
        </section>
        <Loaded data view=|m| match m {
            Some(m) => view! { <OriginsView m /> }.into_any(),
            None => view! { <NotFound /> }.into_any(),
        } />
    }
}

#[component]
fn OriginsView(m: OriginMap) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let english = locale == Locale::en;
    let picked = m
        .council
        .as_ref()
        .map(|c| c.key.clone())
        .unwrap_or_default();
    let options = m
        .councils
        .iter()
        .map(|c| {
            let selected = c.key == picked;
            view! { <option value=c.key.clone() selected=selected>{c.name.clone()}</option> }
        })
        .collect_view();
    let scope = match &m.council {
        Some(c) => view! {
            <a href=format!("/bodies/{}", c.key)>{c.name.clone()}</a>
        }
        .into_any(),
        None => view! { {t!(i18n, origins.all_councils)} }.into_any(),
    };
    let shown: u32 = m.countries.iter().map(|c| c.seat_holders).sum();
    // "Label: number." sentences: no plural to agree with.
    let summary = format!(
        "{}: {}. {}: {} ({} {}). {}: {}. {}: {}.",
        td_string!(locale, origins.holders_counted),
        m.seat_holders,
        td_string!(locale, origins.from_countries),
        m.countries.len(),
        shown,
        td_string!(locale, map.seat_holders_noun),
        td_string!(locale, origins.from_other),
        m.countries_other,
        td_string!(locale, origins.unknown_country),
        m.unknown,
    );
    let rows = m
        .countries
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <th scope="row">{crate::domain::countries::name(&c.code, english)}</th>
                    <td class="num">{c.seat_holders}</td>
                </tr>
            }
        })
        .collect_view();
    let empty = (m.seat_holders == 0).then(|| {
        view! { <p class="empty">{t!(i18n, origins.none)}</p> }
    });
    let regions = m.regions.clone().map(|r| view! { <RegionsTable r /> });
    view! {
        <form method="get" class="filters origins-form" action=crate::routes::ORIGINS.pattern()>
            <div class="field">
                <label for="origins-body">{t!(i18n, origins.council)}</label>
                <select id="origins-body" name="body">
                    <option value="" selected=picked.is_empty()>{t!(i18n, origins.all_councils)}</option>
                    {options}
                </select>
            </div>
            <div class="field">
                <label for="origins-as-of">{t!(i18n, comp.as_of)}</label>
                <input id="origins-as-of" name="as_of" type="date" value=m.as_of_date.clone() />
            </div>
            <button type="submit" class="button secondary">{t!(i18n, comp.show)}</button>
        </form>
        <section class="block map-block" aria-labelledby="origins-h">
            <h2 id="origins-h">{t!(i18n, origins.countries)} " · " {scope}</h2>
            <p class="muted">{t!(i18n, dash.as_of)} " " {m.as_of_date.clone()}</p>
            {empty}
            <div class="map-layout">
                <figure class="map" aria-labelledby="origins-caption">
                    <div class="map-drawing map-sea" inner_html=m.svg.clone()></div>
                    <div class="map-pair">
                        <figure class="close-up">
                            <div class="map-drawing map-sea" inner_html=m.close_up.clone()></div>
                            <figcaption>{t!(i18n, origins.close_up)}</figcaption>
                        </figure>
                        <div>
                            <Legend shades=m.shades.clone() label=td_string!(locale, origins.legend) />
                            <p class="map-credit muted">{t!(i18n, origins.credit)} " "
                                <a href=CREDIT rel="external">"@svg-maps/world"</a> " (Victor Cazanave, CC BY 4.0)"</p>
                        </div>
                    </div>
                    <figcaption id="origins-caption">{summary}</figcaption>
                </figure>
                <div class="table-wrap" tabindex="0">
                    <table class="data report-table map-table" id="origins-table">
                        <caption>{t!(i18n, origins.table)}
                            " " <DefineLink anchor="composition" label=td_string!(locale, origins.countries).to_string() /></caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, origins.country)}</th>
                            <th scope="col" class="num">{t!(i18n, map.seat_holders)}</th>
                        </tr></thead>
                        <tbody>
                            {rows}
                            <tr class="muted" id="origins-other">
                                <th scope="row">{t!(i18n, origins.other_countries)}</th>
                                <td class="num">{m.countries_other}</td>
                            </tr>
                            <tr class="muted" id="origins-unknown">
                                <th scope="row">{t!(i18n, origins.unknown_country)}</th>
                                <td class="num">{m.unknown}</td>
                            </tr>
                        </tbody>
                        <tfoot><tr>
                            <th scope="row">{t!(i18n, origins.total)}</th>
                            <td class="num">{m.seat_holders}</td>
                        </tr></tfoot>
                    </table>
                </div>
            </div>
        </section>
        {regions}
    }
}

/// One council's regions: those it serves, with how many of its seat
/// holders come from each (a region nobody holds marked), then the
/// regions they come from that it does not list.
#[component]
fn RegionsTable(r: Regions) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let missing: Vec<String> = r
        .rows
        .iter()
        .filter(|x| x.expected && x.held == Held::None)
        .map(|x| x.name.clone())
        .collect();
    let expected = r.rows.iter().filter(|x| x.expected).count();
    let sentence = if expected == 0 {
        td_string!(locale, origins.no_regions).to_string()
    } else if missing.is_empty() {
        td_string!(locale, origins.all_held).to_string()
    } else {
        format!(
            "{} {}.",
            td_string!(locale, origins.missing),
            missing.join(", ")
        )
    };
    let rows = r
        .rows
        .iter()
        .map(|x| {
            let held = match x.held {
                Held::None => td_string!(locale, origins.held_none).to_string(),
                Held::Few => td_string!(locale, origins.held_few).to_string(),
                Held::Count(n) => n.to_string(),
            };
            let listed = if x.expected {
                td_string!(locale, origins.listed)
            } else {
                td_string!(locale, origins.not_listed)
            };
            view! {
                <tr class=(x.expected && x.held == Held::None).then_some("region-missing")>
                    <th scope="row">{x.name.clone()}</th>
                    <td>{listed}</td>
                    <td class="num">{held}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="block" aria-labelledby="regions-h">
            <h2 id="regions-h">{t!(i18n, origins.regions)}
                " " <DefineLink anchor="region_coverage" label=td_string!(locale, origins.regions).to_string() /></h2>
            <p id="regions-sentence">{sentence}</p>
            <div class="table-wrap" tabindex="0">
                <table class="data report-table" id="regions-table">
                    <caption class="visually-hidden">{t!(i18n, origins.regions)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, origins.region)}</th>
                        <th scope="col">{t!(i18n, origins.served)}</th>
                        <th scope="col" class="num">{t!(i18n, map.seat_holders)}</th>
                    </tr></thead>
                    <tbody>
                        {rows}
                        <tr class="muted">
                            <th scope="row">{t!(i18n, origins.other_regions)}</th>
                            <td>{t!(i18n, origins.not_listed)}</td>
                            <td class="num">{r.other}</td>
                        </tr>
                        <tr class="muted">
                            <th scope="row">{t!(i18n, origins.unknown_region)}</th>
                            <td></td>
                            <td class="num">{r.unknown}</td>
                        </tr>
                    </tbody>
                </table>
            </div>
        </section>
    }
}
