//! Pieces the dashboards share: the "as of" date picker (a GET form, so it
//! works without JavaScript), scores, rankings, the overdue table and the
//! trend chart (server-rendered SVG with its numbers in a table).
use crate::components::dates;
use crate::domain::compare::Shape;
use crate::domain::metrics::dashboards::{OverdueRow, Ranked};
use crate::i18n::*;
use leptos::prelude::*;

/// A score as shown: rounded, or a dash.
pub fn score_text(v: Option<f64>) -> String {
    v.map(|v| format!("{}", v.round()))
        .unwrap_or_else(|| "—".into())
}

/// A rate as shown: a rounded percentage, or a dash.
pub fn rate_text(es: bool, v: Option<f64>) -> String {
    v.map(|v| crate::components::charts::percent(es, v))
        .unwrap_or_else(|| "—".into())
}

pub use crate::domain::metrics::count_of;

/// A figure's label and its anchor on /methodology.
pub fn figure_label(locale: Locale, id: &str) -> (&'static str, &'static str) {
    match id {
        "members_active" => (td_string!(locale, dash.members), "members_active"),
        "seat_fill_rate" => (td_string!(locale, dash.seat_fill), "seat_fill_rate"),
        "gender_balance" => (td_string!(locale, dash.gender_balance), "gender_balance"),
        "meetings_held" => (td_string!(locale, dash.meetings_held), "meetings_held"),
        "meeting_regularity" => (
            td_string!(locale, dash.regularity_rate),
            "meeting_regularity",
        ),
        "attendance_rate" => (td_string!(locale, dash.attendance), "attendance_rate"),
        "quorum_rate" => (td_string!(locale, dash.quorum), "quorum_rate"),
        "minutes_rate" => (td_string!(locale, dash.minutes), "minutes_rate"),
        "demands_submitted" => (td_string!(locale, dash.demands), "demands_submitted"),
        "referrals" => (td_string!(locale, dash.referrals), "referrals"),
        "considered" => (td_string!(locale, dash.considered), "considered"),
        "answered" => (td_string!(locale, dash.answered), "answered"),
        "response_rate" => (td_string!(locale, dash.response_rate), "response_rate"),
        "on_time_rate" => (td_string!(locale, dash.on_time_rate), "on_time_rate"),
        "median_days_to_answer" => (
            td_string!(locale, dash.median_days),
            "median_days_to_answer",
        ),
        "acceptance_rate" => (td_string!(locale, dash.acceptance_rate), "acceptance_rate"),
        "implementation_rate" => (
            td_string!(locale, dash.implementation_rate),
            "implementation_rate",
        ),
        "contested_rate" => (td_string!(locale, dash.contested_rate), "contested_rate"),
        "overdue_open" => (td_string!(locale, dash.overdue), "overdue_open"),
        "representativeness_score" => (
            td_string!(locale, dash.representativeness),
            "representativeness_score",
        ),
        "regularity_score" => (td_string!(locale, dash.regularity), "regularity_score"),
        "alternates_active" => (td_string!(locale, comp.alternates), "alternates_active"),
        "group_coverage" => (td_string!(locale, comp.group_coverage), "group_coverage"),
        "region_coverage" => (td_string!(locale, comp.region_coverage), "region_coverage"),
        "terms_expiring_90d" => (
            td_string!(locale, comp.terms_expiring),
            "terms_expiring_90d",
        ),
        "adopted_in_meeting_rate" => (td_string!(locale, dash.adopted), "adopted_in_meeting_rate"),
        _ => (
            td_string!(locale, dash.responsiveness),
            "responsiveness_score",
        ),
    }
}

/// A value as shown, and how full its meter is (rates and scores only).
pub fn figure_text(es: bool, shape: Shape, v: Option<f64>) -> (String, Option<f64>) {
    match (shape, v) {
        (_, None) => ("—".into(), None),
        (Shape::Count, Some(v)) => (format!("{v:.0}"), None),
        (Shape::Days, Some(v)) => (format!("{v:.1}"), None),
        (Shape::Rate, Some(v)) => (rate_text(es, Some(v)), Some((v * 100.0).clamp(0.0, 100.0))),
        (Shape::Score, Some(v)) => (format!("{}", v.round()), Some(v.clamp(0.0, 100.0))),
    }
}

/// A rate's denominator below this carries a caution (metrics.md's
/// `low_sample` threshold).
pub const SMALL_BASE: u32 = 5;

