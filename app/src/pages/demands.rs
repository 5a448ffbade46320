//! Demands as the public reads them: the filtered list (`/demands`, a GET
//! form that works without JavaScript) and one demand with each referral's
//! clock and timeline (`/bodies/{key}/demands/{demand}`).
use crate::api::demands::{list_demands, load_demand};
use crate::components::{dates, error::ErrorNotice, labels};
use crate::domain::demands::{
    ClockView, DemandFilter, DemandList, DemandRow, DemandView, ReferralView, TimelineKind,
};
use crate::domain::enums::{ReferralStatus, Topic};
use crate::domain::url::encode_component;
use crate::i18n::*;
use crate::pages::not_found::NotFound;
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

#[component]
pub fn DemandsPage() -> impl IntoView {
    let query = use_query_map();
    let filter = query.with_untracked(|q| DemandFilter {
        body: q.get("body").unwrap_or_default(),
        authority: q.get("authority").unwrap_or_default(),
        topic: q.get("topic").unwrap_or_default(),
        status: q.get("status").unwrap_or_default(),
        overdue: q.get("overdue").unwrap_or_default(),
        from: q.get("from").unwrap_or_default(),
        to: q.get("to").unwrap_or_default(),
        q: q.get("q").unwrap_or_default(),
        page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
    });
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

#[component]
fn ListView(list: DemandList, filter: DemandFilter) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let any = td_string!(locale, demand.any).to_string();
    let option = |value: String, text: String, current: &str| {
        let selected = value == current;
        view! { <option value=value selected=selected>{text}</option> }
    };
    let bodies = list
        .bodies
        .iter()
        .map(|(k, n)| option(k.clone(), n.clone(), &filter.body))
        .collect_view();
    let authorities = list
        .authorities
        .iter()
        .map(|(k, n)| option(k.clone(), n.clone(), &filter.authority))
        .collect_view();
    let topics = Topic::ALL
        .iter()
        .map(|t| {
            option(
                t.as_str().to_string(),
                labels::topic(locale, *t).to_string(),
                &filter.topic,
            )
        })
        .collect_view();
    let statuses = ReferralStatus::ALL
        .iter()
        .map(|s| {
            option(
                s.as_str().to_string(),
                labels::referral_status(locale, *s).to_string(),
                &filter.status,
            )
        })
        .collect_view();
    let (page, pages) = (list.page, list.pages);
    let pager = (pages > 1).then(|| {
        let prev = (page > 1).then(|| query_string(&filter, page - 1));
        let next = (page < pages).then(|| query_string(&filter, page + 1));
        view! {
            <nav class="pager" aria-label=td_string!(locale, demand.pages)>
                {prev.map(|h| view! { <a href=h rel="prev">{t!(i18n, demand.newer)}</a> })}
                <span>{format!("{page} / {pages}")}</span>
                {next.map(|h| view! { <a href=h rel="next">{t!(i18n, demand.older)}</a> })}
            </nav>
        }
    });
    let rows = list.rows.clone();
    view! {
        <form method="get" action="/demands" class="filters card">
            <div class="field-row">
                <div class="field"><label for="f-q">{t!(i18n, demand.search)}</label>
                    <input id="f-q" name="q" type="search" value=filter.q.clone() /></div>
                <div class="field"><label for="f-body">{t!(i18n, demand.body)}</label>
                    <select id="f-body" name="body"><option value="">{any.clone()}</option>{bodies}</select></div>
                <div class="field"><label for="f-authority">{t!(i18n, demand.authority)}</label>
                    <select id="f-authority" name="authority"><option value="">{any.clone()}</option>{authorities}</select></div>
                <div class="field"><label for="f-topic">{t!(i18n, demand.topic)}</label>
                    <select id="f-topic" name="topic"><option value="">{any.clone()}</option>{topics}</select></div>
                <div class="field"><label for="f-status">{t!(i18n, demand.status)}</label>
                    <select id="f-status" name="status"><option value="">{any.clone()}</option>{statuses}</select></div>
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
        <p class="count" aria-live="polite">{format!("{} {}", list.total, td_string!(locale, demand.found))}</p>
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
    let data = Resource::new(
        move || (body.clone(), key.clone()),
        |(b, k)| load_demand(b, k),
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
    let text = match (&d.text_html, d.confidential) {
        (Some(html), _) => view! { <div class="prose" inner_html=html.clone()></div> }.into_any(),
        (None, true) => view! { <p class="alert">{t!(i18n, demand.withheld)}</p> }.into_any(),
        (None, false) => view! { <p class="empty">{t!(i18n, demand.no_text)}</p> }.into_any(),
    };
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
        <section aria-labelledby="text-h">
            <h2 id="text-h">{t!(i18n, demand.text)}</h2>
            {text}
        </section>
        <section class="block" aria-labelledby="referrals-h">
            <h2 id="referrals-h">{t!(i18n, demand.referrals)}</h2>
            {d.referrals.into_iter().map(|r| view! { <Referral r /> }).collect_view()}
        </section>
    }
}

#[component]
fn Referral(r: ReferralView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let c = r.clock.clone();
    let entries = r.timeline.into_iter().map(|e| {
        let (label, class) = match e.kind {
            TimelineKind::Event(k) => (labels::event_kind(locale, k), "event"),
            TimelineKind::Verdict(v) => (labels::verdict(locale, v), "verdict"),
        };
        view! {
            <li class=format!("timeline-entry {class}")>
                <time datetime=e.at.clone()>{dates::date_time(locale, &e.at)}</time>
                <strong>{label}</strong>
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
            <ol class="timeline">
                <li class="timeline-entry"><strong>{t!(i18n, demand.sent)}</strong></li>
                {entries}
            </ol>
        </article>
    }
}
