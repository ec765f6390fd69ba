"""Throughput of extraction in-process vs on N Dask worker processes, same texts, one run.

    .venv/bin/python scripts/bench_scale.py [CORPUS.jsonl] [--workers 2] [--n 20]

Without a corpus, texts are built from tests/fixtures/articles. Prints docs/s and the speed-up ratio.
"""
import argparse
import json
import time
from pathlib import Path


def corpus(path, n):
    if path:
        rows = [json.loads(l) for l in Path(path).read_text(encoding="utf-8").splitlines() if l.strip()]
    else:
        rows = [{"id": p.stem, "text": p.read_text(encoding="utf-8"), "published": "2025-10-14"}
                for p in sorted((Path(__file__).parent.parent / "tests" / "fixtures" / "articles").glob("*.txt"))]
    return [dict(r, id=f"{r['id']}-{i}") for i in range(n) for r in rows]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--n", type=int, default=40)
    a = ap.parse_args()
    rows = corpus(a.corpus, a.n)
    from wirewatch.pipeline import Pipeline
    from wirewatch.scale import extract_parallel
    p = Pipeline()
    list(p.extract_many(rows[:5]))  # warm up
    t = time.perf_counter()
    serial = [r.to_dict() for r in p.extract_many(rows)]
    t_serial = time.perf_counter() - t
    t = time.perf_counter()
    parallel = list(extract_parallel(rows, workers=a.workers))
    t_parallel = time.perf_counter() - t
    assert [r["id"] for r in parallel] == [r["id"] for r in serial]
    print(f"{len(rows)} docs; in-process {len(rows) / t_serial:.1f} docs/s; "
          f"dask x{a.workers} {len(rows) / t_parallel:.1f} docs/s (incl. cluster start-up); "
          f"speed-up {t_serial / t_parallel:.2f}")


if __name__ == "__main__":
    main()
