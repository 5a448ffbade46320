//! The referral list adds up: for every body and authority of a generated
//! dataset and the demo, at several `as_of`, each count of the figures
//! equals the `total` of the list its link opens (`overdue_open`,
//! `referrals`, `considered`, `answered`, on time, each status), on SQLite
//! and PostgreSQL; and the list over HTTP (filters, 400s, the page).
use crate::support;

use app::domain::enums::ReferralStatus;
use app::domain::metrics::answers::AnswerFigures;
use app::domain::metrics::instants::parse_as_of;
use app::domain::referrals::ReferralFilter;
use app::server::services::dataset::{self, ImportOptions};
use app::server::services::{metrics, referrals};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use server::generate::{document, Spec};

/// The list's total; its first two pages are the same read from the facts
/// (the database filters, counts and sorts) as from every clock.
async fn total(db: &DatabaseConnection, f: ReferralFilter, now: DateTime<Utc>) -> u64 {
    let listed = referrals::list(db, &f, now).await.unwrap();
    let clocks = referrals::list_from_clocks(db, &f, now).await.unwrap();
    assert_eq!(listed, clocks, "the facts' list and the clocks' for {f:?}");
    if listed.pages > 1 {
        let second = ReferralFilter { page: 2, ..f };
        assert_eq!(
            referrals::list(db, &second, now).await.unwrap(),
            referrals::list_from_clocks(db, &second, now).await.unwrap(),
            "page 2 of {second:?}"
        );
    }
    listed.total
}

/// Every count of `a` against the list `base` (a body or an authority)
/// narrowed the way the count is defined.
async fn check(
    db: &DatabaseConnection,
    who: &str,
    base: ReferralFilter,
    a: &AnswerFigures,
    now: DateTime<Utc>,
) {
    let with = |f: &dyn Fn(&mut ReferralFilter)| {
        let mut x = base.clone();
        f(&mut x);
        x
    };
    let window = with(&|f| f.window = "1".into());
    let cases: Vec<(&str, ReferralFilter, u64)> = vec![
        (
            "overdue_open",
            with(&|f| f.overdue = "1".into()),
            a.overdue_open.into(),
        ),
        ("referrals", window.clone(), a.referrals.into()),
        (
            "considered",
            with(&|f| {
                f.window = "1".into();
                f.considered = "1".into()
            }),
            a.considered.into(),
        ),
        (
            "answered",
            with(&|f| {
                f.window = "1".into();
                f.answered = "1".into()
            }),
            a.answered.into(),
        ),
        (
            "on_time",
            with(&|f| {
                f.window = "1".into();
                f.on_time = "1".into()
            }),
            a.on_time_rate
                .map_or(0, |r| (r * f64::from(a.considered)).round() as u64),
        ),
    ];
    for (name, f, want) in cases {
        assert_eq!(total(db, f.clone(), now).await, want, "{who} {name} {f:?}");
    }
    for s in ReferralStatus::ALL.iter() {
        let f = with(&|f| {
            f.window = "1".into();
            f.status = s.as_str().into()
        });
        assert_eq!(
            total(db, f.clone(), now).await,
            u64::from(a.status_counts.get(*s)),
            "{who} status {s:?}"
        );
    }
}

