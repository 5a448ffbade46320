//! Sign-in, sessions and the account forms over real HTTP, as a browser
//! without JavaScript uses them: plain form posts, redirects, cookies.
use crate::support;

use app::server::services::accounts::{invitations, SiteUrl};
use reqwest::{header, Client, Response, StatusCode};

use crate::support::client;

/// `voces_session=…` from a response, if it sets one.
fn session_cookie(r: &Response) -> Option<String> {
    r.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("voces_session="))
        .map(str::to_string)
}

fn pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_string()
}

async fn post(
    c: &Client,
    base: &str,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> Response {
    let mut req = c
        .post(format!("{base}{path}"))
        .header(header::ORIGIN, base)
        .form(form);
    if let Some(cookie) = cookie {
        req = req.header(header::COOKIE, cookie);
    }
    req.send().await.unwrap()
}

async fn get(c: &Client, base: &str, path: &str, cookie: Option<&str>) -> (StatusCode, String) {
    let mut req = c.get(format!("{base}{path}"));
    if let Some(cookie) = cookie {
        req = req.header(header::COOKIE, cookie);
    }
    let r = req.send().await.unwrap();
    (r.status(), r.text().await.unwrap())
}

async fn sign_in(c: &Client, base: &str, email: &str, password: &str) -> String {
    let r = post(
        c,
        base,
        "/login",
        None,
        &[("email", email), ("password", password)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    pair(&session_cookie(&r).expect("a session cookie"))
}

on_both!(sign_in_sessions_and_sign_out_without_javascript);
async fn sign_in_sessions_and_sign_out_without_javascript(t: support::TestDb) {
    let db = t.conn.clone();
    server::demo::load_if_empty(&db, &|_| {}).await.unwrap();
    support::account(
        &db,
        "admin@example.org",
        "admin password",
        &[("admin", "", "", "")],
    )
    .await;
    support::account(
        &db,
        "rep@example.org",
        "rep password 1",
        &[("representative", "consejo-nacional", "m03", "")],
    )
    .await;
    let base = support::serve(db.clone()).await;
    let c = client();

    let (status, html) = get(&c, &base, "/login", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(r#"action="/login""#) && html.contains(r#"autocomplete="current-password""#)
    );

    // A wrong password: the page again, 422, the address kept, the password not.
    let r = post(
        &c,
        &base,
        "/login",
        None,
        &[
            ("email", "admin@example.org"),
            ("password", "wrong password"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", t.name);
    assert!(session_cookie(&r).is_none());
    let html = r.text().await.unwrap();
    assert!(
        html.contains("La dirección o la contraseña no son correctas"),
        "{html}"
    );
    assert!(html.contains(r#"value="admin@example.org""#));
    assert!(!html.contains("wrong password"));

    // Another site's form is refused before anything happens.
    let r = c
        .post(format!("{base}/login"))
        .header(header::ORIGIN, "http://evil.example")
        .form(&[
            ("email", "admin@example.org"),
            ("password", "admin password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(session_cookie(&r).is_none());

    let r = post(
        &c,
        &base,
        "/login",
        None,
        &[
            ("email", "admin@example.org"),
            ("password", "admin password"),
            ("next", "/admin"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[header::LOCATION], "/admin");
    let set = session_cookie(&r).unwrap();
    let lower = set.to_lowercase();
    assert!(
        lower.contains("httponly") && lower.contains("samesite=lax"),
        "{set}"
    );
    assert!(!lower.contains("secure"), "plain http: not Secure");
    let cookie = pair(&set);
    let (status, html) = get(&c, &base, "/account", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("admin@example.org"));
    assert!(
        html.contains(r#"action="/logout""#),
        "the header offers sign-out"
    );

    // Signing in again issues a new session id; the old one stops working.
    let r = post(
        &c,
        &base,
        "/login",
        Some(&cookie),
        &[
            ("email", "admin@example.org"),
            ("password", "admin password"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{:?}", r.headers());
    let renewed = pair(&session_cookie(&r).unwrap_or_else(|| panic!("{:?}", r.headers())));
    assert_ne!(renewed, cookie, "a new session id at login");
    assert_eq!(
        get(&c, &base, "/account", Some(&cookie)).await.0,
        StatusCode::UNAUTHORIZED
    );

    // Another instance on the same database knows the session (and so
    // would this one after a restart: the session lives in the database).
    let other = support::serve(db.clone()).await;
    let (status, html) = get(&c, &other, "/account", Some(&renewed)).await;
    assert_eq!(status, StatusCode::OK, "{}", t.name);
    assert!(html.contains("admin@example.org"));

    // Pages by role: anonymous 401, no right 403, administrator 200.
    assert_eq!(
        get(&c, &base, "/admin", None).await.0,
        StatusCode::UNAUTHORIZED
    );
    let rep = sign_in(&c, &base, "rep@example.org", "rep password 1").await;
    assert_eq!(
        get(&c, &base, "/admin", Some(&rep)).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get(&c, &base, "/admin/audit", Some(&rep)).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, html) = get(&c, &base, "/admin", Some(&renewed)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("rep@example.org"));

    // A representative's form post to an administrator's action: 403, nothing changes.
    let before = support::counts(&db).await;
    let r = post(
        &c,
        &base,
        "/admin/invitations",
        Some(&rep),
        &[("email", "x@example.org"), ("role", "admin")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = post(
        &c,
        &base,
        "/admin/invitations",
        None,
        &[("email", "x@example.org"), ("role", "admin")],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "no session: to the sign-in page"
    );
    assert!(r.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .starts_with("/login?next="));
    assert_eq!(support::counts(&db).await, before);

    // The administrator invites with a plain form.
    let r = post(
        &c,
        &base,
        "/admin/invitations",
        Some(&renewed),
        &[("email", "bad address"), ("role", "")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text().await.unwrap().contains("value=\"bad address\""),
        "what was typed comes back"
    );
    let r = post(
        &c,
        &base,
        "/admin/invitations",
        Some(&renewed),
        &[
            ("email", "new@example.org"),
            ("locale", "en"),
            ("role", "official"),
            ("authority", "inm"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(r.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .starts_with("/admin?done=invited"));
    let (_, html) = get(
        &c,
        &base,
        "/admin?done=invited&email=new@example.org",
        Some(&renewed),
    )
    .await;
    assert!(html.contains("Invitación enviada a new@example.org"));
    assert!(html.contains("Pendiente"));

    // Sign out: the session ends.
    let r = post(&c, &base, "/logout", Some(&renewed), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        get(&c, &base, "/account", Some(&renewed)).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (_, html) = get(&c, &base, "/login?done=signed_out", None).await;
    assert!(html.contains("Cerraste tu sesión"));
}

on_both!(invitation_link_sets_the_password_and_signs_in_once);
async fn invitation_link_sets_the_password_and_signs_in_once(t: support::TestDb) {
    let db = t.conn.clone();
    let base = support::serve(db.clone()).await;
    let inv = invitations::invite_admin(
        &db,
        &SiteUrl::new(&base),
        "first@example.org",
        "es",
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let path = inv.url.strip_prefix(&base).unwrap().to_string();
    let c = client();
    let (status, html) = get(&c, &base, &path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("first@example.org"));
    let r = post(
        &c,
        &base,
        &path,
        None,
        &[
            ("name", "Primera"),
            ("password", "long enough 1"),
            ("confirm", "long enough 2"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{}", t.name);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("Las dos contraseñas no coinciden") && html.contains("value=\"Primera\"")
    );
    assert!(html.contains(r#"aria-invalid="true""#));
    let r = post(
        &c,
        &base,
        &path,
        None,
        &[
            ("name", "Primera"),
            ("password", "long enough 1"),
            ("confirm", "long enough 1"),
            ("locale", "en"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()[header::LOCATION], "/pending?done=welcome");
    let cookie = pair(&session_cookie(&r).unwrap());
    let (status, html) = get(&c, &base, "/pending?done=welcome", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Administración"),
        "the admin role came with the invitation"
    );
    // Used up.
    let (status, html) = get(&c, &base, &path, None).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(html.contains("venció o ya se usó"));
}

on_both!(too_many_failures_get_a_clear_429);
async fn too_many_failures_get_a_clear_429(t: support::TestDb) {
    let db = t.conn.clone();
    support::account(&db, "ana@example.org", "right password", &[]).await;
    let base = support::serve(db.clone()).await;
    let c = client();
    for _ in 0..5 {
        let r = post(
            &c,
            &base,
            "/login",
            None,
            &[("email", "ana@example.org"), ("password", "nope")],
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let r = c
        .post(format!("{base}/login"))
        .header(header::ORIGIN, &base)
        .header(header::COOKIE, "i18n_pref_locale=en")
        .form(&[("email", "ana@example.org"), ("password", "right password")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "{}", t.name);
    let html = r.text().await.unwrap();
    assert!(html.contains("Too many failed sign-ins"), "{html}");
    assert!(html.contains("Minutes to wait"));
    // The reset form answers alike for known and unknown addresses.
    for email in ["ana@example.org", "nobody@example.org"] {
        let r = post(&c, &base, "/reset", None, &[("email", email)]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()[header::LOCATION], "/reset?done=reset_sent");
    }
}

on_both!(secretaries_see_their_roster_and_invite_members);
async fn secretaries_see_their_roster_and_invite_members(t: support::TestDb) {
    let db = t.conn.clone();
    server::demo::load_if_empty(&db, &|_| {}).await.unwrap();
    support::account(
        &db,
        "sec@example.org",
        "sec password 1",
        &[("secretary", "consejo-nacional", "", "")],
    )
    .await;
    support::account(
        &db,
        "rep@example.org",
        "rep password 1",
        &[("representative", "consejo-nacional", "m03", "")],
    )
    .await;
    support::account(
        &db,
        "cdmx@example.org",
        "cdmx password",
        &[("secretary", "consejo-cdmx", "", "")],
    )
    .await;
    let base = support::serve(db.clone()).await;
    let c = client();
    let page = "/bodies/consejo-nacional/members";
    let sec = sign_in(&c, &base, "sec@example.org", "sec password 1").await;
    let rep = sign_in(&c, &base, "rep@example.org", "rep password 1").await;
    let other = sign_in(&c, &base, "cdmx@example.org", "cdmx password").await;

    let (status, html) = get(&c, &base, page, Some(&sec)).await;
    assert_eq!(status, StatusCode::OK, "{}", t.name);
    assert!(
        html.contains("rene.xicara@example.org"),
        "secretaries see e-mails"
    );
    assert!(html.contains("/bodies/consejo-nacional/members/m05/invite"));
    assert_eq!(get(&c, &base, page, None).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(
        get(&c, &base, page, Some(&rep)).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get(&c, &base, page, Some(&other)).await.0,
        StatusCode::FORBIDDEN
    );
    let (_, public) = get(&c, &base, "/bodies/consejo-nacional", None).await;
    assert!(
        !public.contains("@example.org"),
        "no e-mail on public pages"
    );
    let (_, account) = get(&c, &base, "/account", Some(&sec)).await;
    assert!(
        account.contains(&format!("href=\"{page}\"")),
        "the account page links to it"
    );

    let before = support::counts(&db).await;
    for cookie in [&rep, &other] {
        let r = post(
            &c,
            &base,
            &format!("{page}/m05/invite"),
            Some(cookie),
            &[("email", "")],
        )
        .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(
        support::counts(&db).await,
        before,
        "refusals change nothing"
    );
    let r = post(
        &c,
        &base,
        &format!("{page}/m05/invite"),
        Some(&sec),
        &[("email", "not-an-address")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("value=\"not-an-address\""));
    let r = post(
        &c,
        &base,
        &format!("{page}/m05/invite"),
        Some(&sec),
        &[("email", "")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()[header::LOCATION],
        format!("{page}?done=invited&email=fernanda.rivera%40example.org")
    );
    let (_, html) = get(&c, &base, page, Some(&sec)).await;
    assert!(html.contains("Invitación pendiente"));
    let r = post(
        &c,
        &base,
        &format!("{page}/nobody/invite"),
        Some(&sec),
        &[("email", "")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
