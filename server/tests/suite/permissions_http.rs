//! access.md's matrix again, through the HTTP layer a browser or a script
//! reaches: every form post and protected download, for every role, on
//! objects of the role's own body or authority and of another one. A
//! refusal is 401 / a redirect to sign-in without a session and 403 with
//! one, and changes nothing (row counts and `data_version`, which moves on
//! any update of the tables the figures read).
use crate::support;

use app::server::services::dataset;
use app::server::services::metrics::cache::data_version;
use reqwest::{header, StatusCode};
use sea_orm::DatabaseConnection;

const DOC: &str = include_str!("../fixtures/permissions_http.json");

/// The columns of access.md (the official is A's).
const ROLES: [&str; 5] = ["public", "representative", "secretary", "official", "admin"];
const PASSWORD: &str = "a long password";

use crate::support::Grant;

use crate::support::client;

/// One request: a form post (`Some(form)`) or a download (`None`), and the
/// roles allowed, in ROLES order.
struct Case {
    what: &'static str,
    path: &'static str,
    form: Option<&'static [(&'static str, &'static str)]>,
    allowed: [bool; 5],
}

const Y: bool = true;
const N: bool = false;

fn cases() -> Vec<Case> {
    vec![
        // See member e-mails (the full roster).
        Case {
            what: "full roster of B",
            path: "/bodies/b/members.csv",
            form: None,
            allowed: [N, N, Y, N, Y],
        },
        Case {
            what: "full roster of O",
            path: "/bodies/o/members.csv",
            form: None,
            allowed: [N, N, N, N, Y],
        },
        // Submit a demand for B.
        Case {
            what: "submit a demand for B",
            path: "/bodies/b/demands/new",
            form: Some(&[
                ("title", "Nueva"),
                ("text", "texto"),
                ("topic", "labor"),
                ("authorities", "a"),
                ("submitted_by", "r1"),
            ]),
            allowed: [N, Y, Y, N, Y],
        },
        Case {
            what: "submit a demand for O",
            path: "/bodies/o/demands/new",
            form: Some(&[
                ("title", "Nueva"),
                ("text", "texto"),
                ("topic", "labor"),
                ("authorities", "a"),
                ("submitted_by", "p"),
            ]),
            allowed: [N, N, N, N, Y],
        },
        // Edit or withdraw before the first answer: representatives own only.
        Case {
            what: "edit another representative's demand",
            path: "/bodies/b/demands/theirs/edit",
            form: Some(&[
                ("title", "Cambiada"),
                ("text", "texto"),
                ("topic", "labor"),
                ("authorities", "a"),
            ]),
            allowed: [N, N, Y, N, Y],
        },
        Case {
            what: "edit a demand of O",
            path: "/bodies/o/demands/od/edit",
            form: Some(&[
                ("title", "Cambiada"),
                ("text", "texto"),
                ("topic", "labor"),
                ("authorities", "a"),
            ]),
            allowed: [N, N, N, N, Y],
        },
        // Answer a referral to A / to X.
        Case {
            what: "acknowledge a referral to A",
            path: "/bodies/b/demands/theirs/referrals/a/events",
            form: Some(&[
                ("kind", "acknowledged"),
                ("text", "Recibido"),
                ("confirm", "yes"),
            ]),
            allowed: [N, N, N, Y, Y],
        },
        Case {
            what: "acknowledge a referral to X",
            path: "/bodies/b/demands/to-x/referrals/x/events",
            form: Some(&[
                ("kind", "acknowledged"),
                ("text", "Recibido"),
                ("confirm", "yes"),
            ]),
            allowed: [N, N, N, N, Y],
        },
        Case {
            what: "answer O's referral to A",
            path: "/bodies/o/demands/od/referrals/a/events",
            form: Some(&[
                ("kind", "acknowledged"),
                ("text", "Recibido"),
                ("confirm", "yes"),
            ]),
            allowed: [N, N, N, Y, Y],
        },
        // The body's side of the thread: clarification and verdict.
        Case {
            what: "provide a clarification on B's referral",
            path: "/bodies/b/demands/theirs/referrals/a/events",
            form: Some(&[
                ("kind", "clarification_provided"),
                ("text", "Aclaración"),
                ("confirm", "yes"),
            ]),
            allowed: [N, Y, Y, N, Y],
        },
        Case {
            what: "a verdict on B's referral",
            path: "/bodies/b/demands/theirs/referrals/a/verdicts",
            form: Some(&[
                ("verdict", "satisfied"),
                ("note", "Bien"),
                ("confirm", "yes"),
            ]),
            allowed: [N, Y, Y, N, Y],
        },
        Case {
            what: "a verdict on O's referral",
            path: "/bodies/o/demands/od/referrals/a/verdicts",
            form: Some(&[
                ("verdict", "satisfied"),
                ("note", "Bien"),
                ("confirm", "yes"),
            ]),
            allowed: [N, N, N, N, Y],
        },
        // Manage B's roster, meetings, attendance, minutes, settings.
        Case {
            what: "add a member to B",
            path: "/bodies/b/members/new",
            form: Some(&[
                ("key", "n1"),
                ("name", "Nueva"),
                ("role", "representative"),
                ("gender", "woman"),
                ("migrant_group", "transit"),
                ("term_start", "2026-01-01"),
            ]),
            allowed: [N, N, Y, N, Y],
        },
        Case {
            what: "add a member to O",
            path: "/bodies/o/members/new",
            form: Some(&[
                ("key", "n1"),
                ("name", "Nueva"),
                ("role", "representative"),
                ("gender", "woman"),
                ("migrant_group", "transit"),
                ("term_start", "2026-01-01"),
            ]),
            allowed: [N, N, N, N, Y],
        },
        Case {
            what: "schedule a meeting of B",
            path: "/bodies/b/meetings/new",
            form: Some(&[
                ("title", "Extra"),
                ("kind", "extraordinary"),
                ("date", "2030-02-01"),
                ("start", "10:00"),
                ("end", "12:00"),
            ]),
            allowed: [N, N, Y, N, Y],
        },
        Case {
            what: "schedule a meeting of O",
            path: "/bodies/o/meetings/new",
            form: Some(&[
                ("title", "Extra"),
                ("kind", "extraordinary"),
                ("date", "2030-02-01"),
                ("start", "10:00"),
                ("end", "12:00"),
            ]),
            allowed: [N, N, N, N, Y],
        },
        Case {
            what: "cancel a meeting of O",
            path: "/bodies/o/meetings/m1/cancel",
            form: Some(&[("reason", "No hay sala"), ("scope", "one")]),
            allowed: [N, N, N, N, Y],
        },
        Case {
            what: "attendance of O's meeting",
            path: "/bodies/o/meetings/m1/attendance",
            form: Some(&[("att:p", "present")]),
            allowed: [N, N, N, N, Y],
        },
        Case {
            what: "minutes of O's meeting",
            path: "/bodies/o/meetings/m1/minutes",
            form: Some(&[("minutes", "Acta"), ("publish", "true")]),
            allowed: [N, N, N, N, Y],
        },
        Case {
            what: "settings of O",
            path: "/bodies/o/settings",
            form: Some(&[
                ("name", "Consejo O cambiado"),
                ("jurisdiction", "Sonora"),
                ("timezone", "America/Hermosillo"),
                ("quorum_percent", "50"),
            ]),
            allowed: [N, N, N, N, Y],
        },
        // Create bodies, invite accounts, assign roles: administrators.
        Case {
            what: "create a body",
            path: "/admin/bodies",
            form: Some(&[
                ("key", "nuevo"),
                ("name", "Nuevo"),
                ("level", "state"),
                ("jurisdiction", "X"),
                ("timezone", "America/Mexico_City"),
            ]),
            allowed: [N, N, N, N, Y],
        },
        Case {
            what: "invite an account",
            path: "/admin/invitations",
            form: Some(&[("email", "nueva@example.org"), ("role", "admin")]),
            allowed: [N, N, N, N, Y],
        },
    ]
}

