//! Validation of a document (dataset.md, "Rules for import"), its header
//! then each body in turn (`Validator`). Every problem is collected with its
//! JSON path; nothing stops at the first.
use super::format as raw;
use super::stream::Header;
use super::FORMAT;
use crate::domain::enums::*;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

/// One thing wrong with a document, at a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// An authority that passed validation, with typed values.
#[derive(Debug, Clone)]
pub struct Authority {
    pub key: String,
    pub name: String,
    pub acronym: Option<String>,
    pub level: AuthorityLevel,
    pub response_days: i32,
    pub day_kind: DayKind,
    pub holidays: Vec<NaiveDate>,
    pub email: Option<String>,
    pub archived_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct Body {
    pub key: String,
    pub name: String,
    pub level: BodyLevel,
    pub jurisdiction: String,
    pub timezone: String,
    pub groups_served: Vec<MigrantGroup>,
    pub regions: Vec<String>,
    pub seats: Option<i32>,
    pub meetings_per_year: Option<i32>,
    pub quorum_percent: i32,
    pub response_days: Option<i32>,
    pub public: bool,
    pub members: Vec<Member>,
    pub meetings: Vec<Meeting>,
    pub demands: Vec<Demand>,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub key: String,
    pub name: String,
    pub email: Option<String>,
    pub public: bool,
    pub role: MemberRole,
    pub gender: Gender,
    pub migrant_group: MigrantGroup,
    pub region: Option<String>,
    pub country: Option<String>,
    pub term_start: NaiveDate,
    pub term_end: Option<NaiveDate>,
    pub withdrawn_on: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct Meeting {
    pub key: String,
    pub title: String,
    pub kind: MeetingKind,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub location: Option<String>,
    pub status: MeetingStatus,
    pub agenda: Option<String>,
    pub minutes: Option<String>,
    pub minutes_published_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    pub attendance: Vec<(String, AttendanceStatus)>,
    pub quorum_record: Option<QuorumRecord>,
}

/// A meeting's quorum as recorded when attendance was saved.
#[derive(Debug, Clone, Copy)]
pub struct QuorumRecord {
    pub seat_holders: i32,
    pub attending: i32,
    pub quorum_percent: i32,
    pub recorded_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Demand {
    pub key: String,
    pub title: String,
    pub text: String,
    pub topic: Topic,
    pub submitted_by: String,
    pub meeting: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub confidential: bool,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub referrals: Vec<Referral>,
}

#[derive(Debug, Clone)]
pub struct Referral {
    pub authority: String,
    pub due_at: Option<DateTime<Utc>>,
    pub events: Vec<Event>,
    pub assessments: Vec<Assessment>,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub kind: EventKind,
    pub text: String,
    pub evidence_url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Assessment {
    pub at: DateTime<Utc>,
    pub verdict: Verdict,
    pub note: Option<String>,
}

/// What the database already holds, for the checks that depend on it.
#[derive(Debug, Default, Clone)]
pub struct Existing {
    pub authorities: HashSet<String>,
    pub bodies: HashSet<String>,
}

/// Collects problems while walking the document.
#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    fn extra(&mut self, path: &str, extra: &raw::Extra) {
        for name in extra.keys() {
            self.push(
                format!("{path}.{name}"),
                format!("unknown field \"{name}\""),
            );
        }
    }

    fn enumeration<T: FromStr<Err = UnknownVariant>>(
        &mut self,
        path: String,
        value: &str,
    ) -> Option<T> {
        match value.parse::<T>() {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(path, format!("invalid value {e}"));
                None
            }
        }
    }

    fn date(&mut self, path: String, value: &str) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(d) if value.len() == 10 => Some(d),
            _ => {
                self.push(path, format!("\"{value}\" is not a date (YYYY-MM-DD)"));
                None
            }
        }
    }

    fn opt_date(&mut self, path: String, value: &Option<String>) -> Option<Option<NaiveDate>> {
        match value {
            None => Some(None),
            Some(v) => self.date(path, v).map(Some),
        }
    }

    fn instant(&mut self, path: String, value: &str) -> Option<DateTime<Utc>> {
        match DateTime::parse_from_rfc3339(value) {
            Ok(t) => Some(t.with_timezone(&Utc)),
            Err(_) => {
                self.push(
                    path,
                    format!("\"{value}\" is not an RFC 3339 timestamp with offset"),
                );
                None
            }
        }
    }

    fn opt_instant(
        &mut self,
        path: String,
        value: &Option<String>,
    ) -> Option<Option<DateTime<Utc>>> {
        match value {
            None => Some(None),
            Some(v) => self.instant(path, v).map(Some),
        }
    }

    fn key(&mut self, path: String, key: &str, seen: &mut HashSet<String>, what: &str) {
        if key.trim().is_empty() {
            self.push(path, format!("{what} key must not be empty"));
        } else if !seen.insert(key.to_string()) {
            self.push(path, format!("duplicate {what} key \"{key}\""));
        }
    }

    fn not_blank(&mut self, path: String, value: &str) {
        if value.trim().is_empty() {
            self.push(path, "must not be empty");
        }
    }

    fn count(&mut self, path: String, value: Option<i64>, max: i64) -> Option<Option<i32>> {
        match value {
            None => Some(None),
            Some(n) if (0..=max).contains(&n) => Some(Some(n as i32)),
            Some(n) => {
                self.push(path, format!("{n} is out of range (0 to {max})"));
                None
            }
        }
    }
}

