//! Meetings: series across daylight-saving changes, changes to one or the
//! following occurrences, cancellation, invitations through the outbox,
//! attendance and quorum, minutes and their publication, the iCalendar
//! feeds read by an independent parser, and the plain forms over HTTP.
use crate::support;

use app::domain::enums::MeetingStatus;
use app::server::authz::load_actor;
use app::server::error::ServiceError;
use app::server::services::accounts::SiteUrl;
use app::server::services::dataset;
use app::server::services::meetings::{calendar, records, schedule};
use chrono::{DateTime, Utc};
use entity::{attendance, mail_outbox, meeting, member};
use reqwest::{header, StatusCode};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use std::collections::BTreeMap;

/// A body in Tijuana (daylight saving time) with five members: chair and
/// secretary with e-mail, a representative whose term ends, one who
/// withdrew, an alternate with e-mail.
const DOC: &str = include_str!("../fixtures/meetings.json");

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// An attendance sheet as its form sends it.
fn form(pairs: &[(&str, &str)]) -> records::AttendanceForm {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect::<BTreeMap<_, _>>()
        .into()
}

/// A form as a browser sends it, read as the handler reads it.
fn typed<T: serde::de::DeserializeOwned>(pairs: &[(&str, &str)]) -> T {
    serde_html_form::from_str(&serde_urlencoded::to_string(pairs).expect("encode"))
        .expect("the form parses")
}

fn meeting(pairs: &[(&str, &str)]) -> schedule::MeetingForm {
    typed(pairs)
}

fn cancelling(pairs: &[(&str, &str)]) -> schedule::CancelForm {
    typed(pairs)
}

async fn load(db: &DatabaseConnection) -> (i64, i64) {
    dataset::import(db, DOC, Default::default(), &|_| {})
        .await
        .expect("import");
    let sec = support::account(
        db,
        "sec@example.org",
        "sec password 1",
        &[("secretary", "tj", "", "")],
    )
    .await;
    let rep = support::account(
        db,
        "rep@example.org",
        "rep password 1",
        &[("representative", "tj", "a", "")],
    )
    .await;
    (sec, rep)
}

async fn meetings(db: &DatabaseConnection) -> Vec<meeting::Model> {
    meeting::Entity::find()
        .order_by_asc(meeting::Column::StartsAt)
        .all(db)
        .await
        .unwrap()
}

async fn outbox(db: &DatabaseConnection) -> Vec<mail_outbox::Model> {
    mail_outbox::Entity::find()
        .order_by_asc(mail_outbox::Column::Id)
        .all(db)
        .await
        .unwrap()
}

