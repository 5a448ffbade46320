//! Mail delivery against a real SMTP server (aiosmtpd, started by the
//! test): delivery in both forms, retries with back-off while the server
//! refuses, exactly-once delivery with two workers on one database, the
//! dedupe key, and the directory transport.
use crate::support;

use app::server::services::mail::{outbox, templates};
use chrono::Utc;
use entity::mail_outbox;
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};
use server::mail::{Backoff, Transport, Worker};
use std::collections::HashSet;
use std::time::Duration;
use support::smtp::SmtpSink;

fn worker(db: &DatabaseConnection, config: &server::config::MailConfig) -> Worker {
    let (transport, from) = Transport::from_config(config).expect("transport");
    let mut w = Worker::new(db.clone(), transport, from);
    w.backoff = Backoff {
        base: Duration::from_millis(200),
        max: Duration::from_secs(5),
    };
    w
}

async fn queue(db: &DatabaseConnection, to: &str, locale: &str, key: Option<String>) -> bool {
    let m = templates::invitation(
        locale,
        "http://voces.test/invitations/abc",
        Some("Ana"),
        Some(("representative", Some("Consejo Municipal de Tijuana"))),
        7,
    );
    outbox::enqueue(
        db,
        outbox::Mail {
            to: to.into(),
            subject: m.subject,
            text: m.text,
            html: Some(m.html),
            dedupe_key: key,
            attachment: None,
            unsubscribe: None,
        },
        Utc::now(),
    )
    .await
    .unwrap()
}

on_both!(delivers_plain_text_and_html_in_the_recipients_language);
async fn delivers_plain_text_and_html_in_the_recipients_language(t: support::TestDb) {
    let sink = SmtpSink::start();
    let db = &t.conn;
    let before = sink.messages().len();
    queue(db, "es@example.org", "es", None).await;
    queue(db, "en@example.org", "en", None).await;
    let round = worker(db, &sink.config()).run_once().await.unwrap();
    assert_eq!((round.sent, round.failed), (2, 0), "{}", t.name);
    let all = sink.wait_for(before + 2, Duration::from_secs(5));
    let mine = &all[before..];
    assert_eq!(mine.len(), 2);
    let es = mine.iter().find(|m| m.contains("es@example.org")).unwrap();
    assert!(es.contains("multipart/alternative"));
    assert!(es.contains("text/plain") && es.contains("text/html"));
    assert!(es.contains("Subject: Tu "), "{es}");
    // The role and the council, with the article Spanish puts there, in
    // both parts; a viewport for phones.
    let m = templates::invitation(
        "es",
        "http://voces.test/invitations/abc",
        None,
        Some(("representative", Some("Consejo Municipal de Tijuana"))),
        7,
    );
    for part in [&m.text, &m.html] {
        assert!(
            part.contains("Te invitan como representante del Consejo Municipal de Tijuana."),
            "{part}"
        );
    }
    assert!(m.html.contains("name=\"viewport\""), "{}", m.html);
    let en = mine.iter().find(|m| m.contains("en@example.org")).unwrap();
    assert!(en.contains("Subject: Your invitation to Voces"));
    assert!(support::smtp::decoded(en).contains("http://voces.test/invitations/abc"));
    for row in mail_outbox::Entity::find().all(db).await.unwrap() {
        assert!(row.sent_at.is_some());
        assert_eq!(row.attempts, 1);
        assert!(row.locked_until.is_none() && row.last_error.is_none());
    }
    // Nothing is sent twice.
    let again = worker(db, &sink.config()).run_once().await.unwrap();
    assert_eq!(again.sent, 0);
}

on_both!(a_refusing_server_leads_to_retries_then_one_delivery);
async fn a_refusing_server_leads_to_retries_then_one_delivery(t: support::TestDb) {
    let sink = SmtpSink::start();
    let db = &t.conn;
    let before = sink.messages().len();
    sink.refuse(true);
    queue(db, "retry@example.org", "es", None).await;
    let w = worker(db, &sink.config());
    let r = w.run_once().await.unwrap();
    assert_eq!((r.sent, r.failed), (0, 1), "{}", t.name);
    let row = mail_outbox::Entity::find().one(db).await.unwrap().unwrap();
    assert_eq!(row.attempts, 1);
    assert!(
        row.last_error.as_deref().unwrap().contains("451"),
        "{:?}",
        row.last_error
    );
    assert!(row.sent_at.is_none() && row.locked_until.is_none());
    let wait1 = row.next_attempt_at - row.created_at;
    // Not due yet: a round now sends nothing.
    assert_eq!(w.run_once().await.unwrap(), Default::default());
    until_due(db).await;
    assert_eq!(w.run_once().await.unwrap().failed, 1);
    let row = mail_outbox::Entity::find().one(db).await.unwrap().unwrap();
    assert_eq!(row.attempts, 2);
    assert!(
        row.next_attempt_at - Utc::now() > chrono::Duration::milliseconds(250),
        "the wait doubles (first wait {wait1})"
    );
    // The server accepts again: delivered once.
    sink.refuse(false);
    until_due(db).await;
    assert_eq!(w.run_once().await.unwrap().sent, 1);
    assert_eq!(w.run_once().await.unwrap().sent, 0);
    // The sink stores a message before it accepts it, so once the worker
    // says "sent" everything that will arrive has arrived.
    let got = sink.wait_for(before + 1, Duration::from_secs(5));
    assert_eq!(
        sink.messages().len(),
        before + 1,
        "nothing lost, nothing twice"
    );
    assert!(got.last().unwrap().contains("retry@example.org"));
    let row = mail_outbox::Entity::find().one(db).await.unwrap().unwrap();
    assert_eq!(row.attempts, 3);
    assert!(row.sent_at.is_some() && row.last_error.is_none());
}

