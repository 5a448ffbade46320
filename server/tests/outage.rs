//! The database goes away under load and comes back. The server reaches
//! PostgreSQL through a TCP proxy that the test stops (every connection
//! cut, nothing listening) and starts again — what the server sees when
//! PostgreSQL restarts. Meanwhile pages, the API and answer forms keep
//! being requested: during the outage each gets a clear 503 (never a 500,
//! never a hang), the server recovers by itself, and no partial write
//! remains (every answer recorded has its audit record and its notices).
mod support;

use app::server::services::dataset;
use reqwest::{header, redirect::Policy, Client, StatusCode};

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

const DOC: &str = r#"{
  "format": "voces-dataset/1",
  "authorities": [
    {"key": "a", "name": "Autoridad A", "level": "federal", "response_days": 30, "day_kind": "calendar"}
  ],
  "bodies": [
    {"key": "b", "name": "Consejo B", "level": "municipal", "jurisdiction": "Tijuana",
     "timezone": "America/Tijuana", "groups_served": ["immigrant"], "regions": [],
     "members": [
       {"key": "s", "name": "Sara", "email": "sara@example.org", "public": true, "role": "secretary",
        "gender": "woman", "migrant_group": "returnee", "term_start": "2020-01-01"}
     ],
     "meetings": [],
     "demands": [
       {"key": "d1", "title": "Uno", "text": "t", "topic": "labor", "submitted_by": "s",
        "submitted_at": "2026-01-10T10:00:00-08:00", "referrals": [{"authority": "a", "events": []}]}
     ]}
  ]
}"#;

/// A TCP proxy to PostgreSQL that can be stopped and started again on the
/// same port.
struct Proxy {
    port: u16,
    upstream: SocketAddr,
    tasks: Arc<Mutex<Vec<AbortHandle>>>,
}

impl Proxy {
    async fn start(port: u16, upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let tasks: Arc<Mutex<Vec<AbortHandle>>> = Default::default();
        let inner = tasks.clone();
        let accept = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let conn = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                inner.lock().unwrap().push(conn.abort_handle());
            }
        });
        tasks.lock().unwrap().push(accept.abort_handle());
        Self {
            port,
            upstream,
            tasks,
        }
    }

    /// Cuts every connection and stops listening.
    fn stop(&self) {
        for t in self.tasks.lock().unwrap().drain(..) {
            t.abort();
        }
    }

    async fn restart(&self) -> Self {
        Self::start(self.port, self.upstream).await
    }
}