fn refusal(status: StatusCode, location: Option<&str>, role: &str) -> bool {
    if role == "public" {
        status == StatusCode::UNAUTHORIZED
            || (status == StatusCode::SEE_OTHER
                && location.is_some_and(|l| l.starts_with("/login")))
    } else {
        status == StatusCode::FORBIDDEN
    }
}

async fn state_of(db: &DatabaseConnection) -> (Vec<(String, u64)>, i64) {
    (support::counts(db).await, data_version(db).await.unwrap())
}

on_both!(every_form_and_download_refuses_whom_access_md_refuses);
async fn every_form_and_download_refuses_whom_access_md_refuses(t: support::TestDb) {
    let db = &t.conn;
    dataset::import(db, DOC, Default::default(), &|_| {})
        .await
        .expect("import");
    let grants: [(&str, &[Grant]); 4] = [
        ("rep@example.org", &[("representative", "b", "r1", "")]),
        ("sec@example.org", &[("secretary", "b", "s", "")]),
        ("off@example.org", &[("official", "", "", "a")]),
        ("adm@example.org", &[("admin", "", "", "")]),
    ];
    for (email, g) in grants {
        support::account(db, email, PASSWORD, g).await;
    }
    let base = support::serve(db.clone()).await;
    let c = client();
    let mut cookies: Vec<Option<String>> = vec![None];
    for (email, _) in grants {
        cookies.push(Some(support::sign_in(&c, &base, email, PASSWORD).await));
    }

    let mut failures = Vec::new();
    let mut done = 0;
    for case in cases() {
        for (i, role) in ROLES.iter().enumerate() {
            let before = state_of(db).await;
            let url = format!("{base}{}", case.path);
            let mut req = match case.form {
                Some(form) => c.post(&url).header(header::ORIGIN, &base).form(form),
                None => c.get(&url),
            };
            if let Some(cookie) = &cookies[i] {
                req = req.header(header::COOKIE, cookie);
            }
            let r = req.send().await.unwrap();
            let status = r.status();
            let location = r
                .headers()
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let refused = refusal(status, location.as_deref(), role);
            if case.allowed[i] {
                let to_login = location.as_deref().is_some_and(|l| l.starts_with("/login"));
                if status == StatusCode::OK || (status == StatusCode::SEE_OTHER && !to_login) {
                    done += 1;
                }
                if refused || status.is_server_error() {
                    failures.push(format!("{}: {role} was refused ({status})", case.what));
                }
            } else {
                if !refused {
                    failures.push(format!(
                        "{}: {role} got {status} {location:?}, not a refusal",
                        case.what
                    ));
                }
                if state_of(db).await != before {
                    failures.push(format!(
                        "{}: {role}'s refused request changed data",
                        case.what
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}:\n{}", t.name, failures.join("\n"));
    // Most allowed requests went through (the rest were refused by a
    // validation rule, e.g. a verdict before any answer, never by role).
    assert!(
        done >= 20,
        "{}: only {done} allowed requests succeeded",
        t.name
    );

    // The text of B's confidential demand to A: the body's people, A's
    // official and administrators; not the public.
    for (i, role) in ROLES.iter().enumerate() {
        let mut req = c.get(format!("{base}/bodies/b/demands/secret"));
        if let Some(cookie) = &cookies[i] {
            req = req.header(header::COOKIE, cookie);
        }
        let html = req.send().await.unwrap().text().await.unwrap();
        let shown = html.contains("TEXTO-CONFIDENCIAL-B");
        assert_eq!(
            shown,
            *role != "public",
            "{}: confidential text for {role}",
            t.name
        );
    }
}
