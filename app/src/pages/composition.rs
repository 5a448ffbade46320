//! The composition part of a body's page: figures, charts and the public
//! roster on a chosen date (a GET form, so it works without JavaScript).
use crate::api::bodies::get_composition;
use crate::components::charts::{percent, BarChart};
use crate::components::dashboards::{Basis, Figure};
use crate::components::error::ErrorNotice;
use crate::domain::dto::{BodyComposition, PublicMember};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn CompositionSection(key: String) -> impl IntoView {
    let i18n = use_i18n();
    let as_of = use_query_map().with_untracked(|q| q.get("as_of"));
    let typed = as_of.clone().unwrap_or_default();
    let data = Resource::new(
        move || (key.clone(), as_of.clone()),
        |(k, d)| get_composition(k, d),
    );
    view! {
        <section class="composition" aria-labelledby="comp-h">
            <h2 id="comp-h">{t!(i18n, comp.title)}</h2>
            <p class="muted">{t!(i18n, comp.intro)}</p>
            <Suspense fallback=|| ()>
                {move || {
                    let typed = typed.clone();
                    Suspend::new(async move {
                        match data.await {
                            Ok(Some(c)) => view! { <CompositionView c /> }.into_any(),
                            Ok(None) => ().into_any(),
                            Err(e) => {
                                view! {
                                    <AsOfForm value=typed today=String::new() />
                                    <ErrorNotice error=e />
                                }
                                    .into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

#[component]
fn AsOfForm(value: String, today: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form method="get" class="as-of" action="#comp-h">
            <div class="field">
                <label for="as-of">{t!(i18n, comp.as_of)}</label>
                <input id="as-of" name="as_of" type="date" value=value />
            </div>
            <button type="submit" class="button secondary">{t!(i18n, comp.show)}</button>
            {(!today.is_empty()).then(|| view! { <a href="?#comp-h">{t!(i18n, comp.today)}</a> })}
        </form>
    }
}

#[component]
fn CompositionView(c: BodyComposition) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let es = locale == Locale::es;
    let na = td_string!(locale, comp.na).to_string();
    let rate = move |v: Option<f64>| v.map(|v| percent(es, v)).unwrap_or_else(|| na.clone());
    let k = &c.composition;
    let groups_served = c.breakdown.groups.len() as u32;
    let groups_covered = c.breakdown.groups.iter().filter(|(_, n)| *n > 0).count() as u32;
    let regions_covered = c.breakdown.regions_covered.len() as u32;
    let regions_expected = regions_covered + c.breakdown.regions_missing.len() as u32;
    let gender_note = format!(
        "{} {} · {} {}",
        k.gender.woman,
        td_string!(locale, comp.women_noun),
        k.gender.man,
        td_string!(locale, comp.men_noun)
    );
    let score = c
        .representativeness_score
        .map(|s| format!("{}", s.round()))
        .unwrap_or_else(|| td_string!(locale, comp.na).to_string());
    use crate::pages::dashboards::charts::{self, embed};
    let page = format!("/bodies/{}", c.key);
    let [gender, groups, countries] =
        [charts::gender, charts::groups, charts::countries].map(|f| f(locale, &c));
    let [gender_embed, groups_embed, countries_embed] = [&gender, &groups, &countries]
        .map(|ch| embed(locale, &page, (ch.name, &ch.title), &c.as_of));
    let columns = || {
        (
            td_string!(locale, comp.item).to_string(),
            td_string!(locale, comp.count).to_string(),
        )
    };
    let has_regions =
        !(c.breakdown.regions_covered.is_empty() && c.breakdown.regions_missing.is_empty());
    let csv = format!("/bodies/{}/roster.csv?as_of={}", c.key, c.as_of);
    let origins = format!(
        "{}?body={}&as_of={}",
        crate::routes::ORIGINS.pattern(),
        crate::domain::url::encode_component(&c.key),
        c.as_of
    );
    view! {
        <AsOfForm value=c.as_of.clone() today=c.today.clone() />
        <h3 class="visually-hidden">{t!(i18n, comp.figures)}</h3>
        <div class="stats" role="list">
            <Figure label=td_string!(locale, comp.score).into() value=score define="representativeness_score"
                basis=Basis { note: Some(td_string!(locale, comp.score_hint).to_string()), ..Default::default() } />
            <Figure label=td_string!(locale, comp.seat_holders).into() value=k.members_active.to_string() define="members_active"
                basis=Basis { list: Some("#holders-h".into()), ..Default::default() } />
            <Figure label=td_string!(locale, comp.seat_fill).into() value=rate(k.seat_fill_rate) define="seat_fill_rate"
                basis=Basis {
                    ratio: k.seats.filter(|n| *n > 0).map(|n| (k.members_active, n as u32, td_string!(locale, dash.seats_noun).to_string())),
                    base_list: None,
                    list: Some("#holders-h".into()),
                    note: k.seat_fill_rate.filter(|r| *r > 1.0).map(|_| td_string!(locale, dash.seat_fill_over).to_string()),
                    ..Default::default()
                } />
            <Figure label=td_string!(locale, comp.gender_balance).into() value=rate(k.gender_balance) define="gender_balance"
                basis=Basis { note: Some(gender_note), ..Default::default() } />
            <Figure label=td_string!(locale, comp.group_coverage).into() value=rate(k.group_coverage) define="group_coverage"
                basis=Basis { ratio: Some((groups_covered, groups_served, td_string!(locale, comp.groups_noun).to_string())), ..Default::default() } />
            <Figure label=td_string!(locale, comp.region_coverage).into() value=rate(k.region_coverage) define="region_coverage"
                basis=Basis { ratio: Some((regions_covered, regions_expected, td_string!(locale, comp.regions_noun).to_string())), ..Default::default() } />
            <Figure label=td_string!(locale, comp.terms_expiring).into() value=k.terms_expiring_90d.to_string() define="terms_expiring_90d" />
        </div>
        <div class="chart-grid">
            <BarChart id="chart-gender".into() title=gender.title bars=gender.bars columns=columns() define=gender.define embed=gender_embed />
            <BarChart id="chart-groups".into() title=groups.title bars=groups.bars columns=columns() define=groups.define embed=groups_embed />
            {(!countries.bars.is_empty()).then(|| view! {
                <BarChart id="chart-countries".into() title=countries.title bars=countries.bars columns=columns() define=countries.define embed=countries_embed />
            })}
            <div class="regions">
                <h3>{t!(i18n, comp.regions)}</h3>
                {if has_regions {
                    view! {
                        <p><strong>{t!(i18n, comp.covered)} ": "</strong> {c.breakdown.regions_covered.join(", ")}</p>
                        {if c.breakdown.regions_missing.is_empty() {
                            view! { <p class="muted">{t!(i18n, comp.none_missing)}</p> }.into_any()
                        } else {
                            view! { <p><strong>{t!(i18n, comp.missing)} ": "</strong> {c.breakdown.regions_missing.join(", ")}</p> }.into_any()
                        }}
                    }.into_any()
                } else {
                    view! { <p class="muted">{t!(i18n, comp.no_regions)}</p> }.into_any()
                }}
                <p><a href=origins>{t!(i18n, origins.body_link)}</a></p>
            </div>
        </div>
        <h3 id="roster-h">{t!(i18n, comp.roster)}</h3>
        <div class="columns">
            <section aria-labelledby="holders-h">
                <h4 id="holders-h">{t!(i18n, comp.seat_holders)} " (" {k.members_active} ")"</h4>
                <RosterList members=c.seat_holders.clone() empty=td_string!(locale, comp.no_members) />
                {(c.unnamed_seat_holders > 0).then(|| view! {
                    <p class="muted">{t!(i18n, comp.unnamed)} " " {c.unnamed_seat_holders}</p>
                })}
            </section>
            <section aria-labelledby="alternates-h">
                <h4 id="alternates-h">{t!(i18n, comp.alternates)} " (" {k.alternates_active} ")"</h4>
                <RosterList members=c.alternates.clone() empty=td_string!(locale, comp.no_alternates) />
                {(c.unnamed_alternates > 0).then(|| view! {
                    <p class="muted">{t!(i18n, comp.unnamed)} " " {c.unnamed_alternates}</p>
                })}
            </section>
        </div>
        <p><a href=csv download="">{t!(i18n, comp.csv)}</a></p>
    }
}

#[component]
fn RosterList(members: Vec<PublicMember>, empty: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    if members.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    view! {
        <ul class="roster">
            {members
                .into_iter()
                .map(|m| {
                    let term = match &m.term_end {
                        Some(end) => format!("{} – {end}", m.term_start),
                        None => format!("{} {} ({})", td_string!(locale, comp.since), m.term_start, td_string!(locale, comp.open_term)),
                    };
                    view! {
                        <li>
                            <span class="roster-name">{m.name}</span>
                            " "
                            <span class="badge">{crate::components::labels::member_role(locale, m.role)}</span>
                            <span class="muted roster-term">{term}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
