//! `/data-requests`: the personal data requests a council's secretariat
//! (secretaries and chairs) or an administrator answers — done or refused,
//! with a response the person reads on their account page.
use crate::api::accounts::data_requests_to_answer;
use crate::components::forms::{DoneNotice, ProblemSummary, Select, TextArea};
use crate::domain::accounts::DataRequestView;
use crate::i18n::*;
use crate::pages::account::RequestItem;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DataRequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let list = Resource::new(|| (), |_| data_requests_to_answer());
    view! {
        <Title text=td_string!(locale, account.requests_to_answer) />
        <section class="narrow">
            <h1>{t!(i18n, account.requests_to_answer)}</h1>
            <p class="lead">{t!(i18n, account.requests_to_answer_intro)}</p>
            <DoneNotice texts=vec![("answered", td_string!(locale, account.request_answered).to_string())] />
            <ProblemSummary form="data_answer" />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Err(e) => crate::components::error::refusal(e),
                        Ok(list) if list.is_empty() => view! { <p class="empty">{t!(i18n, account.no_requests_to_answer)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="plain-list requests">
                                {list.into_iter().map(|r| view! { <ToAnswer r /> }).collect_view()}
                            </ul>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ToAnswer(r: DataRequestView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let open = r.state == "open";
    let action = routes::DATA_REQUEST.path(&[&r.id.to_string()]);
    let who = format!("{} · {}", r.requester, r.requester_email);
    // A refused answer comes back only on its own request's form.
    let mine = crate::components::forms::refused("data_answer")
        .and_then(|f| f.value("request"))
        .is_some_and(|id| id == r.id.to_string());
    let states = vec![
        ("done", td_string!(locale, account.state_done).to_string()),
        (
            "refused",
            td_string!(locale, account.state_refused).to_string(),
        ),
    ];
    view! {
        <li>
        <p class="muted">{who}</p>
        <RequestItem r />
        {open.then(|| view! {
            <form method="post" action=action class="stack card">
                {if mine {
                    view! { <Select form="data_answer" name="state" label=td_string!(locale, account.answer_state).to_string() options=states current="done".into() /> }.into_any()
                } else {
                    view! {
                        <div class="field">
                            <label>{t!(i18n, account.answer_state)}
                                <select name="state">
                                    {states.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                                </select>
                            </label>
                        </div>
                    }.into_any()
                }}
                {if mine {
                    view! { <TextArea form="data_answer" name="response" label=td_string!(locale, account.answer_text).to_string() rows=3 /> }.into_any()
                } else {
                    view! {
                        <div class="field">
                            <label>{t!(i18n, account.answer_text)}
                                <textarea name="response" rows="3"></textarea>
                            </label>
                        </div>
                    }.into_any()
                }}
                <p class="hint">{t!(i18n, account.answer_hint)}</p>
                <button type="submit" class="button primary">{t!(i18n, account.answer_send)}</button>
            </form>
        })}
        </li>
    }
}
