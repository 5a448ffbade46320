#!/usr/bin/env python3
"""Independent reference implementation of the accountability metrics.

Implements /work/shared/spec/metrics.md literally, reading a dataset in the
`voces-dataset/1` format (/work/shared/spec/dataset.md).  Standard library
only.

Usage:
    python3 reference.py DATASET.json QUERIES.json

QUERIES.json is a JSON list of
    {"kind": "body" | "authority", "key": "...", "as_of": "..."}
where as_of is an RFC 3339 instant or a date YYYY-MM-DD (meaning
YYYY-MM-DDT23:59:59Z); a missing/null as_of means "now" (truncated to the
second).  Prints one JSON list: for each query the metrics object described
under "JSON shape" in metrics.md, or {"error": "not found"} for an unknown
key.

Instants are kept as timezone-aware datetimes (microsecond precision), so all
comparisons are exact; only rates, medians and day counts are floats.
"""

import json
import sys
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from zoneinfo import ZoneInfo

UTC = timezone.utc
DAY = timedelta(seconds=86400)
WINDOW = timedelta(seconds=365 * 86400)

SUBSTANTIVE = ("accepted", "partially_accepted", "rejected", "implemented")
STATUSES = ("awaiting", "awaiting_clarification", "accepted",
            "partially_accepted", "rejected", "implemented")
POSITIVE = ("accepted", "partially_accepted", "implemented")
GENDERS = ("woman", "man", "non_binary", "other", "undisclosed")


# --------------------------------------------------------------------------
# Parsing helpers
# --------------------------------------------------------------------------

def parse_instant(s):
    """RFC 3339 timestamp with offset -> aware datetime in UTC."""
    t = s.strip()
    # fromisoformat (3.11) accepts 'Z' and offsets; normalise lower-case t/z.
    t = t.replace("t", "T").replace("z", "Z")
    dt = datetime.fromisoformat(t)
    if dt.tzinfo is None:
        raise ValueError("timestamp without offset: %r" % s)
    return dt.astimezone(UTC)


def parse_date(s):
    return date.fromisoformat(s)


def opt(obj, name):
    """Optional field: absent or null -> None."""
    return obj.get(name)


def parse_as_of(s):
    """as_of: a date YYYY-MM-DD means YYYY-MM-DDT23:59:59Z; else RFC 3339."""
    if s is None:
        return datetime.now(UTC).replace(microsecond=0)
    s = s.strip()
    if len(s) == 10 and s[4] == "-" and s[7] == "-":
        d = date.fromisoformat(s)
        return datetime(d.year, d.month, d.day, 23, 59, 59, tzinfo=UTC)
    return parse_instant(s)


def echo_instant(t):
    """UTC, Z suffix, seconds precision (fractional seconds truncated)."""
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def days_between(later, earlier):
    """Duration in days: seconds / 86,400, fractional."""
    return (later - earlier) / DAY  # timedelta / timedelta -> float


def rate(num, den):
    """A rate whose denominator is 0 is null, never 0."""
    if den == 0:
        return None
    return num / den