/// The checks, a part of the document at a time: its header (the
/// format, unknown fields and the authorities), then each body in order,
/// so that a document larger than memory is validated body by body
/// (`import`), with the same problems at the same paths as a whole one.
pub struct Validator<'a> {
    c: Checker,
    existing: &'a Existing,
    replace: bool,
    authority_keys: HashSet<String>,
    body_keys: HashSet<String>,
}

impl<'a> Validator<'a> {
    pub fn new(existing: &'a Existing, replace: bool) -> Self {
        Self {
            c: Checker::default(),
            existing,
            replace,
            authority_keys: HashSet::new(),
            body_keys: HashSet::new(),
        }
    }

    /// The format tag, the names of the top level's unknown fields and
    /// the authorities: the authorities that passed.
    pub fn header(&mut self, h: &Header) -> Vec<Authority> {
        let c = &mut self.c;
        match h.format.as_deref() {
            Some(FORMAT) => {}
            Some(other) => c.push(
                "format",
                format!("unsupported format \"{other}\" (expected \"{FORMAT}\")"),
            ),
            None => c.push(
                "format",
                format!("missing format tag (expected \"{FORMAT}\")"),
            ),
        }
        for name in &h.unknown {
            c.push(format!("$.{name}"), format!("unknown field \"{name}\""));
        }
        let mut passed = Vec::new();
        for (i, a) in h.authorities.iter().enumerate() {
            if let Some(a) = self.authority(i, a) {
                passed.push(a);
            }
        }
        passed
    }

    fn authority(&mut self, i: usize, a: &raw::Authority) -> Option<Authority> {
        let c = &mut self.c;
        let p = format!("authorities[{i}]");
        c.extra(&p, &a.extra);
        c.key(
            format!("{p}.key"),
            &a.key,
            &mut self.authority_keys,
            "authority",
        );
        if !self.replace && self.existing.authorities.contains(&a.key) {
            c.push(
                format!("{p}.key"),
                format!(
                    "authority \"{}\" already exists (import with --replace to replace it)",
                    a.key
                ),
            );
        }
        c.not_blank(format!("{p}.name"), &a.name);
        let level = c.enumeration::<AuthorityLevel>(format!("{p}.level"), &a.level);
        let day_kind = c.enumeration::<DayKind>(format!("{p}.day_kind"), &a.day_kind);
        let days = c.count(format!("{p}.response_days"), Some(a.response_days), 3650);
        let mut holidays = Vec::new();
        for (h, d) in a.holidays.iter().enumerate() {
            if let Some(day) = c.date(format!("{p}.holidays[{h}]"), d) {
                holidays.push(day);
            }
        }
        holidays.sort();
        holidays.dedup();
        let archived_at = c.opt_instant(format!("{p}.archived_at"), &a.archived_at);
        Some(Authority {
            archived_at: archived_at?,
            key: a.key.clone(),
            name: a.name.clone(),
            acronym: a.acronym.clone(),
            level: level?,
            response_days: days??,
            day_kind: day_kind?,
            holidays,
            email: a.email.clone(),
        })
    }

    /// The body at `bodies[i]`, if it passed (after the header).
    pub fn body(&mut self, i: usize, b: &raw::Body) -> Option<Body> {
        let c = &mut self.c;
        let p = format!("bodies[{i}]");
        c.key(format!("{p}.key"), &b.key, &mut self.body_keys, "body");
        if !self.replace && self.existing.bodies.contains(&b.key) {
            c.push(
                format!("{p}.key"),
                format!(
                    "body \"{}\" already exists (import with --replace to replace it)",
                    b.key
                ),
            );
        }
        body(c, &p, b, &self.authority_keys, self.existing)
    }