/// A body's other counts against the lists they link to: demands in the
/// window, meetings held, cancelled, ordinary and with minutes, and the
/// seat holders of the roster.
async fn check_body(
    db: &DatabaseConnection,
    who: &str,
    b: &app::domain::metrics::report::BodyMetrics,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) {
    use app::domain::demands::DemandFilter;
    use app::domain::meetings::MeetingFilter;
    use app::server::services::{composition, demands, meetings::calendar};
    let as_of = at.to_rfc3339();
    let listed = demands::list(
        db,
        None,
        &DemandFilter {
            body: b.body.clone(),
            as_of: as_of.clone(),
            window: "1".into(),
            page: 1,
            ..Default::default()
        },
        now,
    )
    .await
    .unwrap()
    .total;
    assert_eq!(
        listed,
        u64::from(b.demands.demands_submitted),
        "{who} demands_submitted"
    );
    // The demands list by its referrals' status or overdue: the same read
    // from the facts (the database selects the demands) as from every
    // clock, first two pages.
    let mut by_state: Vec<DemandFilter> = ReferralStatus::ALL
        .iter()
        .map(|st| DemandFilter {
            status: st.as_str().into(),
            ..Default::default()
        })
        .collect();
    by_state.push(DemandFilter {
        overdue: "1".into(),
        ..Default::default()
    });
    by_state.push(DemandFilter {
        overdue: "1".into(),
        status: ReferralStatus::Awaiting.as_str().into(),
        ..Default::default()
    });
    for f in by_state {
        for page in [1, 2] {
            let f = DemandFilter {
                body: b.body.clone(),
                as_of: as_of.clone(),
                page,
                ..f.clone()
            };
            assert_eq!(
                demands::list(db, None, &f, now).await.unwrap(),
                demands::list_from_clocks(db, None, &f, now).await.unwrap(),
                "{who}: the demands list {f:?}"
            );
        }
    }
    let meetings = |status: &str, ordinary: &str, minutes: &str| MeetingFilter {
        as_of: as_of.clone(),
        status: status.into(),
        ordinary: ordinary.into(),
        minutes: minutes.into(),
        page: 1,
    };
    let counts = calendar::figures(db, &b.body, at)
        .await
        .unwrap()
        .unwrap()
        .counts;
    for (name, f, want) in [
        (
            "meetings_held",
            meetings("held", "", ""),
            b.meetings.meetings_held,
        ),
        (
            "meetings_cancelled",
            meetings("cancelled", "", ""),
            b.meetings.meetings_cancelled,
        ),
        (
            "ordinary held",
            meetings("held", "1", ""),
            counts.ordinary_held,
        ),
        ("minutes", meetings("held", "", "1"), counts.with_minutes),
    ] {
        let c = calendar::calendar(db, None, Some(&b.body), &f, now)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            c.window.map(|w| w.total),
            Some(u64::from(want)),
            "{who} {name}"
        );
    }
    assert_eq!(counts.held, b.meetings.meetings_held, "{who} counts");
    // Not a vacuous check: the generated bodies meet and write.
    assert!(
        b.meetings.meetings_held + b.meetings.meetings_cancelled + b.demands.demands_submitted > 0
            || at < "2025-06-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap(),
        "{who}: nothing to count"
    );
    let roster = composition::public(db, &b.body, None, at)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        roster.seat_holders.len() as u32 + roster.unnamed_seat_holders,
        b.composition.members_active,
        "{who} members_active"
    );
}

// One test per instant, so that the three run side by side.
on_both!(every_count_equals_the_total_of_its_list_at_the_end_of_2025);
async fn every_count_equals_the_total_of_its_list_at_the_end_of_2025(t: support::TestDb) {
    counts_equal_their_lists(t, "2025-12-31", true).await
}

on_both!(every_count_equals_the_total_of_its_list_in_october_2026);
async fn every_count_equals_the_total_of_its_list_in_october_2026(t: support::TestDb) {
    counts_equal_their_lists(t, "2026-10-30T12:00:00Z", false).await
}

on_both!(every_count_equals_the_total_of_its_list_now);
async fn every_count_equals_the_total_of_its_list_now(t: support::TestDb) {
    counts_equal_their_lists(t, "", false).await
}

