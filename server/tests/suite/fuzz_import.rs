//! Hostile and broken dataset documents: never a panic, and every refusal
//! says where (a JSON path), whatever was changed. Thousands of mutated
//! documents go through parsing and validation; a sample goes all the way
//! through `import` on a database, which must then hold nothing of it.
use crate::support;

use app::server::services::dataset::import::{check as read_and_validate, ImportError, Source};
use app::server::services::dataset::validate::Existing;
use app::server::services::dataset::{self, ImportOptions};
use proptest::prelude::*;
use serde_json::Value;

const DOC: &str = include_str!("../fixtures/fuzz_import.json");

/// A replacement value: the kinds of wrong a hand-edited file has.
fn junk() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(Value::Bool(true)),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        Just(Value::from("")),
        Just(Value::from("2026-02-30")),
        Just(Value::from("2026-13-01T25:61:00Z")),
        Just(Value::from("not-a-key")),
        Just(Value::from("inm")),
        Just(Value::from("a")),
        Just(Value::from("x".repeat(100_000))),
        "\\PC{0,30}".prop_map(Value::from),
        Just(Value::Array(vec![])),
        Just(Value::Object(Default::default())),
    ]
}

#[derive(Debug, Clone)]
enum Edit {
    Replace(Vec<usize>, Value),
    Remove(Vec<usize>),
    Duplicate(Vec<usize>),
}

fn edit() -> impl Strategy<Value = Edit> {
    let path = proptest::collection::vec(any::<usize>(), 1..7);
    prop_oneof![
        (path.clone(), junk()).prop_map(|(p, v)| Edit::Replace(p, v)),
        path.clone().prop_map(Edit::Remove),
        path.prop_map(Edit::Duplicate),
    ]
}

/// Follows `path` (each step picks a child by index modulo their number)
/// and applies the edit at the node reached.
fn apply(root: &mut Value, edit: &Edit) {
    let path = match edit {
        Edit::Replace(p, _) | Edit::Remove(p) | Edit::Duplicate(p) => p,
    };
    apply_at(root, path, edit);
}

fn apply_at(node: &mut Value, path: &[usize], edit: &Edit) {
    if path.len() > 1 {
        let step = path[0];
        let child = match node {
            Value::Object(m) if !m.is_empty() => {
                let k = m.keys().nth(step % m.len()).cloned().unwrap_or_default();
                m.get_mut(&k)
            }
            Value::Array(a) if !a.is_empty() => {
                let n = a.len();
                a.get_mut(step % n)
            }
            _ => None,
        };
        if let Some(c) = child {
            if c.is_object() || c.is_array() {
                apply_at(c, &path[1..], edit);
                return;
            }
        }
    }
    let last = path[path.len() - 1];
    match (node, edit) {
        (Value::Object(m), _) if m.is_empty() => {}
        (Value::Array(a), _) if a.is_empty() => {}
        (Value::Object(m), Edit::Replace(_, v)) => {
            let k = m.keys().nth(last % m.len()).cloned().unwrap_or_default();
            m.insert(k, v.clone());
        }
        (Value::Object(m), Edit::Remove(_)) => {
            let k = m.keys().nth(last % m.len()).cloned().unwrap_or_default();
            m.remove(&k);
        }
        (Value::Object(m), Edit::Duplicate(_)) => {
            let k = m.keys().nth(last % m.len()).cloned().unwrap_or_default();
            let v = m[&k].clone();
            m.insert(format!("{k}_copy"), v);
        }
        (Value::Array(a), Edit::Replace(_, v)) => {
            let n = a.len();
            a[last % n] = v.clone();
        }
        (Value::Array(a), Edit::Remove(_)) => {
            let n = a.len();
            a.remove(last % n);
        }
        (Value::Array(a), Edit::Duplicate(_)) => {
            let n = a.len();
            let v = a[last % n].clone();
            a.push(v);
        }
        _ => {}
    }
}

/// Reads and validates (the import's passes, without writing); every
/// refusal must say where.
fn check(json: &str) -> Result<(), TestCaseError> {
    match read_and_validate(&Source::Text(json.into()), &Existing::default(), false) {
        Ok(_) => {}
        Err(ImportError::Syntax(msg)) => {
            prop_assert!(!msg.is_empty());
        }
        Err(ImportError::Invalid(problems)) => {
            prop_assert!(!problems.is_empty());
            for p in problems {
                prop_assert!(!p.path.is_empty(), "no location: {}", p.message);
                prop_assert!(!p.message.is_empty(), "no message at {}", p.path);
            }
        }
        Err(other) => prop_assert!(false, "reading gave {other}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn mutated_documents_are_refused_with_a_location(edits in proptest::collection::vec(edit(), 1..5)) {
        let mut doc: Value = serde_json::from_str(DOC).unwrap();
        for e in &edits {
            apply(&mut doc, e);
        }
        check(&doc.to_string())?;
    }

    #[test]
    fn arbitrary_text_is_refused_with_a_reason(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn truncated_documents(cut in 0usize..3000) {
        let mut at = cut.min(DOC.len());
        while !DOC.is_char_boundary(at) {
            at -= 1;
        }
        check(&DOC[..at])?;
    }
}

/// A sample all the way through `import`: it either imports everything or
/// leaves the database exactly as it was.
#[tokio::test]
async fn mutated_documents_through_import_change_nothing_or_everything() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let t = support::sqlite().await;
    let db = &t.conn;
    let mut runner = TestRunner::deterministic();
    let strategy = proptest::collection::vec(edit(), 1..4);
    let mut refused = 0;
    for _ in 0..150 {
        let edits = strategy.new_tree(&mut runner).unwrap().current();
        let mut doc: Value = serde_json::from_str(DOC).unwrap();
        for e in &edits {
            apply(&mut doc, e);
        }
        let before = support::counts(db).await;
        match dataset::import(
            db,
            &doc.to_string(),
            ImportOptions { replace: true },
            &|_| {},
        )
        .await
        {
            Ok(_) => {}
            Err(ImportError::Db(e)) => {
                panic!("a database error escaped validation: {e}\n{edits:?}")
            }
            Err(_) => {
                refused += 1;
                assert_eq!(support::counts(db).await, before, "{edits:?}");
            }
        }
    }
    assert!(
        refused > 20,
        "only {refused} of 150 mutated documents were refused"
    );
}