#[derive(Debug, Clone)]
struct Outcome {
    what: &'static str,
    started: Instant,
    took: Duration,
    status: Option<StatusCode>,
    body: String,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_during_a_database_outage_get_503_and_the_server_recovers() {
    let Some(t) = support::postgres().await else {
        return;
    };
    let db = &t.conn;
    dataset::import(db, DOC, Default::default(), &|_| {})
        .await
        .expect("import");
    support::account(
        db,
        "off@example.org",
        "a long password",
        &[("official", "", "", "a")],
    )
    .await;

    let url = t.url().unwrap();
    let name = url.rsplit('/').next().unwrap().to_string();
    let server = support::pg_server();
    let pg_port: u16 = server
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or(5432);
    let proxy = Proxy::start(0, SocketAddr::from(([127, 0, 0, 1], pg_port))).await;
    let user_part = server
        .trim_start_matches("postgres://")
        .split('@')
        .next()
        .unwrap_or("postgres");
    let via_proxy = app::server::db::connect(&format!(
        "postgres://{user_part}@127.0.0.1:{}/{name}",
        proxy.port
    ))
    .await
    .unwrap();
    let base = support::serve(via_proxy).await;
    let c = Client::builder()
        .timeout(Duration::from_secs(40))
        .redirect(Policy::none())
        .build()
        .unwrap();
    let official = support::sign_in(&c, &base, "off@example.org", "a long password").await;

    // Steady load: a page, the API and an answer form, one after another.
    let outcomes: Arc<Mutex<Vec<Outcome>>> = Default::default();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut load = Vec::new();
    for worker in 0..3 {
        let (c, base, official, outcomes, stop) = (
            c.clone(),
            base.clone(),
            official.clone(),
            outcomes.clone(),
            stop.clone(),
        );
        load.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                let (what, req) = match worker {
                    0 => ("page", c.get(format!("{base}/bodies/b"))),
                    1 => ("api", c.get(format!("{base}/api/v1/bodies/b/metrics"))),
                    _ => (
                        "answer",
                        c.post(format!("{base}/bodies/b/demands/d1/referrals/a/events"))
                            .header(header::COOKIE, &official)
                            .form(&[
                                ("kind", "partially_accepted"),
                                ("text", &format!("Respuesta {n}")),
                            ]),
                    ),
                };
                let started = Instant::now();
                let r = req.send().await;
                let (status, body) = match r {
                    Ok(r) => (Some(r.status()), r.text().await.unwrap_or_default()),
                    Err(_) => (None, String::new()),
                };
                outcomes.lock().unwrap().push(Outcome {
                    what,
                    started,
                    took: started.elapsed(),
                    status,
                    body,
                });
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }));
    }

    tokio::time::sleep(Duration::from_secs(2)).await;
    let down_at = Instant::now();
    proxy.stop();
    // Long enough for each worker to see two requests through the pool's
    // 8 s wait.
    tokio::time::sleep(Duration::from_secs(20)).await;
    let up_at = Instant::now();
    let _proxy = proxy.restart().await;

    // The server finds the database again by itself.
    let until = Instant::now() + Duration::from_secs(60);
    loop {
        let ok = c
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == StatusCode::OK);
        if ok {
            break;
        }
        assert!(Instant::now() < until, "the server did not recover");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for l in load {
        l.await.unwrap();
    }
    let outcomes = outcomes.lock().unwrap().clone();

    let mut problems = Vec::new();
    for o in &outcomes {
        let during = o.started >= down_at && o.started + o.took <= up_at;
        match o.status {
            None => problems.push(format!("{}: no answer after {:?}", o.what, o.took)),
            Some(StatusCode::INTERNAL_SERVER_ERROR) => problems.push(format!(
                "{}: 500 {}",
                o.what,
                o.body.chars().take(120).collect::<String>()
            )),
            Some(s) if during && s != StatusCode::SERVICE_UNAVAILABLE => {
                problems.push(format!("{}: {s} during the outage", o.what))
            }
            Some(StatusCode::SERVICE_UNAVAILABLE) => {
                let clear = o.body.contains("unavailable")
                    || o.body.contains("no responde")
                    || o.body.contains("no está disponible");
                if !clear {
                    problems.push(format!(
                        "{}: a 503 that does not say why: {}",
                        o.what,
                        o.body.chars().take(200).collect::<String>()
                    ));
                }
            }
            _ => {}
        }
        if o.took > Duration::from_secs(15) {
            problems.push(format!("{}: took {:?}", o.what, o.took));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let during = outcomes
        .iter()
        .filter(|o| o.started >= down_at && o.started + o.took <= up_at)
        .count();
    assert!(
        during >= 3,
        "only {during} requests completed during the outage"
    );
    let after: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.started > up_at + Duration::from_secs(1))
        .collect();
    for what in ["page", "api", "answer"] {
        assert!(
            after.iter().any(|o| o.what == what
                && matches!(o.status, Some(StatusCode::OK | StatusCode::SEE_OTHER))),
            "{what} did not recover"
        );
    }

    // No partial write: every answer recorded has its audit record and its
    // notice, and every answer confirmed to the user was recorded.
    let events = support::scalar(db, "SELECT COUNT(*) FROM referral_events").await;
    let confirmed = outcomes
        .iter()
        .filter(|o| o.what == "answer" && o.status == Some(StatusCode::SEE_OTHER))
        .count() as i64;
    assert!(
        events >= confirmed,
        "{events} answers recorded, {confirmed} confirmed"
    );
    let unaudited = support::scalar(
        db,
        "SELECT COUNT(*) FROM referral_events e WHERE NOT EXISTS (SELECT 1 FROM audit_log l \
         WHERE l.entity = 'referral_event' AND l.entity_id = CAST(e.id AS TEXT))",
    )
    .await;
    assert_eq!(unaudited, 0, "answers without their audit record");
    let notices = support::scalar(
        db,
        "SELECT COUNT(*) FROM mail_outbox WHERE dedupe_key LIKE 'event:%'",
    )
    .await;
    assert_eq!(notices, events, "answers without their notice");
}
