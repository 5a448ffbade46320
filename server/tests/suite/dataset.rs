//! Dataset import and export (dataset.md) on SQLite and PostgreSQL.
use crate::support;

use app::server::services::dataset::{self, import::ImportError, ExportScope, ImportOptions};
use sea_orm::DatabaseConnection;
use serde_json::{json, Value};
use server::demo::DEMO_JSON;

fn quiet(_: dataset::Progress) {}

async fn import(
    db: &DatabaseConnection,
    doc: &str,
    replace: bool,
) -> Result<dataset::ImportReport, ImportError> {
    dataset::import(db, doc, ImportOptions { replace }, &quiet).await
}

/// `file` imported as `server import FILE` does: read a body at a time.
async fn import_file(
    db: &DatabaseConnection,
    file: &std::path::Path,
) -> Result<dataset::ImportReport, ImportError> {
    dataset::import_from(
        db,
        dataset::Source::File(file.to_path_buf()),
        ImportOptions::default(),
        &quiet,
    )
    .await
}

async fn export(db: &DatabaseConnection) -> String {
    dataset::export(db, ExportScope::All).await.expect("export")
}

#[tokio::test]
async fn demo_round_trip_is_byte_identical_on_both_databases() {
    let mut exports = Vec::new();
    for first in support::databases().await {
        let report = import(&first.conn, DEMO_JSON, false)
            .await
            .expect("demo imports");
        assert!(report.demands >= 150, "demo has {} demands", report.demands);
        let one = export(&first.conn).await;
        // Imported back from a file.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("export.json");
        std::fs::write(&file, &one).unwrap();
        let second = support::sqlite().await;
        import_file(&second.conn, &file)
            .await
            .expect("export re-imports");
        let two = export(&second.conn).await;
        assert_eq!(
            one, two,
            "{}: export → import → export changed the document",
            first.name
        );
        exports.push(one);
    }
    // SQLite and PostgreSQL give the same document.
    if exports.len() == 2 {
        assert_eq!(
            exports[0], exports[1],
            "SQLite and PostgreSQL exports differ"
        );
    }
}

