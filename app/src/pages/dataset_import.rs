//! `/admin/import` (administrators): a dataset document (dataset.md)
//! uploaded or pasted, imported all or nothing with the same checks as the
//! command line. The server posts what it did back into this page (see the
//! server's `http::datasets::upload`): every problem with where it is in
//! the document, or what was imported.
use crate::api::accounts::can_create_bodies;
use crate::components::error::Loaded;
use crate::components::forms::ProblemSummary;
use crate::domain::dto::DatasetUpload;
use crate::i18n::*;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DatasetImportPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    // Only to check the right to be here (401/403 otherwise).
    let access = Resource::new(|| (), |_| can_create_bodies());
    let outcome = use_context::<DatasetUpload>();
    view! {
        <Title text=td_string!(locale, import.title) />
        <section class="page-head narrow">
            <p class="crumbs"><a href=routes::ADMIN.path(&[])>{t!(i18n, admin.title)}</a></p>
            <h1>{t!(i18n, import.title)}</h1>
            <p class="lead">{t!(i18n, import.intro)}</p>
        </section>
        <Loaded data=access view=move |_| view! { <UploadForm outcome=outcome.clone() /> } />
    }
}

#[component]
fn UploadForm(outcome: Option<DatasetUpload>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let result = outcome.map(|o| match o.imported {
        Some([authorities, bodies, members, meetings, demands, referrals]) => view! {
            <div class="alert success" role="status" data-testid="imported">
                <p>{t!(i18n, import.done)}</p>
                <ul>
                    <li>{t!(i18n, import.authorities)} ": " {authorities}</li>
                    <li>{t!(i18n, import.bodies)} ": " {bodies}</li>
                    <li>{t!(i18n, import.members)} ": " {members}</li>
                    <li>{t!(i18n, import.meetings)} ": " {meetings}</li>
                    <li>{t!(i18n, import.demands)} ": " {demands}</li>
                    <li>{t!(i18n, import.referrals)} ": " {referrals}</li>
                </ul>
            </div>
        }
        .into_any(),
        None => view! {
            <div class="alert error" role="alert" tabindex="-1" data-testid="import-problems">
                <p>{t!(i18n, import.blocked, count = o.problems.len())}</p>
            </div>
            <div class="table-wrap" role="region" aria-labelledby="problems-h" tabindex="0">
                <table>
                    <caption id="problems-h">{t!(i18n, import.problems)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, import.where_)}</th>
                        <th scope="col">{t!(i18n, import.what)}</th>
                    </tr></thead>
                    <tbody>
                        {o.problems.iter().take(500).map(|(path, message)| view! {
                            <tr><td><code>{path.clone()}</code></td><td>{message.clone()}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any(),
    });
    view! {
        {result}
        <section class="card narrow">
            <ProblemSummary form="import" />
            <form method="post" action=routes::ADMIN_IMPORT.path(&[]) enctype="multipart/form-data" class="stack">
                <div class="field">
                    <label for="import-file">{t!(i18n, import.file)}</label>
                    <p class="hint" id="import-file-hint">{t!(i18n, import.file_hint)}</p>
                    <input id="import-file" name="file" type="file" accept=".json,application/json" aria-describedby="import-file-hint" />
                </div>
                <div class="field">
                    <label for="import-text">{t!(i18n, import.text)}</label>
                    <textarea id="import-text" name="text" rows="6" spellcheck="false"></textarea>
                </div>
                <fieldset class="stack">
                    <legend>{t!(i18n, import.replace_legend)}</legend>
                    <div class="field checkbox">
                        <input id="import-replace" name="replace" type="checkbox" value="1" />
                        <label for="import-replace">{t!(i18n, import.replace)}</label>
                    </div>
                    <div class="field checkbox">
                        <input id="import-confirm" name="confirm" type="checkbox" value="1" />
                        <label for="import-confirm">{t!(i18n, import.confirm)}</label>
                    </div>
                </fieldset>
                <button type="submit" class="button primary">{td_string!(locale, import.submit)}</button>
            </form>
        </section>
    }
}
