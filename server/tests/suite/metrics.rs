//! The metrics engine (metrics.md) against hand-computed values on a tiny
//! dataset and against an independent implementation
//! (`tests/metrics/reference.py`, written from the spec alone) on the demo
//! data at several instants, on SQLite and PostgreSQL.
use crate::support;

use app::domain::metrics::instants::parse_as_of;
use app::server::services::dataset::{self, ImportOptions};
use app::server::services::metrics;
use sea_orm::DatabaseConnection;
use serde_json::{json, Value};
use server::demo::DEMO_JSON;

const TINY: &str = include_str!("../metrics/tiny.json");
const TINY_QUERIES: &str = include_str!("../metrics/tiny_queries.json");
const TINY_EXPECTED: &str = include_str!("../metrics/tiny_expected.json");

fn quiet(_: dataset::Progress) {}

async fn import(db: &DatabaseConnection, doc: &str) {
    dataset::import(db, doc, ImportOptions::default(), &quiet)
        .await
        .expect("dataset imports");
}

/// One query answered by the engine, as the API would serialise it.
async fn answer(db: &DatabaseConnection, q: &Value) -> Value {
    let key = q["key"].as_str().unwrap();
    let t = parse_as_of(q["as_of"].as_str().unwrap()).expect("as_of parses");
    let found = match q["kind"].as_str().unwrap() {
        "body" => metrics::body(db, key, t)
            .await
            .unwrap()
            .map(|m| serde_json::to_value(m).unwrap()),
        _ => metrics::authority(db, key, t)
            .await
            .unwrap()
            .map(|m| serde_json::to_value(m).unwrap()),
    };
    found.unwrap_or_else(|| json!({"error": "not found"}))
}

/// Equal, floats within 1e-9; the path of the first difference otherwise.
fn diff(path: &str, a: &Value, b: &Value) -> Option<String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            ((x - y).abs() > 1e-9).then(|| format!("{path}: {x} ≠ {y}"))
        }
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|k| {
                let p = format!("{path}.{k}");
                match (x.get(k), y.get(k)) {
                    (Some(u), Some(v)) => diff(&p, u, v),
                    _ => Some(format!("{p}: present on one side only")),
                }
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (u, v))| diff(&format!("{path}[{i}]"), u, v)),
        _ => (a != b).then(|| format!("{path}: {a} ≠ {b}")),
    }
}

on_both!(engine_matches_hand_computed_values_on_a_tiny_dataset);
async fn engine_matches_hand_computed_values_on_a_tiny_dataset(t: support::TestDb) {
    let queries: Vec<Value> = serde_json::from_str(TINY_QUERIES).unwrap();
    let expected: Vec<Value> = serde_json::from_str(TINY_EXPECTED).unwrap();
    assert_eq!(queries.len(), expected.len());
    import(&t.conn, TINY).await;
    for (q, want) in queries.iter().zip(&expected) {
        let got = answer(&t.conn, q).await;
        if let Some(d) = diff("", &got, want) {
            panic!("{}: {q}: {d}\ngot {got:#}", t.name);
        }
    }
}

/// Bodies and authorities of the demo at instants spread over its history.
fn demo_queries() -> Vec<Value> {
    let demo: Value = serde_json::from_str(DEMO_JSON).unwrap();
    let instants = [
        "2025-03-31",
        "2025-09-30T12:00:00Z",
        "2026-01-15T06:00:00-06:00",
        "2026-06-30",
        "2026-11-28T17:00:00Z",
        "2027-12-31",
    ];
    let mut out = Vec::new();
    for as_of in instants {
        for b in demo["bodies"].as_array().unwrap() {
            out.push(json!({"kind": "body", "key": b["key"], "as_of": as_of}));
        }
        for a in demo["authorities"].as_array().unwrap() {
            out.push(json!({"kind": "authority", "key": a["key"], "as_of": as_of}));
        }
    }
    out
}

fn reference(dataset: &str, queries: &[Value]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data.json");
    let qs = dir.path().join("queries.json");
    std::fs::write(&data, dataset).unwrap();
    std::fs::write(&qs, serde_json::to_string(queries).unwrap()).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/metrics/reference.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&data)
        .arg(&qs)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "reference.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("reference.py prints JSON")
}

#[tokio::test]
async fn engine_matches_the_independent_implementation_on_the_demo_on_both_databases() {
    let queries = demo_queries();
    let expected = reference(DEMO_JSON, &queries);
    let mut per_database = Vec::new();
    for t in support::databases().await {
        import(&t.conn, DEMO_JSON).await;
        let mut answers = Vec::new();
        for (q, want) in queries.iter().zip(&expected) {
            let got = answer(&t.conn, q).await;
            if let Some(d) = diff("", &got, want) {
                panic!("{}: {q}: {d}", t.name);
            }
            answers.push(got);
        }
        // A series is the same figures at the end of each period.
        let series = metrics::body_series(
            &t.conn,
            "consejo-cdmx",
            metrics::SeriesQuery {
                from: "2025-01-01".parse().unwrap(),
                to: "2026-12-31".parse().unwrap(),
                step: app::domain::metrics::report::Step::Quarter,
            },
        )
        .await
        .unwrap()
        .expect("known body");
        assert_eq!(series.points.len(), 8);
        for p in &series.points {
            let one = metrics::body(&t.conn, "consejo-cdmx", parse_as_of(&p.as_of).unwrap())
                .await
                .unwrap()
                .unwrap();
            assert_eq!(&one, p, "{}: series point {}", t.name, p.as_of);
        }
        // Every body at once gives each body's own figures.
        let t0 = parse_as_of("2026-06-30").unwrap();
        for all in metrics::all_bodies(&t.conn, t0).await.unwrap() {
            let one = metrics::body(&t.conn, &all.body, t0)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(one, all);
        }
        per_database.push((t.name, answers));
    }
    // Identical on both databases (not only within the tolerance).
    if let [(_, a), (_, b)] = per_database.as_slice() {
        assert_eq!(a, b, "SQLite and PostgreSQL disagree");
    }
}
