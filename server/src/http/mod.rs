//! The HTTP router: Leptos pages and server functions, the forms, sessions,
//! `/healthz`, the language switch, static files, and middleware.
pub mod account;
pub mod admin;
pub mod api;
pub mod auth;
pub mod authorities;
pub mod body_limit;
pub mod cards;
pub mod charts;
pub mod datasets;
pub mod demands;
pub mod downloads;
pub mod feeds;
mod files;
pub mod follows;
pub mod form;
mod health;
mod language;
pub mod meetings;
pub mod members;
pub mod monitoring;
pub mod my_data;
pub mod origin;
pub mod outage;
pub mod page_cache;
pub mod reports;
pub mod roster;
mod security;
pub mod session;
pub mod session_store;
pub mod trace;
pub mod warm;

use app::domain::annual::ReportOf;
use app::server::state::AppState;
use app::{routes, shell, App};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{
    generate_route_list, handle_server_fns_with_context, AxumRouteListing, LeptosRoutes,
};
use std::net::SocketAddr;
use tower_http::compression::CompressionLayer;

/// 429 in both languages, for a download or feed whose work found every
/// slot of its kind taken (`app::server::heavy`).
pub(crate) fn busy_text() -> axum::response::Response {
    use axum::http::{header, HeaderValue, StatusCode};
    use axum::response::IntoResponse;
    let mut resp = (
        StatusCode::TOO_MANY_REQUESTS,
        app::messages::both(app::messages::Plain::Busy),
    )
        .into_response();
    resp.headers_mut().insert(
        header::RETRY_AFTER,
        HeaderValue::from(app::domain::error::BUSY_RETRY_SECONDS),
    );
    resp
}

