//! The instants figures are asked for: `as_of` as the API reads it (an
//! RFC 3339 instant, or a date meaning 23:59:59Z that day), echoed in UTC
//! with a `Z`, and the ends of the months or quarters of a series.
use super::report::Step;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, SecondsFormat, Utc};

/// The most points one series may have (ten years of months).
pub const MAX_POINTS: usize = 120;

/// `as_of` → T. `None` when it is neither a date nor an RFC 3339 instant.
pub fn parse_as_of(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(end_of_day(d));
    }
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The last second of a UTC day.
pub fn end_of_day(d: NaiveDate) -> DateTime<Utc> {
    d.and_time(NaiveTime::from_hms_opt(23, 59, 59).expect("valid time"))
        .and_utc()
}

/// T as metrics.md echoes it: UTC, `Z`, whole seconds.
pub fn format_as_of(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn first_of_period(d: NaiveDate, step: Step) -> NaiveDate {
    let month = match step {
        Step::Month => d.month(),
        Step::Quarter => (d.month() - 1) / 3 * 3 + 1,
    };
    NaiveDate::from_ymd_opt(d.year(), month, 1).expect("valid first day")
}

fn next_period(first: NaiveDate, step: Step) -> NaiveDate {
    let months = match step {
        Step::Month => 1,
        Step::Quarter => 3,
    };
    first
        .checked_add_months(chrono::Months::new(months))
        .expect("date in range")
}

/// The end (last instant, UTC) of every period that overlaps
/// [from, to], oldest first; `None` when `to` is before `from` or there
/// would be more than `MAX_POINTS`.
pub fn period_ends(from: NaiveDate, to: NaiveDate, step: Step) -> Option<Vec<DateTime<Utc>>> {
    if to < from {
        return None;
    }
    let mut out = Vec::new();
    let mut first = first_of_period(from, step);
    while first <= to {
        let next = next_period(first, step);
        out.push(end_of_day(next - Duration::days(1)));
        if out.len() > MAX_POINTS {
            return None;
        }
        first = next;
    }
    Some(out)
}

/// The last `n` whole quarters up to and including the one holding `t`.
pub fn last_quarters(t: DateTime<Utc>, n: u32) -> (NaiveDate, NaiveDate) {
    let to = t.date_naive();
    let mut from = first_of_period(to, Step::Quarter);
    for _ in 1..n {
        from = from
            .checked_sub_months(chrono::Months::new(3))
            .expect("date in range");
    }
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn as_of_forms() {
        assert_eq!(
            format_as_of(parse_as_of("2026-06-30").unwrap()),
            "2026-06-30T23:59:59Z"
        );
        assert_eq!(
            format_as_of(parse_as_of("2026-06-30T10:00:00-06:00").unwrap()),
            "2026-06-30T16:00:00Z"
        );
        assert_eq!(parse_as_of("2026-02-30"), None);
        assert_eq!(parse_as_of("yesterday"), None);
        assert_eq!(parse_as_of("2026-06-30T10:00:00"), None);
    }

    #[test]
    fn quarter_and_month_ends() {
        let q = period_ends(day("2025-02-15"), day("2025-10-01"), Step::Quarter).unwrap();
        let q: Vec<String> = q.into_iter().map(format_as_of).collect();
        assert_eq!(
            q,
            [
                "2025-03-31T23:59:59Z",
                "2025-06-30T23:59:59Z",
                "2025-09-30T23:59:59Z",
                "2025-12-31T23:59:59Z"
            ]
        );
        let m = period_ends(day("2024-01-31"), day("2024-03-01"), Step::Month).unwrap();
        let m: Vec<String> = m.into_iter().map(format_as_of).collect();
        assert_eq!(
            m,
            [
                "2024-01-31T23:59:59Z",
                "2024-02-29T23:59:59Z",
                "2024-03-31T23:59:59Z"
            ]
        );
        assert_eq!(
            period_ends(day("2025-01-01"), day("2024-01-01"), Step::Month),
            None
        );
        assert_eq!(
            period_ends(day("2000-01-01"), day("2024-01-01"), Step::Month),
            None
        );
        let (from, to) = last_quarters("2026-11-28T12:00:00Z".parse().unwrap(), 8);
        assert_eq!((from, to), (day("2025-01-01"), day("2026-11-28")));
    }
}
