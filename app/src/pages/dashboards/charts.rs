//! The dashboards' charts as data (bars and the eight-quarter trend), built
//! once for the page and for their permalinks
//! (`/bodies/{key}/charts/{name}.svg`, `.png`), so an embedded chart shows
//! exactly what the page shows at the same date.
use crate::components::charts::{Bar, Embed, Series};
use crate::components::dashboards::quarter_label;
use crate::components::labels;
use crate::domain::dto::BodyComposition;
use crate::domain::enums::{ReferralStatus, Topic};
use crate::domain::meetings::BodyMeetingFigures;
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
    /// The value of a full bar (rates: 1); the largest value when `None`.
    pub max: Option<f64>,
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
        max: None,
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
        max: None,
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
        max: None,
    }
}

/// Counted bars without keys (the composition's).
fn counted(
    name: &'static str,
    title: String,
    define: &'static str,
    bars: Vec<(String, u32)>,
) -> ChartData {
    ChartData {
        name,
        title,
        keys: Vec::new(),
        bars: bars
            .into_iter()
            .map(|(label, n)| Bar {
                label,
                value: f64::from(n),
                shown: n.to_string(),
            })
            .collect(),
        define,
        max: None,
    }
}

/// Seat holders by gender.
pub fn gender(locale: Locale, c: &BodyComposition) -> ChartData {
    let g = c.composition.gender;
    let bars = [
        (td_string!(locale, comp.woman), g.woman),
        (td_string!(locale, comp.man), g.man),
        (td_string!(locale, comp.non_binary), g.non_binary),
        (td_string!(locale, comp.other), g.other),
        (td_string!(locale, comp.undisclosed), g.undisclosed),
    ]
    .into_iter()
    .map(|(l, n)| (l.to_string(), n))
    .collect();
    counted(
        "gender",
        td_string!(locale, comp.gender).to_string(),
        "gender",
        bars,
    )
}

/// Seat holders by the migrant groups the body serves (and others).
pub fn groups(locale: Locale, c: &BodyComposition) -> ChartData {
    let mut bars: Vec<(String, u32)> = c
        .breakdown
        .groups
        .iter()
        .map(|(grp, n)| (labels::migrant_group(locale, *grp).to_string(), *n))
        .collect();
    if c.breakdown.groups_other > 0 {
        bars.push((
            td_string!(locale, comp.other_groups).to_string(),
            c.breakdown.groups_other,
        ));
    }
    counted(
        "groups",
        td_string!(locale, comp.groups).to_string(),
        "group_coverage",
        bars,
    )
}

/// Seat holders by country of origin (fewer than the small-number rule's
/// minimum are already folded into "others" by the service).
pub fn countries(locale: Locale, c: &BodyComposition) -> ChartData {
    let english = locale == Locale::en;
    let mut bars: Vec<(String, u32)> = c
        .breakdown
        .countries
        .iter()
        .map(|(code, n)| {
            let label = code
                .as_deref()
                .map(|c| crate::domain::countries::name(c, english))
                .unwrap_or_else(|| td_string!(locale, comp.unknown_country).to_string());
            (label, *n)
        })
        .collect();
    if c.breakdown.countries_other > 0 {
        bars.push((
            td_string!(locale, comp.other_countries).to_string(),
            c.breakdown.countries_other,
        ));
    }
    counted(
        "countries",
        td_string!(locale, comp.countries).to_string(),
        "composition",
        bars,
    )
}

/// A body's composition chart by its permalink's name.
pub fn of_composition(locale: Locale, c: &BodyComposition, name: &str) -> Option<ChartData> {
    match name {
        "gender" => Some(gender(locale, c)),
        "groups" => Some(groups(locale, c)),
        "countries" => Some(countries(locale, c)).filter(|c| !c.bars.is_empty()),
        _ => None,
    }
}

/// The meeting rates of the 365 days up to the figures' instant, each bar
/// out of 100 %.
pub fn meeting_rates(locale: Locale, f: &BodyMeetingFigures) -> ChartData {
    let es = locale == Locale::es;
    let g = &f.figures;
    let bars = [
        (td_string!(locale, meeting.regularity), g.meeting_regularity),
        (
            td_string!(locale, meeting.attendance_rate),
            g.attendance_rate,
        ),
        (td_string!(locale, meeting.quorum_rate), g.quorum_rate),
        (td_string!(locale, meeting.minutes_rate), g.minutes_rate),
    ]
    .into_iter()
    .map(|(label, v)| Bar {
        label: label.to_string(),
        value: v.unwrap_or(0.0),
        shown: v
            .map(|v| crate::components::charts::percent(es, v))
            .unwrap_or_else(|| td_string!(locale, comp.na).to_string()),
    })
    .collect();
    ChartData {
        name: "meetings",
        title: td_string!(locale, meeting.rates_chart).to_string(),
        keys: Vec::new(),
        bars,
        define: "meetings",
        max: Some(1.0),
    }
}

