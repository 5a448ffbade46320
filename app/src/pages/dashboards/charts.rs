//! The dashboards' bar charts as data, built once for the page and for
//! their permalinks (`/bodies/{key}/charts/{name}.svg`, `.png`), so an
//! embedded chart shows exactly the bars the page shows at the same date.
use crate::components::charts::{Bar, Embed};
use crate::components::labels;
use crate::domain::enums::{ReferralStatus, Topic};
use crate::domain::metrics::answers::StatusCounts;
use crate::domain::metrics::dashboards::{AuthorityDashboard, BodyDashboard};
use crate::i18n::*;

/// One chart: its name in the permalink, its title and bars.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    pub name: &'static str,
    pub title: String,
    pub bars: Vec<Bar>,
    /// What each bar is (for the link to the list it counts).
    pub keys: Vec<String>,
    /// The anchor of its definition on /methodology.
    pub define: &'static str,
}

/// A body's demands by topic, most first.
pub fn body_topics(locale: Locale, d: &BodyDashboard) -> ChartData {
    let mut topics: Vec<(Topic, u32)> = d
        .metrics
        .demands
        .topics
        .iter()
        .filter_map(|(t, n)| t.parse().ok().map(|t| (t, *n)))
        .collect();
    topics.sort_by_key(|t| std::cmp::Reverse(t.1));
    ChartData {
        name: "topics",
        title: td_string!(locale, dash.topics).to_string(),
        keys: topics.iter().map(|(t, _)| t.as_str().to_string()).collect(),
        bars: topics
            .iter()
            .map(|(t, n)| Bar {
                label: labels::topic(locale, *t).to_string(),
                value: f64::from(*n),
                shown: n.to_string(),
            })
            .collect(),
        define: "topics",
    }
}

/// Referrals by status now (a body's or an authority's).
pub fn status(locale: Locale, counts: &StatusCounts) -> ChartData {
    ChartData {
        name: "status",
        title: td_string!(locale, dash.status_counts).to_string(),
        keys: ReferralStatus::ALL
            .iter()
            .map(|s| s.as_str().to_string())
            .collect(),
        bars: ReferralStatus::ALL
            .iter()
            .map(|s| {
                let n = counts.get(*s);
                Bar {
                    label: labels::referral_status(locale, *s).to_string(),
                    value: f64::from(n),
                    shown: n.to_string(),
                }
            })
            .collect(),
        define: "status_counts",
    }
}

/// An authority's answers by days taken.
pub fn authority_days(locale: Locale, d: &AuthorityDashboard) -> ChartData {
    ChartData {
        name: "days",
        title: td_string!(locale, dash.histogram).to_string(),
        keys: d
            .days_to_answer
            .iter()
            .map(|b| b.from.to_string())
            .collect(),
        bars: d
            .days_to_answer
            .iter()
            .map(|b| Bar {
                label: match b.to {
                    Some(to) => format!(
                        "{}–{} {}",
                        b.from,
                        to - 1,
                        td_string!(locale, body.days_unit)
                    ),
                    None => format!("≥ {} {}", b.from, td_string!(locale, body.days_unit)),
                },
                value: f64::from(b.count),
                shown: b.count.to_string(),
            })
            .collect(),
        define: "median_days_to_answer",
    }
}

/// A body's chart by its permalink's name.
pub fn of_body(locale: Locale, d: &BodyDashboard, name: &str) -> Option<ChartData> {
    match name {
        "topics" => Some(body_topics(locale, d)),
        "status" => Some(status(locale, &d.metrics.answers.status_counts)),
        _ => None,
    }
}

/// An authority's chart by its permalink's name.
pub fn of_authority(locale: Locale, d: &AuthorityDashboard, name: &str) -> Option<ChartData> {
    match name {
        "days" => Some(authority_days(locale, d)),
        "status" => Some(status(locale, &d.metrics.answers.status_counts)),
        _ => None,
    }
}

/// A chart's permalinks at the figures' date (so the embedded image keeps
/// showing what it showed), in the reader's language, and the HTML to
/// embed it: the image, its title, the source and the date.
pub fn embed(locale: Locale, page: &str, chart: &ChartData, as_of_date: &str) -> Embed {
    use crate::components::charts::escape_xml;
    let origin = crate::components::preview::site_origin();
    let lang = if locale == Locale::en { "&lang=en" } else { "" };
    let at = crate::domain::url::encode_component(as_of_date);
    let base = format!("{origin}{page}/charts/{}", chart.name);
    let svg = format!("{base}.svg?as_of={at}{lang}");
    let png = format!("{base}.png?as_of={at}{lang}");
    let code = format!(
        "<figure><img src=\"{}\" alt=\"{}\" style=\"max-width:100%\"><figcaption>{}. {}: <a href=\"{}\">Voces</a>, {} {}.</figcaption></figure>",
        escape_xml(&svg),
        escape_xml(&chart.title),
        escape_xml(&chart.title),
        td_string!(locale, dash.source),
        escape_xml(&format!("{origin}{page}?as_of={at}")),
        td_string!(locale, dash.as_of),
        escape_xml(as_of_date),
    );
    Embed { svg, png, code }
}
