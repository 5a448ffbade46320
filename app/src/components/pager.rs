//! The links between the pages of a list: the previous and next page
//! around "page / pages"; nothing when the list fits on one page.
use leptos::prelude::*;

/// What a pager says: its accessible name and its two links' words.
pub struct PagerWords {
    pub label: &'static str,
    pub prev: &'static str,
    pub next: &'static str,
}

/// The pager of page `page` of `pages`; `link` gives a page's address.
pub fn pager(
    page: u64,
    pages: u64,
    words: PagerWords,
    link: impl Fn(u64) -> String,
) -> Option<AnyView> {
    (pages > 1).then(|| {
        let prev = (page > 1).then(|| link(page - 1));
        let next = (page < pages).then(|| link(page + 1));
        view! {
            <nav class="pager" aria-label=words.label>
                {prev.map(|h| view! { <a href=h rel="prev">{words.prev}</a> })}
                <span>{format!("{page} / {pages}")}</span>
                {next.map(|h| view! { <a href=h rel="next">{words.next}</a> })}
            </nav>
        }
        .into_any()
    })
}
