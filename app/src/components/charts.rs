//! Server-rendered SVG charts. Each chart is an image with a title for
//! assistive technology, and the same numbers stand in a table beside it;
//! no JavaScript is involved.

/// One bar: its label, its value, and the text shown for the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub shown: String,
}

use crate::components::dashboards::DefineLink;
use crate::i18n::*;
use leptos::prelude::*;

/// A chart's permalinks (absolute: they are copied elsewhere) and the HTML
/// to embed it, crediting the source and the figures' date.
#[derive(Debug, Clone, PartialEq)]
pub struct Embed {
    pub svg: String,
    pub png: String,
    pub code: String,
}

/// "Insertar esta gráfica": the code to copy and the image's addresses,
/// folded under the chart.
#[component]
pub fn EmbedBox(e: Embed, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let code_id = format!("{id}-embed");
    view! {
        <details class="embed">
            <summary>{t!(i18n, dash.embed)}</summary>
            <p class="hint">{t!(i18n, dash.embed_hint)}</p>
            <label for=code_id.clone()>{t!(i18n, dash.embed_code)}</label>
            <textarea id=code_id readonly rows="4">{e.code}</textarea>
            <p><a href=e.svg rel="external">"SVG"</a> " · " <a href=e.png rel="external">"PNG"</a></p>
        </details>
    }
}

/// Horizontal bars scaled to `max` (the largest value when `None`).
#[component]
pub fn BarChart(
    /// Unique on the page: ties the chart to its title.
    id: String,
    title: String,
    bars: Vec<Bar>,
    #[prop(optional)] max: Option<f64>,
    /// Header of the table's label column and value column.
    columns: (String, String),
    /// Where each bar's row links to (the list it counts), if anywhere.
    #[prop(optional)]
    links: Vec<String>,
    /// The anchor on /methodology of what the chart counts.
    #[prop(optional)]
    define: Option<&'static str>,
    /// Its permalinks and the code to embed it elsewhere.
    #[prop(optional)]
    embed: Option<Embed>,
) -> impl IntoView {
    let width = LABEL_W + BAR_W + 60.0;
    let height = ROW_H * bars.len() as f64 + 4.0;
    let title_id = format!("{id}-title");
    let summary = bar_summary(&bars);
    let rows = bar_rows(&bars, max, 0.0);
    let table_rows = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let label = match links.get(i) {
                Some(href) => view! { <a href=href.clone()>{b.label.clone()}</a> }.into_any(),
                None => b.label.clone().into_any(),
            };
            view! { <tr><th scope="row">{label}</th><td>{b.shown.clone()}</td></tr> }
        })
        .collect_view();
    view! {
        <figure class="chart" aria-labelledby=title_id.clone()>
            <figcaption id=title_id.clone()>{title.clone()}
                {define.map(|d| view! { " " <DefineLink anchor=d label=title.clone() /> })}
            </figcaption>
            <div class="chart-body">
                <svg
                    // Room on the left for a long label (as the permalink's).
                    viewBox=format!("-40 0 {} {height}", width + 40.0)
                    role="img"
                    aria-label=format!("{title}. {summary}")
                    preserveAspectRatio="xMinYMin meet"
                    inner_html=rows
                ></svg>
                <table class="chart-table">
                    <thead>
                        <tr><th scope="col">{columns.0}</th><th scope="col">{columns.1}</th></tr>
                    </thead>
                    <tbody>{table_rows}</tbody>
                </table>
            </div>
            {embed.map(|e| view! { <EmbedBox e id=id.clone() /> })}
        </figure>
    }
}

