#!/usr/bin/env python3
"""Writes under read load (issue 27): while `wrk` reads the home page, the
body dashboard and the body metrics API, this submits demands and answers
through the HTTP forms, with a real session, at `--rate` writes per second.

For each write: how long its POST took (to its 303), and how long after the
303 its effect was in the body's figures (the metrics API polled until
`demands_submitted`, or `answered`, has grown by it). For the reads: wrk's
requests per second, p50/p99 and errors. Prints them beside the budgets
(read p99 ≤ 50 ms, 0 errors, every write visible within 2 s, write p50 ≤
50 ms); asserts nothing.

Run by `make bench` against its dataset, or on its own against a server
already running with an administrator's invitation:

    python3 server/bench/writes.py --base http://127.0.0.1:3000 --invite URL --body KEY --authority KEY
"""
import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402
from soak import request, sign_in  # noqa: E402  (no redirects followed; an invitation accepted)

BUDGET = {"read_p99_ms": 50, "visible_s": 2.0, "write_p50_ms": 50}


def figures(base, body):
    m = json.loads(bench.get(f"{base}/api/v1/bodies/{body}/metrics")[2])
    return m["demands"]["demands_submitted"], m["answers"]["answered"]


def post(base, path, form, cookie):
    form = dict(form)
    start = time.monotonic()
    status, headers, _ = request(base + path, form, cookie)
    return status, headers.get("Location", ""), (time.monotonic() - start) * 1000


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else 0.0


def run_writes(base, cookie, body, authority, member, rate, seconds, log=bench.log):
    """Alternately a demand to `authority` and the answer to the previous
    one; each write's POST time and visibility after its 303."""
    base_demands, base_answered = figures(base, body)
    writes, lock = [], threading.Lock()
    counts = {"demand": 0, "answer": 0}
    pending = None
    pollers = []

    def watch(kind, target, done_at, row):
        column = 0 if kind == "demand" else 1
        deadline = done_at + 30
        while time.monotonic() < deadline:
            try:
                if figures(base, body)[column] >= target:
                    row["visible_s"] = time.monotonic() - done_at
                    return
            except Exception:  # noqa: BLE001  (a failed poll is tried again)
                pass
            time.sleep(0.05)
        row["visible_s"] = None

    started = time.monotonic()
    total = int(rate * seconds)
    for i in range(total):
        due = started + i / rate
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        if pending is None:
            kind = "demand"
            status, location, ms = post(base, f"/bodies/{body}/demands/new", {
                "title": f"Banco de pruebas {i}: citas consulares",
                "text": "Una demanda del banco de pruebas de escrituras bajo lectura.",
                "topic": "documentation", "authorities": authority, "meeting": "",
                "submitted_by": member}, cookie)
            key = urllib.parse.unquote(urllib.parse.urlparse(location).path.rsplit("/", 1)[-1]) \
                if status == 303 else None
            pending = key
        else:
            kind = "answer"
            path = f"/bodies/{body}/demands/{urllib.parse.quote(pending)}/referrals/{authority}/events"
            status, location, ms = post(base, path, {"kind": "accepted", "text": "Aceptada.",
                                                     "evidence_url": "", "confirm": "yes"}, cookie)
            pending = None
        ok = status == 303 and "?error" not in location and "done=" in location
        row = {"kind": kind, "status": status, "ms": ms, "ok": ok}
        with lock:
            writes.append(row)
        if ok:
            counts[kind] += 1
            target = (base_demands if kind == "demand" else base_answered) + counts[kind]
            t = threading.Thread(target=watch, args=(kind, target, time.monotonic(), row), daemon=True)
            t.start()
            pollers.append(t)
    for t in pollers:
        t.join()
    return writes


READS_LUA = """
local paths = {}
function init(args) paths = args end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
"""


