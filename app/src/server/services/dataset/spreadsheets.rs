//! A council's data as a ZIP of CSV files a spreadsheet opens: members,
//! meetings, attendance, demands, referrals and events (answers, requests
//! for clarification, verdicts). Made from the dataset document itself, so
//! it holds exactly what the JSON download holds, under the same right,
//! one row per record and the keys that join the files. UTF-8 with a byte
//! order mark, so that spreadsheet programs read accents right.
use super::format::{Body, Document};
use crate::server::services::roster::csv_io::COLUMNS;
use std::io::Write;

/// The files, in the order the ZIP lists them, with their columns.
const FILES: [(&str, &[&str]); 6] = [
    // The roster's own CSV columns (`roster::csv_io::COLUMNS`), after `body`.
    ("members.csv", &[]),
    (
        "meetings.csv",
        &[
            "body",
            "key",
            "title",
            "kind",
            "status",
            "starts_at",
            "ends_at",
            "location",
            "cancel_reason",
            "minutes_published_at",
            "present",
            "remote",
            "excused",
            "absent",
            "quorum_seat_holders",
            "quorum_attending",
            "quorum_percent",
            "quorum_recorded_at",
            "agenda",
            "minutes",
        ],
    ),
    (
        "attendance.csv",
        &["body", "meeting", "member", "member_name", "status"],
    ),
    (
        "demands.csv",
        &[
            "body",
            "key",
            "title",
            "topic",
            "submitted_by",
            "meeting",
            "submitted_at",
            "confidential",
            "withdrawn_at",
            "authorities",
            "text",
        ],
    ),
    (
        "referrals.csv",
        &[
            "body",
            "demand",
            "authority",
            "due_at",
            "events",
            "verdicts",
        ],
    ),
    (
        "events.csv",
        &[
            "body",
            "demand",
            "authority",
            "at",
            "kind",
            "text",
            "evidence_url",
        ],
    ),
];

fn rows_of(b: &Body, file: &str) -> Vec<Vec<String>> {
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    let n = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
    let bool_text = |v: bool| if v { "true" } else { "false" }.to_string();
    let key = || b.key.clone();
    match file {
        "members.csv" => b
            .members
            .iter()
            .map(|m| {
                vec![
                    key(),
                    m.key.clone(),
                    m.name.clone(),
                    o(&m.email),
                    bool_text(m.public),
                    m.role.clone(),
                    m.gender.clone(),
                    m.migrant_group.clone(),
                    o(&m.region),
                    o(&m.country),
                    m.term_start.clone(),
                    o(&m.term_end),
                    o(&m.withdrawn_on),
                ]
            })
            .collect(),
        "meetings.csv" => b
            .meetings
            .iter()
            .map(|m| {
                let count = |s: &str| {
                    m.attendance
                        .values()
                        .filter(|v| *v == s)
                        .count()
                        .to_string()
                };
                let q = m.quorum_record.as_ref();
                vec![
                    key(),
                    m.key.clone(),
                    m.title.clone(),
                    m.kind.clone(),
                    m.status.clone(),
                    m.starts_at.clone(),
                    o(&m.ends_at),
                    o(&m.location),
                    o(&m.cancel_reason),
                    o(&m.minutes_published_at),
                    count("present"),
                    count("remote"),
                    count("excused"),
                    count("absent"),
                    n(q.map(|q| q.seat_holders)),
                    n(q.map(|q| q.attending)),
                    n(q.map(|q| q.quorum_percent)),
                    q.map(|q| q.recorded_at.clone()).unwrap_or_default(),
                    o(&m.agenda),
                    o(&m.minutes),
                ]
            })
            .collect(),
        "attendance.csv" => b
            .meetings
            .iter()
            .flat_map(|m| {
                m.attendance.iter().map(|(member, status)| {
                    let name = b
                        .members
                        .iter()
                        .find(|x| &x.key == member)
                        .map(|x| x.name.clone())
                        .unwrap_or_default();
                    vec![key(), m.key.clone(), member.clone(), name, status.clone()]
                })
            })
            .collect(),
        "demands.csv" => b
            .demands
            .iter()
            .map(|d| {
                let authorities: Vec<&str> =
                    d.referrals.iter().map(|r| r.authority.as_str()).collect();
                vec![
                    key(),
                    d.key.clone(),
                    d.title.clone(),
                    d.topic.clone(),
                    d.submitted_by.clone(),
                    o(&d.meeting),
                    d.submitted_at.clone(),
                    bool_text(d.confidential),
                    o(&d.withdrawn_at),
                    authorities.join(" "),
                    d.text.clone(),
                ]
            })
            .collect(),
        "referrals.csv" => b
            .demands
            .iter()
            .flat_map(|d| {
                d.referrals.iter().map(|r| {
                    let verdicts: Vec<String> = r
                        .assessments
                        .iter()
                        .map(|a| format!("{} {}", a.at, a.verdict))
                        .collect();
                    vec![
                        key(),
                        d.key.clone(),
                        r.authority.clone(),
                        o(&r.due_at),
                        r.events.len().to_string(),
                        verdicts.join("; "),
                    ]
                })
            })
            .collect(),
        _ => b
            .demands
            .iter()
            .flat_map(|d| {
                d.referrals.iter().flat_map(move |r| {
                    r.events
                        .iter()
                        .map(|e| {
                            vec![
                                b.key.clone(),
                                d.key.clone(),
                                r.authority.clone(),
                                e.at.clone(),
                                e.kind.clone(),
                                e.text.clone().unwrap_or_default(),
                                e.evidence_url.clone().unwrap_or_default(),
                            ]
                        })
                        .chain(r.assessments.iter().map(|a| {
                            vec![
                                b.key.clone(),
                                d.key.clone(),
                                r.authority.clone(),
                                a.at.clone(),
                                format!("verdict:{}", a.verdict),
                                a.note.clone().unwrap_or_default(),
                                String::new(),
                            ]
                        }))
                })
            })
            .collect(),
    }
}

