//! Upgrades with data: a database made by an earlier release
//! (`tests/fixtures/upgrade`, dumped as SQL by its `make.sh`; the release
//! is named in its `release` file) is brought up to date by this release's
//! migrations at start-up, and then exports exactly what that release
//! exported and gives the same figures as the same data imported afresh.
use crate::support;

use app::server::db;
use app::server::services::dataset::{self, ExportScope};
use app::server::services::metrics;
use sea_orm::ConnectionTrait;
use std::process::{Command, Stdio};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/upgrade");

/// A fixture file, unzipped.
fn unzipped(name: &str) -> Vec<u8> {
    let out = Command::new("gzip")
        .arg("-dc")
        .arg(format!("{DIR}/{name}"))
        .output()
        .expect("gzip");
    assert!(out.status.success(), "{name}");
    out.stdout
}

/// Runs `cmd` with `input` on its standard input.
fn feed(cmd: &mut Command, input: &[u8]) {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the restoring program");
    child.stdin.take().unwrap().write_all(input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The upgraded database against the earlier release's export, and its
/// figures against the same data imported by this release.
async fn same_as_before(upgraded: &sea_orm::DatabaseConnection, n: &str) {
    let before = String::from_utf8(unzipped("export.json.gz")).unwrap();
    let now = dataset::export(upgraded, ExportScope::All).await.unwrap();
    let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
    assert_eq!(parse(&now), parse(&before), "{n}: the export changed");

    let fresh = support::sqlite().await;
    dataset::import(&fresh.conn, &before, Default::default(), &|_| {})
        .await
        .unwrap();
    for day in ["2025-06-30", "2026-12-31"] {
        let t = app::domain::metrics::instants::parse_as_of(day).unwrap();
        assert_eq!(
            metrics::all_bodies(upgraded, t).await.unwrap(),
            metrics::all_bodies(&fresh.conn, t).await.unwrap(),
            "{n}: figures at {day}"
        );
        assert_eq!(
            metrics::all_authorities(upgraded, t).await.unwrap(),
            metrics::all_authorities(&fresh.conn, t).await.unwrap(),
            "{n}: authorities' figures at {day}"
        );
    }
}

#[tokio::test]
async fn an_earlier_releases_sqlite_database_upgrades_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("voces.db");
    feed(
        Command::new("sqlite3").arg(&file),
        &unzipped("sqlite.sql.gz"),
    );
    // What `server serve` does at start-up: connect and run the migrations.
    let upgraded = db::connect_and_migrate(&format!("sqlite://{}?mode=rw", file.display()))
        .await
        .unwrap();
    same_as_before(&upgraded, "sqlite").await;
    upgraded
        .execute_unprepared("PRAGMA integrity_check")
        .await
        .unwrap();
}

#[tokio::test]
async fn an_earlier_releases_postgres_database_upgrades_unchanged() {
    let server = support::pg_server();
    let Ok(admin) = db::connect(&format!("{server}/postgres")).await else {
        assert!(
            std::env::var_os("CI").is_none(),
            "PostgreSQL is not reachable and CI is set"
        );
        return;
    };
    let name = format!("voces_upgrade_{}", std::process::id());
    admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\""))
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .unwrap();
    let url = format!("{server}/{name}");
    feed(
        Command::new("psql")
            .args(["-q", "-v", "ON_ERROR_STOP=1", "-d"])
            .arg(&url),
        &unzipped("postgres.sql.gz"),
    );
    let upgraded = db::connect_and_migrate(&url).await.unwrap();
    same_as_before(&upgraded, "postgres").await;
    upgraded.close().await.unwrap();
    admin
        .execute_unprepared(&format!("DROP DATABASE \"{name}\""))
        .await
        .unwrap();
}

/// The newest migrations taken back (`down`) and applied again: the same
/// export, the same figures and the same search answers as before; and
/// every migration down to an empty schema and up again gives a database
/// that takes the demo. Migrations 13–18 (search, follows, the demands'
/// date index) hold nothing the dataset exports; the older ones' `down`
/// drops columns the data needs, so they are tried on an empty database.
mod down {
    use super::*;
    use app::domain::search::SearchQuery;
    use app::server::services::search;
    use migration::{Migrator, MigratorTrait};

    const SAFE_TO_TAKE_BACK: u32 = 6;

    async fn found(db: &sea_orm::DatabaseConnection, q: &str) -> Vec<String> {
        let f = SearchQuery {
            q: q.into(),
            ..Default::default()
        };
        let r = search::search(db, None, &f).await.expect("search");
        r.hits.iter().map(|h| format!("{h:?}")).collect()
    }

    on_both!(migrations_go_down_and_up_again_unchanged);
    async fn migrations_go_down_and_up_again_unchanged(t: support::TestDb) {
        let db = &t.conn;
        let n = &t.name;
        server::demo::load_if_empty(db, &|_| {}).await.unwrap();
        let export = dataset::export(db, ExportScope::All).await.unwrap();
        let at = app::domain::metrics::instants::parse_as_of("2026-06-30").unwrap();
        let figures = metrics::all_bodies(db, at).await.unwrap();
        let words = found(db, "visa").await;
        assert!(!words.is_empty(), "{n}: the demo has visas");

        Migrator::down(db, Some(SAFE_TO_TAKE_BACK)).await.unwrap();
        let pending = Migrator::get_pending_migrations(db).await.unwrap();
        assert_eq!(pending.len() as u32, SAFE_TO_TAKE_BACK, "{n}");
        Migrator::up(db, None).await.unwrap();
        assert_eq!(
            dataset::export(db, ExportScope::All).await.unwrap(),
            export,
            "{n}: export"
        );
        assert_eq!(metrics::all_bodies(db, at).await.unwrap(), figures, "{n}");
        assert_eq!(found(db, "visa").await, words, "{n}: search");

        // Everything down, then up: an empty schema that takes the demo.
        let empty = support::sqlite().await;
        let empty = if n.contains("postgres") {
            support::postgres().await.unwrap_or(empty)
        } else {
            empty
        };
        Migrator::down(&empty.conn, None).await.unwrap();
        let all = Migrator::get_pending_migrations(&empty.conn).await.unwrap();
        assert_eq!(all.len(), Migrator::migrations().len(), "{n}: all down");
        Migrator::up(&empty.conn, None).await.unwrap();
        server::demo::load_if_empty(&empty.conn, &|_| {})
            .await
            .unwrap();
        assert_eq!(
            dataset::export(&empty.conn, ExportScope::All)
                .await
                .unwrap(),
            export,
            "{n}: the demo after every migration went down and up"
        );
    }
}
