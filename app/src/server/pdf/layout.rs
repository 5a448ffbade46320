//! A document's blocks laid out on pages: words wrapped to their width,
//! tables split between pages with their header repeated, a heading kept
//! with what follows it, and every page's foot (what the document is, its
//! date, its source and "page n of N") written once the number of pages is
//! known. Pure arithmetic over a [`Measure`], so it is tested without fonts.

/// How wide a text is set in a size (points) and weight.
pub trait Measure {
    fn width(&self, text: &str, size: f32, bold: bool) -> f32;
}

/// Paper sizes, in points (1/72 inch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    /// (width, height).
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// `?paper=letter` (or `carta`), A4 otherwise.
    pub fn parse(s: Option<&str>) -> Paper {
        match s {
            Some("letter" | "carta") => Paper::Letter,
            _ => Paper::A4,
        }
    }
}

/// The few colours of a document (the site's design tokens).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    Text,
    Muted,
    Accent,
    Rule,
}

/// What is drawn on a page, `y` from the top of the page.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// A line of text; `y` is its baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        ink: Ink,
        text: String,
    },
    /// A filled rectangle (rules are thin ones).
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        ink: Ink,
    },
    /// A link to an address over an area.
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        url: String,
    },
}

pub type Page = Vec<Op>;

/// A column's share of the width and how its cells align.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    pub share: f32,
    pub right: bool,
}

/// A table cell: its text, a smaller line under it (a rate's basis) and
/// the address its text opens.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub text: String,
    pub sub: Option<String>,
    pub link: Option<String>,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub head: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A document is a run of blocks.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The small line above the title ("Informe anual 2025").
    Eyebrow(String),
    Title(String),
    Lead(String),
    /// Small, muted text (the date and source under the title).
    Note(String),
    /// A note that opens an address.
    Link(String, String),
    Heading(String),
    Subheading(String),
    Paragraph(String),
    Table(Table),
}

/// What every page's foot says.
pub struct Foot {
    /// Lines on the left (the document and its date; its source).
    pub lines: Vec<String>,
    /// "Página {n} de {N}", from (n, N).
    pub page: Box<dyn Fn(usize, usize) -> String>,
}

const MARGIN: f32 = 54.0;
const FOOT: f32 = 64.0;
const LEADING: f32 = 1.35;
const CELL_PAD: f32 = 4.0;
const GUTTER: f32 = 8.0;

/// One block's size and weight of type.
fn style(b: &Block) -> (f32, bool, Ink) {
    match b {
        Block::Eyebrow(_) => (9.5, true, Ink::Accent),
        Block::Title(_) => (20.0, true, Ink::Text),
        Block::Lead(_) => (11.5, false, Ink::Text),
        Block::Note(_) | Block::Link(..) => (8.5, false, Ink::Muted),
        Block::Heading(_) => (13.5, true, Ink::Accent),
        Block::Subheading(_) => (11.0, true, Ink::Text),
        Block::Paragraph(_) => (10.0, false, Ink::Text),
        Block::Table(_) => (9.0, false, Ink::Text),
    }
}

