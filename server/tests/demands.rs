//! Demands as the public reads them: the clock of each referral from the
//! database (business days with holidays in the body's zone, the body's
//! override, pauses), confidential text withheld and never searched, and the
//! list's filters.
mod support;

use app::domain::enums::ReferralStatus;
use app::server::authz::load_actor;
use app::server::services::{dataset, demands};
use chrono::{DateTime, Utc};
use reqwest::StatusCode;

const DOC: &str = r#"{
  "format": "voces-dataset/1",
  "authorities": [
    {"key": "inm", "name": "Instituto Nacional de Migración", "acronym": "INM", "level": "federal",
     "response_days": 5, "day_kind": "business", "holidays": ["2026-03-16"]},
    {"key": "comar", "name": "Comisión Mexicana de Ayuda a Refugiados", "acronym": "COMAR", "level": "federal",
     "response_days": 30, "day_kind": "calendar", "holidays": []}
  ],
  "bodies": [{
    "key": "b", "name": "Consejo B", "level": "municipal", "jurisdiction": "CDMX",
    "timezone": "America/Mexico_City", "groups_served": ["transit"], "regions": [],
    "members": [
      {"key": "a", "name": "Ana Pública", "public": true, "role": "chair", "gender": "woman",
       "migrant_group": "transit", "term_start": "2025-01-01"},
      {"key": "p", "name": "Persona Privada", "public": false, "role": "representative", "gender": "man",
       "migrant_group": "transit", "term_start": "2025-01-01"}
    ],
    "meetings": [],
    "demands": [
      {"key": "d1", "title": "Actas de nacimiento", "text": "Reconocer actas **extranjeras**.", "topic": "documentation",
       "submitted_by": "a", "submitted_at": "2026-03-12T12:00:00-06:00", "confidential": false,
       "referrals": [
         {"authority": "inm", "events": [
           {"at": "2026-03-13T09:00:00-06:00", "kind": "acknowledged", "text": "Recibido."},
           {"at": "2026-03-17T09:00:00-06:00", "kind": "clarification_requested", "text": "¿Qué estados?"},
           {"at": "2026-03-19T09:00:00-06:00", "kind": "clarification_provided", "text": "Todos."},
           {"at": "2026-03-22T12:00:00-06:00", "kind": "implemented", "text": "Listo.", "evidence_url": "https://example.org/oficio.pdf"}
         ], "assessments": [{"at": "2026-03-25T09:00:00-06:00", "verdict": "unsatisfied", "note": "No se aplica."}]},
         {"authority": "comar", "events": []}
       ]},
      {"key": "d2", "title": "Albergue seguro", "text": "Texto secreto sobre el albergue.", "topic": "security",
       "submitted_by": "p", "submitted_at": "2026-04-01T12:00:00-06:00", "confidential": true,
       "referrals": [{"authority": "comar", "events": [
         {"at": "2026-04-02T09:00:00-06:00", "kind": "clarification_requested", "text": "¿Dónde?"}
       ]}]}
    ]
  }]
}"#;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[tokio::test]
async fn demand_pages_show_each_clock_and_withhold_confidential_text() {
    for t in support::databases().await {
        let db = &t.conn;
        dataset::import(db, DOC, Default::default(), &|_| {})
            .await
            .expect("import");
        let now = at("2026-04-20T18:00:00Z");
        let d = demands::view(db, None, "b", "d1", now)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(d.submitted_by.as_deref(), Some("Ana Pública"));
        assert!(d
            .text_html
            .as_deref()
            .unwrap()
            .contains("<strong>extranjeras</strong>"));
        let inm = &d.referrals[0];
        // Thursday 12 March, 12:00 in Mexico City + 5 business days (Monday
        // 16 is a holiday): Fri 13, Tue 17, Wed 18, Thu 19, Fri 20; plus the
        // pause of 2 days (17 → 19 March) closed before the answer.
        assert_eq!(
            inm.clock.effective_deadline, "2026-03-22T12:00:00-06:00",
            "{}",
            t.name
        );
        assert_eq!(inm.clock.status, ReferralStatus::Implemented);
        assert_eq!(
            inm.clock.on_time,
            Some(true),
            "answered at the exact deadline"
        );
        assert_eq!(inm.timeline.len(), 5, "four events and a verdict");
        assert_eq!(
            inm.timeline[3].evidence_url.as_deref(),
            Some("https://example.org/oficio.pdf")
        );
        let comar = &d.referrals[1];
        // 30 calendar days: due 11 April 12:00 (18:00Z); overdue by 9 days.
        assert_eq!(comar.clock.effective_deadline, "2026-04-11T12:00:00-06:00");
        assert!(comar.clock.overdue);
        assert_eq!(comar.clock.days, -9);

        // The confidential demand: existence, topic, statuses for everyone;
        // the text only for the body's people and the authorities addressed.
        let secret = demands::view(db, None, "b", "d2", now)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(secret.text_html, None);
        assert_eq!(
            secret.submitted_by, None,
            "the submitter asked not to be named"
        );
        assert_eq!(
            secret.referrals[0].clock.status,
            ReferralStatus::AwaitingClarification
        );
        assert!(secret.referrals[0].clock.paused);
        let official = support::account(
            db,
            &format!("o{}@example.org", t.name),
            "official password",
            &[("official", "", "", "comar")],
        )
        .await;
        let other = support::account(
            db,
            &format!("x{}@example.org", t.name),
            "official password",
            &[("official", "", "", "inm")],
        )
        .await;
        let official = load_actor(db, official, now).await.unwrap();
        let other = load_actor(db, other, now).await.unwrap();
        assert!(demands::view(db, official.as_ref(), "b", "d2", now)
            .await
            .unwrap()
            .unwrap()
            .text_html
            .is_some());
        assert!(demands::view(db, other.as_ref(), "b", "d2", now)
            .await
            .unwrap()
            .unwrap()
            .text_html
            .is_none());

        // The list: filters, and no search inside confidential text.
        let list =
            |f: demands_filter::F| async move { demands::list(db, None, &f.0, now).await.unwrap() };
        let all = list(demands_filter::F::new(&[])).await;
        assert_eq!(all.total, 2);
        assert_eq!(all.rows[0].key, "d2", "latest first");
        assert_eq!(
            list(demands_filter::F::new(&[("q", "SECRETO")]))
                .await
                .total,
            0
        );
        assert_eq!(
            list(demands_filter::F::new(&[("q", "albergue")]))
                .await
                .total,
            1,
            "titles are searched"
        );
        assert_eq!(
            list(demands_filter::F::new(&[("q", "EXTRANJERAS")]))
                .await
                .total,
            1
        );
        assert_eq!(
            list(demands_filter::F::new(&[("authority", "inm")]))
                .await
                .total,
            1
        );
        assert_eq!(
            list(demands_filter::F::new(&[("overdue", "1")])).await.rows[0].key,
            "d1"
        );
        assert_eq!(
            list(demands_filter::F::new(&[(
                "status",
                "awaiting_clarification"
            )]))
            .await
            .rows[0]
                .key,
            "d2"
        );
        assert_eq!(
            list(demands_filter::F::new(&[("topic", "security")]))
                .await
                .total,
            1
        );
        assert_eq!(
            list(demands_filter::F::new(&[
                ("from", "2026-03-13"),
                ("to", "2026-04-01")
            ]))
            .await
            .total,
            1
        );
        assert!(demands::list(
            db,
            None,
            &demands_filter::F::new(&[("topic", "nope")]).0,
            now
        )
        .await
        .is_err());
    }
}

