//! Demands as the public reads them: the filtered list (`/demands`, a GET
//! form that works without JavaScript) and one demand with each referral's
//! clock and timeline (`/bodies/{key}/demands/{demand}`).
use crate::api::demands::{list_demands, load_demand};
use crate::components::forms::{refused, DoneNotice, ProblemSummary};
use crate::components::pager::PagerWords;
use crate::components::{dates, error::ErrorNotice, labels};
use crate::domain::demands::{
    ClockView, DemandFilter, DemandList, DemandRow, DemandView, ReferralView, TimelineKind,
};
use crate::domain::enums::{EventKind, Verdict};
use crate::domain::enums::{ReferralStatus, Topic};
use crate::domain::url::encode_component;
use crate::i18n::*;
use crate::pages::not_found::NotFound;
use crate::pages::referrals::ClockExplained;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn status_class(c: &ClockView) -> &'static str {
    if c.overdue {
        "badge danger"
    } else if c.answered {
        "badge ok"
    } else {
        "badge"
    }
}

#[component]
fn ClockBadge(authority: String, c: ClockView) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! {
        <span class="referral-chip">
            <strong>{authority}</strong>
            " "
            <span class=status_class(&c)>{labels::referral_status(locale, c.status)}</span>
            " "
            <span class="muted">{labels::clock_text(locale, &c)}</span>
        </span>
    }
}

/// The filters as typed in a list's GET form.
fn filter_from_query() -> DemandFilter {
    use_query_map().with_untracked(|q| DemandFilter {
        body: q.get("body").unwrap_or_default(),
        authority: q.get("authority").unwrap_or_default(),
        topic: q.get("topic").unwrap_or_default(),
        status: q.get("status").unwrap_or_default(),
        overdue: q.get("overdue").unwrap_or_default(),
        from: q.get("from").unwrap_or_default(),
        to: q.get("to").unwrap_or_default(),
        q: q.get("q").unwrap_or_default(),
        as_of: q.get("as_of").unwrap_or_default(),
        window: q.get("window").unwrap_or_default(),
        page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
    })
}

