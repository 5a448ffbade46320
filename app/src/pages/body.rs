use crate::api::bodies::get_body;
use crate::components::dashboards::{Basis, Figure};
use crate::components::feed_links::FeedLinks;
use crate::components::follow::FollowBox;
use crate::components::preview::Preview;
use crate::components::{dates, error::ErrorNotice, labels};
use crate::domain::dto::{BodyDetail, MeetingBrief};
use crate::domain::enums::MeetingKind;
use crate::domain::follows::FollowKind;
use crate::i18n::*;
use crate::pages::composition::CompositionSection;
use crate::pages::dashboards::body::BodyDashboardSection;
use crate::pages::meetings::figures::MeetingFiguresSection;
use crate::pages::not_found::NotFound;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn BodyPage() -> impl IntoView {
    let key = use_params_map().with_untracked(|p| p.get("key").unwrap_or_default());
    let body = Resource::new(move || key.clone(), get_body);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match body.await {
                    Ok(Some(detail)) => view! { <BodyView detail /> }.into_any(),
                    Ok(None) | Err(crate::domain::error::ApiError::NotFound) => {
                        view! { <NotFound /> }.into_any()
                    }
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BodyView(detail: BodyDetail) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let s = detail.summary.clone();
    let not_set = td_string!(locale, body.not_set);
    let days = |n: i32| format!("{n} {}", td_string!(locale, body.days_unit));
    let regions = if detail.regions.is_empty() {
        td_string!(locale, body.no_regions).to_string()
    } else {
        detail.regions.join(", ")
    };
    let seats = s
        .seats
        .map(|n| n.to_string())
        .unwrap_or_else(|| td_string!(locale, home.no_seats).to_string());
    let per_year = detail
        .meetings_per_year
        .map(|n| n.to_string())
        .unwrap_or_else(|| not_set.to_string());
    let response = detail
        .response_days
        .map(days)
        .unwrap_or_else(|| td_string!(locale, body.authority_default).to_string());
    let upcoming = detail.upcoming.clone();
    let key = s.key.clone();
    // The link preview's headline: who sits, out of how many seats.
    let preview = format!(
        "{} · {} · {} {} / {seats}",
        labels::body_level(locale, s.level),
        s.jurisdiction,
        td_string!(locale, home.members),
        s.members_active,
    );
    view! {
        <Title text=s.name.clone() />
        {detail.public.then(|| view! { <Preview title=s.name.clone() description=preview.clone() path=format!("/bodies/{key}") image=format!("/bodies/{key}/card.png") /> })}
        <nav class="crumbs" aria-label=td_string!(locale, body.back)>
            <a href="/">{t!(i18n, body.back)}</a>
        </nav>
        <section class="page-head">
            <p class="eyebrow">
                <span class="badge">{labels::body_level(locale, s.level)}</span>
                " "
                {s.jurisdiction.clone()}
            </p>
            <h1>{s.name.clone()}</h1>
            <p class="lead">{labels::migrant_groups(locale, &s.groups_served)}</p>
            {detail.public.then(|| view! { <crate::pages::map::PlaceMap level=s.level jurisdiction=s.jurisdiction.clone() /> })}
            // Feeds are the public's: a body that is not public has none.
            {detail.public.then(|| view! {
                <FeedLinks atom=format!("/bodies/{key}/feed.atom") json=format!("/bodies/{key}/feed.json") title=s.name.clone() />
                <FollowBox kind=FollowKind::Body target=key.clone() />
            })}
            {(!detail.public).then(|| view! {
                <div class="alert caution" data-testid="not-public">
                    <p><strong>{t!(i18n, body.not_public)}</strong> " — " {t!(i18n, body.not_public_note)}</p>
                </div>
            })}
        </section>
        {detail.manage.then(|| view! {
            <nav class="manage-links" aria-label=td_string!(locale, body.manage)>
                <a class="button secondary" href=routes::BODY_SETTINGS.path(&[&key])>{t!(i18n, body.manage_settings)}</a>
                <a class="button secondary" href=routes::MEMBERS.path(&[&key])>{t!(i18n, body.manage_members)}</a>
                <a class="button secondary" href=routes::MEETING_NEW.path(&[&key])>{t!(i18n, body.manage_meeting)}</a>
                // A download: a plain link, never handled by the router.
                <a class="button secondary" href=format!("/bodies/{key}/export.json") rel="external" download="">{t!(i18n, body.manage_export)}</a>
                <a class="button secondary" href=format!("/bodies/{key}/export.zip") rel="external" download="">{t!(i18n, body.manage_export_zip)}</a>
            </nav>
        })}
        // Today's roster at a glance; the windowed figures, each with its
        // definition and its list, follow in the dashboard.
        {detail.public.then(|| view! {
            <div class="stats" role="list">
                <Figure label=td_string!(locale, home.members).into() value=s.members_active.to_string() define="members_active"
                    basis=Basis { list: Some("#holders-h".into()), ..Default::default() } />
                <Figure label=td_string!(locale, body.alternates).into() value=detail.alternates_active.to_string() define="alternates_active"
                    basis=Basis { list: Some("#alternates-h".into()), ..Default::default() } />
            </div>
        })}
        <div class="columns">
            <section aria-labelledby="facts-h">
                <h2 id="facts-h">{t!(i18n, body.facts)}</h2>
                <dl class="facts">
                    <div><dt>{t!(i18n, home.seats)}</dt><dd>{seats}</dd></div>
                    <div><dt>{t!(i18n, body.meetings_per_year)}</dt><dd>{per_year}</dd></div>
                    <div><dt>{t!(i18n, body.quorum)}</dt><dd>{format!("{} %", detail.quorum_percent)}</dd></div>
                    <div><dt>{t!(i18n, body.response_days)}</dt><dd>{response}</dd></div>
                    <div><dt>{t!(i18n, body.regions)}</dt><dd>{regions}</dd></div>
                    <div><dt>{t!(i18n, body.timezone)}</dt><dd>{detail.timezone.clone()}</dd></div>
                </dl>
            </section>
            <section aria-labelledby="upcoming-h">
                <h2 id="upcoming-h">{t!(i18n, body.upcoming)}</h2>
                {if upcoming.is_empty() {
                    view! { <p class="empty">{t!(i18n, body.no_upcoming)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="meeting-list">
                            {upcoming.into_iter().map(|m| view! { <MeetingItem m body=key.clone() /> }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
                <p><a href=format!("/bodies/{key}/meetings")>{t!(i18n, meeting.see_calendar)}</a></p>
                <p>
                    <a href=format!("/demands?body={key}")>{t!(i18n, demand.list_title)}</a>
                    " · "
                    <a href=format!("/bodies/{key}/demands/new")>{t!(i18n, demand.new_link)}</a>
                </p>
            </section>
        </div>
        // A non-public body's figures are not published (its page says so).
        {detail.public.then(|| view! {
            <BodyDashboardSection key=key.clone() />
            <CompositionSection key=key.clone() />
            <MeetingFiguresSection key=key.clone() />
        })}
    }
}

#[component]
fn MeetingItem(m: MeetingBrief, body: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let kind = match m.kind {
        MeetingKind::Ordinary => td_string!(locale, body.ordinary),
        MeetingKind::Extraordinary => td_string!(locale, body.extraordinary),
    };
    view! {
        <li class="meeting">
            <time datetime=m.starts_at.clone()>{dates::date_time(locale, &m.starts_at)}</time>
            <a class="meeting-title" href=format!("/bodies/{body}/meetings/{}", m.key)>{m.title.clone()}</a>
            <span class="muted">{kind}{m.location.clone().map(|l| format!(" · {l}"))}</span>
        </li>
    }
}