def under_load(base, pid, cookie, body, authority, member, rate=10, seconds=60, connections=32,
               log=bench.log):
    reads = ["/", f"/bodies/{body}", f"/api/v1/bodies/{body}/metrics"]
    for p in reads:
        bench.get(base + p, timeout=600)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(READS_LUA)
        script = f.name
    out = {}
    sampler = bench.Sampler(pid)
    sampler.start()

    def load():
        out["reads"] = bench.wrk(base + "/", seconds + 2, connections, 1, script=script, script_args=reads)

    reader = threading.Thread(target=load)
    reader.start()
    time.sleep(1)
    log(f"writes: {rate}/s for {seconds} s under wrk on {', '.join(reads)}")
    writes = run_writes(base, cookie, body, authority, member, rate, seconds, log)
    reader.join()
    sampler.stop.set()
    sampler.join()
    os.unlink(script)
    visible = [w["visible_s"] for w in writes if w.get("visible_s") is not None]
    out.update({
        "writes": len(writes), "write_errors": sum(1 for w in writes if not w["ok"]),
        "write_p50_ms": pct([w["ms"] for w in writes], 0.5),
        "write_p99_ms": pct([w["ms"] for w in writes], 0.99),
        "visible_p50_s": pct(visible, 0.5), "visible_max_s": max(visible, default=None),
        "never_visible": sum(1 for w in writes if w["ok"] and w.get("visible_s") is None),
        "rss_peak_mb": sampler.peak, "rate": rate, "seconds": seconds, "reads_paths": reads,
    })
    return out


def table(r):
    rd = r["reads"]
    read_ok = rd["p99_ms"] <= BUDGET["read_p99_ms"] and not rd["non_2xx"] and not rd["socket_errors"]
    vis_ok = r["never_visible"] == 0 and (r["visible_max_s"] or 0) <= BUDGET["visible_s"]
    errs = "" if not rd["non_2xx"] and not rd["socket_errors"] else f", errors: {rd['non_2xx']} non-2xx {rd['socket_errors'] or ''}"
    mark = lambda ok: "✓" if ok else "✗ over budget"  # noqa: E731
    return "\n".join([
        "| measure | figure | budget |", "|---|---|---|",
        f"| reads (home, body dashboard, body metrics API) during the writes | {rd['rps']:,.0f} req/s, p50 {rd['p50_ms']:.2f} ms, p99 {rd['p99_ms']:.2f} ms{errs} | p99 ≤ 50 ms, 0 errors {mark(read_ok)} |",
        f"| writes through the forms ({r['rate']}/s for {r['seconds']} s: demands and answers) | {r['writes']} writes, {r['write_errors']} refused or failed; p50 {r['write_p50_ms']:.1f} ms, p99 {r['write_p99_ms']:.1f} ms | p50 ≤ 50 ms {mark(r['write_p50_ms'] <= 50 and not r['write_errors'])} |",
        f"| each write in the figures, after its 303 | p50 {r['visible_p50_s']:.2f} s, at most {(r['visible_max_s'] or 0):.2f} s; never: {r['never_visible']} | ≤ 2 s {mark(vis_ok)} |",
        f"| server memory | peak {r['rss_peak_mb']:.0f} MB | ≤ 300 MB {mark(r['rss_peak_mb'] <= 300)} |",
    ])


def member_of(base, cookie, body):
    """A current member of `body`, in whose name the administrator submits."""
    status, _, data = request(f"{base}/bodies/{body}/members.csv", cookie=cookie)
    if status != 200:
        raise SystemExit(f"members.csv: {status}")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    today = time.strftime("%Y-%m-%d")
    for r in rows:
        if not r["withdrawn_on"] and r["term_start"] <= today and (not r["term_end"] or r["term_end"] >= today):
            return r["key"]
    raise SystemExit(f"{body} has no current member to submit in the name of")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="http://127.0.0.1:3000")
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--invite", help="an administrator's invitation link (server create-admin)")
    ap.add_argument("--server", help="the server binary, to make the invitation with create-admin")
    ap.add_argument("--body", required=True)
    ap.add_argument("--authority", required=True)
    ap.add_argument("--rate", type=float, default=10)
    ap.add_argument("--seconds", type=int, default=60)
    args = ap.parse_args()
    invite = args.invite or subprocess.run(
        [args.server, "create-admin", "--email", f"bench{int(time.time())}@voces.test"],
        check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    cookie = sign_in(args.base, invite, "Banco de pruebas")
    member = member_of(args.base, cookie, args.body)
    r = under_load(args.base, args.pid, cookie, args.body, args.authority, member, args.rate, args.seconds)
    print(table(r))
    print(json.dumps(r, indent=2), file=sys.stderr)


if __name__ == "__main__":
    main()