/// Every count of the figures at `as_of` ("" for now) equals the total of
/// its list; with `by_body`, also each authority's figures per body (the
/// same code, many more lists: at one instant is enough).
async fn counts_equal_their_lists(t: support::TestDb, as_of: &str, by_body: bool) {
    let generated = serde_json::to_string(&document(Spec {
        bodies: 3,
        referrals: 400,
        seed: 11,
    }))
    .unwrap();
    let now: DateTime<Utc> = "2026-12-01T00:00:00Z".parse().unwrap();
    let db = &t.conn;
    dataset::import(db, &generated, ImportOptions::default(), &|_| {})
        .await
        .expect("generated data imports");
    let at = if as_of.is_empty() {
        now
    } else {
        parse_as_of(as_of).unwrap()
    };
    let base = ReferralFilter {
        as_of: as_of.into(),
        ..Default::default()
    };
    for b in metrics::all_bodies(db, at).await.unwrap() {
        let f = ReferralFilter {
            body: b.body.clone(),
            ..base.clone()
        };
        let who = format!("{} body {} at {as_of:?}", t.name, b.body);
        check(db, &who, f, &b.answers, now).await;
        check_body(db, &who, &b, at, now).await;
    }
    for a in metrics::all_authorities(db, at).await.unwrap() {
        let f = ReferralFilter {
            authority: a.authority.clone(),
            ..base.clone()
        };
        let who = format!("{} authority {} at {as_of:?}", t.name, a.authority);
        check(db, &who, f, &a.answers, now).await;
        for (body, figures) in a.by_body.iter().filter(|_| by_body) {
            let f = ReferralFilter {
                authority: a.authority.clone(),
                body: body.clone(),
                ..base.clone()
            };
            check(db, &format!("{who} body {body}"), f, figures, now).await;
        }
    }
    // The whole list (read in its order from its own index where the
    // facts answer), the same as from every clock, with and without
    // filters; and the demands list across every body by status.
    let with = |f: &dyn Fn(&mut ReferralFilter)| {
        let mut x = base.clone();
        f(&mut x);
        x
    };
    for f in [
        base.clone(),
        with(&|f| f.overdue = "1".into()),
        with(&|f| f.window = "1".into()),
        with(&|f| {
            f.window = "1".into();
            f.status = ReferralStatus::Rejected.as_str().into()
        }),
        with(&|f| f.on_time = "0".into()),
    ] {
        total(db, f, now).await;
    }
    for status in [ReferralStatus::Awaiting, ReferralStatus::Implemented] {
        let f = app::domain::demands::DemandFilter {
            status: status.as_str().into(),
            as_of: as_of.into(),
            page: 2,
            ..Default::default()
        };
        assert_eq!(
            app::server::services::demands::list(db, None, &f, now)
                .await
                .unwrap(),
            app::server::services::demands::list_from_clocks(db, None, &f, now)
                .await
                .unwrap(),
            "the demands list of every body {f:?}"
        );
    }
}

/// A small generated dataset (2 bodies, 200 referrals) imported and
/// served: the server's address and a client.
async fn serve_generated(db: &DatabaseConnection) -> (String, reqwest::Client) {
    let generated = serde_json::to_string(&document(Spec {
        bodies: 2,
        referrals: 200,
        seed: 5,
    }))
    .unwrap();
    dataset::import(db, &generated, ImportOptions::default(), &|_| {})
        .await
        .expect("generated data imports");
    (support::serve(db.clone()).await, support::client())
}

/// `path` of the server at `base`, read as `T` (the test fails showing
/// the answer when it is not).
async fn json<T: serde::de::DeserializeOwned>(c: &reqwest::Client, base: &str, path: String) -> T {
    let text = support::text(c, format!("{base}{path}")).await;
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"))
}

on_both!(a_lists_total_now_is_counted_once_per_data_version);
/// The list "now" over HTTP: its pages share the instant and the total
/// counted once (kept like the figures), which equal the clocks' list at
/// that instant; after a write, the next page is counted again.
async fn a_lists_total_now_is_counted_once_per_data_version(t: support::TestDb) {
    let db = &t.conn;
    let (base, c) = serve_generated(db).await;
    let get = |path: String| json::<app::domain::referrals::ReferralPage>(&c, &base, path);
    let clocks = |as_of: String, page: u64| async move {
        let f = ReferralFilter {
            as_of,
            page,
            ..Default::default()
        };
        referrals::list_from_clocks(db, &f, Utc::now())
            .await
            .unwrap()
    };
    let first = get("/api/v1/referrals".into()).await;
    let second = get("/api/v1/referrals?page=2".into()).await;
    assert!(first.total > 50, "a list of several pages: {}", first.total);
    assert_eq!(second.as_of, first.as_of, "one instant for the pages");
    assert_eq!(second.total, first.total);
    // Which referrals and how they stand (a clock's days late differ by
    // the fraction of a second `as_of` does not show).
    let rows = |p: &app::domain::referrals::ReferralPage| -> Vec<(String, String, String, bool)> {
        p.items
            .iter()
            .map(|i| {
                (
                    i.demand.clone(),
                    i.authority.clone(),
                    i.status.as_str().to_string(),
                    i.overdue,
                )
            })
            .collect()
    };
    assert_eq!(rows(&second), rows(&clocks(first.as_of.clone(), 2).await));
    assert_eq!(first.total, clocks(first.as_of.clone(), 1).await.total);
    // A write: one demand withdrawn takes its referrals off the list.
    let gone = support::scalar(
        db,
        "SELECT COUNT(*) FROM referrals WHERE demand_id = (SELECT MIN(id) FROM demands)",
    )
    .await as u64;
    assert!(gone > 0);
    let at = "2026-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
    let stmt = sea_orm::Statement::from_sql_and_values(
        db.get_database_backend(),
        match db.get_database_backend() {
            sea_orm::DbBackend::Postgres => {
                "UPDATE demands SET withdrawn_at = $1 WHERE id = (SELECT MIN(id) FROM demands)"
            }
            _ => "UPDATE demands SET withdrawn_at = ? WHERE id = (SELECT MIN(id) FROM demands)",
        },
        [at.into()],
    );
    use sea_orm::ConnectionTrait;
    db.execute_raw(stmt).await.unwrap();
    let after = get("/api/v1/referrals".into()).await;
    assert_eq!(
        after.total,
        first.total - gone,
        "the write is in the next page"
    );
    assert_eq!(after.total, clocks(after.as_of.clone(), 1).await.total);
}

