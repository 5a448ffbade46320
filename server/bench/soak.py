#!/usr/bin/env python3
"""`make soak`: a fixed request rate for 60 s over a mix of reads and writes.

Starts the server (`--server`, default the debug build) on a fresh
SQLite database with the demo data and an administrator, then sends
`--rate` requests per second for `--seconds`: public pages, the figures
API, the demand list, and answers posted to referrals (a write that also
queues notices). Reports requests, errors (any 5xx or failed request),
latency p50/p99, and the server's resident memory: at the start of the
second half, at the end, its peak, and its growth over the second half
(flat when the server holds no growing state). Exits non-zero on any error.
"""
import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from run import rss_mb  # server/bench/run.py: the same sampler as make bench

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def request(url, data=None, cookie=None):
    headers = {}
    if cookie:
        headers["Cookie"] = cookie
    body = None
    if data is not None:
        body = urllib.parse.urlencode(data).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    req = urllib.request.Request(url, data=body, headers=headers)
    try:
        with OPENER.open(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def sign_in(base, invite, name):
    """Accepts an invitation (`server create-admin`) and returns its session cookie."""
    path = urllib.parse.urlparse(invite).path
    status, headers, _ = request(base + path, {"name": name, "password": "clave de la prueba 1",
                                              "confirm": "clave de la prueba 1", "locale": "es"})
    cookie = next((v.split(";")[0] for v in (headers.get_all("Set-Cookie") or [])
                   if v.startswith("voces_session=")), None)
    if status != 303 or not cookie:
        sys.exit(f"could not accept the invitation: {status}")
    return cookie


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rate", type=float, default=40.0, help="requests per second")
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--port", type=int, default=3460)
    ap.add_argument("--out", default="target/bench/soak.json")
    ap.add_argument("--server", default="target/debug/server")
    args = ap.parse_args()

    server = os.path.join(ROOT, args.server)
    tmp = tempfile.mkdtemp(prefix="voces-soak-")
    env = dict(os.environ,
               DATABASE_URL=f"sqlite://{tmp}/soak.db?mode=rwc",
               LEPTOS_SITE_ADDR=f"127.0.0.1:{args.port}",
               LEPTOS_SITE_ROOT=os.path.join(ROOT, "target/site"),
               MAIL_DIR=os.path.join(tmp, "mail"),
               RUST_LOG="warn")
    env.pop("SMTP_HOST", None)
    base = f"http://127.0.0.1:{args.port}"
    subprocess.run([server, "demo"], env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    invite = subprocess.run([server, "create-admin", "--email", "soak@voces.test"], env=env, check=True,
                            capture_output=True, text=True).stdout.strip().splitlines()[-1]
    proc = subprocess.Popen([server, "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                if request(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        cookie = sign_in(base, invite, "Soak")
        rows = csv.DictReader(io.StringIO(request(base + "/api/v1/referrals.csv")[2].decode("utf-8")))
        threads = [(r["body"], r["demand"], r["authority"]) for r in rows]
        if not threads:
            sys.exit("no referral to answer in the demo data")
        bodies = sorted({t[0] for t in threads})
        mix = ["/", "/demands", "/meetings"] + [f"/bodies/{b}" for b in bodies[:4]] + \
              [f"/api/v1/bodies/{b}/metrics" for b in bodies[:4]] + ["/api/v1/bodies"]

        results = []
        lock = threading.Lock()

        def one(i):
            if i % 5 == 4:
                b, d, a = threads[i % len(threads)]
                what, url, data, ck = "answer", f"{base}/bodies/{b}/demands/{d}/referrals/{a}/events", \
                    {"kind": "acknowledged", "text": f"Recibido {i}", "confirm": "yes"}, cookie
            else:
                what, url, data, ck = "read", base + mix[i % len(mix)], None, None
            start = time.monotonic()
            try:
                status = request(url, data, ck)[0]
            except Exception as e:  # noqa: BLE001 - any failure is an error to report
                status = f"{type(e).__name__}"
            with lock:
                results.append((what, status, time.monotonic() - start))

        samples = []
        stop = threading.Event()

        def sampler():
            while not stop.is_set():
                samples.append((time.monotonic(), rss_mb(proc.pid)))
                time.sleep(1)

        threading.Thread(target=sampler, daemon=True).start()
        started = time.monotonic()
        total = int(args.rate * args.seconds)
        with ThreadPoolExecutor(max_workers=32) as pool:
            for i in range(total):
                due = started + i / args.rate
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                pool.submit(one, i)
        stop.set()
        elapsed = time.monotonic() - started

        errors = [r for r in results if not isinstance(r[1], int) or r[1] >= 500]
        lat = sorted(r[2] * 1000 for r in results)
        pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else 0.0
        half = started + args.seconds / 2
        second = [m for t, m in samples if t >= half]
        report = {
            "requests": len(results), "seconds": elapsed, "rate": len(results) / elapsed,
            "writes": sum(1 for r in results if r[0] == "answer"),
            "errors": len(errors), "error_examples": [str(e) for e in errors[:5]],
            "statuses": {s: sum(1 for r in results if str(r[1]) == s) for s in sorted({str(r[1]) for r in results})},
            "p50_ms": pct(0.5), "p99_ms": pct(0.99),
            "rss_mid_mb": second[0] if second else 0, "rss_end_mb": second[-1] if second else 0,
            "rss_peak_mb": max((m for _, m in samples), default=0),
            "rss_growth_second_half_mb": (second[-1] - second[0]) if second else 0,
        }
        os.makedirs(os.path.dirname(os.path.join(ROOT, args.out)), exist_ok=True)
        with open(os.path.join(ROOT, args.out), "w") as f:
            json.dump(report, f, indent=2)
        print(f"soak: {report['requests']} requests in {elapsed:.1f} s ({report['rate']:.1f}/s, "
              f"{report['writes']} writes), {report['errors']} errors, p50 {report['p50_ms']:.1f} ms, "
              f"p99 {report['p99_ms']:.1f} ms")
        print(f"memory: {report['rss_mid_mb']:.0f} MB at mid-run, {report['rss_end_mb']:.0f} MB at the end "
              f"(growth over the second half {report['rss_growth_second_half_mb']:+.1f} MB), "
              f"peak {report['rss_peak_mb']:.0f} MB")
        print(f"statuses: {report['statuses']}")
        if errors:
            print(f"errors, e.g. {report['error_examples']}")
            sys.exit(1)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
