//! One meeting: when and where, its agenda, attendance and quorum, and the
//! minutes (published ones for everyone; drafts for the body's people).
//! The body's secretaries also get the actions: edit, attendance, mark as
//! held, and the minutes form.
use super::{kind_label, when, Place, StatusBadge};
use crate::api::meetings::load_meeting;
use crate::components::forms::{refused, DoneNotice, Field, ProblemSummary, TextArea};
use crate::components::{dates, error::ErrorNotice};
use crate::domain::enums::MeetingStatus;
use crate::domain::meetings::{AttendanceCounts, MeetingDetail, RecordedQuorum};
use crate::domain::metrics::meetings::Quorum;
use crate::i18n::*;
use crate::pages::not_found::NotFound;
use crate::routes;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn MeetingPage() -> impl IntoView {
    let params = use_params_map();
    let body = params.with_untracked(|p| p.get("key").unwrap_or_default());
    let meeting = params.with_untracked(|p| p.get("meeting").unwrap_or_default());
    let data = Resource::new(
        move || (body.clone(), meeting.clone()),
        |(b, m)| load_meeting(b, m),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(d)) => view! { <DetailView d /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Err(e) => view! { <ErrorNotice error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DetailView(d: MeetingDetail) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let e = d.entry.clone();
    let edit = routes::MEETING_EDIT.path(&[&e.body_key, &e.key]);
    let attendance = routes::MEETING_ATTENDANCE.path(&[&e.body_key, &e.key]);
    let refused_held = refused("held").is_some();
    let refused_delete = refused("delete").is_some();
    let manage = d.can_manage.then(|| {
        // "Held" once it has begun, after a second look (it counts in the
        // figures); undone while nothing is recorded.
        let held = (e.status == MeetingStatus::Scheduled && d.started).then(|| {
            view! {
                <details class="confirm" open=refused_held>
                    <summary class="button secondary">{t!(i18n, meeting.mark_held_open)}</summary>
                    <form method="post" action=routes::MEETING_HELD.path(&[&e.body_key, &e.key]) class="stack">
                        <p>{t!(i18n, meeting.held_explain)}</p>
                        <input type="hidden" name="confirm" value="yes" />
                        <button type="submit" class="button primary">{t!(i18n, meeting.held_confirm)}</button>
                    </form>
                </details>
            }
        });
        let undo = d.can_undo_held.then(|| {
            view! {
                <form method="post" action=routes::MEETING_UNHELD.path(&[&e.body_key, &e.key]) class="inline">
                    <button type="submit" class="button secondary">{t!(i18n, meeting.undo_held)}</button>
                </form>
            }
        });
        let delete = d.deletable.map(|told| {
            let who = if told == 0 {
                t!(i18n, meeting.delete_nobody).into_any()
            } else {
                t!(i18n, meeting.delete_told, count = told).into_any()
            };
            view! {
                <details class="confirm" open=refused_delete>
                    <summary class="button secondary">{t!(i18n, meeting.delete_open)}</summary>
                    <form method="post" action=routes::MEETING_DELETE.path(&[&e.body_key, &e.key]) class="stack">
                        <p>{t!(i18n, meeting.delete_explain)}</p>
                        <p>{who}</p>
                        {(told > 0).then(|| view! {
                            <Field form="delete" name="reason" label=td_string!(locale, meeting.delete_reason).to_string() />
                        })}
                        <input type="hidden" name="confirm" value="yes" />
                        <button type="submit" class="button danger">{t!(i18n, meeting.delete_confirm)}</button>
                    </form>
                </details>
            }
        });
        view! {
            <ProblemSummary form="held" />
            <ProblemSummary form="delete" />
            <p class="actions">
                <a class="button secondary" href=edit.clone()>{t!(i18n, meeting.edit)}</a>
                {(e.status != MeetingStatus::Cancelled).then(|| view! {
                    <a class="button secondary" href=attendance.clone()>{t!(i18n, meeting.attendance)}</a>
                })}
                {undo}
            </p>
            {held}
            {delete}
            {(e.status == MeetingStatus::Scheduled && !d.started).then(|| view! { <p class="hint">{t!(i18n, meeting.held_later)}</p> })}
        }
    });
    let agenda = match d.agenda_html.clone() {
        Some(html) => view! { <div class="prose" inner_html=html></div> }.into_any(),
        None => view! { <p class="empty">{t!(i18n, meeting.no_agenda)}</p> }.into_any(),
    };
    let published = d.minutes_published_at.clone();
    let minutes_note = match (&published, &d.minutes_html) {
        (Some(p), _) => view! {
            <p class="muted">{t!(i18n, meeting.published_on)} " " <time datetime=p.clone()>{dates::date_time(locale, p)}</time></p>
        }.into_any(),
        (None, Some(_)) => view! { <p class="alert">{t!(i18n, meeting.draft_note)}</p> }.into_any(),
        (None, None) => view! { <p class="empty">{t!(i18n, meeting.no_minutes)}</p> }.into_any(),
    };
    let minutes = d
        .minutes_html
        .clone()
        .map(|html| view! { <div class="prose" inner_html=html></div> });
    view! {
        <Title text=e.title.clone() />
        <nav class="crumbs" aria-label=td_string!(locale, body.back)>
            <a href=format!("/bodies/{}/meetings", e.body_key)>{t!(i18n, meeting.calendar_title)} " · " {e.body_name.clone()}</a>
        </nav>
        <section class="page-head">
            <p class="eyebrow">{kind_label(locale, e.kind)} " " <StatusBadge status=e.status /></p>
            <h1>{e.title.clone()}</h1>
            <dl class="facts">
                <div>
                    <dt>{t!(i18n, meeting.when)}</dt>
                    <dd><time datetime=e.starts_at.clone()>{when(locale, &e.starts_at, e.ends_at.as_deref())}</time> " (" {d.timezone.clone()} ")"</dd>
                </div>
                <div>
                    <dt>{t!(i18n, meeting.place)}</dt>
                    <dd>{match e.location.clone() {
                        Some(l) => view! { <Place location=Some(l) /> }.into_any(),
                        None => view! { <span>{t!(i18n, meeting.no_place)}</span> }.into_any(),
                    }}</dd>
                </div>
                {d.cancel_reason.clone().map(|r| view! {
                    <div><dt>{t!(i18n, meeting.reason)}</dt><dd>{r}</dd></div>
                })}
            </dl>
        </section>
        <DoneNotice texts=vec![
            ("scheduled", td_string!(locale, meeting.done_scheduled).to_string()),
            ("saved", td_string!(locale, meeting.done_saved).to_string()),
            ("held", td_string!(locale, meeting.done_held).to_string()),
            ("unheld", td_string!(locale, meeting.done_unheld).to_string()),
            ("attendance", td_string!(locale, meeting.done_attendance).to_string()),
            ("minutes", td_string!(locale, meeting.done_minutes).to_string()),
            ("published", td_string!(locale, meeting.done_published).to_string()),
            ("unpublished", td_string!(locale, meeting.done_unpublished).to_string()),
        ] />
        {manage}
        <div class="columns">
            <section aria-labelledby="agenda-h">
                <h2 id="agenda-h">{t!(i18n, meeting.agenda)}</h2>
                {agenda}
            </section>
            <section aria-labelledby="attendance-h">
                <h2 id="attendance-h">{t!(i18n, meeting.attendance)}</h2>
                {match d.attendance.clone() {
                    Some(c) => view! { <Counts c /> }.into_any(),
                    None => view! { <p class="empty">{t!(i18n, meeting.no_attendance)}</p> }.into_any(),
                }}
            </section>
        </div>
        <section class="block" aria-labelledby="minutes-h">
            <h2 id="minutes-h">{t!(i18n, meeting.minutes)}</h2>
            {minutes_note}
            {minutes}
        </section>
        {d.can_manage.then(|| view! { <MinutesForm action=routes::MEETING_MINUTES.path(&[&e.body_key, &e.key]) published=published.is_some() held=e.status == MeetingStatus::Held key=e.key.clone() body=e.body_key.clone() /> })}
    }
}

#[component]
pub fn QuorumLine(q: Quorum, percent: i32) -> impl IntoView {
    let i18n = use_i18n();
    let text = if q.seat_holders == 0 {
        td_string!(i18n.get_locale_untracked(), meeting.no_seat_holders).to_string()
    } else {
        format!(
            "{} {} / {} · {} {} ({percent} %)",
            td_string!(i18n.get_locale_untracked(), meeting.quorum_attending),
            q.attending,
            q.seat_holders,
            td_string!(i18n.get_locale_untracked(), meeting.quorum_needed),
            q.needed
        )
    };
    view! {
        <p class="quorum" class:reached=q.reached>
            <strong>{if q.reached { t!(i18n, meeting.quorum_reached).into_any() } else { t!(i18n, meeting.quorum_missing).into_any() }}</strong>
            " — " {text}
        </p>
    }
}

/// The quorum the council recorded when it saved attendance. When the
/// roster has changed since (a term entered late, a withdrawal), the two
/// differ and the page says which one the public figure uses.
#[component]
fn RecordedLine(r: RecordedQuorum, now: Quorum, percent: i32) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let on = dates::date(locale, &r.recorded_at);
    if r.quorum == now && r.quorum_percent == percent {
        return view! { <p class="muted recorded-quorum">{td_string!(locale, meeting.quorum_recorded_same)} " " {on}</p> }
            .into_any();
    }
    view! {
        <div class="alert caution recorded-quorum" role="note">
            <p>{td_string!(locale, meeting.quorum_recorded_on)} " " {on} ":"</p>
            <QuorumLine q=r.quorum percent=r.quorum_percent />
            <p class="hint">
                {td_string!(locale, meeting.quorum_recorded_differs)} " "
                <a href="/methodology#quorum_rate">{td_string!(locale, meeting.quorum_rate)}</a>
            </p>
        </div>
    }
    .into_any()
}

#[component]
fn Counts(c: AttendanceCounts) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <QuorumLine q=c.quorum percent=c.quorum_percent />
        {c.recorded.clone().map(|r| view! { <RecordedLine r now=c.quorum percent=c.quorum_percent /> })}
        <dl class="facts">
            <div><dt>{t!(i18n, meeting.present)}</dt><dd>{c.present}</dd></div>
            <div><dt>{t!(i18n, meeting.remote)}</dt><dd>{c.remote}</dd></div>
            <div><dt>{t!(i18n, meeting.excused)}</dt><dd>{c.excused}</dd></div>
            <div><dt>{t!(i18n, meeting.absent)}</dt><dd>{c.absent}</dd></div>
        </dl>
    }
}

