"""Benchmark the API and the dashboard: list latency under concurrency, first render in Chromium.

1. Starts ``wirewatch serve`` on a free 127.0.0.1 port as its own process (never anything but loopback).
2. ``--clients`` concurrent connections (wrk if installed, else asyncio+httpx from this process) send
   ``--requests`` filtered
   ``GET /api/events?limit=100`` requests in total (a bounded count), with filter mixes like a dashboard
   user's (type, country, modality, date range, actor, page offsets). Prints p50/p95/p99/max latency,
   throughput and every kind of error seen.
3. With ``--render-db``, serves that database and measures the dashboard's first render in headless
   Chromium: navigation start -> map, timeline, network and event list all drawn (``window.__wwRenderMs``).

    .venv/bin/python scripts/make_big_db.py /tmp/big1m.db --events 1000000
    .venv/bin/python scripts/make_big_db.py /tmp/big100k.db --events 100000
    .venv/bin/python scripts/bench_api.py --db /tmp/big1m.db --render-db /tmp/big100k.db

``--db`` may be given several times (a SQLite file and a ``postgresql://`` URL holding the same
events, e.g. made by ``wirewatch db copy``): each is served and loaded in turn in the same run, and a
summary prints them side by side.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(db: str, workers: int, page_cache: bool = True, code: str = ""):
    """``wirewatch serve`` in a subprocess on 127.0.0.1; yields its base URL. ``code``: a folder holding
    another ``wirewatch`` package (e.g. ``git archive COMMIT wirewatch | tar -x -C DIR``) to serve
    instead of this checkout's, for before/after figures in one run."""
    port = free_port()
    env = dict(os.environ)
    if code:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(Path(code).resolve()), env.get("PYTHONPATH")]))
    env.pop("WIREWATCH_TOKEN", None)  # read-only is all a benchmark needs
    env["WIREWATCH_API_PAGE_CACHE"] = "1" if page_cache else "0"
    proc = subprocess.Popen([str(ROOT / ".venv/bin/wirewatch"), "serve", "--db", db, "--host", "127.0.0.1",
                             "--port", str(port), "--workers", str(workers)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300  # the first start on a big database builds indexes
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"server exited: {proc.stderr.read().decode()[-2000:]}")
            try:
                if httpx.get(base + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("server did not start in time")
            time.sleep(0.3)
        yield base, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def filter_mixes(base: str, n: int = 2000) -> list[dict]:
    """``n`` filter combinations like a dashboard user's, built from what the database holds (/api/meta):
    type, country, a random month, modality, an actor word, later pages. Most are distinct, so the
    server's per-filter count cache rarely helps."""
    from datetime import date, timedelta
    meta = httpx.get(base + "/api/meta", timeout=120).json()
    types = [t["key"] for t in meta["types"]]
    countries = [c["key"] for c in meta["countries"]][:60]
    first = date.fromisoformat(meta["date_range"]["first"] or "2024-01-01")
    last = date.fromisoformat(meta["date_range"]["last"] or "2025-12-31")
    span = max(1, (last - first).days - 30)
    rng = random.Random(3)
    mixes = []
    for _ in range(n):
        p: dict = {"limit": 100}
        r = rng.random()
        if r < 0.4:
            p["type"] = rng.choice(types)
        if 0.3 < r < 0.75:
            p["country"] = rng.choice(countries)
        if rng.random() < 0.35:
            start = first + timedelta(days=rng.randrange(span))
            p["since"], p["until"] = start.isoformat(), (start + timedelta(days=rng.choice((1, 7, 30)))).isoformat()
        if rng.random() < 0.15:
            p["modality"] = rng.choice(["occurred", "planned", "possible", "negated"])
        if rng.random() < 0.08:
            p["actor"] = rng.choice(["military", "police", "government", "rebels"])
        if rng.random() < 0.15:
            p["offset"] = rng.choice([100, 200, 500, 1000])
        mixes.append(p)
    return mixes


async def load(base: str, clients: int, requests: int, mixes: list[dict]) -> tuple[list[float], Counter, float]:
    latencies: list[float] = []
    errors: Counter = Counter()
    todo = iter(range(requests))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        async def worker(seed: int) -> None:
            rng = random.Random(seed)
            for _ in todo:
                params = rng.choice(mixes)
                t0 = time.perf_counter()
                try:
                    r = await client.get("/api/events", params=params)
                    r.read()
                    if r.status_code != 200:
                        errors[f"HTTP {r.status_code}"] += 1
                        continue
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] += 1
                    continue
                latencies.append(time.perf_counter() - t0)
        started = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(clients)))
        elapsed = time.perf_counter() - started
    return latencies, errors, elapsed


