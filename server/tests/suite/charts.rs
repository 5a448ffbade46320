//! Dashboard charts to embed: each chart of a council's and an
//! authority's page (bars and the eight-quarter trend) has a permalink
//! (SVG, and PNG) at the figures' date, whose bars are the open-data API's
//! numbers at that date and whose trend is the page's, with the source and
//! the date inside the image; the page offers the code to embed it.
use crate::support;

use reqwest::{header, StatusCode};
use serde_json::Value;

/// The numbers shown beside the bars (`class="chart-value">N<`).
fn values(svg: &str) -> Vec<u64> {
    svg.split("class=\"chart-value\">")
        .skip(1)
        .filter_map(|rest| rest.split('<').next()?.parse().ok())
        .collect()
}

on_both!(charts_have_permalinks_with_the_apis_numbers_and_their_credit);
async fn charts_have_permalinks_with_the_apis_numbers_and_their_credit(t: support::TestDb) {
    server::demo::load_if_empty(&t.conn, &|_| {}).await.unwrap();
    let base = support::serve(t.conn.clone()).await;
    let c = support::client();
    let n = &t.name;
    let date = "2026-06-30";

    // The page offers the code to embed each chart, at its figures' date.
    let page = support::text(&c, format!("{base}/bodies/consejo-tijuana?as_of={date}")).await;
    let svg_url = format!("{base}/bodies/consejo-tijuana/charts/topics.svg?as_of={date}");
    assert!(page.contains(&svg_url), "{n}: no permalink on the page");
    assert!(page.contains("Insertar esta gráfica"));

    // The SVG: the API's topic counts, the source and the date.
    let r = c.get(&svg_url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{n}");
    assert_eq!(
        r.headers()[header::CONTENT_TYPE],
        "image/svg+xml; charset=utf-8"
    );
    // Its inline styles apply (the pages' policy would block them), and
    // nothing else may load or run.
    assert_eq!(
        r.headers()[header::CONTENT_SECURITY_POLICY],
        "default-src 'none'; style-src 'unsafe-inline'"
    );
    let svg = r.text().await.unwrap();
    let api: Value = serde_json::from_str(
        &support::text(
            &c,
            format!("{base}/api/v1/bodies/consejo-tijuana/metrics?as_of={date}"),
        )
        .await,
    )
    .unwrap();
    let mut expected: Vec<u64> = api["demands"]["topics"]
        .as_object()
        .unwrap_or_else(|| panic!("{n}: {api}"))
        .values()
        .map(|v| v.as_u64().unwrap())
        .collect();
    expected.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(values(&svg), expected, "{n}");
    assert!(svg.contains("Fuente: Voces"), "{svg}");
    assert!(
        svg.contains(&format!("/bodies/consejo-tijuana · Cifras al {date}")),
        "{svg}"
    );
    // English labels on request.
    let en = support::text(&c, format!("{svg_url}&lang=en")).await;
    assert!(en.contains("Source: Voces"), "{en}");

    // The PNG of the same chart, and the authority's charts.
    for path in [
        format!("/bodies/consejo-tijuana/charts/status.png?as_of={date}"),
        format!("/authorities/inm/charts/days.png?as_of={date}"),
    ] {
        let r = c.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{n}: {path}");
        assert_eq!(r.headers()[header::CONTENT_TYPE], "image/png");
        let png = r.bytes().await.unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{path}");
    }
    let status = support::text(
        &c,
        format!("{base}/authorities/inm/charts/status.svg?as_of={date}"),
    )
    .await;
    let api: Value = serde_json::from_str(
        &support::text(
            &c,
            format!("{base}/api/v1/authorities/inm/metrics?as_of={date}"),
        )
        .await,
    )
    .unwrap();
    let counts = api["answers"]["status_counts"]
        .as_object()
        .unwrap_or_else(|| panic!("{api}"));
    let total: u64 = counts.values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(values(&status).iter().sum::<u64>(), total, "{n}");

    // The trends: the page's own series (its chart's description), its
    // legend, and a PNG.
    for (page, name) in [
        ("/bodies/consejo-tijuana", "Regularidad"),
        ("/authorities/inm", "Tasa de respuesta"),
    ] {
        let html = support::text(&c, format!("{base}{page}?as_of={date}")).await;
        let url = format!("{base}{page}/charts/trend.svg?as_of={date}");
        assert!(html.contains(&url), "{n}: no trend permalink on {page}");
        let svg = support::text(&c, url).await;
        let label = svg
            .split("aria-label=\"")
            .nth(1)
            .and_then(|l| l.split(". Fuente:").next())
            .unwrap_or_else(|| panic!("{svg}"));
        assert!(label.contains(name), "{n}: {label}");
        assert!(
            html.contains(&format!("aria-label=\"{label}\"")),
            "{n}: the trend of {page} differs from its page: {label}"
        );
        assert!(svg.contains(&format!(">{name}</text>")), "{n}: legend");
        assert!(svg.contains("class=\"chart-line series-2\""), "{n}");
        let r = c
            .get(format!(
                "{base}{page}/charts/trend.png?as_of={date}&lang=en"
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{n}: {page}");
        assert_eq!(&r.bytes().await.unwrap()[..8], b"\x89PNG\r\n\x1a\n");
    }

    // The composition's charts count the seat holders the figures count;
    // the meeting rates are the page's.
    assert!(
        page.contains(&format!(
            "{base}/bodies/consejo-tijuana/charts/gender.svg?as_of={date}"
        )),
        "{n}: no gender permalink"
    );
    let gender = support::text(
        &c,
        format!("{base}/bodies/consejo-tijuana/charts/gender.svg?as_of={date}"),
    )
    .await;
    let body_api: Value = serde_json::from_str(
        &support::text(
            &c,
            format!("{base}/api/v1/bodies/consejo-tijuana/metrics?as_of={date}"),
        )
        .await,
    )
    .unwrap();
    assert_eq!(
        values(&gender).iter().sum::<u64>(),
        body_api["composition"]["members_active"].as_u64().unwrap(),
        "{n}: {gender}"
    );
    assert!(page.contains("/bodies/consejo-tijuana/charts/meetings.svg?as_of="));
    let meetings = support::text(
        &c,
        format!("{base}/bodies/consejo-tijuana/charts/meetings.svg?as_of={date}&lang=en"),
    )
    .await;
    assert!(meetings.contains("Attendance"), "{n}: {meetings}");
    assert!(
        meetings.contains("Figures as of 2026-06-30"),
        "{n}: {meetings}"
    );
    for name in ["groups", "countries"] {
        let r = c
            .get(format!(
                "{base}/bodies/consejo-tijuana/charts/{name}.png?as_of={date}"
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{n}: {name}");
    }

    // Unknown charts, pages and dates.
    for (path, code) in [
        (
            "/bodies/consejo-tijuana/charts/nothing.svg",
            StatusCode::NOT_FOUND,
        ),
        (
            "/bodies/consejo-tijuana/charts/topics.gif",
            StatusCode::NOT_FOUND,
        ),
        ("/bodies/nadie/charts/topics.svg", StatusCode::NOT_FOUND),
        ("/authorities/inm/charts/topics.svg", StatusCode::NOT_FOUND),
        (
            "/authorities/inm/charts/days.svg?as_of=ayer",
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let r = c.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(r.status(), code, "{n}: {path}");
    }
}
