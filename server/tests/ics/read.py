"""Reads an iCalendar document with the `icalendar` package (an independent
RFC 5545 parser) and prints what the tests compare with the database, as
JSON. Exits non-zero when the document is not valid enough to use.

usage: read.py FILE
"""
import json
import sys
from datetime import timezone

import icalendar


def main(path):
    with open(path, "rb") as f:
        raw = f.read()
    # Strict line rules first: CRLF endings and no line over 75 octets.
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"", "the document must end with CRLF"
    for n, line in enumerate(lines[:-1], 1):
        assert b"\n" not in line and b"\r" not in line, f"line {n}: bare line break"
        assert len(line) <= 75, f"line {n}: {len(line)} octets"
    cal = icalendar.Calendar.from_ical(raw)
    assert cal.get("VERSION") == "2.0", "VERSION:2.0"
    assert cal.get("PRODID"), "PRODID"
    events = []
    for ev in cal.walk("VEVENT"):
        for prop in ("UID", "DTSTAMP", "DTSTART", "SEQUENCE", "SUMMARY"):
            assert ev.get(prop) is not None, f"VEVENT without {prop}"
        start = ev.decoded("DTSTART")
        assert start.tzinfo is not None, "DTSTART must be UTC or carry a TZID"
        end = ev.decoded("DTEND") if ev.get("DTEND") is not None else None
        if end is not None:
            assert end > start, "DTEND after DTSTART"
        events.append({
            "uid": str(ev.get("UID")),
            "start": start.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": end.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if end else None,
            "dtstamp": ev.decoded("DTSTAMP").astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "sequence": int(ev.get("SEQUENCE")),
            "status": str(ev.get("STATUS", "")),
            "summary": str(ev.get("SUMMARY")),
            "location": str(ev.get("LOCATION")) if ev.get("LOCATION") is not None else None,
            "organizer": str(ev.get("ORGANIZER")) if ev.get("ORGANIZER") is not None else None,
            "attendee": str(ev.get("ATTENDEE")) if ev.get("ATTENDEE") is not None else None,
            "description": str(ev.get("DESCRIPTION")) if ev.get("DESCRIPTION") is not None else None,
            "last_modified": ev.decoded("LAST-MODIFIED").astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            if ev.get("LAST-MODIFIED") is not None else None,
        })
    uids = [e["uid"] for e in events]
    assert len(uids) == len(set(uids)), "UIDs must be unique"
    print(json.dumps({
        "method": str(cal.get("METHOD")) if cal.get("METHOD") is not None else None,
        "events": events,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
