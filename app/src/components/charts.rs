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
use leptos::prelude::*;

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
) -> impl IntoView {
    let max = max
        .unwrap_or_else(|| bars.iter().map(|b| b.value).fold(0.0, f64::max))
        .max(f64::EPSILON);
    let row_h = 28.0;
    let label_w = 170.0;
    let bar_w = 200.0;
    let width = label_w + bar_w + 60.0;
    let height = row_h * bars.len() as f64 + 4.0;
    let title_id = format!("{id}-title");
    let summary = bars
        .iter()
        .map(|b| format!("{}: {}", b.label, b.shown))
        .collect::<Vec<_>>()
        .join("; ");
    let rows = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let y = i as f64 * row_h + 2.0;
            let w = (b.value / max).clamp(0.0, 1.0) * bar_w;
            let label: String = if b.label.chars().count() > 24 {
                format!("{}…", b.label.chars().take(23).collect::<String>())
            } else {
                b.label.clone()
            };
            view! {
                <g>
                    <text x=label_w - 8.0 y=y + row_h * 0.62 text-anchor="end" class="chart-label">{label}</text>
                    <rect x=label_w y=y + 5.0 width=format!("{w:.1}") height=row_h - 10.0 rx="3" class="chart-bar" />
                    <text x=label_w + w + 6.0 y=y + row_h * 0.62 class="chart-value">{b.shown.clone()}</text>
                </g>
            }
        })
        .collect_view();
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
                    viewBox=format!("0 0 {width} {height}")
                    role="img"
                    aria-label=format!("{title}. {summary}")
                    preserveAspectRatio="xMinYMin meet"
                >
                    {rows}
                </svg>
                <table class="chart-table">
                    <thead>
                        <tr><th scope="col">{columns.0}</th><th scope="col">{columns.1}</th></tr>
                    </thead>
                    <tbody>{table_rows}</tbody>
                </table>
            </div>
        </figure>
    }
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
