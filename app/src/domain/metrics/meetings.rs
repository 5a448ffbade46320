//! metrics.md, "Meetings": held and cancelled meetings in the window, how
//! regularly the body meets against its mandate, attendance, quorum and
//! minutes. Also the quorum of one meeting, which the attendance form shows.
use super::composition::Seat;
use super::scores;
use crate::domain::enums::{AttendanceStatus, MeetingStatus};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What the formulas need of a meeting.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingFacts {
    pub starts_at: DateTime<Utc>,
    /// `starts_at`'s calendar date in the body's time zone.
    pub local_date: NaiveDate,
    pub status: MeetingStatus,
    /// An ordinary session (not extraordinary): only these count towards
    /// `meeting_regularity` — an extraordinary session does not stand in
    /// for a missed ordinary one.
    pub ordinary: bool,
    pub minutes_published_at: Option<DateTime<Utc>>,
    /// (index into the body's members, status)
    pub attendance: Vec<(usize, AttendanceStatus)>,
}

/// The meeting figures, with metrics.md's field names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MeetingFigures {
    /// Meetings held with `starts_at` in the window, ordinary and extraordinary.
    pub meetings_held: u32,
    /// Meetings cancelled with `starts_at` in the window.
    pub meetings_cancelled: u32,
    /// min(1, ordinary meetings held / meetings_per_year); null without meetings_per_year.
    pub meeting_regularity: Option<f64>,
    /// Over held meetings: Σ (present + remote) / Σ attendance records; null without records.
    pub attendance_rate: Option<f64>,
    /// Held meetings with records reaching quorum / held meetings with records; null if none.
    pub quorum_rate: Option<f64>,
    /// Held meetings with minutes published at or before T / meetings_held; null when none held.
    pub minutes_rate: Option<f64>,
    /// Median days from `starts_at` to minutes published by T, over held meetings; null if none.
    pub median_days_to_minutes: Option<f64>,
}

/// The quorum of one meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Quorum {
    /// Seat holders on the meeting's date.
    pub seat_holders: u32,
    /// Of them, present or remote.
    pub attending: u32,
    /// The fewest attending seat holders that reach the quorum.
    pub needed: u32,
    pub reached: bool,
}

/// present + remote ≥ quorum_percent % of the seat holders; never with no
/// seat holders.
pub fn quorum(seat_holders: u32, attending: u32, quorum_percent: i32) -> Quorum {
    let q = u64::from(quorum_percent.clamp(0, 100) as u32);
    let needed = (u64::from(seat_holders) * q).div_ceil(100) as u32;
    Quorum {
        seat_holders,
        attending,
        needed,
        reached: seat_holders > 0 && u64::from(attending) * 100 >= u64::from(seat_holders) * q,
    }
}

fn attends(s: AttendanceStatus) -> bool {
    matches!(s, AttendanceStatus::Present | AttendanceStatus::Remote)
}

/// The quorum of a meeting from its records and the body's members.
pub fn meeting_quorum(m: &MeetingFacts, members: &[Seat], quorum_percent: i32) -> Quorum {
    let holders = members
        .iter()
        .filter(|s| s.holds_seat_on(m.local_date))
        .count() as u32;
    let attending = m
        .attendance
        .iter()
        .filter(|(i, st)| {
            attends(*st)
                && members
                    .get(*i)
                    .is_some_and(|s| s.holds_seat_on(m.local_date))
        })
        .count() as u32;
    quorum(holders, attending, quorum_percent)
}

/// The median of `values` (the mean of the two middle ones for an even
/// count); `None` for none.
pub fn median(mut values: Vec<f64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    })
}

fn ratio(n: u32, d: u32) -> Option<f64> {
    (d > 0).then(|| f64::from(n) / f64::from(d))
}

/// The whole counts behind the meeting rates as of `t` over W, so that a
/// page can say "3 of 4" beside each rate (the rates are these ratios).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingCounts {
    pub held: u32,
    pub cancelled: u32,
    /// Held ordinary sessions: `meeting_regularity`'s numerator.
    pub ordinary_held: u32,
    /// Attendance records of held meetings, and those present or remote.
    pub records: u32,
    pub attending: u32,
    /// Held meetings with attendance records, and those that reached quorum.
    pub with_records: u32,
    pub quorum_reached: u32,
    /// Held meetings whose minutes were published at or before `t`.
    pub with_minutes: u32,
}

