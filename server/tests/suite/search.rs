//! Site search: accents and case ignored, Spanish stems, phrases and
//! prefixes; title matches ranked above text matches; a demand found by its
//! thread; meetings by their agenda and published minutes (never a draft);
//! filters that combine with the words; pages with a total; the index kept
//! in step with a write; and nothing a reader may not read — a
//! confidential demand's text and thread, a hidden body, members — on the
//! page, the API or the demands list. Both databases.
use crate::support;

use app::domain::search::{SearchHit, SearchKind, SearchQuery, SearchResults};
use app::server::authz::{load_actor, Actor};
use app::server::services::{dataset, search};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

const DOC: &str = include_str!("../fixtures/search.json");

async fn find(db: &DatabaseConnection, who: Option<&Actor>, q: &str) -> SearchResults {
    find_with(
        db,
        who,
        SearchQuery {
            q: q.into(),
            ..Default::default()
        },
    )
    .await
}

/// An anonymous search counted up to `count_cap`.
async fn find_up_to(db: &DatabaseConnection, q: &str, count_cap: u64) -> SearchResults {
    let f = SearchQuery {
        q: q.into(),
        ..Default::default()
    };
    search::search_with(db, None, &f, search::Limits { count_cap })
        .await
        .expect("search")
}

async fn find_with(db: &DatabaseConnection, who: Option<&Actor>, f: SearchQuery) -> SearchResults {
    search::search(db, who, &f).await.expect("search")
}

fn hrefs(r: &SearchResults) -> Vec<&str> {
    r.hits.iter().map(|h| h.href.as_str()).collect()
}

fn text(h: &SearchHit) -> String {
    h.title
        .iter()
        .chain(h.snippet.iter())
        .map(|m| m.text.as_str())
        .collect()
}

