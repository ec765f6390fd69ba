"""Do short POST /api/ingest requests wait for a long one? (issue 10 item 6, the API half)

Starts ``wirewatch serve`` (real NLP) on a fresh database on a free 127.0.0.1 port, loads the model
with one short POST, then POSTs one long invented article and, one second later, ``--short`` short
ones one after another. Prints when each finished, counted from the long POST's start, and the load
average. ``--src DIR`` runs the server from another source tree (e.g. an older commit exported with
``git archive``) with this venv, for a before/after comparison on the same machine.

    .venv/bin/python scripts/bench_ingest_concurrency.py --chars 50000
"""
from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
TOWNS = ["Kharkiv", "Odesa", "Dnipro", "Sumy", "Kherson", "Poltava", "Lviv", "Mykolaiv"]
VERBS = ["shelled", "attacked", "bombed", "struck", "raided"]
FILLER = ("officials said repairs to roads and power lines would continue while families waited for "
          "news and volunteers delivered food water and blankets to shelters near the station").split()


def invented_text(chars: int, seed: int) -> str:
    """Newswire-like invented sentences (no real text) until ``chars`` characters."""
    rng, parts, size = random.Random(seed), [], 0
    while size < chars:
        s = (f"Forces {rng.choice(VERBS)} {rng.choice(TOWNS)} on Monday, killing {rng.randint(2, 9)} people, "
             f"{' '.join(rng.choice(FILLER) for _ in range(12))}.")
        parts.append(s)
        size += len(s) + 1
    return " ".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=50_000, help="length of the long article")
    ap.add_argument("--short", type=int, default=3, help="short POSTs sent while the long one runs")
    ap.add_argument("--src", default=str(ROOT), help="source tree the server runs from")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="ww-bench-ingest-"))
    db = tmp / "bench.db"
    env = {**os.environ, "PYTHONPATH": args.src, "WIREWATCH_TOKEN": "bench"}
    subprocess.run([sys.executable, "-c", "import sys; from wirewatch.store import Store; Store(sys.argv[1]).close()",
                    str(db)], env=env, check=True, cwd=tmp)  # cwd: `python -c` puts it first on sys.path
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-c", "from wirewatch.commands.serve import command; command()",
                             "--db", str(db), "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp)
    url, auth = f"http://127.0.0.1:{port}", {"Authorization": "Bearer bench"}
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(url + "/api/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                sys.exit("server did not start")
            time.sleep(0.3)
        t = time.monotonic()
        httpx.post(url + "/api/ingest", json={"text": invented_text(400, 0), "id": "warm"}, headers=auth, timeout=600)
        print(f"load average before: {os.getloadavg()[0]:.2f}; model load + first short POST: "
              f"{time.monotonic() - t:.1f} s; server from {args.src}")
        done: dict[str, float] = {}
        start = time.monotonic()

        def post(name: str, text: str) -> None:
            r = httpx.post(url + "/api/ingest", json={"text": text, "id": name}, headers=auth, timeout=1800)
            done[name] = time.monotonic() - start
            assert r.status_code == 200, (name, r.status_code, r.text[:200])

        long_post = threading.Thread(target=post, args=("long", invented_text(args.chars, 1)))
        long_post.start()
        time.sleep(1.0)
        for n in range(args.short):
            post(f"short-{n}", invented_text(400, 100 + n))
        long_post.join()
        order = sorted(done, key=done.get)
        for name in order:
            print(f"  {name:8} finished at {done[name]:7.1f} s")
        shorts = [done[f"short-{n}"] for n in range(args.short)]
        print(f"long article: {args.chars} chars; last short POST done at {max(shorts):.1f} s, long at "
              f"{done['long']:.1f} s; shorts finished before the long one: {max(shorts) < done['long']}; "
              f"load average after: {os.getloadavg()[0]:.2f}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
