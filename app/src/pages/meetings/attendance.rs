//! The attendance form: every seat holder and alternate active on the
//! meeting's date with present / remote / excused / absent. The quorum line
//! is an island: once hydrated it follows the choices as they are made;
//! without JavaScript the page shows the quorum of what was saved.
use super::detail::QuorumLine;
use super::MeetingSubpageHead;
use crate::api::meetings::load_attendance;
use crate::components::forms::{refused, DoneNotice, ProblemSummary};
use crate::components::labels;
use crate::domain::enums::{AttendanceStatus, MeetingStatus};
use crate::domain::meetings::AttendanceSheet;
use crate::domain::metrics::meetings::quorum;
use crate::i18n::*;
use crate::routes;
use leptos::prelude::*;

#[component]
pub fn AttendancePage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (key, meeting, data) = super::meeting_resource(load_attendance);
    let title = td_string!(locale, meeting.attendance_title);
    let fill_present = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("fill").is_some_and(|f| f == "present"));
    view! {
        <MeetingSubpageHead key=key.clone() meeting=meeting.clone() title />
        <DoneNotice texts=vec![("attendance", td_string!(locale, meeting.done_attendance).to_string())] />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => super::edit::refusal(e),
                    Ok(sheet) => {
                        // A refused form comes back with what was chosen.
                        let mut sheet = sheet;
                        // "Everyone present" without JavaScript: the same
                        // page with every blank line filled in, not saved.
                        if fill_present {
                            for l in sheet.lines.iter_mut().filter(|l| l.status.is_none()) {
                                l.status = Some(AttendanceStatus::Present);
                            }
                        }
                        if let Some(back) = refused("attendance") {
                            for l in &mut sheet.lines {
                                if let Some(v) = back.value(&format!("att:{}", l.member_key)) {
                                    l.status = v.parse().ok();
                                }
                            }
                        }
                        let heading = format!("{} · {}", sheet.entry.title, super::when(locale, &sheet.entry.starts_at, sheet.entry.ends_at.as_deref()));
                        view! {
                            <p class="lead narrow">{heading}</p>
                            <ProblemSummary form="attendance" />
                            <AttendanceForm sheet />
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

const CHOICES: [AttendanceStatus; 4] = [
    AttendanceStatus::Present,
    AttendanceStatus::Remote,
    AttendanceStatus::Excused,
    AttendanceStatus::Absent,
];

fn choice_label(locale: Locale, s: AttendanceStatus) -> &'static str {
    match s {
        AttendanceStatus::Present => td_string!(locale, meeting.present),
        AttendanceStatus::Remote => td_string!(locale, meeting.remote),
        AttendanceStatus::Excused => td_string!(locale, meeting.excused),
        AttendanceStatus::Absent => td_string!(locale, meeting.absent),
    }
}

#[island]
fn AttendanceForm(sheet: AttendanceSheet) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let action = routes::MEETING_ATTENDANCE.path(&[&sheet.entry.body_key, &sheet.entry.key]);
    let percent = sheet.quorum_percent;
    let statuses: Vec<(bool, RwSignal<Option<AttendanceStatus>>)> = sheet
        .lines
        .iter()
        .map(|l| (l.holds_seat, RwSignal::new(l.status)))
        .collect();
    let holders = statuses.iter().filter(|(h, _)| *h).count() as u32;
    let tracked = statuses.clone();
    let live = Memo::new(move |_| {
        let attending = tracked
            .iter()
            .filter(|(h, s)| {
                *h && matches!(
                    s.get(),
                    Some(AttendanceStatus::Present | AttendanceStatus::Remote)
                )
            })
            .count() as u32;
        quorum(holders, attending, percent)
    });
    let blanks = statuses.iter().map(|(_, s)| *s).collect::<Vec<_>>();
    let everyone = move |ev: leptos::ev::MouseEvent| {
        // Once hydrated, no reload: the blank lines become "present".
        ev.prevent_default();
        for s in &blanks {
            if s.get_untracked().is_none() {
                s.set(Some(AttendanceStatus::Present));
            }
        }
    };
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    let scheduled = sheet.entry.status == MeetingStatus::Scheduled;
    let rows = sheet
        .lines
        .iter()
        .zip(statuses)
        .map(|(l, (_, status))| {
            let field = format!("att:{}", l.member_key);
            let role = labels::member_role(locale, l.role);
            let choice = |value: Option<AttendanceStatus>, text: &'static str| {
                let id = format!("{field}-{}", value.map_or("none", |c| c.as_str()));
                view! {
                    <span class="choice">
                        <input type="radio" id=id.clone() name=field.clone() value=value.map_or("", |c| c.as_str())
                            checked=l.status == value
                            prop:checked=move || status.get() == value
                            on:change=move |_| status.set(value) />
                        <label for=id>{text}</label>
                    </span>
                }
            };
            let choices = CHOICES
                .iter()
                .map(|c| choice(Some(*c), choice_label(locale, *c)))
                .collect_view();
            view! {
                <fieldset class="attendee" class:alternate=!l.holds_seat>
                    <legend>{l.name.clone()} <span class="muted">" · " {role}</span></legend>
                    <div class="choices-row">
                        {choices}
                        {choice(None, td_string!(locale, meeting.not_recorded))}
                    </div>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=action class="stack attendance" data-hydrated=move || if hydrated.get() { "true" } else { "false" }>
            <div aria-live="polite" data-testid="quorum">
                {move || view! { <QuorumLine q=live.get() percent /> }}
            </div>
            <p class="fill-all">
                <a class="button secondary small" href="?fill=present" on:click=everyone>{t!(i18n, meeting.everyone_present)}</a>
                " " <span class="hint">{t!(i18n, meeting.everyone_present_hint)}</span>
            </p>
            <div class="attendees">{rows}</div>
            {scheduled.then(|| view! {
                <div class="field checkbox">
                    <input id="attendance-held" name="held" type="checkbox" value="true" checked=true />
                    <label for="attendance-held">{t!(i18n, meeting.also_held)}</label>
                </div>
            })}
            <button type="submit" class="button primary">{t!(i18n, meeting.save_attendance)}</button>
        </form>
    }
}
