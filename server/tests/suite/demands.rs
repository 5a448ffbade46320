//! Demands as the public reads them: the clock of each referral from the
//! database (business days with holidays in the body's zone, the body's
//! override, pauses), confidential text withheld and never searched, and the
//! list's filters.
use crate::support;

use app::domain::enums::ReferralStatus;
use app::server::authz::load_actor;
use app::server::services::{dataset, demands};
use chrono::{DateTime, Utc};
use reqwest::StatusCode;

const DOC: &str = include_str!("../fixtures/demands.json");

/// `DOC` imported, with an official of COMAR (who gets its reminders and
/// sees its inbox); the official's account id.
async fn import_with_comar_official(db: &sea_orm::DatabaseConnection) -> i64 {
    import_doc_with_comar_official(db, DOC).await
}

/// `doc` imported, and an official of COMAR.
async fn import_doc_with_comar_official(db: &sea_orm::DatabaseConnection, doc: &str) -> i64 {
    dataset::import(db, doc, Default::default(), &|_| {})
        .await
        .expect("import");
    support::account(
        db,
        "comar@example.org",
        "a long password",
        &[("official", "", "", "comar")],
    )
    .await
}

/// `DOC` imported, and the signed-in representative of member `a` of
/// body `b` at `now`.
async fn imported_with_representative(
    db: &sea_orm::DatabaseConnection,
    now: DateTime<Utc>,
) -> Option<app::server::authz::Actor> {
    dataset::import(db, DOC, Default::default(), &|_| {})
        .await
        .expect("import");
    let id = support::account(
        db,
        "rep@example.org",
        "a long password",
        &[("representative", "b", "a", "")],
    )
    .await;
    load_actor(db, id, now).await.unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

on_both!(demand_pages_show_each_clock_and_withhold_confidential_text);
async fn demand_pages_show_each_clock_and_withhold_confidential_text(t: support::TestDb) {
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

on_both!(demand_pages_over_http);
async fn demand_pages_over_http(t: support::TestDb) {
    let db = t.conn.clone();
    dataset::import(&db, DOC, Default::default(), &|_| {})
        .await
        .expect("import");
    let base = support::serve(db.clone()).await;
    let c = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(90))
        .build()
        .unwrap();
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
    // INM's "implemented" is contested by the body (an unsatisfied
    // verdict): it reads so on the page, in the lists, the API and the CSVs.
    assert!(
        html.contains("status s-contested") && html.contains("Impugnada"),
        "{}",
        t.name
    );
    let list = support::text(&c, format!("{base}/demands?body=b")).await;
    assert!(list.contains("Impugnada"), "{}", t.name);
    let api: serde_json::Value =
        serde_json::from_str(&support::text(&c, format!("{base}/api/v1/referrals?body=b")).await)
            .unwrap();
    let contested: Vec<(&str, &str, bool)> = api["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["demand"].as_str().unwrap(),
                i["authority"].as_str().unwrap(),
                i["contested"].as_bool().unwrap(),
            )
        })
        .collect();
    assert!(contested.contains(&("d1", "inm", true)), "{contested:?}");
    assert!(contested.contains(&("d1", "comar", false)), "{contested:?}");
    for csv_url in ["/api/v1/referrals.csv", "/demands.csv?body=b"] {
        let text = support::text(&c, format!("{base}{csv_url}")).await;
        let mut rows = csv::Reader::from_reader(text.as_bytes());
        let header = rows.headers().unwrap().clone();
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let (demand, authority, contested) = (col("demand"), col("authority"), col("contested"));
        let flags: Vec<(String, String, String)> = rows
            .records()
            .map(|r| {
                let r = r.unwrap();
                // (`/demands.csv` names the authority by its acronym.)
                let a = r[authority].to_lowercase();
                (r[demand].into(), a, r[contested].into())
            })
            .collect();
        assert!(
            flags.contains(&("d1".into(), "inm".into(), "true".into())),
            "{csv_url}: {flags:?}"
        );
        assert!(
            flags.contains(&("d1".into(), "comar".into(), "false".into())),
            "{csv_url}: {flags:?}"
        );
    }
    let secret = support::text(&c, format!("{base}/bodies/b/demands/d2")).await;
    assert!(!secret.contains("Texto secreto"));
    assert!(secret.contains("es confidencial"));
    let list = support::text(&c, format!("{base}/demands?q=albergue")).await;
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

