//! `/bodies`: the national overview council by council, at the `as_of` the
//! home page links with. Every body's totals (each column adds up to the
//! national total in the last row, and each number opens its list at the
//! same instant), a hundred rows a page, and the two whole rankings whose
//! first entries the home page shows.
use crate::api::dashboards::load_overview;
use crate::components::dashboards::{AsOfPicker, FiguresFailed, Ranking};
use crate::components::pager::{pager, PagerWords};
use crate::domain::metrics::dashboards::{BodyTotals, Overview, Totals};
use crate::domain::url::encode_component;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Rows of the table on one page.
pub const PER_PAGE: usize = 100;

/// The rows of page `page` (from 1; past the end, the last) and the
/// page's number, first row (from 1) and the count of pages.
pub fn rows_of(rows: Vec<BodyTotals>, page: u64) -> (Vec<BodyTotals>, u64, usize, u64) {
    let pages = rows.len().div_ceil(PER_PAGE).max(1) as u64;
    let page = page.clamp(1, pages);
    let start = (page as usize - 1) * PER_PAGE;
    let shown = rows.into_iter().skip(start).take(PER_PAGE).collect();
    (shown, page, start + 1, pages)
}

#[component]
pub fn BodiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (as_of, page) = use_query_map().with_untracked(|q| {
        let page = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
        (q.get("as_of"), page)
    });
    let data = Resource::new(move || as_of.clone(), load_overview);
    view! {
        <Title text=td_string!(locale, dash.overview_by_body) />
        <section class="page-head">
            <h1 id="bodies-figures-h">{t!(i18n, dash.overview_by_body)}</h1>
            <p class="lead">{t!(i18n, dash.bodies_intro)} " "
                <a href="/methodology">{t!(i18n, dash.methodology_link)}</a></p>
        </section>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(o) => view! { <FiguresView o page /> }.into_any(),
                    Err(e) => view! { <FiguresFailed anchor="bodies-figures-h" error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn FiguresView(o: Overview, page: u64) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let query = format!("?as_of={}", o.as_of_date);
    view! {
        <AsOfPicker value=o.as_of_date.clone() anchor="bodies-figures-h" window_from=o.window_from.clone() />
        <ByBody rows=o.by_body totals=o.totals as_of=o.as_of as_of_date=o.as_of_date.clone() page />
        <div class="rankings pair">
            <Ranking id="rank-resp" title=td_string!(locale, dash.rank_responsiveness).to_string()
                list=o.by_responsiveness low=o.by_responsiveness_low href=|k| format!("/bodies/{k}#dash-h") define="responsiveness_score" query=query.clone() />
            <Ranking id="rank-reg" title=td_string!(locale, dash.rank_regularity).to_string()
                list=o.by_regularity low=o.by_regularity_low href=|k| format!("/bodies/{k}#dash-h") define="regularity_score" query=query.clone() />
        </div>
        <p class="downloads">
            <a href=format!("/api/v1/bodies.csv?as_of={}", o.as_of_date)>{t!(i18n, dash.download_csv)}</a>
            " · "
            <a href=format!("{}?kind=bodies&as_of={}", crate::routes::COMPARE.pattern(), o.as_of_date)>{t!(i18n, compare.title)}</a>
        </p>
    }
}

/// The totals body by body, a page of rows at a time; the totals row is
/// always every body's.
#[component]
fn ByBody(
    rows: Vec<BodyTotals>,
    totals: Totals,
    as_of: String,
    as_of_date: String,
    page: u64,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let at = encode_component(&as_of);
    let count = rows.len();
    let (rows, page, first, pages) = rows_of(rows, page);
    let last = first + rows.len() - 1;
    let row = move |r: BodyTotals| {
        let key = encode_component(&r.key);
        let referrals = format!("/referrals?as_of={at}&body={key}");
        view! {
            <tr>
                <th scope="row"><a href=format!("/bodies/{key}?as_of={at}#comp-h")>{r.name.clone()}</a></th>
                <td class="num">{r.members_active}</td>
                <td class="num"><a href=format!("/bodies/{key}/meetings?as_of={at}&status=held")>{r.meetings_held}</a></td>
                <td class="num"><a href=format!("/demands?as_of={at}&window=1&body={key}")>{r.demands_submitted}</a></td>
                <td class="num"><a href=format!("{referrals}&window=1")>{r.referrals}</a></td>
                <td class="num"><a href=format!("{referrals}&window=1&answered=1")>{r.answered}</a></td>
                <td class="num"><a href=format!("{referrals}&overdue=1")>{r.overdue_open}</a></td>
            </tr>
        }
    };
    let words = PagerWords {
        label: td_string!(locale, home.pages),
        prev: td_string!(locale, home.prev),
        next: td_string!(locale, home.next),
    };
    let link = move |n: u64| {
        format!(
            "{}?as_of={as_of_date}&page={n}#by-body-h",
            crate::routes::BODIES.pattern()
        )
    };
    view! {
        <section class="by-body block" aria-labelledby="by-body-h">
            <h2 id="by-body-h">{t!(i18n, dash.by_body)}</h2>
            {(pages > 1).then(|| view! {
                <p class="muted">{t!(i18n, dash.rows_page, from = first.to_string(), to = last.to_string(), total = count.to_string())}</p>
            })}
            <div class="table-wrap" tabindex="0">
                <table class="data">
                    <thead><tr>
                        <th scope="col">{t!(i18n, dash.body)}</th>
                        <th scope="col" class="num">{t!(i18n, dash.members)}</th>
                        <th scope="col" class="num">{t!(i18n, dash.meetings_held)}</th>
                        <th scope="col" class="num">{t!(i18n, dash.demands)}</th>
                        <th scope="col" class="num">{t!(i18n, dash.referrals)}</th>
                        <th scope="col" class="num">{t!(i18n, dash.answered)}</th>
                        <th scope="col" class="num">{t!(i18n, dash.overdue)}</th>
                    </tr></thead>
                    <tbody>{rows.into_iter().map(row).collect_view()}</tbody>
                    <tfoot><tr>
                        <th scope="row">{format!("{} ({} {})", td_string!(locale, dash.total), totals.bodies, td_string!(locale, dash.bodies_noun))}</th>
                        <td class="num">{totals.members_active}</td>
                        <td class="num">{totals.meetings_held}</td>
                        <td class="num">{totals.demands_submitted}</td>
                        <td class="num">{totals.referrals}</td>
                        <td class="num">{totals.answered}</td>
                        <td class="num">{totals.overdue_open}</td>
                    </tr></tfoot>
                </table>
            </div>
            {pager(page, pages, words, link)}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(n: usize) -> BodyTotals {
        BodyTotals {
            key: format!("b{n:03}"),
            name: format!("Consejo {n:03}"),
            ..Default::default()
        }
    }

    #[test]
    fn rows_come_a_hundred_a_page_and_a_page_past_the_end_is_the_last() {
        let all: Vec<BodyTotals> = (0..250).map(body).collect();
        let (rows, page, first, pages) = rows_of(all.clone(), 1);
        assert_eq!((rows.len(), page, first, pages), (100, 1, 1, 3));
        let (rows, page, first, _) = rows_of(all.clone(), 3);
        assert_eq!((rows.len(), page, first), (50, 3, 201));
        assert_eq!(rows[0].key, "b200");
        let (_, page, first, _) = rows_of(all, 99);
        assert_eq!((page, first), (3, 201));
        let (rows, page, first, pages) = rows_of(Vec::new(), 0);
        assert_eq!((rows.len(), page, first, pages), (0, 1, 1, 1));
    }
}
