//! `/comparar`: two to four councils or authorities side by side at one
//! `as_of`. A GET form (works without JavaScript; its address is the
//! comparison's permalink); on a phone each figure is a card listing the
//! compared one under another, never a wide table.
use crate::api::dashboards::load_comparison;
use crate::components::charts::Series;
use crate::components::dashboards::{
    figure_label, figure_text, quarter_label, DefineLink, TrendChart, SMALL_BASE,
};
use crate::components::error::Loaded;
use crate::domain::compare::{
    CompareKind, CompareQuery, Comparison, FigureRow, Shape, LEAST, MOST,
};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The page's address.
pub const PATH: &str = crate::routes::COMPARE.pattern();

fn query_from_address() -> CompareQuery {
    use_query_map().with_untracked(|q| CompareQuery {
        kind: CompareKind::parse(&q.get("kind").unwrap_or_default()),
        keys: q.get_all("k").unwrap_or_default(),
        as_of: q.get("as_of").unwrap_or_default(),
        trend: q.get("trend").unwrap_or_default(),
    })
}

#[component]
pub fn ComparePage() -> impl IntoView {
    let q = query_from_address();
    let asked = q.clone();
    let data = Resource::new(move || asked.clone(), load_comparison);
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let tab = move |k: CompareKind, label: &'static str| {
        let current = (q.kind == k).then_some("page");
        view! { <a href=format!("{PATH}?kind={}", k.as_str()) aria-current=current>{label}</a> }
    };
    view! {
        <Title text=td_string!(locale, compare.title).to_string() />
        <section class="page-head">
            <h1>{t!(i18n, compare.title)}</h1>
            <p class="lead">{t!(i18n, compare.intro)}</p>
            <nav class="tabs" aria-label=td_string!(locale, compare.what)>
                {tab(CompareKind::Bodies, td_string!(locale, compare.bodies))}
                {tab(CompareKind::Authorities, td_string!(locale, compare.authorities))}
            </nav>
        </section>
        <Loaded data view=|c| view! { <CompareView c /> } />
    }
}