    /// Whether nothing was found so far.
    pub fn clean(&self) -> bool {
        self.c.problems.is_empty()
    }

    /// Every problem found, or none.
    pub fn finish(self) -> Result<(), Vec<Problem>> {
        if self.c.problems.is_empty() {
            Ok(())
        } else {
            Err(self.c.problems)
        }
    }
}

fn body(
    c: &mut Checker,
    p: &str,
    b: &raw::Body,
    authority_keys: &HashSet<String>,
    existing: &Existing,
) -> Option<Body> {
    c.extra(p, &b.extra);
    c.not_blank(format!("{p}.name"), &b.name);
    let level = c.enumeration::<BodyLevel>(format!("{p}.level"), &b.level);
    let tz = match b.timezone.parse::<Tz>() {
        Ok(tz) => Some(tz),
        Err(_) => {
            c.push(
                format!("{p}.timezone"),
                format!("\"{}\" is not an IANA time zone", b.timezone),
            );
            None
        }
    };
    let mut groups = Vec::new();
    for (g, v) in b.groups_served.iter().enumerate() {
        if let Some(group) = c.enumeration::<MigrantGroup>(format!("{p}.groups_served[{g}]"), v) {
            groups.push(group);
        }
    }
    let seats = c.count(format!("{p}.seats"), b.seats, 100_000);
    let per_year = c.count(format!("{p}.meetings_per_year"), b.meetings_per_year, 366);
    let quorum = c.count(format!("{p}.quorum_percent"), b.quorum_percent, 100);
    let response_days = c.count(format!("{p}.response_days"), b.response_days, 3650);

    // Members
    let mut member_keys = HashSet::new();
    let mut members = Vec::new();
    for (i, m) in b.members.iter().enumerate() {
        let mp = format!("{p}.members[{i}]");
        c.extra(&mp, &m.extra);
        c.key(format!("{mp}.key"), &m.key, &mut member_keys, "member");
        c.not_blank(format!("{mp}.name"), &m.name);
        let role = c.enumeration::<MemberRole>(format!("{mp}.role"), &m.role);
        let gender = c.enumeration::<Gender>(format!("{mp}.gender"), &m.gender);
        let group = c.enumeration::<MigrantGroup>(format!("{mp}.migrant_group"), &m.migrant_group);
        if let Some(country) = &m.country {
            if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
                c.push(
                    format!("{mp}.country"),
                    format!("\"{country}\" is not an ISO 3166-1 alpha-2 code"),
                );
            }
        }
        let start = c.date(format!("{mp}.term_start"), &m.term_start);
        let end = c.opt_date(format!("{mp}.term_end"), &m.term_end);
        let withdrawn = c.opt_date(format!("{mp}.withdrawn_on"), &m.withdrawn_on);
        if let (Some(s), Some(Some(e))) = (start, end) {
            if e < s {
                c.push(
                    format!("{mp}.term_end"),
                    format!("term ends ({e}) before it starts ({s})"),
                );
            }
        }
        if let (Some(role), Some(gender), Some(group), Some(start), Some(end), Some(withdrawn)) =
            (role, gender, group, start, end, withdrawn)
        {
            members.push(Member {
                key: m.key.clone(),
                name: m.name.clone(),
                email: m.email.clone(),
                public: m.public,
                role,
                gender,
                migrant_group: group,
                region: m.region.clone(),
                country: m.country.clone(),
                term_start: start,
                term_end: end,
                withdrawn_on: withdrawn,
            });
        }
    }

    // Meetings
    let mut meeting_keys = HashSet::new();
    let mut meetings = Vec::new();
    for (i, m) in b.meetings.iter().enumerate() {
        let mp = format!("{p}.meetings[{i}]");
        c.extra(&mp, &m.extra);
        c.key(format!("{mp}.key"), &m.key, &mut meeting_keys, "meeting");
        c.not_blank(format!("{mp}.title"), &m.title);
        let kind = c.enumeration::<MeetingKind>(format!("{mp}.kind"), &m.kind);
        let status = c.enumeration::<MeetingStatus>(format!("{mp}.status"), &m.status);
        let starts = c.instant(format!("{mp}.starts_at"), &m.starts_at);
        let ends = c.opt_instant(format!("{mp}.ends_at"), &m.ends_at);
        if let (Some(s), Some(Some(e))) = (starts, ends) {
            if e < s {
                c.push(format!("{mp}.ends_at"), "meeting ends before it starts");
            }
        }
        let published = c.opt_instant(
            format!("{mp}.minutes_published_at"),
            &m.minutes_published_at,
        );
        if m.cancel_reason.is_some() && status != Some(MeetingStatus::Cancelled) {
            c.push(
                format!("{mp}.cancel_reason"),
                "a cancellation reason on a meeting that is not cancelled",
            );
        }
        let mut attendance = Vec::new();
        for (member, status) in &m.attendance {
            let ap = format!("{mp}.attendance.{member}");
            if !member_keys.contains(member) {
                c.push(
                    ap.clone(),
                    format!("attendance for \"{member}\", who is not a member of this body"),
                );
            }
            if let Some(s) = c.enumeration::<AttendanceStatus>(ap, status) {
                attendance.push((member.clone(), s));
            }
        }
        let quorum_record = m
            .quorum_record
            .as_ref()
            .map(|q| quorum_record(c, &format!("{mp}.quorum_record"), q));
        if attendance.is_empty() && m.quorum_record.is_some() {
            c.push(
                format!("{mp}.quorum_record"),
                "a quorum record on a meeting without attendance",
            );
        }
        if let (Some(kind), Some(status), Some(starts), Some(ends), Some(published)) =
            (kind, status, starts, ends, published)
        {
            meetings.push(Meeting {
                key: m.key.clone(),
                title: m.title.clone(),
                kind,
                starts_at: starts,
                ends_at: ends,
                location: m.location.clone(),
                status,
                agenda: m.agenda.clone(),
                minutes: m.minutes.clone(),
                minutes_published_at: published,
                cancel_reason: m.cancel_reason.clone(),
                attendance,
                quorum_record: quorum_record.flatten(),
            });
        }
    }

    // Demands
    let all_members: HashSet<&str> = b.members.iter().map(|m| m.key.as_str()).collect();
    let all_meetings: HashSet<&str> = b.meetings.iter().map(|m| m.key.as_str()).collect();
    let mut demand_keys = HashSet::new();
    let mut demands = Vec::new();
    for (i, d) in b.demands.iter().enumerate() {
        let dp = format!("{p}.demands[{i}]");
        if let Some(demand) = demand(
            c,
            &dp,
            d,
            &mut demand_keys,
            &all_members,
            &all_meetings,
            authority_keys,
            existing,
        ) {
            demands.push(demand);
        }
    }

    Some(Body {
        key: b.key.clone(),
        name: b.name.clone(),
        level: level?,
        jurisdiction: b.jurisdiction.clone(),
        timezone: tz?.name().to_string(),
        groups_served: groups,
        regions: b.regions.clone(),
        seats: seats?,
        meetings_per_year: per_year?,
        quorum_percent: quorum?.unwrap_or(50),
        response_days: response_days?,
        public: b.public,
        members,
        meetings,
        demands,
    })
}