/// Splits `text` into lines no wider than `width`, breaking between words
/// and, for a word wider than the line (an address), inside it.
pub fn wrap(m: &dyn Measure, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if m.width(&candidate, size, bold) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word alone wider than the line is cut where it must be.
        let mut rest = word.to_string();
        while m.width(&rest, size, bold) > width {
            let mut cut = String::new();
            for c in rest.chars() {
                let mut next = cut.clone();
                next.push(c);
                if m.width(&next, size, bold) > width && !cut.is_empty() {
                    break;
                }
                cut = next;
            }
            rest = rest[cut.len()..].to_string();
            lines.push(cut);
        }
        line = rest;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Lays `blocks` out on pages of `paper`, each page ending with `foot`.
pub fn lay_out(m: &dyn Measure, paper: Paper, blocks: &[Block], foot: &Foot) -> Vec<Page> {
    let (w, h) = paper.size();
    let mut f = Flow {
        m,
        width: w - 2.0 * MARGIN,
        bottom: h - FOOT,
        pages: vec![Vec::new()],
        y: MARGIN,
    };
    for (i, b) in blocks.iter().enumerate() {
        // A heading is not left alone at the bottom of a page.
        if matches!(b, Block::Heading(_) | Block::Subheading(_)) {
            let (size, ..) = style(b);
            let next = blocks.get(i + 1).map_or(0.0, |n| f.first_line(n));
            f.room(size * 2.2 + next);
        }
        f.block(b);
    }
    let total = f.pages.len();
    let mut pages = f.pages;
    for (n, page) in pages.iter_mut().enumerate() {
        put_foot(m, page, (w, h), foot, n + 1, total);
    }
    pages
}

fn put_foot(
    m: &dyn Measure,
    page: &mut Page,
    (w, h): (f32, f32),
    foot: &Foot,
    n: usize,
    total: usize,
) {
    let size = 7.5;
    let top = h - FOOT + 18.0;
    page.push(Op::Rect {
        x: MARGIN,
        y: top - 10.0,
        w: w - 2.0 * MARGIN,
        h: 0.5,
        ink: Ink::Rule,
    });
    let label = (foot.page)(n, total);
    let label_w = m.width(&label, size, false);
    let room = w - 2.0 * MARGIN - label_w - GUTTER;
    let mut y = top;
    for line in &foot.lines {
        for l in wrap(m, line, size, false, room) {
            page.push(Op::Text {
                x: MARGIN,
                y,
                size,
                bold: false,
                ink: Ink::Muted,
                text: l,
            });
            y += size * LEADING;
        }
    }
    page.push(Op::Text {
        x: w - MARGIN - label_w,
        y: top,
        size,
        bold: false,
        ink: Ink::Muted,
        text: label,
    });
}

/// A cell's lines: its text's, then its smaller line's.
type Wrapped = (Vec<String>, Vec<String>);

struct Flow<'a> {
    m: &'a dyn Measure,
    width: f32,
    bottom: f32,
    pages: Vec<Page>,
    /// The top of what is drawn next.
    y: f32,
}