/// One CSV file: the byte order mark, the header, the rows of every body.
fn csv_file(doc: &Document, file: &str, columns: &[&str]) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(columns)?;
    for b in &doc.bodies {
        for row in rows_of(b, file) {
            w.write_record(&row)?;
        }
    }
    w.into_inner().map_err(|e| e.into_error())
}

/// The ZIP: one CSV per kind of record, and a README that says what each
/// column holds and where the format is described.
pub fn zip(doc: &Document) -> std::io::Result<Vec<u8>> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (file, columns) in FILES {
        let columns: Vec<&str> = if columns.is_empty() {
            std::iter::once("body").chain(COLUMNS).collect()
        } else {
            columns.to_vec()
        };
        out.start_file(file, options)
            .map_err(std::io::Error::other)?;
        out.write_all(&csv_file(doc, file, &columns)?)?;
    }
    out.start_file("LEEME.txt", options)
        .map_err(std::io::Error::other)?;
    out.write_all(README.as_bytes())?;
    Ok(out.finish().map_err(std::io::Error::other)?.into_inner())
}

const README: &str = "Datos del consejo exportados de Voces / A council's data exported from Voces\n\
\n\
members.csv     integrantes y periodos / members and their terms\n\
meetings.csv    sesiones, asistencia contada y quórum registrado / meetings, attendance counts, recorded quorum\n\
attendance.csv  asistencia por persona / attendance per person\n\
demands.csv     demandas / demands\n\
referrals.csv   turnos a autoridades / referrals to authorities\n\
events.csv      respuestas, aclaraciones y valoraciones / answers, clarifications and verdicts\n\
\n\
Las columnas y valores son los del formato voces-dataset/1 (docs/dataset.md); las claves\n\
(body, key, meeting, member, demand, authority) unen los archivos. Fechas en RFC 3339.\n\
Columns and values are those of the voces-dataset/1 format (docs/dataset.md); the keys join\n\
the files. Times in RFC 3339.\n";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::services::dataset::format::{Demand, Event, Meeting, Member, Referral};
    use std::io::Read;

    #[test]
    fn every_record_in_its_file_with_a_header_and_accents_intact() {
        let mut attendance = std::collections::BTreeMap::new();
        attendance.insert("a".to_string(), "present".to_string());
        let doc = Document {
            bodies: vec![Body {
                key: "b".into(),
                members: vec![Member {
                    key: "a".into(),
                    name: "Ana Núñez, \"la Güera\"".into(),
                    role: "chair".into(),
                    term_start: "2025-01-01".into(),
                    ..Default::default()
                }],
                meetings: vec![Meeting {
                    key: "s1".into(),
                    status: "held".into(),
                    attendance,
                    ..Default::default()
                }],
                demands: vec![Demand {
                    key: "d1".into(),
                    referrals: vec![Referral {
                        authority: "inm".into(),
                        events: vec![Event {
                            at: "2026-01-02T00:00:00Z".into(),
                            kind: "answered".into(),
                            ..Default::default()
                        }],
                        ..Default::default()
                    }],
                    ..Default::default()
                }],
                ..Default::default()
            }],
            ..Default::default()
        };
        let bytes = zip(&doc).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut read = |name: &str| {
            let mut s = String::new();
            archive
                .by_name(name)
                .unwrap()
                .read_to_string(&mut s)
                .unwrap();
            s
        };
        let members = read("members.csv");
        assert!(members.starts_with("\u{feff}body,key,name,"));
        assert!(members.contains("b,a,\"Ana Núñez, \"\"la Güera\"\"\","));
        assert!(read("attendance.csv").contains("b,s1,a,\"Ana Núñez, \"\"la Güera\"\"\",present"));
        assert!(read("meetings.csv").contains(",1,0,0,0,"), "one present");
        assert!(read("demands.csv").contains(",inm,"));
        assert!(read("referrals.csv").contains("b,d1,inm,,1,"));
        assert!(read("events.csv").contains("b,d1,inm,2026-01-02T00:00:00Z,answered,,"));
        assert!(read("LEEME.txt").contains("voces-dataset/1"));
    }
}