on_both!(submit_answer_clarify_and_assess_with_notices);
async fn submit_answer_clarify_and_assess_with_notices(t: support::TestDb) {
    use app::server::error::ServiceError;
    use app::server::services::accounts::SiteUrl;
    use app::server::services::demands::write::{self, DemandForm};
    use entity::mail_outbox;
    use sea_orm::{EntityTrait, PaginatorTrait};
    let site = SiteUrl::new("https://voces.example.org");
    let db = &t.conn;
    dataset::import(db, DOC, Default::default(), &|_| {})
        .await
        .expect("import");
    let now = at("2026-05-04T16:00:00Z");
    let acc =
        |email: &'static str,
         grants: &'static [(&'static str, &'static str, &'static str, &'static str)]| async move {
            let id = support::account(db, email, "a long password", grants).await;
            load_actor(db, id, now).await.unwrap()
        };
    let rep = acc("rep@example.org", &[("representative", "b", "a", "")]).await;
    let sec = acc("sec@example.org", &[("secretary", "b", "", "")]).await;
    let comar = acc("comar@example.org", &[("official", "", "", "comar")]).await;
    let inm = acc("inm@example.org", &[("official", "", "", "inm")]).await;
    let mails = || async { mail_outbox::Entity::find().count(db).await.unwrap() };

    let form = DemandForm {
        title: "Traductores en las audiencias".into(),
        text: "Pedimos intérpretes de *kreyòl*.".into(),
        topic: "asylum".into(),
        authorities: vec!["comar".into(), "inm".into()],
        ..Default::default()
    };
    // Refused: without a session, and for an official (403), nothing written.
    let before = support::counts(db).await;
    assert!(matches!(
        write::submit(db, None, &site, "b", &form, now).await,
        Err(ServiceError::Unauthorized)
    ));
    assert!(matches!(
        write::submit(db, comar.as_ref(), &site, "b", &form, now).await,
        Err(ServiceError::Forbidden)
    ));
    // Problems, all at once.
    let bad = DemandForm {
        topic: "weather".into(),
        authorities: vec![],
        title: String::new(),
        ..form.clone()
    };
    match write::submit(db, rep.as_ref(), &site, "b", &bad, now).await {
        Err(ServiceError::Form(e)) => {
            let fields: Vec<&str> = e.iter().map(|x| x.field.as_str()).collect();
            assert_eq!(fields, ["title", "topic", "authorities"], "{}", t.name);
        }
        other => panic!("{other:?}"),
    }
    // A secretary without a seat must say in whose name.
    assert!(
        matches!(write::submit(db, sec.as_ref(), &site, "b", &form, now).await, Err(ServiceError::Form(ref e)) if e[0].field == "submitted_by")
    );
    assert_eq!(support::counts(db).await, before);

    let key = write::submit(db, rep.as_ref(), &site, "b", &form, now)
        .await
        .unwrap();
    assert_eq!(key, "2026-001");
    assert_eq!(mails().await, 2, "one notice to each authority's official");
    crate::facts::assert_settled(db, t.name).await;
    let v = demands::view(db, None, "b", &key, now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(v.submitted_by.as_deref(), Some("Ana Pública"));
    assert_eq!(v.referrals.len(), 2);
    assert!(!v.referrals[0].can_answer);

    let thread = ("b", key.as_str(), "comar");
    let later = |h: i64| now + chrono::Duration::hours(h);
    // Only the authority's officials answer for it.
    assert!(matches!(
        write::add_event(
            db,
            inm.as_ref(),
            &site,
            thread,
            "acknowledged",
            "",
            "",
            later(1)
        )
        .await,
        Err(ServiceError::Forbidden)
    ));
    assert!(matches!(
        write::add_event(
            db,
            rep.as_ref(),
            &site,
            thread,
            "accepted",
            "Sí",
            "",
            later(1)
        )
        .await,
        Err(ServiceError::Forbidden)
    ));
    write::add_event(
        db,
        comar.as_ref(),
        &site,
        thread,
        "acknowledged",
        "",
        "",
        later(1),
    )
    .await
    .unwrap();
    // A clarification pauses the clock and tells the body.
    let m0 = mails().await;
    write::add_event(
        db,
        comar.as_ref(),
        &site,
        thread,
        "clarification_requested",
        "¿Qué idiomas?",
        "",
        later(2),
    )
    .await
    .unwrap();
    assert_eq!(
        mails().await,
        m0 + 2,
        "the secretary and the submitter's account"
    );
    assert!(
        matches!(write::add_event(db, comar.as_ref(), &site, thread, "clarification_requested", "¿Y?", "", later(3)).await, Err(ServiceError::Form(ref e)) if e[0].code == "clarification_open")
    );
    let v = demands::view(db, rep.as_ref(), "b", &key, later(3))
        .await
        .unwrap()
        .unwrap();
    assert!(v.referrals[0].clock.paused && v.referrals[0].can_respond);
    write::add_event(
        db,
        rep.as_ref(),
        &site,
        thread,
        "clarification_provided",
        "Kreyòl y garífuna.",
        "",
        later(26),
    )
    .await
    .unwrap();
    assert!(
        matches!(write::add_event(db, rep.as_ref(), &site, thread, "clarification_provided", "Otra vez", "", later(27)).await, Err(ServiceError::Form(ref e)) if e[0].code == "no_open_clarification")
    );
    // Answers: evidence only as a web address.
    assert!(
        matches!(write::add_event(db, comar.as_ref(), &site, thread, "implemented", "Hecho", "javascript:alert(1)", later(30)).await, Err(ServiceError::Form(ref e)) if e[0].field == "evidence_url")
    );
    let m1 = mails().await;
    write::add_event(
        db,
        comar.as_ref(),
        &site,
        thread,
        "implemented",
        "Contratamos intérpretes.",
        "https://example.org/contrato.pdf",
        later(30),
    )
    .await
    .unwrap();
    assert_eq!(mails().await, m1 + 2);
    // The body contests it; a verdict needs an answer.
    assert!(
        matches!(write::add_verdict(db, rep.as_ref(), &site, ("b", &key, "inm"), "satisfied", "", later(31)).await, Err(ServiceError::Form(ref e)) if e[0].code == "not_answered")
    );
    assert!(matches!(
        write::add_verdict(
            db,
            comar.as_ref(),
            &site,
            thread,
            "satisfied",
            "",
            later(31)
        )
        .await,
        Err(ServiceError::Forbidden)
    ));
    // Its review says COMAR's official will be told, and writes nothing.
    let (m2, before) = (mails().await, support::counts(db).await);
    let review = write::review_verdict(
        db,
        rep.as_ref(),
        &site,
        thread,
        "unsatisfied",
        "Solo en una *sede*.",
        later(32),
    )
    .await
    .unwrap();
    assert_eq!(
        review.html.as_deref(),
        Some("<p>Solo en una <em>sede</em>.</p>\n")
    );
    assert!(review.public);
    assert_eq!(
        review.told,
        [app::domain::forms::Told::Authority {
            name: "Comisión Mexicana de Ayuda a Refugiados".into(),
            count: 1
        }]
    );
    assert_eq!(support::counts(db).await, before);
    write::add_verdict(
        db,
        rep.as_ref(),
        &site,
        thread,
        "unsatisfied",
        "Solo en una sede.",
        later(32),
    )
    .await
    .unwrap();
    // Contesting a claim of implementation tells the authority.
    assert_eq!(mails().await, m2 + 1, "{}", t.name);
    crate::facts::assert_settled(db, t.name).await;

    let v = demands::view(db, None, "b", &key, later(40))
        .await
        .unwrap()
        .unwrap();
    let r = &v.referrals[0];
    assert_eq!(r.clock.status, ReferralStatus::Implemented, "{}", t.name);
    assert!(r.clock.contested, "reads contested, {}", t.name);
    assert_eq!(r.clock.on_time, Some(true));
    let kinds: Vec<String> = r.timeline.iter().map(|e| format!("{:?}", e.kind)).collect();
    assert_eq!(
        kinds,
        [
            "Event(Acknowledged)",
            "Event(ClarificationRequested)",
            "Event(ClarificationProvided)",
            "Event(Implemented)",
            "Verdict(Unsatisfied)",
        ]
    );
    // The pause (24 h) moved the deadline: 30 days + 1 day.
    assert_eq!(r.clock.effective_deadline, "2026-06-04T10:00:00-06:00");
}

