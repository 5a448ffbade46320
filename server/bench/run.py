#!/usr/bin/env python3
"""`make bench`: Voces at national scale, on SQLite and PostgreSQL.

Generates a dataset (default 300 bodies, 1,000,000 referrals), then for each
database: imports it (wall time), times the figures in process
(`server bench-metrics`: p50/p95 without the cache), serves it with the
release build and loads five routes with `wrk` for 20 s each (requests per
second, p50/p99, ratio to /healthz, the server's resident memory), and
measures the first load of a body dashboard as served (compressed) and the
release wasm. Prints a table, writes it as JSON and Markdown. Asserts
nothing: the budgets are printed beside the figures.
"""
import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from html.parser import HTMLParser

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def run(cmd, env=None, capture=False):
    start = time.monotonic()
    out = subprocess.run(
        cmd, env=env, check=True, text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.PIPE if capture else None,
    )
    return time.monotonic() - start, (out.stdout if capture else "")


def run_peak(cmd, env=None):
    """Runs `cmd` as `run` does; also gives its peak resident memory (MB)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    # ru_maxrss is in kilobytes on Linux.
    return time.monotonic() - start, usage.ru_maxrss / 1024


def env_for(url, extra=None):
    env = dict(os.environ, DATABASE_URL=url, RUST_LOG="warn")
    env.update(extra or {})
    return env


def get(url, headers=None, timeout=120):
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        # Header names as sent are lower case; read them case-blind.
        return r.status, {k.title(): v for k, v in r.headers.items()}, r.read()


def wait_up(base, proc, seconds=600):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited ({proc.returncode})")
        try:
            if get(base + "/healthz", timeout=5)[0] == 200:
                return
        except Exception:
            time.sleep(0.3)
    raise SystemExit("the server did not answer /healthz")


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Sampler(threading.Thread):
    """The server's resident memory, every half second."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.stop = pid, 0.0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.5)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url, seconds, connections, threads, script=None, script_args=()):
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency",
           "-H", "Accept-Encoding: gzip", url]
    if script:
        cmd[1:1] = ["-s", script]
        cmd += ["--", *script_args]
    out = subprocess.run(cmd, check=True, text=True, capture_output=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {}
    for q in ("50", "99"):
        m = re.search(rf"^\s+{q}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        lat[q] = float(m.group(1)) * UNITS[m.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps, "p50_ms": lat["50"], "p99_ms": lat["99"],
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": sock.group(1) if sock else None,
    }


# Distinct searches of each shape the issue names, each with one filter:
# (label, [query strings]). Never the same one twice, so nothing is cached.
SEARCH_WORDS = ["visas", "regularizacion", "citas", "albergues", "atencion", "permisos",
                "reunificacion", "detencion", "vivienda", "asilo", "remesas", "becas",
                "jornaleros", "menores", "tijuana", "tapachula", "frontera", "chicago",
                "monterrey", "consulados"]
SEARCH_PHRASES = ["visas humanitarias", "citas consulares", "albergues temporales",
                  "atencion medica", "permisos de trabajo", "reunificacion familiar",
                  "detencion migratoria", "vivienda temporal", "seguridad en la ruta",
                  "solicitudes de asilo", "actas de nacimiento", "doble nacionalidad",
                  "envio de remesas", "tarjetas de residente", "salud mental", "empleo formal",
                  "becas escolares", "jornaleros agricolas", "menores no acompanados",
                  "tramites en linea"]
SEARCH_FILTERS = ["kind=demand", "topic=documentation", "topic=health", "from=2025-01-01",
                  "kind=meeting", "topic=labor", "to=2025-12-31", "topic=family"]


def search_queries():
    q = urllib.parse.quote
    one = [f"q={q(w)}&{SEARCH_FILTERS[i % len(SEARCH_FILTERS)]}" for i, w in enumerate(SEARCH_WORDS)]
    two = [f"q={q(a + ' ' + b)}&{SEARCH_FILTERS[i % len(SEARCH_FILTERS)]}"
           for i, (a, b) in enumerate(zip(SEARCH_WORDS, SEARCH_WORDS[7:] + SEARCH_WORDS[:7]))]
    phrase = [f"q={q(chr(34) + p + chr(34))}&{SEARCH_FILTERS[(i + 3) % len(SEARCH_FILTERS)]}"
              for i, p in enumerate(SEARCH_PHRASES)]
    return [("one word", one), ("two words", two), ("phrase", phrase)]


def timed_searches(base):
    """p50/p95 of distinct searches, one at a time, per shape."""
    out = {}
    for label, queries in search_queries():
        times, totals = [], []
        for query in queries:
            t0 = time.perf_counter()
            _, _, body = get(f"{base}/api/v1/search?{query}")
            times.append((time.perf_counter() - t0) * 1000)
            totals.append(json.loads(body)["total"])
        times.sort()
        out[label] = {"n": len(times), "p50_ms": times[len(times) // 2],
                      "p95_ms": times[min(len(times) - 1, int(len(times) * 0.95))],
                      "median_total": sorted(totals)[len(totals) // 2]}
    return out


class Assets(HTMLParser):
    """Stylesheets, scripts, preloads and the wasm a page asks for."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") in ("stylesheet", "modulepreload", "preload") and a.get("href"):
            self.urls.append(a["href"])
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])


def first_load(base, path, output_name):
    headers = {"Accept-Encoding": "br, gzip"}
    status, h, html = get(base + path, headers)
    parts = [{"url": path, "bytes": len(html), "encoding": h.get("Content-Encoding", "identity")}]
    text = html if h.get("Content-Encoding") is None else None
    if text is None:
        text = get(base + path)[2]
    p = Assets()
    p.feed(text.decode("utf-8", "replace"))
    urls = list(dict.fromkeys(p.urls))
    # A page with an island loads the JavaScript and the wasm itself (the
    # shell's `IslandScripts`); a page without one loads neither.
    if b"<leptos-island" in text:
        for u in (f"/pkg/{output_name}.js", f"/pkg/{output_name}.wasm"):
            if u not in urls:
                urls.append(u)
    for u in urls:
        status, h, body = get(base + u, headers)
        parts.append({"url": u, "bytes": len(body), "encoding": h.get("Content-Encoding", "identity")})
    readable = b"dash-h" in text
    return {"total_kb": sum(x["bytes"] for x in parts) / 1024, "parts": parts,
            "readable_without_wasm": readable}


def one_database(args, name, url, doc, referrals):
    res = {"database": name}
    server = os.path.join(ROOT, args.server)
    log(f"{name}: importing")
    secs, peak_mb = run_peak([server, "import", doc], env_for(url))
    res["import_s"] = secs
    res["import_referrals_per_s"] = referrals / secs
    res["import_peak_mb"] = peak_mb
    log(f"{name}: import {secs:.1f} s, peak memory {peak_mb:.0f} MB; figures in process")
    _, out = run([server, "bench-metrics", "--runs", str(args.runs)], env_for(url), capture=True)
    res["in_process"] = json.loads(out.strip().splitlines()[-1])
    body = res["in_process"]["body"]["key"]
    authority = res["in_process"]["authority"]["key"]

    port = args.port
    base = f"http://127.0.0.1:{port}"
    mail = tempfile.mkdtemp(prefix="voces-bench-mail-")
    proc = subprocess.Popen(
        [server, "serve"],
        env=env_for(url, {
            "LEPTOS_SITE_ADDR": f"127.0.0.1:{port}",
            "LEPTOS_SITE_ROOT": os.path.join(ROOT, args.site_root),
            "LEPTOS_OUTPUT_NAME": args.output_name,
            "LEPTOS_ENV": "PROD",
            "MAIL_DIR": mail,
        }),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_up(base, proc)
        routes = [
            ("/healthz", "/healthz"),
            ("body metrics API", f"/api/v1/bodies/{body}/metrics"),
            ("authority metrics API", f"/api/v1/authorities/{authority}/metrics"),
            ("home", "/"),
            ("body dashboard", f"/bodies/{body}"),
            # Issue 26: the comparison and the annual report, held to the
            # dashboards' budget (served from the figures cache).
            ("comparison", f"/comparar?kind=authorities&k={authority}&k={'comar' if authority == 'inm' else 'inm'}"),
            ("annual report", f"/bodies/{body}/informe/2025"),
            ("map of the councils", "/mapa"),
            ("origins map", "/mapa/origenes"),
            ("origins map, one council", f"/mapa/origenes?body={body}"),
        ]
        # Warm: the first request of each pays the figures' computation.
        for _, path in routes:
            get(base + path)
        sampler = Sampler(proc.pid)
        sampler.start()
        res["http"] = {}
        for label, path in routes:
            log(f"{name}: wrk {path} for {args.seconds} s")
            res["http"][label] = dict(wrk(base + path, args.seconds, args.connections, args.threads), path=path)
        log(f"{name}: searches, one at a time")
        res["search"] = timed_searches(base)
        script = os.path.join(ROOT, "server", "bench", "search.lua")
        for label, prefix in (("search API, distinct queries", "/api/v1/search"),
                              ("demands list words, distinct queries", "/demands")):
            log(f"{name}: wrk {prefix} (distinct searches) for {args.seconds} s")
            res["http"][label] = dict(wrk(base + prefix, args.seconds, args.connections, args.threads,
                                          script=script, script_args=[prefix]), path=prefix + "?q=…")
        sampler.stop.set()
        sampler.join()
        res["rss_peak_mb"] = sampler.peak
        res["rss_after_mb"] = rss_mb(proc.pid)
        healthz = res["http"]["/healthz"]["rps"]
        for label in res["http"]:
            res["http"][label]["ratio_to_healthz"] = res["http"][label]["rps"] / healthz
        res["first_load"] = first_load(base, f"/bodies/{body}", args.output_name)
        # Issue 26: the pages with maps and the comparison, same budget.
        res["first_loads"] = {
            label: first_load(base, path, args.output_name)
            for label, path in routes
            if label in ("comparison", "annual report", "map of the councils", "origins map")
        }
        # Issue 27: every public route, then writes under read load (last:
        # they add to the data).
        import sweep
        import writes
        if args.sweep_seconds:
            log(f"{name}: every public route, {args.sweep_seconds} s each")
            res["sweep"] = sweep.sweep(base, proc.pid, args.sweep_seconds, args.connections,
                                       args.threads, body=body, authority=authority)
        if args.write_seconds:
            _, out = run([server, "create-admin", "--email", "bench@voces.test"], env_for(url), capture=True)
            cookie = writes.sign_in(base, out.strip().splitlines()[-1], "Banco de pruebas")
            member = writes.member_of(base, cookie, body)
            res["writes"] = writes.under_load(base, proc.pid, cookie, body, authority, member,
                                              args.write_rate, args.write_seconds, args.connections)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(mail, ignore_errors=True)
    return res


BUDGETS = {
    "import_sqlite_s": 180, "import_postgres_s": 300,
    "metrics_p50_ms": 10, "metrics_ratio": 0.5,
    "page_p50_ms": 30, "page_ratio": 0.25,
    "authority_p50_ms": 50, "first_load_kb": 300, "rss_mb": 300,
}


def mark(ok):
    return "✓" if ok else "✗ over budget"


def table(report):
    lines = []
    g = report["generate"]
    lines.append(f"Dataset: {g['bodies']} bodies, {g['referrals']:,} referrals, seed {g['seed']} "
                 f"({g['size_mb']:.0f} MB of JSON, generated in {g['seconds']:.1f} s)")
    for r in report["databases"]:
        db = r["database"]
        lines.append("")
        lines.append(f"### {db}")
        lines.append("")
        lines.append("| measure | figure | budget |")
        lines.append("|---|---|---|")
        ib = BUDGETS[f"import_{db}_s"]
        lines.append(f"| import | {r['import_s']:.1f} s ({r['import_referrals_per_s']:,.0f} referrals/s) | < {ib} s {mark(r['import_s'] < ib)} |")
        lines.append(f"| import, peak memory | {r['import_peak_mb']:,.0f} MB | |")
        ip = r["in_process"]
        lines.append(f"| figures, largest body ({ip['body']['referrals']:,} referrals), in process | p50 {ip['body']['p50_ms']:.1f} ms, p95 {ip['body']['p95_ms']:.1f} ms | |")
        a = ip["authority"]
        lines.append(f"| figures, largest authority ({a['referrals']:,} referrals), in process | p50 {a['p50_ms']:.1f} ms, p95 {a['p95_ms']:.1f} ms | p50 ≤ 50 ms {mark(a['p50_ms'] <= 50)} |")
        lines.append(f"| figures, all bodies (ranking), in process | p50 {ip['all_bodies']['p50_ms']:.1f} ms, p95 {ip['all_bodies']['p95_ms']:.1f} ms | p50 ≤ 100 ms {mark(ip['all_bodies']['p50_ms'] <= 100)} |")
        lines.append(f"| home overview, in process | p50 {ip['overview']['p50_ms']:.1f} ms, p95 {ip['overview']['p95_ms']:.1f} ms | p50 ≤ 150 ms {mark(ip['overview']['p50_ms'] <= 150)} |")
        for label, sr in r.get("search", {}).items():
            ok = sr["p50_ms"] <= 50 and sr["p95_ms"] <= 150
            lines.append(f"| search API, {label} + one filter, {sr['n']} distinct, one at a time (median {sr['median_total']:,} found) | p50 {sr['p50_ms']:.1f} ms, p95 {sr['p95_ms']:.1f} ms | p50 ≤ 50, p95 ≤ 150 ms {mark(ok)} |")
        for label, h in r["http"].items():
            budget = ""
            if label == "body metrics API":
                budget = f"p50 ≤ 10 ms, ≥ 50% {mark(h['p50_ms'] <= 10 and h['ratio_to_healthz'] >= 0.5)}"
            elif label == "authority metrics API":
                budget = f"p50 ≤ 100 ms {mark(h['p50_ms'] <= 100)} (served from the figures cache)"
            elif "distinct queries" in label:
                budget = f"0 errors, p99 ≤ 500 ms {mark(not h['non_2xx'] and not h['socket_errors'] and h['p99_ms'] <= 500)}"
            elif label in ("home", "body dashboard", "comparison", "annual report", "map of the councils",
                           "origins map", "origins map, one council"):
                budget = f"p50 ≤ 30 ms, ≥ 25% {mark(h['p50_ms'] <= 30 and h['ratio_to_healthz'] >= 0.25)}"
            errs = "" if not h["non_2xx"] and not h["socket_errors"] else f", errors: {h['non_2xx']} non-2xx {h['socket_errors'] or ''}"
            lines.append(f"| HTTP {label} `{h['path']}` | {h['rps']:,.0f} req/s ({h['ratio_to_healthz']:.0%} of /healthz), p50 {h['p50_ms']:.2f} ms, p99 {h['p99_ms']:.2f} ms{errs} | {budget} |")
        lines.append(f"| server memory under load | peak {r['rss_peak_mb']:.0f} MB, after {r['rss_after_mb']:.0f} MB | ≤ 300 MB {mark(r['rss_peak_mb'] <= 300)} |")
        fl = r["first_load"]
        detail = ", ".join(f"{p['url'].rsplit('/', 1)[-1] or 'html'} {p['bytes'] / 1024:.0f} KB ({p['encoding']})" for p in fl["parts"])
        lines.append(f"| first load of the body dashboard, compressed | {fl['total_kb']:.0f} KB: {detail} | ≤ 300 KB {mark(fl['total_kb'] <= 300)} |")
        for label, fl in r.get("first_loads", {}).items():
            html = fl["parts"][0]
            lines.append(f"| first load of the {label}, compressed | {fl['total_kb']:.0f} KB (page {html['bytes'] / 1024:.0f} KB {html['encoding']}) | ≤ 300 KB {mark(fl['total_kb'] <= 300)} |")
        if r.get("sweep"):
            import sweep
            lines += ["", f"Every public route ({db}), 32 connections each:", "", sweep.table(r["sweep"])]
        if r.get("writes"):
            import writes
            lines += ["", f"Writes under read load ({db}):", "", writes.table(r["writes"])]
    w = report["wasm"]
    lines.append("")
    lines.append(f"Release wasm: {w['bytes'] / 1024:.0f} KB ({w['gzip_bytes'] / 1024:.0f} KB gzip).")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--referrals", type=int, default=1_000_000)
    ap.add_argument("--bodies", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--runs", type=int, default=8)
    ap.add_argument("--port", type=int, default=3400)
    ap.add_argument("--server", default="target/release/server")
    ap.add_argument("--site-root", default="target/site")
    ap.add_argument("--output-name", default="voces")
    ap.add_argument("--only", choices=["sqlite", "postgres"])
    ap.add_argument("--sweep-seconds", type=int, default=10, help="per route; 0: no sweep")
    ap.add_argument("--write-seconds", type=int, default=60, help="0: no writes under load")
    ap.add_argument("--write-rate", type=float, default=10)
    ap.add_argument("--out", default="target/bench")
    args = ap.parse_args()

    os.makedirs(os.path.join(ROOT, args.out), exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="voces-bench-")
    report = {"machine": {"cores": os.cpu_count(), "uname": " ".join(os.uname()),
                          "date": time.strftime("%Y-%m-%d")}}
    try:
        doc = os.path.join(tmp, "doc.json")
        log(f"generating {args.bodies} bodies, {args.referrals:,} referrals")
        secs, _ = run([os.path.join(ROOT, args.server), "generate", "--bodies", str(args.bodies),
                       "--referrals", str(args.referrals), "--seed", str(args.seed), "-o", doc])
        report["generate"] = {"bodies": args.bodies, "referrals": args.referrals, "seed": args.seed,
                              "seconds": secs, "size_mb": os.path.getsize(doc) / 2**20}
        report["databases"] = []
        if args.only in (None, "sqlite"):
            url = f"sqlite://{tmp}/bench.db?mode=rwc"
            report["databases"].append(one_database(args, "sqlite", url, doc, args.referrals))
        if args.only in (None, "postgres"):
            pg = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432")
            name = f"voces_bench_{os.getpid()}"
            subprocess.run(["psql", f"{pg}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
            try:
                report["databases"].append(one_database(args, "postgres", f"{pg}/{name}", doc, args.referrals))
            finally:
                subprocess.run(["psql", f"{pg}/postgres", "-qc", f"DROP DATABASE {name} WITH (FORCE)"])
        wasm = os.path.join(ROOT, args.site_root, "pkg", f"{args.output_name}.wasm")
        with open(wasm, "rb") as f:
            data = f.read()
        report["wasm"] = {"bytes": len(data), "gzip_bytes": len(gzip.compress(data, 9))}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    text = table(report)
    print(text)
    with open(os.path.join(ROOT, args.out, "bench.json"), "w") as f:
        json.dump(report, f, indent=2)
    with open(os.path.join(ROOT, args.out, "bench.md"), "w") as f:
        f.write(text + "\n")
    log(f"written {args.out}/bench.json and {args.out}/bench.md")


if __name__ == "__main__":
    main()
