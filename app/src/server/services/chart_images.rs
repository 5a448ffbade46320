//! A dashboard chart on its own, to embed elsewhere: the page's bars or
//! trend (`pages::dashboards::charts`, drawn by `components::charts`'
//! `bar_rows` and `trend_marks`) with the chart's title, and a credit line naming the source, its
//! address and the figures' date — the credit is inside the image, so it
//! travels with it. SVG, and PNG (`share_cards::png`) where a platform takes
//! no SVG.
use crate::components::charts::{
    bar_rows, bar_summary, escape_xml, trend_marks, trend_summary, Bar, Series, BAR_W, LABEL_W,
    ROW_H, TREND_H, TREND_W,
};

/// What a chart draws.
pub enum Drawing<'a> {
    /// The bars and the value of a full bar (the largest when `None`).
    Bars(&'a [Bar], Option<f64>),
    /// Quarter labels and the series (0–100) over them.
    Trend(&'a [String], &'a Series),
}

/// What an embedded chart shows.
pub struct Embedded<'a> {
    pub title: &'a str,
    pub drawing: Drawing<'a>,
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
    match e.drawing {
        Drawing::Bars(bars, max) => bars_svg(e, bars, max),
        Drawing::Trend(labels, series) => trend_svg(e, labels, series),
    }
}

/// The document around a drawing: white ground, title, credit, the styles
/// of the page's chart classes, and a label for assistive technology.
fn document(e: &Embedded, (width, height): (f64, f64), summary: &str, body: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{label}\" font-family=\"DejaVu Sans, Liberation Sans, system-ui, sans-serif\">\
         <title>{title}</title>\
         <style>.chart-label{{font-size:13px;fill:#1d2327}}.chart-value{{font-size:13px;font-weight:600;fill:#1d2327}}.chart-bar{{fill:#1f5f5b}}\
         .chart-gridline{{stroke:#d9d6cc;stroke-width:1}}.chart-axis{{font-size:10px;fill:#545d63}}.chart-line{{stroke-width:2.5;fill:none}}\
         .series-0{{stroke:#1f5f5b;fill:#1f5f5b}}.series-1{{stroke:#a4451f;fill:#a4451f}}.series-2{{stroke:#545d63;fill:#545d63}}\
         path.series-1{{stroke-dasharray:6 3}}path.series-2{{stroke-dasharray:2 3}}path.chart-line{{fill:none}}</style>\
         <rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\
         <text x=\"{PAD}\" y=\"30\" font-size=\"17\" font-weight=\"700\" fill=\"#1d2327\">{title}</text>\
         {body}\
         <text x=\"{PAD}\" y=\"{fy}\" font-size=\"11\" fill=\"#545d63\">{credit}</text>\
         </svg>",
        label = escape_xml(&format!("{}. {summary}. {}", e.title, e.credit)),
        title = escape_xml(e.title),
        fy = height - 16.0,
        credit = escape_xml(e.credit),
    )
}

fn bars_svg(e: &Embedded, bars: &[Bar], max: Option<f64>) -> String {
    // Room on the left for the longest label (the page's chart sits in a
    // column that gives it the same).
    let width = INDENT + LABEL_W + BAR_W + 60.0;
    let height = TOP + ROW_H * bars.len() as f64 + 44.0;
    let summary = bar_summary(bars);
    let body = format!(
        "<g transform=\"translate({INDENT},0)\">{}</g>",
        bar_rows(bars, max, TOP)
    );
    document(e, (width, height), &summary, &body)
}

/// The trend drawn half as large again as on a phone, under a legend (one
/// line per series, drawn as the series' line: colour and dashes).
fn trend_svg(e: &Embedded, labels: &[String], series: &Series) -> String {
    const SCALE: f64 = 1.5;
    const LEGEND_ROW: f64 = 20.0;
    let legend_h = LEGEND_ROW * series.len() as f64;
    let width = TREND_W * SCALE + 2.0 * PAD;
    let height = TOP + legend_h + TREND_H * SCALE + 40.0;
    let mut legend = String::new();
    for (k, (name, _)) in series.iter().enumerate() {
        let y = TOP - 8.0 + LEGEND_ROW * k as f64;
        legend.push_str(&format!(
            "<path d=\"M{PAD},{ly} l28,0\" class=\"chart-line series-{k}\"></path>\
             <text x=\"{tx}\" y=\"{ty}\" class=\"chart-label\">{}</text>",
            escape_xml(name),
            ly = y,
            tx = PAD + 36.0,
            ty = y + 4.5,
        ));
    }
    let summary = trend_summary(series);
    let body = format!(
        "{legend}<g transform=\"translate({PAD},{gy}) scale({SCALE})\">{}</g>",
        trend_marks(labels, series),
        gy = TOP + legend_h - 4.0,
    );
    document(e, (width, height), &summary, &body)
}