on_both!(deadline_reminders_are_queued_once_ever);
async fn deadline_reminders_are_queued_once_ever(t: support::TestDb) {
    use app::server::services::accounts::SiteUrl;
    use app::server::services::demands::reminders;
    let site = SiteUrl::new("https://voces.example.org");
    let db = &t.conn;
    import_with_comar_official(db).await;
    // d1 → COMAR is due on 11 April 18:00Z and never answered; d1 → INM
    // is answered; d2 → COMAR is paused.
    assert_eq!(
        reminders::run(db, &site, at("2026-04-03T18:00:00Z"))
            .await
            .unwrap(),
        0,
        "{}",
        t.name
    );
    assert_eq!(
        reminders::run(db, &site, at("2026-04-05T18:00:00Z"))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        reminders::run(db, &site, at("2026-04-06T18:00:00Z"))
            .await
            .unwrap(),
        0
    );
    // Two instances at once: still one.
    let (a, b) = tokio::join!(
        reminders::run(db, &site, at("2026-04-10T19:00:00Z")),
        reminders::run(db, &site, at("2026-04-10T19:00:00Z"))
    );
    assert_eq!(a.unwrap() + b.unwrap(), 1);
    assert_eq!(
        reminders::run(db, &site, at("2026-04-12T00:00:00Z"))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        reminders::run(db, &site, at("2026-05-12T00:00:00Z"))
            .await
            .unwrap(),
        0
    );
    let subjects: Vec<String> = {
        use sea_orm::{EntityTrait, QueryOrder};
        entity::mail_outbox::Entity::find()
            .order_by_asc(entity::mail_outbox::Column::Id)
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.subject)
            .collect()
    };
    assert_eq!(subjects.len(), 3);
    assert!(subjects[2].starts_with("Plazo vencido"), "{subjects:?}");
}

on_both!(deadlines_long_passed_get_no_reminder);
/// A deadline long gone when the job first sees it (an import of old data,
/// a server down for months) mails nobody; a recent one does.
async fn deadlines_long_passed_get_no_reminder(t: support::TestDb) {
    use app::server::services::accounts::SiteUrl;
    use app::server::services::demands::reminders;
    let site = SiteUrl::new("https://voces.example.org");
    let db = &t.conn;
    import_with_comar_official(db).await;
    // d1 → COMAR was due on 11 April: 51 days before 1 June.
    let late = reminders::run(db, &site, at("2026-06-01T00:00:00Z"))
        .await
        .unwrap();
    assert_eq!(late, 0, "{}", t.name);
    let recent = reminders::run(db, &site, at("2026-04-20T00:00:00Z"))
        .await
        .unwrap();
    assert_eq!(recent, 1, "{}", t.name);
}

