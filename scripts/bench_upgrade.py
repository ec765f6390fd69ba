"""How long an upgrade to the date bounds keeps readers and writers waiting (prints figures).

Builds a store as a release before migration 2 left it (its migrations without the ones that add and
repair ``date_first`` / ``date_last`` / ``date_days``; N invented events and N/2 merged events inserted
by SQL with the old column list, dates drawn from two years of days plus some weeks, months and years),
then opens it with ``Store`` (the upgrade) in the main thread while two other connections work:

* a reader runs ``SELECT COUNT(*) FROM events WHERE type = ?`` every 20 ms;
* a writer stores an ``ingest_failures`` row in a write transaction (``conn.transaction()``, the lock
  every writer takes) every 20 ms.

Printed: the upgrade's wall time, the longest and the total time the reader and the writer waited,
and the rows left unfilled afterwards. Run it with the code to measure on ``PYTHONPATH``, e.g. main
before a change and a worktree after it:

    PYTHONPATH=. python scripts/bench_upgrade.py --db postgresql://postgres@127.0.0.1:5432/postgres --events 100000
    PYTHONPATH=. python scripts/bench_upgrade.py --db /tmp/upgrade.db --events 100000

For PostgreSQL, ``--db`` names a server database where a scratch database ``ww_bench_upgrade`` is
created (and dropped afterwards). No timed assertion anywhere: wall-clock figures on a shared machine.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import threading
import time
from datetime import date, timedelta

from wirewatch import db
from wirewatch import store as store_mod
from wirewatch.store import Store

DATE_VERSIONS = {2, 3, 4, 101, 102, 103}  # the migrations that add, order or repair the bounds
TYPES = ["ASSAULT", "PROTEST", "CONSULT", "COERCE", "ACCUSE", "AID", "THREATEN", "SANCTION"]


def invented_dates(rng: random.Random, n: int) -> list:
    start = date(2023, 1, 1)
    out = []
    for _ in range(n):
        r = rng.random()
        day = start + timedelta(days=rng.randrange(730))
        if r < 0.10:
            out.append(None)
        elif r < 0.85:
            out.append(day.isoformat())
        elif r < 0.93:
            out.append(f"{day.isocalendar()[0]}-W{day.isocalendar()[1]:02d}")
        elif r < 0.98:
            out.append(day.isoformat()[:7])
        else:
            out.append(str(day.year))
    return out


def build_old(target: str, n: int, seed: int) -> None:
    rng = random.Random(seed)
    old = [m for m in store_mod.all_migrations() if m[0] not in DATE_VERSIONS]
    real = store_mod.all_migrations
    store_mod.all_migrations = lambda: old
    try:
        with Store(target) as s:
            columns = store_mod._EVENT_COLUMNS.replace(", date_first, date_last, date_days", "")
            marks = ",".join("?" * len(columns.split(",")))
            dates = invented_dates(rng, n)
            per_tx = 10_000
            for lo in range(0, n, per_tx):
                with s.transaction() as c:
                    c.executemany("INSERT INTO articles (pk, id, text, content_hash, ingested_at) VALUES (?,?,?,?,?)",
                                  [(i + 1, f"a{i}", f"invented article {i}", f"h{i}", 1.0) for i in range(lo, min(n, lo + per_tx))])
                    rows = []
                    for i in range(lo, min(n, lo + per_tx)):
                        etype = rng.choice(TYPES)
                        row = [i + 1, 0, etype, None, "occurred", dates[i], "day" if dates[i] else None,
                               f"actor {i % 500}", "UKR", None, None, None, None, None, None, None, None, None,
                               None, None, None, None, None, None, None, None, None, 0.5, 0, 10, "did", 0,
                               json.dumps({"type": etype, "date": dates[i]})]
                        rows.append(row)
                    c.executemany(f"INSERT INTO events ({columns}) VALUES ({marks})", rows)
                    c.executemany("INSERT INTO merged_events (type, family, date, date_precision, num_mentions)"
                                  " VALUES (?,?,?,?,1)", [(r[2], r[2], r[5], r[6]) for r in rows[::2]])
            s.conn.reset_identity("articles", "pk")
            s.conn.reset_identity("events", "pk")
    finally:
        store_mod.all_migrations = real


def measure(target: str) -> dict:
    stop = threading.Event()
    waits = {"reader": [], "writer": []}

    def reader():
        conn = db.connect(target, read_only=True)
        while not stop.is_set():
            t = time.perf_counter()
            conn.execute("SELECT COUNT(*) FROM events WHERE type = ?", ("ASSAULT",)).fetchone()
            waits["reader"].append(time.perf_counter() - t)
            time.sleep(0.02)
        conn.close()

    def writer():
        conn = db.connect(target)
        while not stop.is_set():
            t = time.perf_counter()
            with conn.transaction() as c:
                c.execute("INSERT INTO ingest_failures (source, reason, at) VALUES (?,?,?)", ("bench", "x", 0.0))
            waits["writer"].append(time.perf_counter() - t)
            time.sleep(0.02)
        conn.close()

    threads = [threading.Thread(target=reader), threading.Thread(target=writer)]
    for th in threads:
        th.start()
    time.sleep(0.3)  # both are running before the upgrade starts
    t = time.perf_counter()
    with Store(target) as s:
        upgrade = time.perf_counter() - t
        unfilled = s.unfilled() if hasattr(s, "unfilled") else None
        version = s.schema_version()
    time.sleep(0.1)
    stop.set()
    for th in threads:
        th.join()
    t = time.perf_counter()
    with Store(target):
        reopen = time.perf_counter() - t
    return {"upgrade_s": round(upgrade, 3), "reopen_s": round(reopen, 4), "version": version, "unfilled": unfilled,
            **{f"{k}_max_wait_s": round(max(v), 3) for k, v in waits.items()},
            **{f"{k}_total_s": round(sum(v), 3) for k, v in waits.items()},
            **{f"{k}_ops": len(v) for k, v in waits.items()}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="SQLite path (overwritten) or a PostgreSQL server URL")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    pg_base = None
    if db.is_postgres(args.db):
        import psycopg
        pg_base = args.db
        with psycopg.connect(pg_base, autocommit=True) as c:
            c.execute("DROP DATABASE IF EXISTS ww_bench_upgrade WITH (FORCE)")
            c.execute("CREATE DATABASE ww_bench_upgrade")
        target = pg_base.rsplit("/", 1)[0] + "/ww_bench_upgrade"
    else:
        target = args.db
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(target + suffix):
                os.remove(target + suffix)
    try:
        t = time.perf_counter()
        build_old(target, args.events, args.seed)
        built = time.perf_counter() - t
        result = measure(target)
        print(json.dumps({"db": db.display(args.db), "events": args.events, "build_s": round(built, 1),
                          "load": os.getloadavg()[0], **result}))
    finally:
        if pg_base:
            import psycopg
            with psycopg.connect(pg_base, autocommit=True) as c:
                c.execute("DROP DATABASE IF EXISTS ww_bench_upgrade WITH (FORCE)")


if __name__ == "__main__":
    main()
