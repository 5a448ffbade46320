//! Demands as the public reads them: the filtered list (`/demands`, a GET
//! form that works without JavaScript) and one demand with each referral's
//! clock and timeline (`/bodies/{key}/demands/{demand}`).
//!
//! Here the list; `detail`, `submit` (new and edit) and `inbox` beside it.
use crate::api::demands::{list_demands, load_demand};
use crate::components::feed_links::FeedLinks;
use crate::components::follow::FollowBox;
use crate::components::forms::{refused, DoneNotice, ProblemSummary};
use crate::components::pager::PagerWords;
use crate::components::status::StatusBadge;
use crate::components::{dates, error::ErrorNotice, labels};
use crate::domain::demands::{
    ClockView, DemandFilter, DemandList, DemandRow, DemandView, ReferralView, TimelineKind,
};
use crate::domain::enums::{EventKind, Verdict};
use crate::domain::enums::{ReferralStatus, Topic};
use crate::domain::follows::FollowKind;
use crate::domain::forms::{Review, Told};
use crate::domain::url::encode_component;
use crate::i18n::*;
use crate::pages::not_found::NotFound;
use crate::pages::referrals::ClockExplained;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
mod detail;
mod inbox;
mod submit;

pub use detail::DemandPage;
pub use inbox::InboxPage;
pub use submit::{EditDemandPage, NewDemandPage};

#[component]
pub(super) fn ClockBadge(authority: String, c: ClockView) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    view! {
        <span class="referral-chip">
            <strong>{authority}</strong>
            " "
            <StatusBadge shown=&c />
            " "
            <span class="muted">{labels::clock_text(locale, &c)}</span>
        </span>
    }
}

/// The filters as typed in a list's GET form.
pub(super) fn filter_from_query() -> DemandFilter {
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
        after: q.get("after").unwrap_or_default(),
        before: q.get("before").unwrap_or_default(),
    })
}

#[component]
pub fn DemandsPage() -> impl IntoView {
    let filter = filter_from_query();
    let (feed_atom, feed_json) = (
        feed_query(&filter, "/demands.atom"),
        feed_query(&filter, "/demands.feed.json"),
    );
    // A list with filters is followed as a saved search; without, the
    // site's news.
    let follow_target = filter.query(false);
    let follow_kind = if follow_target.is_empty() {
        FollowKind::Site
    } else {
        FollowKind::Search
    };
    let f2 = filter.clone();
    let data = Resource::new(move || f2.clone(), list_demands);
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <Title text=td_string!(locale, demand.list_title) />
        <section class="page-head">
            <h1>{t!(i18n, demand.list_title)}</h1>
            <p class="lead">{t!(i18n, demand.list_intro)}</p>
            <FeedLinks atom=feed_atom json=feed_json
                title=td_string!(locale, demand.list_title).to_string() />
            <FollowBox kind=follow_kind target=follow_target />
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

/// A list's feed with the list's filters (not its page or instant: a feed
/// follows what is new).
fn feed_query(f: &DemandFilter, path: &str) -> String {
    match f.query(false) {
        q if q.is_empty() => path.to_string(),
        q => format!("{path}?{q}"),
    }
}

pub(super) fn query_string(f: &DemandFilter, page: u64) -> String {
    match f.query(true) {
        q if q.is_empty() => format!("/demands?page={page}"),
        q => format!("/demands?{q}&page={page}"),
    }
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

pub(crate) fn topic_options(locale: Locale) -> Vec<(String, String)> {
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

pub(crate) fn status_options(locale: Locale) -> Vec<(String, String)> {
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
pub(super) fn pager(page: u64, pages: u64, link: impl Fn(u64) -> String) -> Option<AnyView> {
    let locale = use_i18n().get_locale_untracked();
    let words = PagerWords {
        label: td_string!(locale, demand.pages),
        prev: td_string!(locale, demand.newer),
        next: td_string!(locale, demand.older),
    };
    crate::components::pager::pager(page, pages, words, link)
}

/// The download of what the filters select.
pub(super) fn download(f: &DemandFilter, ext: &str) -> String {
    let q = query_string(f, 1);
    let q = q
        .trim_start_matches("/demands?")
        .trim_end_matches("page=1")
        .trim_end_matches('&');
    format!("/demands.{ext}?{q}")
}

#[component]
pub(super) fn ListView(list: DemandList, filter: DemandFilter) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (page, pages) = (list.page, list.pages);
    let pager = pager(page, pages, |p| list.page_link(&filter, "/demands", p));
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
            {list.more.then(|| format!("{} ", td_string!(locale, search.more_than)))}
            {format!("{} {}", crate::components::labels::count(locale, list.total), td_string!(locale, demand.found))}
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
pub(super) fn Row(r: DemandRow) -> impl IntoView {
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
