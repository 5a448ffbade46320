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