#[component]
fn CompareView(c: Comparison) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let es = locale == Locale::es;
    let picked: Vec<String> = c.compared.iter().map(|x| x.key.clone()).collect();
    let one = match c.kind {
        CompareKind::Bodies => td_string!(locale, compare.body_n),
        CompareKind::Authorities => td_string!(locale, compare.authority_n),
    };
    let selects = (0..MOST)
        .map(|i| {
            let chosen = picked.get(i).cloned().unwrap_or_default();
            let options = c
                .choices
                .iter()
                .map(|(k, n)| view! { <option value=k.clone() selected=*k == chosen>{n.clone()}</option> })
                .collect_view();
            let id = format!("compare-k{i}");
            view! {
                <div class="field">
                    <label for=id.clone()>{format!("{one} {}", i + 1)}</label>
                    <select id=id name="k">
                        <option value="">"—"</option>
                        {options}
                    </select>
                </div>
            }
        })
        .collect_view();
    let trend_options = c
        .kind
        .trend_choices()
        .iter()
        .map(|id| {
            let (label, _) = figure_label(locale, id);
            view! { <option value=*id selected=*id == c.trend_id>{label}</option> }
        })
        .collect_view();
    let shown_now = c.compared.len() >= LEAST;
    let unknown = (!c.unknown.is_empty()).then(|| {
        view! { <p class="callout">{t!(i18n, compare.unknown)} " " {c.unknown.join(", ")}</p> }
    });
    let page_of = |k: &str| match c.kind {
        CompareKind::Bodies => format!("/bodies/{k}?as_of={}#dash-h", c.as_of_date),
        CompareKind::Authorities => format!("/authorities/{k}?as_of={}#dash-h", c.as_of_date),
    };
    let pages = c
        .compared
        .iter()
        .map(|x| view! { <li><a href=page_of(&x.key)>{x.name.clone()}</a></li> })
        .collect_view();
    let names: Vec<String> = c.compared.iter().map(|x| x.name.clone()).collect();
    let lows: Vec<bool> = c.compared.iter().map(|x| x.low_sample).collect();
    let cards = c
        .figures
        .iter()
        .map(|f| view! { <FigureCard f=f.clone() names=names.clone() lows=lows.clone() es /> })
        .collect_view();
    let (trend_label, _) = figure_label(locale, &c.trend_id);
    let labels: Vec<String> = c.trend_ends.iter().map(|e| quarter_label(es, e)).collect();
    let series: Series = c
        .compared
        .iter()
        .map(|x| (x.name.clone(), x.trend.clone()))
        .collect();
    let permalink = format!(
        "{PATH}?{}",
        CompareQuery {
            kind: c.kind,
            keys: picked.clone(),
            as_of: c.as_of_date.clone(),
            trend: c.trend_id.clone(),
        }
        .query()
    );
    let form = view! {
        <form method="get" action=PATH class="filters compare-form">
            <input type="hidden" name="kind" value=c.kind.as_str() />
            <fieldset>
                <legend>{t!(i18n, compare.pick)}</legend>
                <div class="compare-picks">{selects}</div>
            </fieldset>
            <div class="filter-row">
                <div class="field">
                    <label for="compare-as-of">{t!(i18n, dash.as_of)}</label>
                    <input id="compare-as-of" name="as_of" type="date" value=c.as_of_date.clone() />
                </div>
                <div class="field">
                    <label for="compare-trend">{t!(i18n, compare.trend_figure)}</label>
                    <select id="compare-trend" name="trend">{trend_options}</select>
                </div>
            </div>
            <div class="filter-actions">
                <button type="submit" class="button">{t!(i18n, compare.submit)}</button>
            </div>
        </form>
    };
    // Once there is a comparison to read, the form folds away (it is long
    // on a phone); a native <details>, so it opens without JavaScript.
    let form = if shown_now {
        view! {
            <details class="compare-change">
                <summary>{t!(i18n, compare.change)}</summary>
                {form}
            </details>
        }
        .into_any()
    } else {
        form.into_any()
    };
    view! {
        {form}
        {unknown}
        {if shown_now {
            view! {
                <section class="block" aria-labelledby="compare-h">
                    <h2 id="compare-h">{t!(i18n, compare.figures)}</h2>
                    <p class="muted window">{t!(i18n, dash.window, from = c.window_from.clone(), to = c.as_of_date.clone())}</p>
                    <ul class="link-list compare-pages">{pages}</ul>
                    <div class="compare-grid">{cards}</div>
                </section>
                <TrendChart id="trend-compare" title=format!("{trend_label} · {}", td_string!(locale, dash.trend)) labels series define="trends" />
                <p class="downloads">
                    <a href=permalink.clone()>{t!(i18n, compare.permalink)}</a>
                    " · "
                    <a href="/methodology">{t!(i18n, dash.methodology_link)}</a>
                </p>
            }
            .into_any()
        } else {
            view! { <p class="empty">{t!(i18n, compare.need_two)}</p> }.into_any()
        }}
    }
}

/// One figure: its label and definition, then each compared one's value
/// (linking to the list it counts), the counts behind a rate, a meter.
#[component]
fn FigureCard(f: FigureRow, names: Vec<String>, lows: Vec<bool>, es: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (label, anchor) = figure_label(locale, &f.id);
    let heading = format!("fig-{}", f.id);
    let labelled_by = heading.clone();
    let rows = f
        .cells
        .iter()
        .zip(names)
        .zip(lows)
        .map(|((cell, name), low)| {
            let (text, meter) = figure_text(es, f.shape, cell.value);
            let value = match cell.list.clone() {
                Some(h) => view! { <a href=h>{text}</a> }.into_any(),
                None => text.into_any(),
            };
            let basis = cell.ratio.map(|(n, d)| {
                let caution = d > 0 && d < SMALL_BASE;
                view! {
                    <span class="stat-basis">{format!("{n} {} {d}", td_string!(locale, dash.of))}</span>
                    {caution.then(|| view! { <span class="caution">{t!(i18n, dash.small_base)}</span> })}
                }
            });
            let low = (low && f.shape == Shape::Score)
                .then(|| view! { <span class="badge low">{t!(i18n, dash.low_mark)}</span> });
            view! {
                <li>
                    <span class="compare-name">{name}</span>
                    <span class="compare-value">{value}</span>
                    {low}
                    {basis}
                    {meter.map(|pct| view! { <span class="meter" aria-hidden="true"><span style=format!("width:{pct:.0}%")></span></span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card compare-figure" aria-labelledby=labelled_by>
            <h3 id=heading>{label} " " <DefineLink anchor label=label.to_string() /></h3>
            <ul class="compare-values">{rows}</ul>
        </section>
    }
}
