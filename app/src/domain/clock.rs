//! The response clock of metrics.md ("Referrals, answers and the clock"):
//! deadlines in calendar or business days, pauses while a clarification is
//! open, due, overdue, answered, on time and the status at an instant. Every
//! page, reminder and metric asks this module; nothing else re-derives it.
//!
//! Pure: the body's time zone comes in as a function from an instant to its
//! calendar date there, so the same code runs in tests and on the server.
use crate::domain::enums::{DayKind, EventKind, ReferralStatus, Verdict};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What decides a referral's base deadline.
#[derive(Debug, Clone)]
pub struct DeadlineRule<'a> {
    /// N: the body's `response_days` if set, else the authority's.
    pub days: i32,
    pub kind: DayKind,
    /// The authority's holidays (business days only).
    pub holidays: &'a BTreeSet<NaiveDate>,
}

/// The base deadline: the recorded `due_at`, else submission + N days.
/// Business days: "add 86,400 s; if the date there, in the body's time
/// zone, is Monday–Friday and not a holiday, count it" until N are counted.
pub fn base_deadline(
    submitted_at: DateTime<Utc>,
    due_at: Option<DateTime<Utc>>,
    rule: &DeadlineRule,
    local_date: impl Fn(DateTime<Utc>) -> NaiveDate,
) -> DateTime<Utc> {
    if let Some(due) = due_at {
        return due;
    }
    let n = i64::from(rule.days.max(0));
    match rule.kind {
        DayKind::Calendar => submitted_at + Duration::seconds(n * 86_400),
        DayKind::Business => {
            let mut t = submitted_at;
            let mut counted = 0;
            while counted < n {
                t += Duration::seconds(86_400);
                let d = local_date(t);
                if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
                    && !rule.holidays.contains(&d)
                {
                    counted += 1;
                }
            }
            t
        }
    }
}

/// A referral as the clock sees it. `events` and `verdicts` are in the
/// referral's list order (later in the list wins a tie of timestamps).
#[derive(Debug, Clone, PartialEq)]
pub struct Referral {
    pub submitted_at: DateTime<Utc>,
    pub base_deadline: DateTime<Utc>,
    pub events: Vec<(DateTime<Utc>, EventKind)>,
    pub verdicts: Vec<(DateTime<Utc>, Verdict)>,
}

/// Everything the clock says about a referral at an instant T.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub status: ReferralStatus,
    /// The first substantive event at or before T.
    pub first_answer: Option<DateTime<Utc>>,
    /// A clarification request is open at T.
    pub paused: bool,
    /// Base deadline + the pauses closed at or before T.
    pub effective_deadline: DateTime<Utc>,
    pub due: bool,
    pub overdue: bool,
    /// Answered by T and on time (None when not answered by T).
    pub on_time: Option<bool>,
    /// The latest verdict at or before T.
    pub verdict: Option<Verdict>,
}

impl State {
    pub fn answered(&self) -> bool {
        self.first_answer.is_some()
    }

    /// Claimed implemented, and the body's latest verdict at T says it was
    /// not (the numerator of `contested_rate`).
    pub fn contested(&self) -> bool {
        self.status == ReferralStatus::Implemented && self.verdict == Some(Verdict::Unsatisfied)
    }
}

/// A closed pause: (clarification requested, clarification provided).
type Pause = (DateTime<Utc>, DateTime<Utc>);

/// One clarification request as the clock treated it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clarification {
    pub requested_at: DateTime<Utc>,
    /// The body's reply, when given (at or before the instant asked).
    pub provided_at: Option<DateTime<Utc>>,
    /// It stopped the clock: asked before the effective deadline of its
    /// moment. A request once the clock has run out pauses nothing, so an
    /// authority cannot wipe a late referral off its overdue count by
    /// asking a question (metrics.md, 2026-12); its reply closes nothing.
    pub pauses: bool,
}