on_both!(an_officials_inbox_sorts_by_deadline_and_counts_statuses);
async fn an_officials_inbox_sorts_by_deadline_and_counts_statuses(t: support::TestDb) {
    use app::server::error::ServiceError;
    use app::server::services::demands::inbox;
    let db = &t.conn;
    let comar = import_with_comar_official(db).await;
    let now = at("2026-04-20T18:00:00Z");
    let admin = support::account(
        db,
        "admin@example.org",
        "a long password",
        &[("admin", "", "", "")],
    )
    .await;
    let rep = support::account(
        db,
        "rep@example.org",
        "a long password",
        &[("representative", "b", "a", "")],
    )
    .await;
    let comar = load_actor(db, comar, now).await.unwrap();
    let admin = load_actor(db, admin, now).await.unwrap();
    let rep = load_actor(db, rep, now).await.unwrap();
    let f = demands_filter::F::new(&[]).0;
    let inbox_of = |who: Option<app::server::authz::Actor>,
                    f: app::domain::demands::DemandFilter| async move {
        inbox::inbox(db, who.as_ref(), &f, now).await
    };
    assert!(matches!(
        inbox_of(None, f.clone()).await,
        Err(ServiceError::Unauthorized)
    ));
    assert!(matches!(
        inbox_of(rep.clone(), f.clone()).await,
        Err(ServiceError::Forbidden)
    ));
    let mine = inbox_of(comar.clone(), f.clone()).await.unwrap();
    let keys: Vec<&str> = mine.rows.iter().map(|r| r.demand_key.as_str()).collect();
    // d1 was due on 11 April (overdue); d2 is paused with a later base deadline.
    assert_eq!(keys, ["d1", "d2"], "{}", t.name);
    assert_eq!(mine.overdue, 1);
    let count = |s: ReferralStatus| mine.counts.iter().find(|(x, _)| *x == s).unwrap().1;
    assert_eq!(
        (
            count(ReferralStatus::Awaiting),
            count(ReferralStatus::AwaitingClarification)
        ),
        (1, 1)
    );
    let paused = inbox_of(
        comar.clone(),
        demands_filter::F::new(&[("status", "awaiting_clarification")]).0,
    )
    .await
    .unwrap();
    assert_eq!(paused.total, 1);
    assert_eq!(paused.rows[0].demand_key, "d2");
    assert_eq!(
        inbox_of(comar.clone(), demands_filter::F::new(&[("overdue", "1")]).0)
            .await
            .unwrap()
            .total,
        1
    );
    // An administrator sees every authority's, or one: overdue first, then
    // open, answered (INM's implemented d1) last.
    let all = inbox_of(admin.clone(), f.clone()).await.unwrap();
    assert_eq!(all.total, 3);
    let order: Vec<(&str, &str)> = all
        .rows
        .iter()
        .map(|r| (r.demand_key.as_str(), r.authority_name.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("d1", "Comisión Mexicana de Ayuda a Refugiados"),
            ("d2", "Comisión Mexicana de Ayuda a Refugiados"),
            ("d1", "Instituto Nacional de Migración"),
        ],
        "{}",
        t.name
    );
    assert_eq!(
        inbox_of(admin, demands_filter::F::new(&[("authority", "inm")]).0)
            .await
            .unwrap()
            .total,
        1
    );
}

on_both!(demands_are_edited_or_withdrawn_only_before_their_first_answer);
async fn demands_are_edited_or_withdrawn_only_before_their_first_answer(t: support::TestDb) {
    use app::server::error::ServiceError;
    use app::server::services::accounts::SiteUrl;
    use app::server::services::demands::write::{self, DemandForm};
    use entity::mail_outbox;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let site = SiteUrl::new("https://voces.example.org");
    let db = &t.conn;
    dataset::import(db, DOC, Default::default(), &|_| {})
        .await
        .expect("import");
    let now = at("2026-05-04T16:00:00Z");
    let acc =
        |email: &'static str,
         grants: &'static [(&'static str, &'static str, &'static str, &'static str)]| async move {
            let id = support::account(db, email, "a long password", grants).await;
            load_actor(db, id, now).await.unwrap()
        };
    let rep = acc("rep@example.org", &[("representative", "b", "a", "")]).await;
    let other = acc("other@example.org", &[("representative", "b", "p", "")]).await;
    let sec = acc("sec@example.org", &[("secretary", "b", "", "")]).await;
    let comar = acc("comar@example.org", &[("official", "", "", "comar")]).await;
    let form = DemandForm {
        title: "Primera versión".into(),
        text: "Texto".into(),
        topic: "health".into(),
        authorities: vec!["comar".into()],
        ..Default::default()
    };
    let key = write::submit(db, rep.as_ref(), &site, "b", &form, now)
        .await
        .unwrap();
    let edited = DemandForm {
        title: "Segunda versión".into(),
        confidential: true,
        ..form.clone()
    };
    // Own only for representatives; the secretary may.
    let before = support::counts(db).await;
    assert!(
        matches!(
            write::edit(db, other.as_ref(), "b", &key, &edited, now).await,
            Err(ServiceError::Forbidden)
        ),
        "{}",
        t.name
    );
    assert!(matches!(
        write::withdraw(db, other.as_ref(), &site, "b", &key, now).await,
        Err(ServiceError::Forbidden)
    ));
    assert_eq!(support::counts(db).await, before);
    write::edit(db, rep.as_ref(), "b", &key, &edited, now)
        .await
        .unwrap();
    let v = demands::view(db, rep.as_ref(), "b", &key, now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (v.title.as_str(), v.confidential, v.can_edit),
        ("Segunda versión", true, true)
    );
    assert!(
        !demands::view(db, other.as_ref(), "b", &key, now)
            .await
            .unwrap()
            .unwrap()
            .can_edit
    );
    write::edit(
        db,
        sec.as_ref(),
        "b",
        &key,
        &DemandForm {
            title: "Tercera".into(),
            ..edited.clone()
        },
        now,
    )
    .await
    .unwrap();
    // After the first answer it is frozen.
    write::add_event(
        db,
        comar.as_ref(),
        &site,
        ("b", &key, "comar"),
        "rejected",
        "No.",
        "",
        now,
    )
    .await
    .unwrap();
    assert!(
        matches!(write::edit(db, sec.as_ref(), "b", &key, &edited, now).await, Err(ServiceError::Form(ref e)) if e[0].code == "demand_frozen")
    );
    assert!(
        matches!(write::withdraw(db, rep.as_ref(), &site, "b", &key, now).await, Err(ServiceError::Form(ref e)) if e[0].code == "demand_frozen")
    );
    assert!(
        !demands::view(db, rep.as_ref(), "b", &key, now)
            .await
            .unwrap()
            .unwrap()
            .can_edit
    );
    // Withdrawn before any answer: out of the list, nothing more added.
    let second = write::submit(db, rep.as_ref(), &site, "b", &form, now)
        .await
        .unwrap();
    // The review step says who will be told, and writes nothing.
    let before = support::counts(db).await;
    let review = write::review_withdraw(db, rep.as_ref(), &site, "b", &second, now)
        .await
        .unwrap();
    assert_eq!(
        review.told,
        [app::domain::forms::Told::Authority {
            name: "Comisión Mexicana de Ayuda a Refugiados".into(),
            count: 1
        }],
        "{}",
        t.name
    );
    assert_eq!(support::counts(db).await, before);
    write::withdraw(db, rep.as_ref(), &site, "b", &second, now)
        .await
        .unwrap();
    // Its clocks stop, nobody answers it any more, COMAR's official is told.
    let later = now + chrono::Duration::days(40);
    let v = demands::view(db, comar.as_ref(), "b", &second, later)
        .await
        .unwrap()
        .unwrap();
    assert!(v.withdrawn_at.is_some());
    let r = &v.referrals[0];
    assert!(r.clock.withdrawn && !r.clock.overdue, "{}", t.name);
    assert!(!r.can_answer && !r.can_respond);
    let told = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Recipient.eq("comar@example.org"))
        .all(db)
        .await
        .unwrap();
    assert!(
        told.iter()
            .any(|m| m.subject == "Demanda retirada: «Primera versión»"),
        "{:?}",
        told.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    let all = demands::list(db, None, &demands_filter::F::new(&[]).0, now)
        .await
        .unwrap();
    assert!(all.rows.iter().all(|r| r.key != second));
    assert!(
        matches!(write::add_event(db, comar.as_ref(), &site, ("b", &second, "comar"), "accepted", "Sí", "", now).await, Err(ServiceError::Form(ref e)) if e[0].code == "demand_withdrawn")
    );
}

