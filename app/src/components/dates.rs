//! Dates and times as people read them, in the language of the page. The
//! instant arrives as RFC 3339 with the body's offset, so the wall-clock
//! time shown is the body's own on the server and in the browser alike.
use crate::i18n::*;
use chrono::{DateTime, Datelike, Timelike};

fn month(locale: Locale, m: u32) -> &'static str {
    match m {
        1 => td_string!(locale, month.m1),
        2 => td_string!(locale, month.m2),
        3 => td_string!(locale, month.m3),
        4 => td_string!(locale, month.m4),
        5 => td_string!(locale, month.m5),
        6 => td_string!(locale, month.m6),
        7 => td_string!(locale, month.m7),
        8 => td_string!(locale, month.m8),
        9 => td_string!(locale, month.m9),
        10 => td_string!(locale, month.m10),
        11 => td_string!(locale, month.m11),
        _ => td_string!(locale, month.m12),
    }
}

fn month_long(locale: Locale, m: u32) -> &'static str {
    match m {
        1 => td_string!(locale, month_long.m1),
        2 => td_string!(locale, month_long.m2),
        3 => td_string!(locale, month_long.m3),
        4 => td_string!(locale, month_long.m4),
        5 => td_string!(locale, month_long.m5),
        6 => td_string!(locale, month_long.m6),
        7 => td_string!(locale, month_long.m7),
        8 => td_string!(locale, month_long.m8),
        9 => td_string!(locale, month_long.m9),
        10 => td_string!(locale, month_long.m10),
        11 => td_string!(locale, month_long.m11),
        _ => td_string!(locale, month_long.m12),
    }
}

/// The month of an instant as a heading: "febrero de 2026" / "February
/// 2026"; `None` if it does not parse.
pub fn month_heading(locale: Locale, rfc3339: &str) -> Option<String> {
    let t = DateTime::parse_from_rfc3339(rfc3339).ok()?;
    let m = month_long(locale, t.month());
    Some(match locale {
        Locale::es => format!("{m} de {}", t.year()),
        Locale::en => format!("{m} {}", t.year()),
    })
}

/// "10 dic 2026" / "Dec 10, 2026" (the instant's own offset); the input
/// unchanged if it does not parse.
pub fn date(locale: Locale, rfc3339: &str) -> String {
    let Ok(t) = DateTime::parse_from_rfc3339(rfc3339) else {
        return rfc3339.to_string();
    };
    let m = month(locale, t.month());
    match locale {
        Locale::es => format!("{} {m} {}", t.day(), t.year()),
        Locale::en => format!("{m} {}, {}", t.day(), t.year()),
    }
}

/// "10 dic 2026, 10:00" / "Dec 10, 2026, 10:00"; the input unchanged if it
/// does not parse.
pub fn date_time(locale: Locale, rfc3339: &str) -> String {
    let Ok(t) = DateTime::parse_from_rfc3339(rfc3339) else {
        return rfc3339.to_string();
    };
    let m = month(locale, t.month());
    match locale {
        Locale::es => format!(
            "{} {m} {}, {:02}:{:02}",
            t.day(),
            t.year(),
            t.hour(),
            t.minute()
        ),
        Locale::en => format!(
            "{m} {}, {}, {:02}:{:02}",
            t.day(),
            t.year(),
            t.hour(),
            t.minute()
        ),
    }
}

/// The place an IANA zone is named after, as the reader's language writes
/// it: "America/Mexico_City" → "Ciudad de México" / "Mexico City"; a zone
/// without a place ("UTC") as it is.
fn zone_place(locale: Locale, zone: &str) -> String {
    let place = zone.rsplit('/').next().unwrap_or(zone);
    if locale == Locale::es {
        let spanish = match place {
            "Mexico_City" => Some("Ciudad de México"),
            "Cancun" => Some("Cancún"),
            "Merida" => Some("Mérida"),
            "Mazatlan" => Some("Mazatlán"),
            "Bahia_Banderas" => Some("Bahía de Banderas"),
            "Ciudad_Juarez" => Some("Ciudad Juárez"),
            "Los_Angeles" => Some("Los Ángeles"),
            "New_York" => Some("Nueva York"),
            _ => None,
        };
        if let Some(s) = spanish {
            return s.to_string();
        }
    }
    place.replace('_', " ")
}

/// "UTC−6", "UTC+5:30", "UTC" from the instant's own offset.
fn utc_offset(t: &DateTime<chrono::FixedOffset>) -> String {
    let secs = t.offset().local_minus_utc();
    if secs == 0 {
        return "UTC".into();
    }
    let sign = if secs < 0 { '−' } else { '+' };
    let (h, m) = (secs.abs() / 3600, secs.abs() % 3600 / 60);
    if m == 0 {
        format!("UTC{sign}{h}")
    } else {
        format!("UTC{sign}{h}:{m:02}")
    }
}

/// A date and time with its zone named, for deadlines read by people in
/// other zones: "10 dic 2026, 10:00 (hora de Tijuana, UTC−8)" /
/// "Dec 10, 2026, 10:00 (Tijuana time, UTC−8)".
pub fn date_time_zoned(locale: Locale, rfc3339: &str, zone: &str) -> String {
    let Ok(t) = DateTime::parse_from_rfc3339(rfc3339) else {
        return rfc3339.to_string();
    };
    let place = zone_place(locale, zone);
    let offset = utc_offset(&t);
    let when = date_time(locale, rfc3339);
    if zone.is_empty() || place == offset {
        return format!("{when} ({offset})");
    }
    match locale {
        Locale::es => format!("{when} (hora de {place}, {offset})"),
        Locale::en => format!("{when} ({place} time, {offset})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_in_both_languages() {
        let at = "2026-12-10T10:00:00-08:00";
        assert_eq!(date_time(Locale::es, at), "10 dic 2026, 10:00");
        assert_eq!(date_time(Locale::en, at), "Dec 10, 2026, 10:00");
        assert_eq!(date_time(Locale::es, "garbage"), "garbage");
        assert_eq!(
            date_time_zoned(Locale::es, at, "America/Tijuana"),
            "10 dic 2026, 10:00 (hora de Tijuana, UTC−8)"
        );
        assert_eq!(
            date_time_zoned(
                Locale::en,
                "2026-12-10T10:00:00-06:00",
                "America/Mexico_City"
            ),
            "Dec 10, 2026, 10:00 (Mexico City time, UTC−6)"
        );
        assert_eq!(
            date_time_zoned(
                Locale::es,
                "2026-12-10T10:00:00-06:00",
                "America/Mexico_City"
            ),
            "10 dic 2026, 10:00 (hora de Ciudad de México, UTC−6)"
        );
        assert_eq!(
            date_time_zoned(Locale::en, "2026-12-10T10:00:00+05:30", "Asia/Kolkata"),
            "Dec 10, 2026, 10:00 (Kolkata time, UTC+5:30)"
        );
        assert_eq!(
            date_time_zoned(Locale::es, "2026-12-10T10:00:00Z", "UTC"),
            "10 dic 2026, 10:00 (UTC)"
        );
        assert_eq!(
            month_heading(Locale::es, at).as_deref(),
            Some("diciembre de 2026")
        );
        assert_eq!(
            month_heading(Locale::en, at).as_deref(),
            Some("December 2026")
        );
    }
}