/// The counts, and the days from each held meeting to its minutes.
fn tally(
    quorum_percent: i32,
    members: &[Seat],
    meetings: &[MeetingFacts],
    t: DateTime<Utc>,
) -> (MeetingCounts, Vec<f64>) {
    let from = t - Duration::days(365);
    let mut c = MeetingCounts::default();
    let mut days_to_minutes = Vec::new();
    for m in meetings
        .iter()
        .filter(|m| m.starts_at > from && m.starts_at <= t)
    {
        match m.status {
            MeetingStatus::Held => {}
            MeetingStatus::Cancelled => {
                c.cancelled += 1;
                continue;
            }
            _ => continue,
        }
        c.held += 1;
        c.ordinary_held += u32::from(m.ordinary);
        c.records += m.attendance.len() as u32;
        c.attending += m.attendance.iter().filter(|(_, s)| attends(*s)).count() as u32;
        if !m.attendance.is_empty() {
            c.with_records += 1;
            c.quorum_reached += u32::from(meeting_quorum(m, members, quorum_percent).reached);
        }
        if let Some(p) = m.minutes_published_at.filter(|p| *p <= t) {
            c.with_minutes += 1;
            days_to_minutes.push((p - m.starts_at).num_milliseconds() as f64 / 86_400_000.0);
        }
    }
    (c, days_to_minutes)
}

/// The figures as of `t` over W = (t − 365 days, t].
pub fn figures(
    meetings_per_year: Option<i32>,
    quorum_percent: i32,
    members: &[Seat],
    meetings: &[MeetingFacts],
    t: DateTime<Utc>,
) -> MeetingFigures {
    figures_and_counts(meetings_per_year, quorum_percent, members, meetings, t).0
}

/// The figures and the whole counts behind them, from one pass.
pub fn figures_and_counts(
    meetings_per_year: Option<i32>,
    quorum_percent: i32,
    members: &[Seat],
    meetings: &[MeetingFacts],
    t: DateTime<Utc>,
) -> (MeetingFigures, MeetingCounts) {
    let (c, days_to_minutes) = tally(quorum_percent, members, meetings, t);
    let f = MeetingFigures {
        meetings_held: c.held,
        meetings_cancelled: c.cancelled,
        meeting_regularity: meetings_per_year
            .filter(|n| *n > 0)
            .map(|n| (f64::from(c.ordinary_held) / f64::from(n)).min(1.0)),
        attendance_rate: ratio(c.attending, c.records),
        quorum_rate: ratio(c.quorum_reached, c.with_records),
        minutes_rate: ratio(c.with_minutes, c.held),
        median_days_to_minutes: median(days_to_minutes),
    };
    (f, c)
}

