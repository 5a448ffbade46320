//! The annual reports (`/bodies/{key}/informe/{year}`,
//! `/authorities/{key}/informe/{year}`): a document a council hands to the
//! ministry. Each figure is its dashboard's at the year's end, beside the
//! year before's and the change, with its definition; printed from the
//! browser it is a clean A4/Letter document whose every page carries the
//! data's date, the source address and its number (`style/main.css`,
//! `@media print` and `@page`).
use crate::api::dashboards::load_annual;
use crate::components::dashboards::{
    figure_label, figure_text, rate_text, AnswerRow, AnswersTable, DefineLink,
};
use crate::components::error::Loaded;
use crate::components::preview::site_origin;
use crate::components::{dates, labels};
use crate::domain::annual::{Annual, AuthorityAnnual, BodyAnnual, ReportHead, ReportOf};
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
    view! { <AnnualPage of=ReportOf::Body /> }
}

#[component]
pub fn AuthorityAnnualPage() -> impl IntoView {
    view! { <AnnualPage of=ReportOf::Authority /> }
}

#[component]
fn AnnualPage(of: ReportOf) -> impl IntoView {
    let (key, year) = key_and_year();
    let data = Resource::new(
        move || (key.clone(), year),
        move |(k, y)| async move {
            match y {
                Some(y) => load_annual(of, k, y).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <Loaded data view=|r| match r {
            Some(Annual::Body(r)) => view! { <BodyReport r=*r /> }.into_any(),
            Some(Annual::Authority(r)) => view! { <AuthorityReport r=*r /> }.into_any(),
            None => view! { <NotFound /> }.into_any(),
        } />
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
    /// The list that holds this year's number, at the same instant.
    list: Option<String>,
}

fn row(id: &'static str, shape: Shape, now: Option<f64>, before: Option<f64>) -> Row {
    Row {
        id,
        shape,
        now,
        before,
        basis: None,
        list: None,
    }
}

/// A count whose number opens `list`.
fn listed(id: &'static str, now: u32, before: u32, list: String) -> Row {
    Row {
        list: Some(list),
        ..row(id, Shape::Count, count(now), count(before))
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
            let (text, _) = figure_text(es, r.shape, r.now);
            let now = match r.list.clone() {
                Some(h) => view! { <a href=h>{text}</a> }.into_any(),
                None => text.into_any(),
            };
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

/// The answer rows both reports share; `list` is the referrals list of
/// the council or the authority at the report's instant.
fn answer_rows(locale: Locale, a: &AnswerFigures, p: &AnswerFigures, list: &str) -> Vec<Row> {
    let rate = |id, now: Option<f64>, before: Option<f64>, basis: String| Row {
        basis: Some(basis),
        ..row(id, Shape::Rate, now, before)
    };
    vec![
        listed(
            "referrals",
            a.referrals,
            p.referrals,
            format!("{list}&window=1"),
        ),
        listed(
            "considered",
            a.considered,
            p.considered,
            format!("{list}&window=1&considered=1"),
        ),
        listed(
            "answered",
            a.answered,
            p.answered,
            format!("{list}&window=1&answered=1"),
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
                a.status_counts.accepting(),
            ),
        ),
        listed(
            "overdue_open",
            a.overdue_open,
            p.overdue_open,
            format!("{list}&overdue=1"),
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
    let (m, p) = (&r.figures, &r.previous);
    let key = m.body.clone();
    let year = r.head.year;
    let sub = format!(
        "{} · {}",
        labels::body_level(locale, r.level),
        r.jurisdiction
    );
    let at = crate::domain::url::encode_component(&m.as_of);
    let (c, pc) = (&m.composition, &p.composition);
    let composition = vec![
        listed(
            "members_active",
            c.members_active,
            pc.members_active,
            format!("/bodies/{key}?as_of={at}#comp-h"),
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
            ..listed(
                "meetings_held",
                me.meetings_held,
                pm.meetings_held,
                format!("/bodies/{key}/meetings?as_of={at}&status=held"),
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
        listed(
            "demands_submitted",
            m.demands.demands_submitted,
            p.demands.demands_submitted,
            format!("/demands?as_of={at}&window=1&body={key}"),
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
    let mut answers = answer_rows(
        locale,
        &m.answers,
        &p.answers,
        &format!("/referrals?as_of={at}&body={key}"),
    );
    answers.push(row(
        "responsiveness_score",
        Shape::Score,
        m.scores.responsiveness_score,
        p.scores.responsiveness_score,
    ));
    let by_authority: Vec<AnswerRow> = r
        .by_authority
        .iter()
        .map(|a| AnswerRow {
            name: a.name.clone(),
            href: format!("/authorities/{}?as_of={}#dash-h", a.key, r.head.as_of_date),
            figures: a.answers.clone(),
            list: Some(format!(
                "/referrals?as_of={at}&body={key}&authority={}",
                a.key
            )),
        })
        .collect();
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
                        <AnswersTable labelled_by="by-authority-h" first=td_string!(locale, dash.authority).to_string() rows=by_authority />
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
    let at = crate::domain::url::encode_component(&m.as_of);
    let mut answers = answer_rows(
        locale,
        &m.answers,
        &p.answers,
        &format!("/referrals?as_of={at}&authority={key}"),
    );
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
    let by_body: Vec<AnswerRow> = r
        .body_names
        .iter()
        .filter_map(|(k, n)| {
            m.by_body.get(k).map(|f| AnswerRow {
                name: n.clone(),
                href: crate::routes::BODY_REPORT.path(&[k, &year.to_string()]),
                figures: f.clone(),
                list: Some(format!("/referrals?as_of={at}&authority={key}&body={k}")),
            })
        })
        .collect();
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
                <AnswersTable labelled_by="by-body-h" first=td_string!(locale, dash.body).to_string() rows=by_body />
            </section>
            <Contested a=contested />
            <Method />
        </article>
    }
}