on_both!(a_new_demand_takes_the_first_free_number_above_the_count);
/// A council's year numbers its demands from the count up, skipping any
/// number already taken (a key can come from an import).
async fn a_new_demand_takes_the_first_free_number_above_the_count(t: support::TestDb) {
    use app::server::services::accounts::SiteUrl;
    use app::server::services::demands::write::{self, DemandForm};
    use entity::demand;
    use sea_orm::{sea_query::Expr, ColumnTrait, EntityTrait, QueryFilter};
    let site = SiteUrl::new("https://voces.example.org");
    let db = &t.conn;
    let now = at("2026-05-04T16:00:00Z");
    let rep = imported_with_representative(db, now).await;
    let form = DemandForm {
        title: "Intérpretes".into(),
        text: "Texto".into(),
        topic: "asylum".into(),
        authorities: vec!["comar".into()],
        ..Default::default()
    };
    let submit = || write::submit(db, rep.as_ref(), &site, "b", &form, now);
    assert_eq!(submit().await.unwrap(), "2026-001", "{}", t.name);
    assert_eq!(submit().await.unwrap(), "2026-002");
    // 001 becomes 003: two keys, and the next free number above two is 4.
    demand::Entity::update_many()
        .col_expr(demand::Column::Key, Expr::value("2026-003"))
        .filter(demand::Column::Key.eq("2026-001"))
        .exec(db)
        .await
        .unwrap();
    assert_eq!(submit().await.unwrap(), "2026-004", "{}", t.name);
    assert_eq!(submit().await.unwrap(), "2026-005");
}

on_both!(the_bodys_response_days_override_the_authoritys);
async fn the_bodys_response_days_override_the_authoritys(t: support::TestDb) {
    let doc = DOC.replace(
        r#""timezone": "America/Mexico_City", "groups_served""#,
        r#""timezone": "America/Mexico_City", "response_days": 10, "groups_served""#,
    );
    let db = &t.conn;
    dataset::import(db, &doc, Default::default(), &|_| {})
        .await
        .expect("import");
    let d = demands::view(db, None, "b", "d1", at("2026-04-20T18:00:00Z"))
        .await
        .unwrap()
        .unwrap();
    // INM counts business days: 10 from Thursday 12 March (Monday 16 a
    // holiday) → Fri 13, Tue 17 … Fri 20, Mon 23 … Fri 27 = 27 March,
    // plus the 2-day pause closed before the answer.
    assert_eq!(
        d.referrals[0].clock.effective_deadline, "2026-03-29T12:00:00-06:00",
        "{}",
        t.name
    );
    // COMAR counts calendar days: 10 instead of its 30.
    assert_eq!(
        d.referrals[1].clock.effective_deadline,
        "2026-03-22T12:00:00-06:00"
    );
}

