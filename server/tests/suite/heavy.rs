//! The work a reader's query makes costly (searches, list pages, figures at
//! a given `as_of`) waits for a slot of its kind, and is then told to come
//! back — 429 with `Retry-After`, in the reader's language — while the rest
//! of the site answers as usual (`app::server::heavy`).
use crate::support;
use app::server::heavy::{Heavy, HeavyWork};
use std::sync::Arc;
use std::time::Duration;

on_both!(every_slot_taken_is_429_with_retry_after_and_the_rest_answers);
async fn every_slot_taken_is_429_with_retry_after_and_the_rest_answers(t: support::TestDb) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut state = support::state(t.conn.clone(), app::server::state::Settings::for_url(&base));
    // One slot of each kind, and a short wait, so the test is quick.
    let heavy = Arc::new(HeavyWork::new(1, Duration::from_millis(100)));
    state.heavy = heavy.clone();
    tokio::spawn(async move {
        server::http::serve_on(listener, state, std::future::pending())
            .await
            .unwrap();
    });
    // Readers' work in every slot, held until the test lets it go.
    let (release, held) = tokio::sync::watch::channel(false);
    let mut holders = Vec::new();
    for kind in [Heavy::Search, Heavy::List, Heavy::Past] {
        let (heavy, mut held) = (heavy.clone(), held.clone());
        let (began, begun) = tokio::sync::oneshot::channel();
        holders.push(tokio::spawn(async move {
            heavy
                .run(kind, async move {
                    let _ = began.send(());
                    let _ = held.wait_for(|go| *go).await;
                    Ok(())
                })
                .await
        }));
        begun.await.expect("the slot is held");
    }
    drop(held);
    let c = support::client();
    let busy = |path: &'static str| {
        let (c, base) = (c.clone(), base.clone());
        async move {
            let r = c
                .get(format!("{base}{path}"))
                .header("accept-language", "es")
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let retry = r
                .headers()
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_string());
            (status, retry, r.text().await.unwrap())
        }
    };
    for path in [
        "/api/v1/search?q=visa",
        "/api/v1/demands?q=visa",
        "/api/v1/demands?page=2",
        "/api/v1/referrals?overdue=1",
        // A series is figures at up to 120 instants: in the `Past` slots.
        "/api/v1/authorities/inm/metrics/series",
        "/api/v1/bodies/b/metrics/series?step=month",
    ] {
        let (status, retry, text) = busy(path).await;
        assert_eq!(status, 429, "{path}: {text}");
        assert_eq!(retry.as_deref(), Some("5"), "{path}");
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["error"]["code"], "busy", "{path}");
    }
    for path in ["/demands.atom?q=visa", "/demands.csv?status=rejected"] {
        let (status, retry, text) = busy(path).await;
        assert_eq!(status, 429, "{path}: {text}");
        assert_eq!(retry.as_deref(), Some("5"), "{path}");
        assert!(
            text.contains("Muchas personas piden esto"),
            "{path}: {text}"
        );
    }
    // A page says so in the reader's language, with its status.
    for path in ["/buscar?q=visa", "/referrals?overdue=1", "/demands?q=visa"] {
        let (status, retry, text) = busy(path).await;
        assert_eq!(status, 429, "{path}");
        assert_eq!(retry.as_deref(), Some("5"), "{path}");
        assert!(
            text.contains("Muchas personas piden esto mismo a la vez"),
            "{path}: {text}"
        );
    }
    // Figures at a reader's instant wait for the `Past` slot; figures now
    // and the rest of the site do not.
    let (status, _, text) = busy("/?as_of=2025-06-30").await;
    assert_eq!(status, 429, "the overview at a past instant: {text}");
    for path in ["/", "/api/v1/bodies", "/api/v1/authorities", "/healthz"] {
        let (status, _, text) = busy(path).await;
        assert_eq!(status, 200, "{path}: {text}");
    }
    // Once the slots are free, the same requests are answered.
    release.send(true).unwrap();
    for h in holders {
        h.await.unwrap().unwrap();
    }
    for path in [
        "/api/v1/search?q=visa",
        "/api/v1/referrals?overdue=1",
        "/buscar?q=visa",
        "/?as_of=2025-06-30",
    ] {
        let (status, _, text) = busy(path).await;
        assert_eq!(status, 200, "{path}: {text}");
    }
    // No such authority: answered (404), no longer told to come back.
    let (status, _, text) = busy("/api/v1/authorities/inm/metrics/series").await;
    assert_eq!(status, 404, "{text}");
}
