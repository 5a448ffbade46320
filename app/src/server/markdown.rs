//! Markdown from users (agenda, minutes, later demands and answers) to HTML
//! that is safe to insert in a page: pulldown-cmark renders, ammonia keeps
//! only harmless tags and attributes (no script, no event handlers, no
//! `javascript:` or `data:` links) and marks links `noopener noreferrer`.
use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

/// Sanitized HTML for `source`.
pub fn to_html(source: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    // Images become links to them: a page shows no picture a visitor's
    // browser would fetch from elsewhere, and none lacks a text.
    let events = Parser::new_ext(source, options).map(|e| match e {
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        e => e,
    });
    let mut raw = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut raw, events);
    ammonia::Builder::default()
        .rm_tags(["img"])
        .url_schemes(["http", "https", "mailto", "tel"].into())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&raw)
        .to_string()
}

/// The words of `source` without its markup, blocks apart (for search:
/// what is indexed and quoted in a result is what a reader sees).
pub fn to_plain(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for e in Parser::new_ext(
        source,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    ) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_)
                if !out.ends_with(' ') && !out.is_empty() =>
            {
                out.push(' ')
            }
            _ => {}
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn keeps_what_minutes_need() {
        let html = to_html("# Orden del día\n\n1. **Bienvenida**\n2. [Acta](https://example.org/a)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(html.contains("<h1>Orden del día</h1>"));
        assert!(html.contains("<strong>Bienvenida</strong>"));
        assert!(html.contains("href=\"https://example.org/a\""));
        assert!(html.contains("rel=\"noopener noreferrer nofollow\""));
        assert!(html.contains("<table>"));
        let img = to_html("![Foto de la sesión](https://example.org/f.jpg) <img src=\"https://example.org/t.gif\">");
        assert!(img.contains("<a href=\"https://example.org/f.jpg\" rel=\"noopener noreferrer nofollow\">Foto de la sesión</a>"), "{img}");
        assert!(!img.contains("<img"), "{img}");
    }

    #[test]
    fn hostile_input_is_inert() {
        let hostile = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](  javascript:alert(1))",
            "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
            "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "<svg onload=alert(1)><circle/></svg>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<p onclick=\"alert(1)\">click</p>",
            "<form action=\"https://evil.example\"><input name=a></form>",
            "<object data=\"x.swf\"></object><embed src=x>",
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
            "![x](x\" onerror=\"alert(1))",
            "<style>body{display:none}</style>",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
            "<base href=\"https://evil.example/\">",
        ];
        for input in hostile {
            let html = to_html(input).to_ascii_lowercase();
            // Text is escaped, so every `<` left opens a real tag: look
            // inside tags only ("onerror" as visible text is harmless).
            for tag in html
                .split('<')
                .skip(1)
                .map(|t| t.split('>').next().unwrap_or(""))
            {
                let name = tag
                    .trim_start_matches('/')
                    .split_whitespace()
                    .next()
                    .unwrap_or("");
                assert!(
                    ![
                        "script", "iframe", "style", "form", "input", "object", "embed", "svg",
                        "meta", "base", "math"
                    ]
                    .contains(&name),
                    "{input:?} gave {html:?}"
                );
                for attr in tag.split_whitespace().skip(1) {
                    assert!(!attr.starts_with("on"), "{input:?} gave {html:?}");
                    assert!(!attr.starts_with("style"), "{input:?} gave {html:?}");
                    let value = attr
                        .split_once('=')
                        .map(|(_, v)| v.trim_matches('"'))
                        .unwrap_or("");
                    assert!(
                        !value.starts_with("javascript:") && !value.starts_with("data:"),
                        "{input:?} gave {html:?}"
                    );
                }
            }
        }
    }
}
