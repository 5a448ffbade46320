//! An annual report as a PDF made on the server
//! (`/bodies/{key}/informe/{year}/pdf`, `/authorities/{key}/informe/{year}/pdf`):
//! the page's own content (`pages::annual::content`), in the reader's
//! language, on A4 or Letter; every page names the report, its date and
//! its source address and is numbered "n of N", and every count links to
//! its list on the site, as on the page.
use crate::components::dashboards::{figure_label, figure_text, rate_text, AnswerRow};
use crate::domain::annual::{Annual, ReportHead};
use crate::i18n::*;
use crate::pages::annual::{
    as_of_line, authority_content, body_content, change, contested, window_line, Row,
};
use crate::server::pdf::layout::lay_out;
use crate::server::pdf::render::{self, About, Metrics};
use crate::server::pdf::{Block, Cell, Column, Foot, Paper, PdfError, Table};

const LEFT: Column = Column {
    share: 3.6,
    right: false,
};
const NUM: Column = Column {
    share: 1.0,
    right: true,
};

/// A table of figures with the year before and the change (the page's
/// `ChangeTable`): each label opens its definition, each count its list.
fn change_table(locale: Locale, site: &str, year: i32, rows: &[Row]) -> Block {
    let es = locale == Locale::es;
    Block::Table(Table {
        columns: vec![LEFT, NUM, NUM, NUM],
        head: vec![
            td_string!(locale, annual.figure).to_string(),
            year.to_string(),
            (year - 1).to_string(),
            td_string!(locale, annual.change).to_string(),
        ],
        rows: rows
            .iter()
            .map(|r| {
                let (label, anchor) = figure_label(locale, r.id);
                vec![
                    Cell {
                        text: label.to_string(),
                        sub: r.basis.clone(),
                        link: Some(format!("{site}/methodology#{anchor}")),
                    },
                    Cell {
                        link: r.list.as_ref().map(|l| format!("{site}{l}")),
                        ..Cell::new(figure_text(es, r.shape, r.now).0)
                    },
                    Cell::new(figure_text(es, r.shape, r.before).0),
                    Cell::new(change(locale, r)),
                ]
            })
            .collect(),
    })
}

/// Answers one row per authority or council (the page's `AnswersTable`).
fn answers_table(locale: Locale, site: &str, first: &str, rows: &[AnswerRow]) -> Block {
    let es = locale == Locale::es;
    let count = |r: &AnswerRow, n: u32, extra: &str| Cell {
        link: r.list.as_ref().map(|l| format!("{site}{l}{extra}")),
        ..Cell::new(n.to_string())
    };
    Block::Table(Table {
        columns: vec![
            Column {
                share: 2.2,
                right: false,
            },
            NUM,
            NUM,
            NUM,
            NUM,
            NUM,
        ],
        head: vec![
            first.to_string(),
            td_string!(locale, dash.referrals).to_string(),
            td_string!(locale, dash.answered).to_string(),
            td_string!(locale, dash.response_rate).to_string(),
            td_string!(locale, dash.on_time_rate).to_string(),
            td_string!(locale, dash.overdue).to_string(),
        ],
        rows: rows
            .iter()
            .map(|r| {
                let f = &r.figures;
                vec![
                    Cell {
                        link: Some(format!("{site}{}", r.href)),
                        ..Cell::new(r.name.clone())
                    },
                    count(r, f.referrals, "&window=1"),
                    count(r, f.answered, "&window=1&answered=1"),
                    Cell::new(rate_text(es, f.response_rate)),
                    Cell::new(rate_text(es, f.on_time_rate)),
                    count(r, f.overdue_open, "&overdue=1"),
                ]
            })
            .collect(),
    })
}

/// Claims of implementation and how many the council contested.
fn contested_blocks(
    locale: Locale,
    site: &str,
    a: &crate::domain::metrics::answers::AnswerFigures,
) -> Vec<Block> {
    let (contested, claimed) = contested(a);
    let es = locale == Locale::es;
    vec![
        Block::Heading(td_string!(locale, annual.contested).to_string()),
        Block::Table(Table {
            columns: vec![LEFT, NUM],
            head: vec![td_string!(locale, annual.figure).to_string(), String::new()],
            rows: vec![
                vec![
                    Cell::new(td_string!(locale, annual.claimed)),
                    Cell::new(claimed.to_string()),
                ],
                vec![
                    Cell {
                        sub: Some(format!(
                            "{}: {}",
                            td_string!(locale, dash.contested_rate),
                            rate_text(es, a.contested_rate)
                        )),
                        link: Some(format!("{site}/methodology#contested_rate")),
                        ..Cell::new(td_string!(locale, annual.contested_claims))
                    },
                    Cell::new(contested.to_string()),
                ],
            ],
        }),
    ]
}