on_both!(export_of_one_body_carries_its_authorities_and_reimports);
async fn export_of_one_body_carries_its_authorities_and_reimports(db: support::TestDb) {
    import(&db.conn, DEMO_JSON, false).await.unwrap();
    let one = dataset::export(&db.conn, ExportScope::Body("consejo-tijuana".into()))
        .await
        .unwrap();
    let doc: Value = serde_json::from_str(&one).unwrap();
    assert_eq!(doc["bodies"].as_array().unwrap().len(), 1);
    assert!(doc["authorities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["key"] == "ayto-tijuana"));
    let fresh = support::sqlite().await;
    import(&fresh.conn, &one, false)
        .await
        .expect("single-body export imports");
    let unknown = dataset::export(&db.conn, ExportScope::Body("nope".into())).await;
    assert!(unknown.is_err());
}

on_both!(the_streamed_export_is_the_whole_document_printed);
/// `export::send` writes a body at a time; its bytes are those of the
/// whole document pretty-printed, for every scope and for no council.
async fn the_streamed_export_is_the_whole_document_printed(db: support::TestDb) {
    let whole = |doc: dataset::format::Document| serde_json::to_string_pretty(&doc).unwrap() + "\n";
    let empty = dataset::export::document(&db.conn, ExportScope::All)
        .await
        .unwrap();
    assert_eq!(
        export(&db.conn).await,
        whole(empty),
        "{}: no council",
        db.name
    );
    import(&db.conn, DEMO_JSON, false).await.unwrap();
    for scope in [
        ExportScope::All,
        ExportScope::Body("consejo-tijuana".into()),
    ] {
        let doc = dataset::export::document(&db.conn, scope.clone())
            .await
            .unwrap();
        let streamed = dataset::export(&db.conn, scope.clone()).await.unwrap();
        assert_eq!(streamed, whole(doc), "{}: {scope:?}", db.name);
    }
}

/// A small valid document that each bad-document test breaks in one place.
fn base() -> Value {
    json!({
        "format": "voces-dataset/1",
        "authorities": [
            {"key": "inm", "name": "Instituto Nacional de Migración", "acronym": "INM", "level": "federal",
             "response_days": 30, "day_kind": "business", "holidays": ["2026-01-01"]},
            {"key": "comar", "name": "COMAR", "level": "federal", "response_days": 45, "day_kind": "calendar"}
        ],
        "bodies": [{
            "key": "consejo-cdmx",
            "name": "Consejo CDMX",
            "level": "municipal",
            "jurisdiction": "Ciudad de México",
            "timezone": "America/Mexico_City",
            "groups_served": ["immigrant", "refugee"],
            "regions": ["Centroamérica"],
            "seats": 4,
            "members": [
                {"key": "m1", "name": "Ana López", "public": true, "role": "chair", "gender": "woman",
                 "migrant_group": "returnee", "country": "HN", "term_start": "2025-01-15", "term_end": "2027-01-14"},
                {"key": "m2", "name": "Luis Pérez", "public": false, "role": "representative", "gender": "man",
                 "migrant_group": "refugee", "term_start": "2025-01-15"}
            ],
            "meetings": [{
                "key": "2026-1", "title": "Primera sesión", "kind": "ordinary",
                "starts_at": "2026-02-10T10:00:00-06:00", "status": "held",
                "attendance": {"m1": "present", "m2": "remote"}
            }],
            "demands": [{
                "key": "2026-001", "title": "Actas sin apostilla", "text": "Texto", "topic": "documentation",
                "submitted_by": "m1", "meeting": "2026-1", "submitted_at": "2026-02-12T12:00:00-06:00",
                "referrals": [{
                    "authority": "inm",
                    "events": [
                        {"at": "2026-02-14T09:00:00-06:00", "kind": "acknowledged", "text": "Recibido."},
                        {"at": "2026-02-20T09:00:00-06:00", "kind": "clarification_requested", "text": "¿Cuáles?"},
                        {"at": "2026-02-23T09:00:00-06:00", "kind": "clarification_provided", "text": "Estas."},
                        {"at": "2026-03-30T09:00:00-06:00", "kind": "accepted", "text": "Sí."}
                    ],
                    "assessments": [{"at": "2026-04-02T09:00:00-06:00", "verdict": "satisfied"}]
                }]
            }]
        }]
    })
}

/// Imports a broken document into a database holding the base document and
/// checks the problems reported and that nothing changed.
async fn rejected(doc: Value, expected: &[&str]) {
    for db in support::databases().await {
        import(&db.conn, &base().to_string(), false)
            .await
            .expect("base document imports");
        let before = export(&db.conn).await;
        let err = import(&db.conn, &doc.to_string(), true)
            .await
            .expect_err("bad document must be refused");
        let messages: Vec<String> = match err {
            ImportError::Invalid(problems) => problems.iter().map(|p| p.to_string()).collect(),
            ImportError::Syntax(m) => vec![m],
            other => panic!("unexpected error {other}"),
        };
        for e in expected {
            assert!(
                messages.iter().any(|m| m == e),
                "{}: expected «{e}» among {messages:#?}",
                db.name
            );
        }
        assert_eq!(
            messages.len(),
            expected.len(),
            "{}: unexpected extra problems {messages:#?}",
            db.name
        );
        assert_eq!(
            before,
            export(&db.conn).await,
            "{}: a refused import changed the database",
            db.name
        );
    }
}

on_both!(the_base_document_is_valid_and_replace_works);
async fn the_base_document_is_valid_and_replace_works(db: support::TestDb) {
    import(&db.conn, &base().to_string(), false).await.unwrap();
    let mut doc = base();
    doc["bodies"][0]["name"] = json!("Consejo renombrado");
    import(&db.conn, &doc.to_string(), true)
        .await
        .expect("--replace replaces");
    let out: Value = serde_json::from_str(&export(&db.conn).await).unwrap();
    assert_eq!(out["bodies"][0]["name"], "Consejo renombrado");
    assert_eq!(
        out["bodies"][0]["demands"][0]["referrals"][0]["events"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

on_both!(existing_keys_are_refused_without_replace);
async fn existing_keys_are_refused_without_replace(db: support::TestDb) {
    import(&db.conn, &base().to_string(), false).await.unwrap();
    let before = export(&db.conn).await;
    match import(&db.conn, &base().to_string(), false).await {
        Err(ImportError::Invalid(p)) => {
            let m: Vec<String> = p.iter().map(|p| p.to_string()).collect();
            assert!(m.contains(&"bodies[0].key: body \"consejo-cdmx\" already exists (import with --replace to replace it)".to_string()), "{m:#?}");
            assert!(m.contains(&"authorities[0].key: authority \"inm\" already exists (import with --replace to replace it)".to_string()));
        }
        other => panic!("expected refusal, got {other:?}"),
    }
    assert_eq!(before, export(&db.conn).await);
}

#[tokio::test]
async fn wrong_format_tag() {
    let mut d = base();
    d["format"] = json!("voces-dataset/2");
    rejected(
        d,
        &["format: unsupported format \"voces-dataset/2\" (expected \"voces-dataset/1\")"],
    )
    .await;
}

#[tokio::test]
async fn unknown_fields() {
    let mut d = base();
    d["bodies"][0]["members"][0]["nickname"] = json!("Anita");
    rejected(
        d,
        &["bodies[0].members[0].nickname: unknown field \"nickname\""],
    )
    .await;
}

#[tokio::test]
async fn duplicate_keys() {
    let mut d = base();
    let m = d["bodies"][0]["members"][0].clone();
    d["bodies"][0]["members"].as_array_mut().unwrap().push(m);
    let a = d["authorities"][1].clone();
    d["authorities"].as_array_mut().unwrap().push(a);
    rejected(
        d,
        &[
            "authorities[2].key: duplicate authority key \"comar\"",
            "bodies[0].members[2].key: duplicate member key \"m1\"",
        ],
    )
    .await;
}

#[tokio::test]
async fn dangling_references() {
    let mut d = base();
    d["bodies"][0]["demands"][0]["referrals"][0]["authority"] = json!("inmm");
    d["bodies"][0]["demands"][0]["submitted_by"] = json!("m9");
    d["bodies"][0]["demands"][0]["meeting"] = json!("2030-1");
    rejected(
        d,
        &[
            "bodies[0].demands[0].referrals[0].authority: unknown authority \"inmm\"",
            "bodies[0].demands[0].submitted_by: unknown member \"m9\"",
            "bodies[0].demands[0].meeting: unknown meeting \"2030-1\"",
        ],
    )
    .await;
}

#[tokio::test]
async fn enum_values() {
    let mut d = base();
    d["bodies"][0]["level"] = json!("galactic");
    d["bodies"][0]["demands"][0]["topic"] = json!("weather");
    rejected(
        d,
        &[
            "bodies[0].level: invalid value \"galactic\" is not one of national, state, municipal, consular, transnational",
            "bodies[0].demands[0].topic: invalid value \"weather\" is not one of documentation, asylum, detention, labor, health, education, housing, security, family, consular, integration, discrimination, political_rights, other",
        ],
    )
    .await;
}

#[tokio::test]
async fn dates_and_timestamps_that_do_not_parse() {
    let mut d = base();
    d["bodies"][0]["members"][1]["term_start"] = json!("15/01/2025");
    d["bodies"][0]["meetings"][0]["starts_at"] = json!("2026-02-10 10:00");
    rejected(
        d,
        &[
            "bodies[0].members[1].term_start: \"15/01/2025\" is not a date (YYYY-MM-DD)",
            "bodies[0].meetings[0].starts_at: \"2026-02-10 10:00\" is not an RFC 3339 timestamp with offset",
        ],
    )
    .await;
}

#[tokio::test]
async fn term_ending_before_it_starts() {
    let mut d = base();
    d["bodies"][0]["members"][0]["term_end"] = json!("2024-12-31");
    rejected(
        d,
        &["bodies[0].members[0].term_end: term ends (2024-12-31) before it starts (2025-01-15)"],
    )
    .await;
}

#[tokio::test]
async fn events_out_of_time_order() {
    let mut d = base();
    d["bodies"][0]["demands"][0]["referrals"][0]["events"][3]["at"] =
        json!("2026-02-21T09:00:00-06:00");
    rejected(
        d,
        &["bodies[0].demands[0].referrals[0].events[3].at: events out of time order (earlier than the event before it)"],
    )
    .await;
}

#[tokio::test]
async fn events_before_submission() {
    let mut d = base();
    d["bodies"][0]["demands"][0]["referrals"][0]["events"][0]["at"] =
        json!("2026-02-11T09:00:00-06:00");
    rejected(
        d,
        &["bodies[0].demands[0].referrals[0].events[0].at: event before the demand was submitted"],
    )
    .await;
}

#[tokio::test]
async fn clarification_provided_without_request() {
    let mut d = base();
    d["bodies"][0]["demands"][0]["referrals"][0]["events"][1]["kind"] = json!("acknowledged");
    rejected(
        d,
        &["bodies[0].demands[0].referrals[0].events[2].kind: clarification_provided without an open clarification_requested"],
    )
    .await;
}

#[tokio::test]
async fn attendance_for_a_non_member() {
    let mut d = base();
    d["bodies"][0]["meetings"][0]["attendance"]["m7"] = json!("present");
    rejected(d, &["bodies[0].meetings[0].attendance.m7: attendance for \"m7\", who is not a member of this body"]).await;
}

#[tokio::test]
async fn every_problem_is_reported_not_just_the_first() {
    let mut d = base();
    d["format"] = json!(null);
    d["authorities"][0]["day_kind"] = json!("weekly");
    d["bodies"][0]["timezone"] = json!("Mars/Olympus");
    d["bodies"][0]["members"][0]["gender"] = json!("x");
    rejected(
        d,
        &[
            "format: missing format tag (expected \"voces-dataset/1\")",
            "authorities[0].day_kind: invalid value \"weekly\" is not one of calendar, business",
            "bodies[0].timezone: \"Mars/Olympus\" is not an IANA time zone",
            "bodies[0].members[0].gender: invalid value \"x\" is not one of woman, man, non_binary, other, undisclosed",
        ],
    )
    .await;
}

on_both!(structural_errors_name_their_path);
async fn structural_errors_name_their_path(db: support::TestDb) {
    let mut d = base();
    d["bodies"][0]["seats"] = json!("twelve");
    match import(&db.conn, &d.to_string(), false).await {
        Err(ImportError::Syntax(m)) => {
            assert!(m.starts_with("bodies[0].seats: invalid type"), "{m}")
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
    assert_eq!(
        export(&db.conn).await,
        export(&support::sqlite().await.conn).await
    );
}

/// A file that cannot be read, or that is not a document, changes nothing
/// and says why.
#[tokio::test]
async fn an_unreadable_file_is_refused_by_name() {
    let db = support::sqlite().await;
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json");
    match import_file(&db.conn, &missing).await {
        Err(e @ ImportError::Read { .. }) => assert!(e.to_string().contains("missing.json"), "{e}"),
        other => panic!("expected a read error, got {other:?}"),
    }
    let truncated = dir.path().join("truncated.json");
    let mut half = DEMO_JSON.len() / 2;
    while !DEMO_JSON.is_char_boundary(half) {
        half -= 1;
    }
    std::fs::write(&truncated, &DEMO_JSON[..half]).unwrap();
    match import_file(&db.conn, &truncated).await {
        Err(ImportError::Syntax(m)) => assert!(m.contains("EOF"), "{m}"),
        other => panic!("expected a syntax error, got {other:?}"),
    }
    assert_eq!(
        export(&db.conn).await,
        export(&support::sqlite().await.conn).await
    );
}

#[tokio::test]
async fn generated_documents_are_valid_and_sized_as_asked() {
    use server::generate::{document, Spec};
    let spec = Spec {
        bodies: 4,
        referrals: 1_501,
        seed: 7,
    };
    let doc = serde_json::to_string(&document(spec)).unwrap();
    // Deterministic: the same spec gives the same text, another seed not.
    assert_eq!(doc, serde_json::to_string(&document(spec)).unwrap());
    let other = Spec { seed: 8, ..spec };
    assert_ne!(doc, serde_json::to_string(&document(other)).unwrap());
    let db = support::sqlite().await;
    let report = import(&db.conn, &doc, false)
        .await
        .expect("a generated document imports");
    assert_eq!(report.referrals, 1_501);
    assert_eq!(report.bodies, 4);
    // Realistic, not uniform: every event kind and verdict occurs, and
    // attendance of every kind.
    for needle in [
        "\"acknowledged\"",
        "\"clarification_requested\"",
        "\"clarification_provided\"",
        "\"accepted\"",
        "\"partially_accepted\"",
        "\"rejected\"",
        "\"implemented\"",
        "\"satisfied\"",
        "\"partially_satisfied\"",
        "\"unsatisfied\"",
        "\"excused\"",
        "\"remote\"",
        "\"cancelled\"",
        "\"withdrawn_on\":\"",
    ] {
        assert!(
            doc.contains(needle),
            "no {needle} in the generated document"
        );
    }
}

on_both!(an_archived_authority_round_trips_and_downloads_follow_the_rights);
async fn an_archived_authority_round_trips_and_downloads_follow_the_rights(db: support::TestDb) {
    use reqwest::{header, StatusCode};
    let mut doc = base();
    doc["authorities"][1]["archived_at"] = json!("2026-11-30T18:00:00Z");
    import(&db.conn, &doc.to_string(), false).await.unwrap();
    let one = export(&db.conn).await;
    let exported: Value = serde_json::from_str(&one).unwrap();
    let comar = exported["authorities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "comar")
        .unwrap();
    assert_eq!(comar["archived_at"], "2026-11-30T18:00:00Z");
    let fresh = support::sqlite().await;
    import(&fresh.conn, &one, false).await.unwrap();
    assert_eq!(export(&fresh.conn).await, one);

    // The same document from the browser: a council's for its secretary,
    // the whole installation for administrators, nothing for others.
    let pw = "a long password";
    for (email, grants) in [
        (
            "sec@example.org",
            &[("secretary", "consejo-cdmx", "", "")][..],
        ),
        (
            "rep@example.org",
            &[("representative", "consejo-cdmx", "m1", "")][..],
        ),
        ("admin@example.org", &[("admin", "", "", "")][..]),
    ] {
        support::account(&db.conn, email, pw, grants).await;
    }
    let base = support::serve(db.conn.clone()).await;
    let c = support::client();
    let r = c
        .get(format!("{base}/bodies/consejo-cdmx/export.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let get = |cookie: String, path: &'static str| {
        let (c, base) = (c.clone(), base.clone());
        async move {
            c.get(format!("{base}{path}"))
                .header(header::COOKIE, cookie)
                .send()
                .await
                .unwrap()
        }
    };
    let sec = support::sign_in(&c, &base, "sec@example.org", pw).await;
    let r = get(sec.clone(), "/bodies/consejo-cdmx/export.json").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("voces-consejo-cdmx.json"));
    let body: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(body["format"], "voces-dataset/1");
    assert_eq!(body["bodies"][0]["key"], "consejo-cdmx");
    assert_eq!(
        get(sec.clone(), "/admin/export.json").await.status(),
        StatusCode::FORBIDDEN
    );
    // The same data as spreadsheets: one CSV per kind of record.
    let r = get(sec.clone(), "/bodies/consejo-cdmx/export.zip").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[header::CONTENT_TYPE], "application/zip");
    let bytes = r.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "LEEME.txt",
            "attendance.csv",
            "demands.csv",
            "events.csv",
            "meetings.csv",
            "members.csv",
            "referrals.csv"
        ]
    );
    let lines = |archive: &mut zip::ZipArchive<_>, name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
        // Rows (the header aside); a quoted text may span lines, so count
        // records with a CSV reader.
        csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .count()
    };
    let members = body["bodies"][0]["members"].as_array().unwrap().len();
    let demands = body["bodies"][0]["demands"].as_array().unwrap().len();
    assert_eq!(lines(&mut archive, "members.csv"), members);
    assert_eq!(lines(&mut archive, "demands.csv"), demands);
    let rep = support::sign_in(&c, &base, "rep@example.org", pw).await;
    assert_eq!(
        get(rep.clone(), "/bodies/consejo-cdmx/export.json")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get(rep, "/bodies/consejo-cdmx/export.zip").await.status(),
        StatusCode::FORBIDDEN
    );
    let admin = support::sign_in(&c, &base, "admin@example.org", pw).await;
    let r = get(admin.clone(), "/admin/export.json").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await.unwrap(), export(&db.conn).await);
    // Streamed through the compression a browser asks for (its encoder
    // polls the stream once more after its end).
    let r = c
        .get(format!("{base}/admin/export.json"))
        .header(header::COOKIE, admin)
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[header::CONTENT_ENCODING], "gzip");
    let zipped = r.bytes().await.expect("the whole gzipped document");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&zipped[..]), &mut text)
        .unwrap();
    assert_eq!(text, export(&db.conn).await);
}

