"""Killing an ingest midway (SIGKILL, no cleanup) and re-running it completes the batch without duplicates."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

TOWNS = ["Kharkiv", "Odesa", "Kherson", "Mykolaiv", "Zaporizhzhia", "Dnipro", "Sumy", "Poltava"]


def _write_corpus(folder: Path, n: int) -> None:
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        (folder / f"a{i:03d}.txt").write_text(
            f"Report {i}: Russian forces shelled {town} on Monday, killing {i % 5 + 1} civilians, "
            f"officials said. Ukraine's army said it repelled {i + 2} attacks near the town.\n"
            f"Residents of district {i} were evacuated.\n", encoding="utf-8")


def _count(db: Path) -> tuple[int, int, int]:
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT COUNT(*), COUNT(DISTINCT content_hash), (SELECT COUNT(*) FROM events)"
                           " FROM articles").fetchone()
    finally:
        con.close()


def test_sigkill_midway_then_rerun_completes_without_duplicates(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    n = 120
    _write_corpus(corpus, n)
    db = tmp_path / "ww.db"
    cmd = [sys.executable, "-m", "wirewatch.cli", "ingest", str(corpus), "--db", str(db),
           "--published", "2025-10-14", "--no-progress", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    killed_at = None
    while time.time() < deadline and proc.poll() is None:
        if db.exists():
            try:
                stored = _count(db)[0]
            except sqlite3.OperationalError:
                stored = 0
            if stored >= 1:
                os.kill(proc.pid, signal.SIGKILL)
                killed_at = stored
                break
        time.sleep(0.05)
    proc.wait(timeout=30)
    assert killed_at is not None, "ingest finished before it could be killed; make the corpus larger"
    partial = _count(db)
    assert partial[0] < n, "the kill came too late to test recovery"
    assert partial[0] == partial[1]

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    total, distinct, events = _count(db)
    assert (total, distinct) == (n, n)
    assert events > 0
    con = sqlite3.connect(db)
    orphans = con.execute("SELECT COUNT(*) FROM events WHERE article_pk NOT IN (SELECT pk FROM articles)").fetchone()[0]
    assert orphans == 0
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert "ingested 0 new" in again.stdout and _count(db)[:2] == (n, n)
