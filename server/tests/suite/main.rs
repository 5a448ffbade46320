//! The in-process integration tests, in one binary so that the application
//! is linked once and the tests run in parallel. A database test is written
//! once, taking a [`support::TestDb`], and `on_both!` makes two tests of it:
//! `<module>::<name>::sqlite` and `<module>::<name>::postgres`, so a failure
//! names its database and one database's failure never hides the other's
//! result.

#[path = "../support/mod.rs"]
mod support;

/// Two tests of one `async fn name(db: support::TestDb)`: one on SQLite in
/// memory, one on a fresh PostgreSQL database (skipped outside CI when
/// PostgreSQL is not reachable; see `support::postgres`). `multi` runs the
/// test on a two-thread runtime, for tests that need work to go on beside
/// a blocked task.
macro_rules! on_both {
    (multi $name:ident) => {
        on_both!(@ $name, #[tokio::test(flavor = "multi_thread", worker_threads = 2)]);
    };
    ($name:ident) => {
        on_both!(@ $name, #[tokio::test]);
    };
    (@ $name:ident, #[$test:meta]) => {
        mod $name {
            #[$test]
            async fn sqlite() {
                super::$name(crate::support::sqlite().await).await
            }
            #[$test]
            async fn postgres() {
                if let Some(db) = crate::support::postgres().await {
                    super::$name(db).await
                }
            }
        }
    };
}

mod accounts;
mod annual;
mod api;
mod auth_http;
mod authorities;
mod backup;
mod body_visibility;
mod charts;
mod compare;
mod confidential;
mod dataset;
mod demands;
mod downloads;
mod facts;
mod feeds;
mod figures_cache;
mod follows;
mod fuzz_import;
mod heavy;
mod http;
mod mail;
mod maps;
mod meetings;
mod metrics;
mod monitoring;
mod origins;
mod permissions;
mod permissions_http;
mod personal_data;
mod referrals;
mod roster;
mod search;
mod upgrade;