on_both!(two_workers_on_one_database_send_each_mail_once);
async fn two_workers_on_one_database_send_each_mail_once(t: support::TestDb) {
    let sink = SmtpSink::start();
    let db = &t.conn;
    let before = sink.messages().len();
    let n = 40;
    for i in 0..n {
        queue(db, &format!("burst{i}-{}@example.org", t.name), "en", None).await;
    }
    let mut tasks = Vec::new();
    for _ in 0..2 {
        let mut w = worker(db, &sink.config());
        w.batch = 3;
        tasks.push(tokio::spawn(async move {
            let mut sent = 0;
            loop {
                let r = w.run_once().await.unwrap();
                sent += r.sent;
                if r.sent + r.failed == 0 {
                    return sent;
                }
            }
        }));
    }
    let mut total = 0;
    for task in tasks {
        total += task.await.unwrap();
    }
    assert_eq!(total, n, "{}", t.name);
    // Every send returned, so every message the sink will ever get is there.
    let all = sink.wait_for(before + n, Duration::from_secs(10));
    let mine: Vec<String> = sink.messages()[before..].to_vec();
    assert_eq!(
        mine.len(),
        n,
        "{}: exactly once ({} seen)",
        t.name,
        all.len()
    );
    let recipients: HashSet<String> = mine
        .iter()
        .filter_map(|m| m.lines().next().map(str::to_string))
        .collect();
    assert_eq!(recipients.len(), n, "each recipient once");
}

on_both!(dedupe_keys_queue_once_and_without_smtp_mail_goes_to_files);
async fn dedupe_keys_queue_once_and_without_smtp_mail_goes_to_files(t: support::TestDb) {
    let db = &t.conn;
    assert!(queue(db, "a@example.org", "es", Some("reminder:1".into())).await);
    assert!(!queue(db, "a@example.org", "es", Some("reminder:1".into())).await);
    assert_eq!(
        mail_outbox::Entity::find().count(db).await.unwrap(),
        1,
        "{}",
        t.name
    );
    let dir = tempfile::tempdir().unwrap();
    let config = server::config::MailConfig::Directory {
        path: dir.path().join("mail").display().to_string(),
        from: "Voces <no-reply@voces.test>".into(),
    };
    assert_eq!(worker(db, &config).run_once().await.unwrap().sent, 1);
    let files: Vec<_> = std::fs::read_dir(dir.path().join("mail"))
        .unwrap()
        .collect();
    assert_eq!(files.len(), 1);
    let text = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
    assert!(text.contains("a@example.org"));
}

on_both!(smtp_down_for_a_while_then_everything_arrives_once);
/// No SMTP server at all for a while (connection refused): the running
/// worker keeps the mail and retries; once a server listens, every message
/// arrives, once.
async fn smtp_down_for_a_while_then_everything_arrives_once(t: support::TestDb) {
    let db = &t.conn;
    let port = support::smtp::free_port();
    let config = server::config::MailConfig::Smtp {
        host: "127.0.0.1".into(),
        port,
        tls: server::config::SmtpTls::None,
        user: None,
        password: None,
        from: "Voces <no-reply@voces.test>".into(),
    };
    for i in 0..5 {
        queue(db, &format!("down{i}@example.org"), "es", None).await;
    }
    let mut w = worker(db, &config);
    w.poll = Duration::from_millis(50);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let running = tokio::spawn(w.run(stop_rx));
    // Down: attempts fail and are recorded, nothing is lost.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let failed = mail_outbox::Entity::find().all(db).await.unwrap();
    assert_eq!(failed.len(), 5, "{}", t.name);
    assert!(
        failed
            .iter()
            .all(|m| m.sent_at.is_none() && m.attempts >= 1 && m.last_error.is_some()),
        "{}: {failed:?}",
        t.name
    );
    // Back: the same worker delivers all five, once.
    let sink = SmtpSink::start_on(port);
    // Waited for here without blocking the runtime the worker runs on.
    let until = std::time::Instant::now() + Duration::from_secs(30);
    while sink.messages().len() < 5 && std::time::Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(sink.messages().len(), 5, "{}", t.name);
    // Stop the worker and wait for it: after that nothing more can be sent.
    let _ = stop_tx.send(true);
    let _ = running.await;
    assert_eq!(sink.messages().len(), 5, "{}: nothing twice", t.name);
    let sent = mail_outbox::Entity::find().all(db).await.unwrap();
    assert!(sent.iter().all(|m| m.sent_at.is_some()), "{}", t.name);
}

/// Waits until the one mail in the outbox is due again (its back-off over):
/// the condition the next round depends on, not a guess at its length.
async fn until_due(db: &sea_orm::DatabaseConnection) {
    let row = mail_outbox::Entity::find()
        .one(db)
        .await
        .expect("outbox")
        .expect("a mail");
    let wait = (row.next_attempt_at - Utc::now()).num_milliseconds().max(0) as u64;
    tokio::time::sleep(Duration::from_millis(wait + 20)).await;
}
