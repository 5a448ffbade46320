//! Backups under write load, on both databases: `server backup` (SQLite)
//! and the README's `pg_dump` / `pg_restore` (PostgreSQL). The copy opens
//! as a fresh installation, holds no half-written change, and gives the
//! same export and the same figures as the original had when it was taken.
use app::server::db;
use app::server::services::dataset::{self, ExportScope};
use app::server::services::metrics;
use entity::{demand, referral};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

/// One change = a demand and its referral, in one transaction.
async fn write_one(db: &DatabaseConnection, n: usize) {
    let template = demand::Entity::find()
        .order_by_asc(demand::Column::Id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let authority = referral::Entity::find()
        .filter(referral::Column::DemandId.eq(template.id))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .authority_id;
    let txn = db.begin().await.unwrap();
    let now = chrono::Utc::now();
    let d = demand::ActiveModel {
        body_id: Set(template.body_id),
        key: Set(format!("written-{n}")),
        title: Set(format!("Written under load {n}")),
        text: Set(template.text.clone()),
        topic: Set(template.topic.clone()),
        submitted_by: Set(template.submitted_by),
        meeting_id: Set(None),
        submitted_at: Set(now),
        confidential: Set(false),
        withdrawn_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .unwrap();
    referral::ActiveModel {
        demand_id: Set(d.id),
        authority_id: Set(authority),
        due_at: Set(None),
        body_id: Set(Some(template.body_id)),
        submitted_at: Set(Some(now)),
        answered_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .unwrap();
    txn.commit().await.unwrap();
}

fn written() -> sea_orm::Select<demand::Entity> {
    demand::Entity::find().filter(demand::Column::Key.starts_with("written-"))
}

/// Commits changes one after another until stopped.
struct Writer {
    stop: Arc<AtomicBool>,
    count: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Writer {
    /// Starts writing, and returns once 20 changes are in.
    async fn start(db: &DatabaseConnection) -> Writer {
        let stop = Arc::new(AtomicBool::new(false));
        let count = Arc::new(AtomicUsize::new(0));
        let task = {
            let (db, stop, count) = (db.clone(), stop.clone(), count.clone());
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    write_one(&db, n).await;
                    n += 1;
                    count.store(n, Ordering::Relaxed);
                }
            })
        };
        while count.load(Ordering::Relaxed) < 20 {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        Writer { stop, count, task }
    }

    /// Lets 20 more changes in after the copy, stops, and says how many
    /// were written in all.
    async fn stop_after_more(self) -> usize {
        let at_copy = self.count.load(Ordering::Relaxed);
        while self.count.load(Ordering::Relaxed) < at_copy + 20 {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        self.stop.store(true, Ordering::Relaxed);
        self.task.await.unwrap();
        self.count.load(Ordering::Relaxed)
    }
}

/// The restored copy holds some of the `total` changes, none half-written,
/// and once the original forgets the changes made after the copy, both
/// export the same document and compute the same figures.
async fn same_as_at_the_copy(
    original: &DatabaseConnection,
    restored: &DatabaseConnection,
    total: usize,
) {
    let kept = written().all(restored).await.unwrap();
    assert!(
        !kept.is_empty() && kept.len() < total,
        "the copy holds {} of {total} changes",
        kept.len()
    );
    // No half-written change: every demand in the copy has its referral.
    for d in &kept {
        let n = referral::Entity::find()
            .filter(referral::Column::DemandId.eq(d.id))
            .count(restored)
            .await
            .unwrap();
        assert_eq!(n, 1, "{}", d.key);
    }

    // The original as it was when the copy was taken: without the changes
    // committed after it.
    let kept_ids: Vec<i64> = kept.iter().map(|d| d.id).collect();
    let later: Vec<i64> = written()
        .filter(demand::Column::Id.is_not_in(kept_ids))
        .all(original)
        .await
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(later.len() + kept.len(), total);
    referral::Entity::delete_many()
        .filter(referral::Column::DemandId.is_in(later.clone()))
        .exec(original)
        .await
        .unwrap();
    demand::Entity::delete_many()
        .filter(demand::Column::Id.is_in(later))
        .exec(original)
        .await
        .unwrap();

    assert_eq!(
        dataset::export(restored, ExportScope::All).await.unwrap(),
        dataset::export(original, ExportScope::All).await.unwrap()
    );
    let t = chrono::Utc::now();
    assert_eq!(
        metrics::all_bodies(restored, t).await.unwrap(),
        metrics::all_bodies(original, t).await.unwrap()
    );
}

#[tokio::test]
async fn a_backup_under_write_load_restores_to_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("voces.db").display()
    );
    let original = db::connect_and_migrate(&url).await.unwrap();
    assert!(server::demo::load_if_empty(&original, &|_| {})
        .await
        .unwrap());

    let writer = Writer::start(&original).await;
    let copy = dir.path().join("backups").join("voces-copy.db");
    let bytes = server::backup::sqlite(&original, &copy).await.unwrap();
    assert!(bytes > 0);
    let total = writer.stop_after_more().await;

    // Never over an existing file.
    let again = server::backup::sqlite(&original, &copy).await;
    assert!(
        matches!(again, Err(server::backup::BackupError::Exists(_))),
        "{again:?}"
    );

    // Restore: a fresh installation on the copy (migrations run as usual).
    let restored_url = format!("sqlite://{}?mode=rw", copy.display());
    let restored = db::connect_and_migrate(&restored_url).await.unwrap();
    same_as_at_the_copy(&original, &restored, total).await;
    // The copy is an ordinary database file: nothing else needed to open it.
    restored
        .execute_unprepared("PRAGMA integrity_check")
        .await
        .unwrap();
}

#[tokio::test]
async fn postgres_is_pointed_to_pg_dump() {
    let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
        return;
    };
    let Ok(pg) = db::connect(&format!("{base}/postgres")).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let err = server::backup::sqlite(&pg, &dir.path().join("x.db"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("pg_dump"), "{err}");
}

/// The README's PostgreSQL runbook as written, under write load:
/// `pg_dump --format=custom` while changes are committed, `pg_restore` into
/// an empty database, and the restored database exports the same document
/// and computes the same figures as the original at the dump.
#[tokio::test]
async fn a_postgres_dump_restores_to_the_same_export_and_figures() {
    let Some(t) = crate::support::postgres().await else {
        return;
    };
    let original = t.conn.clone();
    assert!(server::demo::load_if_empty(&original, &|_| {})
        .await
        .unwrap());
    let url = t.url().expect("a PostgreSQL database");
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("voces.dump");
    let writer = Writer::start(&original).await;
    let started = std::time::Instant::now();
    let file = format!("--file={}", dump.display());
    crate::support::program("pg_dump", &["--format=custom", &file, &url]);
    let dumped = started.elapsed();
    let total = writer.stop_after_more().await;

    let (server, name) = url.rsplit_once('/').expect("server/database");
    let copy = format!("{name}_restored");
    let admin = db::connect(&format!("{server}/postgres")).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{copy}\""))
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let target = format!("--dbname={server}/{copy}");
    crate::support::program(
        "pg_restore",
        &[
            "--no-owner",
            "--exit-on-error",
            &target,
            &dump.display().to_string(),
        ],
    );
    let restored_in = started.elapsed();
    eprintln!(
        "pg_dump {:.2} s ({} KB), pg_restore {:.2} s",
        dumped.as_secs_f64(),
        std::fs::metadata(&dump).unwrap().len() / 1024,
        restored_in.as_secs_f64()
    );
    // Restored, it starts as any installation does (its migrations are
    // already there).
    let restored = db::connect_and_migrate(&format!("{server}/{copy}"))
        .await
        .unwrap();
    same_as_at_the_copy(&original, &restored, total).await;
    restored.close().await.unwrap();
    admin
        .execute_unprepared(&format!("DROP DATABASE \"{copy}\""))
        .await
        .unwrap();
}