/// metrics.md's `regularity_score`.
pub fn regularity_score(f: &MeetingFigures) -> Option<f64> {
    scores::weighted(&[
        (f.meeting_regularity, 1.0),
        (f.quorum_rate, 1.0),
        (f.minutes_rate, 1.0),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::enums::{Gender, MemberRole, MigrantGroup};
    use AttendanceStatus::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn seat(role: MemberRole, start: &str, end: Option<&str>, withdrawn: Option<&str>) -> Seat {
        Seat {
            role,
            gender: Gender::Woman,
            group: MigrantGroup::Immigrant,
            region: None,
            country: None,
            term_start: day(start),
            term_end: end.map(day),
            withdrawn_on: withdrawn.map(day),
        }
    }

    fn meeting(
        starts: &str,
        local: &str,
        status: MeetingStatus,
        minutes: Option<&str>,
        att: Vec<(usize, AttendanceStatus)>,
    ) -> MeetingFacts {
        MeetingFacts {
            starts_at: at(starts),
            local_date: day(local),
            status,
            ordinary: true,
            minutes_published_at: minutes.map(at),
            attendance: att,
        }
    }

    #[test]
    fn quorum_rounds_up_and_needs_seat_holders() {
        assert_eq!(
            quorum(5, 3, 50),
            Quorum {
                seat_holders: 5,
                attending: 3,
                needed: 3,
                reached: true
            }
        );
        assert!(!quorum(5, 2, 50).reached);
        assert!(quorum(4, 2, 50).reached);
        assert!(!quorum(0, 0, 50).reached);
        assert_eq!(quorum(3, 2, 67).needed, 3);
        assert!(!quorum(3, 2, 67).reached);
        assert!(quorum(3, 3, 100).reached);
    }

    #[test]
    fn quorum_counts_seat_holders_of_the_day_only() {
        let members = vec![
            seat(MemberRole::Chair, "2025-01-01", None, None), // 0 holder
            seat(MemberRole::Representative, "2025-01-01", None, None), // 1 holder
            seat(
                MemberRole::Representative,
                "2025-01-01",
                Some("2026-03-09"),
                None,
            ), // 2 term ended the day before
            seat(
                MemberRole::Representative,
                "2025-01-01",
                None,
                Some("2026-03-10"),
            ), // 3 withdrew that day
            seat(MemberRole::Alternate, "2025-01-01", None, None), // 4 alternate
            seat(MemberRole::Representative, "2025-01-01", None, None), // 5 holder
        ];
        // Three seat holders that day (0, 1, 5); present: 0 and the
        // alternate and two inactive members — only one counts.
        let m = meeting(
            "2026-03-10T16:00:00Z",
            "2026-03-10",
            MeetingStatus::Held,
            None,
            vec![
                (0, Present),
                (2, Present),
                (3, Remote),
                (4, Present),
                (1, Excused),
                (5, Absent),
            ],
        );
        let q = meeting_quorum(&m, &members, 50);
        assert_eq!(
            (q.seat_holders, q.attending, q.needed, q.reached),
            (3, 1, 2, false)
        );
        let m2 = MeetingFacts {
            attendance: vec![(0, Present), (5, Remote), (4, Present)],
            ..m
        };
        assert!(meeting_quorum(&m2, &members, 50).reached);
    }

    #[test]
    fn figures_over_the_window() {
        let members = vec![
            seat(MemberRole::Chair, "2025-01-01", None, None),
            seat(MemberRole::Representative, "2025-01-01", None, None),
            seat(MemberRole::Alternate, "2025-01-01", None, None),
        ];
        let t = at("2026-06-30T23:59:59Z");
        let meetings = vec![
            // Exactly 365 days before T: outside W.
            meeting(
                "2025-06-30T23:59:59Z",
                "2025-06-30",
                MeetingStatus::Held,
                Some("2025-07-01T00:00:00Z"),
                vec![(0, Present)],
            ),
            // Held, quorum (2/2), minutes after 10 days.
            meeting(
                "2026-01-10T16:00:00Z",
                "2026-01-10",
                MeetingStatus::Held,
                Some("2026-01-20T16:00:00Z"),
                vec![(0, Present), (1, Remote), (2, Absent)],
            ),
            // Held, no quorum (1 of 2 < 60 %), minutes published after T: not counted.
            meeting(
                "2026-03-10T16:00:00Z",
                "2026-03-10",
                MeetingStatus::Held,
                Some("2026-07-01T00:00:00Z"),
                vec![(0, Present), (1, Excused), (2, Present)],
            ),
            // Held without records: out of attendance and quorum; minutes in 5 days.
            meeting(
                "2026-05-10T16:00:00Z",
                "2026-05-10",
                MeetingStatus::Held,
                Some("2026-05-15T16:00:00Z"),
                vec![],
            ),
            // Held at exactly T: in W.
            meeting(
                "2026-06-30T23:59:59Z",
                "2026-06-30",
                MeetingStatus::Held,
                None,
                vec![],
            ),
            meeting(
                "2026-04-01T16:00:00Z",
                "2026-04-01",
                MeetingStatus::Cancelled,
                None,
                vec![],
            ),
            meeting(
                "2026-06-01T16:00:00Z",
                "2026-06-01",
                MeetingStatus::Scheduled,
                None,
                vec![],
            ),
            // After T.
            meeting(
                "2026-07-01T16:00:00Z",
                "2026-07-01",
                MeetingStatus::Held,
                None,
                vec![],
            ),
        ];
        // Quorum 60 %: two seat holders need two.
        let f = figures(Some(6), 60, &members, &meetings, t);
        assert_eq!(f.meetings_held, 4);
        assert_eq!(f.meetings_cancelled, 1);
        assert_eq!(f.meeting_regularity, Some(4.0 / 6.0));
        // Records of held meetings, alternates included: 4 of 6 attended.
        assert_eq!(f.attendance_rate, Some(4.0 / 6.0));
        assert_eq!(f.quorum_rate, Some(0.5));
        assert_eq!(f.minutes_rate, Some(2.0 / 4.0));
        assert_eq!(f.median_days_to_minutes, Some(7.5));
        assert_eq!(
            regularity_score(&f),
            Some(100.0 * (4.0 / 6.0 + 0.5 + 0.5) / 3.0)
        );

        let capped = figures(Some(2), 50, &members, &meetings, t);
        assert_eq!(capped.meeting_regularity, Some(1.0));
        // Two of the four held sessions were extraordinary: they are held
        // meetings, but only the two ordinary ones meet the mandate (2 of 6).
        let mut mixed = meetings.clone();
        mixed[1].ordinary = false;
        mixed[3].ordinary = false;
        let f = figures(Some(6), 60, &members, &mixed, t);
        assert_eq!(f.meetings_held, 4);
        assert_eq!(f.meeting_regularity, Some(2.0 / 6.0));
        // One mandated ordinary session missed, an extraordinary one held
        // instead: not 100 %.
        let f = figures(Some(4), 60, &members, &mixed, t);
        assert_eq!(f.meeting_regularity, Some(0.5));
        let none = figures(None, 50, &members, &[], t);
        assert_eq!(
            none,
            MeetingFigures {
                meetings_held: 0,
                meetings_cancelled: 0,
                meeting_regularity: None,
                attendance_rate: None,
                quorum_rate: None,
                minutes_rate: None,
                median_days_to_minutes: None,
            }
        );
        assert_eq!(regularity_score(&none), None);
        assert_eq!(
            figures(Some(0), 50, &members, &meetings, t).meeting_regularity,
            None
        );
    }

    #[test]
    fn medians() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0]), Some(3.0));
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), Some(2.5));
    }
}
