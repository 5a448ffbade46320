use crate::api::bodies::list_bodies_page;
use crate::components::body_list::BodyList;
use crate::components::feed_links::FeedLinks;
use crate::components::follow::FollowBox;
use crate::components::preview::Preview;
use crate::domain::follows::FollowKind;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (query, page) = use_query_map().with_untracked(|m| {
        let page = m.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
        (m.get("q").unwrap_or_default(), page)
    });
    let asked = query.clone();
    let bodies = Resource::new(|| (), move |_| list_bodies_page(asked.clone(), page));
    view! {
        <Title text=td_string!(locale, home.title) />
        <Preview title=td_string!(locale, home.title).to_string() description=td_string!(locale, home.intro).to_string() path="/".into() />
        <section class="page-head">
            <h1>{t!(i18n, home.title)}</h1>
            <p class="lead">{t!(i18n, home.intro)}</p>
            <FeedLinks atom="/feed.atom".into() json="/feed.json".into() title=td_string!(locale, demand.list_title).to_string() />
            <FollowBox kind=FollowKind::Site target=String::new() />
        </section>
        <crate::pages::dashboards::overview::OverviewSection />
        <h2 id="bodies-h">{t!(i18n, dash.bodies)}</h2>
        <Suspense fallback=|| ()>
            {move || {
                let query = query.clone();
                Suspend::new(async move {
                    match bodies.await {
                        Ok(list) if list.total == 0 => {
                            view! { <p class="empty">{t!(i18n, home.empty)}</p> }.into_any()
                        }
                        Ok(list) => view! { <BodyList first=list initial_query=query /> }.into_any(),
                        Err(e) => view! { <crate::components::error::ErrorNotice error=e /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