/// A dashboard's trend: scores (0–100) over the last eight quarter ends.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendData {
    pub name: &'static str,
    pub title: String,
    /// "2026 T1" per quarter end.
    pub labels: Vec<String>,
    pub series: Series,
}

fn trend<P>(locale: Locale, points: &[P], as_of: impl Fn(&P) -> &str, series: Series) -> TrendData {
    TrendData {
        name: "trend",
        title: td_string!(locale, dash.trend).to_string(),
        labels: points
            .iter()
            .map(|p| quarter_label(locale == Locale::es, as_of(p)))
            .collect(),
        series,
    }
}

/// A body's four scores over eight quarters.
pub fn body_trend(locale: Locale, d: &BodyDashboard) -> TrendData {
    let of = |f: fn(&crate::domain::metrics::report::BodyScores) -> Option<f64>| {
        d.trend.iter().map(|p| f(&p.scores)).collect::<Vec<_>>()
    };
    let series = vec![
        (
            td_string!(locale, dash.responsiveness).to_string(),
            of(|s| s.responsiveness_score),
        ),
        (
            td_string!(locale, dash.regularity).to_string(),
            of(|s| s.regularity_score),
        ),
        (
            td_string!(locale, dash.representativeness).to_string(),
            of(|s| s.representativeness_score),
        ),
    ];
    trend(locale, &d.trend, |p| &p.as_of, series)
}

/// An authority's responsiveness, response and on-time rates over eight
/// quarters (rates as percentages, on the scores' 0–100 scale).
pub fn authority_trend(locale: Locale, d: &AuthorityDashboard) -> TrendData {
    let pct = |v: Option<f64>| v.map(|v| v * 100.0);
    let series = vec![
        (
            td_string!(locale, dash.responsiveness).to_string(),
            d.trend
                .iter()
                .map(|p| p.scores.responsiveness_score)
                .collect(),
        ),
        (
            td_string!(locale, dash.response_rate).to_string(),
            d.trend
                .iter()
                .map(|p| pct(p.answers.response_rate))
                .collect(),
        ),
        (
            td_string!(locale, dash.on_time_rate).to_string(),
            d.trend
                .iter()
                .map(|p| pct(p.answers.on_time_rate))
                .collect(),
        ),
    ];
    trend(locale, &d.trend, |p| &p.as_of, series)
}

/// A chart of a dashboard, whichever its kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    Bars(ChartData),
    Trend(TrendData),
}

impl Chart {
    pub fn name(&self) -> &'static str {
        match self {
            Chart::Bars(c) => c.name,
            Chart::Trend(t) => t.name,
        }
    }

    pub fn title(&self) -> &str {
        match self {
            Chart::Bars(c) => &c.title,
            Chart::Trend(t) => &t.title,
        }
    }
}

/// A body's chart by its permalink's name.
pub fn of_body(locale: Locale, d: &BodyDashboard, name: &str) -> Option<Chart> {
    match name {
        "topics" => Some(Chart::Bars(body_topics(locale, d))),
        "status" => Some(Chart::Bars(status(
            locale,
            &d.metrics.answers.status_counts,
        ))),
        "trend" => Some(Chart::Trend(body_trend(locale, d))),
        _ => None,
    }
}

/// An authority's chart by its permalink's name.
pub fn of_authority(locale: Locale, d: &AuthorityDashboard, name: &str) -> Option<Chart> {
    match name {
        "days" => Some(Chart::Bars(authority_days(locale, d))),
        "status" => Some(Chart::Bars(status(
            locale,
            &d.metrics.answers.status_counts,
        ))),
        "trend" => Some(Chart::Trend(authority_trend(locale, d))),
        _ => None,
    }
}

/// A chart's permalinks at the figures' date (so the embedded image keeps
/// showing what it showed), in the reader's language, and the HTML to
/// embed it: the image, its title, the source and the date.
pub fn embed(locale: Locale, page: &str, (name, title): (&str, &str), as_of_date: &str) -> Embed {
    use crate::components::charts::escape_xml;
    let origin = crate::components::preview::site_origin();
    let lang = if locale == Locale::en { "&lang=en" } else { "" };
    let at = crate::domain::url::encode_component(as_of_date);
    let base = format!("{origin}{page}/charts/{name}");
    let svg = format!("{base}.svg?as_of={at}{lang}");
    let png = format!("{base}.png?as_of={at}{lang}");
    let code = format!(
        "<figure><img src=\"{}\" alt=\"{}\" style=\"max-width:100%\"><figcaption>{}. {}: <a href=\"{}\">Voces</a>, {} {}.</figcaption></figure>",
        escape_xml(&svg),
        escape_xml(title),
        escape_xml(title),
        td_string!(locale, dash.source),
        escape_xml(&format!("{origin}{page}?as_of={at}")),
        td_string!(locale, dash.as_of),
        // The date of an instant (the meeting figures carry one).
        escape_xml(as_of_date.get(..10).unwrap_or(as_of_date)),
    );
    Embed { svg, png, code }
}
