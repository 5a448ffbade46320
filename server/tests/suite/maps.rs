//! `/mapa`: the map's numbers per state are the open-data API's — each
//! public council of `/api/v1/bodies` placed by its jurisdiction, its seat
//! holders those of `/api/v1/bodies/{key}/metrics` at the same `as_of` —
//! and a council's page shows its state; national and consular councils
//! are apart, private ones nowhere.
use crate::support;

use app::domain::states::STATES;
use app::server::services::maps::state_of;
use reqwest::Client;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::Value;
use std::collections::BTreeMap;

const DATE: &str = "2026-06-30";

async fn json(c: &Client, url: String) -> Value {
    serde_json::from_str(&support::text(c, url).await).unwrap()
}

/// The map page's row of a state: [state councils, municipal, seat holders].
fn row(page: &str, state: &str) -> Vec<u32> {
    let start = page
        .find(&format!("<th scope=\"row\">{state}</th>"))
        .unwrap_or_else(|| panic!("no row for {state}"));
    let rest = &page[start
        ..page[start..]
            .find("</tr>")
            .map_or(page.len(), |e| start + e)];
    rest.split("<td class=\"num\">")
        .skip(1)
        .filter_map(|c| c.split('<').next()?.parse().ok())
        .collect()
}

on_both!(the_maps_numbers_are_the_apis);
async fn the_maps_numbers_are_the_apis(t: support::TestDb) {
    server::demo::load_if_empty(&t.conn, &|_| {}).await.unwrap();
    // A private council: on no map, in no total.
    let hidden = entity::body::Entity::find()
        .filter(entity::body::Column::Key.eq("consejo-chiapas"))
        .one(&t.conn)
        .await
        .unwrap()
        .unwrap();
    let mut am = hidden.into_active_model();
    am.public = Set(false);
    am.update(&t.conn).await.unwrap();

    let base = support::serve(t.conn.clone()).await;
    let c = support::client();
    let n = &t.name;

    // Expected, from the API alone.
    let mut want: BTreeMap<&str, [u32; 3]> = BTreeMap::new();
    let mut apart = Vec::new();
    for b in json(&c, format!("{base}/api/v1/bodies"))
        .await
        .as_array()
        .unwrap()
    {
        let key = b["key"].as_str().unwrap();
        let level = b["level"].as_str().unwrap();
        let m = json(
            &c,
            format!("{base}/api/v1/bodies/{key}/metrics?as_of={DATE}"),
        )
        .await;
        let seats = m["composition"]["members_active"].as_u64().unwrap() as u32;
        match (level, state_of(b["jurisdiction"].as_str().unwrap())) {
            ("national" | "consular" | "transnational", _) | (_, None) => {
                apart.push(key.to_string())
            }
            (level, Some(id)) => {
                let w = want.entry(id).or_default();
                w[if level == "state" { 0 } else { 1 }] += 1;
                w[2] += seats;
            }
        }
    }
    assert!(want.len() >= 2, "{n}: the demo's councils are in states");

    let page = support::text(&c, format!("{base}/mapa?as_of={DATE}")).await;
    for (id, name) in STATES {
        let expected = want.get(id).copied().unwrap_or_default().to_vec();
        assert_eq!(row(&page, name), expected, "{n}: {name}");
    }
    // Shaded by its number, the credit given, the rest apart.
    assert!(page.contains("class=\"map-shade-1\""), "{n}");
    assert!(
        page.contains("@svg-maps/mexico") && page.contains("CC BY 4.0"),
        "{n}"
    );
    for key in &apart {
        assert!(
            page.contains(&format!("/bodies/{key}\"")),
            "{n}: {key} is not listed"
        );
    }
    assert!(
        !page.contains("Refugiadas de Chiapas"),
        "{n}: the private council is on the map"
    );

    // A council's page shows its state; a national one shows none.
    let tijuana = support::text(&c, format!("{base}/bodies/consejo-tijuana")).await;
    assert!(tijuana.contains("class=\"map-here\""), "{n}");
    assert!(tijuana.contains("<strong>Baja California</strong>"), "{n}");
    let national = support::text(&c, format!("{base}/bodies/consejo-nacional")).await;
    assert!(!national.contains("map-here"), "{n}");
}
