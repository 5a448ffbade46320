//! `/comparar`: the comparison's figures are each compared one's own
//! figures at the same `as_of` (read here from the metrics engine and
//! looked up by name in its JSON, not through the page's figure list), its
//! trend is each one's figures at the quarter ends, a council that is not
//! public is never shown, and the page works as a plain GET form.
use crate::support;

use app::domain::compare::{CompareKind, CompareQuery, Comparison};
use app::domain::metrics::instants::parse_as_of;
use app::server::services::{compare, metrics};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::Value;

const DATE: &str = "2026-06-30";

/// `id`'s value in a figures JSON, wherever it sits (`answers`,
/// `composition`, `meetings`, `demands`, `scores`).
fn field(m: &Value, id: &str) -> Option<f64> {
    ["composition", "meetings", "demands", "answers", "scores"]
        .iter()
        .find_map(|section| m[section].get(id))
        .map(|v| v.as_f64().unwrap_or(f64::NAN))
}

fn query(kind: CompareKind, keys: &[&str]) -> CompareQuery {
    CompareQuery {
        kind,
        keys: keys.iter().map(|k| k.to_string()).collect(),
        as_of: DATE.into(),
        trend: String::new(),
    }
}

/// Every figure of `c` against the engine's JSON of the same one at `t`.
fn assert_same(name: &str, c: &Comparison, engine: &[Value]) {
    assert_eq!(c.compared.len(), engine.len(), "{name}");
    assert!(!c.figures.is_empty(), "{name}");
    for f in &c.figures {
        for (i, cell) in f.cells.iter().enumerate() {
            let want = field(&engine[i], &f.id)
                .unwrap_or_else(|| panic!("{name}: {} is not a figure of the engine", f.id));
            let got = cell.value.unwrap_or(f64::NAN);
            assert!(
                (want.is_nan() && got.is_nan()) || (want - got).abs() < 1e-9,
                "{name}: {} of {}: {got} ≠ {want}",
                f.id,
                c.compared[i].key
            );
        }
    }
}

on_both!(comparison_figures_are_each_ones_figures_at_the_same_instant);
async fn comparison_figures_are_each_ones_figures_at_the_same_instant(t: support::TestDb) {
    server::demo::load_if_empty(&t.conn, &|_| {}).await.unwrap();
    let db = &t.conn;
    let n = &t.name;
    let at = parse_as_of(DATE).unwrap();

    // Authorities: every figure, the counts behind the response rate, the
    // trend at each quarter's end.
    let keys = ["inm", "comar", "sre-consular"];
    let c = compare::compare(db, &query(CompareKind::Authorities, &keys), at)
        .await
        .unwrap();
    let mut engine = Vec::new();
    for k in keys {
        let m = metrics::authority(db, k, at).await.unwrap().unwrap();
        engine.push(serde_json::to_value(m).unwrap());
    }
    assert_same(n, &c, &engine);
    assert_eq!(c.as_of, "2026-06-30T23:59:59Z", "{n}");
    let response = c.figures.iter().find(|f| f.id == "response_rate").unwrap();
    for (cell, m) in response.cells.iter().zip(&engine) {
        let (num, den) = cell.ratio.unwrap();
        assert_eq!(Some(f64::from(num)), field(m, "answered"), "{n}");
        assert_eq!(Some(f64::from(den)), field(m, "considered"), "{n}");
        assert!(cell
            .list
            .as_deref()
            .unwrap()
            .contains("as_of=2026-06-30T23%3A59%3A59Z"));
    }
    assert_eq!(c.trend_ends.len(), 8, "{n}");
    for (x, k) in c.compared.iter().zip(keys) {
        assert_eq!(x.trend.len(), 8, "{n}");
        for (end, v) in c.trend_ends.iter().zip(&x.trend) {
            let at_end = metrics::authority(db, k, parse_as_of(end).unwrap())
                .await
                .unwrap()
                .unwrap();
            assert_eq!(*v, at_end.scores.responsiveness_score, "{n}: {k} at {end}");
        }
    }

    // Councils, with a trend figure of their own.
    let keys = ["consejo-tijuana", "consejo-cdmx"];
    let mut q = query(CompareKind::Bodies, &keys);
    q.trend = "regularity_score".into();
    let c = compare::compare(db, &q, at).await.unwrap();
    let mut engine = Vec::new();
    for k in keys {
        let m = metrics::body(db, k, at).await.unwrap().unwrap();
        engine.push(serde_json::to_value(m).unwrap());
    }
    assert_same(n, &c, &engine);
    assert_eq!(c.trend_id, "regularity_score", "{n}");
    let last = c.trend_ends.last().unwrap();
    let at_last = metrics::body(db, "consejo-tijuana", parse_as_of(last).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        c.compared[0].trend.last().copied().flatten(),
        at_last.scores.regularity_score,
        "{n}"
    );
}