// What an installation holds, built through the app's own services, comes
// back whole: export → import into an empty installation → export gives
// the same bytes, and the national figures are the same.
on_both!(a_complete_round_trip_of_what_the_app_records);
async fn a_complete_round_trip_of_what_the_app_records(db: support::TestDb) {
    use app::domain::dto::BodySettings;
    use app::server::authz::load_actor;
    use app::server::services::accounts::SiteUrl;
    use app::server::services::meetings::schedule;
    use app::server::services::metrics::dashboards;
    use app::server::services::{authority_settings, body_settings, demands};
    let db_conn = &db.conn;
    import(db_conn, DEMO_JSON, false).await.unwrap();
    let pw = "a long password";
    let admin = support::account(db_conn, "admin@example.org", pw, &[("admin", "", "", "")]).await;
    let now = chrono::Utc::now();
    let admin = load_actor(db_conn, admin, now).await.unwrap();
    let who = admin.as_ref();
    let site = SiteUrl::new("http://voces.test");

    // A council that is not public, created in the app.
    body_settings::save(
        db_conn,
        who,
        None,
        &BodySettings {
            key: "consejo-reservado".into(),
            name: "Consejo reservado".into(),
            level: "state".into(),
            jurisdiction: "Oaxaca".into(),
            timezone: "America/Mexico_City".into(),
            groups_served: vec!["transit".into()],
            quorum_percent: "50".into(),
            public: false,
            ..Default::default()
        },
        now,
    )
    .await
    .unwrap();
    // A demand submitted and withdrawn; a meeting cancelled with its reason.
    let form = demands::write::DemandForm {
        title: "Duplicada".into(),
        text: "Texto".into(),
        topic: "documentation".into(),
        authorities: vec!["inm".into()],
        submitted_by: "m01".into(),
        ..Default::default()
    };
    let key = demands::write::submit(db_conn, who, &site, "consejo-tijuana", &form, now)
        .await
        .unwrap();
    demands::write::withdraw(db_conn, who, &site, "consejo-tijuana", &key, now)
        .await
        .unwrap();
    crate::facts::assert_settled(db_conn, "submitted and withdrawn").await;
    let next_month = (now + chrono::Duration::days(30)).date_naive().to_string();
    let meeting = schedule::MeetingForm {
        title: "Sesión".into(),
        kind: "ordinary".into(),
        date: next_month,
        start: "10:00".into(),
        ..Default::default()
    };
    let m = schedule::schedule(db_conn, who, &site, "consejo-tijuana", &meeting, now)
        .await
        .unwrap();
    schedule::cancel(
        db_conn,
        who,
        &site,
        "consejo-tijuana",
        &m,
        &schedule::CancelForm {
            reason: "Sin sala".into(),
            scope: String::new(),
        },
        now,
    )
    .await
    .unwrap();
    // Last week's session, its attendance saved: the quorum recorded with it.
    let last_week = (now - chrono::Duration::days(7)).date_naive().to_string();
    let held = schedule::schedule(
        db_conn,
        who,
        &site,
        "consejo-tijuana",
        &schedule::MeetingForm {
            title: "Sesión pasada".into(),
            kind: "ordinary".into(),
            date: last_week,
            start: "10:00".into(),
            past: "yes".into(),
            ..Default::default()
        },
        now,
    )
    .await
    .unwrap();
    let sheet =
        app::server::services::meetings::calendar::sheet(db_conn, who, "consejo-tijuana", &held)
            .await
            .unwrap();
    let marks: std::collections::BTreeMap<String, String> = sheet
        .lines
        .iter()
        .map(|l| (format!("att:{}", l.member_key), "present".to_string()))
        .chain([("held".to_string(), "true".to_string())])
        .collect();
    app::server::services::meetings::records::save_attendance(
        db_conn,
        who,
        &site,
        "consejo-tijuana",
        &held,
        &marks.into(),
        now,
    )
    .await
    .unwrap();
    // An authority's rule changed (deadlines recorded first), a holiday
    // added, another authority archived.
    let mut inm = authority_settings::get(db_conn, who, "inm", now)
        .await
        .unwrap()
        .settings;
    inm.response_days = "20".into();
    authority_settings::save(db_conn, who, Some("inm"), &inm, now)
        .await
        .unwrap();
    authority_settings::add_holidays(db_conn, who, "inm", "2027-12-12", now)
        .await
        .unwrap();
    authority_settings::set_archived(db_conn, who, "dif", true, now)
        .await
        .unwrap();

    let one = export(db_conn).await;
    let doc: Value = serde_json::from_str(&one).unwrap();
    let bodies = doc["bodies"].as_array().unwrap();
    let hidden = bodies
        .iter()
        .find(|b| b["key"] == "consejo-reservado")
        .unwrap();
    assert_eq!(hidden["public"], false);
    let tijuana = bodies
        .iter()
        .find(|b| b["key"] == "consejo-tijuana")
        .unwrap();
    let withdrawn = tijuana["demands"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["key"] == key.as_str())
        .unwrap();
    assert!(withdrawn["withdrawn_at"].is_string());
    let cancelled = tijuana["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["key"] == m.as_str())
        .unwrap();
    assert_eq!(cancelled["cancel_reason"], "Sin sala");
    let recorded = tijuana["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["key"] == held.as_str())
        .unwrap();
    assert!(recorded["quorum_record"]["seat_holders"].as_i64().unwrap() > 0);
    assert_eq!(
        recorded["quorum_record"]["attending"], recorded["quorum_record"]["seat_holders"],
        "everyone present"
    );
    assert!(doc["authorities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["key"] == "dif" && a["archived_at"].is_string()));
    assert!(tijuana["demands"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["referrals"].as_array().unwrap())
        .filter(|r| r["authority"] == "inm")
        .all(|r| r["due_at"].is_string()));

    let fresh = support::sqlite().await;
    import(&fresh.conn, &one, false).await.unwrap();
    assert_eq!(export(&fresh.conn).await, one, "{}", db.name);
    let t = "2026-11-30T23:59:59Z".parse().unwrap();
    let before = serde_json::to_value(dashboards::overview(db_conn, t).await.unwrap()).unwrap();
    let after = serde_json::to_value(dashboards::overview(&fresh.conn, t).await.unwrap()).unwrap();
    assert_eq!(before, after, "the figures are the same");
}

// The administrators' upload: every problem listed and nothing imported;
// replacing asks for a confirmation; a good document is imported and said
// so; nobody else may.
on_both!(administrators_upload_a_dataset_all_or_nothing);
async fn administrators_upload_a_dataset_all_or_nothing(db: support::TestDb) {
    use reqwest::{header, multipart, StatusCode};
    let pw = "a long password";
    support::account(&db.conn, "admin@example.org", pw, &[("admin", "", "", "")]).await;
    let base_url = support::serve(db.conn.clone()).await;
    let c = support::client();
    let admin = support::sign_in(&c, &base_url, "admin@example.org", pw).await;
    let post =
        |doc: String, fields: &'static [(&'static str, &'static str)], cookie: Option<String>| {
            let (c, base_url) = (c.clone(), base_url.clone());
            async move {
                let mut form = multipart::Form::new().part(
                    "file",
                    multipart::Part::bytes(doc.into_bytes())
                        .file_name("voces.json")
                        .mime_str("application/json")
                        .unwrap(),
                );
                for (k, v) in fields {
                    form = form.text(*k, *v);
                }
                let mut req = c.post(format!("{base_url}/admin/import")).multipart(form);
                if let Some(cookie) = cookie {
                    req = req.header(header::COOKIE, cookie);
                }
                let r = req.send().await.unwrap();
                (r.status(), r.text().await.unwrap())
            }
        };
    // Two problems: both listed, with where they are; nothing imported.
    let mut bad = base();
    bad["bodies"][0]["level"] = json!("galactic");
    bad["bodies"][0]["demands"][0]["topic"] = json!("nope");
    let (status, html) = post(bad.to_string(), &[], Some(admin.clone())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("data-testid=\"import-problems\""), "{html}");
    assert!(html.contains("bodies[0].level"));
    assert!(html.contains("bodies[0].demands[0].topic"));
    assert_eq!(
        support::scalar(&db.conn, "SELECT COUNT(*) FROM bodies").await,
        0
    );
    // A good one: imported, with what it held.
    let (status, html) = post(base().to_string(), &[], Some(admin.clone())).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("data-testid=\"imported\""), "{html}");
    assert_eq!(
        support::scalar(&db.conn, "SELECT COUNT(*) FROM bodies").await,
        1
    );
    // Again: the keys exist; replacing needs the confirmation.
    let (status, html) = post(base().to_string(), &[], Some(admin.clone())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("already exists"), "{html}");
    let (status, html) = post(base().to_string(), &[("replace", "1")], Some(admin.clone())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("marca también la casilla"), "{html}");
    let (status, _) = post(
        base().to_string(),
        &[("replace", "1"), ("confirm", "1")],
        Some(admin.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // Larger than a form may be (the route has its own limit): 3 MB.
    let mut large = base();
    large["bodies"][0]["key"] = json!("consejo-grande");
    large["authorities"] = json!([]);
    large["bodies"][0]["meetings"][0]["agenda"] = json!("1. Informe. ".repeat(260_000));
    let (status, html) = post(large.to_string(), &[], Some(admin.clone())).await;
    assert_eq!(status, StatusCode::OK, "{}", &html[..html.len().min(500)]);
    assert_eq!(
        support::scalar(&db.conn, "SELECT COUNT(*) FROM bodies").await,
        2
    );
    // Without a session: sent to sign in; nothing else happens.
    let (status, _) = post(base().to_string(), &[], None).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}
