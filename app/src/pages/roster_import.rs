//! `/bodies/{key}/members/import`: a roster CSV, checked and previewed
//! before anything is saved. The server posts the preview back into this
//! page (see the server's `http::forms::roster_import`).
use crate::api::accounts::managed_roster;
use crate::components::error::Loaded;
use crate::components::labels::member_role_str;
use crate::domain::dto::{CsvPreview, CsvProblem};
use crate::i18n::*;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn problem_text(locale: Locale, code: &str) -> &'static str {
    match code {
        "required" => td_string!(locale, csv.p_required),
        "invalid_value" => td_string!(locale, csv.p_invalid_value),
        "invalid_date" => td_string!(locale, csv.p_invalid_date),
        "email_invalid" => td_string!(locale, csv.p_email_invalid),
        "invalid_country" => td_string!(locale, csv.p_invalid_country),
        "duplicate_key" => td_string!(locale, csv.p_duplicate_key),
        "term_order" => td_string!(locale, csv.p_term_order),
        "withdrawn_order" => td_string!(locale, csv.p_withdrawn_order),
        "unknown_column" => td_string!(locale, csv.p_unknown_column),
        "missing_column" => td_string!(locale, csv.p_missing_column),
        "invalid_bool" => td_string!(locale, csv.p_invalid_bool),
        "too_long" => td_string!(locale, csv.p_too_long),
        "empty" => td_string!(locale, csv.p_empty),
        "not_utf8" => td_string!(locale, csv.p_not_utf8),
        "too_large" => td_string!(locale, csv.p_too_large),
        _ => td_string!(locale, csv.p_syntax),
    }
}

/// The documented columns: (name, required, meaning).
fn columns(locale: Locale) -> Vec<(&'static str, bool, &'static str)> {
    vec![
        ("key", true, td_string!(locale, csv.c_key)),
        ("name", true, td_string!(locale, csv.c_name)),
        ("email", false, td_string!(locale, csv.c_email)),
        ("public", false, td_string!(locale, csv.c_public)),
        ("role", true, td_string!(locale, csv.c_role)),
        ("gender", true, td_string!(locale, csv.c_gender)),
        ("migrant_group", true, td_string!(locale, csv.c_group)),
        ("region", false, td_string!(locale, csv.c_region)),
        ("country", false, td_string!(locale, csv.c_country)),
        ("term_start", true, td_string!(locale, csv.c_start)),
        ("term_end", false, td_string!(locale, csv.c_end)),
        ("withdrawn_on", false, td_string!(locale, csv.c_withdrawn)),
    ]
}

#[component]
pub fn RosterImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let key = use_params_map().with_untracked(|p| p.get("key").unwrap_or_default());
    let k2 = key.clone();
    // Only to check the right to be here (401/403 otherwise).
    let access = Resource::new(move || k2.clone(), managed_roster);
    let preview = use_context::<CsvPreview>();
    let action = routes::ROSTER_IMPORT.path(&[&key]);
    view! {
        <Title text=td_string!(locale, csv.title) />
        <section class="page-head">
            <p class="crumbs"><a href=format!("/bodies/{key}/members")>{t!(i18n, roster.title)}</a></p>
            <h1>{t!(i18n, csv.title)}</h1>
            <p class="lead">{t!(i18n, csv.intro)}</p>
        </section>
        <Loaded data=access view=move |_| view! { <ImportForms action=action.clone() preview=preview.clone() /> } />
    }
}