on_both!(a_demands_lists_total_now_is_kept_and_its_pages_agree);
/// The demands list "now" over HTTP, for an anonymous reader: its total
/// is counted once per data version (`AppState::total_now`, as the
/// referrals list's) and its pages are read at that count's instant, so a
/// page, its total and the list read directly agree; after a write the
/// next page is counted again.
async fn a_demands_lists_total_now_is_kept_and_its_pages_agree(t: support::TestDb) {
    use app::domain::demands::DemandFilter;
    use app::domain::open_data::ApiDemandPage;
    use app::server::services::demands;
    let db = &t.conn;
    let (base, c) = serve_generated(db).await;
    let get = |path: &'static str| json::<ApiDemandPage>(&c, &base, path.to_string());
    let direct = |status: &str, page: u64| {
        let f = DemandFilter {
            status: status.to_string(),
            page,
            ..Default::default()
        };
        async move { demands::list(db, None, &f, Utc::now()).await.unwrap() }
    };
    let keys =
        |p: &ApiDemandPage| -> Vec<String> { p.items.iter().map(|i| i.key.clone()).collect() };
    for (status, path, second) in [
        ("", "/api/v1/demands", "/api/v1/demands?page=2"),
        (
            "awaiting",
            "/api/v1/demands?status=awaiting",
            "/api/v1/demands?status=awaiting&page=2",
        ),
    ] {
        let first = get(path).await;
        let next = get(second).await;
        assert!(first.pages > 1, "{path}: a list of several pages");
        assert_eq!(next.total, first.total, "{path}: one total for the pages");
        let listed = direct(status, 2).await;
        assert_eq!(first.total, listed.total, "{path}: the list's own count");
        let listed: Vec<String> = listed.rows.iter().map(|r| r.key.clone()).collect();
        assert_eq!(keys(&next), listed, "{path}: the second page");
    }
    let before = get("/api/v1/demands").await.total;
    // A write: the newest demand withdrawn leaves the list.
    let stmt = sea_orm::Statement::from_sql_and_values(
        db.get_database_backend(),
        match db.get_database_backend() {
            sea_orm::DbBackend::Postgres => {
                "UPDATE demands SET withdrawn_at = $1 WHERE id = (SELECT MAX(id) FROM demands)"
            }
            _ => "UPDATE demands SET withdrawn_at = ? WHERE id = (SELECT MAX(id) FROM demands)",
        },
        ["2026-01-01T00:00:00Z"
            .parse::<DateTime<Utc>>()
            .unwrap()
            .into()],
    );
    use sea_orm::ConnectionTrait;
    db.execute_raw(stmt).await.unwrap();
    assert_eq!(
        get("/api/v1/demands?page=2").await.total,
        before - 1,
        "the write is in the next page"
    );
}

