//! URL pieces shared by pages and the server's form handlers.

/// Percent-encodes a path for use as a query value.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The edge a list's page link carries (`after`, else `before`): the
/// cursor, and whether the page starts after it; `None` without one.
pub fn page_edge<'a>(after: &'a str, before: &'a str) -> Option<(&'a str, bool)> {
    match (after.trim(), before.trim()) {
        ("", "") => None,
        ("", c) => Some((c, false)),
        (c, _) => Some((c, true)),
    }
}

/// The edge the link from page `page` (its `rows`) to page `to` carries:
/// the page just after starts after this page's last row, the one just
/// before (but the first) ends before this page's first, so paging on
/// reads a page and not every row above it. As a query pair
/// (`after=…`/`before=…`), `cursor` naming a row; `None` for any other
/// page.
pub fn edge_param<T>(
    page: u64,
    to: u64,
    rows: &[T],
    cursor: impl Fn(&T) -> String,
) -> Option<String> {
    let (side, row) = if to == page + 1 {
        ("after", rows.last()?)
    } else if to > 1 && to + 1 == page {
        ("before", rows.first()?)
    } else {
        return None;
    };
    Some(format!("{side}={}", encode_component(&cursor(row))))
}

/// The addresses of the pages after and before page `page` of `pages`
/// (`link` makes one), where there are such pages.
pub fn next_prev(
    page: u64,
    pages: u64,
    link: impl Fn(u64) -> String,
) -> (Option<String>, Option<String>) {
    (
        (page < pages).then(|| link(page + 1)),
        (page > 1).then(|| link(page - 1)),
    )
}