on_both!(a_council_that_is_not_public_is_never_compared);
async fn a_council_that_is_not_public_is_never_compared(t: support::TestDb) {
    server::demo::load_if_empty(&t.conn, &|_| {}).await.unwrap();
    let db = &t.conn;
    let n = &t.name;
    let hidden = entity::body::Entity::find()
        .filter(entity::body::Column::Key.eq("consejo-chiapas"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut am = hidden.into_active_model();
    am.public = Set(false);
    am.update(db).await.unwrap();

    let at = parse_as_of(DATE).unwrap();
    let q = query(
        CompareKind::Bodies,
        &[
            "consejo-tijuana",
            "consejo-chiapas",
            "nobody",
            "consejo-tijuana",
        ],
    );
    let c = compare::compare(db, &q, at).await.unwrap();
    let shown: Vec<&str> = c.compared.iter().map(|x| x.key.as_str()).collect();
    assert_eq!(shown, ["consejo-tijuana"], "{n}");
    assert_eq!(c.unknown, ["consejo-chiapas", "nobody"], "{n}");
    assert!(
        c.choices.iter().all(|(k, _)| k != "consejo-chiapas"),
        "{n}: a private council among the choices"
    );
    // Only known keys make the cached comparison's key.
    let (known, unknown) = compare::known(db, &q).await.unwrap();
    assert_eq!(known, ["consejo-tijuana"], "{n}");
    assert_eq!(unknown, ["consejo-chiapas", "nobody"], "{n}");

    // The page, anonymously: the form works without scripts, the private
    // council's name is nowhere, one alone asks for another.
    let base = support::serve(t.conn.clone()).await;
    let client = support::client();
    let page = support::text(
        &client,
        format!(
            "{base}/comparar?kind=bodies&k=consejo-tijuana&k=consejo-chiapas&k=nobody&as_of={DATE}"
        ),
    )
    .await;
    assert!(page.contains("Elija al menos dos"), "{n}");
    assert!(
        page.contains("consejo-chiapas, nobody"),
        "{n}: the keys not found are named"
    );
    assert!(
        !page.contains("Refugiadas de Chiapas"),
        "{n}: the private council's name is on the page"
    );
}

on_both!(the_page_shows_two_authorities_side_by_side);
async fn the_page_shows_two_authorities_side_by_side(t: support::TestDb) {
    server::demo::load_if_empty(&t.conn, &|_| {}).await.unwrap();
    let base = support::serve(t.conn.clone()).await;
    let client = support::client();
    let n = &t.name;
    let page = support::text(
        &client,
        format!("{base}/comparar?kind=authorities&k=inm&k=comar&as_of={DATE}"),
    )
    .await;
    let at = parse_as_of(DATE).unwrap();
    for k in ["inm", "comar"] {
        let m = metrics::authority(&t.conn, k, at).await.unwrap().unwrap();
        // Each one's figures link to its list at the same instant.
        let list = format!(
            "/referrals?as_of=2026-06-30T23%3A59%3A59Z&amp;authority={k}&amp;window=1\">{}<",
            m.answers.referrals
        );
        assert!(page.contains(&list), "{n}: no {list}");
        assert!(
            page.contains(&format!("/authorities/{k}?as_of={DATE}#dash-h")),
            "{n}"
        );
    }
    assert!(page.contains("/methodology#response_rate"), "{n}");
    assert!(page.contains("id=\"trend-compare-title\""), "{n}");
    // Its permalink is its own address.
    assert!(
        page.contains("/comparar?kind=authorities&amp;k=inm&amp;k=comar&amp;as_of=2026-06-30"),
        "{n}"
    );
}
