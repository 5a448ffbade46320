//! The database goes away under load and comes back. The server reaches
//! PostgreSQL through a TCP proxy that the test stops (every connection
//! cut, nothing listening) and starts again — what the server sees when
//! PostgreSQL restarts. Meanwhile pages, the API and answer forms keep
//! being requested: during the outage each gets a clear 503 (never a 500,
//! never a hang), the server recovers by itself, and no partial write
//! remains (every answer recorded has its audit record and its notices).
//! A refused answer comes back filled in on the outage page.
//!
//! No sleep decides the outcome: the test waits on the proxy's state (every
//! connection closed, nothing listening) and on what the requests observed
//! (each kind refused twice after the cut, each kind served again after the
//! restart), each wait bounded. A failure names the request, its start and
//! end relative to the cut, its status and its body.
use crate::support;

use app::server::services::dataset;
use reqwest::{header, redirect::Policy, Client, StatusCode};

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

const DOC: &str = include_str!("../fixtures/outage.json");

/// A TCP proxy to PostgreSQL that can be stopped and started again on the
/// same port. Stopping is complete when `stop` returns: the listener is
/// closed and every connection through it is closed.
struct Proxy {
    port: u16,
    upstream: SocketAddr,
    cut: watch::Sender<bool>,
    accept: JoinHandle<()>,
}

impl Proxy {
    async fn start(port: u16, upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (cut, cut_rx) = watch::channel(false);
        let accept = tokio::spawn(async move {
            let mut conns = JoinSet::new();
            let mut stopping = cut_rx.clone();
            loop {
                tokio::select! {
                    accepted = listener.accept() => {
                        let Ok((mut client, _)) = accepted else { continue };
                        let mut cut = cut_rx.clone();
                        conns.spawn(async move {
                            let Ok(mut server) = TcpStream::connect(upstream).await else {
                                return;
                            };
                            tokio::select! {
                                _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                                _ = cut.wait_for(|c| *c) => {}
                            }
                        });
                    }
                    _ = stopping.wait_for(|c| *c) => break,
                }
            }
            drop(listener);
            // Each connection sees the cut (a watch keeps the latest value,
            // so one accepted just now sees it too) and drops its sockets.
            while conns.join_next().await.is_some() {}
        });
        Self {
            port,
            upstream,
            cut,
            accept,
        }
    }

    /// Cuts every connection and stops listening; done when it returns.
    async fn stop(self) -> (u16, SocketAddr) {
        let _ = self.cut.send(true);
        self.accept.await.unwrap();
        (self.port, self.upstream)
    }
}

#[derive(Debug, Clone)]
struct Outcome {
    what: &'static str,
    /// The answer's text, for the answer form.
    sent: Option<String>,
    started: Instant,
    finished: Instant,
    status: Option<StatusCode>,
    body: String,
}

impl Outcome {
    fn ok(&self) -> bool {
        matches!(self.status, Some(StatusCode::OK | StatusCode::SEE_OTHER))
    }

    /// "answer started 1.20 s after the cut, ended 9.31 s after: 500 …"
    fn report(&self, cut: Instant) -> String {
        let rel = |t: Instant| {
            if t >= cut {
                format!("{:.2} s after", (t - cut).as_secs_f64())
            } else {
                format!("{:.2} s before", (cut - t).as_secs_f64())
            }
        };
        format!(
            "{} {} started {} the cut, ended {} it: {} {}",
            self.what,
            self.sent.as_deref().unwrap_or(""),
            rel(self.started),
            rel(self.finished),
            self.status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "no answer".into()),
            self.body.chars().take(160).collect::<String>()
        )
    }
}

type Outcomes = Arc<Mutex<Vec<Outcome>>>;

