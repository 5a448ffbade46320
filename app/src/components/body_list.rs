//! The list of bodies on the home page with its filter. The filter is an
//! island: once hydrated it narrows the list as one types; without
//! JavaScript the same form submits `?q=` and the server filters.
use crate::components::{dates, labels};
use crate::domain::dto::BodySummary;
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

#[island]
pub fn BodyList(bodies: Vec<BodySummary>, initial_query: String) -> impl IntoView {
    let i18n = use_i18n();
    let total = bodies.len();
    let bodies = StoredValue::new(bodies);
    let (query, set_query) = signal(initial_query);
    let filtered = Memo::new(move |_| {
        let q = normalize(&query.get());
        bodies.with_value(|all| {
            all.iter()
                .filter(|b| matches(b, &q))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let shown = move || filtered.with(|f| f.len());
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
                    on:input=move |ev| set_query.set(event_target_value(&ev))
                />
                <button type="submit" class="button secondary">
                    {t!(i18n, home.filter_submit)}
                </button>
            </div>
        </form>
        <p class="count" aria-live="polite" data-testid="body-count">
            {t!(i18n, home.showing, shown, total)}
        </p>
        <Show when=move || shown() == 0>
            <p class="empty">{move || t!(i18n, home.no_match, query = move || query.get())}</p>
        </Show>
        <ul class="cards" data-testid="body-list">
            <For each=move || filtered.get() key=|b| b.key.clone() let:body>
                <BodyCard body />
            </For>
        </ul>
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
