//! Two server processes on one PostgreSQL database, as behind a load
//! balancer: a session made on one is valid on the other, a burst of
//! events through both gives each notification exactly once at the SMTP
//! server, the reminder job of both queues each reminder once, and both
//! serve the same figures.
#![cfg(unix)]
use crate::support;

use app::server::services::dataset;
use reqwest::{header, Client, StatusCode};

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::smtp::SmtpSink;

pub const DOC: &str = include_str!("../fixtures/instances.json");

pub struct Instance {
    pub child: Child,
    pub base: String,
}

impl Instance {
    /// SIGTERM, as a service manager stops it, and waits for the exit.
    pub fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server binary on `url`, mailing through `smtp`, its log in `dir`,
/// with `env` besides.
pub fn start(
    url: &str,
    smtp: &SmtpSink,
    dir: &std::path::Path,
    n: usize,
    env: &[(&str, &str)],
) -> Instance {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("serve")
        .env("DATABASE_URL", url)
        // Figures are read right after their writes.
        .env("FIGURES_LAG_AFTER_MS", "off")
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("SMTP_HOST", "127.0.0.1")
        .env("SMTP_PORT", smtp.port.to_string())
        .env("SMTP_TLS", "none")
        .env("MAIL_FROM", "Voces <no-reply@voces.test>")
        .env("MAIL_RETRY_SECONDS", "1")
        .env("RUST_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(
            std::fs::File::create(dir.join(format!("instance-{n}.log")))
                .map(Stdio::from)
                .unwrap_or(Stdio::null()),
        )
        .spawn()
        .expect("the server binary starts");
    Instance {
        child,
        base: format!("http://127.0.0.1:{port}"),
    }
}

/// What the instances started with `dir` logged (warnings and errors): a
/// failure says why a background job did nothing, which the temporary
/// directory would otherwise take away with it.
pub fn logs(dir: &std::path::Path) -> String {
    (1..=2)
        .map(|n| {
            let log =
                std::fs::read_to_string(dir.join(format!("instance-{n}.log"))).unwrap_or_default();
            format!("instance {n}:\n{log}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub async fn wait_healthy(c: &Client, base: &str) {
    let until = Instant::now() + Duration::from_secs(60);
    while Instant::now() < until {
        if let Ok(r) = c.get(format!("{base}/healthz")).send().await {
            if r.status() == StatusCode::OK {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{base} did not become healthy");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_sessions_mail_reminders_and_figures() {
    let _one = crate::ONE_AT_A_TIME.lock().await;
    let Some(t) = support::postgres().await else {
        return;
    };
    let db = &t.conn;
    // Submitted 40 to 38 days ago: 30 days to answer, so overdue by 8 to
    // 10 days (reminders are for deadlines passed within 30 days).
    let mut doc = DOC.to_string();
    for (day, fixed) in [
        (40, "2026-01-10T10:00:00-08:00"),
        (39, "2026-01-11T10:00:00-08:00"),
        (38, "2026-01-12T10:00:00-08:00"),
    ] {
        let at = (chrono::Utc::now() - chrono::Duration::days(day)).to_rfc3339();
        doc = doc.replace(fixed, &at);
    }
    dataset::import(db, &doc, Default::default(), &|_| {})
        .await
        .expect("import");
    support::account(
        db,
        "off@example.org",
        "a long password",
        &[("official", "", "", "a")],
    )
    .await;
    support::account(
        db,
        "sec@example.org",
        "a long password",
        &[("secretary", "b", "s", "")],
    )
    .await;
    let smtp = SmtpSink::start();
    let dir = tempfile::tempdir().unwrap();
    let url = t.url().unwrap();
    let one = start(&url, &smtp, dir.path(), 1, &[]);
    let two = start(&url, &smtp, dir.path(), 2, &[]);
    let c = support::client();
    wait_healthy(&c, &one.base).await;
    wait_healthy(&c, &two.base).await;

    // A session made on one instance is valid on the other.
    let official = support::sign_in(&c, &one.base, "off@example.org", "a long password").await;
    for base in [&one.base, &two.base] {
        let r = c
            .get(format!("{base}/inbox"))
            .header(header::COOKIE, &official)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{base}");
        assert!(r.text().await.unwrap().contains("Uno"), "{base}");
    }

    // The start-up jobs (deadline reminders, then the weekly digests) run
    // beside the requests. Wait until they have queued their mail before
    // answering: an answered referral is no longer overdue, so a job that
    // read the cases after the burst below would queue neither (the
    // digest's wait once ran out that way, under a loaded machine).
    let jobs_by = Instant::now() + Duration::from_secs(90);
    loop {
        let reminders = support::scalar(
            db,
            "SELECT COUNT(*) FROM mail_outbox WHERE dedupe_key LIKE 'reminder:%'",
        )
        .await;
        let digests = support::scalar(
            db,
            "SELECT COUNT(*) FROM mail_outbox WHERE dedupe_key LIKE 'digest:%'",
        )
        .await;
        if reminders >= 3 && digests > 0 {
            break;
        }
        assert!(
            Instant::now() < jobs_by,
            "the start-up jobs queued {reminders} reminders and {digests} digests\n{}",
            logs(dir.path())
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // A burst of answers through both at once (each notifies the body).
    let mut burst = Vec::new();
    let kinds = ["partially_accepted", "accepted", "implemented", "rejected"];
    for (round, kind) in kinds.iter().enumerate() {
        for (i, d) in ["d1", "d2", "d3"].iter().enumerate() {
            let base = if (round + i) % 2 == 0 {
                &one.base
            } else {
                &two.base
            };
            let req = c
                .post(format!("{base}/bodies/b/demands/{d}/referrals/a/events"))
                .header(header::COOKIE, &official)
                .form(&[
                    ("kind", *kind),
                    ("text", &format!("Respuesta {round}")),
                    ("confirm", "yes"),
                ]);
            burst.push(async move { req.send().await.map(|r| r.status()) });
        }
    }
    for status in futures_util::future::join_all(burst).await {
        assert_eq!(status.unwrap(), StatusCode::SEE_OTHER);
    }

    let until = Instant::now() + Duration::from_secs(90);
    // Every queued message is delivered, each exactly once, by whichever
    // instance's worker claimed it.
    loop {
        let pending =
            support::scalar(db, "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL").await;
        if pending == 0 {
            break;
        }
        assert!(
            Instant::now() < until,
            "{pending} messages still unsent\n{}",
            logs(dir.path())
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let queued = support::scalar(db, "SELECT COUNT(*) FROM mail_outbox").await;
    let notices = support::scalar(
        db,
        "SELECT COUNT(*) FROM mail_outbox WHERE dedupe_key LIKE 'event:%'",
    )
    .await;
    assert!(notices >= 12, "one notice per event at least: {notices}");
    // The reminder job ran on both at start: each reminder queued once.
    let reminders = support::scalar(
        db,
        "SELECT COUNT(*) FROM mail_outbox WHERE dedupe_key LIKE 'reminder:%'",
    )
    .await;
    let distinct = support::scalar(
        db,
        "SELECT COUNT(DISTINCT dedupe_key) FROM mail_outbox WHERE dedupe_key LIKE 'reminder:%'",
    )
    .await;
    assert!(
        reminders >= 3,
        "overdue referrals get a reminder: {reminders}"
    );
    assert_eq!(reminders, distinct);
    // And the weekly digests: one per person, whichever instance queued it.
    let digests = support::scalar(
        db,
        "SELECT COUNT(*) FROM mail_outbox WHERE dedupe_key LIKE 'digest:%'",
    )
    .await;
    let distinct = support::scalar(
        db,
        "SELECT COUNT(DISTINCT dedupe_key) FROM mail_outbox WHERE dedupe_key LIKE 'digest:%'",
    )
    .await;
    assert!(digests >= 1, "overdue cases get a digest: {digests}");
    assert_eq!(digests, distinct);

    // The same figures from both.
    for path in ["/api/v1/bodies/b/metrics", "/api/v1/authorities/a/metrics"] {
        let a = support::text(&c, format!("{}{path}", one.base)).await;
        let b = support::text(&c, format!("{}{path}", two.base)).await;
        let strip = |s: &str| {
            let mut v: serde_json::Value = serde_json::from_str(s).unwrap();
            v["as_of"] = serde_json::Value::Null;
            v
        };
        assert_eq!(strip(&a), strip(&b), "{path}");
    }

    // Both stopped (a stop finishes the mail worker's batch): nothing more
    // can arrive, so the count is final — no waiting for a duplicate.
    one.stop();
    two.stop();
    let received = smtp.messages();
    assert_eq!(
        received.len() as i64,
        queued,
        "each message once at the SMTP server"
    );
}
