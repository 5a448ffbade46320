//! The list of bodies on the home page with its filter, a page at a time.
//! The filter is an island: once hydrated it asks the server for what
//! matches as one types; without JavaScript the same form submits `?q=`
//! and the server filters.
use crate::api::bodies::list_bodies_page;
use crate::components::pager::{pager, PagerWords};
use crate::components::{dates, labels};
use crate::domain::dto::{BodyPage, BodySummary};
use crate::domain::url::encode_component;
use crate::i18n::*;
use leptos::prelude::*;

/// Lower-case and strip Spanish accents so "tijuana" finds "Tijuána".
pub fn normalize(s: &str) -> String {
    s.chars()
        .flat_map(|c| c.to_lowercase())
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// Whether a body matches a (normalized) query on name, key or jurisdiction.
pub fn matches(body: &BodySummary, normalized_query: &str) -> bool {
    let q = normalized_query.trim();
    q.is_empty()
        || normalize(&body.name).contains(q)
        || normalize(&body.jurisdiction).contains(q)
        || body.key.contains(q)
}

/// Bodies on one page of the home page's list.
pub const PER_PAGE: usize = 24;

/// Page `page` (from 1; past the end, the last) of `all`'s bodies that
/// match `q`, in `all`'s order.
pub fn page_of(all: &[BodySummary], q: &str, page: u64) -> BodyPage {
    let q = normalize(q);
    let found: Vec<&BodySummary> = all.iter().filter(|b| matches(b, &q)).collect();
    let pages = found.len().div_ceil(PER_PAGE).max(1) as u64;
    let page = page.clamp(1, pages);
    let start = (page as usize - 1) * PER_PAGE;
    BodyPage {
        bodies: found
            .iter()
            .skip(start)
            .take(PER_PAGE)
            .map(|b| (*b).clone())
            .collect(),
        matching: found.len() as u64,
        total: all.len() as u64,
        page,
        pages,
    }
}

/// The address of page `page` of the list filtered by `q`.
fn page_link(q: &str, page: u64) -> String {
    if q.trim().is_empty() {
        format!("/?page={page}#bodies-h")
    } else {
        format!("/?q={}&page={page}#bodies-h", encode_component(q.trim()))
    }
}

/// The home page's list: the island holds one page; typing asks the server
/// for the first page of what matches (the answer to the latest keystroke
/// wins), so the page stays short whatever the number of bodies.
#[island]
pub fn BodyList(first: BodyPage, initial_query: String) -> impl IntoView {
    let i18n = use_i18n();
    let (list, set_list) = signal(first);
    let (query, set_query) = signal(initial_query);
    // Which keystroke's answer is awaited: an older answer arriving late
    // must not replace a newer one.
    let asked = StoredValue::new(0u64);
    let on_input = move |ev: leptos::ev::Event| {
        let q = event_target_value(&ev);
        set_query.set(q.clone());
        asked.update_value(|n| *n += 1);
        let mine = asked.get_value();
        leptos::task::spawn_local(async move {
            if let Ok(found) = list_bodies_page(q, 1).await {
                if asked.get_value() == mine {
                    set_list.set(found);
                }
            }
        });
    };
    let matching = move || list.with(|l| l.matching);
    let total = move || list.with(|l| l.total);
    // Effects run only in the browser, after hydration: the attribute tells
    // tests (and curious readers) that the live filter is active.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    view! {
        <form
            method="get"
            action="/"
            class="filter"
            role="search"
            data-hydrated=move || if hydrated.get() { "true" } else { "false" }
        >
            <label for="body-filter">{t!(i18n, home.filter_label)}</label>
            <div class="filter-row">
                <input
                    id="body-filter"
                    name="q"
                    type="search"
                    autocomplete="off"
                    placeholder=move || td_string!(i18n.get_locale_untracked(), home.filter_placeholder)
                    prop:value=query
                    on:input=on_input
                />
                <button type="submit" class="button secondary">
                    {t!(i18n, home.filter_submit)}
                </button>
            </div>
        </form>
        <p class="count" aria-live="polite" data-testid="body-count">
            {t!(i18n, home.showing, shown = matching, total)}
        </p>
        <Show when=move || matching() == 0>
            <p class="empty">{move || t!(i18n, home.no_match, query = move || query.get())}</p>
        </Show>
        <ul class="cards" data-testid="body-list">
            <For each=move || list.with(|l| l.bodies.clone()) key=|b| b.key.clone() let:body>
                <BodyCard body />
            </For>
        </ul>
        {move || {
            let locale = i18n.get_locale_untracked();
            let words = PagerWords {
                label: td_string!(locale, home.pages),
                prev: td_string!(locale, home.prev),
                next: td_string!(locale, home.next),
            };
            let q = query.get_untracked();
            list.with(|l| pager(l.page, l.pages, words, |p| page_link(&q, p)))
        }}
    }
}