#[allow(clippy::too_many_arguments)]
fn demand(
    c: &mut Checker,
    dp: &str,
    d: &raw::Demand,
    keys: &mut HashSet<String>,
    members: &HashSet<&str>,
    meetings: &HashSet<&str>,
    authority_keys: &HashSet<String>,
    existing: &Existing,
) -> Option<Demand> {
    c.extra(dp, &d.extra);
    c.key(format!("{dp}.key"), &d.key, keys, "demand");
    c.not_blank(format!("{dp}.title"), &d.title);
    let topic = c.enumeration::<Topic>(format!("{dp}.topic"), &d.topic);
    if !members.contains(d.submitted_by.as_str()) {
        c.push(
            format!("{dp}.submitted_by"),
            format!("unknown member \"{}\"", d.submitted_by),
        );
    }
    if let Some(m) = &d.meeting {
        if !meetings.contains(m.as_str()) {
            c.push(format!("{dp}.meeting"), format!("unknown meeting \"{m}\""));
        }
    }
    let submitted = c.instant(format!("{dp}.submitted_at"), &d.submitted_at);
    let withdrawn = c.opt_instant(format!("{dp}.withdrawn_at"), &d.withdrawn_at);
    if let (Some(Some(w)), Some(s)) = (withdrawn, submitted) {
        if w < s {
            c.push(
                format!("{dp}.withdrawn_at"),
                "withdrawn before it was submitted",
            );
        }
    }
    let mut seen_authorities = HashSet::new();
    let mut referrals = Vec::new();
    for (r, raw_ref) in d.referrals.iter().enumerate() {
        let rp = format!("{dp}.referrals[{r}]");
        c.extra(&rp, &raw_ref.extra);
        let a = &raw_ref.authority;
        if !authority_keys.contains(a) && !existing.authorities.contains(a) {
            c.push(
                format!("{rp}.authority"),
                format!("unknown authority \"{a}\""),
            );
        } else if !seen_authorities.insert(a.clone()) {
            c.push(
                format!("{rp}.authority"),
                format!("the demand is already referred to \"{a}\""),
            );
        }
        let due = c.opt_instant(format!("{rp}.due_at"), &raw_ref.due_at);
        let events = events(c, &rp, &raw_ref.events, submitted);
        let mut assessments = Vec::new();
        for (v, x) in raw_ref.assessments.iter().enumerate() {
            let vp = format!("{rp}.assessments[{v}]");
            c.extra(&vp, &x.extra);
            let at = c.instant(format!("{vp}.at"), &x.at);
            let verdict = c.enumeration::<Verdict>(format!("{vp}.verdict"), &x.verdict);
            if let (Some(at), Some(s)) = (at, submitted) {
                if at < s {
                    c.push(
                        format!("{vp}.at"),
                        "verdict recorded before the demand was submitted",
                    );
                }
            }
            if let (Some(at), Some(verdict)) = (at, verdict) {
                assessments.push(Assessment {
                    at,
                    verdict,
                    note: x.note.clone(),
                });
            }
        }
        if let (Some(due), Some(events)) = (due, events) {
            referrals.push(Referral {
                authority: a.clone(),
                due_at: due,
                events,
                assessments,
            });
        }
    }
    Some(Demand {
        key: d.key.clone(),
        title: d.title.clone(),
        text: d.text.clone(),
        topic: topic?,
        submitted_by: d.submitted_by.clone(),
        meeting: d.meeting.clone(),
        submitted_at: submitted?,
        confidential: d.confidential,
        withdrawn_at: withdrawn?,
        referrals,
    })
}

