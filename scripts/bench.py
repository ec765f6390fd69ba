#!/usr/bin/env python
"""Throughput of wirewatch's extraction path against bare spaCy on the same texts, in one process.

    .venv/bin/python scripts/bench.py [CORPUS] [--n 20] [--batch-size 32] [--rounds 3] [--json]
    .venv/bin/python scripts/bench.py --n 5 --compare-classifier OTHER.joblib   # shipped vs OTHER, alternated

CORPUS is a JSONL file (one ``{"text": ...}`` per line) or a directory of ``.txt`` files; without it
the texts are gathered from tests/fixtures (so the benchmark needs nothing outside the repo). ``--n``
repeats the texts to get a measurable volume. Both paths use the same loaded spaCy model:

* bare:     ``nlp.pipe(texts)`` consumed;
* wirewatch: ``Pipeline.extract_many(rows)`` with each result serialised as ``extract --jsonl`` does.

Each path runs ``--rounds`` times, alternating, and the best round counts. Rates and the ratio are
per CPU second of this process (``time.process_time``), which other jobs competing for the cores
disturb far less than wall time; wall time is printed too. The ratio wirewatch/bare should be at
least 0.60. Peak RSS is the process's high-water mark (``resource.getrusage``) after each path.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Callable, Iterable

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
TARGET_RATIO = 0.60


def _texts_from_json(value) -> Iterable[str]:
    """Every string under a ``"text"`` key, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                yield item
            else:
                yield from _texts_from_json(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts_from_json(item)


def _texts_of_file(path: Path) -> list[str]:
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".txt":
        return [raw]
    if path.suffix == ".jsonl":
        return [t for line in raw.splitlines() if line.strip() for t in _texts_from_json(json.loads(line))]
    if path.suffix == ".json":
        return list(_texts_from_json(json.loads(raw)))
    if path.suffix == ".tsv":  # id <TAB> text <TAB> ... with a header row
        return [cols[1] for cols in (line.split("\t") for line in raw.splitlines()[1:]) if len(cols) > 1]
    return []


def default_texts(root: Path = REPO / "tests" / "fixtures") -> list[str]:
    """Texts of the test fixtures (txt, jsonl/json ``text`` fields, tsv snippets), longest first."""
    texts: list[str] = []
    for path in sorted(root.rglob("*")):
        if path.is_file():
            try:
                texts += _texts_of_file(path)
            except (ValueError, UnicodeError):
                continue  # a fixture that is deliberately malformed
    texts = [t for t in texts if len(t.split()) >= 5]
    return sorted(set(texts), key=lambda t: (-len(t), t))


def load_texts(corpus: str | None) -> list[str]:
    if corpus is None:
        return default_texts()
    path = Path(corpus)
    if path.is_dir():
        return [p.read_text(encoding="utf-8", errors="replace") for p in sorted(path.rglob("*.txt"))]
    return _texts_of_file(path)


def peak_rss_mb() -> float:
    """High-water resident set size of this process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def timed(fn: Callable[[], int]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) spent in ``fn``."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def bench(texts: list[str], batch_size: int = 32, rounds: int = 3, model: str | None = None,
          pipeline=None) -> dict:
    """Time both paths on ``texts``; ``pipeline`` defaults to ``wirewatch.pipeline.Pipeline(model)``."""
    if pipeline is None:
        from wirewatch.pipeline import Pipeline
        pipeline = Pipeline(model)
    nlp = pipeline.nlp
    rows = [{"id": str(i), "text": t} for i, t in enumerate(texts)]

    def bare() -> int:
        return sum(1 for _ in nlp.pipe(texts, batch_size=batch_size))

    def wirewatch() -> int:
        return sum(1 for x in pipeline.extract_many(rows, batch_size=batch_size)
                   if json.dumps(x.to_dict(), ensure_ascii=False))

    warm = rows[: min(len(rows), 8)]
    list(nlp.pipe([r["text"] for r in warm]))
    list(pipeline.extract_many(warm))  # lazy tables (gazetteers, lexicons) load here, not in the timing
    best = {name: {"wall": float("inf"), "cpu": float("inf")} for name in ("bare", "wirewatch")}
    rss = {}
    for _ in range(rounds):
        for name, fn in (("bare", bare), ("wirewatch", wirewatch)):
            wall, cpu = timed(fn)
            best[name] = {"wall": min(best[name]["wall"], wall), "cpu": min(best[name]["cpu"], cpu)}
            rss[name] = round(peak_rss_mb(), 1)
    words = sum(len(t.split()) for t in texts)
    out = {"docs": len(texts), "words": words, "batch_size": batch_size, "rounds": rounds,
           "model": nlp.meta.get("name"), "cpus": os.cpu_count()}
    for name, t in best.items():
        cpu = max(t["cpu"], 1e-9)
        out[name] = {"cpu_s": round(t["cpu"], 6), "wall_s": round(t["wall"], 6),
                     "docs_per_s": round(len(texts) / cpu, 1), "words_per_s": round(words / cpu, 1),
                     "docs_per_wall_s": round(len(texts) / max(t["wall"], 1e-9), 1),
                     "peak_rss_mb_after": rss[name]}
    out["ratio"] = round(best["bare"]["cpu"] / max(best["wirewatch"]["cpu"], 1e-9), 3)
    out["ratio_wall"] = round(best["bare"]["wall"] / max(best["wirewatch"]["wall"], 1e-9), 3)
    out["target_ratio"] = TARGET_RATIO
    out["meets_target"] = out["ratio"] >= TARGET_RATIO
    return out


def compare_classifiers(texts: list[str], other: str, batch_size: int = 32, rounds: int = 3,
                        model: str | None = None) -> dict:
    """The shipped event classifier and the artefact ``other`` in the same process, each timed against
    bare spaCy, twice in alternation (a loaded machine drifts between runs). Load time and the resident
    memory (RSS) the artefact adds are measured when it is first loaded."""
    import psutil

    from wirewatch import classify, refine
    from wirewatch.pipeline import Pipeline

    pipeline = Pipeline(model)
    proc = psutil.Process()
    loaded, out = {}, {}
    for name, path in (("shipped", classify.MODEL_PATH), ("other", other)):
        rss, t0 = proc.memory_info().rss, time.perf_counter()
        clf = classify.EventClassifier.load(path)
        clf.predict(["Warm-up sentence about shelling near the town."])  # lazy tables (word vectors)
        loaded[name] = clf
        out[f"{name} load"] = {"load_s": round(time.perf_counter() - t0, 2),
                               "rss_added_mb": round((proc.memory_info().rss - rss) / 2**20, 1)}
    for turn in range(2):
        for name in ("shipped", "other"):
            refine._classifier = lambda clf=loaded[name]: clf
            out[f"{name} run {turn + 1}"] = bench(texts, batch_size, rounds, pipeline=pipeline)
    return out


def format_result(result: dict) -> str:
    if "load_s" in result:
        return f"  load {result['load_s']:.2f} s, RSS added {result['rss_added_mb']:.0f} MB"
    lines = [f"{result['docs']} docs, {result['words']} words, batch {result['batch_size']}, "
             f"best of {result['rounds']} rounds, model {result['model']} (rates per CPU second)"]
    for name in ("bare", "wirewatch"):
        r = result[name]
        lines.append(f"  {name:<10} {r['cpu_s']:8.2f} s CPU {r['wall_s']:8.2f} s wall  {r['docs_per_s']:9.1f} docs/s  "
                     f"{r['words_per_s']:10.0f} words/s  peak RSS {r['peak_rss_mb_after']:.0f} MB")
    verdict = "meets" if result["meets_target"] else "BELOW"
    lines.append(f"  ratio wirewatch/bare = {result['ratio']:.2f} CPU, {result['ratio_wall']:.2f} wall "
                 f"({verdict} target {result['target_ratio']:.2f})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=None, help="JSONL file or directory of .txt")
    parser.add_argument("--n", type=int, default=20, help="repeat the texts this many times")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", default=None, help="spaCy model (default: wirewatch's)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--compare-classifier", metavar="JOBLIB", default=None,
                        help="also run with this event-classifier artefact, alternating with the shipped one")
    args = parser.parse_args(argv)
    texts = load_texts(args.corpus)
    if not texts:
        parser.error("no texts found")
    if args.compare_classifier:
        results = compare_classifiers(texts * max(1, args.n), args.compare_classifier, args.batch_size,
                                      max(1, args.rounds), args.model)
        for name, result in results.items():
            print(json.dumps(result, indent=2) if args.json else f"[{name}]\n{format_result(result)}")
        return 0
    result = bench(texts * max(1, args.n), args.batch_size, max(1, args.rounds), args.model)
    print(json.dumps(result, indent=2) if args.json else format_result(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
