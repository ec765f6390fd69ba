"""Many writers: N ``wirewatch ingest`` processes into one PostgreSQL store at once (issue 13 part 3).

Real processes on a real server: every article stored exactly once, no failure reported, every
event merged and every article in a story, as in a serial run. What may differ from a serial run is
arrival order (docs/data-model.md): which process stores an article first, and so which near-duplicate
becomes the version of which, and merged/story ids.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NO_PG, PG_ENV

from wirewatch.ingest import ingest
from wirewatch.store import Store

FIX = Path(__file__).parent / "fixtures" / "stories"
SOURCES = sorted(str(p) for p in (FIX / "week").iterdir()) + [str(FIX / "versions.jsonl")]
WRITERS = 3


def _state(store: Store) -> dict:
    q = lambda sql: store.conn.execute(sql).fetchone()[0]
    return {"articles": sorted(r[0] for r in store.conn.execute("SELECT id FROM articles")),
            "failures": q("SELECT COUNT(*) FROM ingest_failures"),
            "unmerged_events": q("SELECT COUNT(*) FROM events WHERE pk NOT IN (SELECT event_pk FROM event_mentions)"),
            "articles_without_story": q("SELECT COUNT(*) FROM articles WHERE pk NOT IN"
                                        " (SELECT article_pk FROM story_articles)")}


def test_concurrent_ingest_processes_lose_and_duplicate_nothing(make_db, backend, pipeline, tmp_path):
    if backend != "postgresql":
        pytest.skip("the many-writers test is for PostgreSQL (SQLite serialises writers on its file lock)")
    serial_db, shared = make_db("serial"), make_db("shared")
    with Store(serial_db) as store:
        ingest(SOURCES, store, pipeline=pipeline)
        serial = _state(store)
    env = dict(os.environ, WIREWATCH_CACHE=os.environ["WIREWATCH_CACHE"])
    Store(shared).close()  # schema first, so the processes race on articles, not on migrations
    procs = []
    for i in range(WRITERS):  # every process gets every source, in a different order: maximal overlap
        order = SOURCES[i:] + SOURCES[:i] if i % 2 == 0 else list(reversed(SOURCES))
        procs.append(subprocess.Popen([sys.executable, "-m", "wirewatch.cli", "ingest", "--db", shared,
                                       "--no-progress", *order], env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
    outs = [p.communicate(timeout=900) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err[-2000:]
        assert "FAILED" not in err
    with Store(shared) as store:
        got = _state(store)
        dup = store.conn.execute("SELECT COUNT(*) FROM (SELECT content_hash FROM articles GROUP BY content_hash"
                                 " HAVING COUNT(*) > 1) d").fetchone()[0]
    assert dup == 0
    assert got == serial  # same articles (none lost, none twice), 0 failures, all merged, all in stories
    stored = sum(int(out.split("ingested ")[1].split(" ")[0]) for out, _ in outs)
    assert stored == len(serial["articles"])  # each article stored by exactly one of the processes


def test_ingest_on_dask_workers_into_postgresql(make_db, backend, pipeline):
    """``wirewatch ingest SOURCES --workers 2 --db postgresql://...``: extraction on 2 Dask worker
    processes, results stored by the client as they finish. Same articles and events as a serial
    run, none lost or stored twice, no failure."""
    if backend != "postgresql":
        pytest.skip("Dask into SQLite is tests/test_scale.py; this is the PostgreSQL run")
    serial_db, dask_db = make_db("serial"), make_db("dask")
    with Store(serial_db) as store:
        ingest(SOURCES, store, pipeline=pipeline)
        serial = _state(store)
        serial_events = _events(store)
    env = dict(os.environ, WIREWATCH_CACHE=os.environ["WIREWATCH_CACHE"])
    proc = subprocess.run([sys.executable, "-m", "wirewatch.cli", "ingest", "--db", dask_db, "--workers", "2",
                           "--no-progress", *SOURCES], env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "FAILED" not in proc.stderr
    with Store(dask_db) as store:
        got, got_events = _state(store), _events(store)
        dup = store.conn.execute("SELECT COUNT(*) FROM (SELECT content_hash FROM articles GROUP BY content_hash"
                                 " HAVING COUNT(*) > 1) d").fetchone()[0]
    assert dup == 0 and got["failures"] == 0
    assert got == serial  # same articles, 0 failures, every event merged, every article in a story
    assert serial_events and got_events == serial_events


def _events(store: Store) -> list[tuple]:
    """Every stored event by its article id and position, with the fields extraction decides."""
    return sorted(tuple(r) for r in store.conn.execute(
        "SELECT a.id, e.idx, e.type, e.modality, e.date, e.actor_name, e.recipient_name, e.location_name"
        " FROM events e JOIN articles a ON a.pk = e.article_pk"))
