//! Server functions for the account and administration pages.
use crate::domain::accounts::{
    AdminOverview, AuditFilter, AuditPage, DataRequestView, Me, MyMemberRecord, TokenInfo,
};
use crate::domain::error::ApiError;
use leptos::prelude::*;

/// The signed-in person, or `None`.
#[server(endpoint = "accounts/whoami")]
pub async fn whoami() -> Result<Option<Me>, ApiError> {
    use crate::server::{error::ServiceError, services::accounts::profile, viewer};
    let state = crate::server::state::AppState::from_context()?;
    match profile::me(&state.db, viewer::session_account()).await {
        Ok(me) => Ok(Some(me)),
        Err(ServiceError::Unauthorized) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The account page's data; 401 without a session.
#[server(endpoint = "accounts/me")]
pub async fn my_account() -> Result<Me, ApiError> {
    use crate::server::{services::accounts::profile, viewer};
    let state = crate::server::state::AppState::from_context()?;
    profile::me(&state.db, viewer::session_account())
        .await
        .map_err(Into::into)
}

/// The seats linked to the signed-in account, as their holder sees them.
#[server(endpoint = "accounts/my-records")]
pub async fn my_records() -> Result<Vec<MyMemberRecord>, ApiError> {
    use crate::server::{services::accounts::my_data, viewer};
    let state = crate::server::state::AppState::from_context()?;
    my_data::records(&state.db, viewer::session_account())
        .await
        .map_err(Into::into)
}

/// The signed-in person's requests about their personal data.
#[server(endpoint = "accounts/my-data-requests")]
pub async fn my_data_requests() -> Result<Vec<DataRequestView>, ApiError> {
    use crate::server::{services::accounts::data_requests, viewer};
    let state = crate::server::state::AppState::from_context()?;
    data_requests::mine(&state.db, viewer::session_account())
        .await
        .map_err(Into::into)
}

/// The personal data requests the signed-in secretary, chair or
/// administrator answers.
#[server(endpoint = "accounts/data-requests")]
pub async fn data_requests_to_answer() -> Result<Vec<DataRequestView>, ApiError> {
    use crate::server::{services::accounts::data_requests, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    data_requests::to_answer(&state.db, who.as_ref())
        .await
        .map_err(Into::into)
}

/// Whether an invitation (`purpose` "invite") or reset ("reset") link works.
#[server(endpoint = "accounts/token")]
pub async fn link_status(token: String, purpose: String) -> Result<TokenInfo, ApiError> {
    use crate::server::services::accounts::invitations;
    let state = crate::server::state::AppState::from_context()?;
    let purpose = if purpose == "reset" {
        "reset"
    } else {
        "invite"
    };
    invitations::info(&state.db, &token, purpose, chrono::Utc::now())
        .await
        .map_err(Into::into)
}

/// Accounts, roles and invitations, for administrators.
#[server(endpoint = "admin/overview")]
pub async fn admin_data() -> Result<AdminOverview, ApiError> {
    use crate::server::{services::accounts::roles, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    roles::overview(&state.db, who.as_ref(), chrono::Utc::now())
        .await
        .map_err(Into::into)
}

/// A page of the audit log, for administrators.
#[server(endpoint = "admin/audit")]
pub async fn audit_log(filter: AuditFilter) -> Result<AuditPage, ApiError> {
    use crate::server::{services::audit, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    audit::list(&state.db, who.as_ref(), &filter)
        .await
        .map_err(Into::into)
}

/// A body's roster with e-mails and linked accounts, for its secretaries.
#[server(endpoint = "bodies/roster")]
pub async fn managed_roster(
    key: String,
) -> Result<crate::domain::accounts::ManagedRoster, ApiError> {
    use crate::server::{services::roster, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    roster::for_managers(&state.db, who.as_ref(), &key, chrono::Utc::now())
        .await
        .map_err(Into::into)
}

/// A member's values for the edit form (secretaries, chairs, administrators).
#[server(endpoint = "bodies/member")]
pub async fn member_values(
    key: String,
    member: String,
) -> Result<crate::domain::dto::MemberForm, ApiError> {
    use crate::server::{services::roster::member_edit, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    member_edit::values(&state.db, who.as_ref(), &key, &member)
        .await
        .map_err(Into::into)
}

/// A body's settings for its edit form (secretaries, chairs, administrators).
#[server(endpoint = "bodies/settings")]
pub async fn body_settings(key: String) -> Result<crate::domain::dto::BodySettings, ApiError> {
    use crate::server::{services::body_settings, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    body_settings::values(&state.db, who.as_ref(), &key)
        .await
        .map_err(Into::into)
}

/// Whether the visitor may create bodies (administrators).
#[server(endpoint = "bodies/can_create")]
pub async fn can_create_bodies() -> Result<(), ApiError> {
    use crate::server::{authz, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    authz::check(who.as_ref(), authz::may::administer(who.as_ref())).map_err(Into::into)
}

/// Every authority, for administrators.
#[server(endpoint = "admin/authorities")]
pub async fn admin_authorities() -> Result<Vec<crate::domain::dto::AuthorityRow>, ApiError> {
    use crate::server::{services::authority_settings, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    authority_settings::list(&state.db, who.as_ref())
        .await
        .map_err(Into::into)
}

/// One authority's administration page.
#[server(endpoint = "admin/authority")]
pub async fn admin_authority(key: String) -> Result<crate::domain::dto::AuthorityAdmin, ApiError> {
    use crate::server::{services::authority_settings, viewer};
    let state = crate::server::state::AppState::from_context()?;
    let who = viewer::current_actor(&state.db).await?;
    authority_settings::get(&state.db, who.as_ref(), &key, chrono::Utc::now())
        .await
        .map_err(Into::into)
}
