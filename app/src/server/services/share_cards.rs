//! The image a shared link shows (`og:image`, `twitter:image`): a 1200×630
//! PNG of a council's or an authority's headline figure, drawn on the
//! server from an SVG (resvg; the fonts are the system's), so link-preview
//! robots, which run no script and accept no SVG, get the figure itself.
//! The figure is the one the page's preview text states, at the same
//! instant, with its date and the page's address in the image.
use crate::components::charts::percent;
use crate::components::labels;
use crate::i18n::*;
use crate::server::error::ServiceError;
use crate::server::services::accounts::SiteUrl;
use crate::server::services::mail::templates::escape;
use std::sync::{Arc, OnceLock};

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// What a card shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    /// Above the title: the kind of page (level and place, "Autoridad").
    pub eyebrow: String,
    pub title: String,
    /// The figure, as read ("72 %", "9 / 12").
    pub figure: String,
    /// What the figure is, in words, with its numerator and denominator.
    pub figure_label: String,
    /// A share between 0 and 1, drawn as a bar under the figure.
    pub share: Option<f64>,
    /// The date of the figure and the page's address.
    pub foot: String,
}

/// Splits a title into at most two lines of about `width` characters.
fn lines(title: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = vec![String::new()];
    for word in title.split_whitespace() {
        let last = out.last_mut().expect("one line");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > width {
            if out.len() == 2 {
                let last = out.last_mut().expect("two lines");
                last.push('…');
                return out;
            }
            out.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    out
}

const FONT: &str = "DejaVu Sans, Liberation Sans, Noto Sans, sans-serif";

/// The card as SVG (the same design tokens as `style/main.css`).
pub fn svg(c: &Card) -> String {
    let title: String = lines(&c.title, 34)
        .iter()
        .enumerate()
        .map(|(i, l)| {
            format!(
                "<text x=\"80\" y=\"{}\" font-size=\"54\" font-weight=\"700\" fill=\"#1d2327\">{}</text>",
                222 + i as u32 * 66,
                escape(l)
            )
        })
        .collect();
    let bar = c.share.map_or(String::new(), |s| {
        let w = (s.clamp(0.0, 1.0) * 1040.0).round();
        format!(
            "<rect x=\"80\" y=\"508\" width=\"1040\" height=\"18\" rx=\"9\" fill=\"#e3efed\"/>\
             <rect x=\"80\" y=\"508\" width=\"{w}\" height=\"18\" rx=\"9\" fill=\"#1f5f5b\"/>"
        )
    });
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" font-family=\"{FONT}\">\
         <rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"#f7f6f2\"/>\
         <rect width=\"24\" height=\"{HEIGHT}\" fill=\"#1f5f5b\"/>\
         <text x=\"80\" y=\"96\" font-size=\"34\" font-weight=\"700\" fill=\"#1f5f5b\">Voces</text>\
         <text x=\"80\" y=\"150\" font-size=\"28\" fill=\"#545d63\">{eyebrow}</text>\
         {title}\
         <text x=\"80\" y=\"430\" font-size=\"110\" font-weight=\"700\" fill=\"#1f5f5b\">{figure}</text>\
         <text x=\"80\" y=\"480\" font-size=\"30\" fill=\"#1d2327\">{label}</text>\
         {bar}\
         <text x=\"80\" y=\"584\" font-size=\"26\" fill=\"#545d63\">{foot}</text>\
         </svg>",
        eyebrow = escape(&c.eyebrow),
        figure = escape(&c.figure),
        label = escape(&c.figure_label),
        foot = escape(&c.foot),
    )
}

/// The system's fonts, loaded once per process.
pub fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = resvg::usvg::fontdb::Database::new();
            db.load_system_fonts();
            db.set_sans_serif_family("DejaVu Sans");
            Arc::new(db)
        })
        .clone()
}

/// An SVG drawn as PNG at its own size.
pub fn png(svg: &str) -> Result<Vec<u8>, ServiceError> {
    use resvg::{tiny_skia, usvg};
    let options = usvg::Options {
        fontdb: fonts(),
        ..Default::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| ServiceError::Invalid(format!("svg: {e}")))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| ServiceError::Invalid("empty image".into()))?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| ServiceError::Invalid(format!("png: {e}")))
}

fn foot(locale: Locale, site: &SiteUrl, path: &str, as_of: &str) -> String {
    let host = site.0.split_once("://").map_or(site.0.as_str(), |(_, h)| h);
    format!("{} {as_of} · {host}{path}", td_string!(locale, dash.as_of))
}

/// A council's card: its seat holders out of its seats (what its link's
/// preview states), as the public page shows it.
pub fn body_card(
    d: &crate::domain::dto::BodyDetail,
    site: &SiteUrl,
    locale: Locale,
    today: &str,
) -> Card {
    let s = &d.summary;
    let seats = s.seats.map_or(0, |n| n.max(0) as u32).max(s.members_active);
    let share = (seats > 0).then(|| f64::from(s.members_active) / f64::from(seats));
    Card {
        eyebrow: format!(
            "{} · {}",
            labels::body_level(locale, s.level),
            s.jurisdiction
        ),
        title: s.name.clone(),
        figure: format!("{} / {seats}", s.members_active),
        figure_label: td_string!(locale, home.members).to_string(),
        share,
        foot: foot(locale, site, &format!("/bodies/{}", s.key), today),
    }
}

/// An authority's card: its response rate in the year to the figures'
/// date, with how many answered of how many considered (what its link's
/// preview states).
pub fn authority_card(
    d: &crate::domain::metrics::dashboards::AuthorityDashboard,
    site: &SiteUrl,
    locale: Locale,
) -> Card {
    let a = &d.metrics.answers;
    let es = locale == Locale::es;
    let title = match &d.acronym {
        Some(ac) if !ac.is_empty() => format!("{} ({ac})", d.name),
        _ => d.name.clone(),
    };
    Card {
        eyebrow: td_string!(locale, dash.authority).to_string(),
        title,
        figure: a
            .response_rate
            .map_or_else(|| "—".to_string(), |r| percent(es, r)),
        figure_label: format!(
            "{} · {} / {}",
            td_string!(locale, dash.response_rate),
            a.answered,
            a.considered
        ),
        share: a.response_rate,
        foot: foot(
            locale,
            site,
            &format!("/authorities/{}", d.metrics.authority),
            &d.as_of_date,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_take_two_lines_at_most() {
        assert_eq!(lines("Consejo Municipal", 34), ["Consejo Municipal"]);
        let l = lines(
            "Consejo Consultivo Estatal para la Atención de Personas Migrantes y sus Familias en Baja California",
            34,
        );
        assert_eq!(l.len(), 2);
        assert!(l[1].ends_with('…'));
        assert!(l.iter().all(|x| x.chars().count() <= 35), "{l:?}");
    }

    #[test]
    fn the_card_is_escaped_svg_and_draws_as_a_png() {
        let c = Card {
            eyebrow: "Autoridad".into(),
            title: "Instituto <Nacional> & Migración".into(),
            figure: "72 %".into(),
            figure_label: "Tasa de respuesta · 18 / 25".into(),
            share: Some(0.72),
            foot: "Datos al 2026-12-03 · voces.example.org/authorities/inm".into(),
        };
        let s = svg(&c);
        assert!(s.contains("Instituto &lt;Nacional&gt; &amp; Migración"));
        let png = png(&s).expect("png");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        // IHDR: width and height.
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), WIDTH);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), HEIGHT);
    }
}
