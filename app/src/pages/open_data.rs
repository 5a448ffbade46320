//! `/api`: the open-data API for people who want to use it, pointing to
//! the OpenAPI document generated from the code.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// (route, translation key of what it returns)
const ROUTES: &[(&str, &str)] = &[
    ("/api/v1/bodies", "r_bodies"),
    ("/api/v1/bodies/{key}", "r_body"),
    (
        "/api/v1/bodies/{key}/metrics?as_of=2026-06-30",
        "r_body_metrics",
    ),
    (
        "/api/v1/bodies/{key}/metrics/series?from=2025-01-01&to=2026-12-31&step=quarter",
        "r_body_series",
    ),
    ("/api/v1/bodies/{key}/popolo.json", "r_popolo"),
    ("/api/v1/bodies/{key}/demands/{demand}", "r_demand"),
    ("/api/v1/authorities", "r_authorities"),
    (
        "/api/v1/authorities/{key}/metrics?as_of=2026-06-30",
        "r_authority_metrics",
    ),
    (
        "/api/v1/authorities/{key}/metrics/series",
        "r_authority_series",
    ),
    (
        "/api/v1/demands?topic=asylum&overdue=true&page=1",
        "r_demands",
    ),
];

const DOWNLOADS: &[(&str, &str)] = &[
    ("/api/v1/bodies.csv", "d_bodies"),
    ("/api/v1/demands.csv", "d_demands"),
    ("/api/v1/referrals.csv", "d_referrals"),
    ("/calendar.ics", "d_calendar"),
];

#[component]
pub fn ApiPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let what = move |key: &str| match key {
        "r_bodies" => td_string!(locale, apidoc.r_bodies),
        "r_body" => td_string!(locale, apidoc.r_body),
        "r_body_metrics" => td_string!(locale, apidoc.r_body_metrics),
        "r_body_series" => td_string!(locale, apidoc.r_body_series),
        "r_popolo" => td_string!(locale, apidoc.r_popolo),
        "r_demand" => td_string!(locale, apidoc.r_demand),
        "r_authorities" => td_string!(locale, apidoc.r_authorities),
        "r_authority_metrics" => td_string!(locale, apidoc.r_authority_metrics),
        "r_authority_series" => td_string!(locale, apidoc.r_authority_series),
        "r_demands" => td_string!(locale, apidoc.r_demands),
        "d_bodies" => td_string!(locale, apidoc.d_bodies),
        "d_demands" => td_string!(locale, apidoc.d_demands),
        "d_referrals" => td_string!(locale, apidoc.d_referrals),
        _ => td_string!(locale, apidoc.d_calendar),
    };
    let rows = move |list: &'static [(&'static str, &'static str)]| {
        list.iter()
            .map(|(route, text)| {
                // Examples from the demo data.
                let key = if route.starts_with("/api/v1/authorities") {
                    "inm"
                } else {
                    "consejo-cdmx"
                };
                let href = route.replace("{key}", key).replace("{demand}", "2025-001");
                view! {
                    <div>
                        <dt><a href=href><code>{*route}</code></a></dt>
                        <dd>{what(text)}</dd>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <Title text=td_string!(locale, apidoc.title) />
        <section class="page-head">
            <h1>{t!(i18n, apidoc.title)}</h1>
            <p class="lead">{t!(i18n, apidoc.intro)}</p>
        </section>
        <section class="block" aria-labelledby="doc-h">
            <h2 id="doc-h"><a href="/api/v1/openapi.json">{t!(i18n, apidoc.document)}</a></h2>
            <p>{t!(i18n, apidoc.document_intro)}</p>
            <p>{t!(i18n, apidoc.as_of)}</p>
            <p>{t!(i18n, apidoc.errors)}</p>
            <p class="muted">{t!(i18n, apidoc.method)}</p>
        </section>
        <section class="block" aria-labelledby="routes-h">
            <h2 id="routes-h">{t!(i18n, apidoc.routes)}</h2>
            <dl class="routes">{rows(ROUTES)}</dl>
        </section>
        <section class="block" aria-labelledby="csv-h">
            <h2 id="csv-h">{t!(i18n, apidoc.csv)}</h2>
            <dl class="routes">{rows(DOWNLOADS)}</dl>
        </section>
    }
}
