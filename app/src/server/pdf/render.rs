//! Laid-out pages written as a PDF by `krilla` (fonts embedded as subsets,
//! text extractable, links live), in the system's sans-serif — the same
//! fonts the link previews are drawn with (`share_cards::fonts`) — and
//! measured by `skrifa`, so what the layout wraps is what is drawn.
use super::layout::{Ink, Measure, Op, Page, Paper};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use resvg::usvg::fontdb;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};
use std::sync::{Arc, OnceLock};

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("no sans-serif font on this system (install fonts-dejavu-core or fonts-liberation)")]
    NoFont,
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// One face: its file's bytes and its index in the file.
#[derive(Clone)]
struct Face {
    data: Arc<Vec<u8>>,
    index: u32,
}

/// The regular and bold faces of the documents' typeface.
#[derive(Clone)]
pub struct Fonts {
    regular: Face,
    bold: Face,
}

/// Metric-compatible with Arial first (it prints as readers expect), then
/// the faces the link previews use.
const FAMILIES: [&str; 3] = ["Liberation Sans", "DejaVu Sans", "Noto Sans"];

fn face(db: &fontdb::Database, weight: fontdb::Weight) -> Option<Face> {
    let mut families: Vec<fontdb::Family> =
        FAMILIES.iter().map(|f| fontdb::Family::Name(f)).collect();
    families.push(fontdb::Family::SansSerif);
    let id = db.query(&fontdb::Query {
        families: &families,
        weight,
        ..fontdb::Query::default()
    })?;
    db.with_face_data(id, |data, index| Face {
        data: Arc::new(data.to_vec()),
        index,
    })
}

/// The typeface, found once per process.
pub fn fonts() -> Result<Fonts, PdfError> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let db = crate::server::services::share_cards::fonts();
            Some(Fonts {
                regular: face(&db, fontdb::Weight::NORMAL)?,
                bold: face(&db, fontdb::Weight::BOLD)?,
            })
        })
        .clone()
        .ok_or(PdfError::NoFont)
}

/// Advance widths from the faces' own metrics (no kerning: a line measured
/// here is never narrower than the one drawn).
pub struct Metrics<'a> {
    regular: FontRef<'a>,
    bold: FontRef<'a>,
}

impl<'a> Metrics<'a> {
    pub fn new(f: &'a Fonts) -> Result<Metrics<'a>, PdfError> {
        let of = |face: &'a Face| {
            FontRef::from_index(face.data.as_slice(), face.index).map_err(|_| PdfError::NoFont)
        };
        Ok(Metrics {
            regular: of(&f.regular)?,
            bold: of(&f.bold)?,
        })
    }
}

impl Measure for Metrics<'_> {
    fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        let font = if bold { &self.bold } else { &self.regular };
        let upem = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em
                .max(1),
        );
        let charmap = font.charmap();
        let glyphs = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let units: f32 = text
            .chars()
            .map(|c| {
                let gid = charmap.map(c).unwrap_or_default();
                glyphs.advance_width(gid).unwrap_or(0.0)
            })
            .sum();
        units * size / upem
    }
}

fn color(ink: Ink) -> rgb::Color {
    // style/main.css: --color-text, --color-muted, --color-brand, --color-border.
    match ink {
        Ink::Text => rgb::Color::new(0x1d, 0x23, 0x27),
        Ink::Muted => rgb::Color::new(0x54, 0x5d, 0x63),
        Ink::Accent => rgb::Color::new(0x1f, 0x5f, 0x5b),
        Ink::Rule => rgb::Color::new(0xd9, 0xd6, 0xcc),
    }
}

/// What the document says of itself (shown by readers and indexers).
pub struct About {
    pub title: String,
    pub language: String,
    pub description: String,
}

/// Writes `pages` of `paper` as a PDF.
pub fn write(
    fonts: &Fonts,
    paper: Paper,
    pages: &[Page],
    about: About,
) -> Result<Vec<u8>, PdfError> {
    let font = |f: &Face| Font::new(f.data.clone().into(), f.index).ok_or(PdfError::NoFont);
    let (regular, bold) = (font(&fonts.regular)?, font(&fonts.bold)?);
    let (w, h) = paper.size();
    let mut doc = Document::new();
    doc.set_metadata(
        krilla::metadata::Metadata::new()
            .title(about.title)
            .language(about.language)
            .description(about.description)
            .creator("Voces".into()),
    );
    for ops in pages {
        let settings = krilla::page::PageSettings::from_wh(w, h)
            .ok_or_else(|| PdfError::Write("paper size".into()))?;
        let mut page = doc.start_page_with(settings);
        let mut links = Vec::new();
        {
            let mut surface = page.surface();
            for op in ops {
                match op {
                    Op::Text {
                        x,
                        y,
                        size,
                        bold: b,
                        ink,
                        text,
                    } => {
                        surface.set_fill(Some(krilla::paint::Fill {
                            paint: color(*ink).into(),
                            ..Default::default()
                        }));
                        let f = if *b { bold.clone() } else { regular.clone() };
                        surface.draw_text(
                            Point::from_xy(*x, *y),
                            f,
                            *size,
                            text,
                            false,
                            TextDirection::Auto,
                        );
                    }
                    Op::Rect { x, y, w, h, ink } => {
                        let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else {
                            continue;
                        };
                        let mut pb = PathBuilder::new();
                        pb.push_rect(rect);
                        if let Some(path) = pb.finish() {
                            surface.set_fill(Some(krilla::paint::Fill {
                                paint: color(*ink).into(),
                                ..Default::default()
                            }));
                            surface.draw_path(&path);
                        }
                    }
                    Op::Link { x, y, w, h, url } => {
                        if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                            links.push((rect, url.clone()));
                        }
                    }
                }
            }
            surface.finish();
        }
        for (rect, url) in links {
            let target = krilla::action::LinkAction::new(url.clone());
            let link = krilla::annotation::LinkAnnotation::new(
                rect,
                krilla::annotation::Target::Action(krilla::action::Action::Link(target)),
            );
            page.add_annotation(krilla::annotation::Annotation::new_link(link, Some(url)));
        }
        page.finish();
    }
    doc.finish().map_err(|e| PdfError::Write(format!("{e:?}")))
}
