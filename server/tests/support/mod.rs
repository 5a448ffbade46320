//! Test databases: every database test runs on SQLite (in memory) and on a
//! fresh PostgreSQL database at `TEST_DATABASE_URL`, created for the test
//! and dropped afterwards (even when the test panics).
#![allow(dead_code)]

pub mod smtp;

use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

pub struct TestDb {
    pub name: &'static str,
    pub conn: DatabaseConnection,
    pg: Option<(String, String)>, // (server URL, database name)
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server, name)) = self.pg.take() {
            // Drop is synchronous: use a thread with its own runtime.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                rt.block_on(async {
                    let admin = Database::connect(format!("{server}/postgres")).await.ok()?;
                    admin
                        .execute_unprepared(&format!(
                            "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                        ))
                        .await
                        .ok()
                })
            })
            .join();
        }
    }
}

impl TestDb {
    /// The URL of a PostgreSQL test database (None for SQLite in memory),
    /// for tests that start server processes on it.
    pub fn url(&self) -> Option<String> {
        self.pg
            .as_ref()
            .map(|(server, name)| format!("{server}/{name}"))
    }
}

pub fn pg_server() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
        .trim_end_matches('/')
        .to_string()
}

pub async fn sqlite() -> TestDb {
    let conn = app::server::db::connect_and_migrate("sqlite::memory:")
        .await
        .expect("sqlite");
    TestDb {
        name: "sqlite",
        conn,
        pg: None,
    }
}

/// A fresh migrated PostgreSQL database, or `None` when PostgreSQL is not
/// reachable outside CI. With `CI` set, unreachable PostgreSQL fails.
pub async fn postgres() -> Option<TestDb> {
    let server = pg_server();
    let admin = match Database::connect(format!("{server}/postgres")).await {
        Ok(c) => c,
        Err(e) => {
            if std::env::var_os("CI").is_some() {
                panic!("PostgreSQL at {server} is not reachable and CI is set: {e}");
            }
            eprintln!(
                "warning: PostgreSQL at {server} not reachable ({e}); PostgreSQL runs skipped"
            );
            return None;
        }
    };
    let name = format!(
        "voces_t_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        chrono::Utc::now().timestamp_subsec_micros()
    );
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("create test database");
    let conn = app::server::db::connect_and_migrate(&format!("{server}/{name}"))
        .await
        .expect("migrate test database");
    Some(TestDb {
        name: "postgres",
        conn,
        pg: Some((server, name)),
    })
}

/// Both backends (PostgreSQL only when reachable, see above).
pub async fn databases() -> Vec<TestDb> {
    let mut v = vec![sqlite().await];
    v.extend(postgres().await);
    v
}

/// Logs of the servers tests start: their errors always, and more when
/// `VOCES_TEST_LOG` holds a filter (e.g. `warn,server::http::trace=debug`),
/// to find what a request that failed was doing, by its request id. They
/// go through libtest's capture, so a test's own lines are shown with its
/// failure (a 500 in a crawl says which error it was) and hidden otherwise.
fn init_tracing() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let asked = std::env::var("VOCES_TEST_LOG").ok();
        let spans = match asked {
            Some(_) => tracing_subscriber::fmt::format::FmtSpan::NEW,
            None => tracing_subscriber::fmt::format::FmtSpan::NONE,
        };
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(
                asked.as_deref().unwrap_or("error"),
            ))
            .with_span_events(spans)
            .with_thread_ids(true)
            .with_test_writer()
            .try_init();
    });
}

/// Serves the application over `db` on port 0 (with client addresses, as in
/// production); returns the base URL.
pub async fn serve(db: DatabaseConnection) -> String {
    serve_with(db, |_| {}).await
}

/// `serve` with its settings changed by `set` (a metrics token, say).
pub async fn serve_with(
    db: DatabaseConnection,
    set: impl FnOnce(&mut app::server::state::Settings),
) -> String {
    init_tracing();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut settings = app::server::state::Settings::for_url(&format!("http://{addr}"));
    set(&mut settings);
    let state = state(db, settings);
    tokio::spawn(async move {
        server::http::serve_on(listener, state, std::future::pending())
            .await
            .unwrap();
    });
    format!("http://{addr}")
}

/// A generated dataset (`server generate`) as the JSON an import reads.
pub fn generated(bodies: usize, referrals: usize, seed: u64) -> String {
    serde_json::to_string(&server::generate::document(server::generate::Spec {
        bodies,
        referrals,
        seed,
    }))
    .expect("a generated document serialises")
}

/// The state a server of these tests runs with.
pub fn state(
    db: DatabaseConnection,
    settings: app::server::state::Settings,
) -> app::server::state::AppState {
    app::server::state::AppState::new(server::config::leptos_options(), db, settings)
}