on_both!(the_lists_next_and_prev_links_walk_every_row_once);
/// The demands list's page links carry the page's edge (`after`,
/// `before`): following `next` from the first page to the last, and
/// `prev` back, lists every demand of the list once, in its order, the
/// same as the list read whole; a cursor that names no demand leaves the
/// page to its number; the HTML pager carries the same edges. The
/// referrals list's links do the same, against its numbered pages.
async fn the_lists_next_and_prev_links_walk_every_row_once(t: support::TestDb) {
    use app::domain::demands::DemandFilter;
    use app::domain::open_data::ApiDemandPage;
    use app::server::services::demands;
    let db = &t.conn;
    let (base, c) = serve_generated(db).await;
    let get = |path: String| json::<ApiDemandPage>(&c, &base, path);
    let keys = |p: &ApiDemandPage| -> Vec<(String, String)> {
        p.items
            .iter()
            .map(|i| (i.body.clone(), i.key.clone()))
            .collect()
    };
    for (status, path) in [
        ("", "/api/v1/demands"),
        ("awaiting", "/api/v1/demands?status=awaiting"),
    ] {
        let whole = demands::list(
            db,
            None,
            &DemandFilter {
                status: status.into(),
                page: 0,
                ..Default::default()
            },
            Utc::now(),
        )
        .await
        .unwrap();
        let whole: Vec<(String, String)> = whole
            .rows
            .iter()
            .map(|r| (r.body_key.clone(), r.key.clone()))
            .collect();
        let mut page = get(path.to_string()).await;
        // The whole list reaches a `before` edge (a third page or more).
        let least = if status.is_empty() { 3 } else { 2 };
        assert!(page.pages >= least, "{path}: a list of several pages");
        let mut walked = keys(&page);
        let mut seen = 1;
        while let Some(next) = page.next.clone() {
            assert!(next.contains("after="), "{path}: {next} carries its edge");
            page = get(next).await;
            seen += 1;
            assert_eq!(page.page, seen, "{path}: the page number follows");
            walked.extend(keys(&page));
        }
        assert_eq!(seen, page.pages, "{path}: next reaches the last page");
        assert_eq!(
            walked, whole,
            "{path}: forwards, every demand once, in order"
        );
        let mut back = vec![keys(&page)];
        while let Some(prev) = page.prev.clone() {
            page = get(prev).await;
            back.push(keys(&page));
        }
        assert_eq!(page.page, 1, "{path}: prev reaches the first page");
        back.reverse();
        assert_eq!(back.concat(), whole, "{path}: backwards, the same pages");
        // The edges are what decide the page (not its number): a page
        // starts right after the demand named, or ends right before it.
        let sep = if path.contains('?') { '&' } else { '?' };
        let cursor = |i: usize| format!("{}~{}", whole[i].0, whole[i].1);
        let n = whole.len();
        let after = get(format!("{path}{sep}page=2&after={}", cursor(3))).await;
        assert_eq!(
            keys(&after),
            whole[4..n.min(29)].to_vec(),
            "{path}: after an edge"
        );
        let j = (n - 1).min(40);
        let before = get(format!("{path}{sep}page=2&before={}", cursor(j))).await;
        let expected = whole[j.saturating_sub(25)..j].to_vec();
        assert_eq!(keys(&before), expected, "{path}: before an edge");
        // A cursor naming no demand: the page by its number.
        let numbered = get(format!("{path}{sep}page=2")).await;
        let stray = get(format!("{path}{sep}page=2&after=nobody~none")).await;
        assert_eq!(keys(&stray), keys(&numbered), "{path}: a stray cursor");
    }
    let html = support::text(&c, format!("{base}/demands?page=2")).await;
    assert!(
        html.contains("page=3&amp;after=") || html.contains("page=3&after="),
        "the next link carries the page's last demand"
    );
    assert!(
        html.contains("href=\"/demands?page=1\""),
        "the link to the first page is the plain one"
    );

    let get = |path: String| json::<app::domain::referrals::ReferralPage>(&c, &base, path);
    let keys = |p: &app::domain::referrals::ReferralPage| -> Vec<String> {
        p.items
            .iter()
            .map(|i| format!("{}/{}/{}", i.body, i.demand, i.authority))
            .collect()
    };
    for path in ["/api/v1/referrals", "/api/v1/referrals?answered=1"] {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut page = get(path.to_string()).await;
        let least = if path.contains('?') { 2 } else { 3 };
        assert!(page.pages >= least, "{path}: a list of several pages");
        let mut numbered = Vec::new();
        for n in 1..=page.pages {
            numbered.extend(keys(&get(format!("{path}{sep}page={n}")).await));
        }
        let mut walked = keys(&page);
        while let Some(next) = page.next.clone() {
            assert!(next.contains("after="), "{path}: {next} carries its edge");
            page = get(next).await;
            walked.extend(keys(&page));
        }
        assert_eq!(walked, numbered, "{path}: forwards, the numbered pages");
        let mut back = vec![keys(&page)];
        while let Some(prev) = page.prev.clone() {
            page = get(prev).await;
            back.push(keys(&page));
        }
        back.reverse();
        assert_eq!(back.concat(), numbered, "{path}: backwards, the same");
        let cursor = |i: usize| numbered[i].replace('/', "~");
        let n = numbered.len();
        let after = get(format!("{path}{sep}page=2&after={}", cursor(3))).await;
        assert_eq!(
            keys(&after),
            numbered[4..n.min(54)].to_vec(),
            "{path}: after an edge"
        );
        let j = (n - 1).min(60);
        let before = get(format!("{path}{sep}page=2&before={}", cursor(j))).await;
        let expected = numbered[j.saturating_sub(50)..j].to_vec();
        assert_eq!(keys(&before), expected, "{path}: before an edge");
        let stray = get(format!("{path}{sep}page=2&before=a~b~c")).await;
        assert_eq!(
            keys(&stray),
            numbered[50..numbered.len().min(100)].to_vec(),
            "{path}: a stray cursor"
        );
    }
    let html = support::text(&c, format!("{base}/referrals?page=2")).await;
    assert!(
        html.contains("page=3&amp;after=") || html.contains("page=3&after="),
        "the referrals pager carries the page's last referral"
    );
}

