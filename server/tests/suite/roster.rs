//! Composition on a date and the roster CSV: figures by hand at the time-zone
//! date boundary, the public roster, the downloads, and the import that
//! writes nothing while any problem remains.
use crate::support;

use app::server::services::roster::csv_io;
use app::server::services::{composition, dataset};
use chrono::{DateTime, Utc};
use entity::member;
use reqwest::{header, multipart, StatusCode};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// One body in Mexico City: 6 seats, 3 groups served, 2 expected regions.
const DOC: &str = include_str!("../fixtures/roster.json");

async fn load(db: &DatabaseConnection) {
    dataset::import(db, DOC, Default::default(), &|_| {})
        .await
        .expect("import");
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

on_both!(composition_follows_the_bodys_calendar_date);
async fn composition_follows_the_bodys_calendar_date(t: support::TestDb) {
    let db = &t.conn;
    load(db).await;
    // 22:30 on 30 June in Mexico City (04:30 UTC on 1 July).
    let c = composition::public(db, "b", None, at("2026-07-01T04:30:00Z"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.as_of, "2026-06-30", "{}", t.name);
    let k = &c.composition;
    // Ana, Berta, Carlos (withdraws on 1 July); Dora starts on 1 July; Eva is an alternate.
    assert_eq!((k.members_active, k.alternates_active), (3, 1));
    assert_eq!(k.seat_fill_rate, Some(0.5));
    assert_eq!((k.gender.woman, k.gender.man), (2, 1));
    assert_eq!(k.gender_balance, Some(1.0 - 1.0 / 3.0));
    assert_eq!(
        k.group_coverage,
        Some(2.0 / 3.0),
        "refugee only through the alternate"
    );
    assert_eq!(k.region_coverage, Some(1.0));
    assert_eq!(
        k.terms_expiring_90d, 1,
        "Berta's term ends 2026-09-28, day 90"
    );
    let names: Vec<&str> = c.seat_holders.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        ["Ana", "Carlos"],
        "chair first; the private name is not shown"
    );
    assert_eq!(c.unnamed_seat_holders, 1);
    assert_eq!(c.alternates.len(), 1);
    let expected = 100.0 * ((1.0 - 1.0 / 3.0) + 2.0 / 3.0 + 1.0 + 0.5) / 4.0;
    assert!((c.representativeness_score.unwrap() - expected).abs() < 1e-9);
    // One seat holder each from Cuba and Honduras: grouped on public
    // pages (fewer than 3 could be recognised).
    assert_eq!(c.breakdown.countries, vec![(None, 1)]);
    assert_eq!(c.breakdown.countries_other, 2);

    // 00:30 on 1 July there: Carlos has left, Dora has arrived.
    let c = composition::public(db, "b", None, at("2026-07-01T06:30:00Z"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.as_of, "2026-07-01");
    let names: Vec<&str> = c.seat_holders.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Ana", "Dora"]);
    assert_eq!(c.composition.gender_balance, Some(0.0), "women only");
    assert_eq!(
        c.composition.terms_expiring_90d, 1,
        "2026-09-28 is day 89 now"
    );
    // A chosen date.
    let c = composition::public(
        db,
        "b",
        Some("2024-12-31".parse().unwrap()),
        at("2026-07-01T06:30:00Z"),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(c.composition.members_active, 0);
    assert!(composition::public(db, "nope", None, Utc::now())
        .await
        .unwrap()
        .is_none());
}

const GOOD: &str = "key,name,email,public,role,gender,migrant_group,region,country,term_start,term_end,withdrawn_on\n\
                    a,Ana María,ana@example.org,true,chair,woman,immigrant,Caribe,CU,2025-01-01,,\n\
                    f,Fabiola,,false,representative,non_binary,refugee,,,2026-08-01,2028-07-31,\n";

on_both!(csv_downloads_and_import_over_http);
async fn csv_downloads_and_import_over_http(t: support::TestDb) {
    let db = t.conn.clone();
    load(&db).await;
    support::account(
        &db,
        "sec@example.org",
        "sec password 1",
        &[("secretary", "b", "", "")],
    )
    .await;
    support::account(
        &db,
        "rep@example.org",
        "rep password 1",
        &[("representative", "b", "a", "")],
    )
    .await;
    let base = support::serve(db.clone()).await;
    let c = support::client();
    let login = |email: &'static str, pw: &'static str| {
        let c = c.clone();
        let base = base.clone();
        async move {
            let r = c
                .post(format!("{base}/login"))
                .form(&[("email", email), ("password", pw)])
                .send()
                .await
                .unwrap();
            r.headers()
                .get_all(header::SET_COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find(|v| v.starts_with("voces_session="))
                .map(|v| v.split(';').next().unwrap().to_string())
                .unwrap()
        }
    };
    let sec = login("sec@example.org", "sec password 1").await;
    let rep = login("rep@example.org", "rep password 1").await;

    // Public CSV: public names active on the date, no e-mail.
    let r = c
        .get(format!("{base}/bodies/b/roster.csv?as_of=2026-06-30"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{}", t.name);
    assert!(r.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = r.text().await.unwrap();
    assert_eq!(
        text,
        "name,role,term_start,term_end\nAna,chair,2025-01-01,\nCarlos,representative,2025-01-01,\nEva Suplente,alternate,2025-01-01,\n"
    );
    assert_eq!(
        c.get(format!("{base}/bodies/b/roster.csv?as_of=x"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::BAD_REQUEST
    );

    // The managers' CSV.
    let full = |cookie: Option<&str>| {
        let mut req = c.get(format!("{base}/bodies/b/members.csv"));
        if let Some(cookie) = cookie {
            req = req.header(header::COOKIE, cookie.to_string());
        }
        req.send()
    };
    assert_eq!(full(None).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        full(Some(&rep)).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let text = full(Some(&sec)).await.unwrap().text().await.unwrap();
    assert!(text.starts_with("key,name,email,public,role,gender,migrant_group,region,country,term_start,term_end,withdrawn_on\n"));
    assert!(text.contains("b,Berta Privada,berta@example.org,false,representative,woman,transit,Centroamérica,HN,2025-01-01,2026-09-28,"));

    let post = |cookie: &str, csv: &str, confirm: bool| {
        let mut form = multipart::Form::new().text("text", csv.to_string());
        if confirm {
            form = form.text("confirm", "1");
        }
        c.post(format!("{base}/bodies/b/members/import"))
            .header(header::COOKIE, cookie.to_string())
            .header(header::ORIGIN, base.clone())
            .multipart(form)
            .send()
    };
    // Problems: listed with line and column, nothing written, even when "confirmed".
    let before = support::counts(&db).await;
    let bad = "key,name,role,gender,migrant_group,term_start\nx,,boss,woman,transit,2026-02-30\n";
    let r = post(&sec, bad, true).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    for needle in [
        "<td>2</td><td><code>name</code></td>",
        "<code>role</code>",
        "<code>term_start</code>",
        "no se guardó nada",
    ] {
        assert!(html.contains(needle), "{needle} in the preview");
    }
    assert_eq!(support::counts(&db).await, before);
    // A representative may not import.
    assert_eq!(
        post(&rep, GOOD, true).await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(support::counts(&db).await, before);

    // A good file: a preview first (nothing written), then saved.
    let r = post(&sec, GOOD, false).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("actualizado") && html.contains("integrante nuevo"));
    assert_eq!(support::counts(&db).await, before);
    let r = post(&sec, GOOD, true).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()[header::LOCATION],
        "/bodies/b/members?done=imported&count=2"
    );
    let ana = member::Entity::find()
        .filter(member::Column::Key.eq("a"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (ana.name.as_str(), ana.email.as_deref()),
        ("Ana María", Some("ana@example.org"))
    );
    let fabiola = member::Entity::find()
        .filter(member::Column::Key.eq("f"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(!fabiola.public && fabiola.term_end.is_some());
    let audit = entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::Entity.eq("member"))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 2, "one record per member written");
    // Importing the same file again changes nothing.
    let preview = csv_io::preview(
        &db,
        app::server::authz::load_actor(&db, 1, Utc::now())
            .await
            .unwrap()
            .as_ref(),
        "b",
        GOOD,
        Utc::now(),
    )
    .await
    .unwrap();
    assert!(
        preview.rows.iter().all(|r| r.action == "unchanged"),
        "{:?}",
        preview.rows
    );

    // A spreadsheet's ";" file is read as such, and said so; a bad value is
    // named with the values the column accepts.
    let semi =
        "key;name;role;gender;migrant_group;term_start\nz;Zoe;boss;woman;transit;2026-01-01\n";
    let r = post(&sec, semi, false).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    for needle in [
        "separadas por «;»",
        "<code>boss</code>",
        "chair, secretary, representative, alternate",
    ] {
        assert!(html.contains(needle), "{needle} in the preview");
    }
    let secretary = app::server::authz::load_actor(&db, 1, Utc::now())
        .await
        .unwrap();
    let p = csv_io::preview(&db, secretary.as_ref(), "b", semi, Utc::now())
        .await
        .unwrap();
    assert!(p.semicolons);
    assert_eq!(p.problems[0].value.as_deref(), Some("boss"));
    assert!(p.problems[0].allowed.contains(&"alternate".to_string()));
    // Six more representatives than the six seats hold: a warning with the
    // day and the count, per-row role, term and consent; still allowed.
    let mut crowd = String::from("key,name,role,gender,migrant_group,term_start,public\n");
    for i in 0..6 {
        crowd.push_str(&format!(
            "n{i},Nuevo {i},representative,man,transit,2026-01-01,sí\n"
        ));
    }
    let p = csv_io::preview(&db, secretary.as_ref(), "b", &crowd, Utc::now())
        .await
        .unwrap();
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let x = p.seat_excess.expect("a warning");
    assert_eq!(x.seats, 6);
    assert!(x.seat_holders >= 8, "{x:?}");
    assert_eq!(
        (
            p.rows[0].role.as_str(),
            p.rows[0].term_start.as_str(),
            p.rows[0].public
        ),
        ("representative", "2026-01-01", true)
    );
    let html = post(&sec, &crowd, false)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("asientos. Revisa los periodos"),
        "the warning is shown"
    );
    assert!(
        html.contains("Guardar estos cambios"),
        "and saving is still offered"
    );
}

on_both!(secretaries_get_one_mail_thirty_days_before_a_term_ends);
async fn secretaries_get_one_mail_thirty_days_before_a_term_ends(t: support::TestDb) {
    use app::server::services::roster::term_reminders as reminders;
    let db = &t.conn;
    load(db).await;
    support::account(
        db,
        "sec@example.org",
        "sec password 1",
        &[("secretary", "b", "", "")],
    )
    .await;
    // Berta's term ends on 2026-09-28: 32 days ahead, not yet.
    assert_eq!(
        reminders::term_endings(db, at("2026-08-27T18:00:00Z"))
            .await
            .unwrap(),
        0,
        "{}",
        t.name
    );
    // 30 days ahead in Mexico City: once, and only once.
    assert_eq!(
        reminders::term_endings(db, at("2026-08-29T18:00:00Z"))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        reminders::term_endings(db, at("2026-08-29T19:00:00Z"))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        reminders::term_endings(db, at("2026-09-20T19:00:00Z"))
            .await
            .unwrap(),
        0
    );
    let mails = entity::mail_outbox::Entity::find().all(db).await.unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].recipient, "sec@example.org");
    assert!(
        mails[0].subject.contains("2026-09-28") && mails[0].body_text.contains("Berta Privada")
    );
}

on_both!(secretaries_add_edit_end_and_renew_terms_with_plain_forms);
async fn secretaries_add_edit_end_and_renew_terms_with_plain_forms(t: support::TestDb) {
    let db = t.conn.clone();
    load(&db).await;
    support::account(
        &db,
        "sec@example.org",
        "sec password 1",
        &[("secretary", "b", "", "")],
    )
    .await;
    support::account(
        &db,
        "rep@example.org",
        "rep password 1",
        &[("representative", "b", "a", "")],
    )
    .await;
    let base = support::serve(db.clone()).await;
    let c = support::client();
    let cookie_of = |r: &reqwest::Response| {
        r.headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("voces_session="))
            .map(|v| v.split(';').next().unwrap().to_string())
            .unwrap()
    };
    let mut cookies = Vec::new();
    for (email, pw) in [
        ("sec@example.org", "sec password 1"),
        ("rep@example.org", "rep password 1"),
    ] {
        let r = c
            .post(format!("{base}/login"))
            .form(&[("email", email), ("password", pw)])
            .send()
            .await
            .unwrap();
        cookies.push(cookie_of(&r));
    }
    let (sec, rep) = (cookies[0].clone(), cookies[1].clone());
    let post = |cookie: &str, path: &str, form: &[(&str, &str)]| {
        c.post(format!("{base}{path}"))
            .header(header::COOKIE, cookie.to_string())
            .header(header::ORIGIN, base.clone())
            .form(form)
            .send()
    };
    let new_member = [
        ("key", "g"),
        ("name", "Gala"),
        ("email", ""),
        ("public", "true"),
        ("role", "representative"),
        ("gender", "woman"),
        ("migrant_group", "refugee"),
        ("region", "Caribe"),
        ("country", "ht"),
        ("term_start", "2026-01-01"),
        ("term_end", "2027-12-31"),
        ("withdrawn_on", ""),
    ];
    // A representative may not; nothing changes.
    let before = support::counts(&db).await;
    assert_eq!(
        post(&rep, "/bodies/b/members/new", &new_member)
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(support::counts(&db).await, before, "{}", t.name);
    // Problems come back beside their fields, with what was typed.
    let mut bad = new_member;
    bad[0] = ("key", "a");
    bad[9] = ("term_start", "2026-02-30");
    let r = post(&sec, "/bodies/b/members/new", &bad).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("member-term_start-error") && html.contains("value=\"Gala\""),
        "{}",
        t.name
    );
    assert_eq!(support::counts(&db).await, before);
    // Added.
    let r = post(&sec, "/bodies/b/members/new", &new_member)
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()[header::LOCATION],
        "/bodies/b/members/g/edit?done=saved"
    );
    let g = member::Entity::find()
        .filter(member::Column::Key.eq("g"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((g.country.as_deref(), g.public), (Some("HT"), true));
    // The key is taken now.
    let r = post(&sec, "/bodies/b/members/new", &new_member)
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Edit: record a withdrawal (the unticked box makes the name private).
    let mut edit = new_member.to_vec();
    edit.retain(|(k, _)| *k != "public" && *k != "key");
    edit.retain(|(k, _)| *k != "withdrawn_on");
    edit.push(("withdrawn_on", "2026-10-15"));
    let r = post(&sec, "/bodies/b/members/g/edit", &edit).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let g = member::Entity::find()
        .filter(member::Column::Key.eq("g"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        g.withdrawn_on.map(|d| d.to_string()).as_deref(),
        Some("2026-10-15")
    );
    assert!(!g.public);
    // A renewal that would begin before the current term ends is refused
    // (it would count Berta twice and change past quorums).
    let r = post(
        &sec,
        "/bodies/b/members/b/renew",
        &[("term_start", "2026-09-01"), ("term_end", "")],
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("debe empezar después"));
    // Renew Berta's term: a new record; the old one keeps its history.
    let r = post(
        &sec,
        "/bodies/b/members/b/renew",
        &[("term_start", ""), ("term_end", "")],
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()[header::LOCATION],
        "/bodies/b/members/b-2/edit?done=renewed&new=b-2"
    );
    let renewed = member::Entity::find()
        .filter(member::Column::Key.eq("b-2"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(renewed.term_start.to_string(), "2026-09-29");
    assert_eq!(renewed.name, "Berta Privada");
    assert!(renewed.term_end.is_some());
    let old = member::Entity::find()
        .filter(member::Column::Key.eq("b"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        old.term_end.map(|d| d.to_string()).as_deref(),
        Some("2026-09-28")
    );
    // The edit page is the managers' only.
    let get = |cookie: &str| {
        c.get(format!("{base}/bodies/b/members/b/edit"))
            .header(header::COOKIE, cookie.to_string())
            .send()
    };
    assert_eq!(get(&sec).await.unwrap().status(), StatusCode::OK);
    assert_eq!(get(&rep).await.unwrap().status(), StatusCode::FORBIDDEN);
}

on_both!(administrators_create_bodies_and_secretaries_edit_their_settings);
async fn administrators_create_bodies_and_secretaries_edit_their_settings(t: support::TestDb) {
    let db = t.conn.clone();
    load(&db).await;
    support::account(
        &db,
        "admin@example.org",
        "admin password",
        &[("admin", "", "", "")],
    )
    .await;
    support::account(
        &db,
        "sec@example.org",
        "sec password 1",
        &[("secretary", "b", "", "")],
    )
    .await;
    let base = support::serve(db.clone()).await;
    let c = support::client();
    let mut cookies = Vec::new();
    for (email, pw) in [
        ("admin@example.org", "admin password"),
        ("sec@example.org", "sec password 1"),
    ] {
        let r = c
            .post(format!("{base}/login"))
            .form(&[("email", email), ("password", pw)])
            .send()
            .await
            .unwrap();
        let cookie = r
            .headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("voces_session="))
            .map(|v| v.split(';').next().unwrap().to_string())
            .unwrap();
        cookies.push(cookie);
    }
    let (admin, sec) = (cookies[0].clone(), cookies[1].clone());
    let post = |cookie: &str, path: &str, form: Vec<(&str, &str)>| {
        c.post(format!("{base}{path}"))
            .header(header::COOKIE, cookie.to_string())
            .header(header::ORIGIN, base.clone())
            .form(&form)
            .send()
    };
    let new_body = vec![
        ("key", "consejo-nuevo"),
        ("name", "Consejo Nuevo"),
        ("level", "state"),
        ("jurisdiction", "Oaxaca"),
        ("timezone", "America/Mexico_City"),
        ("groups_served", "returnee"),
        ("groups_served", "transit"),
        ("regions", "Mixteca\nSierra Sur\n\nMixteca"),
        ("seats", "9"),
        ("meetings_per_year", "4"),
        ("quorum_percent", ""),
        ("response_days", ""),
        ("public", "true"),
    ];
    // Only administrators create.
    let before = support::counts(&db).await;
    assert_eq!(
        post(&sec, "/admin/bodies", new_body.clone())
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(support::counts(&db).await, before, "{}", t.name);
    let mut bad = new_body.clone();
    bad[0] = ("key", "Con Espacios");
    bad[4] = ("timezone", "Mars/Olympus");
    bad[8] = ("seats", "-3");
    let r = post(&admin, "/admin/bodies", bad).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    for id in ["body-key-error", "body-timezone-error", "body-seats-error"] {
        assert!(html.contains(id), "{id}");
    }
    assert!(
        html.contains(r#"value="returnee" checked"#),
        "ticked boxes stay ticked"
    );
    let r = post(&admin, "/admin/bodies", new_body.clone())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()[header::LOCATION],
        "/bodies/consejo-nuevo/settings?done=created"
    );
    let b = entity::body::Entity::find()
        .filter(entity::body::Column::Key.eq("consejo-nuevo"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((b.seats, b.quorum_percent, b.public), (Some(9), 50, true));
    let regions = entity::body_region::Entity::find()
        .filter(entity::body_region::Column::BodyId.eq(b.id))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(regions.len(), 2, "blank lines and repeats dropped");
    assert_eq!(
        post(&admin, "/admin/bodies", new_body)
            .await
            .unwrap()
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "key taken"
    );

    // The secretary edits their body; not another.
    let edit = vec![
        ("name", "Consejo B renombrado"),
        ("level", "municipal"),
        ("jurisdiction", "CDMX"),
        ("timezone", "America/Mexico_City"),
        ("groups_served", "immigrant"),
        ("regions", "Caribe"),
        ("seats", "7"),
        ("meetings_per_year", "6"),
        ("quorum_percent", "60"),
        ("response_days", "20"),
    ];
    assert_eq!(
        post(&sec, "/bodies/consejo-nuevo/settings", edit.clone())
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    let r = post(&sec, "/bodies/b/settings", edit).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let b = entity::body::Entity::find()
        .filter(entity::body::Column::Key.eq("b"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            b.name.as_str(),
            b.seats,
            b.quorum_percent,
            b.response_days,
            b.public
        ),
        ("Consejo B renombrado", Some(7), 60, Some(20), false)
    );
    let rec = entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::Entity.eq("body"))
        .filter(entity::audit_log::Column::Action.eq("update"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        rec.before.unwrap().contains("\"seats\":6") && rec.after.unwrap().contains("\"seats\":7")
    );
    let (status, html) = {
        let r = c
            .get(format!("{base}/bodies/b/settings"))
            .header(header::COOKIE, sec.clone())
            .send()
            .await
            .unwrap();
        (r.status(), r.text().await.unwrap())
    };
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Consejo B renombrado"));
}
