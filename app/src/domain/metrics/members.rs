//! metrics.md, "Members": who is active on a date.
use chrono::NaiveDate;

/// A member is active on `d` when `term_start ≤ d`, the term has not ended
/// before `d`, and the member had not withdrawn by `d`.
pub fn is_active(
    term_start: NaiveDate,
    term_end: Option<NaiveDate>,
    withdrawn_on: Option<NaiveDate>,
    d: NaiveDate,
) -> bool {
    term_start <= d && term_end.is_none_or(|end| d <= end) && withdrawn_on.is_none_or(|w| d < w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn boundaries() {
        let start = day("2025-01-15");
        assert!(!is_active(start, None, None, day("2025-01-14")));
        assert!(is_active(start, None, None, day("2025-01-15")));
        assert!(is_active(
            start,
            Some(day("2027-01-14")),
            None,
            day("2027-01-14")
        ));
        assert!(!is_active(
            start,
            Some(day("2027-01-14")),
            None,
            day("2027-01-15")
        ));
        // Withdrawal takes effect on its own date.
        assert!(is_active(
            start,
            None,
            Some(day("2026-03-01")),
            day("2026-02-28")
        ));
        assert!(!is_active(
            start,
            None,
            Some(day("2026-03-01")),
            day("2026-03-01")
        ));
    }
}