/// What a figure counts, said beside it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Basis {
    /// "91 de 150 consideradas": numerator, denominator and the
    /// denominator's noun (plural).
    pub ratio: Option<(u32, u32, String)>,
    /// The list of what the numerator counts (`/referrals?…`).
    pub list: Option<String>,
    /// The list of the denominator.
    pub base_list: Option<String>,
    /// An all-time backlog (not the 365-day window): says so, with T.
    pub backlog_at: Option<String>,
    /// A note of its own (why a rate passes 100 %, …).
    pub note: Option<String>,
}

/// One figure: its value (linking to the list it counts, whose total is
/// the same number at the same `as_of`), its label with a link to its
/// definition, what it counts ("4 de 15 consideradas"), and a caution
/// when a rate rests on fewer than five cases.
#[component]
pub fn Figure(
    label: String,
    value: String,
    /// Its anchor on /methodology.
    define: &'static str,
    #[prop(optional)] basis: Basis,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let caution = basis
        .ratio
        .as_ref()
        .is_some_and(|(_, d, _)| *d > 0 && *d < SMALL_BASE);
    let ratio = basis.ratio.clone().map(|(n, d, noun)| {
        let base = match basis.base_list.clone() {
            Some(h) => view! { <a href=h>{format!("{d} {noun}")}</a> }.into_any(),
            None => format!("{d} {noun}").into_any(),
        };
        view! { <span class="stat-basis">{n} " " {td_string!(locale, dash.of)} " " {base}</span> }
    });
    view! {
        <div class="stat" role="listitem">
            <span class="stat-value">{match basis.list.clone() {
                Some(h) => view! { <a href=h>{value}</a> }.into_any(),
                None => value.into_any(),
            }}</span>
            <span class="stat-label">{label.clone()} " " <DefineLink anchor=define label /></span>
            {ratio}
            {basis.backlog_at.clone().map(|t| view! {
                <span class="stat-basis">{td_string!(locale, dash.all_time)} " " {dates::date(locale, &t)}</span>
            })}
            {basis.note.clone().map(|n| view! { <span class="stat-basis">{n}</span> })}
            {caution.then(|| view! { <span class="caution">{t!(i18n, dash.small_base)}</span> })}
        </div>
    }
}

/// The link from a figure to its definition on /methodology: a small "?"
/// whose accessible name says which figure it defines.
#[component]
pub fn DefineLink(
    /// The figure's anchor on /methodology.
    anchor: &'static str,
    /// The figure's label, for the link's accessible name.
    label: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let word = td_string!(locale, dash.definition);
    view! {
        <a class="define" href=format!("/methodology#{anchor}") aria-label=format!("{word}: {label}") title=word>
            {t!(i18n, dash.define_mark)}
        </a>
    }
}

/// What a dashboard shows when its figures cannot be read: the "as of"
/// form (so another date can be asked for) and the error.
#[component]
pub fn FiguresFailed(anchor: &'static str, error: crate::domain::error::ApiError) -> impl IntoView {
    view! {
        <AsOfPicker value=String::new() anchor window_from=String::new() />
        <crate::components::error::ErrorNotice error />
    }
}

/// The "as of" form. `anchor` is where the page scrolls back to.
#[component]
pub fn AsOfPicker(value: String, anchor: &'static str, window_from: String) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("as-of-{anchor}");
    let to = value.clone();
    view! {
        <form method="get" class="as-of" action=format!("#{anchor}")>
            <div class="field">
                <label for=id.clone()>{t!(i18n, dash.as_of)}</label>
                <input id=id name="as_of" type="date" value=value />
            </div>
            <button type="submit" class="button secondary">{t!(i18n, dash.show)}</button>
            <a href=format!("?#{anchor}")>{t!(i18n, dash.today)}</a>
            <p class="muted window">{t!(i18n, dash.window, from = window_from.clone(), to = to.clone())}</p>
        </form>
    }
}

/// A big score out of 100 with its label and a link to its definition.
#[component]
pub fn ScoreBadge(label: String, score: Option<f64>, define: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let pct = score.unwrap_or(0.0).clamp(0.0, 100.0);
    view! {
        <div class="score">
            <span class="score-value">{score_text(score)}</span>
            <span class="score-of">{t!(i18n, dash.score_of)}</span>
            <span class="score-label">{label.clone()} " " <DefineLink anchor=define label /></span>
            <span class="meter" aria-hidden="true"><span style=format!("width:{pct:.0}%")></span></span>
        </div>
    }
}