WRK_SCRIPT = r"""
local paths = {%s}
local quota = %d
local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(seed)
  done_count = 0
  bad = 0
end
function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
function response(status, headers, body)
  done_count = done_count + 1
  if status ~= 200 then bad = bad + 1 end
  if done_count >= quota then wrk.thread:stop() end
end
function done(summary, latency, requests)
  local bad_total = 0
  for _, t in ipairs(threads) do bad_total = bad_total + (t:get("bad") or 0) end
  io.write(string.format("RESULT requests=%%d mean=%%.3f p50=%%.3f p95=%%.3f p99=%%.3f max=%%.3f non200=%%d "
    .. "connect=%%d read=%%d write=%%d timeout=%%d duration_us=%%d\n",
    summary.requests, latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, bad_total, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.duration))
end
"""


def run_wrk(base: str, clients: int, requests: int, mixes: list[dict], threads: int = 2, seconds: int = 30) -> dict:
    """wrk (Debian's C load generator: far less client CPU than Python on a 2-core box), stopped after
    ``requests`` responses in total (each thread stops after its share)."""
    import tempfile
    from urllib.parse import urlencode
    paths = ",".join('"/api/events?%s"' % urlencode(m) for m in mixes)
    per_thread = max(1, requests // threads)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(WRK_SCRIPT % (paths, per_thread))
        script = fh.name
    try:
        out = subprocess.run(["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--timeout", "10s", "-s", script, base],
                             capture_output=True, text=True, timeout=300).stdout
    finally:
        os.unlink(script)
    line = next((l for l in out.splitlines() if l.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result:\n{out}")
    result = {k: float(v) for k, v in (kv.split("=") for kv in line.split()[1:])}
    return result


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by the server and its worker processes: the figure that does not
    depend on what else the machine runs (latency under load does)."""
    import psutil
    procs = [psutil.Process(pid)]
    procs += procs[0].children(recursive=True)
    return sum(sum(p.cpu_times()[:2]) for p in procs)


def backend_pids(db: str) -> list[int]:
    """PostgreSQL: the server processes serving ``db``'s other sessions (the API's connections, once
    warmed up), whose CPU the wirewatch process figure does not include. [] for SQLite."""
    from wirewatch.db import is_postgres
    if not is_postgres(db):
        return []
    import psycopg
    with psycopg.connect(db, autocommit=True) as conn:
        return [r[0] for r in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                                           " AND pid <> pg_backend_pid()")]


def cpu_of(pids: list[int]) -> float:
    import psutil
    total = 0.0
    for pid in pids:
        try:
            total += sum(psutil.Process(pid).cpu_times()[:2])
        except psutil.Error:  # a backend that ended
            pass
    return total


def children_cpu() -> float:
    """CPU seconds of this process's finished children (wrk, once it has exited)."""
    import resource
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def bench_api(db: str, clients: int, requests: int, workers: int, client: str, page_cache: bool = True,
              code: str = "") -> dict:
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "httpx"
    with server(db, workers, page_cache, code) as (base, pid):
        mixes = filter_mixes(base)
        print(f"API  GET /api/events (limit=100, {len(mixes)} filter mixes) on {db}"
              f"{f' served by the code in {code}' if code else ''}: {requests} requests, "
              f"{clients} concurrent clients ({client}), {workers} server worker(s), "
              f"page cache {'on' if page_cache else 'OFF (every request runs its SQL)'}; "
              f"load average before: {load_average()}")
        if client == "wrk":
            run_wrk(base, clients, min(requests, 1000), mixes, seconds=10)  # warm-up: page cache, connections
            backends = backend_pids(db)
            cpu, db_cpu, wrk_cpu = server_cpu(pid), cpu_of(backends), children_cpu()
            r = run_wrk(base, clients, requests, mixes)
            n = max(1, r["requests"]) / 1000
            cpu, db_cpu = (server_cpu(pid) - cpu) / n, (cpu_of(backends) - db_cpu) / n
            wrk_cpu = (children_cpu() - wrk_cpu) / n
            errors = int(r["non200"] + r["connect"] + r["read"] + r["write"] + r["timeout"])
            print(f"     p50 {r['p50']:.1f} ms  p95 {r['p95']:.1f} ms  p99 {r['p99']:.1f} ms  max {r['max']:.1f} ms  "
                  f"throughput ~{clients / (r['mean'] / 1000):.0f} req/s (clients / mean latency)  ({int(r['requests'])} responses)"
                  f"  server CPU {cpu:.2f} ms/request")
            print(f"     CPU per request: wirewatch {cpu:.2f} ms"
                  + (f" + PostgreSQL backends {db_cpu:.2f} ms ({len(backends)} sessions)" if backends else "")
                  + f", wrk {wrk_cpu:.2f} ms; floor of the mean latency on {os.cpu_count()} cores:"
                  f" {clients} x {cpu + db_cpu + wrk_cpu:.2f} ms / {os.cpu_count()} ="
                  f" {clients * (cpu + db_cpu + wrk_cpu) / os.cpu_count():.0f} ms"
                  f" (a wirewatch process runs Python on one core at a time: with {workers} of them,"
                  f" >= {clients} x {cpu:.2f} / {min(workers, os.cpu_count())} = {clients * cpu / min(workers, os.cpu_count()):.0f} ms)")
            print(f"     errors: {errors} (non-200 {int(r['non200'])}, connect {int(r['connect'])}, read {int(r['read'])},"
                  f" write {int(r['write'])}, timeout {int(r['timeout'])}); load average after: {load_average()}")
            return {"p50": r["p50"], "p95": r["p95"], "p99": r["p99"], "errors": errors, "load": load_average(),
                    "cpu": cpu + db_cpu}
        asyncio.run(load(base, clients, min(requests, 500), mixes))  # warm-up
        lat, errors, elapsed = asyncio.run(load(base, clients, requests, mixes))
    ms = sorted(x * 1000 for x in lat)
    if ms:
        print(f"     p50 {pct(ms, 50):.1f} ms  p95 {pct(ms, 95):.1f} ms  p99 {pct(ms, 99):.1f} ms  max {ms[-1]:.1f} ms  "
              f"throughput {len(ms) / elapsed:.0f} req/s")
    print(f"     errors: {sum(errors.values())}" + (f" {dict(errors)}" if errors else "")
          + f"; load average after: {load_average()}")
    nan = float("nan")
    return {"p50": pct(ms, 50) if ms else nan, "p95": pct(ms, 95) if ms else nan, "p99": pct(ms, 99) if ms else nan,
            "errors": sum(errors.values()), "load": load_average()}


def bench_render(db: str, runs: int) -> None:
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        print(f"render: skipped, {CHROMIUM} is missing")
        return
    with server(db, 1) as (base, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        times = []
        for i in range(runs + 1):
            ctx = browser.new_context(viewport={"width": 1440, "height": 900})
            page = ctx.new_page()
            page.goto(base + "/")
            page.wait_for_selector("body[data-ready='1']", timeout=60_000)
            error = page.evaluate("document.body.dataset.error")
            if error:
                print(f"render: page reported an error: {error}")
            if i:  # run 0 warms the server's caches' first fill and the disk cache; reported apart
                times.append(page.evaluate("window.__wwRenderMs"))
            else:
                cold = page.evaluate("window.__wwRenderMs")
            ctx.close()
        browser.close()
        events = httpx.get(base + "/api/health", timeout=30).json()["events"]
    print(f"DASH first render (navigation -> all views drawn) with {events} events: cold {cold:.0f} ms, "
          f"warm median {statistics.median(times):.0f} ms, max {max(times):.0f} ms over {runs} runs")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", action="append", default=[],
                    help="database for the API latency benchmark: a SQLite file or a postgresql:// URL; give it"
                         " several times to compare them in one run")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    ap.add_argument("--client", choices=["auto", "wrk", "httpx"], default="auto",
                    help="load generator: wrk (apt-get install wrk) if present, else asyncio+httpx")
    ap.add_argument("--no-cache", action="store_true",
                    help="serve with the event page/count cache off (WIREWATCH_API_PAGE_CACHE=0): every request"
                         " runs its SQL, so the figure does not depend on repeated filters")
    ap.add_argument("--code", action="append", default=[],
                    help="serve with the wirewatch package in this folder (another commit's, from git archive)"
                         " as well as this checkout's ('.' for it): each --db is run with each --code in turn")
    ap.add_argument("--render-db", help="database for the dashboard first-render measurement")
    ap.add_argument("--render-runs", type=int, default=5)
    args = ap.parse_args()
    if not args.db and not args.render_db:
        ap.error("give --db and/or --render-db")
    from wirewatch.db import display
    codes = [("" if c == "." else c) for c in args.code] or [""]
    results = {f"{display(db)}{f' [{c}]' if c else ''}":
               bench_api(db, args.clients, args.requests, args.workers, args.client, not args.no_cache, c)
               for c in codes for db in args.db}
    if len(results) > 1:
        print(f"SUMMARY GET /api/events, {args.clients} clients, {args.requests} requests each:")
        for db, r in results.items():
            print(f"     {db:<60} p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms  p99 {r['p99']:7.1f} ms"
                  f"  errors {r['errors']}"
                  + (f"  CPU {r['cpu']:.2f} ms/request" if "cpu" in r else "")
                  + f"  (load average after: {r['load']})")
    if args.render_db:
        bench_render(args.render_db, args.render_runs)


if __name__ == "__main__":
    sys.exit(main())