/// `&`, `<`, `>` and quotes written as entities (SVG text and attributes).
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A bar chart in words, for assistive technology: "label: value; …".
pub fn bar_summary(bars: &[Bar]) -> String {
    bars.iter()
        .map(|b| format!("{}: {}", b.label, b.shown))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A trend in words: "series: v1, v2, —; …".
pub fn trend_summary(series: &Series) -> String {
    series
        .iter()
        .map(|(name, values)| {
            let vals: Vec<String> = values
                .iter()
                .map(|v| crate::components::dashboards::score_text(*v))
                .collect();
            format!("{name}: {}", vals.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The geometry of a bar chart: one row per bar.
pub const ROW_H: f64 = 28.0;
pub const LABEL_W: f64 = 170.0;
pub const BAR_W: f64 = 200.0;

/// The bars as SVG rows (`<g>` with classed text and rect, scaled to
/// `max`, the largest value when `None`), starting at `top`: the one
/// drawing of a bar chart, inline on the page and in its permalink.
pub fn bar_rows(bars: &[Bar], max: Option<f64>, top: f64) -> String {
    let max = max
        .unwrap_or_else(|| bars.iter().map(|b| b.value).fold(0.0, f64::max))
        .max(f64::EPSILON);
    let mut out = String::new();
    for (i, b) in bars.iter().enumerate() {
        let y = top + i as f64 * ROW_H + 2.0;
        let w = (b.value / max).clamp(0.0, 1.0) * BAR_W;
        let label: String = if b.label.chars().count() > 24 {
            format!("{}…", b.label.chars().take(23).collect::<String>())
        } else {
            b.label.clone()
        };
        out.push_str(&format!(
            "<g><text x=\"{lx}\" y=\"{ty:.1}\" text-anchor=\"end\" class=\"chart-label\">{label}</text>\
             <rect x=\"{LABEL_W}\" y=\"{ry:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"3\" class=\"chart-bar\"></rect>\
             <text x=\"{vx:.1}\" y=\"{ty:.1}\" class=\"chart-value\">{shown}</text></g>",
            lx = LABEL_W - 8.0,
            ty = y + ROW_H * 0.62,
            ry = y + 5.0,
            h = ROW_H - 10.0,
            vx = LABEL_W + w + 6.0,
            label = escape_xml(&label),
            shown = escape_xml(&b.shown),
        ));
    }
    out
}

/// The geometry of a trend chart (scores 0–100 over quarters).
pub const TREND_W: f64 = 360.0;
pub const TREND_H: f64 = 200.0;

/// A trend's series: its name and a value (0–100) per quarter, `None`
/// where there is none (drawn as a gap).
pub type Series = Vec<(String, Vec<Option<f64>>)>;

/// The trend as SVG marks (grid, quarter axis, one line with dots per
/// series, classed `series-{k}`) in a `TREND_W` × `TREND_H` box: the one
/// drawing of a trend, inline on the page and in its permalink.
pub fn trend_marks(labels: &[String], series: &Series) -> String {
    let (w, h, left, right, top, bottom) =
        (TREND_W, TREND_H, 30.0_f64, 20.0_f64, 10.0_f64, 40.0_f64);
    let n = labels.len().max(1) as f64;
    let step = (w - left - right) / (n - 1.0).max(1.0);
    let x = |i: usize| left + step * i as f64;
    let y = |v: f64| top + (h - top - bottom) * (1.0 - v.clamp(0.0, 100.0) / 100.0);
    let mut out = String::new();
    for g in [0.0, 50.0, 100.0] {
        out.push_str(&format!(
            "<line x1=\"{left}\" x2=\"{x2}\" y1=\"{gy:.1}\" y2=\"{gy:.1}\" class=\"chart-gridline\"></line>\
             <text x=\"{tx}\" y=\"{ty:.1}\" text-anchor=\"end\" class=\"chart-axis\">{g}</text>",
            x2 = w - right,
            gy = y(g),
            tx = left - 4.0,
            ty = y(g) + 4.0,
        ));
    }
    // "2025 T1" → "T1" with the year below it where a year starts, so
    // eight quarters fit a phone's width.
    for (i, l) in labels.iter().enumerate() {
        let (year, quarter) = l.split_once(' ').unwrap_or(("", l.as_str()));
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" class=\"chart-axis\">{}</text>",
            x(i),
            h - 24.0,
            escape_xml(quarter)
        ));
        if i == 0 || quarter.ends_with('1') {
            out.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\" class=\"chart-axis\">{}</text>",
                x(i),
                h - 10.0,
                escape_xml(year)
            ));
        }
    }
    for (k, (_, values)) in series.iter().enumerate() {
        // A gap where a value is null.
        let mut d = String::new();
        let mut pen = false;
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => {
                    d.push_str(&format!(
                        "{}{:.1},{:.1} ",
                        if pen { "L" } else { "M" },
                        x(i),
                        y(*v)
                    ));
                    pen = true;
                }
                None => pen = false,
            }
        }
        out.push_str(&format!(
            "<path d=\"{}\" class=\"chart-line series-{k}\" fill=\"none\"></path>",
            d.trim_end()
        ));
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                out.push_str(&format!(
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" class=\"series-{k}\"></circle>",
                    x(i),
                    y(*v)
                ));
            }
        }
    }
    out
}

/// A share as people read it: "70 %" / "70%".
pub fn percent(locale_es: bool, v: f64) -> String {
    let p = (v * 100.0).round();
    if locale_es {
        format!("{p} %")
    } else {
        format!("{p}%")
    }
}
