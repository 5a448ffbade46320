//! A dashboard chart on its own, to embed elsewhere: the page's bars
//! (`pages::dashboards::charts`, drawn by `components::charts::bar_rows`)
//! with the chart's title, and a credit line naming the source, its
//! address and the figures' date — the credit is inside the image, so it
//! travels with it. SVG, and PNG (`share_cards::png`) where a platform takes
//! no SVG.
use crate::components::charts::{bar_rows, escape_xml, Bar, BAR_W, LABEL_W, ROW_H};

/// What an embedded chart shows.
pub struct Embedded<'a> {
    pub title: &'a str,
    pub bars: &'a [Bar],
    /// "Fuente: Voces · voces.example.org/bodies/x · Cifras al 2026-12-03".
    pub credit: &'a str,
}

/// "Fuente: Voces · voces.example.org/bodies/x · Cifras al 2026-12-03".
pub fn credit(
    site: &crate::server::services::accounts::SiteUrl,
    locale: crate::i18n::Locale,
    path: &str,
    as_of: &str,
) -> String {
    use crate::i18n::*;
    let host = site.0.split_once("://").map_or(site.0.as_str(), |(_, h)| h);
    format!(
        "{}: Voces · {host}{path} · {} {as_of}",
        td_string!(locale, dash.source),
        td_string!(locale, dash.as_of)
    )
}

const TOP: f64 = 56.0;
const INDENT: f64 = 40.0;
const PAD: f64 = 16.0;

/// The chart as a standalone SVG document (its own styles: no page around).
pub fn svg(e: &Embedded) -> String {
    // Room on the left for the longest label (the page's chart sits in a
    // column that gives it the same).
    let width = INDENT + LABEL_W + BAR_W + 60.0;
    let height = TOP + ROW_H * e.bars.len() as f64 + 44.0;
    let summary = e
        .bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.shown))
        .collect::<Vec<_>>()
        .join("; ");
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{label}\" font-family=\"DejaVu Sans, Liberation Sans, system-ui, sans-serif\">\
         <title>{title}</title>\
         <style>.chart-label{{font-size:13px;fill:#1d2327}}.chart-value{{font-size:13px;font-weight:600;fill:#1d2327}}.chart-bar{{fill:#1f5f5b}}</style>\
         <rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\
         <text x=\"{PAD}\" y=\"30\" font-size=\"17\" font-weight=\"700\" fill=\"#1d2327\">{title}</text>\
         <g transform=\"translate({INDENT},0)\">{rows}</g>\
         <text x=\"{PAD}\" y=\"{fy}\" font-size=\"11\" fill=\"#545d63\">{credit}</text>\
         </svg>",
        label = escape_xml(&format!("{}. {summary}. {}", e.title, e.credit)),
        title = escape_xml(e.title),
        rows = bar_rows(e.bars, None, TOP),
        fy = height - 16.0,
        credit = escape_xml(e.credit),
    )
}
