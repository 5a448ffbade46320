//! The annual reports (`/bodies/{key}/informe/{year}`,
//! `/authorities/{key}/informe/{year}`): a document a council hands to the
//! ministry. Each figure is its dashboard's at the year's end, beside the
//! year before's and the change, with its definition; printed from the
//! browser it is a clean A4/Letter document whose every page carries the
//! data's date, the source address and its number (`style/main.css`,
//! `@media print` and `@page`).
use crate::api::dashboards::{load_authority_annual, load_body_annual};
use crate::components::dashboards::{figure_label, figure_text, rate_text, DefineLink};
use crate::components::error::ErrorNotice;
use crate::components::preview::site_origin;
use crate::components::{dates, labels};
use crate::domain::annual::{AuthorityAnnual, BodyAnnual, ReportHead};
use crate::domain::compare::Shape;
use crate::domain::enums::{DayKind, Topic};
use crate::domain::metrics::answers::AnswerFigures;
use crate::domain::metrics::count_of;
use crate::i18n::*;
use crate::pages::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::{Html, Title};
use leptos_router::hooks::use_params_map;

/// The key and year of the address (`None` when the year is not a number).
fn key_and_year() -> (String, Option<i32>) {
    use_params_map().with_untracked(|p| {
        (
            p.get("key").unwrap_or_default(),
            p.get("year").and_then(|y| y.parse().ok()),
        )
    })
}