/// A ranking: best first, each with its score bar; `href` links each entry.
#[component]
pub fn Ranking(
    id: &'static str,
    title: String,
    list: Vec<Ranked>,
    low: Vec<Ranked>,
    href: fn(&str) -> String,
    /// The score's anchor on /methodology.
    define: &'static str,
    /// A query (`?as_of=…`) every link carries, before any `#fragment`.
    #[prop(optional)]
    query: String,
    /// Only the first `top` entries of each list, and a link to `all`, the
    /// whole ranking: the home page stays short at any number of councils.
    #[prop(optional)]
    top: Option<usize>,
    #[prop(optional)] all: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (ranked, unranked) = (list.len(), low.len());
    let cut = top.unwrap_or(usize::MAX);
    let more = all.filter(|_| ranked > cut || unranked > cut);
    let entry = move |r: Ranked, marked: bool| {
        let pct = r.score.unwrap_or(0.0).clamp(0.0, 100.0);
        view! {
            <li>
                <a href={
                    let link = href(&r.key);
                    match link.split_once('#') {
                        Some((path, frag)) => format!("{path}{query}#{frag}"),
                        None => format!("{link}{query}"),
                    }
                }>{r.name.clone()}</a>
                {marked.then(|| view! { <span class="badge low">{t!(i18n, dash.low_mark)}</span> })}
                <span class="rank-score">{score_text(r.score)}<span class="score-of">{t!(i18n, dash.per_100)}</span></span>
                <span class="rank-basis muted">{format!("{} {}", r.considered, td_string!(locale, dash.considered_noun))}</span>
                <span class="meter" aria-hidden="true"><span style=format!("width:{pct:.0}%")></span></span>
            </li>
        }
    };
    let empty = list.is_empty();
    view! {
        <section class="ranking card" aria-labelledby=id>
            <h3 id=id>{title.clone()} " " <DefineLink anchor=define label=title /></h3>
            {if empty {
                view! { <p class="empty">{t!(i18n, dash.none_ranked)}</p> }.into_any()
            } else {
                view! { <ol class="rank-list">{list.into_iter().take(cut).map(|r| entry(r, false)).collect_view()}</ol> }
                    .into_any()
            }}
            {(!low.is_empty()).then(|| view! {
                <details class="low-sample">
                    <summary>{t!(i18n, dash.low_sample)}" ("{unranked}")"</summary>
                    <ul class="rank-list">{low.into_iter().take(cut).map(|r| entry(r, true)).collect_view()}</ul>
                </details>
            })}
            {more.map(|h| view! {
                <p class="more"><a href=h>{t!(i18n, dash.ranking_all, n = (ranked + unranked).to_string())}</a></p>
            })}
        </section>
    }
}

