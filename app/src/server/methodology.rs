//! The methodology page's text: `docs/methodology/{en,es}.md`, the project's
//! own definition of every figure (metrics.md with what a reader needs
//! besides), compiled in and rendered here — one source per language, so
//! the page cannot drift from the documentation. Each heading has its
//! `{#id}`; each figure named in the first column of a table gets an anchor
//! of its own name (`/methodology#overdue_open`), which every figure on the
//! site links to.
use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

const EN: &str = include_str!("../../../docs/methodology/en.md");
const ES: &str = include_str!("../../../docs/methodology/es.md");

/// The Markdown source in `locale` ("en", else Spanish).
pub fn source(locale: &str) -> &'static str {
    if locale == "en" {
        EN
    } else {
        ES
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page's HTML in `locale`. Trusted text (ours), so not sanitized;
/// every table scrolls in a region a keyboard can reach.
pub fn html(locale: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let (mut in_head, mut cell) = (false, 0usize);
    let events = Parser::new_ext(source(locale), options).flat_map(|e| {
        let out: Vec<Event> = match e {
            Event::Start(Tag::Table(_)) => vec![
                Event::Html(CowStr::from("<div class=\"table-scroll\" tabindex=\"0\">")),
                e,
            ],
            Event::End(TagEnd::Table) => vec![e, Event::Html(CowStr::from("</div>"))],
            Event::Start(Tag::TableHead) => {
                in_head = true;
                vec![e]
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                vec![e]
            }
            Event::Start(Tag::TableRow) => {
                cell = 0;
                vec![e]
            }
            Event::Start(Tag::TableCell) => {
                cell += 1;
                vec![e]
            }
            // A figure's name in the first column: its anchor.
            Event::Code(name) if !in_head && cell == 1 => {
                let n = escape(&name);
                // Long names break after an underscore on a phone.
                let shown = n.replace('_', "_<wbr>");
                vec![Event::Html(CowStr::from(format!(
                    "<code id=\"{n}\">{shown}</code>"
                )))]
            }
            e => vec![e],
        };
        out
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

/// Every anchor of the page in `locale` (headings' and figures' ids).
pub fn anchors(locale: &str) -> Vec<String> {
    let page = html(locale);
    let mut out: Vec<String> = page
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(String::from)
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::metrics::answers::Tally;

    #[test]
    fn both_languages_define_the_same_anchors() {
        assert_eq!(anchors("en"), anchors("es"));
    }

    /// Every figure the site shows has its definition, in both languages.
    #[test]
    fn every_figure_has_an_anchor() {
        let answers = serde_json::to_value(Tally::default().finish()).unwrap();
        let mut wanted: Vec<String> = answers.as_object().unwrap().keys().cloned().collect();
        wanted.extend(
            [
                "members_active",
                "alternates_active",
                "seats",
                "seat_fill_rate",
                "gender",
                "gender_balance",
                "group_coverage",
                "region_coverage",
                "terms_expiring_90d",
                "meetings_held",
                "meetings_cancelled",
                "meeting_regularity",
                "attendance_rate",
                "quorum_rate",
                "minutes_rate",
                "median_days_to_minutes",
                "demands_submitted",
                "adopted_in_meeting_rate",
                "topics",
                "responsiveness_score",
                "regularity_score",
                "representativeness_score",
                "low_sample",
                "referrals",
                "clock",
                "limits",
                "changes",
            ]
            .map(String::from),
        );
        for locale in ["en", "es"] {
            let have = anchors(locale);
            for w in &wanted {
                assert!(have.contains(w), "{locale}: no anchor #{w}");
            }
        }
        let page = html("es");
        assert!(page.contains("<h2 id=\"clock\">"));
        assert!(page.contains("<div class=\"table-scroll\" tabindex=\"0\"><table>"));
    }

    /// Every definition link in the pages' source (`define="…"`,
    /// `/methodology#…`) lands on an anchor of the page, in
    /// both languages: a renamed heading cannot leave a figure undefined.
    #[test]
    fn every_definition_link_lands() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut found = 0;
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for marker in ["define=\"", "/methodology#"] {
                for (i, _) in text.match_indices(marker) {
                    let rest = &text[i + marker.len()..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                        .collect();
                    // `/methodology#{d}` and the like are built from one
                    // of the literals this test reads.
                    if name.is_empty() {
                        continue;
                    }
                    found += 1;
                    for locale in ["en", "es"] {
                        assert!(
                            anchors(locale).contains(&name),
                            "{}: #{name} is no anchor of /methodology ({locale})",
                            f.display()
                        );
                    }
                }
            }
        }
        assert!(found > 40, "only {found} definition links found");
    }
}