#[tokio::test]
async fn demand_pages_over_http() {
    for t in support::databases().await {
        let db = t.conn.clone();
        dataset::import(&db, DOC, Default::default(), &|_| {})
            .await
            .expect("import");
        let base = support::serve(db.clone()).await;
        let c = reqwest::Client::new();
        let r = c
            .get(format!("{base}/bodies/b/demands/d1"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("Actas de nacimiento") && html.contains("Informada como cumplida"),
            "{}",
            t.name
        );
        let secret = c
            .get(format!("{base}/bodies/b/demands/d2"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!secret.contains("Texto secreto"));
        assert!(secret.contains("es confidencial"));
        let list = c
            .get(format!("{base}/demands?q=albergue"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(list.contains("Albergue seguro") && !list.contains("Actas de nacimiento"));
        assert_eq!(
            c.get(format!("{base}/bodies/b/demands/nope"))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::NOT_FOUND
        );
    }
}

mod demands_filter {
    use app::domain::demands::DemandFilter;

    pub struct F(pub DemandFilter);

    impl F {
        pub fn new(pairs: &[(&str, &str)]) -> Self {
            let mut f = DemandFilter {
                page: 1,
                ..Default::default()
            };
            for (k, v) in pairs {
                let v = v.to_string();
                match *k {
                    "body" => f.body = v,
                    "authority" => f.authority = v,
                    "topic" => f.topic = v,
                    "status" => f.status = v,
                    "overdue" => f.overdue = v,
                    "from" => f.from = v,
                    "to" => f.to = v,
                    "q" => f.q = v,
                    _ => panic!("unknown filter {k}"),
                }
            }
            F(f)
        }
    }
}
