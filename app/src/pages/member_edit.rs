//! Adding and editing a member (and so ending a term or recording a
//! withdrawal), and renewing a term. Plain forms; see the server's
//! `http::forms::member_save` and `member_renew`.
use crate::api::accounts::member_values;
use crate::components::error::Loaded;
use crate::components::forms::{refused, DoneNotice, Field, ProblemSummary, Select};
use crate::components::labels;
use crate::domain::dto::MemberForm;
use crate::domain::enums::{Gender, MemberRole, MigrantGroup};
use crate::i18n::*;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::labels::gender;

#[component]
pub fn MemberEditPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let params = use_params_map();
    let key = params.with_untracked(|p| p.get("key").unwrap_or_default());
    let member = params.with_untracked(|p| p.get("member"));
    let renewed = use_query_map().with_untracked(|q| q.get("new").unwrap_or_default());
    let editing = member.is_some();
    let (k2, m2) = (key.clone(), member.clone());
    let data = Resource::new(
        move || (k2.clone(), m2.clone()),
        |(k, m)| async move {
            match m {
                Some(m) => member_values(k, m).await,
                // A new member: only the right to be here is checked.
                None => crate::api::accounts::managed_roster(k)
                    .await
                    .map(|_| MemberForm::default()),
            }
        },
    );
    let title = if editing {
        td_string!(locale, member.edit_title)
    } else {
        td_string!(locale, member.add_title)
    };
    view! {
        <Title text=title />
        <section class="page-head narrow">
            <p class="crumbs"><a href=format!("/bodies/{key}/members")>{t!(i18n, roster.title)}</a></p>
            <h1>{title}</h1>
        </section>
        <DoneNotice texts=vec![
            ("saved", td_string!(locale, member.saved).to_string()),
            ("renewed", format!("{} {renewed}", td_string!(locale, member.renewed))),
        ] />
        <Loaded data view=move |values| view! { <MemberForms body=key.clone() member=member.clone() values /> } />
    }
}

#[component]
fn MemberForms(body: String, member: Option<String>, values: MemberForm) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let back = refused("member");
    let val = |k: &str| {
        back.as_ref()
            .and_then(|f| f.value(k))
            .unwrap_or_else(|| values.value(k))
    };
    let public = match &back {
        Some(f) => f
            .value("public")
            .is_some_and(|v| !v.is_empty() && v != "false"),
        None => values.public,
    };
    let action = match &member {
        Some(m) => routes::MEMBER_EDIT.path(&[&body, m]),
        None => routes::MEMBER_NEW.path(&[&body]),
    };
    let roles = MemberRole::ALL
        .iter()
        .map(|r| {
            (
                r.as_str(),
                crate::components::labels::member_role(locale, *r).to_string(),
            )
        })
        .collect();
    let genders = Gender::ALL
        .iter()
        .map(|g| (g.as_str(), gender(locale, *g).to_string()))
        .collect();
    let groups = MigrantGroup::ALL
        .iter()
        .map(|g| (g.as_str(), labels::migrant_group(locale, *g).to_string()))
        .collect();
    let renew = member.clone().map(|m| {
        let back = refused("renew");
        let action = routes::MEMBER_RENEW.path(&[&body, &m]);
        let v = |k: &str| back.as_ref().and_then(|f| f.value(k));
        // Shown before saving: the day after the current term ends, for as
        // long (what the server does with empty fields).
        let (next_start, next_end) = next_term(&val("term_start"), &val("term_end"));
        view! {
            <section class="card narrow" aria-labelledby="renew-h">
                <h2 id="renew-h">{t!(i18n, member.renew_title)}</h2>
                <p class="muted">{t!(i18n, member.renew_intro)}</p>
                <ProblemSummary form="renew" />
                <form method="post" action=action class="stack">
                    <Field form="renew" name="term_start" kind="date" label=td_string!(locale, member.new_start).to_string() value=v("term_start").unwrap_or(next_start) />
                    <Field form="renew" name="term_end" kind="date" label=td_string!(locale, member.new_end).to_string() value=v("term_end").unwrap_or(next_end) />
                    <button type="submit" class="button secondary">{t!(i18n, member.renew_submit)}</button>
                </form>
            </section>
        }
    });
    let editing = member.is_some();
    view! {
        <section class="card narrow">
            <ProblemSummary form="member" />
            <form method="post" action=action class="stack">
                {if editing {
                    view! {
                        <p><span class="muted">{t!(i18n, member.key)} ": "</span> <code>{val("key")}</code></p>
                    }.into_any()
                } else {
                    view! {
                        <Field form="member" name="key" label=td_string!(locale, member.key).to_string()
                            hint=td_string!(locale, member.key_hint).to_string() required=true value=val("key") />
                    }.into_any()
                }}
                <Field form="member" name="name" label=td_string!(locale, member.name).to_string() required=true value=val("name") />
                <Field form="member" name="email" kind="email" label=td_string!(locale, member.email).to_string() value=val("email") />
                <div class="field checkbox">
                    <input id="member-public" name="public" type="checkbox" value="true" checked=public aria-describedby="member-public-hint" />
                    <label for="member-public">{t!(i18n, member.public)}</label>
                </div>
                <p class="hint" id="member-public-hint">{t!(i18n, member.public_consent)}</p>
                <Select form="member" name="role" label=td_string!(locale, member.role).to_string() options=roles current=val("role") />
                <Select form="member" name="gender" label=td_string!(locale, member.gender).to_string() options=genders current=val("gender") />
                <Select form="member" name="migrant_group" label=td_string!(locale, member.group).to_string() options=groups current=val("migrant_group") />
                <Field form="member" name="region" label=td_string!(locale, member.region).to_string() value=val("region") />
                <Field form="member" name="country" label=td_string!(locale, member.country).to_string() value=val("country") />
                <Field form="member" name="term_start" kind="date" label=td_string!(locale, member.term_start).to_string() required=true value=val("term_start") />
                <Field form="member" name="term_end" kind="date" label=td_string!(locale, member.term_end).to_string()
                    hint=td_string!(locale, member.term_end_hint).to_string() value=val("term_end") />
                <Field form="member" name="withdrawn_on" kind="date" label=td_string!(locale, member.withdrawn_on).to_string()
                    hint=td_string!(locale, member.withdrawn_hint).to_string() value=val("withdrawn_on") />
                <button type="submit" class="button primary">{t!(i18n, member.save)}</button>
            </form>
        </section>
        {renew}
    }
}

/// The term a renewal proposes: from the day after `end`, as long as the
/// current one (`start`..`end`); empty when the current term has no end.
fn next_term(start: &str, end: &str) -> (String, String) {
    use chrono::{Duration, NaiveDate};
    let (Ok(start), Ok(end)) = (start.parse::<NaiveDate>(), end.parse::<NaiveDate>()) else {
        return (String::new(), String::new());
    };
    let next = end + Duration::days(1);
    (next.to_string(), (next + (end - start)).to_string())
}
