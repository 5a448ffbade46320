//! `/metrics`: off without `METRICS_TOKEN`, refused without the token, and
//! with it the requests per route and status, the figures cache's hits and
//! computations and the outbox's backlog as the database holds it, in a
//! format Prometheus' own parser reads.
use crate::support;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Statement};

/// The value of the sample `name` (with its labels as written), if any.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(name).and_then(|v| v.strip_prefix(' ')))
        .and_then(|v| v.trim().parse().ok())
}

on_both!(metrics_count_what_the_server_did_for_whoever_has_the_token);
async fn metrics_count_what_the_server_did_for_whoever_has_the_token(t: support::TestDb) {
    server::demo::load_if_empty(&t.conn, &|_| {}).await.unwrap();
    let n = &t.name;
    let c = support::client();

    // Off by default.
    let base = support::serve(t.conn.clone()).await;
    let r = c.get(format!("{base}/metrics")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "{n}");

    let base = support::serve_with(t.conn.clone(), |s| {
        s.metrics_token = Some("s3cret-token".into());
    })
    .await;
    for auth in [None, Some("Bearer wrong"), Some("s3cret-token")] {
        let mut req = c.get(format!("{base}/metrics"));
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{n}: {auth:?}");
    }

    for _ in 0..3 {
        let r = c
            .get(format!("{base}/bodies/consejo-tijuana"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{n}");
    }
    // Figures of a past date stay valid until a write: the second time,
    // whatever the clock, they come from the cache.
    for _ in 0..2 {
        let r = c
            .get(format!(
                "{base}/bodies/consejo-tijuana/charts/topics.svg?as_of=2025-12-31"
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{n}");
    }
    let r = c
        .get(format!("{base}/bodies/nobody-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND, "{n}");

    let r = c
        .get(format!("{base}/metrics"))
        .header("authorization", "Bearer s3cret-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{n}");
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text"),
        "{n}"
    );
    let text = r.text().await.unwrap();
    let ok = "voces_http_requests_total{method=\"GET\",route=\"/bodies/{key}\",status=\"200\"}";
    assert_eq!(sample(&text, ok), Some(3.0), "{n}: {text}");
    let missing =
        "voces_http_requests_total{method=\"GET\",route=\"/bodies/{key}\",status=\"404\"}";
    assert_eq!(sample(&text, missing), Some(1.0), "{n}");
    let count = "voces_http_request_duration_seconds_count{method=\"GET\",route=\"/bodies/{key}\",status=\"200\"}";
    assert_eq!(sample(&text, count), Some(3.0), "{n}");
    // The tokens and keys in paths never become labels.
    assert!(!text.contains("consejo-tijuana"), "{n}");

    // The dashboard's figures: computed once, then served from the cache.
    let computed = sample(&text, "voces_figures_computed_total").unwrap();
    let hits = sample(&text, "voces_figures_cache_hits_total").unwrap();
    assert!(computed >= 1.0, "{n}: {computed}");
    assert!(hits >= 1.0, "{n}: {hits}");
    assert!(
        sample(&text, "voces_figures_compute_duration_seconds_count") == Some(computed),
        "{n}"
    );

    // The outbox as the database holds it.
    let backend = t.conn.get_database_backend();
    let row = t
        .conn
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL",
        ))
        .await
        .unwrap()
        .unwrap();
    let unsent: i64 = row.try_get_by_index(0).unwrap();
    assert_eq!(
        sample(&text, "voces_outbox_unsent"),
        Some(unsent as f64),
        "{n}"
    );
    let oldest = sample(&text, "voces_outbox_oldest_unsent_seconds").unwrap();
    assert!(
        if unsent == 0 {
            oldest == 0.0
        } else {
            oldest >= 0.0
        },
        "{n}"
    );
    let open = sample(&text, "voces_db_pool_connections").unwrap();
    let max = sample(&text, "voces_db_pool_max").unwrap();
    assert!(open >= 1.0 && open <= max, "{n}: {open} of {max}");
    assert!(
        sample(&text, "voces_process_resident_memory_bytes").unwrap() > 1e6,
        "{n}"
    );

    // Prometheus' own parser (PyPI prometheus-client) reads it whole.
    let out = std::process::Command::new("python3")
        .arg("tests/openmetrics/check.py")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(text.as_bytes())?;
            child.wait_with_output()
        })
        .expect("python3");
    assert!(
        out.status.success(),
        "{n}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