on_both!(search_finds_by_stem_and_accent_and_ranks_titles_first);
async fn search_finds_by_stem_and_accent_and_ranks_titles_first(t: support::TestDb) {
    let db = &t.conn;
    dataset::import(db, DOC, Default::default(), &|_| {})
        .await
        .expect("import");
    let n = &t.name;

    // Without accents, another form of the word.
    let r = find(db, None, "regularizacion").await;
    assert!(
        hrefs(&r).contains(&"/bodies/tj/demands/regularizacion"),
        "{n}: {:?}",
        hrefs(&r)
    );
    // The meeting, by its agenda (Markdown read as text).
    assert!(
        hrefs(&r).contains(&"/bodies/tj/meetings/marzo"),
        "{n}: {:?}",
        hrefs(&r)
    );
    let hit = &r.hits[0];
    assert_eq!(
        hit.href, "/bodies/tj/demands/regularizacion",
        "{n}: title first"
    );
    assert!(
        hit.title
            .iter()
            .any(|m| m.hit && m.text == "Regularización"),
        "{n}: {hit:?}"
    );

    // "visas" finds "visa" and "visados"; the title match ranks first; a
    // demand is found by an answer in its thread.
    let r = find(db, None, "VISAS").await;
    let found = hrefs(&r);
    assert_eq!(
        found.first(),
        Some(&"/bodies/tj/demands/visas"),
        "{n}: {found:?}"
    );
    assert!(
        found.contains(&"/bodies/tj/demands/salud"),
        "{n}: {found:?}"
    );
    assert!(
        found.contains(&"/bodies/tj/demands/regularizacion"),
        "{n}: {found:?}"
    );
    let by_thread = r
        .hits
        .iter()
        .find(|h| h.href.ends_with("/regularizacion"))
        .unwrap();
    assert!(
        by_thread
            .snippet
            .iter()
            .any(|m| m.hit && m.text == "visados"),
        "{n}: {by_thread:?}"
    );
    // Neither a hidden body's demand nor a confidential one's text.
    assert!(
        !found.iter().any(|h| h.contains("/interno/")),
        "{n}: {found:?}"
    );
    assert!(
        !found.contains(&"/bodies/tj/demands/reservado"),
        "{n}: {found:?}"
    );
    assert_eq!(r.total, 3, "{n}: {found:?}");
    assert!(!r.more, "{n}");
    // A count that stops at its cap (a word in most documents, at national
    // scale): titles first all the same.
    let r = find_up_to(db, "VISAS", 2).await;
    let mut tiered = hrefs(&r);
    assert_eq!(
        tiered.first(),
        Some(&"/bodies/tj/demands/visas"),
        "{n}: {tiered:?}"
    );
    assert!(r.more && r.total == 2, "{n}: {} {}", r.total, r.more);
    tiered.sort_unstable();
    let mut ranked = found.clone();
    ranked.sort_unstable();
    assert_eq!(tiered, ranked, "{n}: the same documents");
    // Beyond the title matches, the newest demand first; indexing an older
    // one again (as a new thread entry does) does not move it ahead.
    let before = hrefs(&find(db, None, "VISAS").await)
        .iter()
        .map(|h| h.to_string())
        .collect::<Vec<_>>();
    let rest = &before[1..];
    let mut ids = Vec::new();
    for href in rest {
        let key = href.rsplit('/').next().unwrap_or_default();
        let row = db
            .query_one_raw(sea_orm::Statement::from_sql_and_values(
                db.get_database_backend(),
                match db.get_database_backend() {
                    sea_orm::DbBackend::Postgres => "SELECT id FROM demands WHERE key = $1",
                    _ => "SELECT id FROM demands WHERE key = ?",
                },
                [key.into()],
            ))
            .await
            .expect("demand")
            .expect("a demand");
        ids.push(row.try_get::<i64>("", "id").expect("id"));
    }
    assert!(ids.len() >= 2, "{n}: {before:?}");
    assert!(ids.windows(2).all(|w| w[0] > w[1]), "{n}: {ids:?}");
    let oldest = ids[ids.len() - 1];
    db.execute_unprepared(&format!(
        "INSERT INTO search_pending (kind, ref_id) VALUES ('demand', {oldest})"
    ))
    .await
    .expect("queue");
    let after = find(db, None, "VISAS").await;
    assert_eq!(hrefs(&after), before, "{n}: the order holds");

    // A phrase in its order only; a prefix.
    // (Stems: "visados humanitarios" in an answer is the same phrase.)
    assert_eq!(
        hrefs(&find(db, None, "\"visas humanitarias\"").await).len(),
        2,
        "{n}"
    );
    assert_eq!(
        hrefs(&find(db, None, "\"humanitarias visas\"").await).len(),
        0,
        "{n}"
    );
    let r = find(db, None, "humanit*").await;
    assert!(
        hrefs(&r).contains(&"/bodies/tj/demands/visas"),
        "{n}: {:?}",
        hrefs(&r)
    );
    // Bodies and authorities.
    let r = find(db, None, "tijuana").await;
    assert!(hrefs(&r).contains(&"/bodies/tj"), "{n}: {:?}", hrefs(&r));
    let r = find(db, None, "migracion instituto").await;
    assert_eq!(
        hrefs(&r).first(),
        Some(&"/authorities/inm"),
        "{n}: {:?}",
        hrefs(&r)
    );
    // Minutes once published; a draft never.
    let r = find(db, None, "citas consulares").await;
    assert!(
        hrefs(&r).contains(&"/bodies/tj/meetings/marzo"),
        "{n}: {:?}",
        hrefs(&r)
    );
    assert_eq!(find(db, None, "BORRADOR-ACTA-m5").await.total, 0, "{n}");
    // Members are not searched.
    assert_eq!(find(db, None, "NOMBRE-PRIVADO-k2").await.total, 0, "{n}");
    assert_eq!(find(db, None, "correo-privado-k2").await.total, 0, "{n}");
    // Nothing to search for: nothing, and no error.
    for q in ["", "de la", "\"", "*", "'); DROP TABLE demands; --", "a*"] {
        assert_eq!(find(db, None, q).await.total, 0, "{n}: {q}");
    }
}