on_both!(deadlines_are_kept_and_late_clarifications_pause_nothing);
/// metrics.md, 2026-12: a referral made in the app keeps the deadline of the
/// rules in force when it was made; an imported one without `due_at` follows
/// the rules until migration 10's data step records it; a clarification
/// asked after the deadline stops nothing, yet waits for the body's reply.
async fn deadlines_are_kept_and_late_clarifications_pause_nothing(t: support::TestDb) {
    use app::server::services::accounts::SiteUrl;
    use app::server::services::demands::clock::record_due_dates;
    use app::server::services::demands::write::{self, DemandForm};
    use entity::{mail_outbox, referral};
    use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};
    let site = SiteUrl::new("https://voces.example.org");
    let db = &t.conn;
    let now = at("2026-05-04T16:00:00Z");
    let rep = imported_with_representative(db, now).await;
    let comar_id = support::account(
        db,
        "comar@example.org",
        "a long password",
        &[("official", "", "", "comar")],
    )
    .await;
    let comar = load_actor(db, comar_id, now).await.unwrap();
    let form = DemandForm {
        title: "Intérpretes".into(),
        text: "Pedimos intérpretes.".into(),
        topic: "asylum".into(),
        authorities: vec!["comar".into()],
        ..Default::default()
    };
    let key = write::submit(db, rep.as_ref(), &site, "b", &form, now)
        .await
        .unwrap();
    // 30 calendar days, recorded at creation.
    let made = referral::Entity::find()
        .order_by_desc(referral::Column::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(made.due_at, Some(at("2026-06-03T16:00:00Z")), "{}", t.name);
    // COMAR's rule changes to 5 days: the new referral keeps its
    // deadline; the imported one without a recorded deadline follows.
    db.execute_unprepared("UPDATE authorities SET response_days = 5 WHERE key = 'comar'")
        .await
        .unwrap();
    let later = at("2026-06-20T16:00:00Z");
    let v = demands::view(db, None, "b", &key, later)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        v.referrals[0].clock.effective_deadline,
        "2026-06-03T10:00:00-06:00"
    );
    assert!(v.referrals[0].clock.overdue);
    // Imported without a recorded deadline: today's rule explains it.
    let d1 = demands::view(db, None, "b", "d1", later)
        .await
        .unwrap()
        .unwrap();
    let e = &d1.referrals[0].explained;
    assert!(!e.recorded);
    let rule = e.rule.as_ref().unwrap();
    assert_eq!((rule.days, rule.set_by.as_str()), (5, "authority"));
    assert_eq!(rule.holidays_skipped, ["2026-03-16"]);
    // Asked on 17 March, answered on the 19th: a two-day pause.
    assert_eq!(e.clarifications[0].paused_days, Some(2.0));
    assert_eq!(e.days_late, Some(0.0), "answered at the exact deadline");
    let old = demands::view(db, None, "b", "d1", later)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        old.referrals[1].clock.effective_deadline,
        "2026-03-17T12:00:00-06:00"
    );

    // Asked 17 days after the deadline: recorded, waits for the body's
    // reply, but the referral stays overdue and is not "awaiting
    // clarification"; the body's mail says the clock is not paused.
    let thread = ("b", key.as_str(), "comar");
    write::add_event(
        db,
        comar.as_ref(),
        &site,
        thread,
        "clarification_requested",
        "¿Qué idiomas?",
        "",
        later,
    )
    .await
    .unwrap();
    let sent = mail_outbox::Entity::find().all(db).await.unwrap();
    assert!(
        sent.iter().any(|m| m.body_text.contains("no se pausa")),
        "{}",
        t.name
    );
    let v = demands::view(db, rep.as_ref(), "b", &key, later)
        .await
        .unwrap()
        .unwrap();
    let c = &v.referrals[0].clock;
    assert!(!c.paused && c.overdue && c.awaiting_reply, "{c:?}");
    assert_eq!(c.status, ReferralStatus::Awaiting);
    assert_eq!(c.effective_deadline, "2026-06-03T10:00:00-06:00");
    // The reply is taken, and moves no deadline.
    let reply = later + chrono::Duration::days(3);
    write::add_event(
        db,
        rep.as_ref(),
        &site,
        thread,
        "clarification_provided",
        "Kreyòl.",
        "",
        reply,
    )
    .await
    .unwrap();
    let v = demands::view(db, None, "b", &key, reply)
        .await
        .unwrap()
        .unwrap();
    let c = &v.referrals[0].clock;
    assert!(c.overdue && !c.awaiting_reply);
    // The explanation says why: the deadline recorded when it was sent
    // (COMAR's rule has changed since), a request after the deadline
    // that paused nothing, 20 days late by the reply's day.
    let e = &v.referrals[0].explained;
    assert!(e.recorded && e.rule.is_none(), "{e:?}");
    assert_eq!(e.timezone, "America/Mexico_City");
    assert_eq!(e.base_deadline, "2026-06-03T10:00:00-06:00");
    assert_eq!(e.clarifications.len(), 1);
    assert!(!e.clarifications[0].pauses);
    assert_eq!(e.clarifications[0].paused_days, None);
    assert_eq!(e.days_late, Some(20.0));
    assert_eq!(c.effective_deadline, "2026-06-03T10:00:00-06:00");

    // Migration 10's data step records the imported referrals' deadlines
    // from the rules in force then, once; later changes leave them.
    db.execute_unprepared("INSERT INTO due_at_backfill (pending) VALUES (1)")
        .await
        .unwrap();
    assert_eq!(record_due_dates(db).await.unwrap(), 3, "{}", t.name);
    assert_eq!(record_due_dates(db).await.unwrap(), 0, "only once");
    db.execute_unprepared("UPDATE authorities SET response_days = 60 WHERE key = 'comar'")
        .await
        .unwrap();
    let old = demands::view(db, None, "b", "d1", later)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        old.referrals[1].clock.effective_deadline,
        "2026-03-17T12:00:00-06:00"
    );
    let v = demands::view(db, None, "b", &key, later)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        v.referrals[0].clock.effective_deadline,
        "2026-06-03T10:00:00-06:00"
    );
}

