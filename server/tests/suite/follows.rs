//! Following by e-mail without an account: follow → confirm from the mail
//! → an answer arrives → one mail (immediate) or one digest (daily) →
//! unsubscribe in one click (RFC 8058) → nothing more. Also: nothing before
//! confirmation, nothing twice (two rounds at once, as two instances
//! would), nothing a public page would not show (a confidential demand's
//! answer text), the form's limits per address and per client, the page
//! of one's follows, and the mail's List-Unsubscribe headers through real
//! SMTP. Both databases.
use crate::support;

use app::server::authz::{load_actor, Actor};
use app::server::error::ServiceError;
use app::server::services::accounts::SiteUrl;
use app::server::services::dataset;
use app::server::services::demands::write;
use app::server::services::follows::{self, delivery, FollowForm, FrequencyForm, Requested};
use chrono::{DateTime, Duration, Utc};
use entity::mail_outbox;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

const DOC: &str = include_str!("../fixtures/search.json");

fn site() -> SiteUrl {
    SiteUrl::new("https://voces.test")
}

fn form(email: &str, frequency: &str) -> FollowForm {
    FollowForm {
        email: email.into(),
        frequency: frequency.into(),
        locale: String::new(),
    }
}

/// The mails queued to `to`, oldest first.
async fn mails_to(db: &DatabaseConnection, to: &str) -> Vec<mail_outbox::Model> {
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Recipient.eq(to))
        .order_by_asc(mail_outbox::Column::Id)
        .all(db)
        .await
        .unwrap()
}

fn token_of(url: &str) -> String {
    url.rsplit('/').next().unwrap().to_string()
}

async fn official(db: &DatabaseConnection, email: &str, authority: &str) -> Actor {
    let id = support::account(
        db,
        email,
        "a long password",
        &[("official", "", "", authority)],
    )
    .await;
    load_actor(db, id, Utc::now()).await.unwrap().unwrap()
}

async fn answer(
    db: &DatabaseConnection,
    who: &Actor,
    demand: &str,
    authority: &str,
    kind: &str,
    text: &str,
    at: DateTime<Utc>,
) {
    write::add_event(
        db,
        Some(who),
        &site(),
        ("tj", demand, authority),
        kind,
        text,
        "",
        at,
    )
    .await
    .expect("answer");
}

/// Follows `what` and confirms it; returns the follow's token (its
/// unsubscribe link's) and the address's (its page of follows).
async fn follow_confirmed(
    db: &DatabaseConnection,
    email: &str,
    kind: &str,
    target: &str,
    frequency: &str,
    at: DateTime<Utc>,
) -> (String, String) {
    let Requested::Confirm(url) = follows::request(
        db,
        &site(),
        kind,
        target,
        &form(email, frequency),
        "es",
        "10.0.0.1",
        at,
    )
    .await
    .expect("follow") else {
        panic!("a confirmation");
    };
    let token = token_of(&url);
    let manage = follows::confirm(db, &token, at).await.expect("confirm");
    (token, manage)
}