fn method(locale: Locale, site: &str) -> Vec<Block> {
    vec![
        Block::Heading(td_string!(locale, annual.method).to_string()),
        Block::Paragraph(td_string!(locale, annual.method_text).to_string()),
        Block::Link(
            format!(
                "{} {site}/methodology",
                td_string!(locale, dash.methodology_link)
            ),
            format!("{site}/methodology"),
        ),
    ]
}

/// The top of a report, and the lines of every page's foot.
fn head(
    locale: Locale,
    h: &ReportHead,
    name: &str,
    sub: &str,
    source: &str,
) -> (Vec<Block>, Vec<String>) {
    let title = format!("{} {}", td_string!(locale, annual.title), h.year);
    let at = as_of_line(locale, h);
    let blocks = vec![
        Block::Eyebrow(title.clone()),
        Block::Title(name.to_string()),
        Block::Lead(sub.to_string()),
        Block::Note(format!("{at} · {}", window_line(locale, h))),
        Block::Link(
            format!("{} {source}", td_string!(locale, annual.source)),
            source.to_string(),
        ),
    ];
    let foot = vec![
        format!("{name} · {title} · {at}"),
        format!("{} {source}", td_string!(locale, annual.source)),
    ];
    (blocks, foot)
}

/// The report as a PDF on `paper`, in `locale`; `site` is the public
/// address every link and the source line are written with.
#[tracing::instrument(skip(annual), fields(paper = ?paper))]
pub fn report(
    annual: &Annual,
    locale: Locale,
    site: &str,
    paper: Paper,
) -> Result<Vec<u8>, PdfError> {
    // Whose report, what it is under its title, its page, and its sections.
    let (name, sub, page, mut blocks) = match annual {
        Annual::Body(r) => {
            let c = body_content(locale, r);
            let y = r.head.year;
            let page = crate::routes::BODY_REPORT.path(&[&r.figures.body, &y.to_string()]);
            let mut b = vec![
                Block::Heading(td_string!(locale, annual.composition).to_string()),
                change_table(locale, site, y, &c.composition),
                Block::Heading(td_string!(locale, annual.sessions).to_string()),
                change_table(locale, site, y, &c.sessions),
                Block::Heading(td_string!(locale, annual.demands).to_string()),
                change_table(locale, site, y, &c.demands),
                Block::Subheading(td_string!(locale, annual.by_topic).to_string()),
                Block::Table(Table {
                    columns: vec![LEFT, NUM, NUM],
                    head: vec![
                        td_string!(locale, dash.topic).to_string(),
                        y.to_string(),
                        (y - 1).to_string(),
                    ],
                    rows: c
                        .topics
                        .iter()
                        .map(|(t, n, before)| {
                            vec![
                                Cell::new(t.clone()),
                                Cell::new(n.to_string()),
                                Cell::new(before.to_string()),
                            ]
                        })
                        .collect(),
                }),
                Block::Heading(td_string!(locale, annual.answers).to_string()),
                change_table(locale, site, y, &c.answers),
                Block::Subheading(td_string!(locale, annual.by_authority).to_string()),
            ];
            b.push(if c.by_authority.is_empty() {
                Block::Paragraph(td_string!(locale, annual.no_referrals).to_string())
            } else {
                answers_table(
                    locale,
                    site,
                    td_string!(locale, dash.authority),
                    &c.by_authority,
                )
            });
            b.extend(contested_blocks(locale, site, &r.figures.answers));
            (r.name.clone(), c.sub, page, b)
        }
        Annual::Authority(r) => {
            let c = authority_content(locale, r);
            let y = r.head.year;
            let page =
                crate::routes::AUTHORITY_REPORT.path(&[&r.figures.authority, &y.to_string()]);
            let mut b = vec![
                Block::Heading(td_string!(locale, dash.answers).to_string()),
                change_table(locale, site, y, &c.answers),
                Block::Heading(td_string!(locale, dash.by_body).to_string()),
                answers_table(locale, site, td_string!(locale, dash.body), &c.by_body),
            ];
            b.extend(contested_blocks(locale, site, &r.figures.answers));
            (c.name, c.sub, page, b)
        }
    };
    blocks.extend(method(locale, site));
    let h = annual.head();
    let (head_blocks, foot) = head(locale, h, &name, &sub, &format!("{site}{page}"));
    let all: Vec<Block> = head_blocks.into_iter().chain(blocks).collect();
    let page_word = td_string!(locale, annual.page);
    let of_word = td_string!(locale, annual.page_of);
    let foot = Foot {
        lines: foot,
        page: Box::new(move |n, total| format!("{page_word} {n} {of_word} {total}")),
    };
    let fonts = render::fonts()?;
    let metrics = Metrics::new(&fonts)?;
    let pages = lay_out(&metrics, paper, &all, &foot);
    let title = format!("{} {} · {name}", td_string!(locale, annual.title), h.year);
    render::write(
        &fonts,
        paper,
        &pages,
        About {
            title,
            language: if locale == Locale::en { "en" } else { "es-MX" }.into(),
            description: as_of_line(locale, h),
        },
    )
}
