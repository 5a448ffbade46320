//! The meeting pages: calendars, one meeting, scheduling and editing, and
//! attendance.
pub mod attendance;
pub mod calendar;
pub mod detail;
pub mod edit;
pub mod figures;

use crate::components::dates;
use crate::domain::enums::{MeetingKind, MeetingStatus};
use crate::i18n::*;
use leptos::prelude::*;

/// The body's and the meeting's keys in a meeting page's address.
fn meeting_keys() -> (String, String) {
    leptos_router::hooks::use_params_map().with_untracked(|p| {
        (
            p.get("key").unwrap_or_default(),
            p.get("meeting").unwrap_or_default(),
        )
    })
}

/// The meeting's keys and the data `load` gives for them: how a page about
/// one meeting (edit, attendance) starts.
#[track_caller]
pub(super) fn meeting_resource<T, Fut>(
    load: impl Fn(String, String) -> Fut + Send + Sync + 'static,
) -> (String, String, Resource<T>)
where
    T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let (key, meeting) = meeting_keys();
    let (k2, m2) = (key.clone(), meeting.clone());
    let data = Resource::new(move || (k2.clone(), m2.clone()), move |(k, m)| load(k, m));
    (key, meeting, data)
}

/// A page about one meeting (edit, attendance): its title and the way
/// back to the meeting.
#[component]
pub(super) fn MeetingSubpageHead(
    key: String,
    meeting: String,
    title: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <leptos_meta::Title text=title />
        <section class="page-head narrow">
            <p class="crumbs">
                <a href=crate::routes::MEETING.path(&[&key, &meeting])>{t!(i18n, meeting.back_to_meeting)}</a>
            </p>
            <h1>{title}</h1>
        </section>
    }
}

pub fn kind_label(locale: Locale, k: MeetingKind) -> &'static str {
    match k {
        MeetingKind::Ordinary => td_string!(locale, body.ordinary),
        MeetingKind::Extraordinary => td_string!(locale, body.extraordinary),
    }
}

pub fn status_label(locale: Locale, s: MeetingStatus) -> &'static str {
    match s {
        MeetingStatus::Scheduled => td_string!(locale, meeting.scheduled),
        MeetingStatus::Held => td_string!(locale, meeting.held),
        MeetingStatus::Cancelled => td_string!(locale, meeting.cancelled),
    }
}

/// The status as a badge (cancelled stands out).
#[component]
pub fn StatusBadge(status: MeetingStatus) -> impl IntoView {
    let locale = use_i18n().get_locale_untracked();
    let class = match status {
        MeetingStatus::Cancelled => "badge danger",
        MeetingStatus::Held => "badge ok",
        MeetingStatus::Scheduled => "badge",
    };
    view! { <span class=class>{status_label(locale, status)}</span> }
}

/// "10 feb 2026, 10:00–13:00"
pub fn when(locale: Locale, starts_at: &str, ends_at: Option<&str>) -> String {
    let start = dates::date_time(locale, starts_at);
    match ends_at.and_then(|e| chrono::DateTime::parse_from_rfc3339(e).ok()) {
        Some(e) => format!("{start}–{}", e.format("%H:%M")),
        None => start,
    }
}

/// A place that is a link is shown as one.
#[component]
pub fn Place(location: Option<String>) -> impl IntoView {
    location.map(|l| {
        if l.starts_with("https://") || l.starts_with("http://") {
            view! { <a href=l.clone() rel="noopener noreferrer nofollow">{l.clone()}</a> }
                .into_any()
        } else {
            view! { <span>{l}</span> }.into_any()
        }
    })
}