/// Parses an iCalendar text with the independent parser (PyPI icalendar).
fn parse_ics(text: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cal.ics");
    std::fs::write(&path, text).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ics/read.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "the parser refused the calendar: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

on_both!(series_across_daylight_saving_changes_cancellation_and_invitations);
async fn series_across_daylight_saving_changes_cancellation_and_invitations(t: support::TestDb) {
    let site = SiteUrl::new("https://voces.example.org");
    let db = &t.conn;
    let (sec, rep) = load(db).await;
    let now = at("2027-01-05T12:00:00Z");
    let sec = load_actor(db, sec, now).await.unwrap();
    let rep = load_actor(db, rep, now).await.unwrap();
    let weekly = meeting(&[
        ("title", "Sesión semanal"),
        ("kind", "ordinary"),
        ("date", "2027-03-07"),
        ("start", "10:00"),
        ("end", "12:00"),
        ("location", "Casa del Migrante"),
        ("agenda", "1. Bienvenida"),
        ("repeat", "weekly"),
        ("interval", "1"),
        ("count", "3"),
    ]);
    // A representative may not schedule; nothing changes.
    let before = support::counts(db).await;
    let refused = schedule::schedule(db, rep.as_ref(), &site, "tj", &weekly, now).await;
    assert!(
        matches!(refused, Err(ServiceError::Forbidden)),
        "{}",
        t.name
    );
    assert_eq!(support::counts(db).await, before);

    let first = schedule::schedule(db, sec.as_ref(), &site, "tj", &weekly, now)
        .await
        .unwrap();
    assert_eq!(first, "2027-03-07");
    let ms = meetings(db).await;
    let starts: Vec<_> = ms
        .iter()
        .map(|m| (m.key.as_str(), m.starts_at.to_rfc3339()))
        .collect();
    // Tijuana moves from −08:00 to −07:00 on 14 March 2027: 10:00 stays 10:00.
    assert_eq!(
        starts,
        [
            ("2027-03-07", "2027-03-07T18:00:00+00:00".to_string()),
            ("2027-03-14", "2027-03-14T17:00:00+00:00".to_string()),
            ("2027-03-21", "2027-03-21T17:00:00+00:00".to_string()),
        ],
        "{}",
        t.name
    );
    assert!(ms
        .iter()
        .all(|m| m.series.is_some() && m.series == ms[0].series));
    // Members with e-mail active on the first date: Ana, Sara, Ximena (the
    // alternate); Rafa has none, Wen withdrew. One invitation each for the
    // whole series, its subject with the dates, the agenda in the text, and
    // one .ics with every date.
    let mails = outbox(db).await;
    assert_eq!(mails.len(), 3, "{}", t.name);
    assert!(
        mails[0].subject.contains("3 sesiones desde el 7 mar 2027"),
        "{}",
        mails[0].subject
    );
    assert!(mails[0].body_text.contains("Orden del día:"));
    assert!(mails[0].body_text.contains("> 1. Bienvenida"));
    let ics = mails[0].attachment.clone().unwrap();
    assert_eq!(
        mails[0].attachment_mime.as_deref(),
        Some("text/calendar; method=REQUEST; charset=UTF-8")
    );
    let parsed = parse_ics(&ics);
    assert_eq!(parsed["method"], "REQUEST");
    assert_eq!(
        parsed["events"][0]["uid"],
        "meeting-tj-2027-03-07@voces.example.org"
    );
    assert_eq!(parsed["events"][0]["start"], "2027-03-07T18:00:00Z");
    assert_eq!(parsed["events"][0]["sequence"], 0);
    assert_eq!(parsed["events"].as_array().unwrap().len(), 3);
    assert_eq!(parsed["events"][2]["start"], "2027-03-21T17:00:00Z");
    assert!(parsed["events"][0]["attendee"]
        .as_str()
        .unwrap()
        .starts_with("mailto:"));

    // Moving the second and the following by a day, to 11:00.
    let moved = meeting(&[
        ("title", "Sesión semanal"),
        ("kind", "ordinary"),
        ("date", "2027-03-15"),
        ("start", "11:00"),
        ("end", "13:00"),
        ("location", "Casa del Migrante"),
        ("agenda", "1. Bienvenida"),
        ("scope", "following"),
    ]);
    schedule::update(db, sec.as_ref(), &site, "tj", "2027-03-14", &moved, now)
        .await
        .unwrap();
    let ms = meetings(db).await;
    let got: Vec<_> = ms
        .iter()
        .map(|m| (m.key.as_str(), m.starts_at.to_rfc3339(), m.sequence))
        .collect();
    assert_eq!(
        got,
        [
            ("2027-03-07", "2027-03-07T18:00:00+00:00".to_string(), 0),
            ("2027-03-14", "2027-03-15T18:00:00+00:00".to_string(), 1),
            ("2027-03-21", "2027-03-22T18:00:00+00:00".to_string(), 1),
        ],
        "keys (and so UIDs) stay; SEQUENCE goes up"
    );
    // Rafa's term ends on 15 March: no mail to him (no e-mail) anyway;
    // 2 changed meetings × 3 members, each saying what changed.
    let mails = outbox(db).await;
    assert_eq!(mails.len(), 9);
    assert!(
        mails[3]
            .subject
            .starts_with("Cambio: Sesión semanal, 15 mar 2027"),
        "{}",
        mails[3].subject
    );
    assert!(
        mails[3].body_text.contains("Fecha y hora: 2027-03-15 11:00–13:00 (America/Tijuana) (antes: 2027-03-14 10:00–12:00 (America/Tijuana))"),
        "{}",
        mails[3].body_text
    );

    // Saving the same details again, or changing only the agenda,
    // changes no calendar: no SEQUENCE, no mail.
    let agenda_only = meeting(&[
        ("title", "Sesión semanal"),
        ("kind", "ordinary"),
        ("date", "2027-03-15"),
        ("start", "11:00"),
        ("end", "13:00"),
        ("location", "Casa del Migrante"),
        ("agenda", "1. Bienvenida\n2. Informe"),
        ("scope", "one"),
    ]);
    schedule::update(
        db,
        sec.as_ref(),
        &site,
        "tj",
        "2027-03-14",
        &agenda_only,
        now,
    )
    .await
    .unwrap();
    assert_eq!(meetings(db).await[1].sequence, 1);
    assert_eq!(outbox(db).await.len(), 9);

    // Cancelling the last one alone.
    let bad = schedule::cancel(
        db,
        sec.as_ref(),
        &site,
        "tj",
        "2027-03-21",
        &cancelling(&[("reason", "")]),
        now,
    )
    .await;
    assert!(matches!(bad, Err(ServiceError::Form(ref e)) if e[0].field == "reason"));
    schedule::cancel(
        db,
        sec.as_ref(),
        &site,
        "tj",
        "2027-03-21",
        &cancelling(&[("reason", "Sin sala"), ("scope", "one")]),
        now,
    )
    .await
    .unwrap();
    let ms = meetings(db).await;
    assert_eq!(
        (
            ms[2].status.as_str(),
            ms[2].sequence,
            ms[2].cancel_reason.as_deref()
        ),
        ("cancelled", 2, Some("Sin sala"))
    );
    assert_eq!(ms[1].status, "scheduled");
    let mails = outbox(db).await;
    assert_eq!(mails.len(), 12);
    let cancel = parse_ics(mails[11].attachment.as_deref().unwrap());
    assert_eq!(cancel["method"], "CANCEL");
    assert_eq!(cancel["events"][0]["status"], "CANCELLED");
    assert_eq!(cancel["events"][0]["sequence"], 2);
    assert!(mails[11].subject.starts_with("Cancelada"));

    // Not before it begins; then "held" sends nothing, can be undone while
    // nothing is recorded, and a held meeting cannot be cancelled.
    assert!(matches!(
        schedule::mark_held(db, sec.as_ref(), &site, "tj", "2027-03-07", now).await,
        Err(ServiceError::Form(ref e)) if e[0].code == "not_started"
    ));
    let begun = at("2027-03-07T20:00:00Z");
    schedule::mark_held(db, sec.as_ref(), &site, "tj", "2027-03-07", begun)
        .await
        .unwrap();
    schedule::unmark_held(db, sec.as_ref(), &site, "tj", "2027-03-07", begun)
        .await
        .unwrap();
    assert_eq!(
        meetings(db)
            .await
            .iter()
            .find(|m| m.key == "2027-03-07")
            .unwrap()
            .status,
        "scheduled"
    );
    assert!(matches!(
        schedule::unmark_held(db, sec.as_ref(), &site, "tj", "2027-03-07", begun).await,
        Err(ServiceError::Form(ref e)) if e[0].code == "not_held"
    ));
    schedule::mark_held(db, sec.as_ref(), &site, "tj", "2027-03-07", begun)
        .await
        .unwrap();
    assert_eq!(outbox(db).await.len(), 12);
    // "Held" is undone within a week of marking it, not later (it would
    // take a session without minutes out of the figures).
    let later = begun + chrono::Duration::days(schedule::UNDO_HELD_DAYS + 1);
    assert!(matches!(
        schedule::unmark_held(db, sec.as_ref(), &site, "tj", "2027-03-07", later).await,
        Err(ServiceError::Form(ref e)) if e[0].code == "held_undo_expired"
    ));
    let page = calendar::detail(db, sec.as_ref(), "tj", "2027-03-07", later)
        .await
        .unwrap()
        .unwrap();
    assert!(!page.can_undo_held);
    let held = schedule::cancel(
        db,
        sec.as_ref(),
        &site,
        "tj",
        "2027-03-07",
        &cancelling(&[("reason", "x")]),
        now,
    )
    .await;
    assert!(matches!(held, Err(ServiceError::Form(ref e)) if e[0].code == "already_held"));

    // A second one-off meeting on a taken date gets the next key.
    let one = meeting(&[
        ("title", "Extraordinaria"),
        ("kind", "extraordinary"),
        ("date", "2027-03-07"),
        ("start", "18:00"),
    ]);
    assert_eq!(
        schedule::schedule(db, sec.as_ref(), &site, "tj", &one, now)
            .await
            .unwrap(),
        "2027-03-07-2"
    );
    // A past date is recorded only when the form says it is meant (a
    // mistyped year is not saved as "scheduled" without a word); meetings
    // that have started get no invitation.
    let mut fields = vec![
        ("title", "Pasada"),
        ("kind", "ordinary"),
        ("date", "2026-12-01"),
        ("start", "10:00"),
    ];
    assert!(matches!(
        schedule::schedule(db, sec.as_ref(), &site, "tj", &meeting(&fields), now).await,
        Err(ServiceError::Form(ref e)) if e[0].field == "date" && e[0].code == "date_past"
    ));
    fields.push(("past", "yes"));
    let before = outbox(db).await.len();
    schedule::schedule(db, sec.as_ref(), &site, "tj", &meeting(&fields), now)
        .await
        .unwrap();
    assert_eq!(outbox(db).await.len(), before);
}

on_both!(a_meeting_recorded_by_mistake_is_deleted);
async fn a_meeting_recorded_by_mistake_is_deleted(t: support::TestDb) {
    use app::server::services::meetings::removal;
    use entity::audit_log;
    let site = SiteUrl::new("https://voces.example.org");
    let db = &t.conn;
    let (sec, rep) = load(db).await;
    let now = at("2027-03-01T12:00:00Z");
    let sec = load_actor(db, sec, now).await.unwrap();
    let rep = load_actor(db, rep, now).await.unwrap();
    let future = |date: &'static str| {
        meeting(&[
            ("title", "Por error"),
            ("kind", "ordinary"),
            ("date", date),
            ("start", "10:00"),
        ])
    };
    // Announced to the three members with an address: deleting it sends
    // each a cancellation their calendar understands, and only to them.
    schedule::schedule(db, sec.as_ref(), &site, "tj", &future("2027-03-10"), now)
        .await
        .unwrap();
    let announced = outbox(db).await.len();
    assert_eq!(announced, 3);
    let detail = calendar::detail(db, sec.as_ref(), "tj", "2027-03-10", now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(detail.deletable, Some(3));
    // Readers are not offered it.
    let public = calendar::detail(db, None, "tj", "2027-03-10", now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(public.deletable, None);
    assert!(matches!(
        removal::delete(db, rep.as_ref(), &site, "tj", "2027-03-10", "", now).await,
        Err(ServiceError::Forbidden)
    ));
    removal::delete(db, sec.as_ref(), &site, "tj", "2027-03-10", "", now)
        .await
        .unwrap();
    assert!(meetings(db).await.iter().all(|m| m.key != "2027-03-10"));
    let mails = outbox(db).await;
    assert_eq!(mails.len(), 6);
    let cancel = parse_ics(mails[5].attachment.as_deref().unwrap());
    assert_eq!(cancel["method"], "CANCEL");
    assert_eq!(cancel["events"][0]["sequence"], 1);
    let logged = audit_log::Entity::find().all(db).await.unwrap();
    assert!(logged
        .iter()
        .any(|l| l.entity == "meeting" && l.action == "delete"));
    // The same day again: a new meeting, announced afresh (its mails are
    // not taken for the deleted one's).
    schedule::schedule(db, sec.as_ref(), &site, "tj", &future("2027-03-10"), now)
        .await
        .unwrap();
    assert_eq!(outbox(db).await.len(), 9);

    // What counts in a figure stays: held (until undone), cancelled, with
    // attendance, with minutes.
    let begun = at("2027-03-10T20:00:00Z");
    schedule::mark_held(db, sec.as_ref(), &site, "tj", "2027-03-10", begun)
        .await
        .unwrap();
    let refused = |code: &'static str| move |r: Result<(), ServiceError>| matches!(r, Err(ServiceError::Form(ref e)) if e[0].code == code);
    assert!(refused("delete_held")(
        removal::delete(db, sec.as_ref(), &site, "tj", "2027-03-10", "", begun).await
    ));
    records::save_attendance(
        db,
        sec.as_ref(),
        &site,
        "tj",
        "2027-03-10",
        &form(&[("att:a", "present")]),
        begun,
    )
    .await
    .unwrap();
    assert!(
        schedule::unmark_held(db, sec.as_ref(), &site, "tj", "2027-03-10", begun)
            .await
            .is_err()
    );
    schedule::schedule(db, sec.as_ref(), &site, "tj", &future("2027-03-20"), now)
        .await
        .unwrap();
    schedule::cancel(
        db,
        sec.as_ref(),
        &site,
        "tj",
        "2027-03-20",
        &cancelling(&[("reason", "Sin sala")]),
        now,
    )
    .await
    .unwrap();
    assert!(refused("delete_cancelled")(
        removal::delete(db, sec.as_ref(), &site, "tj", "2027-03-20", "", now).await
    ));
    schedule::schedule(db, sec.as_ref(), &site, "tj", &future("2027-03-25"), now)
        .await
        .unwrap();
    records::save_minutes(
        db,
        sec.as_ref(),
        "tj",
        "2027-03-25",
        "Borrador",
        records::MinutesAction::Save,
        now,
    )
    .await
    .unwrap();
    assert!(refused("delete_minutes")(
        removal::delete(db, sec.as_ref(), &site, "tj", "2027-03-25", "", now).await
    ));
    let detail = calendar::detail(db, sec.as_ref(), "tj", "2027-03-25", now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(detail.deletable, None);
    // Never announced (no member was told): deleted without a mail.
    let quiet = outbox(db).await.len();
    let past = meeting(&[
        ("title", "Pasada por error"),
        ("kind", "ordinary"),
        ("date", "2027-02-01"),
        ("start", "10:00"),
        ("past", "yes"),
    ]);
    schedule::schedule(db, sec.as_ref(), &site, "tj", &past, now)
        .await
        .unwrap();
    let detail = calendar::detail(db, sec.as_ref(), "tj", "2027-02-01", now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(detail.deletable, Some(0));
    removal::delete(db, sec.as_ref(), &site, "tj", "2027-02-01", "", now)
        .await
        .unwrap();
    assert_eq!(outbox(db).await.len(), quiet);
}

/// The public page of the session of 16 March 2027.
async fn march_16(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> app::domain::meetings::MeetingDetail {
    calendar::detail(db, None, "tj", "2027-03-16", now)
        .await
        .unwrap()
        .unwrap()
}

/// Rafa's term end changed in the roster (an edit entered late); his id.
async fn set_rafa_end(db: &DatabaseConnection, end: &str) -> i64 {
    let rafa = member::Entity::find()
        .filter(member::Column::Key.eq("r"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let id = rafa.id;
    let mut rafa = rafa.into_active_model();
    rafa.term_end = Set(Some(end.parse().unwrap()));
    rafa.update(db).await.unwrap();
    id
}

on_both!(attendance_quorum_minutes_and_figures);
async fn attendance_quorum_minutes_and_figures(t: support::TestDb) {
    let site = SiteUrl::new("https://voces.example.org");
    let db = &t.conn;
    let (sec, rep) = load(db).await;
    let now = at("2027-04-01T12:00:00Z");
    let sec = load_actor(db, sec, now).await.unwrap();
    let rep = load_actor(db, rep, now).await.unwrap();
    // 16 March: Rafa's term ended the day before, Wen withdrew in
    // December: seat holders are Ana and Sara; Ximena is an alternate.
    let f = meeting(&[
        ("title", "Ordinaria"),
        ("kind", "ordinary"),
        ("date", "2027-03-16"),
        ("start", "10:00"),
        ("past", "yes"),
    ]);
    schedule::schedule(db, sec.as_ref(), &site, "tj", &f, now)
        .await
        .unwrap();
    let sheet = calendar::sheet(db, sec.as_ref(), "tj", "2027-03-16")
        .await
        .unwrap();
    let lines: Vec<_> = sheet
        .lines
        .iter()
        .map(|l| (l.member_key.as_str(), l.holds_seat))
        .collect();
    assert_eq!(
        lines,
        [("a", true), ("s", true), ("x", false)],
        "{}",
        t.name
    );
    assert!(matches!(
        calendar::sheet(db, rep.as_ref(), "tj", "2027-03-16").await,
        Err(ServiceError::Forbidden)
    ));

    // A member not active that day is refused, with the field.
    let bad = records::save_attendance(
        db,
        sec.as_ref(),
        &site,
        "tj",
        "2027-03-16",
        &form(&[("att:r", "present")]),
        now,
    )
    .await;
    assert!(
        matches!(bad, Err(ServiceError::Form(ref e)) if e[0].field == "att:r" && e[0].code == "not_active_member")
    );
    let bad = records::save_attendance(
        db,
        sec.as_ref(),
        &site,
        "tj",
        "2027-03-16",
        &form(&[("att:a", "asleep")]),
        now,
    )
    .await;
    assert!(matches!(bad, Err(ServiceError::Form(ref e)) if e[0].code == "invalid_value"));

    // One seat holder of two plus the alternate: 50 % < 60 %, no quorum.
    records::save_attendance(
        db,
        sec.as_ref(),
        &site,
        "tj",
        "2027-03-16",
        &form(&[
            ("att:a", "present"),
            ("att:s", "absent"),
            ("att:x", "remote"),
            ("held", "true"),
        ]),
        now,
    )
    .await
    .unwrap();
    // Attendance is recorded: "held" can no longer be undone.
    assert!(matches!(
        schedule::unmark_held(db, sec.as_ref(), &site, "tj", "2027-03-16", now).await,
        Err(ServiceError::Form(ref e)) if e[0].code == "held_recorded"
    ));
    let d = march_16(db, now).await;
    assert_eq!(d.entry.status, MeetingStatus::Held);
    let c = d.attendance.unwrap();
    assert_eq!((c.present, c.remote, c.absent), (1, 1, 1));
    assert_eq!(
        (
            c.quorum.seat_holders,
            c.quorum.attending,
            c.quorum.needed,
            c.quorum.reached
        ),
        (2, 1, 2, false)
    );
    // Sara was there after all: quorum.
    records::save_attendance(
        db,
        sec.as_ref(),
        &site,
        "tj",
        "2027-03-16",
        &form(&[("att:s", "remote")]),
        now,
    )
    .await
    .unwrap();
    let q = calendar::sheet(db, sec.as_ref(), "tj", "2027-03-16")
        .await
        .unwrap()
        .quorum;
    assert_eq!((q.attending, q.reached), (2, true));
    // The quorum as recorded at that save is kept with the meeting.
    let recorded = |d: &app::domain::meetings::MeetingDetail| {
        let r = d.attendance.clone().unwrap().recorded.unwrap();
        (
            r.quorum.seat_holders,
            r.quorum.attending,
            r.quorum.reached,
            r.quorum_percent,
        )
    };
    let d = march_16(db, now).await;
    assert_eq!(recorded(&d), (2, 2, true, 60), "{}", t.name);
    // Rafa's renewal entered late makes him a seat holder that day: the
    // figure's quorum follows the roster, the record stays as it was.
    set_rafa_end(db, "2027-12-31").await;
    let d = march_16(db, now).await;
    let c = d.attendance.clone().unwrap();
    assert_eq!((c.quorum.seat_holders, c.quorum.attending), (3, 2));
    assert_eq!(
        recorded(&d),
        (2, 2, true, 60),
        "the record is not rewritten"
    );
    // Saving attendance again records the quorum of the roster now.
    records::save_attendance(
        db,
        sec.as_ref(),
        &site,
        "tj",
        "2027-03-16",
        &form(&[("att:r", "absent")]),
        now,
    )
    .await
    .unwrap();
    let d = march_16(db, now).await;
    assert_eq!(recorded(&d), (3, 2, true, 60));
    // The dataset carries the record.
    let doc = dataset::export(db, Default::default()).await.unwrap();
    let v: serde_json::Value = serde_json::from_str(&doc).unwrap();
    let m = v["bodies"][0]["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == "2027-03-16")
        .unwrap()
        .clone();
    assert_eq!(m["quorum_record"]["seat_holders"], 3);
    assert_eq!(m["quorum_record"]["attending"], 2);
    assert_eq!(m["quorum_record"]["quorum_percent"], 60);
    // Put Rafa back as the fixture has him for the figures below.
    let rafa = set_rafa_end(db, "2027-03-15").await;
    attendance::Entity::delete_many()
        .filter(attendance::Column::MemberId.eq(rafa))
        .exec(db)
        .await
        .unwrap();

    // Minutes: a draft is for the body only; publication for everyone.
    let hostile = "# Acta\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>";
    records::save_minutes(
        db,
        sec.as_ref(),
        "tj",
        "2027-03-16",
        hostile,
        records::MinutesAction::Save,
        now,
    )
    .await
    .unwrap();
    let public = calendar::detail(db, None, "tj", "2027-03-16", now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(public.minutes_html, None);
    let inside = calendar::detail(db, rep.as_ref(), "tj", "2027-03-16", now)
        .await
        .unwrap()
        .unwrap();
    let html = inside.minutes_html.unwrap();
    assert!(html.contains("<h1>Acta</h1>"));
    assert!(
        !html.contains("<script") && !html.contains("javascript:") && !html.contains("onerror"),
        "{html}"
    );
    let published = at("2027-03-26T12:00:00Z");
    records::save_minutes(
        db,
        sec.as_ref(),
        "tj",
        "2027-03-16",
        "# Acta",
        records::MinutesAction::Publish,
        published,
    )
    .await
    .unwrap();
    // Publishing again keeps the first time.
    records::save_minutes(
        db,
        sec.as_ref(),
        "tj",
        "2027-03-16",
        "# Acta corregida",
        records::MinutesAction::Publish,
        now,
    )
    .await
    .unwrap();
    let public = calendar::detail(db, None, "tj", "2027-03-16", now)
        .await
        .unwrap()
        .unwrap();
    assert!(public.minutes_html.unwrap().contains("corregida"));
    assert_eq!(
        public.minutes_published_at.as_deref(),
        Some("2027-03-26T05:00:00-07:00")
    );
    // Minutes of a meeting not held cannot be published.
    let f = meeting(&[
        ("title", "Otra"),
        ("kind", "ordinary"),
        ("date", "2027-05-01"),
        ("start", "10:00"),
    ]);
    schedule::schedule(db, sec.as_ref(), &site, "tj", &f, now)
        .await
        .unwrap();
    let early = records::save_minutes(
        db,
        sec.as_ref(),
        "tj",
        "2027-05-01",
        "x",
        records::MinutesAction::Publish,
        now,
    )
    .await;
    assert!(matches!(early, Err(ServiceError::Form(ref e)) if e[0].code == "not_held"));
    // Cancelled: no attendance.
    schedule::cancel(
        db,
        sec.as_ref(),
        &site,
        "tj",
        "2027-05-01",
        &cancelling(&[("reason", "Lluvia")]),
        now,
    )
    .await
    .unwrap();

    // Figures as of 1 April: 1 held of 4 a year, 0 cancelled in W (the
    // cancelled one is in May), 3 of 3 records attended, quorum 1/1,
    // minutes 1/1 after 10 days − 1 hour.
    let fig = calendar::figures(db, "tj", now).await.unwrap().unwrap();
    let g = &fig.figures;
    assert_eq!(
        (g.meetings_held, g.meetings_cancelled),
        (1, 0),
        "{}",
        t.name
    );
    assert_eq!(g.meeting_regularity, Some(0.25));
    assert_eq!(
        g.attendance_rate,
        Some(1.0 - 1.0 / 3.0 + 1.0 / 3.0),
        "present, remote, remote"
    );
    assert_eq!(g.quorum_rate, Some(1.0));
    assert_eq!(g.minutes_rate, Some(1.0));
    let days = (published - at("2027-03-16T17:00:00Z")).num_seconds() as f64 / 86_400.0;
    assert_eq!(g.median_days_to_minutes, Some(days));
    assert_eq!(fig.regularity_score, Some(100.0 * (0.25 + 1.0 + 1.0) / 3.0));
    // Before publication the minutes do not count.
    let early = calendar::figures(db, "tj", at("2027-03-20T00:00:00Z"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(early.figures.minutes_rate, Some(0.0));
    assert_eq!(early.figures.median_days_to_minutes, None);
}

on_both!(calendar_feeds_and_plain_forms_over_http);
async fn calendar_feeds_and_plain_forms_over_http(t: support::TestDb) {
    let db = t.conn.clone();
    load(&db).await;
    let base = support::serve(db.clone()).await;
    let c = support::client();
    let sec = support::sign_in(&c, &base, "sec@example.org", "sec password 1").await;
    let rep = support::sign_in(&c, &base, "rep@example.org", "rep password 1").await;
    let post = |cookie: &str, path: &str, form: &[(&str, &str)]| {
        c.post(format!("{base}{path}"))
            .header(header::COOKIE, cookie.to_string())
            .header(header::ORIGIN, base.clone())
            .form(form)
            .send()
    };
    let next_year = (Utc::now().date_naive() + chrono::Duration::days(365)).to_string();
    let meeting = [
        ("title", "Sesión, ordinaria; con \"comillas\" y un título largo que obliga a plegar la línea del calendario"),
        ("kind", "ordinary"), ("date", next_year.as_str()), ("start", "10:00"), ("end", "12:00"),
        ("location", "Sala 1"), ("agenda", "1. *Bienvenida*"), ("repeat", "monthly_weekday"), ("count", "2"),
    ];
    // Refused: a representative (403), anyone without a session (to /login).
    let before = support::counts(&db).await;
    assert_eq!(
        post(&rep, "/bodies/tj/meetings/new", &meeting)
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    let anon = c
        .post(format!("{base}/bodies/tj/meetings/new"))
        .header(header::ORIGIN, base.clone())
        .form(&meeting)
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status(), StatusCode::SEE_OTHER);
    assert!(anon.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .starts_with("/login?next="));
    // A bad form comes back with what was typed and the problem.
    let mut bad = meeting.to_vec();
    bad.retain(|(k, _)| *k != "count");
    let r = post(&sec, "/bodies/tj/meetings/new", &bad).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("Indica hasta qué fecha o cuántas sesiones"),
        "{}",
        t.name
    );
    assert!(page.contains("Sala 1"));
    assert_eq!(support::counts(&db).await, before);

    let r = post(&sec, "/bodies/tj/meetings/new", &meeting)
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()[header::LOCATION].to_str().unwrap().to_string();
    assert!(to.ends_with("?done=scheduled"), "{to}");
    let page = c
        .get(format!("{base}{to}"))
        .header(header::COOKIE, sec.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("<em>Bienvenida</em>"),
        "agenda rendered from Markdown"
    );
    assert!(html.contains("Sesión programada"));
    let key = to
        .trim_start_matches("/bodies/tj/meetings/")
        .trim_end_matches("?done=scheduled")
        .to_string();

    // Attendance and minutes through the forms, then the public page.
    let att = format!("/bodies/tj/meetings/{key}/attendance");
    let r = post(
        &sec,
        &att,
        &[("att:a", "present"), ("att:s", "remote"), ("held", "true")],
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let sheet = support::text_as(&c, format!("{base}{att}"), &sec).await;
    assert!(
        sheet.contains("Hay quórum"),
        "the quorum without JavaScript"
    );
    assert_eq!(
        c.get(format!("{base}{att}"))
            .header(header::COOKIE, rep.clone())
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    let min = format!("/bodies/tj/meetings/{key}/minutes");
    let r = post(
        &sec,
        &min,
        &[
            ("minutes", "Acuerdos <script>alert(1)</script>"),
            ("action", "publish"),
        ],
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let public = support::text(&c, format!("{base}/bodies/tj/meetings/{key}")).await;
    assert!(public.contains("Acuerdos"));
    assert!(!public.contains("<script>alert(1)"));
    let cal = c
        .get(format!("{base}/bodies/tj/meetings"))
        .send()
        .await
        .unwrap();
    assert_eq!(cal.status(), StatusCode::OK);
    let cal = cal.text().await.unwrap();
    assert!(cal.contains("calendar.ics"));
    assert!(support::text(&c, format!("{base}/meetings"))
        .await
        .contains("Consejo Tijuana"));
    assert_eq!(
        c.get(format!("{base}/bodies/nope/meetings"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );

    // Cancel the second occurrence; the feeds show it cancelled.
    let ms = meetings(&db).await;
    let second = ms[1].key.clone();
    let r = post(
        &sec,
        &format!("/bodies/tj/meetings/{second}/cancel"),
        &[("reason", "Sin sala")],
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for path in ["/bodies/tj/calendar.ics", "/calendar.ics"] {
        let r = c.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/calendar"));
        let parsed = parse_ics(&r.text().await.unwrap());
        let events = parsed["events"].as_array().unwrap();
        let ms = meetings(&db).await;
        assert_eq!(events.len(), ms.len(), "{path} on {}", t.name);
        let host = base
            .trim_start_matches("http://")
            .split(':')
            .next()
            .unwrap()
            .to_string();
        for (e, m) in events.iter().zip(&ms) {
            assert_eq!(e["uid"], format!("meeting-tj-{}@{host}", m.key));
            assert_eq!(
                e["start"],
                m.starts_at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
            );
            assert_eq!(
                e["end"],
                m.ends_at
                    .map(|x| x.format("%Y-%m-%dT%H:%M:%SZ").to_string())
                    .map_or(serde_json::Value::Null, Into::into)
            );
            assert_eq!(
                e["dtstamp"],
                m.updated_at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
            );
            // A feed's event moves on when the session is held and again
            // when its minutes are published, and then says so.
            let held = m.status == "held";
            let minutes = held && m.minutes_published_at.is_some();
            assert_eq!(
                e["sequence"],
                m.sequence + i32::from(held) + i32::from(minutes)
            );
            assert_eq!(
                e["last_modified"],
                m.updated_at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
            );
            let description = e["description"].as_str().unwrap_or_default();
            assert_eq!(description.contains("Sesión celebrada"), held);
            assert_eq!(description.contains("Acta / Minutes: http"), minutes);
            assert_eq!(
                e["status"],
                if m.status == "cancelled" {
                    "CANCELLED"
                } else {
                    "CONFIRMED"
                }
            );
            let summary = e["summary"].as_str().unwrap();
            assert!(summary.starts_with(&m.title), "{summary}");
            assert_eq!(e["location"], "Sala 1");
        }
        assert_eq!(events[1]["status"], "CANCELLED");
        assert_eq!(events[1]["sequence"], 1);
    }
    assert_eq!(
        c.get(format!("{base}/bodies/nope/calendar.ics"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );

    // The same meetings as open data: one row each, attendance as counts
    // (no member's name), the held one with its quorum.
    let r = c
        .get(format!("{base}/bodies/tj/meetings.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    let ms = meetings(&db).await;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), ms.len() + 1);
    assert!(lines[0].starts_with("body,meeting,title,kind,status,starts_at"));
    for name in ["Ana", "Sara", "Ximena"] {
        assert!(!text.contains(name), "{name} in the open data");
    }
    let json: serde_json::Value =
        serde_json::from_str(&support::text(&c, format!("{base}/bodies/tj/meetings.json")).await)
            .unwrap();
    let rows = json["meetings"].as_array().unwrap();
    assert_eq!(rows.len(), ms.len());
    let held = rows.iter().find(|r| r["status"] == "held").unwrap();
    assert_eq!(held["present"], 1);
    assert_eq!(held["remote"], 1);
    assert!(held["quorum_reached"].is_boolean());
    let cancelled = rows.iter().find(|r| r["status"] == "cancelled").unwrap();
    assert_eq!(cancelled["cancel_reason"], "Sin sala");
    assert!(cancelled["present"].is_null());
    assert_eq!(
        c.get(format!("{base}/bodies/nope/meetings.csv"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
}