on_both!(each_person_lands_on_what_needs_them);
async fn each_person_lands_on_what_needs_them(t: support::TestDb) {
    use app::server::error::ServiceError;
    use app::server::services::accounts::SiteUrl;
    use app::server::services::demands::write;
    use app::server::services::pending::pending;
    let db = &t.conn;
    let comar = import_with_comar_official(db).await;
    let now = at("2026-04-20T18:00:00Z");
    let rep = support::account(
        db,
        "rep@example.org",
        "a long password",
        &[("representative", "b", "p", "")],
    )
    .await;
    let sec = support::account(
        db,
        "sec@example.org",
        "a long password",
        &[("secretary", "b", "", "")],
    )
    .await;
    let (comar, rep, sec) = (
        load_actor(db, comar, now).await.unwrap(),
        load_actor(db, rep, now).await.unwrap(),
        load_actor(db, sec, now).await.unwrap(),
    );
    assert!(matches!(
        pending(db, None, now).await,
        Err(ServiceError::Unauthorized)
    ));
    // The representative: COMAR's question on d2 waits for the council;
    // d2 is their own; they may submit.
    let p = pending(db, rep.as_ref(), now).await.unwrap();
    assert!(p.inbox.is_none());
    let c = &p.councils[0];
    assert_eq!(c.body_key, "b");
    assert!(c.can_submit && !c.manages, "{}", t.name);
    let keys = |rows: &[app::domain::pending::TaskRow]| {
        rows.iter()
            .map(|r| (r.demand_key.clone(), r.authority_name.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        keys(&c.to_clarify),
        [(
            "d2".to_string(),
            "Comisión Mexicana de Ayuda a Refugiados".to_string()
        )]
    );
    assert!(c.to_assess.is_empty(), "INM's answer was assessed");
    let own: Vec<&str> = c.own.iter().map(|d| d.demand_key.as_str()).collect();
    assert_eq!(own, ["d2"]);
    // The official: the inbox's open referrals, the overdue first.
    let p = pending(db, comar.as_ref(), now).await.unwrap();
    let top = p.inbox.unwrap();
    assert_eq!((top.open, top.overdue), (2, 1), "{}", t.name);
    assert_eq!(top.rows[0].demand_key, "d1");
    assert!(p.councils.is_empty());
    // COMAR answers d1: now it waits for the council's assessment.
    let site = SiteUrl::new("https://voces.example.org");
    write::add_event(
        db,
        comar.as_ref(),
        &site,
        ("b", "d1", "comar"),
        "accepted",
        "Sí.",
        "",
        now,
    )
    .await
    .unwrap();
    let later = now + chrono::Duration::hours(1);
    let p = pending(db, sec.as_ref(), later).await.unwrap();
    let c = &p.councils[0];
    assert!(c.manages && c.own.is_empty());
    assert_eq!(
        keys(&c.to_assess),
        [(
            "d1".to_string(),
            "Comisión Mexicana de Ayuda a Refugiados".to_string()
        )],
        "{}",
        t.name
    );
    // Over HTTP: signing in lands there.
    let base = support::serve(db.clone()).await;
    let client = support::client();
    let r = client
        .post(format!("{base}/login"))
        .form(&[
            ("email", "rep@example.org"),
            ("password", "a long password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/pending");
    let cookie = support::sign_in(&client, &base, "rep@example.org", "a long password").await;
    let html = support::text_as(&client, format!("{base}/pending"), &cookie).await;
    assert!(
        html.contains("Albergue seguro") && html.contains("Presentar una demanda"),
        "{}",
        t.name
    );
}

on_both!(reminders_reach_officials_and_the_councils_secretariat_once_each);
/// Per case to the officials and the council's secretary and chair, with
/// dates written for people; once a week one digest per person of every
/// overdue case, however old; two instances at once queue each mail once.
async fn reminders_reach_officials_and_the_councils_secretariat_once_each(t: support::TestDb) {
    use app::server::services::accounts::SiteUrl;
    use app::server::services::demands::reminders;
    use sea_orm::{EntityTrait, QueryOrder};
    let site = SiteUrl::new("https://voces.example.org");
    let db = &t.conn;
    import_with_comar_official(db).await;
    support::account(
        db,
        "sec@example.org",
        "a long password",
        &[("secretary", "b", "", "")],
    )
    .await;
    support::account(
        db,
        "chair@example.org",
        "a long password",
        &[("chair", "b", "", "")],
    )
    .await;
    // d1 → COMAR falls due on 11 April 12:00 in Mexico City: the week
    // before, the official, the secretary and the chair are told.
    let now = at("2026-04-05T18:00:00Z");
    let (a, b) = tokio::join!(
        reminders::run(db, &site, now),
        reminders::run(db, &site, now)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 3, "{}", t.name);
    let mails = entity::mail_outbox::Entity::find()
        .order_by_asc(entity::mail_outbox::Column::Id)
        .all(db)
        .await
        .unwrap();
    let to: std::collections::BTreeSet<&str> = mails.iter().map(|m| m.recipient.as_str()).collect();
    assert_eq!(
        to,
        ["chair@example.org", "comar@example.org", "sec@example.org"].into()
    );
    let sec = mails
        .iter()
        .find(|m| m.recipient == "sec@example.org")
        .unwrap();
    assert_eq!(
        sec.subject,
        "Vence el 11 abr 2026, 12:00 (hora de Ciudad de México, UTC−6): «Actas de nacimiento»"
    );
    assert!(sec
        .body_text
        .contains("La Comisión Mexicana de Ayuda a Refugiados debe responder"));
    // Months later no per-case reminder mentions it any more, but the
    // weekly digest does: once per person per week, whatever the instances.
    let later = at("2026-09-01T12:00:00Z");
    assert_eq!(reminders::run(db, &site, later).await.unwrap(), 0);
    let (a, b) = tokio::join!(
        reminders::digest(db, &site, later),
        reminders::digest(db, &site, later)
    );
    assert_eq!(a.unwrap() + b.unwrap(), 3, "{}", t.name);
    assert_eq!(
        reminders::digest(db, &site, later + chrono::Duration::days(1))
            .await
            .unwrap(),
        0,
        "the same week"
    );
    let digest = entity::mail_outbox::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.recipient == "sec@example.org" && m.subject.starts_with("Resumen semanal"))
        .unwrap();
    assert_eq!(
        digest.subject,
        "Resumen semanal: 1 demanda vencida sin respuesta"
    );
    assert!(digest.body_text.contains("«Actas de nacimiento»"));
    assert!(digest.body_html.unwrap().contains("name=\"viewport\""));
    assert_eq!(
        reminders::digest(db, &site, later + chrono::Duration::days(7))
            .await
            .unwrap(),
        3,
        "the next week"
    );
}

on_both!(a_weekly_digest_lists_the_fifty_longest_overdue_and_counts_the_rest);
/// An official whose authority let 60 cases fall overdue gets one digest
/// that counts all of them, lists the 50 longest overdue (one line each)
/// and says how many more there are, with the pending page's address.
async fn a_weekly_digest_lists_the_fifty_longest_overdue_and_counts_the_rest(t: support::TestDb) {
    use app::server::services::accounts::SiteUrl;
    use app::server::services::demands::reminders;
    use sea_orm::EntityTrait;
    let db = &t.conn;
    let mut doc: serde_json::Value = serde_json::from_str(DOC).unwrap();
    let demands = doc["bodies"][0]["demands"].as_array_mut().unwrap();
    // Sixty more cases to COMAR alone, a day apart, none answered.
    for i in 0..60 {
        demands.push(serde_json::json!({
            "key": format!("extra-{i:02}"),
            "title": format!("Caso adicional {i:02}"),
            "text": "Sin respuesta.",
            "topic": "documentation",
            "submitted_by": "a",
            "submitted_at": format!("2026-02-{:02}T12:00:00-06:00", 1 + i % 28),
            "confidential": false,
            "referrals": [{"authority": "comar", "events": []}]
        }));
    }
    import_doc_with_comar_official(db, &doc.to_string()).await;
    let site = SiteUrl::new("https://voces.example.org");
    let later = at("2026-09-01T12:00:00Z");
    assert!(reminders::digest(db, &site, later).await.unwrap() >= 1);
    let digest = entity::mail_outbox::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.recipient == "comar@example.org")
        .expect("the official's digest");
    let total: usize = digest
        .subject
        .strip_prefix("Resumen semanal: ")
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{}: {}", t.name, digest.subject));
    assert!(
        total >= 60,
        "{}: every overdue case counted: {total}",
        t.name
    );
    let listed = digest
        .body_text
        .lines()
        .filter(|l| l.starts_with("- "))
        .count();
    assert_eq!(listed, 50, "{}: the fifty longest overdue listed", t.name);
    assert!(
        digest.body_text.contains(&format!(
            "…y {} más, en tu página de pendientes:",
            total - 50
        )),
        "{}: {}",
        t.name,
        digest.body_text
    );
    assert!(digest
        .body_text
        .contains("https://voces.example.org/pending"));
    // The longest overdue come first: the earliest submitted extra case
    // (1 February) is listed, a case of 28 February only if room remained.
    assert!(digest.body_text.contains("«Caso adicional 00»"));
}

// A page far down the list is a seek from the end of the page before
// (`demands::page_ends`), not an offset: the same rows as the offset gives,
// page by page, with and without a filter.
on_both!(a_page_read_from_the_page_ends_is_the_page_the_offset_reads);
async fn a_page_read_from_the_page_ends_is_the_page_the_offset_reads(t: support::TestDb) {
    use app::domain::demands::DemandFilter;
    let (db, n) = (&t.conn, &t.name);
    server::demo::load_if_empty(db, &|_| {}).await.unwrap();
    let now = Utc::now();
    for base in [
        DemandFilter::default(),
        DemandFilter {
            topic: "health".into(),
            ..Default::default()
        },
        DemandFilter {
            status: "awaiting".into(),
            ..Default::default()
        },
    ] {
        let total = demands::total_at(db, None, &base, now)
            .await
            .unwrap()
            .expect("counted by the database");
        let ends = demands::page_ends(db, None, &base, now)
            .await
            .unwrap()
            .expect("the ends of a list counted by the database");
        assert_eq!(ends.len() as u64, total / 25, "{n}: {base:?}");
        let pages = total.div_ceil(25).max(1);
        let mut seen = 0;
        for page in 1..=pages {
            let f = DemandFilter {
                page,
                ..base.clone()
            };
            let by_offset = demands::list_known(db, None, &f, now, Some(total), None)
                .await
                .unwrap();
            let by_ends = demands::list_known(db, None, &f, now, Some(total), Some(&ends))
                .await
                .unwrap();
            let keys = |l: &app::domain::demands::DemandList| {
                l.rows
                    .iter()
                    .map(|r| format!("{}/{}", r.body_key, r.key))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                keys(&by_ends),
                keys(&by_offset),
                "{n}: {base:?} page {page}"
            );
            seen += by_ends.rows.len() as u64;
        }
        assert_eq!(seen, total, "{n}: {base:?}");
    }
    // A text query is counted with its rows: no page ends.
    let words = DemandFilter {
        q: "visa".into(),
        ..Default::default()
    };
    assert!(
        demands::page_ends(db, None, &words, now)
            .await
            .unwrap()
            .is_none(),
        "{n}"
    );
}