def median(values):
    if not values:
        return None
    v = sorted(values)
    n = len(v)
    if n % 2 == 1:
        return v[n // 2]
    return (v[n // 2 - 1] + v[n // 2]) / 2


def weighted_score(parts):
    """100 x weighted mean of the non-null parts; null when all are null."""
    num = 0.0
    den = 0
    for value, weight in parts:
        if value is None:
            continue
        num += weight * value
        den += weight
    if den == 0:
        return None
    return 100 * num / den


# --------------------------------------------------------------------------
# Members
# --------------------------------------------------------------------------

def member_active(m, d):
    """Active on date d: term_start <= d, (no term_end or d <= term_end),
    (no withdrawn_on or d < withdrawn_on)."""
    if parse_date(m["term_start"]) > d:
        return False
    te = opt(m, "term_end")
    if te is not None and d > parse_date(te):
        return False
    wd = opt(m, "withdrawn_on")
    if wd is not None and not d < parse_date(wd):
        return False
    return True


def seat_holders(body, d):
    return [m for m in body["members"]
            if member_active(m, d) and m["role"] != "alternate"]


def alternates(body, d):
    return [m for m in body["members"]
            if member_active(m, d) and m["role"] == "alternate"]


# --------------------------------------------------------------------------
# Referrals: the clock
# --------------------------------------------------------------------------

class Referral:
    """One demand addressed to one authority, with everything precomputed
    that does not depend on T."""

    def __init__(self, body, demand, ref, authority, tz):
        self.body_key = body["key"]
        self.authority_key = ref["authority"]
        self.submitted = parse_instant(demand["submitted_at"])
        # Events and verdicts, with their list index for tie-breaking
        # ("the one recorded later (later in the referral's list) wins").
        # A stable sort by time keeps list order among equal timestamps.
        evs = [(parse_instant(e["at"]), i, e["kind"])
               for i, e in enumerate(ref.get("events") or [])]
        self.events = sorted(evs, key=lambda x: (x[0], x[1]))
        vs = [(parse_instant(a["at"]), i, a["verdict"])
              for i, a in enumerate(ref.get("assessments") or [])]
        self.verdicts = sorted(vs, key=lambda x: (x[0], x[1]))
        due_at = opt(ref, "due_at")
        if due_at is not None:
            self.base = parse_instant(due_at)
        else:
            self.base = compute_base_deadline(self.submitted, body, authority, tz)

    def state(self, T):
        """Everything about this referral as of T (only events at <= T)."""
        evs = [e for e in self.events if e[0] <= T]

        # Pauses: a clarification_requested opens a pause (if none is open
        # and the clock has not run out: it must come before the effective
        # deadline of its moment, base + the pauses closed by then); the
        # next clarification_provided closes it.  A provided without an
        # open pause is ignored.
        closed = []          # list of (opened_at, closed_at)
        open_at = None
        for at, _i, kind in evs:
            if kind == "clarification_requested":
                effective_then = self.base + sum(
                    (c - o for o, c in closed if c <= at), timedelta(0))
                if open_at is None and at < effective_then:
                    open_at = at
            elif kind == "clarification_provided":
                if open_at is not None:
                    closed.append((open_at, at))
                    open_at = None
        paused = open_at is not None

        subs = [e for e in evs if e[2] in SUBSTANTIVE]
        answered = bool(subs)
        first_answer = min(e[0] for e in subs) if subs else None
        if subs:
            # latest substantive event; ties on time -> later in list wins
            status = max(subs, key=lambda e: (e[0], e[1]))[2]
        elif paused:
            status = "awaiting_clarification"
        else:
            status = "awaiting"

        # Effective deadline at T: base + pauses closed at or before T
        # (all pauses in `closed` closed at <= T since evs is filtered).
        paused_total = sum((c - o for o, c in closed), timedelta(0))
        effective = self.base + paused_total
        due = (not paused) and effective <= T
        overdue = due and not answered

        on_time = False
        if answered:
            # base + the pauses closed at or before the first answer
            extra = sum((c - o for o, c in closed if c <= first_answer),
                        timedelta(0))
            on_time = first_answer <= self.base + extra

        vs = [v for v in self.verdicts if v[0] <= T]
        latest_verdict = max(vs, key=lambda v: (v[0], v[1]))[2] if vs else None

        return {
            "answered": answered,
            "first_answer": first_answer,
            "status": status,
            "paused": paused,
            "due": due,
            "overdue": overdue,
            "on_time": on_time,
            "latest_verdict": latest_verdict,
        }


_deadline_cache = {}


def compute_base_deadline(submitted, body, authority, tz):
    """Base deadline when no due_at is recorded.

    N = body's response_days if set, else the authority's.
    calendar: submitted + N x 86,400 s.
    business: start at submitted; repeat "add 86,400 s; if the date there, in
    the body's time zone, is Mon-Fri and not an authority holiday, count it"
    until N are counted.  N = 0 -> the submission time."""
    n = opt(body, "response_days")
    if n is None:
        n = authority["response_days"]
    kind = authority["day_kind"]
    ck = (submitted, body["key"], authority["key"], n, kind)
    if ck in _deadline_cache:
        return _deadline_cache[ck]
    if kind == "calendar":
        result = submitted + n * DAY
    elif kind == "business":
        holidays = set(parse_date(h) for h in (authority.get("holidays") or []))
        t = submitted
        counted = 0
        while counted < n:
            t = t + DAY  # exactly 86,400 s, in absolute time
            local = t.astimezone(tz).date()
            if local.weekday() < 5 and local not in holidays:
                counted += 1
        result = t
    else:
        raise ValueError("unknown day_kind %r" % kind)
    _deadline_cache[ck] = result
    return result


# --------------------------------------------------------------------------
# Dataset model
# --------------------------------------------------------------------------

class Dataset:
    def __init__(self, doc):
        self.authorities = {a["key"]: a for a in doc["authorities"]}
        self.bodies = {}
        self.tz = {}
        self.referrals = []          # all Referral objects
        self.by_body = {}            # body key -> [Referral]
        for b in doc["bodies"]:
            self.bodies[b["key"]] = b
            tz = ZoneInfo(b["timezone"])
            self.tz[b["key"]] = tz
            # parse meeting times once
            for m in b["meetings"]:
                m["_starts"] = parse_instant(m["starts_at"])
                mp = opt(m, "minutes_published_at")
                m["_minutes"] = parse_instant(mp) if mp is not None else None
            refs = []
            for d in b["demands"]:
                d["_submitted"] = parse_instant(d["submitted_at"])
                for r in d.get("referrals") or []:
                    ref = Referral(b, d, r, self.authorities[r["authority"]], tz)
                    refs.append(ref)
            self.by_body[b["key"]] = refs
            self.referrals.extend(refs)


def in_window(x, T):
    """W = (T - 365 days, T], half-open."""
    return T - WINDOW < x <= T


# --------------------------------------------------------------------------
# Answer figures over a set of referrals
# --------------------------------------------------------------------------

def answer_figures(R, all_refs, T):
    """R: referrals of demands submitted in W.  all_refs: referrals of demands
    submitted at or before T (for overdue_open)."""
    states = [(r, r.state(T)) for r in R]
    referrals = len(R)
    considered = sum(1 for _r, s in states if s["answered"] or s["due"])
    answered = sum(1 for _r, s in states if s["answered"])
    on_time = sum(1 for _r, s in states if s["answered"] and s["on_time"])
    days = [days_between(s["first_answer"], r.submitted)
            for r, s in states if s["answered"]]
    accepted_like_answered = sum(1 for _r, s in states
                                 if s["answered"] and s["status"] in POSITIVE)
    n_positive = sum(1 for _r, s in states if s["status"] in POSITIVE)
    n_impl = sum(1 for _r, s in states if s["status"] == "implemented")
    n_contested = sum(1 for _r, s in states
                      if s["status"] == "implemented"
                      and s["latest_verdict"] == "unsatisfied")
    overdue_open = sum(1 for r in all_refs if r.state(T)["overdue"])
    counts = {k: 0 for k in STATUSES}
    for _r, s in states:
        counts[s["status"]] += 1
    return {
        "referrals": referrals,
        "considered": considered,
        "answered": answered,
        "response_rate": rate(answered, considered),
        "on_time_rate": rate(on_time, considered),
        "median_days_to_answer": median(days),
        "acceptance_rate": rate(accepted_like_answered, answered),
        "implementation_rate": rate(n_impl, n_positive),
        "contested_rate": rate(n_contested, n_impl),
        "overdue_open": overdue_open,
        "status_counts": counts,
    }


def responsiveness(ans):
    return weighted_score([(ans["response_rate"], 2),
                           (ans["on_time_rate"], 1),
                           (ans["implementation_rate"], 1)])


# --------------------------------------------------------------------------
# Per body
# --------------------------------------------------------------------------

def body_metrics(ds, key, T):
    body = ds.bodies.get(key)
    if body is None:
        return {"error": "not found"}
    tz = ds.tz[key]
    dT = T.astimezone(tz).date()          # date(T) in the body's zone

    # ---- composition (seat holders on date(T))
    holders = seat_holders(body, dT)
    alts = alternates(body, dT)
    seats = opt(body, "seats")
    # seats = 0 gives null (seat_fill_rate); the seats value itself is echoed.
    fill = rate(len(holders), seats) if seats else None
    gender = {g: 0 for g in GENDERS}
    for m in holders:
        gender[m["gender"]] += 1
    wm = gender["woman"] + gender["man"]
    balance = None if wm == 0 else 1 - abs(gender["woman"] - gender["man"]) / wm
    groups = set(body.get("groups_served") or [])
    held_groups = set(m["migrant_group"] for m in holders)
    group_cov = rate(len(groups & held_groups), len(groups))
    regions = set(body.get("regions") or [])
    held_regions = set(opt(m, "region") for m in holders) - {None}
    region_cov = rate(len(regions & held_regions), len(regions))
    horizon = dT + timedelta(days=90)
    expiring = sum(1 for m in holders
                   if opt(m, "term_end") is not None
                   and dT < parse_date(m["term_end"]) <= horizon)
    composition = {
        "members_active": len(holders),
        "alternates_active": len(alts),
        "seats": seats,
        "seat_fill_rate": fill,
        "gender": gender,
        "gender_balance": balance,
        "group_coverage": group_cov,
        "region_coverage": region_cov,
        "terms_expiring_90d": expiring,
    }

    # ---- meetings with starts_at in W (status as recorded)
    mw = [m for m in body["meetings"] if in_window(m["_starts"], T)]
    held = [m for m in mw if m["status"] == "held"]
    cancelled = [m for m in mw if m["status"] == "cancelled"]
    mpy = opt(body, "meetings_per_year")
    # Only ordinary sessions meet the mandate (metrics.md, 2026-12).
    ordinary = [m for m in held if m.get("kind", "ordinary") != "extraordinary"]
    regularity = min(1, len(ordinary) / mpy) if mpy else None
    if regularity is not None:
        regularity = float(regularity)
    qp = opt(body, "quorum_percent")
    if qp is None:
        qp = 50
    qfrac = Fraction(qp) / 100   # exact comparison, no float rounding
    att_num = 0
    att_den = 0
    q_num = 0
    q_den = 0
    minutes_days = []
    for m in held:
        att = m.get("attendance") or {}
        att_den += len(att)
        att_num += sum(1 for v in att.values() if v in ("present", "remote"))
        if att:
            q_den += 1
            mdate = m["_starts"].astimezone(tz).date()
            sh = set(x["key"] for x in seat_holders(body, mdate))
            present_sh = sum(1 for k, v in att.items()
                             if k in sh and v in ("present", "remote"))
            # zero seat holders -> does not reach quorum
            if sh and Fraction(present_sh, len(sh)) >= qfrac:
                q_num += 1
        if m["_minutes"] is not None and m["_minutes"] <= T:
            minutes_days.append(days_between(m["_minutes"], m["_starts"]))
    meetings = {
        "meetings_held": len(held),
        "meetings_cancelled": len(cancelled),
        "meeting_regularity": regularity,
        "attendance_rate": rate(att_num, att_den),
        "quorum_rate": rate(q_num, q_den),
        "minutes_rate": rate(len(minutes_days), len(held)),
        "median_days_to_minutes": median(minutes_days),
    }

    # ---- demands with submitted_at in W
    dw = [d for d in body["demands"] if in_window(d["_submitted"], T)]
    topics = {}
    for d in dw:
        topics[d["topic"]] = topics.get(d["topic"], 0) + 1
    demands = {
        "demands_submitted": len(dw),
        "adopted_in_meeting_rate": rate(
            sum(1 for d in dw if opt(d, "meeting") is not None), len(dw)),
        "topics": topics,
    }

    # ---- answers
    refs = ds.by_body[key]
    R = [r for r in refs if in_window(r.submitted, T)]
    all_refs = [r for r in refs if r.submitted <= T]
    answers = answer_figures(R, all_refs, T)

    scores = {
        "responsiveness_score": responsiveness(answers),
        "regularity_score": weighted_score([
            (meetings["meeting_regularity"], 1),
            (meetings["quorum_rate"], 1),
            (meetings["minutes_rate"], 1)]),
        "representativeness_score": weighted_score([
            (balance, 1), (group_cov, 1), (region_cov, 1),
            (None if fill is None else min(1, fill), 1)]),
    }
    return {
        "body": key,
        "as_of": echo_instant(T),
        "composition": composition,
        "meetings": meetings,
        "demands": demands,
        "answers": answers,
        "scores": scores,
        "low_sample": answers["considered"] < 5,
    }


# --------------------------------------------------------------------------
# Per authority
# --------------------------------------------------------------------------

def authority_metrics(ds, key, T):
    if key not in ds.authorities:
        return {"error": "not found"}
    refs = [r for r in ds.referrals if r.authority_key == key]
    R = [r for r in refs if in_window(r.submitted, T)]
    all_refs = [r for r in refs if r.submitted <= T]
    answers = answer_figures(R, all_refs, T)
    by_body = {}
    # an entry for every body with at least one referral to the authority
    # from a demand submitted at or before T (in dataset body order)
    for bkey in ds.bodies:
        b_all = [r for r in all_refs if r.body_key == bkey]
        if not b_all:
            continue
        b_R = [r for r in R if r.body_key == bkey]
        by_body[bkey] = answer_figures(b_R, b_all, T)
    return {
        "authority": key,
        "as_of": echo_instant(T),
        "answers": answers,
        "scores": {"responsiveness_score": responsiveness(answers)},
        "low_sample": answers["considered"] < 5,
        "by_body": by_body,
    }


def run(ds, queries):
    out = []
    for q in queries:
        T = parse_as_of(q.get("as_of"))
        if q["kind"] == "body":
            out.append(body_metrics(ds, q["key"], T))
        elif q["kind"] == "authority":
            out.append(authority_metrics(ds, q["key"], T))
        else:
            raise ValueError("unknown query kind %r" % q["kind"])
    return out


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: reference.py DATASET.json QUERIES.json\n")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        doc = json.load(f)
    with open(argv[2], encoding="utf-8") as f:
        queries = json.load(f)
    ds = Dataset(doc)
    json.dump(run(ds, queries), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