/// An account with a password and the given roles (role, body key,
/// member key, authority key), created directly in the database.
pub async fn account(
    db: &DatabaseConnection,
    email: &str,
    password: &str,
    grants: &[(&str, &str, &str, &str)],
) -> i64 {
    use app::server::services::accounts::{passwords, roles};
    use sea_orm::{ActiveModelTrait, Set};
    let now = chrono::Utc::now();
    let acc = entity::account::ActiveModel {
        email: Set(email.to_string()),
        name: Set(email.split('@').next().unwrap_or("x").to_string()),
        password_hash: Set(Some(passwords::hash(password).unwrap())),
        locale: Set("es".into()),
        disabled: Set(false),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("account");
    for (role, body, member, authority) in grants {
        let form = roles::GrantForm {
            role: role.to_string(),
            body: body.to_string(),
            member: member.to_string(),
            authority: authority.to_string(),
        };
        let g = roles::resolve(db, &form)
            .await
            .expect("grant")
            .expect("a role");
        roles::insert(db, None, acc.id, g, now)
            .await
            .expect("insert grant");
    }
    acc.id
}

/// The one integer a query such as `SELECT COUNT(*) …` returns.
pub async fn scalar(db: &DatabaseConnection, sql: &str) -> i64 {
    db.query_one_raw(sea_orm::Statement::from_string(
        db.get_database_backend(),
        sql,
    ))
    .await
    .expect("query")
    .expect("a row")
    .try_get_by_index::<i64>(0)
    .expect("an integer")
}

/// The first column of every row of `sql`, as integers.
pub async fn rows_i64(db: &DatabaseConnection, sql: &str) -> Vec<i64> {
    db.query_all_raw(sea_orm::Statement::from_string(
        db.get_database_backend(),
        sql,
    ))
    .await
    .expect("query")
    .iter()
    .map(|r| r.try_get_by_index::<i64>(0).expect("an integer"))
    .collect()
}

/// Row counts of the tables a refused request must not change.
pub async fn counts(db: &DatabaseConnection) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for t in [
        "accounts",
        "role_assignments",
        "invitations",
        "mail_outbox",
        "audit_log",
        "bodies",
        "members",
        "demands",
        "referrals",
        "referral_events",
        "assessments",
        "meetings",
    ] {
        let row = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {t}"),
            ))
            .await
            .expect("count")
            .expect("a row");
        out.push((
            t.to_string(),
            row.try_get::<i64>("", "n").expect("n") as u64,
        ));
    }
    out
}

/// Signs in over HTTP; returns the `voces_session=…` cookie to send back.
pub async fn sign_in(c: &reqwest::Client, base: &str, email: &str, password: &str) -> String {
    let r = c
        .post(format!("{base}/login"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .expect("sign in");
    r.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("voces_session="))
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
        .expect("a session cookie")
}

/// (role, body key, member key, authority key), as [`account`] takes.
pub type Grant<'a> = (&'a str, &'a str, &'a str, &'a str);

/// A client as a browser without JavaScript is: it does not follow
/// redirects (tests look at the 303s), and a request that hangs fails the
/// test instead of the whole run.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(90))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client")
}

/// The body of `GET url`, whatever its status.
pub async fn text(c: &reqwest::Client, url: impl reqwest::IntoUrl) -> String {
    c.get(url)
        .send()
        .await
        .expect("a response")
        .text()
        .await
        .expect("a body")
}

/// The body of `GET url` sent with the session cookie `cookie`.
pub async fn text_as(c: &reqwest::Client, url: impl reqwest::IntoUrl, cookie: &str) -> String {
    c.get(url)
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .expect("a response")
        .text()
        .await
        .expect("a body")
}

/// A PDF's text as poppler's `pdftotext -layout` reads it (Debian's
/// poppler-utils, `make tool-poppler`), and `pdfinfo`'s fields: what a
/// reader's PDF viewer would find in it, read by a program that is not ours.
pub fn pdf_read(bytes: &[u8]) -> (String, String) {
    use std::io::Write;
    let mut file = tempfile::NamedTempFile::new().expect("a temporary file");
    file.write_all(bytes).expect("the PDF written");
    let path = file.path().to_str().expect("a path").to_string();
    let text = program("pdftotext", &["-layout", "-enc", "UTF-8", &path, "-"]);
    let info = program("pdfinfo", &[&path]);
    (text, info)
}

/// Runs an outside program (poppler, pg_dump …) to its end and gives its
/// standard output; a failure stops the test with what it printed.
pub fn program(cmd: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} (see the Makefile's tool-* targets): {e}"));
    assert!(
        out.status.success(),
        "{cmd}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