impl Clarification {
    /// The length of the pause it made, once closed.
    pub fn paused_for(&self) -> Option<Duration> {
        self.pauses
            .then_some(self.provided_at)
            .flatten()
            .map(|end| end - self.requested_at)
    }
}

impl Referral {
    /// The clarification requests at or before `t`, in time order (a tie
    /// keeps the list order). A request while one is open changes
    /// nothing; the next `clarification_provided` answers the open one.
    pub fn clarifications(&self, t: DateTime<Utc>) -> Vec<Clarification> {
        let mut in_order: Vec<&(DateTime<Utc>, EventKind)> =
            self.events.iter().filter(|(at, _)| *at <= t).collect();
        in_order.sort_by_key(|(at, _)| *at);
        let mut out: Vec<Clarification> = Vec::new();
        // The pauses closed so far: in time order, all of them closed at
        // or before the event at hand.
        let mut moved = Duration::zero();
        for (at, kind) in in_order {
            let open = out.last().is_some_and(|c| c.provided_at.is_none());
            match kind {
                EventKind::ClarificationRequested if !open => out.push(Clarification {
                    requested_at: *at,
                    provided_at: None,
                    pauses: *at < self.base_deadline + moved,
                }),
                EventKind::ClarificationProvided if open => {
                    if let Some(c) = out.last_mut() {
                        c.provided_at = Some(*at);
                        moved += c.paused_for().unwrap_or_else(Duration::zero);
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// A clarification request waits for the body's reply at `t` (whether
    /// or not it stopped the clock).
    pub fn clarification_open(&self, t: DateTime<Utc>) -> bool {
        self.clarifications(t)
            .last()
            .is_some_and(|c| c.provided_at.is_none())
    }
}

/// Pauses at `t`: the closed ones, and the start of the open one.
fn pauses(r: &Referral, t: DateTime<Utc>) -> (Vec<Pause>, Option<DateTime<Utc>>) {
    let mut closed = Vec::new();
    let mut open = None;
    for c in r.clarifications(t).into_iter().filter(|c| c.pauses) {
        match c.provided_at {
            Some(end) => closed.push((c.requested_at, end)),
            None => open = Some(c.requested_at),
        }
    }
    (closed, open)
}

/// The latest item at or before `t`; a tie goes to the later in the list.
fn latest<T: Copy>(items: &[(DateTime<Utc>, T)], t: DateTime<Utc>) -> Option<T> {
    items
        .iter()
        .filter(|(at, _)| *at <= t)
        .fold(None::<(DateTime<Utc>, T)>, |best, (at, v)| match best {
            Some((b, _)) if b > *at => best,
            _ => Some((*at, *v)),
        })
        .map(|(_, v)| v)
}

fn status_of(kind: EventKind) -> ReferralStatus {
    match kind {
        EventKind::Accepted => ReferralStatus::Accepted,
        EventKind::PartiallyAccepted => ReferralStatus::PartiallyAccepted,
        EventKind::Rejected => ReferralStatus::Rejected,
        _ => ReferralStatus::Implemented,
    }
}

impl Referral {
    /// The clock at `t`.
    pub fn at(&self, t: DateTime<Utc>) -> State {
        let (closed, open) = pauses(self, t);
        let closed_length = |until: DateTime<Utc>| {
            closed
                .iter()
                .filter(|(_, end)| *end <= until)
                .fold(Duration::zero(), |sum, (start, end)| sum + (*end - *start))
        };
        let effective_deadline = self.base_deadline + closed_length(t);
        let substantive: Vec<(DateTime<Utc>, EventKind)> = self
            .events
            .iter()
            .copied()
            .filter(|(_, k)| k.is_substantive())
            .collect();
        let first_answer = substantive
            .iter()
            .filter(|(at, _)| *at <= t)
            .map(|(at, _)| *at)
            .min();
        let paused = open.is_some();
        let status = match latest(&substantive, t) {
            Some(kind) => status_of(kind),
            None if paused => ReferralStatus::AwaitingClarification,
            None => ReferralStatus::Awaiting,
        };
        let due = !paused && effective_deadline <= t;
        let on_time = first_answer.map(|a| a <= self.base_deadline + closed_length(a));
        State {
            status,
            first_answer,
            paused,
            effective_deadline,
            due,
            overdue: due && first_answer.is_none(),
            on_time,
            verdict: latest(&self.verdicts, t),
        }
    }
}

/// What a referral's clock says once its whole history is in: the clock at
/// any instant T from `last_change_at` on (its latest event or verdict, or
/// its submission) is these facts, with only "due" left to T. The figures
/// "now" aggregate them in the database instead of clocking every referral.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Facts {
    pub first_answer: Option<DateTime<Utc>>,
    /// Answered, and on time.
    pub on_time: bool,
    pub status: ReferralStatus,
    /// A clarification request is open.
    pub paused: bool,
    /// Base deadline + every closed pause.
    pub effective_deadline: DateTime<Utc>,
    /// The latest verdict is `unsatisfied`.
    pub unsatisfied: bool,
    pub last_change_at: DateTime<Utc>,
}

impl Facts {
    pub fn of(r: &Referral) -> Facts {
        let last_change_at = r
            .events
            .iter()
            .map(|(at, _)| *at)
            .chain(r.verdicts.iter().map(|(at, _)| *at))
            .fold(r.submitted_at, DateTime::max);
        let s = r.at(last_change_at);
        Facts {
            first_answer: s.first_answer,
            on_time: s.on_time == Some(true),
            status: s.status,
            paused: s.paused,
            effective_deadline: s.effective_deadline,
            unsatisfied: s.verdict == Some(Verdict::Unsatisfied),
            last_change_at,
        }
    }

    /// The clock at `t` (≥ `last_change_at`; the verdict is only told
    /// when unsatisfied).
    pub fn at(&self, t: DateTime<Utc>) -> State {
        let due = !self.paused && self.effective_deadline <= t;
        State {
            status: self.status,
            first_answer: self.first_answer,
            paused: self.paused,
            effective_deadline: self.effective_deadline,
            due,
            overdue: due && self.first_answer.is_none(),
            on_time: self.first_answer.map(|_| self.on_time),
            verdict: self.unsatisfied.then_some(Verdict::Unsatisfied),
        }
    }
}

/// A status as the small number `referral_facts` stores.
pub fn status_code(s: ReferralStatus) -> i16 {
    match s {
        ReferralStatus::Awaiting => 0,
        ReferralStatus::AwaitingClarification => 1,
        ReferralStatus::Accepted => 2,
        ReferralStatus::PartiallyAccepted => 3,
        ReferralStatus::Rejected => 4,
        ReferralStatus::Implemented => 5,
    }
}

/// Every status, in `status_code` order.
pub const STATUSES: [ReferralStatus; 6] = [
    ReferralStatus::Awaiting,
    ReferralStatus::AwaitingClarification,
    ReferralStatus::Accepted,
    ReferralStatus::PartiallyAccepted,
    ReferralStatus::Rejected,
    ReferralStatus::Implemented,
];

#[cfg(test)]
mod tests {
    use super::*;
    use EventKind::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Mexico City (UTC−6 all year since 2022).
    fn mx(t: DateTime<Utc>) -> NaiveDate {
        (t - Duration::hours(6)).date_naive()
    }

    /// From its last change on, the facts are the clock, whatever the
    /// history: pauses closed and open, several answers, verdicts, ties.
    #[test]
    fn facts_are_the_clock_after_the_last_change() {
        let base = at("2026-02-01T00:00:00Z");
        type History<'a> = (Vec<(&'a str, EventKind)>, Vec<(&'a str, Verdict)>);
        let histories: Vec<History> = vec![
            (vec![], vec![]),
            (
                vec![("2026-01-10T00:00:00Z", ClarificationRequested)],
                vec![],
            ),
            (
                vec![
                    ("2026-01-10T00:00:00Z", ClarificationRequested),
                    ("2026-01-20T00:00:00Z", ClarificationProvided),
                    ("2026-02-05T00:00:00Z", Accepted),
                    ("2026-03-01T00:00:00Z", Implemented),
                ],
                vec![
                    ("2026-02-20T00:00:00Z", Verdict::Unsatisfied),
                    ("2026-03-02T00:00:00Z", Verdict::Satisfied),
                ],
            ),
            (
                vec![
                    ("2026-02-10T00:00:00Z", Rejected),
                    ("2026-01-30T00:00:00Z", Accepted),
                    ("2026-02-10T00:00:00Z", Implemented),
                ],
                vec![("2026-02-11T00:00:00Z", Verdict::Unsatisfied)],
            ),
            (
                vec![
                    ("2026-01-05T00:00:00Z", Acknowledged),
                    ("2026-01-06T00:00:00Z", ClarificationRequested),
                    ("2026-01-07T00:00:00Z", ClarificationRequested),
                ],
                vec![],
            ),
        ];
        for (events, verdicts) in histories {
            let r = Referral {
                submitted_at: at("2026-01-02T00:00:00Z"),
                base_deadline: base,
                events: events.iter().map(|(t, k)| (at(t), *k)).collect(),
                verdicts: verdicts.iter().map(|(t, v)| (at(t), *v)).collect(),
            };
            let f = Facts::of(&r);
            for t in [
                f.last_change_at,
                at("2026-02-01T00:00:00Z").max(f.last_change_at),
                at("2026-06-01T00:00:00Z"),
            ] {
                let mut expected = r.at(t);
                if expected.verdict != Some(Verdict::Unsatisfied) {
                    expected.verdict = None;
                }
                assert_eq!(f.at(t), expected, "{r:?} at {t}");
            }
        }
        for (i, s) in STATUSES.iter().enumerate() {
            assert_eq!(status_code(*s) as usize, i);
        }
    }

    #[test]
    fn calendar_days_and_recorded_deadlines() {
        let none = BTreeSet::new();
        let rule = DeadlineRule {
            days: 30,
            kind: DayKind::Calendar,
            holidays: &none,
        };
        let s = at("2026-02-12T18:00:00Z");
        assert_eq!(
            base_deadline(s, None, &rule, mx),
            at("2026-03-14T18:00:00Z")
        );
        assert_eq!(
            base_deadline(s, Some(at("2026-03-01T00:00:00Z")), &rule, mx),
            at("2026-03-01T00:00:00Z")
        );
        let zero = DeadlineRule {
            days: 0,
            ..rule.clone()
        };
        assert_eq!(
            base_deadline(s, None, &zero, mx),
            s,
            "N = 0: the submission time"
        );
        let zero_b = DeadlineRule {
            days: 0,
            kind: DayKind::Business,
            holidays: &none,
        };
        assert_eq!(base_deadline(s, None, &zero_b, mx), s);
    }

    #[test]
    fn business_days_skip_weekends_and_holidays_in_the_bodys_zone() {
        let holidays: BTreeSet<NaiveDate> = [day("2026-03-16")].into();
        let rule = DeadlineRule {
            days: 5,
            kind: DayKind::Business,
            holidays: &holidays,
        };
        // Thursday 12 March 2026, 12:00 in Mexico City. Counted: Fri 13,
        // (Sat, Sun, holiday Mon 16), Tue 17, Wed 18, Thu 19, Fri 20.
        let s = at("2026-03-12T18:00:00Z");
        assert_eq!(
            base_deadline(s, None, &rule, mx),
            at("2026-03-20T18:00:00Z")
        );
        // Friday 23:30 local is Saturday 05:30 UTC: the zone decides that
        // the next day is a Saturday.
        let late_friday = at("2026-03-14T05:30:00Z");
        let one = DeadlineRule {
            days: 1,
            kind: DayKind::Business,
            holidays: &holidays,
        };
        assert_eq!(mx(late_friday), day("2026-03-13"));
        // +1 day: Sat 14 (no), Sun 15 (no), Mon 16 holiday (no), Tue 17 (yes).
        assert_eq!(
            base_deadline(late_friday, None, &one, mx),
            at("2026-03-18T05:30:00Z")
        );
        // Read in UTC the same instant is already Saturday; the steps land
        // on Sun 15, Mon 16 (holiday), Tue 17: a day earlier.
        assert_eq!(
            base_deadline(late_friday, None, &one, |t| t.date_naive()),
            at("2026-03-17T05:30:00Z")
        );
    }

    fn referral(events: Vec<(&str, EventKind)>) -> Referral {
        Referral {
            submitted_at: at("2026-01-01T00:00:00Z"),
            base_deadline: at("2026-01-31T00:00:00Z"),
            events: events.into_iter().map(|(s, k)| (at(s), k)).collect(),
            verdicts: vec![],
        }
    }

    #[test]
    fn pauses_closed_and_open() {
        let r = referral(vec![
            ("2026-01-05T00:00:00Z", Acknowledged),
            ("2026-01-10T00:00:00Z", ClarificationRequested),
            // A second request while open changes nothing.
            ("2026-01-12T00:00:00Z", ClarificationRequested),
            ("2026-01-15T00:00:00Z", ClarificationProvided),
            ("2026-02-01T00:00:00Z", ClarificationRequested),
        ]);
        // While the first pause is open: paused, neither due nor overdue.
        let s = r.at(at("2026-01-11T00:00:00Z"));
        assert!(s.paused && !s.due && !s.overdue);
        assert_eq!(s.status, ReferralStatus::AwaitingClarification);
        assert_eq!(
            s.effective_deadline,
            at("2026-01-31T00:00:00Z"),
            "open pauses do not extend yet"
        );
        // Closed: +5 days.
        let s = r.at(at("2026-02-04T23:59:59Z"));
        assert!(s.paused, "the request of 1 February is open");
        assert_eq!(s.effective_deadline, at("2026-02-05T00:00:00Z"));
        assert!(!s.due);
        let s = r.at(at("2026-01-20T00:00:00Z"));
        assert_eq!((s.paused, s.status), (false, ReferralStatus::Awaiting));
        // Exactly at the effective deadline: due and overdue.
        let closed = referral(vec![
            ("2026-01-10T00:00:00Z", ClarificationRequested),
            ("2026-01-15T00:00:00Z", ClarificationProvided),
        ]);
        let s = closed.at(at("2026-02-05T00:00:00Z"));
        assert!(s.due && s.overdue);
        assert!(!closed.at(at("2026-02-04T23:59:59Z")).due);
    }

    /// metrics.md, 2026-12: a clarification asked once the clock has run
    /// out opens no pause, so it cannot clean an overdue count.
    #[test]
    fn a_late_clarification_request_opens_no_pause() {
        // Base deadline 31 January. Asked 503 days late: still overdue.
        let late = referral(vec![
            ("2027-06-18T00:00:00Z", ClarificationRequested),
            ("2027-06-25T00:00:00Z", ClarificationProvided),
        ]);
        let s = late.at(at("2027-06-20T00:00:00Z"));
        assert!(!s.paused && s.due && s.overdue);
        assert_eq!(s.status, ReferralStatus::Awaiting);
        assert_eq!(s.effective_deadline, at("2026-01-31T00:00:00Z"));
        // The reply closes nothing: the deadline is not moved either.
        let s = late.at(at("2027-07-01T00:00:00Z"));
        assert_eq!(s.effective_deadline, at("2026-01-31T00:00:00Z"));
        assert!(s.overdue);
        // Exactly at the deadline is already too late.
        let at_deadline = referral(vec![("2026-01-31T00:00:00Z", ClarificationRequested)]);
        assert!(at_deadline.at(at("2026-02-10T00:00:00Z")).overdue);
        // One second before it, the clock stops.
        let in_time = referral(vec![("2026-01-30T23:59:59Z", ClarificationRequested)]);
        let s = in_time.at(at("2026-02-10T00:00:00Z"));
        assert!(s.paused && !s.due);
        assert_eq!(s.status, ReferralStatus::AwaitingClarification);
        // "Its moment": a pause closed earlier moved the deadline, so a
        // second request after the base deadline but before the moved one
        // (31 Jan + 10 days = 10 Feb) still pauses.
        let moved = referral(vec![
            ("2026-01-10T00:00:00Z", ClarificationRequested),
            ("2026-01-20T00:00:00Z", ClarificationProvided),
            ("2026-02-05T00:00:00Z", ClarificationRequested),
            ("2026-02-08T00:00:00Z", ClarificationProvided),
            ("2026-02-12T00:00:00Z", ClarificationRequested),
        ]);
        let s = moved.at(at("2026-02-20T00:00:00Z"));
        // 31 Jan + 10 + 3 days = 13 Feb; the request of 12 Feb pauses.
        assert!(s.paused && !s.overdue);
        assert_eq!(s.effective_deadline, at("2026-02-13T00:00:00Z"));
        let after = referral(vec![
            ("2026-01-10T00:00:00Z", ClarificationRequested),
            ("2026-01-20T00:00:00Z", ClarificationProvided),
            ("2026-02-10T00:00:00Z", ClarificationRequested),
        ]);
        let s = after.at(at("2026-02-20T00:00:00Z"));
        assert!(
            !s.paused && s.overdue,
            "10 Feb is the moved deadline itself"
        );
    }

    #[test]
    fn on_time_at_the_exact_deadline_and_pauses_before_the_answer() {
        let r = referral(vec![("2026-01-31T00:00:00Z", Accepted)]);
        let s = r.at(at("2026-03-01T00:00:00Z"));
        assert_eq!(
            (s.on_time, s.overdue, s.status),
            (Some(true), false, ReferralStatus::Accepted)
        );
        let late = referral(vec![("2026-01-31T00:00:01Z", Rejected)]);
        assert_eq!(late.at(at("2026-03-01T00:00:00Z")).on_time, Some(false));
        // A pause closed before the answer extends its deadline; one
        // closed after it does not.
        let paused = referral(vec![
            ("2026-01-10T00:00:00Z", ClarificationRequested),
            ("2026-01-12T00:00:00Z", ClarificationProvided),
            ("2026-02-02T00:00:00Z", PartiallyAccepted),
            ("2026-02-03T00:00:00Z", ClarificationRequested),
            ("2026-02-20T00:00:00Z", ClarificationProvided),
        ]);
        assert_eq!(paused.at(at("2026-03-01T00:00:00Z")).on_time, Some(true));
        let too_late = referral(vec![
            ("2026-02-02T00:00:00Z", PartiallyAccepted),
            ("2026-02-03T00:00:00Z", ClarificationRequested),
            ("2026-02-20T00:00:00Z", ClarificationProvided),
        ]);
        assert_eq!(too_late.at(at("2026-03-01T00:00:00Z")).on_time, Some(false));
        // Before the answer, nothing is answered yet.
        let s = paused.at(at("2026-02-01T00:00:00Z"));
        assert_eq!((s.on_time, s.first_answer), (None, None));
    }

    #[test]
    fn status_is_the_latest_substantive_event_and_ties_go_to_the_later() {
        let r = referral(vec![
            ("2026-01-05T00:00:00Z", Accepted),
            ("2026-01-20T00:00:00Z", Implemented),
            ("2026-01-20T00:00:00Z", Rejected),
            ("2026-01-25T00:00:00Z", Acknowledged),
            ("2026-01-26T00:00:00Z", ClarificationRequested),
        ]);
        assert_eq!(
            r.at(at("2026-01-10T00:00:00Z")).status,
            ReferralStatus::Accepted
        );
        let s = r.at(at("2026-01-30T00:00:00Z"));
        assert_eq!(
            s.status,
            ReferralStatus::Rejected,
            "clarifications never replace it"
        );
        assert_eq!(s.first_answer, Some(at("2026-01-05T00:00:00Z")));
        let mut v = referral(vec![]);
        v.verdicts = vec![
            (at("2026-01-10T00:00:00Z"), Verdict::Satisfied),
            (at("2026-01-10T00:00:00Z"), Verdict::Unsatisfied),
            (at("2026-02-10T00:00:00Z"), Verdict::PartiallySatisfied),
        ];
        assert_eq!(
            v.at(at("2026-01-15T00:00:00Z")).verdict,
            Some(Verdict::Unsatisfied)
        );
        assert_eq!(v.at(at("2026-01-09T00:00:00Z")).verdict, None);
    }
}

/// The clock against a reference written straight from metrics.md's words,
/// one rule at a time and day by day, on random referrals and instants.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    const KINDS: [EventKind; 7] = [
        EventKind::Acknowledged,
        EventKind::ClarificationRequested,
        EventKind::ClarificationProvided,
        EventKind::Accepted,
        EventKind::PartiallyAccepted,
        EventKind::Rejected,
        EventKind::Implemented,
    ];

    fn start() -> DateTime<Utc> {
        "2026-01-01T00:00:00Z".parse().unwrap()
    }

    /// Day-by-day: the k-th step (k ≥ 1) is submission + k days; the
    /// deadline is the step at which the N-th qualifying date is reached.
    fn reference_deadline(
        s: DateTime<Utc>,
        n: i32,
        holidays: &BTreeSet<NaiveDate>,
        offset_hours: i64,
    ) -> DateTime<Utc> {
        let date = |t: DateTime<Utc>| (t + Duration::hours(offset_hours)).date_naive();
        let qualifies =
            |d: NaiveDate| d.weekday().num_days_from_monday() < 5 && !holidays.contains(&d);
        let steps: Vec<DateTime<Utc>> = (1..=(n as i64) * 7 + 14)
            .map(|k| s + Duration::days(k))
            .collect();
        let mut seen = 0;
        for t in steps {
            if qualifies(date(t)) {
                seen += 1;
                if seen == n {
                    return t;
                }
            }
        }
        s
    }

    /// Is a pause open at t? The last request at or before t that opened a
    /// pause has no `provided` after it, at or before t.
    fn reference_state(r: &Referral, t: DateTime<Utc>) -> State {
        let seen: Vec<(usize, DateTime<Utc>, EventKind)> = r
            .events
            .iter()
            .enumerate()
            .filter(|(_, (at, _))| *at <= t)
            .map(|(i, (at, k))| (i, *at, *k))
            .collect();
        // Pauses, from the words: a request opens one unless one is open
        // or it comes at or after the effective deadline of its moment;
        // the next provided closes it.
        let mut pauses: Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> = Vec::new();
        for (_, at, k) in &seen {
            let open = pauses.last().is_some_and(|(_, end)| end.is_none());
            let mut deadline_then = r.base_deadline;
            for (a, b) in &pauses {
                if let Some(b) = b.filter(|b| b <= at) {
                    deadline_then += b - *a;
                }
            }
            if *k == EventKind::ClarificationRequested && !open && *at < deadline_then {
                pauses.push((*at, None));
            } else if *k == EventKind::ClarificationProvided && open {
                if let Some(last) = pauses.last_mut() {
                    last.1 = Some(*at);
                }
            }
        }
        let paused = pauses.last().is_some_and(|(_, end)| end.is_none());
        let mut effective = r.base_deadline;
        for (a, b) in &pauses {
            if let Some(b) = b {
                effective += *b - *a;
            }
        }
        let answers: Vec<&(usize, DateTime<Utc>, EventKind)> =
            seen.iter().filter(|(_, _, k)| k.is_substantive()).collect();
        let first = answers.iter().map(|(_, at, _)| *at).min();
        // Latest: greatest time, then greatest position.
        let last = answers.iter().max_by_key(|(i, at, _)| (*at, *i));
        let status = match last {
            Some((_, _, k)) => match k {
                EventKind::Accepted => ReferralStatus::Accepted,
                EventKind::PartiallyAccepted => ReferralStatus::PartiallyAccepted,
                EventKind::Rejected => ReferralStatus::Rejected,
                _ => ReferralStatus::Implemented,
            },
            None if paused => ReferralStatus::AwaitingClarification,
            None => ReferralStatus::Awaiting,
        };
        let on_time = first.map(|a| {
            let mut limit = r.base_deadline;
            for (x, y) in &pauses {
                if let Some(y) = y.filter(|y| *y <= a) {
                    limit += y - *x;
                }
            }
            a <= limit
        });
        let due = !paused && effective <= t;
        let verdict = r
            .verdicts
            .iter()
            .enumerate()
            .filter(|(_, (at, _))| *at <= t)
            .max_by_key(|(i, (at, _))| (*at, *i))
            .map(|(_, (_, v))| *v);
        State {
            status,
            first_answer: first,
            paused,
            effective_deadline: effective,
            due,
            overdue: due && first.is_none(),
            on_time,
            verdict,
        }
    }

    fn referral() -> impl Strategy<Value = (Referral, Vec<i64>)> {
        let events = prop::collection::vec((0i64..80, 0usize..7), 0..10);
        let verdicts = prop::collection::vec((0i64..80, 0usize..3), 0..4);
        let probes = prop::collection::vec(0i64..100, 1..6);
        (events, verdicts, 0i64..60, probes).prop_map(|(events, verdicts, days, probes)| {
            // Hours, sorted into a plausible list order (ties kept in order).
            let mut events: Vec<(DateTime<Utc>, EventKind)> = events
                .into_iter()
                .map(|(h, k)| (start() + Duration::hours(h * 12), KINDS[k]))
                .collect();
            events.sort_by_key(|(at, _)| *at);
            let mut verdicts: Vec<(DateTime<Utc>, Verdict)> = verdicts
                .into_iter()
                .map(|(h, v)| (start() + Duration::hours(h * 12), Verdict::ALL[v]))
                .collect();
            verdicts.sort_by_key(|(at, _)| *at);
            let r = Referral {
                submitted_at: start(),
                base_deadline: start() + Duration::days(days),
                events,
                verdicts,
            };
            (r, probes.into_iter().map(|p| p * 12).collect())
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn the_clock_matches_the_reference((r, probes) in referral()) {
            for h in probes {
                let t = start() + Duration::hours(h);
                prop_assert_eq!(r.at(t), reference_state(&r, t), "at {}", t);
            }
        }

        #[test]
        fn business_deadlines_match_the_day_by_day_reference(
            submitted_h in 0i64..(24 * 400),
            n in 0i32..70,
            offset in -12i64..14,
            holiday_days in prop::collection::vec(0i64..500, 0..25),
        ) {
            let s = start() + Duration::hours(submitted_h) + Duration::minutes(17);
            let holidays: BTreeSet<NaiveDate> = holiday_days
                .into_iter()
                .map(|d| start().date_naive() + Duration::days(d))
                .collect();
            let rule = DeadlineRule { days: n, kind: DayKind::Business, holidays: &holidays };
            let got = base_deadline(s, None, &rule, |t| (t + Duration::hours(offset)).date_naive());
            prop_assert_eq!(got, reference_deadline(s, n, &holidays, offset));
            // Always whole days after the submission, at least N of them.
            let days = (got - s).num_seconds();
            prop_assert_eq!(days % 86_400, 0);
            prop_assert!(days / 86_400 >= i64::from(n));
        }
    }
}
