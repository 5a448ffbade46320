//! Time zones: instants are stored in UTC, shown and exported in the body's zone.
use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveTime, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;

/// The body's zone; an unknown name (validated on input) falls back to UTC.
pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// The calendar date of an instant in a zone.
pub fn local_date(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// The instant a wall-clock time on a date has in a zone. A time that does
/// not exist (the hour skipped when clocks go forward) moves forward by
/// that hour; a time that happens twice (clocks go back) is the first.
pub fn instant_in(day: NaiveDate, at: NaiveTime, tz: Tz) -> DateTime<Utc> {
    let local = day.and_time(at);
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => match tz.from_local_datetime(&(local + Duration::hours(1))) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
            // No zone skips two hours in a row; UTC is a safe answer.
            LocalResult::None => Utc.from_utc_datetime(&local),
        },
    }
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

    #[test]
    fn wall_clock_times_across_daylight_saving() {
        let tj = zone("America/Tijuana");
        let ten = NaiveTime::from_hms_opt(10, 0, 0).unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        // Tijuana moves from −08:00 to −07:00 on 2026-03-08.
        assert_eq!(
            instant_in(d("2026-03-07"), ten, tj).to_rfc3339(),
            "2026-03-07T18:00:00+00:00"
        );
        assert_eq!(
            instant_in(d("2026-03-09"), ten, tj).to_rfc3339(),
            "2026-03-09T17:00:00+00:00"
        );
        // 02:30 does not exist that night: 03:30 PDT.
        let half_past_two = NaiveTime::from_hms_opt(2, 30, 0).unwrap();
        assert_eq!(
            instant_in(d("2026-03-08"), half_past_two, tj).to_rfc3339(),
            "2026-03-08T10:30:00+00:00"
        );
        // 01:30 happens twice on 2026-11-01: the first (PDT, −07:00).
        let half_past_one = NaiveTime::from_hms_opt(1, 30, 0).unwrap();
        assert_eq!(
            instant_in(d("2026-11-01"), half_past_one, tj).to_rfc3339(),
            "2026-11-01T08:30:00+00:00"
        );
        // Mexico City has no daylight saving time since 2022.
        let mx = zone("America/Mexico_City");
        assert_eq!(
            instant_in(d("2026-07-01"), ten, mx).to_rfc3339(),
            "2026-07-01T16:00:00+00:00"
        );
    }
}
