//! SIGTERM: the server stops accepting, finishes the request in flight and
//! the mail worker's batch, and exits 0 within 10 s. Runs the real binary.
#![cfg(unix)]
use crate::support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(dir: &std::path::Path, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("serve")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", dir.join("voces.db").display()),
        )
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("MAIL_DIR", dir.join("mail"))
        .env_remove("SMTP_HOST")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary starts")
}

pub(crate) fn wait_healthy(port: u16) {
    let until = Instant::now() + Duration::from_secs(60);
    while Instant::now() < until {
        if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            let mut out = String::new();
            let _ = s.read_to_string(&mut out);
            if out.starts_with("HTTP/1.1 200") {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the server did not become healthy");
}

/// Mail waiting in the outbox when the server starts: its worker is busy
/// sending when the signal comes.
fn queue_mail(dir: &std::path::Path, n: usize) {
    let url = format!("sqlite://{}?mode=rwc", dir.join("voces.db").display());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        use app::server::services::mail::outbox;
        let db = app::server::db::connect_and_migrate(&url).await.unwrap();
        for i in 0..n {
            outbox::enqueue(
                &db,
                outbox::Mail {
                    to: format!("persona{i}@example.org"),
                    subject: format!("Aviso {i}"),
                    text: "Texto".into(),
                    html: None,
                    dedupe_key: None,
                    attachment: None,
                    unsubscribe: None,
                },
                chrono::Utc::now(),
            )
            .await
            .unwrap();
        }
        db.close().await.unwrap();
    });
}

/// (sent, claimed but not sent) in the outbox after the process ended.
fn outbox_state(dir: &std::path::Path) -> (i64, i64) {
    let url = format!("sqlite://{}?mode=rw", dir.join("voces.db").display());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let db = app::server::db::connect(&url).await.unwrap();
        (
            support::scalar(&db, "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NOT NULL").await,
            support::scalar(
                &db,
                "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND locked_until IS NOT NULL",
            )
            .await,
        )
    })
}

#[test]
fn sigterm_finishes_the_request_in_flight_and_exits_0() {
    let _one = crate::ONE_AT_A_TIME.blocking_lock();
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    queue_mail(dir.path(), 400);
    let mut child = start(dir.path(), port);
    wait_healthy(port);

    // A sign-in whose body is still on its way when the signal arrives.
    let body = "email=nobody%40example.org&password=not+the+password";
    let (first, rest) = body.split_at(10);
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "POST /login HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://127.0.0.1:{port}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{first}",
        body.len()
    )
    .unwrap();
    s.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));

    let signalled = Instant::now();
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    std::thread::sleep(Duration::from_millis(500));

    // No new connections once stopping.
    let refused = TcpStream::connect_timeout(
        &format!("127.0.0.1:{port}").parse().unwrap(),
        Duration::from_secs(2),
    )
    .map(|mut c| {
        // Accepted by the kernel backlog at most: never answered.
        c.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        let _ = c.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        let mut buf = [0u8; 16];
        matches!(c.read(&mut buf), Ok(0) | Err(_))
    })
    .unwrap_or(true);
    assert!(refused, "a new connection was served after SIGTERM");

    // The request in flight is finished.
    s.write_all(rest.as_bytes()).unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(
        answer.starts_with("HTTP/1.1 "),
        "no answer to the request in flight: {answer:?}"
    );
    assert!(!answer.starts_with("HTTP/1.1 5"), "{answer}");

    // And the process exits 0 within 10 s of the signal.
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status}");
            break;
        }
        assert!(
            signalled.elapsed() < Duration::from_secs(10),
            "still running 10 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // The worker finished the batch it had claimed: every message is sent
    // (one file each) or still waiting unclaimed, none left half-done.
    let (sent, claimed) = outbox_state(dir.path());
    assert_eq!(claimed, 0, "messages left claimed but unsent");
    let files = std::fs::read_dir(dir.path().join("mail"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
                .count()
        })
        .unwrap_or(0) as i64;
    assert_eq!(files, sent, "one file per message marked sent");
    assert!(sent > 0, "the worker sent nothing before the signal");
}
