//! `/api`: the open-data API for people who want to use it, pointing to
//! the OpenAPI document generated from the code.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// (route, what it returns in Spanish, in English)
const ROUTES: &[(&str, &str, &str)] = &[
    ("/api/v1/bodies", "Consejos públicos", "Public bodies"),
    ("/api/v1/bodies/{key}", "Un consejo", "One body"),
    (
        "/api/v1/bodies/{key}/metrics?as_of=2026-06-30",
        "Cifras del consejo en una fecha",
        "A body's figures at a date",
    ),
    (
        "/api/v1/bodies/{key}/metrics/series?from=2025-01-01&to=2026-12-31&step=quarter",
        "Cifras al cierre de cada trimestre o mes",
        "Figures at the end of each quarter or month",
    ),
    (
        "/api/v1/bodies/{key}/popolo.json",
        "Integrantes en formato Popolo (solo nombres públicos)",
        "Members as Popolo (public names only)",
    ),
    (
        "/api/v1/bodies/{key}/demands/{demand}",
        "Una demanda con sus remisiones y respuestas",
        "A demand with its referrals and answers",
    ),
    ("/api/v1/authorities", "Autoridades", "Authorities"),
    (
        "/api/v1/authorities/{key}/metrics?as_of=2026-06-30",
        "Cifras de una autoridad, también por consejo",
        "An authority's figures, also per body",
    ),
    (
        "/api/v1/authorities/{key}/metrics/series",
        "Serie de una autoridad",
        "An authority's series",
    ),
    (
        "/api/v1/demands?topic=asylum&overdue=true&page=1",
        "Demandas filtradas, por páginas, con el total",
        "Filtered demands, by page, with the total",
    ),
];

const DOWNLOADS: &[(&str, &str, &str)] = &[
    (
        "/api/v1/bodies.csv",
        "Una fila por consejo con todas las cifras",
        "One row per body with every figure",
    ),
    (
        "/api/v1/demands.csv",
        "Una fila por demanda",
        "One row per demand",
    ),
    (
        "/api/v1/referrals.csv",
        "Una fila por remisión: plazos, estado, vencida, a tiempo",
        "One row per referral: deadlines, status, overdue, on time",
    ),
    (
        "/calendar.ics",
        "Calendario de sesiones (iCalendar)",
        "Meeting calendar (iCalendar)",
    ),
];

#[component]
pub fn ApiPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let es = locale == Locale::es;
    let rows = |list: &'static [(&'static str, &'static str, &'static str)]| {
        list.iter()
            .map(|(route, what_es, what_en)| {
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
                        <dd>{if es { *what_es } else { *what_en }}</dd>
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