/// The most overdue referrals.
#[component]
pub fn OverdueTable(
    rows: Vec<OverdueRow>,
    #[prop(optional)] show_authority: bool,
    /// The figures' instant, which each demand's page reads its clock at.
    as_of: String,
) -> impl IntoView {
    let at = crate::domain::url::encode_component(&as_of);
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    if rows.is_empty() {
        return view! { <p class="empty">{t!(i18n, dash.no_overdue)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, dash.demand)}</th>
                        <th scope="col">{if show_authority { td_string!(locale, dash.authority) } else { td_string!(locale, dash.body) }}</th>
                        <th scope="col">{t!(i18n, dash.deadline)}</th>
                        <th scope="col" class="num">{t!(i18n, dash.days_overdue)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <td><a href=format!("/bodies/{}/demands/{}?as_of={at}#referrals-h", r.body_key, r.demand_key)>{r.title.clone()}</a></td>
                            <td>{if show_authority {
                                view! { <a href=format!("/authorities/{}", r.authority_key)>{r.authority_name.clone()}</a> }.into_any()
                            } else {
                                view! { <a href=format!("/bodies/{}", r.body_key)>{r.body_name.clone()}</a> }.into_any()
                            }}</td>
                            <td><time datetime=r.effective_deadline.clone()>{dates::date(locale, &r.effective_deadline)}</time></td>
                            <td class="num">{r.days_overdue}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// "2026 T1" / "2026 Q1" for a quarter's end instant.
pub fn quarter_label(es: bool, as_of: &str) -> String {
    let year = as_of.get(0..4).unwrap_or("");
    let month: u32 = as_of.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    let q = (month - 1) / 3 + 1;
    if es {
        format!("{year} T{q}")
    } else {
        format!("{year} Q{q}")
    }
}

/// Lines of scores (0–100) over quarters, with the numbers in a table.
#[component]
pub fn TrendChart(
    id: &'static str,
    title: String,
    labels: Vec<String>,
    series: crate::components::charts::Series,
    /// The anchor on /methodology of the scores drawn.
    define: &'static str,
    /// Its permalinks and the code to embed it elsewhere.
    #[prop(optional)]
    embed: Option<crate::components::charts::Embed>,
) -> impl IntoView {
    use crate::components::charts::{trend_marks, EmbedBox, TREND_H, TREND_W};
    let i18n = use_i18n();
    let marks = trend_marks(&labels, &series);
    let summary = crate::components::charts::trend_summary(&series);
    let legend = series
        .iter()
        .enumerate()
        .map(|(k, (name, _))| view! { <li><span class=format!("swatch series-{k}") aria-hidden="true"></span>{name.clone()}</li> })
        .collect_view();
    let head = labels
        .iter()
        .map(|l| view! { <th scope="col">{l.clone()}</th> })
        .collect_view();
    let rows = series
        .iter()
        .map(|(name, values)| {
            view! {
                <tr>
                    <th scope="row">{name.clone()}</th>
                    {values.iter().map(|v| view! { <td class="num">{score_text(*v)}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    let title_id = format!("{id}-title");
    let caption_id = title_id.clone();
    view! {
        <figure class="chart trend" aria-labelledby=title_id>
            <figcaption id=caption_id>{title.clone()} " " <DefineLink anchor=define label=title.clone() /></figcaption>
            <ul class="legend">{legend}</ul>
            <svg viewBox=format!("0 0 {TREND_W} {TREND_H}") role="img" aria-label=format!("{title}. {summary}") preserveAspectRatio="xMinYMin meet"
                inner_html=marks></svg>
            <div class="table-wrap" tabindex="0">
                <table class="chart-table">
                    <caption class="visually-hidden">{t!(i18n, dash.trend_table)}</caption>
                    <thead><tr><th scope="col">{t!(i18n, dash.quarter)}</th>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {embed.map(|e| view! { <EmbedBox e id=id.to_string() /> })}
        </figure>
    }
}

/// One row of a table of answer figures.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRow {
    pub name: String,
    /// Its own page.
    pub href: String,
    pub figures: crate::domain::metrics::answers::AnswerFigures,
    /// The referrals list its counts open (`/referrals?as_of=…&…`), to
    /// which each count adds its own filter; plain numbers when `None`.
    pub list: Option<String>,
}

/// Answer figures one row per body or authority (an authority's page and
/// report by council, a council's report by authority): referrals,
/// answered, the two rates and the overdue, each count opening its list.
#[component]
pub fn AnswersTable(
    /// The id of the heading that names the table.
    labelled_by: &'static str,
    /// The first column's heading (body or authority).
    first: String,
    rows: Vec<AnswerRow>,
) -> impl IntoView {
    let i18n = use_i18n();
    let es = i18n.get_locale_untracked() == Locale::es;
    let body = rows
        .into_iter()
        .map(|r| {
            let f = &r.figures;
            let count = |n: u32, extra: &str| match &r.list {
                Some(l) => view! { <a href=format!("{l}{extra}")>{n}</a> }.into_any(),
                None => n.into_any(),
            };
            view! {
                <tr>
                    <th scope="row"><a href=r.href.clone()>{r.name.clone()}</a></th>
                    <td class="num">{count(f.referrals, "&window=1")}</td>
                    <td class="num">{count(f.answered, "&window=1&answered=1")}</td>
                    <td class="num">{rate_text(es, f.response_rate)}</td>
                    <td class="num">{rate_text(es, f.on_time_rate)}</td>
                    <td class="num">{count(f.overdue_open, "&overdue=1")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data report-table" aria-labelledby=labelled_by>
                <thead>
                    <tr>
                        <th scope="col">{first}</th>
                        <th scope="col" class="num">{t!(i18n, dash.referrals)}</th>
                        <th scope="col" class="num">{t!(i18n, dash.answered)}</th>
                        <th scope="col" class="num">{t!(i18n, dash.response_rate)}</th>
                        <th scope="col" class="num">{t!(i18n, dash.on_time_rate)}</th>
                        <th scope="col" class="num">{t!(i18n, dash.overdue)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
