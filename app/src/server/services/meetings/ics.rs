//! iCalendar (RFC 5545) text for the public feeds and the invitations.
//! Times are written in UTC (`…Z`), which needs no VTIMEZONE; lines are
//! folded at 75 octets and text values escaped.
use chrono::{DateTime, Utc};

/// One VEVENT.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub uid: String,
    pub dtstamp: DateTime<Utc>,
    /// When the meeting last changed in any way (held, minutes published).
    pub last_modified: DateTime<Utc>,
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
    pub summary: String,
    pub description: Option<String>,
    pub location: Option<String>,
    pub url: Option<String>,
    pub cancelled: bool,
    pub sequence: i32,
    /// For invitations: (organizer name, organizer address, attendee address).
    pub invitation: Option<(String, String, String)>,
}

/// `METHOD` of an invitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Request,
    Cancel,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

/// TEXT value escaping (RFC 5545 §3.3.11).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (CN=…): quoted, without the characters it cannot hold.
fn param_value(s: &str) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control() && *c != '"').collect();
    format!("\"{clean}\"")
}

/// Appends one content line, folded so that no line exceeds 75 octets
/// (never inside a UTF-8 character), ended by CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

pub fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

fn push_event(out: &mut String, e: &Event) {
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}", escape_text(&e.uid)));
    push_line(out, &format!("DTSTAMP:{}", utc(e.dtstamp)));
    push_line(out, &format!("LAST-MODIFIED:{}", utc(e.last_modified)));
    push_line(out, &format!("DTSTART:{}", utc(e.start)));
    if let Some(end) = e.end.filter(|end| *end > e.start) {
        push_line(out, &format!("DTEND:{}", utc(end)));
    }
    push_line(out, &format!("SEQUENCE:{}", e.sequence.max(0)));
    push_line(
        out,
        if e.cancelled {
            "STATUS:CANCELLED"
        } else {
            "STATUS:CONFIRMED"
        },
    );
    push_line(out, &format!("SUMMARY:{}", escape_text(&e.summary)));
    if let Some(d) = &e.description {
        push_line(out, &format!("DESCRIPTION:{}", escape_text(d)));
    }
    if let Some(l) = &e.location {
        push_line(out, &format!("LOCATION:{}", escape_text(l)));
    }
    if let Some(u) = &e.url {
        push_line(out, &format!("URL:{u}"));
    }
    if let Some((name, organizer, attendee)) = &e.invitation {
        push_line(
            out,
            &format!("ORGANIZER;CN={}:mailto:{organizer}", param_value(name)),
        );
        push_line(
            out,
            &format!("ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{attendee}"),
        );
    }
    push_line(out, "END:VEVENT");
}

/// A VCALENDAR with `events`; `method` for invitations, none for feeds.
pub fn calendar(name: &str, method: Option<Method>, events: &[Event]) -> String {
    let mut out = String::new();
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "VERSION:2.0");
    push_line(&mut out, "PRODID:-//Voces//Consejos consultivos//ES");
    push_line(&mut out, "CALSCALE:GREGORIAN");
    if let Some(m) = method {
        push_line(&mut out, &format!("METHOD:{}", m.as_str()));
    }
    push_line(&mut out, &format!("X-WR-CALNAME:{}", escape_text(name)));
    for e in events {
        push_event(&mut out, e);
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn escapes_and_folds() {
        assert_eq!(escape_text("a;b,c\\d\ne"), "a\\;b\\,c\\\\d\\ne");
        let e = Event {
            uid: "meeting-x-1@voces.example".into(),
            dtstamp: at("2026-02-01T00:00:00Z"),
            last_modified: at("2026-02-01T00:00:00Z"),
            start: at("2026-02-10T16:00:00Z"),
            end: Some(at("2026-02-10T19:00:00Z")),
            summary: "Sesión ordinaria — ñandú ".repeat(6),
            description: None,
            location: Some("Sala 3, Museo; piso 2".into()),
            url: None,
            cancelled: true,
            sequence: 2,
            invitation: None,
        };
        let text = calendar("Consejo", Some(Method::Cancel), &[e]);
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "{line:?}");
        }
        assert!(text.contains("DTSTART:20260210T160000Z\r\n"));
        assert!(text.contains("STATUS:CANCELLED\r\n"));
        assert!(text.contains("METHOD:CANCEL\r\n"));
        assert!(text.contains("LOCATION:Sala 3\\, Museo\\; piso 2\r\n"));
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&format!(
            "SUMMARY:{}",
            "Sesión ordinaria — ñandú ".repeat(6)
        )));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
    }
}
