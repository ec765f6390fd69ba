#!/usr/bin/env python
"""Extraction throughput in one process vs on N local Dask worker processes, same texts, one run.

    .venv/bin/python scripts/bench_scale.py [--n 2000] [--workers 2] [--seed 1] [--corpus FILE.jsonl] [--ingest]

The texts are invented (``make_corpus``): sentences of the project's own samples and test fixtures,
recombined at random with their numbers and weekdays changed, to the mean length of the seed articles
in ``samples/`` (~700 characters). Both paths take the same rows through the same code as ``ingest``:
in-process ``SerialExtractor`` batches, and ``DaskExtractor`` (results as they finish, bounded in
flight). Printed:

* articles/s for each path, steady state (after start-up and a warm-up of a few texts per process),
  and the wall-clock speed-up;
* start-up, separately: model load in-process; for Dask, cluster start (LocalCluster) and model load
  on the workers (the worker plugin) and the warm-up;
* CPU seconds of each process, and from them the speed-up the same work would have on idle cores
  (serial CPU / max(busiest worker's CPU, all CPU of workers and client / cores)): on a machine shared
  with other jobs the wall figure understates what idle cores give, this one depends far less on the
  load (it still assumes CPU time per text does not change when cores are shared);
* CPU ms per article of each path (the workers' summed) and the client's, with the minor page faults
  per article and the workers' ``MALLOC_TRIM_THRESHOLD_`` (see ``wirewatch.scale.local_config``);
* peak RSS of the client and of each worker, and the load average before and after each phase;
* with ``--ingest``, also a whole ingest (dedup, store, event merging, stories: in the client) of the
  same articles into a new SQLite file, in-process vs on the workers, with the counts stored.

The target (issue 13) is >= 1.6x with 2 workers on an idle 2-core machine.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def _body(path: Path) -> str:
    """Text of a seed file without its ``Title:`` / ``Published:`` header lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(l for l in lines if not re.match(r"^(Title|Published):", l)).strip()


def seed_texts() -> list[str]:
    files = sorted((REPO / "samples").glob("*.txt"))
    files += sorted((REPO / "tests" / "fixtures" / "articles").glob("*.txt"))
    files += sorted((REPO / "tests" / "fixtures" / "stories" / "week").glob("*.txt"))
    return [_body(p) for p in files]


def make_corpus(n: int, seed: int = 1) -> list[dict]:
    """``n`` invented articles as ``{"id", "text", "published"}`` rows, of seed-article length."""
    rng = random.Random(seed)
    samples = [_body(p) for p in sorted((REPO / "samples").glob("*.txt"))]
    target = sum(len(t) for t in samples) // len(samples)
    sentences = sorted({s.strip() for t in seed_texts() for s in re.split(r"(?<=[.!?])\s+", t)
                        if len(s.strip()) > 30})
    rows = []
    for i in range(n):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < target:
            s = rng.choice(sentences)
            s = re.sub(r"\b\d+\b", lambda m: str(rng.randint(2, 60)), s)
            s = re.sub("|".join(WEEKDAYS), lambda m: rng.choice(WEEKDAYS), s)
            parts.append(s)
        rows.append({"id": f"bench-{i}", "text": " ".join(parts), "published": "2025-10-14"})
    return rows


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def _maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    return time.process_time()


