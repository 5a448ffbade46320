//! Expanding a recurrence into the calendar dates of its occurrences, in the
//! body's calendar. The time of day is applied afterwards in the body's time
//! zone, so a 10:00 meeting stays at 10:00 across daylight-saving changes.
use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

/// The most occurrences one scheduling may create.
pub const MAX_OCCURRENCES: usize = 120;

/// How often a series repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    /// Every `interval` weeks on the first date's weekday.
    Weekly { interval: u32 },
    /// Every month on the first date's day of the month (the month's last
    /// day when it is shorter: the 31st becomes the 30th, the 28th…).
    MonthlyOnDay,
    /// Every month on the same weekday in the same position as the first
    /// date ("second Tuesday"; a fifth one means "the last Tuesday").
    MonthlyOnWeekday,
    /// Every three months on the first date's day (clamped as monthly).
    Quarterly,
}

/// When a series stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The last date an occurrence may fall on (inclusive).
    Until(NaiveDate),
    /// The number of occurrences, the first included.
    Count(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecurrenceError {
    /// `until` before the first date, or a count or interval of 0.
    Empty,
    /// More than MAX_OCCURRENCES occurrences.
    TooMany,
}

/// Which weekday of its month a date is: 1–4, or 5 for "the last" when
/// the date is in the fifth week.
pub fn week_of_month(d: NaiveDate) -> u32 {
    (d.day() - 1) / 7 + 1
}

fn last_day_of_month(year: i32, month: u32) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
    let next = first + Months::new(1);
    next - Duration::days(1)
}

/// The `day`-th of the month of `first_of_month`, or its last day.
fn clamped_day(first_of_month: NaiveDate, day: u32) -> NaiveDate {
    let last = last_day_of_month(first_of_month.year(), first_of_month.month());
    first_of_month.with_day(day.min(last.day())).unwrap_or(last)
}

/// The `n`-th `weekday` of the month (n = 5: the last one).
fn nth_weekday(first_of_month: NaiveDate, weekday: Weekday, n: u32) -> NaiveDate {
    if n >= 5 {
        let mut d = last_day_of_month(first_of_month.year(), first_of_month.month());
        while d.weekday() != weekday {
            d -= Duration::days(1);
        }
        return d;
    }
    let offset = (7 + weekday.num_days_from_monday() as i64
        - first_of_month.weekday().num_days_from_monday() as i64)
        % 7;
    first_of_month + Duration::days(offset + 7 * (n as i64 - 1))
}

/// The `i`-th occurrence (0 = `first`).
fn occurrence(first: NaiveDate, freq: Frequency, i: u32) -> Option<NaiveDate> {
    let month_start = |months: u32| {
        first
            .with_day(1)
            .and_then(|m| m.checked_add_months(Months::new(months)))
    };
    match freq {
        Frequency::Weekly { interval } => {
            first.checked_add_signed(Duration::weeks(i as i64 * interval as i64))
        }
        Frequency::MonthlyOnDay => month_start(i).map(|m| clamped_day(m, first.day())),
        Frequency::Quarterly => month_start(3 * i).map(|m| clamped_day(m, first.day())),
        Frequency::MonthlyOnWeekday => {
            month_start(i).map(|m| nth_weekday(m, first.weekday(), week_of_month(first)))
        }
    }
}