// A page far down the list is a seek from the end of the page before
// (`referrals::page_ends`), not an offset: the same referrals as the offset
// gives, page by page, for the whole list, a body's and the overdue.
on_both!(a_referrals_page_read_from_the_page_ends_is_the_page_the_offset_reads);
async fn a_referrals_page_read_from_the_page_ends_is_the_page_the_offset_reads(t: support::TestDb) {
    let (db, n) = (&t.conn, &t.name);
    let generated = serde_json::to_string(&document(Spec {
        bodies: 3,
        referrals: 400,
        seed: 11,
    }))
    .unwrap();
    dataset::import(db, &generated, ImportOptions::default(), &|_| {})
        .await
        .expect("generated data imports");
    let now = Utc::now();
    let body = referrals::list(db, &ReferralFilter::default(), now)
        .await
        .unwrap()
        .items[0]
        .body
        .clone();
    for base in [
        ReferralFilter::default(),
        ReferralFilter {
            body,
            ..Default::default()
        },
        ReferralFilter {
            overdue: "1".into(),
            ..Default::default()
        },
        ReferralFilter {
            status: "rejected".into(),
            ..Default::default()
        },
    ] {
        let total = referrals::total_at(db, &base, now).await.unwrap();
        let ends = referrals::page_ends(db, &base, now)
            .await
            .unwrap()
            .expect("the facts answer now");
        assert_eq!(ends.len() as u64, total / 50, "{n}: {base:?}");
        let pages = total.div_ceil(50).max(1);
        assert!(pages > 1 || total < 50, "{n}: {base:?}");
        let mut seen = 0;
        for page in 1..=pages {
            let f = ReferralFilter {
                page,
                ..base.clone()
            };
            let known = Some((now, total));
            let by_offset = referrals::list_known(db, &f, now, known, None)
                .await
                .unwrap();
            let by_ends = referrals::list_known(db, &f, now, known, Some(&ends))
                .await
                .unwrap();
            let keys = |p: &app::domain::referrals::ReferralPage| {
                p.items
                    .iter()
                    .map(|i| format!("{}/{}/{}", i.body, i.demand, i.authority))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                keys(&by_ends),
                keys(&by_offset),
                "{n}: {base:?} page {page}"
            );
            seen += by_ends.items.len() as u64;
        }
        assert_eq!(seen, total, "{n}: {base:?}");
    }
}
