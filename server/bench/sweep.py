#!/usr/bin/env python3
"""Every public route under load: 32 connections for 10 s each.

Issue 27, "no route is a lever": each public page, each API operation (read
from the server's own OpenAPI document, so a new one is swept without being
listed here), each download, feed, calendar, card and chart, and the query
shapes that reach the database afresh on every request (distinct searches,
pages picked at random far down the lists). Anonymous, as the public reads.
For each: requests per second, p50/p99, errors, and the server's resident
memory at its peak during the route. Prints a table; asserts nothing.

Run by `make bench` after its other loads (`run.py`), or on its own against a
server already running:

    python3 server/bench/sweep.py --base http://127.0.0.1:3000 --pid $(pidof server)
"""
import argparse
import json
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402  (the shared wrk and memory helpers)

HERE = os.path.dirname(os.path.abspath(__file__))
BUDGET = {"p99_ms": 500, "rss_mb": 300}


def api(base, path):
    return json.loads(bench.get(base + path)[2])


def keys(base, body=None, authority=None):
    """The keys the routes are filled with: the largest body and authority
    when the caller knows them, a demand and a meeting of that body, and how
    many pages the long lists have."""
    if body is None:
        bodies = api(base, "/api/v1/bodies")
        body = bodies[0]["key"]
    if authority is None:
        authority = api(base, "/api/v1/authorities")[0]["key"]
    page = api(base, f"/api/v1/demands?body={urllib.parse.quote(body)}")
    items = page.get("items") or page.get("demands") or []
    demand = items[0]["key"] if items else None
    meetings = api(base, f"/bodies/{body}/meetings.json")
    meetings = meetings if isinstance(meetings, list) else meetings.get("meetings", [])
    meeting = meetings[0].get("key") if meetings else None
    everything = api(base, "/api/v1/demands")
    total = everything.get("total", 25)
    referrals = api(base, "/api/v1/referrals").get("total", 25)
    return {"body": body, "authority": authority, "demand": demand, "meeting": meeting,
            "demand_pages": max(1, -(-total // 25)), "referral_pages": max(1, -(-referrals // 25))}


def openapi_routes(base, k):
    """Every GET operation of the API, its path parameters filled."""
    doc = api(base, "/api/v1/openapi.json")
    out = []
    for path, ops in sorted(doc["paths"].items()):
        if "get" not in ops:
            continue
        if path.startswith("/api/v1/bodies/{key}"):
            filled = path.replace("{key}", k["body"])
        elif path.startswith("/api/v1/authorities/{key}"):
            filled = path.replace("{key}", k["authority"])
        else:
            filled = path
        if "{demand}" in filled:
            if not k["demand"]:
                continue
            filled = filled.replace("{demand}", k["demand"])
        if "{" in filled:
            continue
        out.append((f"API {path}", filled, None, ()))
    return out


def routes(base, k):
    b, a, d, m = k["body"], k["authority"], k["demand"], k["meeting"]
    other = "comar" if a == "inm" else "inm"
    year = bench.time.strftime("%Y")
    last_year = str(int(year) - 1)
    pages = [
        ("page home", "/"),
        ("page figures by body", "/bodies"),
        ("page figures by body, far page", "/bodies?page=3"),
        ("page body dashboard", f"/bodies/{b}"),
        ("page authorities", "/authorities"),
        ("page authority dashboard", f"/authorities/{a}"),
        ("page demands", "/demands"),
        ("page demands, filtered", f"/demands?body={b}&topic=documentation&status=pending"),
        ("page referrals", "/referrals"),
        ("page meetings", "/meetings"),
        ("page body meetings", f"/bodies/{b}/meetings"),
        ("page comparison", f"/comparar?kind=authorities&k={a}&k={other}"),
        ("page annual report, body", f"/bodies/{b}/informe/{last_year}"),
        ("page annual report, authority", f"/authorities/{a}/informe/{last_year}"),
        ("page map", "/mapa"),
        ("page origins map", "/mapa/origenes"),
        ("page methodology", "/methodology"),
        ("page API", "/api"),
        ("page privacy", "/privacy"),
        ("page sign-in", "/login"),
        ("page follow", f"/follow?kind=body&target={b}"),
        ("feed site atom", "/feed.atom"),
        ("feed site json", "/feed.json"),
        ("feed demands atom", "/demands.atom"),
        ("feed body atom", f"/bodies/{b}/feed.atom"),
        ("feed authority atom", f"/authorities/{a}/feed.atom"),
        ("calendar all", "/calendar.ics"),
        ("calendar body", f"/bodies/{b}/calendar.ics"),
        ("card body", f"/bodies/{b}/card.png"),
        ("card authority", f"/authorities/{a}/card.png"),
        ("chart body", f"/bodies/{b}/charts/meetings.svg"),
        ("chart body, PNG", f"/bodies/{b}/charts/gender.png"),
        ("download demands of a list", f"/demands.csv?body={b}"),
        ("download meetings", f"/bodies/{b}/meetings.csv"),
        ("download roster", f"/bodies/{b}/roster.csv"),
    ]
    if d:
        pages += [("page demand", f"/bodies/{b}/demands/{d}"),
                  ("feed demand atom", f"/bodies/{b}/demands/{d}/feed.atom")]
    if m:
        pages.append(("page meeting", f"/bodies/{b}/meetings/{m}"))
    out = [(label, path, None, ()) for label, path in pages]
    out += openapi_routes(base, k)
    search = os.path.join(HERE, "search.lua")
    paged = os.path.join(HERE, "pages.lua")
    walk = os.path.join(HERE, "next.lua")
    out += [
        ("distinct searches, API", "/api/v1/search?q=…", search, ["/api/v1/search"]),
        ("distinct searches, /buscar", "/buscar?q=…", search, ["/buscar"]),
        ("distinct searches, /demands", "/demands?q=…", search, ["/demands"]),
        ("demands pages at random", f"/demands?page=1…{k['demand_pages']}", paged,
         ["/demands", str(k["demand_pages"])]),
        ("referrals pages at random", f"/referrals?page=1…{k['referral_pages']}", paged,
         ["/referrals", str(k["referral_pages"])]),
        ("API demands pages at random", f"/api/v1/demands?page=1…{k['demand_pages']}", paged,
         ["/api/v1/demands", str(k["demand_pages"])]),
        ("API demands pages by next links", "/api/v1/demands → next …", walk,
         ["/api/v1/demands"]),
        ("API referrals pages by next links", "/api/v1/referrals → next …", walk,
         ["/api/v1/referrals"]),
    ]
    return out


def settle(base, limit=180):
    """Waits until the server answers /healthz 200 within 50 ms three times
    in a row (a route's load may leave database work running after its
    clients left); how many seconds that took, None if it never did."""
    start = bench.time.monotonic()
    fine = 0
    while bench.time.monotonic() - start < limit:
        t0 = bench.time.monotonic()
        try:
            ok = bench.get(base + "/healthz", timeout=10)[0] == 200
        except Exception:  # noqa: BLE001  (not settled yet)
            ok = False
        fine = fine + 1 if ok and bench.time.monotonic() - t0 < 0.05 else 0
        if fine >= 3:
            return bench.time.monotonic() - start
        bench.time.sleep(0.5)
    return None


def sweep(base, pid, seconds=10, connections=32, threads=1, body=None, authority=None, log=bench.log,
          only=None):
    """Each route loaded in turn, once the server has settled from the
    previous one; one row per route (with `only`, the routes whose label
    holds one of its words)."""
    k = keys(base, body, authority)
    rows = []
    for label, path, script, script_args in routes(base, k):
        if only and not any(word in label for word in only):
            continue
        waited = settle(base)
        if waited is None or waited > 5:
            log(f"sweep: the server took {waited if waited is None else round(waited)} s to settle before {path}")
        url = base + (script_args[0] if script else path)
        if not script:
            # The first request pays what a cold route pays; the load
            # measures the route as it is served.
            try:
                # With the header `wrk` sends: a page is kept per encoding.
                bench.get(url, headers={"Accept-Encoding": "gzip"}, timeout=600)
            except Exception as e:  # noqa: BLE001  (reported in the row)
                rows.append({"label": label, "path": path, "error": str(e), "settled_after_s": waited})
                continue
        sampler = bench.Sampler(pid)
        sampler.start()
        log(f"sweep: {path} for {seconds} s")
        try:
            r = bench.wrk(base + (script_args[0] if script else path), seconds, connections, threads,
                          script=script, script_args=script_args)
        except Exception as e:  # noqa: BLE001
            r = {"error": str(e)}
        sampler.stop.set()
        sampler.join()
        rows.append(dict(r, label=label, path=path, rss_peak_mb=sampler.peak, settled_after_s=waited))
    return rows


def ok(r):
    return ("error" not in r and not r["non_2xx"] and not r["socket_errors"]
            and r["p99_ms"] <= BUDGET["p99_ms"] and r["rss_peak_mb"] <= BUDGET["rss_mb"])


def table(rows):
    lines = ["| route | req/s | p50 | p99 | errors | RSS peak | budget |", "|---|---|---|---|---|---|---|"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['label']} `{r['path']}` | | | | {r['error']} | | ✗ |")
            continue
        errs = r["non_2xx"] + (0 if not r["socket_errors"] else 1)
        detail = "0" if not errs else f"{r['non_2xx']} non-2xx {r['socket_errors'] or ''}".strip()
        lines.append(f"| {r['label']} `{r['path']}` | {r['rps']:,.0f} | {r['p50_ms']:.1f} ms | "
                     f"{r['p99_ms']:.1f} ms | {detail} | {r['rss_peak_mb']:.0f} MB | "
                     f"{'✓' if ok(r) else '✗'} |")
    met = sum(1 for r in rows if ok(r))
    for before, r in zip(rows, rows[1:]):
        waited = r.get("settled_after_s", 0)
        if waited is None or waited > 5:
            took = "more than 180 s" if waited is None else f"{waited:.0f} s"
            lines.append("")
            lines.append(f"After {before['label']} the server took {took} to answer /healthz "
                         "quickly again (database work its clients had left).")
    lines.append("")
    lines.append(f"{met} of {len(rows)} routes within 0 errors, p99 ≤ {BUDGET['p99_ms']} ms and "
                 f"RSS ≤ {BUDGET['rss_mb']} MB.")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="http://127.0.0.1:3000")
    ap.add_argument("--pid", type=int, required=True, help="the server's process, for its memory")
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--body")
    ap.add_argument("--authority")
    ap.add_argument("--out")
    ap.add_argument("--only", nargs="*", help="the routes whose label holds one of these words")
    args = ap.parse_args()
    rows = sweep(args.base, args.pid, args.seconds, args.connections, body=args.body,
                 authority=args.authority, only=args.only)
    text = table(rows)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
