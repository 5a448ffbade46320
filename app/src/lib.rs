//! Voces' Leptos application: the HTML shell, the route table, pages,
//! server functions and (behind the `ssr` feature) the services they call.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod domain;
pub mod messages;
pub mod pages;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod server;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The document around every page. Pages are streamed only once complete
/// (`SsrMode::Async`) so that they work without JavaScript.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The policy names this response's nonce, which Leptos puts on every
    // script it writes into the page.
    #[cfg(feature = "ssr")]
    {
        let nonce = leptos::nonce::use_nonce();
        // Also told to the request's header middleware, which sets the
        // policy whether or not this header reaches the response.
        if let Some(n) = &nonce {
            server::security::tell_page_nonce(n);
        }
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            let policy = server::security::content_security_policy(nonce.as_deref());
            if let Ok(v) = http::HeaderValue::from_str(&policy) {
                resp.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
            }
        }
    }
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <components::island_scripts::IslandScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/voces.css" />
        // The language comes from the request's Accept-Language, which the
        // server sets from the reader's choice (server::http::language);
        // leptos_i18n's own cookie is off.
        <I18nContextProvider enable_cookie=false>
            <Title formatter=|text: String| {
                if text.is_empty() { "Voces".to_string() } else { format!("{text} · Voces") }
            } />
            <Router>
                <components::layout::Layout>
                    <Routes fallback=pages::not_found::NotFound>
                        <Route path=path!("/") view=pages::home::HomePage ssr=SsrMode::Async />
                        <Route path=path!("/bodies") view=pages::dashboards::bodies::BodiesPage ssr=SsrMode::Async />
                        <Route path=path!("/bodies/:key") view=pages::body::BodyPage ssr=SsrMode::Async />
                        <Route path=path!("/demands") view=pages::demands::DemandsPage ssr=SsrMode::Async />
                        <Route path=path!("/buscar") view=pages::search::SearchPage ssr=SsrMode::Async />
                        <Route path=path!("/comparar") view=pages::compare::ComparePage ssr=SsrMode::Async />
                        <Route path=path!("/mapa") view=pages::map::MapPage ssr=SsrMode::Async />
                        <Route path=path!("/mapa/origenes") view=pages::origins::OriginsPage ssr=SsrMode::Async />
                        <Route path=path!("/bodies/:key/informe/:year") view=pages::annual::BodyAnnualPage ssr=SsrMode::Async />
                        <Route path=path!("/authorities/:key/informe/:year") view=pages::annual::AuthorityAnnualPage ssr=SsrMode::Async />
                        <Route path=path!("/referrals") view=pages::referrals::ReferralsPage ssr=SsrMode::Async />
                        <Route path=path!("/methodology") view=pages::methodology::MethodologyPage ssr=SsrMode::Async />
                        <Route path=path!("/authorities") view=pages::dashboards::authorities::AuthoritiesPage ssr=SsrMode::Async />
                        <Route path=path!("/authorities/:key") view=pages::dashboards::authority::AuthorityPage ssr=SsrMode::Async />
                        <Route path=path!("/api") view=pages::open_data::ApiPage ssr=SsrMode::Async />
                        <Route path=path!("/privacy") view=pages::privacy::PrivacyPage ssr=SsrMode::Async />
                        <Route path=path!("/data-requests") view=pages::data_requests::DataRequestsPage ssr=SsrMode::Async />
                        <Route path=path!("/inbox") view=pages::demands::InboxPage ssr=SsrMode::Async />
                        <Route path=path!("/bodies/:key/demands/new") view=pages::demands::NewDemandPage ssr=SsrMode::Async />
                        <Route path=path!("/bodies/:key/demands/:demand/edit") view=pages::demands::EditDemandPage ssr=SsrMode::Async />
                        <Route path=path!("/bodies/:key/demands/:demand") view=pages::demands::DemandPage ssr=SsrMode::Async />
                        <Route path=path!("/meetings") view=pages::meetings::calendar::AllMeetingsPage ssr=SsrMode::Async />
                        <Route path=path!("/bodies/:key/meetings") view=pages::meetings::calendar::BodyMeetingsPage ssr=SsrMode::Async />
                        <Route path=path!("/bodies/:key/meetings/new") view=pages::meetings::edit::ScheduleMeetingPage ssr=SsrMode::Async />
                        <Route path=path!("/bodies/:key/meetings/:meeting") view=pages::meetings::detail::MeetingPage ssr=SsrMode::Async />
                        <Route path=path!("/bodies/:key/meetings/:meeting/edit") view=pages::meetings::edit::EditMeetingPage ssr=SsrMode::Async />
                        <Route path=path!("/bodies/:key/meetings/:meeting/attendance") view=pages::meetings::attendance::AttendancePage ssr=SsrMode::Async />
                        <Route path=path!("/bodies/:key/members") view=pages::members::MembersPage ssr=SsrMode::Async />
                        <Route path=path!("/bodies/:key/members/import") view=pages::roster_import::RosterImportPage ssr=SsrMode::Async />
                        <Route path=path!("/bodies/:key/members/new") view=pages::member_edit::MemberEditPage ssr=SsrMode::Async />
                        <Route path=path!("/bodies/:key/members/:member/edit") view=pages::member_edit::MemberEditPage ssr=SsrMode::Async />
                        <Route path=path!("/bodies/:key/settings") view=pages::body_settings::BodySettingsPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/bodies/new") view=pages::body_settings::BodySettingsPage ssr=SsrMode::Async />
                        <Route path=path!("/follow") view=pages::follows::FollowPage ssr=SsrMode::Async />
                        <Route path=path!("/follow/confirm/:token") view=pages::follows::FollowConfirmPage ssr=SsrMode::Async />
                        <Route path=path!("/follows/:token") view=pages::follows::MyFollowsPage ssr=SsrMode::Async />
                        <Route path=path!("/unsubscribe/:token") view=pages::follows::UnsubscribePage ssr=SsrMode::Async />
                        <Route path=path!("/login") view=pages::auth::LoginPage ssr=SsrMode::Async />
                        <Route path=path!("/reset") view=pages::auth::ResetRequestPage ssr=SsrMode::Async />
                        <Route path=path!("/reset/:token") view=pages::auth::ResetPage ssr=SsrMode::Async />
                        <Route path=path!("/invitations/:token") view=pages::auth::InvitationPage ssr=SsrMode::Async />
                        <Route path=path!("/account") view=pages::account::AccountPage ssr=SsrMode::Async />
                        <Route path=path!("/pending") view=pages::pending::PendingPage ssr=SsrMode::Async />
                        <Route path=path!("/admin") view=pages::admin::AdminPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/audit") view=pages::admin::AuditPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/import") view=pages::dataset_import::DatasetImportPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/authorities") view=pages::authorities_admin::AuthoritiesAdminPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/authorities/new") view=pages::authorities_admin::NewAuthorityPage ssr=SsrMode::Async />
                        <Route path=path!("/admin/authorities/:key") view=pages::authorities_admin::AuthorityAdminPage ssr=SsrMode::Async />
                    </Routes>
                </components::layout::Layout>
            </Router>
        </I18nContextProvider>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
