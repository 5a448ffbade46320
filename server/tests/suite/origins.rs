//! `/mapa/origenes`: seat holders by country of origin, across the public
//! councils and in one, under the small-number rule (fewer than 3 → never
//! shown on its own, on the map or in the table); its total is the sum of
//! the open-data API's `members_active`; one council's countries are its
//! composition's; an expected region nobody holds stands out; a private
//! council counts nowhere.
use crate::support;

use app::domain::metrics::composition::SMALL_COUNT;
use app::server::services::composition::seat_of;
use reqwest::Client;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::Value;
use std::collections::BTreeMap;

const DATE: &str = "2026-06-30";

async fn json(c: &Client, url: String) -> Value {
    serde_json::from_str(&support::text(c, url).await).unwrap()
}

/// The rows of the table `id` of a page: (row header, last number).
fn table(page: &str, id: &str) -> Vec<(String, u32)> {
    let start = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no table {id}"));
    let body = &page[start..start + page[start..].find("</table>").unwrap()];
    body.split("<tr")
        .skip(1)
        .filter_map(|row| {
            let head = row.split("<th scope=\"row\">").nth(1)?;
            let name = head.split('<').next()?.to_string();
            let n = row
                .rsplit("<td class=\"num\">")
                .next()?
                .split('<')
                .next()?
                .parse()
                .ok()?;
            Some((name, n))
        })
        .collect()
}

/// The table's countries, without its "other", "unknown" and total rows.
fn by_country(rows: &[(String, u32)]) -> BTreeMap<String, u32> {
    rows.iter()
        .filter(|(name, _)| {
            !["Otros países", "Sin país", "Total"]
                .iter()
                .any(|p| name.starts_with(p))
        })
        .cloned()
        .collect()
}

async fn add_member(t: &support::TestDb, body: i64, key: &str, country: &str, region: &str) {
    entity::member::ActiveModel {
        body_id: Set(body),
        key: Set(key.into()),
        name: Set(format!("Persona {key}")),
        email: Set(None),
        public: Set(false),
        role: Set("representative".into()),
        gender: Set("woman".into()),
        migrant_group: Set("immigrant".into()),
        region: Set(Some(region.into())),
        country: Set(Some(country.into())),
        term_start: Set("2026-01-01".parse().unwrap()),
        term_end: Set(None),
        withdrawn_on: Set(None),
        ..Default::default()
    }
    .insert(&t.conn)
    .await
    .unwrap();
}

async fn body_id(t: &support::TestDb, key: &str) -> entity::body::Model {
    entity::body::Entity::find()
        .filter(entity::body::Column::Key.eq(key))
        .one(&t.conn)
        .await
        .unwrap()
        .unwrap()
}