on_both!(filters_pages_and_a_write_reach_the_results);
async fn filters_pages_and_a_write_reach_the_results(t: support::TestDb) {
    let db = &t.conn;
    dataset::import(db, DOC, Default::default(), &|_| {})
        .await
        .expect("import");
    let n = &t.name;
    let q = |extra: fn(&mut SearchQuery)| {
        let mut f = SearchQuery {
            q: "visa".into(),
            ..Default::default()
        };
        extra(&mut f);
        f
    };
    let r = find_with(db, None, q(|f| f.topic = "health".into())).await;
    assert_eq!(hrefs(&r), vec!["/bodies/tj/demands/salud"], "{n}");
    let r = find_with(db, None, q(|f| f.authority = "comar".into())).await;
    assert_eq!(hrefs(&r), vec!["/bodies/tj/demands/salud"], "{n}");
    let r = find_with(db, None, q(|f| f.status = "accepted".into())).await;
    assert_eq!(hrefs(&r), vec!["/bodies/tj/demands/regularizacion"], "{n}");
    let r = find_with(
        db,
        None,
        q(|f| {
            f.from = "2026-02-01".into();
            f.to = "2026-02-28".into();
        }),
    )
    .await;
    assert_eq!(hrefs(&r), vec!["/bodies/tj/demands/regularizacion"], "{n}");
    let r = find_with(
        db,
        None,
        SearchQuery {
            q: "ordinaria".into(),
            kind: "meeting".into(),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(r.total, 2, "{n}: {:?}", hrefs(&r));
    assert!(r.hits.iter().all(|h| h.kind == SearchKind::Meeting), "{n}");
    // Bad filters are named, not a server error.
    for bad in [
        q(|f| f.kind = "member".into()),
        q(|f| f.body = "interno".into()),
        q(|f| f.topic = "nope".into()),
        q(|f| f.from = "ayer".into()),
    ] {
        assert!(
            search::search(db, None, &bad).await.is_err(),
            "{n}: {bad:?}"
        );
    }

    // Pages: 20 each, the total over all of them.
    let stmt = (0..45)
        .map(|i| {
            format!(
                "INSERT INTO demands (body_id, key, title, text, topic, submitted_by, submitted_at, confidential) \
                 SELECT body_id, 'extra{i}', 'Consulta de visa {i}', 'x', 'other', submitted_by, submitted_at, false \
                 FROM demands WHERE key = 'visas'"
            )
        })
        .collect::<Vec<_>>();
    for s in stmt {
        db.execute_unprepared(&s).await.expect("insert");
    }
    // Written behind the application's back: the triggers queued them.
    let r = find(db, None, "consulta visa").await;
    assert_eq!((r.total, r.pages, r.hits.len()), (45, 3, 20), "{n}");
    let last = find_with(
        db,
        None,
        SearchQuery {
            q: "consulta visa".into(),
            page: 9,
            ..Default::default()
        },
    )
    .await;
    assert_eq!((last.page, last.hits.len()), (3, 5), "{n}");
    // More than a batch of the queue at once (it is drained in order, from
    // a cursor, and once more from its start).
    db.execute_unprepared(
        "INSERT INTO demands (body_id, key, title, text, topic, submitted_by, submitted_at, confidential) \
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1234) \
         SELECT d.body_id, 'lote' || n.i, 'Lote de albergue ' || n.i, 'x', 'other', d.submitted_by, \
         d.submitted_at, false FROM n, demands d WHERE d.key = 'visas'",
    )
    .await
    .expect("insert");
    let r = find(db, None, "lote").await;
    assert_eq!(
        (r.total, r.more),
        (1000, true),
        "{n}: counted up to the cap"
    );
    let r = find_up_to(db, "lote", 5000).await;
    assert_eq!((r.total, r.more), (1234, false), "{n}: every one indexed");
    // The demands list's words count the same way.
    let f = app::domain::demands::DemandFilter {
        q: "lote".into(),
        page: 1,
        ..Default::default()
    };
    let l = app::server::services::demands::list(db, None, &f, chrono::Utc::now())
        .await
        .expect("list");
    assert_eq!((l.total, l.more, l.pages), (1000, true, 40), "{n}");
    // An edit is found at once, the old words no more.
    db.execute_unprepared("UPDATE demands SET title = 'Permisos de trabajo' WHERE key = 'salud'")
        .await
        .unwrap();
    let r = find(db, None, "permisos").await;
    assert_eq!(hrefs(&r), vec!["/bodies/tj/demands/salud"], "{n}");
    assert_eq!(
        find_up_to(db, "albergues", 5000).await.total,
        1234,
        "{n}: the lots only"
    );
    db.execute_unprepared("DELETE FROM search_docs WHERE kind = 'body'")
        .await
        .unwrap();
    db.execute_unprepared("UPDATE bodies SET name = name")
        .await
        .unwrap();
    assert_eq!(
        hrefs(&find(db, None, "tijuana").await),
        vec!["/bodies/tj"],
        "{n}"
    );
}

on_both!(confidential_text_is_found_only_by_those_who_may_read_it);
async fn confidential_text_is_found_only_by_those_who_may_read_it(t: support::TestDb) {
    let db = &t.conn;
    dataset::import(db, DOC, Default::default(), &|_| {})
        .await
        .expect("import");
    let n = &t.name;
    let password = "a long password";
    let ids = [
        support::account(
            db,
            "comar@example.org",
            password,
            &[("official", "", "", "comar")],
        )
        .await,
        support::account(
            db,
            "inm@example.org",
            password,
            &[("official", "", "", "inm")],
        )
        .await,
        support::account(
            db,
            "rosa@example.org",
            password,
            &[("representative", "tj", "r", "")],
        )
        .await,
        support::account(
            db,
            "pablo@example.org",
            password,
            &[("representative", "interno", "p", "")],
        )
        .await,
        support::account(db, "admin@example.org", password, &[("admin", "", "", "")]).await,
    ];
    let mut actors = Vec::new();
    for id in ids {
        actors.push(
            load_actor(db, id, chrono::Utc::now())
                .await
                .expect("actor")
                .expect("an actor"),
        );
    }
    let [comar, inm, rosa, pablo, admin] = &actors[..] else {
        unreachable!()
    };
    let reservado = "/bodies/tj/demands/reservado";
    for marker in ["TEXTO-CONFIDENCIAL-x9", "HILO-CONFIDENCIAL-y7"] {
        for (who, may) in [
            (None, false),
            (Some(inm), false),
            (Some(pablo), false),
            (Some(comar), true),
            (Some(rosa), true),
            (Some(admin), true),
        ] {
            let r = find(db, who, marker).await;
            assert_eq!(
                hrefs(&r).contains(&reservado),
                may,
                "{n}: {marker} as {who:?}"
            );
            if may {
                assert!(text(&r.hits[0]).contains(marker), "{n}: {:?}", r.hits[0]);
            }
        }
    }
    // By its title everyone finds it, as the lists show it, and sees no
    // word of its text; those who may read it find it once.
    let r = find(db, None, "reunificacion").await;
    assert_eq!(hrefs(&r), vec![reservado], "{n}");
    assert!(
        r.hits[0].outline && r.hits[0].snippet.is_empty(),
        "{n}: {:?}",
        r.hits[0]
    );
    let r = find(db, Some(comar), "reunificacion").await;
    assert_eq!(hrefs(&r), vec![reservado], "{n}");
    assert!(!r.hits[0].outline, "{n}");
    // A hidden body: its own people find its demand, and the officials it
    // is addressed to (their inbox lists it); nobody else.
    assert_eq!(find(db, None, "jornaleros").await.total, 0, "{n}");
    assert_eq!(find(db, Some(comar), "jornaleros").await.total, 0, "{n}");
    assert_eq!(find(db, Some(inm), "jornaleros").await.total, 1, "{n}");
    assert_eq!(find(db, Some(pablo), "jornaleros").await.total, 1, "{n}");
    assert_eq!(
        find(db, Some(inm), "sonora").await.total,
        1,
        "{n}: the demand, not the body"
    );
    // The demands list's words go through the same rule.
    let list = |who: Option<&Actor>| {
        let f = app::domain::demands::DemandFilter {
            q: "TEXTO-CONFIDENCIAL-x9".into(),
            page: 1,
            ..Default::default()
        };
        let who = who.cloned();
        async move {
            app::server::services::demands::list(db, who.as_ref(), &f, chrono::Utc::now())
                .await
                .unwrap()
                .total
        }
    };
    assert_eq!(list(None).await, 0, "{n}");
    assert_eq!(list(Some(inm)).await, 0, "{n}");
    assert_eq!(list(Some(comar)).await, 1, "{n}");
    // Whichever plan the list reads its words by (chosen by how many
    // demands match, at scale), it selects the same demands.
    for q in [
        "TEXTO-CONFIDENCIAL-x9",
        "reunificacion",
        "visa",
        "\"visas humanitarias\"",
        "consulta visa",
    ] {
        for who in [None, Some(inm), Some(pablo), Some(comar), Some(admin)] {
            let w = search::demands_matching(db.get_database_backend(), who, q).expect("words");
            let mut seen = Vec::new();
            for plan in [
                search::ListPlan::FromMatches,
                search::ListPlan::InDateOrder,
                search::ListPlan::AskEach,
            ] {
                let (cond, values) = search::list_plan(&w, plan);
                let ids: Vec<i64> = entity::demand::Entity::find()
                    .filter(sea_orm::sea_query::Expr::cust_with_values(cond, values))
                    .order_by_desc(entity::demand::Column::SubmittedAt)
                    .order_by_desc(entity::demand::Column::Id)
                    .all(db)
                    .await
                    .expect("list")
                    .into_iter()
                    .map(|d| d.id)
                    .collect();
                seen.push(ids);
            }
            assert!(
                !seen[0].is_empty() || !matches!(q, "visa" | "reunificacion"),
                "{n}: {q} as {who:?}"
            );
            assert!(
                seen.iter().all(|ids| ids == &seen[0]),
                "{n}: {q} as {who:?}: {seen:?}"
            );
        }
    }

    // Over HTTP: the page without JavaScript and the open-data API.
    let base = support::serve(db.clone()).await;
    let c = support::client();
    let page = support::text(&c, format!("{base}/buscar?q=visas+humanitarias")).await;
    assert!(
        page.contains("<mark>Visas</mark> <mark>humanitarias</mark>"),
        "{n}: {page}"
    );
    assert!(page.contains("href=\"/bodies/tj/demands/visas\""), "{n}");
    let page = support::text(&c, format!("{base}/buscar?q=visa")).await;
    assert!(!page.contains("TEXTO-CONFIDENCIAL"), "{n}");
    let api: serde_json::Value = serde_json::from_str(
        &support::text(&c, format!("{base}/api/v1/search?q=visa&kind=demand")).await,
    )
    .unwrap();
    assert_eq!(api["total"], 3, "{n}: {api}");
    assert_eq!(
        api["items"][0]["href"], "/bodies/tj/demands/visas",
        "{n}: {api}"
    );
    let api = support::text(&c, format!("{base}/api/v1/search?q=TEXTO-CONFIDENCIAL-x9")).await;
    assert!(api.contains("\"total\":0"), "{n}: {api}");
    let r = c
        .get(format!("{base}/api/v1/search?q=visa&kind=member"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{n}");
    let r = c
        .get(format!("{base}/api/v1/search?q=visa&page=0"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{n}");
}