#[component]
pub fn BodyAnnualPage() -> impl IntoView {
    let (key, year) = key_and_year();
    let data = Resource::new(
        move || (key.clone(), year),
        |(k, y)| async move {
            match y {
                Some(y) => load_body_annual(k, y).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(r)) => view! { <BodyReport r /> }.into_any(),
                    Ok(None) | Err(crate::domain::error::ApiError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AuthorityAnnualPage() -> impl IntoView {
    let (key, year) = key_and_year();
    let data = Resource::new(
        move || (key.clone(), year),
        |(k, y)| async move {
            match y {
                Some(y) => load_authority_annual(k, y).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(r)) => view! { <AuthorityReport r /> }.into_any(),
                    Ok(None) | Err(crate::domain::error::ApiError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A CSS string (for `content:`), quotes and backslashes escaped.
fn css_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The top of a report: what it is, whose, when, where from; the links to
/// the years around it and how to make a PDF (not printed). The source
/// line goes into every printed page's margin through `--report-source`.
#[component]
fn Head(
    head: ReportHead,
    name: String,
    sub: String,
    report: crate::routes::Route,
    key: String,
    page: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let link = move |y: i32| report.path(&[&key, &y.to_string()]);
    let path = link(head.year);
    let source = format!("{}{path}", site_origin());
    let date = dates::date(locale, &head.as_of);
    let as_of_line = format!(
        "{} {date}{}",
        td_string!(locale, annual.figures_at),
        if head.partial {
            td_string!(locale, annual.not_over)
        } else {
            ""
        }
    );
    let margin = css_string(&format!("{name} · {as_of_line} · {source}"));
    let year = head.year;
    let before = (year > head.first_year)
        .then(|| view! { <a href=link(year - 1) rel="prev">{format!("← {}", year - 1)}</a> });
    let after = (year < head.last_year)
        .then(|| view! { <a href=link(year + 1) rel="next">{format!("{} →", year + 1)}</a> });
    view! {
        <Html {..} style=format!("--report-source: {margin}") />
        <Title text=format!("{} {year} · {name}", td_string!(locale, annual.title)) />
        <nav class="crumbs no-print" aria-label=td_string!(locale, body.back)>
            <a href=page>{name.clone()}</a>
        </nav>
        <header class="page-head report-head">
            <p class="eyebrow">{t!(i18n, annual.title)} " " {year}</p>
            <h1>{name}</h1>
            <p class="lead">{sub}</p>
            <p class="report-source">{as_of_line} " · " {t!(i18n, annual.window, from = head.window_from.clone(), to = head.as_of_date.clone())}
                " · " {t!(i18n, annual.source)} " " <a href=path.clone()>{source}</a></p>
            <p class="no-print report-years">{before} " " {after} " "
                <span class="muted">{t!(i18n, annual.print_hint)}</span></p>
        </header>
    }
}

/// One row of a table of figures: this year, the year before, the change.
#[derive(Clone)]
struct Row {
    id: &'static str,
    shape: Shape,
    now: Option<f64>,
    before: Option<f64>,
    /// What a rate counts, said under its label ("12 de 30").
    basis: Option<String>,
}

fn row(id: &'static str, shape: Shape, now: Option<f64>, before: Option<f64>) -> Row {
    Row {
        id,
        shape,
        now,
        before,
        basis: None,
    }
}

fn count(n: u32) -> Option<f64> {
    Some(f64::from(n))
}

/// The change from the year before, in the figure's own terms: counts and
/// scores as a difference, rates in percentage points.
fn change(locale: Locale, r: &Row) -> String {
    let (Some(a), Some(b)) = (r.now, r.before) else {
        return "—".into();
    };
    let d = a - b;
    let sign = if d > 0.0 {
        "+"
    } else if d < 0.0 {
        "−"
    } else {
        ""
    };
    let m = d.abs();
    match r.shape {
        Shape::Count => format!("{sign}{m:.0}"),
        Shape::Score => format!("{sign}{}", m.round()),
        Shape::Days => format!("{sign}{m:.1}"),
        Shape::Rate => format!(
            "{sign}{:.0} {}",
            m * 100.0,
            td_string!(locale, annual.points)
        ),
    }
}

/// A table of figures with the year before and the change.
#[component]
fn ChangeTable(caption: String, year: i32, rows: Vec<Row>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let es = locale == Locale::es;
    let body = rows
        .into_iter()
        .map(|r| {
            let (label, anchor) = figure_label(locale, r.id);
            let (now, _) = figure_text(es, r.shape, r.now);
            let (before, _) = figure_text(es, r.shape, r.before);
            let delta = change(locale, &r);
            view! {
                <tr>
                    <th scope="row">{label} " " <DefineLink anchor label=label.to_string() />
                        {r.basis.map(|b| view! { <span class="stat-basis">{b}</span> })}</th>
                    <td class="num">{now}</td>
                    <td class="num">{before}</td>
                    <td class="num">{delta}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data report-table">
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, annual.figure)}</th>
                        <th scope="col" class="num">{year}</th>
                        <th scope="col" class="num">{year - 1}</th>
                        <th scope="col" class="num">{t!(i18n, annual.change)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// "n de d", for a rate's basis.
fn of(locale: Locale, n: u32, d: u32) -> String {
    format!("{n} {} {d}", td_string!(locale, dash.of))
}

/// The answer rows both reports share.
fn answer_rows(locale: Locale, a: &AnswerFigures, p: &AnswerFigures) -> Vec<Row> {
    let rate = |id, now: Option<f64>, before: Option<f64>, basis: String| Row {
        basis: Some(basis),
        ..row(id, Shape::Rate, now, before)
    };
    vec![
        row(
            "referrals",
            Shape::Count,
            count(a.referrals),
            count(p.referrals),
        ),
        row(
            "considered",
            Shape::Count,
            count(a.considered),
            count(p.considered),
        ),
        row(
            "answered",
            Shape::Count,
            count(a.answered),
            count(p.answered),
        ),
        rate(
            "response_rate",
            a.response_rate,
            p.response_rate,
            of(locale, a.answered, a.considered),
        ),
        rate(
            "on_time_rate",
            a.on_time_rate,
            p.on_time_rate,
            of(locale, count_of(a.on_time_rate, a.considered), a.considered),
        ),
        row(
            "median_days_to_answer",
            Shape::Days,
            a.median_days_to_answer,
            p.median_days_to_answer,
        ),
        rate(
            "implementation_rate",
            a.implementation_rate,
            p.implementation_rate,
            of(
                locale,
                a.status_counts.implemented,
                a.status_counts.accepted
                    + a.status_counts.partially_accepted
                    + a.status_counts.implemented,
            ),
        ),
        row(
            "overdue_open",
            Shape::Count,
            count(a.overdue_open),
            count(p.overdue_open),
        ),
    ]
}

/// Claims of implementation the council contested.
#[component]
fn Contested(a: AnswerFigures) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let es = locale == Locale::es;
    let implemented = a.status_counts.implemented;
    let contested = count_of(a.contested_rate, implemented);
    view! {
        <section class="block report-section" aria-labelledby="contested-h">
            <h2 id="contested-h">{t!(i18n, annual.contested)}</h2>
            <p>{t!(i18n, annual.contested_text, contested = contested, implemented = implemented)}
                " " {rate_text(es, a.contested_rate)} " "
                <DefineLink anchor="contested_rate" label=td_string!(locale, dash.contested_rate).to_string() /></p>
        </section>
    }
}

/// How the figures are made, in brief.
#[component]
fn Method() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="block report-section" aria-labelledby="method-h">
            <h2 id="method-h">{t!(i18n, annual.method)}</h2>
            <p>{t!(i18n, annual.method_text)}</p>
            <p class="no-print"><a href="/methodology">{t!(i18n, dash.methodology_link)}</a></p>
        </section>
    }
}

#[component]
fn BodyReport(r: BodyAnnual) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let es = locale == Locale::es;
    let (m, p) = (&r.figures, &r.previous);
    let key = m.body.clone();
    let year = r.head.year;
    let sub = format!(
        "{} · {}",
        labels::body_level(locale, r.level),
        r.jurisdiction
    );
    let (c, pc) = (&m.composition, &p.composition);
    let composition = vec![
        row(
            "members_active",
            Shape::Count,
            count(c.members_active),
            count(pc.members_active),
        ),
        row(
            "alternates_active",
            Shape::Count,
            count(c.alternates_active),
            count(pc.alternates_active),
        ),
        Row {
            basis: c
                .seats
                .map(|s| of(locale, c.members_active, s.max(0) as u32)),
            ..row(
                "seat_fill_rate",
                Shape::Rate,
                c.seat_fill_rate,
                pc.seat_fill_rate,
            )
        },
        Row {
            basis: Some(format!(
                "{} {} · {} {} · {} {}",
                c.gender.woman,
                td_string!(locale, comp.women_noun),
                c.gender.man,
                td_string!(locale, comp.men_noun),
                c.gender.non_binary + c.gender.other + c.gender.undisclosed,
                td_string!(locale, annual.other_genders),
            )),
            ..row(
                "gender_balance",
                Shape::Rate,
                c.gender_balance,
                pc.gender_balance,
            )
        },
        row(
            "group_coverage",
            Shape::Rate,
            c.group_coverage,
            pc.group_coverage,
        ),
        row(
            "region_coverage",
            Shape::Rate,
            c.region_coverage,
            pc.region_coverage,
        ),
        row(
            "representativeness_score",
            Shape::Score,
            m.scores.representativeness_score,
            p.scores.representativeness_score,
        ),
    ];
    let (me, pm) = (&m.meetings, &p.meetings);
    let mandated = r
        .meetings_per_year
        .map(|n| format!("{n} {}", td_string!(locale, annual.mandated_noun)))
        .unwrap_or_else(|| td_string!(locale, annual.not_mandated).to_string());
    let sessions = vec![
        Row {
            basis: Some(mandated),
            ..row(
                "meetings_held",
                Shape::Count,
                count(me.meetings_held),
                count(pm.meetings_held),
            )
        },
        row(
            "meeting_regularity",
            Shape::Rate,
            me.meeting_regularity,
            pm.meeting_regularity,
        ),
        row(
            "attendance_rate",
            Shape::Rate,
            me.attendance_rate,
            pm.attendance_rate,
        ),
        row("quorum_rate", Shape::Rate, me.quorum_rate, pm.quorum_rate),
        Row {
            basis: Some(of(
                locale,
                count_of(me.minutes_rate, me.meetings_held),
                me.meetings_held,
            )),
            ..row(
                "minutes_rate",
                Shape::Rate,
                me.minutes_rate,
                pm.minutes_rate,
            )
        },
        row(
            "regularity_score",
            Shape::Score,
            m.scores.regularity_score,
            p.scores.regularity_score,
        ),
    ];
    let demands = vec![
        row(
            "demands_submitted",
            Shape::Count,
            count(m.demands.demands_submitted),
            count(p.demands.demands_submitted),
        ),
        row(
            "adopted_in_meeting_rate",
            Shape::Rate,
            m.demands.adopted_in_meeting_rate,
            p.demands.adopted_in_meeting_rate,
        ),
    ];
    let mut topics: Vec<(String, u32, u32)> = m
        .demands
        .topics
        .iter()
        .map(|(t, n)| {
            let label = t
                .parse::<Topic>()
                .map(|t| labels::topic(locale, t))
                .unwrap_or("—");
            (
                label.to_string(),
                *n,
                p.demands.topics.get(t).copied().unwrap_or(0),
            )
        })
        .collect();
    topics.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let topic_rows = topics
        .into_iter()
        .map(|(label, n, before)| view! { <tr><th scope="row">{label}</th><td class="num">{n}</td><td class="num">{before}</td></tr> })
        .collect_view();
    let mut answers = answer_rows(locale, &m.answers, &p.answers);
    answers.push(row(
        "responsiveness_score",
        Shape::Score,
        m.scores.responsiveness_score,
        p.scores.responsiveness_score,
    ));
    let rate = |v| rate_text(es, v);
    let by_authority = r
        .by_authority
        .iter()
        .map(|a| {
            let f = &a.answers;
            view! {
                <tr>
                    <th scope="row"><a href=format!("/authorities/{}?as_of={}#dash-h", a.key, r.head.as_of_date)>{a.name.clone()}</a></th>
                    <td class="num">{f.referrals}</td>
                    <td class="num">{f.answered}</td>
                    <td class="num">{rate(f.response_rate)}</td>
                    <td class="num">{rate(f.on_time_rate)}</td>
                    <td class="num">{f.overdue_open}</td>
                </tr>
            }
        })
        .collect_view();
    let no_authorities = r.by_authority.is_empty();
    let contested = m.answers.clone();
    view! {
        <article class="report">
            <Head head=r.head.clone() name=r.name.clone() sub report=crate::routes::BODY_REPORT key=key.clone() page=format!("/bodies/{key}") />
            <section class="block report-section" aria-labelledby="composition-h">
                <h2 id="composition-h">{t!(i18n, annual.composition)}</h2>
                <ChangeTable caption=td_string!(locale, annual.composition).to_string() year rows=composition />
            </section>
            <section class="block report-section" aria-labelledby="sessions-h">
                <h2 id="sessions-h">{t!(i18n, annual.sessions)}</h2>
                <ChangeTable caption=td_string!(locale, annual.sessions).to_string() year rows=sessions />
            </section>
            <section class="block report-section" aria-labelledby="demands-h">
                <h2 id="demands-h">{t!(i18n, annual.demands)}</h2>
                <ChangeTable caption=td_string!(locale, annual.demands).to_string() year rows=demands />
                <div class="table-wrap" tabindex="0">
                    <table class="data report-table">
                        <caption>{t!(i18n, annual.by_topic)}</caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, dash.topic)}</th>
                            <th scope="col" class="num">{year}</th>
                            <th scope="col" class="num">{year - 1}</th>
                        </tr></thead>
                        <tbody>{topic_rows}</tbody>
                    </table>
                </div>
            </section>
            <section class="block report-section" aria-labelledby="answers-h">
                <h2 id="answers-h">{t!(i18n, annual.answers)}</h2>
                <ChangeTable caption=td_string!(locale, annual.answers).to_string() year rows=answers />
                <h3 id="by-authority-h">{t!(i18n, annual.by_authority)}</h3>
                {if no_authorities {
                    view! { <p class="muted">{t!(i18n, annual.no_referrals)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap" tabindex="0">
                            <table class="data report-table" aria-labelledby="by-authority-h">
                                <thead><tr>
                                    <th scope="col">{t!(i18n, dash.authority)}</th>
                                    <th scope="col" class="num">{t!(i18n, dash.referrals)}</th>
                                    <th scope="col" class="num">{t!(i18n, dash.answered)}</th>
                                    <th scope="col" class="num">{t!(i18n, dash.response_rate)}</th>
                                    <th scope="col" class="num">{t!(i18n, dash.on_time_rate)}</th>
                                    <th scope="col" class="num">{t!(i18n, dash.overdue)}</th>
                                </tr></thead>
                                <tbody>{by_authority}</tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
            </section>
            <Contested a=contested />
            <Method />
        </article>
    }
}

#[component]
fn AuthorityReport(r: AuthorityAnnual) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let es = locale == Locale::es;
    let (m, p) = (&r.figures, &r.previous);
    let key = m.authority.clone();
    let year = r.head.year;
    let name = match &r.acronym {
        Some(ac) if !ac.is_empty() => format!("{} ({ac})", r.name),
        _ => r.name.clone(),
    };
    let kind = match r.day_kind {
        DayKind::Calendar => td_string!(locale, referrals.calendar_days),
        DayKind::Business => td_string!(locale, referrals.business_days),
    };
    let sub = format!(
        "{}: {} {kind}",
        td_string!(locale, dash.rule_title),
        r.response_days
    );
    let mut answers = answer_rows(locale, &m.answers, &p.answers);
    answers.insert(
        6,
        Row {
            basis: Some(of(
                locale,
                count_of(m.answers.acceptance_rate, m.answers.answered),
                m.answers.answered,
            )),
            ..row(
                "acceptance_rate",
                Shape::Rate,
                m.answers.acceptance_rate,
                p.answers.acceptance_rate,
            )
        },
    );
    answers.push(row(
        "responsiveness_score",
        Shape::Score,
        m.scores.responsiveness_score,
        p.scores.responsiveness_score,
    ));
    let rate = |v| rate_text(es, v);
    let by_body = r
        .body_names
        .iter()
        .filter_map(|(k, n)| m.by_body.get(k).map(|f| (k.clone(), n.clone(), f.clone())))
        .map(|(k, n, f)| {
            view! {
                <tr>
                    <th scope="row"><a href=crate::routes::BODY_REPORT.path(&[&k, &year.to_string()])>{n}</a></th>
                    <td class="num">{f.referrals}</td>
                    <td class="num">{f.answered}</td>
                    <td class="num">{rate(f.response_rate)}</td>
                    <td class="num">{rate(f.on_time_rate)}</td>
                    <td class="num">{f.overdue_open}</td>
                </tr>
            }
        })
        .collect_view();
    let contested = m.answers.clone();
    view! {
        <article class="report">
            <Head head=r.head.clone() name=name sub report=crate::routes::AUTHORITY_REPORT key=key.clone() page=format!("/authorities/{key}") />
            <section class="block report-section" aria-labelledby="answers-h">
                <h2 id="answers-h">{t!(i18n, dash.answers)}</h2>
                <ChangeTable caption=td_string!(locale, dash.answers).to_string() year rows=answers />
            </section>
            <section class="block report-section" aria-labelledby="by-body-h">
                <h2 id="by-body-h">{t!(i18n, dash.by_body)}</h2>
                <div class="table-wrap" tabindex="0">
                    <table class="data report-table" aria-labelledby="by-body-h">
                        <thead><tr>
                            <th scope="col">{t!(i18n, dash.body)}</th>
                            <th scope="col" class="num">{t!(i18n, dash.referrals)}</th>
                            <th scope="col" class="num">{t!(i18n, dash.answered)}</th>
                            <th scope="col" class="num">{t!(i18n, dash.response_rate)}</th>
                            <th scope="col" class="num">{t!(i18n, dash.on_time_rate)}</th>
                            <th scope="col" class="num">{t!(i18n, dash.overdue)}</th>
                        </tr></thead>
                        <tbody>{by_body}</tbody>
                    </table>
                </div>
            </section>
            <Contested a=contested />
            <Method />
        </article>
    }
}