on_both!(origins_hide_small_numbers_and_match_the_api);
async fn origins_hide_small_numbers_and_match_the_api(t: support::TestDb) {
    server::demo::load_if_empty(&t.conn, &|_| {}).await.unwrap();
    let n = &t.name;
    // Countries the demo does not have: Argentina 3 in Tijuana (shown
    // everywhere), Uruguay 2 in Tijuana and 1 in Mexico City (3 across the
    // councils: shown there; 2 in Tijuana: not shown there), Brazil 2 (never
    // shown), and Paraguay 3 in a private council (counted nowhere).
    let tijuana = body_id(&t, "consejo-tijuana").await;
    let cdmx = body_id(&t, "consejo-cdmx").await;
    let chiapas = body_id(&t, "consejo-chiapas").await;
    for (body, key, country, region) in [
        (tijuana.id, "t-ar1", "AR", "Sudamérica"),
        (tijuana.id, "t-ar2", "AR", "Sudamérica"),
        (tijuana.id, "t-ar3", "AR", "Sudamérica"),
        (tijuana.id, "t-uy1", "UY", "Cono Sur"),
        (tijuana.id, "t-uy2", "UY", "Cono Sur"),
        (cdmx.id, "c-uy3", "UY", "Sudamérica"),
        (tijuana.id, "t-br1", "BR", "Brasil"),
        (cdmx.id, "c-br2", "BR", "Sudamérica"),
        (chiapas.id, "p-py1", "PY", "Sudamérica"),
        (chiapas.id, "p-py2", "PY", "Sudamérica"),
        (chiapas.id, "p-py3", "PY", "Sudamérica"),
    ] {
        add_member(&t, body, key, country, region).await;
    }
    // A region Tijuana says it serves that nobody holds.
    entity::body_region::ActiveModel {
        body_id: Set(tijuana.id),
        position: Set(99),
        region: Set("Región sin titulares".into()),
        ..Default::default()
    }
    .insert(&t.conn)
    .await
    .unwrap();
    let mut am = chiapas.clone().into_active_model();
    am.public = Set(false);
    am.update(&t.conn).await.unwrap();

    // Expected, from the stored members of the public councils.
    let date: chrono::NaiveDate = DATE.parse().unwrap();
    let publics: Vec<entity::body::Model> = entity::body::Entity::find()
        .filter(entity::body::Column::Public.eq(true))
        .all(&t.conn)
        .await
        .unwrap();
    let mut national: BTreeMap<String, u32> = BTreeMap::new();
    let mut in_tijuana: BTreeMap<String, u32> = BTreeMap::new();
    for m in entity::member::Entity::find().all(&t.conn).await.unwrap() {
        if !publics.iter().any(|b| b.id == m.body_id) || !seat_of(&m).holds_seat_on(date) {
            continue;
        }
        let c = m.country.clone().unwrap_or_default();
        *national.entry(c.clone()).or_default() += 1;
        if m.body_id == tijuana.id {
            *in_tijuana.entry(c).or_default() += 1;
        }
    }
    let shown = |by: &BTreeMap<String, u32>| -> BTreeMap<String, u32> {
        by.iter()
            .filter(|(c, k)| !c.is_empty() && **k >= SMALL_COUNT)
            .map(|(c, k)| (app::domain::countries::name(c, false), *k))
            .collect()
    };

    let c = support::client();
    let base = support::serve(t.conn.clone()).await;
    // The total is the API's: the sum of every public council's seat holders.
    let mut api_total = 0;
    for b in json(&c, format!("{base}/api/v1/bodies"))
        .await
        .as_array()
        .unwrap()
    {
        let key = b["key"].as_str().unwrap();
        let m = json(
            &c,
            format!("{base}/api/v1/bodies/{key}/metrics?as_of={DATE}"),
        )
        .await;
        api_total += m["composition"]["members_active"].as_u64().unwrap() as u32;
    }

    let page = support::text(&c, format!("{base}/mapa/origenes?as_of={DATE}")).await;
    let rows = table(&page, "origins-table");
    let countries = by_country(&rows);
    assert_eq!(
        countries,
        shown(&national),
        "{n}: the countries across councils"
    );
    assert_eq!(countries.get("Argentina"), Some(&3), "{n}");
    assert_eq!(countries.get("Uruguay"), Some(&3), "{n}");
    assert!(
        !countries.contains_key("Brasil"),
        "{n}: 2 people shown apart"
    );
    assert!(
        !countries.contains_key("Paraguay"),
        "{n}: a private council counted"
    );
    let total = rows.iter().find(|(r, _)| r == "Total").unwrap().1;
    assert_eq!(total, api_total, "{n}: the total is the API's");
    let parts: u32 = rows
        .iter()
        .filter(|(r, _)| r != "Total")
        .map(|(_, k)| k)
        .sum();
    assert_eq!(parts, total, "{n}: the rows add up");
    // On the map too: Brazil in the lightest shade, with no number.
    assert!(
        page.contains("class=\"map-shade-0\"><title>Brasil</title>"),
        "{n}: Brazil shaded or counted on the map"
    );
    assert!(
        page.contains("class=\"map-shade-1\"><title>Argentina: 3</title>"),
        "{n}"
    );
    assert!(
        page.contains("@svg-maps/world") && page.contains("CC BY 4.0"),
        "{n}"
    );
    assert!(
        !page.contains("regions-table"),
        "{n}: regions are per council"
    );

    // One council: its composition's countries, and its regions.
    let page = support::text(
        &c,
        format!("{base}/mapa/origenes?body=consejo-tijuana&as_of={DATE}"),
    )
    .await;
    let rows = table(&page, "origins-table");
    let countries = by_country(&rows);
    assert_eq!(countries, shown(&in_tijuana), "{n}: Tijuana's countries");
    assert!(!countries.contains_key("Uruguay"), "{n}: 2 in Tijuana");
    let composition = app::server::services::composition::public(
        &t.conn,
        "consejo-tijuana",
        Some(date),
        chrono::Utc::now(),
    )
    .await
    .unwrap()
    .unwrap();
    let from_composition: BTreeMap<String, u32> = composition
        .breakdown
        .countries
        .iter()
        .filter_map(|(c, k)| Some((app::domain::countries::name(c.as_deref()?, false), *k)))
        .collect();
    assert_eq!(
        countries, from_composition,
        "{n}: the composition's countries"
    );
    let other = rows.iter().find(|(r, _)| r.starts_with("Otros")).unwrap().1;
    assert_eq!(other, composition.breakdown.countries_other, "{n}");
    let total = rows.iter().find(|(r, _)| r == "Total").unwrap().1;
    assert_eq!(total, composition.composition.members_active, "{n}");
    // The region nobody holds is marked; "Cono Sur" (2) is not named.
    assert!(
        page.contains("<tr class=\"region-missing\"><th scope=\"row\">Región sin titulares</th>"),
        "{n}"
    );
    assert!(
        page.contains("Región sin titulares."),
        "{n}: the sentence names it"
    );
    assert!(!page.contains("Cono Sur"), "{n}: a region of 2 named");

    // A private or unknown council has no page of origins.
    for key in ["consejo-chiapas", "nadie"] {
        let r = c
            .get(format!("{base}/mapa/origenes?body={key}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{n}: {key}");
    }
    // English names the countries in English.
    let en = c
        .get(format!("{base}/mapa/origenes?as_of={DATE}"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(en.contains("<th scope=\"row\">Argentina</th>"), "{n}");
    assert!(en.contains("<title>Brazil</title>"), "{n}");
}
