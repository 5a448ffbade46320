//! Time zones: instants are stored in UTC, shown and exported in the body's zone.
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Tz;

/// The body's zone; an unknown name (validated on input) falls back to UTC.
pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// The calendar date of an instant in a zone.
pub fn local_date(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// RFC 3339 with the zone's offset at that instant, seconds precision unless
/// the instant has a fraction.
pub fn rfc3339_in(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz)
        .fixed_offset()
        .to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_follow_the_zone() {
        let at: DateTime<Utc> = "2026-07-01T17:00:00Z".parse().unwrap();
        assert_eq!(
            rfc3339_in(at, zone("America/Tijuana")),
            "2026-07-01T10:00:00-07:00"
        );
        assert_eq!(
            rfc3339_in(at, zone("America/Mexico_City")),
            "2026-07-01T11:00:00-06:00"
        );
        assert_eq!(rfc3339_in(at, zone("UTC")), "2026-07-01T17:00:00Z");
        let late: DateTime<Utc> = "2026-07-02T04:30:00Z".parse().unwrap();
        assert_eq!(
            local_date(late, zone("America/Mexico_City")).to_string(),
            "2026-07-01"
        );
    }
}