impl Flow<'_> {
    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a flow has a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN;
    }

    /// Starts a new page unless `height` fits on this one (a page that is
    /// still empty takes anything).
    fn room(&mut self, height: f32) {
        if self.y + height > self.bottom && self.y > MARGIN {
            self.new_page();
        }
    }

    /// The height of a block's first line (what a heading keeps with it).
    fn first_line(&self, b: &Block) -> f32 {
        let (size, ..) = style(b);
        match b {
            Block::Table(t) => 2.0 * (size * LEADING + 2.0 * CELL_PAD) + self.sub_height(t),
            _ => size * LEADING,
        }
    }

    fn sub_height(&self, t: &Table) -> f32 {
        if t.rows
            .first()
            .is_some_and(|r| r.iter().any(|c| c.sub.is_some()))
        {
            8.0 * LEADING
        } else {
            0.0
        }
    }

    fn text(&mut self, x: f32, size: f32, bold: bool, ink: Ink, text: String) {
        let y = self.y + size;
        self.page().push(Op::Text {
            x,
            y,
            size,
            bold,
            ink,
            text,
        });
    }

    fn lines(&mut self, text: &str, size: f32, bold: bool, ink: Ink, link: Option<&str>) {
        for line in wrap(self.m, text, size, bold, self.width) {
            self.room(size * LEADING);
            if let Some(url) = link {
                let w = self.m.width(&line, size, bold);
                let y = self.y;
                self.page().push(Op::Link {
                    x: MARGIN,
                    y,
                    w,
                    h: size * LEADING,
                    url: url.to_string(),
                });
            }
            self.text(MARGIN, size, bold, ink, line);
            self.y += size * LEADING;
        }
    }

    fn block(&mut self, b: &Block) {
        let (size, bold, ink) = style(b);
        match b {
            Block::Eyebrow(t) | Block::Title(t) | Block::Lead(t) | Block::Note(t) => {
                self.lines(t, size, bold, ink, None);
                self.y += if matches!(b, Block::Note(_)) {
                    2.0
                } else {
                    6.0
                };
            }
            Block::Link(t, url) => {
                self.lines(t, size, bold, ink, Some(url));
                self.y += 2.0;
            }
            Block::Heading(t) | Block::Subheading(t) => {
                self.y += if matches!(b, Block::Heading(_)) {
                    16.0
                } else {
                    10.0
                };
                self.room(size * LEADING);
                self.lines(t, size, bold, ink, None);
                self.y += 4.0;
            }
            Block::Paragraph(t) => {
                self.lines(t, size, bold, ink, None);
                self.y += 6.0;
            }
            Block::Table(t) => self.table(t, size),
        }
    }

    /// The x of each column and its width.
    fn columns(&self, t: &Table) -> Vec<(f32, f32)> {
        let total: f32 = t
            .columns
            .iter()
            .map(|c| c.share)
            .sum::<f32>()
            .max(f32::EPSILON);
        let mut x = MARGIN;
        t.columns
            .iter()
            .map(|c| {
                let w = self.width * c.share / total;
                let at = (x, w);
                x += w;
                at
            })
            .collect()
    }

    /// One row's cells wrapped in their columns, and its height.
    fn row_lines(
        &self,
        cols: &[(f32, f32)],
        cells: &[Cell],
        size: f32,
        bold: bool,
    ) -> (Vec<Wrapped>, f32) {
        let sub_size = size - 1.5;
        let mut height: f32 = 0.0;
        let wrapped: Vec<_> = cells
            .iter()
            .zip(cols)
            .map(|(c, (_, w))| {
                let inner = w - GUTTER;
                let main = wrap(self.m, &c.text, size, bold, inner);
                let sub = c
                    .sub
                    .as_deref()
                    .map(|s| wrap(self.m, s, sub_size, false, inner))
                    .unwrap_or_default();
                let h = main.len() as f32 * size * LEADING + sub.len() as f32 * sub_size * LEADING;
                height = height.max(h);
                (main, sub)
            })
            .collect();
        (wrapped, height + 2.0 * CELL_PAD)
    }

    fn draw_row(
        &mut self,
        t: &Table,
        cols: &[(f32, f32)],
        cells: &[Cell],
        size: f32,
        header: bool,
    ) {
        let (wrapped, height) = self.row_lines(cols, cells, size, header);
        let sub_size = size - 1.5;
        let top = self.y;
        for (((main, sub), (x, w)), (cell, col)) in wrapped
            .into_iter()
            .zip(cols.iter().copied())
            .zip(cells.iter().zip(&t.columns))
        {
            let mut y = top + CELL_PAD;
            let ink = if header { Ink::Muted } else { Ink::Text };
            for line in main {
                let lw = self.m.width(&line, size, header);
                let lx = if col.right { x + w - lw } else { x };
                if let Some(url) = &cell.link {
                    self.page().push(Op::Link {
                        x: lx,
                        y,
                        w: lw,
                        h: size * LEADING,
                        url: url.clone(),
                    });
                }
                self.page().push(Op::Text {
                    x: lx,
                    y: y + size,
                    size,
                    bold: header,
                    ink,
                    text: line,
                });
                y += size * LEADING;
            }
            for line in sub {
                let lw = self.m.width(&line, sub_size, false);
                let lx = if col.right { x + w - lw } else { x };
                self.page().push(Op::Text {
                    x: lx,
                    y: y + sub_size,
                    size: sub_size,
                    bold: false,
                    ink: Ink::Muted,
                    text: line,
                });
                y += sub_size * LEADING;
            }
        }
        self.y = top + height;
        let width = self.width;
        let y = self.y;
        self.page().push(Op::Rect {
            x: MARGIN,
            y: y - 0.25,
            w: width,
            h: if header { 0.8 } else { 0.4 },
            ink: Ink::Rule,
        });
    }

    fn table(&mut self, t: &Table, size: f32) {
        let cols = self.columns(t);
        let head: Vec<Cell> = t.head.iter().map(Cell::new).collect();
        // Column heads a size smaller, so a long one ("Respondidas a tiempo")
        // wraps between words rather than inside one.
        let head_size = size - 1.0;
        let (_, head_h) = self.row_lines(&cols, &head, head_size, true);
        let first = t
            .rows
            .first()
            .map_or(0.0, |r| self.row_lines(&cols, r, size, false).1);
        self.room(head_h + first);
        self.draw_row(t, &cols, &head, head_size, true);
        for r in &t.rows {
            let (_, h) = self.row_lines(&cols, r, size, false);
            if self.y + h > self.bottom {
                // The header again on the page the table goes on to.
                self.new_page();
                self.draw_row(t, &cols, &head, head_size, true);
            }
            self.draw_row(t, &cols, r, size, false);
        }
        self.y += 8.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character half the size wide.
    struct Fixed;
    impl Measure for Fixed {
        fn width(&self, text: &str, size: f32, _bold: bool) -> f32 {
            text.chars().count() as f32 * size * 0.5
        }
    }

    fn foot() -> Foot {
        Foot {
            lines: vec!["Consejo · Cifras al 31 de diciembre de 2025".into()],
            page: Box::new(|n, t| format!("Página {n} de {t}")),
        }
    }

    fn texts(page: &Page) -> Vec<&str> {
        page.iter()
            .filter_map(|o| match o {
                Op::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn words_wrap_within_the_width_and_long_ones_are_cut() {
        let lines = wrap(&Fixed, "uno dos tres cuatro", 10.0, false, 40.0);
        assert_eq!(lines, ["uno dos", "tres", "cuatro"]);
        let lines = wrap(
            &Fixed,
            "https://voces.example.org/bodies/x",
            10.0,
            false,
            50.0,
        );
        assert!(
            lines.iter().all(|l| Fixed.width(l, 10.0, false) <= 50.0),
            "{lines:?}"
        );
        assert_eq!(lines.concat(), "https://voces.example.org/bodies/x");
        assert_eq!(wrap(&Fixed, "", 10.0, false, 40.0), [""]);
    }

    #[test]
    fn a_long_table_goes_on_with_its_header_and_every_page_is_numbered() {
        let rows = (0..120)
            .map(|i| vec![Cell::new(format!("fila {i}")), Cell::new(i.to_string())])
            .collect();
        let blocks = vec![
            Block::Title("Informe".into()),
            Block::Heading("Tabla".into()),
            Block::Table(Table {
                columns: vec![
                    Column {
                        share: 3.0,
                        right: false,
                    },
                    Column {
                        share: 1.0,
                        right: true,
                    },
                ],
                head: vec!["Cifra".into(), "2025".into()],
                rows,
            }),
        ];
        let pages = lay_out(&Fixed, Paper::A4, &blocks, &foot());
        assert!(pages.len() >= 3, "{} pages", pages.len());
        let total = pages.len();
        for (n, page) in pages.iter().enumerate() {
            let t = texts(page);
            assert!(
                t.contains(&format!("Página {} de {total}", n + 1).as_str()),
                "{t:?}"
            );
            assert!(t.contains(&"Cifra"), "page {} repeats the header", n + 1);
            // Nothing runs into the foot.
            for o in page {
                if let Op::Text { y, text, .. } = o {
                    if !text.starts_with("Página") && !text.starts_with("Consejo") {
                        assert!(*y <= 841.89 - FOOT, "{text} at {y}");
                    }
                }
            }
        }
        let all: Vec<&str> = pages.iter().flat_map(texts).collect();
        for i in 0..120 {
            assert!(
                all.contains(&format!("fila {i}").as_str()),
                "row {i} is lost"
            );
        }
    }

    #[test]
    fn a_heading_is_not_left_at_the_foot_of_a_page() {
        let mut blocks: Vec<Block> = (0..54).map(|i| Block::Paragraph(format!("p{i}"))).collect();
        blocks.push(Block::Heading("Sección".into()));
        blocks.push(Block::Paragraph("cuerpo".into()));
        let pages = lay_out(&Fixed, Paper::Letter, &blocks, &foot());
        let page_of = |s: &str| pages.iter().position(|p| texts(p).contains(&s)).unwrap();
        assert_eq!(page_of("Sección"), page_of("cuerpo"));
    }

    #[test]
    fn numbers_align_right_and_links_cover_their_text() {
        let blocks = vec![Block::Table(Table {
            columns: vec![
                Column {
                    share: 1.0,
                    right: false,
                },
                Column {
                    share: 1.0,
                    right: true,
                },
            ],
            head: vec!["a".into(), "b".into()],
            rows: vec![vec![
                Cell::new("x"),
                Cell {
                    link: Some("https://v.example/l".into()),
                    ..Cell::new("12")
                },
            ]],
        })];
        let pages = lay_out(&Fixed, Paper::A4, &blocks, &foot());
        let right_edge = 595.28 - MARGIN;
        let twelve = pages[0].iter().find_map(|o| match o {
            Op::Text { x, text, size, .. } if text == "12" => {
                Some(x + Fixed.width(text, *size, false))
            }
            _ => None,
        });
        assert!((twelve.unwrap() - right_edge).abs() < 0.01);
        assert!(pages[0]
            .iter()
            .any(|o| matches!(o, Op::Link { url, .. } if url == "https://v.example/l")));
    }
}
