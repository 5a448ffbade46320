//! The annual reports (`/bodies/{key}/informe/{year}`,
//! `/authorities/{key}/informe/{year}`): a document a council hands to the
//! ministry. Each figure is its dashboard's at the year's end, beside the
//! year before's and the change, with its definition; printed from the
//! browser it is a clean A4/Letter document whose every page carries the
//! data's date, the source address and its number (`style/main.css`,
//! `@media print` and `@page`).
use crate::api::dashboards::load_annual;
use crate::components::dashboards::{
    figure_label, figure_text, rate_text, AnswersTable, DefineLink,
};
use crate::components::error::Loaded;
use crate::components::preview::site_origin;
use crate::domain::annual::{Annual, AuthorityAnnual, BodyAnnual, ReportHead, ReportOf};
use crate::domain::metrics::answers::AnswerFigures;
use crate::i18n::*;
use crate::pages::not_found::NotFound;
pub use content::{
    as_of_line, authority_content, body_content, change, contested, window_line, AuthorityContent,
    BodyContent, Row,
};
use leptos::prelude::*;
use leptos_meta::{Html, Title};
use leptos_router::hooks::use_params_map;

pub mod content;

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
    pdf: crate::routes::Route,
    key: String,
    page: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let pdf_path = pdf.path(&[&key, &head.year.to_string()]);
    let link = move |y: i32| report.path(&[&key, &y.to_string()]);
    let path = link(head.year);
    // The PDF in the reader's language, on either paper.
    let lang = if locale == Locale::en { "lang=en&" } else { "" };
    let a4 = format!("{pdf_path}?{lang}paper=a4");
    let letter = format!("{pdf_path}?{lang}paper=letter");
    let source = format!("{}{path}", site_origin());
    let as_of_line = as_of_line(locale, &head);
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
            <p class="report-source">{as_of_line} " · " {window_line(locale, &head)}
                " · " {t!(i18n, annual.source)} " " <a href=path.clone()>{source}</a></p>
            <p class="no-print report-years">{before} " " {after}</p>
            <p class="no-print report-pdf">
                <a href=a4 download>{t!(i18n, annual.pdf_a4)}</a> " · "
                <a href=letter download>{t!(i18n, annual.pdf_letter)}</a> " "
                <span class="muted">{t!(i18n, annual.print_hint)}</span></p>
        </header>
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

/// Claims of implementation the council contested.
#[component]
fn Contested(a: AnswerFigures) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let es = locale == Locale::es;
    let (contested, implemented) = contested(&a);
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
    let key = r.figures.body.clone();
    let year = r.head.year;
    let BodyContent {
        sub,
        composition,
        sessions,
        demands,
        topics,
        answers,
        by_authority,
    } = body_content(locale, &r);
    let topic_rows = topics
        .into_iter()
        .map(|(label, n, before)| view! { <tr><th scope="row">{label}</th><td class="num">{n}</td><td class="num">{before}</td></tr> })
        .collect_view();
    let no_authorities = by_authority.is_empty();
    let contested = r.figures.answers.clone();
    view! {
        <article class="report">
            <Head head=r.head.clone() name=r.name.clone() sub report=crate::routes::BODY_REPORT pdf=crate::routes::BODY_REPORT_PDF key=key.clone() page=format!("/bodies/{key}") />
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
                        <AnswersTable labelled_by="by-authority-h" first=td_string!(locale, dash.authority).to_string() rows=by_authority.clone() />
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
    let key = r.figures.authority.clone();
    let year = r.head.year;
    let AuthorityContent {
        name,
        sub,
        answers,
        by_body,
    } = authority_content(locale, &r);
    let contested = r.figures.answers.clone();
    view! {
        <article class="report">
            <Head head=r.head.clone() name=name sub report=crate::routes::AUTHORITY_REPORT pdf=crate::routes::AUTHORITY_REPORT_PDF key=key.clone() page=format!("/authorities/{key}") />
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