/// Waits until `done` holds of the outcomes so far, or fails after `limit`
/// with `what` and everything observed.
async fn wait_until(
    outcomes: &Outcomes,
    limit: Duration,
    cut: Instant,
    what: &str,
    done: impl Fn(&[Outcome]) -> bool,
) {
    let until = Instant::now() + limit;
    loop {
        let seen = outcomes.lock().unwrap().clone();
        if done(&seen) {
            return;
        }
        assert!(
            Instant::now() < until,
            "{what}: not seen within {limit:?}; observed:\n{}",
            seen.iter()
                .map(|o| o.report(cut))
                .collect::<Vec<_>>()
                .join("\n")
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

const KINDS: [&str; 3] = ["page", "api", "answer"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_during_a_database_outage_get_503_and_the_server_recovers() {
    let _one = crate::ONE_AT_A_TIME.lock().await;
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
    let outcomes: Outcomes = Default::default();
    let stop = Arc::new(AtomicBool::new(false));
    let mut load = Vec::new();
    for (worker, what) in KINDS.into_iter().enumerate() {
        let (c, base, official, outcomes, stop) = (
            c.clone(),
            base.clone(),
            official.clone(),
            outcomes.clone(),
            stop.clone(),
        );
        load.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let sent = (worker == 2).then(|| format!("Respuesta {n}"));
                let req = match worker {
                    0 => c.get(format!("{base}/bodies/b")),
                    1 => c.get(format!("{base}/api/v1/bodies/b/metrics")),
                    _ => c
                        .post(format!("{base}/bodies/b/demands/d1/referrals/a/events"))
                        .header(header::COOKIE, &official)
                        .form(&[
                            ("kind", "partially_accepted"),
                            ("text", sent.as_deref().unwrap_or("")),
                            ("confirm", "yes"),
                        ]),
                };
                let started = Instant::now();
                let (status, body) = match req.send().await {
                    Ok(r) => (Some(r.status()), r.text().await.unwrap_or_default()),
                    Err(e) => (None, e.to_string()),
                };
                outcomes.lock().unwrap().push(Outcome {
                    what,
                    sent,
                    started,
                    finished: Instant::now(),
                    status,
                    body,
                });
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }));
    }

    // Every kind of request is served before the cut.
    let t0 = Instant::now();
    wait_until(
        &outcomes,
        Duration::from_secs(30),
        t0,
        "each kind served before the cut",
        |seen| {
            KINDS
                .iter()
                .all(|k| seen.iter().any(|o| o.what == *k && o.ok()))
        },
    )
    .await;

    let cut = Instant::now();
    let (port, upstream) = proxy.stop().await;
    // From here nothing reaches PostgreSQL.
    let down = Instant::now();
    // Each kind has been refused twice by the server: the first waits for
    // the pool (at most 8 s), the next are told within a second.
    wait_until(
        &outcomes,
        Duration::from_secs(90),
        cut,
        "each kind answered twice during the outage",
        |seen| {
            KINDS.iter().all(|k| {
                seen.iter()
                    .filter(|o| o.what == *k && o.started >= down)
                    .count()
                    >= 2
            })
        },
    )
    .await;
    let up = Instant::now();
    let _proxy = Proxy::start(port, upstream).await;

    // The server finds the database again by itself, and serves each kind.
    wait_until(
        &outcomes,
        Duration::from_secs(60),
        cut,
        "each kind served again after the restart",
        |seen| {
            KINDS.iter().all(|k| {
                seen.iter()
                    .any(|o| o.what == *k && o.started > up && o.ok())
            })
        },
    )
    .await;
    let health = c.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    stop.store(true, Ordering::Relaxed);
    for l in load {
        l.await.unwrap();
    }
    let outcomes = outcomes.lock().unwrap().clone();

    let mut problems = Vec::new();
    for o in &outcomes {
        let during = o.started >= down && o.finished <= up;
        let problem = match o.status {
            None => Some("no answer"),
            Some(StatusCode::INTERNAL_SERVER_ERROR) => Some("a 500"),
            Some(s) if during && s != StatusCode::SERVICE_UNAVAILABLE => {
                Some("not a 503 during the outage")
            }
            Some(StatusCode::SERVICE_UNAVAILABLE) => {
                let clear = o.body.contains("unavailable")
                    || o.body.contains("no responde")
                    || o.body.contains("no está disponible");
                // A refused answer comes back filled in, to send again.
                let kept = o.sent.as_ref().is_none_or(|text| {
                    o.body.contains(&format!(">{text}</textarea>"))
                        && o.body.contains(r#"name="kind" value="partially_accepted""#)
                });
                match (clear, kept) {
                    (false, _) => Some("a 503 that does not say why"),
                    (_, false) => Some("a refused answer whose text is not kept"),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(p) = problem {
            problems.push(format!("{p}: {}", o.report(cut)));
        }
        // The pool's 8 s wait, and a little room on a loaded machine.
        if o.finished - o.started > Duration::from_secs(15) {
            problems.push(format!("too slow: {}", o.report(cut)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let during = outcomes
        .iter()
        .filter(|o| o.started >= down && o.finished <= up)
        .count();
    assert!(
        during >= 3,
        "only {during} requests completed during the outage"
    );

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