/// The minutes editor: a draft for the body, publication for everyone.
#[component]
fn MinutesForm(
    action: String,
    published: bool,
    held: bool,
    key: String,
    body: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    // The draft's text arrives with the edit values (only managers get it).
    let values = Resource::new(
        move || (body.clone(), key.clone()),
        |(b, k)| crate::api::meetings::meeting_values(b, k),
    );
    view! {
        <section class="card block" aria-labelledby="minutes-form-h">
            <h2 id="minutes-form-h">{t!(i18n, meeting.minutes_form)}</h2>
            <p class="muted">{t!(i18n, meeting.markdown_hint)}</p>
            <ProblemSummary form="minutes" />
            <Suspense fallback=|| ()>
                {move || {
                    let action = action.clone();
                    Suspend::new(async move {
                        let text = values.await.ok().and_then(|(_, _, v)| v.get("minutes").cloned()).unwrap_or_default();
                        view! {
                            <form method="post" action=action class="stack">
                                <TextArea form="minutes" name="minutes" label=td_string!(locale, meeting.minutes).to_string() value=text rows=12 />
                                <div class="actions">
                                    <button type="submit" name="action" value="save" class="button secondary">{t!(i18n, meeting.save_draft)}</button>
                                    {held.then(|| view! { <button type="submit" name="action" value="publish" class="button primary">{if published { t!(i18n, meeting.save_published).into_any() } else { t!(i18n, meeting.publish).into_any() }}</button> })}
                                    {published.then(|| view! { <button type="submit" name="action" value="unpublish" class="button secondary">{t!(i18n, meeting.unpublish)}</button> })}
                                </div>
                                {(!held).then(|| view! { <p class="hint">{t!(i18n, meeting.publish_after_held)}</p> })}
                            </form>
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
