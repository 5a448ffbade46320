#!/usr/bin/env python3
"""Independent checker for a ``voces-dataset/1`` document (default: the demo).

Usage::

    python3 server/demo/validate_demo.py [path/to/dataset.json] [--import-rules-only]

Checks every rule of dataset.md "Rules for import" and reports each problem
with its JSON path (all of them, not just the first):

* format tag; objects and field types; unknown fields;
* missing and duplicate keys (authorities, bodies; members, meetings and demands
  within their body; one referral per authority within a demand);
* dangling references (referral authority, submitted_by, meeting, attendance);
* enum values; dates (YYYY-MM-DD) and RFC 3339 timestamps with offset;
* term_end >= term_start;
* events in non-decreasing time order within a referral, none before the
  demand's submitted_at, every clarification_provided preceded by an open
  clarification_requested;
* assessments not before submission.

Unless ``--import-rules-only`` is given it also checks what the demo promises
(its "today" is 2026-11-28):

* UTC offsets match the body's IANA time zone at that instant (zoneinfo);
* nothing (submission, event, assessment, minutes publication, held or
  cancelled meeting) after 2026-11-27; scheduled meetings in the future;
* attendance only for held meetings and only for members active on the
  meeting's local date;
* submitted_by active on the submission date; the adopting meeting is held and
  starts before the submission; events strictly after submission;
* assessments after the first substantive answer; https evidence URLs;
  minutes published after the meeting; withdrawn_on within the term.

Prints ``OK`` and exits 0 when nothing is wrong, otherwise one line per
problem and exits 1.  Standard library only.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

try:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
except ImportError:  # pragma: no cover
    ZoneInfo = None

FORMAT = "voces-dataset/1"
AUTH_LEVELS = {"federal", "state", "municipal", "consular", "international"}
DAY_KINDS = {"calendar", "business"}
BODY_LEVELS = {"national", "state", "municipal", "consular", "transnational"}
GROUPS = {"immigrant", "emigrant", "transit", "returnee", "refugee", "other"}
ROLES = {"chair", "secretary", "representative", "alternate"}
GENDERS = {"woman", "man", "non_binary", "other", "undisclosed"}
MEETING_KINDS = {"ordinary", "extraordinary"}
MEETING_STATUS = {"scheduled", "held", "cancelled"}
ATTENDANCE = {"present", "remote", "excused", "absent"}
TOPICS = {"documentation", "asylum", "detention", "labor", "health", "education", "housing",
          "security", "family", "consular", "integration", "discrimination",
          "political_rights", "other"}
EVENT_KINDS = {"acknowledged", "clarification_requested", "clarification_provided",
               "accepted", "partially_accepted", "rejected", "implemented"}
SUBSTANTIVE = {"accepted", "partially_accepted", "rejected", "implemented"}
VERDICTS = {"satisfied", "partially_satisfied", "unsatisfied"}

FIELDS = {
    "doc": {"format", "authorities", "bodies"},
    "authority": {"key", "name", "acronym", "level", "response_days", "day_kind", "holidays",
                  "email"},
    "body": {"key", "name", "level", "jurisdiction", "timezone", "groups_served", "regions",
             "seats", "meetings_per_year", "quorum_percent", "response_days", "members",
             "meetings", "demands"},
    "member": {"key", "name", "email", "public", "role", "gender", "migrant_group", "region",
               "country", "term_start", "term_end", "withdrawn_on"},
    "meeting": {"key", "title", "kind", "starts_at", "ends_at", "location", "status", "agenda",
                "minutes", "minutes_published_at", "attendance"},
    "demand": {"key", "title", "text", "topic", "submitted_by", "meeting", "submitted_at",
               "confidential", "referrals"},
    "referral": {"authority", "due_at", "events", "assessments"},
    "event": {"at", "kind", "text", "evidence_url"},
    "assessment": {"at", "verdict", "note"},
}

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TS_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
ISO2_RE = re.compile(r"^[A-Z]{2}$")
KEY_RE = re.compile(r"^\S(.*\S)?$")

DEMO_TODAY = date(2026, 11, 28)
DEMO_LAST_DAY = date(2026, 11, 27)


class Checker:
    def __init__(self, demo: bool):
        self.errors: list[str] = []
        self.demo = demo

    def err(self, path: str, msg: str) -> None:
        self.errors.append(f"{path}: {msg}")

    # -- primitives ---------------------------------------------------------
    def obj(self, v, path, kind) -> bool:
        if not isinstance(v, dict):
            self.err(path, f"expected an object, got {type(v).__name__}")
            return False
        for k in v:
            if k not in FIELDS[kind]:
                self.err(f"{path}.{k}", "unknown field")
        return True

    def lst(self, parent, field, path, required=True) -> list:
        v = parent.get(field)
        if v is None:
            if required:
                self.err(f"{path}.{field}", "missing list")
            return []
        if not isinstance(v, list):
            self.err(f"{path}.{field}", "expected a list")
            return []
        return v

    def string(self, o, field, path, required=True, nonempty=True):
        v = o.get(field)
        if v is None:
            if required:
                self.err(f"{path}.{field}", "missing")
            return None
        if not isinstance(v, str):
            self.err(f"{path}.{field}", "expected a string")
            return None
        if nonempty and not v.strip():
            self.err(f"{path}.{field}", "empty string")
        return v

    def boolean(self, o, field, path, required=False):
        v = o.get(field)
        if v is None:
            if required:
                self.err(f"{path}.{field}", "missing")
            return None
        if not isinstance(v, bool):
            self.err(f"{path}.{field}", "expected true or false")
        return v

    def integer(self, o, field, path, required=False, lo=0, hi=None):
        v = o.get(field)
        if v is None:
            if required:
                self.err(f"{path}.{field}", "missing")
            return None
        if isinstance(v, bool) or not isinstance(v, int):
            self.err(f"{path}.{field}", f"expected an integer, got {v!r}")
            return None
        if v < lo or (hi is not None and v > hi):
            self.err(f"{path}.{field}", f"out of range: {v}")
        return v

    def enum(self, o, field, path, allowed, required=True):
        v = o.get(field)
        if v is None:
            if required:
                self.err(f"{path}.{field}", "missing")
            return None
        if v not in allowed:
            self.err(f"{path}.{field}", f"invalid value {v!r}; expected one of "
                                        f"{', '.join(sorted(allowed))}")
            return None
        return v

    def parse_date(self, v, path):
        if not isinstance(v, str) or not DATE_RE.match(v):
            self.err(path, f"not a date YYYY-MM-DD: {v!r}")
            return None
        try:
            return date.fromisoformat(v)
        except ValueError:
            self.err(path, f"invalid date: {v!r}")
            return None

    def date_field(self, o, field, path, required=False):
        v = o.get(field)
        if v is None:
            if required:
                self.err(f"{path}.{field}", "missing")
            return None
        return self.parse_date(v, f"{path}.{field}")

    def ts_field(self, o, field, path, required=False, tz=None):
        v = o.get(field)
        if v is None:
            if required:
                self.err(f"{path}.{field}", "missing")
            return None
        if not isinstance(v, str) or not TS_RE.match(v):
            self.err(f"{path}.{field}", f"not an RFC 3339 timestamp with offset: {v!r}")
            return None
        try:
            t = datetime.fromisoformat(v.replace("z", "Z").replace("Z", "+00:00")
                                       .replace("t", "T"))
        except ValueError:
            self.err(f"{path}.{field}", f"invalid timestamp: {v!r}")
            return None
        if self.demo and tz is not None:
            expected = t.astimezone(tz).utcoffset()
            if t.utcoffset() != expected:
                self.err(f"{path}.{field}", f"offset {v[-6:]} does not match the body's time "
                                            f"zone at that instant (expected "
                                            f"{_fmt_off(expected)})")
            if t.astimezone(tz).date() > DEMO_LAST_DAY and field not in ("starts_at", "ends_at",
                                                                         "due_at"):
                self.err(f"{path}.{field}", f"after the demo's last day {DEMO_LAST_DAY}: {v}")
        return t

    def unique_keys(self, items, path, what):
        seen: dict[str, int] = {}
        for i, it in enumerate(items):
            if not isinstance(it, dict):
                continue
            k = it.get("key")
            if not isinstance(k, str) or not k or not KEY_RE.match(k):
                self.err(f"{path}[{i}].key", f"missing or invalid {what} key: {k!r}")
                continue
            if k in seen:
                self.err(f"{path}[{i}].key", f"duplicate {what} key {k!r} (first at "
                                            f"{path}[{seen[k]}])")
            else:
                seen[k] = i
        return seen

    # -- document -----------------------------------------------------------
    def check(self, doc) -> None:
        if not self.obj(doc, "$", "doc"):
            return
        if doc.get("format") != FORMAT:
            self.err("format", f"expected {FORMAT!r}, got {doc.get('format')!r}")
        auths = self.lst(doc, "authorities", "$")
        bodies = self.lst(doc, "bodies", "$")
        auth_keys = self.unique_keys(auths, "authorities", "authority")
        self.unique_keys(bodies, "bodies", "body")
        for i, a in enumerate(auths):
            self.authority(a, f"authorities[{i}]")
        for i, b in enumerate(bodies):
            self.body(b, f"bodies[{i}]", auth_keys)

    def authority(self, a, p):
        if not self.obj(a, p, "authority"):
            return
        self.string(a, "name", p)
        self.string(a, "acronym", p, required=False)
        self.enum(a, "level", p, AUTH_LEVELS)
        self.integer(a, "response_days", p, required=True)
        self.enum(a, "day_kind", p, DAY_KINDS)
        hol = a.get("holidays")
        if hol is not None:
            if not isinstance(hol, list):
                self.err(f"{p}.holidays", "expected a list of dates")
            else:
                for j, h in enumerate(hol):
                    self.parse_date(h, f"{p}.holidays[{j}]")
                if len(set(map(str, hol))) != len(hol):
                    self.err(f"{p}.holidays", "duplicate dates")
        email = self.string(a, "email", p, required=False)
        if email is not None and "@" not in email:
            self.err(f"{p}.email", f"not an e-mail address: {email!r}")

    def body(self, b, p, auth_keys):
        if not self.obj(b, p, "body"):
            return
        self.string(b, "name", p)
        self.enum(b, "level", p, BODY_LEVELS)
        self.string(b, "jurisdiction", p, required=False)
        tzname = self.string(b, "timezone", p)
        tz = None
        if tzname is not None and ZoneInfo is not None:
            try:
                tz = ZoneInfo(tzname)
            except (ZoneInfoNotFoundError, ValueError):
                self.err(f"{p}.timezone", f"unknown IANA time zone {tzname!r}")
        for j, g in enumerate(self.lst(b, "groups_served", p, required=False)):
            if g not in GROUPS:
                self.err(f"{p}.groups_served[{j}]", f"invalid value {g!r}")
        for j, r in enumerate(self.lst(b, "regions", p, required=False)):
            if not isinstance(r, str) or not r.strip():
                self.err(f"{p}.regions[{j}]", "expected a non-empty string")
        self.integer(b, "seats", p)
        self.integer(b, "meetings_per_year", p)
        self.integer(b, "quorum_percent", p, hi=100)
        self.integer(b, "response_days", p)

        members = self.lst(b, "members", p)
        meetings = self.lst(b, "meetings", p)
        demands = self.lst(b, "demands", p)
        member_keys = self.unique_keys(members, f"{p}.members", "member")
        meeting_keys = self.unique_keys(meetings, f"{p}.meetings", "meeting")
        self.unique_keys(demands, f"{p}.demands", "demand")

        terms = {}
        for i, m in enumerate(members):
            terms_entry = self.member(m, f"{p}.members[{i}]")
            if terms_entry and isinstance(m.get("key"), str):
                terms[m["key"]] = terms_entry
        meeting_info = {}
        for i, mt in enumerate(meetings):
            info = self.meeting(mt, f"{p}.meetings[{i}]", member_keys, terms, tz)
            if info and isinstance(mt.get("key"), str):
                meeting_info[mt["key"]] = info
        for i, d in enumerate(demands):
            self.demand(d, f"{p}.demands[{i}]", auth_keys, member_keys, meeting_keys, terms,
                        meeting_info, tz)

    def member(self, m, p):
        if not self.obj(m, p, "member"):
            return None
        self.string(m, "name", p)
        email = self.string(m, "email", p, required=False)
        if email is not None and "@" not in email:
            self.err(f"{p}.email", f"not an e-mail address: {email!r}")
        self.boolean(m, "public", p)
        self.enum(m, "role", p, ROLES)
        self.enum(m, "gender", p, GENDERS)
        self.enum(m, "migrant_group", p, GROUPS)
        self.string(m, "region", p, required=False)
        c = m.get("country")
        if c is not None and (not isinstance(c, str) or not ISO2_RE.match(c)):
            self.err(f"{p}.country", f"not an ISO 3166-1 alpha-2 code: {c!r}")
        start = self.date_field(m, "term_start", p, required=True)
        end = self.date_field(m, "term_end", p)
        wd = self.date_field(m, "withdrawn_on", p)
        if start and end and end < start:
            self.err(f"{p}.term_end", f"term ends ({end}) before it starts ({start})")
        if self.demo and start and wd and (wd < start or (end and wd > end)):
            self.err(f"{p}.withdrawn_on", f"withdrawal {wd} outside the term")
        return (start, end, wd, m.get("role"))

    @staticmethod
    def active(entry, d):
        start, end, wd, _ = entry
        return (start is not None and start <= d and (end is None or d <= end)
                and (wd is None or d < wd))

    def meeting(self, mt, p, member_keys, terms, tz):
        if not self.obj(mt, p, "meeting"):
            return None
        self.string(mt, "title", p)
        self.enum(mt, "kind", p, MEETING_KINDS)
        status = self.enum(mt, "status", p, MEETING_STATUS)
        start = self.ts_field(mt, "starts_at", p, required=True, tz=tz)
        end = self.ts_field(mt, "ends_at", p, tz=tz)
        if start and end and end < start:
            self.err(f"{p}.ends_at", "meeting ends before it starts")
        self.string(mt, "location", p, required=False)
        self.string(mt, "agenda", p, required=False)
        self.string(mt, "minutes", p, required=False)
        pub = self.ts_field(mt, "minutes_published_at", p, tz=tz)
        att = mt.get("attendance")
        local_day = start.astimezone(tz).date() if (start and tz) else (start.date() if start
                                                                        else None)
        if att is not None:
            if not isinstance(att, dict):
                self.err(f"{p}.attendance", "expected an object {member key: status}")
            else:
                for k, v in att.items():
                    if k not in member_keys:
                        self.err(f"{p}.attendance.{k}", f"attendance for a member not in the "
                                                       f"body: {k!r}")
                    elif self.demo and local_day and k in terms and \
                            not self.active(terms[k], local_day):
                        self.err(f"{p}.attendance.{k}", f"member not active on {local_day}")
                    if v not in ATTENDANCE:
                        self.err(f"{p}.attendance.{k}", f"invalid value {v!r}")
        if self.demo and start and local_day:
            if status == "scheduled" and local_day <= DEMO_TODAY:
                self.err(f"{p}.status", "scheduled meeting in the demo's past")
            if status in ("held", "cancelled") and local_day > DEMO_LAST_DAY:
                self.err(f"{p}.status", f"{status} meeting after the demo's last day")
            if status != "held" and att:
                self.err(f"{p}.attendance", f"attendance recorded for a {status} meeting")
            if status == "held" and not att:
                self.err(f"{p}.attendance", "held meeting without attendance")
            if pub and pub < start:
                self.err(f"{p}.minutes_published_at", "minutes published before the meeting")
            if pub and not mt.get("minutes"):
                self.err(f"{p}.minutes_published_at", "publication date without minutes")
        return (status, start)

    def demand(self, d, p, auth_keys, member_keys, meeting_keys, terms, meeting_info, tz):
        if not self.obj(d, p, "demand"):
            return
        self.string(d, "title", p)
        self.string(d, "text", p)
        self.enum(d, "topic", p, TOPICS)
        self.boolean(d, "confidential", p)
        sub = self.ts_field(d, "submitted_at", p, required=True, tz=tz)
        by = d.get("submitted_by")
        if by is None:
            self.err(f"{p}.submitted_by", "missing")
        elif by not in member_keys:
            self.err(f"{p}.submitted_by", f"unknown member {by!r}")
        elif self.demo and sub and tz:
            day = sub.astimezone(tz).date()
            if not self.active(terms[by], day):
                self.err(f"{p}.submitted_by", f"member {by!r} not active on {day}")
        mk = d.get("meeting")
        if mk is not None:
            if mk not in meeting_keys:
                self.err(f"{p}.meeting", f"unknown meeting {mk!r}")
            elif self.demo and sub and mk in meeting_info:
                status, mstart = meeting_info[mk]
                if status != "held":
                    self.err(f"{p}.meeting", f"adopted at a meeting that was not held ({status})")
                if mstart and mstart > sub:
                    self.err(f"{p}.meeting", "adopting meeting starts after the submission")
        refs = self.lst(d, "referrals", p)
        seen_auth: dict[str, int] = {}
        for j, r in enumerate(refs):
            rp = f"{p}.referrals[{j}]"
            if not self.obj(r, rp, "referral"):
                continue
            a = r.get("authority")
            if a is None:
                self.err(f"{rp}.authority", "missing")
            elif a not in auth_keys:
                self.err(f"{rp}.authority", f"unknown authority {a!r}")
            elif a in seen_auth:
                self.err(f"{rp}.authority", f"duplicate referral to {a!r} (first at "
                                            f"{p}.referrals[{seen_auth[a]}])")
            else:
                seen_auth[a] = j
            self.ts_field(r, "due_at", rp, tz=tz)
            self.events(r, rp, sub, tz)

    def events(self, r, rp, sub, tz):
        prev = None
        open_req = False
        first_answer = None
        for k, e in enumerate(self.lst(r, "events", rp)):
            ep = f"{rp}.events[{k}]"
            if not self.obj(e, ep, "event"):
                continue
            kind = self.enum(e, "kind", ep, EVENT_KINDS)
            self.string(e, "text", ep, required=False, nonempty=False)
            at = self.ts_field(e, "at", ep, required=True, tz=tz)
            url = e.get("evidence_url")
            if url is not None:
                if not isinstance(url, str) or not re.match(r"^https?://\S+$", url):
                    self.err(f"{ep}.evidence_url", f"not a URL: {url!r}")
                elif self.demo and not url.startswith("https://"):
                    self.err(f"{ep}.evidence_url", "demo evidence must be https")
            if at is not None:
                if prev is not None and at < prev:
                    self.err(f"{ep}.at", "event out of time order within the referral")
                if sub is not None and at < sub:
                    self.err(f"{ep}.at", "event before the demand was submitted")
                elif self.demo and sub is not None and at == sub:
                    self.err(f"{ep}.at", "event at the very instant of submission")
                prev = at if prev is None or at > prev else prev
            if kind == "clarification_requested":
                open_req = True
            elif kind == "clarification_provided":
                if not open_req:
                    self.err(f"{ep}.kind", "clarification_provided without an open "
                                          "clarification_requested")
                open_req = False
            elif kind in SUBSTANTIVE and at is not None and first_answer is None:
                first_answer = at
        prev_a = None
        for k, a in enumerate(self.lst(r, "assessments", rp, required=False)):
            ap = f"{rp}.assessments[{k}]"
            if not self.obj(a, ap, "assessment"):
                continue
            self.enum(a, "verdict", ap, VERDICTS)
            self.string(a, "note", ap, required=False, nonempty=False)
            at = self.ts_field(a, "at", ap, required=True, tz=tz)
            if at is None:
                continue
            if sub is not None and at < sub:
                self.err(f"{ap}.at", "assessment before the demand was submitted")
            if self.demo:
                if first_answer is None or at < first_answer:
                    self.err(f"{ap}.at", "verdict before any substantive answer")
                if prev_a is not None and at < prev_a:
                    self.err(f"{ap}.at", "assessments out of time order")
            prev_a = at


def _fmt_off(td: timedelta | None) -> str:
    if td is None:
        return "?"
    total = int(td.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    h, m = divmod(abs(total), 60)
    return f"{sign}{h:02d}:{m:02d}"


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    demo = "--import-rules-only" not in argv
    path = Path(args[0]) if args else Path(__file__).resolve().with_name("voces-demo.json")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        print(f"$: cannot read {path}: {e}")
        return 1
    c = Checker(demo)
    c.check(doc)
    if c.errors:
        for e in c.errors:
            print(e)
        print(f"{len(c.errors)} problem(s) found in {path}")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
