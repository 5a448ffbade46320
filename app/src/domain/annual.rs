//! The annual report a council (or an authority) hands in
//! (`/bodies/{key}/informe/{year}`, `/authorities/{key}/informe/{year}`):
//! its figures at the year's end — the same figures, by the same
//! definitions, as its dashboard at that instant — beside the year
//! before's, and its answers authority by authority.
use super::enums::{BodyLevel, DayKind};
use super::metrics::answers::AnswerFigures;
use super::metrics::report::{AuthorityMetrics, BodyMetrics};
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// The first year a report can be asked for.
pub const FIRST_YEAR: i32 = 2000;

/// The last second of `year`, in UTC (metrics.md: an `as_of` date means
/// 23:59:59Z that day); the window of the figures is the 365 days up to it.
pub fn year_end(year: i32) -> Option<DateTime<Utc>> {
    let day = NaiveDate::from_ymd_opt(year, 12, 31)?;
    Some(Utc.from_utc_datetime(&day.and_hms_opt(23, 59, 59)?))
}

/// When the report of `year` is read: its end, or `None` before
/// [`FIRST_YEAR`] and after the year `now` is in. The year `now` is in is
/// read at `now` (the report says "so far").
pub fn report_instant(year: i32, now: DateTime<Utc>) -> Option<(DateTime<Utc>, bool)> {
    if !(FIRST_YEAR..=now.year()).contains(&year) {
        return None;
    }
    let end = year_end(year)?;
    Some(if end > now { (now, true) } else { (end, false) })
}

/// One authority's answers to the council's referrals at the year's end
/// (its `by_body` figures for this council).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorityAnswers {
    pub key: String,
    pub name: String,
    pub answers: AnswerFigures,
}

/// What a report says of where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportHead {
    pub year: i32,
    /// The year is not over: its figures are "so far".
    pub partial: bool,
    /// T (RFC 3339), its date, and the window's first day.
    pub as_of: String,
    pub as_of_date: String,
    pub window_from: String,
    /// The year before's T (RFC 3339).
    pub previous_as_of: String,
    /// Years with a report (for the links to the others).
    pub first_year: i32,
    pub last_year: i32,
}

/// A council's annual report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BodyAnnual {
    pub head: ReportHead,
    pub name: String,
    pub level: BodyLevel,
    pub jurisdiction: String,
    /// Ordinary sessions a year its mandate sets, if set.
    pub meetings_per_year: Option<i32>,
    pub figures: BodyMetrics,
    pub previous: BodyMetrics,
    /// Authorities that had its referrals, by name.
    pub by_authority: Vec<AuthorityAnswers>,
}

/// An authority's annual report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuthorityAnnual {
    pub head: ReportHead,
    pub name: String,
    pub acronym: Option<String>,
    pub response_days: i32,
    pub day_kind: DayKind,
    pub figures: AuthorityMetrics,
    pub previous: AuthorityMetrics,
    /// (key, name) of the councils in `figures.by_body`, by name.
    pub body_names: Vec<(String, String)>,
}

/// Whose report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportOf {
    Body,
    Authority,
}

/// Either report, as its page receives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Annual {
    Body(Box<BodyAnnual>),
    Authority(Box<AuthorityAnnual>),
}

impl Annual {
    /// What either report says of where it comes from.
    pub fn head(&self) -> &ReportHead {
        match self {
            Annual::Body(r) => &r.head,
            Annual::Authority(r) => &r.head,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_is_read_at_its_end_or_so_far() {
        let now: DateTime<Utc> = "2026-12-05T10:00:00Z".parse().unwrap();
        let (t, partial) = report_instant(2025, now).unwrap();
        assert_eq!(t.to_rfc3339(), "2025-12-31T23:59:59+00:00");
        assert!(!partial);
        assert_eq!(report_instant(2026, now), Some((now, true)));
        assert_eq!(report_instant(2027, now), None);
        assert_eq!(report_instant(1999, now), None);
    }
}
