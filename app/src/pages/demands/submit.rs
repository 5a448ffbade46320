//! Submitting a demand (`/bodies/{key}/demands/new`) and editing it
//! before its first answer.
use super::*;

/// Submitting a demand (`/bodies/{key}/demands/new`).
#[component]
pub fn NewDemandPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let key = use_params_map().with_untracked(|p| p.get("key").unwrap_or_default());
    let k2 = key.clone();
    let data = Resource::new(move || k2.clone(), crate::api::demands::demand_form);
    view! {
        <Title text=td_string!(locale, demand.new_title) />
        <section class="page-head narrow">
            <h1>{t!(i18n, demand.new_title)}</h1>
            <p class="lead">{t!(i18n, demand.new_intro)}</p>
        </section>
        <Suspense fallback=|| ()>
            {move || {
                let key = key.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(e) => crate::components::error::refusal(e),
                        Ok(o) => {
                            let action = routes::DEMAND_NEW.path(&[&key]);
                            view! { <NewDemandForm o action values=Default::default() editing=false /> }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
pub(super) fn NewDemandForm(
    o: crate::domain::demands::DemandFormOptions,
    action: String,
    values: std::collections::BTreeMap<String, String>,
    editing: bool,
) -> impl IntoView {
    use crate::components::forms::{Field, Select, TextArea};
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let back = refused("demand");
    let v = |k: &str| {
        back.as_ref()
            .and_then(|f| f.value(k))
            .or_else(|| values.get(k).cloned())
            .unwrap_or_default()
    };
    let chosen: Vec<String> = v("authorities_all")
        .split(',')
        .map(str::to_string)
        .collect();
    let topics = Topic::ALL
        .iter()
        .map(|t| (t.as_str(), labels::topic(locale, *t).to_string()))
        .collect();
    let authority_error = back.as_ref().and_then(|f| f.error("authorities"));
    let meetings = o
        .meetings
        .iter()
        .map(|(k, title)| {
            let selected = v("meeting") == *k;
            view! { <option value=k.clone() selected=selected>{title.clone()}</option> }
        })
        .collect_view();
    let members = o.members.clone().map(|ms| {
        let current = v("submitted_by");
        view! {
            <div class="field">
                <label for="demand-submitted_by">{t!(i18n, demand.in_name_of)}</label>
                <select id="demand-submitted_by" name="submitted_by">
                    {ms.into_iter().map(|(k, n)| { let s = current == k; view! { <option value=k selected=s>{n}</option> } }).collect_view()}
                </select>
            </div>
        }
    });
    view! {
        <p class="lead narrow">{o.body_name.clone()}</p>
        <section class="card narrow">
            <ProblemSummary form="demand" />
            <form method="post" action=action class="stack">
                <Field form="demand" name="title" label=td_string!(locale, demand.title_field).to_string() hint=td_string!(locale, demand.title_public).to_string() required=true value=v("title") />
                <TextArea form="demand" name="text" label=td_string!(locale, demand.text_field).to_string() hint=td_string!(locale, meeting.markdown_hint).to_string() rows=10 value=v("text") />
                <Select form="demand" name="topic" label=td_string!(locale, demand.topic).to_string() options=topics current=v("topic") />
                {(!editing).then(|| view! {
                <fieldset class="choices" id="demand-authorities">
                    <legend>{t!(i18n, demand.authorities)}</legend>
                    {o.authorities.iter().map(|(k, n)| {
                        let id = format!("demand-authority-{k}");
                        let checked = chosen.contains(k);
                        view! {
                            <div class="field checkbox">
                                <input type="checkbox" id=id.clone() name="authorities" value=k.clone() checked=checked />
                                <label for=id>{n.clone()}</label>
                            </div>
                        }
                    }).collect_view()}
                    {authority_error.map(|c| view! { <p class="field-error">{crate::components::forms::problem_text(locale, &c)}</p> })}
                </fieldset>
                })}
                <div class="field">
                    <label for="demand-meeting">{t!(i18n, demand.meeting)}</label>
                    <select id="demand-meeting" name="meeting">
                        <option value="">{t!(i18n, demand.none)}</option>
                        {meetings}
                    </select>
                </div>
                {members.filter(|_| !editing)}
                <div class="field checkbox">
                    <input id="demand-confidential" name="confidential" type="checkbox" value="true" checked=!v("confidential").is_empty() />
                    <label for="demand-confidential">{t!(i18n, demand.confidential_field)}</label>
                </div>
                <button type="submit" class="button primary">
                    {if editing { t!(i18n, demand.save).into_any() } else { t!(i18n, demand.submit).into_any() }}
                </button>
            </form>
        </section>
    }
}

/// Editing a demand before its first answer.
#[component]
pub fn EditDemandPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let params = use_params_map();
    let key = params.with_untracked(|p| p.get("key").unwrap_or_default());
    let demand = params.with_untracked(|p| p.get("demand").unwrap_or_default());
    let (k2, d2) = (key.clone(), demand.clone());
    let data = Resource::new(
        move || (k2.clone(), d2.clone()),
        |(k, d)| crate::api::demands::demand_edit_values(k, d),
    );
    view! {
        <Title text=td_string!(locale, demand.edit) />
        <section class="page-head narrow">
            <p class="crumbs"><a href=format!("/bodies/{key}/demands/{demand}")>{t!(i18n, demand.back)}</a></p>
            <h1>{t!(i18n, demand.edit)}</h1>
        </section>
        <Suspense fallback=|| ()>
            {move || {
                let action = routes::DEMAND_EDIT.path(&[&key, &demand]);
                Suspend::new(async move {
                    match data.await {
                        Err(e) => crate::components::error::refusal(e),
                        Ok((o, values)) => view! { <NewDemandForm o action values editing=true /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