#[component]
fn BodyCard(body: BodySummary) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let href = format!("/bodies/{}", body.key);
    let seats = match body.seats {
        Some(n) => n.to_string(),
        None => td_string!(locale, home.no_seats).to_string(),
    };
    let next = body.next_meeting.clone();
    view! {
        <li class="card body-card">
            <h2 class="card-title">
                <a href=href>{body.name.clone()}</a>
            </h2>
            <p class="card-meta">
                <span class="badge">{labels::body_level(locale, body.level)}</span>
                " "
                <span>{body.jurisdiction.clone()}</span>
            </p>
            <dl class="facts">
                <div>
                    <dt>{t!(i18n, home.groups)}</dt>
                    <dd>{labels::migrant_groups(locale, &body.groups_served)}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, home.seats)}</dt>
                    <dd>{seats}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, home.members)}</dt>
                    <dd>{body.members_active}</dd>
                </div>
                <div>
                    <dt>{t!(i18n, home.next_meeting)}</dt>
                    <dd>
                        {match next {
                            Some(m) => {
                                view! {
                                    <time datetime=m.starts_at.clone()>{dates::date_time(locale, &m.starts_at)}</time>
                                }
                                    .into_any()
                            }
                            None => view! { <span>{t!(i18n, home.no_next_meeting)}</span> }.into_any(),
                        }}
                    </dd>
                </div>
            </dl>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::enums::BodyLevel;

    fn body(n: usize, name: &str) -> BodySummary {
        BodySummary {
            key: format!("consejo-{n:03}"),
            name: name.to_string(),
            level: BodyLevel::Municipal,
            jurisdiction: "Baja California".to_string(),
            groups_served: Vec::new(),
            seats: None,
            members_active: 0,
            next_meeting: None,
        }
    }

    #[test]
    fn pages_hold_what_matches_in_order() {
        let mut all: Vec<BodySummary> = (0..50).map(|n| body(n, "Consejo")).collect();
        all[30].name = "Consejo de Tijuána".into();
        all[45].name = "Consejo de Tijuana Norte".into();
        let first = page_of(&all, "", 1);
        assert_eq!((first.matching, first.total, first.pages), (50, 50, 3));
        assert_eq!(first.bodies.len(), PER_PAGE);
        assert_eq!(first.bodies[0].key, "consejo-000");
        let last = page_of(&all, "", 3);
        assert_eq!(last.bodies.len(), 2);
        assert_eq!(last.bodies[1].key, "consejo-049");
        // Past the end, the last page; before the start, the first.
        assert_eq!(page_of(&all, "", 9).page, 3);
        assert_eq!(page_of(&all, "", 0).page, 1);
        let found = page_of(&all, "TIJUANA", 1);
        assert_eq!((found.matching, found.total, found.pages), (2, 50, 1));
        assert_eq!(found.bodies[0].key, "consejo-030");
        let none = page_of(&all, "mexicali", 1);
        assert_eq!((none.matching, none.pages, none.bodies.len()), (0, 1, 0));
    }

    #[test]
    fn page_links_keep_the_filter() {
        assert_eq!(page_link("", 2), "/?page=2#bodies-h");
        assert_eq!(
            page_link(" san josé ", 3),
            "/?q=san%20jos%C3%A9&page=3#bodies-h"
        );
    }
}