def _minflt() -> int:
    """Minor page faults of this process so far (a worker allocating afresh each batch shows here)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def _malloc_env() -> str:
    return os.environ.get("MALLOC_TRIM_THRESHOLD_", "unset")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus", help="JSONL rows {id, text, published?} instead of the invented ones")
    ap.add_argument("--chunk", type=int, default=None, help="rows per Dask task (default: wirewatch.scale.CHUNK)")
    ap.add_argument("--ingest", action="store_true",
                    help="also time a whole ingest of the articles into SQLite, in-process vs on the workers")
    ap.add_argument("--warmup", type=int, default=8, help="texts per process before timing")
    ap.add_argument("--malloc-trim", metavar="BYTES",
                    help="set MALLOC_TRIM_THRESHOLD_ in the workers as Dask does by default (65536), to compare "
                         "with local_config, which leaves it unset")
    a = ap.parse_args()
    if a.corpus:
        rows = [json.loads(l) for l in Path(a.corpus).read_text(encoding="utf-8").splitlines() if l.strip()][:a.n]
    else:
        rows = make_corpus(a.n, a.seed)
    warm = make_corpus(a.warmup * max(1, a.workers), a.seed + 1000)
    chars = sum(len(r["text"]) for r in rows) / len(rows)
    print(f"{len(rows)} articles, mean {chars:.0f} chars; {os.cpu_count()} cores; {load()}")
    if a.chunk:
        print(f"chunk {a.chunk} rows per task")

    from dask.distributed import LocalCluster
    from wirewatch.scale import DaskExtractor, SerialExtractor

    def run(extractor) -> float:
        t = time.perf_counter()
        done = 0
        for n, row in enumerate(rows):
            extractor.submit(n, row)
            done += sum(1 for _ in extractor.results())
        done += sum(1 for _ in extractor.results(wait=True))
        assert done == len(rows)
        return time.perf_counter() - t

    def ingest_run(extractor) -> tuple[float, str]:
        """Wall seconds of a whole ingest (dedup, store, merge, stories in this process) into a new SQLite file."""
        import tempfile
        from datetime import date
        from wirewatch.ingest import ingest_items
        from wirewatch.records import Article
        from wirewatch.store import Store
        articles = [Article(id=r["id"], text=r["text"], published=date.fromisoformat(r["published"]), source="bench")
                    for r in rows]
        with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
            t = time.perf_counter()
            report = ingest_items(articles, store, extractor=extractor)
            seconds = time.perf_counter() - t
            c = store.counts()
        return seconds, (f"{c['articles']} articles ({len(report.versions)} versions), {c['events']} events, "
                         f"{len(report.failures)} failures")

    # -- one process --------------------------------------------------------------------------
    t = time.perf_counter()
    serial = SerialExtractor(batch=16)
    t_load = time.perf_counter() - t
    for n, row in enumerate(warm[:a.warmup]):
        serial.submit(n, row)
    list(serial.results(wait=True))
    c0, f0 = _cpu(), _minflt()
    t_serial = run(serial)
    cpu_serial, flt_serial = _cpu() - c0, _minflt() - f0
    rss_serial = _maxrss_mib()
    print(f"1 process:   {len(rows) / t_serial:6.1f} articles/s ({t_serial:.1f} s wall, {cpu_serial:.1f} s CPU); "
          f"start-up: model load {t_load:.1f} s; peak RSS {rss_serial:.0f} MiB; {load()}")
    if a.ingest:
        i_serial, what = ingest_run(SerialExtractor(serial.pipeline))
        print(f"  ingest, 1 process: {len(rows) / i_serial:6.1f} articles/s ({i_serial:.1f} s): {what}; {load()}")

    # -- N local workers ------------------------------------------------------------------------
    import dask
    from wirewatch.scale import local_config
    t = time.perf_counter()
    config = local_config()
    if a.malloc_trim:
        config["distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"] = a.malloc_trim
    with dask.config.set(config):
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                               silence_logs=40)
    t_cluster = time.perf_counter() - t
    try:
        t = time.perf_counter()
        ex = DaskExtractor(scheduler=cluster.scheduler_address, **({"chunk": a.chunk} if a.chunk else {}))  # registers the plugin: model load on each worker
        t_model = time.perf_counter() - t
        with ex:
            t = time.perf_counter()
            for n, row in enumerate(warm):
                ex.submit(n, row)
            list(ex.results(wait=True))
            t_warm = time.perf_counter() - t
            cpu0, flt0 = ex.client.run(_cpu), ex.client.run(_minflt)
            c0 = _cpu()
            t_par = run(ex)
            cpu_client = _cpu() - c0
            cpu_workers = {w: c - cpu0[w] for w, c in ex.client.run(_cpu).items()}
            flt_workers = sum(f - flt0[w] for w, f in ex.client.run(_minflt).items())
            malloc_env = sorted(set(ex.client.run(_malloc_env).values()))
            rss_workers = list(ex.client.run(_maxrss_mib).values())
            if a.ingest:
                i_par, what = ingest_run(ex)
                print(f"  ingest, {a.workers} workers: {len(rows) / i_par:6.1f} articles/s ({i_par:.1f} s): {what}; "
                      f"speed-up {i_serial / i_par:.2f}x; {load()}")
    finally:
        cluster.close()
    # with idle cores the wall time is bounded below by the busiest worker, and by all the CPU spent
    # (workers + client) spread over the cores
    cores = os.cpu_count() or a.workers
    idle_bound = max(max(cpu_workers.values()), (sum(cpu_workers.values()) + cpu_client) / min(cores, a.workers + 1))
    print(f"{a.workers} workers:   {len(rows) / t_par:6.1f} articles/s ({t_par:.1f} s wall; CPU s per worker "
          f"{', '.join(f'{c:.1f}' for c in cpu_workers.values())}, client {cpu_client:.1f}); "
          f"start-up: cluster {t_cluster:.1f} s + model load {t_model:.1f} s + warm-up {t_warm:.1f} s; "
          f"peak RSS client {_maxrss_mib():.0f} MiB, workers {', '.join(f'{r:.0f}' for r in rss_workers)} MiB; "
          f"{load()}")
    n = len(rows)
    print(f"CPU per article: 1 process {1000 * cpu_serial / n:.1f} ms ({flt_serial / n:.0f} minor page faults); "
          f"{a.workers} workers {1000 * sum(cpu_workers.values()) / n:.1f} ms ({flt_workers / n:.0f} faults) "
          f"+ client {1000 * cpu_client / n:.1f} ms; workers' MALLOC_TRIM_THRESHOLD_: {', '.join(malloc_env)}")
    print(f"speed-up (wall, steady state): {t_serial / t_par:.2f}x; "
          f"incl. Dask start-up vs in-process model load: "
          f"{(t_serial + t_load) / (t_par + t_cluster + t_model + t_warm):.2f}x; "
          f"on idle cores, from CPU time: {cpu_serial / idle_bound:.2f}x")


if __name__ == "__main__":
    main()
