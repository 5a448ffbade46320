//! `server generate`: a synthetic, valid dataset of a chosen size, for
//! load tests and the import benchmark. Deterministic: the same size gives
//! the same document.
use app::domain::enums::Topic;
use app::server::services::dataset::format::{
    Assessment, Authority, Body, Demand, Document, Event, Meeting, Member, Referral,
};
use app::server::services::dataset::FORMAT;
use chrono::{Duration, TimeZone, Utc};
use std::collections::BTreeMap;

const ANSWERS: [&str; 4] = ["accepted", "partially_accepted", "rejected", "implemented"];
const VERDICTS: [&str; 3] = ["satisfied", "partially_satisfied", "unsatisfied"];
const REFERRALS_PER_BODY: usize = 20_000;

/// A document with about `referrals` referrals (two per demand).
pub fn document(referrals: usize) -> Document {
    let authorities: Vec<Authority> = (0..10)
        .map(|i| Authority {
            key: format!("auth-{i}"),
            name: format!("Autoridad sintética {i}"),
            level: "federal".into(),
            response_days: 20 + i as i64,
            day_kind: if i % 2 == 0 { "calendar" } else { "business" }.into(),
            holidays: vec!["2026-01-01".into(), "2026-12-25".into()],
            ..Default::default()
        })
        .collect();
    let body_count = referrals.div_ceil(REFERRALS_PER_BODY).max(1);
    let start = Utc
        .with_ymd_and_hms(2025, 1, 6, 16, 0, 0)
        .single()
        .unwrap_or_default();
    let mut left = referrals;
    let bodies = (0..body_count)
        .map(|b| {
            let here = left.min(REFERRALS_PER_BODY);
            left -= here;
            let members: Vec<Member> = (0..20)
                .map(|m| Member {
                    key: format!("m{m}"),
                    name: format!("Persona {b}-{m}"),
                    public: m % 3 != 0,
                    role: if m == 0 {
                        "chair"
                    } else if m >= 17 {
                        "alternate"
                    } else {
                        "representative"
                    }
                    .into(),
                    gender: ["woman", "man", "non_binary", "undisclosed"][m % 4].into(),
                    migrant_group: ["immigrant", "transit", "returnee", "refugee"][m % 4].into(),
                    region: Some(["Centroamérica", "Caribe", "Sudamérica"][m % 3].into()),
                    country: Some(["HN", "GT", "SV", "HT", "VE"][m % 5].into()),
                    term_start: "2025-01-01".into(),
                    term_end: Some("2027-12-31".into()),
                    ..Default::default()
                })
                .collect();
            let meetings: Vec<Meeting> = (0..24)
                .map(|k| {
                    let at = start + Duration::days(30 * k);
                    Meeting {
                        key: format!("s{k}"),
                        title: format!("Sesión {k}"),
                        kind: "ordinary".into(),
                        starts_at: at.to_rfc3339(),
                        status: "held".into(),
                        attendance: members
                            .iter()
                            .enumerate()
                            .map(|(i, m)| {
                                (
                                    m.key.clone(),
                                    ["present", "remote", "absent"][(i + k as usize) % 3].into(),
                                )
                            })
                            .collect::<BTreeMap<_, _>>(),
                        ..Default::default()
                    }
                })
                .collect();
            let demands = (0..here.div_ceil(2))
                .map(|d| {
                    let submitted = start + Duration::minutes(37 * d as i64);
                    let referrals = (0..2.min(here - 2 * d))
                        .map(|r| {
                            let a = (d + r * 3) % 10;
                            let answered = submitted + Duration::days(5 + (d % 40) as i64);
                            Referral {
                                authority: format!("auth-{a}"),
                                events: vec![
                                    Event {
                                        at: (submitted + Duration::days(1)).to_rfc3339(),
                                        kind: "acknowledged".into(),
                                        text: Some("Recibido.".into()),
                                        ..Default::default()
                                    },
                                    Event {
                                        at: answered.to_rfc3339(),
                                        kind: ANSWERS[(d + r) % 4].into(),
                                        text: Some("Respuesta.".into()),
                                        ..Default::default()
                                    },
                                ],
                                assessments: vec![Assessment {
                                    at: (answered + Duration::days(3)).to_rfc3339(),
                                    verdict: VERDICTS[d % 3].into(),
                                    note: None,
                                    ..Default::default()
                                }],
                                ..Default::default()
                            }
                        })
                        .collect();
                    Demand {
                        key: format!("d{d:06}"),
                        title: format!("Demanda {d}"),
                        text: "Texto de la demanda.".into(),
                        topic: Topic::NAMES[d % Topic::NAMES.len()].into(),
                        submitted_by: format!("m{}", d % 17),
                        submitted_at: submitted.to_rfc3339(),
                        confidential: d % 10 == 0,
                        referrals,
                        ..Default::default()
                    }
                })
                .collect();
            Body {
                key: format!("body-{b}"),
                name: format!("Consejo sintético {b}"),
                level: "municipal".into(),
                jurisdiction: "Sintética".into(),
                timezone: "America/Mexico_City".into(),
                groups_served: vec!["immigrant".into(), "refugee".into()],
                regions: vec!["Centroamérica".into()],
                seats: Some(17),
                meetings_per_year: Some(6),
                members,
                meetings,
                demands,
                ..Default::default()
            }
        })
        .collect();
    Document {
        format: Some(FORMAT.into()),
        authorities,
        bodies,
        extra: Default::default(),
    }
}