on_both!(follow_confirm_answer_one_mail_then_unsubscribe_in_one_click);
async fn follow_confirm_answer_one_mail_then_unsubscribe_in_one_click(t: support::TestDb) {
    let db = &t.conn;
    let n = &t.name;
    dataset::import(db, DOC, Default::default(), &|_| {})
        .await
        .expect("import");
    let inm = official(db, "inm@example.org", "inm").await;
    let comar = official(db, "comar@example.org", "comar").await;
    let t0 = Utc::now();

    // The form queues a confirmation, and nothing else until confirmed.
    let asked = follows::request(
        db,
        &site(),
        "body",
        "tj",
        &form("  Ana@Example.org ", "immediate"),
        "es",
        "10.0.0.1",
        t0,
    )
    .await
    .expect("follow");
    let Requested::Confirm(url) = asked else {
        panic!("{n}: a confirmation")
    };
    assert!(
        url.starts_with("https://voces.test/follow/confirm/"),
        "{url}"
    );
    let sent = mails_to(db, "ana@example.org").await;
    assert_eq!(sent.len(), 1, "{n}");
    assert!(
        sent[0].subject.starts_with("Confirma"),
        "{}",
        sent[0].subject
    );
    assert!(sent[0].body_text.contains(&url));
    assert!(sent[0].list_unsubscribe.is_none());
    answer(
        db,
        &inm,
        "visas",
        "inm",
        "acknowledged",
        "Recibida.",
        t0 + Duration::seconds(5),
    )
    .await;
    assert_eq!(
        delivery::run(db, &site(), t0 + Duration::minutes(2))
            .await
            .unwrap(),
        0,
        "{n}: nothing before confirmation"
    );

    // Confirmed: what happens from then on is mailed, once.
    let token = token_of(&url);
    let t1 = t0 + Duration::minutes(3);
    let manage = follows::confirm(db, &token, t1).await.expect("confirm");
    answer(
        db,
        &inm,
        "visas",
        "inm",
        "accepted",
        "Se emitirán visas humanitarias.",
        t1 + Duration::seconds(30),
    )
    .await;
    // Two rounds at once, as two instances would run them.
    let at = t1 + Duration::minutes(1);
    let s = site();
    let (a, b) = tokio::join!(delivery::run(db, &s, at), delivery::run(db, &s, at));
    assert_eq!(a.unwrap() + b.unwrap(), 1, "{n}: one mail, not two");
    let sent = mails_to(db, "ana@example.org").await;
    assert_eq!(sent.len(), 2, "{n}");
    let news = &sent[1];
    assert!(news.body_text.contains("Visas"), "{n}: {}", news.body_text);
    assert!(news
        .body_text
        .contains("https://voces.test/bodies/tj/demands/visas"));
    assert!(news
        .body_text
        .contains(&format!("https://voces.test/follows/{manage}")));
    assert_eq!(
        news.list_unsubscribe.as_deref(),
        Some(format!("https://voces.test/unsubscribe/{token}").as_str())
    );
    // The earlier answer (before confirming) is not in it.
    assert!(!news.body_text.contains("Acuse"), "{n}: {}", news.body_text);
    assert_eq!(
        delivery::run(db, &site(), at + Duration::minutes(1))
            .await
            .unwrap(),
        0,
        "{n}: nothing new, nothing sent"
    );

    // A confidential demand's answer: told, but its words stay withheld.
    answer(
        db,
        &comar,
        "reservado",
        "comar",
        "accepted",
        "MARCA-PRIVADA del caso",
        at + Duration::minutes(2),
    )
    .await;
    assert_eq!(
        delivery::run(db, &site(), at + Duration::minutes(3))
            .await
            .unwrap(),
        1
    );
    let sent = mails_to(db, "ana@example.org").await;
    let last = sent.last().unwrap();
    assert!(!last.body_text.contains("MARCA-PRIVADA"), "{n}");
    assert!(!last
        .body_html
        .as_deref()
        .unwrap_or("")
        .contains("MARCA-PRIVADA"));

    // One click from the mail program: another site's POST, 200, and gone.
    let base = support::serve(db.clone()).await;
    let r = support::client()
        .post(format!("{base}/unsubscribe/{token}"))
        .header("origin", "https://mail.example.net")
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{n}");
    answer(
        db,
        &comar,
        "salud",
        "comar",
        "acknowledged",
        "Recibida.",
        at + Duration::minutes(5),
    )
    .await;
    assert_eq!(
        delivery::run(db, &site(), at + Duration::minutes(10))
            .await
            .unwrap(),
        0,
        "{n}: nothing after unsubscribing"
    );
    assert_eq!(mails_to(db, "ana@example.org").await.len(), 3);
    // The address is forgotten with its last follow.
    assert_eq!(
        support::scalar(db, "SELECT COUNT(*) FROM follow_addresses").await,
        0
    );
    // A second click is harmless.
    let r = support::client()
        .post(format!("{base}/unsubscribe/{token}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

on_both!(a_daily_digest_collects_a_days_news_in_one_mail);
async fn a_daily_digest_collects_a_days_news_in_one_mail(t: support::TestDb) {
    let db = &t.conn;
    let n = &t.name;
    dataset::import(db, DOC, Default::default(), &|_| {})
        .await
        .expect("import");
    let inm = official(db, "inm@example.org", "inm").await;
    let t0 = Utc::now();
    follow_confirmed(db, "eva@example.org", "authority", "inm", "daily", t0).await;
    let first = mails_to(db, "eva@example.org").await.len();
    answer(
        db,
        &inm,
        "visas",
        "inm",
        "acknowledged",
        "Recibida.",
        t0 + Duration::hours(1),
    )
    .await;
    answer(
        db,
        &inm,
        "visas",
        "inm",
        "accepted",
        "Aceptada.",
        t0 + Duration::hours(2),
    )
    .await;
    assert_eq!(
        delivery::run(db, &site(), t0 + Duration::hours(3))
            .await
            .unwrap(),
        0,
        "{n}: a digest waits for its day"
    );
    let day = t0 + Duration::days(1) + Duration::minutes(1);
    assert_eq!(delivery::run(db, &site(), day).await.unwrap(), 1, "{n}");
    let sent = mails_to(db, "eva@example.org").await;
    assert_eq!(sent.len(), first + 1);
    let digest = sent.last().unwrap();
    assert!(
        digest.subject.starts_with("Resumen diario"),
        "{}",
        digest.subject
    );
    assert_eq!(
        digest
            .body_text
            .matches("/bodies/tj/demands/visas#referral-inm")
            .count(),
        2,
        "{n}: both answers: {}",
        digest.body_text
    );
    assert_eq!(
        delivery::run(db, &site(), day + Duration::hours(1))
            .await
            .unwrap(),
        0
    );
    // A quiet day sends nothing.
    assert_eq!(
        delivery::run(db, &site(), day + Duration::days(1))
            .await
            .unwrap(),
        0
    );
}

on_both!(the_form_checks_its_fields_limits_its_use_and_never_tells_who_follows);
async fn the_form_checks_its_fields_limits_its_use_and_never_tells_who_follows(t: support::TestDb) {
    let db = &t.conn;
    let n = &t.name;
    dataset::import(db, DOC, Default::default(), &|_| {})
        .await
        .expect("import");
    let now = Utc::now();
    let ask = |email: &'static str,
               kind: &'static str,
               target: &'static str,
               client: &'static str| async move {
        follows::request(
            db,
            &site(),
            kind,
            target,
            &form(email, "weekly"),
            "en",
            client,
            now,
        )
        .await
    };
    // Fields.
    match follows::request(
        db,
        &site(),
        "body",
        "tj",
        &form("not an address", "hourly"),
        "es",
        "c",
        now,
    )
    .await
    {
        Err(ServiceError::Form(e)) => {
            let fields: Vec<&str> = e.iter().map(|p| p.field.as_str()).collect();
            assert_eq!(fields, ["email", "frequency"], "{n}");
        }
        other => panic!("{n}: {other:?}"),
    }
    // What the public cannot see, or does not exist, cannot be followed.
    for (kind, target) in [
        ("body", "interno"),
        ("body", "nadie"),
        ("demand", "interno/oculta"),
        ("authority", "nadie"),
        ("planet", "x"),
        ("search", ""),
    ] {
        assert!(
            matches!(
                ask("x@example.org", kind, target, "c0").await,
                Err(ServiceError::NotFound)
            ),
            "{n}: {kind} {target}"
        );
    }
    // Confirmed already: a reminder with the page, not a second follow.
    let (_, manage) =
        follow_confirmed(db, "bea@example.org", "demand", "tj/visas", "weekly", now).await;
    assert_eq!(
        ask("bea@example.org", "demand", "tj/visas", "c1")
            .await
            .unwrap(),
        Requested::Known
    );
    let reminder = mails_to(db, "bea@example.org").await;
    assert!(reminder.last().unwrap().body_text.contains(&manage), "{n}");
    // Three mails a day to one address, whoever asks.
    let (a, b) = (
        ask("bea@example.org", "body", "tj", "c2").await,
        ask("bea@example.org", "authority", "inm", "c3").await,
    );
    assert!(a.is_ok() && b.is_err(), "{n}: {a:?} {b:?}");
    assert!(matches!(b, Err(ServiceError::RateLimited { minutes }) if minutes > 0));
    // Twenty uses an hour from one client, whatever the addresses.
    const ADDRESSES: [&str; 21] = [
        "p0@example.org",
        "p1@example.org",
        "p2@example.org",
        "p3@example.org",
        "p4@example.org",
        "p5@example.org",
        "p6@example.org",
        "p7@example.org",
        "p8@example.org",
        "p9@example.org",
        "p10@example.org",
        "p11@example.org",
        "p12@example.org",
        "p13@example.org",
        "p14@example.org",
        "p15@example.org",
        "p16@example.org",
        "p17@example.org",
        "p18@example.org",
        "p19@example.org",
        "p20@example.org",
    ];
    for (i, a) in ADDRESSES.iter().enumerate() {
        let r = ask(a, "search", "q=visa", "10.9.9.9").await;
        assert_eq!(r.is_ok(), i < 20, "{n}: request {i}: {r:?}");
    }

    // The page of one's follows: change the frequency, stop one.
    let mine = follows::mine(db, &manage).await.expect("mine");
    assert_eq!(mine.email, "bea@example.org");
    let titles: Vec<&str> = mine.rows.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(mine.rows.len(), 2, "{n}: {titles:?}");
    assert!(mine.rows[0].confirmed && !mine.rows[1].confirmed);
    let id = mine.rows[0].id;
    follows::set_frequency(
        db,
        &manage,
        id,
        &FrequencyForm {
            frequency: "immediate".into(),
        },
    )
    .await
    .expect("frequency");
    assert!(matches!(
        follows::set_frequency(
            db,
            "not-a-token",
            id,
            &FrequencyForm {
                frequency: "daily".into()
            }
        )
        .await,
        Err(ServiceError::NotFound)
    ));
    let mine = follows::mine(db, &manage).await.unwrap();
    assert_eq!(
        mine.rows[0].frequency,
        app::domain::follows::Frequency::Immediate
    );
    assert!(
        follows::remove(db, &manage, id).await.unwrap(),
        "{n}: one left"
    );
    follows::remove_all(db, &manage).await.unwrap();
    assert!(matches!(
        follows::mine(db, &manage).await,
        Err(ServiceError::NotFound)
    ));
}

on_both!(following_works_without_javascript_and_mails_carry_one_click_headers);
async fn following_works_without_javascript_and_mails_carry_one_click_headers(t: support::TestDb) {
    let db = &t.conn;
    let n = &t.name;
    dataset::import(db, DOC, Default::default(), &|_| {})
        .await
        .expect("import");
    let base = support::serve(db.clone()).await;
    let c = support::client();
    let page = format!("{base}/follow?kind=body&target=tj");
    let post = |url: String, body: &'static str| {
        let c = c.clone();
        async move {
            c.post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    // Its page names what is followed; a refusal comes back to it.
    let html = support::text(&c, &page).await;
    assert!(html.contains("Consejo"), "{n}");
    let r = post(page.clone(), "email=nope&frequency=daily").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{n}");
    let html = r.text().await.unwrap();
    assert!(html.contains("follow-email-error"), "{n}");
    assert!(html.contains("value=\"nope\""));
    let r = post(page.clone(), "email=luz%40example.org&frequency=immediate").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{n}");
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(to, "/follow?kind=body&target=tj&done=follow_sent#follow-h");
    let confirm = mails_to(db, "luz@example.org").await[0].body_text.clone();
    let link = confirm
        .split_whitespace()
        .find(|w| w.contains("/follow/confirm/"))
        .unwrap()
        .to_string();
    let token = token_of(&link);
    // The link opens a page with a button: a scanner following links
    // confirms nothing.
    let html = support::text(&c, format!("{base}/follow/confirm/{token}")).await;
    assert!(
        html.contains("luz@example.org") && html.contains("noindex"),
        "{n}"
    );
    assert_eq!(
        support::scalar(
            db,
            "SELECT COUNT(*) FROM follows WHERE confirmed_at IS NOT NULL"
        )
        .await,
        0
    );
    let r = post(format!("{base}/follow/confirm/{token}"), "").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mine = r.headers()["location"].to_str().unwrap().to_string();
    assert!(
        mine.starts_with("/follows/") && mine.ends_with("?done=follow_confirmed"),
        "{mine}"
    );
    let html = support::text(&c, format!("{base}{mine}")).await;
    assert!(html.contains("luz@example.org"), "{n}");
    assert!(html.contains("/bodies/tj"));
    // An unknown link is a 404 that says so.
    let r = c
        .get(format!("{base}/follow/confirm/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // The news mail through real SMTP: RFC 8058's two headers.
    let inm = official(db, "inm@example.org", "inm").await;
    let now = Utc::now();
    answer(db, &inm, "visas", "inm", "accepted", "Aceptada.", now).await;
    assert_eq!(
        delivery::run(db, &site(), now + Duration::minutes(1))
            .await
            .unwrap(),
        1,
        "{n}"
    );
    // Queued for the round's instant, a minute ahead: due now.
    {
        use sea_orm::{ActiveModelTrait, Set};
        for m in mail_outbox::Entity::find().all(db).await.unwrap() {
            let mut am: mail_outbox::ActiveModel = m.into();
            am.next_attempt_at = Set(Utc::now() - Duration::seconds(1));
            am.update(db).await.unwrap();
        }
    }
    let sink = support::smtp::SmtpSink::start();
    let (transport, from) = server::mail::Transport::from_config(&sink.config()).unwrap();
    let w = server::mail::Worker::new(db.clone(), transport, from);
    while w.run_once().await.unwrap().sent > 0 {}
    let errors: Vec<Option<String>> = mail_outbox::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.last_error)
        .collect();
    assert!(errors.iter().all(Option::is_none), "{n}: {errors:?}");
    let raw = sink
        .wait_for(2, std::time::Duration::from_secs(10))
        .into_iter()
        .find(|m| m.contains("luz@example.org") && m.contains("List-Unsubscribe-Post"))
        .unwrap_or_else(|| panic!("{n}: no news mail with the headers: {:?}", sink.messages()));
    assert!(
        raw.contains(&format!(
            "List-Unsubscribe: <https://voces.test/unsubscribe/{token}>"
        )),
        "{raw}"
    );
    assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));

    // The unsubscribe page: a button, then done.
    let html = support::text(&c, format!("{base}/unsubscribe/{token}")).await;
    assert!(html.contains("luz@example.org"), "{n}");
    let r = post(format!("{base}/unsubscribe/{token}"), "").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        format!("/unsubscribe/{token}?done=unsubscribed")
    );
    assert_eq!(support::scalar(db, "SELECT COUNT(*) FROM follows").await, 0);
}