/// The application's pages, listed once per process.
///
/// Listing them renders the application with data loading switched off,
/// and the switch (leptos_server's `SuppressResourceLoad`) is one flag for
/// the whole process: a page that another server of the same process
/// renders meanwhile starts its data's loading while the flag is up, and
/// that loading then waits for ever (leptos-rs/leptos#4773). A production
/// process has one server, but the tests start many at once; listing once,
/// before any server of the process answers, keeps the flag down whenever
/// a page renders.
pub fn pages() -> Vec<AxumRouteListing> {
    static PAGES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    PAGES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole application for a state.
pub fn router(state: AppState) -> Router {
    use feeds::Format::{Atom, Json};
    let routes = pages();
    let context_state = state.clone();
    let fn_state = state.clone();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(monitoring::metrics))
        .route("/lang/{locale}", get(language::switch))
        .merge(api::routes())
        .route(
            "/api/{*fn_name}",
            post(move |req: axum::extract::Request| {
                let state = fn_state.clone();
                handle_server_fns_with_context(move || provide_context(state.clone()), req)
            }),
        )
        // Forms post to the page they are on (the page itself is a GET
        // route of the same pattern below); every address is `app::routes`.
        .route(routes::LOGIN.pattern(), post(session::login))
        .route(routes::FOLLOW.pattern(), post(follows::follow))
        .route(routes::FOLLOW_CONFIRM.pattern(), post(follows::confirm))
        .route(
            routes::FOLLOWS_FREQUENCY.pattern(),
            post(follows::frequency),
        )
        .route(routes::FOLLOWS_REMOVE.pattern(), post(follows::remove))
        .route(
            routes::FOLLOWS_REMOVE_ALL.pattern(),
            post(follows::remove_all),
        )
        .route(routes::UNSUBSCRIBE.pattern(), post(follows::unsubscribe))
        .route(routes::LOGOUT.pattern(), post(session::logout))
        .route(routes::RESET.pattern(), post(session::reset_request))
        .route(
            routes::RESET_COMPLETE.pattern(),
            post(session::reset_complete),
        )
        .route(
            routes::INVITATION.pattern(),
            post(session::accept_invitation),
        )
        .route(routes::ACCOUNT.pattern(), post(account::update))
        .route(routes::ACCOUNT_PASSWORD.pattern(), post(account::password))
        .route(routes::NAME_PUBLIC.pattern(), post(my_data::name_public))
        .route("/account/data.json", get(my_data::download))
        .route(routes::DATA_REQUESTS.pattern(), post(my_data::file_request))
        .route(
            routes::DATA_REQUEST.pattern(),
            post(my_data::answer_request),
        )
        .route(routes::ADMIN_INVITE.pattern(), post(admin::invite))
        .route(routes::ADMIN_GRANT.pattern(), post(admin::grant))
        .route(routes::ADMIN_DISABLE.pattern(), post(admin::disable))
        .route(routes::ADMIN_REVOKE.pattern(), post(admin::revoke))
        .route(routes::BODY_CREATE.pattern(), post(admin::body_create))
        .route(
            routes::ADMIN_AUTHORITIES.pattern(),
            post(authorities::create),
        )
        .route(routes::AUTHORITY_ADMIN.pattern(), post(authorities::update))
        .route(
            routes::AUTHORITY_HOLIDAYS.pattern(),
            post(authorities::add_holidays),
        )
        .route(
            routes::AUTHORITY_HOLIDAY_REMOVE.pattern(),
            post(authorities::remove_holiday),
        )
        .route(
            routes::AUTHORITY_ARCHIVE.pattern(),
            post(authorities::archive),
        )
        .route(
            routes::AUTHORITY_INVITE.pattern(),
            post(authorities::invite),
        )
        .route(routes::BODY_SETTINGS.pattern(), post(admin::body_update))
        .route(routes::MEMBER_INVITE.pattern(), post(members::invite))
        .route(routes::ROSTER_IMPORT.pattern(), post(roster::import))
        .route(routes::MEMBER_NEW.pattern(), post(members::new))
        .route(routes::MEMBER_EDIT.pattern(), post(members::edit))
        .route(routes::MEMBER_RENEW.pattern(), post(members::renew))
        .route(routes::DEMAND_NEW.pattern(), post(demands::submit))
        .route(routes::DEMAND_EDIT.pattern(), post(demands::edit))
        .route(routes::DEMAND_WITHDRAW.pattern(), post(demands::withdraw))
        .route(
            routes::DEMAND_CONFIDENTIALITY.pattern(),
            post(demands::confidentiality),
        )
        .route("/demands.csv", get(demands::csv))
        .route("/demands.json", get(demands::json))
        .route(routes::REFERRAL_EVENTS.pattern(), post(demands::event))
        .route(routes::REFERRAL_VERDICTS.pattern(), post(demands::verdict))
        .route(routes::MEETING_NEW.pattern(), post(meetings::schedule))
        .route(routes::MEETING_EDIT.pattern(), post(meetings::update))
        .route(routes::MEETING_CANCEL.pattern(), post(meetings::cancel))
        .route(routes::MEETING_HELD.pattern(), post(meetings::held))
        .route(routes::MEETING_UNHELD.pattern(), post(meetings::unheld))
        .route(routes::MEETING_DELETE.pattern(), post(meetings::delete))
        .route(
            routes::MEETING_ATTENDANCE.pattern(),
            post(meetings::attendance),
        )
        .route(routes::MEETING_MINUTES.pattern(), post(meetings::minutes))
        .route("/bodies/{key}/calendar.ics", get(meetings::body_feed))
        .route(
            "/bodies/{key}/meetings.csv",
            get(meetings::body_meetings_csv),
        )
        .route(
            "/bodies/{key}/meetings.json",
            get(meetings::body_meetings_json),
        )
        .route("/calendar.ics", get(meetings::all_feed))
        .route("/bodies/{key}/card.png", get(cards::body))
        .route("/authorities/{key}/card.png", get(cards::authority))
        .route("/bodies/{key}/charts/{file}", get(charts::body))
        .route("/authorities/{key}/charts/{file}", get(charts::authority))
        .route(
            routes::BODY_REPORT_PDF.pattern(),
            get(|s, p, q, h| reports::report(ReportOf::Body, s, p, q, h)),
        )
        .route(
            routes::AUTHORITY_REPORT_PDF.pattern(),
            get(|s, p, q, h| reports::report(ReportOf::Authority, s, p, q, h)),
        )
        .route("/feed.atom", get(|s, q| feeds::site(s, q, Atom)))
        .route("/feed.json", get(|s, q| feeds::site(s, q, Json)))
        .route("/demands.atom", get(|s, q| feeds::demands(s, q, Atom)))
        .route("/demands.feed.json", get(|s, q| feeds::demands(s, q, Json)))
        .route(
            "/bodies/{key}/feed.atom",
            get(|s, p, q| feeds::scoped(s, p, q, feeds::of_body, Atom)),
        )
        .route(
            "/bodies/{key}/feed.json",
            get(|s, p, q| feeds::scoped(s, p, q, feeds::of_body, Json)),
        )
        .route(
            "/authorities/{key}/feed.atom",
            get(|s, p, q| feeds::scoped(s, p, q, feeds::of_authority, Atom)),
        )
        .route(
            "/authorities/{key}/feed.json",
            get(|s, p, q| feeds::scoped(s, p, q, feeds::of_authority, Json)),
        )
        .route(
            "/bodies/{key}/demands/{demand}/feed.atom",
            get(|s, p, q| feeds::demand(s, p, q, Atom)),
        )
        .route(
            "/bodies/{key}/demands/{demand}/feed.json",
            get(|s, p, q| feeds::demand(s, p, q, Json)),
        )
        .route("/bodies/{key}/members.csv", get(roster::full_csv))
        .route("/bodies/{key}/export.json", get(datasets::body))
        .route("/bodies/{key}/export.zip", get(datasets::body_zip))
        .route("/admin/export.json", get(datasets::all))
        .route(
            routes::ADMIN_IMPORT.pattern(),
            post(datasets::upload).layer(axum::extract::DefaultBodyLimit::max(
                datasets::UPLOAD_MAX_BYTES + 64 * 1024,
            )),
        )
        .route("/bodies/{key}/roster.csv", get(roster::public_csv))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            {
                let options = state.leptos_options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(files::fallback)
        .layer(axum::middleware::from_fn(language::negotiate))
        .layer(axum::middleware::from_fn(auth::expose_account))
        .layer(auth::layer(state.db.clone(), state.settings.secure_cookies))
        .layer(axum::middleware::from_fn(origin::same_origin_only))
        .layer(axum::middleware::from_fn_with_state(
            state.db.clone(),
            outage::tell_when_down,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(
            body_limit::MAX_BODY_BYTES,
        ))
        .layer(axum::middleware::from_fn(body_limit::refuse_oversized))
        .layer(axum::middleware::from_fn(security::headers))
        // Inside compression: it reads and rewrites an error page's body.
        .layer(axum::middleware::from_fn(trace::stamp_errors))
        .layer(CompressionLayer::new())
        // Outside compression: a replayed page is already compressed.
        .layer(axum::middleware::from_fn_with_state(
            page_cache::PageCache::new(state.db.clone(), state.figures.clone()),
            page_cache::serve,
        ))
        // Outermost: every request has its span and id, replayed ones too.
        .layer(axum::middleware::from_fn_with_state(
            state.monitoring.clone(),
            trace::span,
        ))
        .with_state(state)
}

/// Serves `router` on `listener` with client addresses (for rate limits)
/// until `shutdown` completes.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// The longest a stop waits for requests in flight.
const GRACE: std::time::Duration = std::time::Duration::from_secs(8);

/// A stop takes at most this long from the signal to the exit.
const STOP_LIMIT: std::time::Duration = std::time::Duration::from_millis(9_500);

/// Ctrl-C, or SIGTERM (what service managers and containers send).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Serves on the configured address, with the mail worker and the expired
/// session clean-up, until interrupted.
pub async fn serve(
    url: &str,
    db: sea_orm::DatabaseConnection,
    mail: crate::config::MailConfig,
) -> Result<(), crate::cli::CliError> {
    use crate::cli::CliError;
    let leptos_options = crate::config::leptos_options();
    let addr = leptos_options.site_addr;
    let mut settings = crate::config::settings(addr);
    if let Some(nice) = crate::config::figures_nice() {
        settings.figures_background =
            app::server::services::metrics::background::Background::start(url, nice).await?;
    }
    let (transport, from) =
        crate::mail::Transport::from_config(&mail).map_err(|e| CliError::Mail(e.to_string()))?;
    let mut worker = crate::mail::Worker::new(db.clone(), transport, from);
    worker.backoff = crate::config::mail_backoff();
    if let Some(lease) = crate::config::mail_lease() {
        worker.lease = lease;
    }
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let worker_task = tokio::spawn(worker.run(stop_rx));
    let sessions = session_store::DbSessionStore::new(db.clone());
    let cleanup = tokio::spawn(async move {
        use tower_sessions::session_store::ExpiredDeletion;
        let mut every = tokio::time::interval(tokio::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            if let Err(e) = sessions.delete_expired().await {
                tracing::warn!(error = %e, "deleting expired sessions");
            }
        }
    });
    // Reminders: hourly; each is queued once ever (dedupe keys), so
    // restarts and several instances are safe.
    let reminder_db = db.clone();
    let reminder_site = settings.site.clone();
    let reminders = tokio::spawn(async move {
        let mut every = tokio::time::interval(tokio::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            match app::server::services::roster::term_reminders::term_endings(
                &reminder_db,
                chrono::Utc::now(),
            )
            .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(n, "term-end reminders queued"),
                Err(e) => tracing::warn!(error = %e, "term-end reminders"),
            }
            match app::server::services::demands::reminders::run(
                &reminder_db,
                &reminder_site,
                chrono::Utc::now(),
            )
            .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(n, "deadline reminders queued"),
                Err(e) => tracing::warn!(error = %e, "deadline reminders"),
            }
            // Once a week per person (the dedupe key names the week).
            match app::server::services::demands::reminders::digest(
                &reminder_db,
                &reminder_site,
                chrono::Utc::now(),
            )
            .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(n, "overdue digests queued"),
                Err(e) => tracing::warn!(error = %e, "overdue digests"),
            }
        }
    });
    // Followers' mails: every minute ("immediate" means within it); each
    // window of a follow is queued once ever (`follows::delivery`).
    let follow_db = db.clone();
    let follow_site = settings.site.clone();
    let followers = tokio::spawn(async move {
        let mut every = tokio::time::interval(tokio::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            match app::server::services::follows::delivery::run(
                &follow_db,
                &follow_site,
                chrono::Utc::now(),
            )
            .await
            {
                Ok(0) => {}
                Ok(n) => tracing::info!(n, "mails to followers queued"),
                Err(e) => tracing::warn!(error = %e, "mails to followers"),
            }
        }
    });
    let state = AppState::new(leptos_options, db, settings);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(CliError::Serve)?;
    tracing::info!(
        "listening on http://{} (public address {})",
        listener.local_addr().map_err(CliError::Serve)?,
        state.settings.site.0
    );
    // On SIGTERM or Ctrl-C: stop accepting, let the requests in flight
    // finish, but never take longer than `GRACE` (a client holding a
    // connection open must not keep the process alive).
    let (stopping_tx, mut stopping_rx) = tokio::sync::watch::channel(None);
    // The figures of the heaviest pages computed before readers ask
    // (`WARM=0` skips it).
    let warm_stop = stopping_rx.clone();
    let warming = (std::env::var("WARM").ok().as_deref() != Some("0")).then(|| {
        tokio::spawn(warm::warm_until(state.clone(), move || {
            warm_stop.borrow().is_some()
        }))
    });
    let server = serve_on(listener, state, async move {
        stop_signal().await;
        tracing::info!("stopping: finishing the requests in flight");
        let _ = stopping_tx.send(Some(std::time::Instant::now()));
    });
    let stopped_at = stopping_rx.clone();
    let deadline = async move {
        let _ = stopping_rx.wait_for(|s| s.is_some()).await;
        tokio::time::sleep(GRACE).await;
        tracing::warn!("stopping: requests still open after {GRACE:?}, leaving them");
    };
    let result = tokio::select! {
        r = server => r,
        () = deadline => Ok(()),
    };
    // The worker finishes the batch it is sending, then stops.
    let _ = stop_tx.send(true);
    // Whatever is left of ten seconds since the signal.
    let left = || {
        (*stopped_at.borrow())
            .map(|at| STOP_LIMIT.saturating_sub(at.elapsed()))
            .unwrap_or(STOP_LIMIT)
    };
    if tokio::time::timeout(left(), worker_task).await.is_err() {
        tracing::warn!("stopping: the mail batch did not finish in time; it is retried on start");
    }
    cleanup.abort();
    // The warm-up stops after the page it is rendering (`warm_until`).
    if let Some(mut w) = warming {
        if tokio::time::timeout(left(), &mut w).await.is_err() {
            w.abort();
        }
    }
    reminders.abort();
    followers.abort();
    result.map_err(CliError::Serve)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A form re-renders its page on refusal: each such address is a page.
    #[tokio::test]
    async fn every_form_page_is_a_page() {
        let pages: Vec<String> = pages().iter().map(|r| r.path().to_string()).collect();
        for route in app::routes::PAGES {
            assert!(
                pages.iter().any(|p| p == route.pattern()),
                "{} is not a page of the application (pages: {pages:?})",
                route.pattern()
            );
        }
    }
}