#[component]
fn ImportForms(action: String, preview: Option<CsvPreview>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let text = preview.as_ref().map(|p| p.csv.clone()).unwrap_or_default();
    let result = preview.map(|p| {
        let ok = p.problems.is_empty();
        let action = action.clone();
        view! {
            {p.semicolons.then(|| view! { <div class="alert caution" role="note"><p>{t!(i18n, csv.semicolons)}</p></div> })}
            {p.seat_excess.clone().map(|x| view! {
                <div class="alert caution seat-excess" role="note">
                    <p>
                        {t!(i18n, csv.seat_excess_a)} " " <time datetime=x.on.clone()>{x.on.clone()}</time> " "
                        {t!(i18n, csv.seat_excess_b)} " " <strong>{x.seat_holders}</strong> " "
                        {t!(i18n, csv.seat_excess_c)} " " <strong>{x.seats}</strong> " "
                        {t!(i18n, csv.seat_excess_d)}
                    </p>
                </div>
            })}
            {if ok {
                view! { <div class="alert success" role="status"><p>{t!(i18n, csv.ready)}</p></div> }.into_any()
            } else {
                view! {
                    <div class="alert error" role="alert" tabindex="-1">
                        <p>{t!(i18n, csv.blocked)}</p>
                    </div>
                    <ProblemTable problems=p.problems.clone() />
                }
                    .into_any()
            }}
            {(!p.rows.is_empty()).then(|| view! {
                <h2 id="rows-h">{t!(i18n, csv.rows)}</h2>
                <div class="table-wrap" role="region" aria-labelledby="rows-h" tabindex="0">
                    <table>
                        <thead><tr>
                            <th scope="col">{t!(i18n, csv.line)}</th>
                            <th scope="col">"key"</th>
                            <th scope="col">"name"</th>
                            <th scope="col">{t!(i18n, csv.role)}</th>
                            <th scope="col">{t!(i18n, csv.term)}</th>
                            <th scope="col">{t!(i18n, csv.consent)}</th>
                            <th scope="col">{t!(i18n, csv.action)}</th>
                        </tr></thead>
                        <tbody>
                            {p.rows.iter().map(|r| {
                                let a = match r.action.as_str() {
                                    "create" => td_string!(locale, csv.create),
                                    "update" => td_string!(locale, csv.update),
                                    _ => td_string!(locale, csv.unchanged),
                                };
                                let end = r.term_end.clone().unwrap_or_else(|| td_string!(locale, csv.open).to_string());
                                let consent = if r.public { td_string!(locale, csv.yes) } else { td_string!(locale, csv.no) };
                                view! {
                                    <tr>
                                        <td>{r.line}</td>
                                        <td>{r.key.clone()}</td>
                                        <td>{r.name.clone()}</td>
                                        <td>{member_role_str(locale, &r.role)}</td>
                                        <td class="nowrap">
                                            {r.term_start.clone()} " – " {end}
                                            {r.withdrawn_on.clone().map(|w| view! { <br /> {t!(i18n, csv.withdrawn)} " " {w} })}
                                        </td>
                                        <td>{consent}</td>
                                        <td>{a}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {ok.then(|| view! {
                <form method="post" action=action enctype="multipart/form-data" class="stack confirm-form">
                    <input type="hidden" name="confirm" value="1" />
                    <textarea name="text" hidden=true aria-hidden="true" tabindex="-1">{p.csv.clone()}</textarea>
                    <button type="submit" class="button primary">{t!(i18n, csv.confirm)}</button>
                </form>
            })}
        }
    });
    view! {
        {result}
        <form method="post" action=action enctype="multipart/form-data" class="stack">
            <div class="field">
                <label for="csv-file">{t!(i18n, csv.file)}</label>
                <input id="csv-file" name="file" type="file" accept=".csv,text/csv" />
            </div>
            <div class="field">
                <label for="csv-text">{t!(i18n, csv.text)}</label>
                <textarea id="csv-text" name="text" rows="8" spellcheck="false">{text}</textarea>
            </div>
            <button type="submit" class="button">{t!(i18n, csv.check)}</button>
        </form>
        <h2 id="columns-h">{t!(i18n, csv.columns)}</h2>
        <div class="table-wrap" role="region" aria-labelledby="columns-h" tabindex="0">
            <table>
                <thead><tr><th scope="col">{t!(i18n, csv.column)}</th><th scope="col">{t!(i18n, csv.meaning)}</th></tr></thead>
                <tbody>
                    {columns(locale).into_iter().map(|(c, req, meaning)| view! {
                        <tr>
                            <td><code>{c}</code> {req.then(|| view! { " " <span class="badge">{t!(i18n, csv.required)}</span> })}</td>
                            <td>{meaning}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn ProblemTable(problems: Vec<CsvProblem>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <h2 id="problems-h">{t!(i18n, csv.problems)} " (" {problems.len()} ")"</h2>
        <div class="table-wrap" role="region" aria-labelledby="problems-h" tabindex="0">
            <table class="problems">
                <thead><tr>
                    <th scope="col">{t!(i18n, csv.line)}</th>
                    <th scope="col">{t!(i18n, csv.column)}</th>
                    <th scope="col">{t!(i18n, csv.problem)}</th>
                </tr></thead>
                <tbody>
                    {problems.into_iter().map(|p| view! {
                        <tr>
                            <td>{p.line}</td>
                            <td><code>{p.column.clone()}</code></td>
                            <td>
                                {p.value.clone().map(|v| view! { "«" <code>{v}</code> "»: " })}
                                {problem_text(locale, &p.code)}
                                {(!p.allowed.is_empty()).then(|| view! {
                                    <br />
                                    <span class="muted">{t!(i18n, csv.allowed)} " " {p.allowed.join(", ")}</span>
                                })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
