//! `/buscar`: the site search page, a GET form that works without
//! JavaScript (the header's box sends its words here).
use crate::api::search::site_search;
use crate::components::feed_links::FeedLinks;
use crate::components::follow::FollowBox;
use crate::components::pager::{pager, PagerWords};
use crate::components::{dates, error::ErrorNotice, labels};
use crate::domain::follows::FollowKind;
use crate::domain::search::{Mark, SearchHit, SearchKind, SearchQuery, SearchResults};
use crate::i18n::*;
use crate::pages::demands::{status_options, topic_options, FilterSelect};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The search's address.
const PATH: &str = crate::routes::SEARCH.pattern();

fn query_from_address() -> SearchQuery {
    use_query_map().with_untracked(|q| SearchQuery {
        q: q.get("q").unwrap_or_default(),
        kind: q.get("kind").unwrap_or_default(),
        body: q.get("body").unwrap_or_default(),
        authority: q.get("authority").unwrap_or_default(),
        topic: q.get("topic").unwrap_or_default(),
        status: q.get("status").unwrap_or_default(),
        from: q.get("from").unwrap_or_default(),
        to: q.get("to").unwrap_or_default(),
        page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
    })
}

fn page_link(f: &SearchQuery, page: u64) -> String {
    format!("{PATH}?{}&page={page}", f.query())
}

/// The demands feeds of the same words and filters, and the saved search
/// to follow by e-mail (a search is followed as the demands it finds).
fn feeds(f: &SearchQuery) -> Option<(String, String, String)> {
    if f.q.trim().is_empty() || !(f.kind.is_empty() || f.kind == "demand") {
        return None;
    }
    let q = SearchQuery {
        kind: String::new(),
        page: 0,
        ..f.clone()
    }
    .query();
    Some((
        format!("/demands.atom?{q}"),
        format!("/demands.feed.json?{q}"),
        q,
    ))
}

fn kind_label(locale: Locale, k: SearchKind) -> &'static str {
    match k {
        SearchKind::Demand => td_string!(locale, search.kind_demand),
        SearchKind::Meeting => td_string!(locale, search.kind_meeting),
        SearchKind::Body => td_string!(locale, search.kind_body),
        SearchKind::Authority => td_string!(locale, search.kind_authority),
    }
}

