"""Probe: invented headline / bulletin items (tests/fixtures/headlines/headlines.tsv, ``TYPE<TAB>headline``, written
by helper "headline" in session 8, no gold text) through the pipeline; prints each item's events and how many
have the expected PLOVER type as their most confident event, a wrong type, or no event.

    PYTHONPATH=. .venv/bin/python scripts/probe_headlines.py [FILE] [--suffix .]

``--suffix .`` appends a full stop to every item (the same items as bulletin sentences)."""
import argparse
from pathlib import Path

from wirewatch.pipeline import Pipeline

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "headlines" / "headlines.tsv"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default=str(DEFAULT))
    ap.add_argument("--suffix", default="")
    a = ap.parse_args()
    p = Pipeline()
    counts = {"ok": 0, "wrong": 0, "miss": 0}
    for line in Path(a.file).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        gold, text = line.split("\t", 1)
        evs = sorted(p.extract(text + a.suffix, published="2026-03-10").events, key=lambda e: -e.confidence)
        flag = "miss" if not evs else "ok" if evs[0].type == gold else "wrong"
        counts[flag] += 1
        print(f"{flag:5} {gold:9} | {text} | " + "; ".join(
            f"{e.type}/{e.trigger.text}/{e.modality}/{e.acled_sub_event_type}/{e.confidence:.2f}" for e in evs))
    print(" ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