#[component]
pub fn DemandsPage() -> impl IntoView {
    let filter = filter_from_query();
    let f2 = filter.clone();
    let data = Resource::new(move || f2.clone(), list_demands);
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <Title text=td_string!(locale, demand.list_title) />
        <section class="page-head">
            <h1>{t!(i18n, demand.list_title)}</h1>
            <p class="lead">{t!(i18n, demand.list_intro)}</p>
        </section>
        <Suspense fallback=|| ()>
            {move || {
                let filter = filter.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(list) => view! { <ListView list filter /> }.into_any(),
                        Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

fn query_string(f: &DemandFilter, page: u64) -> String {
    let mut parts = Vec::new();
    for (k, v) in [
        ("as_of", &f.as_of),
        ("window", &f.window),
        ("body", &f.body),
        ("authority", &f.authority),
        ("topic", &f.topic),
        ("status", &f.status),
        ("overdue", &f.overdue),
        ("from", &f.from),
        ("to", &f.to),
        ("q", &f.q),
    ] {
        if !v.is_empty() {
            parts.push(format!("{k}={}", encode_component(v)));
        }
    }
    parts.push(format!("page={page}"));
    format!("/demands?{}", parts.join("&"))
}

/// A filter's select, "any" first, the current value chosen.
#[component]
pub(crate) fn FilterSelect(
    id: &'static str,
    name: &'static str,
    label: String,
    options: Vec<(String, String)>,
    current: String,
) -> impl IntoView {
    let any = td_string!(use_i18n().get_locale_untracked(), demand.any);
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=name>
                <option value="">{any}</option>
                {options.into_iter().map(|(v, text)| {
                    let selected = v == current;
                    view! { <option value=v selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

fn topic_options(locale: Locale) -> Vec<(String, String)> {
    Topic::ALL
        .iter()
        .map(|t| {
            (
                t.as_str().to_string(),
                labels::topic(locale, *t).to_string(),
            )
        })
        .collect()
}

fn status_options(locale: Locale) -> Vec<(String, String)> {
    ReferralStatus::ALL
        .iter()
        .map(|s| {
            (
                s.as_str().to_string(),
                labels::referral_status(locale, *s).to_string(),
            )
        })
        .collect()
}

/// Newer / older links between pages of a list; nothing for one page.
fn pager(page: u64, pages: u64, link: impl Fn(u64) -> String) -> Option<AnyView> {
    let locale = use_i18n().get_locale_untracked();
    let words = PagerWords {
        label: td_string!(locale, demand.pages),
        prev: td_string!(locale, demand.newer),
        next: td_string!(locale, demand.older),
    };
    crate::components::pager::pager(page, pages, words, link)
}

/// The download of what the filters select.
fn download(f: &DemandFilter, ext: &str) -> String {
    let q = query_string(f, 1);
    let q = q
        .trim_start_matches("/demands?")
        .trim_end_matches("page=1")
        .trim_end_matches('&');
    format!("/demands.{ext}?{q}")
}

#[component]
fn ListView(list: DemandList, filter: DemandFilter) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (page, pages) = (list.page, list.pages);
    let pager = pager(page, pages, |p| query_string(&filter, p));
    let rows = list.rows.clone();
    view! {
        <form method="get" action="/demands" class="demand-filters card">
            // The instant and the window the list was opened at stay with
            // every change of filter.
            {(!filter.as_of.is_empty()).then(|| view! { <input type="hidden" name="as_of" value=filter.as_of.clone() /> })}
            {(filter.window == "1").then(|| view! { <input type="hidden" name="window" value="1" /> })}
            <div class="field-row">
                <div class="field"><label for="f-q">{t!(i18n, demand.search)}</label>
                    <input id="f-q" name="q" type="search" value=filter.q.clone() /></div>
                <FilterSelect id="f-body" name="body" label=td_string!(locale, demand.body).to_string() options=list.bodies.clone() current=filter.body.clone() />
                <FilterSelect id="f-authority" name="authority" label=td_string!(locale, demand.authority).to_string() options=list.authorities.clone() current=filter.authority.clone() />
                <FilterSelect id="f-topic" name="topic" label=td_string!(locale, demand.topic).to_string() options=topic_options(locale) current=filter.topic.clone() />
                <FilterSelect id="f-status" name="status" label=td_string!(locale, demand.status).to_string() options=status_options(locale) current=filter.status.clone() />
                <div class="field"><label for="f-from">{t!(i18n, demand.from)}</label>
                    <input id="f-from" name="from" type="date" value=filter.from.clone() /></div>
                <div class="field"><label for="f-to">{t!(i18n, demand.to)}</label>
                    <input id="f-to" name="to" type="date" value=filter.to.clone() /></div>
            </div>
            <div class="field checkbox">
                <input id="f-overdue" name="overdue" type="checkbox" value="1" checked=filter.overdue == "1" />
                <label for="f-overdue">{t!(i18n, demand.only_overdue)}</label>
            </div>
            <p class="actions">
                <button type="submit" class="button primary">{t!(i18n, demand.apply)}</button>
                <a class="button secondary" href="/demands">{t!(i18n, demand.clear)}</a>
            </p>
        </form>
        {(!filter.as_of.is_empty() || filter.window == "1").then(|| {
            let read_now = query_string(&DemandFilter { as_of: String::new(), window: String::new(), ..filter.clone() }, 1);
            let at = if filter.as_of.is_empty() { td_string!(locale, demand.today).to_string() } else { dates::date(locale, &filter.as_of) };
            view! {
                <p class="callout as-of-note">
                    {if filter.window == "1" { td_string!(locale, demand.window_note) } else { td_string!(locale, demand.as_of_note) }}
                    " " <strong>{at}</strong>
                    {(filter.window == "1").then(|| format!(" ({})", td_string!(locale, demand.window_suffix)))}
                    ". "
                    <a href=read_now>{t!(i18n, demand.read_now)}</a>
                </p>
            }
        })}
        <p class="count" aria-live="polite">
            {format!("{} {}", list.total, td_string!(locale, demand.found))}
            " · " <a href=download(&filter, "csv") download="">{t!(i18n, demand.download_csv)}</a>
            " · " <a href=download(&filter, "json")>{t!(i18n, demand.download_json)}</a>
        </p>
        {if rows.is_empty() {
            view! { <p class="empty">{t!(i18n, demand.none_found)}</p> }.into_any()
        } else {
            view! { <ul class="demand-list">{rows.into_iter().map(|r| view! { <Row r /> }).collect_view()}</ul> }.into_any()
        }}
        {pager}
    }
}

#[component]
fn Row(r: DemandRow) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let href = format!(
        "/bodies/{}/demands/{}",
        r.body_key,
        encode_component(&r.key)
    );
    view! {
        <li class="demand">
            <a class="demand-title" href=href>{r.title.clone()}</a>
            <span class="muted">
                <span class="badge">{labels::topic(locale, r.topic)}</span>
                " · " {r.body_name.clone()} " · "
                <time datetime=r.submitted_at.clone()>{dates::date_time(locale, &r.submitted_at)}</time>
                {r.confidential.then(|| view! { " · " <span class="badge muted">{t!(i18n, demand.confidential)}</span> })}
            </span>
            <span class="referral-chips">
                {r.referrals.into_iter().map(|(a, c)| view! { <ClockBadge authority=a c /> }).collect_view()}
            </span>
        </li>
    }
}

#[component]
pub fn DemandPage() -> impl IntoView {
    let params = use_params_map();
    let body = params.with_untracked(|p| p.get("key").unwrap_or_default());
    let key = params.with_untracked(|p| p.get("demand").unwrap_or_default());
    let as_of = use_query_map().with_untracked(|q| q.get("as_of"));
    let data = Resource::new(
        move || (body.clone(), key.clone(), as_of.clone()),
        |(b, k, t)| load_demand(b, k, t),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(d)) => view! { <DemandDetail d /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DemandDetail(d: DemandView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let text = match (&d.text_html, d.withheld) {
        (_, true) => view! { <p class="alert">{t!(i18n, demand.withheld)}</p> }.into_any(),
        (Some(html), false) => {
            view! { <div class="prose" inner_html=html.clone()></div> }.into_any()
        }
        (None, false) => view! { <p class="empty">{t!(i18n, demand.no_text)}</p> }.into_any(),
    };
    let confidential = d.confidential;
    let demand_path = routes::DEMAND.path(&[&d.body_key, &d.key]);
    let meeting = d.meeting.clone().map(|(k, title)| {
        view! {
            <div><dt>{t!(i18n, demand.adopted_at)}</dt>
            <dd><a href=format!("/bodies/{}/meetings/{}", d.body_key, k)>{title}</a></dd></div>
        }
    });
    view! {
        <Title text=d.title.clone() />
        <nav class="crumbs" aria-label=td_string!(locale, demand.list_title)>
            <a href=format!("/demands?body={}", d.body_key)>{t!(i18n, demand.list_title)} " · " {d.body_name.clone()}</a>
        </nav>
        <section class="page-head">
            <p class="eyebrow">
                <span class="badge">{labels::topic(locale, d.topic)}</span>
                {d.confidential.then(|| view! { " " <span class="badge muted">{t!(i18n, demand.confidential)}</span> })}
                {d.withdrawn_at.clone().map(|_| view! { " " <span class="badge danger">{t!(i18n, demand.withdrawn)}</span> })}
            </p>
            <h1>{d.title.clone()}</h1>
            <dl class="facts">
                <div><dt>{t!(i18n, demand.body)}</dt><dd><a href=format!("/bodies/{}", d.body_key)>{d.body_name.clone()}</a></dd></div>
                <div><dt>{t!(i18n, demand.submitted)}</dt><dd><time datetime=d.submitted_at.clone()>{dates::date_time(locale, &d.submitted_at)}</time></dd></div>
                {d.submitted_by.clone().map(|n| view! { <div><dt>{t!(i18n, demand.submitted_by)}</dt><dd>{n}</dd></div> })}
                {meeting}
            </dl>
        </section>
        <DoneNotice texts=vec![
            ("submitted", td_string!(locale, demand.done_submitted).to_string()),
            ("event", td_string!(locale, demand.done_event).to_string()),
            ("verdict", td_string!(locale, demand.done_verdict).to_string()),
            ("edited", td_string!(locale, demand.done_edited).to_string()),
            ("withdrawn", td_string!(locale, demand.done_withdrawn).to_string()),
            ("confidentiality", td_string!(locale, demand.done_confidentiality).to_string()),
        ] />
        <ProblemSummary form="withdraw" />
        {d.can_edit.then(|| view! {
            <p class="actions">
                <a class="button secondary" href=format!("{demand_path}/edit")>{t!(i18n, demand.edit)}</a>
                <form method="post" action=routes::DEMAND_WITHDRAW.path(&[&d.body_key, &d.key]) class="inline">
                    <button type="submit" class="button danger">{t!(i18n, demand.withdraw)}</button>
                </form>
            </p>
            <p class="hint">{t!(i18n, demand.edit_hint)}</p>
        })}
        <section aria-labelledby="text-h">
            <h2 id="text-h">{t!(i18n, demand.text)}</h2>
            {text}
        </section>
        {d.can_set_confidential.then(|| view! { <Confidentiality action=routes::DEMAND_CONFIDENTIALITY.path(&[&d.body_key, &d.key]) confidential=d.confidential /> })}
        <section class="block" aria-labelledby="referrals-h">
            <h2 id="referrals-h">{t!(i18n, demand.referrals)}</h2>
            {d.as_of.clone().map(|t| view! {
                <p class="callout as-of-note">
                    {t!(i18n, demand.read_at)} " " <strong><time datetime=t.clone()>{dates::date_time(locale, &t)}</time></strong>
                    ". " {t!(i18n, demand.read_at_later)} " "
                    <a href=demand_path.clone()>{t!(i18n, demand.read_now_one)}</a>
                </p>
            })}
            <ProblemSummary form="event" />
            <ProblemSummary form="verdict" />
            {d.referrals.into_iter().map(|r| view! { <Referral r keys=(d.body_key.clone(), d.key.clone()) confidential /> }).collect_view()}
        </section>
    }
}

#[component]
fn Referral(r: ReferralView, keys: (String, String), confidential: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let c = r.clock.clone();
    let args = [keys.0.as_str(), keys.1.as_str(), r.authority_key.as_str()];
    let events = routes::REFERRAL_EVENTS.path(&args);
    let verdicts = routes::REFERRAL_VERDICTS.path(&args);
    let entries = r.timeline.into_iter().map(|e| {
        let (label, class) = match e.kind {
            TimelineKind::Event(k) => (labels::event_kind(locale, k), "event"),
            TimelineKind::Verdict(v) => (labels::verdict(locale, v), "verdict"),
        };
        view! {
            <li class=format!("timeline-entry {class}") class:later=e.after_as_of>
                <time datetime=e.at.clone()>{dates::date_time(locale, &e.at)}</time>
                <strong>{label}</strong>
                {e.after_as_of.then(|| view! { " " <span class="badge muted">{t!(i18n, demand.later_entry)}</span> })}
                {e.withheld.then(|| view! { <p class="muted">{t!(i18n, demand.entry_withheld)}</p> })}
                {e.html.map(|h| view! { <div class="prose" inner_html=h></div> })}
                {e.evidence_url.map(|u| view! { <a href=u.clone() rel="noopener noreferrer nofollow">{t!(i18n, demand.evidence)}</a> })}
            </li>
        }
    }).collect_view();
    view! {
        <article class="card referral">
            <h3>{r.authority_name.clone()}</h3>
            <p>
                <span class=status_class(&c)>{labels::referral_status(locale, c.status)}</span>
                " " {labels::clock_text(locale, &c)}
            </p>
            <p class="muted">{t!(i18n, demand.deadline)} " " <time datetime=c.effective_deadline.clone()>{dates::date_time(locale, &c.effective_deadline)}</time></p>
            <details class="clock-details">
                <summary>{t!(i18n, demand.why_deadline)}</summary>
                <ClockExplained c=r.explained.clone() />
                <p><a href="/methodology#clock">{t!(i18n, dash.methodology_link)}</a></p>
            </details>
            <ol class="timeline">
                <li class="timeline-entry"><strong>{t!(i18n, demand.sent)}</strong></li>
                {entries}
            </ol>
            {r.can_answer.then(|| view! { <AnswerForm action=events.clone() authority=r.authority_key.clone() paused=c.awaiting_reply confidential /> })}
            {(r.can_respond && c.awaiting_reply).then(|| view! { <ClarifyForm action=events.clone() authority=r.authority_key.clone() confidential /> })}
            {(r.can_respond && c.answered).then(|| view! { <VerdictForm action=verdicts.clone() authority=r.authority_key.clone() confidential /> })}
        </article>
    }
}

/// The text typed in a refused form of this referral's card, if it was one.
fn typed(form: &str, authority: &str, field: &str) -> String {
    refused(form)
        .filter(|f| f.value("authority").as_deref() == Some(authority))
        .and_then(|f| f.value(field))
        .unwrap_or_default()
}

#[component]
fn AnswerForm(
    action: String,
    authority: String,
    paused: bool,
    confidential: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let id = |f: &str| format!("event-{authority}-{f}");
    let kinds: Vec<EventKind> = EventKind::ALL
        .iter()
        .copied()
        .filter(|k| *k != EventKind::ClarificationProvided)
        .filter(|k| !(paused && *k == EventKind::ClarificationRequested))
        .collect();
    let chosen = typed("event", &authority, "kind");
    view! {
        <form method="post" action=action class="stack thread-form">
            <h4>{t!(i18n, demand.answer_title)}</h4>
            <Audience confidential />
            <input type="hidden" name="authority" value=authority.clone() />
            <div class="field">
                <label for=id("kind")>{t!(i18n, demand.action)}</label>
                <select id=id("kind") name="kind">
                    {kinds.into_iter().map(|k| view! { <option value=k.as_str() selected=chosen == k.as_str()>{labels::event_kind(locale, k)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=id("text")>{t!(i18n, demand.answer_text)}</label>
                <textarea id=id("text") name="text" rows="5">{typed("event", &authority, "text")}</textarea>
            </div>
            <div class="field">
                <label for=id("evidence")>{t!(i18n, demand.evidence_url)}</label>
                <input id=id("evidence") name="evidence_url" type="url" value=typed("event", &authority, "evidence_url") />
            </div>
            <p class="hint">{t!(i18n, demand.append_only)}</p>
            <button type="submit" class="button primary">{t!(i18n, demand.record)}</button>
        </form>
    }
}

#[component]
fn ClarifyForm(action: String, authority: String, confidential: bool) -> impl IntoView {
    let i18n = use_i18n();
    let text_id = format!("clarify-{authority}-text");
    view! {
        <form method="post" action=action class="stack thread-form">
            <h4>{t!(i18n, demand.clarify_title)}</h4>
            <Audience confidential />
            <input type="hidden" name="authority" value=authority.clone() />
            <input type="hidden" name="kind" value="clarification_provided" />
            <div class="field">
                <label for=text_id.clone()>{t!(i18n, demand.answer_text)}</label>
                <textarea id=text_id name="text" rows="4">{typed("event", &authority, "text")}</textarea>
            </div>
            <button type="submit" class="button primary">{t!(i18n, demand.record)}</button>
        </form>
    }
}

#[component]
fn VerdictForm(action: String, authority: String, confidential: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let id = |f: &str| format!("verdict-{authority}-{f}");
    view! {
        <form method="post" action=action class="stack thread-form">
            <h4>{t!(i18n, demand.verdict_title)}</h4>
            <Audience confidential />
            <input type="hidden" name="authority" value=authority.clone() />
            <div class="field">
                <label for=id("verdict")>{t!(i18n, demand.verdict)}</label>
                <select id=id("verdict") name="verdict">
                    {Verdict::ALL.iter().map(|v| view! { <option value=v.as_str()>{labels::verdict(locale, *v)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=id("note")>{t!(i18n, demand.note)}</label>
                <textarea id=id("note") name="note" rows="3">{typed("verdict", &authority, "note")}</textarea>
            </div>
            <button type="submit" class="button primary">{t!(i18n, demand.record)}</button>
        </form>
    }
}

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
fn NewDemandForm(
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

/// An official's inbox (`/inbox`): referrals to their authorities, the
/// soonest effective deadline first, with counts per status.
#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let filter = filter_from_query();
    let f2 = filter.clone();
    let data = Resource::new(move || f2.clone(), crate::api::demands::load_inbox);
    view! {
        <Title text=td_string!(locale, demand.inbox_title) />
        <section class="page-head">
            <h1>{t!(i18n, demand.inbox_title)}</h1>
            <p class="lead">{t!(i18n, demand.inbox_intro)}</p>
        </section>
        <Suspense fallback=|| ()>
            {move || {
                let filter = filter.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(e) => crate::components::error::refusal(e),
                        Ok(inbox) => view! { <InboxView inbox filter /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn InboxView(inbox: crate::domain::demands::Inbox, filter: DemandFilter) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    // Each count narrows the list the filters already show.
    let inbox_link =
        |f: DemandFilter, page: u64| query_string(&f, page).replacen("/demands?", "/inbox?", 1);
    let overdue_link = inbox_link(
        DemandFilter {
            overdue: "1".into(),
            status: String::new(),
            ..filter.clone()
        },
        1,
    );
    let counts = inbox.counts.iter().map(|(s, n)| {
        let href = inbox_link(DemandFilter { status: s.as_str().into(), overdue: String::new(), ..filter.clone() }, 1);
        view! {
            <li><a href=href>{labels::referral_status(locale, *s)} ": " <strong>{*n}</strong></a></li>
        }
    }).collect_view();
    let (page, pages) = (inbox.page, inbox.pages);
    let pager = pager(page, pages, |p| inbox_link(filter.clone(), p));
    let rows = inbox.rows.clone();
    view! {
        <ul class="status-counts" aria-label=td_string!(locale, demand.counts)>
            {counts}
            <li><a href=overdue_link>{t!(i18n, demand.overdue_count)} ": " <strong>{inbox.overdue}</strong></a></li>
        </ul>
        <form method="get" action="/inbox" class="demand-filters card">
            <div class="field-row">
                <FilterSelect id="i-authority" name="authority" label=td_string!(locale, demand.authority).to_string() options=inbox.authorities.clone() current=filter.authority.clone() />
                <FilterSelect id="i-body" name="body" label=td_string!(locale, demand.body).to_string() options=inbox.bodies.clone() current=filter.body.clone() />
                <FilterSelect id="i-topic" name="topic" label=td_string!(locale, demand.topic).to_string() options=topic_options(locale) current=filter.topic.clone() />
                <FilterSelect id="i-status" name="status" label=td_string!(locale, demand.status).to_string() options=status_options(locale) current=filter.status.clone() />
            </div>
            <div class="field checkbox">
                <input id="i-overdue" name="overdue" type="checkbox" value="1" checked=filter.overdue == "1" />
                <label for="i-overdue">{t!(i18n, demand.only_overdue)}</label>
            </div>
            <p class="actions">
                <button type="submit" class="button primary">{t!(i18n, demand.apply)}</button>
                <a class="button secondary" href="/inbox">{t!(i18n, demand.clear)}</a>
            </p>
        </form>
        <p class="count" aria-live="polite">{format!("{} {}", inbox.total, td_string!(locale, demand.referrals_found))}</p>
        {if rows.is_empty() {
            view! { <p class="empty">{t!(i18n, demand.inbox_empty)}</p> }.into_any()
        } else {
            view! {
                <ul class="demand-list">
                    {rows.into_iter().map(|r| {
                        let href = format!("/bodies/{}/demands/{}#referrals-h", r.body_key, encode_component(&r.demand_key));
                        view! {
                            <li class="demand">
                                <a class="demand-title" href=href>{r.title.clone()}</a>
                                <span class="muted">
                                    <span class="badge">{labels::topic(locale, r.topic)}</span>
                                    " · " {r.body_name.clone()} " · " {r.authority_name.clone()}
                                </span>
                                <span>
                                    <span class=status_class(&r.clock)>{labels::referral_status(locale, r.clock.status)}</span>
                                    " " {labels::clock_text(locale, &r.clock)} " · "
                                    <time datetime=r.clock.effective_deadline.clone()>{dates::date_time(locale, &r.clock.effective_deadline)}</time>
                                </span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {pager}
    }
}

/// Who will read what is written in a thread form (product.md, "Data
/// protection"): the council and the addressed authorities, or anyone.
#[component]
fn Audience(confidential: bool) -> impl IntoView {
    let i18n = use_i18n();
    if confidential {
        view! { <p class="audience confidential">{t!(i18n, demand.audience_confidential)}</p> }
            .into_any()
    } else {
        view! { <p class="audience">{t!(i18n, demand.audience_public)}</p> }.into_any()
    }
}

/// The body's switch: confidential at once, public only after confirming.
#[component]
fn Confidentiality(action: String, confidential: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="confidentiality-h">
            <h2 id="confidentiality-h">{t!(i18n, demand.confidentiality_title)}</h2>
            <ProblemSummary form="confidentiality" />
            <form method="post" action=action class="stack">
                {if confidential {
                    view! {
                        <p class="hint">{t!(i18n, demand.make_public_hint)}</p>
                        <input type="hidden" name="confidential" value="false" />
                        <div class="field checkbox">
                            <input id="confidentiality-confirm" name="confirm" type="checkbox" value="yes" />
                            <label for="confidentiality-confirm">{t!(i18n, demand.make_public_confirm)}</label>
                        </div>
                        <button type="submit" class="button secondary">{t!(i18n, demand.make_public)}</button>
                    }.into_any()
                } else {
                    view! {
                        <p class="hint">{t!(i18n, demand.make_confidential_hint)}</p>
                        <input type="hidden" name="confidential" value="true" />
                        <button type="submit" class="button secondary">{t!(i18n, demand.make_confidential)}</button>
                    }.into_any()
                }}
            </form>
        </section>
    }
}