/// The dates of a series starting on `first` (always its first occurrence).
pub fn expand(
    first: NaiveDate,
    freq: Frequency,
    end: End,
) -> Result<Vec<NaiveDate>, RecurrenceError> {
    if matches!(freq, Frequency::Weekly { interval: 0 }) {
        return Err(RecurrenceError::Empty);
    }
    let mut dates = Vec::new();
    match end {
        End::Count(0) => return Err(RecurrenceError::Empty),
        End::Count(n) if n as usize > MAX_OCCURRENCES => return Err(RecurrenceError::TooMany),
        End::Count(n) => {
            for i in 0..n {
                dates.extend(occurrence(first, freq, i));
            }
        }
        End::Until(until) => {
            if until < first {
                return Err(RecurrenceError::Empty);
            }
            for i in 0.. {
                match occurrence(first, freq, i) {
                    Some(d) if d <= until => {
                        if dates.len() == MAX_OCCURRENCES {
                            return Err(RecurrenceError::TooMany);
                        }
                        dates.push(d);
                    }
                    _ => break,
                }
            }
        }
    }
    Ok(dates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn strs(v: Vec<NaiveDate>) -> Vec<String> {
        v.into_iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn weekly_and_every_n_weeks() {
        let w = expand(
            d("2026-12-28"),
            Frequency::Weekly { interval: 1 },
            End::Count(3),
        )
        .unwrap();
        assert_eq!(strs(w), ["2026-12-28", "2027-01-04", "2027-01-11"]);
        let w = expand(
            d("2026-02-10"),
            Frequency::Weekly { interval: 2 },
            End::Until(d("2026-03-10")),
        )
        .unwrap();
        assert_eq!(strs(w), ["2026-02-10", "2026-02-24", "2026-03-10"]);
    }

    #[test]
    fn monthly_on_day_clamps_short_months() {
        let m = expand(d("2026-01-31"), Frequency::MonthlyOnDay, End::Count(4)).unwrap();
        assert_eq!(
            strs(m),
            ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"]
        );
        // Leap year February.
        let m = expand(d("2027-12-30"), Frequency::MonthlyOnDay, End::Count(3)).unwrap();
        assert_eq!(strs(m), ["2027-12-30", "2028-01-30", "2028-02-29"]);
    }

    #[test]
    fn monthly_on_nth_weekday_and_last() {
        // 2026-02-10 is the second Tuesday of February.
        let m = expand(d("2026-02-10"), Frequency::MonthlyOnWeekday, End::Count(3)).unwrap();
        assert_eq!(strs(m), ["2026-02-10", "2026-03-10", "2026-04-14"]);
        // 2026-01-29 is the fifth (last) Thursday: the last Thursday after.
        let m = expand(d("2026-01-29"), Frequency::MonthlyOnWeekday, End::Count(3)).unwrap();
        assert_eq!(strs(m), ["2026-01-29", "2026-02-26", "2026-03-26"]);
        assert_eq!(week_of_month(d("2026-01-29")), 5);
    }

    #[test]
    fn quarterly_across_the_year() {
        let q = expand(
            d("2026-11-30"),
            Frequency::Quarterly,
            End::Until(d("2027-12-31")),
        )
        .unwrap();
        assert_eq!(
            strs(q),
            [
                "2026-11-30",
                "2027-02-28",
                "2027-05-30",
                "2027-08-30",
                "2027-11-30"
            ]
        );
    }

    #[test]
    fn ends_and_limits() {
        let one = expand(
            d("2026-03-01"),
            Frequency::MonthlyOnDay,
            End::Until(d("2026-03-01")),
        )
        .unwrap();
        assert_eq!(strs(one), ["2026-03-01"]);
        assert_eq!(
            expand(
                d("2026-03-01"),
                Frequency::MonthlyOnDay,
                End::Until(d("2026-02-01"))
            ),
            Err(RecurrenceError::Empty)
        );
        assert_eq!(
            expand(
                d("2026-03-01"),
                Frequency::Weekly { interval: 1 },
                End::Count(0)
            ),
            Err(RecurrenceError::Empty)
        );
        assert_eq!(
            expand(
                d("2026-03-01"),
                Frequency::Weekly { interval: 0 },
                End::Count(2)
            ),
            Err(RecurrenceError::Empty)
        );
        assert_eq!(
            expand(
                d("2026-03-01"),
                Frequency::Weekly { interval: 1 },
                End::Count(121)
            ),
            Err(RecurrenceError::TooMany)
        );
        assert_eq!(
            expand(
                d("2026-03-01"),
                Frequency::Weekly { interval: 1 },
                End::Until(d("2030-01-01"))
            ),
            Err(RecurrenceError::TooMany)
        );
        assert_eq!(
            expand(
                d("2026-03-01"),
                Frequency::Weekly { interval: 1 },
                End::Count(120)
            )
            .unwrap()
            .len(),
            120
        );
    }
}