#[component]
pub fn SearchPage() -> impl IntoView {
    let f = query_from_address();
    let f2 = f.clone();
    let data = Resource::new(move || f2.clone(), site_search);
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let title = if f.q.trim().is_empty() {
        td_string!(locale, search.title).to_string()
    } else {
        format!("{} · {}", f.q.trim(), td_string!(locale, search.title))
    };
    let feed = feeds(&f);
    view! {
        <Title text=title />
        <section class="page-head">
            <h1>{t!(i18n, search.title)}</h1>
            <p class="lead">{t!(i18n, search.intro)}</p>
            {feed.map(|(atom, json, saved)| view! {
                <FeedLinks atom json title=td_string!(locale, search.follow_demands).to_string() />
                <FollowBox kind=FollowKind::Search target=saved />
            })}
        </section>
        <Suspense fallback=|| ()>
            {move || {
                let f = f.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(r) => view! { <Results r f /> }.into_any(),
                        Err(e) => view! {
                            <SearchForm f=f.clone() bodies=vec![] authorities=vec![] />
                            <ErrorNotice error=e />
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn SearchForm(
    f: SearchQuery,
    bodies: Vec<(String, String)>,
    authorities: Vec<(String, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let kinds: Vec<(String, String)> = SearchKind::ALL
        .iter()
        .map(|k| (k.as_str().to_string(), kind_label(locale, *k).to_string()))
        .collect();
    let open = f.filtered();
    view! {
        <form method="get" action=PATH class="search-form card" role="search"
            aria-label=td_string!(locale, search.title)>
            <div class="search-words">
                <label for="s-q">{t!(i18n, search.words)}</label>
                <div class="search-row">
                    <input id="s-q" name="q" type="search" value=f.q.clone() autocomplete="off" />
                    <button type="submit" class="button primary">{t!(i18n, search.submit)}</button>
                </div>
            </div>
            <details class="search-filters" open=open>
                <summary>{t!(i18n, search.filters)}</summary>
                <div class="field-row">
                    <FilterSelect id="s-kind" name="kind" label=td_string!(locale, search.kind).to_string() options=kinds current=f.kind.clone() />
                    <FilterSelect id="s-body" name="body" label=td_string!(locale, demand.body).to_string() options=bodies current=f.body.clone() />
                    <FilterSelect id="s-authority" name="authority" label=td_string!(locale, demand.authority).to_string() options=authorities current=f.authority.clone() />
                    <FilterSelect id="s-topic" name="topic" label=td_string!(locale, demand.topic).to_string() options=topic_options(locale) current=f.topic.clone() />
                    <FilterSelect id="s-status" name="status" label=td_string!(locale, demand.status).to_string() options=status_options(locale) current=f.status.clone() />
                    <div class="field"><label for="s-from">{t!(i18n, demand.from)}</label>
                        <input id="s-from" name="from" type="date" value=f.from.clone() /></div>
                    <div class="field"><label for="s-to">{t!(i18n, demand.to)}</label>
                        <input id="s-to" name="to" type="date" value=f.to.clone() /></div>
                </div>
                {open.then(|| {
                    let plain = format!("{PATH}?{}", SearchQuery { q: f.q.clone(), ..Default::default() }.query());
                    view! { <p><a href=plain>{t!(i18n, search.clear)}</a></p> }
                })}
            </details>
        </form>
    }
}

#[component]
fn Results(r: SearchResults, f: SearchQuery) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let words = PagerWords {
        label: td_string!(locale, search.pages),
        prev: td_string!(locale, search.prev),
        next: td_string!(locale, search.next),
    };
    let pages = pager(r.page, r.pages, words, |p| page_link(&f, p));
    let searched = !r.q.is_empty();
    let found = if r.total == 1 && !r.more {
        td_string!(locale, search.found_one)
    } else {
        td_string!(locale, search.found_many)
    };
    view! {
        <SearchForm f=f.clone() bodies=r.bodies.clone() authorities=r.authorities.clone() />
        {if !searched {
            view! {
                <div class="callout search-help">
                    <p>{t!(i18n, search.empty)}</p>
                </div>
            }.into_any()
        } else {
            view! {
                <p class="count" aria-live="polite">
                    {r.more.then(|| format!("{} ", td_string!(locale, search.more_than)))}
                    {format!("{} {} ", crate::components::labels::count(locale, r.total), found)} <strong>{format!("«{}»", r.q)}</strong>
                </p>
                {if r.hits.is_empty() {
                    view! { <p class="empty">{t!(i18n, search.none)}</p> }.into_any()
                } else {
                    view! {
                        <ol class="search-results">
                            {r.hits.into_iter().map(|h| view! { <Hit h /> }).collect_view()}
                        </ol>
                    }.into_any()
                }}
                {pages}
            }.into_any()
        }}
    }
}

/// Text with the words found in `<mark>`.
fn marked(marks: Vec<Mark>) -> impl IntoView {
    marks
        .into_iter()
        .map(|m| {
            if m.hit {
                view! { <mark>{m.text}</mark> }.into_any()
            } else {
                m.text.into_any()
            }
        })
        .collect_view()
}

#[component]
fn Hit(h: SearchHit) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let has_snippet = !h.snippet.is_empty();
    view! {
        <li class="search-hit">
            <p class="search-hit-meta muted">
                <span class="badge">{kind_label(locale, h.kind)}</span>
                {h.topic.map(|t| view! { " · " {labels::topic(locale, t)} })}
                {h.body_name.clone().map(|b| view! { " · " {b} })}
                {h.date.clone().map(|d| view! { " · " <time datetime=d.clone()>{dates::date(locale, &d)}</time> })}
            </p>
            <a class="search-hit-title" href=h.href.clone()>{marked(h.title)}</a>
            {has_snippet.then(|| view! { <p class="search-snippet">{marked(h.snippet)}</p> })}
            {h.outline.then(|| view! { <p class="hint">{t!(i18n, search.outline)}</p> })}
        </li>
    }
}