/// A meeting's quorum record: counts in range, attending no more than the
/// seat holders, a timestamp.
fn quorum_record(c: &mut Checker, qp: &str, q: &raw::QuorumRecord) -> Option<QuorumRecord> {
    c.extra(qp, &q.extra);
    let holders = c.count(format!("{qp}.seat_holders"), Some(q.seat_holders), 100_000);
    let attending = c.count(format!("{qp}.attending"), Some(q.attending), 100_000);
    let percent = c.count(format!("{qp}.quorum_percent"), Some(q.quorum_percent), 100);
    let at = c.instant(format!("{qp}.recorded_at"), &q.recorded_at);
    if q.attending > q.seat_holders {
        c.push(
            format!("{qp}.attending"),
            format!(
                "{} attending of {} seat holders",
                q.attending, q.seat_holders
            ),
        );
        return None;
    }
    Some(QuorumRecord {
        seat_holders: holders??,
        attending: attending??,
        quorum_percent: percent??,
        recorded_at: at?,
    })
}

/// Events: parseable, in time order, not before submission, and every
/// `clarification_provided` answering an open request.
fn events(
    c: &mut Checker,
    rp: &str,
    list: &[raw::Event],
    submitted: Option<DateTime<Utc>>,
) -> Option<Vec<Event>> {
    let mut out = Vec::with_capacity(list.len());
    let mut ok = true;
    let mut previous: Option<DateTime<Utc>> = None;
    let mut open_request = false;
    for (e, ev) in list.iter().enumerate() {
        let ep = format!("{rp}.events[{e}]");
        c.extra(&ep, &ev.extra);
        let at = c.instant(format!("{ep}.at"), &ev.at);
        let kind = c.enumeration::<EventKind>(format!("{ep}.kind"), &ev.kind);
        if let Some(at) = at {
            if let Some(prev) = previous {
                if at < prev {
                    c.push(
                        format!("{ep}.at"),
                        "events out of time order (earlier than the event before it)",
                    );
                }
            }
            if let Some(s) = submitted {
                if at < s {
                    c.push(format!("{ep}.at"), "event before the demand was submitted");
                }
            }
            previous = Some(at);
        }
        match kind {
            Some(EventKind::ClarificationRequested) => open_request = true,
            Some(EventKind::ClarificationProvided) => {
                if !open_request {
                    c.push(
                        format!("{ep}.kind"),
                        "clarification_provided without an open clarification_requested",
                    );
                }
                open_request = false;
            }
            _ => {}
        }
        match (at, kind) {
            (Some(at), Some(kind)) => out.push(Event {
                at,
                kind,
                text: ev.text.clone().unwrap_or_default(),
                evidence_url: ev.evidence_url.clone(),
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}
