//! Test databases: every database test runs on SQLite (in memory) and on a
//! fresh PostgreSQL database at `TEST_DATABASE_URL`, created for the test
//! and dropped afterwards (even when the test panics).
#![allow(dead_code)]

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
